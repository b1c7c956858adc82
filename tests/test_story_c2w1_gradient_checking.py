"""The prose of c2w1-gradient-checking against the notebook's own numbers."""

import numpy as np

ASSIGNMENT = "c2w1-gradient-checking"


def _v(run_of):
    return run_of(ASSIGNMENT).variables


def test_one_dimensional_check_passes(run_of):
    assert _v(run_of)["difference_1d"] < 2e-7


def test_provided_backward_pass_is_caught(run_of):
    assert _v(run_of)["difference_buggy"] > 1e-3


def test_corrected_backward_pass_passes(run_of):
    assert _v(run_of)["difference_corrected"] < 1e-7


def test_the_per_block_table_points_at_the_planted_bug(run_of):
    """The table marks exactly the blocks that the planted bug changes (CLASSIC_BUG of the cases),
    far above the threshold, and nothing else; after the learner's fix no block is marked."""
    from autograder.cases.c2w1_gradient_checking import CLASSIC_BUG

    v = _v(run_of)
    wrong = {k for k, d in v["per_parameter_buggy"].items() if d > 1e-5}
    assert wrong == {key.removeprefix("d") for key in CLASSIC_BUG}
    assert all(v["per_parameter_buggy"][k] > 1e-3 for k in wrong)
    assert all(d < 1e-7 for k, d in v["per_parameter_buggy"].items() if k not in wrong)
    assert all(d < 1e-7 for d in v["per_parameter_corrected"].values())


def test_the_prose_does_not_name_the_bug(run_of):
    """The learner finds the wrong blocks from the checker's output: no markdown cell names them."""
    cells = run_of(ASSIGNMENT).nb.cells
    table = next(i for i, c in enumerate(cells) if "per_parameter_buggy = " in c.source)
    prose = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    after_the_table = "\n".join(c.source for c in cells[table:] if c.cell_type == "markdown")
    for name in ("dW2", "db1", "W2", "b1"):
        assert name not in after_the_table, name
    for fix in ("4. / m", "* 2", "stray"):
        assert fix not in prose, fix


def test_epsilon_sweep_is_v_shaped(run_of):
    v = _v(run_of)
    eps, diffs = np.array(v["epsilons"]), np.array(v["differences_by_epsilon"])
    best = int(np.argmin(diffs))
    assert 0 < best < len(diffs) - 1
    assert diffs[0] > 100 * diffs[best] and diffs[-1] > 100 * diffs[best]
    assert diffs[int(np.argmin(np.abs(np.log10(eps) + 7)))] < 1e-7
