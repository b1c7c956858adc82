"""Measure each instructor notebook's execution time and the time to grade it.

    python benchmarks/notebooks.py [ID ...]

"run" is a top-to-bottom execution in a fresh kernel (kernel start included), as a
learner's "Restart and run all"; "grade" is the learner's grading command on the solved
notebook (nbgrader generate_assignment + autograde in a scratch course). The course's
target is under 30 s of run time per notebook on a 2-core laptop.
"""

from __future__ import annotations

import subprocess
import sys
import time

from autograder import manifest, notebooks


def main(ids: list[str]) -> int:
    rows = []
    for assignment in manifest.assignments():
        if ids and assignment.id not in ids:
            continue
        tic = time.perf_counter()
        notebooks.execute(notebooks.read(assignment.source), assignment.source.parent)
        run = time.perf_counter() - tic
        tic = time.perf_counter()
        subprocess.run([sys.executable, "-m", "autograder", "grade", str(assignment.source)],
                       check=True, capture_output=True)
        graded = time.perf_counter() - tic
        rows.append((assignment.id, run, graded))
        print(f"{assignment.id:34s} run {run:6.1f} s   grade {graded:6.1f} s", flush=True)
    slow = [r for r in rows if r[1] > 30]
    print(f"{len(rows)} notebooks; {len(slow)} over the 30 s target" + (f": {[r[0] for r in slow]}" if slow else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
