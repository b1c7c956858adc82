"""How an assignment declares the cases of its graded functions.

Each assignment has a module ``autograder/cases/<id with underscores>.py`` that defines
``SPECS``, a dict from graded-function name to :class:`Spec`. The inputs are built here,
deterministically; the expected outputs are produced by the instructor solution in
``source/`` and stored by ``python -m autograder build`` (see :mod:`autograder.build`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Case:
    """One call of a graded function: ``func(*args, **kwargs)``."""

    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    note: str = ""


@dataclass
class Mistake:
    """A common mistake, recognised when the learner's output equals ``output(*args, **kwargs)``.

    ``output`` computes what the mistaken code returns on a case's inputs; when the learner's
    result matches it, the failure message carries ``hint``.
    """

    hint: str
    output: Callable[..., Any]


@dataclass
class Spec:
    """How to check one graded function.

    public, hidden -- the cases; hidden ones are stored apart and run only in hidden test blocks
    rtol, atol    -- tolerances for floating-point values (atol is scaled by the largest
                     expected magnitude of each array)
    seed          -- if set, ``np.random.seed(seed)`` is called before each case, as the
                     classic tests did for functions that draw random numbers
    strict_dtype  -- require the dtype kind (bool / integer / float) of every array to match
    time_limit    -- seconds one call may take before it counts as an endless loop
    mistakes      -- recognised common mistakes, for hints
    mutable       -- names of arguments the function may change in place (the classic style
                     ``parameters["W1"] = ...`` updates the caller's dict); they are not
                     reported as modified inputs, and their final state is not compared
    updates       -- names of arguments that the function's contract says it updates in place
                     (e.g. a batch-norm ``bn_param`` with running averages); their final
                     state must equal the reference's final state, and in the checks of the
                     graded functions that call this one, its stand-in gives them the
                     reference's final state
    references    -- dotted names of further ``helpers`` functions that implement this one
                     (a function of ``helpers`` with the name of a graded function of the
                     assignment counts without being named); a check during which the
                     learner's function calls one fails
    """

    public: list[Case]
    hidden: list[Case]
    rtol: float = 1e-5
    atol: float = 1e-7
    seed: int | None = None
    strict_dtype: bool = False
    time_limit: float = 30.0
    mistakes: list[Mistake] = field(default_factory=list)
    mutable: tuple[str, ...] = ()
    updates: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
