"""Compare a learner's result with the expected one and explain the first difference."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Number
from typing import Any

import numpy as np

_NUMERIC = "biuf"


@dataclass
class Tolerance:
    rtol: float = 1e-5
    atol: float = 1e-7
    strict_dtype: bool = False


def fmt(value: Any, limit: int = 600) -> str:
    """Short printable form of a value, arrays with 8 significant digits.

    An array that does not fit in ``limit`` characters and a few lines, or has more than two
    axes and more than four entries (a 4-D activation, a filter bank), is summarised: its shape and dtype first, then its first values and its range, so that two
    outputs side by side stay comparable and the shape is never cut off.
    """
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=8, threshold=60, edgeitems=3)
        text = f"{text}  (shape {value.shape}, dtype {value.dtype})"
        if len(text) > limit or text.count("\n") > _MAX_ARRAY_LINES or (value.ndim > 2 and value.size > 4):
            text = _array_summary(value)
    elif isinstance(value, dict):
        text = "{" + _join([f"{k!r}: {fmt(v, 200)}" for k, v in value.items()], limit) + "}"
    elif isinstance(value, tuple | list):
        inner = _join([fmt(v, 200) for v in value], limit)
        text = f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    elif isinstance(value, float | np.floating):
        text = f"{float(value):.10g}"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


_MAX_ARRAY_LINES = 8


def _join(parts: list[str], limit: int) -> str:
    """Join whole items while they fit in ``limit``; say how many were left out."""
    shown: list[str] = []
    length = 0
    for number, part in enumerate(parts):
        if shown and length + len(part) > limit - 20:
            shown.append(f"... {len(parts) - number} more")
            break
        shown.append(part)
        length += len(part) + 2
    return ", ".join(shown)


def _array_summary(value: np.ndarray) -> str:
    """``array(shape ..., dtype ...): first values [...], min ..., mean ..., max ...``."""
    head = f"array(shape {value.shape}, dtype {value.dtype})"
    flat = value.ravel()
    if value.dtype.kind not in "biuf" or flat.size == 0:
        return head
    first = ", ".join(f"{float(x):.6g}" for x in flat[:4])
    more = ", ..." if flat.size > 4 else ""
    if value.dtype.kind == "b":
        return f"{head}: first values [{first}{more}], {int(flat.sum())} of {flat.size} True"
    with np.errstate(all="ignore"):
        stats = f"min {np.min(flat):.6g}, mean {np.mean(flat, dtype=np.float64):.6g}, max {np.max(flat):.6g}"
    return f"{head}: first values [{first}{more}], {stats}"


def _is_number(x: Any) -> bool:
    return isinstance(x, Number | np.generic) and not isinstance(x, str | bytes)


def difference(expected: Any, got: Any, tol: Tolerance, where: str = "result") -> str | None:
    """Return None when ``got`` matches ``expected``, else a message about the first difference."""
    if isinstance(expected, Mapping):
        if not isinstance(got, Mapping):
            return f"{where} should be a dict with keys {sorted(expected)}, but is {_kind(got)}."
        missing = [k for k in expected if k not in got]
        extra = [k for k in got if k not in expected]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing keys {missing}")
            if extra:
                parts.append(f"unexpected keys {extra}")
            return f"{where} has the wrong keys: {', '.join(parts)} (expected exactly {list(expected)})."
        for key in expected:
            msg = difference(expected[key], got[key], tol, f"{where}[{key!r}]")
            if msg:
                return msg
        return None
    if isinstance(expected, tuple | list):
        if not isinstance(got, tuple | list):
            return (f"{where} should be a {type(expected).__name__} of {len(expected)} items, "
                    f"but is {_kind(got)}.")
        if len(got) != len(expected):
            return f"{where} should have {len(expected)} items, but has {len(got)}."
        for i, (e, g) in enumerate(zip(expected, got, strict=True)):
            msg = difference(e, g, tol, f"{where}[{i}]")
            if msg:
                return msg
        return None
    if isinstance(expected, np.ndarray) and expected.shape != ():
        return _array_difference(expected, got, tol, where)
    if expected is None:
        return None if got is None else f"{where} should be None, but is {_kind(got)}."
    if isinstance(expected, str | bytes):
        return None if got == expected else f"{where} should be {expected!r}, but is {fmt(got)}."
    if isinstance(expected, bool | np.bool_):
        if isinstance(got, bool | np.bool_) or (_is_number(got) and got in (0, 1)):
            if bool(got) == bool(expected):
                return None
        return f"{where} should be {bool(expected)}, but is {fmt(got)}."
    if _is_number(expected) or isinstance(expected, np.ndarray):
        return _scalar_difference(expected, got, tol, where)
    return None if got == expected else f"{where} should be {fmt(expected)}, but is {fmt(got)}."


def _kind(x: Any) -> str:
    if x is None:
        return "None (did you forget a `return`?)"
    if isinstance(x, np.ndarray):
        return f"an array of shape {x.shape}"
    return f"a {type(x).__name__} ({fmt(x, 80)})"


def _scalar_difference(expected: Any, got: Any, tol: Tolerance, where: str) -> str | None:
    exp = float(np.asarray(expected))
    if isinstance(got, np.ndarray):
        if got.size != 1:
            return (f"{where} should be a single number, but is an array of shape {got.shape}."
                    + _hint("If you summed or averaged, check that you reduced over all "
                            "the axes you meant to (or use np.squeeze)."))
        if got.ndim >= 1:
            return _one_element_array(exp, got, tol, where)
        got_value = got[()]
    else:
        got_value = got
    if not _is_number(got_value):
        return f"{where} should be a number, but is {_kind(got)}."
    value = float(got_value)
    if np.isnan(value) and not np.isnan(exp):
        return f"{where} is nan, expected {fmt(exp)}." + _hint(
            "nan usually comes from log(0), 0/0 or an overflow in exp.")
    if np.isclose(value, exp, rtol=tol.rtol, atol=tol.atol, equal_nan=True):
        return None
    if np.isinf(value) and not np.isinf(exp):
        return f"{where} is {value}, expected {fmt(exp)}." + _hint(
            "inf usually comes from log(0), a division by zero or an overflow in exp.")
    msg = f"{where} should be {exp:.10g}, but is {value:.10g} (difference {abs(value - exp):.3g})."
    if exp != 0 and value != 0 and np.isfinite(value / exp):
        ratio = value / exp
        if np.isclose(ratio, round(ratio), rtol=1e-6) and round(ratio) not in (0, 1):
            msg += _hint(f"your value is {round(ratio)} times the expected one: a missing or extra "
                         "constant factor (a 1/m, a 1/2, a sum instead of a mean?).")
        elif np.isclose(1 / ratio, round(1 / ratio), rtol=1e-6) and round(1 / ratio) not in (0, 1):
            msg += _hint(f"your value is 1/{round(1 / ratio)} of the expected one: an extra division "
                         "(by m?) or a mean instead of a sum.")
    return msg


def _one_element_array(exp: float, got: np.ndarray, tol: Tolerance, where: str) -> str:
    """The contract is a number; ``got`` is an array of one element (shape (1,), (1, 1), ...)."""
    msg = f"{where} should be a single number, but is an array of shape {got.shape}"
    if got.dtype.kind in _NUMERIC:
        value = float(got.reshape(()))
        if np.isclose(value, exp, rtol=tol.rtol, atol=tol.atol, equal_nan=True):
            msg += f" (its one value, {value:.10g}, is right)"
        else:
            msg += f" holding {value:.10g} (expected {exp:.10g})"
    msg += "."
    return msg + _hint("np.squeeze(...), .item() or float(...) turn a one-element array into a number. "
                       "Such an array comes from np.dot of a (1, m) row and an (m, 1) column, a sum "
                       "with keepdims=True, or a number plus a one-element array (a bias b of shape "
                       "(1, 1, 1)). Code that uses the result as a number breaks on an array: a "
                       "training loop's f\"{cost:f}\" raises a TypeError.")


def _array_difference(expected: np.ndarray, got: Any, tol: Tolerance, where: str) -> str | None:
    if got is None:
        return f"{where} should be an array of shape {expected.shape}, but is None (did you forget a `return`?)."
    if not isinstance(got, np.ndarray):
        if isinstance(got, list | tuple):
            return (f"{where} should be a numpy array of shape {expected.shape}, but is a "
                    f"{type(got).__name__}." + _hint("build it with numpy operations, or wrap it in np.array(...)."))
        if _is_number(got):
            return (f"{where} should be an array of shape {expected.shape}, but is the single number "
                    f"{fmt(got)}." + _hint("did you sum over every axis, or index a single element?"))
        return f"{where} should be an array of shape {expected.shape}, but is {_kind(got)}."
    if got.shape != expected.shape:
        return f"{where} has shape {got.shape}, expected {expected.shape}." + _shape_hint(expected, got)
    if expected.dtype.kind in _NUMERIC:
        if got.dtype.kind not in _NUMERIC:
            return f"{where} should hold numbers ({expected.dtype}), but has dtype {got.dtype}."
        if tol.strict_dtype and _dtype_family(got) != _dtype_family(expected):
            return (f"{where} has dtype {got.dtype}, expected a {_dtype_family(expected)} array "
                    f"like {expected.dtype}.")
        return _value_difference(expected, got, tol, where)
    if not np.array_equal(expected, got):
        return f"{where} differs: expected {fmt(expected)}, got {fmt(got)}."
    return None


def _dtype_family(a: np.ndarray) -> str:
    return {"b": "boolean", "i": "integer", "u": "integer", "f": "floating-point"}.get(a.dtype.kind, str(a.dtype))


def _value_difference(expected: np.ndarray, got: np.ndarray, tol: Tolerance, where: str) -> str | None:
    exp = expected.astype(np.float64)
    val = got.astype(np.float64)
    scale = float(np.max(np.abs(exp[np.isfinite(exp)]), initial=0.0))
    atol = tol.atol * max(1.0, scale)
    close = np.isclose(val, exp, rtol=tol.rtol, atol=atol, equal_nan=True)
    if close.all():
        return None
    bad = np.argwhere(~close)
    idx = tuple(int(i) for i in bad[0])
    both_finite = np.isfinite(val) & np.isfinite(exp)
    diff = np.abs(val - exp)[both_finite]
    max_diff = float(diff.max()) if diff.size else float("nan")
    msg = (f"{where} differs from the expected values at {len(bad)} of {exp.size} positions; "
           f"first at index {idx}: expected {exp[idx]:.10g}, got {val[idx]:.10g}; "
           f"max abs diff {max_diff:.3g}.\n"
           f"    expected: {fmt(expected)}\n"
           f"    got:      {fmt(got)}")
    hint = _value_hint(exp, val, tol, atol)
    return msg + (_hint(hint) if hint else "")


def _value_hint(exp: np.ndarray, val: np.ndarray, tol: Tolerance, atol: float) -> str | None:
    if np.isnan(val).any() and not np.isnan(exp).any():
        return "your result contains nan: usually log(0), 0/0 or an overflow in exp."
    if np.isinf(val).any() and not np.isinf(exp).any():
        return "your result contains inf: an overflow (exp of a large number?) or a division by zero."
    if exp.ndim == 2 and exp.shape[0] == exp.shape[1] and exp.shape[0] > 1 and np.allclose(val, exp.T, rtol=tol.rtol, atol=atol):
        return "your result is the transpose of the expected one: check the order of the factors in the product, or a stray .T."
    if np.allclose(val, -exp, rtol=tol.rtol, atol=atol):
        return "every value has the wrong sign."
    nz = np.abs(exp) > 1e-12
    if nz.sum() >= 1 and np.all(np.abs(val[~nz]) <= atol):
        ratios = val[nz] / exp[nz]
        r = float(np.median(ratios))
        if r != 0 and np.allclose(ratios, r, rtol=1e-6) and not np.isclose(r, 1.0):
            if np.isclose(r, round(r), rtol=1e-6) and round(r) > 1:
                return (f"every value is {round(r)} times the expected one: a missing constant factor "
                        "(the 1/m of an average, a 1/2, the learning rate?).")
            if np.isclose(1 / r, round(1 / r), rtol=1e-6) and round(1 / r) > 1:
                return (f"every value is 1/{round(1 / r)} of the expected one: an extra division "
                        "(by m?) or a mean where a sum was wanted.")
            return f"every value is {r:.6g} times the expected one: a wrong constant factor."
    offset = val - exp
    if exp.size > 1 and np.allclose(offset, offset.flat[0], rtol=0, atol=atol) and abs(offset.flat[0]) > atol:
        return f"every value is off by the same amount ({offset.flat[0]:.6g}): a wrong constant term (a bias, a +1/-1)?"
    return None


def _shape_hint(expected: np.ndarray, got: np.ndarray) -> str:
    e, g = expected.shape, got.shape
    if g == e[::-1]:
        return _hint("the shape is transposed: check the order of the factors in np.dot / @, or a missing or extra .T.")
    if got.size == expected.size:
        return _hint("the right number of values in the wrong shape: a lost dimension? "
                     "Use keepdims=True when you sum, or .reshape(...) the result.")
    if got.ndim == len(e) and got.size > expected.size and all(a == b or b == 1 for a, b in zip(g, e, strict=True)):
        return _hint("your result is larger than expected: a broadcasting accident (a (1, m) array combined "
                     "with an (m, 1) one gives (m, m)), or a reduction over the wrong axis.")
    if got.ndim == len(e):
        return _hint("check the axis you sum or average over, and the bounds of your slices.")
    return ""


def _hint(text: str) -> str:
    return f"\n  Hint: {text}"
