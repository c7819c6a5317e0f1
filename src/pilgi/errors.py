"""Errors the user can act on. Anything else escaping the CLI is a bug (exit 1)."""
from __future__ import annotations

import re
from dataclasses import dataclass


# Control characters (C0, DEL, C1) and the invisible marks that reorder or hide text
# on a terminal: shown as escapes, so no message can move the cursor, retitle or
# clear the user's terminal, or make one file name look like another.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escape(text: str) -> str:
    """``text`` with every control character written as a Python escape (\\x1b)."""
    return _UNSAFE.sub(lambda m: repr(m[0])[1:-1], text)


class InputError(Exception):
    """Bad input: printed as one line, exit code 2, nothing written.

    ``where`` names the place: a file, optionally with a line or a field path.
    """

    def __init__(self, message: str, where: str = ""):
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        text = escape(" ".join(self.message.split()))
        # A file name or a YAML key in the place may hold line breaks too; one line still.
        where = escape(" ".join(self.where.splitlines()))
        return f"{where}: {text}" if where else text


@dataclass(frozen=True)
class Overflow:
    """A box whose content cannot fit, and by how much."""
    box: str  # "'Intro' (slot left)", "the title"
    problem: str  # "does not fit: over by 40 px (3.4 mm, 0.9 lines) at the smallest size 33 px"
    kind: str = "section"  # said before the box when it is named alone
    over_px: float | None = None  # how far over, where it is a height

    def __str__(self) -> str:
        return f"{self.box} {self.problem}"

    def alone(self) -> str:
        return f"{self.kind} {self}" if self.kind else str(self)


class FitError(InputError):
    """Content that cannot fit its region at the smallest legible size: every box that
    is over (``overflows``), and a message naming them all."""

    def __init__(self, overflows: list[Overflow], where: str = ""):
        self.overflows = list(overflows)
        if len(self.overflows) == 1:
            message = self.overflows[0].alone()
        else:
            message = f"{len(self.overflows)} sections do not fit: " + "; ".join(map(str, self.overflows))
        super().__init__(message, where)

    @classmethod
    def joined(cls, errors: list["FitError"]) -> "FitError":
        """One error naming every box over in ``errors``, placed at the first one's file."""
        if len(errors) == 1:
            return errors[0]
        where = errors[0].where.split(":")[0] if errors[0].where else ""
        return cls([overflow for error in errors for overflow in error.overflows], where)


class FontError(InputError):
    """A font the theme needs is not installed."""


def unknown_key(kind: str, key, known) -> str:
    """"unknown field 'colr' (did you mean 'color'? expected one of: …)" for a key not in ``known``."""
    known = sorted(str(k) for k in known)
    import difflib  # only for a key that is wrong: a render need not load it

    close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown {kind} '{key}' ({hint}expected one of: {', '.join(known)})"
