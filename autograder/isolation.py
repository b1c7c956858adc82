"""Grading a submission with the learner's code untrusted: nbgrader preprocessors.

``nbgrader_config.py`` puts these into ``nbgrader autograde`` (so the instructor's command
and the learner's ``python -m autograder grade`` give the same scores):

- :class:`RestoreCells` (sanitising stage): every test cell and locked code cell of the
  instructor notebook is in the submission exactly once and in its place: deleted ones
  are restored, duplicates dropped, moved ones put back, cells that claim a grade id the
  instructor notebook does not have lose their grading metadata.
- :class:`GradeExecute` (replaces nbgrader's ``Execute``): runs the notebook in a fresh
  kernel whose first request installs :mod:`autograder.guard`; executes every cell but
  the test cells as usual; for a test cell, calls the learner's function on the cases'
  inputs through :mod:`autograder.recorder` and judges the outputs here, in the grader's
  process, which alone holds the expected outputs; writes the verdict into the test cell
  (a ✔ line, or an ``AssertionError``), which nbgrader's ``SaveAutoGrades`` scores. A
  kernel that dies (exit, signal, out of memory) or stops answering costs only the test
  cells that had not been graded yet, each of which says which cell killed it and how.

The threat model and what this design does not stop: ``course/GRADING.md``.
"""

from __future__ import annotations

import ast
import copy
import functools
import json
import os
import secrets
import shutil
import signal
import socket
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from typing import Any

import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Bool, Integer

from . import manifest, serialize
from .compare import Tolerance, difference
from .notebooks import GRADING_ENV
from .recorder import Channel
from .verdict import judge

GRADING_KEY = "dlfs_grading"
STOPPED = ("stopped answering\nHint: the cell ran past the time limit and ignored the interrupt "
           "(a loop that catches KeyboardInterrupt, or a SIGINT handler of its own).")


# ---------------------------------------------------------------- which cells are what
def _meta(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _is_test(cell: dict) -> bool:
    m = _meta(cell)
    return cell.get("cell_type") == "code" and bool(m.get("grade")) and not m.get("solution")


def _is_locked_code(cell: dict) -> bool:
    m = _meta(cell)
    return cell.get("cell_type") == "code" and bool(m.get("locked")) and not m.get("solution") \
        and not m.get("grade")


def parse_checks(source: str) -> list[tuple[str, str, str]]:
    """``[(function, variable, visibility), ...]`` of the ``check(...)`` calls of a test cell."""
    found = []
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "check" \
                and len(node.args) >= 2 and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str) and isinstance(node.args[1], ast.Name):
            hidden = any(k.arg == "hidden" and isinstance(k.value, ast.Constant) and k.value.value is True
                         for k in node.keywords)
            found.append((node.args[0].value, node.args[1].id, "hidden" if hidden else "public"))
    return found


def _source_notebook(preprocessor: NbGraderPreprocessor, resources: dict) -> NotebookNode | None:
    from nbgrader.coursedir import CourseDirectory

    info = resources.get("nbgrader", {})
    coursedir = CourseDirectory(config=preprocessor.config)
    path = os.path.join(coursedir.root, coursedir.source_directory, info.get("assignment", ""),
                        f"{info.get('notebook', '')}.ipynb")
    if not os.path.exists(path):
        return None
    return nbformat.read(path, as_version=4)


# ---------------------------------------------------------------- sanitising: restore the cells
class RestoreCells(NbGraderPreprocessor):
    """Put every test cell and locked code cell of the instructor notebook back in its place."""

    enabled = Bool(True, help="Restore deleted, duplicated or moved test cells").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        source = _source_notebook(self, resources)
        if source is None:
            return nb, resources
        nb.cells, notes = restore_cells(source.cells, nb.cells)
        nb.metadata.setdefault(GRADING_KEY, {})["restored"] = notes
        for note in notes.values():
            self.log.warning("%s", note)
        return nb, resources


def restore_cells(source_cells: list, cells: list) -> tuple[list, dict]:
    """The submission's cells with the source's test and locked code cells restored.

    Returns the new cell list and ``{grade_id: what was done}``.
    """
    order = [_meta(c)["grade_id"] for c in source_cells if _meta(c).get("grade_id")]
    known = set(order)
    by_id = {_meta(c)["grade_id"]: c for c in source_cells if _meta(c).get("grade_id")}
    restorable = [g for g in order if _is_test(by_id[g]) or _is_locked_code(by_id[g])]
    cells = list(cells)
    notes: dict[str, str] = {}
    for cell in cells:
        # grading metadata that the instructor notebook does not have (a grade id of the learner's
        # own, one that nbgrader dropped as unknown or duplicated): a plain cell, as nbgrader
        # would otherwise reject the whole notebook as corrupted
        if "nbgrader" in cell.get("metadata", {}) and _meta(cell).get("grade_id") not in known:
            cell.metadata.pop("nbgrader", None)
    fixed = set(order) - set(restorable)   # solution and markdown cells: the landmarks
    pending = []
    for gid in restorable:
        positions = [i for i, c in enumerate(cells) if _meta(c).get("grade_id") == gid]
        lo, hi = _window(cells, order, gid, fixed)
        valid = [i for i in positions if lo < i < hi]
        if len(positions) == 1 and valid:
            continue
        if positions and not valid:
            notes[gid] = f"{gid}: moved back to its place in the notebook"
        elif len(positions) > 1:
            notes[gid] = f"{gid}: {len(positions) - 1} duplicate(s) removed"
        else:
            notes[gid] = f"{gid}: deleted in the submission, restored from the instructor's notebook"
        keep = copy.deepcopy(cells[valid[0]]) if valid else nbformat.from_dict(copy.deepcopy(by_id[gid]))
        if not valid:
            keep.outputs, keep.execution_count = [], None
        cells = [c for i, c in enumerate(cells) if i not in positions]
        pending.append((gid, keep))
    for gid, keep in pending:  # in source order, each before the next cell that follows it there
        lo, hi = _window(cells, order, gid, set(order))
        cells.insert(hi, keep)
    return cells, notes


def _window(cells: list, order: list, gid: str, landmarks: set) -> tuple[int, int]:
    """Indices of the nearest landmark cells present that precede and follow ``gid`` in the source order."""
    index = {(_meta(c).get("grade_id")): i for i, c in enumerate(cells)
             if _meta(c).get("grade_id") in landmarks}
    k = order.index(gid)
    before = [index[g] for g in order[:k] if g in index]
    after = [index[g] for g in order[k + 1:] if g in index]
    lo = max(before) if before else -1
    hi = min(after) if after else len(cells)
    if hi <= lo:
        hi = lo + 1
    return lo, hi


# ---------------------------------------------------------------- the grader's side of the socket
@dataclass
class Part:
    """The cases of one ``check(...)`` of a test cell, and how they went."""

    index: int
    function: str
    variable: str
    visibility: str
    cases: list
    failure: str | None = None
    passed: int = 0
    notes: set = field(default_factory=set)
    positions: dict = field(default_factory=dict)


@dataclass
class Task:
    parts: list
    spec_of: dict
    started: bool = False
    done: bool = False


class Grader:
    """Serves the kernel's requests for one notebook over a Unix socket in a private folder."""

    def __init__(self, assignment: manifest.Assignment):
        self.assignment = assignment
        self.specs = assignment.specs()
        self.references = {}
        for visibility in ("public", "hidden"):
            path = assignment.references(visibility)
            if path.exists():
                self.references[visibility] = serialize.read(path)["functions"]
        self.folder = tempfile.mkdtemp(prefix="dlfs-grader-")
        os.chmod(self.folder, 0o700)
        self.address = os.path.join(self.folder, "socket")
        self.tasks: dict[str, Task] = {}
        self.lock = threading.Lock()
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.address)
        self.server.listen(8)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def close(self) -> None:
        try:
            self.server.close()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def task(self, checks: list[tuple[str, str, str]]) -> tuple[str, Task]:
        parts = []
        for function, variable, visibility in checks:
            cases = self.references.get(visibility, {}).get(function)
            if cases is None:
                continue
            parts.append(Part(len(parts), function, variable, visibility, cases))
        token = secrets.token_hex(16)
        task = Task(parts, self.specs)
        with self.lock:
            self.tasks[token] = task
        return token, task

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        channel = Channel(conn)
        task: Task | None = None
        try:
            conn.settimeout(600)
            while True:
                message = channel.receive()
                op = message.get("op")
                if op == "start":
                    with self.lock:
                        task = self.tasks.get(str(message.get("token")))
                        if task is None or task.started:
                            return
                        task.started = True
                    channel.send({"parts": [self._part_for_kernel(p) for p in task.parts]})
                elif task is None:
                    return
                elif op == "call":
                    channel.send(self._call(task, message))
                elif op == "result":
                    channel.send({"continue": self._result(task, message)})
                elif op == "missing":
                    part = next((p for p in task.parts if p.failure is None and p.passed == 0), None)
                    if part is not None:
                        part.failure = (f"{part.function}: {message.get('detail', 'not defined')}. "
                                        "Run the cell that defines it, and keep its name.")
                    channel.send({})
                elif op == "done":
                    task.done = True
                    return
                else:
                    return
        except Exception:  # a kernel that talks nonsense only fails its own checks
            return
        finally:
            conn.close()

    def _part_for_kernel(self, part: Part) -> dict:
        spec = self.specs[part.function]
        cases = []
        for number, case in enumerate(part.cases, start=1):
            cases.append(serialize.encode({
                "args": case["args"], "kwargs": case["kwargs"], "note": case.get("note", ""),
                "calls": sorted(case.get("calls", {})), "seed": spec.seed, "time_limit": spec.time_limit,
                "label": f"{part.visibility} case {number} of {len(part.cases)}"}))
        return {"index": part.index, "function": part.function, "variable": part.variable, "cases": cases}

    def _call(self, task: Task, message: dict) -> dict:
        part = task.parts[int(message["part"])]
        case = part.cases[int(message["case"])]
        records = case.get("calls", {}).get(str(message["name"]), [])
        arguments = serialize.decode(message["arguments"], trusted=False)
        tolerance = Tolerance(rtol=1e-9, atol=1e-12)
        key = (int(message["case"]), str(message["name"]))
        start = part.positions.get(key, 0)
        for offset in range(len(records)):
            index = (start + offset) % len(records)
            if difference(records[index]["arguments"], arguments, tolerance) is None:
                part.positions[key] = index + 1
                return {"found": True, "result": serialize.encode(records[index]["result"]),
                        "updated": serialize.encode(records[index].get("updated", {}))}
        return {"found": False}

    def _result(self, task: Task, message: dict) -> bool:
        part = task.parts[int(message["part"])]
        number = int(message["case"])
        if part.failure is not None or number != part.passed:
            return False
        case = part.cases[number]
        label = f"{part.visibility} case {number + 1} of {len(part.cases)}"
        if message.get("error"):
            part.failure = str(message["error"])
            return False
        spec = self.specs[part.function]
        got = serialize.decode(message.get("got"), trusted=False)
        args = serialize.decode(message.get("args"), trusted=False)
        kwargs = serialize.decode(message.get("kwargs"), trusted=False)
        names = [str(n) for n in message.get("names", [])]
        aliases = [[str(a), str(b)] for a, b in message.get("aliases", [])]
        if not isinstance(args, tuple | list) or not isinstance(kwargs, dict):
            part.failure = f"{part.function} failed on {label}: its inputs could not be read back."
            return False
        problem = judge(part.function, label, case, spec, got, tuple(args), kwargs, names, aliases,
                        str(message.get("signature", "")))
        if problem:
            part.failure = problem
            return False
        part.passed += 1
        part.notes |= {str(n) for n in message.get("notes", [])}
        return True


def verdict_outputs(task: Task, note: str | None = None) -> list[NotebookNode]:
    """The outputs a graded test cell gets: ✔ lines, or an AssertionError with the first failure."""
    lines = []
    for part in task.parts:
        if part.failure is None and part.passed == len(part.cases):
            extra = f" ({'; '.join(sorted(part.notes))})" if part.notes else ""
            lines.append(f"✔ {part.function}: all {len(part.cases)} {part.visibility} cases pass.{extra}")
            continue
        message = part.failure or (
            f"{part.function}: the check of its {part.visibility} cases did not complete "
            "(the kernel answered without running them).")
        return _error(message, lines, note)
    if not task.parts:
        return _error("this test cell names no graded function that the grader knows.", lines, note)
    if note:
        lines.append(f"({note})")
    return [nbformat.v4.new_output("stream", name="stdout", text="\n".join(lines) + "\n")]


def _error(message: str, lines: list[str], note: str | None) -> list[NotebookNode]:
    outputs = []
    if lines:
        outputs.append(nbformat.v4.new_output("stream", name="stdout", text="\n".join(lines) + "\n"))
    if note:
        message += f"\n({note})"
    outputs.append(nbformat.v4.new_output("error", ename="AssertionError", evalue=message,
                                          traceback=[f"AssertionError: {message}"]))
    return outputs


# ---------------------------------------------------------------- execution
class GradeExecute(Execute):
    """nbgrader's Execute, with test cells judged outside the learner's kernel."""

    memory_limit_mb = Integer(
        8192, help="Address-space limit of the grading kernel in MiB (0: none)").tag(config=True)
    output_limit_kb = Integer(
        512, help="Output kept per cell in KiB; the rest is dropped with a note").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: Any = None, km: Any = None):
        info = (resources or {}).get("nbgrader", {})
        try:
            assignment = manifest.get(info.get("assignment", ""))
        except KeyError:
            return super().preprocess(nb, resources, km)
        from nbclient.client import NotebookClient

        NotebookClient.__init__(self, nb, km)
        self.reset_execution_trackers()
        self._check_assign_resources(resources)
        self._kept: dict[int, int] = {}
        grader = Grader(assignment)
        restored = nb.metadata.get(GRADING_KEY, {}).get("restored", {})
        death: str | None = None
        try:
            env = {**os.environ, "PYTHONSAFEPATH": "1", GRADING_ENV: "1"}  # GRADING_ENV: no grading inside
            with self.setup_kernel(env=env):
                info_msg = self.wait_for_reply(self.kc.kernel_info())
                self.nb.metadata["language_info"] = info_msg["content"]["language_info"]
                death = self._prelude(grader, assignment)
                for index, cell in enumerate(self.nb.cells):
                    if death is not None:
                        if _is_test(cell):
                            cell.outputs = _error(f"not graded: {death}", [], None)
                        continue
                    try:
                        if _is_test(cell):
                            self._grade_cell(grader, index, cell, restored.get(_meta(cell).get("grade_id")))
                        else:
                            try:
                                self.execute_cell(cell, index, store_history=True)
                            except CellTimeoutError:
                                cell.outputs.append(nbformat.v4.new_output(
                                    "error", ename="CellTimeoutError", evalue="",
                                    traceback=[f"CellTimeoutError: the cell ran longer than {self.timeout} s"]))
                            if self._timed_out(cell) and not self._responsive():
                                death = self._death(index, cell, STOPPED)
                                self._kill()
                    except DeadKernelError as err:
                        how = STOPPED if str(err) == STOPPED else self._how_it_died()
                        death = self._death(index, cell, how)
                        if _is_test(cell):
                            cell.outputs = _error(f"not graded: {death}", [], None)
        finally:
            grader.close()
        self.set_widgets_metadata()
        self.nb.metadata.pop(GRADING_KEY, None)
        return self.nb, self.resources

    # -- the kernel's first request
    def _prelude(self, grader: Grader, assignment: manifest.Assignment) -> str | None:
        from nbgrader.coursedir import CourseDirectory

        coursedir = CourseDirectory(config=self.config)
        root = os.path.abspath(coursedir.root)
        here = os.path.abspath(self.resources.get("metadata", {}).get("path") or os.getcwd())
        protected = [str(manifest.REFERENCES_DIR), str(manifest.SOURCE_DIR), str(manifest.REPO_ROOT / ".git"),
                     os.path.join(root, coursedir.source_directory), os.path.join(root, coursedir.submitted_directory),
                     os.path.join(root, coursedir.feedback_directory), os.path.join(root, "gradebook.db"),
                     os.path.join(root, ".git"), grader.folder]
        autograded = os.path.join(root, coursedir.autograded_directory)
        if os.path.isdir(autograded):  # the other students' graded copies, not this one's folder
            protected += [os.path.join(autograded, s) for s in os.listdir(autograded)
                          if not here.startswith(os.path.join(autograded, s) + os.sep)]
        readonly = [root, str(manifest.REPO_ROOT), sys.prefix]
        references = sorted(set(_reference_names(assignment)))
        limit = int(self.memory_limit_mb) * 1024 * 1024
        code = "\n".join([
            "import ctypes, resource",
            f"if {limit}: resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))",
            "from autograder import guard as _guard, recorder as _recorder",
            f"_recorder.prepare({references!r})",
            f"_guard.install(protected={protected!r}, own={here!r}, scratch={[tempfile.gettempdir()]!r}, "
            f"readonly={readonly!r}, sockets={[grader.address]!r})",
            "del _guard, _recorder, ctypes, resource",
        ])
        cell = nbformat.v4.new_code_cell(code)
        saved = self.nb.cells[0] if self.nb.cells else None
        try:
            self.execute_cell(cell, 0, store_history=False)
        except DeadKernelError:
            return "the grading kernel did not start"
        finally:
            if saved is not None:
                self.nb.cells[0] = saved
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if errors:
            raise RuntimeError(f"the grading kernel could not be prepared: {errors[0].get('evalue')}")
        return None

    # -- a test cell
    def _grade_cell(self, grader: Grader, index: int, cell: NotebookNode, note: str | None) -> None:
        token, task = grader.task(parse_checks(cell.source))
        request = nbformat.v4.new_code_cell(
            f"__import__('autograder.recorder', fromlist=['record']).record({grader.address!r}, {token!r})")
        timed_out = False
        try:
            self.execute_cell(request, index, store_history=False)
        except CellTimeoutError:
            timed_out = True
        finally:
            self.nb.cells[index] = cell
        cell.outputs = verdict_outputs(task, note)
        cell.execution_count = None
        if (timed_out or self._timed_out(request)) and not self._responsive():
            self._kill()
            raise DeadKernelError(STOPPED)

    # -- kernel health
    @staticmethod
    def _timed_out(cell: NotebookNode) -> bool:
        return any(o.get("output_type") == "error" and o.get("ename") == "CellTimeoutError"
                   for o in cell.get("outputs", []))

    def _responsive(self) -> bool:
        saved, self.timeout = self.timeout, 15
        try:
            return self.wait_for_reply(self.kc.execute("pass", store_history=False)) is not None
        except Exception:
            return False
        finally:
            self.timeout = saved

    def _kill(self) -> None:
        try:
            process = self.km.provisioner.process
            process.kill()
        except Exception:
            pass

    def _how_it_died(self) -> str:
        code = None
        try:
            code = self.km.provisioner.process.wait(timeout=5)
        except Exception:
            pass
        if code is None:
            return "died"
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            if -code == signal.SIGKILL:
                return (f"was killed ({name})\nHint: a kernel killed with SIGKILL has usually run out of "
                        "memory (or was killed from outside).")
            return f"was killed by {name}"
        return (f"exited (status {code})\nHint: os._exit(), exit() from C code or a crash ends the kernel; "
                "nothing after it can run.")

    def _death(self, index: int, cell: NotebookNode, how: str) -> str:
        m = _meta(cell)
        if m.get("solution"):
            where = f"the solution cell of `{m.get('grade_id')}`"
        elif _is_test(cell):
            where = f"the test cell of `{m.get('grade_id', '').removeprefix('test_')}`"
        else:
            first = (cell.get("source") or "").strip().splitlines()[:1]
            where = f"a cell starting `{first[0][:40]}`" if first else "a cell"
        what, _, hint = how.partition("\n")
        return f"the kernel {what} in cell {index + 1}, {where}, before this test ran." + \
            (f"\n{hint}" if hint else "")

    # -- output limits
    def output(self, outs: list, msg: dict, display_id: str | None, cell_index: int) -> Any:
        size = len(json.dumps(msg.get("content", {}), default=str))
        kept = self._kept.get(cell_index, 0) if hasattr(self, "_kept") else 0
        limit = int(self.output_limit_kb) * 1024
        if kept + size > limit:
            if kept <= limit:
                outs.append(nbformat.v4.new_output(
                    "stream", name="stdout", text=f"\n[output truncated by the grader after {limit // 1024} KiB]\n"))
                self._kept[cell_index] = limit + 1
            return None
        if hasattr(self, "_kept"):
            self._kept[cell_index] = kept + size
        return super().output(outs, msg, display_id, cell_index)


@functools.cache
def _reference_names(assignment: manifest.Assignment) -> tuple[str, ...]:
    """Dotted names of the helpers functions that implement this assignment's graded functions."""
    import importlib
    import inspect
    import pkgutil

    import helpers

    names = []
    for spec in assignment.specs().values():
        names += list(spec.references)
    for info in pkgutil.walk_packages(helpers.__path__, "helpers."):
        if info.name.startswith(("helpers.build_data", "helpers.generators")):
            continue
        try:
            module = importlib.import_module(info.name)
        except Exception:
            continue
        for attr, value in vars(module).items():
            if attr in assignment.graded and inspect.isfunction(value) and \
                    value.__module__.startswith("helpers") and value.__name__ == attr:
                names.append(f"{value.__module__}.{attr}")
    return tuple(names)
