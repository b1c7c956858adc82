"""What the course's training scripts share: the learning-rate schedule, the Adam step and the checksum record."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from helpers.paths import DATASETS_DIR


def learning_rate(step, total, peak, warmup_steps):
    """Linear warm-up to peak over warmup_steps, then cosine decay to 1 % of peak at step total."""
    if step < warmup_steps:
        return peak * (step + 1) / warmup_steps
    progress = (step - warmup_steps) / max(total - warmup_steps, 1)
    return peak * (0.01 + 0.99 * 0.5 * (1 + np.cos(np.pi * progress)))


def adam_step(parameters, grads, moments, step, lr, weight_decay, beta1=0.9, beta2=0.999, eps=1e-8):
    """
    One in-place Adam update of every parameter (L2 weight decay on the names starting with "W").

    moments -- {name: (m, v)} arrays updated in place; step -- the update's number, from 1
    """
    for name, p in parameters.items():
        g = grads[name].astype(p.dtype, copy=False)
        if name.startswith("W"):
            g = g + weight_decay * p
        m, v = moments[name]
        m *= beta1
        m += (1 - beta1) * g
        v *= beta2
        v += (1 - beta2) * g * g
        p -= (lr * np.sqrt(1 - beta2 ** step) / (1 - beta1 ** step) * m / (np.sqrt(v) + eps)).astype(p.dtype)


def record_checksum(path):
    """Put the weights file's sha256 into datasets/SHA256SUMS (when it is written there)."""
    path = Path(path).resolve()
    if path.parent != DATASETS_DIR.resolve():
        return
    from helpers.build_data import MANIFEST, read_manifest, sha256
    recorded = read_manifest()
    recorded[path.name] = sha256(path)
    (DATASETS_DIR / MANIFEST).write_text("".join(f"{d}  {n}\n" for n, d in sorted(recorded.items())))


def write_card(weights_path, weights_name, card, text):
    """Write the model card (text() gives it) when weights_path is the committed weights file."""
    if Path(weights_path).resolve() == (DATASETS_DIR / weights_name).resolve():
        card.parent.mkdir(parents=True, exist_ok=True)
        card.write_text(text())
        print(f"model card written to {card}")


def parse_card(text):
    """The figures recorded in a model card's test table: {measure: value}."""
    figures = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[1]:
            value = cells[1].strip("*").split(" ")[0]
            try:
                figures[cells[0]] = float(value)
            except ValueError:
                pass
    return figures
