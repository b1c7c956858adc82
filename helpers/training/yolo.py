"""Train the course's road-scene detector (a small YOLO-v2-style network) and write its model card.

    python -m helpers.training.yolo            # train with the recorded settings, write the weights
    python -m helpers.training.yolo --card     # measure the committed weights on the test scenes,
                                               # rewrite the model card's figures

The weights go to ``datasets/yolo_roads.npz`` (checksum in ``datasets/SHA256SUMS``); the
model card is ``course/models/yolo-roads.md``. Everything is seeded: the training scenes
(``helpers.generators.roads``, split "train"), the anchors (k-means), the initial weights,
the order of the mini-batches, the horizontal flips and the added sensor noise, so a rerun on the same machine
writes the same file. Training shows a progress bar per epoch and prints the losses and
the validation mAP@0.5 after each epoch; the weights file records them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from tqdm import tqdm

from helpers.detection import network as net
from helpers.detection.evaluate import average_precisions, detect
from helpers.generators import roads
from helpers.generators.npzfiles import write_npz
from helpers.paths import DATASETS_DIR, REPO_ROOT, dataset_path
from helpers.training.common import adam_step, learning_rate, record_checksum, write_card

WEIGHTS = "yolo_roads.npz"
CARD = REPO_ROOT / "course" / "models" / "yolo-roads.md"


@dataclass
class Settings:
    """Everything that decides the trained weights (recorded in the weights file)."""

    train_scenes: int = 8000
    val_scenes: int = 300
    epochs: int = 30
    batch_size: int = 32
    learning_rate: float = 2e-3          # Adam; warm-up then cosine decay to 1 % of it
    warmup_steps: int = 200
    weight_decay: float = 5e-4           # L2 on the convolution weights
    noise: float = 4.0                   # augmentation: Gaussian noise, std drawn in [0, noise] / 255 per image
    n_anchors: int = 5
    seed: int = 0
    architecture: tuple = net.ARCHITECTURE
    extra: dict = field(default_factory=dict)


# ----------------------------------------------------------------------------------------------
# Anchors


def kmeans_anchors(wh, k, seed=0, iterations=100):
    """
    Anchor shapes by k-means on box shapes with distance 1 - IoU (YOLOv2's choice).

    wh -- (n, 2) box widths and heights (any unit); k -- number of anchors
    Returns (k, 2), sorted by area.
    """
    rng = np.random.default_rng(seed)
    wh = np.asarray(wh, dtype=np.float64)
    centres = wh[rng.choice(len(wh), size=k, replace=False)]
    for _ in range(iterations):
        nearest = np.argmax(net.centre_iou(wh, centres), axis=1)
        new = np.array([np.median(wh[nearest == j], axis=0) if np.any(nearest == j) else centres[j]
                        for j in range(k)])
        if np.allclose(new, centres):
            break
        centres = new
    return centres[np.argsort(centres[:, 0] * centres[:, 1], kind="stable")]


# ----------------------------------------------------------------------------------------------
# The trained detector


@dataclass
class Detector:
    """A trained detector: call ``predict(images)`` for raw predictions (m, S, S, B, 5 + C)."""

    parameters: dict
    bn_state: list
    anchors: np.ndarray
    classes: tuple
    meta: dict

    def predict(self, images, batch_size=64):
        """images -- uint8 (m, H, W, 3) or floats in [0, 1]. Returns raw (m, S, S, B, 5 + C), float32."""
        images = np.asarray(images)
        out = []
        for start in range(0, len(images), batch_size):
            X = images[start:start + batch_size]
            X = X.astype(np.float32) / 255 if X.dtype == np.uint8 else X.astype(np.float32)
            out.append(net.forward(self.parameters, self.bn_state, X, len(self.anchors), train=False)[0])
        return np.concatenate(out)


def load_detector(path=None) -> Detector:
    """The committed road-scene detector (or the weights file at path)."""
    with np.load(path or dataset_path(WEIGHTS), allow_pickle=False) as f:
        arrays = {name: f[name] for name in f.files}
    meta = json.loads(str(arrays.pop("meta")))
    anchors = arrays.pop("anchors")
    classes = tuple(str(c) for c in arrays.pop("classes"))
    n_layers = len(meta["settings"]["architecture"])
    bn_state = [{"mode": "test", "running_mean": arrays.pop(f"running_mean{k}"),
                 "running_var": arrays.pop(f"running_var{k}")} for k in range(1, n_layers + 1)]
    return Detector(arrays, bn_state, anchors, classes, meta)


def save_detector(path, detector: Detector) -> Path:
    arrays = dict(detector.parameters)
    for k, state in enumerate(detector.bn_state, start=1):
        arrays[f"running_mean{k}"] = np.asarray(state["running_mean"], dtype=np.float32)
        arrays[f"running_var{k}"] = np.asarray(state["running_var"], dtype=np.float32)
    arrays["anchors"] = np.asarray(detector.anchors, dtype=np.float64)
    arrays["classes"] = np.array(detector.classes)
    arrays["meta"] = np.array(json.dumps(detector.meta, sort_keys=True))
    return write_npz(path, arrays)


# ----------------------------------------------------------------------------------------------
# Data


def split_boxes(data):
    """Per-scene lists of boxes (as fractions of the image side) and labels from a packed split."""
    size = data["images"].shape[1]
    off = data["offsets"]
    boxes = [data["boxes"][off[i]:off[i + 1]].astype(np.float64) / size for i in range(len(off) - 1)]
    labels = [data["labels"][off[i]:off[i + 1]] for i in range(len(off) - 1)]
    return boxes, labels


def load_test_scenes():
    """The committed test scenes: {"images", "masks", "boxes", "labels", "offsets", "classes"}."""
    with np.load(dataset_path("road_scenes_test.npz"), allow_pickle=False) as f:
        return {name: f[name] for name in f.files}


def evaluate(detector, images, boxes, labels, score_threshold=0.01, iou_threshold=0.5, max_boxes=50):
    """AP@0.5 per class of the detector on scenes (boxes as fractions); returns (ap (C,), detections)."""
    raw = detector.predict(images)
    detections = [detect(r, detector.anchors, score_threshold, iou_threshold, max_boxes) for r in raw]
    truths = list(zip(boxes, labels, strict=True))
    return average_precisions(detections, truths, len(detector.classes)), detections


# ----------------------------------------------------------------------------------------------
# Training


def train(settings: Settings, max_steps=None, progress=True, log=print):
    """
    Train a detector; return (detector, history).

    max_steps -- stop after this many mini-batches (a quick run for the tests); None: all epochs
    history -- {"loss": [per-epoch mean], "parts": [...], "val_map": [...], "step_losses": [...]}
    """
    t0 = time.time()
    rng = np.random.default_rng(settings.seed)
    n_train = settings.train_scenes if max_steps is None else min(settings.train_scenes,
                                                                   max_steps * settings.batch_size)
    data = roads.scenes("train", 0, n_train)
    images = data["images"]
    boxes, labels = split_boxes(data)
    size = images.shape[1]
    S = size // 16
    all_wh = np.concatenate([b[:, 2:] - b[:, :2] for b in boxes if len(b)]) * S
    anchors = kmeans_anchors(all_wh, settings.n_anchors, seed=settings.seed)
    log(f"{n_train} training scenes rendered in {time.time() - t0:.0f} s; anchors (cells): "
        + ", ".join(f"{w:.2f}x{h:.2f}" for w, h in anchors))
    val = roads.scenes("val", 0, settings.val_scenes) if max_steps is None else None

    parameters = net.init_parameters(settings.n_anchors, len(roads.CLASSES), seed=settings.seed,
                                     architecture=settings.architecture)
    bn_state = net.init_bn_state(parameters)
    moments = {name: (np.zeros_like(p), np.zeros_like(p)) for name, p in parameters.items()}
    steps_per_epoch = n_train // settings.batch_size
    total = steps_per_epoch * settings.epochs
    history = {"loss": [], "parts": [], "val_map": [], "step_losses": []}
    detector = Detector(parameters, bn_state, anchors, roads.CLASSES, {})
    step = 0
    for epoch in range(settings.epochs):
        order = rng.permutation(n_train)
        flips = rng.random(n_train) < 0.5
        sums, count = {}, 0
        bar = tqdm(range(steps_per_epoch), desc=f"epoch {epoch + 1}/{settings.epochs}", disable=not progress,
                   leave=False, file=sys.stdout)
        for b in bar:
            idx = order[b * settings.batch_size:(b + 1) * settings.batch_size]
            X = images[idx].astype(np.float32) / 255
            flip = flips[idx]
            X[flip] = X[flip, :, ::-1]
            X += (rng.standard_normal(X.shape, dtype=np.float32)
                  * (rng.uniform(0, settings.noise, (len(idx), 1, 1, 1)) / 255).astype(np.float32))
            batch_boxes = [boxes[i][:, [2, 1, 0, 3]] * (-1, 1, -1, 1) + (1, 0, 1, 0) if f else boxes[i]
                           for i, f in zip(idx, flip, strict=True)]
            batch_labels = [labels[i] for i in idx]
            raw, cache = net.forward(parameters, bn_state, X, settings.n_anchors, train=True)
            cost, parts, draw = net.yolo_loss(raw, batch_boxes, batch_labels, anchors)
            grads = net.backward(draw, cache)
            step += 1
            adam_step(parameters, grads, moments, step,
                      learning_rate(step - 1, total, settings.learning_rate, settings.warmup_steps),
                      settings.weight_decay)
            history["step_losses"].append(cost)
            for key, value in parts.items():
                sums[key] = sums.get(key, 0.0) + value
            count += 1
            bar.set_postfix(loss=f"{cost:.3f}")
            if max_steps is not None and step >= max_steps:
                break
        history["loss"].append(sum(sums.values()) / count)
        history["parts"].append({key: value / count for key, value in sums.items()})
        line = f"epoch {epoch + 1}: loss {history['loss'][-1]:.4f} (" + ", ".join(
            f"{k} {v / count:.3f}" for k, v in sums.items()) + ")"
        if val is not None:
            val_boxes, val_labels = split_boxes(val)
            ap, _ = evaluate(detector, val["images"], val_boxes, val_labels)
            history["val_map"].append(float(np.nanmean(ap)))
            line += f", validation mAP@0.5 {history['val_map'][-1]:.3f}"
        log(f"{line}  [{time.time() - t0:.0f} s]")
        if max_steps is not None and step >= max_steps:
            break
    detector.meta = {"settings": {k: v for k, v in vars(settings).items()},
                     "history": {k: v for k, v in history.items() if k != "step_losses"},
                     "training_seconds": round(time.time() - t0, 1)}
    return detector, history


# ----------------------------------------------------------------------------------------------
# Model card


def card_figures(detector):
    """AP@0.5 per class and mAP of the detector on the committed test scenes."""
    test = load_test_scenes()
    boxes, labels = split_boxes(test)
    ap, _ = evaluate(detector, test["images"], boxes, labels)
    counts = np.bincount(test["labels"], minlength=len(detector.classes))
    width = test["boxes"][:, 2] - test["boxes"][:, 0]
    median_width = {c: float(np.median(width[test["labels"] == k])) for k, c in enumerate(detector.classes)}
    return {"median_width": median_width,"ap": {c: float(a) for c, a in zip(detector.classes, ap, strict=True)},
            "objects": {c: int(n) for c, n in zip(detector.classes, counts, strict=True)},
            "map": float(np.nanmean(ap)), "scenes": len(test["images"])}


def render_card(detector, figures, weights_path) -> str:
    """The model card's text: architecture, data, training, measured figures."""
    meta, settings = detector.meta, detector.meta["settings"]
    history = meta["history"]
    n_parameters = sum(int(np.prod(p.shape)) for p in detector.parameters.values())
    size = Path(weights_path).stat().st_size
    layers = "\n".join(f"| {k} | conv {f}x{f}, stride {s}, batch norm, leaky ReLU 0.1 | {c} |"
                       for k, (f, c, s) in enumerate(settings["architecture"], start=1))
    n_out = len(detector.anchors) * (5 + len(detector.classes))
    rows = "\n".join(f"| {name} | {figures['objects'][name]} | {figures['ap'][name]:.4f} |"
                     for name in detector.classes)
    anchors = ", ".join(f"{w:.2f} x {h:.2f}" for w, h in detector.anchors)
    weak = ", ".join(f"{name} (AP {figures['ap'][name]:.2f})" for name in detector.classes
                     if figures["ap"][name] < 0.65)
    half = len(history["val_map"]) // 2
    widths = ", ".join(f"{name} {w:.1f} px" for name, w in figures["median_width"].items())
    epochs = "\n".join(f"| {k} | {loss:.3f} | {val:.3f} |" for k, (loss, val)
                       in enumerate(zip(history["loss"], history["val_map"], strict=True), start=1)
                       if k in (1, 2, 5) or k % 5 == 0)
    return f"""# Model card: the road-scene detector (`datasets/{Path(weights_path).name}`)

Generated by `python -m helpers.training.yolo --card` from the committed weights; do not edit by hand.
`tests/test_yolo_detector.py` checks that the weights still give the figures below.

## What it is

A small YOLO-v2-style detector (Redmon & Farhadi, "YOLO9000: Better, Faster, Stronger", 2017)
written in NumPy for the course (`helpers.detection.network`), used by the notebook
`c4w3-object-detection`. It finds the {len(detector.classes)} classes of the rendered road scenes
({", ".join(detector.classes)}) in 128 x 128 colour images. It is a teaching model trained on
**rendered** scenes (`course/datasets/road-scenes.md`); it has never seen a photograph and is not
meant for one.

## Architecture ({n_parameters:,} parameters, float32)

| layer | operation | channels |
|---|---|---|
{layers}
| out | conv 1x1 with bias | {n_out} = {len(detector.anchors)} anchors x (5 + {len(detector.classes)}) |

Output `(8, 8, {len(detector.anchors)}, {5 + len(detector.classes)})` per image: a grid of 16-pixel cells, and for each
anchor `(t_x, t_y, t_w, t_h, t_o)` and {len(detector.classes)} class scores, decoded by `yolo_head` (sigmoid
centres, anchor x exp sizes, sigmoid confidence, softmax classes). Anchors (width x height in
cells, k-means with distance 1 - IoU on the training boxes): {anchors}.

## Training

- Data: scenes 0 to {settings["train_scenes"] - 1} of the "train" split of `helpers.generators.roads`
  (rendered by the script, not stored), horizontal flips and Gaussian noise (standard deviation
  up to {settings["noise"]:g} of 255) as augmentation; validation: scenes 0 to {settings["val_scenes"] - 1} of the "val" split.
- Loss: YOLOv2's sum of squared errors (coordinates x 5, object x 5, no object x 1; predictors
  whose box overlaps an object with IoU > 0.6 are not pushed towards "no object") with
  cross-entropy for the classes (`helpers.detection.network.yolo_loss`).
- Optimiser: Adam, learning rate {settings["learning_rate"]:g} (warm-up over {settings["warmup_steps"]} steps, cosine decay to 1 %),
  L2 weight decay {settings["weight_decay"]:g} on the convolution weights, mini-batches of {settings["batch_size"]},
  {settings["epochs"]} epochs, seed {settings["seed"]}.
- Time: {meta["training_seconds"] / 60:.0f} minutes wall-clock on the course's reference machine (2 CPU cores,
  NumPy with OpenBLAS), rendering of the training scenes and the validation after each epoch included.

Validation mAP@0.5 measured the same way on the validation scenes after each epoch:

| epoch | training loss | validation mAP@0.5 |
|---|---|---|
{epochs}

## Measured on the {figures["scenes"]} test scenes (`datasets/road_scenes_test.npz`)

AP@0.5 per class (PASCAL VOC 2010+ all-point average precision; score threshold 0.01,
per-class non-max suppression at IoU 0.5, at most 50 boxes per scene; `helpers.detection.evaluate`;
the notebook computes the same figures with the learner's `yolo_eval`):

| class | objects | AP@0.5 |
|---|---|---|
{rows}
| **mean (mAP@0.5)** | {sum(figures["objects"].values())} | **{figures["map"]:.4f}** |

Weights file: {size / 1e6:.2f} MB, sha256 in `datasets/SHA256SUMS`.

## Limits (measured above)

- Weakest classes: {weak}. The detector does worst on the narrowest objects: with 16-pixel
  cells and a first convolution of stride 2, a box a pixel or two off already falls below
  IoU 0.5 on an object a few pixels wide. Median box widths in the test scenes: {widths}.
- The validation mAP was {history["val_map"][half - 1]:.3f} after epoch {half} and {history["val_map"][-1]:.3f} after epoch
  {len(history["val_map"])}, while the training loss fell from {history["loss"][half - 1]:.3f} to {history["loss"][-1]:.3f}: the second half
  of training mostly fitted the {settings["train_scenes"]} training scenes better. More scenes or a finer
  first layer are the obvious next steps.
"""


def parse_card(text):
    """The AP per class and the mAP recorded in a model card: ({class: ap}, map)."""
    ap, mean = {}, None
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] in roads.CLASSES:
            ap[cells[0]] = float(cells[2])
        if cells[0] == "**mean (mAP@0.5)**":
            mean = float(cells[2].strip("*"))
    return ap, mean


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m helpers.training.yolo")
    parser.add_argument("--out", type=Path, default=DATASETS_DIR / WEIGHTS)
    parser.add_argument("--epochs", type=int, default=Settings.epochs)
    parser.add_argument("--train-scenes", type=int, default=Settings.train_scenes)
    parser.add_argument("--card", action="store_true",
                        help="measure the weights at --out on the test scenes and write the model card")
    args = parser.parse_args(argv)
    if not args.card:
        settings = Settings(epochs=args.epochs, train_scenes=args.train_scenes)
        detector, _ = train(settings)
        save_detector(args.out, detector)
        record_checksum(args.out)
        print(f"weights written to {args.out}")
    detector = load_detector(args.out)
    figures = card_figures(detector)
    print(json.dumps(figures, indent=1))
    write_card(args.out, WEIGHTS, CARD, lambda: render_card(detector, figures, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
