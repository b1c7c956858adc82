"""Command line: ``python -m autograder build|release|workspace|grade|progress|lab|autograde``."""

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
    w = sub.add_parser("workspace", help="copy new release notebooks into a learner workspace; "
                                         "say which have a newer release, and with --update rebuild them")
    w.add_argument("folder", type=Path, nargs="?", default=Path("workspace"),
                   help="the workspace folder (default: workspace)")
    w.add_argument("--update", nargs="*", metavar="ID", default=None,
                   help="rebuild the notebooks that have a newer release (only the named assignments, "
                        "if any) from it, keeping your solutions and your own cells; each previous file "
                        "is kept in FOLDER/backups/")
    a = sub.add_parser("autograde", help="autograde every submission of an assignment in parallel on dask, "
                                         "as `nbgrader autograde` does, into the course's gradebook")
    a.add_argument("assignment", help="assignment id")
    a.add_argument("--workers", type=int, default=None,
                   help="local dask workers, one submission each at a time (default: one per core)")
    a.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="an existing dask scheduler (e.g. tcp://host:8786) instead of a local cluster")
    a.add_argument("--db-url", default=None, metavar="URL",
                   help="the gradebook (default: the course's nbgrader_config.py, else sqlite:///gradebook.db)")
    a.add_argument("--force", action="store_true", help="grade every submission again, changed or not")
    a.add_argument("--timeout", type=int, default=None, help="seconds a cell may run (default: the course's)")
    a.add_argument("--course", type=Path, default=Path("."), help="the course root (default: here)")
    p = sub.add_parser("progress", help="one table over every assignment of a workspace, from the latest "
                                        "gradings (it never grades)")
    p.add_argument("folder", type=Path, nargs="?", default=Path("workspace"),
                   help="the workspace folder (default: workspace)")
    lab = sub.add_parser("lab", help="start JupyterLab in a learner workspace with the learner's settings "
                                     "(or, with --instructor, in the course root with every tool)")
    lab.add_argument("folder", type=Path, nargs="?", default=Path("workspace"),
                     help="the workspace folder (default: workspace)")
    lab.add_argument("--instructor", action="store_true", help="the instructor's lab, in the course root")
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "lab":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "progress":
        from .results import main as progress_main
        return progress_main(args.folder)
    if args.command == "lab":  # options it does not know go to JupyterLab (--no-browser, --port ...)
        from .lab import launch
        return launch(args.folder, args.instructor, extra)
    if args.command == "autograde":
        from .classgrade import main as autograde_main
        return autograde_main(args.assignment, args.workers, args.scheduler, args.db_url, args.force,
                              args.timeout, args.course)
    if args.command == "build":
        from .build import build
        build(args.ids or None)
        return 0
    if args.command == "release":
        from .course import release
        release(args.ids or None)
        return 0
    if args.command == "workspace":
        from .workspace import sync_workspace
        try:
            sync_workspace(args.folder, update=args.update)
        except KeyError as err:
            print(err.args[0], file=sys.stderr)
            return 2
        return 0
    from .grade import main as grade_main
    return grade_main(args.notebook, args.assignment, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
