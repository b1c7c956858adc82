"""Measure each instructor notebook's execution time and the time to grade it.

    python benchmarks/notebooks.py [ID ...]

"run" is a top-to-bottom execution in a fresh kernel (kernel start included), as a
learner's "Restart and run all". "grade" is the learner's grading command on the solved
notebook, twice: "first" with an empty cache (nbgrader generate_assignment, then autograde
in a scratch course) and "again" with the generated assignment reused, as every later
grading of the same notebook; "overhead" is "again" minus "run", what grading costs on top
of running the notebook. The course's target is under 30 s of run time per notebook on a
2-core laptop.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from autograder import manifest, notebooks


def _grade(path, cache: str) -> float:
    tic = time.perf_counter()
    subprocess.run([sys.executable, "-m", "autograder", "grade", str(path)], check=True, capture_output=True,
                   env={**os.environ, "DLFS_CACHE_DIR": cache})
    return time.perf_counter() - tic


def main(ids: list[str]) -> int:
    rows = []
    print(f"{'assignment':34s} {'run':>8s} {'grade: first':>13s} {'again':>8s} {'overhead':>9s}")
    with tempfile.TemporaryDirectory(prefix="dlfs-bench-cache-") as cache:
        for assignment in manifest.assignments():
            if ids and assignment.id not in ids:
                continue
            tic = time.perf_counter()
            notebooks.execute(notebooks.read(assignment.source), assignment.source.parent)
            run = time.perf_counter() - tic
            first, again = _grade(assignment.source, cache), _grade(assignment.source, cache)
            rows.append((assignment.id, run, first, again))
            print(f"{assignment.id:34s} {run:6.1f} s {first:11.1f} s {again:6.1f} s {again - run:7.1f} s", flush=True)
    slow = [r for r in rows if r[1] > 30]
    print(f"{len(rows)} notebooks; {len(slow)} over the 30 s target" + (f": {[r[0] for r in slow]}" if slow else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
