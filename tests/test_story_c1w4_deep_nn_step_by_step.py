"""The prose of c1w4-deep-nn-step-by-step against the notebook's own numbers.

The gradient-check differences are computed inside the source notebook with its reference
(solution) backward functions on one side and helpers.gradcheck's numerical gradients of the
course's reference forward layers on the other, so these tests verify the reference
backward functions independently of the stored expected outputs.
"""

ASSIGNMENT = "c1w4-deep-nn-step-by-step"

EXPECTED_CHECKS = {
    "linear_backward": {"dW", "db", "dA_prev"},
    "linear_activation_backward (relu)": {"dW", "db", "dA_prev"},
    "linear_activation_backward (sigmoid)": {"dW", "db", "dA_prev"},
    "L_model_backward": {"dW1", "db1", "dW2", "db2", "dW3", "db3", "dA0", "dA1", "dA2"},
}


def _v(run_of):
    return run_of(ASSIGNMENT).variables


def test_the_tolerance_is_the_one_the_prose_claims(run_of):
    assert _v(run_of)["TOLERANCE"] == 1e-7


def test_every_backward_function_and_every_gradient_is_checked(run_of):
    differences = _v(run_of)["gradcheck_differences"]
    assert {k: set(d) for k, d in differences.items()} == EXPECTED_CHECKS


def test_every_backward_function_agrees_with_the_numerical_gradient(run_of):
    v = _v(run_of)
    for function, differences in v["gradcheck_differences"].items():
        for name, difference in differences.items():
            assert 0 <= difference < v["TOLERANCE"], f"{function} {name}: {difference}"
    assert v["largest_correct_difference"] < v["TOLERANCE"]
    assert v["largest_correct_difference"] == max(
        d for diffs in v["gradcheck_differences"].values() for d in diffs.values())


def test_the_planted_bug_is_caught_where_it_is(run_of):
    v = _v(run_of)
    buggy = v["buggy_differences"]
    assert set(buggy) == {"dW", "db", "dA_prev"}
    for name in ("dW", "db"):   # "of order 1e-3 to 1", "many orders of magnitude above the tolerance"
        assert 1e-3 <= buggy[name] <= 1
        assert buggy[name] > 1e4 * v["TOLERANCE"]
    assert buggy["dA_prev"] < v["TOLERANCE"]   # "dA_prev is still right"


def test_training_cost_falls_at_every_printed_checkpoint(run_of):
    v = _v(run_of)
    printed = [v["printed_costs"][i] for i in sorted(v["printed_costs"])]
    assert sorted(v["printed_costs"]) == list(range(0, v["num_iterations"] + 1, 1000))
    assert all(later < earlier for earlier, later in zip(printed, printed[1:], strict=False))
    assert printed[-1] < 0.25


def test_the_network_fits_the_flower(run_of):
    v = _v(run_of)
    assert v["layers_dims"] == [2, 16, 8, 1]
    assert v["learning_rate"] == 0.1 and v["num_iterations"] == 5000
    assert v["train_accuracy"] >= 0.85


def test_the_caches_figure_draws_the_network_of_section_8(run_of):
    v = run_of(ASSIGNMENT).variables
    assert v["caches_figure_dims"] == v["layers_dims"]                  # "the network you train in section 8"
