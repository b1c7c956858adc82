"""No cascading failures: which graded function calls which, and a probe that proves the stand-ins work.

When the references are built (:mod:`autograder.build`), every call that a reference
solution makes to another graded function of its assignment (and the calls those make in
turn) is recorded in the case
(``calls``); a check replaces those callees with stand-ins that replay the recorded results
(and the recorded final state of the arguments a callee's spec names in ``updates``).
:func:`edges` reads the caller -> callee pairs off the references. :func:`probe` runs, in
the kernel of an executed instructor notebook, each caller's checks with one of its callees
(and then all of them) replaced by a function that fails: the checks must still pass, so a
wrong callee can never cost its caller's points.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from . import manifest
from .serialize import read

VISIBILITIES = ("public", "hidden")
WRONG = "wrong callee called"


def edges(assignment_id: str, references_dir: str | Path | None = None) -> dict[str, list[str]]:
    """``{caller: [callee, ...]}`` recorded in the public or hidden references, in manifest order."""
    folder = Path(references_dir) if references_dir else manifest.REFERENCES_DIR
    found: dict[str, set] = {}
    for visibility in VISIBILITIES:
        functions = read(folder / assignment_id / f"{visibility}.json")["functions"]
        for name, cases in functions.items():
            for case in cases:
                found.setdefault(name, set()).update(case.get("calls", {}))
    order = list(manifest.get(assignment_id).graded)
    ranked = {name: order.index(name) if name in order else len(order) for name in found}
    return {name: sorted(callees, key=lambda c: (ranked.get(c, len(order)), c))
            for name, callees in sorted(found.items(), key=lambda kv: (ranked[kv[0]], kv[0]))
            if callees}


@contextlib.contextmanager
def references_in(folder: str | Path) -> Iterator[None]:
    """Let :func:`autograder.checks.load_checks` read the references in ``folder`` meanwhile."""
    from . import checks

    def forget() -> None:
        clear = getattr(getattr(checks, "_references", None), "cache_clear", None)
        if clear:
            clear()

    saved = manifest.REFERENCES_DIR
    manifest.REFERENCES_DIR = Path(folder)
    forget()
    try:
        yield
    finally:
        manifest.REFERENCES_DIR = saved
        forget()


def _wrong(name: str, right: Callable) -> Callable:
    """A callee that fails when called, with the signature of ``right`` (as a learner's would have)."""
    def wrong(*args, **kwargs):
        raise AssertionError(WRONG)

    wrong.__name__ = name
    with contextlib.suppress(TypeError, ValueError):
        wrong.__signature__ = inspect.signature(right)
    return wrong


def probe(assignment_id: str, namespace: dict, references_dir: str | Path, out: str | Path) -> dict:
    """Check every caller with wrong callees installed in ``namespace``; write the outcome as JSON.

    ``namespace`` is the globals of a kernel that executed the instructor notebook, and
    ``references_dir`` holds the references just recorded from it. Each outcome says which
    callees were wrong, public or hidden, whether the check passed and its message.
    """
    from .checks import load_checks

    graph = edges(assignment_id, references_dir)
    results = []
    with references_in(references_dir):
        check, _ = load_checks(assignment_id)
        for caller, callees in graph.items():
            trials = [[callee] for callee in callees] + ([callees] if len(callees) > 1 else [])
            for wrong in trials:
                for hidden in (False, True):
                    saved = {name: namespace.get(name) for name in wrong}
                    namespace.update({name: _wrong(name, saved[name]) for name in wrong})
                    stdout = io.StringIO()
                    try:
                        with contextlib.redirect_stdout(stdout):
                            check(caller, namespace[caller], hidden=hidden)
                        passed, message = True, stdout.getvalue().strip()
                    except Exception as err:  # a failed check, or anything else that went wrong
                        passed, message = False, f"{type(err).__name__}: {err}"
                    finally:
                        namespace.update(saved)
                    results.append({"function": caller, "wrong": wrong,
                                    "visibility": "hidden" if hidden else "public",
                                    "passed": passed, "message": message})
    outcome = {"assignment": assignment_id, "edges": [[f, c] for f, cs in graph.items() for c in cs],
               "results": results}
    Path(out).write_text(json.dumps(outcome, indent=1), encoding="utf-8")
    return outcome


def probe_code(assignment_id: str, references_dir: Path, out: Path) -> str:
    """The code a test appends to a notebook, after :func:`autograder.build.record_code`."""
    return (f"from autograder.callees import probe as _probe\n"
            f"_probe({assignment_id!r}, globals(), {str(references_dir)!r}, {str(out)!r})")
