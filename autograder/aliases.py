"""Which returned objects are the same object (or share memory) as another returned object or an input.

A function that returns ``v, s`` built as ``v = s = {}`` returns one dictionary twice: an
update of ``v`` later changes ``s`` as well. The values compare equal, so a check only sees
the mistake by looking at identities. :func:`alias_pairs` lists the pairs of places (paths
like ``result[0]['dW1']`` or ``args[1]``) that hold the same mutable object, or arrays that
share memory. The references store the pairs of the instructor solution; a learner's result
may not add pairs the reference does not have (:func:`alias_problem`).

Tuples, strings and numbers are immutable and never count; dicts, lists and arrays do.
"""

from __future__ import annotations

from typing import Any

import numpy as np

_LIMIT = 400  # places looked at per call; results are small


def _places(value: Any, path: str, out: list, depth: int = 0) -> None:
    if len(out) >= _LIMIT or depth > 6:
        return
    if isinstance(value, np.ndarray):
        if value.ndim > 0 and value.size > 0:
            out.append((path, value))
        return
    if isinstance(value, dict):
        out.append((path, value))
        for key, item in value.items():
            _places(item, f"{path}[{key!r}]", out, depth + 1)
    elif isinstance(value, list):
        out.append((path, value))
        for i, item in enumerate(value):
            _places(item, f"{path}[{i}]", out, depth + 1)
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            _places(item, f"{path}[{i}]", out, depth + 1)


def _inside(inner: str, outer: str) -> bool:
    return inner.startswith(outer) and inner[len(outer):len(outer) + 1] == "["


def _same(a: Any, b: Any) -> bool:
    if a is b:
        return True
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
        try:
            return bool(np.shares_memory(a, b, max_work=10_000))
        except np.exceptions.TooHardError:
            return bool(np.may_share_memory(a, b))
    return False


def alias_pairs(result: Any, args: tuple | list = (), kwargs: dict | None = None,
                names: list[str] | None = None) -> list[list[str]]:
    """Sorted pairs ``[place, place]`` of aliased places, at least one of them in the result.

    Inputs are named ``args[i]`` (or by parameter name when ``names`` gives them) and
    ``kwargs[name]``; the result is ``result``.
    """
    outputs: list = []
    _places(result, "result", outputs)
    inputs: list = []
    for i, a in enumerate(args):
        label = names[i] if names and i < len(names) else f"args[{i}]"
        _places(a, label, inputs)
    for key, a in (kwargs or {}).items():
        _places(a, key, inputs)
    pairs = set()
    for i, (p, a) in enumerate(outputs):
        for q, b in outputs[i + 1:] + inputs:
            if _inside(q, p) or _inside(p, q):
                continue
            if _same(a, b):
                pairs.add(tuple(sorted((p, q))))
    return [list(pair) for pair in sorted(pairs)]


def alias_problem(reference: list, learner: list, allowed: set[str] = frozenset()) -> str | None:
    """A message about the first aliased pair of the learner's that the reference does not have.

    ``allowed`` names inputs the function may return or update in place (``mutable``,
    ``updates`` of the spec): pairs involving them are not reported.
    """
    known = {tuple(p) for p in reference}
    for p, q in (tuple(pair) for pair in learner):
        if (p, q) in known:
            continue
        if any(x == name or _inside(x, name) for x in (p, q) for name in allowed):
            continue
        if p.startswith("result") and q.startswith("result"):
            return (f"`{p}` and `{q}` are the same object (or share memory), but must be "
                    "independent: changing one would change the other.\n"
                    "  Hint: create each one separately (`v = {}` then `s = {}`, not `v = s = {}`; "
                    "`np.zeros(...)` for each array, or `.copy()`).")
        inp = q if p.startswith("result") else p
        out = p if p.startswith("result") else q
        return (f"`{out}` is your input `{inp}` itself (or a view of it), where a new object is "
                "expected: whoever changes one later changes the other.\n"
                "  Hint: build a new array or dict (`x * 1.0`, `x.copy()`, `dict(d)`) instead of "
                "returning the input.")
    return None
