"""Reading a photo file into memory, safely: its size and pixel count are checked from the
header before anything is decoded, so an empty file, a non-image or a decompression bomb
gives one clear error instead of a decoder traceback or gigabytes of memory."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import cv2
import numpy as np

from kiosk.errors import ImageError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 megapixels: more than any camera a kiosk is fed from


def image_dimensions(data: bytes, name: str) -> tuple[int, int]:
    """(width, height) from the file's header, without decoding the pixels."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's own bomb warning: we decide below
            with Image.open(io.BytesIO(data)) as img:
                return img.size
    except Image.DecompressionBombError:
        raise ImageError(f"{name} has too many pixels to process.", remedy="Use a photo of at most 40 megapixels.") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ImageError(f"{name} is not a readable image.", remedy="Use a JPEG or PNG photo.") from None


def read_image(path: Path) -> np.ndarray:
    """Decode an image file into memory (BGR). Nothing is ever written back."""
    path = Path(path)
    try:
        if not path.is_file():
            raise ImageError(f"No image file at {path}.", remedy="Check the path.")
        size = path.stat().st_size
        if size == 0:
            raise ImageError(f"{path} is empty (0 bytes).", remedy="Use a JPEG or PNG photo.")
        if size > MAX_FILE_BYTES:
            raise ImageError(f"{path} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.",
                             remedy="Use a smaller JPEG or PNG photo.")
        data = path.read_bytes()
    except OSError as exc:
        raise ImageError(f"Cannot read {path}: {exc.strerror}.", remedy="Check the path.") from None
    width, height = image_dimensions(data, str(path))
    if width * height > MAX_PIXELS or width <= 0 or height <= 0:
        raise ImageError(f"{path} is {width}x{height} pixels, too large to process.",
                         remedy="Use a photo of at most 40 megapixels.")
    frame = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if frame is None:
        raise ImageError(f"{path} is not a readable image.", remedy="Use a JPEG or PNG photo.")
    return frame
