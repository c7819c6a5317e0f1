"""The one way pilgi reads a file: regular files only, never more than a limit.

Every input (sheets, layouts, icon files, pictures, build entries) comes through
here. A FIFO, a device such as /dev/zero or a folder is refused before any byte
is read (a FIFO is opened without waiting for a writer), and the limit is
enforced while reading, whatever the file's size claims to be — a file that grows
as it is read is still cut off. ``-`` is standard input, capped the same way.
"""
from __future__ import annotations

import os
import re
import stat
import sys
import unicodedata
from pathlib import Path

from .errors import InputError, escape
from .lexicon import normalise

STDIN = "-"
STDIN_NAME = "<stdin>"  # how messages name standard input
CHUNK = 1 << 16
MAX_LISTED = 20  # problems one refusal lists
# Unicode's control characters (category Cc) but tab and newline; carriage returns
# are line ends and read as newlines before this applies.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# The blocks of right-to-left scripts; each match is confirmed by its bidi class.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]")

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a pipe (FIFO)"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def is_stdin(path: Path | str) -> bool:
    return str(path) == STDIN


def display_name(path: Path | str) -> str:
    return STDIN_NAME if is_stdin(path) else str(path)


def not_regular(mode: int) -> str:
    """What a file of this mode is, when it is not a regular file; "" when it is."""
    if stat.S_ISREG(mode):
        return ""
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def is_regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _too_big(what: str, limit: int, where: str) -> InputError:
    return InputError(f"{what} is more than {limit} bytes; the limit is {limit}", where)


def _read_capped(read, limit: int, what: str, where: str) -> bytes:
    parts: list[bytes] = []
    total = 0
    while True:
        chunk = read(min(CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _too_big(what, limit, where)


def read_bytes(path: Path | str, limit: int, what: str = "file") -> bytes:
    """The file's bytes, at most ``limit`` of them; an InputError for anything else."""
    where = display_name(path)
    if is_stdin(path):
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise InputError(f"cannot read {what}: there is no standard input", where)
        try:
            return _read_capped(stream.read, limit, what, where)
        except OSError as exc:
            raise InputError(f"cannot read {what} ({exc.strerror or exc})", where) from None
    try:
        # O_NONBLOCK: opening a FIFO does not wait for a writer, so it can be refused.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(f"cannot read {what} ({exc.strerror})", where) from None
    except ValueError:  # a NUL in the name
        raise InputError(f"cannot read {what} (invalid file name)", where) from None
    try:
        info = os.fstat(fd)
        kind = not_regular(info.st_mode)
        if kind:
            hint = " (use - for standard input)" if kind == "a pipe (FIFO)" else ""
            raise InputError(f"cannot read {what}: it is {kind}, not a regular file{hint}", where)
        if info.st_size > limit:
            raise InputError(f"{what} is {info.st_size} bytes; the limit is {limit}", where)
        os.set_blocking(fd, True)
        return _read_capped(lambda size: os.read(fd, size), limit, what, where)
    except OSError as exc:
        raise InputError(f"cannot read {what} ({exc.strerror})", where) from None
    finally:
        os.close(fd)


def decode(data: bytes, where: str) -> str:
    """UTF-8 text as written: a byte-order mark dropped, line ends made ``\\n``, NFC,
    and control characters other than tab and newline refused with their places."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte {exc.start})", f"{where}:{line}") from None
    text = normalise(text.replace("\r\n", "\n").replace("\r", "\n"))
    check_characters(text, where)
    return text


def read_text(path: Path | str, limit: int, what: str = "file") -> str:
    return decode(read_bytes(path, limit, what), display_name(path))


def control_characters(text: str) -> list[tuple[int, int, str]]:
    """(line, column, character) of each control character other than tab and newline."""
    found = []
    for match in _CONTROL.finditer(text):
        if len(found) > MAX_LISTED:
            break
        i = match.start()
        found.append((text.count("\n", 0, i) + 1, i - text.rfind("\n", 0, i), match[0]))
    return found


def listed(problems: list[str]) -> str:
    """Problems joined for one line, at most MAX_LISTED of them."""
    more = f"; and {len(problems) - MAX_LISTED} more" if len(problems) > MAX_LISTED else ""
    return "; ".join(problems[:MAX_LISTED]) + more


def right_to_left(text: str) -> list[tuple[int, int, str]]:
    """(line, column, character) of the first right-to-left letter on each line."""
    found: list[tuple[int, int, str]] = []
    for match in _RTL.finditer(text):
        if len(found) > MAX_LISTED:
            break
        i = match.start()
        line = text.count("\n", 0, i) + 1
        if unicodedata.bidirectional(match[0]) in ("R", "AL") and (not found or found[-1][0] != line):
            found.append((line, i - text.rfind("\n", 0, i), match[0]))
    return found


def _places(found: list[tuple[int, int, str]]) -> str:
    more = " and more" if len(found) > MAX_LISTED else ""
    return ", ".join(f"line {line} column {col} ({escape(repr(ch))})" for line, col, ch in found[:MAX_LISTED]) + more


def check_characters(text: str, where: str) -> None:
    """Refuse control characters (NUL, escape sequences…) and right-to-left scripts,
    naming where they are."""
    found = control_characters(text)
    if found:
        raise InputError(f"control characters are not text: {_places(found)}", where)
    found = right_to_left(text)
    if found:
        # The page is laid out left to right, one character after another: Arabic and
        # Hebrew would come out reversed and unjoined, so they are refused, not drawn wrong.
        raise InputError(f"right-to-left text (Arabic, Hebrew…) cannot be drawn yet: {_places(found)}", where)
