"""The check machinery itself: messages, hints, robustness against broken learner code."""

from __future__ import annotations

import json
import math
import time
import warnings

import numpy as np
import pytest

from autograder import checks, load_checks
from autograder.compare import Tolerance, difference
from autograder.serialize import decode, dumps, encode
from autograder.spec import Spec

check, preview = load_checks("c1w2-numpy-basics")


def good_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def failure(name, func, hidden=False):
    with pytest.raises(AssertionError) as info:
        check(name, func, hidden=hidden)
    return str(info.value)


def test_pass_prints_one_line_to_stdout_only(capsys):
    check("sigmoid", good_sigmoid)
    out, err = capsys.readouterr()
    assert out.strip() == "✔ sigmoid: all 1 public cases pass."
    assert err == ""


def test_warnings_and_stderr_of_correct_code_do_not_fail(capsys):
    def noisy_sigmoid(x):
        import sys

        warnings.warn("a learner's warning", RuntimeWarning, stacklevel=1)
        print("debug output", file=sys.stderr)
        return 1 / (1 + np.exp(-x))

    check("sigmoid", noisy_sigmoid, hidden=True)
    out, err = capsys.readouterr()
    assert err == ""
    assert "✔ sigmoid" in out and "RuntimeWarning" in out


def test_message_names_case_expected_got_first_index_and_max_diff():
    msg = failure("sigmoid", lambda x: 1 / (1 + np.exp(-x)) + np.where(np.arange(np.size(x)).reshape(np.shape(x)) == 1, 0.5, 0))
    assert "sigmoid failed on public case 1 of 1" in msg
    assert "first at index (1,)" in msg and "expected 0.880797078" in msg and "got 1.380797078" in msg
    assert "max abs diff 0.5" in msg
    assert "called as" in msg


def test_none_returned():
    def forgot(x):
        s = 1 / (1 + np.exp(-x))  # noqa: F841

    assert "did you forget a `return`" in failure("sigmoid", forgot)


def test_exception_in_learner_code_is_a_failed_check_with_the_line():
    def broken(x):
        return 1 / (1 + math.exp(-x))

    msg = failure("sigmoid", broken)
    assert "raised TypeError" in msg and "math.exp(-x)" in msg


def test_nan_is_reported():
    msg = failure("sigmoid", lambda x: np.full(np.shape(x), np.nan))
    assert "nan" in msg


def test_inf_scalar_is_reported_not_crashed_on():
    msg = difference(2.5, float("inf"), Tolerance(1e-5, 1e-8), "the cost")
    assert "the cost is inf" in msg and "log(0)" in msg


def test_wrong_shape_and_transposed():
    assert "lost dimension" in failure("image2vector", lambda image: image.reshape(-1))
    assert "transposed" in failure("image2vector", lambda image: image.reshape(1, -1))


def test_constant_factor_hint():
    msg = failure("L1", lambda yhat, y: 5 * np.sum(np.abs(y - yhat)))
    assert "5 times the expected" in msg


def test_in_place_modification_is_caught():
    def in_place(x):
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        return x

    assert "modified its input `x` in place" in failure("normalize_rows", in_place)


def test_not_implemented_message():
    def stub(x):
        raise NotImplementedError()

    assert checks.NOT_IMPLEMENTED in failure("sigmoid", stub)


def test_endless_loop_times_out(monkeypatch):
    monkeypatch.setenv("AUTOGRADER_TIME_LIMIT", "0.5")

    def endless(x):
        while True:
            pass

    tic = time.perf_counter()
    assert "did not return in time" in failure("sigmoid", endless)
    assert time.perf_counter() - tic < 5


def test_not_a_function():
    assert "expected a function" in failure("sigmoid", 3.0)


def test_hidden_cases_catch_a_function_that_reproduces_the_public_output():
    expected = good_sigmoid(np.array([1.0, 2.0, 3.0]))
    check("sigmoid", lambda x: expected)
    assert "sigmoid failed on hidden case" in failure("sigmoid", lambda x: expected, hidden=True)


def test_global_random_state_is_left_alone():
    np.random.seed(5)
    before = np.random.get_state()[1].copy()
    check("sigmoid", lambda x: (np.random.rand(), good_sigmoid(x))[1])
    assert np.array_equal(np.random.get_state()[1], before)


def test_preview_never_raises(capsys):
    def stub(x):
        raise NotImplementedError()

    preview("sigmoid", stub)
    preview("sigmoid", good_sigmoid)
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "expected output" in out


def test_mutable_and_updated_arguments():
    spec = Spec(public=[], hidden=[], mutable=("params",), updates=("state",))

    def f(params, state):
        params["W"] = params["W"] - 1
        state["n"] = state["n"] + 1

    args = ({"W": np.ones(2)}, {"n": 0})
    originals = ({"W": np.ones(2)}, {"n": 0}), {}
    f(*args)
    assert checks._modified_input(f, originals, args, {}, {"params", "state"}) is None
    assert checks._modified_input(f, originals, args, {}, set()) is not None
    assert checks._updated_state(f, args, {}, {"state": {"n": 1}}, spec) is None
    assert "must update `state`" in checks._updated_state(f, args, {}, {"state": {"n": 2}}, spec)


def test_dict_keys_and_types():
    tol = Tolerance()
    assert "missing keys ['dW1']" in difference({"dW1": 1.0, "db1": 2.0}, {"db1": 2.0}, tol)
    assert "should be a tuple of 2 items" in difference((1.0, 2.0), 3.0, tol)
    assert difference((np.ones(2), 1.0), [np.ones(2), np.float32(1.0)], tol) is None
    assert "single number" in difference(np.float64(0.5), np.array([[0.5]]), tol)
    assert difference(np.ones((2, 2)), np.ones((2, 2), dtype=np.float32), tol) is None
    assert "floating-point" in difference(np.ones(2), np.ones(2, dtype=int), Tolerance(strict_dtype=True))


@pytest.mark.parametrize("expected", [0.5, np.float64(0.5), np.float32(0.5), np.array(0.5)])
@pytest.mark.parametrize("shape", [(1,), (1, 1), (1, 1, 1)])
def test_one_element_array_where_a_number_is_expected_fails(expected, shape):
    msg = difference(expected, np.full(shape, 0.5), Tolerance(), "the cost")
    assert msg is not None
    assert f"the cost should be a single number, but is an array of shape {shape}" in msg
    assert "its one value, 0.5, is right" in msg
    assert "np.squeeze" in msg and ".item()" in msg and "float(...)" in msg
    assert '{cost:f}' in msg


def test_one_element_array_with_a_wrong_value_says_both():
    msg = difference(0.5, np.array([[0.7]]), Tolerance(), "the cost")
    assert "shape (1, 1) holding 0.7 (expected 0.5)" in msg and "np.squeeze" in msg


@pytest.mark.parametrize("got", [0.5, np.float64(0.5), np.float32(0.5), np.array(0.5), np.array(0.5, dtype=np.float32)])
def test_numbers_and_0d_arrays_are_numbers(got):
    assert difference(np.float64(0.5), got, Tolerance()) is None
    assert difference(np.array(0.5), got, Tolerance()) is None


def test_bool_and_int_where_a_number_is_expected_still_pass():
    tol = Tolerance()
    assert difference(1.0, True, tol) is None
    assert difference(np.float64(3.0), 3, tol) is None
    assert difference(np.float64(3.0), np.int64(3), tol) is None
    assert difference(True, 1, tol) is None
    assert difference(np.bool_(False), np.bool_(False), tol) is None


def test_larger_array_where_a_number_is_expected_keeps_the_reduction_hint():
    msg = difference(0.5, np.full((1, 3), 0.5), Tolerance(), "the cost")
    assert "should be a single number, but is an array of shape (1, 3)" in msg
    assert "reduced over all the axes" in msg


def test_one_element_array_of_a_scalar_cost_fails_the_check():
    def l1_as_array(yhat, y):
        return np.sum(np.abs(y - yhat), keepdims=True)

    msg = failure("L1", l1_as_array)
    assert "should be a single number, but is an array of shape (1,)" in msg and "np.squeeze" in msg


def test_serialization_round_trip_is_exact():
    rng = np.random.default_rng(0)
    value = {"a": rng.normal(size=(3, 2)), "b": (1, 2.5, np.float32(0.1), None, True), "c": [np.arange(4)],
             "d": np.array([np.inf, -np.inf, np.nan]), "e": np.array([b"cat"]), "f": {1: "x"}}
    text = dumps(value)
    back = decode(json.loads(text))
    assert dumps(back) == text
    assert np.array_equal(back["a"], value["a"]) and back["a"].dtype == value["a"].dtype
    assert isinstance(back["b"], tuple) and back["b"][2].dtype == np.float32
    assert encode(back) == encode(value)


# ---------------------------------------------------------------- callees that update in place
# `train` relies on `step` updating `state` in place (a spec with updates=("state",)), as model
# relies on optimize updating `parameters` in the character-level language model.
STEP_AND_TRAIN = '''
def step(state, rate=0.5):
    state["w"] -= rate * state["w"] ** 2
    state["n"] = state["n"] + 1
    return float(state["w"].sum())


def train(w, n):
    state = {"w": w.copy(), "n": 0}
    losses = [step(state) for _ in range(n)]
    return state["w"], state["n"], losses
'''
STEP_WITHOUT_UPDATE = "def step(state, rate=0.5):\n    return float(state['w'].sum())"
STEP_NOT_IMPLEMENTED = "def step(state, rate=0.5):\n    raise NotImplementedError()"
TRAIN_RESTARTING = '''
def train(w, n):
    losses = []
    for _ in range(n):
        state = {"w": w.copy(), "n": 0}   # starts again at every step
        losses.append(step(state))
    return state["w"], state["n"], losses
'''


def _functions(*sources):
    namespace = {"np": np}
    for source in sources:
        exec(source, namespace)
    return namespace


def _recorded_train_case():
    """The case of `train` as `python -m autograder build` stores it, read back from its JSON."""
    from autograder.build import _record_case
    from autograder.spec import Case

    case = Case((np.array([0.5, -1.0, 2.0]), 3))
    entry = _record_case(_functions(STEP_AND_TRAIN), "train", Spec(public=[], hidden=[]), case,
                         {"step": ("state",)})
    return decode(json.loads(dumps(entry)))


def _run_train(case, *sources):
    from autograder.runner import record_lookup, run_case

    train = _functions(*sources)["train"]
    run = run_case("train", train, case, seed=None, time_limit=10, label="case", references={},
                   lookup=record_lookup(case["calls"]))
    assert run.error is None, run.error
    return difference(case["expected"], run.got, Tolerance(), "your result")


def test_calls_of_a_callee_that_updates_in_place_record_the_final_state():
    case = _recorded_train_case()
    calls = case["calls"]["step"]
    assert len(calls) == 3 and all(set(c) == {"arguments", "result", "updated"} for c in calls)
    for before, after in zip(calls[:-1], calls[1:], strict=True):
        state = after["arguments"]["state"]
        assert difference(before["updated"]["state"], state, Tolerance()) is None
    assert calls[-1]["updated"]["state"]["n"] == 3
    assert difference(calls[-1]["updated"]["state"]["w"], case["expected"][0], Tolerance()) is None


@pytest.mark.parametrize("callee", [STEP_WITHOUT_UPDATE, STEP_NOT_IMPLEMENTED],
                         ids=["without-update", "not-implemented"])
def test_a_caller_relying_on_an_in_place_update_passes_with_a_wrong_callee(callee):
    """The stand-in of `step` gives `state` the recorded final state, so each later call matches."""
    case = _recorded_train_case()
    assert _run_train(case, STEP_AND_TRAIN) is None
    assert _run_train(case, STEP_AND_TRAIN, callee) is None


def test_a_wrong_caller_still_fails_when_its_callee_is_wrong():
    case = _recorded_train_case()
    assert _run_train(case, STEP_AND_TRAIN, TRAIN_RESTARTING) is not None
    assert _run_train(case, STEP_AND_TRAIN, TRAIN_RESTARTING, STEP_WITHOUT_UPDATE) is not None


def test_an_unmatched_call_gets_no_recorded_state():
    from autograder.runner import record_lookup

    case = _recorded_train_case()
    lookup = record_lookup(case["calls"])
    arguments = {"state": {"w": np.zeros(3), "n": 0}, "rate": 0.5}
    assert lookup("step", arguments) == (False, None, {})
    found, _, updated = lookup("step", case["calls"]["step"][1]["arguments"])
    assert found and updated["state"]["n"] == 2


def test_update_in_place_keeps_the_callers_objects():
    from autograder.runner import _update_in_place

    W, inner = np.zeros((2, 2)), {"m": np.zeros(3)}
    target = {"W": W, "b": np.zeros(2), "gone": 1, "bn": [inner], "n": 0}
    state = {"W": np.ones((2, 2)), "b": np.ones(3), "bn": [{"m": np.ones(3)}], "n": 2, "new": "x"}
    assert _update_in_place(target, state)
    assert target["W"] is W and (W == 1).all()                  # overwritten in place
    assert target["b"].shape == (3,)                             # another shape: the entry replaced
    assert target["bn"][0] is inner and (inner["m"] == 1).all()  # nested containers in place
    assert "gone" not in target and target["n"] == 2 and target["new"] == "x"
    single = np.zeros(2, dtype=np.float32)
    assert _update_in_place(single, np.ones(2))
    assert single.dtype == np.float32 and (single == 1).all()
    frozen = np.zeros(2)
    frozen.flags.writeable = False
    for array, value in ((frozen, np.ones(2)), (np.zeros(2, dtype=int), np.full(2, 0.5)),
                         (np.zeros(2), np.ones(3)), (np.zeros(2), [1.0, 1.0])):
        before = array.copy()
        assert not _update_in_place(array, value)                # left as it was, no exception
        assert np.array_equal(array, before)
    items = [np.zeros(2)]
    assert _update_in_place(items, [np.ones(2), 3]) and len(items) == 2 and items[1] == 3


def test_large_arrays_and_caches_are_summarised_with_their_shape():
    from autograder.compare import fmt

    rng = np.random.default_rng(0)
    activation = rng.standard_normal((2, 4, 4, 8))
    cache = (rng.standard_normal((2, 5, 5, 3)), rng.standard_normal((2, 2, 3, 8)), np.zeros((1, 1, 1, 8)),
             {"pad": 1, "stride": 2})
    text = fmt((activation, cache))
    assert "\n" not in text and len(text) <= 600
    assert "shape (2, 4, 4, 8)" in text and f"max {activation.max():.6g}" in text
    assert "more" in text  # the items of the cache that do not fit are counted, not cut in half
    small = fmt(np.arange(6.0).reshape(2, 3))
    assert "[3. 4. 5.]" in small and "shape (2, 3)" in small


@pytest.mark.parametrize("assignment", [a.id for a in __import__("autograder.manifest").manifest.assignments()])
def test_preview_output_stays_short_for_every_graded_function(assignment, capsys):
    from autograder import manifest

    _, preview_of = load_checks(assignment)

    def not_yet(*args, **kwargs):
        raise NotImplementedError()

    for name in manifest.get(assignment).graded:
        preview_of(name, not_yet)
        out = capsys.readouterr().out
        assert "expected output" in out, out
        assert len(out.splitlines()) <= 16 and len(out) <= 1500, f"{name}: a long preview\n{out}"
