"""The claims of c4w3-object-detection, tested against the notebook's own numbers."""

import numpy as np

from helpers.generators import roads
from helpers.training import yolo

ASSIGNMENT = "c4w3-object-detection"


def _v(run_of):
    return run_of(ASSIGNMENT).variables


def test_the_test_scenes_hold_every_class_and_up_to_eight_objects(run_of):
    v = _v(run_of)
    assert v["images"].shape == (300, 128, 128, 3)
    assert v["class_names"] == list(roads.CLASSES)
    assert np.all(v["counts"] > 50) and v["counts"].sum() == sum(len(c) for c in v["true_classes"])
    assert max(len(c) for c in v["true_classes"]) == 8
    heights = np.concatenate([b[:, 2] - b[:, 0] for b in v["true_boxes"]])
    assert heights.min() <= 6 and heights.max() >= 64        # "from a few pixels tall ... to half the image height"
    boxes = v["true_boxes"]
    assert sum(np.sum((b[:, 1] <= 0) | (b[:, 3] >= 128)) for b in boxes) >= 20       # "some are cut by the border"
    overlapping = sum(1 for b in boxes for i in range(len(b)) for k in range(i)
                      if min(b[i, 2], b[k, 2]) > max(b[i, 0], b[k, 0]) and min(b[i, 3], b[k, 3]) > max(b[i, 1], b[k, 1]))
    assert overlapping >= 50                                 # "they overlap"


def test_the_output_is_an_8_by_8_grid_of_5_anchors_with_11_numbers(run_of):
    v = _v(run_of)
    assert v["raw"].shape == (8, 8, 5, 11)
    shapes = [o.shape for o in v["yolo_outputs"]]
    assert shapes == [(8, 8, 5, 2), (8, 8, 5, 2), (8, 8, 5, 1), (8, 8, 5, 6)]


def test_the_anchors_include_tall_thin_and_wide_shapes(run_of):
    anchors = _v(run_of)["anchors"]
    assert anchors.shape == (5, 2)
    assert np.any(anchors[:, 1] > 1.5 * anchors[:, 0]), "no tall thin anchor"
    assert np.any(anchors[:, 0] > 1.5 * anchors[:, 1]), "no wide anchor"


def test_non_max_suppression_removes_the_duplicates_visible_before_it(run_of):
    demo = _v(run_of)["nms_demo"]
    assert demo["duplicates before"] >= 2 and demo["duplicates after"] == 0
    assert demo["boxes after"] < demo["boxes before"]


def test_the_map_is_high_and_the_model_card_figure(run_of):
    v = _v(run_of)
    ap_card, map_card = yolo.parse_card(yolo.CARD.read_text())
    assert abs(v["map50"] - map_card) < 1e-3          # the learner's yolo_eval gives the card's figure
    for name in roads.CLASSES:
        assert abs(v["ap"][name] - ap_card[name]) < 2e-3, name
    assert v["map50"] > 0.6


def test_large_vehicles_are_found_well_and_narrow_objects_much_less(run_of):
    ap = _v(run_of)["ap"]
    assert min(ap["car"], ap["truck"], ap["bus"]) > 0.75
    assert max(ap["pedestrian"], ap["traffic light"]) < 0.6
    widths = np.concatenate([b[:, 3] - b[:, 1] for b in _v(run_of)["true_boxes"]])
    classes = np.concatenate(_v(run_of)["true_classes"])
    for k in (4, 5):                                           # "often 4 to 6 pixels wide"
        assert np.mean((widths[classes == k] >= 4) & (widths[classes == k] <= 6)) > 0.4


def test_a_higher_score_threshold_trades_recall_for_precision(run_of):
    v = _v(run_of)
    for name, (_, hits, n) in zip(v["class_names"], v["matched"], strict=True):
        precision_06, recall_06 = v["at_default"][name]
        tp = np.cumsum(hits)
        assert recall_06 < tp[-1] / n, name                         # objects missed at 0.6 that 0.01 finds
        assert precision_06 > tp[-1] / len(hits), name              # fewer false alarms at 0.6


def test_no_suppression_costs_map(run_of):
    by_nms = _v(run_of)["map_by_nms"]
    assert set(by_nms) == {0.2, 0.5, 0.8, 1.0}
    assert by_nms[1.0] < by_nms[0.5] - 0.05                        # no suppression: duplicates cost
    assert by_nms[0.8] < by_nms[0.5]
    assert by_nms[0.2] < by_nms[0.5]                                # too low: overlapping objects cost
    assert max(by_nms, key=by_nms.get) == 0.5
    pairs = _v(run_of)["true_pairs"]
    assert 0 < pairs[0.2] < 50 and pairs[0.5] == 0                  # "a few such pairs ... none above 0.5"
