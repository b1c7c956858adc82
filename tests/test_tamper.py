"""The tamper suite: submissions that try to raise their score or crash the grader (course/GRADING.md).

Each probe of tests/tamper_probes.py is graded by the learner's command (`python -m autograder
grade`, which drives `nbgrader autograde`) and must get exactly the score the probe states: no
trick raises it, and the honest functions in the same notebook keep their points. A small class
of probes is then autograded together by `nbgrader autograde` in a course directory, as an
instructor would: every submission finishes, with the same scores, and nothing one submission
does reaches the next.
"""

from __future__ import annotations

import os
import re
import site

import nbformat
import pytest
from tamper_probes import PROBES, Probe, points
from test_grade_command import grade

from autograder import manifest, notebooks, recorder
from autograder.course import ScratchCourse, failure_messages
from autograder.isolation import Grader, parse_checks, verdict_outputs

BY_NAME = {p.name: p for p in PROBES}
CLASS = ["persist-into-next-kernel", "kill-the-grader", "lookup-references", "kernel-exit",
         "deleted-test-cells", "hang-ignoring-interrupts", "rebind-check"]
PERSISTED = [os.path.expanduser("~/.ipython/profile_default/startup/00-evil.py"),
             os.path.join(site.getsitepackages()[0], "evil.pth")]


def expected_scores(probe: Probe) -> dict:
    return {f: probe.scores.get(f, 0) for f in points(probe.assignment)}


def test_the_suite_covers_every_threat():
    assert len(PROBES) >= 15
    categories = {p.category for p in PROBES}
    for threat in ("rebinding notebook names", "patching the grader's package", "patching NumPy and builtins",
                   "inspecting the grader at run time", "reading the stored references",
                   "reading the course's files", "delegating to the reference implementations",
                   "editing the test cells", "killing the kernel", "hanging",
                   "exhausting memory, flooding output"):
        assert threat in categories, threat
    for probe in PROBES:  # every probe is a real submission of a known assignment
        assert set(probe.scores) <= set(points(probe.assignment)), probe.name


@pytest.mark.parametrize("probe", PROBES, ids=[p.name for p in PROBES])
def test_probe_scores_exactly_what_it_deserves(probe, tmp_path):
    path = tmp_path / f"{probe.assignment}.ipynb"
    nbformat.write(probe.build(), str(path))
    out, rows = grade(path, *(["--timeout", str(probe.timeout)] if probe.timeout else []))
    assert {f: r[0] for f, r in rows.items()} == expected_scores(probe), out
    for function, text in probe.messages.items():
        assert text in rows[function][3], f"{function}: {text!r} not in\n{out}"
    total = sum(expected_scores(probe).values())
    assert re.search(rf"^total\s+{total}/{sum(points(probe.assignment).values())}\b", out, re.M), out


def test_a_class_autograded_by_nbgrader(tmp_path):
    """One `nbgrader autograde` run over a class of tampering submissions finishes every one of them."""
    for path in PERSISTED:
        assert not os.path.exists(path)
    assignment = manifest.get("c1w2-numpy-basics")
    course = ScratchCourse(tmp_path / "course", timeout=10)
    course.generate(assignment)
    students = {f"{i:02d}-{name}": BY_NAME[name] for i, name in enumerate(CLASS)}
    students["99-honest"] = Probe("honest", "", assignment.id, lambda: None, {f: 1 for f in assignment.graded})
    for student, probe in students.items():
        folder = course.root / "submitted" / student / assignment.id
        folder.mkdir(parents=True)
        nb = notebooks.read(assignment.source) if probe.name == "honest" else probe.build()
        nbformat.write(nb, str(folder / f"{assignment.id}.ipynb"))
    settings = (course.root / "nbgrader_config.py").read_text()
    course.nbgrader("autograde", assignment.id)
    assert (course.root / "nbgrader_config.py").read_text() == settings
    for student, probe in students.items():
        scores = {g.removeprefix("test_"): s for g, (s, _) in course.scores(assignment, student).items()}
        assert scores == expected_scores(probe), (student, scores)
        graded = course.root / "autograded" / student / assignment.id / f"{assignment.id}.ipynb"
        messages = failure_messages(graded)
        for function, text in probe.messages.items():
            assert text in messages.get(f"test_{function}", ""), (student, function, messages)
    for path in PERSISTED:
        assert not os.path.exists(path), f"a submission wrote {path}"


@pytest.mark.parametrize("assignment_id", [a.id for a in manifest.assignments()])
def test_every_test_cell_is_understood_by_the_grader(assignment_id):
    """The grader reads the checks of each test cell itself: each names its function, public and hidden."""
    assignment = manifest.get(assignment_id)
    cells = notebooks.test_cells(notebooks.read(assignment.source))
    assert [notebooks.nbgrader_meta(c)["grade_id"] for c in cells] == [f"test_{f}" for f in assignment.graded]
    for cell, function in zip(cells, assignment.graded, strict=True):
        assert parse_checks(cell.source) == [(function, function, "public"), (function, function, "hidden")]


@pytest.mark.parametrize("model, optimize, passes", [
    ("model_classic", "optimize_on_a_copy", True),
    ("model_with_optimize_not_implemented", "optimize_not_implemented", True),
    ("model_without_carrying_the_state", "optimize_on_a_copy", False),
])
def test_the_grader_gives_stand_ins_the_recorded_updates(model, optimize, passes, monkeypatch):
    """Over the grader's socket, as when a submission is graded: `model` relies on `optimize`
    updating `parameters` in place; the stand-in of a wrong `optimize` applies the update the
    reference made, so a correct `model` passes and a wrong one still fails."""
    import variants.c5w1_character_language_model as charlm

    monkeypatch.setitem(vars(charlm), "optimize", getattr(charlm, optimize))
    monkeypatch.setattr(recorder, "_user_namespace", lambda: {"model": getattr(charlm, model)})
    grader = Grader(manifest.get("c5w1-character-language-model"))
    try:
        token, task = grader.task([("model", "model", "public"), ("model", "model", "hidden")])
        recorder.record(grader.address, token)
    finally:
        grader.close()
    text = "".join(o.get("text", "") + o.get("evalue", "") for o in verdict_outputs(task))
    if passes:
        assert "✔ model: all 1 public cases pass." in text, text
        assert "✔ model: all 3 hidden cases pass." in text, text
    else:
        assert "model failed on public case 1 of 1" in text and "✔" not in text, text
