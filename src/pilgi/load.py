"""Reading any input into a Sheet: YAML sheets, Markdown cheat sheets, prompt files.

The kind is told by content, not by file name: a YAML mapping with 'sections' is a
sheet; Markdown holding the prompt pipeline's markers is a prompt file; other
Markdown is a cheat sheet.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from . import model as m
from .errors import InputError
from .readers.markdown_sheet import read_markdown_sheet
from .readers.prompt_file import read_prompt_file
from .readers.yaml_sheet import read_yaml_sheet
from .yamlio import read_text

PROMPT_MARKERS = re.compile(r"^#+\s*(Layout Structure|Output Structure Plan|Content Details|Role Definition)\b|"
                            r"^#+\s*나노바나나|^##\s*배치 비율", re.MULTILINE)


YAML_START = re.compile(r"\A(?:\s*#[^\n]*\n|\s*\n)*[A-Za-z_][\w-]*:(?:\s|$)")


FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)


def strip_fences(text: str) -> str:
    """The Markdown prose only: fenced blocks may quote other documents' headings."""
    return FENCE.sub("", text)


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
        data = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError):
        return False
    return isinstance(data, dict) and "sections" in data


def load_sheet(path: Path) -> m.Sheet:
    text = read_text(path)
    if not text.strip():
        raise InputError("the file is empty", str(path))
    kind = sniff(text, path.suffix)
    if kind == "yaml":
        return read_yaml_sheet(text, path)
    if kind == "prompt":
        return read_prompt_file(text, path)
    return read_markdown_sheet(text, path)
