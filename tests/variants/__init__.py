"""Alternative correct implementations and typical mistakes, one module per assignment.

Each module defines ``VARIANTS = Variants("<assignment id>")`` and registers functions:

    @VARIANTS.ok("sigmoid")                    # must pass the public and the hidden cases
    def sigmoid_loops(x): ...

    @VARIANTS.wrong("sigmoid", "minus sign")   # must fail, with this text in the message
    def sigmoid_plus(x): ...

``ok(name, callees={...})`` installs the given callees in the variant's module while it is
checked: a correct caller must pass even when a callee is wrong (no cascading failures).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Variant:
    function: str
    impl: Callable
    message: str | None = None
    callees: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.function}-{self.impl.__name__}"


class Variants:
    def __init__(self, assignment_id: str):
        self.assignment = assignment_id
        self.correct: dict[str, list[Variant]] = defaultdict(list)
        self.mistakes: dict[str, list[Variant]] = defaultdict(list)

    def ok(self, function: str, callees: dict | None = None) -> Callable:
        def register(impl: Callable) -> Callable:
            self.correct[function].append(Variant(function, impl, callees=callees or {}))
            return impl
        return register

    def wrong(self, function: str, message: str, callees: dict | None = None) -> Callable:
        def register(impl: Callable) -> Callable:
            self.mistakes[function].append(Variant(function, impl, message, callees or {}))
            return impl
        return register
