"""The learner's lab without a browser: its settings, the grading cell in a kernel, the progress table.

The browser test (tests/test_browser.py) walks the same flow in JupyterLab; these tests pin
each piece down where it is cheaper: the grading cell grades the saved file as the grading
command does and records the result; it never grades while a notebook is being graded;
`progress` reads the recorded results, fast, and never grades.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from test_grade_command import _solution_body

from autograder import lab, manifest, notebooks, results
from autograder.grade import Row
from autograder.notebooks import GRADING_ENV

ASSIGNMENT = "c1w2-numpy-basics"
GROUP_SUFFIX = "-lab"
SOLVED = ("basic_sigmoid", "image2vector")


def _learner_notebook(path: Path) -> None:
    """The release with two functions solved, saved at ``path``."""
    a = manifest.get(ASSIGNMENT)
    source = {notebooks.nbgrader_meta(c).get("grade_id"): c for c in notebooks.read(a.source).cells}
    nb = notebooks.read(a.release)
    for cell in nb.cells:
        if notebooks.nbgrader_meta(cell).get("grade_id") in SOLVED:
            cell.source = _solution_body(source[notebooks.nbgrader_meta(cell)["grade_id"]].source)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def _in_a_kernel(code: str, cwd: Path, env: dict) -> list[dict]:
    """Run ``code`` in a fresh kernel started as JupyterLab starts one (no grading marker)."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    kernel_env = {k: v for k, v in os.environ.items() if k not in (GRADING_ENV, "JPY_SESSION_NAME")}
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    client.execute(env={**kernel_env, **env})
    return nb.cells[0].outputs


def test_the_grading_cell_grades_the_saved_file_as_the_grading_command(tmp_path, monkeypatch):
    workspace, cache = tmp_path / "workspace", tmp_path / "cache"
    monkeypatch.setenv("DLFS_CACHE_DIR", str(cache))  # the kernel's, the command's and this process's
    mine = workspace / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    _learner_notebook(mine)
    before = mine.read_bytes()
    grading_cell = notebooks.read(manifest.get(ASSIGNMENT).release).cells[-1].source
    outputs = _in_a_kernel(grading_cell, mine.parent, {"JPY_SESSION_NAME": str(mine)})
    assert mine.read_bytes() == before, "grading modified the notebook"
    assert [o["output_type"] for o in outputs] == ["display_data"], outputs  # no log lines, no stderr
    text, page = outputs[0]["data"]["text/plain"], outputs[0]["data"]["text/html"]
    assert "unsaved changes are not graded" in text
    assert page.count("<tr>") == 1 + 8 + 1 and page.count(">pass<") == len(SOLVED), page
    assert "sigmoid: not implemented yet" in page

    command = subprocess.run([sys.executable, "-m", "autograder", "grade", str(mine)], capture_output=True,
                             text=True, timeout=600)
    assert command.returncode == 0, command.stderr
    table = command.stdout.split("\n", 1)[1].strip()  # after "grading a copy of ..."
    assert text.split("\n", 1)[1].strip() == table, "the cell's table differs from the command's"
    assert re.search(r"^total\s+2/8", table, re.M), table

    result = results.latest(mine, ASSIGNMENT)
    assert result["sha256"] == hashlib.sha256(before).hexdigest()
    assert [f["name"] for f in result["functions"] if f["score"] == f["max_score"]] == list(SOLVED)
    (line,) = [p for p in results.progress(workspace) if p.assignment.id == ASSIGNMENT]
    assert (line.passed, line.score, line.max_score, line.note) == (2, 2, 8, "")
    nb = notebooks.read(mine)
    nb.cells.append(nbformat.v4.new_code_cell("print('more work')"))
    nbformat.write(nb, str(mine))
    (line,) = [p for p in results.progress(workspace) if p.assignment.id == ASSIGNMENT]
    assert line.note == "changed since graded" and line.score == 2


def test_the_grading_cell_only_prints_a_note_while_a_notebook_is_graded(monkeypatch, capsys, tmp_path):
    mine = tmp_path / f"{ASSIGNMENT}.ipynb"
    _learner_notebook(mine)
    monkeypatch.setenv("JPY_SESSION_NAME", str(mine))
    monkeypatch.setenv(GRADING_ENV, "1")
    monkeypatch.setenv("DLFS_CACHE_DIR", str(tmp_path / "cache"))
    assert lab.grade_me() is None
    assert capsys.readouterr().out.strip() == lab.SKIPPED
    assert not (tmp_path / "cache").exists(), "nothing was graded, nothing recorded"


def test_the_grading_cell_finds_its_notebook_or_asks_for_it(monkeypatch, capsys, tmp_path):
    mine = tmp_path / "folder" / f"{ASSIGNMENT}.ipynb"
    _learner_notebook(mine)
    for variable in (GRADING_ENV, "JPY_SESSION_NAME"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.chdir(mine.parent)
    assert lab.notebook_path() is None
    assert lab.grade_me() is None and "cannot tell which notebook" in capsys.readouterr().out
    monkeypatch.setenv("JPY_SESSION_NAME", str(mine))  # what JupyterLab sets: an absolute path
    assert lab.notebook_path() == mine.resolve()
    monkeypatch.setenv("JPY_SESSION_NAME", f"folder/{mine.name}")  # relative to the server's root
    assert lab.notebook_path() == mine.resolve()
    assert lab.notebook_path(tmp_path / "elsewhere.ipynb") == (tmp_path / "elsewhere.ipynb").resolve()
    assert lab.grade_me(tmp_path / "elsewhere.ipynb") is None
    assert "no such notebook" in capsys.readouterr().out
    stranger = tmp_path / "stranger.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), str(stranger))
    assert lab.grade_me(stranger) is None
    assert "cannot tell which assignment" in capsys.readouterr().out


def _rows(assignment: manifest.Assignment, passing: int) -> list[Row]:
    return [Row(name, 1.0 if i < passing else 0.0, 1.0, "" if i < passing else f"AssertionError: {name} failed\nHint")
            for i, name in enumerate(assignment.graded)]


def test_progress_reads_the_recorded_gradings_fast(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DLFS_CACHE_DIR", str(tmp_path / "cache"))
    workspace = tmp_path / "workspace"
    assignments = manifest.assignments()
    for a in assignments:  # every assignment in the workspace, as `make lab` copies them
        (workspace / a.id).mkdir(parents=True)
        (workspace / a.id / f"{a.id}.ipynb").write_bytes(a.release.read_bytes())
    graded = {assignments[0].id: len(assignments[0].graded), assignments[2].id: 3}
    for assignment_id, passing in graded.items():
        a = manifest.get(assignment_id)
        assert results.record(workspace / a.id / f"{a.id}.ipynb", a, _rows(a, passing), True)
    gone = tmp_path / "scratch" / f"{assignments[1].id}.ipynb"  # graded, then deleted
    gone.parent.mkdir()
    gone.write_text("{}")
    results.record(gone, assignments[1], _rows(assignments[1], 1), True)
    gone.unlink()
    results.record(workspace / assignments[0].id / f"{assignments[0].id}.ipynb", assignments[0],
                           _rows(assignments[0], len(assignments[0].graded)), True)
    assert len(list((tmp_path / "cache" / "results").glob("*.json"))) == 2, "the deleted notebook's result stays"

    tic = time.perf_counter()
    lines = results.progress(workspace)
    seconds = time.perf_counter() - tic
    assert seconds < 1.0, f"progress took {seconds:.2f} s"
    assert [p.assignment.id for p in lines] == [a.id for a in assignments]
    by_id = {p.assignment.id: p for p in lines}
    first, third = by_id[assignments[0].id], by_id[assignments[2].id]
    assert (first.passed, first.score, first.max_score, first.note) == (len(assignments[0].graded),) * 3 + ("",)
    assert (third.passed, third.score, third.max_score) == (3, 3, len(assignments[2].graded))
    assert by_id[assignments[1].id].result is None and by_id[assignments[1].id].note == "not graded yet"

    assert lab.progress(workspace)._repr_html_().count("<tr>") == 1 + len(assignments)
    from autograder.__main__ import main

    assert main(["progress", str(workspace)]) == 0
    out = capsys.readouterr().out
    assert re.search(rf"^ 1  {assignments[0].id}\s+{len(assignments[0].graded)}/\d+\s+\d+/\d+\s+\d{{4}}-", out, re.M), out
    assert re.search(rf"^ 2  {assignments[1].id}\s+-\s+-\s+-\s+not graded yet", out, re.M), out
    assert f"2 of {len(assignments)} assignments graded, 1 with every function passing" in out
    assert main(["progress", str(tmp_path / "nowhere")]) == 2


def test_the_learners_lab_settings_live_in_the_workspace(tmp_path):
    """`make lab` points JUPYTER_CONFIG_DIR at WORKSPACE/.jupyter and writes the learner's
    settings there; the instructor's lab runs in the course root with the environment unchanged."""
    command, env, cwd = lab.lab_command(tmp_path, instructor=False, args=["--no-browser"])
    assert cwd == tmp_path.resolve() and env["JUPYTER_CONFIG_DIR"] == str(tmp_path.resolve() / ".jupyter")
    assert command[:4] == [sys.executable, "-m", "jupyterlab", "--no-browser"]
    config = tmp_path / ".jupyter"
    page = json.loads((config / "labconfig" / "page_config.json").read_text())
    assert set(page["disabledExtensions"]) == set(lab.INSTRUCTOR_PLUGINS)
    assert "@jupyter/nbgrader:validate-assignment" not in page["disabledExtensions"]
    server = json.loads((config / "jupyter_server_config.json").read_text())["ServerApp"]["jpserver_extensions"]
    assert server["nbgrader.server_extensions.formgrader"] is False
    assert server["nbgrader.server_extensions.validate_assignment"] is True
    overrides = json.loads((config / "labconfig" / "default_setting_overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    command, env, cwd = lab.lab_command(tmp_path, instructor=True, args=[])
    assert cwd == manifest.REPO_ROOT and env.get("JUPYTER_CONFIG_DIR") == os.environ.get("JUPYTER_CONFIG_DIR")


@pytest.mark.parametrize("plugin", lab.INSTRUCTOR_PLUGINS)
def test_the_disabled_plugins_exist(plugin):
    """A renamed nbgrader plugin would silently come back: each id is in nbgrader's lab extension."""
    folder = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyter" / "nbgrader" / "static"
    assert any(f'"{plugin}"' in p.read_text(errors="replace") for p in folder.glob("*.js")), plugin
