"""Where a run may write: rules that keep one output from overwriting another.

A run's outputs (pages, the report) must be distinct files, and none of them may be
the sheet being read; ``--format`` and the extension of ``-o FILE`` must agree.
``-o -`` writes one format to standard output.
"""
from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError
from .reading import is_stdin
from .writing import STDOUT


def _same_file(a: Path, b: Path) -> bool:
    if a == STDOUT or b == STDOUT:
        return False
    try:
        return os.path.samefile(a, b)
    except OSError:  # one does not exist yet: compare where they would be
        return a.resolve() == b.resolve()


def stdout_outputs(formats: tuple[str, ...], format_given: bool) -> dict[str, Path]:
    """``-o -``: the one format asked for (the first default one when none was)."""
    if format_given and len(formats) > 1:
        raise InputError(f"-o - writes one format to standard output; --format names {len(formats)} "
                         f"({','.join(formats)})", "-o")
    return {formats[0]: STDOUT}


def check_targets(source: str, outputs: dict[str, Path], formats: tuple[str, ...], format_given: bool,
                  report: Path | None = None) -> None:
    """Refuse a run whose targets clash, before anything is read or written."""
    if format_given and set(outputs) != set(formats):
        chosen = next(iter(outputs))
        raise InputError(f"--format {','.join(formats)} disagrees with the output file's extension "
                         f"(.{chosen}); give one or make them match", "-o")
    targets = [(f"the {fmt.upper()} output", path) for fmt, path in outputs.items()]
    if report == STDOUT:
        raise InputError("the report is written to a file, not to standard output", "--report")
    if report is not None:
        targets.append(("the report", report))
    for i, (name, path) in enumerate(targets):
        if not is_stdin(source) and _same_file(path, Path(source)):
            raise InputError(f"{name} would overwrite the sheet being read", str(path))
        for other_name, other in targets[:i]:
            if _same_file(path, other):
                raise InputError(f"{name} and {other_name} are the same file", str(path))
