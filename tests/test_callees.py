"""No cascading failures: a wrong callee never costs its caller's points.

The references record every call that a reference solution makes to another graded
function of its assignment, and the calls those make in turn; nothing is declared by hand. In the kernel that executed the
instructor notebook (``source_run`` in conftest.py), ``autograder.callees.probe`` checks
each caller against the freshly built references with one callee, then all its callees,
replaced by a function that raises ``AssertionError("wrong callee called")``.
"""

from __future__ import annotations

import pytest

from autograder import manifest
from autograder.callees import edges

IDS = [a.id for a in manifest.assignments()]

# The callees declared by hand (``Spec.callees``) before they were found automatically.
DECLARED = {
    "c1w2-logistic-regression": {("optimize", "propagate"), ("model", "initialize_with_zeros"),
                                 ("model", "optimize"), ("model", "predict")},
    "c1w3-planar-classification": {("nn_model", c) for c in (
        "layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost",
        "backward_propagation", "update_parameters")} | {("predict", "forward_propagation")},
    "c1w4-deep-nn-step-by-step": {("linear_activation_forward", "linear_forward"),
                                  ("L_model_forward", "linear_activation_forward"),
                                  ("L_model_forward", "linear_forward"),
                                  ("linear_activation_backward", "linear_backward"),
                                  ("L_model_backward", "linear_activation_backward"),
                                  ("L_model_backward", "linear_backward")},
    "c2w1-gradient-checking": {("gradient_check", "forward_propagation"),
                               ("gradient_check", "backward_propagation")},
    "c4w1-convolution-step-by-step": {("conv_forward", "zero_pad"), ("conv_forward", "conv_single_step"),
                                      ("conv_backward", "zero_pad"),
                                      ("pool_backward", "create_mask_from_window"),
                                      ("pool_backward", "distribute_value")},
}


def _stored_edges(assignment_id: str) -> set[tuple[str, str]]:
    return {(f, c) for f, callees in edges(assignment_id).items() for c in callees}


@pytest.mark.parametrize("assignment_id", IDS)
def test_a_wrong_callee_never_fails_its_caller(assignment_id, run_of):
    outcome = run_of(assignment_id).callee_probe()
    graph = {tuple(e) for e in outcome["edges"]}
    assert graph == _stored_edges(assignment_id), "the stored references have other calls: run `make references`"
    tried = {(r["function"], c) for r in outcome["results"] if len(r["wrong"]) == 1 for c in r["wrong"]}
    assert tried == graph
    assert len(outcome["results"]) >= 2 * len(graph)
    failures = [f"{r['function']} with wrong {', '.join(r['wrong'])} ({r['visibility']}): {r['message']}"
                for r in outcome["results"] if not r["passed"]]
    assert not failures, "a wrong callee failed its caller:\n" + "\n".join(failures)


@pytest.mark.parametrize("assignment_id", ["c1w2-logistic-regression"])
def test_sigmoid_is_a_callee_of_propagate_and_predict(assignment_id, run_of):
    graph = {tuple(e) for e in run_of(assignment_id).callee_probe()["edges"]}
    assert {("propagate", "sigmoid"), ("predict", "sigmoid")} <= graph


@pytest.mark.parametrize("assignment_id", IDS)
def test_every_declared_call_is_found(assignment_id):
    missing = DECLARED.get(assignment_id, set()) - _stored_edges(assignment_id)
    assert not missing, f"calls no longer recorded: {sorted(missing)}"


def test_at_least_as_many_edges_as_were_declared():
    total = sum(len(_stored_edges(a)) for a in IDS)
    assert total >= sum(len(d) for d in DECLARED.values()) == 24
