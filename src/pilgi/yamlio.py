"""Safe YAML reading with errors that name the file and line."""
from __future__ import annotations

from pathlib import Path

import yaml

from .errors import InputError

MAX_INPUT_BYTES = 2_000_000


def read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", str(path)) from None
    if size > MAX_INPUT_BYTES:
        raise InputError(f"file is {size} bytes; the limit is {MAX_INPUT_BYTES}", str(path))
    try:
        return path.read_text(encoding="utf-8-sig")  # a byte-order mark is not content
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", str(path)) from None


def load_yaml(text: str, where: str):
    """yaml.safe_load, so tags such as !!python/object are refused."""
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"YAML syntax error: {problem}", f"{where}{line}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", where) from None
    except RecursionError:
        raise InputError("YAML is nested too deeply", where) from None


def load_yaml_file(path: Path):
    return load_yaml(read_text(path), str(path))
