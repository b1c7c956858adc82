"""Checks for the course's test cells, the stored reference cases and the grading command."""

from .checks import load_checks

__all__ = ["load_checks"]
