"""Plots the notebooks share."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np


def show_images(images, titles=None, ncols=8, size=1.6):
    """
    Show images in a grid.

    images -- sequence or array of images, each (n_H, n_W, 3) uint8/float or (n_H, n_W) grey
    titles -- optional sequence of strings, one per image
    ncols -- number of columns of the grid
    Returns fig -- the matplotlib figure
    """
    images = list(images)
    n = len(images)
    ncols = max(1, min(ncols, n))
    nrows = max(1, int(np.ceil(n / ncols)))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + (0.3 * nrows if titles else 0)),
                             squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < n:
            image = np.asarray(images[i])
            ax.imshow(image, cmap="gray" if image.ndim == 2 else None, interpolation="nearest")
            if titles is not None:
                ax.set_title(str(titles[i]), fontsize=8)
    fig.tight_layout()
    return fig
