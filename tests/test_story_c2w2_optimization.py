"""The prose of c2w2-optimization against the notebook's own numbers."""

import numpy as np

ASSIGNMENT = "c2w2-optimization"


def _v(run_of):
    return run_of(ASSIGNMENT).variables


# ---------------------------------------------------------------- section 2: batch, mini-batch, SGD on a line
def test_line_runs_take_1_8_and_128_steps_per_epoch_for_10_epochs(run_of):
    v = _v(run_of)
    assert v["m_line"] == 128
    assert v["line_steps_per_epoch"] == {"batch": 1, "mini-batch": 8, "SGD": 128}
    assert {name: len(e) for name, e in v["line_excess"].items()} == {"batch": 11, "mini-batch": 81, "SGD": 1281}
    assert all(np.all(e >= -1e-12) for e in v["line_excess"].values())  # J* is the minimum


def test_batch_gd_falls_at_every_step_but_ends_behind_mini_batches(run_of):
    e = _v(run_of)["line_excess"]
    assert np.all(np.diff(e["batch"]) < 0)
    assert _v(run_of)["line_rises"]["batch"] == 0
    assert e["batch"][-1] > e["mini-batch"][-1]


def test_sgd_after_one_epoch_beats_batch_gd_after_ten(run_of):
    e = _v(run_of)["line_excess"]
    assert e["SGD"][128] < e["batch"][-1]


def test_sgd_rises_at_about_half_its_steps_and_keeps_bouncing(run_of):
    v = _v(run_of)
    e, rises = v["line_excess"], v["line_rises"]
    assert 0.4 <= rises["SGD"] <= 0.6
    last_epoch = e["SGD"][-128:]
    assert last_epoch.max() > e["batch"][-1]  # at times further from the minimum than batch GD's end
    assert last_epoch.max() > 10 * last_epoch.min()  # it does not settle


def test_mini_batches_sit_in_between(run_of):
    v = _v(run_of)
    e, rises = v["line_excess"], v["line_rises"]
    assert 0 < rises["mini-batch"] < rises["SGD"]
    assert e["mini-batch"][-8:].max() < 0.1 * e["SGD"][-128:].max()


# ---------------------------------------------------------------- section 5: one small learning rate
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


# ---------------------------------------------------------------- section 5: the learning-rate sweep
def _sweep(run_of):
    v = _v(run_of)
    rates = np.array(v["sweep_rates"])
    assert v["sweep_seeds"] == [3, 4, 5, 6] and v["sweep_epochs"] == 500
    assert list(rates) == [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0]
    for name in ("gd", "momentum", "adam"):
        assert v["sweep_accuracy"][name].shape == v["sweep_cost"][name].shape == (8, 4)
    return v, rates


def test_sweep_working_ranges_are_what_the_prose_says(run_of):
    v, rates = _sweep(run_of)
    for name in ("gd", "momentum", "adam"):
        expected = [float(r) for r, acc in zip(rates, v["sweep_accuracy"][name], strict=True) if acc.min() >= 0.9]
        assert v["working_rates"][name] == expected
    assert v["working_rates"]["gd"] == [0.3, 1.0]
    assert v["working_rates"]["momentum"] == [0.3, 1.0, 3.0]
    assert v["working_rates"]["adam"] == [0.003, 0.01, 0.03, 0.1, 0.3]
    assert v["working_rates"]["adam"][0] * 100 == v["working_rates"]["gd"][0]  # a hundred times lower


def test_sweep_gd_and_momentum_agree_and_lag_at_small_rates(run_of):
    v, rates = _sweep(run_of)
    acc = v["sweep_accuracy"]
    small = rates <= 0.03
    assert np.max(np.abs(acc["momentum"][small] - acc["gd"][small])) <= 0.01
    for name in ("gd", "momentum"):
        assert np.all(acc[name][rates <= 0.01].mean(axis=1) < 0.85)


def test_sweep_adam_works_at_small_rates(run_of):
    v, rates = _sweep(run_of)
    acc = v["sweep_accuracy"]["adam"]
    assert acc[rates == 0.001].mean() > 0.9
    assert np.all(acc[(rates >= 0.003) & (rates <= 0.3)].min(axis=1) >= 0.9)


def test_sweep_gd_diverges_at_3_on_some_seeds(run_of):
    v, rates = _sweep(run_of)
    cost, acc = v["sweep_cost"]["gd"][rates == 3.0][0], v["sweep_accuracy"]["gd"][rates == 3.0][0]
    failed = np.isnan(cost) | (acc <= 0.5)
    assert 0 < failed.sum() < len(cost)
    assert np.isnan(cost).any()


def test_sweep_momentum_pays_off_at_large_rates(run_of):
    v, rates = _sweep(run_of)
    for rate in (0.3, 1.0):
        assert np.all(v["sweep_cost"]["momentum"][rates == rate] < v["sweep_cost"]["gd"][rates == rate])
    assert v["sweep_accuracy"]["momentum"][rates == 3.0].min() >= 0.9


def test_sweep_adam_fails_at_1_and_3_on_every_seed(run_of):
    v, rates = _sweep(run_of)
    acc = v["sweep_accuracy"]["adam"][rates >= 1.0]
    assert np.all(acc <= 0.5)


# ---------------------------------------------------------------- section 6: learning-rate decay
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
    assert abs(rates[-1] - 0.1 / 3.7) < 1e-12


def test_schedule_close_to_constant_rate(run_of):
    acc = _v(run_of)["lr_accuracies"]
    assert abs(acc["schedule_lr_decay"] - acc["constant"]) <= 0.02


def test_every_optimiser_trains_with_the_schedule_from_the_classic_rates(run_of):
    v = _v(run_of)
    assert v["alpha0"] == {"gd": 0.1, "momentum": 0.1, "adam": 0.01}
    adam_range = v["working_rates"]["adam"]
    assert 0.01 in adam_range[1:-1]  # in the middle of Adam's range
    for name in ("gd", "momentum"):  # just below theirs: the next rate of the grid is in it
        assert 0.1 not in v["working_rates"][name] and v["working_rates"][name][0] == 0.3
        assert v["sweep_accuracy"][name][v["sweep_rates"].index(0.1)].min() < 0.9
    for name, rate in v["alpha0"].items():
        rates = v["decay_results"][name][2]
        assert rates[0] == rate and abs(rates[-1] - rate / 3.7) < 1e-12
    assert v["lr_results"]["schedule_lr_decay"][1] == v["decay_costs"]["gd"]


def test_with_the_schedule_the_three_end_within_a_point(run_of):
    acc = _v(run_of)["decay_accuracies"]
    assert max(acc.values()) - min(acc.values()) <= 0.01
    assert min(acc.values()) >= 0.9


def test_with_the_schedule_adam_gets_there_much_sooner(run_of):
    costs = _v(run_of)["decay_costs"]
    assert costs["adam"][1] < min(costs["gd"][4], costs["momentum"][4])


def test_line_cost_valley_is_about_20_times_steeper_across(run_of):
    v = _v(run_of)
    x = v["x_line"]
    hessian = np.array([[np.mean(x ** 2), np.mean(x)], [np.mean(x), 1.0]])
    low, high = np.linalg.eigvalsh(hessian)
    assert np.allclose(v["line_curvatures"], [low, high])
    assert 18 <= high / low <= 22


def test_each_moon_has_150_points(run_of):
    y = _v(run_of)["train_Y"]
    assert y.shape == (1, 300) and y.sum() == 150


def test_sweep_one_rate_tells_about_the_rate(run_of):
    v, rates = _sweep(run_of)
    acc = {name: a.mean(axis=1) for name, a in v["sweep_accuracy"].items()}
    small, large = list(rates).index(0.001), list(rates).index(1.0)
    assert acc["adam"][small] - max(acc["gd"][small], acc["momentum"][small]) >= 0.1
    assert min(acc["gd"][large], acc["momentum"][large]) - acc["adam"][large] >= 0.3
    assert 1.0 in v["working_rates"]["gd"] and 1.0 in v["working_rates"]["momentum"]


# ---------------------------------------------------------------- the demonstrations run on any correct learner code
def _demo_namespace():
    """The notebook's setup, solutions and the two demonstrations' functions, without the checks."""
    import contextlib
    import io

    from autograder import manifest, notebooks

    nb = notebooks.read(manifest.get(ASSIGNMENT).source)
    namespace = {}
    wanted = [c.source for c in nb.cells if c.cell_type == "code" and (
        notebooks.is_solution_cell(c) or c.source.startswith(("import math", "def train_side_by_side",
                                                               "train_X, train_Y = load_moons()")))]
    demo = next(c.source for c in nb.cells if c.source.startswith("rng = np.random.default_rng(1)"))
    with contextlib.redirect_stdout(io.StringIO()):
        for source in wanted:
            exec(source.replace('check, preview = load_checks("c2w2-optimization")', ""), namespace)
    return namespace, demo


def _demo_outputs(namespace, demo):
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        exec(demo, namespace)
    sweeps = {name: namespace["train_side_by_side"](namespace["train_X"], namespace["train_Y"], [2, 5, 2, 1], name,
                                                    [0.01, 0.3], [3, 4], num_epochs=5)
              for name in ("gd", "momentum", "adam")}
    return namespace["line_excess"], sweeps


def test_the_demonstrations_run_on_every_correct_variant():
    from variants.c2w2_optimization import VARIANTS

    namespace, demo = _demo_namespace()
    expected_line, expected_sweeps = _demo_outputs(namespace, demo)
    for function, items in VARIANTS.correct.items():
        for item in items:
            reference = namespace[function]
            namespace[function] = item.impl
            try:
                line, sweeps = _demo_outputs(namespace, demo)
            finally:
                namespace[function] = reference
            for name in expected_line:
                assert np.allclose(line[name], expected_line[name], rtol=1e-5, atol=1e-9), (item.label, name)
            for name, (cost, acc) in expected_sweeps.items():
                assert np.allclose(sweeps[name][0], cost, rtol=1e-4), (item.label, name)
                assert np.array_equal(sweeps[name][1], acc), (item.label, name)
