"""The claims of c5w1-rnn-step-by-step, tested against the notebook's own numbers."""

import numpy as np

ASSIGNMENT = "c5w1-rnn-step-by-step"

GATES = ["Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo"]
NETWORKS = ["RNN", "RNN, W_aa x 3", "LSTM", "LSTM, forget bias 3"]


def _v(run_of):
    return run_of(ASSIGNMENT).variables


def test_every_backward_pass_agrees_with_numerical_gradients(run_of):
    # "Every relative difference is far below 1e-7", for every input of every backward function
    v = _v(run_of)
    checks = v["gradient_checks"]
    assert set(checks["rnn_cell_backward"]) == {"xt", "a_prev", "Wax", "Waa", "ba"}
    assert set(checks["rnn_backward"]) == {"x", "a0", "Wax", "Waa", "ba"}
    assert set(checks["lstm_cell_backward"]) == {"xt", "a_prev", "c_prev", *GATES}
    assert set(checks["lstm_backward"]) == {"x", "a0", *GATES}
    for function, differences in checks.items():
        assert max(differences.values()) < 1e-7, (function, differences)
    assert v["largest_difference"] == max(max(d.values()) for d in checks.values())
    assert v["rnn_differences"] == checks["rnn_backward"]
    assert v["lstm_differences"] == checks["lstm_backward"]


def test_the_long_sequences_are_as_described(run_of):
    v = _v(run_of)
    assert (v["T_long"], v["n_x_long"], v["n_a_long"], v["m_long"]) == (100, 4, 16, 8)
    assert list(v["relative_norms"]) == NETWORKS
    for name, runs in v["relative_norms"].items():
        assert len(runs) == 5, name                              # "drawn 5 times"
        for norms in runs:
            assert norms.shape == (100,) and norms[-1] == 1.0
        assert v["first_to_last"][name] == [float(n[0]) for n in runs]
        assert v["smallest"][name] == min(float(n.min()) for n in runs)
        assert v["largest"][name] == max(float(n.max()) for n in runs)
    # "sigma(3) is about 0.95"
    assert abs(1 / (1 + np.exp(-3)) - 0.95) < 0.005


def test_the_plain_rnn_gradient_vanishes(run_of):
    # "more than ten orders of magnitude smaller" at the first step, in every draw
    assert max(_v(run_of)["first_to_last"]["RNN"]) < 1e-10


def test_the_rnn_with_larger_recurrent_weights_explodes(run_of):
    # "more than a hundred times larger at the first step than at the last", in every draw
    assert min(_v(run_of)["first_to_last"]["RNN, W_aa x 3"]) > 100


def test_the_lstm_with_half_open_forget_gates_vanishes_too(run_of):
    v = _v(run_of)
    assert all(abs(f - 0.5) < 0.02 for f in v["mean_forget_gate"]["LSTM"])      # "around 0.5"
    assert max(v["first_to_last"]["LSTM"]) < 1e-10                             # "ten orders"


def test_the_lstm_with_open_forget_gates_keeps_the_gradient(run_of):
    v = _v(run_of)
    name = "LSTM, forget bias 3"
    assert all(abs(f - 0.95) < 0.01 for f in v["mean_forget_gate"][name])      # "around 0.95"
    # "at every step of every draw ... within a factor of 100 of the gradient at the last step"
    assert 0.01 < v["smallest"][name] and v["largest"][name] < 100, (v["smallest"][name],
                                                                     v["largest"][name])


def test_the_sequence_layers_compute_the_same_numbers(run_of):
    agreement = _v(run_of)["layer_agreement"]
    rnn = {k for k in agreement if k.startswith("RNN ")}
    lstm = {k for k in agreement if k.startswith("LSTM ")}
    assert len(rnn) == 7 and len(lstm) == 13                  # outputs and every gradient
    assert max(agreement.values()) < 1e-10, agreement         # "the same numbers, up to rounding"


def test_the_lstm_figure_has_the_sizes_of_the_numerical_checks(run_of):
    v = _v(run_of)
    assert v["lstm_figure_sizes"] == {"n_x": v["n_x"], "n_a": v["n_a"]}
