"""Checks for the course's test cells, the stored reference cases and the grading command."""

from .checks import load_checks
from .lab import grade_me, progress

__all__ = ["grade_me", "load_checks", "progress"]
