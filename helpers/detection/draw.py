"""Drawing scenes, detections and anchors with matplotlib."""

from __future__ import annotations

import matplotlib.patches as patches
import numpy as np

# one colour per class of the road scenes (car, truck, bus, motorbike, pedestrian, traffic light)
COLOURS = ("#e6194b", "#3cb44b", "#ffe119", "#4363d8", "#f58231", "#42d4f4", "#f032e6", "#bfef45")


def draw_boxes(ax, image, boxes, classes, class_names, scores=None, title=None):
    """
    Show an image with boxes, class names and (optionally) scores.

    ax -- a matplotlib Axes
    image -- (H, W, 3) uint8 or floats in [0, 1]
    boxes -- (n, 4) corners (y1, x1, y2, x2) in pixels, as yolo_eval returns them
    classes -- (n,) class indices; class_names -- sequence of names
    scores -- (n,) or None (ground truth)
    """
    ax.imshow(image)
    for k, (y1, x1, y2, x2) in enumerate(np.asarray(boxes, dtype=float).reshape(-1, 4)):
        c = int(classes[k])
        colour = COLOURS[c % len(COLOURS)]
        ax.add_patch(patches.Rectangle((x1 - 0.5, y1 - 0.5), x2 - x1, y2 - y1, fill=False, edgecolor=colour,
                                       linewidth=1.5))
        label = class_names[c] if scores is None else f"{class_names[c]} {float(scores[k]):.2f}"
        ax.text(x1, y1 - 1.5, label, color="black", fontsize=6,
                bbox={"facecolor": colour, "alpha": 0.8, "pad": 0.5, "edgecolor": "none"})
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=9)


def draw_anchors(ax, anchors, grid, image_size):
    """
    The anchor boxes drawn at the centre of the image, on the grid.

    anchors -- (B, 2) widths and heights in grid cells; grid -- S; image_size -- pixels
    """
    cell = image_size / grid
    ax.set_xlim(0, image_size)
    ax.set_ylim(image_size, 0)
    for k in range(grid + 1):
        ax.axhline(k * cell, color="0.85", linewidth=0.8)
        ax.axvline(k * cell, color="0.85", linewidth=0.8)
    c = image_size / 2
    for k, (w, h) in enumerate(np.asarray(anchors, dtype=float)):
        w, h = w * cell, h * cell
        ax.add_patch(patches.Rectangle((c - w / 2, c - h / 2), w, h, fill=False, linewidth=2,
                                       edgecolor=COLOURS[k % len(COLOURS)], label=f"anchor {k}: {w:.0f} x {h:.0f} px"))
    ax.set_aspect("equal")
    ax.legend(fontsize=7, loc="upper right")
