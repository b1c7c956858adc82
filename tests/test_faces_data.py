"""The rendered faces for face verification: determinism, identities, look-alikes and the test file."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.build_data import read_manifest, sha256
from helpers.generators import faces
from helpers.paths import DATASETS_DIR

SIZE = faces.IMAGE_SIZE
FILE = "faces_test.npz"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    paths = faces.write_faces(tmp_path_factory.mktemp("faces"))
    assert len(paths) == (1 + len(faces.RESIDENTS) * len(faces.ENROLMENT_PORTRAITS)
                          + len(faces.door_camera()) + len(faces.lookalike_shots()))
    return paths[0]


def _trait_distance(a, b):
    """Mean distance of the continuous traits, each as a fraction of its range."""
    return np.mean([abs(a[n] - b[n]) / (hi - lo) for n, (lo, hi) in faces.TRAITS.items()])


def test_identity_is_deterministic_and_splits_differ():
    a = faces.identity("train", 7)
    assert a == faces.identity("train", 7)
    assert a != faces.identity("val", 7) and a != faces.identity("test", 7)
    assert a != faces.identity("train", 8)
    assert set(faces.TRAITS) <= set(a)
    for name, (lo, hi) in faces.TRAITS.items():
        assert lo <= a[name] <= hi, name
    for key in ("skin", "hair_colour", "eye_colour", "lip_colour", "brow_colour", "glasses_colour"):
        assert len(a[key]) == 3 and all(0 <= c <= 255 for c in a[key]), key


def test_portraits_are_reproducible_one_by_one():
    data = faces.portraits("test", [5, 9], 3)
    again = faces.portraits("test", [5, 9], 3)
    assert np.array_equal(data["images"], again["images"])
    assert data["identity"].tolist() == [5, 5, 5, 9, 9, 9]
    person = faces.identity("test", 9)
    rng = np.random.default_rng([faces.SPLIT_SEEDS["test"], 9, 0, 2, faces.PORTRAIT_TAG])
    assert np.array_equal(faces.render_face(person, rng), data["images"][5])
    other_seed = faces.portraits("test", [5], 1, seed=1)["images"][0]
    assert not np.array_equal(other_seed, data["images"][0])
    assert not np.array_equal(faces.portraits("val", [5], 1)["images"][0], data["images"][0])


def test_shapes_and_dtypes():
    data = faces.portraits("val", range(3), 2)
    assert data["images"].shape == (6, SIZE, SIZE, 3) and data["images"].dtype == np.uint8
    assert data["identity"].shape == (6,) and data["identity"].dtype == np.int64
    small = faces.render_face(faces.identity("val", 0), np.random.default_rng(0), size=32)
    assert small.shape == (32, 32, 3) and small.dtype == np.uint8
    assert data["images"].std() > 20


def test_portraits_of_one_person_differ_visibly():
    images = faces.portraits("train", range(6), 4)["images"].astype(float)
    for k in range(6):
        group = images[4 * k:4 * k + 4]
        for i in range(4):
            for j in range(i + 1, 4):
                assert np.abs(group[i] - group[j]).mean() > 8, (k, i, j)


def test_identities_are_varied():
    people = [faces.identity("test", k) for k in range(faces.N_IDENTITIES["test"])]
    assert {p["hair_style"] for p in people} == set(faces.HAIR_STYLES)
    assert {p["glasses"] for p in people} == set(faces.GLASSES)
    assert {p["beard"] for p in people} == set(faces.BEARDS)
    tones = [p["skin_tone"] for p in people]
    assert min(tones) < 0.05 and max(tones) > 0.95
    assert any(p["freckles"] for p in people) and any(p["mole"] is not None for p in people)
    assert len({tuple(sorted((k, str(v)) for k, v in p.items())) for p in people}) == len(people)


def test_lookalikes_differ_yet_share_most_traits():
    for k in range(0, 40, 4):
        person = faces.identity("test", k)
        other = faces.lookalike_of("test", k)
        assert other == faces.lookalike_of("test", k)  # deterministic
        assert len(other["redrawn"]) >= 2
        for name in ("hair_style", "glasses", "glasses_colour", "beard"):
            assert other[name] == person[name], name
        changed = [n for n in other["redrawn"] if other[n] != person[n]]
        assert len(changed) == len(other["redrawn"]), "a redrawn trait kept its value"
        close = [n for n, (lo, hi) in faces.TRAITS.items() if abs(other[n] - person[n]) <= 0.25 * (hi - lo)]
        assert len(close) >= 0.8 * len(faces.TRAITS)
        assert abs(other["skin_tone"] - person["skin_tone"]) < 0.25
        # closer to the original than any of 30 other identities
        nearest_other = min(_trait_distance(person, faces.identity("test", j)) for j in range(100, 130))
        assert _trait_distance(person, other) < nearest_other
    rng = np.random.default_rng(0)
    assert len(faces.lookalike(faces.identity("test", 1), rng, closeness=0.5)["redrawn"]) == 10


def test_written_file_loads_with_the_documented_layout(written):
    n = faces.N_IDENTITIES["test"] * faces.TEST_PER_IDENTITY
    m = len(faces.LOOKALIKE_OF) * faces.LOOKALIKE_PER_IDENTITY
    with np.load(written) as f:
        assert f.files == ["images", "identity", "lookalike_images", "lookalike_of"]
        assert f["images"].shape == (n, SIZE, SIZE, 3) and f["images"].dtype == np.uint8
        assert f["identity"].dtype == np.int64
        assert f["identity"].tolist() == np.repeat(np.arange(200), faces.TEST_PER_IDENTITY).tolist()
        assert f["lookalike_images"].shape == (m, SIZE, SIZE, 3) and f["lookalike_images"].dtype == np.uint8
        assert f["lookalike_of"].dtype == np.int64
        per = faces.LOOKALIKE_PER_IDENTITY
        assert f["lookalike_of"].tolist() == np.repeat(faces.LOOKALIKE_OF, per).tolist()
        first = faces.portraits("test", [0, 1], faces.TEST_PER_IDENTITY)["images"]
        assert np.array_equal(f["images"][:len(first)], first)
        look = faces.lookalike_portraits("test", faces.LOOKALIKE_OF[:1], faces.LOOKALIKE_PER_IDENTITY)
        assert np.array_equal(f["lookalike_images"][:faces.LOOKALIKE_PER_IDENTITY], look["images"])
    assert written.stat().st_size < 4.5e6


def test_rewriting_gives_the_same_bytes(written):
    """The fresh build matches the committed file and its recorded checksum, byte for byte."""
    digest = sha256(written)
    assert digest == read_manifest()[FILE] == sha256(DATASETS_DIR / FILE)


def test_the_door_photos_are_the_test_portraits_they_say():
    from PIL import Image

    data = np.load(DATASETS_DIR / FILE)
    images, identity = data["images"], data["identity"]

    def photo(name):
        return np.asarray(Image.open(DATASETS_DIR / "faces" / f"{name}.png"))

    for k, name in enumerate(faces.RESIDENTS):
        # the first enrolment photo is test portrait 0; the other two are rendered beyond the file
        assert np.array_equal(photo(f"{name}_1"), images[np.flatnonzero(identity == k)[0]]), name
        for n, j in enumerate(faces.ENROLMENT_PORTRAITS[1:], start=2):
            assert j >= faces.TEST_PER_IDENTITY   # never one of the door's probes
            expected = faces.render_face(faces.identity("test", k), faces.portrait_rng("test", k, j))
            assert np.array_equal(photo(f"{name}_{n}"), expected), (name, n)
    shots = faces.door_camera()
    assert len(shots) == 40 and sum(who is not None for *_, who in shots) == 30
    assert {who for *_, who in shots} - {None} == set(faces.RESIDENTS)
    for n, (_, kind, k, j, who) in enumerate(shots, start=1):
        assert kind == "portrait"
        assert np.array_equal(photo(f"door_{n:02d}"), images[np.flatnonzero(identity == k)[j]])
        assert who == (faces.RESIDENTS[k] if k < len(faces.RESIDENTS) else None)
        assert (j in (1, 2, 3)) if who else (j == 0 and k in faces.VISITORS)
    for k, name in faces.lookalike_shots():
        look = data["lookalike_images"][np.flatnonzero(data["lookalike_of"] == k)[0]]
        assert np.array_equal(photo(f"lookalike_of_{name}"), look)
    assert [name for _, name in faces.lookalike_shots()] == ["ada", "ines"]
