"""The claims of c5w3-attention-date-translation, tested against the notebook's own numbers."""

import numpy as np

from helpers import date_model
from helpers.training import dates as training
from helpers.training.common import parse_card

ASSIGNMENT = "c5w3-attention-date-translation"


def _v(run_of):
    return run_of(ASSIGNMENT).variables


def test_the_week_year_pitfall_is_shown(run_of):
    v = _v(run_of)
    assert v["week_year"] == "30 Dec 2025" and v["calendar_year"] == "30 dec 2024"


def test_the_attention_backward_pass_agrees_with_finite_differences(run_of):
    v = _v(run_of)
    assert set(v["gradient_differences"]) == {"a", "s_prev", "W1", "b1", "W2", "b2"}
    assert max(v["gradient_differences"].values()) < 1e-7, v["gradient_differences"]
    # the check is not vacuous: most energies pass the ReLU, so the weights are not uniform
    assert (v["cache_small"][4] > 0).mean() > 0.5


def test_the_model_translates_dates_of_known_formats_and_guesses_on_others(run_of):
    v = _v(run_of)
    assert v["known_outputs"] == list(v["known_formats"].values())
    # "it reads 'march 3rd 2001', but it gets the year of '5 april 09' wrong (day and month right)
    # and is lost when the year comes first"
    outputs = dict(zip(v["new_formats"], v["new_outputs"], strict=True))
    assert outputs["march 3rd 2001"] == "2001-03-03"
    assert outputs["5 april 09"][:4] != "2009" and outputs["5 april 09"][4:] == "-04-05"
    assert outputs["2001 march 3"][:4] != "2001" and outputs["2001 march 3"][4:] != "-03-03"


def test_accuracy_on_never_seen_dates_is_high_and_matches_the_model_card(run_of):
    v = _v(run_of)
    assert len(v["test_pairs"]) == 1000
    assert v["exact_match"] >= 0.98, v["exact_match"]          # "high (aim >= 98 %)"
    card = parse_card(training.CARD.read_text())
    assert abs(v["exact_match"] - card["exact match (all 10 characters right)"]) < 6e-5
    assert len(v["errors"]) == round((1 - v["exact_match"]) * 1000)
    # the notebook's translation (the learner's functions) is the library's
    library = date_model.translate([h for h, _ in v["test_pairs"][:50]], v["parameters"])
    assert library == v["test_outputs"][:50]


def test_attention_maps_are_distributions_over_the_input(run_of):
    v = _v(run_of)
    attention = v["test_attention"]
    assert attention.shape == (1000, 10, 30)
    assert np.allclose(attention.sum(axis=2), 1, atol=1e-5)
    # padding carries no date: little attention goes past the end of the text
    lengths = np.array([len(h) for h, _ in v["test_pairs"]])
    beyond = np.arange(30)[None, :] >= lengths[:, None]
    assert (attention * beyond[:, None, :]).sum(axis=2).mean() < 0.2


def test_output_digits_attend_to_the_characters_that_carry_them(run_of):
    v = _v(run_of)
    # "each output digit puts most of its attention on the characters that carry it ...
    # several times what an even spread would give"
    assert set(v["alignment"]) == {"year", "month", "day"}
    for field, (on_span, evenly, count) in v["alignment"].items():
        assert count > 1500, (field, count)
        assert on_span > 0.5 and on_span > 2.5 * evenly, (field, on_span, evenly)


def test_training_from_scratch_lowers_the_loss(run_of):
    v = _v(run_of)
    assert v["library_difference"] < 1e-5
    assert len(v["losses"]) == 200
    # "the loss falls by more than half ... most output characters are already right, but few
    # dates are right in all ten"
    assert v["last_loss"] < 0.5 * v["first_loss"], (v["first_loss"], v["last_loss"])
    assert v["fresh_characters"] > 0.5 and v["fresh_exact"] < 0.5
    # "the model above took 8000 steps of 128 dates"
    assert (training.Settings().steps, training.Settings().batch) == (8000, 128)
