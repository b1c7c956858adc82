"""Writing an .npz archive byte for byte reproducibly.

np.savez_compressed stamps every zip entry with the current time, so two builds of the same
arrays differ. write_npz writes the same layout (one ``name.npy`` entry per array, deflated)
with a fixed date, so a rebuild gives an identical file that np.load reads as usual.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np

DATE_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold


def write_npz(path, arrays: dict) -> Path:
    """Write arrays ({name: array}) into the .npz file at path, in the order given; return the path.

    Arrays must not hold Python objects (np.load reads them without pickle).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asanyarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buffer.getvalue(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return path
