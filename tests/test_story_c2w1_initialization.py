"""The prose of c2w1-initialization against the notebook's own numbers."""

import numpy as np

ASSIGNMENT = "c2w1-initialization"


def _v(run_of):
    return run_of(ASSIGNMENT).variables


def test_same_training_for_all_three(run_of):
    costs = _v(run_of)["costs"]
    assert set(costs) == {"zeros", "random", "he"}
    assert {len(c) for c in costs.values()} == {15}          # 15000 iterations, cost every 1000


def test_zeros_stay_at_chance(run_of):
    v = _v(run_of)
    acc, costs = v["accuracies"]["zeros"], v["costs"]["zeros"]
    assert abs(acc["train"] - 0.5) <= 0.02 and abs(acc["test"] - 0.5) <= 0.05
    assert np.allclose(costs, np.log(2), atol=1e-4)          # the cost never moves from ln 2


def test_zeros_keep_the_hidden_units_identical(run_of):
    v = _v(run_of)
    assert v["units_identical"] == {"layer 1": True, "layer 2": True}
    for l in (1, 2):
        W = v["parameters_zeros"][f"W{l}"]
        assert np.all(W == W[0])
        assert np.all(W == 0)                                # the ReLU zeros never leave zero (the prose says so)
    assert np.unique(v["a3_zeros"]).size == 1                # one prediction for everyone


def test_large_random_starts_huge_and_trains_worse_than_he(run_of):
    v = _v(run_of)
    costs, acc = v["costs"], v["accuracies"]
    assert costs["random"][0] > 10 * np.log(2)
    assert costs["random"][0] > 10 * costs["he"][0]
    assert costs["random"][1] < costs["random"][0] / 10      # falls quickly to a plateau
    assert costs["random"][-1] > 2 * costs["he"][-1]
    assert acc["random"]["train"] < acc["he"]["train"] - 0.05
    assert acc["random"]["test"] < acc["he"]["test"] - 0.05
    assert acc["random"]["train"] > 0.6                      # it does learn something


def test_he_reaches_95_percent_train(run_of):
    acc = _v(run_of)["accuracies"]["he"]
    assert acc["train"] >= 0.95
    assert acc["test"] >= 0.9
