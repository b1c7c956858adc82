"""The manifest, source/, release/, references and notebooks agree, and follow the conventions."""

from __future__ import annotations

import importlib
import json
import re

import pytest

from autograder import manifest, notebooks

IDS = [a.id for a in manifest.assignments()]


def test_manifest_matches_source_and_release():
    on_disk = {p.parent.name for p in manifest.SOURCE_DIR.glob("*/*.ipynb")}
    assert on_disk == set(IDS), "course/assignments.toml and source/ disagree"
    released = {p.parent.name for p in manifest.RELEASE_DIR.glob("*/*.ipynb")}
    assert released == set(IDS), "course/assignments.toml and release/ disagree"
    assert len(IDS) == len(set(IDS))


@pytest.mark.parametrize("assignment_id", IDS)
def test_cases_and_references_cover_the_graded_functions(assignment_id):
    a = manifest.get(assignment_id)
    specs = importlib.import_module(f"autograder.cases.{a.module_name}").SPECS
    assert list(specs) == list(a.graded)
    for name, spec in specs.items():
        assert spec.public and spec.hidden, f"{name} needs public and hidden cases"
    for visibility in ("public", "hidden"):
        assert a.references(visibility).exists(), f"missing {a.references(visibility)}: run `make references`"


@pytest.mark.parametrize("assignment_id", IDS)
@pytest.mark.parametrize("kind", ["source", "release"])
def test_notebook_conventions(assignment_id, kind):
    a = manifest.get(assignment_id)
    nb = notebooks.read(getattr(a, kind))
    solutions, tests = [], []
    for cell in nb.cells:
        meta = notebooks.nbgrader_meta(cell)
        if cell.cell_type == "code":
            assert not cell.get("outputs") and cell.get("execution_count") is None, "outputs not stripped"
        if cell.cell_type == "markdown":
            assert meta.get("locked"), f"markdown cell not locked: {cell.source[:60]!r}"
        if notebooks.is_solution_cell(cell):
            solutions.append(meta["grade_id"])
            assert re.search(rf"def {meta['grade_id']}\(", cell.source), meta["grade_id"]
        if notebooks.is_test_cell(cell):
            tests.append(meta["grade_id"])
            assert meta.get("locked") and meta.get("points", 0) > 0
            name = meta["grade_id"].removeprefix("test_")
            visible = cell.source.split("### BEGIN HIDDEN TESTS")[0].strip()
            assert visible == f'check("{name}", {name})', f"test cell must be one line: {visible!r}"
            if kind == "source":
                assert f'check("{name}", {name}, hidden=True)' in cell.source
            else:
                assert "hidden=True" not in cell.source and "BEGIN SOLUTION" not in cell.source
    assert solutions == list(a.graded), "solution cells (grade_id = function name) must follow the manifest"
    assert tests == [f"test_{n}" for n in a.graded]
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert f'load_checks("{assignment_id}")' in first_code.source


GRADING_CELL = "from autograder import grade_me\n\ngrade_me()"


@pytest.mark.parametrize("assignment_id", IDS)
@pytest.mark.parametrize("kind", ["source", "release"])
def test_every_notebook_ends_with_the_grading_cell(assignment_id, kind):
    """The learner grades the saved notebook from its last cell (autograder.lab.grade_me): a locked
    cell worth no points, after prose that says unsaved changes are not graded."""
    cells = notebooks.read(getattr(manifest.get(assignment_id), kind)).cells
    prose, cell = cells[-2], cells[-1]
    assert cell.cell_type == "code" and cell.get("id") == "grade-me", "the last cell must be the grading cell"
    assert cell.source.endswith(GRADING_CELL) and "unsaved changes are not graded" in cell.source
    meta = notebooks.nbgrader_meta(cell)
    assert meta["grade_id"] == "grade-me" and meta["locked"] and not meta["grade"] and not meta.get("points")
    assert not notebooks.is_test_cell(cell) and not notebooks.is_solution_cell(cell)
    assert prose.cell_type == "markdown" and "Changes you have not saved are not graded" in prose.source
    assert sum("grade_me" in c.source for c in cells) == 1


@pytest.mark.parametrize("assignment_id", IDS)
def test_release_cells_have_unique_ids_and_grade_ids(assignment_id):
    """`--update` matches a learner's cells to the new release's by grade_id, or by cell id."""
    cells = json.loads(manifest.get(assignment_id).release.read_text(encoding="utf-8"))["cells"]
    ids = [c.get("id") for c in cells]
    assert all(ids) and len(set(ids)) == len(ids), "every cell needs an id of its own"
    grade_ids = [c["metadata"]["nbgrader"]["grade_id"] for c in cells if "nbgrader" in c.get("metadata", {})]
    assert len(set(grade_ids)) == len(grade_ids)
