"""The claims of c5w4-transformer-attention, tested against the notebook's own numbers."""

import numpy as np

ASSIGNMENT = "c5w4-transformer-attention"


def _v(run_of):
    return run_of(ASSIGNMENT).variables


# ----------------------------------------------------------------------------------------------
# Positional encodings


def test_the_dot_product_of_two_encodings_depends_only_on_their_distance(run_of):
    v = _v(run_of)
    pe, similarity = v["pe_plot"], v["similarity"]
    assert pe.shape == (50, 64)                                       # "50 positions with d = 64"
    assert np.abs(pe).max() <= 1.0
    assert np.allclose(similarity, pe @ pe.T)
    # "it depends only on how far apart the two positions are"
    assert v["shift_difference"] < 1e-10
    assert v["shift_difference"] == float(np.max(np.abs(similarity[1:, 1:] - similarity[:-1, :-1])))
    # "it is largest, d/2, for a position with itself"
    assert np.allclose(np.diag(similarity), 32.0)
    assert v["off_diagonal"].max() < 32.0 - 0.5


# ----------------------------------------------------------------------------------------------
# Masks and attention weights


def test_the_example_masks(run_of):
    v = _v(run_of)
    assert v["example_ids"].shape == (3, 5)                           # "three sequences padded to length 5"
    assert v["example_ids"].min() == 0


def test_weights_sum_to_one_and_masked_weights_are_exactly_zero(run_of):
    v = _v(run_of)
    weights = v["demo_weights"]
    assert list(weights) == ["no mask", "look-ahead mask", "padding mask (last two tokens)"]
    for w in weights.values():
        assert w.shape == (1, 6, 6)
        assert np.all(w >= 0)
        assert np.abs(w.sum(axis=-1) - 1).max() < 1e-12                # "every row sums to 1"
    assert v["row_sum_error"] < 1e-12
    # "no query gives any weight to a later token (the weights above the diagonal are exactly 0)"
    assert np.all(np.triu(weights["look-ahead mask"][0], k=1) == 0.0)
    assert v["above_diagonal"].max() == 0.0
    # "no query gives any weight to the padding"
    assert np.all(weights["padding mask (last two tokens)"][0][:, 4:] == 0.0)
    # without a mask, every query gives some weight to every key
    assert np.all(weights["no mask"] > 0)


def test_without_the_scaling_the_softmax_saturates(run_of):
    v = _v(run_of)
    assert v["d_k_large"] == 512
    assert v["q_large"].shape == (200, 10, 512)                       # "10 queries and 10 keys in each of 200 sequences"
    # "a standard deviation of about sqrt(512) = 22.6" / "about 1"
    assert abs(v["logit_std"]["unscaled"] - np.sqrt(512)) < 0.05 * np.sqrt(512)
    assert abs(v["logit_std"]["scaled"] - 1) < 0.05
    # "more than 90% of its weight on a single key" / "on average about a third"
    assert v["largest_weight"]["unscaled"] > 0.9
    assert 0.25 < v["largest_weight"]["scaled"] < 0.4


def test_the_attention_backward_pass_agrees_with_numerical_gradients(run_of):
    v = _v(run_of)
    differences = v["attention_differences"]
    assert set(differences) == {"q", "k", "v"}
    assert max(differences.values()) < 1e-7, differences              # "below 1e-7 means ... right"
    assert v["largest_attention_difference"] == max(differences.values())
    # the mask combines both kinds: the look-ahead mask and a padded last key in the second sequence
    mask = v["mask_gc"]
    assert mask.shape == (2, 5, 5)
    assert np.all(np.triu(mask[0], k=1) == 0) and np.all(mask[1][:, -1] == 0)


# ----------------------------------------------------------------------------------------------
# The course's layers


def test_the_course_layers_compute_the_same_numbers(run_of):
    agreement = _v(run_of)["layer_agreement"]
    assert len(agreement) == 5
    assert max(agreement.values()) < 1e-12, agreement                 # "the same numbers, up to rounding"


def test_the_encoder_layer_backward_pass_agrees_with_numerical_gradients(run_of):
    v = _v(run_of)
    differences = v["encoder_gradient_differences"]
    assert len(differences) == 16 and "bk" not in differences and "x" in differences
    assert max(differences.values()) < 1e-7, differences              # "far below 1e-7"
    assert v["largest_encoder_difference"] == max(differences.values())
    # "both gradients of b_k are zero up to rounding (below 1e-8)"
    assert v["bk_gradient"]["analytic"] < 1e-8 and v["bk_gradient"]["numerical"] < 1e-8


# ----------------------------------------------------------------------------------------------
# Training


def test_the_model_and_training_are_as_described(run_of):
    v = _v(run_of)
    assert (v["T_task"], v["vocab_size"], v["n_digits"]) == (10, 11, 10)
    assert (v["d_model"], v["num_heads"], v["d_ff"]) == (32, 4, 64)
    assert (v["batch_size"], v["num_steps"], v["peak_learning_rate"]) == (64, 400, 0.005)
    assert len(v["losses"]) == len(v["losses_without"]) == 400
    assert v["test_tokens"].shape == v["test_targets"].shape == (1000, 10)
    assert np.array_equal(v["test_targets"], v["test_tokens"][:, ::-1] - 1)   # the digits reversed
    assert v["test_tokens"].min() >= 1                                         # no padding in the task
    assert np.all(v["no_encoding"] == 0)
    # "none of the test sequences was among the 25600 it trained on (400 batches of 64, all different)"
    assert v["training_sequences"] == 25600
    assert v["test_seen"] == 0


def test_the_model_learns_to_reverse(run_of):
    v = _v(run_of)
    # "reverses more than 99% of the 1000 test sequences without a single mistake"
    assert v["sequence_accuracy"] > 0.99, v["sequence_accuracy"]
    assert v["digit_accuracy"] >= v["sequence_accuracy"]
    assert v["losses"][-1] < v["losses"][0] / 100


def test_without_positional_encodings_the_model_cannot_reverse(run_of):
    v = _v(run_of)
    # "the loss stalls"
    assert min(v["losses_without"][100:]) > 1.5 and v["losses_without"][-1] > 1.5
    # "about a quarter of the digits right and not one whole sequence"; chance would be 10%
    assert 0.2 < v["digit_accuracy_without"] < 0.35, v["digit_accuracy_without"]
    assert v["sequence_accuracy_without"] == 0.0


def test_your_encoder_layer_runs_the_trained_model(run_of):
    assert _v(run_of)["same_predictions"] == 1000


# ----------------------------------------------------------------------------------------------
# Inside the trained model


def test_every_head_attends_to_the_mirrored_position(run_of):
    v = _v(run_of)
    weights = v["trained_weights"]
    assert weights.shape == (1000, 4, 10, 10)
    assert np.allclose(weights.sum(axis=-1), 1.0)
    mirror = 9 - np.arange(10)
    assert np.allclose(v["mean_weight_on_mirror"], weights[:, :, np.arange(10), mirror].mean(axis=(0, 2)))
    # "on average each head puts about half of its weight on the mirrored position"
    assert np.all((v["mean_weight_on_mirror"] > 0.4) & (v["mean_weight_on_mirror"] < 0.65)), v["mean_weight_on_mirror"]
    # "for at least three quarters of the queries of each head the mirrored position has the largest weight"
    assert np.all(v["largest_on_mirror"] >= 0.75), v["largest_on_mirror"]
    # "averaged over the four heads, it has the largest weight for almost every query"
    assert v["head_average_on_mirror"] > 0.95


def test_padding_changes_nothing_with_the_mask(run_of):
    v = _v(run_of)
    assert v["padded_tokens"].shape == (1000, 14) and np.all(v["padded_tokens"][:, 10:] == 0)
    difference, accuracy = v["padding_difference"], v["padded_accuracy"]
    assert difference["with the padding mask"] < 1e-12                          # "up to rounding"
    assert accuracy["with the padding mask"] == v["digit_accuracy"]               # "exactly as many digits right"
    assert difference["without a mask"] > 1                                      # "by more than 1 in some entries"
    assert accuracy["without a mask"] > 0.95                                     # "still gets nearly every digit right"


def test_the_look_ahead_mask_hides_the_future(run_of):
    v = _v(run_of)
    assert v["masked_weights"].shape == (1000, 4, 10, 10)
    assert np.all(np.triu(v["masked_weights"], k=1) == 0.0)                      # "exactly 0"
    assert v["weight_on_later_tokens"] == 0.0
    accuracy = v["look_ahead_accuracy"]
    assert accuracy["last five positions"] > 0.99                                # "still right (more than 99%)"
    assert 0.05 < accuracy["first five positions"] < 0.2                         # "about one digit in ten, chance"


def test_the_attention_figure_shows_the_weights_of_the_demonstration(run_of):
    v = _v(run_of)
    # the course's layer in the figure, your function in the demonstration: the same sequence, the same weights
    assert np.allclose(v["weights_figure"], v["demo_weights"]["no mask"], rtol=0, atol=1e-12)
