"""A prompt's page drawn as a Markdown table instead of a box diagram.

Some prompts give the page grid as a table: each row a band, its first cell naming it
with its height ("**② 문제 & 출발점 (22%)**"), the header naming the columns with
their widths ("좌측 칸 (32%)"), every other cell a box - its first line (bold, with an
emoji) the box's title, the rest (split at ``<br>``) what the author sketched in it -
and a cell saying "⬅ 병합" (merged) widening the box to its left. The rows read into
the same bands and boxes as a box diagram does (``ascii_layout``).
"""
from __future__ import annotations

import re

from ..lexicon import leading_emoji
from .band_ratios import percent_in
from .drawn_boxes import AsciiBand, AsciiBox, strip_hints

_ROW = re.compile(r"\s*\|(.*)\|\s*")
_RULE_ROW = re.compile(r"\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*")
_MERGED = re.compile(r"^\s*(?:⬅|←|◀|<-+)?\s*(?:병합|merged?|합침|합쳐짐)\b", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
MIN_BANDS = 2


class GridTable:
    """The table's bands, their stated heights and the boxes' widths, where it starts."""

    def __init__(self, bands: list[AsciiBand], heights: list[float], splits: list[list[float] | None], line: int):
        self.bands, self.heights, self.splits, self.line = bands, heights, splits, line


def find_grid_table(markdown: str) -> GridTable | None:
    """The first table whose rows are bands: at least two body rows, each opening with a
    height in percent, each with at least one box."""
    lines = markdown.split("\n")
    k = 0
    while k < len(lines) - 2:
        if _ROW.fullmatch(lines[k]) and _RULE_ROW.fullmatch(lines[k + 1]):
            end = k + 2
            while end < len(lines) and _ROW.fullmatch(lines[end]):
                end += 1
            grid = _grid(lines[k:end], k + 1)
            if grid is not None:
                return grid
            k = end
        else:
            k += 1
    return None


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in _ROW.fullmatch(line).group(1).split("|")]


def _grid(rows: list[str], first_line: int) -> GridTable | None:
    header, body = _cells(rows[0]), [_cells(row) for row in rows[2:]]
    if len(body) < MIN_BANDS or len(header) < 2:
        return None
    heights = []
    for cells in body:
        height = percent_in(cells[0]) if cells else None
        if height is None or len(cells) < 2 or not any(cell and not _MERGED.match(cell) for cell in cells[1:]):
            return None
        heights.append(height)
    columns = [percent_in(cell) for cell in header[1:]]
    column_widths = columns if all(columns) else [1.0] * (len(header) - 1)
    bands, splits = [], []
    for cells in body:
        boxes: list[AsciiBox] = []
        widths: list[float] = []
        for cell, width in zip(cells[1:], column_widths):
            if _MERGED.match(cell) and boxes:
                widths[-1] += width
            elif cell:
                boxes.append(_box(cell))
                widths.append(width)
        bands.append(AsciiBand(boxes, "", "", []))  # the first cell names the band: a label, not a title
        splits.append(widths)
    return GridTable(bands, heights, splits, first_line)


def _plain(text: str) -> str:
    return text.replace("**", "").replace("__", "").strip()


def _box(cell: str) -> AsciiBox:
    lines = [_plain(part) for part in _BREAK.split(cell) if _plain(part)]
    title, hints = strip_hints(lines[0]) if lines else ("", [])
    icon, title = leading_emoji(title.strip())
    rest = []
    for line in lines[1:]:
        clean, found = strip_hints(line)
        hints += found
        if clean:
            rest.append(clean)
    return AsciiBox(title, icon, rest, [], [], hints)
