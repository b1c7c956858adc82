"""The prose of c2w1-gradient-checking against the notebook's own numbers."""

import numpy as np

ASSIGNMENT = "c2w1-gradient-checking"


def _v(run_of):
    return run_of(ASSIGNMENT).variables


def test_one_dimensional_check_passes(run_of):
    assert _v(run_of)["difference_1d"] < 2e-7


def test_provided_backward_pass_is_caught(run_of):
    assert _v(run_of)["difference_buggy"] > 1e-3


def test_corrected_backward_pass_passes(run_of):
    assert _v(run_of)["difference_corrected"] < 1e-7


def test_only_dW2_and_db1_are_wrong(run_of):
    v = _v(run_of)
    wrong = {k for k, d in v["per_parameter_buggy"].items() if d > 1e-5}
    assert wrong == {"W2", "b1"}
    assert all(v["per_parameter_buggy"][k] > 1e-3 for k in wrong)
    assert all(d < 1e-7 for k, d in v["per_parameter_buggy"].items() if k not in wrong)
    assert all(d < 1e-7 for d in v["per_parameter_corrected"].values())


def test_epsilon_sweep_is_v_shaped(run_of):
    v = _v(run_of)
    eps, diffs = np.array(v["epsilons"]), np.array(v["differences_by_epsilon"])
    best = int(np.argmin(diffs))
    assert 0 < best < len(diffs) - 1
    assert diffs[0] > 100 * diffs[best] and diffs[-1] > 100 * diffs[best]
    assert diffs[int(np.argmin(np.abs(np.log10(eps) + 7)))] < 1e-7
