"""The claims of c1w2-logistic-regression, against the numbers the notebook produces."""

import numpy as np

ASSIGNMENT = "c1w2-logistic-regression"


def test_cost_starts_at_ln2_and_falls(run_of):
    costs = run_of(ASSIGNMENT).variables["costs"]
    assert abs(costs[0] - np.log(2)) < 5e-7, "with zero weights the cost is ln 2"
    assert len(costs) == 20
    assert costs[1] > costs[0], "the bump in the first hundred iterations"
    assert all(b < a for a, b in zip(costs[1:], costs[2:], strict=False)), "then the cost falls steadily"


def test_logistic_regression_overfits(run_of):
    v = run_of(ASSIGNMENT).variables
    assert v["train_accuracy"] > 0.9
    assert 0.6 <= v["test_accuracy"] <= 0.8
    assert v["train_accuracy"] - v["test_accuracy"] >= 0.15
    assert v["test_accuracy"] <= v["always_cat"] + 0.06, "little better than always answering cat"


def test_learning_rate_comparison(run_of):
    v = run_of(ASSIGNMENT).variables
    final = v["final_costs"]
    assert final[0.01] < final[0.001] < final[0.0001] < np.log(2)
    assert final[0.0001] > 0.55, "the smallest rate moves the cost only a little"
    assert v["lr_accuracies"][0.0001][1] < 0.5, "that model answers non-cat for almost everything"


def test_real_photos(run_of):
    assert run_of(ASSIGNMENT).variables["photo_predictions"] == {"chelsea": 0, "coffee": 0}, \
        "the notebook says: the real cat is called a non-cat, and so is the cup of coffee"
