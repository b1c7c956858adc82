"""Variants of c4w3-object-detection."""

import numpy as np

from helpers.detection import evaluate, network, scale_boxes
from variants import Variants

VARIANTS = Variants("c4w3-object-detection")
ok, wrong = VARIANTS.ok, VARIANTS.wrong


# The callees, looked up in this module's namespace (the checks stand in for them here)
def yolo_filter_boxes(boxes, box_confidence, box_class_probs, threshold=.6):
    box_scores = box_confidence * box_class_probs
    classes = np.argmax(box_scores, axis=-1)
    best = np.max(box_scores, axis=-1)
    mask = best >= threshold
    return best[mask], boxes[mask], classes[mask]


def iou(box1, box2):
    (a1, b1, a2, b2), (c1, d1, c2, d2) = box1, box2
    inter = max(min(a2, c2) - max(a1, c1), 0) * max(min(b2, d2) - max(b1, d1), 0)
    union = (a2 - a1) * (b2 - b1) + (c2 - c1) * (d2 - d1) - inter
    return inter / union


def yolo_non_max_suppression(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    keep = []
    for i in np.argsort(-scores, kind="stable"):
        if len(keep) == max_boxes:
            break
        if all(classes[k] != classes[i] or iou(boxes[i], boxes[k]) <= iou_threshold for k in keep):
            keep.append(i)
    keep = np.array(keep, dtype=int)
    return scores[keep], boxes[keep], classes[keep]


def yolo_boxes_to_corners(box_xy, box_wh):
    mins, maxes = box_xy - box_wh / 2, box_xy + box_wh / 2
    return np.stack([mins[..., 1], mins[..., 0], maxes[..., 1], maxes[..., 0]], axis=-1)


# Wrong callees (with the parameter names of the right ones, as a learner's would have):
# a caller that uses them correctly must still pass
def filter_without_confidence(boxes, box_confidence, box_class_probs, threshold=.6):
    classes = np.argmax(box_class_probs, axis=-1)
    best = np.max(box_class_probs, axis=-1)
    mask = best > threshold
    return best[mask], boxes[mask], classes[mask]


def iou_without_clip(box1, box2):
    (a1, b1, a2, b2), (c1, d1, c2, d2) = box1, box2
    inter = (min(a2, c2) - max(a1, c1)) * (min(b2, d2) - max(b1, d1))
    return inter / ((a2 - a1) * (b2 - b1))


def iou_not_implemented(box1, box2):
    raise NotImplementedError()


def corners_not_implemented(box_xy, box_wh):
    raise NotImplementedError()


def nms_class_agnostic(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    keep = []
    for i in np.argsort(scores):
        if all(iou(boxes[i], boxes[k]) <= iou_threshold for k in keep):
            keep.append(i)
    keep = np.array(keep, dtype=int)
    return scores[keep], boxes[keep], classes[keep]


def corners_x_first(box_xy, box_wh):
    return np.concatenate([box_xy - box_wh, box_xy + box_wh], axis=-1)


# ----------------------------------------------------------------------------------------------
def _filter_loops(boxes, box_confidence, box_class_probs, threshold, pick=np.argmax, strict=False,
                  use_confidence=True):
    kept_scores, kept_boxes, kept_classes = [], [], []
    for idx in np.ndindex(box_confidence.shape[:-1]):       # row-major: the grid's order
        box_scores = box_class_probs[idx] * (box_confidence[idx][0] if use_confidence else 1.0)
        c = int(pick(box_scores))
        s = np.max(box_scores)
        if s > threshold or (not strict and s == threshold):
            kept_scores.append(s)
            kept_boxes.append(boxes[idx])
            kept_classes.append(c)
    return (np.array(kept_scores, dtype=float), np.array(kept_boxes, dtype=float).reshape(-1, 4),
            np.array(kept_classes, dtype=int))


@ok("yolo_filter_boxes")
def filter_loops(boxes, box_confidence, box_class_probs, threshold=.6):
    return _filter_loops(boxes, box_confidence, box_class_probs, threshold)


@ok("yolo_filter_boxes")
def filter_nonzero(boxes, box_confidence, box_class_probs, threshold=.6):
    box_scores = np.multiply(box_confidence, box_class_probs)
    box_class_scores = box_scores.max(axis=-1)
    where = np.nonzero(box_class_scores >= threshold)
    return box_class_scores[where], boxes[where], box_scores.argmax(axis=-1)[where]


@ok("yolo_filter_boxes")
def filter_flattened(boxes, box_confidence, box_class_probs, threshold=.6):
    C = box_class_probs.shape[-1]
    box_scores = (box_confidence * box_class_probs).reshape(-1, C)
    classes = np.argmax(box_scores, axis=1)
    scores = box_scores[np.arange(len(box_scores)), classes]
    (kept,) = np.where(scores >= threshold)
    return scores[kept], boxes.reshape(-1, 4)[kept], classes[kept]


@ok("yolo_filter_boxes")
def filter_float32(boxes, box_confidence, box_class_probs, threshold=.6):
    box_scores = box_confidence.astype(np.float32) * box_class_probs.astype(np.float32)
    best = box_scores.max(axis=-1)
    mask = best >= np.float32(threshold)
    return best[mask], boxes.astype(np.float32)[mask], box_scores.argmax(axis=-1)[mask]


@wrong("yolo_filter_boxes", "not the class probability alone")
def filter_probabilities_only(boxes, box_confidence, box_class_probs, threshold=.6):
    return _filter_loops(boxes, box_confidence, box_class_probs, threshold, use_confidence=False)


@wrong("yolo_filter_boxes", "a score equal to the threshold passes")
def filter_strict(boxes, box_confidence, box_class_probs, threshold=.6):
    return _filter_loops(boxes, box_confidence, box_class_probs, threshold, strict=True)


@wrong("yolo_filter_boxes", "differs from the expected values")
def filter_argmin(boxes, box_confidence, box_class_probs, threshold=.6):
    return _filter_loops(boxes, box_confidence, box_class_probs, threshold, pick=np.argmin)


@wrong("yolo_filter_boxes", "has shape")
def filter_boxes_unfiltered(boxes, box_confidence, box_class_probs, threshold=.6):
    box_scores = box_confidence * box_class_probs
    best = box_scores.max(axis=-1)
    mask = best >= threshold
    return best[mask], boxes, box_scores.argmax(axis=-1)[mask]


@wrong("yolo_filter_boxes", "two classes tie for the best score")
def filter_last_of_tied_classes(boxes, box_confidence, box_class_probs, threshold=.6):
    # the last of the best classes: argmax of the reversed scores, counted from the end
    box_scores = box_confidence * box_class_probs
    C = box_scores.shape[-1]
    classes = C - 1 - np.argmax(box_scores[..., ::-1], axis=-1)
    best = box_scores.max(axis=-1)
    mask = best >= threshold
    return best[mask], boxes[mask], classes[mask]


# ----------------------------------------------------------------------------------------------
@ok("iou")
def iou_clip(box1, box2):
    b1, b2 = np.asarray(box1, dtype=float), np.asarray(box2, dtype=float)
    inter = np.prod(np.clip(np.minimum(b1[2:], b2[2:]) - np.maximum(b1[:2], b2[:2]), 0, None))
    area1, area2 = np.prod(b1[2:] - b1[:2]), np.prod(b2[2:] - b2[:2])
    return inter / (area1 + area2 - inter)


@ok("iou")
def iou_no_overlap_early_return(box1, box2):
    x1, y1 = max(box1[0], box2[0]), max(box1[1], box2[1])
    x2, y2 = min(box1[2], box2[2]), min(box1[3], box2[3])
    if x2 <= x1 or y2 <= y1:
        return 0.0
    inter = (x2 - x1) * (y2 - y1)
    union = (box1[2] - box1[0]) * (box1[3] - box1[1]) + (box2[2] - box2[0]) * (box2[3] - box2[1]) - inter
    return float(inter / union)


@ok("iou")
def iou_float(box1, box2):
    (a1, b1, a2, b2), (c1, d1, c2, d2) = (map(float, box1)), (map(float, box2))
    w = np.maximum(0.0, np.minimum(a2, c2) - np.maximum(a1, c1))
    h = np.maximum(0.0, np.minimum(b2, d2) - np.maximum(b1, d1))
    return w * h / ((a2 - a1) * (b2 - b1) + (c2 - c1) * (d2 - d1) - w * h)


@wrong("iou", "clip the intersection")
def iou_no_clamp(box1, box2):
    (a1, b1, a2, b2), (c1, d1, c2, d2) = box1, box2
    inter = (min(a2, c2) - max(a1, c1)) * (min(b2, d2) - max(b1, d1))
    return inter / ((a2 - a1) * (b2 - b1) + (c2 - c1) * (d2 - d1) - inter)


@wrong("iou", "area1 + area2 - intersection")
def iou_union_is_sum(box1, box2):
    (a1, b1, a2, b2), (c1, d1, c2, d2) = box1, box2
    inter = max(min(a2, c2) - max(a1, c1), 0) * max(min(b2, d2) - max(b1, d1), 0)
    return inter / ((a2 - a1) * (b2 - b1) + (c2 - c1) * (d2 - d1))


@wrong("iou", "not by the first box's area")
def iou_over_first_area(box1, box2):
    (a1, b1, a2, b2), (c1, d1, c2, d2) = box1, box2
    inter = max(min(a2, c2) - max(a1, c1), 0) * max(min(b2, d2) - max(b1, d1), 0)
    return inter / ((a2 - a1) * (b2 - b1))


@wrong("iou", "clip the intersection")
def iou_clamp_only_product(box1, box2):
    # max(w * h, 0) instead of max(w, 0) * max(h, 0): two negative sides give a positive area
    (a1, b1, a2, b2), (c1, d1, c2, d2) = box1, box2
    inter = max((min(a2, c2) - max(a1, c1)) * (min(b2, d2) - max(b1, d1)), 0)
    return inter / ((a2 - a1) * (b2 - b1) + (c2 - c1) * (d2 - d1) - inter)


# ----------------------------------------------------------------------------------------------
def _pairwise_own(box, others):
    """IoU of one box (4,) with the rows of others (n, 4), written here."""
    top_left = np.maximum(box[:2], others[:, :2])
    bottom_right = np.minimum(box[2:], others[:, 2:])
    inter = np.prod(np.clip(bottom_right - top_left, 0, None), axis=1)
    area = (box[2] - box[0]) * (box[3] - box[1])
    areas = (others[:, 2] - others[:, 0]) * (others[:, 3] - others[:, 1])
    return inter / (area + areas - inter)


def _nms(scores, boxes, classes, max_boxes, iou_threshold, order=None, per_class=True, limit=True,
         drop=lambda overlap, threshold: overlap > threshold):
    order = np.argsort(-scores, kind="stable") if order is None else order
    keep = []
    for i in order:
        if limit and len(keep) == max_boxes:
            break
        if not any((classes[k] == classes[i] or not per_class) and drop(iou(boxes[i], boxes[k]), iou_threshold)
                   for k in keep):
            keep.append(i)
    keep = np.array(keep, dtype=int)
    return scores[keep], boxes[keep], classes[keep]


@ok("yolo_non_max_suppression")
def nms_vectorised(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    remaining = np.argsort(-scores, kind="stable")
    keep = []
    while remaining.size and len(keep) < max_boxes:
        best, rest = remaining[0], remaining[1:]
        keep.append(best)
        overlaps = _pairwise_own(boxes[best], boxes[rest])
        remaining = rest[~((classes[rest] == classes[best]) & (overlaps > iou_threshold))]
    keep = np.array(keep, dtype=np.int64)
    return scores[keep], boxes[keep], classes[keep]


@ok("yolo_non_max_suppression", callees={"iou": iou_not_implemented})
def nms_calls_iou(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    keep = []
    for i in np.argsort(-scores, kind="stable"):
        if len(keep) >= max_boxes:
            break
        suppressed = False
        for k in keep:
            if classes[k] == classes[i] and iou(boxes[i], boxes[k]) > iou_threshold:
                suppressed = True
                break
        if not suppressed:
            keep.append(i)
    return scores[keep], boxes[keep].reshape(-1, 4), classes[keep]


@ok("yolo_non_max_suppression")
def nms_python_lists(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    candidates = sorted(range(len(scores)), key=lambda i: -scores[i])       # sorted() is stable
    kept_scores, kept_boxes, kept_classes = [], [], []
    for i in candidates:
        if len(kept_scores) == max_boxes:
            break
        if all(c != classes[i] or iou(boxes[i], b) <= iou_threshold for b, c in zip(kept_boxes, kept_classes, strict=True)):
            kept_scores.append(scores[i])
            kept_boxes.append(boxes[i])
            kept_classes.append(classes[i])
    return (np.array(kept_scores, dtype=float), np.array(kept_boxes, dtype=float).reshape(-1, 4),
            np.array(kept_classes, dtype=int))


@ok("yolo_non_max_suppression")
def nms_per_class_then_merge(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    # suppress each class on its own (without the limit), then keep the max_boxes best survivors:
    # the same boxes, since a box's fate depends only on the boxes of its class
    survivors = []
    for c in np.unique(classes):
        members = np.flatnonzero(classes == c)
        order = members[np.argsort(-scores[members], kind="stable")]
        kept = []
        for i in order:
            if all(iou(boxes[i], boxes[k]) <= iou_threshold for k in kept):
                kept.append(i)
        survivors += kept
    survivors = np.array(survivors, dtype=int)
    survivors = survivors[np.lexsort((survivors, -scores[survivors]))][:max_boxes]
    return scores[survivors], boxes[survivors], classes[survivors]


@ok("yolo_non_max_suppression", callees={"iou": iou_without_clip})
def nms_with_wrong_iou(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    return _nms(scores, boxes, classes, max_boxes, iou_threshold)


@wrong("yolo_non_max_suppression", "suppression is per class")
def nms_across_classes(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    return _nms(scores, boxes, classes, max_boxes, iou_threshold, per_class=False)


@wrong("yolo_non_max_suppression", "visit the boxes from the highest score down")
def nms_unsorted(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    return _nms(scores, boxes, classes, max_boxes, iou_threshold, order=np.arange(len(scores)))


@wrong("yolo_non_max_suppression", "keep at most max_boxes boxes")
def nms_without_limit(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    return _nms(scores, boxes, classes, max_boxes, iou_threshold, limit=False)


@wrong("yolo_non_max_suppression", "equal scores: the box that comes first in the input wins")
def nms_reversed_ascending_sort(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    # np.argsort(scores)[::-1]: highest first, but equal scores in reverse input order
    return _nms(scores, boxes, classes, max_boxes, iou_threshold, order=np.argsort(scores, kind="stable")[::-1])


@wrong("yolo_non_max_suppression", "reference implementation")   # calling the course's NMS is not doing it
def nms_calls_suppress(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    keep = evaluate.suppress(boxes, scores, classes, iou_threshold, max_boxes)
    return scores[keep], boxes[keep], classes[keep]


@wrong("yolo_non_max_suppression", "reference implementation")   # nor using its pairwise IoU
def nms_calls_pairwise_iou(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    overlaps = network.pairwise_iou(boxes, boxes)
    keep = []
    for i in np.argsort(-scores, kind="stable"):
        if len(keep) == max_boxes:
            break
        if all(classes[k] != classes[i] or overlaps[i, k] <= iou_threshold for k in keep):
            keep.append(i)
    keep = np.array(keep, dtype=int)
    return scores[keep], boxes[keep], classes[keep]


# ----------------------------------------------------------------------------------------------
@ok("yolo_boxes_to_corners")
def corners_stack(box_xy, box_wh):
    x, y = box_xy[..., 0], box_xy[..., 1]
    w, h = box_wh[..., 0], box_wh[..., 1]
    return np.stack([y - h / 2, x - w / 2, y + h / 2, x + w / 2], axis=-1)


@ok("yolo_boxes_to_corners")
def corners_reversed_pairs(box_xy, box_wh):
    yx, hw = box_xy[..., ::-1], box_wh[..., ::-1]
    return np.concatenate([yx - 0.5 * hw, yx + 0.5 * hw], axis=-1)


@ok("yolo_boxes_to_corners")
def corners_fancy_index(box_xy, box_wh):
    both = np.concatenate([box_xy - box_wh / 2, box_xy + box_wh / 2], axis=-1)
    return both[..., [1, 0, 3, 2]]


@wrong("yolo_boxes_to_corners", "y1, x1, y2, x2")
def corners_x_first_order(box_xy, box_wh):
    return np.concatenate([box_xy - box_wh / 2, box_xy + box_wh / 2], axis=-1)


@wrong("yolo_boxes_to_corners", "box_wh / 2")
def corners_without_half(box_xy, box_wh):
    yx, hw = box_xy[..., ::-1], box_wh[..., ::-1]
    return np.concatenate([yx - hw, yx + hw], axis=-1)


@wrong("yolo_boxes_to_corners", "shape")
def corners_stack_first_axis(box_xy, box_wh):
    yx, hw = box_xy[..., ::-1], box_wh[..., ::-1]
    return np.stack([yx[..., 0] - hw[..., 0] / 2, yx[..., 1] - hw[..., 1] / 2,
                     yx[..., 0] + hw[..., 0] / 2, yx[..., 1] + hw[..., 1] / 2])


@wrong("yolo_boxes_to_corners", "differs from the expected values")
def corners_mins_and_maxes_swapped(box_xy, box_wh):
    yx, hw = box_xy[..., ::-1], box_wh[..., ::-1]
    return np.concatenate([yx + hw / 2, yx - hw / 2], axis=-1)


# ----------------------------------------------------------------------------------------------
def _eval(yolo_outputs, image_shape, max_boxes, score_threshold, iou_threshold, scale=True,
          shape=None, pass_max_boxes=True):
    box_xy, box_wh, box_confidence, box_class_probs = yolo_outputs
    boxes = yolo_boxes_to_corners(box_xy, box_wh)
    scores, boxes, classes = yolo_filter_boxes(boxes, box_confidence, box_class_probs, score_threshold)
    if scale:
        boxes = scale_boxes(boxes, image_shape if shape is None else shape)
    if pass_max_boxes:
        return yolo_non_max_suppression(scores, boxes, classes, max_boxes, iou_threshold)
    return yolo_non_max_suppression(scores, boxes, classes, iou_threshold=iou_threshold)


@ok("yolo_eval")
def eval_own_scaling(yolo_outputs, image_shape, max_boxes=10, score_threshold=.6, iou_threshold=.5):
    box_xy, box_wh, box_confidence, box_class_probs = yolo_outputs
    corners = yolo_boxes_to_corners(box_xy, box_wh)
    scores, boxes, classes = yolo_filter_boxes(corners, box_confidence, box_class_probs, threshold=score_threshold)
    h, w = image_shape
    boxes = boxes * np.array([h, w, h, w])
    return yolo_non_max_suppression(scores, boxes, classes, max_boxes=max_boxes, iou_threshold=iou_threshold)


@ok("yolo_eval", callees={"yolo_filter_boxes": filter_without_confidence})
def eval_with_wrong_filter(yolo_outputs, image_shape, max_boxes=10, score_threshold=.6, iou_threshold=.5):
    return _eval(yolo_outputs, image_shape, max_boxes, score_threshold, iou_threshold)


@ok("yolo_eval", callees={"yolo_filter_boxes": filter_without_confidence, "iou": iou_without_clip,
                          "yolo_non_max_suppression": nms_class_agnostic,
                          "yolo_boxes_to_corners": corners_x_first})
def eval_with_every_callee_wrong(yolo_outputs, image_shape, max_boxes=10, score_threshold=.6, iou_threshold=.5):
    return _eval(yolo_outputs, image_shape, max_boxes, score_threshold, iou_threshold)


@ok("yolo_eval", callees={"yolo_boxes_to_corners": corners_not_implemented, "iou": iou_not_implemented})
def eval_keywords_with_unimplemented_callees(yolo_outputs, image_shape, max_boxes=10, score_threshold=.6,
                                             iou_threshold=.5):
    box_xy, box_wh, box_confidence, box_class_probs = yolo_outputs
    scores, boxes, classes = yolo_filter_boxes(boxes=yolo_boxes_to_corners(box_xy=box_xy, box_wh=box_wh),
                                               box_confidence=box_confidence, box_class_probs=box_class_probs,
                                               threshold=score_threshold)
    return yolo_non_max_suppression(scores=scores, boxes=scale_boxes(boxes, image_shape), classes=classes,
                                    iou_threshold=iou_threshold, max_boxes=max_boxes)


@ok("yolo_eval")
def eval_scale_before_filter(yolo_outputs, image_shape, max_boxes=10, score_threshold=.6, iou_threshold=.5):
    # scaling every corner first, then filtering, gives the same boxes
    box_xy, box_wh, box_confidence, box_class_probs = yolo_outputs
    corners = scale_boxes(yolo_boxes_to_corners(box_xy, box_wh), image_shape)
    scores, boxes, classes = yolo_filter_boxes(corners, box_confidence, box_class_probs, score_threshold)
    return yolo_non_max_suppression(scores, boxes, classes, max_boxes, iou_threshold)


@wrong("yolo_eval", "scale the boxes")
def eval_unscaled(yolo_outputs, image_shape, max_boxes=10, score_threshold=.6, iou_threshold=.5):
    return _eval(yolo_outputs, image_shape, max_boxes, score_threshold, iou_threshold, scale=False)


@wrong("yolo_eval", "has shape")
def eval_swapped_thresholds(yolo_outputs, image_shape, max_boxes=10, score_threshold=.6, iou_threshold=.5):
    return _eval(yolo_outputs, image_shape, max_boxes, iou_threshold, score_threshold)


@wrong("yolo_eval", "max_boxes 2")
def eval_forgets_max_boxes(yolo_outputs, image_shape, max_boxes=10, score_threshold=.6, iou_threshold=.5):
    return _eval(yolo_outputs, image_shape, max_boxes, score_threshold, iou_threshold, pass_max_boxes=False)


@wrong("yolo_eval", "differs from the expected values")
def eval_width_height_swapped(yolo_outputs, image_shape, max_boxes=10, score_threshold=.6, iou_threshold=.5):
    return _eval(yolo_outputs, image_shape, max_boxes, score_threshold, iou_threshold, shape=image_shape[::-1])


@wrong("yolo_eval", "reference implementation")   # calling the course's post-processing is not doing it
def eval_calls_detect(yolo_outputs, image_shape, max_boxes=10, score_threshold=.6, iou_threshold=.5):
    # rebuild the raw predictions yolo_head would turn into yolo_outputs (anchors of one cell)
    box_xy, box_wh, box_confidence, box_class_probs = yolo_outputs
    S_H, S_W = box_xy.shape[:2]
    grid = np.array([S_W, S_H], dtype=float)
    cells = np.clip(box_xy * grid - network.cell_offsets(S_H, S_W), 1e-6, 1 - 1e-6)
    conf = np.clip(box_confidence, 1e-6, 1 - 1e-6)
    raw = np.concatenate([np.log(cells / (1 - cells)), np.log(box_wh * grid), np.log(conf / (1 - conf)),
                          np.log(box_class_probs)], axis=-1)
    anchors = np.ones((box_xy.shape[2], 2))
    boxes, scores, classes = evaluate.detect(raw, anchors, score_threshold, iou_threshold, max_boxes)
    return scores, scale_boxes(boxes[:, [1, 0, 3, 2]], image_shape), classes


@wrong("yolo_eval", "reference implementation")
def eval_calls_suppress(yolo_outputs, image_shape, max_boxes=10, score_threshold=.6, iou_threshold=.5):
    box_xy, box_wh, box_confidence, box_class_probs = yolo_outputs
    scores, boxes, classes = yolo_filter_boxes(yolo_boxes_to_corners(box_xy, box_wh), box_confidence,
                                               box_class_probs, score_threshold)
    boxes = scale_boxes(boxes, image_shape)
    keep = evaluate.suppress(boxes, scores, classes, iou_threshold, max_boxes)
    return scores[keep], boxes[keep], classes[keep]


@wrong("yolo_non_max_suppression", "a box is dropped only when IoU > iou_threshold")
def nms_drops_at_equal_iou(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    return _nms(scores, boxes, classes, max_boxes, iou_threshold, drop=lambda overlap, threshold: overlap >= threshold)


@wrong("yolo_filter_boxes", "dtype")
def filter_float_classes(boxes, box_confidence, box_class_probs, threshold=.6):
    box_scores = box_confidence * box_class_probs
    keep = box_scores.max(axis=-1) >= threshold
    return box_scores.max(axis=-1)[keep], boxes[keep], box_scores.argmax(axis=-1)[keep].astype(float)
