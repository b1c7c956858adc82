"""The learner's progress: the result of each grading kept, and one table over the course.

Every grading of a notebook by the learner (``python -m autograder grade`` and the grading
cell at the end of each notebook, ``grade_me()``) records its result in a small JSON file,
``results/<id>-<hash of the notebook's path>.json`` in the course's cache folder
(``cache_dir()``: ``~/.cache/deep-learning-from-scratch`` unless ``$DLFS_CACHE_DIR``
or ``$XDG_CACHE_HOME`` moves it). A later grading of the same file replaces it; results of
notebooks that no longer exist are dropped at the next grading.

``python -m autograder progress [WORKSPACE]`` (and ``progress()`` in a notebook) reads those
files for ``WORKSPACE/<id>/<id>.ipynb`` of every assignment of the manifest: functions that
pass, points, when it was graded, and whether the notebook changed since. It never grades.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import manifest

RESULTS = "results"


@dataclass
class Progress:
    """One assignment's line of the progress table."""

    assignment: manifest.Assignment
    notebook: Path
    result: dict | None  # the recorded grading, or None
    changed: bool  # the notebook differs from the file that was graded

    @property
    def started(self) -> bool:
        return self.notebook.exists()

    @property
    def passed(self) -> int:
        return sum(f["score"] >= f["max_score"] for f in self.result["functions"]) if self.result else 0

    @property
    def score(self) -> float:
        return sum(f["score"] for f in self.result["functions"]) if self.result else 0.0

    @property
    def max_score(self) -> float:
        return sum(f["max_score"] for f in self.result["functions"]) if self.result else 0.0

    @property
    def graded_at(self) -> str:
        """Local time of the grading, to the minute."""
        if not self.result:
            return ""
        when = datetime.datetime.fromisoformat(self.result["graded_at"]).astimezone()
        return when.strftime("%Y-%m-%d %H:%M")

    @property
    def note(self) -> str:
        if not self.started:
            return "not in the workspace"
        if not self.result:
            return "not graded yet"
        notes = []
        if self.changed:
            notes.append("changed since graded")
        if not self.result.get("hidden", True):
            notes.append("public checks only")
        return ", ".join(notes)


def cache_dir() -> Path:
    """The course's cache folder: generated assignments (``course.generated_course``) and these
    results. ``$DLFS_CACHE_DIR``, or ``deep-learning-from-scratch`` under ``$XDG_CACHE_HOME``
    (default ``~/.cache``). It lives here, in a module that imports nothing heavy, so that
    ``progress`` starts fast."""
    if os.environ.get("DLFS_CACHE_DIR"):
        return Path(os.environ["DLFS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "deep-learning-from-scratch"


def results_dir() -> Path:
    return cache_dir() / RESULTS


def result_file(notebook: Path, assignment_id: str) -> Path:
    key = hashlib.sha256(str(Path(notebook).resolve()).encode()).hexdigest()[:16]
    return results_dir() / f"{assignment_id}-{key}.json"


def record(notebook: Path, assignment: manifest.Assignment, rows: list, hidden: bool,
           content: bytes | None = None) -> Path | None:
    """Keep the result of grading ``notebook`` (``rows`` of ``grade.grade``); ``content`` is the
    file as it was graded (default: as it is now). Returns the result file, or None when the
    cache folder cannot be written (grading goes on without it)."""
    notebook = Path(notebook).resolve()
    content = notebook.read_bytes() if content is None else content
    data = {
        "notebook": str(notebook),
        "assignment": assignment.id,
        "graded_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "sha256": hashlib.sha256(content).hexdigest(),
        "hidden": hidden,
        "functions": [{"name": r.name, "score": r.score, "max_score": r.max_score,
                       "message": r.message.splitlines()[0] if r.message else ""} for r in rows],
    }
    target = result_file(notebook, assignment.id)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(prefix=".result-", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1)
        os.replace(scratch, target)
    except OSError:
        return None
    _forget_missing(target.parent)
    return target


def _forget_missing(folder: Path) -> None:
    """Drop the results of notebooks that no longer exist (scratch copies, deleted files)."""
    for path in folder.glob("*.json"):
        try:
            if not Path(json.loads(path.read_text(encoding="utf-8"))["notebook"]).exists():
                path.unlink()
        except (OSError, ValueError, KeyError, TypeError):
            continue


def latest(notebook: Path, assignment_id: str) -> dict | None:
    """The recorded result of the last grading of ``notebook``, or None."""
    try:
        data = json.loads(result_file(notebook, assignment_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if data.get("notebook") == str(Path(notebook).resolve()) else None


def progress(workspace: Path) -> list[Progress]:
    """One line per assignment of the course, for ``workspace/<id>/<id>.ipynb``."""
    lines = []
    for a in manifest.assignments():
        notebook = Path(workspace).resolve() / a.id / f"{a.id}.ipynb"
        result = latest(notebook, a.id)
        changed = False
        if result and notebook.exists():
            changed = hashlib.sha256(notebook.read_bytes()).hexdigest() != result["sha256"]
        lines.append(Progress(a, notebook, result, changed))
    return lines


def _totals(lines: list[Progress]) -> tuple[int, int, float, float]:
    graded = [p for p in lines if p.result]
    complete = sum(p.passed == len(p.assignment.graded) for p in graded)
    return len(graded), complete, sum(p.score for p in graded), sum(p.max_score for p in graded)


def render(lines: list[Progress], workspace: Path) -> str:
    width = max(len(p.assignment.id) for p in lines)
    out = [f"progress in {Path(workspace).resolve()}",
           f"{'#':>2}  {'assignment':<{width}}  functions  points  graded            note",
           f"{'-' * 2}  {'-' * width}  ---------  ------  ----------------  ----"]
    for number, p in enumerate(lines, 1):
        functions = f"{p.passed}/{len(p.assignment.graded)}" if p.result else "-"
        points = f"{p.score:g}/{p.max_score:g}" if p.result else "-"
        out.append(f"{number:>2}  {p.assignment.id:<{width}}  {functions:>9}  {points:>6}  "
                   f"{p.graded_at or '-':<16}  {p.note}".rstrip())
    graded, complete, score, possible = _totals(lines)
    out.append(f"{graded} of {len(lines)} assignments graded, {complete} with every function passing; "
               f"{score:g}/{possible:g} points in those graded")
    return "\n".join(out)


def render_html(lines: list[Progress], workspace: Path) -> str:
    left = ' style="text-align:left"'
    rows = []
    for number, p in enumerate(lines, 1):
        done = p.result is not None and p.passed == len(p.assignment.graded)
        functions = f"{p.passed}/{len(p.assignment.graded)}" if p.result else "–"
        done_style = ' style="color:#2e7d32;font-weight:bold"' if done else ""
        rows.append(
            f"<tr><td>{number}</td><td{left} title=\"{html.escape(p.assignment.title)}\">"
            f"<code>{html.escape(p.assignment.id)}</code></td>"
            f"<td{done_style}>{functions}</td>"
            f"<td>{f'{p.score:g}/{p.max_score:g}' if p.result else '–'}</td>"
            f"<td{left}>{html.escape(p.graded_at) or '–'}</td><td{left}>{html.escape(p.note)}</td></tr>")
    graded, complete, score, possible = _totals(lines)
    return ("<div class=\"dlfs-progress\">"
            f"<p>Progress in <code>{html.escape(str(Path(workspace).resolve()))}</code></p>"
            f"<table><thead><tr><th>#</th><th{left}>assignment</th><th>functions passing</th><th>points</th>"
            f"<th{left}>graded</th><th{left}>note</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
            f"<p>{graded} of {len(lines)} assignments graded, {complete} with every function passing; "
            f"{score:g}/{possible:g} points in those graded.</p></div>")


def main(workspace: Path) -> int:
    if not Path(workspace).is_dir():
        print(f"no such workspace: {Path(workspace).resolve()}", file=sys.stderr)
        return 2
    print(render(progress(workspace), workspace))
    return 0
