"""The claims of c1w4-deep-nn-application, against the numbers the notebook produces."""

import numpy as np

from helpers.dnn_app_utils import logistic_regression

ASSIGNMENT = "c1w4-deep-nn-application"


def _v(run_of):
    return run_of(ASSIGNMENT).variables


def test_data_in_single_precision(run_of):
    v = _v(run_of)
    assert v["train_x"].shape == (12288, 209) and v["test_x"].shape == (12288, 50)
    for name in ("train_x", "test_x", "train_y", "test_y"):
        assert v[name].dtype == np.float32, name
    assert 0.0 <= v["train_x"].min() and v["train_x"].max() <= 1.0
    assert (v["train_x"][:1, :1] * np.ones((1, 1))).dtype == np.float64, "float32 * float64 promotes"


def test_float32_product_is_faster(run_of):
    v = _v(run_of)
    assert v["time_float32"] < v["time_float64"], "the notebook says single precision is faster"


def test_float32_sigmoid_rounds_to_one_above_the_printed_limit(run_of):
    v = _v(run_of)
    assert round(v["z_limit_32"], 1) == 16.6 and round(v["z_limit_64"], 1) == 36.7, "the numbers in the prose"
    for dtype, limit in ((np.float32, v["z_limit_32"]), (np.float64, v["z_limit_64"])):
        one = dtype(1)
        assert 1 / (one + np.exp(-dtype(limit + 0.1))) == 1, dtype
        assert 1 / (one + np.exp(-dtype(limit - 0.7))) < 1, dtype


def test_two_layer_learning_curve(run_of):
    costs = _v(run_of)["costs_2"]
    assert len(costs) == 25, "2500 iterations, one cost every 100"
    assert abs(costs[0] - np.log(2)) < 0.01, "starts close to ln 2"
    assert min(costs[:6]) > 0.5, "stays above 0.5 for the first several hundred iterations"
    assert any(b > a for a, b in zip(costs, costs[1:], strict=False)), "goes back up at some point"
    assert costs[-1] < 0.1


def test_two_layer_fits_the_training_set(run_of):
    assert _v(run_of)["train_accuracy_2"] >= 0.98


def test_initialisation_scales(run_of):
    v = _v(run_of)
    small, scaled = v["sizes_small"], v["sizes_scaled"]
    assert len(small) == len(scaled) == 3
    assert all(b < a / 10 for a, b in zip(small, small[1:], strict=False)), \
        "with randn * 0.01 every layer after the first is more than ten times smaller than the one before"
    assert max(scaled) < 3 * min(scaled), "with the scaled weights the sizes stay within a small factor"


def test_four_layer_learning_curve(run_of):
    costs = _v(run_of)["costs_4"]
    assert len(costs) == 15, "1500 iterations, one cost every 100"
    assert costs[-1] < 0.25 * costs[0], "ends at less than a quarter of the initial cost"
    early = (costs[1] - costs[10]) / 9          # mean fall per 100 iterations, 100 to 1000
    late = (costs[10] - costs[-1]) / (len(costs) - 11)
    assert late > early > 0, "falls slowly at first, faster after about 1000 iterations"


def test_training_stays_under_the_float32_sigmoid_limit(run_of):
    v = _v(run_of)
    assert v["z_max_2"] < v["z_limit_32"] - 1
    assert v["z_max_4"] < v["z_limit_32"] - 1
    for name in ("parameters_2", "parameters_4"):
        assert all(np.isfinite(p).all() for p in v[name].values()), name


def test_provided_logistic_regression_is_plain_gradient_descent():
    """The notebook says `logistic_regression` takes the same steps as the plain loop of c1w2's optimize."""
    rng = np.random.default_rng(0)
    X = rng.random((30, 12))
    Y = (rng.random((1, 12)) > 0.5).astype(float)
    w, b = np.zeros((30, 1)), 0.0
    costs = []
    for i in range(250):
        A = 1 / (1 + np.exp(-(w.T @ X + b)))
        if i % 100 == 0:
            costs.append(float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))))
        w = w - 0.05 * X @ (A - Y).T / 12
        b = b - 0.05 * float(np.sum(A - Y)) / 12
    w_fast, b_fast, costs_fast = logistic_regression(X, Y, num_iterations=250, learning_rate=0.05)
    np.testing.assert_allclose(w_fast, w, rtol=1e-9, atol=1e-12)
    assert abs(b_fast - b) < 1e-12
    np.testing.assert_allclose(costs_fast, costs, rtol=1e-12)


def test_staircase_on_the_test_set(run_of):
    v = _v(run_of)
    assert v["test_accuracy_4"] > v["test_accuracy_2"] > v["test_accuracy_lr"], \
        "4-layer beats 2-layer beats logistic regression on the test set"
    always_cat = float(np.mean(v["test_y"]))
    assert v["test_accuracy_lr"] > always_cat, "all three beat answering cat for every image"
    for train, _ in v["accuracies"].values():
        assert train >= 0.98, "all three fit the training set almost perfectly"
    assert v["accuracies"]["4-layer network"] == (v["train_accuracy_4"], v["test_accuracy_4"])
    assert v["m_test"] == 50
    for gain in (v["gain_2"], v["gain_4"]):
        assert 1 <= gain <= 5, "each step of the staircase is a handful of images"


def test_mistakes_are_mostly_missed_cats(run_of):
    v = _v(run_of)
    assert v["n_mislabeled_4"] == v["missed_cats_4"] + v["false_cats_4"]
    assert v["n_mislabeled_4"] == round((1 - v["test_accuracy_4"]) * v["m_test"])
    assert v["missed_cats_4"] > v["n_mislabeled_4"] / 2, "most mistakes are cats called non-cat"
    non_cats, cats = int((v["train_y_orig"] == 0).sum()), int((v["train_y_orig"] == 1).sum())
    assert 1.7 < non_cats / cats < 2.1, "about twice as many non-cats as cats in the training set"


def test_real_photos(run_of):
    v = _v(run_of)
    assert v["my_image"] is None and list(v["photos"]) == ["chelsea", "coffee"], "the shipped photos by default"
    assert v["photo_predictions"] == {"chelsea": 1, "coffee": 0}, \
        "the notebook says: the 4-layer net calls the real cat a cat and the coffee a non-cat"
    assert v["photo_predictions_lr"] == {"chelsea": 0, "coffee": 0}, "logistic regression calls both non-cat"
    assert 0.5 < v["photo_probabilities"]["chelsea"] < 0.9, "far from certain"
