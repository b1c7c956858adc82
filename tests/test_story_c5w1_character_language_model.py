"""The claims of c5w1-character-language-model, tested against the notebook's own numbers."""

import string

import numpy as np

from helpers import char_rnn, rnn
from helpers.generators import names as names_generator

ASSIGNMENT = "c5w1-character-language-model"
LN27 = np.log(27)


def _v(run_of):
    return run_of(ASSIGNMENT).variables


def _smoothed(losses, width=10):
    return np.convolve(losses, np.ones(width) / width, mode="valid")


def test_the_data_is_fakers_english_first_names_in_lowercase_letters(run_of):
    v = _v(run_of)
    assert names_generator.LOCALES == ("en_US", "en_GB", "en_IE", "en_NZ", "en_IN")
    assert v["data"] == char_rnn.load_names()
    assert v["names"] == sorted(set(v["names"])) and all(v["names"])
    assert v["chars"] == ["\n", *string.ascii_lowercase] and v["vocab_size"] == 27
    assert v["char_to_ix"]["\n"] == 0                          # "sorts first, so it is index 0"
    assert v["ix_to_char"] == dict(enumerate(v["chars"]))


def test_the_helpers_are_built_on_the_vectorised_rnn():
    assert char_rnn.rnn_sequence_forward is rnn.rnn_sequence_forward
    assert char_rnn.rnn_sequence_backward is rnn.rnn_sequence_backward


def test_training_reads_the_list_about_a_dozen_times(run_of):
    v = _v(run_of)
    assert v["num_iterations"] == 22001
    assert 11 < v["num_iterations"] / len(v["names"]) < 13
    assert v["parameters"]["Waa"].shape == (50, 50)          # "with 50 hidden units"


def test_the_loss_per_character_falls_below_the_bigram_models(run_of):
    v = _v(run_of)
    assert abs(v["loss_untrained"] - LN27) < 0.01                     # "the untrained network is at ln 27"
    assert v["loss_trained"] < LN27 - 0.8                              # "well below it"
    assert v["loss_trained"] < v["loss_bigram"] - 0.1                  # "and below the bigram model's"
    assert v["loss_bigram"] < LN27


def test_samples_of_the_trained_network_are_name_like_and_new(run_of):
    v = _v(run_of)
    assert len(v["samples_trained"]) == len(v["samples_untrained"]) == v["n_samples"] == 300
    assert list(v["sample_seeds"]) == list(range(0, 30000, 100))
    # "close to the real names and far above the untrained network's"
    assert abs(v["score_trained"] - v["score_names"]) < 0.25, (v["score_trained"], v["score_names"])
    assert v["score_trained"] - v["score_untrained"] > 1.0, (v["score_trained"], v["score_untrained"])
    # "nearly all ... are new names rather than copies of the list"
    assert v["share_new"] > 0.9 and v["share_copies"] < 0.1
    assert v["share_new"] == sum(1 for s in v["samples_trained"] if s and s not in set(v["names"])) / 300
    # "long strings of letters": the untrained samples are much longer than names
    untrained_length = np.mean([len(s) for s in v["samples_untrained"]])
    assert untrained_length > 3 * np.mean([len(s) for s in v["names"]])


def test_the_bigram_score_is_add_one_smoothed_and_normalised(run_of):
    v = _v(run_of)
    probabilities = np.exp(v["log_bigram"])
    assert np.allclose(probabilities.sum(axis=1), 1)
    assert np.all(v["counts"] >= 1)
    assert np.isclose(v["loss_bigram"], -v["score_names"])


def test_the_stream_runs_are_as_described(run_of):
    v = _v(run_of)
    assert v["sequence_length"] == 150 and v["stream_iterations"] == 300
    assert v["stream_learning_rate"] == 0.01 and v["stream_max_value"] == 5   # as in model and optimize
    assert tuple(v["stream_seeds"]) == (1, 2, 3, 4)
    for label in ("clipped", "not clipped"):
        assert [run["seed"] for run in v["stream_runs"][label]] == [1, 2, 3, 4]
        for run in v["stream_runs"][label]:
            assert len(run["norms"]) == len(run["losses"]) == 300


def test_all_runs_start_from_ln27_and_clipping_acts_from_the_start(run_of):
    runs = [run for runs in _v(run_of)["stream_runs"].values() for run in runs]
    assert all(abs(run["losses"][0] - LN27) < 0.01 for run in runs)
    # "in every run some of its entries are beyond 5 in most iterations"
    assert all(run["share_beyond"] > 0.5 for run in runs)
    assert all(np.any(run["largest"][:5] > 5) for run in runs)
    # "the clipped runs' gradients differ from the unclipped ones' from the first iterations on"
    v = _v(run_of)
    for clipped, free in zip(v["stream_runs"]["clipped"], v["stream_runs"]["not clipped"], strict=True):
        assert clipped["norms"][0] == free["norms"][0] and clipped["norms"][1] != free["norms"][1]


def test_without_clipping_most_runs_explode_and_do_not_recover(run_of):
    v = _v(run_of)
    runs = v["stream_runs"]["not clipped"]
    exploded = [run for run in runs if run["max_norm"] > 1000]
    assert len(exploded) == v["blown_up"]["not clipped"] and len(exploded) > len(runs) / 2   # "most runs"
    for run in exploded:
        assert run["max_norm"] > 100 * run["start_norm"]               # "more than a hundred times"
        after = _smoothed(run["losses"])[run["first_above_1000"] + 20:]
        assert np.all(after > LN27), run["seed"]                         # "stays ... above ln 27"
        assert run["final_loss"] > LN27


def test_with_clipping_no_run_explodes_and_every_loss_falls_steadily(run_of):
    v = _v(run_of)
    runs = v["stream_runs"]["clipped"]
    assert v["blown_up"]["clipped"] == 0
    for run in runs:
        assert run["max_norm"] < 1000 and run["first_above_1000"] is None
        windows = [np.mean(run["losses"][i:i + 50]) for i in range(0, 300, 50)]
        assert np.all(np.diff(windows) < 0), windows                      # "falls steadily"
        assert run["final_loss"] < 2.5


def test_an_unclipped_run_without_explosion_ends_where_the_clipped_runs_do(run_of):
    v = _v(run_of)
    calm = [run for run in v["stream_runs"]["not clipped"] if run["max_norm"] <= 1000]
    assert calm, "the prose speaks of an unclipped run that met no exploding gradient"
    clipped = np.mean([run["final_loss"] for run in v["stream_runs"]["clipped"]])
    for run in calm:
        assert abs(run["final_loss"] - clipped) < 0.05



def test_the_examples_in_the_prose(run_of):
    v = _v(run_of)
    ix = v["char_to_ix"]
    assert [ix[c] for c in "ada"] == [1, 4, 1]                         # "a is 1, d is 4, the newline 0"
    # "many end in a, n or e, hardly any in f, p or q" (counts hold one extra: add-one smoothing)
    endings = {c: v["counts"][ix[c], ix["\n"]] - 1 for c in "anefpq"}
    assert all(endings[c] >= 200 for c in "ane") and all(endings[c] <= 2 for c in "fpq"), endings
