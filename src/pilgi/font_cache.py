"""What pilgi works out from font files (and the emoji data), kept on disk between runs.

Knowing which characters a font really draws means reading its cmap and glyph
outlines: about 0.15 s for pilgi's fonts at every start, for a few kilobytes of
answer; likewise the pairs of characters its 'kern' table kerns. Cutting a font
down to a page's glyphs for the vector formats takes fontTools about 0.1 s a font.
All are kept in the user's cache folder
($PILGI_CACHE_DIR, else $XDG_CACHE_HOME/pilgi, else ~/.cache/pilgi), keyed by the
font's path, size and modification time (and, for a subset, the characters and
the fontTools version), so a changed or replaced font is read again. The emoji
table lexicon.py draws from the ``emoji`` package is kept the same way, keyed by
the package's file. A cache that cannot be read or written is simply not used.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import struct
from array import array
from pathlib import Path
from typing import Callable

FORMAT = 1  # bump when what a character map holds changes
MAGIC = b"PILGICMAP"
HEADER = struct.Struct("<9sII")  # magic, format, number of code points
BLOB = struct.Struct("<9s32sQ")  # magic, SHA-256 of the bytes, their length
BLOB_MAGIC = b"PILGIBLOB"
KEEP_SUBSETS = 256  # the newest are kept: a page's subsets, not every page ever drawn


def cache_dir() -> Path:
    if os.environ.get("PILGI_CACHE_DIR"):
        return Path(os.environ["PILGI_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pilgi"


def package_file(name: str) -> Path | None:
    """An installed package's ``__init__.py``, found without importing the package:
    what the caches of things worked out from a package (or by it) are keyed by."""
    spec = importlib.util.find_spec(name)
    return Path(spec.origin) if spec is not None and spec.origin else None


def cached_cmap(path: Path, read: Callable[[Path], frozenset[int]]) -> frozenset[int]:
    """``read(path)``, from the disk cache when the same font was read before."""
    file = _cache_file("cmaps", path, str(FORMAT))
    if file is None:
        return read(path)
    found = _load(file)
    if found is not None:
        return found
    drawn = read(path)
    points = array("I", sorted(drawn))
    _write(file, HEADER.pack(MAGIC, FORMAT, len(points)) + points.tobytes())
    return drawn


def cached_subset(path: Path, key: str, make: Callable[[], bytes]) -> bytes:
    """``make()`` (a subset of the font at ``path``; ``key`` names what it keeps and
    how), from the disk cache when the same subset was made before."""
    return cached_bytes("subsets", path, key, make, KEEP_SUBSETS)


def cached_bytes(kind: str, source: Path, key: str, make: Callable[[], bytes], keep: int | None = None) -> bytes:
    """``make()`` (bytes worked out from the file ``source``; ``key`` names what and
    how), from the disk cache when they were made before; ``keep``: how many of this
    kind stay."""
    file = _cache_file(kind, source, key)
    if file is None:
        return make()
    try:
        data = file.read_bytes()
        magic, digest, length = BLOB.unpack_from(data)
        body = data[BLOB.size:]
        if magic == BLOB_MAGIC and len(body) == length and hashlib.sha256(body).digest() == digest:
            return body
    except (OSError, struct.error):
        pass
    body = make()
    _write(file, BLOB.pack(BLOB_MAGIC, hashlib.sha256(body).digest(), len(body)) + body)
    if keep is not None:
        _prune(file.parent, keep)
    return body


def _cache_file(kind: str, font: Path, key: str) -> Path | None:
    try:
        info = font.stat()
    except OSError:
        return None
    text = f"{key}\0{font.resolve()}\0{info.st_size}\0{info.st_mtime_ns}".encode("utf-8", "surrogateescape")
    return cache_dir() / kind / f"{hashlib.sha256(text).hexdigest()[:32]}.bin"


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


def _write(file: Path, data: bytes) -> None:
    import tempfile  # only when something is cached for the first time: a slow import

    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=file.parent, prefix=".new-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temp, file)  # whole or not at all, even with two renders at once
        except BaseException:
            os.unlink(temp)
            raise
    except OSError:
        pass  # an unwritable cache only costs the next start its time


def _prune(folder: Path, keep: int) -> None:
    """Only the ``keep`` newest files stay."""
    try:
        files = sorted(folder.glob("*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[keep:]:
            old.unlink()
    except OSError:
        pass  # another render pruned it first
