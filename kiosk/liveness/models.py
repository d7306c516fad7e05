"""Vendored model files (``assets/models/``): located, checked against their sha256, loaded.

A fresh clone needs nothing outside the repository. A file that is missing or altered is
refused with a :class:`~kiosk.errors.LivenessModelError` that names the remedy; nothing
half-loads.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kiosk.biometrics.yunet import MODEL_DIRS
from kiosk.errors import LivenessModelError

MODELS_DIR = MODEL_DIRS[-1]  # the source tree's assets/models/

#: file name -> sha256 (from the models' README; checked at every load)
SHA256 = {
    "minifasnet_v2_scale2.7_80x80.onnx": "d66544c0924fbeacc764904b83e5b4e8b95fc8b2edcba8c3cd8c980d7c126915",
    "minifasnet_v1se_scale4.0_80x80.onnx": "f2f23311e94b56bb7e5fbbdb3724db8ef4a6c3845027a7d38b3e56c56d40a66e",
}


def checked_model(name: str, models_dir: Path | None = None) -> bytes:
    """The bytes of vendored model ``name`` after its sha256 matched; LivenessModelError if not."""
    dirs = (models_dir,) if models_dir is not None else MODEL_DIRS  # installed package first, then the source tree
    path = next((d / name for d in dirs if (d / name).is_file()), dirs[-1] / name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LivenessModelError(
            f"The liveness model {path} could not be read ({exc.strerror or exc}).",
            remedy="Reinstall the kiosk from a complete copy (assets/models/ ships with it), or use card or PIN.",
        ) from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256[name]:
        raise LivenessModelError(
            f"The liveness model {path} is not the expected file (sha256 {digest[:12]}..., "
            f"expected {SHA256[name][:12]}...).",
            remedy="Restore assets/models/ from the kiosk's release; never replace model files by hand.",
        )
    return data
