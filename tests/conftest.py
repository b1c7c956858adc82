"""Shared fixtures: each source notebook is executed once per test session.

Tests that use an assignment's executed notebook are grouped on one xdist worker
(``@pytest.mark.xdist_group``), so ``make test`` runs every notebook once.
"""

from __future__ import annotations

import atexit
import json
import os
import pickle
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from threadpoolctl import threadpool_limits

from autograder import manifest, notebooks
from autograder.build import ONE_BLAS_THREAD, record_code
from autograder.callees import probe_code
from autograder.serialize import read

# The xdist workers share the machine's cores. Each worker, and every kernel and nbgrader
# process it starts, uses one BLAS thread: two notebooks with multi-threaded BLAS side by
# side on two cores would oversubscribe them, and waiting BLAS threads spin, which slows a
# training notebook down many times over.
for _variable, _value in ONE_BLAS_THREAD.items():     # as the references were built
    os.environ.setdefault(_variable, _value)
threadpool_limits(limits=1)


@dataclass
class SourceRun:
    """An instructor notebook executed top to bottom, with what it produced."""

    assignment: manifest.Assignment
    nb: nbformat.NotebookNode
    variables: dict
    references: Path
    seconds: float

    def refs(self, visibility: str) -> dict:
        return read(self.references / self.assignment.id / f"{visibility}.json")

    def callee_probe(self) -> dict:
        """Each caller checked against the fresh references with wrong callees (autograder.callees.probe)."""
        path = self.references.parent / "callees.json"
        if not path.exists():
            err = notebooks.error_of(self.nb.cells[-1])
            raise AssertionError(f"the wrong-callee probe of {self.assignment.id} wrote nothing: "
                                 f"{err['ename'] + ': ' + err['evalue'] if err else 'no error shown'}")
        return json.loads(path.read_text(encoding="utf-8"))


_RUNS: dict[str, SourceRun] = {}
_TMP: list[Path] = []


def _scratch() -> Path:
    if not _TMP:
        _TMP.append(Path(tempfile.mkdtemp(prefix="dlfs-tests-")))
        atexit.register(shutil.rmtree, _TMP[0], ignore_errors=True)
    return _TMP[0]


def source_run(assignment_id: str) -> SourceRun:
    """Execute ``source/<id>/<id>.ipynb`` (once), rebuild its references, export its variables,
    and check each caller against the fresh references with wrong callees."""
    if assignment_id not in _RUNS:
        assignment = manifest.get(assignment_id)
        out = _scratch() / assignment_id
        out.mkdir(parents=True, exist_ok=True)
        exported = out / "variables.pkl"
        code = (record_code(assignment_id, out / "references")
                + f"\nfrom autograder.build import export\nexport(globals(), {str(exported)!r})\n"
                + probe_code(assignment_id, out / "references", out / "callees.json"))
        tic = time.perf_counter()
        nb = notebooks.execute(notebooks.read(assignment.source), assignment.source.parent,
                               allow_errors=True, extra_code=code)
        seconds = time.perf_counter() - tic
        variables = pickle.loads(exported.read_bytes()) if exported.exists() else {}
        _RUNS[assignment_id] = SourceRun(assignment, nb, variables, out / "references", seconds)
    return _RUNS[assignment_id]


@pytest.fixture
def run_of():
    return source_run


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Every test parametrised by an assignment id runs in that assignment's xdist group.

    pytest-xdist's ``--dist loadgroup`` sends the tests whose node id ends in ``@<group>`` to
    one worker; it renames them through ``item._nodeid``, which pytest 9.2 no longer reads
    (the node id is ``item._id``), so the groups would be silently ignored. The renaming is
    done here, after xdist's hook, in a form pytest reads."""
    ids = {a.id for a in manifest.assignments()}
    for item in items:
        params = getattr(item, "callspec", None)
        assignment_id = params.params.get("assignment_id") if params else None
        group = getattr(item.module, "ASSIGNMENT", None) or assignment_id
        if group in ids and not item.get_closest_marker("xdist_group"):
            suffix = getattr(item.module, "GROUP_SUFFIX", "")
            item.add_marker(pytest.mark.xdist_group(group + suffix))
    if getattr(config.option, "loadgroup", False):  # set on the workers of `-n N --dist loadgroup`
        from _pytest.nodeid import coerce_node_id

        for item in items:
            names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                            for m in item.iter_markers("xdist_group")})
            if names and not item.nodeid.endswith("@" + "_".join(names)):
                item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(names)}")
