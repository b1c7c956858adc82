"""Neural style transfer without ImageNet: images and a random-weight feature network.

- ``features``: a fixed random-weight multi-scale ConvNet (``make_network``), the activations
  of its layers for an image (``features``) and the backward pass from the gradients of
  those activations to the image (``features_backward``);
- ``patterns``: colourful procedurally generated style images (deterministic);
- ``images``: the content and style images of the course (scikit-image's photographs and
  textures, the generated patterns), as float arrays in [0, 1].
"""

from helpers.style.features import features, features_backward, make_network
from helpers.style.images import load_content, load_style
from helpers.style.patterns import PATTERNS, pattern

__all__ = ["PATTERNS", "features", "features_backward", "load_content", "load_style",
           "make_network", "pattern"]
