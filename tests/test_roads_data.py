"""The rendered road scenes for object detection: determinism, boxes, masks and the test file."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from helpers.generators import roads
from helpers.generators.npzfiles import write_npz

N = 60  # scenes checked here; the whole test split is checked through the written file


@pytest.fixture(scope="module")
def test_split():
    return roads.scenes("test", 0, roads.TEST_SCENES)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("roads")
    (path,) = roads.write_road_scenes(out)
    return path


def test_scene_is_deterministic_and_splits_differ():
    a, b = roads.scene("train", 7), roads.scene("train", 7)
    for key in ("image", "boxes", "labels", "mask"):
        assert np.array_equal(a[key], b[key])
    assert not np.array_equal(a["image"], roads.scene("val", 7)["image"])
    assert not np.array_equal(a["image"], roads.scene("train", 8)["image"])
    s = roads.render_scene(np.random.default_rng([roads.SPLIT_SEEDS["train"], 7]))
    assert np.array_equal(s["image"], a["image"])


def test_scene_shapes_and_dtypes():
    s = roads.scene("val", 0)
    size = roads.IMAGE_SIZE
    assert s["image"].shape == (size, size, 3) and s["image"].dtype == np.uint8
    assert s["mask"].shape == (size, size) and s["mask"].dtype == np.uint8
    n = len(s["labels"])
    assert s["boxes"].shape == (n, 4) and s["boxes"].dtype == np.float32
    assert s["labels"].dtype == np.int64
    assert s["image"].std() > 10


def test_boxes_inside_the_image_and_not_degenerate(test_split):
    b, size = test_split["boxes"], roads.IMAGE_SIZE
    assert (b[:, 0] >= 0).all() and (b[:, 1] >= 0).all() and (b[:, 2] <= size).all() and (b[:, 3] <= size).all()
    assert (b[:, 2] - b[:, 0] >= roads.MIN_BOX).all() and (b[:, 3] - b[:, 1] >= roads.MIN_BOX).all()
    labels = test_split["labels"]
    assert ((labels >= 0) & (labels < len(roads.CLASSES))).all()


def test_every_class_appears_and_scenes_hold_several_objects(test_split):
    counts = np.bincount(test_split["labels"], minlength=len(roads.CLASSES))
    assert (counts >= 50).all(), counts
    per_scene = np.diff(test_split["offsets"])
    assert 2.5 <= per_scene.mean() <= 6 and per_scene.max() <= 10


def test_boxes_agree_with_the_mask(test_split):
    offsets = test_split["offsets"]
    for i in range(N):
        mask = test_split["masks"][i]
        boxes = test_split["boxes"][offsets[i]:offsets[i + 1]]
        labels = test_split["labels"][offsets[i]:offsets[i + 1]]
        covered = np.zeros_like(mask, dtype=bool)
        for (x1, y1, x2, y2), k in zip(boxes, labels, strict=True):
            window = (slice(int(np.floor(y1)), int(np.ceil(y2))), slice(int(np.floor(x1)), int(np.ceil(x2))))
            assert (mask[window] == k + 1).any(), f"scene {i}: a {roads.CLASSES[k]} box holds no pixel of its class"
            covered[window] |= mask[window] == k + 1
        # every labelled pixel lies in a box of its class
        assert np.array_equal(covered, mask > 0), f"scene {i}"


def test_written_file_loads_with_the_documented_layout(written, test_split):
    n, size = roads.TEST_SCENES, roads.IMAGE_SIZE
    with np.load(written) as f:
        assert set(f.files) == {"images", "masks", "boxes", "labels", "offsets", "classes"}
        assert f["images"].shape == (n, size, size, 3) and f["images"].dtype == np.uint8
        assert f["masks"].shape == (n, size, size) and f["masks"].dtype == np.uint8
        assert f["offsets"].shape == (n + 1,) and f["offsets"][0] == 0
        assert f["boxes"].shape == (f["offsets"][-1], 4) and f["boxes"].dtype == np.float32
        assert f["labels"].shape == (f["offsets"][-1],) and f["labels"].dtype == np.int64
        assert f["classes"].tolist() == list(roads.CLASSES)
        for key in ("images", "masks", "boxes", "labels", "offsets"):
            assert np.array_equal(f[key], test_split[key])


def test_rewriting_gives_the_same_bytes(written, tmp_path):
    (again,) = roads.write_road_scenes(tmp_path)
    assert hashlib.sha256(again.read_bytes()).digest() == hashlib.sha256(written.read_bytes()).digest()


def test_write_npz_roundtrip(tmp_path):
    arrays = {"a": np.arange(6, dtype=np.int16).reshape(2, 3), "b": np.array(["x", "yz"])}
    path = write_npz(tmp_path / "t.npz", arrays)
    with np.load(path) as f:
        assert f.files == ["a", "b"]
        assert np.array_equal(f["a"], arrays["a"]) and f["a"].dtype == np.int16
        assert f["b"].tolist() == ["x", "yz"]
