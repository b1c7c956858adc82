"""Tampering submissions: notebooks that try to raise their score, or that crash, and the score each
must get. Used by tests/test_tamper.py (graded by the learner's command, and a class of them by
`nbgrader autograde`). Every probe keeps some functions honest, so that the test also shows the
honest part keeps its points.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

import nbformat

from autograder import manifest, notebooks


@dataclass
class Probe:
    name: str
    category: str
    assignment: str
    build: Callable[[], nbformat.NotebookNode]
    scores: dict                      # function -> points it must get (all others: 0)
    messages: dict = field(default_factory=dict)   # function -> text its row must contain
    timeout: int | None = None        # seconds a cell may run while graded (default: the course's)
    note: str = ""


def _solution_body(source: str) -> str:
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))


def solved(assignment_id: str) -> nbformat.NotebookNode:
    """The release notebook with every instructor solution filled in, as a learner would submit it."""
    a = manifest.get(assignment_id)
    source = {notebooks.nbgrader_meta(c).get("grade_id"): c for c in notebooks.read(a.source).cells}
    nb = notebooks.read(a.release)
    for cell in nb.cells:
        gid = notebooks.nbgrader_meta(cell).get("grade_id")
        if notebooks.is_solution_cell(cell) and gid in source:
            cell.source = _solution_body(source[gid].source)
    return nb


def blank(assignment_id: str) -> nbformat.NotebookNode:
    return copy.deepcopy(notebooks.read(manifest.get(assignment_id).release))


def _edit_solution(nb, function: str, edit: Callable[[str], str]) -> nbformat.NotebookNode:
    for cell in nb.cells:
        if notebooks.is_solution_cell(cell) and notebooks.nbgrader_meta(cell).get("grade_id") == function:
            cell.source = edit(cell.source)
            return nb
    raise KeyError(function)


def set_solution(nb, function: str, code: str):
    return _edit_solution(nb, function, lambda _: code)


def prepend_to_solution(nb, function: str, code: str):
    return _edit_solution(nb, function, lambda source: code + "\n" + source)


def append_to_solution(nb, function: str, code: str):
    return _edit_solution(nb, function, lambda source: source + "\n" + code)


def with_solutions(assignment_id: str, honest: set[str], others: dict[str, str]) -> nbformat.NotebookNode:
    """Blank notebook; the ``honest`` functions solved; the ``others`` given the code shown."""
    nb = blank(assignment_id)
    full = solved(assignment_id)
    bodies = {notebooks.nbgrader_meta(c).get("grade_id"): c.source for c in full.cells if notebooks.is_solution_cell(c)}
    for function in honest:
        set_solution(nb, function, bodies[function])
    for function, code in others.items():
        set_solution(nb, function, code)
    return nb


def insert_cell(nb, index: int, code: str):
    nb.cells.insert(index, nbformat.v4.new_code_cell(code))
    return nb


def test_cell_indices(nb) -> list[int]:
    return [i for i, c in enumerate(nb.cells) if notebooks.is_test_cell(c)]


NB = "c1w2-numpy-basics"
NB_ALL = {f: 1 for f in manifest.get(NB).graded}
STEP = "c1w4-deep-nn-step-by-step"
LOGREG = "c1w2-logistic-regression"
CHARLM = "c5w1-character-language-model"

HIDDEN = str(manifest.REFERENCES_DIR / NB / "hidden.json")
PUBLIC = str(manifest.REFERENCES_DIR / NB / "public.json")
STUB = "def {f}(*args, **kwargs):\n    return None"


def _rebind_check():
    return with_solutions(NB, {"basic_sigmoid"}, {
        "sigmoid": "def sigmoid(x):\n    return x\n\ncheck = lambda *a, **k: print('ok')\npreview = check"})


def _patch_autograder():
    nb = with_solutions(NB, {"basic_sigmoid", "L1"}, {})
    code = ("import autograder.checks, autograder.compare, autograder.verdict, autograder.recorder\n"
            "autograder.compare.difference = lambda *a, **k: None\n"
            "autograder.verdict.judge = lambda *a, **k: None\n"
            "autograder.checks.judge = lambda *a, **k: None\n"
            "def _quiet(*a, **k):\n    return None\n"
            "autograder.recorder.record = _quiet\n"
            "check = lambda *a, **k: None")
    return append_to_solution(nb, "sigmoid", "def sigmoid(x):\n    return 0\n" + code)


def _fake_recorder():
    nb = with_solutions(NB, {"basic_sigmoid", "image2vector"}, {})
    code = '''
import json, socket, struct
import autograder.recorder as _r

def _fake(address, token):
    # claims every case passed: sends a made-up result for each case
    s = socket.socket(socket.AF_UNIX); s.connect(address); ch = _r.Channel(s)
    task = ch.ask({"op": "start", "token": token})
    for part in task["parts"]:
        for n, _ in enumerate(part["cases"]):
            ch.ask({"op": "result", "part": part["index"], "case": n, "error": None, "got": 0.5,
                    "args": {"__tuple__": []}, "kwargs": {}, "names": [], "aliases": [], "notes": []})
    ch.send({"op": "done"})

_r.record = _fake
'''
    return append_to_solution(nb, "sigmoid", "def sigmoid(x):\n    return 0.5\n" + code)


def _patch_numpy_and_builtins():
    nb = with_solutions(NB, {"basic_sigmoid", "sigmoid"}, {})
    code = ("import builtins, numpy\n"
            "numpy.isclose = lambda *a, **k: numpy.True_\n"
            "numpy.allclose = lambda *a, **k: True\n"
            "numpy.array_equal = lambda *a, **k: True\n"
            "builtins.AssertionError = type('AssertionError', (Exception,), {})\n"
            "builtins.isinstance = lambda *a: True\n"
            "get_ipython().showtraceback = lambda *a, **k: None\n"
            "def sigmoid_derivative(x):\n    return x")
    return set_solution(nb, "sigmoid_derivative", code)


def _lookup_references():
    code = f'''
import json
import numpy as np
from autograder import serialize

def _stored(name, args):
    for path in ({PUBLIC!r}, {HIDDEN!r}):
        try:
            cases = serialize.read(__import__("pathlib").Path(path))["functions"][name]
        except Exception:
            continue
        for case in cases:
            if all(np.array_equal(np.asarray(a), np.asarray(b)) for a, b in zip(case["args"], args)):
                return case["expected"]
    return 0.0
'''
    nb = blank(NB)
    for f in manifest.get(NB).graded:
        body = f"def {f}(*args):\n    return _stored({f!r}, args)"
        set_solution(nb, f, (code if f == "basic_sigmoid" else "") + body)
    return nb


def _read_instructor_notebook():
    source = str(manifest.get(NB).source)
    code = f'''
import json
_cells = json.load(open({source!r}))["cells"]
for _c in _cells:
    if _c.get("metadata", {{}}).get("nbgrader", {{}}).get("solution"):
        exec("".join(_c["source"]))
'''
    nb = with_solutions(NB, {"L1", "L2"}, {})
    return set_solution(nb, "basic_sigmoid", "def basic_sigmoid(x):\n    return 0\n" + code)


def _escape_hatches():
    """ctypes, processes, a path around the folder check, the grader's /proc: each tried, to get the
    stored cases of normalize_rows and softmax and return their expected outputs."""
    code = f'''
import json, os, subprocess, tempfile
import numpy as np
from autograder import serialize

def _attempts(path, name):
    copy = os.path.join(tempfile.gettempdir(), name)
    yield lambda: subprocess.run(["cat", path], capture_output=True, check=True).stdout
    yield lambda: (os.system(f"cp {{path}} {{copy}}"), open(copy).read())[1]
    yield lambda: (__import__("ctypes").CDLL(None).system(f"cp {{path}} {{copy}}".encode()), open(copy).read())[1]
    yield lambda: open(os.path.join(os.path.dirname(path), "..", os.path.basename(os.path.dirname(path)),
                                    os.path.basename(path))).read()
    yield lambda: open(f"/proc/{{os.getppid()}}/root{{path}}").read()

def _stored(function, args):
    for path in ({PUBLIC!r}, {HIDDEN!r}):
        for attempt in _attempts(path, "loot-" + os.path.basename(path)):
            try:
                cases = serialize.decode(json.loads(attempt()))["functions"][function]
            except Exception:
                continue
            for case in cases:
                if all(np.array_equal(np.asarray(a), np.asarray(b)) for a, b in zip(case["args"], args)):
                    return case["expected"]
    return None

def normalize_rows(x):
    return _stored("normalize_rows", (x,))
'''
    nb = with_solutions(NB, {"basic_sigmoid", "sigmoid", "image2vector"},
                        {"softmax": "def softmax(x):\n    return _stored('softmax', (x,))"})
    return set_solution(nb, "normalize_rows", code)


def _inspect_grader():
    """Walks the stack and every object in the kernel looking for the expected outputs."""
    code = '''
import gc, sys
import numpy as np

def L1(yhat, y):
    found = []
    frame = sys._getframe()
    while frame is not None:
        found += [v for v in frame.f_locals.values() if isinstance(v, dict) and "expected" in v]
        frame = frame.f_back
    found += [o for o in gc.get_objects() if isinstance(o, dict) and "expected" in o]
    return found[0]["expected"] if found else -1.0
'''
    return with_solutions(NB, {"basic_sigmoid", "softmax"}, {"L1": code})


def _delegate_to_helpers():
    nb = blank(STEP)
    graded = manifest.get(STEP).graded
    for f in graded:
        module = "helpers.dnn_app_utils" if f == "initialize_parameters" else "helpers.dnn"
        set_solution(nb, f, f"import {module}\ndef {f}(*args, **kwargs):\n    return {module}.{f}(*args, **kwargs)")
    return nb


def _delegate_disguised():
    """The reference's code under another name, through a wrapper made before grading starts."""
    code = '''
import types
import helpers.dnn
_lf = types.FunctionType(helpers.dnn.linear_forward.__code__, helpers.dnn.__dict__, "mine")
_lb = helpers.dnn.linear_backward
helpers.dnn.linear_backward = lambda *a: None   # hide the original

def linear_forward(A, W, b):
    return _lf(A, W, b)
'''
    nb = with_solutions(STEP, {"initialize_parameters", "initialize_parameters_deep", "compute_cost"},
                        {"linear_forward": code,
                         "linear_backward": "def linear_backward(dZ, cache):\n    return _lb(dZ, cache)"})
    return nb


def _deleted_test_cells():
    nb = solved(NB)
    nb.cells = [c for c in nb.cells if not notebooks.is_test_cell(c)]
    return nb


def _moved_and_duplicated():
    nb = solved(NB)
    tests = test_cell_indices(nb)
    first = nb.cells.pop(tests[1])                  # sigmoid's test moved to the top
    nb.cells.insert(0, first)
    twice = copy.deepcopy(nb.cells[test_cell_indices(nb)[-1]])  # L2's test twice
    twice["id"] = "test-L2-again"
    nb.cells.append(twice)
    return nb


def _edited_and_invented_cells():
    nb = with_solutions(NB, {"basic_sigmoid", "sigmoid", "L1", "L2"}, {})
    for i in test_cell_indices(nb):
        nb.cells[i].source = "print('all good')"
    bonus = nbformat.v4.new_code_cell("print('bonus')")
    bonus.metadata["nbgrader"] = {"grade": True, "grade_id": "test_bonus", "locked": True, "points": 50,
                                  "schema_version": 3, "solution": False, "task": False}
    nb.cells.append(bonus)
    return nb


def _kernel_exit():
    return prepend_to_solution(solved(NB), "L2", "import os\nos._exit(0)")


def _kernel_killed():
    return prepend_to_solution(solved(NB), "softmax", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")


def _kill_the_grader():
    code = ("import os, signal\n"
            "for _pid in (os.getppid(), 0, -1):\n"
            "    try:\n        os.kill(_pid, signal.SIGKILL)\n    except Exception as err:\n        print(err)")
    return prepend_to_solution(solved(NB), "image2vector", code)


def _hang_ignoring_interrupts():
    code = "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"
    return prepend_to_solution(solved(NB), "L1", code)


def _memory_and_output_flood():
    nb = solved(NB)
    set_solution(nb, "image2vector", "import numpy as np\ndef image2vector(image):\n"
                 "    big = np.ones((400_000, 10_000))\n    return big[:0]")
    return append_to_solution(nb, "sigmoid_derivative", "for _ in range(300_000):\n    print('x' * 100)")


def _persist_into_next_kernel():
    code = '''
import os, site
for _path in (os.path.expanduser("~/.ipython/profile_default/startup/00-evil.py"),
              os.path.join(site.getsitepackages()[0], "evil.pth"),
              os.path.join("..", "..", "..", "nbgrader_config.py")):  # the course's settings
    try:
        os.makedirs(os.path.dirname(_path), exist_ok=True)
        with open(_path, "w") as _f:
            _f.write("import autograder.compare as c; c.difference = lambda *a, **k: None\\n")
    except Exception as err:
        print(err)
'''
    nb = with_solutions(NB, {"basic_sigmoid", "sigmoid"}, {})
    return prepend_to_solution(nb, "sigmoid_derivative", code)


def _sigmoid_sign_flipped():
    nb = solved(LOGREG)
    return set_solution(nb, "sigmoid", "import numpy as np\ndef sigmoid(z):\n    return 1 / (1 + np.exp(z))")


def _optimize_updates_a_copy():
    """optimize trains a copy of `parameters`; model, relying on the update, keeps its points."""
    code = ("import copy\n"
            "def optimize(X, Y, a_prev, parameters, learning_rate=0.01):\n"
            "    parameters = copy.deepcopy(parameters)\n"
            "    loss, cache = char_rnn_forward(X, Y, a_prev, parameters)\n"
            "    gradients, a = char_rnn_backward(X, Y, parameters, cache)\n"
            "    gradients = clip(gradients, 5)\n"
            "    update_parameters(parameters, gradients, learning_rate)\n"
            "    return loss, gradients, a[len(X) - 1]")
    return set_solution(solved(CHARLM), "optimize", code)


def _cost_as_array():
    nb = solved(STEP)
    return set_solution(nb, "compute_cost", "import numpy as np\ndef compute_cost(AL, Y):\n"
                        "    m = Y.shape[1]\n"
                        "    return -(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m")


def _adam_one_dict():
    nb = solved("c2w2-optimization")
    return set_solution(nb, "initialize_adam", "import numpy as np\ndef initialize_adam(parameters):\n"
                        "    v = s = {}\n    for l in range(1, len(parameters) // 2 + 1):\n"
                        "        for p in ('W', 'b'):\n"
                        "            v[f'd{p}{l}'] = np.zeros_like(parameters[f'{p}{l}'])\n"
                        "            s[f'd{p}{l}'] = np.zeros_like(parameters[f'{p}{l}'])\n"
                        "    return v, s")


def _conv_step_as_array():
    nb = solved("c4w1-convolution-step-by-step")
    return set_solution(nb, "conv_single_step", "import numpy as np\ndef conv_single_step(a_slice_prev, W, b):\n"
                        "    return np.sum(a_slice_prev * W) + b")


def _all(assignment: str, **overrides) -> dict:
    scores = {f: p for f, p in points(assignment).items()}
    scores.update(overrides)
    return scores


def points(assignment: str) -> dict:
    nb = notebooks.read(manifest.get(assignment).source)
    return {notebooks.nbgrader_meta(c)["grade_id"].removeprefix("test_"): notebooks.nbgrader_meta(c)["points"]
            for c in notebooks.test_cells(nb)}


PROBES = [
    Probe("rebind-check", "rebinding notebook names", NB, _rebind_check, {"basic_sigmoid": 1},
          {"sigmoid": "sigmoid failed on public case"}),
    # Sabotage of the grader's machinery inside the kernel only ever lowers the score: the
    # functions checked before it keep their points, the ones after it lose theirs (L1 here).
    Probe("patch-autograder", "patching the grader's package", NB, _patch_autograder,
          {"basic_sigmoid": 1}, {"sigmoid": "did not complete", "L1": "did not complete"}),
    Probe("fake-recorder", "patching the grader's package", NB, _fake_recorder,
          {"basic_sigmoid": 1}, {"sigmoid": "failed on public case", "image2vector": "failed on public case"}),
    Probe("patch-numpy-builtins", "patching NumPy and builtins", NB, _patch_numpy_and_builtins,
          {"basic_sigmoid": 1, "sigmoid": 1}, timeout=20,
          note="patching isinstance breaks the kernel itself: it stops answering and is stopped"),
    Probe("lookup-references", "reading the stored references", NB, _lookup_references, {},
          {"sigmoid": "sigmoid failed on public case"}),
    Probe("read-instructor-notebook", "reading the course's files", NB, _read_instructor_notebook,
          {"L1": 1, "L2": 1}),
    Probe("escape-hatches", "reading the course's files", NB, _escape_hatches,
          {"basic_sigmoid": 1, "sigmoid": 1, "image2vector": 1}),
    Probe("inspect-grader", "inspecting the grader at run time", NB, _inspect_grader,
          {"basic_sigmoid": 1, "softmax": 1}, {"L1": "L1 failed"}),
    Probe("delegate-to-helpers", "delegating to the reference implementations", STEP, _delegate_to_helpers, {},
          {"linear_forward": "helpers.dnn.linear_forward"}),
    Probe("delegate-disguised", "delegating to the reference implementations", STEP, _delegate_disguised,
          {"initialize_parameters": 1, "initialize_parameters_deep": 1, "compute_cost": 1},
          {"linear_forward": "`helpers.dnn.linear_forward`", "linear_backward": "`helpers.dnn.linear_backward`"}),
    Probe("deleted-test-cells", "editing the test cells", NB, _deleted_test_cells, NB_ALL),
    Probe("moved-duplicated-test-cells", "editing the test cells", NB, _moved_and_duplicated, NB_ALL),
    Probe("edited-invented-test-cells", "editing the test cells", NB, _edited_and_invented_cells,
          {"basic_sigmoid": 1, "sigmoid": 1, "L1": 1, "L2": 1}),
    Probe("kernel-exit", "killing the kernel", NB, _kernel_exit, {**NB_ALL, "L2": 0},
          {"L2": "exited (status 0) in cell"}),
    Probe("kernel-killed", "killing the kernel", NB, _kernel_killed,
          {f: 1 for f in ("basic_sigmoid", "sigmoid", "sigmoid_derivative", "image2vector", "normalize_rows")},
          {"softmax": "SIGKILL", "L2": "the solution cell of `softmax`"}),
    Probe("kill-the-grader", "killing the grader", NB, _kill_the_grader, NB_ALL),
    Probe("hang-ignoring-interrupts", "hanging", NB, _hang_ignoring_interrupts, {**NB_ALL, "L1": 0, "L2": 0},
          {"L1": "stopped answering"}, timeout=10),
    Probe("memory-and-output-flood", "exhausting memory, flooding output", NB, _memory_and_output_flood,
          {**NB_ALL, "image2vector": 0}, {"image2vector": "memory"}),
    Probe("persist-into-next-kernel", "writing outside the notebook's folder", NB, _persist_into_next_kernel,
          {"basic_sigmoid": 1, "sigmoid": 1}),
    Probe("sigmoid-wrong-only", "fairness: no cascading", LOGREG, _sigmoid_sign_flipped, _all(LOGREG, sigmoid=0),
          {"sigmoid": "minus sign"}),
    Probe("optimize-updates-a-copy", "fairness: no cascading", CHARLM, _optimize_updates_a_copy,
          _all(CHARLM, optimize=0), {"optimize": "must update `parameters` in place"}),
    Probe("cost-as-array", "fairness: contract form", STEP, _cost_as_array, _all(STEP, compute_cost=0),
          {"compute_cost": "np.squeeze"}),
    Probe("adam-one-dict", "fairness: contract form", "c2w2-optimization", _adam_one_dict,
          _all("c2w2-optimization", initialize_adam=0), {"initialize_adam": "v = s = {}"}),
    Probe("conv-step-as-array", "fairness: contract form", "c4w1-convolution-step-by-step", _conv_step_as_array,
          _all("c4w1-convolution-step-by-step", conv_single_step=0), {"conv_single_step": "np.squeeze"}),
]
