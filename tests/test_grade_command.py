"""The learner's grading command, `python -m autograder grade NOTEBOOK`, on a solved, a blank
and a half-solved notebook. It must score exactly as nbgrader autograde does (hidden cases
included) and never touch the learner's file."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys

import nbformat
import pytest

from autograder import manifest, notebooks

ASSIGNMENT = "c1w2-numpy-basics"
GROUP_SUFFIX = "-grade"


def grade(path, *extra, env=None):
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade", str(path), *extra],
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before, "the learner's notebook was modified"
    rows, last = {}, None
    for line in proc.stdout.splitlines():
        m = re.match(r"^(\w+)\s+(\d+)/(\d+)\s+(pass|FAIL)\s*(.*)$", line)
        if m:
            last = m.group(1)
            rows[last] = (int(m.group(2)), int(m.group(3)), m.group(4), m.group(5))
        elif last and line.startswith(" ") and line.strip():  # a failure message's next lines
            score, possible, result, message = rows[last]
            rows[last] = (score, possible, result, message + "\n" + line.strip())
        else:
            last = None
    return proc.stdout, rows


def _solution_body(cell_source: str) -> str:
    return "\n".join(line for line in cell_source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))


@pytest.fixture(scope="module")
def assignment():
    return manifest.get(ASSIGNMENT)


def test_solved_notebook_gets_full_marks(assignment, tmp_path):
    path = tmp_path / f"{ASSIGNMENT}.ipynb"
    path.write_bytes(assignment.source.read_bytes())
    out, rows = grade(path)
    assert set(rows) == set(assignment.graded)
    assert all(r[2] == "pass" and r[0] == r[1] for r in rows.values()), out
    assert re.search(r"^total\s+8/8", out, re.M), out


def test_blank_notebook_gets_zero(assignment, tmp_path):
    path = tmp_path / "my copy.ipynb"  # any name: the assignment is recognised from its cells
    path.write_bytes(assignment.release.read_bytes())
    out, rows = grade(path)
    assert set(rows) == set(assignment.graded)
    assert all(r[0] == 0 and "not implemented yet" in r[3] for r in rows.values()), out


def test_half_solved_notebook(assignment, tmp_path):
    """Some functions solved, one hard-coding the public output, one endless, one noisy;
    a cell that never ends is interrupted and the rest is still graded."""
    source = {notebooks.nbgrader_meta(c).get("grade_id"): c for c in notebooks.read(assignment.source).cells}
    nb = notebooks.read(assignment.release)
    solved = {"basic_sigmoid", "image2vector", "L1"}
    replacements = {
        # reproduces the public example only: passes the visible check, fails the hidden one
        "sigmoid": "import numpy as np\ndef sigmoid(x):\n    return np.array([0.73105858, 0.88079708, 0.95257413])",
        # never returns
        "normalize_rows": "def normalize_rows(x):\n    while True:\n        pass",
        # correct, but warns and writes to stderr: must still get its points
        "L2": ("import sys, warnings\nimport numpy as np\ndef L2(yhat, y):\n"
               "    warnings.warn('learner warning', RuntimeWarning)\n"
               "    print('debugging', file=sys.stderr)\n    return np.sum((y - yhat) ** 2)"),
        # correct function, then a top-level loop that never ends: the cell times out
        "softmax": ("import numpy as np\ndef softmax(x):\n    e = np.exp(x)\n"
                    "    return e / e.sum(axis=1, keepdims=True)\nwhile True:\n    pass"),
    }
    for cell in nb.cells:
        grade_id = notebooks.nbgrader_meta(cell).get("grade_id")
        if grade_id in solved:
            cell.source = _solution_body(source[grade_id].source)
        elif grade_id in replacements:
            cell.source = replacements[grade_id]
    path = tmp_path / f"{ASSIGNMENT}.ipynb"
    nbformat.write(nb, str(path))
    out, rows = grade(path, "--timeout", "20", env={"AUTOGRADER_TIME_LIMIT": "2"})
    passed = {name for name, r in rows.items() if r[2] == "pass"}
    assert passed == solved | {"L2", "softmax"}, out
    assert "hidden case" in rows["sigmoid"][3], out
    assert "did not return in time" in rows["normalize_rows"][3], out
    assert "not implemented yet" in rows["sigmoid_derivative"][3], out
    assert re.search(r"^total\s+5/8", out, re.M), out


def test_the_generated_assignment_is_cached_by_checksum(assignment, tmp_path, monkeypatch):
    from autograder import course

    monkeypatch.setenv("DLFS_CACHE_DIR", str(tmp_path / "cache"))
    origin = tmp_path / "instructor.ipynb"
    origin.write_bytes(assignment.source.read_bytes())
    first = course.generated_course(assignment, origin)
    assert (first / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
    assert (first / "gradebook.db").is_file()

    def no_generation(*args, **kwargs):
        raise AssertionError("the cached generation should have been reused")

    with monkeypatch.context() as patched:
        patched.setattr(course.ScratchCourse, "generate", no_generation)
        assert course.generated_course(assignment, origin) == first
    nb = notebooks.read(origin)
    nb.cells.append(nbformat.v4.new_markdown_cell("A changed instructor notebook."))
    nbformat.write(nb, str(origin))
    second = course.generated_course(assignment, origin)
    assert second != first and (second / "gradebook.db").is_file()
    assert not first.exists(), "an older generation of the same assignment is removed"
    assert sorted(p.name for p in (tmp_path / "cache" / "generated").iterdir()) == [second.name]


def test_grading_in_this_process_scores_as_the_nbgrader_command(assignment, tmp_path):
    """The learner's command runs nbgrader's Autograde app in its own process on a cached
    generation; the separate `nbgrader autograde` on a fresh generation gives the same scores
    and the same failure messages."""
    from autograder import course

    nb = notebooks.read(assignment.release)
    source = {notebooks.nbgrader_meta(c).get("grade_id"): c for c in notebooks.read(assignment.source).cells}
    for cell in nb.cells:
        if notebooks.nbgrader_meta(cell).get("grade_id") in {"sigmoid", "L1", "image2vector"}:
            cell.source = _solution_body(source[notebooks.nbgrader_meta(cell)["grade_id"]].source)
        elif notebooks.nbgrader_meta(cell).get("grade_id") == "L2":
            cell.source = "import numpy as np\ndef L2(yhat, y):\n    return np.sum(np.abs(y - yhat))"
    path = tmp_path / f"{ASSIGNMENT}.ipynb"
    nbformat.write(nb, str(path))
    results = []
    for in_process in (True, False):
        scratch = course.ScratchCourse(tmp_path / f"course-{in_process}")
        if in_process:
            scratch.copy_generated(course.generated_course(assignment, assignment.source))
        else:
            scratch.generate(assignment, assignment.source)
        autograded = scratch.autograde(assignment, "learner", path, in_process=in_process)
        results.append((scratch.scores(assignment, "learner"), course.failure_messages(autograded)))
    assert results[0] == results[1]
    scores = results[0][0]
    assert {g for g, (score, top) in scores.items() if score == top} == \
        {"test_sigmoid", "test_L1", "test_image2vector"}, scores
    assert "test_L2" in results[0][1]
