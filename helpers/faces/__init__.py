"""Face verification without a downloaded FaceNet: rendered portraits and an encoder trained here.

- ``model``: the trained encoder (``load_face_encoder``) and small untrained ones for tests;
- ``data``: the test and validation portraits, the residents' enrolment photos, the door
  camera and the look-alikes;
- ``verification``: pair distances, the ROC curve and its area, thresholds;
- ``encoder``: the network itself and the triplet losses used to train it
  (``python -m helpers.training.faces``).
"""

from helpers.faces.data import (
    RESIDENTS,
    door_photos,
    enrolment_photos,
    load_test_faces,
    lookalike_photos,
    photo_path,
    validation_faces,
)
from helpers.faces.model import FaceEncoder, load_face_encoder, random_face_encoder
from helpers.faces.verification import (
    balanced_accuracy,
    best_threshold,
    pair_distances,
    roc_auc,
    roc_curve,
)

__all__ = ["RESIDENTS", "FaceEncoder", "balanced_accuracy", "best_threshold", "door_photos",
           "enrolment_photos", "load_face_encoder", "load_test_faces", "lookalike_photos", "pair_distances",
           "photo_path", "random_face_encoder", "roc_auc", "roc_curve", "validation_faces"]
