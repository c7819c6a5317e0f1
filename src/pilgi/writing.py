"""Writing output files all or nothing.

Every file goes to a temporary name beside its target and is renamed into place
only when all of them are written, so a failed run leaves no half-written file.
Temporary names carry the writer's process id: a run that was killed outright
(SIGKILL, a power cut) leaves one behind, and the next write into that folder
removes it once that process is gone. SIGINT and SIGTERM remove them at once
(see :func:`on_termination`). Folders are created for a write and removed again
when it fails. ``-`` is standard output.
"""
from __future__ import annotations

import os
import re
import signal
import sys
import time
from pathlib import Path

from .errors import InputError
from .reading import not_regular

STDOUT = Path("-")
_TEMP = re.compile(r"\..+\.pilgi-(\d+)-[0-9a-f]+\.tmp")
# Earlier versions named them by mkstemp alone (no process id): those are taken
# as stale once an hour old, and only beside pilgi's own kinds of output.
_OLD_TEMP = re.compile(r"\..+\.(?:png|pdf|json|yaml|svg|webp|jpg|md)\.[a-z0-9_]{8}\.tmp")
OLD_TEMP_AGE = 3600  # seconds


def write_files(files: dict[Path, bytes], inside: Path | None = None) -> None:
    """Write every file (``-``: standard output, last), or none of them.

    With ``inside``, a link that leads out of that folder is replaced, not written
    through: a built tree never writes past its output folder."""
    files = dict(files)
    to_stdout = files.pop(STDOUT, None)
    for path in files:  # the failures that can be foreseen: checked before any write
        if path.is_dir():
            raise InputError("cannot write: a folder is in the way", str(path))
        try:
            kind = not_regular(os.stat(path).st_mode)
        except OSError:
            kind = ""  # not there yet
        if kind:  # renaming onto /dev/stdout or a FIFO would replace it with a file
            raise InputError(f"cannot write: it is {kind}, not a regular file (use -o - for standard output)",
                             str(path))
    # A link to a file is written through, not replaced by a file of its own.
    files = {_through_link(path, inside): data for path, data in files.items()}
    staged: list[tuple[Path, Path]] = []
    created: list[Path] = []
    path, done = None, False
    try:
        for path, data in files.items():
            created += _make_folders(path.parent)
            clear_stale_temporaries(path.parent)
            tmp = _temp_name(path)
            staged.append((tmp, path))  # listed before it exists: an interrupt cannot leak it
            _write_new(tmp, data)
        for tmp, path in staged:
            os.replace(tmp, path)
        done = True
    except OSError as exc:  # named by the file asked for, never by its temporary name
        raise InputError(f"cannot write ({exc.strerror})", str(path)) from None
    finally:
        if not done:  # failed or interrupted: the temporaries go, and the folders made for them
            for tmp, _ in staged:
                try:
                    tmp.unlink(missing_ok=True)
                except OSError:
                    pass  # never created (its folder could not be)
            _remove_empty(created)
    if to_stdout is not None:
        stream = sys.stdout.buffer
        stream.write(to_stdout)
        stream.flush()


def _through_link(path: Path, inside: Path | None) -> Path:
    if not path.is_symlink():
        return path
    target = Path(os.path.realpath(path))
    if inside is not None and not target.is_relative_to(os.path.realpath(inside)):
        return path
    return target


def atomic_write(path: Path, data: bytes) -> None:
    write_files({path: data})


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones created, deepest last."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir(exist_ok=True)
    return list(reversed(missing))


def _remove_empty(folders: list[Path]) -> None:
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            pass  # not empty after all (another writer): it stays


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.pilgi-{os.getpid()}-{os.urandom(4).hex()}.tmp")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def _older(path: Path, now: float) -> bool:
    try:
        return now - path.lstat().st_mtime > OLD_TEMP_AGE
    except OSError:
        return False


def clear_stale_temporaries(folder: Path) -> list[Path]:
    """Remove temporary files in ``folder`` left by pilgi runs that have ended."""
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    now = time.time()
    for name in names:
        match = _TEMP.fullmatch(name)
        if match and not _alive(int(match[1])) or _OLD_TEMP.fullmatch(name) and _older(folder / name, now):
            try:
                (folder / name).unlink()
                removed.append(folder / name)
            except OSError:
                pass
    return removed


def _write_new(tmp: Path, data: bytes) -> None:
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # as the umask says
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so cleanup runs as for Ctrl-C."""


def on_termination() -> None:
    """Make SIGTERM end the run as SIGINT does: by an exception, so every ``finally``
    that removes a temporary file runs. (Python's default for SIGTERM is to die at once.)"""
    def stop(signum, frame):
        raise Terminated
    try:
        signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: the caller's own handling stays
        pass
