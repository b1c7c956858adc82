"""Reading, classifying and executing the course notebooks."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .lab import (
    GRADING_ENV,  # set in the kernels this module starts: their grading cell does not grade
)


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


def nbgrader_meta(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_test_cell(cell: dict) -> bool:
    meta = nbgrader_meta(cell)
    return cell["cell_type"] == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_solution_cell(cell: dict) -> bool:
    return cell["cell_type"] == "code" and bool(nbgrader_meta(cell).get("solution"))


def test_cells(nb: nbformat.NotebookNode) -> list[dict]:
    return [c for c in nb.cells if is_test_cell(c)]


def execute(nb: nbformat.NotebookNode, cwd: Path, timeout: int = 600, allow_errors: bool = False,
            extra_code: str | None = None) -> nbformat.NotebookNode:
    """Run ``nb`` (a copy) top to bottom in a fresh kernel in ``cwd``; optionally append a cell."""
    nb = nbformat.from_dict(nb)
    if extra_code:
        nb.cells.append(nbformat.v4.new_code_cell(extra_code))
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=allow_errors,
                            resources={"metadata": {"path": str(cwd)}})
    client.execute(env={**os.environ, GRADING_ENV: "1"})
    return nb


def error_of(cell: dict) -> dict | None:
    """The error output of an executed cell, if any."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return out
    return None


def stderr_of(cell: dict) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stderr")


def stdout_of(cell: dict) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")
