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
    train, new, mean, std = v["train_accuracies"], v["new_accuracies"], v["new_mean"], v["new_std"]
    assert v["hidden_layer_sizes"] == SIZES
    assert list(train) == SIZES and list(new) == SIZES
    assert all(len(new[n]) == 10 for n in SIZES), "ten new flowers"
    assert all(abs(mean[n] - np.mean(new[n])) < 1e-12 and abs(std[n] - np.std(new[n])) < 1e-12 for n in SIZES)
    small = (1, 2)
    enough = [n for n in SIZES if n >= 3]
    assert all(train[n] < 0.7 and mean[n] < 0.7 for n in small), "one or two hidden units stay below 70%"
    assert all(train[n] >= 0.88 for n in enough), "from three units on, at least 88% on the training set"
    assert min(train[n] for n in enough) > max(train[n] for n in small) + 0.15, "far above one or two units"
    assert all(mean[n] >= train[n] for n in enough), "at least as much on average on the new flowers"
    for n in (20, 50):
        assert train[n] <= train[5] and mean[n] <= mean[5], "beyond five units nothing is gained"


def test_sizes_from_three_on_are_within_the_spread(run_of):
    v = run_of(ASSIGNMENT).variables
    mean, std = v["new_mean"], v["new_std"]
    enough = [n for n in SIZES if n >= 3]
    typical_spread = np.mean([std[n] for n in enough])
    assert max(mean[n] for n in enough) - min(mean[n] for n in enough) < typical_spread, \
        "the mean accuracies differ by less than the typical spread of one network across the flowers"


def test_one_test_set_can_mislead(run_of):
    v = run_of(ASSIGNMENT).variables
    train, new, mean, std = v["train_accuracies"], v["new_accuracies"], v["new_mean"], v["new_std"]
    typical_spread = np.mean([std[n] for n in SIZES if n >= 3])
    loss_on_seed_2 = {n: train[n] - new[n][0] for n in SIZES}
    loss_on_average = {n: train[n] - mean[n] for n in SIZES}
    for n in (20, 50):
        assert loss_on_seed_2[n] > loss_on_seed_2[5] + 0.01, \
            "on the flower seed=2 alone, 20 and 50 units lose more than a point more than 5 units"
        assert abs(loss_on_average[n] - loss_on_average[5]) < typical_spread, \
            "over ten flowers the difference is within the spread"


def test_the_new_flowers_are_new_data_of_the_same_shape(run_of):
    v = run_of(ASSIGNMENT).variables
    X, X_new = v["X"], v["X_new"]
    flowers = v["new_flowers"]
    assert len(flowers) == 10 and np.array_equal(flowers[0][0], X_new)
    for X_f, Y_f in flowers:
        assert X_f.shape == (2, 400) and Y_f.shape == (1, 400), "400 points"
        assert int(Y_f.sum()) == 200, "the same two classes of petals"
        assert not np.allclose(X, X_f), "other random noise: points the networks have never seen"
    assert all(not np.allclose(flowers[i][0], flowers[j][0]) for i in range(10) for j in range(i))


def test_other_datasets(run_of):
    acc = run_of(ASSIGNMENT).variables["extra_accuracies"]
    assert list(acc) == ["noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles"]
    gaps = {name: a["network"] - a["logistic regression"] for name, a in acc.items()}
    assert all(g > 0 for g in gaps.values()), "the network beats logistic regression on every set"
    assert set(sorted(gaps, key=gaps.get)[-2:]) == {"noisy_circles", "gaussian_quantiles"}, \
        "the gap is largest on circles and gaussian quantiles"
