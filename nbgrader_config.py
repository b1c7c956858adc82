"""nbgrader settings of the course. Run nbgrader commands from the repository root:

    nbgrader generate_assignment c1w2-logistic-regression --force
    nbgrader autograde c1w2-logistic-regression
    nbgrader generate_feedback c1w2-logistic-regression
    nbgrader export
"""

c = get_config()  # noqa: F821 -- provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "deep-learning-from-scratch"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"

# Release notebooks are generated into the committed release/ folder; an assignment is
# added to the gradebook the first time it is generated.
c.GenerateAssignment.create_assignment = True

# What replaces the instructor solution in the learner's copy.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Every notebook runs in well under a minute; a cell that takes longer than this is
# stuck (an endless loop in learner code): it is interrupted, scored zero, and the
# remaining cells are still executed and graded.
c.Execute.timeout = 180
c.Execute.interrupt_on_timeout = True
c.Execute.allow_errors = True

# Students are added to the gradebook when their first submission is autograded.
c.Autograde.create_student = True

# Grading with the learner's code untrusted (course/GRADING.md): test cells deleted, moved
# or duplicated are restored from the instructor notebook, and each test cell's verdict is
# reached outside the learner's kernel, which runs behind an audit hook and never sees the
# expected outputs. A kernel that dies costs only the tests that had not run yet.
from nbconvert.preprocessors import ClearMetadataPreprocessor  # noqa: E402
from nbgrader.preprocessors import (  # noqa: E402
    AssignLatePenalties,
    CheckCellMetadata,
    ClearOutput,
    DeduplicateIds,
    IgnorePattern,
    LimitOutput,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
)

from autograder.isolation import GradeExecute, RestoreCells  # noqa: E402

c.Autograde.sanitize_preprocessors = [ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells,
                                      RestoreCells, CheckCellMetadata]
c.Autograde.autograde_preprocessors = [GradeExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                       SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
