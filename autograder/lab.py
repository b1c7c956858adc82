"""The learner's JupyterLab: its settings, the grading cell and the progress table in a notebook.

``python -m autograder lab [WORKSPACE]`` (``make lab``) starts JupyterLab in the workspace
with the workspace's own Jupyter configuration folder, ``WORKSPACE/.jupyter``
(``JUPYTER_CONFIG_DIR``), which it writes at each start (``learner_config``): nbgrader's
instructor tools (formgrader, "Create Assignment", the course and assignment lists and the
"Nbgrader" menu that opens them) are off, the student's "Validate" button stays, and
JupyterLab neither asks about nor fetches news. The learner's own lab settings (theme,
shortcuts) are kept in that folder too, so nothing in ``~/.jupyter`` is read or changed.
``python -m autograder lab --instructor`` (``make instructor-lab``) starts JupyterLab in the
course root with every tool, as plain ``jupyter lab`` would.

The last cell of every notebook calls :func:`grade_me`, which grades the notebook's saved
file exactly as ``python -m autograder grade`` does and shows the table as HTML. While a
notebook is itself being graded or executed by the course's tools (``nbgrader autograde``,
the grading command, the reference build, the tests), those set ``GRADING_ENV`` in the
kernel's environment and the cell only prints a note: grading never recurses.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

# Set in the environment of every kernel that the course's tools start to execute or grade a
# notebook (``notebooks.execute``, ``isolation.GradeExecute``): the grading cell at the end of
# each notebook (``grade_me``) then only prints a note instead of grading again. This module
# imports nothing heavy, since every notebook's setup cell imports the package.
GRADING_ENV = "DLFS_GRADING"

SKIPPED = "(this cell grades the saved notebook in JupyterLab; it does nothing while the notebook is being graded)"
HOW_TO_NAME = ("grade_me() cannot tell which notebook this is (it knows when the notebook runs in JupyterLab "
               "or VS Code). Name it: grade_me(\"path/to/<assignment id>.ipynb\")")

# nbgrader's lab plugins for instructors, and the server extensions behind them
INSTRUCTOR_PLUGINS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                      "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:assignment-list",
                      "@jupyter/nbgrader:menu")
INSTRUCTOR_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list",
                                "nbgrader.server_extensions.assignment_list")
STUDENT_SERVER_EXTENSIONS = ("nbgrader.server_extensions.validate_assignment",)


# ---------------------------------------------------------------- in a notebook
def notebook_path(explicit: str | os.PathLike | None = None) -> Path | None:
    """The notebook this kernel runs: ``explicit``, else the file JupyterLab (``JPY_SESSION_NAME``,
    an absolute path, or one relative to the server's root) or VS Code names; None if unknown."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    names = [os.environ.get("JPY_SESSION_NAME")]
    try:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            names += [shell.user_ns.get("__session__"), shell.user_ns.get("__vsc_ipynb_file__")]
    except ImportError:
        pass
    for name in filter(None, names):
        path = Path(name)
        for candidate in (path, Path.cwd() / path.name):
            if candidate.is_absolute() and candidate.suffix == ".ipynb" and candidate.is_file():
                return candidate.resolve()
    return None


class _Rich:
    """An object that a notebook shows as HTML and a terminal as text."""

    def __init__(self, text: str, html: str):
        self.text, self.html = text, html

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def grade_me(notebook: str | os.PathLike | None = None, timeout: int | None = None) -> _Rich | None:
    """Grade this notebook's saved file as ``python -m autograder grade`` does, hidden cases
    included; show the points of each function and the first failure message.

    Nothing is saved first: what is graded is the file on disk (save with Ctrl+S before).
    ``notebook`` names the file when the kernel cannot tell (outside JupyterLab).
    """
    if os.environ.get(GRADING_ENV):
        print(SKIPPED)
        return None
    path = notebook_path(notebook)
    if path is None or not path.is_file():
        print(HOW_TO_NAME if path is None else f"no such notebook: {path}")
        return None
    from . import grade as grading
    from .results import record

    try:
        assignment = grading.resolve_assignment(path, None)
    except SystemExit as unknown:  # the command's way of saying it; in a notebook, just say it
        print(unknown)
        return None
    content = path.read_bytes()
    saved = time.strftime("%H:%M:%S", time.localtime(path.stat().st_mtime))
    handle = _display(_Rich(f"grading {path.name} as saved at {saved} ...",
                            f"<p>Grading <code>{path.name}</code> as saved at {saved} …</p>"))
    tic = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dlfs-grade-me-") as tmp:
        copy = Path(tmp) / f"{assignment.id}.ipynb"
        copy.write_bytes(content)
        rows, hidden = grading.grade(copy, assignment, timeout)  # nbgrader's log is kept out of the notebook
    seconds = time.perf_counter() - tic
    record(path, assignment, rows, hidden, content)
    head = f"{path.name} as saved at {saved}, graded in {seconds:.0f} s (unsaved changes are not graded)"
    result = _Rich(f"{head}\n{grading.render(rows, hidden, assignment)}",
                   f"<p>{head}.</p>{grading.render_html(rows, hidden, assignment)}")
    if handle is None:
        return result
    handle.update(result)
    return None


def progress(workspace: str | os.PathLike | None = None) -> _Rich:
    """The progress table over every assignment, from the results of the latest gradings.

    ``workspace`` defaults to the folder that holds this notebook's assignment folder."""
    from .results import progress as lines
    from .results import render, render_html

    if workspace is None:
        here = notebook_path()
        workspace = here.parent.parent if here else Path.cwd().parent
    found = lines(Path(workspace))
    return _Rich(render(found, Path(workspace)), render_html(found, Path(workspace)))


def _display(obj: _Rich):
    try:
        from IPython import get_ipython
        from IPython.display import display

        if get_ipython() is not None and getattr(get_ipython(), "kernel", None) is not None:
            return display(obj, display_id=True)
    except ImportError:
        pass
    print(obj.text, flush=True)
    return None


# ---------------------------------------------------------------- starting JupyterLab
def learner_config(workspace: Path) -> Path:
    """Write the learner's Jupyter configuration into ``workspace/.jupyter``; return that folder."""
    folder = Path(workspace).resolve() / ".jupyter"
    labconfig = folder / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    server = {
        "ServerApp": {"jpserver_extensions": {**{e: False for e in INSTRUCTOR_SERVER_EXTENSIONS},
                                              **{e: True for e in STUDENT_SERVER_EXTENSIONS}}},
        "LabApp": {"news_url": None},
    }
    files = {
        folder / "jupyter_server_config.json": server,
        labconfig / "page_config.json": {"disabledExtensions": {p: True for p in INSTRUCTOR_PLUGINS}},
        labconfig / "default_setting_overrides.json": {
            "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}},
    }
    for path, data in files.items():
        text = json.dumps(data, indent=2) + "\n"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return folder


def lab_command(folder: Path, instructor: bool, args: list[str]) -> tuple[list[str], dict, Path]:
    """The command, environment and working folder that start the learner's (or instructor's) lab."""
    from . import manifest

    command = [sys.executable, "-m", "jupyterlab", *args]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in args:
        command.append("--allow-root")
    env = dict(os.environ)
    if instructor:
        return command, env, manifest.REPO_ROOT
    folder = Path(folder).resolve()
    config = learner_config(folder)
    env["JUPYTER_CONFIG_DIR"] = str(config)
    for variable in ("JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR"):
        env.pop(variable, None)  # both live under the configuration folder by default
    return command, env, folder


def launch(folder: Path, instructor: bool = False, args: list[str] | None = None) -> int:
    command, env, cwd = lab_command(folder, instructor, list(args or []))
    if not cwd.is_dir():
        print(f"no such folder: {cwd} (make lab, or python -m autograder workspace {folder}, creates it)",
              file=sys.stderr)
        return 2
    os.chdir(cwd)
    if os.name == "posix":
        os.execve(command[0], command, env)  # JupyterLab takes this process over (Ctrl+C as usual)
    import subprocess

    return subprocess.call(command, env=env)
