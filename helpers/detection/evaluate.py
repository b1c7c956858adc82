"""Turning the detector's predictions into detections, and scoring detections: mAP@0.5.

``detect`` is the course's own vectorised post-processing (filter by score, per-class
non-max suppression); the detection notebook has the learner write the same steps
(``yolo_filter_boxes``, ``iou``, ``yolo_non_max_suppression``, ``yolo_eval``) and
compares. ``average_precisions`` scores detections against ground truth as the PASCAL VOC
benchmark does from 2010 on (Everingham et al., "The PASCAL Visual Object Classes
Challenge", IJCV 2010; the area under the precision-recall curve with precision made
monotone, all points):

1. per class, all detections of all images sorted by score, highest first;
2. a detection is a true positive when its IoU with a ground-truth box of its class in its
   image is at least ``iou_threshold`` (0.5), that box is the best-overlapping one and it
   was not matched before; otherwise it is a false positive (a second detection of an
   already matched object counts against the detector: that is why NMS matters);
3. precision and recall after each detection give the curve; AP is its area.

All boxes here are corners ``(x1, y1, x2, y2)`` in one unit (pixels or fractions).
"""

from __future__ import annotations

import numpy as np

from helpers.detection.network import pairwise_iou, yolo_head


def suppress(boxes, scores, classes, iou_threshold=0.5, max_boxes=100):
    """
    Per-class non-max suppression; returns the indices kept, highest score first.

    A box is dropped when a kept box of its own class overlaps it with IoU > iou_threshold;
    equal scores keep their input order.
    """
    order = np.argsort(-np.asarray(scores), kind="stable")
    overlaps = pairwise_iou(np.asarray(boxes, dtype=np.float64).reshape(-1, 4),
                            np.asarray(boxes, dtype=np.float64).reshape(-1, 4))
    keep = []
    for i in order:
        if len(keep) == max_boxes:
            break
        if all(classes[k] != classes[i] or overlaps[i, k] <= iou_threshold for k in keep):
            keep.append(i)
    return np.array(keep, dtype=np.int64)


def detect(raw, anchors, score_threshold=0.05, iou_threshold=0.5, max_boxes=50):
    """
    Detections of one image from its raw predictions.

    raw -- (S, S, B, 5 + C); anchors -- (B, 2) in grid cells
    Returns boxes (n, 4) corners (x1, y1, x2, y2) as fractions of the image, scores (n,), classes (n,)
    """
    box_xy, box_wh, confidence, class_probs = yolo_head(raw, anchors)
    box_scores = confidence * class_probs
    classes = box_scores.argmax(axis=-1).reshape(-1)
    scores = box_scores.max(axis=-1).reshape(-1)
    boxes = np.concatenate([box_xy - box_wh / 2, box_xy + box_wh / 2], axis=-1).reshape(-1, 4)
    chosen = scores >= score_threshold
    boxes, scores, classes = boxes[chosen], scores[chosen], classes[chosen]
    keep = suppress(boxes, scores, classes, iou_threshold, max_boxes)
    return boxes[keep], scores[keep], classes[keep]


def match_detections(detections, truths, n_classes, iou_threshold=0.5):
    """
    Mark every detection as a true or false positive (steps 1 and 2 above).

    detections -- list over images of (boxes (n, 4), scores (n,), classes (n,))
    truths -- list over images of (boxes (k, 4), labels (k,))
    Returns per class: (scores (n_c,), is_true_positive (n_c,) bool), sorted by score, and the
    number of ground-truth objects of the class.
    """
    records = [[] for _ in range(n_classes)]
    for (d_boxes, d_scores, d_classes), (t_boxes, t_labels) in zip(detections, truths, strict=True):
        d_boxes = np.asarray(d_boxes, dtype=np.float64).reshape(-1, 4)
        t_boxes = np.asarray(t_boxes, dtype=np.float64).reshape(-1, 4)
        t_labels = np.asarray(t_labels).reshape(-1)
        d_classes = np.asarray(d_classes).reshape(-1)
        d_scores = np.asarray(d_scores).reshape(-1)
        for c in range(n_classes):
            mine = np.flatnonzero(d_classes == c)
            mine = mine[np.argsort(-d_scores[mine], kind="stable")]
            targets = t_boxes[t_labels == c]
            overlaps = pairwise_iou(d_boxes[mine], targets) if len(targets) else np.zeros((len(mine), 0))
            matched = np.zeros(len(targets), dtype=bool)
            for row, i in enumerate(mine):
                hit = False
                if len(targets):
                    best = int(np.argmax(overlaps[row]))
                    if overlaps[row, best] >= iou_threshold and not matched[best]:
                        matched[best] = hit = True
                records[c].append((d_scores[i], hit))
    counts = np.zeros(n_classes, dtype=np.int64)
    for _, t_labels in truths:
        counts += np.bincount(np.asarray(t_labels, dtype=np.int64).reshape(-1), minlength=n_classes)
    result = []
    for c in range(n_classes):
        pairs = sorted(records[c], key=lambda pair: -pair[0])       # stable: equal scores keep image order
        scores = np.array([s for s, _ in pairs], dtype=np.float64)
        hits = np.array([h for _, h in pairs], dtype=bool)
        result.append((scores, hits, int(counts[c])))
    return result


def precision_recall(hits, n_truths):
    """Precision and recall after each detection (detections sorted by score)."""
    tp = np.cumsum(hits)
    precision = tp / np.arange(1, len(hits) + 1)
    recall = tp / max(n_truths, 1)
    return precision, recall


def average_precision(hits, n_truths):
    """Area under the precision-recall curve with monotone precision (VOC 2010+); nan without objects."""
    if n_truths == 0:
        return float("nan")
    precision, recall = precision_recall(np.asarray(hits, dtype=bool), n_truths)
    r = np.concatenate([[0.0], recall, [recall[-1] if len(recall) else 0.0]])
    p = np.concatenate([[1.0], precision, [0.0]])
    p = np.maximum.accumulate(p[::-1])[::-1]          # precision at recall r = best precision at recall >= r
    return float(np.sum((r[1:] - r[:-1]) * p[1:]))


def average_precisions(detections, truths, n_classes, iou_threshold=0.5):
    """AP of each class (array (n_classes,)); their mean is the mAP."""
    return np.array([average_precision(hits, n) for _, hits, n
                     in match_detections(detections, truths, n_classes, iou_threshold)])
