"""Where a prompt draws its page: the box diagram in its Markdown, in light lines.

``find_layout_block`` finds the first box diagram that has bands or boxes inside
boxes; ``diagram_lines`` gives any text's lines with every box drawn in the light
box-drawing characters (other line styles translated, plain-ASCII boxes redrawn by
``plain_boxes``), as ``ascii_layout`` reads them.
"""
from __future__ import annotations

import re

from .plain_boxes import char_width, display_width, plain_boxes

# Agents draw the same boxes with rounded, double and heavy lines; all read as the light ones.
_LINE_STYLES = str.maketrans(
    "╭╮╰╯" "║═╔╗╚╝╠╣╦╩╬╞╡╟╢╤╧╪╫╒╓╕╖╘╙╛╜" "┃━┏┓┗┛┣┫┳┻╋",
    "┌┐└┘" "│─┌┐└┘├┤┬┴┼├┤├┤┬┴┼┼┌┌┐┐└└┘┘" "│─┌┐└┘├┤┬┴┼")


def find_layout_block(markdown: str) -> tuple[str, int] | None:
    """The first box diagram whose outer box has band separators or nested boxes.

    Fences do not matter: a diagram starts at a line beginning with ``┌`` and ends
    at the next line beginning with ``└`` (inner boxes' corners sit after a
    ``│``), or before the first line that is not drawing. Returns the block and
    the 1-based line number of its first line, or None.
    """
    lines = diagram_lines(markdown)
    start = 0
    while start < len(lines):
        if not _starts_with(lines[start], "┌"):
            start += 1
            continue
        end = _diagram_end(lines, start)
        rows = _rows_of_boxes(lines, start)
        if rows is not None and rows > end:  # boxes in rows with no outer box round them
            return "\n".join(_framed(_titles_inside(lines[start:rows]))), start + 1
        block = _titles_inside(lines[start:end])
        if _has_bands_or_nesting(block):
            return "\n".join(_title_band_split(lines[start], block)), start + 1
        start = end
    return None


def _rows_of_boxes(lines: list[str], start: int) -> int | None:
    """Where a drawing of two or more rows of boxes one under another, with no box round
    them all, ends (each line starting with a box's edge or wall); None for fewer rows."""
    end, rows = start, 0
    while end < len(lines) and _starts_with(lines[end], "┌│└├"):
        rows += _starts_with(lines[end], "└") and (end + 1 == len(lines) or not _starts_with(lines[end + 1], "│"))
        end += 1
    return end if rows >= 2 else None


def _framed(block: list[str]) -> list[str]:
    """The rows of boxes inside one outer box (its rows become bands, see _band_rows)."""
    width = max(display_width(line) for line in block) + 2
    return (["┌" + "─" * width + "┐"] + ["│ " + line + " " * (width - 1 - display_width(line)) + "│" for line in block]
            + ["└" + "─" * width + "┘"])


# A title written into a box's top edge: "┌─ 🎯 GOAL ─────┐".
_TITLED_EDGE = re.compile(r"┌─+ +([^─┌┐│]*[^─┌┐│ ]) +─+┐")


def _titles_inside(block: list[str]) -> list[str]:
    """Boxes whose titles sit in their top edges, drawn with the title as their first
    line instead, as most hands draw them."""
    out = []
    for line in block:
        titled = list(_TITLED_EDGE.finditer(line))
        if not titled:
            out.append(line)
            continue
        edge = ""
        cells = []  # (display column where the box starts, its width, its title)
        at = 0
        for match in titled:
            edge += line[at:match.start()]
            width = display_width(match.group(0))
            cells.append((display_width(edge), width, match.group(1)))
            edge += "┌" + "─" * (width - 2) + "┐"
            at = match.end()
        edge += line[at:]
        out += [edge, _title_line(edge, cells)]
    return out


def _title_band_split(top: str, block: list[str]) -> list[str]:
    """A title in the top edge of the box round the page (``top``, as drawn) is the sheet's:
    it is cut off from the bands below it as a band of its own."""
    if not _TITLED_EDGE.fullmatch(top.strip()):
        return block
    return block[:2] + [block[0].replace("┌", "├").replace("┐", "┤")] + block[2:]


def _title_line(edge: str, cells: list[tuple[int, int, str]]) -> str:
    """The line under a row of top edges: walls under their corners (and under the walls
    of boxes round them), each title written in its box."""
    row = [" "] * display_width(edge)
    column = 0
    for ch in edge:
        if ch in "┌┐│":
            row[column] = "│"
        column += char_width(ch)
    for left, width, title in cells:
        at = left + 2
        for ch in title:
            if at + char_width(ch) > left + width - 1:
                break  # longer than its box: the rest stays in the hand's drawing only
            row[at] = ch
            for spare in range(1, char_width(ch)):
                row[at + spare] = ""
            at += char_width(ch)
    return "".join(row)


def diagram_lines(text: str) -> list[str]:
    """The text's lines with every box drawn in the light box-drawing characters: other
    line styles translated, plain-ASCII boxes redrawn."""
    # Not str.splitlines: it also breaks at form feeds and U+2028, which would
    # make reported line numbers disagree with an editor's.
    return plain_boxes([line.rstrip("\r").translate(_LINE_STYLES) for line in text.split("\n")])


def _starts_with(line: str, chars: str) -> bool:
    stripped = line.lstrip()
    return bool(stripped) and stripped[0] in chars


def _is_drawing_line(line: str) -> bool:
    stripped = line.lstrip()
    return bool(stripped) and "\u2500" <= stripped[0] <= "\u257f"


def _diagram_end(lines: list[str], start: int) -> int:
    end = start + 1
    while end < len(lines) and _is_drawing_line(lines[end]):
        end += 1
        if _starts_with(lines[end - 1], "└"):
            break
    return end


def _has_bands_or_nesting(block: list[str]) -> bool:
    inner = block[1:]
    return any(_starts_with(line, "├") or "┌" in line for line in inner)
