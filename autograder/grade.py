"""``python -m autograder grade NOTEBOOK``: grade one notebook as the instructor's autograde would.

It builds a scratch nbgrader course in a temporary directory with the course's own
``nbgrader_config.py``, generates the assignment from the instructor notebook (so the
hidden tests are restored exactly as nbgrader restores them), submits a *copy* of the
learner's notebook, runs ``nbgrader autograde`` and reads the scores from the gradebook.
The learner's notebook is never modified.

Two things keep it cheap: the generated assignment (and its gradebook) is kept in a cache
and reused while the instructor notebook, the nbgrader configuration and nbgrader's version
are unchanged (``course.generated_course``), and nbgrader's Autograde app runs in this
process rather than in a new ``nbgrader`` process.
"""

from __future__ import annotations

import html
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import manifest, notebooks
from .course import ScratchCourse, failure_messages, generated_course

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
    for a in manifest.assignments():
        if a.id == path.stem:
            return a
    ids = {notebooks.nbgrader_meta(c).get("grade_id") for c in notebooks.read(path).cells}
    for a in manifest.assignments():
        if set(a.graded) <= ids:
            return a
    raise SystemExit(f"cannot tell which assignment {path} is: name it <assignment id>.ipynb "
                     "or pass --assignment ID")


def grade(path: Path, assignment: manifest.Assignment, timeout: int | None = None) -> tuple[list[Row], bool]:
    """Autograde a copy of ``path``; return one row per graded cell and whether hidden tests ran."""
    hidden = assignment.source.exists()
    origin = assignment.source if hidden else assignment.release
    generated = generated_course(assignment, origin)
    with tempfile.TemporaryDirectory(prefix="dlfs-grade-") as tmp:
        course = ScratchCourse(Path(tmp), timeout)
        if generated is None:
            course.generate(assignment, origin)
        else:
            course.copy_generated(generated)
        autograded = course.autograde(assignment, STUDENT, path, in_process=True)
        scores = course.scores(assignment, STUDENT)
        messages = failure_messages(autograded)
        order = [notebooks.nbgrader_meta(c)["grade_id"]
                 for c in notebooks.test_cells(notebooks.read(autograded))]
    rows = [Row(g.removeprefix("test_"), *scores[g], messages.get(g, "")) for g in order]
    return rows, hidden


def render(rows: list[Row], hidden: bool, assignment: manifest.Assignment) -> str:
    width = max([len(r.name) for r in rows] + [8])
    lines = [f"{assignment.id}: {assignment.title}",
             f"{'function':<{width}}  points  result  first failure",
             f"{'-' * width}  ------  ------  -------------"]
    for r in rows:
        result = "pass" if r.score >= r.max_score else "FAIL"
        first, *more = r.message.splitlines() or [""]
        lines.append(f"{r.name:<{width}}  {r.score:>2g}/{r.max_score:<3g}  {result:<6}  {_cut(first)}".rstrip())
        lines += [f"{'':<{width + 18}}{_cut(line)}" for line in more]
    total, possible = sum(r.score for r in rows), sum(r.max_score for r in rows)
    lines.append(f"{'total':<{width}}  {total:>2g}/{possible:<3g}")
    if not hidden:
        lines.append("(the instructor notebook is not here, so hidden cases were not run: public checks only)")
    return "\n".join(lines)


def render_html(rows: list[Row], hidden: bool, assignment: manifest.Assignment) -> str:
    """The table of ``render`` as HTML, for the grading cell of a notebook."""
    left = ' style="text-align:left"'
    body = []
    for r in rows:
        passed = r.score >= r.max_score
        first, *more = r.message.splitlines() or [""]
        message = html.escape(first) + "".join(f"<br><small>{html.escape(line)}</small>" for line in more)
        colour = "#2e7d32" if passed else "#c62828"
        body.append(f"<tr><td{left}><code>{html.escape(r.name)}</code></td><td>{r.score:g}/{r.max_score:g}</td>"
                    f"<td style=\"text-align:left;color:{colour};font-weight:bold\">{'pass' if passed else 'FAIL'}</td>"
                    f"<td{left}>{message}</td></tr>")
    total, possible = sum(r.score for r in rows), sum(r.max_score for r in rows)
    body.append(f"<tr><th{left}>total</th><th>{total:g}/{possible:g}</th><th></th><th></th></tr>")
    note = "" if hidden else ("<p>The instructor notebook is not here, so hidden cases were not run: "
                              "public checks only.</p>")
    return (f"<div class=\"dlfs-grade\"><p><b>{html.escape(assignment.id)}</b>: {html.escape(assignment.title)}</p>"
            f"<table><thead><tr><th{left}>function</th><th>points</th><th{left}>result</th>"
            f"<th{left}>first failure</th></tr></thead><tbody>" + "".join(body) + f"</tbody></table>{note}</div>")


def _cut(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def main(path: Path, assignment_id: str | None, timeout: int | None) -> int:
    path = path.resolve()
    if not path.exists():
        print(f"no such notebook: {path}", file=sys.stderr)
        return 2
    assignment = resolve_assignment(path, assignment_id)
    print(f"grading a copy of {path} ...", flush=True)
    content = path.read_bytes()
    rows, hidden = grade(path, assignment, timeout)
    print(render(rows, hidden, assignment))
    from .results import record

    record(path, assignment, rows, hidden, content)  # for `python -m autograder progress`
    return 0
