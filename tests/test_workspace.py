"""`make lab`: the learner workspace is filled from release/ without overwriting, and
JupyterLab serves it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from autograder import manifest
from autograder.course import sync_workspace


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
    workspace = tmp_path / "workspace"
    sync_workspace(workspace)
    port, token = _free_port(), "dlfs-test"
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={workspace}",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
            assert r.status == 200 and b"JupyterLab" in r.read()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
