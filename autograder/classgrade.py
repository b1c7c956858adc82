"""``python -m autograder autograde ASSIGNMENT``: autograde a whole class in parallel on dask.

Run from the course root (the nbgrader course directory), it grades every submission under
``submitted/<student>/<ASSIGNMENT>/`` as ``nbgrader autograde ASSIGNMENT`` would, but many
at a time:

* **Workers grade, the client records.** Each submission is a dask task. A worker receives
  the submission's files (no shared file system is needed) and a *template* of the course:
  the assignment generated from ``source/<ASSIGNMENT>/`` with the course's own nbgrader
  configuration, and a gradebook holding only that assignment. It runs nbgrader's Autograde
  app, with the course's preprocessors, in a private scratch course and sends back the
  autograded files and the scores nbgrader saved. Only this process writes to the course:
  the autograded folder first, then the scores into the course's gradebook in one
  transaction per submission, then the ledger. Workers never touch the gradebook, so
  concurrent writers cannot corrupt it, whether it is SQLite or PostgreSQL (``--db-url``, or
  ``c.CourseDirectory.db_url`` in ``nbgrader_config.py``).
* **Same grades as nbgrader.** A score is copied as nbgrader's SaveAutoGrades sets it: the
  automatic score and comment, ``needs_manual_grade`` when a manual score exists or no
  automatic score could be given, and the late penalty computed in the worker from the
  course's due date and the student's extension. Manual scores are never touched.
* **Faults.** A notebook that crashes or hangs is graded by nbgrader's own rules (the
  course's executor kills a stuck kernel; the cells that could not run score zero). A
  worker that dies has its submission rescheduled by dask; a submission on which workers
  die repeatedly (``ALLOWED_FAILURES``) or that nbgrader cannot grade at all is recorded as
  a failure: zero automatic points, notebooks flagged for the instructor, the reason in
  the summary, and it never stops the others.
* **Resume.** ``.autograde/<ASSIGNMENT>.json`` in the course root keeps, per student, the
  checksum of the submitted files and of the template that graded them. A run grades only
  submissions that are new or changed since, or whose grade is missing from the gradebook
  or from ``autograded/`` (an interrupted run resumes where it stopped); ``--force`` grades
  all again. Running twice leaves the same gradebook.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import signal
import sys
import tarfile
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import manifest

LEDGER_DIR = ".autograde"
# how many times a submission's task may lose its worker before the submission is recorded
# as a failure (a worker killed from outside, or by the submission itself)
ALLOWED_FAILURES = 2
_IGNORED = {".ipynb_checkpoints", "__pycache__"}


@dataclass
class Submission:
    student: str
    folder: Path
    checksum: str


@dataclass
class Summary:
    assignment: str
    graded: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    workers: int = 0

    def render(self) -> str:
        done = len(self.graded) + len(self.failed)
        rate = done / self.seconds * 60 if self.seconds and done else 0.0
        lines = [f"{self.assignment}: {done + len(self.up_to_date)} submissions: {len(self.graded)} graded, "
                 f"{len(self.failed)} failed, {len(self.up_to_date)} already up to date; "
                 f"{self.seconds:.1f} s on {self.workers} workers ({rate:.1f} submissions a minute)"]
        for student, reason in sorted(self.failed.items()):
            lines.append(f"  FAILED {student}: {_headline(reason)[:200]}")
        if self.failed:
            lines.append("  (failed submissions score zero automatic points and are flagged in the gradebook)")
        return "\n".join(lines)


def _headline(reason: str) -> str:
    """The line of a failure's report that says what went wrong (the exception, if any)."""
    lines = [line.strip() for line in reason.splitlines() if line.strip()]
    errors = [line for line in lines if re.match(r"^[\w.]*(Error|Exception|KilledWorker)\b", line)]
    return (errors or lines or ["?"])[-1]


# ----------------------------------------------------------------------------- the course

@dataclass
class CourseSettings:
    root: Path
    config_file: Path
    db_url: str
    course_id: str


def course_settings(root: Path, db_url: str | None = None) -> CourseSettings:
    """The course's nbgrader configuration, read as nbgrader reads it (``nbgrader_config.py``)."""
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(root).resolve()
    config_file = root / "nbgrader_config.py"
    if not config_file.is_file():
        raise SystemExit(f"{root} is not a course directory: it has no nbgrader_config.py")
    config = PyFileConfigLoader(config_file.name, path=str(root)).load_config()
    coursedir = CourseDirectory(config=config, root=str(root))
    return CourseSettings(root, config_file, db_url or coursedir.db_url, coursedir.course_id)


def _files(folder: Path) -> dict[str, bytes]:
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not _IGNORED & set(rel.parts):
            out[rel.as_posix()] = path.read_bytes()
    return out


def _digest(files: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for name, data in sorted(files.items()):
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def find_submissions(root: Path, assignment_id: str) -> list[Submission]:
    """Every ``submitted/<student>/<assignment_id>/`` folder, with the checksum of its files."""
    found = []
    for folder in sorted((Path(root) / "submitted").glob(f"*/{assignment_id}")):
        if folder.is_dir() and not folder.parent.name.startswith("."):
            found.append(Submission(folder.parent.name, folder, _digest(_files(folder))))
    return found


def make_template(settings: CourseSettings, assignment_id: str) -> tuple[bytes, str]:
    """The template a worker grades in, as a gzipped tar, and its checksum.

    It holds the course's configuration, ``source/<assignment_id>/`` and a gradebook in which
    nbgrader generated the assignment; it is kept in the cache while they are unchanged."""
    import nbgrader

    from .course import ScratchCourse
    from .results import cache_dir

    source = settings.root / "source" / assignment_id
    if not (source / f"{assignment_id}.ipynb").is_file():
        raise SystemExit(f"no instructor notebook source/{assignment_id}/{assignment_id}.ipynb in {settings.root}")
    parts = {f"source/{k}": v for k, v in _files(source).items()}
    parts["course_config.py"] = settings.config_file.read_bytes()
    parts["nbgrader-version"] = nbgrader.__version__.encode()
    digest = _digest(parts)
    cached = cache_dir() / "templates" / f"{assignment_id}-{digest[:20]}.tar.gz"
    if cached.is_file():
        return cached.read_bytes(), digest
    with tempfile.TemporaryDirectory(prefix="dlfs-template-") as tmp:
        tmp = Path(tmp)
        (tmp / "course_config.py").write_bytes(parts["course_config.py"])
        course = ScratchCourse(tmp / "course", config_file=tmp / "course_config.py")
        shutil.copytree(source, course.root / "source" / assignment_id)
        course.nbgrader("generate_assignment", assignment_id, "--force")
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
            tar.add(tmp / "course_config.py", "course_config.py")
            tar.add(course.root / "source", "source")
            tar.add(course.root / "gradebook.db", "gradebook.db")
    blob = buffer.getvalue()
    with contextlib.suppress(OSError):
        cached.parent.mkdir(parents=True, exist_ok=True)
        for older in cached.parent.glob(f"{assignment_id}-*.tar.gz"):
            older.unlink()
        partial = cached.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(blob)
        os.replace(partial, cached)
    return blob, digest


def _cells(db_url: str, course_id: str, assignment_id: str) -> dict:
    """``{notebook: {grade cell: max score}}`` of an assignment in a gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url, course_id) as gb:
        try:
            assignment = gb.find_assignment(assignment_id)
        except MissingEntry:
            return {}
        return {nb.name: {c.name: float(c.max_score) for c in nb.grade_cells} for nb in assignment.notebooks}


def _unpack(blob: bytes, folder: Path) -> None:
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        tar.extractall(folder, filter="data")


# ----------------------------------------------------------------------------- a worker's task

_TEMPLATES: dict[str, Path] = {}
_TEMPLATE_LOCK = threading.Lock()


def _template_folder(blob: bytes, digest: str) -> Path:
    """The template unpacked once in this worker process."""
    with _TEMPLATE_LOCK:
        folder = _TEMPLATES.get(digest)
        if folder is None or not folder.is_dir():
            folder = Path(tempfile.mkdtemp(prefix="dlfs-template-"))
            atexit.register(shutil.rmtree, folder, True)
            _unpack(blob, folder)
            _TEMPLATES[digest] = folder
        return folder


def grade_submission(blob: bytes, digest: str, course_id: str, assignment_id: str, student: str,
                     files: dict[str, bytes], duedate: str | None = None, extension: float | None = None,
                     timeout: int | None = None) -> dict:
    """Autograde one submission in a private scratch course (runs on a dask worker).

    Returns ``{"ok": True, "timestamp", "notebooks": {name: {"grades", "comments",
    "late_penalty"}}, "files": {path: bytes}}`` with what nbgrader saved and wrote, or
    ``{"ok": False, "error": ...}`` when nbgrader could not grade it."""
    from nbgrader.api import Gradebook

    from .course import ScratchCourse

    # one BLAS thread per notebook kernel: the workers already use every core
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    template = _template_folder(blob, digest)
    scratch = Path(tempfile.mkdtemp(prefix=f"dlfs-grade-{student[:40]}-"))
    try:
        course = ScratchCourse(scratch / "course", timeout, config_file=template / "course_config.py")
        shutil.copytree(template / "source", course.root / "source")
        shutil.copy2(template / "gradebook.db", course.root / "gradebook.db")
        folder = course.root / "submitted" / student / assignment_id
        for name, data in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        with Gradebook(course.db_url, course_id) as gb:
            if duedate:
                gb.update_or_create_assignment(assignment_id, duedate=duedate)
            if extension:
                import datetime

                gb.update_or_create_student(student)
                gb.update_or_create_submission(assignment_id, student,
                                               extension=datetime.timedelta(seconds=extension))
        try:
            course._autograde_here(assignment_id, student)
        except RuntimeError as err:
            return {"ok": False, "error": str(err)[-3000:]}
        with Gradebook(course.db_url, course_id) as gb:
            sub = gb.find_submission(assignment_id, student)
            result = {"ok": True, "timestamp": sub.timestamp.isoformat() if sub.timestamp else None,
                      "notebooks": {nb.name: {"grades": {g.name: g.auto_score for g in nb.grades},
                                              "comments": {c.name: c.auto_comment for c in nb.comments},
                                              "late_penalty": nb.late_submission_penalty}
                                    for nb in sub.notebooks}}
        result["files"] = _files(course.root / "autograded" / student / assignment_id)
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# ----------------------------------------------------------------------------- the client's records

def record(settings: CourseSettings, assignment_id: str, student: str, result: dict) -> None:
    """Write one graded (or failed) submission into the course's gradebook, in one transaction."""
    from nbgrader import utils
    from nbgrader.api import (
        Comment,
        Grade,
        Gradebook,
        Student,
        SubmittedAssignment,
        SubmittedNotebook,
    )
    from sqlalchemy.exc import OperationalError

    for attempt in range(5):
        with Gradebook(settings.db_url, settings.course_id) as gb:
            db = gb.db
            try:
                assignment = gb.find_assignment(assignment_id)
                sub = (db.query(SubmittedAssignment)
                       .filter(SubmittedAssignment.assignment_id == assignment.id,
                               SubmittedAssignment.student_id == student).one_or_none())
                if sub is None:  # the structure nbgrader's Gradebook.add_submission creates
                    with db.no_autoflush:
                        sub = SubmittedAssignment(assignment=assignment,
                                                  student=db.get(Student, student) or Student(id=student))
                        for notebook in assignment.notebooks:
                            nb = SubmittedNotebook(notebook=notebook, assignment=sub)
                            for cell in notebook.grade_cells:
                                Grade(cell=cell, notebook=nb)
                            for cell in list(notebook.solution_cells) + list(notebook.task_cells):
                                Comment(cell=cell, notebook=nb)
                            for cell in notebook.task_cells:
                                Grade(cell=cell, notebook=nb)
                        db.add(sub)
                if result.get("timestamp"):
                    sub.timestamp = utils.parse_utc(result["timestamp"])
                for nb in sub.notebooks:
                    saved = result.get("notebooks", {}).get(nb.name) if result["ok"] else None
                    for grade in nb.grades:
                        score = saved["grades"].get(grade.name) if saved else 0.0
                        grade.auto_score = score
                        grade.needs_manual_grade = grade.manual_score is not None or score is None
                    for comment in nb.comments:
                        comment.auto_comment = saved["comments"].get(comment.name) if saved else None
                    if saved:
                        nb.late_submission_penalty = saved["late_penalty"]
                    else:
                        nb.flagged = True
                db.commit()
                return
            except OperationalError:  # e.g. SQLite busy with another program's write: try again
                db.rollback()
                if attempt == 4:
                    raise
            except BaseException:
                db.rollback()
                raise
        time.sleep(0.5 * (attempt + 1))


def _write_autograded(root: Path, assignment_id: str, student: str, files: dict[str, bytes]) -> None:
    """Replace ``autograded/<student>/<assignment_id>/`` with the worker's files in one rename."""
    target = root / "autograded" / student / assignment_id
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{assignment_id}-", dir=target.parent))
    for name, data in files.items():
        (fresh / name).parent.mkdir(parents=True, exist_ok=True)
        (fresh / name).write_bytes(data)
    fresh.chmod(0o755)
    old = None
    if target.exists():
        old = target.parent / f".{assignment_id}-old-{os.getpid()}"
        os.rename(target, old)
    os.rename(fresh, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


class Ledger:
    """``.autograde/<assignment>.json``: what was graded, from which files, with which template."""

    def __init__(self, root: Path, assignment_id: str):
        self.path = Path(root) / LEDGER_DIR / f"{assignment_id}.json"
        try:
            self.entries = json.loads(self.path.read_text())
        except (OSError, ValueError):
            self.entries = {}

    def up_to_date(self, sub: Submission, template: str, graded: set[str], root: Path, assignment_id: str) -> bool:
        entry = self.entries.get(sub.student)
        return bool(entry and entry.get("status") == "graded" and entry.get("checksum") == sub.checksum
                    and entry.get("template") == template and sub.student in graded
                    and (root / "autograded" / sub.student / assignment_id).is_dir())

    def note(self, sub: Submission, template: str, status: str, reason: str = "") -> None:
        self.entries[sub.student] = {"checksum": sub.checksum, "template": template, "status": status,
                                     "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "reason": reason[-500:]}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".json.part")
        partial.write_text(json.dumps(self.entries, indent=1, sort_keys=True))
        os.replace(partial, self.path)


def _submitted_students(settings: CourseSettings, assignment_id: str) -> set[str]:
    from nbgrader.api import Gradebook

    with Gradebook(settings.db_url, settings.course_id) as gb:
        return {s.student.id for s in gb.find_assignment(assignment_id).submissions}


def _extensions(settings: CourseSettings, assignment_id: str) -> tuple[str | None, dict[str, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(settings.db_url, settings.course_id) as gb:
        assignment = gb.find_assignment(assignment_id)
        duedate = assignment.duedate.isoformat() if assignment.duedate else None
        return duedate, {s.student.id: s.extension.total_seconds() for s in assignment.submissions if s.extension}


# ----------------------------------------------------------------------------- the run

@contextlib.contextmanager
def _client(workers: int | None, scheduler: str | None):
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                          "distributed.scheduler.worker-saturation": 1.0,  # one task per worker at a time
                          "distributed.logging.distributed": "error"}):
        if scheduler:
            with Client(scheduler) as client:
                yield client
            return
        n = workers or os.cpu_count() or 1
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                          memory_limit=0, silence_logs=40) as cluster, Client(cluster) as client:
            yield client


def autograde_class(root: Path, assignment_id: str, workers: int | None = None, scheduler: str | None = None,
                    db_url: str | None = None, force: bool = False, timeout: int | None = None,
                    progress: bool = True) -> Summary:
    """Grade every new or changed submission of ``assignment_id`` in the course at ``root``."""
    from distributed import as_completed
    from distributed.client import FutureCancelledError
    from tqdm import tqdm

    start = time.perf_counter()
    manifest.get(assignment_id)  # the course's checks must know the assignment
    settings = course_settings(root, db_url)
    central = _cells(settings.db_url, settings.course_id, assignment_id)
    if not central:
        raise SystemExit(f"the gradebook has no assignment {assignment_id!r}: run "
                         f"`nbgrader generate_assignment {assignment_id}` first")
    blob, template = make_template(settings, assignment_id)
    with tempfile.TemporaryDirectory() as tmp:
        _unpack(blob, Path(tmp))
        if _cells(f"sqlite:///{Path(tmp) / 'gradebook.db'}", settings.course_id, assignment_id) != central:
            raise SystemExit(f"the gradebook's {assignment_id} (its graded cells and points) differs from "
                             f"source/{assignment_id}: run `nbgrader generate_assignment {assignment_id} --force`")
    summary = Summary(assignment_id)
    ledger = Ledger(settings.root, assignment_id)
    in_gradebook = _submitted_students(settings, assignment_id)
    todo = []
    for sub in find_submissions(settings.root, assignment_id):
        if not force and ledger.up_to_date(sub, template, in_gradebook, settings.root, assignment_id):
            summary.up_to_date.append(sub.student)
        else:
            todo.append(sub)
    if not todo:
        summary.seconds = time.perf_counter() - start
        return summary
    duedate, extensions = _extensions(settings, assignment_id)
    with _client(workers, scheduler) as client:
        if scheduler is None:
            client.wait_for_workers(workers or os.cpu_count() or 1)
        summary.workers = len(client.nthreads())
        shared = client.scatter(blob, broadcast=True)
        futures = {}
        for sub in todo:
            future = client.submit(grade_submission, shared, template, settings.course_id, assignment_id, sub.student,
                                   _files(sub.folder), duedate, extensions.get(sub.student), timeout,
                                   key=f"grade-{assignment_id}-{sub.student}-{sub.checksum[:12]}", pure=False)
            futures[future] = sub
        bar = tqdm(total=len(todo), unit="submission", disable=not progress, file=sys.stderr,
                   desc=f"grading {assignment_id}")
        for future in as_completed(futures):
            sub = futures[future]
            try:
                result = future.result()
            except FutureCancelledError as err:
                result = {"ok": False, "error": f"cancelled: {err}"}
            except Exception as err:  # noqa: BLE001 -- e.g. KilledWorker: the workers died on it
                result = {"ok": False, "error": f"{type(err).__name__}: {err}"}
            if result["ok"]:
                _write_autograded(settings.root, assignment_id, sub.student, result.pop("files"))
            else:  # no notebook of an earlier grading may stand for this one
                shutil.rmtree(settings.root / "autograded" / sub.student / assignment_id, ignore_errors=True)
            record(settings, assignment_id, sub.student, result)
            if result["ok"]:
                ledger.note(sub, template, "graded")
                summary.graded.append(sub.student)
            else:
                ledger.note(sub, template, "failed", result["error"])
                summary.failed[sub.student] = result["error"]
            bar.update(1)
            bar.set_postfix(failed=len(summary.failed), refresh=False)
        bar.close()
    summary.seconds = time.perf_counter() - start
    return summary


def main(assignment_id: str, workers: int | None, scheduler: str | None, db_url: str | None,
         force: bool, timeout: int | None, root: Path) -> int:
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop as on Ctrl-C: workers closed
    try:
        summary = autograde_class(root, assignment_id, workers, scheduler, db_url, force, timeout)
    except KeyboardInterrupt:
        print("interrupted: what was graded is kept; run the same command again to grade the rest",
              file=sys.stderr)
        return 130
    print(summary.render())
    return 1 if summary.failed else 0
