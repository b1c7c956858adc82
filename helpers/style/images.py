"""The content and style images of the style-transfer notebook, as float arrays in [0, 1].

Content: photographs shipped with scikit-image (``chelsea``, ``coffee``, ``astronaut``,
``rocket``...). Style: scikit-image's photographs and greyscale textures (``brick``,
``gravel``, ``grass``) and the generated patterns of ``helpers.style.patterns``. Licences:
``course/datasets/style-images.md``. Nothing is downloaded.
"""

from __future__ import annotations

from helpers.data import load_photo
from helpers.style.patterns import PATTERNS, pattern


def load_content(name="chelsea", size=96):
    """
    A scikit-image photograph, centre-cropped and resized.

    Returns image -- (1, size, size, 3) float64 in [0, 1]
    """
    return (load_photo(name, size) / 255.0)[None]


def load_style(name="waves", size=96, seed=0):
    """
    A style image: a generated pattern (``PATTERNS``) or a scikit-image picture (greyscale
    textures are repeated over the three channels).

    Returns image -- (1, size, size, 3) float64 in [0, 1]
    """
    if name in PATTERNS:
        return pattern(name, size, seed)[None]
    return (load_photo(name, size) / 255.0)[None]
