"""Grading a whole class on dask (`python -m autograder autograde`, autograder/classgrade.py).

A class of 40 submissions over two assignments (solved, blank, half-solved, crashing, hanging
and tampered, from tests/tamper_probes.py) is graded once by nbgrader itself (`nbgrader
autograde`, one submission at a time) and once on a local dask cluster of two workers, with
the gradebook in SQLite and then in a real PostgreSQL server that these tests start. Every
score, and the grades nbgrader exports, must be the same. Then the faults: a worker killed
mid-run, a submission on which every worker dies, a run interrupted and resumed on a dask
cluster started as separate commands, a run repeated.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import pytest
from tamper_probes import NB, PROBES, _solution_body, blank, points, prepend_to_solution, solved

from autograder import classgrade, manifest, notebooks
from autograder.course import ScratchCourse

pytestmark = pytest.mark.xdist_group("class-grading")

LOGREG = "c1w2-logistic-regression"
ASSIGNMENTS = (NB, LOGREG)
TIMEOUT = 10   # seconds a cell may run: the hanging submissions are stopped after this
COURSE_ID = "deep-learning-from-scratch"
NB_PROBES = ["rebind-check", "patch-autograder", "fake-recorder", "lookup-references", "read-instructor-notebook",
             "escape-hatches", "inspect-grader", "deleted-test-cells", "moved-duplicated-test-cells",
             "edited-invented-test-cells", "kernel-exit", "kernel-killed", "kill-the-grader",
             "hang-ignoring-interrupts", "memory-and-output-flood", "persist-into-next-kernel"]


def half_solved(assignment_id: str, share: int) -> nbformat.NotebookNode:
    """The release with the instructor's solution of every ``share``-th graded function only."""
    a = manifest.get(assignment_id)
    keep = set(a.graded[::share])
    source = {notebooks.nbgrader_meta(c).get("grade_id"): c for c in notebooks.read(a.source).cells}
    nb = blank(assignment_id)
    for cell in nb.cells:
        gid = notebooks.nbgrader_meta(cell).get("grade_id")
        if notebooks.is_solution_cell(cell) and gid in keep:
            cell.source = _solution_body(source[gid].source)
    return nb


def _crashing(assignment_id: str, function: str) -> nbformat.NotebookNode:
    return prepend_to_solution(solved(assignment_id), function, "import os\nos._exit(3)")


def _hanging(assignment_id: str, function: str) -> nbformat.NotebookNode:
    return prepend_to_solution(solved(assignment_id), function, "while True:\n    pass")


def build_class() -> dict[str, dict[str, nbformat.NotebookNode]]:
    """``{assignment: {student: notebook}}``: 20 submissions of each of the two assignments."""
    by_name = {p.name: p for p in PROBES}
    nb_class = {f"probe-{name}": by_name[name].build() for name in NB_PROBES}
    nb_class.update({"solved-1": solved(NB), "solved-2": solved(NB), "blank-1": blank(NB), "half-2": half_solved(NB, 2)})
    graded = manifest.get(LOGREG).graded
    lr_class = {f"solved-{i}": solved(LOGREG) for i in range(1, 5)}
    lr_class.update({f"blank-{i}": blank(LOGREG) for i in range(1, 4)})
    lr_class.update({f"half-{share}": half_solved(LOGREG, share) for share in (2, 3, 4)})
    lr_class.update({f"crash-{f}": _crashing(LOGREG, f) for f in (graded[0], graded[2], graded[-1])})
    lr_class.update({f"hang-{f}": _hanging(LOGREG, f) for f in (graded[1], graded[-2])})
    lr_class["probe-sigmoid-wrong-only"] = by_name["sigmoid-wrong-only"].build()
    tampered = solved(LOGREG)
    tampered.cells = [c for c in tampered.cells if not notebooks.nbgrader_meta(c).get("grade")]
    lr_class["tampered-no-tests"] = tampered
    inflated = blank(LOGREG)
    for cell in notebooks.test_cells(inflated):
        cell.metadata["nbgrader"]["points"] = 100
        cell.source = "pass"
    lr_class["tampered-points"] = inflated
    lr_class["tampered-outputs"] = _with_fake_outputs(blank(LOGREG))
    lr_class["tampered-kernelspec"] = _with_kernelspec(solved(LOGREG))
    classes = {NB: nb_class, LOGREG: lr_class}
    assert sum(len(c) for c in classes.values()) == 40
    return classes


def _with_fake_outputs(nb):
    for cell in notebooks.test_cells(nb):
        cell.execution_count = 1
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="all checks passed\n")]
    return nb


def _with_kernelspec(nb):
    nb.metadata["kernelspec"] = {"name": "python2", "display_name": "Python 2", "language": "python"}
    return nb


def make_course(root: Path, klass: dict, assignments=ASSIGNMENTS, db_url: str | None = None) -> ScratchCourse:
    """A course directory with the assignments generated and the class's submissions in ``submitted/``."""
    course = ScratchCourse(root, timeout=TIMEOUT)
    if db_url:
        with open(course.root / "nbgrader_config.py", "a") as config:
            config.write(f"c.CourseDirectory.db_url = {db_url!r}\n")
    for assignment_id in assignments:
        course.generate(manifest.get(assignment_id))
        submit(course.root, assignment_id, klass[assignment_id])
    return course


def submit(root: Path, assignment_id: str, students: dict, day: int = 1) -> None:
    for i, (student, nb) in enumerate(sorted(students.items())):
        folder = root / "submitted" / student / assignment_id
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(folder / f"{assignment_id}.ipynb"))
        (folder / "timestamp.txt").write_text(f"2026-11-{day:02d} 10:{i:02d}:00.000000 UTC")


def gradebook(db_url: str, assignment_id: str) -> dict[str, dict[str, tuple]]:
    """``{student: {grade cell: (auto score, needs manual grade)}}`` and each submission's
    timestamp and late penalties, as stored."""
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(db_url, COURSE_ID) as gb:
        for sub in gb.find_assignment(assignment_id).submissions:
            row = {"timestamp": str(sub.timestamp)}
            for nb in sub.notebooks:
                row.update({g.name: (g.auto_score, g.needs_manual_grade) for g in nb.grades})
                row.update({f"comment:{c.name}": c.auto_comment for c in nb.comments})
                row[f"late:{nb.name}"] = nb.late_submission_penalty
                row[f"flagged:{nb.name}"] = nb.flagged
            out[sub.student.id] = row
    return out


def exported(course: ScratchCourse) -> list[dict]:
    course.nbgrader("export", "--to", "grades.csv")
    with open(course.root / "grades.csv", newline="") as f:
        return sorted(csv.DictReader(f), key=lambda r: (r["assignment"], r["student_id"]))


def without_timestamp(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "timestamp"}


def scores_of(book: dict) -> dict:
    return {s: {k: v[0] for k, v in row.items() if k.startswith("test_")} for s, row in book.items()}


@pytest.fixture(scope="module")
def klass():
    return build_class()


@pytest.fixture(scope="module")
def sequential(klass, tmp_path_factory):
    """The class graded by nbgrader itself, one submission after the other."""
    course = make_course(tmp_path_factory.mktemp("sequential") / "course", klass)
    for assignment_id in ASSIGNMENTS:
        course.nbgrader("autograde", assignment_id)
    return course, {a: gradebook(course.db_url, a) for a in ASSIGNMENTS}, exported(course)


@pytest.fixture(scope="module")
def ours(klass, tmp_path_factory):
    """The class graded on two dask workers, SQLite gradebook."""
    course = make_course(tmp_path_factory.mktemp("ours") / "course", klass)
    summaries = {a: classgrade.autograde_class(course.root, a, workers=2, progress=False) for a in ASSIGNMENTS}
    return course, summaries


def test_the_class_is_graded_exactly_as_nbgrader_grades_it(klass, sequential, ours):
    seq_course, seq_books, seq_export = sequential
    course, summaries = ours
    by_name = {p.name: p for p in PROBES}
    for assignment_id in ASSIGNMENTS:
        summary = summaries[assignment_id]
        assert sorted(summary.graded) == sorted(klass[assignment_id]) and not summary.failed, summary.render()
        assert summary.workers == 2
        book = gradebook(course.db_url, assignment_id)
        assert book == seq_books[assignment_id]
        # the class is not trivially uniform: the grades differ from student to student as they must
        got = scores_of(book)
        full = {f"test_{f}": float(p) for f, p in points(assignment_id).items()}
        assert got["solved-1"] == full
        assert set(got["blank-1"].values()) == {0.0}
        assert 0 < sum(got["half-2"].values()) < sum(full.values())
        for student in klass[assignment_id]:
            if student.startswith("probe-"):
                probe = by_name[student.removeprefix("probe-")]
                expected = {f"test_{f}": float(probe.scores.get(f, 0)) for f in points(assignment_id)}
                assert got[student] == expected, student
            folder = course.root / "autograded" / student / assignment_id
            graded = notebooks.read(folder / f"{assignment_id}.ipynb")
            assert all("hidden=True" in c.source for c in notebooks.test_cells(graded))
            assert (folder / "timestamp.txt").is_file()
        if assignment_id == LOGREG:
            assert set(got["tampered-points"].values()) == {0.0}
            assert got["tampered-no-tests"] == full
            assert sum(got["crash-" + manifest.get(LOGREG).graded[0]].values()) < sum(full.values())
    # what an instructor does next works unchanged, and exports the same grades
    assert exported(course) == seq_export
    course.nbgrader("generate_feedback", NB, "--student", "half-2")
    assert (course.root / "feedback" / "half-2" / NB / f"{NB}.html").is_file()


def test_running_again_grades_nothing_and_changes_nothing(klass, ours):
    course, _ = ours
    before = {a: gradebook(course.db_url, a) for a in ASSIGNMENTS}
    again = classgrade.autograde_class(course.root, NB, workers=2, progress=False)
    assert again.graded == [] and sorted(again.up_to_date) == sorted(klass[NB])
    assert {a: gradebook(course.db_url, a) for a in ASSIGNMENTS} == before


def test_only_new_and_changed_submissions_are_graded(klass, ours):
    course, _ = ours
    submit(course.root, NB, {"blank-1": solved(NB), "late-joiner": half_solved(NB, 3)}, day=2)
    result = classgrade.autograde_class(course.root, NB, workers=1, progress=False)
    assert sorted(result.graded) == ["blank-1", "late-joiner"]
    assert len(result.up_to_date) == len(klass[NB]) - 1
    got = scores_of(gradebook(course.db_url, NB))
    assert got["blank-1"] == {f"test_{f}": float(p) for f, p in points(NB).items()}
    assert 0 < sum(got["late-joiner"].values()) < len(points(NB))


def test_a_regrade_keeps_manual_grades_and_asks_for_review(ours):
    """As nbgrader's SaveAutoGrades: the automatic score is replaced, a manual one kept and
    the cell marked as needing review."""
    from nbgrader.api import Gradebook

    course, _ = ours
    settings = classgrade.course_settings(course.root)
    with Gradebook(settings.db_url, COURSE_ID) as gb:
        gb.find_grade("test_sigmoid", NB, NB, "half-2").manual_score = 0.5
        gb.db.commit()
    result = {"ok": True, "timestamp": None,
              "notebooks": {NB: {"grades": {f"test_{f}": 1.0 for f in manifest.get(NB).graded},
                                 "comments": {}, "late_penalty": None}}}
    classgrade.record(settings, NB, "half-2", result)
    with Gradebook(settings.db_url, COURSE_ID) as gb:
        sigmoid = gb.find_grade("test_sigmoid", NB, NB, "half-2")
        assert (sigmoid.auto_score, sigmoid.manual_score, sigmoid.needs_manual_grade) == (1.0, 0.5, True)
        other = gb.find_grade("test_L1", NB, NB, "half-2")
        assert (other.auto_score, other.manual_score, other.needs_manual_grade) == (1.0, None, False)
        assert str(gb.find_submission(NB, "half-2").timestamp) == "2026-11-01 10:01:00"


# ----------------------------------------------------------------------------- PostgreSQL

def _pg_bindir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    which = shutil.which("initdb")
    return Path(which).parent if which else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres():
    """A PostgreSQL server of our own on a Unix socket, with an empty ``gradebook`` database."""
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("the PostgreSQL server (initdb, pg_ctl) is not installed: `apt-get install postgresql` "
                    "(.ci/run does)")
    base = Path(tempfile.mkdtemp(prefix="dlfs-pg-", dir="/tmp"))
    base.chmod(0o755)
    as_user = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(base, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _free_port()

    def run(*cmd):
        subprocess.run([*as_user, *map(str, cmd)], check=True, capture_output=True, text=True)

    run(bindir / "initdb", "-D", base / "data", "-A", "trust", "-U", "grader", "--no-sync")
    run(bindir / "pg_ctl", "-D", base / "data", "-o", f"-k {base} -p {port} -c listen_addresses=''",
        "-l", base / "server.log", "-w", "start")
    try:
        run(bindir / "createdb", "-h", base, "-p", port, "-U", "grader", "gradebook")
        yield f"postgresql+psycopg://grader@/gradebook?host={base}&port={port}"
    finally:
        run(bindir / "pg_ctl", "-D", base / "data", "-m", "fast", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


def test_a_postgresql_gradebook_gets_the_same_grades(klass, sequential, postgres, tmp_path):
    _, seq_books, seq_export = sequential
    course = make_course(tmp_path / "course", klass, db_url=postgres)
    assert not (course.root / "gradebook.db").exists()
    for assignment_id in ASSIGNMENTS:
        summary = classgrade.autograde_class(course.root, assignment_id, workers=2, progress=False)
        assert not summary.failed and len(summary.graded) == len(klass[assignment_id])
        assert gradebook(postgres, assignment_id) == seq_books[assignment_id]
    assert not (course.root / "gradebook.db").exists()
    assert exported(course) == seq_export


# ----------------------------------------------------------------------------- faults

def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _kernel_grading(student: str) -> int | None:
    """The pid of a notebook kernel now grading ``student``'s submission (its folder is the kernel's cwd)."""
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cwd = os.readlink(proc / "cwd")
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if f"/autograded/{student}/" in cwd + "/" and b"ipykernel" in cmdline:
            return int(proc.name)
    return None


class WorkerKiller(threading.Thread):
    """Kills (SIGKILL) the dask worker grading ``student``, ``times`` times, and its kernel."""

    def __init__(self, student: str, times: int):
        super().__init__(daemon=True)
        self.student, self.times, self.kills, self.stop = student, times, 0, threading.Event()

    def run(self):
        while not self.stop.is_set() and self.kills < self.times:
            kernel = _kernel_grading(self.student)
            if kernel is not None:
                try:
                    worker = int((Path("/proc") / str(kernel) / "stat").read_text().rsplit(")", 1)[1].split()[1])
                    os.kill(worker, signal.SIGKILL)
                    os.kill(kernel, signal.SIGKILL)
                    self.kills += 1
                except (OSError, ValueError):
                    pass
                time.sleep(1.0)
            time.sleep(0.05)


def test_lost_workers_lose_nothing(sequential, tmp_path):
    """A worker killed mid-run has its submission regraded; a submission on which every worker
    dies is recorded as a failure, and the others are graded as usual."""
    _, seq_books, _ = sequential
    honest = ["solved-1", "blank-1", "half-2", "probe-kernel-exit", "probe-rebind-check"]
    students = {s: notebooks.read(Path(sequential[0].root) / "submitted" / s / NB / f"{NB}.ipynb") for s in honest}
    students["doomed"] = solved(NB)
    course = make_course(tmp_path / "course", {NB: students}, assignments=(NB,))
    # and a file that is no notebook at all: nbgrader cannot grade it
    (course.root / "submitted" / "garbled" / NB).mkdir(parents=True)
    (course.root / "submitted" / "garbled" / NB / f"{NB}.ipynb").write_text("{not a notebook")
    once, always = WorkerKiller("half-2", 1), WorkerKiller("doomed", classgrade.ALLOWED_FAILURES + 1)
    once.start(), always.start()
    try:
        summary = classgrade.autograde_class(course.root, NB, workers=2, progress=False)
    finally:
        once.stop.set(), always.stop.set()
    # dask records ALLOWED_FAILURES + 1 deaths against "doomed" before giving up on it; the death of
    # half-2's worker counts too when "doomed" was already assigned to that worker, so the killer
    # may have needed one kill fewer
    assert once.kills == 1 and always.kills in (classgrade.ALLOWED_FAILURES, classgrade.ALLOWED_FAILURES + 1)
    assert sorted(summary.graded) == sorted(honest)
    assert sorted(summary.failed) == ["doomed", "garbled"]
    assert "KilledWorker" in summary.failed["doomed"]
    assert "NotJSONError" in summary.render()
    book = gradebook(course.db_url, NB)
    for student in honest:  # the same grades (the timestamps of this smaller class differ)
        assert without_timestamp(book[student]) == without_timestamp(seq_books[NB][student]), student
    for student in ("doomed", "garbled"):
        assert set(scores_of(book)[student].values()) == {0.0}
        assert book[student][f"flagged:{NB}"] is True
        assert not (course.root / "autograded" / student).exists()
    ledger = json.loads((course.root / classgrade.LEDGER_DIR / f"{NB}.json").read_text())
    assert ledger["doomed"]["status"] == "failed"
    # a failed submission is tried again by the next run (here nothing kills it any more)
    again = classgrade.autograde_class(course.root, NB, workers=1, progress=False)
    assert again.graded == ["doomed"] and list(again.failed) == ["garbled"]
    assert scores_of(gradebook(course.db_url, NB))["doomed"] == scores_of(seq_books[NB])["solved-1"]


@contextlib.contextmanager
def dask_cluster(folder: Path):
    """``dask scheduler`` and ``dask worker`` (two processes of one thread) started as commands."""
    dask = Path(sys.executable).parent / "dask"
    info = folder / "scheduler.json"
    scheduler = subprocess.Popen([dask, "scheduler", "--scheduler-file", info, "--port", "0",
                                  "--dashboard-address", ":0", "--host", "127.0.0.1"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = subprocess.Popen([dask, "worker", "--scheduler-file", info, "--nworkers", "2", "--nthreads", "1",
                                "--memory-limit", "0", "--host", "127.0.0.1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        from distributed import Client

        with Client(address, timeout=120) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for proc in (workers, scheduler):
            proc.send_signal(signal.SIGINT)
        for proc in (workers, scheduler):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_an_interrupted_run_resumes_with_the_rest(sequential, tmp_path):
    _, seq_books, _ = sequential
    names = ["solved-1", "solved-2", "blank-1", "half-2", "probe-kernel-exit", "probe-rebind-check",
             "probe-deleted-test-cells", "probe-escape-hatches"]
    students = {s: notebooks.read(Path(sequential[0].root) / "submitted" / s / NB / f"{NB}.ipynb") for s in names}
    course = make_course(tmp_path / "course", {NB: copy.deepcopy(students)}, assignments=(NB,))
    ledger = course.root / classgrade.LEDGER_DIR / f"{NB}.json"
    proc = subprocess.Popen([sys.executable, "-m", "autograder", "autograde", NB, "--workers", "2"],
                            cwd=course.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if ledger.exists() and len(json.loads(ledger.read_text())) >= 3:
            break
        time.sleep(0.2)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "run the same command again" in err
    done = set(json.loads(ledger.read_text()))
    assert 3 <= len(done) < len(names)
    assert set(gradebook(course.db_url, NB)) >= done
    # the rest on a dask cluster of its own, as on other machines: a scheduler and two workers
    with dask_cluster(tmp_path) as address:
        rest = classgrade.autograde_class(course.root, NB, scheduler=address, progress=False)
    assert rest.workers == 2
    assert sorted(rest.up_to_date) == sorted(done)
    assert sorted(rest.graded) == sorted(set(names) - done)
    book = gradebook(course.db_url, NB)
    assert {s: without_timestamp(book[s]) for s in names} == {s: without_timestamp(seq_books[NB][s]) for s in names}
