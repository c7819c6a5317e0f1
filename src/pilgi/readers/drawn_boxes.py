"""The boxes and bands a page diagram is read into, and their text made clean.

``ascii_layout`` follows the walls into a tree of nodes; this module turns each node
into a box: its title (leading emoji split off, a heading broken over two lines
joined, a first line chaining steps left as content), its lines without layout hints,
a box cut into columns read as a table, a box holding only boxes titled by them, and
rows of boxes one under another cut into bands of their own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..lexicon import BAND_LABEL, BRACKETED_REMARK, is_layout_hint, leading_emoji
from .arrow_chains import is_chain

if TYPE_CHECKING:
    from .ascii_layout import Node


@dataclass
class AsciiBox:
    """A box of the drawing: its title, icon, lines and the boxes inside it."""
    title: str  # first text line without its leading emoji and layout hints
    icon: str  # the leading emoji of the first line, "" if none
    lines: list[str]  # the other text lines: stripped, hints removed, empty ones dropped
    children: list["AsciiBox"]  # nested boxes in reading order
    arrows: list[tuple[int, int, str]]  # (from child, to child, drawn direction)
    hints: list[str]  # layout instructions removed from the text
    stacked: bool = False  # the children sit one above the other, not side by side
    width: int = 0  # display columns its top edge was drawn across (0: not a drawn box)
    height: int = 0  # lines it was drawn down (0: not a drawn box)
    stack: list["AsciiBox"] = field(default_factory=list)  # a column of boxes, each its own: the boxes


@dataclass
class AsciiBand:
    """A band of the drawing: the boxes side by side in it and its heading."""
    cells: list[AsciiBox]  # boxes side by side; a band without boxes is one cell
    heading: str  # text of the band outside any inner box, cleaned
    heading_icon: str
    hints: list[str]
    drawn: int = 0  # which band of the drawing it is: rows of boxes in one drawn band share it
    rows: int = 1  # lines its row of boxes was drawn down, when its drawn band holds several rows



# --------------------------------------------------------------------------- hints

# A **bold** phrase or a parenthesised remark; bold first, so "**좌우 (2등분)**" is one hint.
_REMARK = re.compile(r"\*\*([^*]+)\*\*|" + BRACKETED_REMARK)
_DANGLING = " \t-–—:|·"


def strip_hints(text: str) -> tuple[str, list[str]]:
    """Remove layout instructions meant for the page, not for its reader.

    A hint is a parenthesised remark or a **bold** phrase that speaks about
    placement ("이 섹션이 가장 넓어야 함!", "좌우 2등분"). Returns the text
    without them (spaces collapsed) and the hints found, in reading order.
    """
    hints: list[str] = []

    def take(match: re.Match) -> str:
        inner = (match.group(1) or match.group(2) or "").strip()
        if is_layout_hint(inner):
            hints.append(inner)
            return " "
        return match.group(0)

    clean = " ".join(_REMARK.sub(take, text).split())
    if hints:
        clean = clean.rstrip(_DANGLING)  # "FLOW - (핵심!)" leaves no trailing dash
    return clean, hints



# --------------------------------------------------------------------------- boxes

def _to_box(node: Node) -> AsciiBox:
    table = _table_rows(node)
    texts = [text for _, text in node.lines]
    # A box that opens with boxes has no title: its first text is a caption below them.
    first_child = node.first_child_line
    has_title = bool(node.lines) and (first_child is None or node.lines[0][0] <= first_child)
    if has_title and is_chain(node.lines[0][1]):
        has_title = False  # its first line is content: "Benchmark ──▶ Blog ──▶ Web", "2020 A ─ 2021 B ─ …"
    hints: list[str] = []
    title = icon = ""
    if has_title:
        clean, hints = strip_hints(texts.pop(0))
        icon, title = leading_emoji(clean.strip())
        if texts and _continues_title(title, texts[0]):  # one line more: a third is content
            more = texts.pop(0).strip()
            title = f"{title}{more}" if title.endswith("-") else f"{title} {more}"
    lines = []
    for text in texts:
        clean, found = strip_hints(text)
        hints += found
        if clean:
            lines.append(clean)
    if table is not None:
        return AsciiBox(title, icon, table + lines, [], [], hints)
    index = {child: k for k, child in enumerate(node.children)}
    arrows = [(index[source], index[target], head) for source, target, head in node.arrows]
    opened = [child.opened_at for child in node.children if child.walled]
    stacked = len(node.children) > 1 and len(set(opened)) == len(node.children)
    children = [_to_box(child) for child in node.children]
    drawn = (node.right - node.left, node.closed_at - node.opened_at + 1 if node.closed_at else 0) \
        if node.walled else (0, 0)
    box = AsciiBox(title, icon, lines, children, arrows, hints, stacked, *drawn)
    column = _titled_by_inner_box(box)
    if not node.walled and stacked and not (title or icon or lines or arrows or table):
        column.stack = children  # an area between a band's dividers holding boxes one above another
    return column


_CAPITAL_WORDS = re.compile(r"[A-Z0-9][A-Z0-9&/+.'-]*(?: [A-Z0-9][A-Z0-9&/+.'-]*){0,2}")


def _continues_title(title: str, line: str) -> bool:
    """A heading a hand broke over two lines of a narrow box ("KEY" / "TAKEAWAYS",
    "vs" / "JAILBREAK"): a short title without Korean, then a line of one to three
    words in capitals and nothing else."""
    words, more = title.split(), line.strip()
    if len(more) <= 4 and " " not in more and not title.endswith("-"):
        return False  # "RLHF", "KL" under a title are content, not its end
    return (bool(_CAPITAL_WORDS.fullmatch(more)) and 0 < len(words) <= 3
            and not re.search(r"[가-힣]", title) and (title.upper() == title or len(words) <= 2))


def _table_rows(node: Node) -> list[str] | None:
    """A box cut by ``┬``/``┼`` into columns of text is a table: its rows, cells split by ``│``.

    Only a walled box: a band's columns (the outer box's ``╦`` rules) are the page's own."""
    columns = node.children
    if not node.walled or len(columns) < 2 or any(column.walled or column.children for column in columns):
        return None
    numbers = sorted({number for column in columns for number, _ in column.lines})
    if not numbers:
        return None
    cells = [dict(column.lines) for column in columns]
    # The cells are kept whole: a remark in a table cell is content, not a hint.
    return [" │ ".join(column.get(number, "") for column in cells) for number in numbers]


def _titled_by_inner_box(box: AsciiBox) -> AsciiBox:
    """A box with no text of its own, only boxes, is titled by them: one inner box stands for
    the whole; of several stacked ones, the first titles it and the others are its parts."""
    if box.title or box.icon or box.lines or not box.children or box.arrows:
        return box
    first = box.children[0]
    if len(box.children) == 1:
        return AsciiBox(first.title, first.icon, first.lines, first.children, first.arrows,
                        box.hints + first.hints, first.stacked, box.width or first.width, box.height or first.height)
    if not box.stacked or not (first.title or first.icon):
        return box
    body = AsciiBox("", "", first.lines, first.children, first.arrows, [], first.stacked)
    return AsciiBox(first.title, first.icon, [], [body] + box.children[1:], [], box.hints + first.hints, True,
                    box.width, box.height)


def band_rows(band: Node) -> list[AsciiBand]:
    """A band as drawn: rows of boxes one under another with nothing between them (no
    rule, no text, no arrow) are a band each, the band's heading above them the first
    row's. Text or arrows between boxes make them one band: steps of one sequence."""
    boxes = band.children
    first_box = min((box.opened_at for box in boxes), default=0)
    between = any(number > first_box for number, _ in band.lines)
    if len(boxes) < 2 or band.columns or band.arrows or between or not all(box.walled for box in boxes):
        return [_to_band(band)]
    rows: list[list[Node]] = []
    bottom = 0
    for box in sorted(boxes, key=lambda b: b.opened_at):
        if rows and box.opened_at <= bottom:
            rows[-1].append(box)
        else:
            rows.append([box])
            bottom = 0
        bottom = max(bottom, box.closed_at or box.opened_at + 10**9)
    if len(rows) == 1:
        return [_to_band(band)]
    drawn = [max(box.closed_at - box.opened_at + 1 for box in row if box.closed_at)
             if any(box.closed_at for box in row) else 1 for row in rows]
    first = replace(_to_band(band, rows[0]), rows=drawn[0])
    return [first] + [replace(_to_band(band, row), heading="", heading_icon="", hints=[], rows=lines)
                      for row, lines in zip(rows[1:], drawn[1:])]


def _row_cells(boxes: list[Node]) -> list[AsciiBox]:
    """Boxes side by side, left to right; boxes drawn one above another across the same
    columns (a column of small boxes) are one cell holding them stacked."""
    cells: list[list[Node]] = []
    for box in sorted(boxes, key=lambda b: (b.left, b.opened_at)):
        if cells and box.left < max(other.right for other in cells[-1]):
            cells[-1].append(box)
        else:
            cells.append([box])
    out = []
    for group in cells:
        if len(group) == 1:
            out.append(_to_box(group[0]))
            continue
        group.sort(key=lambda b: b.opened_at)
        width = max(box.right for box in group) - min(box.left for box in group)
        boxes = [_to_box(box) for box in group]
        column = _titled_by_inner_box(AsciiBox("", "", [], boxes, [], [], True, width))
        column.stack = boxes
        out.append(column)
    return out


def _to_band(band: Node, boxes: list[Node] | None = None) -> AsciiBand:
    texts = [text for _, text in band.lines]
    boxes = band.children if boxes is None else boxes
    if boxes:
        # Text between boxes makes them steps of one sequence; without, a column of boxes is one cell.
        stacking = not band.lines and all(box.walled for box in boxes)
        cells = _row_cells(boxes) if stacking else [_to_box(child) for child in boxes]
        heading_text = " ".join(texts)
    else:  # nothing boxed: the band's text is its one cell, its first line the heading
        cells = [_to_box(band)]
        heading_text = texts[0] if texts and not is_chain(texts[0]) else ""
    clean, hints = strip_hints(BAND_LABEL.sub("", heading_text, count=1))
    icon, heading = leading_emoji(clean.strip())
    return AsciiBand([_headed_by_label(cell) for cell in cells], heading, icon, hints)


# A label and what it labels: "공통: PTQ · W4A16".
_LABELLED_LINE = re.compile(r"([^:：]{1,20}?)\s*[:：]\s+(\S.*)")


def _headed_by_label(box: AsciiBox) -> AsciiBox:
    """A box of a band holding one labelled line (a strip across the band) is headed by the label."""
    labelled = _LABELLED_LINE.fullmatch(box.title)
    if not labelled or box.lines or box.children or box.stack:
        return box
    return replace(box, title=labelled[1], lines=[labelled[2]])
