"""The learner's day in JupyterLab, in a real browser (headless Chromium driven by Playwright).

The learner's lab (`make lab`, i.e. `python -m autograder lab WORKSPACE`) is started on a scratch
workspace, with a scratch home, cache and Jupyter folders. In it: no instructor tools and no
news pop-up; a release notebook opens; the setup cell and a blank exercise run and its check
says "not implemented yet"; a correct solution is typed in, its check passes; the notebook is
saved and the grading cell at its end shows the table of points; `python -m autograder progress`
then lists that grading. A plain JupyterLab on the same machine is the control: it shows the
instructor's "Nbgrader" menu, so the learner's lab is not clean by accident.

Screenshots of the learner's lab before and after the graded run go to tests/artifacts/
(git-ignored). The browser is Debian's `chromium` (`apt-get install -y chromium`); Playwright
never downloads one. Without it the test is skipped and says why.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from autograder import notebooks

ASSIGNMENT = "c1w2-numpy-basics"
GROUP_SUFFIX = "-browser"
CHROMIUM = os.environ.get("DLFS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SOLUTION = '''import math


def basic_sigmoid(x):
    """The sigmoid of a scalar x, with math.exp."""
    return 1 / (1 + math.exp(-x))
'''
NEWS = "Would you like to get notified about official Jupyter news?"

pytestmark = pytest.mark.xdist_group(ASSIGNMENT + GROUP_SUFFIX)


def _browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"chromium not found at {CHROMIUM}: install Debian's browser with "
                    "`apt-get install -y chromium` (or set DLFS_CHROMIUM to a Chromium binary) "
                    "to run the browser test")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: "
                                   "`pip install -r requirements.txt`")
    return sync_api


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _jupyterlab(command: list[str], cwd: Path, home: Path, extra_env: dict, log: Path):
    """A JupyterLab server on a free port with a token and a scratch home; yields its /lab URL maker."""
    port, token = _free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "JPY_")) and k not in ("DLFS_GRADING", "IPYTHONDIR")}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local" / "share"), **extra_env)
    with open(log, "w") as out:
        proc = subprocess.Popen([*command, "--no-browser", "--ip=127.0.0.1", f"--port={port}",
                                 f"--IdentityProvider.token={token}"],
                                cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise AssertionError(f"JupyterLab did not start:\n{log.read_text()[-3000:]}") from None
                time.sleep(0.3)
        yield lambda path="lab": f"{base}/{path}?token={token}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def _menus(page) -> list[str]:
    return [t.strip() for t in page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").all_inner_texts()]


def _eventually(condition, what: str, timeout_s: float = 60) -> None:
    """Wait until ``condition()`` holds (the page is still rendering on a busy machine)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"not seen within {timeout_s:.0f} s: {what}"
        time.sleep(0.25)


def _run(page, cell, expect: str, timeout_s: float = 60):
    """Select ``cell`` in command mode, run it with Shift+Enter, wait until its output shows ``expect``."""
    cell.locator(".jp-InputPrompt").first.click()
    page.keyboard.press("Escape")
    page.keyboard.press("ControlOrMeta+Enter")  # run in place (Shift+Enter would add a cell after the last)
    cell.locator(".jp-OutputArea-output", has_text=expect).first.wait_for(timeout=timeout_s * 1000)
    return cell.locator(".jp-OutputArea").first.inner_text()


def test_the_learners_day_in_jupyterlab(tmp_path):
    sync_api = _browser()
    tic = time.perf_counter()
    ARTIFACTS.mkdir(exist_ok=True)
    workspace, home, cache = tmp_path / "workspace", tmp_path / "home", tmp_path / "cache"
    home.mkdir()
    subprocess.run([sys.executable, "-m", "autograder", "workspace", str(workspace)], check=True,
                   capture_output=True, timeout=120)
    mine = workspace / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    cells = notebooks.read(mine).cells
    index = {c.get("id"): i for i, c in enumerate(cells)}
    setup, solution, check = index["setup-1"], index["solution-basic_sigmoid"], index["test-basic_sigmoid"]
    grading = len(cells) - 1
    assert cells[grading].get("id") == "grade-me"
    env = {"DLFS_CACHE_DIR": str(cache)}
    learner_lab = [sys.executable, "-m", "autograder", "lab", str(workspace)]

    with sync_api.sync_playwright() as playwright, \
            _jupyterlab(learner_lab, workspace, home, env, tmp_path / "learner-lab.log") as url:
        browser = _launch(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url(f"lab/tree/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"))
        notebook = page.locator(".jp-NotebookPanel .jp-Notebook").first
        notebook.wait_for(timeout=90_000)
        page.locator("#jp-main-statusbar", has_text="Idle").wait_for(timeout=90_000)  # the kernel is up
        cell = notebook.locator(".jp-Cell")
        # JupyterLab attaches the cells of a long notebook in batches: wait for the last one
        _eventually(lambda: cell.count() == len(cells), f"{len(cells)} cells rendered")

        # the learner's view: no instructor tools, the student's Validate button, no news pop-up
        menus = _menus(page)
        assert "File" in menus and "Nbgrader" not in menus, menus
        tabs = page.locator(".lm-TabBar-tab").evaluate_all("tabs => tabs.map(t => t.title || t.innerText)")
        assert not [t for t in tabs if "Create Assignment" in t], tabs
        _eventually(lambda: page.get_by_text("Validate", exact=True).count() >= 1, "nbgrader's Validate button")

        # setup, the blank exercise, its check: not implemented yet
        cell.nth(setup).locator(".jp-InputPrompt").first.click()
        page.keyboard.press("Shift+Enter")
        cell.nth(setup).locator(".jp-InputPrompt", has_text=re.compile(r"\[\d+\]")).wait_for(timeout=60_000)
        cell.nth(solution).locator(".jp-InputPrompt").first.click()
        page.keyboard.press("Shift+Enter")
        cell.nth(solution).locator(".jp-InputPrompt", has_text=re.compile(r"\[\d+\]")).wait_for(timeout=60_000)
        failed = _run(page, cell.nth(check), "not implemented yet")
        assert "basic_sigmoid" in failed, failed
        page.screenshot(path=str(ARTIFACTS / "learner-lab-before.png"))

        # a correct solution, typed into the solution cell: its check passes
        cell.nth(solution).locator(".cm-content").first.click()
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.insert_text(SOLUTION)
        page.keyboard.press("Escape")
        page.keyboard.press("Shift+Enter")
        cell.nth(solution).locator(".jp-InputPrompt", has_text=re.compile(r"\[\d+\]")).wait_for(timeout=60_000)
        passed = _run(page, cell.nth(check), "✔")
        assert "basic_sigmoid" in passed and "not implemented" not in passed, passed

        # save, then the grading cell grades the saved file and shows the table
        page.keyboard.press("ControlOrMeta+s")
        deadline = time.time() + 30
        while "math.exp(-x)" not in mine.read_text(encoding="utf-8"):
            assert time.time() < deadline, "the notebook was not saved"
            time.sleep(0.3)
        saved = mine.read_bytes()
        grade_tic = time.perf_counter()
        table = _run(page, cell.nth(grading), "total", 180)
        grade_seconds = time.perf_counter() - grade_tic
        rows = cell.nth(grading).locator(".dlfs-grade tbody tr")
        assert rows.count() == 9, table  # eight functions and the total
        first = rows.nth(0).inner_text()
        assert first.split()[:3] == ["basic_sigmoid", "1/1", "pass"], first
        assert re.search(r"sigmoid\s+0/1\s+FAIL\s+AssertionError: sigmoid: not implemented yet", table), table
        assert re.search(r"total\s+1/8", table), table
        assert "unsaved changes are not graded" in table, table
        cell.nth(grading).scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "learner-lab-after.png"))
        assert mine.read_bytes() == saved, "grading modified the learner's notebook"
        assert page.get_by_text(NEWS).count() == 0, "the news pop-up appeared"
        browser.close()

    # the grading was recorded: the progress table lists it, without grading again
    out = subprocess.run([sys.executable, "-m", "autograder", "progress", str(workspace)], capture_output=True,
                         text=True, env={**os.environ, "DLFS_CACHE_DIR": str(cache)}, timeout=60)
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if f" {ASSIGNMENT} " in x)
    assert re.search(r"\s1/8\s+1/8\s+\d{4}-\d\d-\d\d \d\d:\d\d", line), out.stdout
    assert (ARTIFACTS / "learner-lab-before.png").stat().st_size > 10_000
    assert (ARTIFACTS / "learner-lab-after.png").stat().st_size > 10_000
    print(f"browser test: {time.perf_counter() - tic:.0f} s, of which the grading cell {grade_seconds:.0f} s")


def test_a_plain_jupyterlab_shows_the_instructor_tools(tmp_path):
    """The control: JupyterLab without the learner's settings has nbgrader's "Nbgrader" menu and
    "Create Assignment" panel and asks about news, so their absence in the learner's lab is the
    settings' doing."""
    sync_api = _browser()
    folder, home = tmp_path / "plain", tmp_path / "home"
    folder.mkdir()
    home.mkdir()
    command = [sys.executable, "-m", "jupyterlab", *(["--allow-root"] if os.geteuid() == 0 else [])]
    with sync_api.sync_playwright() as playwright, \
            _jupyterlab(command, folder, home, {}, tmp_path / "plain-lab.log") as url:
        browser = _launch(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url())
        page.locator("#jp-menu-panel").wait_for(timeout=90_000)
        page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text="Nbgrader").wait_for(timeout=30_000)
        tabs = page.locator(".lm-TabBar-tab").evaluate_all("tabs => tabs.map(t => t.title || t.innerText)")
        assert [t for t in tabs if "Create Assignment" in t], tabs
        page.get_by_text(NEWS).wait_for(timeout=30_000)
        browser.close()
