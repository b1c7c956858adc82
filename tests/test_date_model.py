"""The dates and the date-translation model: the data's rules, the gradients, a few training
steps, and the committed weights against their model card."""

from __future__ import annotations

import dataclasses
import datetime
import json

import numpy as np
import pytest

from helpers import date_model as dm
from helpers.generators import dates
from helpers.gradcheck import check_gradients, numerical_gradient, relative_difference
from helpers.training import dates as training
from helpers.training.common import parse_card

# ----------------------------------------------------------------------------------------------
# The data


def test_every_pair_is_written_with_the_calendar_year():
    assert not any("Y" in pattern for pattern in dates.FORMATS)   # the week-year
    pairs = dates.examples(3000, "train") + training.load_test_dates()
    for human, iso in pairs:
        day = datetime.date.fromisoformat(iso)
        year = human.split()[-1].split("/")[-1].split(".")[-1]
        assert year in (str(day.year), f"{day.year % 100:02d}"), (human, iso)
        assert dates.FIRST_DAY <= day <= dates.LAST_DAY
    # the pitfall itself: the week-year of 30 December 2024 is 2025
    from babel.dates import format_date
    assert format_date(datetime.date(2024, 12, 30), "YYY", locale="en_US") == "2025"
    assert dates.write_human(datetime.date(2024, 12, 30), "d MMM y") == "30 dec 2024"


def test_test_days_are_never_training_days():
    held = {dates.FIRST_DAY + datetime.timedelta(days=int(d)) for d in dates.held_out_days()}
    assert len(held) == round(dates.N_DAYS * dates.HELD_OUT_FRACTION)
    train = {datetime.date.fromisoformat(iso) for _, iso in dates.examples(20000, "train")}
    test = {datetime.date.fromisoformat(iso) for _, iso in training.load_test_dates()}
    assert not train & held and test <= held and len(test) > 800


def test_the_pairs_are_deterministic_and_fit_the_model():
    assert dates.examples(50, "train") == dates.examples(50, "train")
    assert dates.examples(50, "train") != dates.examples(50, "train", seed=5)
    pairs = training.load_test_dates()
    assert pairs == dates.examples(dates.TEST_SIZE, "test")
    assert max(len(h) for h, _ in pairs) <= dates.TX
    X, Y, Xoh, Yoh = dates.preprocess(pairs[:5])
    assert Xoh.shape == (5, dates.TX, len(dates.HUMAN_VOCAB)) and Yoh.shape == (5, dates.TY, len(dates.MACHINE_VOCAB))
    assert (X != dates.HUMAN_VOCAB["<unk>"]).all()
    assert "".join(dates.INV_MACHINE_VOCAB[i] for i in Y[0]) == pairs[0][1]


# ----------------------------------------------------------------------------------------------
# The model


def _small(seed=1):
    rng = np.random.default_rng(seed)
    p = dm.initialize_parameters(seed, n_x=7, n_a=3, n_s=4, n_e=5, n_y=6, dtype=np.float64)
    p = {k: v + 0.3 * rng.standard_normal(v.shape) for k, v in p.items()}
    p["b2"] = p["b2"] + 0.5
    Xoh = np.eye(7)[rng.integers(7, size=(3, 5))]
    Y = rng.integers(6, size=(3, 4))
    return p, Xoh, Y


def test_the_training_pass_agrees_with_the_readable_forward_pass():
    p, Xoh, _ = _small()
    Y_hat, attention = dm.model_forward(Xoh, p, Ty=4)
    _, _, Y_train = dm.loss_and_gradients(Xoh, np.zeros((3, 4), int), p, Ty=4)
    assert np.abs(Y_hat - Y_train).max() < 1e-12
    assert attention.shape == (3, 4, 5) and np.allclose(attention.sum(axis=2), 1)


def test_the_gradients_agree_with_numerical_ones():
    p, Xoh, Y = _small()
    _, grads, _ = dm.loss_and_gradients(Xoh, Y, p, Ty=4)
    for name, value in p.items():
        # the encoder's gradients are small (about 1e-6): a smaller step loses them in rounding
        numerical = numerical_gradient(lambda _x: dm.loss_and_gradients(Xoh, Y, p, Ty=4)[0], value, epsilon=1e-4)
        # b2 shifts every energy alike: where all pass the ReLU the softmax ignores it (gradient 0)
        close = np.abs(numerical - grads["d" + name]).max() < 1e-12
        assert close or relative_difference(numerical, grads["d" + name]) < 1e-6, name
    # and one attention step on its own
    rng = np.random.default_rng(3)
    a, s, dcontext = rng.standard_normal((2, 5, 6)), rng.standard_normal((2, 4)), rng.standard_normal((2, 1, 6))
    _, cache = dm.one_step_attention(a, s, p)
    da, ds, g = dm.one_step_attention_backward(dcontext, cache)
    differences = check_gradients(lambda: np.sum(dm.one_step_attention(a, s, p)[0] * dcontext),
                                  {"a": a, "s": s, "W1": p["W1"], "b1": p["b1"]},
                                  {"a": da, "s": ds, "W1": g["dW1"], "b1": g["db1"]}, epsilon=1e-5)
    assert max(differences.values()) < 1e-7, differences


def test_a_few_training_steps_lower_the_loss():
    settings = training.Settings(batch=32, warmup_steps=5)
    parameters, meta, losses = training.train(settings, max_steps=60, progress=False, log=lambda line: None)
    assert len(losses) == 60 and all(np.isfinite(losses))
    assert np.mean(losses[-10:]) < 0.9 * np.mean(losses[:10]), losses
    assert {k: v.shape for k, v in parameters.items()} == \
        {k: v.shape for k, v in dm.initialize_parameters().items()}
    assert meta["settings"]["steps"] == settings.steps


# ----------------------------------------------------------------------------------------------
# The committed weights


@pytest.fixture(scope="module")
def committed():
    return dm.load_date_model(), training.load_meta()


def test_the_committed_weights_come_from_the_recorded_settings(committed):
    parameters, meta = committed
    settings = json.loads(json.dumps(dataclasses.asdict(training.Settings())))
    assert meta["settings"] == settings
    steps = meta["history"]["step"]
    assert steps[-1] == settings["steps"] and len(steps) == settings["steps"] // settings["validate_every"]
    assert all(v.dtype == np.float32 for v in parameters.values())
    assert {k: v.shape for k, v in parameters.items()} == \
        {k: v.shape for k, v in dm.initialize_parameters().items()}


def test_the_committed_weights_reproduce_the_model_card(committed):
    parameters, _ = committed
    figures = training.card_figures(parameters)
    card = parse_card(training.CARD.read_text())
    assert abs(figures["exact"] - card["exact match (all 10 characters right)"]) < 6e-5
    assert abs(figures["characters"] - card["characters right"]) < 6e-5
    assert figures["exact"] >= 0.98
