"""The course's list of assignments (``course/assignments.toml``) and where things live."""

from __future__ import annotations

import importlib
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
REFERENCES_DIR = PACKAGE_DIR / "references"
MANIFEST = REPO_ROOT / "course" / "assignments.toml"
SOURCE_DIR = REPO_ROOT / "source"
RELEASE_DIR = REPO_ROOT / "release"


@dataclass(frozen=True)
class Assignment:
    id: str
    title: str
    part: int
    graded: tuple[str, ...]

    @property
    def module_name(self) -> str:
        return self.id.replace("-", "_")

    @property
    def source(self) -> Path:
        return SOURCE_DIR / self.id / f"{self.id}.ipynb"

    @property
    def release(self) -> Path:
        return RELEASE_DIR / self.id / f"{self.id}.ipynb"

    def references(self, visibility: str) -> Path:
        return REFERENCES_DIR / self.id / f"{visibility}.json"

    def specs(self) -> dict:
        """The ``SPECS`` of ``autograder/cases/<module_name>.py``."""
        return importlib.import_module(f"autograder.cases.{self.module_name}").SPECS


@cache
def assignments() -> tuple[Assignment, ...]:
    """Every assignment of the course, in order."""
    data = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))
    return tuple(
        Assignment(id=a["id"], title=a["title"], part=int(a["part"]), graded=tuple(a["graded"]))
        for a in data["assignment"]
    )


def get(assignment_id: str) -> Assignment:
    for a in assignments():
        if a.id == assignment_id:
            return a
    known = ", ".join(a.id for a in assignments())
    raise KeyError(f"unknown assignment {assignment_id!r}; the course has: {known}")
