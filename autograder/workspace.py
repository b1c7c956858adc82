"""The learner's workspace: release notebooks copied in once, and rebuilt from a newer
release on request with the learner's work carried over.

``workspace/<id>/<id>.ipynb``
    the learner's notebook. ``sync_workspace`` copies it from ``release/`` when it is
    missing and otherwise never writes it, except under ``--update``.
``workspace/.release/<id>/<id>.ipynb``
    the record: a copy of the release notebook the learner's notebook was copied from or
    last updated to. A release that differs from it is a newer release. It also tells an
    edit of the learner's from a change of the course's (three-way comparison).
``workspace/backups/<id>.<YYYYmmdd-HHMMSS>.ipynb``
    the learner's previous file, byte for byte, kept by each update that changes it.

How ``merge`` rebuilds a notebook. Cells are matched by nbgrader ``grade_id``, or by cell
id for cells without nbgrader metadata. The result has the new release's cells in the new
release's order, and:

- a **solution cell** keeps the learner's source (and its outputs) when the learner edited
  it, that is when it differs from the recorded release's version of that cell;
- **test cells and locked cells** always come from the new release; a locked (non-test)
  cell that the learner edited is followed by a plain copy of the learner's version, a
  test cell never is (grading integrity): its edited version stays in the backup only;
- a **plain cell of the release** (preview, demonstration) keeps the learner's version in
  its place when only the learner changed it; when the release changed it as well, the
  release's version takes the place and the learner's follows it, after a note;
- a **cell the learner added** follows the nearest cell above it that the new release
  still has (or goes first when no such cell is above it); cells the learner added one
  after another stay together and in their order;
- a **solution cell whose graded function the release no longer has** (renamed or
  removed) moves to the end of the notebook, under the heading ``ORPHANS_HEADING``, as a
  markdown note and a plain code cell with the learner's source;
- cells of the earlier release that the new one removed go away, unless the learner
  edited them (then they are kept as the learner's own cells); a copy the learner made of
  a course cell is one of the learner's own cells (nbgrader metadata removed), except a
  copy of a test cell, which goes away;
- outputs stay with the source that produced them: a cell whose source does not change
  keeps the learner's outputs, a cell whose source changes has none.

A learner's edit is a cell whose source differs from the recorded release's version of
it. Updating twice changes nothing the second time, and a notebook whose rebuild equals it
is not written (no backup).

Workspaces made before the record existed have none. For such a notebook the command
looks for the release it was copied from among the current release and the versions of
it in the repository's git history: the one with the most cells equal to the notebook's
(ties go to the newest). If that is an earlier version, it becomes the record (a newer
release exists); if it is the current release and every locked and test cell matches, it
becomes the record (nothing to do). Otherwise (no history, and course cells that differ)
the command says so and ``--update`` rebuilds the notebook with no record: every cell that
differs from the new release counts as the learner's and is kept (a solution in its
place; any other cell after the release's version of it, with a note), except test cells,
which come from the new release.
"""

from __future__ import annotations

import copy
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import manifest
from .notebooks import nbgrader_meta

RECORD_DIR = ".release"
BACKUP_DIR = "backups"
META_KEY = "workspace_update"  # our own cell metadata: which cell an update made, and why
ORPHANS_HEADING = "Your earlier work that no longer has a place in this notebook"


# --- cells ----------------------------------------------------------------------------------

def _key(cell: dict) -> tuple[str, str] | None:
    grade_id = nbgrader_meta(cell).get("grade_id")
    if grade_id:
        return ("grade_id", grade_id)
    return ("id", cell["id"]) if cell.get("id") else None


def _name(key: tuple[str, str]) -> str:
    return key[1]


def _is_test(cell: dict) -> bool:
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution")


def _is_solution(cell: dict) -> bool:
    return bool(nbgrader_meta(cell).get("solution"))


def _is_course_cell(cell: dict) -> bool:
    """A cell with nbgrader metadata (locked, solution or test)."""
    return bool(nbgrader_meta(cell))


def _index(nb: nbformat.NotebookNode | None) -> dict:
    found = {}
    for cell in nb.cells if nb is not None else []:
        k = _key(cell)
        if k is not None and k not in found:
            found[k] = cell
    return found


def _plain(cell: dict, role: str | None = None, **info) -> nbformat.NotebookNode:
    """A copy of ``cell`` without nbgrader metadata (it is then the learner's own cell)."""
    out = copy.deepcopy(cell)
    out.metadata.pop("nbgrader", None)
    if role:
        out.metadata[META_KEY] = {"role": role, **info}
    return out


def _in_slot(release_cell: dict, mine: dict | None, source_from_mine: bool) -> nbformat.NotebookNode:
    """The release's cell in its place, with the learner's source when asked, and the learner's
    outputs when the source that produced them is the one kept."""
    out = copy.deepcopy(release_cell)
    if mine is None:
        return out
    extra = {k: v for k, v in mine.get("metadata", {}).items() if k != "nbgrader"}
    out.metadata = nbformat.from_dict({**copy.deepcopy(extra), **out.metadata})
    if source_from_mine:
        out.source = mine.source
        if "attachments" in mine:
            out["attachments"] = copy.deepcopy(mine["attachments"])
    if out.cell_type == "code" and mine.cell_type == "code" and out.source == mine.source:
        out.outputs = copy.deepcopy(mine.get("outputs", []))
        out.execution_count = mine.get("execution_count")
    return out


def _markdown(text: str, role: str, **info) -> nbformat.NotebookNode:
    """A note of the update's; its id is made from what it is about, so a rebuild is repeatable."""
    about = re.sub(r"[^A-Za-z0-9_-]", "-", str(next(iter(info.values()), "")))[:40]
    cell = nbformat.v4.new_markdown_cell(text, id=f"{about}-{role}" if about else role)
    cell.metadata[META_KEY] = {"role": role, **info}
    return cell


def _note_for_earlier_version(key: tuple[str, str], recorded: bool,
                              release_changed: bool) -> nbformat.NotebookNode:
    if not recorded:
        why = ("Your notebook had it differently (you edited it, or it came from an earlier release "
               "of the course).")
    elif release_changed:
        why = "You had edited that cell, and a newer release of the course changed it too."
    else:
        why = "You had edited that cell, which the course provides, so the course's version is back."
    return _markdown(
        f"**Your earlier version of the cell above.** {why} The course's version is above; "
        "yours, as you left it, is below. Compare them and delete the one you do not need.",
        "note", of=_name(key))


def _orphan_cells(cell: dict) -> list[nbformat.NotebookNode]:
    grade_id = nbgrader_meta(cell).get("grade_id", "?")
    note = _markdown(
        f"**Your earlier solution cell `{grade_id}`.** This release of the notebook no longer has a "
        f"graded function `{grade_id}` (it was renamed or removed). Your code is kept below as you "
        "left it; it is not graded. Move what you need into the exercise cells above.",
        "orphan-note", grade_id=grade_id)
    return [note, _plain(cell, "orphan", grade_id=grade_id)]


def _orphans_heading() -> nbformat.NotebookNode:
    return _markdown(
        f"## {ORPHANS_HEADING}\n\nA newer release of this notebook was installed by "
        "`python -m autograder workspace --update`. The cells below hold solutions you wrote for "
        "graded functions that the new release no longer has. Nothing here is graded.",
        "orphans-heading")


# --- merging --------------------------------------------------------------------------------

@dataclass
class Summary:
    """What an update did to one notebook."""

    solutions_kept: list[str] = field(default_factory=list)
    starting_code_changed: list[str] = field(default_factory=list)
    own_cells_kept: int = 0
    earlier_versions: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    new_graded: list[str] = field(default_factory=list)
    tests_restored: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        def names(items):
            return ", ".join(dict.fromkeys(items))

        def cells(n):
            return f"{n} cell" if n == 1 else f"{n} cells"

        out = [f"the release changed {cells(len(self.changed))}, added {cells(len(self.added))}, "
               f"removed {cells(len(self.removed))}"]
        if self.new_graded:
            out.append(f"new graded functions: {names(self.new_graded)}")
        if self.solutions_kept:
            out.append(f"your solutions carried over: {names(self.solutions_kept)}")
        if self.starting_code_changed:
            out.append("the release changed the starting code of these solutions of yours; compare "
                       f"with the instructions: {names(self.starting_code_changed)}")
        if self.own_cells_kept:
            out.append(f"your own cells, and release cells you edited, carried over: {self.own_cells_kept}")
        if self.earlier_versions:
            out.append(f"cells of the course that you had changed: {len(self.earlier_versions)} (the "
                       "release's version is in place, yours follows it after a note)")
        if self.orphans:
            out.append(f"solutions for functions this release no longer has, kept at the end under "
                       f"\"{ORPHANS_HEADING}\": {names(self.orphans)}")
        if self.tests_restored:
            out.append("test cells you had changed now come from the release (your version is in the "
                       f"backup): {names(self.tests_restored)}")
        return out


def merge(mine: nbformat.NotebookNode, release: nbformat.NotebookNode,
          base: nbformat.NotebookNode | None = None) -> tuple[nbformat.NotebookNode, Summary]:
    """Rebuild the learner's notebook ``mine`` from ``release``, carrying the learner's work over.

    ``base`` is the release ``mine`` was copied from (or last updated to); without it the new
    release is the reference. The rules are in this module's docstring. ``mine`` is not changed.
    """
    summary = Summary()
    new, old = _index(release), _index(base)
    reference = old if base is not None else new

    def edited(cell: dict, key) -> bool:
        ref = reference.get(key, new.get(key))
        return ref is None or cell.source != ref.source

    # classify the learner's cells: the first cell with a key of the new release takes its slot
    slot: dict = {}
    after: dict = {None: []}          # anchor key (None = before everything) -> carried cells
    orphans: list = []
    anchor = None
    plain_by_source = {}              # for cells saved without ids (nbformat < 4.5)
    for k, c in {**reference, **new}.items():
        if k[0] == "id" and not _is_course_cell(c):
            plain_by_source.setdefault(c.source, []).append(k)
    for cell in mine.cells:
        k = _key(cell)
        if k is None and not _is_course_cell(cell) and plain_by_source.get(cell.source):
            k = plain_by_source[cell.source].pop(0)
        if k is not None and k in new and k not in slot:
            slot[k] = cell
            anchor = k
            after.setdefault(k, [])
            continue
        if _is_test(cell):
            continue                               # a test cell never survives outside its slot
        if k is not None and k in slot:            # a copy of a cell the learner made
            after[anchor].append(_plain(cell))
            summary.own_cells_kept += 1
        elif _is_solution(cell):
            if base is None or k not in old or edited(cell, k):
                orphans.append(cell)
                summary.orphans.append(nbgrader_meta(cell).get("grade_id", "?"))
            # else: the untouched starting code of an exercise the release removed
        elif k is not None and k in reference and not edited(cell, k):
            pass                                   # course content the release removed
        else:
            after[anchor].append(_plain(cell))
            if cell.metadata.get(META_KEY, {}).get("role") not in ("note", "orphan-note", "orphans-heading"):
                summary.own_cells_kept += 1

    cells = list(after[None])
    fixed: set[int] = set()           # the cells that are the new release's, which keep their ids

    def put(cell):
        cells.append(cell)
        fixed.add(id(cell))

    emitted: set = set()
    for rcell in release.cells:
        k = _key(rcell)
        first = k not in emitted
        w = slot.get(k) if first else None
        emitted.add(k)
        if k is not None and first:
            known = old if base is not None else slot
            if k not in known:
                summary.added.append(_name(k))
                if _is_solution(rcell):
                    summary.new_graded.append(_name(k))
            elif base is not None and old[k].source != rcell.source:
                summary.changed.append(_name(k))
            elif base is None and w.source != rcell.source and not _is_solution(rcell):
                summary.changed.append(_name(k))
        if w is None:
            put(copy.deepcopy(rcell))
            continue
        mine_edited = edited(w, k) and w.source != rcell.source
        same_kind = w.cell_type == rcell.cell_type
        release_changed = base is not None and k in old and old[k].source != rcell.source
        earlier = [_note_for_earlier_version(k, base is not None, release_changed),
                   _plain(w, "earlier", of=_name(k))]
        if _is_test(rcell):
            put(_in_slot(rcell, w, False))
            if mine_edited and base is not None:
                summary.tests_restored.append(_name(k))
        elif _is_solution(rcell):
            if mine_edited and same_kind and _is_solution(w):
                put(_in_slot(rcell, w, True))
                summary.solutions_kept.append(_name(k))
                if release_changed:
                    summary.starting_code_changed.append(_name(k))
            else:
                put(_in_slot(rcell, w, False))
                if mine_edited:
                    orphans.append(w)
                    summary.orphans.append(_name(k))
        elif _is_course_cell(rcell):
            put(_in_slot(rcell, w, False))
            if mine_edited:
                cells += earlier
                summary.earlier_versions.append(_name(k))
        elif not mine_edited:
            put(_in_slot(rcell, w, False))
        elif base is not None and not release_changed and same_kind:
            put(_in_slot(rcell, w, True))   # only the learner changed it: theirs stays
            summary.own_cells_kept += 1
        else:
            put(_in_slot(rcell, w, False))
            cells += earlier
            summary.earlier_versions.append(_name(k))
        if first:
            cells += after.get(k, [])
    if orphans:
        if not any(c.metadata.get(META_KEY, {}).get("role") == "orphans-heading" for c in cells):
            cells.append(_orphans_heading())
        for cell in orphans:
            cells += _orphan_cells(cell)
    gone = old if base is not None else {k: c for k, c in _index(mine).items() if _is_course_cell(c)}
    summary.removed = [_name(k) for k in gone if k not in new]

    out = nbformat.v4.new_notebook()
    out.nbformat, out.nbformat_minor = release.nbformat, release.nbformat_minor
    out.metadata = nbformat.from_dict({**copy.deepcopy(mine.metadata), **copy.deepcopy(release.metadata)})
    out.cells = _unique_ids(cells, fixed)
    return out, summary


def _unique_ids(cells: list, fixed: set[int]) -> list:
    """Give every cell an id, unique in the notebook. The new release's cells (``fixed``, by
    ``id()``) keep theirs, since the next update matches plain cells by id; any other cell
    whose id is missing or taken gets one made from it (``-2``, ``-3``...)."""
    taken = {cell.get("id") for cell in cells if id(cell) in fixed and cell.get("id")}
    for cell in cells:
        if id(cell) in fixed and cell.get("id"):
            continue
        stem = re.sub(r"[^A-Za-z0-9_-]", "-", cell.get("id") or "cell")[:58]
        candidate, n = stem, 2
        while candidate in taken:
            candidate, n = f"{stem}-{n}", n + 1
        cell["id"] = candidate
        taken.add(candidate)
    return cells


# --- the workspace --------------------------------------------------------------------------

def _record(workspace: Path, assignment_id: str, name: str) -> Path:
    return workspace / RECORD_DIR / assignment_id / name


def _save_record(workspace: Path, assignment_id: str, release_file: Path) -> None:
    record = _record(workspace, assignment_id, release_file.name)
    record.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(release_file, record)


def _git_versions(release_file: Path) -> list[bytes]:
    """Every committed version of ``release_file``, newest first ([] without git)."""
    rel = release_file.resolve().relative_to(manifest.REPO_ROOT).as_posix()
    try:
        log = subprocess.run(["git", "log", "--format=%H", "--", rel], cwd=manifest.REPO_ROOT,
                             capture_output=True, text=True, timeout=60)
        if log.returncode != 0:
            return []
        versions = []
        for commit in log.stdout.split():
            show = subprocess.run(["git", "show", f"{commit}:{rel}"], cwd=manifest.REPO_ROOT,
                                  capture_output=True, timeout=60)
            if show.returncode == 0:
                versions.append(show.stdout)
        return versions
    except (OSError, ValueError, subprocess.SubprocessError):
        return []


def guess_base(mine: nbformat.NotebookNode, release_file: Path) -> bytes | None:
    """For a notebook without a record: the version of the release it was most likely copied
    from, among the current release file and its versions in git history: the one with the
    most cells equal to the notebook's (ties go to the newest). None if none can be read."""
    current = release_file.read_bytes()
    candidates = [current] + [v for v in _git_versions(release_file) if v != current]
    best, best_score = None, -1
    for raw in candidates:
        try:
            nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
        except Exception:  # noqa: BLE001 -- an unreadable version is just skipped
            continue
        score = _agreement(mine, nb)[0]
        if score > best_score:
            best, best_score = raw, score
    return best


def _agreement(mine: nbformat.NotebookNode, release: nbformat.NotebookNode) -> tuple[int, bool]:
    """(how many cells of ``release`` ``mine`` has unchanged, whether it has every locked and
    test cell of ``release`` unchanged)."""
    have = _index(mine)
    same = {k for k, c in _index(release).items() if k in have and have[k].source == c.source}
    course = {k for k, c in _index(release).items() if _is_course_cell(c) and not _is_solution(c)}
    return len(same), course <= same


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


def state(workspace: Path, assignment_id: str, release_file: Path) -> tuple[str, bytes | None]:
    """``("missing"|"current"|"newer"|"unknown", base)``: whether the learner's notebook is
    missing, made from the current release, or made from an earlier one (``base``, its bytes,
    when known). ``unknown``: no record and no earlier release matches it."""
    dest = workspace / assignment_id / release_file.name
    if not dest.exists():
        return "missing", None
    release_bytes = release_file.read_bytes()
    record = _record(workspace, assignment_id, release_file.name)
    if record.exists() and _parses(base := record.read_bytes()):
        return ("current" if _same_notebook(base, release_bytes) else "newer"), base
    try:
        mine = _read(dest)
    except Exception:  # noqa: BLE001 -- not a notebook we can read: leave it alone
        return "unknown", None
    base = guess_base(mine, release_file)
    if base is None:
        return "unknown", None
    if not _same_notebook(base, release_bytes):
        _record(workspace, assignment_id, release_file.name).parent.mkdir(parents=True, exist_ok=True)
        _record(workspace, assignment_id, release_file.name).write_bytes(base)   # found in history
        return "newer", base
    if _agreement(mine, _read(release_file))[1]:
        _save_record(workspace, assignment_id, release_file)   # made from this release: note it
        return "current", base
    return "unknown", None     # some locked or test cells differ, and no earlier release explains them


def _parses(raw: bytes) -> bool:
    try:
        json.loads(raw)
        return True
    except ValueError:
        return False


def _same_notebook(a: bytes, b: bytes) -> bool:
    """The same file, or the same notebook written differently (line endings, say)."""
    return a == b or json.loads(a) == json.loads(b)


def _backup_path(workspace: Path, dest: Path, now: datetime.datetime) -> Path:
    folder = workspace / BACKUP_DIR
    stamp = now.strftime("%Y%m%d-%H%M%S")
    path, n = folder / f"{dest.stem}.{stamp}{dest.suffix}", 2
    while path.exists():
        path, n = folder / f"{dest.stem}.{stamp}-{n}{dest.suffix}", n + 1
    return path


def update_notebook(workspace: Path, assignment_id: str, release_file: Path, base: bytes | None,
                    now: datetime.datetime | None = None) -> tuple[Summary, Path | None]:
    """Rebuild ``workspace/<id>/<file>`` from ``release_file``; back the previous file up first.
    Returns the summary and the backup (None when the rebuilt notebook equals the current one,
    which is then left untouched)."""
    dest = workspace / assignment_id / release_file.name
    mine = _read(dest)
    base_nb = nbformat.reads(base.decode("utf-8"), as_version=4) if base is not None else None
    merged, summary = merge(mine, _read(release_file), base_nb)
    nbformat.validate(merged)
    backup = None
    if merged != mine:
        backup = _backup_path(workspace, dest, now or datetime.datetime.now())
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(dest, backup)
        tmp = dest.with_name(f".{dest.name}.updating")
        text = nbformat.writes(merged)
        tmp.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        os.replace(tmp, dest)
    _save_record(workspace, assignment_id, release_file)
    return summary, backup


def _release_notebooks() -> list[tuple[manifest.Assignment, Path]]:
    found = []
    for assignment in manifest.assignments():
        if assignment.release.parent.exists():
            found += [(assignment, p) for p in sorted(assignment.release.parent.glob("*.ipynb"))]
    return found


def _resolve(names: list[str]) -> set[str]:
    ids = {a.id for a in manifest.assignments()}
    chosen = set()
    for name in names:
        p = Path(name)
        candidate = p.parent.name if p.suffix == ".ipynb" else p.name
        if candidate not in ids:
            raise KeyError(f"unknown assignment {name!r}; the course has: {', '.join(sorted(ids))}")
        chosen.add(candidate)
    return chosen


def sync_workspace(workspace: Path, update: list[str] | None = None,
                   now: datetime.datetime | None = None) -> None:
    """Copy release notebooks the workspace lacks; report the ones with a newer release.

    Never overwrites a learner's file, except with ``update`` (a list: the assignment ids to
    update, or empty for every notebook with a newer release), which rebuilds those from the
    new release with ``update_notebook``.
    """
    chosen = _resolve(update) if update else None
    workspace = Path(workspace)
    workspace.mkdir(parents=True, exist_ok=True)
    for assignment in manifest.assignments():
        folder = assignment.release.parent
        if not folder.exists():
            continue
        for src in sorted(folder.iterdir()):
            dest = workspace / assignment.id / src.name
            if dest.exists():
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, dest)
            if src.suffix == ".ipynb":
                _save_record(workspace, assignment.id, src)
            print(f"added {dest}")
    pending = []
    for assignment, src in _release_notebooks():
        if chosen is not None and assignment.id not in chosen:
            continue
        dest = workspace / assignment.id / src.name
        try:
            status, base = state(workspace, assignment.id, src)
        except Exception as err:  # noqa: BLE001 -- never stop `make lab` from opening JupyterLab
            print(f"{dest}: could not tell which release it came from ({type(err).__name__}: {err})")
            continue
        if status in ("newer", "unknown"):
            pending.append((assignment, src, dest, base, status))
        elif chosen is not None:
            print(f"{dest}: up to date")
    if update == [] and not pending:
        print(f"every notebook of {workspace} is up to date with the release")
    if update is None:
        for _, _, dest, _, status in pending:
            if status == "newer":
                print(f"newer release of {dest}")
            else:
                print(f"{dest} differs from every release of it in cells the course provides "
                      "(no record of the release it was copied from)")
        if pending:
            print(f"to update: `make update`, or `{_python()} -m autograder workspace {workspace} "
                  f"--update [ids]`; your work is kept and each previous file is backed up in "
                  f"{workspace / BACKUP_DIR}/")
        return
    written = 0
    for assignment, src, dest, base, status in pending:
        before = dest.read_bytes()
        try:
            summary, backup = update_notebook(workspace, assignment.id, src, base, now)
        except Exception as err:  # noqa: BLE001 -- report and go on with the other notebooks
            same = dest.read_bytes() == before
            print(f"{dest}: not updated ({type(err).__name__}: {err})"
                  + ("; the file is unchanged" if same else ""))
            continue
        if backup is None:
            print(f"{dest}: up to date (nothing to change)")
            continue
        written += 1
        print(f"updated {dest}")
        print(f"  previous file kept as {backup}")
        if status == "unknown":
            print("  no record of the release it was copied from: cells that differ from the new "
                  "release were treated as yours")
        for line in summary.lines():
            print(f"  {line}")
    if written:
        print("If JupyterLab has one of these notebooks open, reload it (File > Reload Notebook from "
              "Disk) before you save it there, or the old version would be saved over the update.")


def _python() -> str:
    exe = Path(sys.executable)
    try:
        return str(exe.relative_to(Path.cwd()))
    except ValueError:
        return "python"
