"""Band ratios and splits as a prompt states them in its "배치 비율" rows."""
from __future__ import annotations

import re

from ..errors import InputError


RATIO_MARKER = re.compile(r"배치\s*비율|레이아웃\s*비율|layout\s+ratios?|band\s+ratios?", re.I)
_NUMBER = r"(\d{1,6}(?:\.\d{1,6})?)"
# No two blank runs side by side (as in "\s*%?\s*"): a long run of blanks must have one
# reading, or a single line could take hours to search.
_PERCENT = _NUMBER + r"\s*(?:%\s*)?(?:[~〜\-–]\s*" + _NUMBER + r"\s*)?%"
_PERCENT_CELL = re.compile(r"\**\s*" + _PERCENT + r"\s*\**")
_PERCENT_ANYWHERE = re.compile(_PERCENT)
_PERCENT_LEADING = re.compile(r"\s*(?:\*+\s*)?" + _PERCENT)
_BULLET = re.compile(r"(\s*)(?:[-*+]|\d+[.)])\s+(.*)")
_TABLE_ROW = re.compile(r"(\s*)\|(.*)")


def parse_ratios(markdown: str) -> list[float] | None:
    """Band ratios in percent, top to bottom, as the prompt states them.

    They are read from the first group of ratio rows after a "배치 비율" (or
    "layout ratio") marker: table rows with a percent cell (``| 상단 | 10% |``)
    or bullets with a percent before their colon (``- 상단 (15%): 타이틀``,
    ``- **상단 (10~15%)**: 타이틀``) or right after it (``- 상단: 15%``). A range resolves to its midpoint, so
    ``10~15%`` is 12.5. Values are not normalised. Returns None when no ratios
    are stated; raises InputError for a ratio outside (0, 100].
    """
    rows = _ratio_rows(markdown)
    return [height for height, _ in rows] if rows else None


def parse_splits(markdown: str) -> list[list[float] | None] | None:
    """How each ratio row splits its band across, where it says: more percents than
    the band's own ("좌 17% · 중앙 66% · 우 17%", "A (40%) + B (60%): 20%"), a
    ratio ("30 : 30 : 40"), or equal parts ("3등분", a split into N equal parts: N ones).
    None for a row that does not say; None when no ratios are stated."""
    rows = _ratio_rows(markdown)
    return [_split(rest) for _, rest in rows] if rows else None


# "35 : 35 : 30", "30 : 70": a 16:9 page or a 10:30 time is no split (two parts need spaces).
_COLON_RATIO = re.compile(r"(?<![\d.:])(?:\d{1,3}(?:\s*:\s*\d{1,3}){2,}|\d{1,3}\s+:\s+\d{1,3})(?![\d.:])")
_EQUAL_PARTS = re.compile(r"(?<!\d)([2-8])\s*등분")


def _split(rest: str) -> list[float] | None:
    try:
        percents = [_percent_value(match, 0) for match in _PERCENT_ANYWHERE.finditer(rest)]
    except InputError:  # a split is a hint: one that makes no sense is not taken
        return None
    if len(percents) >= 2:
        return percents
    colon = _COLON_RATIO.search(rest)
    if colon:
        parts = [float(part) for part in re.split(r"\s*:\s*", colon.group(0))]
        return parts if all(parts) else None
    equal = _EQUAL_PARTS.search(rest)
    return [1.0] * int(equal.group(1)) if equal else None


def _ratio_rows(markdown: str) -> list[tuple[float, str]]:
    """(band height, the rest of its row's text) for the first group of ratio rows."""
    lines = [line.rstrip("\r") for line in markdown.split("\n")]
    for marker, line in enumerate(lines):
        if RATIO_MARKER.search(line):
            rows = _ratio_group(lines, marker + 1)
            if rows:
                return rows
    return []


def _ratio_group(lines: list[str], start: int) -> list[tuple[float, str]]:
    rows: list[tuple[float, str]] = []
    indent: int | None = None
    for number, line in enumerate(lines[start:], start + 1):
        value, row_indent, rest = _ratio_row(line, number)
        if value is not None and (indent is None or row_indent == indent):
            rows.append((value, rest))
            indent = row_indent
        elif indent is not None and row_indent > indent and line.strip():
            continue  # a nested bullet under a ratio row
        elif rows or line.lstrip().startswith("#"):
            break  # the group ended, or a new section began before any ratio
    return rows


def _ratio_row(line: str, number: int) -> tuple[float | None, int, str]:
    """(the band's height percent, the row's indent, the row without that percent)."""
    table = _TABLE_ROW.fullmatch(line)
    if table:
        cells = table.group(2).split("|")
        for k, cell in enumerate(cells):
            match = _PERCENT_CELL.fullmatch(cell.strip())
            if match:
                return _percent_value(match, number), len(table.group(1)), "|".join(cells[:k] + cells[k + 1:])
        return None, len(table.group(1)), ""
    bullet = _BULLET.fullmatch(line)
    if bullet:
        label, colon, description = bullet.group(2).replace("：", ":").partition(":")
        # The percent opening the description ("상단: 15%", "BAND 4 — A (40%) + B (60%): 20%", where
        # the label's percents split the band), else one in the label: "상단 (15%): 타이틀"
        match = _PERCENT_LEADING.match(description)
        if match:
            return _percent_value(match, number), len(bullet.group(1)), label + colon + description[match.end():]
        match = _PERCENT_ANYWHERE.search(label)
        if match:
            rest = label[:match.start()] + label[match.end():] + colon + description
            return _percent_value(match, number), len(bullet.group(1)), rest
    return None, len(line) - len(line.lstrip()), ""


def _percent_value(match: re.Match, number: int) -> float:
    value = _mean(match)
    if not 0 < value <= 100:
        raise InputError(f"band ratio {match.group(0)} is not between 0% and 100%", f"line {number}")
    return value


def percent_in(text: str) -> float | None:
    """The first share written in ``text`` ("30%", "10~15%": its middle), if it is one."""
    match = _PERCENT_ANYWHERE.search(text)
    return _mean(match) if match and 0 < _mean(match) <= 100 else None


def _mean(match: re.Match) -> float:
    low = float(match.group(1))
    return (low + float(match.group(2) or low)) / 2
