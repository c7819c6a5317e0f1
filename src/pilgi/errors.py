"""Errors the user can act on. Anything else escaping the CLI is a bug (exit 1)."""
from __future__ import annotations


class InputError(Exception):
    """Bad input: printed as one line, exit code 2, nothing written.

    ``where`` names the place: a file, optionally with a line or a field path.
    """

    def __init__(self, message: str, where: str = ""):
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        text = " ".join(self.message.split())
        # A file name or a YAML key in the place may hold line breaks too; one line still.
        where = " ".join(self.where.splitlines())
        return f"{where}: {text}" if where else text


class FitError(InputError):
    """Content that cannot fit its region at the smallest legible size."""


class FontError(InputError):
    """A font the theme needs is not installed."""
