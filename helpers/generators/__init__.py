"""Deterministic generators of the course's rendered data sets."""
