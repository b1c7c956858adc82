"""Rebuild the stored reference cases from the instructor solutions in ``source/``.

``python -m autograder build [ID ...]`` executes each source notebook (its test cells
left out) in a fresh kernel and, in that kernel, calls every graded function of the
notebook on the inputs declared in ``autograder/cases/<id>.py``. The results are written
to ``autograder/references/<id>/public.json`` and ``hidden.json``.
"""

from __future__ import annotations

import copy
import inspect
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np

from . import manifest, notebooks
from .aliases import alias_pairs
from .checks import bind_arguments
from .serialize import write

VISIBILITIES = ("public", "hidden")
# Calls recorded: the function's own calls of other graded functions, and their calls in turn
# (a learner's L_model_forward may call linear_forward itself where the reference calls it
# through linear_activation_forward). Deeper chains add size, not protection.
DEPTH = 2
# The notebooks run with one BLAS thread, as tests/conftest.py runs them to check that these
# references are up to date: a multi-threaded GEMM splits its sums by the number of threads, so
# references built with the machine's default would differ in the last bit on some machines (the
# encoding of one portrait in c4w4-face-verification does on two cores) and look stale there.
ONE_BLAS_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def record(assignment_id: str, namespace: dict, out_dir: str | Path | None = None) -> None:
    """Compute and write the reference cases of one assignment from the functions in ``namespace``.

    Each case stores the reference result (``expected``), the final state of the arguments
    named in ``updates``, the calls the reference made to the other graded functions of the
    assignment (``calls``, for the stand-ins of the checks: no cascading failures; a call of a
    callee whose spec names ``updates`` also stores those arguments' final state, which the
    stand-in writes back, so that a caller relying on the in-place update sees it) and which
    places of the result are the same object as another place or an input (``aliases``).
    """
    assignment = manifest.get(assignment_id)
    out = Path(out_dir) if out_dir else manifest.REFERENCES_DIR
    specs = assignment.specs()
    for visibility in VISIBILITIES:
        functions = {}
        for name, spec in specs.items():
            callees = {other: specs[other].updates for other in specs
                       if other != name and callable(namespace.get(other))}
            functions[name] = [_record_case(namespace, name, spec, case, callees)
                               for case in getattr(spec, visibility)]
        write(out / assignment.id / f"{visibility}.json",
              {"assignment": assignment.id, "functions": functions})


def _record_case(namespace: dict, name: str, spec: Any, case: Any, callees: dict) -> dict:
    """Call the reference ``name`` on the case's inputs, recording its calls of ``callees``.

    callees -- ``{graded function: the names of the arguments it updates in place}``
    """
    function = namespace[name]
    calls: dict[str, list] = {callee: [] for callee in callees}
    originals = {callee: namespace[callee] for callee in callees}
    inside = [0]  # how many recorded callees are running
    for callee, own in originals.items():
        namespace[callee] = _recorder(own, calls[callee], inside, callees[callee])
    state = np.random.get_state()
    args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
    try:
        if spec.seed is not None:
            np.random.seed(spec.seed)
        result = function(*args, **kwargs)
    finally:
        np.random.set_state(state)
        namespace.update(originals)
    aliases = alias_pairs(result, args, kwargs, _parameter_names(function))
    entry = {"note": case.note, "args": case.args, "kwargs": case.kwargs, "expected": result}
    if spec.updates:
        final = bind_arguments(function, args, kwargs)
        entry["updated"] = {k: final[k] for k in spec.updates}
    if any(calls.values()):
        entry["calls"] = {k: v for k, v in calls.items() if v}
    if aliases:
        entry["aliases"] = aliases
    return entry


def _parameter_names(function: Callable) -> list[str] | None:
    try:
        return list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return None


def _recorder(own: Callable, log: list, inside: list, updates: tuple = ()) -> Callable:
    """``own``, logging the arguments and result of each call made at most ``DEPTH`` calls deep
    (and the final state of the arguments named in ``updates``)."""
    def recorder(*args: Any, **kwargs: Any) -> Any:
        if inside[0] >= DEPTH:
            return own(*args, **kwargs)
        arguments = copy.deepcopy(bind_arguments(own, args, kwargs))
        inside[0] += 1
        try:
            result = own(*args, **kwargs)
        finally:
            inside[0] -= 1
        entry = {"arguments": arguments, "result": copy.deepcopy(result)}
        if updates:  # the arguments after the call: the stand-ins give the caller this state
            final = bind_arguments(own, args, kwargs)
            entry["updated"] = {k: copy.deepcopy(final[k]) for k in updates if k in final}
        log.append(entry)
        return result

    return recorder


def export(namespace: dict, path: str | Path) -> None:
    """Pickle the notebook's plain data variables (numbers, strings, arrays, lists, dicts)."""
    data = {}
    for key, value in namespace.items():
        if key.startswith("_") or callable(value) or type(value).__module__ == "builtins" and \
                isinstance(value, type):
            continue
        try:
            if _plain(value):
                data[key] = pickle.loads(pickle.dumps(value))
        except Exception:
            continue
    Path(path).write_bytes(pickle.dumps(data))


def _plain(value: Any, depth: int = 0) -> bool:
    if depth > 4:
        return False
    if value is None or isinstance(value, bool | int | float | str | bytes | np.generic | np.ndarray):
        return True
    if isinstance(value, list | tuple):
        return all(_plain(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str | int | float) and _plain(v, depth + 1) for k, v in value.items())
    return False


def record_code(assignment_id: str, out_dir: Path) -> str:
    return (f"from autograder.build import record\n"
            f"record({assignment_id!r}, globals(), {str(out_dir)!r})")


def build(ids: list[str] | None = None, out_dir: Path | None = None) -> None:
    for assignment in manifest.assignments():
        if ids and assignment.id not in ids:
            continue
        nb = notebooks.read(assignment.source)
        nb.cells = [c for c in nb.cells if not notebooks.is_test_cell(c)]
        with mock.patch.dict(os.environ, ONE_BLAS_THREAD):
            notebooks.execute(nb, assignment.source.parent,
                              extra_code=record_code(assignment.id, out_dir or manifest.REFERENCES_DIR))
        print(f"references of {assignment.id} written")
