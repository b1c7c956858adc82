"""`make lab`: the learner workspace is filled from release/ without overwriting, and
JupyterLab serves it. `--update`: a notebook with a newer release is rebuilt from it, and
nothing the learner wrote is lost."""

from __future__ import annotations

import copy
import datetime
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import nbformat
import pytest

from autograder import manifest, notebooks
from autograder import workspace as workspace_module
from autograder.__main__ import main
from autograder.course import sync_workspace
from autograder.workspace import META_KEY, ORPHANS_HEADING, merge, update_notebook


def test_workspace_copies_new_notebooks_and_keeps_the_learners_work(tmp_path, capsys):
    workspace = tmp_path / "workspace"
    sync_workspace(workspace)
    ids = [a.id for a in manifest.assignments()]
    for assignment_id in ids:
        assert (workspace / assignment_id / f"{assignment_id}.ipynb").exists()
    first = manifest.assignments()[0]
    mine = workspace / first.id / f"{first.id}.ipynb"
    mine.write_text("my work")
    removed = manifest.assignments()[-1]
    (workspace / removed.id / f"{removed.id}.ipynb").unlink()
    capsys.readouterr()
    sync_workspace(workspace)
    assert mine.read_text() == "my work"
    assert (workspace / removed.id / f"{removed.id}.ipynb").exists()
    assert capsys.readouterr().out.strip() == f"added {workspace / removed.id / f'{removed.id}.ipynb'}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_jupyterlab_serves_the_workspace(tmp_path):
    """`make lab`'s command: JupyterLab in the workspace with the learner's settings, in which
    nbgrader's formgrader is off and its student's validation is on (tests/test_browser.py sees it)."""
    workspace = tmp_path / "workspace"
    sync_workspace(workspace)
    port, token = _free_port(), "dlfs-test"
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "autograder", "lab", str(workspace), "--no-browser", f"--port={port}",
         "--ip=127.0.0.1", f"--IdentityProvider.token={token}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**env, "HOME": str(tmp_path)})
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 90
        listing = None
        while time.time() < deadline and listing is None:
            try:
                with urllib.request.urlopen(f"{base}/api/contents?token={token}", timeout=5) as r:
                    listing = json.load(r)
            except OSError:
                time.sleep(0.5)
        assert listing is not None, "JupyterLab did not answer"
        names = {item["name"] for item in listing["content"]}
        assert names == {a.id for a in manifest.assignments()}
        with urllib.request.urlopen(f"{base}/lab?token={token}", timeout=10) as r:
            page = r.read().decode()
            assert r.status == 200 and "JupyterLab" in page
        config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                      page, re.S).group(1))
        assert "@jupyter/nbgrader:formgrader" in config["disabledExtensions"], config["disabledExtensions"]
        assert config["news"] == {"disabled": True}
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/formgrader?token={token}", timeout=10)
        assert missing.value.code == 404, "the instructor's formgrader is served in the learner's lab"
        with pytest.raises(urllib.error.HTTPError) as validate:  # served, and wants a POST with a path
            urllib.request.urlopen(f"{base}/assignments/validate?token={token}", timeout=10)
        assert validate.value.code == 405, validate.value.code
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# --- updating a notebook to a newer release ------------------------------------------------

ID = "c1w2-numpy-basics"   # a real assignment id; its release folder is replaced by synthetic notebooks


def _meta(grade_id, *, solution=False, grade=False, locked=True, points=None, cell_type="code"):
    meta = {"grade_id": grade_id, "solution": solution, "grade": grade, "locked": locked,
            "schema_version": 3, "task": False, "cell_type": cell_type, "checksum": f"sum-{grade_id}"}
    if points:
        meta["points"] = points
    return {"nbgrader": meta}


def md(grade_id, text):
    return nbformat.v4.new_markdown_cell(text, id=grade_id, metadata=_meta(grade_id, cell_type="markdown"))


def setup_cell(grade_id, src):
    return nbformat.v4.new_code_cell(src, id=grade_id, metadata=_meta(grade_id))


def solution(name, body="    # YOUR CODE HERE\n    raise NotImplementedError()", doc="Compute it."):
    src = f'def {name}(x):\n    """{doc}"""\n{body}\n    return y'
    return nbformat.v4.new_code_cell(src, id=f"solution-{name}", metadata=_meta(name, solution=True, locked=False))


def check_cell(name, src=None):
    return nbformat.v4.new_code_cell(src or f'check("{name}", {name})', id=f"test-{name}",
                                     metadata=_meta(f"test_{name}", grade=True, points=1))


def free(cell_id, src):
    return nbformat.v4.new_code_cell(src, id=cell_id)


def notebook(cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    nb.cells = cells
    return nb


def release_v1():
    return notebook([
        md("md-1", "# A synthetic assignment"), setup_cell("setup-1", "import numpy as np"),
        md("md-2", "## 1. f\n\nWrite f."), solution("f"), free("code-1", 'preview("f", f)'), check_cell("f"),
        md("md-3", "## 2. g"), solution("g"), check_cell("g"), free("code-2", "print(g(1))"),
        md("md-4", "## 3. h"), solution("h"), check_cell("h"),
        md("md-5", "## What to remember"),
    ])


def release_v2():
    """v1 with: md-2 reworded, f's starting code changed, f's test changed, g renamed g_new,
    h removed, the demonstration cell code-2 changed, a new exercise k."""
    return notebook([
        md("md-1", "# A synthetic assignment"), setup_cell("setup-1", "import numpy as np"),
        md("md-2", "## 1. f\n\nWrite f, vectorised."), solution("f", doc="Compute it, vectorised."),
        free("code-1", 'preview("f", f)'),
        check_cell("f", 'check("f", f)\n### BEGIN HIDDEN TESTS\ncheck("f", f, hidden=True)\n### END HIDDEN TESTS'),
        md("md-3", "## 2. g"), solution("g_new"), check_cell("g_new"), free("code-2", "print(g_new(1))\nprint('new')"),
        md("md-6", "## 3. k"), solution("k"), check_cell("k"),
        md("md-5", "## What to remember"),
    ])


def _stream(text):
    return [nbformat.v4.new_output("stream", name="stdout", text=text)]


def learner_copy(v1):
    """The learner's work on v1: answers (with outputs), own cells, edits to a demonstration
    cell, to a locked markdown cell and to a test cell, a duplicated solution cell."""
    nb = nbformat.from_dict(copy.deepcopy(v1))
    by_id = {c.id: c for c in nb.cells}
    answers = {"f": "    y = 2 * x  # my f", "g": "    y = x + 1  # my g", "h": "    y = x ** 2  # my h"}
    for name, body in answers.items():
        cell = by_id[f"solution-{name}"]
        cell.source = cell.source.replace("    # YOUR CODE HERE\n    raise NotImplementedError()", body)
    by_id["solution-f"].outputs, by_id["solution-f"].execution_count = _stream("f defined\n"), 2
    by_id["code-1"].outputs, by_id["code-1"].execution_count = _stream("f(1) = 2\n"), 3
    by_id["code-2"].source = "print(g(1), 'my demo')"
    by_id["code-2"].outputs, by_id["code-2"].execution_count = _stream("2 my demo\n"), 5
    by_id["md-3"].source = "## 2. g\n\nMy note in the course's text."
    by_id["test-f"].source = "pass  # the learner emptied the test"
    mine = [
        (0, nbformat.v4.new_markdown_cell("My notes on this notebook", id="mine-top")),
        ("md-2", nbformat.v4.new_markdown_cell("f doubles its input", id="mine-after-md2")),
        ("solution-f", nbformat.v4.new_code_cell("print(f(3))", id="mine-after-f",
                                                 outputs=_stream("6\n"), execution_count=4)),
        ("mine-after-f", nbformat.v4.new_code_cell("f_plot = [f(i) for i in range(3)]", id="mine-after-f-2")),
        ("solution-h", nbformat.v4.new_code_cell("print(h(2))  # tries my h", id="mine-after-h")),
        ("md-5", nbformat.v4.new_markdown_cell("The end, my summary", id="mine-end")),
    ]
    for where, cell in mine:
        at = 0 if where == 0 else [c.id for c in nb.cells].index(where) + 1
        nb.cells.insert(at, cell)
    twin = copy.deepcopy(by_id["solution-g"])
    twin.id, twin.source = "g-twin", twin.source.replace("# my g", "# my second try at g")
    nb.cells.insert([c.id for c in nb.cells].index("test-g") + 1, twin)
    return nb


def _learner_sources(mine, v1):
    """Every source the learner wrote: cells not in v1, or changed from v1; test cells excepted."""
    v1_sources = {c.id: c.source for c in v1.cells}
    return [c.source for c in mine.cells
            if v1_sources.get(c.id) != c.source and not notebooks.is_test_cell(c)]


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A release folder holding one synthetic notebook under a real assignment id."""
    release_dir = tmp_path / "release"
    (release_dir / ID).mkdir(parents=True)
    monkeypatch.setattr(manifest, "RELEASE_DIR", release_dir)

    def publish(nb):
        nbformat.write(nb, str(release_dir / ID / f"{ID}.ipynb"))
    return publish


def _cells(path):
    return notebooks.read(path).cells


def test_update_keeps_everything_the_learner_wrote(tmp_path, course, capsys):
    workspace = tmp_path / "workspace"
    v1, v2 = release_v1(), release_v2()
    course(v1)
    sync_workspace(workspace)
    path = workspace / ID / f"{ID}.ipynb"
    mine = learner_copy(v1)
    nbformat.write(mine, str(path))
    before = path.read_bytes()

    course(v2)
    capsys.readouterr()
    main(["workspace", str(workspace)])
    out = capsys.readouterr().out
    assert f"newer release of {path}" in out and "--update" in out and "backups" in out
    assert path.read_bytes() == before, "the workspace command changed a notebook without --update"

    main(["workspace", str(workspace), "--update"])
    out = capsys.readouterr().out
    backups = list((workspace / "backups").iterdir())
    assert len(backups) == 1 and re.fullmatch(rf"{ID}\.\d{{8}}-\d{{6}}\.ipynb", backups[0].name), backups
    assert backups[0].read_bytes() == before, "the backup is not the previous file"
    assert f"updated {path}" in out and f"previous file kept as {backups[0]}" in out
    assert "your solutions carried over: f" in out
    assert "starting code of these solutions of yours; compare with the instructions: f" in out
    assert "new graded functions: g_new, k" in out
    assert "no longer has, kept at the end" in out and ": g, h" in out
    assert "test cells you had changed now come from the release" in out and "test_f" in out

    updated = notebooks.read(path)
    nbformat.validate(updated)
    sources = [c.source for c in updated.cells]
    # nothing the learner wrote is lost: each source is the whole source of a cell
    for written in _learner_sources(mine, v1):
        assert written in sources, f"lost: {written!r}"
    # test cells come from the new release, once each, and the emptied one is gone
    tests = [c for c in updated.cells if notebooks.is_test_cell(c)]
    assert [(c.metadata.nbgrader.grade_id, c.source) for c in tests] == \
        [(c.metadata.nbgrader.grade_id, c.source) for c in v2.cells if notebooks.is_test_cell(c)]
    assert not any("the learner emptied" in s for s in sources)
    # the course's cells are the new release's, in its order; only the learner's answer differs
    by_key = {(c.metadata.get("nbgrader", {}).get("grade_id") or c.id): c for c in updated.cells}
    release_keys = [c.metadata.get("nbgrader", {}).get("grade_id") or c.id for c in v2.cells]
    positions = [next(i for i, c in enumerate(updated.cells)
                      if (c.metadata.get("nbgrader", {}).get("grade_id") or c.id) == k) for k in release_keys]
    assert positions == sorted(positions)
    for rcell in v2.cells:
        k = rcell.metadata.get("nbgrader", {}).get("grade_id") or rcell.id
        assert by_key[k].metadata.get("nbgrader") == rcell.metadata.get("nbgrader")
        if k != "f":
            assert by_key[k].source == rcell.source, k
    assert by_key["f"].source == mine.cells[[c.id for c in mine.cells].index("solution-f")].source
    assert by_key["f"].outputs == _stream("f defined\n")            # outputs stay with their source
    assert by_key["code-1"].outputs == _stream("f(1) = 2\n") and by_key["code-1"].execution_count == 3
    assert by_key["code-2"].outputs == [] and by_key["code-2"].execution_count is None
    # the learner's cells follow the cell they followed
    ids = [c.id for c in updated.cells]
    assert ids[0] == "mine-top"
    assert ids[ids.index("md-2") + 1] == "mine-after-md2"
    assert ids[ids.index("solution-f") + 1: ids.index("solution-f") + 3] == ["mine-after-f", "mine-after-f-2"]
    assert ids[ids.index("md-5") + 1] == "mine-end"
    assert updated.cells[ids.index("mine-after-f")].outputs == _stream("6\n")
    assert updated.cells[ids.index("mine-after-f")].execution_count == 4
    # both the learner and the release changed code-2: the release's in place, the learner's after a note
    after_code2 = updated.cells[ids.index("code-2") + 1: ids.index("code-2") + 3]
    assert after_code2[0].cell_type == "markdown" and "changed it too" in after_code2[0].source
    assert after_code2[1].source == "print(g(1), 'my demo')" and after_code2[1].outputs == _stream("2 my demo\n")
    # the locked cell the learner edited: the release's in place, the learner's text kept after it
    assert "the course's version is back" in updated.cells[ids.index("md-3") + 1].source
    assert updated.cells[ids.index("md-3") + 2].source == "## 2. g\n\nMy note in the course's text."
    # solutions whose function is gone: at the end under the heading, as plain code cells
    heading = next(i for i, c in enumerate(updated.cells) if ORPHANS_HEADING in c.source)
    assert heading > ids.index("md-5")
    orphans = [c for c in updated.cells[heading:] if c.cell_type == "code"]
    assert [c.source.split("# ")[-1].split("\n")[0] for c in orphans] == ["my g", "my second try at g", "my h"]
    assert all("nbgrader" not in c.metadata and c.metadata[META_KEY]["role"] == "orphan" for c in orphans)
    assert "`g`" in updated.cells[heading + 1].source and "`h`" in updated.cells[heading + 5].source
    # no cell outside a release slot carries grading metadata; ids are unique
    slots = {c.metadata["nbgrader"]["grade_id"] for c in v2.cells if "nbgrader" in c.metadata}
    assert sorted(c.metadata["nbgrader"]["grade_id"] for c in updated.cells if "nbgrader" in c.metadata) == \
        sorted(slots)
    assert len(set(ids)) == len(ids)

    # a second update is a no-op: no write, no backup; and the rebuild is a fixed point
    updated_bytes = path.read_bytes()
    main(["workspace", str(workspace), "--update"])
    assert "up to date" in capsys.readouterr().out
    main(["workspace", str(workspace), "--update", ID])
    assert f"{path}: up to date" in capsys.readouterr().out
    assert path.read_bytes() == updated_bytes
    assert len(list((workspace / "backups").iterdir())) == 1
    again, _ = merge(updated, v2, v2)
    assert again == updated
    # and the plain workspace command is quiet again
    main(["workspace", str(workspace)])
    assert capsys.readouterr().out == ""


def _start(tmp_path, course, release, learner=learner_copy):
    """A workspace made from ``release`` by the copy of the course before records existed."""
    workspace = tmp_path / "workspace"
    course(release)
    sync_workspace(workspace)
    shutil.rmtree(workspace / ".release")
    path = workspace / ID / f"{ID}.ipynb"
    mine = learner(release)
    nbformat.write(mine, str(path))
    return workspace, path, mine


def answers_only(release):
    """A learner who answered an exercise, ran cells and added one; no course cell edited."""
    nb = nbformat.from_dict(copy.deepcopy(release))
    cell = next(c for c in nb.cells if c.id == "solution-f")
    cell.source = cell.source.replace("    # YOUR CODE HERE\n    raise NotImplementedError()", "    y = 2 * x")
    cell.outputs = _stream("ran\n")
    nb.cells.insert(3, nbformat.v4.new_markdown_cell("my note", id="mine-note"))
    return nb


def test_without_record_a_notebook_of_the_current_release_is_left_alone(tmp_path, course, capsys, monkeypatch):
    monkeypatch.setattr(workspace_module, "_git_versions", lambda release_file: [])
    workspace, path, _ = _start(tmp_path, course, release_v2(), answers_only)
    before = path.read_bytes()
    capsys.readouterr()
    main(["workspace", str(workspace)])
    assert capsys.readouterr().out == ""
    assert path.read_bytes() == before
    record = workspace / ".release" / ID / f"{ID}.ipynb"
    assert record.read_bytes() == manifest.get(ID).release.read_bytes()   # noted for next time
    # a learner who also edited a locked cell is told: without history that cannot be told
    # apart from an earlier release
    shutil.rmtree(workspace / ".release")
    nb = notebooks.read(path)
    nb.cells[0].source += " (my title)"
    nbformat.write(nb, str(path))
    main(["workspace", str(workspace)])
    assert "differs from every release of it" in capsys.readouterr().out
    assert not (workspace / ".release" / ID).exists()


def test_without_record_the_release_it_came_from_is_found_in_history(tmp_path, course, capsys, monkeypatch):
    v1, v2 = release_v1(), release_v2()
    versions = [nbformat.writes(v).encode() for v in (v2, v1)]          # newest first, as git log
    monkeypatch.setattr(workspace_module, "_git_versions", lambda release_file: versions)
    workspace, path, mine = _start(tmp_path, course, v1)
    course(v2)
    capsys.readouterr()
    main(["workspace", str(workspace)])
    assert f"newer release of {path}" in capsys.readouterr().out
    assert (workspace / ".release" / ID / f"{ID}.ipynb").read_bytes() == versions[1]
    main(["workspace", str(workspace), "--update", ID])
    assert "no record" not in capsys.readouterr().out
    assert notebooks.read(path) == merge(mine, v2, v1)[0]               # as if the record had been there


def test_without_record_or_history_nothing_is_lost(tmp_path, course, capsys, monkeypatch):
    monkeypatch.setattr(workspace_module, "_git_versions", lambda release_file: [])
    v1, v2 = release_v1(), release_v2()
    workspace, path, mine = _start(tmp_path, course, v1)
    before = path.read_bytes()
    course(v2)
    capsys.readouterr()
    main(["workspace", str(workspace)])
    out = capsys.readouterr().out
    assert f"{path} differs from every release of it" in out and "--update" in out
    assert path.read_bytes() == before
    main(["workspace", str(workspace), "--update"])
    out = capsys.readouterr().out
    assert "no record of the release it was copied from" in out
    (backup,) = (workspace / "backups").iterdir()
    assert backup.read_bytes() == before
    updated = notebooks.read(path)
    sources = [c.source for c in updated.cells]
    for written in _learner_sources(mine, v1):
        assert written in sources, f"lost: {written!r}"
    assert [c.source for c in updated.cells if notebooks.is_test_cell(c)] == \
        [c.source for c in v2.cells if notebooks.is_test_cell(c)]
    after = path.read_bytes()
    main(["workspace", str(workspace), "--update"])
    assert path.read_bytes() == after and len(list((workspace / "backups").iterdir())) == 1


def test_backups_never_overwrite_each_other(tmp_path, course):
    workspace, path, _ = _start(tmp_path, course, release_v1())
    now = datetime.datetime(2026, 12, 1, 9, 30, 0)
    names = []
    for text in ("first", "second"):
        nb = notebooks.read(path)
        nb.cells.append(nbformat.v4.new_markdown_cell(text))
        nbformat.write(nb, str(path))
        expected_backup = path.read_bytes()
        course(release_v2() if text == "first" else release_v1())
        summary, backup = update_notebook(workspace, ID, manifest.get(ID).release,
                                          nbformat.writes(release_v2() if text == "second" else release_v1()).encode(),
                                          now)
        assert backup.read_bytes() == expected_backup
        names.append(backup.name)
    assert names == [f"{ID}.20261201-093000.ipynb", f"{ID}.20261201-093000-2.ipynb"]


def _solution_body(cell_source):
    return "\n".join(line for line in cell_source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))


def test_update_of_a_real_notebook_keeps_the_work_and_grades_in_full(tmp_path, capsys):
    """The real release of c1w2-numpy-basics as the new release; an earlier release made from it
    (reworded text, other starting code, another demonstration, one more graded function); a
    learner who solved everything in the earlier one. After the update nothing the learner wrote
    is lost and the notebook gets full marks from the grading command."""
    assignment = manifest.get(ID)
    new = notebooks.read(assignment.release)
    v1 = nbformat.from_dict(copy.deepcopy(new))
    by_key = {notebooks.nbgrader_meta(c).get("grade_id") or c.id: c for c in v1.cells}
    by_key["md-3"].source = by_key["md-3"].source.replace("## 1. Building basic functions", "## 1. Basic functions")
    by_key["sigmoid"].source = by_key["sigmoid"].source.replace("Compute the sigmoid of x.", "Sigmoid of x.")
    by_key["code-10"].source = "n = 1000  # an earlier, smaller timing\n" + by_key["code-10"].source
    at = v1.cells.index(by_key["test_L2"]) + 1
    old_solution = solution("old_helper")
    v1.cells[at:at] = [old_solution, check_cell("old_helper")]
    source = {notebooks.nbgrader_meta(c).get("grade_id"): c for c in notebooks.read(assignment.source).cells}
    mine = nbformat.from_dict(copy.deepcopy(v1))
    for cell in mine.cells:
        grade_id = notebooks.nbgrader_meta(cell).get("grade_id")
        if grade_id in assignment.graded:
            cell.source = _solution_body(source[grade_id].source)
            cell.outputs, cell.execution_count = _stream(f"{grade_id} done\n"), 7
        elif grade_id == "old_helper":
            cell.source = "def old_helper(x):\n    return x  # my old helper"
    mine.cells.insert(mine.cells.index(next(c for c in mine.cells if c.id == "code-7")),
                      nbformat.v4.new_code_cell("print(normalize_rows(np.eye(2)))  # my experiment", id="mine-1"))
    mine.cells.insert(3, nbformat.v4.new_markdown_cell("**My plan:** sigmoid first.", id="mine-2"))

    workspace = tmp_path / "workspace"
    sync_workspace(workspace)
    path = workspace / ID / f"{ID}.ipynb"
    nbformat.write(mine, str(path))
    (workspace / ".release" / ID / f"{ID}.ipynb").write_text(nbformat.writes(v1))   # made from v1
    before = path.read_bytes()
    capsys.readouterr()
    main(["workspace", str(workspace)])
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"newer release of {path}" and len(out.splitlines()) == 2, out
    main(["workspace", str(workspace), "--update", ID])
    out = capsys.readouterr().out
    assert f"your solutions carried over: {', '.join(assignment.graded)}" in out, out
    assert "no longer has, kept at the end" in out and "old_helper" in out

    (backup,) = (workspace / "backups").iterdir()
    assert backup.read_bytes() == before
    updated = notebooks.read(path)
    sources = [c.source for c in updated.cells]
    for written in _learner_sources(mine, v1):
        assert written in sources, f"lost: {written!r}"
    assert [c.source for c in updated.cells if notebooks.is_test_cell(c)] == \
        [c.source for c in new.cells if notebooks.is_test_cell(c)]
    assert by_key["md-3"].source not in sources and by_key["code-10"].source not in sources
    assert notebooks.read(workspace / ".release" / ID / f"{ID}.ipynb") == new
    updated_bytes = path.read_bytes()
    main(["workspace", str(workspace), "--update"])
    assert path.read_bytes() == updated_bytes and len(list((workspace / "backups").iterdir())) == 1

    graded = tmp_path / "graded.ipynb"
    graded.write_bytes(path.read_bytes())
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade", str(graded)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"^total\s+8/8", proc.stdout, re.M), proc.stdout


def test_the_release_a_notebook_came_from_is_found_in_the_repository_history():
    """With the repository's own git history: a notebook copied from the oldest committed
    release of an assignment, then answered, is recognised as coming from that release."""
    with_history = [(a, versions) for a in manifest.assignments()
                    if len(versions := workspace_module._git_versions(a.release)) >= 2]
    if not with_history:
        pytest.skip("no git history of the release notebooks here (a shallow or exported copy)")
    assignment, versions = max(with_history, key=lambda item: len(item[1]))
    oldest = nbformat.reads(versions[-1].decode(), as_version=4)
    current = notebooks.read(assignment.release)
    if [c.source for c in oldest.cells] == [c.source for c in current.cells]:
        pytest.skip("the committed releases differ only in metadata")
    mine = nbformat.from_dict(copy.deepcopy(oldest))
    first = next(c for c in mine.cells if notebooks.is_solution_cell(c))
    first.source += "\n# my answer"
    found = nbformat.reads(workspace_module.guess_base(mine, assignment.release).decode(), as_version=4)
    assert [c.source for c in found.cells] == [c.source for c in oldest.cells]


def test_update_of_an_unknown_assignment_is_refused(tmp_path, capsys):
    assert main(["workspace", str(tmp_path / "workspace"), "--update", "c9w9-no-such-thing"]) == 2
    assert "unknown assignment 'c9w9-no-such-thing'" in capsys.readouterr().err
    assert not (tmp_path / "workspace").exists()


def test_release_cells_keep_their_ids_and_cells_saved_without_ids_are_matched():
    v1, v2 = release_v1(), release_v2()
    mine = learner_copy(v1)
    mine.cells.insert(0, nbformat.v4.new_code_cell("print('mine')", id="md-6"))   # v2's id for a new cell
    updated, _ = merge(mine, v2, v1)
    release_ids = {c.id for c in v2.cells}
    assert [c.id for c in updated.cells if c.id in release_ids] == [c.id for c in v2.cells]
    assert updated.cells[0].source == "print('mine')" and updated.cells[0].id == "md-6-2"

    # a notebook saved without cell ids (nbformat 4.4): its plain cells are matched by source
    for cell in mine.cells:
        del cell["id"]
    mine.nbformat_minor = 4
    updated, _ = merge(mine, v2, v1)
    nbformat.validate(updated)
    sources = [c.source for c in updated.cells]
    assert sources.count('preview("f", f)') == 1
    assert updated.cells[sources.index('preview("f", f)')].outputs == _stream("f(1) = 2\n")
    for written in _learner_sources(learner_copy(v1), v1):
        assert written in sources, f"lost: {written!r}"
    ids = [c.id for c in updated.cells]
    assert len(set(ids)) == len(ids) and all(ids)


def test_a_record_written_differently_is_still_the_same_release(tmp_path, course, capsys):
    course(release_v1())
    workspace = tmp_path / "workspace"
    sync_workspace(workspace)
    record = workspace / ".release" / ID / f"{ID}.ipynb"
    record.write_text(json.dumps(json.loads(record.read_text()), indent=4).replace("\n", "\r\n"))
    capsys.readouterr()
    main(["workspace", str(workspace)])
    assert capsys.readouterr().out == ""
    course(release_v2())
    main(["workspace", str(workspace)])
    assert "newer release of" in capsys.readouterr().out


def test_a_notebook_that_cannot_be_read_is_left_as_it_is(tmp_path, course, capsys):
    course(release_v1())
    workspace = tmp_path / "workspace"
    sync_workspace(workspace)
    path = workspace / ID / f"{ID}.ipynb"
    path.write_text("{ not a notebook, but mine")
    course(release_v2())
    capsys.readouterr()
    assert main(["workspace", str(workspace)]) == 0
    assert f"newer release of {path}" in capsys.readouterr().out
    assert main(["workspace", str(workspace), "--update"]) == 0
    out = capsys.readouterr().out
    assert f"{path}: not updated (" in out and "the file is unchanged" in out
    assert path.read_text() == "{ not a notebook, but mine"
    assert not (workspace / "backups").exists()
