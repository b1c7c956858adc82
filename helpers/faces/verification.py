"""Measuring face verification: distances of all pairs, the ROC curve, its area, and thresholds."""

from __future__ import annotations

import numpy as np


def pair_distances(encodings, identities):
    """
    L2 distances of every unordered pair of encodings, and whether the pair is the same person.

    encodings -- (n, d); identities -- (n,) labels
    Returns (distances (n (n - 1) / 2,), same (bool, same shape)).
    """
    Y = np.asarray(encodings, dtype=np.float64)
    sq = (Y * Y).sum(axis=1)
    D = np.sqrt(np.maximum(sq[:, None] + sq[None, :] - 2 * Y @ Y.T, 0))
    rows, cols = np.triu_indices(len(Y), 1)
    labels = np.asarray(identities)
    return D[rows, cols], labels[rows] == labels[cols]


def roc_curve(distances, same):
    """
    The ROC curve of the rule "same person if distance <= threshold", one point per distinct distance.

    Returns (thresholds, true-positive rates, false-positive rates), thresholds increasing, starting
    with a threshold below every distance (rates 0, 0) and ending at the largest (rates 1, 1).
    """
    d = np.asarray(distances, dtype=np.float64)
    same = np.asarray(same, dtype=bool)
    order = np.argsort(d, kind="stable")
    d, s = d[order], same[order]
    last = np.r_[d[1:] != d[:-1], True]          # the last pair of each run of equal distances
    tp, fp = np.cumsum(s)[last], np.cumsum(~s)[last]
    thresholds = np.r_[d[0] - 1e-9 if len(d) else 0.0, d[last]]
    return thresholds, np.r_[0, tp] / max(s.sum(), 1), np.r_[0, fp] / max((~s).sum(), 1)


def roc_auc(distances, same):
    """Area under the ROC curve: the chance that a same-person pair is closer than a different-person pair."""
    _, tpr, fpr = roc_curve(distances, same)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


def balanced_accuracy(distances, same, threshold):
    """Mean of the accuracies on same-person pairs (distance <= threshold) and on different-person pairs."""
    d = np.asarray(distances)
    same = np.asarray(same, dtype=bool)
    return float((np.mean(d[same] <= threshold) + np.mean(d[~same] > threshold)) / 2)


def best_threshold(distances, same):
    """
    The threshold with the highest balanced accuracy, halfway between two neighbouring distances.

    Returns (threshold, balanced accuracy at it).
    """
    thresholds, tpr, fpr = roc_curve(distances, same)
    accuracy = (tpr + 1 - fpr) / 2
    k = int(np.argmax(accuracy))
    upper = thresholds[k + 1] if k + 1 < len(thresholds) else thresholds[k] + 1e-3
    return float((thresholds[k] + upper) / 2), float(accuracy[k])
