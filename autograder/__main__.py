"""Command line: ``python -m autograder build|release|workspace|grade``."""

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
    r = sub.add_parser("release", help="regenerate release/ from source/ with nbgrader")
    r.add_argument("ids", nargs="*", help="assignment ids (default: all)")
    w = sub.add_parser("workspace", help="copy new release notebooks into a learner workspace")
    w.add_argument("folder", type=Path, nargs="?", default=Path("workspace"))
    args = parser.parse_args(argv)
    if args.command == "build":
        from .build import build
        build(args.ids or None)
        return 0
    if args.command == "release":
        from .course import release
        release(args.ids or None)
        return 0
    if args.command == "workspace":
        from .course import sync_workspace
        sync_workspace(args.folder)
        return 0
    from .grade import main as grade_main
    return grade_main(args.notebook, args.assignment, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
