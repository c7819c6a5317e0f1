"""Reading any input into a Sheet: YAML sheets, Markdown cheat sheets, prompt files.

The kind is told by content, not by file name: a YAML mapping with 'sections' is a
sheet; Markdown holding the prompt pipeline's markers is a prompt file; other
Markdown is a cheat sheet.
"""
from __future__ import annotations

import bisect
import re
from pathlib import Path

from . import model as m
from .errors import InputError
from .reading import display_name
from .yamlio import load_yaml, read_text

PROMPT_MARKERS = re.compile(r"^#+\s*(Layout Structure|Output Structure Plan|Content Details|Role Definition)\b|"
                            r"^#+\s*나노바나나|^##\s*배치 비율", re.MULTILINE)


# Blank and comment lines are matched within their line ([^\S\n]: blanks but not the
# newline), so a run of blank lines has one reading, not exponentially many.
YAML_START = re.compile(r"\A(?:[^\S\n]*#[^\n]*\n|[^\S\n]*\n)*[A-Za-z_][\w-]*:(?:\s|$)")


FENCE_CLOSE = re.compile(r"(```|~~~)[ \t]*")


def strip_fences(text: str) -> str:
    """The Markdown prose only: fenced blocks may quote other documents' headings.

    A fence opens on a line starting with ``` or ~~~ and closes on the next line
    holding only the same three characters (and blanks); an opener without a
    closer is left as it is. One pass over the lines: a document of unclosed
    openers costs no more than any other.
    """
    lines = text.split("\n")
    closers: dict[str, list[int]] = {"```": [], "~~~": []}
    for number, line in enumerate(lines):
        match = FENCE_CLOSE.fullmatch(line)
        if match:
            closers[match[1]].append(number)
    kept, number = [], 0
    while number < len(lines):
        fence = lines[number][:3]
        if fence in closers:
            later = bisect.bisect_right(closers[fence], number)
            if later < len(closers[fence]):
                kept.append("")  # the fenced lines go; the closer's line break stays
                number = closers[fence][later] + 1
                continue
        kept.append(lines[number])
        number += 1
    return "\n".join(kept)


def sniff(text: str, suffix: str = "") -> str:
    """'yaml', 'prompt' or 'markdown'. A .yaml/.yml name settles it; otherwise text
    whose first line past comments is 'key:' is YAML only if it reads as a mapping
    with 'sections' — Markdown may open with "Note: …" too."""
    if suffix.lower() in (".yaml", ".yml") or YAML_START.match(text) and _is_yaml_sheet(text):
        return "yaml"
    if PROMPT_MARKERS.search(strip_fences(text)):
        return "prompt"
    return "markdown"


def _is_yaml_sheet(text: str) -> bool:
    try:
        data = load_yaml(text, "")
    except InputError:  # not YAML after all (or hostile YAML, refused once read as Markdown)
        return False
    return isinstance(data, dict) and "sections" in data


def load_sheet(path: Path, layout: str | None = None) -> m.Sheet:
    """The sheet in ``path``; ``-`` reads standard input (named <stdin> in messages).
    ``layout`` (a prompt file's path or a layout name) reads the file as a writer's
    answer drawn in that page; so does a Markdown file whose front matter names a
    prompt file as its ``layout``."""
    text = read_text(path)
    path = Path(display_name(path))
    if not text.strip():
        raise InputError("the file is empty", str(path))
    # Each reader is imported when a file needs it: a YAML sheet's render does not
    # wait for the Markdown and prompt readers to load.
    kind = sniff(text, path.suffix)
    if kind == "yaml" and not layout:
        from .readers.yaml_sheet import read_yaml_sheet
        return read_yaml_sheet(text, path)
    if kind == "prompt" and not layout:
        from .readers.prompt_file import read_prompt_file
        return read_prompt_file(text, path)
    if layout:
        from .readers.answer import read_answer
        return read_answer(text, path, layout)
    if text.lstrip("\ufeff").split("\n", 1)[0].strip() == "---":  # front matter may name a prompt
        from .readers.answer import answer_layout, read_answer
        if answer_layout(text, path):
            return read_answer(text, path)
    from .readers.markdown_sheet import read_markdown_sheet
    return read_markdown_sheet(text, path)
