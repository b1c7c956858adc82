"""The claims of c4w1-convolution-application, tested against the notebook's own numbers."""

import numpy as np

ASSIGNMENT = "c4w1-convolution-application"


def _v(run_of):
    return run_of(ASSIGNMENT).variables


def test_the_data_has_the_classic_signs_layout_and_is_prepared_as_described(run_of):
    v = _v(run_of)
    assert v["X_train_orig"].shape == (1080, 64, 64, 3) and v["X_test_orig"].shape == (120, 64, 64, 3)
    assert v["Y_train_orig"].shape == (1, 1080) and v["Y_test_orig"].shape == (1, 120)
    assert v["classes"].tolist() == [0, 1, 2, 3, 4, 5]
    assert np.bincount(v["Y_train_orig"][0]).tolist() == [180] * 6
    assert np.bincount(v["Y_test_orig"][0]).tolist() == [20] * 6
    # 2x2 averaging to 32x32, float32, standardised per channel with the training set's statistics
    assert v["X_train"].shape == (1080, 32, 32, 3) and v["X_test"].shape == (120, 32, 32, 3)
    assert v["X_train"].dtype == np.float32 and v["X_test"].dtype == np.float32
    assert np.allclose(v["X_train"].mean(axis=(0, 1, 2)), 0, atol=1e-3)
    assert np.allclose(v["X_train"].std(axis=(0, 1, 2)), 1, atol=1e-3)
    first = v["X_train_orig"][0, :2, :2].astype(np.float64).mean(axis=(0, 1)) / 255
    assert np.allclose(v["X_train"][0, 0, 0] * v["channel_std"] + v["channel_mean"], first, atol=1e-5)


def test_every_gradient_check_is_far_below_1e_7(run_of):
    diffs = _v(run_of)["gradcheck_differences"]
    assert set(diffs) == {"W1", "b1", "W2", "b2", "W3", "b3"}
    assert max(diffs.values()) < 1e-8


def test_the_table_of_the_convnet_matches_the_trained_model(run_of):
    v = _v(run_of)
    assert v["results"]["ConvNet"]["parameters"] == 224 + 1168 + 6150 == 7542
    assert v["results"]["fully connected"]["parameters"] == 3072 * 4 + 4 + 4 * 6 + 6 == 12322


def test_both_networks_learn(run_of):
    v = _v(run_of)
    for costs in (v["convnet_costs"], v["dense_costs"]):
        assert costs[-1] < 0.7 * costs[0]
    assert len(v["convnet_costs"]) == 8 and len(v["dense_costs"]) == 100


def test_the_convnet_wins_on_the_test_set_with_fewer_parameters_and_epochs(run_of):
    r = _v(run_of)["results"]
    conv, dense = r["ConvNet"], r["fully connected"]
    # "wins": by at least 12 of the 120 test images (on the reference machine: 90 against 59)
    assert conv["test"] >= dense["test"] + 12 / 120, (conv["test"], dense["test"])
    assert conv["parameters"] < dense["parameters"] and conv["epochs"] < dense["epochs"]
    assert dense["test"] > 1 / 6 + 0.1       # the baseline learns something: a fair comparison


def test_the_dense_net_cannot_fit_its_training_set_well_and_the_convnet_fits_nearly_all(run_of):
    r = _v(run_of)["results"]
    assert r["fully connected"]["train"] < 0.8
    assert r["ConvNet"]["train"] > 0.95


def test_both_do_better_on_training_than_on_test_images(run_of):
    r = _v(run_of)["results"]
    for name in ("ConvNet", "fully connected"):
        assert r[name]["train"] > r[name]["test"] + 0.05, name


def test_an_epoch_of_the_dense_net_takes_far_less_time(run_of):
    r = _v(run_of)["results"]
    assert r["fully connected"]["seconds per epoch"] < 0.2 * r["ConvNet"]["seconds per epoch"]


def test_the_misclassified_examples_are_those_of_the_test_accuracy(run_of):
    v = _v(run_of)
    wrong = v["misclassified"]
    assert np.array_equal(wrong, np.flatnonzero(v["convnet_test_predictions"] != v["y_test"]))
    assert len(wrong) == round((1 - v["convnet_test_accuracy"]) * 120) > 0


def test_most_mistakes_are_off_by_one_finger(run_of):
    v = _v(run_of)
    wrong = v["misclassified"]
    off = np.abs(v["convnet_test_predictions"][wrong] - v["y_test"][wrong]) == 1
    assert v["off_by_one"] == int(off.sum()) > len(wrong) / 2
