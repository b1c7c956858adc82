"""Every instructor notebook runs top to bottom with all checks passing, and the stored
reference cases are exactly what its solutions produce."""

from __future__ import annotations

import pytest

from autograder import manifest, notebooks
from autograder.compare import Tolerance, difference
from autograder.lab import SKIPPED
from autograder.serialize import read

IDS = [a.id for a in manifest.assignments()]


@pytest.mark.parametrize("assignment_id", IDS)
def test_source_notebook_runs_clean(assignment_id, run_of):
    run = run_of(assignment_id)
    for index, cell in enumerate(run.nb.cells):
        err = notebooks.error_of(cell)
        assert err is None, (f"cell {index} of {assignment_id} raised {err['ename']}: {err['evalue']}\n"
                             f"{cell.source[:400]}")
    tests = notebooks.test_cells(run.nb)
    assert len(tests) == len(run.assignment.graded)
    for cell in tests:
        assert notebooks.stderr_of(cell) == "", f"a test cell wrote to stderr: {cell.source}"
        assert notebooks.stdout_of(cell).count("✔") == 2, f"public and hidden checks did not both pass:\n{cell.source}"
    grading = run.nb.cells[-2]  # the notebook's last cell; the run appended one of its own after it
    assert "grade_me()" in grading.source and notebooks.stdout_of(grading).strip() == SKIPPED, grading


@pytest.mark.parametrize("assignment_id", IDS)
def test_references_are_up_to_date(assignment_id, run_of):
    run = run_of(assignment_id)
    assignment = run.assignment
    for visibility in ("public", "hidden"):
        stored = read(assignment.references(visibility))
        fresh = run.refs(visibility)
        assert list(stored["functions"]) == list(fresh["functions"]), "graded functions changed"
        problem = difference(fresh, stored, Tolerance(rtol=1e-9, atol=1e-12), "references")
        assert problem is None, (f"the stored {visibility} references of {assignment_id} are stale "
                                 f"(run `make references`): {problem}")
