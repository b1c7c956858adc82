"""Cases of c4w3-object-detection.

The detector's outputs are small grids (S x S cells, B anchors, C classes) drawn at random
so that they look like real predictions: centres anywhere in the image, widths and heights
of 5 % to 45 % of it, confidences and class probabilities between 0 and 1 (a softmax). The
public cases use the course detector's layout (4 x 4 grid in the examples, 3 anchors, the 6
road classes); the hidden ones other grid sizes (also not square), anchor and class counts,
thresholds that keep nothing, scores equal to the threshold, equal scores (ties), boxes of
different classes on top of each other, and max_boxes limits.

Conventions the notebook states: a box passes ``yolo_filter_boxes`` when its score is
``>= threshold``; the class is the first one with the highest score (``np.argmax``);
non-max suppression is per class, visits the boxes by decreasing score (equal scores in
their input order) and drops a box whose IoU with a kept box of its class is
``> iou_threshold``; corners are ``(y1, x1, y2, x2)`` as in the classic assignment.
"""

import numpy as np

from autograder.spec import Case, Mistake, Spec

# ----------------------------------------------------------------------------------------------
# Inputs


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _outputs(seed, grid, B, C, sharp=3.0):
    """Random yolo_outputs (box_xy, box_wh, box_confidence, box_class_probs) of one image."""
    rng = np.random.default_rng(seed)
    S_H, S_W = grid
    box_xy = np.round(rng.random((S_H, S_W, B, 2)), 4)
    box_wh = np.round(0.05 + 0.4 * rng.random((S_H, S_W, B, 2)), 4)
    box_confidence = np.round(1 / (1 + np.exp(-3 * rng.standard_normal((S_H, S_W, B, 1)))), 4)
    box_class_probs = _softmax(sharp * rng.standard_normal((S_H, S_W, B, C)))
    return box_xy, box_wh, box_confidence, box_class_probs


def _corners(box_xy, box_wh):
    mins, maxes = box_xy - box_wh / 2, box_xy + box_wh / 2
    return np.concatenate([mins[..., 1:2], mins[..., 0:1], maxes[..., 1:2], maxes[..., 0:1]], axis=-1)


def _filter_case(seed, grid, B, C, threshold=None, note=""):
    box_xy, box_wh, box_confidence, box_class_probs = _outputs(seed, grid, B, C)
    kwargs = {} if threshold is None else {"threshold": threshold}
    return Case((_corners(box_xy, box_wh), box_confidence, box_class_probs), kwargs, note)


def _filter_at_threshold():
    """Scores exactly equal to the threshold (0.5 = 1.0 * 0.5) pass; just below do not."""
    box_confidence = np.array([1.0, 1.0, 0.5, 0.25, 1.0, 0.9]).reshape(1, 2, 3, 1)
    probs = np.array([[0.5, 0.25, 0.25], [0.25, 0.25, 0.5], [1.0, 0.0, 0.0],
                      [0.0, 0.0, 1.0], [0.3, 0.3, 0.4], [0.2, 0.3, 0.5]]).reshape(1, 2, 3, 3)
    boxes = np.arange(24, dtype=float).reshape(1, 2, 3, 4) / 24
    return Case((boxes, box_confidence, probs), {"threshold": 0.5},
                "scores equal to the threshold (1.0 * 0.5, 0.5 * 1.0) are kept")


def _filter_tie():
    """Two classes share the best probability: the first one is the class (np.argmax)."""
    box_confidence = np.array([0.9, 0.8, 0.7]).reshape(1, 1, 3, 1)
    probs = np.array([[0.4, 0.4, 0.2], [0.1, 0.45, 0.45], [0.8, 0.1, 0.1]]).reshape(1, 1, 3, 3)
    boxes = np.array([[0.1, 0.1, 0.3, 0.3], [0.2, 0.2, 0.6, 0.5], [0.5, 0.5, 0.9, 0.8]]).reshape(1, 1, 3, 4)
    return Case((boxes, box_confidence, probs), {"threshold": 0.3},
                "two classes tie for the best score: the first of them (np.argmax) is the class")


def _nms_case(seed, n, C, spread=0.25, note="", **kwargs):
    """n boxes (y1, x1, y2, x2) in clusters around a few objects, with scores and classes."""
    rng = np.random.default_rng(seed)
    centres = rng.random((max(n // 3, 1), 2)) * 0.8 + 0.1
    pick = rng.integers(0, len(centres), n)
    yx = centres[pick] + spread * 0.2 * rng.standard_normal((n, 2))
    hw = spread * (0.6 + 0.8 * rng.random((n, 2)))
    boxes = np.round(np.concatenate([yx - hw / 2, yx + hw / 2], axis=1), 4)
    scores = np.round(rng.random(n), 4)
    classes = (pick + rng.integers(0, 2, n) * (rng.random(n) < 0.3)) % C
    return Case((scores, boxes, classes.astype(np.int64)), kwargs, note)


def _nms_ties():
    """Equal scores: the box that comes first in the input is visited first."""
    boxes = np.array([[0.1, 0.1, 0.5, 0.5], [0.12, 0.1, 0.52, 0.5], [0.6, 0.6, 0.9, 0.9],
                      [0.61, 0.6, 0.91, 0.9], [0.1, 0.6, 0.3, 0.9]])
    scores = np.array([0.7, 0.7, 0.9, 0.9, 0.7])
    classes = np.array([1, 1, 0, 0, 1])
    return Case((scores, boxes, classes), {}, "equal scores: the box that comes first in the input wins")


def _nms_classes():
    """Boxes of different classes on top of each other are all kept; same class, one is."""
    boxes = np.array([[0.2, 0.2, 0.6, 0.6], [0.2, 0.2, 0.6, 0.6], [0.21, 0.2, 0.61, 0.6], [0.5, 0.1, 0.9, 0.3]])
    scores = np.array([0.8, 0.6, 0.7, 0.5])
    classes = np.array([2, 4, 2, 2])
    return Case((scores, boxes, classes), {}, "a car and a pedestrian in the same place are both kept")


def _nms_at_threshold():
    """IoU exactly equal to the threshold (0.5 = area 0.5 / area 1): the box is not dropped."""
    return Case((np.array([0.9, 0.8]), np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 0.0, 1.0, 0.5]]), np.array([0, 0])),
                {}, "IoU exactly 0.5 = iou_threshold: a box is dropped only when IoU > iou_threshold")


def _nms_empty():
    return Case((np.zeros(0), np.zeros((0, 4)), np.zeros(0, dtype=np.int64)), {}, "no boxes at all")


def _eval_case(seed, grid, B, C, note, **kwargs):
    image_shape = kwargs.pop("image_shape", (128.0, 128.0))
    return Case((_outputs(seed, grid, B, C), image_shape), kwargs, note)


# ----------------------------------------------------------------------------------------------
# Typical mistakes


def _filter(boxes, box_confidence, box_class_probs, threshold=0.6, scores_of=None, strict=False):
    box_scores = scores_of(box_confidence, box_class_probs) if scores_of else box_confidence * box_class_probs
    classes = box_scores.argmax(axis=-1)
    best = box_scores.max(axis=-1)
    keep = best > threshold if strict else best >= threshold
    return best[keep], boxes[keep], classes[keep]


def _iou(box1, box2, clamp=True, subtract=True, union_of_first=False):
    (a1, b1, a2, b2), (c1, d1, c2, d2) = box1, box2
    w, h = min(a2, c2) - max(a1, c1), min(b2, d2) - max(b1, d1)
    if clamp:
        w, h = max(w, 0), max(h, 0)
    inter = w * h
    area1, area2 = (a2 - a1) * (b2 - b1), (c2 - c1) * (d2 - d1)
    if union_of_first:
        return inter / area1
    return inter / (area1 + area2 - (inter if subtract else 0))


def _nms(scores, boxes, classes, max_boxes=10, iou_threshold=0.5, per_class=True, sort=True, limit=True):
    order = np.argsort(-scores, kind="stable") if sort else np.arange(len(scores))
    keep = []
    for i in order:
        if limit and len(keep) == max_boxes:
            break
        if all((per_class and classes[k] != classes[i]) or _iou(boxes[i], boxes[k]) <= iou_threshold
               for k in keep):
            keep.append(i)
    keep = np.array(keep, dtype=np.int64)
    return scores[keep], boxes[keep], classes[keep]


def _xy_corners(box_xy, box_wh):
    return np.concatenate([box_xy - box_wh / 2, box_xy + box_wh / 2], axis=-1)


def _eval(yolo_outputs, image_shape, max_boxes=10, score_threshold=0.6, iou_threshold=0.5, scale=True):
    box_xy, box_wh, box_confidence, box_class_probs = yolo_outputs
    scores, boxes, classes = _filter(_corners(box_xy, box_wh), box_confidence, box_class_probs, score_threshold)
    if scale:
        h, w = image_shape
        boxes = boxes * np.array([h, w, h, w])
    return _nms(scores, boxes, classes, max_boxes, iou_threshold)


CORNER_ORDER = ("the corners are (y1, x1, y2, x2), y first, as the classic's drawing code expects: "
                "box_xy and box_wh hold (x, y) and (w, h), so take their coordinates in the order 1, 0.")

SPECS = {
    "yolo_filter_boxes": Spec(
        strict_dtype=True,      # scores and boxes floats, classes integers (array[mask] keeps the dtypes)
        public=[_filter_case(1, (4, 4), 3, 6, note="a 4 x 4 grid, 3 anchors, 6 classes, default threshold .6")],
        hidden=[_filter_case(2, (3, 5), 2, 4, threshold=0.3, note="a 3 x 5 grid, 2 anchors, 4 classes, threshold .3"),
                _filter_case(3, (2, 2), 1, 2, threshold=0.5, note="one anchor, two classes"),
                _filter_case(4, (4, 4), 3, 6, threshold=0.999, note="a threshold no box reaches: empty results"),
                _filter_at_threshold(), _filter_tie()],
        mistakes=[Mistake("the score of a box for a class is box_confidence * box_class_probs, "
                          "not the class probability alone.", lambda b, c, p, threshold=0.6:
                          _filter(b, c, p, threshold, scores_of=lambda conf, probs: probs)),
                  Mistake("keep the boxes whose score is >= threshold (a score equal to the threshold passes).",
                          lambda b, c, p, threshold=0.6: _filter(b, c, p, threshold, strict=True))],
    ),
    "iou": Spec(
        public=[Case(((2, 1, 4, 3), (1, 2, 3, 4)), note="two boxes that overlap in a 1 x 1 square")],
        hidden=[Case(((1, 2, 3, 4), (5, 6, 7, 8)), note="boxes that do not intersect"),
                Case(((1, 1, 2, 2), (2, 2, 3, 3)), note="boxes that touch at a vertex"),
                Case(((1, 1, 3, 3), (2, 3, 3, 4)), note="boxes that touch along an edge"),
                Case(((1, 1, 6, 6), (2, 2, 4, 5)), note="one box inside the other"),
                Case(((0.5, 0.5, 2.5, 1.5), (0.5, 0.5, 2.5, 1.5)), note="identical boxes"),
                Case((np.array([0.12, 0.3, 0.55, 0.41]), np.array([0.2, 0.25, 0.6, 0.5])),
                     note="NumPy rows of fractions"),
                Case(((1, 5, 4, 6), (2, 1, 3, 9)), note="a cross: wide box and tall box"),
                Case(((0, 0, 4, 1), (1, 2, 3, 3)), note="no overlap in y only (x ranges overlap)")],
        mistakes=[Mistake("clip the intersection's width and height at 0 (max(..., 0)): boxes that don't "
                          "intersect have intersection 0.", lambda b1, b2: _iou(b1, b2, clamp=False)),
                  Mistake("the union is area1 + area2 - intersection.", lambda b1, b2: _iou(b1, b2, subtract=False)),
                  Mistake("IoU divides by the union of the two boxes, not by the first box's area.",
                          lambda b1, b2: _iou(b1, b2, union_of_first=True))],
    ),
    "yolo_non_max_suppression": Spec(
        public=[_nms_case(18, 12, 3, note="12 boxes around 4 objects, 3 classes, defaults")],
        hidden=[_nms_case(12, 30, 6, note="30 boxes, 6 classes, max_boxes 10 reached"),
                _nms_case(13, 20, 2, note="20 boxes, max_boxes 3", max_boxes=3),
                _nms_case(14, 15, 4, note="iou_threshold .3", iou_threshold=0.3),
                _nms_case(15, 15, 1, spread=0.4, note="one class, large boxes, iou_threshold .7", iou_threshold=0.7),
                _nms_ties(), _nms_classes(), _nms_empty(), _nms_at_threshold(),
                Case((np.array([0.9]), np.array([[0.1, 0.2, 0.3, 0.4]]), np.array([3])), {}, "one box")],
        mistakes=[Mistake("suppression is per class: a box only removes boxes of its own class "
                          "(a pedestrian in front of a car stays).",
                          lambda s, b, c, max_boxes=10, iou_threshold=0.5: _nms(s, b, c, max_boxes, iou_threshold,
                                                                                per_class=False)),
                  Mistake("visit the boxes from the highest score down (np.argsort(-scores, kind='stable')).",
                          lambda s, b, c, max_boxes=10, iou_threshold=0.5: _nms(s, b, c, max_boxes, iou_threshold,
                                                                                sort=False)),
                  Mistake("keep at most max_boxes boxes.",
                          lambda s, b, c, max_boxes=10, iou_threshold=0.5: _nms(s, b, c, max_boxes, iou_threshold,
                                                                                limit=False))],
        references=("helpers.detection.evaluate.suppress", "helpers.detection.network.pairwise_iou"),
    ),
    "yolo_boxes_to_corners": Spec(
        public=[Case(_outputs(21, (4, 4), 3, 6)[:2], note="box_xy, box_wh of a 4 x 4 grid with 3 anchors")],
        hidden=[Case(_outputs(22, (3, 5), 2, 4)[:2], note="a 3 x 5 grid with 2 anchors"),
                Case((np.array([[0.5, 0.25], [0.1, 0.9]]), np.array([[0.2, 0.1], [0.3, 0.4]])),
                     note="two boxes, no grid"),
                Case(_outputs(23, (1, 1), 1, 2)[:2], note="one cell, one anchor")],
        mistakes=[Mistake(CORNER_ORDER, _xy_corners),
                  Mistake("the box reaches half its width and height to each side of its centre: "
                          "corners = centre -/+ box_wh / 2.",
                          lambda xy, wh: _corners(xy, 2 * wh))],
    ),
    "yolo_eval": Spec(
        public=[_eval_case(31, (4, 4), 3, 6, "a 4 x 4 grid, 3 anchors, 6 classes, a 128 x 128 image, defaults")],
        hidden=[_eval_case(32, (6, 6), 5, 6, "6 x 6 grid, 5 anchors, a 720 x 1280 image, score .3",
                           image_shape=(720.0, 1280.0), score_threshold=0.3),
                _eval_case(33, (3, 4), 2, 3, "max_boxes 2, iou .3", score_threshold=0.2, max_boxes=2,
                           iou_threshold=0.3),
                _eval_case(34, (4, 4), 3, 6, "a threshold no box reaches", score_threshold=0.999),
                _eval_case(35, (5, 5), 4, 2, "a 96 x 160 image, many boxes, iou .7", image_shape=(96.0, 160.0),
                           score_threshold=0.1, max_boxes=20, iou_threshold=0.7)],
        mistakes=[Mistake("scale the boxes to the image with scale_boxes(boxes, image_shape) before the "
                          "non-max suppression.", lambda o, shape, **k: _eval(o, shape, scale=False, **k))],
        references=("helpers.detection.evaluate.detect", "helpers.detection.evaluate.suppress"),
    ),
}
