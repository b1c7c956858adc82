"""The claims of c4w4-neural-style-transfer, tested against the notebook's own numbers."""

import numpy as np

ASSIGNMENT = "c4w4-neural-style-transfer"


def _v(run_of):
    return run_of(ASSIGNMENT).variables


def test_images_and_network_are_as_described(run_of):
    v = _v(run_of)
    assert v["size"] == 96 and v["content_image"].shape == v["style_image"].shape == (1, 96, 96, 3)
    shapes = {k: w.shape for k, w in v["network"].items() if k.startswith("W")}
    assert shapes == {f"W{f}": (f, f, 3, 32) for f in (3, 5, 7, 11)}
    assert v["network"]["pool"] == 4
    assert v["content_outputs"]["content"].shape == (1, 24, 24, 128)


def test_the_gradient_agrees_with_finite_differences(run_of):
    assert _v(run_of)["gradient_difference"] < 1e-7


def test_costs_fall_by_the_stated_factors(run_of):
    v = _v(run_of)
    assert len(v["costs"]["J"]) == v["iterations"] == 150
    assert v["total_factor"] > 10, v["total_factor"]           # "the total by more than 10x"
    assert v["style_factor"] > 50, v["style_factor"]           # "the style cost by more than 50x"
    assert np.isclose(v["total_factor"], v["costs"]["J"][0] / v["costs"]["J"][-1])
    # the costs fall (almost) monotonically: Adam with this learning rate does not oscillate
    J = np.array(v["costs"]["J"])
    assert J[-1] == J.min() or J[-1] < 1.001 * J.min()


def test_the_content_is_kept(run_of):
    v = _v(run_of)
    assert v["final_content_cost"] > v["costs"]["J_content"][0]           # "rises from its start"
    assert v["final_content_cost"] < 0.5 * v["style_image_content_cost"]  # "less than half ... style image"
    assert v["final_content_cost"] < v["noise_content_cost"]              # "below that of ... noise"


def test_the_generated_image_is_an_image_shown_at_a_few_iterations(run_of):
    v = _v(run_of)
    G = v["generated_image"]
    assert G.shape == (1, 96, 96, 3) and G.min() >= 0 and G.max() <= 1
    assert set(v["snapshots"]) == {0, 10, 40, 150}


def test_the_image_takes_on_the_mosaics_colours(run_of):
    # "takes on the mosaic's colours": the colour histogram of the generated image moves from the
    # cat's towards the mosaic's (histogram intersection over 4 levels per channel)
    v = _v(run_of)

    def histogram(image):
        levels = np.minimum((np.asarray(image)[0] * 4).astype(int), 3)
        codes = levels[..., 0] * 16 + levels[..., 1] * 4 + levels[..., 2]
        return np.bincount(codes.ravel(), minlength=64) / codes.size

    style = histogram(v["style_image"])
    overlap = {k: np.minimum(histogram(v[k]), style).sum() for k in ("content_image", "generated_image")}
    assert overlap["generated_image"] > overlap["content_image"] + 0.1, overlap
