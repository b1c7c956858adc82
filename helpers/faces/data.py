"""The face portraits the notebook uses: test portraits, validation portraits, the residents' photos."""

from __future__ import annotations

import numpy as np

from helpers.generators import faces
from helpers.paths import dataset_path

RESIDENTS = faces.RESIDENTS


def load_test_faces():
    """
    The committed portraits of the 200 never-seen test identities (datasets/faces_test.npz).

    Returns {"images" uint8 (800, 64, 64, 3), "identity" (800,), "lookalike_images" uint8
    (100, 64, 64, 3), "lookalike_of" (100,)}: 4 portraits of each test identity, and 4 portraits
    of each of 25 look-alikes with the identity they resemble.
    """
    with np.load(dataset_path("faces_test.npz"), allow_pickle=False) as f:
        return {name: f[name] for name in f.files}


def validation_faces(n_identities=100, per_identity=4):
    """Portraits of the validation identities (never seen in training, not test identities), rendered."""
    return faces.portraits("val", range(n_identities), per_identity)


def photo_path(name):
    """The path of a photo of datasets/faces/: an enrolment photo ("ada_1"), a door shot ("door_07")
    or a look-alike's photo ("lookalike_of_ada")."""
    return str(dataset_path(f"faces/{name}.png"))


def enrolment_photos(name):
    """The paths of the three photos resident `name` enrolled with (faces/<name>_1.png to _3.png)."""
    return [photo_path(f"{name}_{n}") for n in range(1, len(faces.ENROLMENT_PORTRAITS) + 1)]


def door_photos():
    """
    The door camera's photos in order: a list of (path, who), who being the resident's name or
    None for a visitor (faces/door_01.png, ...; see helpers.generators.faces.door_camera).
    """
    return [(photo_path(f"door_{n:02d}"), shot[4]) for n, shot in enumerate(faces.door_camera(), start=1)]


def lookalike_photos():
    """The photos of the residents' look-alikes: a list of (path, name of the resident they resemble)."""
    return [(photo_path(f"lookalike_of_{name}"), name) for _, name in faces.lookalike_shots()]
