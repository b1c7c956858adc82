"""Object detection on rendered road scenes: a small YOLO-v2-style detector trained in this repository.

- ``network``: the network, ``yolo_head`` (raw predictions -> boxes) and the loss;
- ``evaluate``: the course's own post-processing (``detect``) and mAP@0.5;
- ``draw``: scenes, detections and anchors with matplotlib;
- ``helpers.training.yolo``: the training script, ``load_detector`` and the test scenes.
"""

import numpy as np

from helpers.detection.draw import draw_anchors, draw_boxes
from helpers.detection.network import yolo_head


def scale_boxes(boxes, image_shape):
    """
    Boxes as fractions of the image -> boxes in pixels.

    boxes -- (..., 4) corners (y1, x1, y2, x2) as fractions of the image height and width
    image_shape -- (height, width) in pixels
    Returns (..., 4) corners in pixels
    """
    height, width = image_shape
    return boxes * np.array([height, width, height, width], dtype=np.asarray(boxes).dtype)


__all__ = ["draw_anchors", "draw_boxes", "scale_boxes", "yolo_head"]
