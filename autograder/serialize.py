"""Lossless JSON encoding of the values that graded functions take and return.

Reference cases are stored as JSON so that they are text, reviewable in a diff and
byte-identical when rebuilt. Floats are written with ``repr`` precision, so decoding
gives back exactly the arrays the reference solution produced.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import numpy as np

# Objects with methods that a graded function may take (an encoder model, say). Only these
# classes are ever rebuilt from a reference file: ``case_state()`` gives plain data that
# describes the object, ``from_case_state(state)`` builds it again.
CASE_OBJECTS = {"FaceEncoder": ("helpers.faces.model", "FaceEncoder")}


class DataFile(str):
    """The path of a file of the course's datasets/ folder, stored in a case by its name there.

    It is the absolute path on the machine that reads the case, so a graded function can open
    it like any path (``Image.open(image_path)``).
    """

    name_in_datasets: str

    def __new__(cls, name: str) -> DataFile:
        from helpers.paths import dataset_path

        path = super().__new__(cls, str(dataset_path(name)))
        path.name_in_datasets = name
        return path

    def __reduce__(self) -> tuple:
        return DataFile, (self.name_in_datasets,)


def encode(value: Any) -> Any:
    """Turn ``value`` into plain JSON data (dicts, lists, numbers, strings)."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "S":
            return {"__bytes_array__": [v.decode("latin-1") for v in value.ravel().tolist()],
                    "shape": list(value.shape), "dtype": value.dtype.str}
        return {"__ndarray__": [_scalar(v) for v in value.ravel().tolist()],
                "dtype": value.dtype.name, "shape": list(value.shape)}
    if isinstance(value, np.generic):
        return {"__npscalar__": _scalar(value.item()), "dtype": value.dtype.name}
    if isinstance(value, DataFile):
        return {"__datafile__": value.name_in_datasets}
    if type(value).__name__ in CASE_OBJECTS and hasattr(value, "case_state"):
        return {"__object__": type(value).__name__, "state": encode(value.case_state())}
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return _scalar(value)
    if isinstance(value, bytes):
        return {"__bytes__": value.decode("latin-1")}
    if isinstance(value, tuple):
        return {"__tuple__": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            return {"__dict_items__": [[encode(k), encode(v)] for k, v in value.items()]}
        return {k: encode(v) for k, v in value.items()}
    raise TypeError(f"cannot store a value of type {type(value).__name__} in a reference case")


def _scalar(v: Any) -> Any:
    if isinstance(v, float) and not np.isfinite(v):
        return {"__float__": repr(v)}
    if isinstance(v, complex):
        raise TypeError("complex values are not supported in reference cases")
    return v


class ObjectDescription:
    """What an untrusted message says a course object is, without building it.

    The grader reads the values a learner's kernel sends back with ``decode(data,
    trusted=False)``: a described object could otherwise make the grader load files or build
    large arrays. The description equals the real object that it describes.
    """

    def __init__(self, kind: str, state: Any):
        self.kind, self.state = kind, state

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, DataFile):
            return self.kind == "DataFile" and self.state == other.name_in_datasets
        if isinstance(other, ObjectDescription):
            return (self.kind, _plain(self.state)) == (other.kind, _plain(other.state))
        if type(other).__name__ == self.kind and hasattr(other, "case_state"):
            try:
                return _plain(encode(other.case_state())) == _plain(self.state)
            except TypeError:
                return False
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"<{self.kind} {json.dumps(self.state)[:80]}>"


def _plain(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def decode(data: Any, trusted: bool = True) -> Any:
    """Inverse of :func:`encode`.

    trusted -- False for data from a learner's kernel: course objects (``CASE_OBJECTS``) and
               data files come back as :class:`ObjectDescription`
    """
    return _decode(data, trusted)


def _decode(data: Any, trusted: bool) -> Any:
    if isinstance(data, list):
        return [_decode(v, trusted) for v in data]
    if not isinstance(data, dict):
        return data
    if "__ndarray__" in data:
        flat = [_unscalar(v) for v in data["__ndarray__"]]
        return np.array(flat, dtype=data["dtype"]).reshape(data["shape"])
    if "__bytes_array__" in data:
        flat = [v.encode("latin-1") for v in data["__bytes_array__"]]
        return np.array(flat, dtype=data["dtype"]).reshape(data["shape"])
    if "__npscalar__" in data:
        return np.dtype(data["dtype"]).type(_unscalar(data["__npscalar__"]))
    if "__float__" in data:
        return float(data["__float__"])
    if "__bytes__" in data:
        return data["__bytes__"].encode("latin-1")
    if "__tuple__" in data:
        return tuple(_decode(v, trusted) for v in data["__tuple__"])
    if "__datafile__" in data:
        return DataFile(data["__datafile__"]) if trusted else ObjectDescription("DataFile", data["__datafile__"])
    if "__object__" in data:
        if not trusted:
            return ObjectDescription(str(data["__object__"]), data.get("state"))
        module, name = CASE_OBJECTS[data["__object__"]]
        return getattr(importlib.import_module(module), name).from_case_state(_decode(data["state"], True))
    if "__dict_items__" in data:
        return {_decode(k, trusted): _decode(v, trusted) for k, v in data["__dict_items__"]}
    return {k: _decode(v, trusted) for k, v in data.items()}


def _unscalar(v: Any) -> Any:
    if isinstance(v, dict) and "__float__" in v:
        return float(v["__float__"])
    return v


def dumps(value: Any) -> str:
    """Encode ``value`` as deterministic JSON text: one key a line, flat lists on one line."""
    return _pretty(encode(value), 0) + "\n"


def _pretty(data: Any, level: int) -> str:
    pad, inner = " " * level, " " * (level + 1)
    if isinstance(data, dict) and data:
        items = [f"{inner}{json.dumps(k)}: {_pretty(v, level + 1)}" for k, v in data.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(data, list) and any(isinstance(v, dict | list) for v in data):
        items = [f"{inner}{_pretty(v, level + 1)}" for v in data]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(data, allow_nan=False)


def write(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(value), encoding="utf-8")


def read(path: Path) -> Any:
    return decode(json.loads(path.read_text(encoding="utf-8")))
