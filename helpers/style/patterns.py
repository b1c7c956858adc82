"""Colourful style images drawn by code: deterministic, any size, no licence to track.

scikit-image's textures (brick, gravel, grass) are greyscale, so they transfer texture but
no colour; these patterns add colour and strong, regular strokes. Each is a function of the
pixel grid and a seeded ``np.random.default_rng``: the same (name, size, seed) always gives
the same image.

    pattern("waves", 96)   # (96, 96, 3) float64 in [0, 1]
"""

from __future__ import annotations

import numpy as np

PATTERNS = ("waves", "mosaic", "dots")

# a warm-and-cool palette (RGB in [0, 1]) the patterns draw their colours from
PALETTE = np.array([[0.89, 0.29, 0.20], [0.98, 0.75, 0.18], [0.16, 0.45, 0.70], [0.10, 0.62, 0.47],
                    [0.55, 0.25, 0.60], [0.96, 0.50, 0.65], [0.08, 0.12, 0.30], [0.97, 0.94, 0.85]])


def pattern(name="waves", size=96, seed=0):
    """
    A colourful style image.

    name -- "waves" (bands of colour bent by sines), "mosaic" (Voronoi cells of flat colour
            with dark borders, like stained glass), "dots" (overlapping discs on a dark ground)
    size -- side in pixels
    seed -- seed of the random draws (positions, colours, phases)
    Returns image -- (size, size, 3) float64 in [0, 1]
    """
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size] / size
    if name == "waves":
        phase = rng.uniform(0, 2 * np.pi, 3)
        t = (x + 0.5 * y + 0.08 * np.sin(2 * np.pi * 3 * y + phase[0])
             + 0.05 * np.sin(2 * np.pi * 5 * x + phase[1]))
        band = np.floor(t * 9 + phase[2]).astype(int) % len(PALETTE)
        colours = PALETTE[rng.permutation(len(PALETTE))]
        image = colours[band]
        image = image * (0.75 + 0.25 * np.cos(2 * np.pi * 9 * t)[..., None] ** 2)
    elif name == "mosaic":
        n = 40
        centres = rng.random((n, 2))
        colours = PALETTE[rng.integers(0, len(PALETTE) - 1, n)]
        d = (y[..., None] - centres[:, 0]) ** 2 + (x[..., None] - centres[:, 1]) ** 2
        order = np.sort(d, axis=-1)
        image = colours[np.argmin(d, axis=-1)]
        edge = np.sqrt(order[..., 1]) - np.sqrt(order[..., 0]) < 2.0 / size
        image = np.where(edge[..., None], 0.1, image)
    elif name == "dots":
        image = np.broadcast_to(PALETTE[6], (size, size, 3)).copy()
        for _ in range(60):
            cy, cx = rng.random(2)
            r = rng.uniform(0.03, 0.09)
            colour = PALETTE[rng.integers(0, 6)]
            inside = (y - cy) ** 2 + (x - cx) ** 2 < r ** 2
            image[inside] = colour
    else:
        raise ValueError(f"unknown pattern {name!r}: choose one of {PATTERNS}")
    return np.clip(image, 0, 1)
