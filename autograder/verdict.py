"""Judge one run of a learner's function against a stored case: the failure message, or None.

Used by ``check`` in the learner's kernel (day to day, public cases) and by the grader
outside the kernel (:mod:`autograder.isolation`), which alone holds the expected outputs
while a submission is graded.
"""

from __future__ import annotations

import copy
import warnings
from typing import Any

import numpy as np

from .aliases import alias_problem
from .compare import Tolerance, difference
from .runner import signature_text
from .spec import Spec


def tolerance(spec: Spec) -> Tolerance:
    return Tolerance(rtol=spec.rtol, atol=spec.atol, strict_dtype=spec.strict_dtype)


def judge(name: str, label: str, case: dict, spec: Spec, got: Any, args_after: tuple, kwargs_after: dict,
          names: list[str], aliases: list, signature: str | None = None) -> str | None:
    """The failure message for this run, or None when it passes.

    got, args_after, kwargs_after -- the learner's result and the inputs after the call
    names   -- the learner function's parameter names
    aliases -- :func:`autograder.aliases.alias_pairs` of the learner's result and inputs
    """
    signature = signature or signature_text(None, case)
    problem = difference(case["expected"], got, tolerance(spec), "your result")
    if problem:
        return failure(name, label, case, signature, problem, mistake_hint(spec, case, got))
    allowed = set(spec.mutable) | set(spec.updates)
    changed = modified_input(names, (case["args"], case["kwargs"]), args_after, kwargs_after, allowed)
    if changed:
        return failure(name, label, case, signature, changed, None)
    updated = updated_state(names, args_after, kwargs_after, case.get("updated", {}), spec)
    if updated:
        return failure(name, label, case, signature, updated, None)
    aliased = alias_problem(case.get("aliases", []), aliases, allowed)
    if aliased:
        return failure(name, label, case, signature, aliased, None)
    return None


def failure(name: str, label: str, case: dict, signature: str, problem: str, hint: str | None) -> str:
    lines = [f"{name} failed on {label}{': ' + case['note'] if case.get('note') else ''}.",
             f"  called as {name}{signature}",
             f"  {problem}"]
    if hint:
        lines.append(f"  Hint: {hint}")
    return "\n".join(lines)


def _by_name(names: list[str], args: tuple, kwargs: dict) -> dict:
    bound = {names[i] if i < len(names) else f"argument {i}": a for i, a in enumerate(args)}
    bound.update(kwargs)
    return bound


def updated_state(names: list[str], args: tuple, kwargs: dict, expected: dict, spec: Spec) -> str | None:
    """Compare the final state of the arguments the function must update with the reference's."""
    if not expected:
        return None
    final = _by_name(names, args, kwargs)
    for key, value in expected.items():
        problem = difference(value, final.get(key), tolerance(spec), f"`{key}` after the call")
        if problem:
            return problem + f"\n  Hint: this function must update `{key}` in place (see the instructions)."
    return None


def modified_input(names: list[str], originals: tuple, args: tuple, kwargs: dict,
                   allowed: set[str] = frozenset()) -> str | None:
    orig_args, orig_kwargs = originals
    if len(orig_args) != len(args) or set(orig_kwargs) != set(kwargs):
        return "your function's inputs came back in a different form than they were passed."
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


def mistake_hint(spec: Spec, case: dict, got: Any) -> str | None:
    for mistake in spec.mistakes:
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                wrong = mistake.output(*copy.deepcopy(case["args"]), **copy.deepcopy(case["kwargs"]))
        except Exception:
            continue
        if difference(wrong, got, tolerance(spec)) is None:
            return mistake.hint
    return None
