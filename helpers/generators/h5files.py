"""Writing a rendered image data set in the classic h5 layout, byte for byte reproducibly."""

from __future__ import annotations

from pathlib import Path

import h5py


def write_classic_h5(out_dir, stem: str, data: dict) -> list[Path]:
    """Write {split}_{stem}.h5 for split in train, test; return their paths.

    data -- {"train_set_x", "train_set_y", "test_set_x", "test_set_y", "list_classes"}: arrays.
    Images and labels are gzip-compressed; no timestamps are stored, so a rebuild gives
    identical files.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for split in ("train", "test"):
        path = out_dir / f"{split}_{stem}.h5"
        with h5py.File(path, "w", track_order=False) as f:
            for key in (f"{split}_set_x", f"{split}_set_y"):
                f.create_dataset(key, data=data[key], compression="gzip", compression_opts=9,
                                 shuffle=True, track_times=False)
            f.create_dataset("list_classes", data=data["list_classes"], track_times=False)
        paths.append(path)
    return paths
