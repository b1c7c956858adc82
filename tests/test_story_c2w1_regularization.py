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


def test_regularisation_narrows_the_gap_between_train_and_test(run_of):
    acc = _acc(run_of)
    gap = {name: a["train"] - a["test"] for name, a in acc.items()}
    assert gap["L2"] < gap["none"] and gap["dropout"] < gap["none"]


def test_l2_gives_up_a_little_train_accuracy_dropout_does_not(run_of):
    acc = _acc(run_of)
    assert acc["L2"]["train"] < acc["none"]["train"]
    assert acc["none"]["train"] - acc["L2"]["train"] <= 0.03
    assert acc["dropout"]["train"] >= acc["none"]["train"], "dropout does not lose training accuracy here"


def test_l2_makes_the_weights_much_smaller(run_of):
    norms = run_of(ASSIGNMENT).variables["weight_norms"]
    assert norms["L2"] < norms["none"] / 3


def test_dropout_draws_fresh_masks_at_every_call(run_of):
    v = run_of(ASSIGNMENT).variables
    assert v["cache_first"][1].shape == v["cache_second"][1].shape == (20, 211)
    expected = 2 * 0.86 * 0.14
    assert abs(v["masks_differ"] - expected) < 0.03, "about 24% of the entries of D1 differ between two calls"

