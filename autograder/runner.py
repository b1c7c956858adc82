"""Call a learner's graded function on one stored case, and nothing more.

The same runner serves the learner's ``check(...)`` in JupyterLab and the grading kernel
(:mod:`autograder.recorder`): it calls the function on fresh copies of the case's inputs,
with the other graded functions it calls replaced by stand-ins (no cascading failures),
a time limit, the random seed of the case, warnings and stderr captured, and calls into
the course's own reference implementations noticed. It does not compare anything: that
is :mod:`autograder.verdict`'s job, done in the learner's kernel by ``check`` and outside
it by the grader.
"""

from __future__ import annotations

import contextlib
import copy
import inspect
import io
import os
import re
import signal
import sys
import threading
import traceback
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import manifest
from .aliases import alias_pairs
from .compare import fmt

NOT_IMPLEMENTED = "not implemented yet"


class CheckTimeout(Exception):
    """Raised inside the learner's function when it runs past the time limit."""


@dataclass
class Run:
    """What one call of a learner's function did."""

    got: Any = None
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    error: str | None = None          # the call failed: the whole failure message
    notes: set = field(default_factory=set)
    aliases: list = field(default_factory=list)
    references: list = field(default_factory=list)   # reference implementations it called
    names: list = field(default_factory=list)        # the function's parameter names


def parameter_names(func: Callable) -> list[str]:
    try:
        return list(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        return []


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


def run_case(name: str, func: Callable, case: dict, *, seed: int | None, time_limit: float,
             label: str, lookup: Callable | None, references: dict) -> Run:
    """Call ``func`` on copies of ``case["args"]``/``case["kwargs"]``.

    lookup     -- ``lookup(callee, arguments) -> (found, result, updated)``: the reference
                  behaviour of the graded functions named in ``case["calls"]`` (stand-ins);
                  ``updated`` is the final state of the arguments the callee updates in place
    references -- ``{code object: "helpers.x.f"}``: reference implementations whose use
                  during the call is reported
    """
    run = Run(args=copy.deepcopy(case["args"]), kwargs=copy.deepcopy(case["kwargs"]),
              names=parameter_names(func))
    state = np.random.get_state()
    stderr = io.StringIO()
    hits: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(stderr), \
                _stand_ins(func, case.get("calls", {}), lookup), _time_limit(time_limit), \
                _watching(references, hits):
            warnings.simplefilter("always")
            if seed is not None:
                np.random.seed(seed)
            run.got = func(*run.args, **run.kwargs)
    except NotImplementedError:
        run.error = (f"{name}: {NOT_IMPLEMENTED}. Replace `raise NotImplementedError()` with your code, "
                     "run that cell, then run this check again.")
    except CheckTimeout:
        run.error = (f"{name} ({label}) did not return in time: an endless loop, "
                     "or a loop over far more iterations than needed?")
    except MemoryError:
        run.error = (f"{name} ({label}) ran out of memory: does it build an array far larger "
                     "than needed (a broadcasting accident, a loop that appends forever)?")
    except Exception as err:  # the learner's code failed: report it as a failed check
        run.error = (f"{name} ({label}) raised {type(err).__name__}: {_text(err)}\n"
                     f"  called as {name}{signature_text(func, case)}\n"
                     f"{_learner_frame(err)}")
    finally:
        np.random.set_state(state)
    if hits:
        used = ", ".join(f"`{h}`" for h in dict.fromkeys(hits))
        run.references = list(dict.fromkeys(hits))
        run.error = (f"{name} ({label}) called {used}, the course's own reference implementation. "
                     f"Implement {name} yourself: the exercise is to write it, not to call the answer.")
        return run
    if run.error is None:
        for w in caught:
            run.notes.add(f"warning: {w.category.__name__}: {w.message}")
        if stderr.getvalue().strip():
            run.notes.add("your function wrote to stderr")
        run.aliases = alias_pairs(run.got, run.args, run.kwargs, run.names)
    return run


def _text(err: BaseException) -> str:
    try:
        return str(err)
    except Exception:
        return f"<{type(err).__name__} whose message cannot be shown>"


def _learner_frame(err: Exception) -> str:
    frames = [f for f in traceback.extract_tb(err.__traceback__)
              if not f.filename.startswith(str(manifest.PACKAGE_DIR))]
    if not frames:
        return ""
    f = frames[-1]
    line = f"  in line {f.lineno}" + (f": {f.line.strip()}" if f.line else "")
    hint = _exception_hint(err)
    return line + ("\n  Hint: " + hint if hint else "")


def _exception_hint(err: Exception) -> str:
    text = _text(err)
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


def signature_text(func: Callable | None, case: dict) -> str:
    names = _positional_names(func)
    parts = []
    for i, a in enumerate(case["args"]):
        label = names[i] if i < len(names) else f"arg{i}"
        parts.append(f"{label}={_short(a)}")
    parts += [f"{k}={_short(v)}" for k, v in case["kwargs"].items()]
    return "(" + ", ".join(parts) + ")"


def _positional_names(func: Callable | None) -> list[str]:
    try:
        parameters = inspect.signature(func).parameters.values() if func is not None else []
    except (TypeError, ValueError):
        return []
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return [p.name for p in parameters if p.kind in positional]


_SHORT_LIMIT = 120


def _short(value: Any, numbers: bool = True) -> str:
    """An argument in a few words: small arrays in full, larger ones (or crowded dicts) by shape."""
    if isinstance(value, np.ndarray):
        if numbers and value.size <= 6:
            return np.array2string(value, precision=4, separator=", ").replace("\n", "")
        return f"<array {value.shape}>"
    if isinstance(value, dict | tuple | list):
        text = _short_container(value, numbers)
        if numbers and len(text) > _SHORT_LIMIT:
            text = _short_container(value, False)
        if len(text) > 3 * _SHORT_LIMIT:        # nested: its items' contents by kind and size only
            text = _short_container(value, False, nested=False)
        return text
    return fmt(value, 60)


def _short_container(value: dict | tuple | list, numbers: bool, nested: bool = True) -> str:
    def item(v: Any) -> str:
        if not nested and isinstance(v, dict | tuple | list):
            return f"<{type(v).__name__} of {len(v)}>"
        return _short(v, numbers)

    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {item(v)}" for k, v in value.items()) + "}"
    inner = ", ".join(item(v) for v in value[:6]) + (", ..." if len(value) > 6 else "")
    return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"


# ---------------------------------------------------------------- stand-ins
@contextlib.contextmanager
def _stand_ins(func: Callable, calls: dict | list, lookup: Callable | None) -> Iterator[None]:
    """Replace the callees named in ``calls`` with their reference behaviour."""
    namespace = getattr(func, "__globals__", None)
    if not calls or namespace is None or lookup is None:
        yield
        return
    missing = object()
    saved = {name: namespace.get(name, missing) for name in calls}
    for name in calls:
        own = saved[name]
        namespace[name] = _stand_in(name, lookup, None if own is missing else own)
    try:
        yield
    finally:
        for name, own in saved.items():
            if own is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = own


def _stand_in(name: str, lookup: Callable, own: Callable | None) -> Callable:
    def stand_in(*args: Any, **kwargs: Any) -> Any:
        arguments = bind_arguments(own, args, kwargs)
        found, result, updated = lookup(name, arguments)
        if found:
            # the recorded call matched: the caller's objects that the callee updates in place
            # (its spec's ``updates``) take the state the reference left them in
            for key, state in updated.items():
                if key in arguments:
                    _update_in_place(arguments[key], state)
            return result
        if own is None:
            raise NameError(f"name {name!r} is not defined")
        return own(*args, **kwargs)

    stand_in.__name__ = name
    return stand_in


def _update_in_place(target: Any, state: Any) -> bool:
    """Give ``target`` the recorded final ``state`` without replacing it: arrays are overwritten,
    dicts and lists updated entry by entry (an entry that cannot be, such as an array of another
    shape, is replaced). False when ``target`` itself cannot take ``state`` in place; ``state``
    must be the caller's own copy, since entries are replaced by its parts.
    """
    if isinstance(target, np.ndarray):
        if not isinstance(state, np.ndarray) or state.shape != target.shape \
                or not target.flags.writeable \
                or not np.can_cast(state.dtype, target.dtype, "same_kind"):
            return False
        target[...] = state
        return True
    if isinstance(target, dict) and isinstance(state, dict):
        for key in [k for k in target if k not in state]:
            del target[key]
        for key, value in state.items():
            if key not in target or not _update_in_place(target[key], value):
                target[key] = value
        return True
    if isinstance(target, list) and isinstance(state, list):
        if len(target) != len(state):
            target[:] = state
            return True
        for index, value in enumerate(state):
            if not _update_in_place(target[index], value):
                target[index] = value
        return True
    return False


def record_lookup(calls: dict) -> Callable:
    """A stand-in lookup over recorded calls held in memory (``check`` in the learner's kernel)."""
    from .compare import Tolerance, difference

    tolerance = Tolerance(rtol=1e-9, atol=1e-12)
    positions: dict[str, int] = {}  # calls usually come in the recorded order: try the next first

    def lookup(name: str, arguments: dict) -> tuple[bool, Any, dict]:
        records = calls.get(name, [])
        start = positions.get(name, 0)
        for offset in range(len(records)):
            index = (start + offset) % len(records)
            if difference(records[index]["arguments"], arguments, tolerance) is None:
                positions[name] = index + 1
                record = records[index]
                updated = copy.deepcopy(record.get("updated", {}))
                return True, copy.deepcopy(record["result"]), updated
        return False, None, {}

    return lookup


# ---------------------------------------------------------------- reference implementations
def reference_codes(graded: tuple[str, ...], extra: tuple[str, ...] = ()) -> dict:
    """``{code object: dotted name}`` of the course's own implementations of graded functions.

    The rule is general: a function of a ``helpers`` module that has the name of one of this
    assignment's graded functions implements it (plus ``extra`` dotted names from the spec).
    Only modules already imported are looked at: a learner's function can only call what
    has been imported.
    """
    codes = {}
    wanted = set(graded) | {e.rsplit(".", 1)[1] for e in extra}
    for module_name, module in list(sys.modules.items()):
        if not (module_name == "helpers" or module_name.startswith("helpers.")) or module is None:
            continue
        for attr, value in list(vars(module).items()):
            if attr in wanted and inspect.isfunction(value) and \
                    getattr(value, "__module__", "").startswith("helpers"):
                dotted = f"{value.__module__}.{value.__name__}"
                if value.__name__ in graded or dotted in extra:
                    codes[value.__code__] = dotted
    return codes


@contextlib.contextmanager
def _watching(references: dict, hits: list) -> Iterator[None]:
    """Note every call into a reference implementation's code while the learner's function runs."""
    if not references:
        yield
        return
    previous = sys.getprofile()

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event == "call":
            code = frame.f_code
            if code in references:
                hits.append(references[code])

    sys.setprofile(profile)
    try:
        yield
    finally:
        sys.setprofile(previous)


# ---------------------------------------------------------------- time limit
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
