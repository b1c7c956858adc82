"""The claims of c4w1-convolution-step-by-step, tested against the notebook's own numbers."""

ASSIGNMENT = "c4w1-convolution-step-by-step"

LAYERS = {"conv_forward", "conv_backward", "pool_forward", "pool_backward"}


def _v(run_of):
    return run_of(ASSIGNMENT).variables


def test_padding_example_has_the_classic_shapes(run_of):
    v = _v(run_of)
    assert v["x"].shape == (4, 3, 3, 2) and v["x_pad"].shape == (4, 9, 9, 2)
    assert (v["x_pad"][:, :3] == 0).all() and (v["x_pad"][:, 3:6, 3:6] == v["x"]).all()


def test_edge_filters_give_two_same_size_feature_maps(run_of):
    v = _v(run_of)
    assert v["image"].shape == (1, 64, 64, 1) and v["edges"].shape == (1, 64, 64, 2)
    assert 0 <= v["camera"].min() and v["camera"].max() <= 1


def test_the_loops_agree_with_the_fast_layers(run_of):
    agreement = _v(run_of)["agreement"]
    assert set(agreement) == {"Z", "P", "dZ", "dA_prev", "dW", "db"}
    assert max(agreement.values()) < 1e-10


def test_every_fast_layer_is_faster_and_the_convolutions_by_two_orders_of_magnitude(run_of):
    v = _v(run_of)
    speedups = v["speedups"]
    assert set(speedups) == LAYERS
    assert min(speedups.values()) > 1
    # "the convolutions by two orders of magnitude or more"; on the reference machine
    # they are several hundred times faster, 100 leaves room for a busy CI machine
    assert speedups["conv_forward"] >= 100 and speedups["conv_backward"] >= 100
    for name in LAYERS:
        assert v["loop_seconds"][name] > v["fast_seconds"][name]


def test_every_gradient_check_is_far_below_1e_7(run_of):
    diffs = _v(run_of)["gradcheck_differences"]
    assert set(diffs) == {"conv dA_prev", "conv dW", "conv db", "max pool dA_prev", "average pool dA_prev"}
    assert max(diffs.values()) < 1e-9


def test_the_figures_use_the_hyperparameters_they_name(run_of):
    v = _v(run_of)
    assert v["conv_figure_hparameters"] == v["hp_gc"]                   # "the gradient check of section 5"
    assert v["a_figure"].shape == v["A_gc"].shape[1:3]
    assert (v["edge_filters"][:, :, 0, 0] == v["edge_filter"]).all()    # "the vertical-edge filter"
    assert v["pool_figure_hparameters"] == v["pool_hp"]                 # "the pooling layer of section 4"
