"""Fonts' character maps kept on disk between runs.

Knowing which characters a font really draws means reading its cmap and glyph
outlines: about 0.15 s for pilgi's fonts at every start, for a few kilobytes of
answer. The answer is kept in the user's cache folder ($PILGI_CACHE_DIR, else
$XDG_CACHE_HOME/pilgi, else ~/.cache/pilgi), keyed by the font's path, size and
modification time, so a changed or replaced font is read again. A cache that
cannot be read or written is simply not used.
"""
from __future__ import annotations

import hashlib
import os
import struct
from array import array
from pathlib import Path
from typing import Callable

FORMAT = 1  # bump when what a character map holds changes
MAGIC = b"PILGICMAP"
HEADER = struct.Struct("<9sII")  # magic, format, number of code points


def cache_dir() -> Path:
    if os.environ.get("PILGI_CACHE_DIR"):
        return Path(os.environ["PILGI_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pilgi"


def cached_cmap(path: Path, read: Callable[[Path], frozenset[int]]) -> frozenset[int]:
    """``read(path)``, from the disk cache when the same font was read before."""
    try:
        info = path.stat()
    except OSError:
        return read(path)
    key = f"{FORMAT}\0{path.resolve()}\0{info.st_size}\0{info.st_mtime_ns}".encode("utf-8", "surrogateescape")
    file = cache_dir() / "cmaps" / f"{hashlib.sha256(key).hexdigest()[:32]}.bin"
    found = _load(file)
    if found is not None:
        return found
    drawn = read(path)
    _store(file, drawn)
    return drawn


def _load(file: Path) -> frozenset[int] | None:
    try:
        data = file.read_bytes()
        magic, version, count = HEADER.unpack_from(data)
        points = array("I")
        points.frombytes(data[HEADER.size:])
    except (OSError, struct.error, ValueError):
        return None
    if magic != MAGIC or version != FORMAT or len(points) != count:
        return None
    return frozenset(points)


def _store(file: Path, drawn: frozenset[int]) -> None:
    import tempfile  # only when a font is read for the first time: a slow import

    points = array("I", sorted(drawn))
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=file.parent, prefix=".cmap-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(HEADER.pack(MAGIC, FORMAT, len(points)) + points.tobytes())
            os.replace(temp, file)  # whole or not at all, even with two renders at once
        except BaseException:
            os.unlink(temp)
            raise
    except OSError:
        pass  # an unwritable cache only costs the next start its time
