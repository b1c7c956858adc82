"""A throw-away nbgrader course directory, driven through nbgrader's own commands.

Used to generate the release notebooks, by the learner's grading command, and by the
tests' round trip, so that all three go through exactly what an instructor runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

from . import manifest, notebooks
from .results import cache_dir  # where generated assignments (and grading results) are kept
from .workspace import sync_workspace  # noqa: F401 -- `make lab` and the tests import it from here


class ScratchCourse:
    def __init__(self, root: Path, timeout: int | None = None, config_file: Path | None = None):
        """``config_file``: the nbgrader configuration to start from (default: the course's own
        ``nbgrader_config.py``); the scratch course overrides only its root and its gradebook,
        an SQLite file of its own whatever the configuration says."""
        self.root = Path(root)
        config = [f"load_subconfig({str(config_file or manifest.REPO_ROOT / 'nbgrader_config.py')!r})",
                  "c = get_config()",
                  f"c.CourseDirectory.root = {str(self.root)!r}",
                  f"c.CourseDirectory.db_url = {self.db_url!r}"]
        if timeout:
            config.append(f"c.Execute.timeout = {int(timeout)}")
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "nbgrader_config.py").write_text("\n".join(config) + "\n")

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.root / 'gradebook.db'}"

    def nbgrader(self, *args: str) -> str:
        # nbgrader runs the `alembic` command of its environment: put that environment's
        # scripts first on PATH, so this works without activating the virtualenv
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=self.root,
                              capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
        return proc.stdout + proc.stderr

    def generate(self, assignment: manifest.Assignment, origin: Path | None = None) -> Path:
        """Copy the instructor notebook in and run ``nbgrader generate_assignment``."""
        folder = self.root / "source" / assignment.id
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(origin or assignment.source, folder / f"{assignment.id}.ipynb")
        self.nbgrader("generate_assignment", assignment.id, "--force")
        return self.root / "release" / assignment.id / f"{assignment.id}.ipynb"

    def autograde(self, assignment: manifest.Assignment, student: str, notebook: Path,
                  in_process: bool = False) -> Path:
        """Submit a copy of ``notebook`` as ``student`` and run ``nbgrader autograde``.

        ``in_process`` runs nbgrader's own Autograde app in this process (through nbgrader's
        API, with this course's configuration) instead of starting ``nbgrader`` anew: the same
        preprocessors and scores, without a second start-up of nbgrader and its imports.
        """
        folder = self.root / "submitted" / student / assignment.id
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(notebook, folder / f"{assignment.id}.ipynb")
        if in_process:
            self._autograde_here(assignment.id, student)
        else:
            self.nbgrader("autograde", assignment.id, "--student", student, "--force")
        return self.root / "autograded" / student / assignment.id / f"{assignment.id}.ipynb"

    def _autograde_here(self, assignment_id: str, student: str) -> None:
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory
        from traitlets.config.loader import PyFileConfigLoader

        config = PyFileConfigLoader("nbgrader_config.py", path=str(self.root)).load_config()
        api = NbGraderAPI(coursedir=CourseDirectory(config=config, root=str(self.root)), config=config)
        with _output_kept_aside() as aside, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = api.autograde(assignment_id, student, force=True, create=True)
            printed = "" if result.get("success") else aside.read()
        if not result.get("success"):
            raise RuntimeError(f"nbgrader autograde {assignment_id} --student {student} failed:\n"
                               f"{result.get('error', '')}\n{result.get('log', '')}\n{printed}")

    def copy_generated(self, generated: Path) -> None:
        """Take the generated assignments and gradebook of another scratch course (``generated_course``)."""
        for folder in ("source", "release"):
            shutil.copytree(generated / folder, self.root / folder, dirs_exist_ok=True)
        shutil.copy2(generated / "gradebook.db", self.root / "gradebook.db")

    def scores(self, assignment: manifest.Assignment, student: str) -> dict[str, tuple[float, float]]:
        """``{grade_id: (score, max_score)}`` of the autograded submission, from the gradebook."""
        from nbgrader.api import Gradebook

        with Gradebook(self.db_url) as gb:
            sub = gb.find_submission_notebook(assignment.id, assignment.id, student)
            return {g.name: (float(g.score or 0.0), float(g.max_score)) for g in sub.grades}


@contextlib.contextmanager
def _output_kept_aside():
    """Keep aside what this process writes while it grades, as a separate nbgrader process's
    output would be captured: file descriptors 1 and 2 (which the notebook's kernel inherits)
    go to a temporary file, and Python's ``sys.stdout`` and ``sys.stderr`` (nbgrader's log,
    which inside a learner's kernel would otherwise show in the notebook) to a buffer.
    Yields a reader of what was written."""
    streams = [s for s in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__) if s is not None]
    printed = io.StringIO()
    with tempfile.TemporaryFile(mode="w+b") as sink:
        for stream in streams:
            stream.flush()
        saved = os.dup(1), os.dup(2)
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)

        class Reader:
            @staticmethod
            def read() -> str:
                sink.seek(0)
                return (sink.read().decode(errors="replace") + printed.getvalue())[-4000:]
        try:
            with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
                yield Reader
        finally:
            for stream in streams:
                with contextlib.suppress(OSError, ValueError):
                    stream.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def generated_course(assignment: manifest.Assignment, origin: Path) -> Path | None:
    """A scratch course in which ``origin`` (the instructor notebook, or the release) is
    generated as ``assignment``, kept in the cache and reused while ``origin``, the course's
    nbgrader configuration and nbgrader's version stay the same (their checksum names it).

    Returns its folder, or None when the cache cannot be written (the caller generates anew).
    Concurrent gradings are safe: a course is generated in a private folder and renamed into
    place in one step; the loser of a race discards its copy. Older generations of the same
    assignment are removed.
    """
    import nbgrader

    digest = hashlib.sha256()
    for part in (origin.read_bytes(), (manifest.REPO_ROOT / "nbgrader_config.py").read_bytes(),
                 nbgrader.__version__.encode()):
        digest.update(hashlib.sha256(part).digest())
    base = cache_dir() / "generated"
    target = base / f"{assignment.id}-{digest.hexdigest()[:20]}"
    if (target / "gradebook.db").is_file():
        return target
    try:
        base.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{assignment.id}-", dir=base))
    except OSError:
        return None
    try:
        ScratchCourse(scratch).generate(assignment, origin)
        os.rename(scratch, target)
    except OSError:
        shutil.rmtree(scratch, ignore_errors=True)
        if not (target / "gradebook.db").is_file():
            return None
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    for older in base.glob(f"{assignment.id}-*"):
        if older != target:
            shutil.rmtree(older, ignore_errors=True)
    return target


def failure_messages(autograded: Path) -> dict[str, str]:
    """The first line of the error (or stderr) of each failed test cell of an autograded notebook."""
    nb = notebooks.read(autograded)
    messages = {}
    for cell in notebooks.test_cells(nb):
        grade_id = notebooks.nbgrader_meta(cell)["grade_id"]
        err = notebooks.error_of(cell)
        if err:
            lines = [line.strip() for line in (err.get("evalue") or "").strip().splitlines()]
            summary = f"{err.get('ename')}: {lines[0] if lines else ''}".strip()
            detail = next((line for line in lines[1:] if line.startswith("Hint:")), None) or \
                next((line for line in lines[1:] if line.startswith(("your result", "`"))), None)
            messages[grade_id] = summary + (f"\n{detail}" if detail else "")
        elif notebooks.stderr_of(cell).strip():
            messages[grade_id] = "wrote to stderr: " + notebooks.stderr_of(cell).strip().splitlines()[0]
    return messages


def release(ids: list[str] | None = None) -> None:
    """Regenerate ``release/<id>/<id>.ipynb`` from ``source/`` with nbgrader."""
    import tempfile

    for assignment in manifest.assignments():
        if ids and assignment.id not in ids:
            continue
        with tempfile.TemporaryDirectory(prefix="dlfs-release-") as tmp:
            generated = ScratchCourse(Path(tmp)).generate(assignment)
            assignment.release.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(generated, assignment.release)
        print(f"release of {assignment.id} written")
