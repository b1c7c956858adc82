"""The prose of c2w2-optimization against the notebook's own numbers."""

import numpy as np

ASSIGNMENT = "c2w2-optimization"


def _v(run_of):
    return run_of(ASSIGNMENT).variables


def test_same_number_of_epochs(run_of):
    v = _v(run_of)
    assert v["num_epochs"] == 1000
    assert {len(c) for c in v["costs"].values()} == {v["num_epochs"] // 100}


def test_adam_far_ahead_of_gd_and_momentum(run_of):
    acc, costs = _v(run_of)["accuracies"], _v(run_of)["costs"]
    assert acc["adam"] >= 0.9
    assert acc["adam"] - max(acc["gd"], acc["momentum"]) >= 0.2
    assert costs["adam"][-1] < 0.5 * min(costs["gd"][-1], costs["momentum"][-1])


def test_momentum_changes_almost_nothing_here(run_of):
    acc, costs = _v(run_of)["accuracies"], _v(run_of)["costs"]
    assert abs(acc["momentum"] - acc["gd"]) <= 0.02
    assert np.max(np.abs(np.array(costs["momentum"]) - np.array(costs["gd"]))) < 0.01


def test_update_lr_collapses_and_stalls(run_of):
    v = _v(run_of)
    rates, acc = v["lr_rates"]["update_lr"], v["lr_accuracies"]
    assert rates[0] == 0.1
    assert rates[300] < 0.1 / 100
    assert acc["update_lr"] < acc["schedule_lr_decay"] - 0.2
    assert acc["update_lr"] < acc["constant"] - 0.2


def test_schedule_reaches_adam_level_far_above_small_rate(run_of):
    v = _v(run_of)
    sched = v["lr_accuracies"]["schedule_lr_decay"]
    assert sched - v["accuracies"]["gd"] >= 0.2
    assert abs(sched - v["accuracies"]["adam"]) <= 0.03
    rates = v["lr_rates"]["schedule_lr_decay"]
    assert len(set(rates)) == 10 and all(a >= b for a, b in zip(rates[:-1], rates[1:], strict=True))


def test_schedule_close_to_constant_rate(run_of):
    acc = _v(run_of)["lr_accuracies"]
    assert abs(acc["schedule_lr_decay"] - acc["constant"]) <= 0.02
