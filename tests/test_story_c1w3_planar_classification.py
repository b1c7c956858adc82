"""The claims of c1w3-planar-classification, against the numbers the notebook produces."""

import numpy as np

ASSIGNMENT = "c1w3-planar-classification"
SIZES = [1, 2, 3, 4, 5, 20, 50]


def test_the_flower(run_of):
    v = run_of(ASSIGNMENT).variables
    assert v["shape_X"] == (2, 400) and v["shape_Y"] == (1, 400) and v["m"] == 400
    assert int(v["Y"].sum()) == 200, "two classes of 200 points"


def test_logistic_regression_is_near_chance(run_of):
    lr = run_of(ASSIGNMENT).variables["lr_accuracy"]
    assert 0.40 <= lr <= 0.60, "logistic regression is no better than a coin toss on the flower"


def test_four_hidden_units_fit_the_flower(run_of):
    v = run_of(ASSIGNMENT).variables
    assert abs(v["initial_cost"] - np.log(2)) < 1e-3, "tiny initial weights: the cost starts near ln 2"
    assert v["final_cost"] < v["initial_cost"] / 2, "then it falls"
    assert v["nn_accuracy"] >= 0.88
    assert v["nn_accuracy"] >= v["lr_accuracy"] + 0.3


def test_hidden_size_sweep(run_of):
    v = run_of(ASSIGNMENT).variables
    train, new = v["train_accuracies"], v["new_accuracies"]
    assert v["hidden_layer_sizes"] == SIZES
    assert list(train) == SIZES and list(new) == SIZES
    small = (1, 2)
    enough = [n for n in SIZES if n >= 3]
    assert all(train[n] < 0.7 for n in small), "one or two hidden units stay below 70%"
    assert all(train[n] >= 0.88 for n in enough), "from three units on, at least 88% on the training set"
    assert min(train[n] for n in enough) > max(train[n] for n in small) + 0.15, "far above one or two units"
    assert all(abs(new[n] - train[n]) <= 0.03 for n in enough), "about as well on the second flower"
    for n in (20, 50):
        assert train[n] <= train[5] and new[n] <= new[5], "beyond five units nothing is gained"
        assert train[n] - new[n] > train[5] - new[5], \
            "larger networks lose more between the training set and the second flower"


def test_second_flower_is_new_data_of_the_same_shape(run_of):
    v = run_of(ASSIGNMENT).variables
    X, X_new = v["X"], v["X_new"]
    assert X_new.shape == (2, 400) and v["Y_new"].shape == (1, 400), "400 points"
    assert int(v["Y_new"].sum()) == 200, "the same two classes of petals"
    assert not np.allclose(X, X_new), "other random noise: points the networks have never seen"


def test_other_datasets(run_of):
    acc = run_of(ASSIGNMENT).variables["extra_accuracies"]
    assert list(acc) == ["noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles"]
    gaps = {name: a["network"] - a["logistic regression"] for name, a in acc.items()}
    assert all(g > 0 for g in gaps.values()), "the network beats logistic regression on every set"
    assert set(sorted(gaps, key=gaps.get)[-2:]) == {"noisy_circles", "gaussian_quantiles"}, \
        "the gap is largest on circles and gaussian quantiles"
