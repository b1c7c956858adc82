"""The one-line checks that the notebooks' test cells call.

In a notebook::

    from autograder import load_checks
    check, preview = load_checks("c1w2-logistic-regression")
    ...
    preview("propagate", propagate)   # shows your output next to the expected one
    check("propagate", propagate)     # the graded test: raises AssertionError on a mismatch

``check`` runs the stored public cases (or the hidden ones with ``hidden=True``) on copies
of their inputs and compares with the outputs of the reference solution. It prints one
line to stdout on success and never writes to stderr, which nbgrader would count as a
failure.
"""

from __future__ import annotations

import contextlib
import copy
import inspect
import io
import os
import re
import signal
import threading
import traceback
import warnings
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import numpy as np

from . import manifest
from .compare import Tolerance, difference, fmt
from .serialize import read
from .spec import Spec

NOT_IMPLEMENTED = "not implemented yet"


class CheckTimeout(Exception):
    """Raised inside the learner's function when it runs past the time limit."""


@cache
def _references(assignment_id: str, visibility: str) -> dict:
    path = manifest.get(assignment_id).references(visibility)
    if not path.exists():
        if visibility == "hidden":
            raise AssertionError(
                f"The hidden cases of {assignment_id} are not installed here ({path}); "
                "they are run by the instructor's autograder.")
        raise AssertionError(f"The reference cases of {assignment_id} are missing ({path}); "
                             "run `make references`.")
    return read(path)


def load_checks(assignment_id: str) -> tuple[Callable, Callable]:
    """Return ``(check, preview)`` bound to one assignment."""
    assignment = manifest.get(assignment_id)
    specs = assignment.specs()

    def check(name: str, func: Callable, hidden: bool = False) -> None:
        """Run the public (or hidden) cases of graded function ``name`` on ``func``."""
        visibility = "hidden" if hidden else "public"
        spec = specs[name]
        cases = _references(assignment_id, visibility)["functions"][name]
        _require_callable(name, func)
        for number, case in enumerate(cases, start=1):
            label = f"{visibility} case {number} of {len(cases)}"
            got, args, kwargs, originals, notes = _run(name, func, case, spec, label)
            problem = difference(case["expected"], got, _tolerance(spec), "your result")
            if problem:
                raise AssertionError(_failure(name, label, case, func, problem, _mistake_hint(spec, case, got)))
            changed = _modified_input(func, originals, args, kwargs, set(spec.mutable) | set(spec.updates))
            if changed:
                raise AssertionError(_failure(name, label, case, func, changed, None))
            updated = _updated_state(func, args, kwargs, case.get("updated", {}), spec)
            if updated:
                raise AssertionError(_failure(name, label, case, func, updated, None))
        note = f" ({'; '.join(sorted(notes))})" if notes else ""
        print(f"✔ {name}: all {len(cases)} {visibility} cases pass.{note}")

    def preview(name: str, func: Callable) -> None:
        """Print the first public case: its inputs, your output and the expected output."""
        try:
            case = _references(assignment_id, "public")["functions"][name][0]
        except (AssertionError, KeyError) as err:
            print(f"(no expected output to show: {err})")
            return
        spec = specs[name]
        print(f"{name}{_signature_text(func, case)}")
        try:
            got = _run(name, func, case, spec, "example")[0]
        except AssertionError as err:
            print(f"your output:     (no output) {str(err).splitlines()[0]}")
        else:
            print(f"your output:     {fmt(got)}")
            if difference(case["expected"], got, _tolerance(spec)) is not None:
                print("                 ^ differs from the expected output; the check below says where.")
        print(f"expected output: {fmt(case['expected'])}")

    return check, preview


def _tolerance(spec: Spec) -> Tolerance:
    return Tolerance(rtol=spec.rtol, atol=spec.atol, strict_dtype=spec.strict_dtype)


def _require_callable(name: str, func: Any) -> None:
    if not callable(func):
        raise AssertionError(f"{name}: expected a function, got {fmt(func)}. "
                             f"Did you overwrite `{name}` with a value?")


def _run(name: str, func: Callable, case: dict, spec: Spec, label: str):
    """Call ``func`` on fresh copies of the case's inputs; turn every failure into an AssertionError."""
    args = copy.deepcopy(case["args"])
    kwargs = copy.deepcopy(case["kwargs"])
    originals = (copy.deepcopy(args), copy.deepcopy(kwargs))
    notes: set[str] = set()
    state = np.random.get_state()
    stderr = io.StringIO()
    try:
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(stderr), \
                _stand_ins(func, case.get("calls", {})), _time_limit(spec.time_limit):
            warnings.simplefilter("always")
            if spec.seed is not None:
                np.random.seed(spec.seed)
            got = func(*args, **kwargs)
    except NotImplementedError:
        raise AssertionError(
            f"{name}: {NOT_IMPLEMENTED}. Replace `raise NotImplementedError()` with your code, "
            "run that cell, then run this check again.") from None
    except CheckTimeout:
        raise AssertionError(
            f"{name} ({label}) did not return in time: an endless loop, "
            "or a loop over far more iterations than needed?") from None
    except Exception as err:  # the learner's code failed: report it as a failed check
        raise AssertionError(
            f"{name} ({label}) raised {type(err).__name__}: {err}\n"
            f"  called as {name}{_signature_text(func, case)}\n"
            f"{_learner_frame(err)}") from None
    finally:
        np.random.set_state(state)
    for w in caught:
        notes.add(f"warning: {w.category.__name__}: {w.message}")
    if stderr.getvalue().strip():
        notes.add("your function wrote to stderr")
    return got, args, kwargs, originals, notes


def _learner_frame(err: Exception) -> str:
    frames = [f for f in traceback.extract_tb(err.__traceback__)
              if not f.filename.startswith(str(manifest.PACKAGE_DIR))]
    if not frames:
        return ""
    f = frames[-1]
    line = f"  in line {f.lineno}" + (f": {f.line.strip()}" if f.line else "")
    return line + ("\n  Hint: " + _exception_hint(err) if _exception_hint(err) else "")


def _exception_hint(err: Exception) -> str:
    text = str(err)
    if isinstance(err, ValueError) and "could not be broadcast" in text and re.search(r"\(\d+,\)", text):
        return ("a 1-D array of shape (n,) lines up with the *last* axis when broadcast: keep the "
                "reduced axis with keepdims=True, or reshape it into a column with .reshape(-1, 1).")
    if isinstance(err, ValueError) and ("shapes" in text or "operands could not be broadcast" in text
                                        or "matmul" in text):
        return ("the shapes of two operands do not fit: print their .shape, and check the order "
                "of the factors and any .T.")
    if isinstance(err, KeyError):
        return "a dictionary key is missing: check the spelling of keys like 'W1', 'dW1'."
    if isinstance(err, NameError):
        return "a name is not defined: did you run the cells above, or misspell a variable?"
    return ""


def _failure(name: str, label: str, case: dict, func: Callable, problem: str, hint: str | None) -> str:
    lines = [f"{name} failed on {label}{': ' + case['note'] if case.get('note') else ''}.",
             f"  called as {name}{_signature_text(func, case)}",
             f"  {problem}"]
    if hint:
        lines.append(f"  Hint: {hint}")
    return "\n".join(lines)


def _signature_text(func: Callable, case: dict) -> str:
    names: list[str] = []
    try:
        names = list(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        pass
    parts = []
    for i, a in enumerate(case["args"]):
        label = names[i] if i < len(names) else f"arg{i}"
        parts.append(f"{label}={_short(a)}")
    parts += [f"{k}={_short(v)}" for k, v in case["kwargs"].items()]
    return "(" + ", ".join(parts) + ")"


def _short(value: Any) -> str:
    if isinstance(value, np.ndarray):
        if value.size <= 6:
            return np.array2string(value, precision=4, separator=", ").replace("\n", "")
        return f"<array {value.shape}>"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_short(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple | list):
        inner = ", ".join(_short(v) for v in value[:6]) + (", ..." if len(value) > 6 else "")
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    return fmt(value, 60)


def _updated_state(func: Callable, args: tuple, kwargs: dict, expected: dict, spec: Spec) -> str | None:
    """Compare the final state of the arguments the function must update with the reference's."""
    if not expected:
        return None
    final = bind_arguments(func, args, kwargs)
    for key, value in expected.items():
        problem = difference(value, final.get(key), _tolerance(spec), f"`{key}` after the call")
        if problem:
            return problem + f"\n  Hint: this function must update `{key}` in place (see the instructions)."
    return None


def _modified_input(func: Callable, originals: tuple, args: tuple, kwargs: dict,
                    allowed: set[str] = frozenset()) -> str | None:
    orig_args, orig_kwargs = originals
    try:
        names = list(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        names = []
    pairs = [(names[i] if i < len(names) else f"argument {i}", o, a)
             for i, (o, a) in enumerate(zip(orig_args, args, strict=True))]
    pairs += [(k, orig_kwargs[k], kwargs[k]) for k in orig_kwargs]
    for label, before, after in pairs:
        if label in allowed:
            continue
        if difference(before, after, Tolerance(rtol=0, atol=0), label):
            return (f"your function modified its input `{label}` in place.\n"
                    "  Hint: an in-place update (`x -= ...`, `x[...] = ...`, `params['W1'] -= ...`) "
                    "changes the caller's array; write `x = x - ...` or work on a copy.")
    return None


def _mistake_hint(spec: Spec, case: dict, got: Any) -> str | None:
    for mistake in spec.mistakes:
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                wrong = mistake.output(*copy.deepcopy(case["args"]), **copy.deepcopy(case["kwargs"]))
        except Exception:
            continue
        if difference(wrong, got, _tolerance(spec)) is None:
            return mistake.hint
    return None


@contextlib.contextmanager
def _stand_ins(func: Callable, calls: dict) -> Iterator[None]:
    """Replace the callees named in ``calls`` with their recorded reference behaviour."""
    namespace = getattr(func, "__globals__", None)
    if not calls or namespace is None:
        yield
        return
    missing = object()
    saved = {name: namespace.get(name, missing) for name in calls}
    for name, records in calls.items():
        own = saved[name]
        namespace[name] = _stand_in(name, records, None if own is missing else own)
    try:
        yield
    finally:
        for name, own in saved.items():
            if own is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = own


def _stand_in(name: str, records: list, own: Callable | None) -> Callable:
    tolerance = Tolerance(rtol=1e-9, atol=1e-12)
    position = [0]  # calls usually come in the recorded order: try the next record first

    def stand_in(*args: Any, **kwargs: Any) -> Any:
        bound = bind_arguments(own, args, kwargs)
        start = position[0]
        for offset in range(len(records)):
            index = (start + offset) % len(records)
            if difference(records[index]["arguments"], bound, tolerance) is None:
                position[0] = index + 1
                return copy.deepcopy(records[index]["result"])
        if own is None:
            raise NameError(f"name {name!r} is not defined")
        return own(*args, **kwargs)

    stand_in.__name__ = name
    return stand_in


def bind_arguments(func: Callable | None, args: tuple, kwargs: dict) -> dict:
    """The call's arguments by parameter name, defaults filled in (by position if unknown)."""
    if func is not None:
        try:
            bound = inspect.signature(func).bind(*args, **kwargs)
            bound.apply_defaults()
            return dict(bound.arguments)
        except (TypeError, ValueError):
            pass
    return {**{f"arg{i}": a for i, a in enumerate(args)}, **kwargs}


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    seconds = min(seconds, float(os.environ.get("AUTOGRADER_TIME_LIMIT", seconds)))
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise CheckTimeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
