"""The claims of c4w1-convolution-application, tested against the notebook's own numbers."""

import numpy as np

ASSIGNMENT = "c4w1-convolution-application"


def _v(run_of):
    return run_of(ASSIGNMENT).variables


def _all_fc_runs(v):
    return [run for runs in v["fc_runs"].values() for run in runs]


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


def test_the_parameter_counts_of_the_tables_and_the_ratio_of_about_27(run_of):
    r = _v(run_of)["results"]
    conv = r["ConvNet"]["parameters"]
    assert conv == 224 + 1168 + 6150 == 7542
    for name in ("fully connected, lr 0.005", "fully connected, lr 0.001"):
        assert r[name]["parameters"] == 3072 * 64 + 64 + 64 * 64 + 64 + 64 * 6 + 6 == 201222
    assert round(201222 / conv) == 27


def test_both_networks_are_trained_the_same_way_over_several_seeds(run_of):
    v = _v(run_of)
    assert (v["EPOCHS"], v["BATCH_SIZE"], v["LEARNING_RATE"]) == (8, 32, 0.005)
    assert tuple(v["CONVNET_SEEDS"]) == (1, 2) and tuple(v["FC_SEEDS"]) == (1, 2, 3)
    assert sorted(v["fc_runs"]) == [0.001, 0.005]
    assert [run["seed"] for run in v["convnet_runs"]] == [1, 2]
    for runs in v["fc_runs"].values():
        assert [run["seed"] for run in runs] == [1, 2, 3]
    assert all(len(run["costs"]) == 8 for run in v["convnet_runs"] + _all_fc_runs(v))
    # another seed, other initial parameters: the runs are not copies of one another
    first = [run["parameters"]["W1"] for run in v["convnet_runs"]]
    assert not np.allclose(first[0], first[1])


def test_every_network_learns(run_of):
    v = _v(run_of)
    for run in v["convnet_runs"] + _all_fc_runs(v):
        assert run["costs"][-1] < 0.7 * run["costs"][0]
        assert run["test"] > 1 / 6 + 0.15          # the baseline learns something: a fair comparison


def test_every_convnet_run_beats_every_fully_connected_run_on_the_test_set(run_of):
    v = _v(run_of)
    worst_conv = min(run["test"] for run in v["convnet_runs"])
    best_fc = max(run["test"] for run in _all_fc_runs(v))
    assert worst_conv > best_fc, (worst_conv, best_fc)


def test_the_convnet_mean_is_more_than_15_points_above_the_baseline_at_either_rate(run_of):
    r = _v(run_of)["results"]
    for name in ("fully connected, lr 0.005", "fully connected, lr 0.001"):
        assert r["ConvNet"]["test mean"] > r[name]["test mean"] + 0.15, name


def test_the_fully_connected_network_fits_its_training_images_less_well(run_of):
    r = _v(run_of)["results"]
    for name in ("fully connected, lr 0.005", "fully connected, lr 0.001"):
        assert r[name]["train mean"] < r["ConvNet"]["train mean"], name


def test_both_kinds_of_network_overfit_by_more_than_10_points(run_of):
    r = _v(run_of)["results"]
    for name, row in r.items():
        assert row["train mean"] > row["test mean"] + 0.10, name


def test_an_epoch_of_the_fully_connected_network_is_cheap(run_of):
    r = _v(run_of)["results"]
    for name in ("fully connected, lr 0.005", "fully connected, lr 0.001"):
        assert r[name]["seconds per epoch"] < 0.5 * r["ConvNet"]["seconds per epoch"], name


def test_the_table_summarises_the_runs(run_of):
    v = _v(run_of)
    r = v["results"]
    for name, runs in [("ConvNet", v["convnet_runs"]),
                       ("fully connected, lr 0.005", v["fc_runs"][0.005]),
                       ("fully connected, lr 0.001", v["fc_runs"][0.001])]:
        test = [run["test"] for run in runs]
        assert np.isclose(r[name]["test mean"], np.mean(test)) and np.isclose(r[name]["test std"], np.std(test))
        assert r[name]["test min"] == min(test) and r[name]["test max"] == max(test)
        assert np.isclose(r[name]["train mean"], np.mean([run["train"] for run in runs]))
        # an accuracy is a whole number of the 120 test images
        assert all(abs(t * 120 - round(t * 120)) < 1e-9 for t in test)


def test_the_misclassified_examples_are_those_of_the_seed_1_convnet(run_of):
    v = _v(run_of)
    wrong = v["misclassified"]
    assert np.array_equal(wrong, np.flatnonzero(v["convnet_test_predictions"] != v["y_test"]))
    assert v["convnet_runs"][0]["seed"] == 1
    assert len(wrong) == round((1 - v["convnet_runs"][0]["test"]) * 120) > 0


def test_most_mistakes_are_off_by_one_finger(run_of):
    v = _v(run_of)
    wrong = v["misclassified"]
    off = np.abs(v["convnet_test_predictions"][wrong] - v["y_test"][wrong]) == 1
    assert v["off_by_one"] == int(off.sum()) > len(wrong) / 2
