"""Rebuild every data file of the course from its deterministic generator.

    python -m helpers.build_data               # rebuild datasets/ and datasets/SHA256SUMS
    python -m helpers.build_data --check       # rebuild into a temporary folder and compare
    python -m helpers.build_data --only cats   # one data set

Each entry of REGISTRY writes its files into a folder and returns their paths. The files of
TRAINED are network weights: their checksums are in the same manifest, but they are made by
a training script (too slow to rerun here), not by this command; tests check them against
their model cards instead.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from helpers.generators.cats import write_cat_dataset
from helpers.generators.dates import write_dates
from helpers.generators.faces import write_faces
from helpers.generators.names import write_names
from helpers.generators.roads import write_road_scenes
from helpers.generators.signs import write_signs
from helpers.paths import DATASETS_DIR

REGISTRY: dict[str, Callable[[Path], list[Path]]] = {
    "cats": write_cat_dataset,
    "signs": write_signs,
    "roads": write_road_scenes,
    "faces": write_faces,
    "names": write_names,
    "dates": write_dates,
}
# weights file -> the command that trains it (and rewrites its checksum and model card)
TRAINED: dict[str, str] = {
    "yolo_roads.npz": "python -m helpers.training.yolo",
    "face_encoder.npz": "python -m helpers.training.faces",
    "date_model.npz": "python -m helpers.training.dates",
}
MANIFEST = "SHA256SUMS"


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_manifest(folder: Path = DATASETS_DIR) -> dict[str, str]:
    """{filename: sha256} as recorded in datasets/SHA256SUMS."""
    lines = (Path(folder) / MANIFEST).read_text().splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines if line.strip())}


def build(names: list[str] | None = None, out_dir: Path | None = None) -> dict[str, str]:
    """Write the registered data sets into out_dir (default datasets/); return {filename: sha256}."""
    out = Path(out_dir or DATASETS_DIR)
    out.mkdir(parents=True, exist_ok=True)
    digests = {}
    for name, write in REGISTRY.items():
        if names and name not in names:
            continue
        for path in write(out):
            digests[Path(path).relative_to(out).as_posix()] = sha256(path)
    return digests


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.build_data")
    parser.add_argument("--out", type=Path, default=DATASETS_DIR)
    parser.add_argument("--only", action="append", choices=sorted(REGISTRY))
    parser.add_argument("--check", action="store_true", help="rebuild in a temporary folder and compare")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = build(args.only, Path(tmp))
        recorded = {name: digest for name, digest in read_manifest(args.out).items() if name not in TRAINED}
        stale = [name for name, digest in fresh.items() if recorded.get(name) != digest]
        for name in stale:
            print(f"stale: {name}")
        print("data files up to date" if not stale else f"{len(stale)} stale file(s): run make data")
        return 1 if stale else 0
    digests = build(args.only, args.out)
    recorded = read_manifest(args.out) if (args.out / MANIFEST).exists() else {}
    recorded = {n: d for n, d in recorded.items() if (args.out / n).exists()}  # files since removed
    recorded.update(digests)
    (args.out / MANIFEST).write_text("".join(f"{d}  {n}\n" for n, d in sorted(recorded.items())))
    for name, digest in sorted(digests.items()):
        print(f"{digest}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
