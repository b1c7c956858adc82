"""Where the course's files are: the package is installed in editable mode from the repository."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DATASETS_DIR = REPO_ROOT / "datasets"


def dataset_path(filename: str) -> Path:
    """The path of a file in datasets/, with a helpful error if it is missing."""
    path = DATASETS_DIR / filename
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `make data` (python -m helpers.build_data) "
                                "in the course folder to rebuild the data files.")
    return path
