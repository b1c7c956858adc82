"""A throw-away nbgrader course directory, driven through nbgrader's own commands.

Used to generate the release notebooks, by the learner's grading command, and by the
tests' round trip, so that all three go through exactly what an instructor runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import manifest, notebooks
from .workspace import sync_workspace  # noqa: F401 -- `make lab` and the tests import it from here


class ScratchCourse:
    def __init__(self, root: Path, timeout: int | None = None):
        self.root = Path(root)
        config = [f"load_subconfig({str(manifest.REPO_ROOT / 'nbgrader_config.py')!r})",
                  "c = get_config()",
                  f"c.CourseDirectory.root = {str(self.root)!r}"]
        if timeout:
            config.append(f"c.Execute.timeout = {int(timeout)}")
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "nbgrader_config.py").write_text("\n".join(config) + "\n")

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

    def autograde(self, assignment: manifest.Assignment, student: str, notebook: Path) -> Path:
        """Submit a copy of ``notebook`` as ``student`` and run ``nbgrader autograde``."""
        folder = self.root / "submitted" / student / assignment.id
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(notebook, folder / f"{assignment.id}.ipynb")
        self.nbgrader("autograde", assignment.id, "--student", student, "--force")
        return self.root / "autograded" / student / assignment.id / f"{assignment.id}.ipynb"

    def scores(self, assignment: manifest.Assignment, student: str) -> dict[str, tuple[float, float]]:
        """``{grade_id: (score, max_score)}`` of the autograded submission, from the gradebook."""
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{self.root / 'gradebook.db'}") as gb:
            sub = gb.find_submission_notebook(assignment.id, assignment.id, student)
            return {g.name: (float(g.score or 0.0), float(g.max_score)) for g in sub.grades}


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
