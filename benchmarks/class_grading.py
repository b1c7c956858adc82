"""Throughput of grading a class: sequential ``nbgrader autograde`` against ``python -m autograder
autograde`` on 1 and 2 local dask workers, in one run, on the same submissions.

    python benchmarks/class_grading.py [--assignment ID] [--students N] [--workers 1 2 ...]

The class is N copies of the assignment's notebook in three kinds, solved, half-solved and
blank (a third each), so that both passing and failing checks are timed. Each contender
grades the class in a fresh copy of the same course directory (the assignment generated, the
gradebook in SQLite); the time is the whole command, start-up included, as an instructor
would wait for it; ours is started as a command too, local cluster included. Before the
timed runs, the dask template of the assignment is put in the cache, as after any first
run. The printed figures are submissions per minute and the speed-up over nbgrader.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from autograder import classgrade, manifest, notebooks
from autograder.course import ScratchCourse


def _half(assignment: manifest.Assignment) -> nbformat.NotebookNode:
    source = {notebooks.nbgrader_meta(c).get("grade_id"): c for c in notebooks.read(assignment.source).cells}
    nb = notebooks.read(assignment.release)
    keep = set(assignment.graded[::2])
    for cell in nb.cells:
        gid = notebooks.nbgrader_meta(cell).get("grade_id")
        if notebooks.is_solution_cell(cell) and gid in keep:
            cell.source = source[gid].source
    return nb


def _course(root: Path, assignment: manifest.Assignment, students: int) -> ScratchCourse:
    course = ScratchCourse(root)
    course.generate(assignment)
    kinds = [notebooks.read(assignment.source), _half(assignment), notebooks.read(assignment.release)]
    for i in range(students):
        folder = course.root / "submitted" / f"student-{i:03d}" / assignment.id
        folder.mkdir(parents=True)
        nbformat.write(kinds[i % 3], str(folder / f"{assignment.id}.ipynb"))
        (folder / "timestamp.txt").write_text(f"2026-11-01 10:{i % 60:02d}:00.000000 UTC")
    return course


def _timed(cmd: list[str], cwd: Path) -> float:
    # nbgrader runs the `alembic` of its environment: that environment's scripts come first on PATH
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    tic = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, env=env)
    return time.perf_counter() - tic


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="c1w2-numpy-basics")
    parser.add_argument("--students", type=int, default=24)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    assignment = manifest.get(args.assignment)
    print(f"{args.students} submissions of {assignment.id} (solved, half-solved, blank), {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="dlfs-bench-class-") as tmp:
        template = _course(Path(tmp) / "template", assignment, args.students)
        classgrade.make_template(classgrade.course_settings(template.root), assignment.id)  # warm the cache
        rows = []
        contenders = [("nbgrader autograde (sequential)", [sys.executable, "-m", "nbgrader", "autograde", assignment.id])]
        contenders += [(f"autograder autograde, {n} worker{'s' if n > 1 else ''}",
                        [sys.executable, "-m", "autograder", "autograde", assignment.id, "--workers", str(n)])
                       for n in args.workers]
        for name, cmd in contenders:
            root = Path(tmp) / f"run-{len(rows)}"
            shutil.copytree(template.root, root)
            # the copy's configuration must point at the copy
            config = (root / "nbgrader_config.py").read_text().replace(str(template.root), str(root))
            (root / "nbgrader_config.py").write_text(config)
            seconds = _timed(cmd, root)
            rows.append((name, seconds))
            print(f"  {name:38s} {seconds:7.1f} s  {args.students / seconds * 60:6.1f} submissions/min  "
                  f"x{rows[0][1] / seconds:.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
