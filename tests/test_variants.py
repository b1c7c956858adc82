"""The checks both ways: correct variants pass, typical mistakes fail with a helpful message."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import variants
from autograder import load_checks, manifest

MODULES = {m.name: importlib.import_module(f"variants.{m.name}") for m in pkgutil.iter_modules(variants.__path__)}
ALL = {mod.VARIANTS.assignment: mod.VARIANTS for mod in MODULES.values()}


def _cases(kind: str):
    for assignment_id, v in ALL.items():
        for items in getattr(v, kind).values():
            for item in items:
                yield pytest.param(assignment_id, item, id=f"{assignment_id}-{item.label}")


def _checked(assignment_id, variant, hidden):
    check, _ = load_checks(assignment_id)
    namespace = variant.impl.__globals__
    saved = {name: namespace.get(name) for name in variant.callees}
    namespace.update(variant.callees)
    try:
        check(variant.function, variant.impl, hidden=hidden)
    finally:
        for name, value in saved.items():
            if value is None:
                namespace.pop(name, None)
            else:
                namespace[name] = value


@pytest.mark.parametrize("assignment_id", [a.id for a in manifest.assignments()])
def test_every_graded_function_has_variants_both_ways(assignment_id):
    v = ALL.get(assignment_id)
    assert v is not None, f"tests/variants/ has no module for {assignment_id}"
    graded = manifest.get(assignment_id).graded
    for function in graded:
        assert len(v.correct.get(function, [])) >= 2, f"{function}: fewer than 2 correct variants"
        assert len(v.mistakes.get(function, [])) >= 2, f"{function}: fewer than 2 typical mistakes"
    unknown = (set(v.correct) | set(v.mistakes)) - set(graded)
    assert not unknown, f"variants of functions that are not graded: {unknown}"


@pytest.mark.parametrize("assignment_id,variant", list(_cases("correct")))
def test_correct_variant_passes(assignment_id, variant, capsys):
    _checked(assignment_id, variant, hidden=False)
    _checked(assignment_id, variant, hidden=True)
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.count("✔") == 2


@pytest.mark.parametrize("assignment_id,variant", list(_cases("mistakes")))
def test_mistake_fails_with_helpful_message(assignment_id, variant):
    with pytest.raises(AssertionError) as public:
        try:
            _checked(assignment_id, variant, hidden=False)
        except AssertionError:
            raise
        else:
            _checked(assignment_id, variant, hidden=True)
    message = str(public.value)
    assert variant.message in message, f"expected {variant.message!r} in:\n{message}"
    assert variant.function in message
