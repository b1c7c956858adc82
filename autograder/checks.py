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

This is the learner's day-to-day check, in their own kernel. When a submission is graded,
the test cells are not trusted to the learner's kernel: the grader runs the same cases
through :mod:`autograder.recorder` and judges the outputs itself (see
``course/GRADING.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from . import manifest
from .compare import difference, fmt
from .runner import (
    NOT_IMPLEMENTED,
    CheckTimeout,
    bind_arguments,
    record_lookup,
    reference_codes,
    run_case,
)
from .runner import signature_text as _signature_text
from .serialize import read
from .spec import Spec
from .verdict import judge, modified_input, tolerance, updated_state

__all__ = ["NOT_IMPLEMENTED", "CheckTimeout", "bind_arguments", "load_checks"]


@cache
def _references(assignment_id: str, visibility: str) -> dict:
    path = manifest.get(assignment_id).references(visibility)
    try:
        exists = path.exists()
    except OSError:
        exists = False
    if not exists:
        if visibility == "hidden":
            raise AssertionError(
                f"The hidden cases of {assignment_id} are not installed here ({path}); "
                "they are run by the instructor's autograder.")
        raise AssertionError(f"The reference cases of {assignment_id} are missing ({path}); "
                             "run `make references`.")
    try:
        return read(path)
    except OSError as err:
        raise AssertionError(f"The reference cases of {assignment_id} cannot be read here: {err}") from None


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
        references = reference_codes(assignment.graded, spec.references)
        notes: set[str] = set()
        for number, case in enumerate(cases, start=1):
            label = f"{visibility} case {number} of {len(cases)}"
            run = run_case(name, func, case, seed=spec.seed, time_limit=spec.time_limit, label=label,
                           lookup=record_lookup(case.get("calls", {})), references=references)
            if run.error:
                raise AssertionError(run.error)
            problem = judge(name, label, case, spec, run.got, run.args, run.kwargs, run.names,
                            run.aliases, _signature_text(func, case))
            if problem:
                raise AssertionError(problem)
            notes |= run.notes
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
        run = run_case(name, func, case, seed=spec.seed, time_limit=spec.time_limit, label="example",
                       lookup=record_lookup(case.get("calls", {})),
                       references=reference_codes(assignment.graded, spec.references))
        if run.error:
            print(f"your output:     (no output) {run.error.splitlines()[0]}")
        else:
            print(f"your output:     {fmt(run.got)}")
            if difference(case["expected"], run.got, tolerance(spec)) is not None:
                print("                 ^ differs from the expected output; the check below says where.")
        print(f"expected output: {fmt(case['expected'])}")

    return check, preview


def _require_callable(name: str, func: Any) -> None:
    if not callable(func):
        raise AssertionError(f"{name}: expected a function, got {fmt(func)}. "
                             f"Did you overwrite `{name}` with a value?")


def _names(func: Callable) -> list[str]:
    from .runner import parameter_names

    return parameter_names(func)


def _updated_state(func: Callable, args: tuple, kwargs: dict, expected: dict, spec: Spec) -> str | None:
    return updated_state(_names(func), args, kwargs, expected, spec)


def _modified_input(func: Callable, originals: tuple, args: tuple, kwargs: dict,
                    allowed: set[str] = frozenset()) -> str | None:
    return modified_input(_names(func), originals, args, kwargs, allowed)
