"""Safe YAML reading (YAML 1.2 core schema) with errors that name the file and line."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from . import reading
from .errors import InputError

MAX_INPUT_BYTES = 2_000_000


def read_text(path: Path, limit: int = MAX_INPUT_BYTES, what: str = "file") -> str:
    """The file's text (see reading.read_text): regular files only, capped at ``limit`` bytes."""
    return reading.read_text(path, limit, what)


class _SafeLoader(yaml.SafeLoader):
    """yaml.SafeLoader whose scalars fail as YAML errors at their own line.

    PyYAML's safe constructors let Python's errors out for some plain values:
    ``2020-13-45`` (a date with month 13), ``0x_``, ``!!int x``, ``!!bool maybe``.
    """

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (ValueError, KeyError, IndexError, AttributeError, TypeError, OverflowError):
            value = node.value if isinstance(node, yaml.ScalarNode) else node.tag
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read '{value}' as {node.tag.rsplit(':', 1)[-1]}", node.start_mark) from None


class WrittenInt(int):
    """A YAML integer that remembers how it was written, for text positions."""
    written: str


class WrittenFloat(float):
    """A YAML float that remembers how it was written: ``3.10`` stays "3.10" as text."""
    written: str


def as_written(value) -> str:
    """A scalar as its source spelled it (numbers), or as Python prints it."""
    return getattr(value, "written", None) or str(value)


def _construct_int(loader, node):
    text = loader.construct_scalar(node)
    value = WrittenInt(int(text, 0) if text[:2].lower() in ("0o", "0x") else int(text.replace("_", "")))
    value.written = text
    return value


def _construct_float(loader, node):
    text = loader.construct_scalar(node)
    special = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}
    value = WrittenFloat(float(special.get(text.lower(), text.replace("_", ""))))
    value.written = text
    return value


def _construct_bool(loader, node):
    text = loader.construct_scalar(node)
    if text.lower() not in ("true", "false"):
        raise ValueError(text)  # "!!bool maybe": refused at its line
    return text.lower() == "true"


class _Core12Loader(_SafeLoader):
    """YAML 1.2's core schema: text is text unless it is spelled as a number,
    true/false or null. ``yes``, ``no``, ``on``, ``off``, ``2024-01-01``, ``1:30``
    and ``0777`` (an octal number to YAML 1.1) are read as written."""

    yaml_implicit_resolvers: dict = {}


# (tag, pattern, first characters), from the YAML 1.2 spec's core schema (10.3.2).
for _tag, _pattern, _first in (
        ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
        ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
        ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
        ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                  r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", list("-+.0123456789")),
        ("merge", r"^(?:<<)$", ["<"])):
    _Core12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), _first)
_Core12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Core12Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_Core12Loader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)


if getattr(yaml, "__with_libyaml__", False):
    class _FastCore12Loader(yaml.cyaml.CParser, _Core12Loader):
        """The same reading with libyaml's parser, several times faster than PyYAML's
        own (it also refuses nesting deeper than 1000 levels by itself)."""

        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _LOADER = _FastCore12Loader
else:
    _LOADER = _Core12Loader


def _document_size(data) -> int:
    """Characters of text plus one per value, counting every alias in full.

    Without aliases this is no more than the file's size; with them a few hundred
    bytes can stand for billions of values (a "billion laughs"). Shared values are
    measured once, so this takes time in proportion to the file, not to what it
    expands to. Raises ValueError for a value that contains itself.
    """
    sizes: dict[int, int] = {}
    open_ids: set[int] = set()
    stack: list[tuple[object, bool]] = [(data, False)]

    def parts(value) -> list:
        return [*value.keys(), *value.values()] if isinstance(value, dict) else list(value)

    def size(value) -> int:
        if isinstance(value, (dict, list, tuple, set, frozenset)):
            return sizes[id(value)]
        return len(value) if isinstance(value, str) else 1

    while stack:
        value, done = stack.pop()
        if not isinstance(value, (dict, list, tuple, set, frozenset)):
            continue
        key = id(value)
        if done:
            sizes[key] = 1 + sum(size(part) for part in parts(value))
            open_ids.discard(key)
        elif key in open_ids:
            raise ValueError("a value contains itself")
        elif key not in sizes:
            open_ids.add(key)
            stack.append((value, True))
            stack.extend((part, False) for part in parts(value))
    return size(data)


def load_yaml(text: str, where: str):
    """Safe loading (tags such as !!python/object are refused), and no more data
    than the input limit allows, however it is spelled with anchors and aliases."""
    try:
        try:
            data = yaml.load(text, Loader=_LOADER)
        except yaml.YAMLError:
            # PyYAML's own parser words its errors better (it shows the character, and
            # the line where a bracket was left open): read again with it for the message.
            data = yaml.load(text, Loader=_Core12Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"YAML syntax error: {problem}", f"{where}{line}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", where) from None
    except RecursionError:
        raise InputError("YAML is nested too deeply", where) from None
    try:
        size = _document_size(data)
    except ValueError:
        raise InputError("YAML aliases make a value that contains itself", where) from None
    if size > MAX_INPUT_BYTES:
        raise InputError(f"YAML aliases expand the document to {size:,} values and characters; "
                         f"the limit is {MAX_INPUT_BYTES:,}", where)
    return data


def load_yaml_file(path: Path, limit: int = MAX_INPUT_BYTES, what: str = "file"):
    return load_yaml(read_text(path, limit, what), reading.display_name(path))
