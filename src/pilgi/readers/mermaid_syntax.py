"""Pieces of Mermaid syntax shared by its diagram readers: front matter, entities,
icons, ``@{ … }`` metadata and the names of Mermaid's node shapes.

Mermaid accepts much that has no meaning on paper (config, accessibility text,
animation, icons); these helpers take it out so the readers see only what is drawn.
"""
from __future__ import annotations

import html
import re

import yaml

_FENCE = re.compile(r"\s*---\s*")
_TITLE_LINE = re.compile(r"\s*title\s*:\s*(?P<title>.*?)\s*")


def front_matter(lines: list[str]) -> tuple[str, int]:
    """The title of a leading ``---`` … ``---`` block and how many lines it spans (0 without
    one). Config in it is ignored; a block that is not YAML still gives its ``title:`` line."""
    if not lines or not _FENCE.fullmatch(lines[0]):
        return "", 0
    end = next((i for i in range(1, len(lines)) if _FENCE.fullmatch(lines[i])), None)
    if end is None:
        return "", 0
    body = "\n".join(lines[1:end])
    try:
        data = yaml.safe_load(body)
    except yaml.YAMLError:
        data = None
    if isinstance(data, dict):
        title = data.get("title")
        return (str(title).strip() if title is not None else ""), end + 1
    found = next((m for line in lines[1:end] if (m := _TITLE_LINE.fullmatch(line))), None)
    return (found["title"].strip("\"'") if found else ""), end + 1


_ENTITY = re.compile(r"#(?P<name>[A-Za-z]+|\d+);")
_ICON = re.compile(r"\b(?:fa[a-z]?|fa-[a-z]+|mdi|logos):[\w-]+\s*")


def _entity(match: re.Match[str]) -> str:
    name = match["name"]
    text = html.unescape(f"&#{name};" if name.isdigit() else f"&{name};")
    return match[0] if text.startswith("&") else text


def plain_text(text: str) -> str:
    """Label text as written on paper: ``#quot;``/``#9829;`` entities decoded, ``fa:fa-…``
    icons left out (pilgi draws no icon font)."""
    return _ENTITY.sub(_entity, _ICON.sub("", text)).strip() if ("#" in text or ":" in text) else text


_PAIR = re.compile(r'\s*"?(?P<key>[\w-]+)"?\s*:\s*(?P<value>"(?:[^"\\]|\\.)*"|[^,]*?)\s*(?:,|$)')


def metadata(body: str) -> dict[str, str] | None:
    """The ``key: value`` pairs of an ``@{ … }`` block (quotes optional, JSON or YAML-like);
    None when it is not such a list."""
    text = body.strip()
    out: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        match = _PAIR.match(text, pos)
        if match is None or match.end() == pos:
            return None
        value = match["value"]
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1].replace('\\"', '"')
        out[match["key"]] = value
        pos = match.end()
    return out


def metadata_end(text: str, start: int) -> int | None:
    """Index just past the ``}`` closing the ``@{`` at ``start``, quotes respected."""
    quoted = False
    for i in range(start + 2, len(text)):
        ch = text[i]
        if ch == '"':
            quoted = not quoted
        elif ch == "}" and not quoted:
            return i + 1
    return None


# Mermaid's shape names (v11 and their aliases) -> the nearest outline pilgi draws.
_SHAPES = {
    "box": ("rect", "rectangle", "proc", "process", "notch-rect", "card", "notched-rectangle",
            "lin-rect", "lined-rectangle", "lined-process", "shaded-process", "div-rect",
            "divided-rectangle", "div-proc", "divided-process", "hex", "hexagon", "prepare",
            "lean-r", "lean-right", "in-out", "lean-l", "lean-left", "out-in", "trap-b", "trapezoid",
            "priority", "trapezoid-bottom", "trap-t", "inv-trapezoid", "manual", "trapezoid-top",
            "doc", "document", "lin-doc", "lined-document", "docs", "documents", "st-doc",
            "stacked-document", "processes", "procs", "st-rect", "stacked-rectangle", "tag-rect",
            "tag-proc", "tagged-rectangle", "tagged-process", "tag-doc", "tagged-document",
            "sl-rect", "sliced-rectangle", "manual-input", "win-pane", "window-pane",
            "internal-storage", "curv-trap", "curved-trapezoid", "display", "bow-rect",
            "bow-tie-rectangle", "stored-data", "delay", "half-rounded-rectangle", "hourglass",
            "collate", "bolt", "com-link", "lightning-bolt", "tri", "triangle", "extract",
            "flip-tri", "flipped-triangle", "manual-file", "notch-pent", "loop-limit",
            "notched-pentagon", "fork", "join", "text", "brace", "brace-l", "comment", "brace-r",
            "braces", "odd", "datastore", "data-store", "icon", "image"),
    "round": ("rounded", "event"),
    "stadium": ("stadium", "pill", "terminal"),
    "subroutine": ("subproc", "subprocess", "subroutine", "fr-rect", "framed-rectangle"),
    "cylinder": ("cyl", "cylinder", "database", "db", "das", "h-cyl", "horizontal-cylinder",
                 "direct-access-storage", "lin-cyl", "disk", "lined-cylinder"),
    "circle": ("circle", "circ", "sm-circ", "small-circle", "start", "f-circ", "filled-circle",
               "junction", "dbl-circ", "double-circle", "fr-circ", "framed-circle", "stop",
               "cross-circ", "crossed-circle", "summary"),
    "diamond": ("diam", "diamond", "decision", "question"),
    "flag": ("flag", "paper-tape"),
}
SHAPE_OF_NAME = {name: shape for shape, names in _SHAPES.items() for name in names}
