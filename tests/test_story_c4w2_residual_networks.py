"""The claims of c4w2-residual-networks, tested against the notebook's own numbers."""

import numpy as np

ASSIGNMENT = "c4w2-residual-networks"


def _v(run_of):
    return run_of(ASSIGNMENT).variables


def test_every_gradient_check_is_far_below_1e_7(run_of):
    diffs = _v(run_of)["gradcheck_differences"]
    identity = {"X"} | {f"{p}{k}" for p in ("W", "gamma", "beta") for k in (1, 2, 3)}
    assert set(diffs["identity block"]) == identity
    assert set(diffs["convolutional block"]) == identity | {"W_s", "gamma_s", "beta_s"}
    assert max(max(d.values()) for d in diffs.values()) < 1e-8


def test_batch_norm_cancels_a_convolution_bias(run_of):
    v = _v(run_of)
    assert v["normalised"][0].shape == (4, 5, 5, 2)
    assert v["bias_effect"] < 1e-12


def test_the_data_is_the_signs_set_shrunk_to_16_pixels(run_of):
    v = _v(run_of)
    assert v["X_train"].shape == (1080, 16, 16, 3) and v["X_test"].shape == (120, 16, 16, 3)
    assert 0 <= v["X_train"].min() and v["X_train"].max() <= 1
    block = v["X_train_orig"][0, :4, :4].astype(float).mean(axis=(0, 1)) / 255
    assert np.allclose(v["X_train"][0, 0, 0], block)
    assert sorted(set(v["y_train"].tolist())) == [0, 1, 2, 3, 4, 5]


def test_three_seeds_and_the_architecture_of_the_table(run_of):
    v = _v(run_of)
    assert tuple(v["seeds"]) == (1, 2, 3)
    assert v["architecture"] == {"n_identity": (4, 4), "channels": (8, 16), "bottleneck": 4}
    for name in ("plain", "resnet"):
        assert len(v["gradient_norms"][name]) == len(v["costs"][name]) == len(v["movement"][name]) == 3


def test_both_networks_have_28_convolutions_and_the_resnet_only_its_shortcut_more(run_of):
    v = _v(run_of)
    assert v["depth"] == {"plain": 28, "resnet": 28}
    # "one more convolution and batch norm, on the shortcut of its convolutional block": 1x1, 8 -> 16
    assert v["n_parameters"]["resnet"] - v["n_parameters"]["plain"] == 8 * 16 + 16 + 16


def test_plain_gradients_grow_towards_the_input_by_over_ten_times_for_every_seed(run_of):
    v = _v(run_of)
    for norms, ratio in zip(v["gradient_norms"]["plain"], v["gradient_ratio"]["plain"], strict=True):
        assert ratio == np.mean(norms[1:4]) / np.mean(norms[-3:])
        assert ratio > 10                                  # "more than ten times larger, for every seed"
        blocks = [np.mean(norms[1 + 3 * b:4 + 3 * b]) for b in range(9)]
        assert blocks[0] == max(blocks)                    # "the largest gradients of all the blocks"


def test_resnet_gradient_ratio_is_smaller_for_every_seed_and_under_a_third_on_average(run_of):
    ratio = _v(run_of)["gradient_ratio"]
    assert all(0 < r < p for r, p in zip(ratio["resnet"], ratio["plain"], strict=True))
    assert np.mean(ratio["resnet"]) < np.mean(ratio["plain"]) / 3


def test_adam_steps_ignore_a_scaled_gradient_sgd_steps_scale_with_it(run_of):
    change = _v(run_of)["step_change"]
    assert abs(change["SGD"] - 10) < 1e-4
    assert abs(change["Adam"] - 1) < 1e-4


def test_plain_first_block_moves_more_than_its_size_and_several_times_its_last_block(run_of):
    v = _v(run_of)
    for run, first, last in zip(v["movement"]["plain"], v["moved_first"]["plain"], v["moved_last"]["plain"],
                                strict=True):
        assert len(run) == 28
        assert first == np.mean(run[1:4]) and last == np.mean(run[-3:])
        assert first > 1
        assert first > 3 * last                                          # "several times less"


def test_resnet_first_block_moves_less_than_the_plain_one_for_every_seed(run_of):
    moved = _v(run_of)["moved_first"]
    assert all(r < p for r, p in zip(moved["resnet"], moved["plain"], strict=True))


def test_plain_net_hardly_learns_on_average(run_of):
    # "in the mean over the three seeds, the plain network's cost stays within 0.1 of ln 6 after every
    # epoch, and its training accuracy is below 0.25"
    v = _v(run_of)
    assert v["epochs"] == 4 and v["batch_size"] == 32 and v["learning_rate"] == 0.5
    assert [len(run) for run in v["costs"]["plain"]] == [4, 4, 4]
    mean_costs = np.mean(v["costs"]["plain"], axis=0)
    assert np.max(np.abs(mean_costs - np.log(6))) < 0.1
    assert np.mean(v["accuracy"]["plain"]["train"]) < 0.25


def test_resnet_cost_ends_below_the_plain_ones_for_every_seed(run_of):
    v = _v(run_of)
    assert v["final_cost"]["resnet"] == [c[-1] for c in v["costs"]["resnet"]]
    assert v["final_cost"]["plain"] == [c[-1] for c in v["costs"]["plain"]]
    for r, p in zip(v["final_cost"]["resnet"], v["final_cost"]["plain"], strict=True):
        assert r < p


def test_resnet_has_higher_train_and_test_accuracy_on_average(run_of):
    v = _v(run_of)
    for split in ("train", "test"):
        assert len(v["accuracy"]["resnet"][split]) == len(v["accuracy"]["plain"][split]) == 3
        assert np.mean(v["accuracy"]["resnet"][split]) > np.mean(v["accuracy"]["plain"][split])
    assert len(v["y_test"]) == 120                         # "one image is 0.008 of test accuracy"


def test_neither_network_is_a_good_classifier_yet(run_of):
    accuracy = _v(run_of)["accuracy"]
    assert max(accuracy["resnet"]["train"] + accuracy["resnet"]["test"]) < 0.6


def test_resnet_cost_ends_more_than_0_15_below_ln6_on_average(run_of):
    # "the 28-convolution network starts to learn (its cost ends more than 0.15 below ln 6 on average)"
    assert np.mean(_v(run_of)["final_cost"]["resnet"]) < np.log(6) - 0.15


def test_the_architecture_table_gives_the_resnets_parameter_count(run_of):
    # the table of section 5: stem, stage 1 (4 identity blocks, filters (4, 4, 8)), stage 2 (a convolutional
    # block and 4 identity blocks, filters (8, 8, 16)), head (dense 16 -> 6)
    def block(n_C_prev, filters, shortcut=False):
        F1, F2, F3 = filters
        weights = n_C_prev * F1 + 9 * F1 * F2 + F2 * F3 + (n_C_prev * F3 if shortcut else 0)
        return weights + 2 * (F1 + F2 + F3 + (F3 if shortcut else 0))
    stem = 3 * 3 * 3 * 8 + 2 * 8
    stage1 = 4 * block(8, (4, 4, 8))
    stage2 = block(8, (8, 8, 16), shortcut=True) + 4 * block(16, (8, 8, 16))
    head = 16 * 6 + 6
    assert _v(run_of)["n_parameters"]["resnet"] == stem + stage1 + stage2 + head


def test_the_block_figures_draw_the_blocks_of_the_trained_network(run_of):
    from helpers.resnet import network_parameters

    v = _v(run_of)
    trained = network_parameters(np.random.default_rng(0), 3, **v["architecture"])
    drawn = v["figure_network"]
    for stage in ("stage1", "stage2"):
        assert len(drawn[stage]) == len(trained[stage])
        for mine, theirs in zip(drawn[stage], trained[stage], strict=True):
            assert {k: a.shape for k, a in mine.items()} == {k: a.shape for k, a in theirs.items()}
    assert "W_s" in drawn["stage2"][0] and "W_s" not in drawn["stage1"][0]
