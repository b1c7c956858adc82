"""Train the course's date-translation model with attention and write its model card.

    python -m helpers.training.dates            # train with the recorded settings, write the weights
    python -m helpers.training.dates --card     # measure the committed weights, rewrite the model card

The weights go to ``datasets/date_model.npz`` (checksum in ``datasets/SHA256SUMS``); the model
card is ``course/models/date-model.md``. Everything is seeded: the training pairs
(``helpers.generators.dates``, days that are not held out), the initial weights and the order
of the mini-batches, so a rerun on the same machine writes the same file.

The model is ``helpers.date_model`` (the classic assignment's: a bidirectional LSTM encoder,
attention, a post-attention LSTM decoder), trained with the mean cross-entropy of its ten
output characters and Adam. The held-out test dates (``datasets/dates_test.tsv``) are days
that no training pair uses.
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

from helpers import date_model as dm
from helpers.generators import dates
from helpers.generators.npzfiles import write_npz
from helpers.paths import DATASETS_DIR, REPO_ROOT, dataset_path
from helpers.training.common import adam_step, learning_rate, record_checksum, write_card

CARD = REPO_ROOT / "course" / "models" / "date-model.md"


@dataclass
class Settings:
    """Everything that decides the trained weights (recorded in the weights file)."""

    train_examples: int = 100_000        # the pool of training pairs, drawn once
    steps: int = 8000
    batch: int = 128
    learning_rate: float = 5e-3          # Adam; warm-up then cosine decay to 1 % of it
    warmup_steps: int = 200
    validate_every: int = 500
    val_examples: int = 1000             # pairs of training days under another seed, to follow training
    seed: int = 0
    n_a: int = dm.N_A
    n_s: int = dm.N_S
    n_e: int = dm.N_E


def load_test_dates(path=None):
    """The committed held-out pairs (datasets/dates_test.tsv): a list of (human, ISO)."""
    text = Path(path or dataset_path("dates_test.tsv")).read_text(encoding="utf-8")
    return [tuple(line.split("\t")) for line in text.splitlines() if line]


def exact_match(parameters, pairs):
    """The fraction of pairs whose ISO date the model writes exactly, and the per-character accuracy."""
    guesses = dm.translate([h for h, _ in pairs], parameters)
    exact = float(np.mean([g == m for g, (_, m) in zip(guesses, pairs, strict=True)]))
    chars = float(np.mean([a == b for g, (_, m) in zip(guesses, pairs, strict=True) for a, b in zip(g, m, strict=True)]))
    return exact, chars, guesses


def save_model(path, parameters, meta):
    arrays = {k: np.asarray(v, dtype=np.float32) for k, v in parameters.items()}
    arrays["_meta"] = np.array(json.dumps(meta, sort_keys=True))
    return write_npz(path, arrays)


def load_meta(path=None):
    with np.load(path or dataset_path(dm.WEIGHTS), allow_pickle=False) as f:
        return json.loads(str(f["_meta"]))


def train(settings: Settings, max_steps=None, progress=True, log=print):
    """
    Train the model; return (parameters, meta, the loss of every step).

    max_steps -- stop after this many mini-batches (a quick run for the tests, on only the pairs
                 it needs); None: all steps
    """
    t0 = time.time()
    rng = np.random.default_rng(settings.seed)
    quick = max_steps is not None
    n = min(settings.train_examples, max_steps * settings.batch) if quick else settings.train_examples
    pairs = dates.examples(n, "train")
    _, Y, Xoh, _ = dates.preprocess(pairs)
    Xoh = Xoh.astype(np.float32)
    val = None if quick else dates.examples(settings.val_examples, "train", seed=settings.seed + 1000)
    log(f"{len(pairs)} training pairs made in {time.time() - t0:.1f} s")
    parameters = dm.initialize_parameters(settings.seed, n_a=settings.n_a, n_s=settings.n_s, n_e=settings.n_e)
    moments = {k: (np.zeros_like(p), np.zeros_like(p)) for k, p in parameters.items()}
    total = settings.steps if not quick else min(settings.steps, max_steps)
    history = {"step": [], "loss": [], "val_exact": [], "step_losses": []}
    order = rng.permutation(len(pairs))
    position = 0
    bar = tqdm(range(1, total + 1), desc="date model", disable=not progress, file=sys.stdout, mininterval=2)
    for step in bar:
        if position + settings.batch > len(order):
            order, position = rng.permutation(len(pairs)), 0
        idx = order[position:position + settings.batch]
        position += settings.batch
        loss, grads, _ = dm.loss_and_gradients(Xoh[idx], Y[idx], parameters)
        adam_step(parameters, {k: grads["d" + k] for k in parameters}, moments, step,
                  learning_rate(step - 1, total, settings.learning_rate, settings.warmup_steps), 0.0)
        history["step_losses"].append(loss)
        bar.set_postfix(loss=f"{loss:.4f}", refresh=False)
        if val is not None and (step % settings.validate_every == 0 or step == total):
            exact = exact_match(parameters, val)[0]
            history["step"].append(step)
            history["loss"].append(float(np.mean(history["step_losses"][-settings.validate_every:])))
            history["val_exact"].append(exact)
            log(f"step {step}: loss {history['loss'][-1]:.4f}, exact match (training days, other draws) "
                f"{exact:.4f}  [{time.time() - t0:.0f} s]")
    meta = {"settings": dict(vars(settings)),
            "history": {k: v for k, v in history.items() if k != "step_losses"},
            "training_seconds": round(time.time() - t0, 1)}
    return parameters, meta, history["step_losses"]


# ----------------------------------------------------------------------------------------------
# Model card


def card_figures(parameters):
    """Exact match and character accuracy on the held-out test dates, overall and by format."""
    test = load_test_dates()
    exact, chars, guesses = exact_match(parameters, test)
    # which format wrote each test pair: rerun the generator's draws for the test split
    _, patterns = dates.draws(len(test), "test")
    by_format = {}
    for p, g, (_, m) in zip(patterns, guesses, test, strict=True):
        by_format.setdefault(dates.FORMATS[p], []).append(g == m)
    return {"test_pairs": len(test), "exact": exact, "characters": chars,
            "by_format": {k: [int(sum(v)), len(v)] for k, v in sorted(by_format.items())},
            "errors": [[h, m, g] for g, (h, m) in zip(guesses, test, strict=True) if g != m][:10]}


def render_card(parameters, meta, figures, weights_path) -> str:
    settings, history = meta["settings"], meta["history"]
    n_parameters = sum(int(np.prod(p.shape)) for p in parameters.values())
    size = Path(weights_path).stat().st_size
    rows = "\n".join(f"| {s} | {loss:.4f} | {acc:.4f} |" for s, loss, acc
                     in zip(history["step"], history["loss"], history["val_exact"], strict=True)
                     if s % (2 * settings["validate_every"]) == 0 or s == history["step"][0])
    formats = "\n".join(f"| `{k}` | {ok} / {n} |" for k, (ok, n) in figures["by_format"].items())
    errors = "\n".join(f"| {h} | {m} | {g} |" for h, m, g in figures["errors"]) or "| (none) | | |"
    n_x, n_y = len(dates.HUMAN_VOCAB), len(dates.MACHINE_VOCAB)
    return f"""# Model card: the date-translation model (`datasets/{Path(weights_path).name}`)

Generated by `python -m helpers.training.dates --card` from the committed weights; do not edit by hand.
`tests/test_date_model.py` checks that the weights still give the figures below.

## What it is

The neural machine translation model of the classic assignment, written in NumPy for the course
(`helpers.date_model`): it reads a date written for people ("saturday may 9 2018", "9.05.18")
and writes it in ISO form ("2018-05-09"). The notebook `c5w3-attention-date-translation` uses it.
It knows US-English dates between 1950 and 2049 in the formats of `helpers.generators.dates`
(`course/datasets/dates.md`) and nothing else.

## Architecture ({n_parameters:,} parameters, float32)

| part | operation | size |
|---|---|---|
| input | one-hot characters, {dates.TX} steps (padded) | {n_x} symbols |
| encoder | bidirectional LSTM | {settings["n_a"]} units each way |
| attention, each output step | [a; s<t-1>] -> dense tanh -> dense ReLU -> softmax over the {dates.TX} steps -> context | {settings["n_e"]} units, then 1 |
| decoder | LSTM on the context, from s = c = 0 | {settings["n_s"]} units |
| output | dense softmax, {dates.TY} steps | {n_y} symbols |

## Training

- Data: {settings["train_examples"]:,} pairs drawn once from the training days (`dates.examples(n, "train")`);
  the test days are never drawn.
- Loss: the mean cross-entropy of the {dates.TY} output characters.
- Optimiser: Adam, learning rate {settings["learning_rate"]:g} (warm-up over {settings["warmup_steps"]} steps, cosine decay to 1 %),
  mini-batches of {settings["batch"]}, {settings["steps"]} steps, seed {settings["seed"]}.
- Time: {meta["training_seconds"] / 60:.1f} minutes wall-clock on the course's reference machine (2 CPU cores,
  NumPy with OpenBLAS).

Followed during training on {settings["val_examples"]} other pairs of training days:

| step | training loss | exact match |
|---|---|---|
{rows}

## Measured on the held-out test dates (`datasets/dates_test.tsv`)

{figures["test_pairs"]} pairs of days that no training pair uses.

| measure | value |
|---|---|
| exact match (all 10 characters right) | **{figures["exact"]:.4f}** |
| characters right | {figures["characters"]:.4f} |

By format (Babel pattern):

| format | exact |
|---|---|
{formats}

First errors (input, truth, output):

| input | truth | output |
|---|---|---|
{errors}

Weights file: {size / 1e6:.2f} MB, sha256 in `datasets/SHA256SUMS`.
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.training.dates")
    parser.add_argument("--out", type=Path, default=DATASETS_DIR / dm.WEIGHTS)
    parser.add_argument("--card", action="store_true", help="measure the weights at --out and rewrite the card")
    args = parser.parse_args(argv)
    if not args.card:
        parameters, meta, _ = train(Settings())
        save_model(args.out, parameters, meta)
        record_checksum(args.out)
        print(f"weights written to {args.out}")
    parameters, meta = dm.load_date_model(args.out), load_meta(args.out)
    figures = card_figures(parameters)
    print(json.dumps({k: v for k, v in figures.items() if k != "errors"}, indent=1))
    write_card(args.out, dm.WEIGHTS, CARD, lambda: render_card(parameters, meta, figures, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
