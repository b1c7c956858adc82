"""The face encoder as the notebook uses it: ``model.predict_on_batch(images)`` gives encodings.

``load_face_encoder()`` returns the course's trained encoder (``datasets/face_encoder.npz``,
trained by ``python -m helpers.training.faces``; model card ``course/models/face-encoder.md``).
``random_face_encoder(seed, ...)`` builds small untrained encoders of other shapes, which the
autograder's cases use so that a function only passes if it works with any encoder.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from helpers.faces import encoder as enc
from helpers.generators.npzfiles import write_npz
from helpers.paths import dataset_path

WEIGHTS = "face_encoder.npz"


class FaceEncoder:
    """A face encoder: ``predict_on_batch(X)`` maps (m, 64, 64, 3) images to L2-normalised encodings."""

    def __init__(self, parameters, bn_state, meta, origin=None, normalise=True):
        self.parameters, self.bn_state, self.meta = parameters, bn_state, meta
        self.normalise = normalise      # False: return the dense layer's output, before the L2 norm
        self.origin = origin            # how the autograder's cases describe this encoder
        settings = meta["settings"]
        self.architecture = tuple(tuple(layer) for layer in settings["architecture"])
        self.input_shape = (settings.get("image_size", 64), settings.get("image_size", 64), 3)
        self.output_shape = (None, int(parameters["W_out"].shape[1]))

    def predict_on_batch(self, X):
        """X -- floats in [0, 1] (or uint8), shape (m, 64, 64, 3). Returns (m, d) float32 (of norm 1 if normalise)."""
        X = np.asarray(X)
        X = X.astype(np.float32) / 255 if X.dtype == np.uint8 else X.astype(np.float32)
        if X.ndim != 4 or X.shape[1:] != self.input_shape:
            raise ValueError(f"the encoder takes a batch of images of shape (m, {self.input_shape[0]}, "
                             f"{self.input_shape[1]}, 3), got an array of shape {X.shape}")
        Y, cache = enc.forward(self.parameters, self.bn_state, X, train=False, architecture=self.architecture)
        return Y if self.normalise else cache[3]

    def encode(self, images, batch_size=128):
        """Encodings of any number of images, batch by batch."""
        images = np.asarray(images)
        if len(images) == 0:
            return np.zeros((0, self.output_shape[1]), np.float32)
        return np.concatenate([self.predict_on_batch(images[i:i + batch_size])
                               for i in range(0, len(images), batch_size)])

    def __repr__(self):
        n = sum(int(np.prod(p.shape)) for p in self.parameters.values())
        return f"<FaceEncoder: {self.input_shape} -> {self.output_shape[1]}-d, {n:,} parameters>"

    # how the autograder stores an encoder in a case (autograder.serialize)
    def case_state(self):
        if self.origin is None:
            raise TypeError("only encoders from load_face_encoder or random_face_encoder can be stored")
        return dict(self.origin)

    @classmethod
    def from_case_state(cls, state):
        if "weights" in state:
            return load_face_encoder(state["weights"])
        return random_face_encoder(**state)

    def __eq__(self, other):
        return (isinstance(other, FaceEncoder) and self.normalise == other.normalise
                and self.parameters.keys() == other.parameters.keys()
                and all(np.array_equal(p, other.parameters[k]) for k, p in self.parameters.items()))

    __hash__ = None


def load_face_encoder(weights=WEIGHTS) -> FaceEncoder:
    """The trained face encoder in datasets/ (or the weights file at a path)."""
    path = Path(weights) if Path(weights).is_absolute() else dataset_path(weights)
    with np.load(path, allow_pickle=False) as f:
        arrays = {name: f[name] for name in f.files}
    meta = json.loads(str(arrays.pop("meta")))
    n_layers = len(meta["settings"]["architecture"])
    bn_state = [{"mode": "test", "running_mean": arrays.pop(f"running_mean{k}"),
                 "running_var": arrays.pop(f"running_var{k}")} for k in range(1, n_layers + 1)]
    origin = {"weights": str(weights)} if not Path(weights).is_absolute() else None
    return FaceEncoder(arrays, bn_state, meta, origin)


def save_face_encoder(path, encoder: FaceEncoder) -> Path:
    arrays = dict(encoder.parameters)
    for k, state in enumerate(encoder.bn_state, start=1):
        arrays[f"running_mean{k}"] = np.asarray(state["running_mean"], dtype=np.float32)
        arrays[f"running_var{k}"] = np.asarray(state["running_var"], dtype=np.float32)
    arrays["meta"] = np.array(json.dumps(encoder.meta, sort_keys=True))
    return write_npz(path, arrays)


def random_face_encoder(seed, channels=(4, 8), embedding=16, normalise=False):
    """
    An untrained encoder: stride-2 3x3 convolutions with the given channels, then dense to embedding.

    normalise -- False (the default): its encodings are not divided by their length, as those of
                 the classic's Keras FaceNet, so a function that must normalise them has to
    """
    architecture = tuple((3, int(c), 2) for c in channels)
    parameters = enc.init_parameters(int(seed), architecture, int(embedding))
    rng = np.random.default_rng([int(seed), 1])
    bn_state = [{"mode": "test", "running_mean": rng.normal(0, 0.1, c).astype(np.float32),
                 "running_var": rng.uniform(0.5, 1.5, c).astype(np.float32)} for _, c, _ in architecture]
    meta = {"settings": {"architecture": [list(layer) for layer in architecture], "embedding": int(embedding)}}
    origin = {"seed": int(seed), "channels": [int(c) for c in channels], "embedding": int(embedding),
              "normalise": bool(normalise)}
    return FaceEncoder(parameters, bn_state, meta, origin, normalise)
