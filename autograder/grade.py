"""``python -m autograder grade NOTEBOOK``: grade one notebook as the instructor's autograde would.

It builds a scratch nbgrader course in a temporary directory with the course's own
``nbgrader_config.py``, generates the assignment from the instructor notebook (so the
hidden tests are restored exactly as nbgrader restores them), submits a *copy* of the
learner's notebook, runs ``nbgrader autograde`` and reads the scores from the gradebook.
The learner's notebook is never modified.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import manifest, notebooks

STUDENT = "learner"


@dataclass
class Row:
    name: str
    score: float
    max_score: float
    message: str


def resolve_assignment(path: Path, assignment_id: str | None) -> manifest.Assignment:
    if assignment_id:
        return manifest.get(assignment_id)
    stem = path.stem
    for a in manifest.assignments():
        if a.id == stem:
            return a
    ids = {notebooks.nbgrader_meta(c).get("grade_id") for c in notebooks.read(path).cells}
    for a in manifest.assignments():
        if set(a.graded) <= ids:
            return a
    raise SystemExit(f"cannot tell which assignment {path} is: name it <assignment id>.ipynb "
                     "or pass --assignment ID")


def grade(path: Path, assignment: manifest.Assignment, timeout: int | None = None,
          workdir: Path | None = None) -> tuple[list[Row], bool]:
    """Autograde a copy of ``path``; return one row per graded cell and whether hidden tests ran."""
    with tempfile.TemporaryDirectory(prefix="dlfs-grade-", dir=workdir) as tmp:
        course = Path(tmp)
        hidden = assignment.source.exists()
        origin = assignment.source if hidden else assignment.release
        (course / "source" / assignment.id).mkdir(parents=True)
        shutil.copy(origin, course / "source" / assignment.id / f"{assignment.id}.ipynb")
        config = [f"load_subconfig({str(manifest.REPO_ROOT / 'nbgrader_config.py')!r})",
                  "c = get_config()",
                  f"c.CourseDirectory.root = {str(course)!r}"]
        if timeout:
            config.append(f"c.Execute.timeout = {int(timeout)}")
        (course / "nbgrader_config.py").write_text("\n".join(config) + "\n")
        _nbgrader(course, "generate_assignment", assignment.id, "--force")
        submitted = course / "submitted" / STUDENT / assignment.id
        submitted.mkdir(parents=True)
        shutil.copy(path, submitted / f"{assignment.id}.ipynb")
        _nbgrader(course, "autograde", assignment.id, "--force")
        rows = _rows(course, assignment)
    return rows, hidden


def _nbgrader(course: Path, *args: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")


def _rows(course: Path, assignment: manifest.Assignment) -> list[Row]:
    from nbgrader.api import Gradebook

    graded = notebooks.read(course / "autograded" / STUDENT / assignment.id / f"{assignment.id}.ipynb")
    messages = {}
    for cell in notebooks.test_cells(graded):
        err = notebooks.error_of(cell)
        if err:
            first = (err.get("evalue") or "").strip().splitlines()
            messages[notebooks.nbgrader_meta(cell)["grade_id"]] = (
                f"{err.get('ename')}: {first[0] if first else ''}".strip())
        elif notebooks.stderr_of(cell):
            messages[notebooks.nbgrader_meta(cell)["grade_id"]] = "wrote to stderr: " + \
                notebooks.stderr_of(cell).strip().splitlines()[0]
    rows = []
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        sub = gb.find_submission_notebook(assignment.id, assignment.id, STUDENT)
        order = [notebooks.nbgrader_meta(c)["grade_id"] for c in notebooks.test_cells(graded)]
        grades = {g.name: g for g in sub.grades}
        for grade_id in order:
            g = grades[grade_id]
            score = g.score if g.score is not None else 0.0
            rows.append(Row(grade_id.removeprefix("test_"), float(score), float(g.max_score),
                            messages.get(grade_id, "")))
    return rows


def render(rows: list[Row], hidden: bool, assignment: manifest.Assignment) -> str:
    width = max([len(r.name) for r in rows] + [8])
    lines = [f"{assignment.id}: {assignment.title}",
             f"{'function':<{width}}  points   result  first failure",
             f"{'-' * width}  -------  ------  -------------"]
    for r in rows:
        result = "pass" if r.score >= r.max_score else "FAIL"
        msg = r.message if len(r.message) <= 100 else r.message[:97] + "..."
        lines.append(f"{r.name:<{width}}  {_num(r.score):>3}/{_num(r.max_score):<3}  {result:<6}  {msg}")
    total, possible = sum(r.score for r in rows), sum(r.max_score for r in rows)
    lines.append(f"{'total':<{width}}  {_num(total):>3}/{_num(possible):<3}")
    if not hidden:
        lines.append("(hidden cases not available here: public checks only)")
    return "\n".join(lines)


def _num(x: float) -> str:
    return f"{x:g}"


def main(path: Path, assignment_id: str | None, timeout: int | None) -> int:
    path = path.resolve()
    if not path.exists():
        print(f"no such notebook: {path}", file=sys.stderr)
        return 2
    assignment = resolve_assignment(path, assignment_id)
    print(f"grading a copy of {path} ...", flush=True)
    rows, hidden = grade(path, assignment, timeout)
    print(render(rows, hidden, assignment))
    return 0
