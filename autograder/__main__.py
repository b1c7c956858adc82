"""Command line: ``python -m autograder build [ID ...]`` and ``python -m autograder grade NOTEBOOK``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="rebuild the reference cases from the instructor notebooks")
    b.add_argument("ids", nargs="*", help="assignment ids (default: all)")
    g = sub.add_parser("grade", help="grade one notebook exactly as the instructor's nbgrader autograde would")
    g.add_argument("notebook", type=Path)
    g.add_argument("--assignment", help="assignment id (default: from the file name or its cells)")
    g.add_argument("--timeout", type=int, default=None, help="seconds a cell may run (default: the course's)")
    args = parser.parse_args(argv)
    if args.command == "build":
        from .build import build
        build(args.ids or None)
        return 0
    from .grade import main as grade_main
    return grade_main(args.notebook, args.assignment, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
