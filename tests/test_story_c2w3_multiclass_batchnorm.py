"""The claims of c2w3-multiclass-batchnorm, tested against the notebook's own numbers."""

import numpy as np

ASSIGNMENT = "c2w3-multiclass-batchnorm"


def _v(run_of):
    return run_of(ASSIGNMENT).variables


def test_data_split_is_stratified_and_complete(run_of):
    v = _v(run_of)
    assert v["X_train"].shape == (64, 1437) and v["X_test"].shape == (64, 360)
    assert v["Y_train"].shape == (10, 1437) and v["Y_test"].shape == (10, 360)
    assert 0.0 == v["X_train"].min() and v["X_train"].max() == 1.0
    counts = np.bincount(v["Y_test_labels"].ravel(), minlength=10)
    assert counts.min() >= 35 and counts.max() <= 37


def test_naive_softmax_overflows_and_the_stable_one_does_not(run_of):
    v = _v(run_of)
    assert v["naive_softmax_has_nan"] is True
    assert v["stable_softmax_is_finite"] is True


def test_uniform_guess_costs_log_C(run_of):
    v = _v(run_of)
    assert abs(v["uniform_cost"] - np.log(10)) < 1e-12


def test_every_gradient_check_is_below_1e_7(run_of):
    v = _v(run_of)
    assert v["softmax_gradcheck_difference"] < 1e-7
    assert set(v["bn_gradcheck_differences"]) == {"Z", "gamma", "beta"}
    assert max(v["bn_gradcheck_differences"].values()) < 1e-7
    assert v["network_gradcheck_difference"] < 1e-7


def test_softmax_network_reaches_95_percent_on_the_test_set(run_of):
    acc = _v(run_of)["accuracies"]
    assert acc["plain"]["test"] >= 0.95
    assert acc["batchnorm"]["test"] >= 0.95


def test_both_networks_fit_the_training_set(run_of):
    acc = _v(run_of)["accuracies"]
    assert acc["plain"]["train"] >= 0.99 and acc["batchnorm"]["train"] >= 0.99


def test_target_is_far_below_the_first_epoch_cost(run_of):
    v = _v(run_of)
    assert v["target_cost"] == 0.01
    assert v["costs_plain"][0] > 100 * v["target_cost"]


def test_batchnorm_reaches_the_target_cost_in_at_most_three_quarters_of_the_epochs(run_of):
    v = _v(run_of)
    runs = {1: v["epochs_to_target"], **v["seed_epochs_to_target"]}
    assert sorted(runs) == [1, 2, 3, 4]
    for seed, epochs in runs.items():
        assert epochs["plain"] is not None and epochs["batchnorm"] is not None, seed
        assert epochs["batchnorm"] <= 0.75 * epochs["plain"], (seed, epochs)


def test_costs_are_recorded_per_epoch(run_of):
    v = _v(run_of)
    assert len(v["costs_plain"]) == len(v["costs_bn"]) == 40


def test_misclassified_count_matches_accuracy(run_of):
    v = _v(run_of)
    assert v["n_misclassified"] == round((1 - v["accuracies"]["batchnorm"]["test"]) * 360)
    assert v["cm"].sum() == 360 and np.trace(v["cm"]) == 360 - v["n_misclassified"]


def test_test_mode_uses_running_averages(run_of):
    v = _v(run_of)
    assert v["max_probability_difference"] > 1e-3
    assert v["single_predictions_agree"] is True
    assert v["running_averages_unchanged_by_predict"] is True
    assert v["distinct_train_mode_single_predictions"] == 1
