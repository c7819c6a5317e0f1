"""Pictures a sheet points to (custom section icons), read with limits.

An image file is untrusted input: its size on disk and its pixel count are checked
from the header before any pixel is decoded, so a decompression bomb is refused
instead of filling memory.
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from .errors import InputError
from .reading import read_bytes

PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
MAX_PICTURE_BYTES = 5_000_000
MAX_PICTURE_PIXELS = 4_000_000
MAX_PICTURE_SIDE = 4096


def is_picture_ref(icon: str) -> bool:
    return icon.lower().endswith(PICTURE_SUFFIXES)


def resolve(icon: str, sheet_path: str) -> Path:
    path = Path(icon)
    if not path.is_absolute() and sheet_path:
        path = Path(sheet_path).parent / path
    return path


@lru_cache(maxsize=32)
def load_picture(path: Path, where: str) -> Image.Image:
    """The picture as RGBA, or an InputError naming the file and what is wrong."""
    try:
        data = read_bytes(path, MAX_PICTURE_BYTES, "picture")
    except InputError as exc:
        raise InputError(f"picture {path}: {exc.message}", where) from None
    try:
        with Image.open(io.BytesIO(data)) as im:
            w, h = im.size
            if w > MAX_PICTURE_SIDE or h > MAX_PICTURE_SIDE or w * h > MAX_PICTURE_PIXELS:
                raise InputError(f"picture {path} is {w}x{h} pixels; the limit is "
                                 f"{MAX_PICTURE_PIXELS} pixels, {MAX_PICTURE_SIDE} a side", where)
            im.seek(0)
            return im.convert("RGBA")
    except InputError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError) as exc:
        raise InputError(f"picture {path} cannot be read ({type(exc).__name__})", where) from None
