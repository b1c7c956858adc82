"""Train the course's face encoder with the triplet loss and write its model card.

    python -m helpers.training.faces            # train with the recorded settings, write the weights
    python -m helpers.training.faces --card     # measure the committed weights, rewrite the model card

The weights go to ``datasets/face_encoder.npz`` (checksum in ``datasets/SHA256SUMS``); the model
card is ``course/models/face-encoder.md``. Everything is seeded: the training portraits
(``helpers.generators.faces``, split "train"), the initial weights, the identities and portraits
drawn into each mini-batch, the flips and the added noise, so a rerun on the same machine writes
the same file.

Triplets are mined inside each mini-batch ("batch-all", Hermans, Beyer & Leibe, "In Defense of
the Triplet Loss for Person Re-Identification", 2017): a batch holds P identities with K
portraits each; every (anchor, positive, negative) of the batch that still violates the margin
counts, and the loss is their mean. Easy triplets (already apart by the margin) do not dilute it.
Random people rarely look alike, so each batch also holds the look-alikes
(``helpers.generators.faces.lookalike``) of some of its people, as hard negatives.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from helpers.faces import encoder as enc
from helpers.faces.data import load_test_faces
from helpers.faces.model import WEIGHTS, FaceEncoder, load_face_encoder, save_face_encoder
from helpers.faces.verification import (
    balanced_accuracy,
    best_threshold,
    pair_distances,
    roc_auc,
    roc_curve,
)
from helpers.generators import faces
from helpers.paths import DATASETS_DIR, REPO_ROOT
from helpers.training.common import adam_step, learning_rate, record_checksum, write_card

CARD = REPO_ROOT / "course" / "models" / "face-encoder.md"
STRICT_FPR = 0.001   # the strict operating point of the card (the notebook's door uses the same rate)


@dataclass
class Settings:
    """Everything that decides the trained weights (recorded in the weights file)."""

    train_identities: int = 2000
    portraits_per_identity: int = 12
    val_identities: int = 100
    val_portraits: int = 4
    steps: int = 10000
    identities_per_batch: int = 24       # P, look-alikes included
    portraits_per_batch: int = 4         # K: a batch holds P x K portraits
    lookalikes_per_batch: int = 8        # of the P identities, look-alikes of others in the batch
    margin: float = 0.2                  # alpha of the triplet loss, on squared distances
    learning_rate: float = 1e-3          # Adam; warm-up then cosine decay to 1 % of it
    warmup_steps: int = 200
    weight_decay: float = 5e-4           # L2 on the weights
    noise: float = 4.0                   # augmentation: Gaussian noise, std drawn in [0, noise] / 255 per batch
    validate_every: int = 500
    seed: int = 0
    architecture: tuple = enc.ARCHITECTURE
    embedding: int = enc.EMBEDDING


# ----------------------------------------------------------------------------------------------
# The trained encoder


# ----------------------------------------------------------------------------------------------
# Data and measures


def verification(encoder, images, identities, threshold=None):
    """
    ROC AUC and balanced accuracy over all pairs of the portraits.

    threshold -- the distance below which a pair is called the same person; None: the best one here
    Returns {"auc", "threshold", "accuracy", "pairs_same", "pairs_different"}.
    """
    d, same = pair_distances(encoder.encode(images), identities)
    if threshold is None:
        threshold, accuracy = best_threshold(d, same)
    else:
        accuracy = balanced_accuracy(d, same, threshold)
    return {"auc": roc_auc(d, same), "threshold": float(threshold), "accuracy": accuracy,
            "pairs_same": int(same.sum()), "pairs_different": int((~same).sum())}


# ----------------------------------------------------------------------------------------------
# Training


def train(settings: Settings, max_steps=None, progress=True, log=print):
    """
    Train an encoder; return (encoder, history).

    max_steps -- stop after this many mini-batches (a quick run for the tests); None: all steps
    history -- {"step": [...], "loss": [mean over the last steps], "active": [...], "val_auc": [...],
                "val_accuracy": [...], "step_losses": [...]}
    """
    t0 = time.time()
    rng = np.random.default_rng(settings.seed)
    P, K = settings.identities_per_batch, settings.portraits_per_batch
    quick = max_steps is not None
    n_ids = min(settings.train_identities, max(P, max_steps * P)) if quick else settings.train_identities
    data = faces.portraits("train", range(n_ids), settings.portraits_per_identity)
    twins = faces.lookalike_portraits("train", range(n_ids), settings.portraits_per_identity)
    # the look-alike of identity k is identity n_ids + k
    images = np.concatenate([data["images"], twins["images"]])
    labels = np.concatenate([data["identity"], n_ids + twins["lookalike_of"]])
    log(f"{len(images)} training portraits of {n_ids} identities and their look-alikes rendered "
        f"in {time.time() - t0:.0f} s")
    val = None if quick else faces.portraits("val", range(settings.val_identities), settings.val_portraits)

    parameters = enc.init_parameters(settings.seed, settings.architecture, settings.embedding)
    bn_state = enc.init_bn_state(parameters)
    moments = {name: (np.zeros_like(p), np.zeros_like(p)) for name, p in parameters.items()}
    encoder = FaceEncoder(parameters, bn_state, {"settings": dict(vars(settings))})
    by_identity = [np.flatnonzero(labels == k) for k in range(2 * n_ids)]
    L = settings.lookalikes_per_batch
    total = settings.steps if not quick else min(settings.steps, max_steps)
    history = {"step": [], "loss": [], "active": [], "val_auc": [], "val_accuracy": [], "step_losses": []}
    actives = []
    bar = tqdm(range(1, total + 1), desc="face encoder", disable=not progress, file=sys.stdout,
               mininterval=2)
    for step in bar:
        chosen = rng.choice(n_ids, P - L, replace=False)
        chosen = np.concatenate([chosen, n_ids + chosen[:L]])      # hard negatives: look-alikes
        idx = np.concatenate([rng.choice(by_identity[k], K, replace=False) for k in chosen])
        X = images[idx].astype(np.float32) / 255
        flip = rng.random(len(idx)) < 0.5
        X[flip] = X[flip, :, ::-1]
        X += rng.standard_normal(X.shape, dtype=np.float32) * np.float32(rng.uniform(0, settings.noise) / 255)
        Y, cache = enc.forward(parameters, bn_state, X, train=True, architecture=settings.architecture)
        loss, active, dY = enc.batch_all_triplet_loss(Y, labels[idx], settings.margin)
        grads = enc.backward(dY, cache, parameters)
        adam_step(parameters, grads, moments, step,
                  learning_rate(step - 1, total, settings.learning_rate, settings.warmup_steps),
                  settings.weight_decay)
        history["step_losses"].append(loss)
        actives.append(active)
        bar.set_postfix(loss=f"{loss:.3f}", refresh=False)
        if val is not None and (step % settings.validate_every == 0 or step == total):
            figures = verification(encoder, val["images"], val["identity"])
            window = slice(-settings.validate_every, None)
            history["step"].append(step)
            history["loss"].append(float(np.mean(history["step_losses"][window])))
            history["active"].append(float(np.mean(actives[window])))
            history["val_auc"].append(figures["auc"])
            history["val_accuracy"].append(figures["accuracy"])
            log(f"step {step}: loss {history['loss'][-1]:.4f}, active triplets {history['active'][-1]:.3f}, "
                f"validation AUC {figures['auc']:.4f}, balanced accuracy {figures['accuracy']:.4f}  "
                f"[{time.time() - t0:.0f} s]")
    encoder.meta = {"settings": dict(vars(settings)),
                    "history": {k: v for k, v in history.items() if k != "step_losses"},
                    "training_seconds": round(time.time() - t0, 1)}
    return encoder, history


# ----------------------------------------------------------------------------------------------
# Model card


def card_figures(encoder):
    """Verification on the never-seen validation and test identities, and on the look-alikes."""
    settings = encoder.meta["settings"]
    val = faces.portraits("val", range(settings["val_identities"]), settings["val_portraits"])
    chosen = verification(encoder, val["images"], val["identity"])
    # a strict operating point, as for a door: at most 1 in 1000 different-person pairs accepted
    thresholds, _, fpr = roc_curve(*pair_distances(encoder.encode(val["images"]), val["identity"]))
    strict = float(thresholds[np.searchsorted(fpr, STRICT_FPR, side="right") - 1])
    test = load_test_faces()
    figures = verification(encoder, test["images"], test["identity"], chosen["threshold"])
    figures["best_accuracy"] = verification(encoder, test["images"], test["identity"])["accuracy"]
    figures["identities"] = len(np.unique(test["identity"]))
    figures["portraits"] = len(test["images"])
    # each look-alike against the portraits of the person it resembles
    Y = encoder.encode(test["images"])
    Z = encoder.encode(test["lookalike_images"])
    dist = np.linalg.norm(Z[:, None] - Y[None], axis=-1)
    twin = test["lookalike_of"][:, None] == test["identity"][None]
    figures["lookalike_pairs"] = int(twin.sum())
    figures["lookalike_rejected"] = float(np.mean(dist[twin] > chosen["threshold"]))
    figures["lookalike_rejected_strict"] = float(np.mean(dist[twin] > strict))
    d, same = pair_distances(Y, test["identity"])
    figures["strict_threshold"] = strict
    figures["strict_tpr"] = float(np.mean(d[same] <= strict))
    figures["strict_fpr"] = float(np.mean(d[~same] <= strict))
    figures["val_threshold"] = chosen["threshold"]
    figures["val_accuracy"] = chosen["accuracy"]
    return figures


def render_card(encoder, figures, weights_path) -> str:
    """The model card's text: architecture, data, training, measured figures."""
    meta, settings = encoder.meta, encoder.meta["settings"]
    history = meta["history"]
    n_parameters = sum(int(np.prod(p.shape)) for p in encoder.parameters.values())
    size = Path(weights_path).stat().st_size
    layers = "\n".join(f"| {k} | conv {f}x{f}, stride {s}, batch norm, leaky ReLU 0.1 | {c} |"
                       for k, (f, c, s) in enumerate(settings["architecture"], start=1))
    rows = "\n".join(f"| {s} | {loss:.4f} | {act:.3f} | {auc:.4f} | {acc:.4f} |" for s, loss, act, auc, acc
                     in zip(history["step"], history["loss"], history["active"], history["val_auc"],
                            history["val_accuracy"], strict=True)
                     if s % (4 * settings["validate_every"]) == 0 or s == history["step"][0])
    P, K = settings["identities_per_batch"], settings["portraits_per_batch"]
    return f"""# Model card: the face encoder (`datasets/{Path(weights_path).name}`)

Generated by `python -m helpers.training.faces --card` from the committed weights; do not edit by hand.
`tests/test_face_encoder.py` checks that the weights still give the figures below.

## What it is

A small ConvNet written in NumPy for the course (`helpers.faces.encoder`) that maps a 64 x 64
colour portrait to a 128-dimensional encoding of length 1, trained with the triplet loss of
FaceNet (Schroff, Kalenichenko & Philbin, CVPR 2015) so that portraits of the same person are
close and portraits of different people are far apart. The notebook `c4w4-face-verification`
uses it. It is a teaching model trained on **rendered** faces (`course/datasets/faces.md`); it
has never seen a photograph of a person and must not be used on one.

## Architecture ({n_parameters:,} parameters, float32)

| layer | operation | channels |
|---|---|---|
{layers}
| pool | global average pooling | {settings["architecture"][-1][1]} |
| out | dense with bias, then division by the L2 norm | {settings["embedding"]} |

## Training

- Data: {settings["portraits_per_identity"]} portraits of each of the {settings["train_identities"]} identities of the "train" split of
  `helpers.generators.faces` (rendered by the script, not stored); horizontal flips and Gaussian
  noise (standard deviation up to {settings["noise"]:g} of 255) as augmentation. Validation: {settings["val_portraits"]} portraits of each of
  the {settings["val_identities"]} identities of the "val" split. The three splits share no identity.
- Loss: the triplet loss with margin {settings["margin"]:g} on squared distances, mined "batch-all" (Hermans,
  Beyer & Leibe, 2017): each mini-batch holds {P} identities x {K} portraits; every
  (anchor, positive, negative) of the batch that still violates the margin counts and the loss is
  their mean.
- Optimiser: Adam, learning rate {settings["learning_rate"]:g} (warm-up over {settings["warmup_steps"]} steps, cosine decay to 1 %),
  L2 weight decay {settings["weight_decay"]:g}, {settings["steps"]} mini-batches, seed {settings["seed"]}.
- Time: {meta["training_seconds"] / 60:.0f} minutes wall-clock on the course's reference machine (2 CPU cores,
  NumPy with OpenBLAS), rendering and validation included.

Measured on the validation portraits during training (all pairs; balanced accuracy at the best
threshold there):

| step | training loss | active triplets | validation AUC | validation balanced accuracy |
|---|---|---|---|---|
{rows}

## Measured on the never-seen test identities (`datasets/faces_test.npz`)

{figures["portraits"]} portraits, {figures["identities"]} identities, all pairs: {figures["pairs_same"]:,} of the same person and
{figures["pairs_different"]:,} of different people. The rule "same person if the L2 distance of the
encodings is at most the threshold" uses the threshold chosen on the validation identities (the
one with the best balanced accuracy there).

| measure | value |
|---|---|
| ROC AUC | **{figures["auc"]:.4f}** |
| threshold (chosen on validation) | {figures["threshold"]:.3f} |
| balanced verification accuracy at that threshold | **{figures["accuracy"]:.4f}** |
| balanced accuracy at the best threshold on the test pairs (for reference) | {figures["best_accuracy"]:.4f} |
| look-alike pairs told apart at that threshold | {figures["lookalike_rejected"]:.4f} ({figures["lookalike_pairs"]} pairs) |
| strict threshold (false-positive rate at most {STRICT_FPR:g} on validation) | {figures["strict_threshold"]:.3f} |
| same-person pairs accepted at the strict threshold | {figures["strict_tpr"]:.4f} |
| different-person pairs accepted at the strict threshold | {figures["strict_fpr"]:.4f} |
| look-alike pairs told apart at the strict threshold | {figures["lookalike_rejected_strict"]:.4f} |

Weights file: {size / 1e6:.2f} MB, sha256 in `datasets/SHA256SUMS`.

## Limits (measured above)

- Look-alikes (a person rendered with most traits of another, see the datasheet) are the hard
  case: {(1 - figures["lookalike_rejected"]) * 100:.0f} % of the look-alike pairs fall under the balanced threshold and
  {(1 - figures["lookalike_rejected_strict"]) * 100:.0f} % under the strict one.
- A strict threshold keeps strangers out at the price of the people it should let in: at a
  false-positive rate of {STRICT_FPR:g} it accepts {figures["strict_tpr"] * 100:.0f} % of the same-person pairs.
- The threshold trades one error for the other; the notebook draws the ROC curve and lets the
  learner see it.
"""


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m helpers.training.faces")
    parser.add_argument("--out", type=Path, default=DATASETS_DIR / WEIGHTS)
    parser.add_argument("--steps", type=int, default=Settings.steps)
    parser.add_argument("--card", action="store_true",
                        help="measure the weights at --out and write the model card")
    args = parser.parse_args(argv)
    if not args.card:
        encoder, _ = train(Settings(steps=args.steps))
        save_face_encoder(args.out, encoder)
        record_checksum(args.out)
        print(f"weights written to {args.out}")
    encoder = load_face_encoder(args.out.resolve())
    figures = card_figures(encoder)
    print(json.dumps(figures, indent=1))
    write_card(args.out, WEIGHTS, CARD, lambda: render_card(encoder, figures, args.out))
    return 0

if __name__ == "__main__":
    sys.exit(main())
