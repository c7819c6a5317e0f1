"""Writing pages to disk (the backends make the bytes).

Every write goes to a temporary file in the target folder and is renamed into
place, so a failed run never leaves a half-written file.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import InputError

def write_files(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary name beside its target, then rename them all;
    on any failure remove the temporaries, so no target is left half-written."""
    for path in files:  # the one rename failure that can be foreseen: check before any
        if path.is_dir():
            raise InputError("cannot write: a folder is in the way", str(path))
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            staged.append((_stage(path, data), path))
        for tmp, path in staged:
            os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"cannot write ({exc.strerror})", str(exc.filename or path)) from None
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)


def atomic_write(path: Path, data: bytes) -> None:
    write_files({path: data})


def _stage(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes owner-only files; pages are ordinary files, as the umask says.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp
