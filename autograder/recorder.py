"""The grading kernel's side of a graded test cell: run the learner's function, report what it did.

While a submission is graded, :mod:`autograder.isolation` does not execute a test cell's
``check(...)`` in the learner's kernel. It asks the kernel, through this module, to call
the learner's function on the inputs of the cases and to send back what came out; it then
compares those outputs with the expected ones, which never enter the kernel. The grader
talks to the kernel over a local socket: it sends the inputs, answers the stand-ins of
the other graded functions one call at a time (only for the arguments the reference
solution used), and receives the results.

Nothing here is trusted by the grader: a learner's code can replace any of it, and can only
make its own results worse by doing so (see ``course/GRADING.md``).
"""

from __future__ import annotations

import json
import socket
import struct
from typing import Any

import numpy as np

from . import serialize
from .compare import fmt
from .runner import run_case, signature_text

_LIMIT = 64 * 1024 * 1024   # bytes of one message
_REFERENCES: dict = {}       # code object -> dotted name, captured before any notebook code runs


def prepare(reference_names: list[str]) -> None:
    """Capture the code of the course's reference implementations (called by the prelude)."""
    import importlib

    for dotted in reference_names:
        module_name, attr = dotted.rsplit(".", 1)
        try:
            func = getattr(importlib.import_module(module_name), attr)
            _REFERENCES[func.__code__] = dotted
        except Exception:
            continue


class Channel:
    """Length-prefixed JSON messages over a Unix socket."""

    def __init__(self, sock: socket.socket):
        self.sock = sock

    def send(self, message: dict) -> None:
        data = json.dumps(message, allow_nan=False).encode()
        self.sock.sendall(struct.pack("!Q", len(data)) + data)

    def receive(self) -> dict:
        (size,) = struct.unpack("!Q", self._exactly(8))
        if size > _LIMIT:
            raise ValueError("message too large")
        return json.loads(self._exactly(size))

    def ask(self, message: dict) -> dict:
        self.send(message)
        return self.receive()

    def _exactly(self, n: int) -> bytes:
        chunks, got = [], 0
        while got < n:
            chunk = self.sock.recv(min(n - got, 1 << 20))
            if not chunk:
                raise ConnectionError("the grader closed the connection")
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)


def encode(value: Any) -> Any:
    """:func:`serialize.encode`, with what cannot be stored described instead of failing."""
    try:
        size = _nbytes(value)
    except RecursionError:
        size = _LIMIT
    if size > _LIMIT // 8:
        return f"<a result too large to grade: about {size // 1_000_000} MB>"
    try:
        return serialize.encode(value)
    except (TypeError, ValueError, RecursionError):
        pass
    if isinstance(value, tuple):
        return {"__tuple__": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: encode(v) for k, v in value.items()}
    return f"<a {type(value).__name__}: {fmt(value, 200)}>"


def _nbytes(value: Any, depth: int = 0) -> int:
    if isinstance(value, np.ndarray):
        return int(value.nbytes)
    if depth > 20:
        return 0
    if isinstance(value, dict):
        return sum(_nbytes(v, depth + 1) for v in value.values())
    if isinstance(value, tuple | list):
        return sum(_nbytes(v, depth + 1) for v in value)
    return 64


def record(address: str, token: str) -> None:
    """Serve one graded test cell: fetch its cases, run the learner's function, send the results."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(address)
    channel = Channel(sock)
    try:
        task = channel.ask({"op": "start", "token": token})
        namespace = _user_namespace()
        for part in task["parts"]:
            name = part["function"]
            func = namespace.get(part["variable"])
            if not callable(func):
                what = "is not defined" if part["variable"] not in namespace else f"is {fmt(func, 80)}, not a function"
                channel.send({"op": "missing", "detail": f"`{part['variable']}` {what}"})
                channel.receive()
                continue
            for number, case in enumerate(part["cases"]):
                case = serialize.decode(case)
                label = case["label"]

                def lookup(callee: str, arguments: dict, number: int = number,
                           part: dict = part) -> tuple[bool, Any, dict]:
                    try:
                        encoded = serialize.encode(arguments)
                    except (TypeError, ValueError):
                        return False, None, {}
                    answer = channel.ask({"op": "call", "part": part["index"], "case": number,
                                          "name": callee, "arguments": encoded})
                    return (bool(answer["found"]), serialize.decode(answer.get("result")),
                            serialize.decode(answer.get("updated", {})))

                run = run_case(name, func, case, seed=case["seed"], time_limit=case["time_limit"],
                               label=label, lookup=lookup, references=_REFERENCES)
                reply = channel.ask({
                    "op": "result", "part": part["index"], "case": number, "error": run.error,
                    "got": encode(run.got) if run.error is None else None,
                    "args": encode(run.args), "kwargs": encode(run.kwargs), "names": run.names,
                    "aliases": run.aliases, "notes": sorted(run.notes),
                    "signature": signature_text(func, case)})
                if not reply.get("continue", False):
                    break
        channel.send({"op": "done"})
    finally:
        sock.close()


def _user_namespace() -> dict:
    try:
        return get_ipython().user_ns  # type: ignore[name-defined]  # noqa: F821
    except NameError:
        import __main__

        return vars(__main__)
