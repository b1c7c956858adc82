"""Rebuild the stored reference cases from the instructor solutions in ``source/``.

``python -m autograder build [ID ...]`` executes each source notebook (its test cells
left out) in a fresh kernel and, in that kernel, calls every graded function of the
notebook on the inputs declared in ``autograder/cases/<id>.py``. The results are written
to ``autograder/references/<id>/public.json`` and ``hidden.json``.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from . import manifest, notebooks
from .checks import bind_arguments
from .serialize import write

VISIBILITIES = ("public", "hidden")


def record(assignment_id: str, namespace: dict, out_dir: str | Path | None = None) -> None:
    """Compute and write the reference cases of one assignment from the functions in ``namespace``."""
    assignment = manifest.get(assignment_id)
    out = Path(out_dir) if out_dir else manifest.REFERENCES_DIR
    specs = assignment.specs()
    for visibility in VISIBILITIES:
        functions = {}
        for name, spec in specs.items():
            functions[name] = [_record_case(namespace, name, spec, case)
                               for case in getattr(spec, visibility)]
        write(out / assignment.id / f"{visibility}.json",
              {"assignment": assignment.id, "functions": functions})


def _record_case(namespace: dict, name: str, spec: Any, case: Any) -> dict:
    calls: dict[str, list] = {callee: [] for callee in spec.callees}
    originals = {callee: namespace[callee] for callee in spec.callees}
    for callee, own in originals.items():
        namespace[callee] = _recorder(own, calls[callee])
    state = np.random.get_state()
    args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
    try:
        if spec.seed is not None:
            np.random.seed(spec.seed)
        result = namespace[name](*args, **kwargs)
    finally:
        np.random.set_state(state)
        namespace.update(originals)
    entry = {"note": case.note, "args": case.args, "kwargs": case.kwargs, "expected": result}
    if spec.updates:
        final = bind_arguments(namespace[name], args, kwargs)
        entry["updated"] = {k: final[k] for k in spec.updates}
    if any(calls.values()):
        entry["calls"] = {k: v for k, v in calls.items() if v}
    return entry


def _recorder(own: Callable, log: list) -> Callable:
    def recorder(*args: Any, **kwargs: Any) -> Any:
        arguments = copy.deepcopy(bind_arguments(own, args, kwargs))
        result = own(*args, **kwargs)
        log.append({"arguments": arguments, "result": copy.deepcopy(result)})
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
        notebooks.execute(nb, assignment.source.parent,
                          extra_code=record_code(assignment.id, out_dir or manifest.REFERENCES_DIR))
        print(f"references of {assignment.id} written")
