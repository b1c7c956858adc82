"""The nbgrader round trip in a scratch course directory, with nbgrader's own commands."""

from __future__ import annotations

import json

import pytest

from autograder import manifest, notebooks
from autograder.checks import NOT_IMPLEMENTED
from autograder.course import ScratchCourse, failure_messages
from autograder.lab import SKIPPED

IDS = [a.id for a in manifest.assignments()]
GROUP_SUFFIX = "-nbgrader"


@pytest.mark.parametrize("assignment_id", IDS)
def test_round_trip(assignment_id, tmp_path):
    assignment = manifest.get(assignment_id)
    course = ScratchCourse(tmp_path / "course")
    generated = course.generate(assignment)

    # generation reproduces the committed release exactly
    committed = json.loads(assignment.release.read_text())
    assert json.loads(generated.read_text()) == committed, (
        f"release/{assignment_id} differs from a fresh `nbgrader generate_assignment`: run `make release`")

    # the instructor notebook scores full marks, hidden tests included
    course.autograde(assignment, "instructor", assignment.source)
    scores = course.scores(assignment, "instructor")
    test_ids = [f"test_{name}" for name in assignment.graded]
    assert set(test_ids) <= set(scores)
    assert all(scores[g][0] == scores[g][1] > 0 for g in test_ids), scores

    # the blank release scores zero, every graded cell failing with the not-implemented message
    autograded = course.autograde(assignment, "blank", assignment.release)
    scores = course.scores(assignment, "blank")
    assert all(scores[g][0] == 0 for g in test_ids), scores
    messages = failure_messages(autograded)
    for g in test_ids:
        assert NOT_IMPLEMENTED in messages.get(g, ""), f"{g}: {messages.get(g)!r}"
    # ... and the hidden tests were restored by nbgrader in the graded copy
    graded = notebooks.read(autograded)
    assert all("hidden=True" in c.source for c in notebooks.test_cells(graded))
    # ... and its grading cell did not grade again inside the grading: it printed its note
    assert notebooks.stdout_of(graded.cells[-1]).strip() == SKIPPED, graded.cells[-1]
