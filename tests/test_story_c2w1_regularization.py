"""The prose of c2w1-regularization against the notebook's own numbers."""

ASSIGNMENT = "c2w1-regularization"


def _acc(run_of):
    return run_of(ASSIGNMENT).variables["accuracies"]


def test_unregularised_model_overfits(run_of):
    acc = _acc(run_of)["none"]
    assert acc["train"] - acc["test"] >= 0.03


def test_l2_and_dropout_raise_test_accuracy(run_of):
    acc = _acc(run_of)
    assert acc["L2"]["test"] >= acc["none"]["test"] + 0.03
    assert acc["dropout"]["test"] >= acc["none"]["test"] + 0.03


def test_regularisation_gives_up_a_little_train_accuracy(run_of):
    acc = _acc(run_of)
    for name in ("L2", "dropout"):
        assert acc[name]["train"] < acc["none"]["train"]
        assert acc["none"]["train"] - acc[name]["train"] <= 0.03


def test_l2_makes_the_weights_much_smaller(run_of):
    norms = run_of(ASSIGNMENT).variables["weight_norms"]
    assert norms["L2"] < norms["none"] / 3
