"""Read the page plan of a cheat sheet prompt: its ASCII box diagram (the band ratios
are ``band_ratios``'s, plain-ASCII boxes are redrawn by ``plain_boxes`` first).

A prompt draws the page as one outer box cut into bands by ``├…┤`` lines. A band
holds boxes side by side, and a box may hold smaller boxes joined by arrows.

An LLM drew the diagram by hand: Korean and emoji are two columns wide, so right
borders drift by a few columns from line to line and inner walls never sit at
one column. Boxes are therefore followed by the ORDER of their walls, not by
column. Every line is cut into walls (``│``), corner runs (``┌…┐``, ``└…┘``,
``├…┤``) and text, and its walls are aligned, in order, with the walls that the
open boxes expect (outer left, first child left, …, first child right, …, outer
right). Columns only break ties when a line has more or fewer walls than
expected: a missing border, a ``│`` connector, a table rule inside a box.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..errors import InputError
from ..lexicon import (ARROWS_DOWN, ARROWS_LEFT, ARROWS_RIGHT, ARROWS_UP, BAND_LABEL, BRACKETED_REMARK,
                       is_layout_hint, leading_emoji)
from .arrow_chains import is_chain
from .plain_boxes import char_width, plain_boxes


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


# --------------------------------------------------------------------------- glyphs

# Agents draw the same boxes with rounded, double and heavy lines; all read as the light ones.
_LINE_STYLES = str.maketrans(
    "╭╮╰╯" "║═╔╗╚╝╠╣╦╩╬╞╡╟╢╤╧╪╫╒╓╕╖╘╙╛╜" "┃━┏┓┗┛┣┫┳┻╋",
    "┌┐└┘" "│─┌┐└┘├┤┬┴┼├┤├┤┬┴┼┼┌┌┐┐└└┘┘" "│─┌┐└┘├┤┬┴┼")
_WALL = "│"
_RUN_CHARS = frozenset("┌┐└┘├┤┬┴┼─")
_RUN_STARTS = "┌└├"
_RUN_ENDS = "┐┘┤"
_DIVIDER_JUNCTIONS = "┬┼"  # a junction on a top edge continues as a wall below it

_DOWN_HEADS, _UP_HEADS = ARROWS_DOWN, ARROWS_UP
_RIGHT_HEADS, _LEFT_HEADS = ARROWS_RIGHT, ARROWS_LEFT
_ARROW_HEADS = frozenset(_DOWN_HEADS + _UP_HEADS + _RIGHT_HEADS + _LEFT_HEADS)
_ASCII_ART = "-=<>|+"
_ASCII_HEADS = {">": "→", "<": "←"}

_MAX_OPEN_WALLS = 128  # far beyond any page; keeps one line's alignment cheap
# Cells of the alignment tables of one diagram (marks x expected walls, summed over its
# lines). Real diagrams need two thousand or so; this bounds a hostile one to well under
# a second, where a 2 MB diagram of walls would otherwise take minutes.
_MAX_ALIGN_WORK = 250_000
HEAD_DRIFT = 1  # columns an arrow head may sit outside the boxes it joins


# --------------------------------------------------------------------------- block

def find_layout_block(markdown: str) -> tuple[str, int] | None:
    """The first box diagram whose outer box has band separators or nested boxes.

    Fences do not matter: a diagram starts at a line beginning with ``┌`` and ends
    at the next line beginning with ``└`` (inner boxes' corners sit after a
    ``│``), or before the first line that is not drawing. Returns the block and
    the 1-based line number of its first line, or None.
    """
    lines = _diagram_lines(markdown)
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
    width = max(_width(line) for line in block) + 2
    return (["┌" + "─" * width + "┐"] + ["│ " + line + " " * (width - 1 - _width(line)) + "│" for line in block]
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
            width = _width(match.group(0))
            cells.append((_width(edge), width, match.group(1)))
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
    row = [" "] * _width(edge)
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


def _diagram_lines(text: str) -> list[str]:
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


# --------------------------------------------------------------------------- tokens

class _Piece(str):
    """Text of a line with the display column it starts at."""

    def __new__(cls, text: str, col: int) -> "_Piece":
        piece = super().__new__(cls, text)
        piece.col = col
        return piece


@dataclass
class _Token:
    """A piece of a drawing line: a wall, an edge or text, and its column."""
    kind: str  # "wall", "open" (┌…┐), "close" (└…┘), "sep" (├…┤) or "text"
    text: str
    col: int  # display column of the first character
    dividers: tuple[int, ...] = ()  # display columns of ┬/┼ on an open or sep run

    @property
    def last_col(self) -> int:
        return self.col + _width(self.text) - 1


def _width(text: str) -> int:
    return sum(char_width(char) for char in text)


def _tokenize(line: str) -> list[_Token]:
    tokens: list[_Token] = []
    col = start = 0
    while start < len(line):
        end = start + 1
        if line[start] == _WALL:
            tokens.append(_Token("wall", _WALL, col))
        elif line[start] in _RUN_CHARS:
            while end < len(line) and line[end] in _RUN_CHARS:
                end += 1
            tokens += _run_tokens(line[start:end], col)
        else:
            while end < len(line) and line[end] not in _RUN_CHARS and line[end] != _WALL:
                end += 1
            tokens.append(_Token("text", line[start:end], col))
        col += _width(line[start:end])
        start = end
    return tokens


def _run_tokens(run: str, col: int) -> list[_Token]:
    """Cut a run of box-drawing characters into edges: ``┌──┐┌──┐`` is two tops."""
    pieces, piece = [], ""
    for char in run:
        if char in _RUN_STARTS and piece:
            pieces.append(piece)
            piece = ""
        piece += char
        if char in _RUN_ENDS:
            pieces.append(piece)
            piece = ""
    if piece:
        pieces.append(piece)
    tokens = []
    for piece in pieces:
        tokens.append(_edge_token(piece, col))
        col += len(piece)
    return tokens


def _edge_token(piece: str, col: int) -> _Token:
    if len(piece) < 2:
        return _Token("text", piece, col)
    dividers = tuple(col + k for k, char in enumerate(piece) if char in _DIVIDER_JUNCTIONS)
    if piece[0] == "┌" and piece[-1] == "┐":
        # Only a complete top opens a box: a stray ┌── is a connector's corner.
        return _Token("open", piece, col, dividers)
    if piece[0] == "└":
        return _Token("close", piece, col)
    if piece[0] == "├":
        return _Token("sep", piece, col, dividers)
    return _Token("text", piece, col)


# --------------------------------------------------------------------------- tree

@dataclass(eq=False)
class _Node:
    """A box being read, or a wall-less area inside one (a band, a column)."""

    parent: "_Node | None"
    walled: bool
    left: int = 0  # display columns of the walls, as drawn on the box's top edge
    right: int = 0
    columns: list["_Node"] = field(default_factory=list)  # areas splitting the content
    dividers: list[int] = field(default_factory=list)  # columns of the walls between them
    open_children: list["_Node"] = field(default_factory=list)  # left to right
    children: list["_Node"] = field(default_factory=list)  # every box opened inside, in order
    lines: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)
    first_child_line: int | None = None
    arrows: list[tuple["_Node", "_Node", str]] = field(default_factory=list)
    closed_above: list["_Node"] = field(default_factory=list)  # children a vertical arrow may start from
    gap_heads: set[tuple[str, int]] = field(default_factory=set)  # (head, column) drawn below them
    opened_at: int = 0  # line of the top edge
    closed_at: int = 0  # line it was closed on (0: still open at the diagram's end)

    def set_columns(self, dividers: tuple[int, ...], line_no: int) -> None:
        self.dividers = list(dividers)
        self.columns = [_Node(self, walled=False) for _ in range(len(dividers) + 1)] if dividers else []
        self.adopt(self.columns, line_no)

    def adopt(self, nodes: list["_Node"], line_no: int) -> None:
        self.children += nodes
        if nodes and self.first_child_line is None:
            self.first_child_line = line_no

    def add_arrow(self, source: "_Node", target: "_Node", head: str) -> None:
        if (source, target, head) not in self.arrows:
            self.arrows.append((source, target, head))


@dataclass(frozen=True)
class _Slot:
    """A wall that an open box expects on every line it spans."""

    node: _Node
    side: str  # "L", "R", or "D" for a divider between columns
    col: int  # where the wall was drawn on the box's top edge
    column: int = 0  # for "D": index of the column to the right of the divider


def _frame(node: _Node) -> list[_Slot]:
    """The walls a line crossing ``node`` should show, left to right."""
    slots = [_Slot(node, "L", node.left)] if node.walled else []
    if node.columns:
        for index, column in enumerate(node.columns):
            if index:
                slots.append(_Slot(node, "D", node.dividers[index - 1], index))
            slots += _frame(column)
    else:
        for child in node.open_children:
            slots += _frame(child)
    if node.walled:
        slots.append(_Slot(node, "R", node.right))
    return slots


def _span_ends(slots: list[_Slot]) -> dict[int, int]:
    """For each left wall, the index of the same box's right wall."""
    ends, opened = {}, []
    for index, slot in enumerate(slots):
        if slot.side == "L":
            opened.append(index)
        elif slot.side == "R":
            ends[opened.pop()] = index
    return ends


# --------------------------------------------------------------------------- alignment

_UNMATCHED = 1.0  # a missing wall, or a wall-like mark that is only drawing


def _drift_cost(col: int, expected: int) -> float:
    # Always below _UNMATCHED, so matching more walls beats matching them closer.
    return 0.9 * min(abs(col - expected), 40) / 40


@dataclass
class _Alignment:
    """How a line's walls line up with the walls the open boxes expect."""
    walls: dict[int, int]  # slot index -> token index of the │ drawn for it
    box_ends: dict[int, int]  # left-wall slot index -> token index of its └…┘ or ├…┤
    ends: dict[int, int]  # left-wall slot index -> right-wall slot index


def _align(tokens: list[_Token], slots: list[_Slot]) -> _Alignment:
    """Match the line's walls and edges to the expected walls, keeping their order.

    An edit-distance table: each mark either stands for the next expected wall,
    or (a └…┘ / ├…┤ edge) for a whole box, or is drawing; each expected wall is
    matched or missing. Fewest unmatched first, then least column drift.
    """
    marks = [index for index, token in enumerate(tokens) if token.kind in ("wall", "close", "sep")]
    ends = _span_ends(slots)
    if len(marks) == len(slots) and all(tokens[index].kind == "wall" for index in marks):
        # As many walls as expected: the k-th wall is the k-th expected one, whatever its column.
        return _Alignment(dict(enumerate(marks)), {}, ends)
    rows, cols = len(marks), len(slots)
    cost = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows, -1, -1):
        for j in range(cols, -1, -1):
            if i == rows or j == cols:
                cost[i][j] = _UNMATCHED * (rows - i + cols - j)
            else:
                cost[i][j] = min(move[0] for move in _moves(tokens[marks[i]], slots, ends, cost, i, j))
    alignment = _Alignment({}, {}, ends)
    i = j = 0
    while i < rows and j < cols:
        _, kind, next_i, next_j = min(_moves(tokens[marks[i]], slots, ends, cost, i, j), key=lambda m: m[0])
        if kind == "wall":
            alignment.walls[j] = marks[i]
        elif kind == "box":
            alignment.box_ends[j] = marks[i]
        i, j = next_i, next_j
    return alignment


def _moves(mark: _Token, slots: list[_Slot], ends: dict[int, int], cost: list[list[float]], i: int, j: int):
    """(cost, kind, next mark, next slot) for each way to read mark i against slot j."""
    slot = slots[j]
    if mark.kind == "wall":
        yield _drift_cost(mark.col, slot.col) + cost[i + 1][j + 1], "wall", i + 1, j + 1
    elif slot.side == "L":
        end = ends[j]
        inner_walls = end - j - 1  # descendants end with the box, their walls unseen
        yield (_drift_cost(mark.col, slot.col) + _UNMATCHED * inner_walls + cost[i + 1][end + 1],
               "box", i + 1, end + 1)
    yield _UNMATCHED + cost[i][j + 1], "missing", i, j + 1
    yield _UNMATCHED + cost[i + 1][j], "drawing", i + 1, j


def _vanished(slots: list[_Slot], alignment: _Alignment, outer: _Node) -> list[_Node]:
    """Boxes that show no wall at all on this line: their └ line was left out."""
    gone, j = [], 0
    while j < len(slots):
        slot = slots[j]
        if slot.side != "L" or slot.node is outer:
            j += 1
            continue
        end = alignment.ends[j]
        if j in alignment.box_ends:
            j = end + 1
        elif not any(k in alignment.walls or k in alignment.box_ends for k in range(j, end + 1)):
            gone.append(slot.node)
            j = end + 1
        else:
            j += 1
    return gone


def _events(tokens: list[_Token], slots: list[_Slot], alignment: _Alignment) -> list[tuple]:
    """Interleave the expected walls with the line's tokens.

    A missing left wall is placed as early and a missing right wall as late as
    possible, so text next to a missing border stays in the innermost box.
    """
    events: list[tuple] = []
    pending: list[tuple] = []  # missing right walls and dividers, waiting for the next anchor
    next_token = 0

    def anchor(token_index: int, event: tuple) -> None:
        """Emit the loose tokens before a matched mark, the pending walls, then the mark."""
        nonlocal next_token
        for token in tokens[next_token:token_index]:
            events.append(("open", token) if token.kind == "open" else ("text", _Piece(token.text, token.col)))
        events.extend(pending)
        pending.clear()
        events.append(event)
        next_token = token_index + 1

    j = 0
    while j < len(slots):
        slot = slots[j]
        if j in alignment.box_ends:
            token_index = alignment.box_ends[j]
            anchor(token_index, ("edge", slot.node, tokens[token_index]))
            j = alignment.ends[j] + 1  # the edge stands for the box and everything inside
            continue
        if j in alignment.walls:
            anchor(alignment.walls[j], ("wall", slot))
        elif slot.side == "L":
            events.extend(pending)
            pending.clear()
            events.append(("wall", slot))
        else:
            pending.append(("wall", slot))
        j += 1
    anchor(len(tokens), ("text", _Piece("", 0)))
    return events


# --------------------------------------------------------------------------- reader

def parse_ascii_layout(block: str, where: str = "layout", first_line: int = 1) -> list[AsciiBand]:
    """Read a box diagram (as found by find_layout_block) into bands of boxes.

    Raises InputError when the block does not start with the outer box's ``┌``
    line or keeps too many boxes open at once; anything else drawn by hand is
    read as well as it can be.
    """
    reader = _DiagramReader(where)
    for offset, line in enumerate(_diagram_lines(block)):
        if reader.finished:
            break
        if line.strip():
            reader.read_line(line.expandtabs(8), first_line + offset)
    if reader.outer is None:
        raise InputError("no box diagram: expected a line starting with ┌", where)
    return [replace(row, drawn=k) for k, band in enumerate(reader.bands) for row in _band_rows(band)]


class _DiagramReader:
    def __init__(self, where: str):
        self.where = where
        self.page = _Node(None, walled=False)  # holds the outer box; text outside it is ignored
        self.outer: _Node | None = None
        self.bands: list[_Node] = []
        self.finished = False
        self.work = 0  # alignment cells so far, against _MAX_ALIGN_WORK
        self.line_no = 0  # the line being read

    def read_line(self, line: str, line_no: int) -> None:
        self.line_no = line_no
        tokens = _tokenize(line)
        if self.outer is None:
            self._start(tokens, line_no)
            return
        marks = sum(1 for token in tokens if token.kind in ("wall", "close", "sep"))
        while True:
            slots = _frame(self.outer)
            if len(slots) > _MAX_OPEN_WALLS:
                raise InputError("too many boxes open at once", f"{self.where}:{line_no}")
            self.work += (marks + 1) * (len(slots) + 1)
            if self.work > _MAX_ALIGN_WORK:
                raise InputError("the box diagram has too many walls to read", f"{self.where}:{line_no}")
            alignment = _align(tokens, slots)
            gone = _vanished(slots, alignment, self.outer)
            if not gone:
                break
            for box in gone:
                self._close(box)
        # Every box opened on this line is open on the next: refuse them now, before
        # opening thousands of them one by one.
        if len(slots) + 2 * sum(1 for token in tokens if token.kind == "open") > _MAX_OPEN_WALLS:
            raise InputError("too many boxes open at once", f"{self.where}:{line_no}")
        self._walk(_events(tokens, slots, alignment), line_no)

    def _start(self, tokens: list[_Token], line_no: int) -> None:
        first = next((token for token in tokens if token.text.strip()), None)
        if first is None or first.kind != "open":
            raise InputError("a box diagram starts with the outer box's ┌ line", f"{self.where}:{line_no}")
        self.outer = _Node(self.page, walled=True, left=first.col, right=first.last_col)
        self.page.open_children.append(self.outer)
        self._new_band(first.dividers, line_no)

    def _new_band(self, dividers: tuple[int, ...], line_no: int) -> None:
        band = _Node(self.outer, walled=False)
        band.set_columns(dividers, line_no)
        self.outer.columns = [band]  # the outer box's content is its current band
        self.bands.append(band)

    # -- one line

    def _walk(self, events: list[tuple], line_no: int) -> None:
        walk = _LineWalk(self.page)
        for event in events:
            if self.finished:
                break
            kind = event[0]
            if kind == "text":
                walk.note(event[1])
            elif kind == "open":
                if walk.here is not self.page:  # boxes outside the outer one are not part of the page
                    walk.note(self._open(walk.here, event[1], walk.children_seen(), line_no))
            elif kind == "edge":
                walk.note(event[1])
                self._end_edge(event[1], event[2], line_no)
            else:
                walk.cross(event[1])
        for node, items in walk.items.items():
            if node is not self.page:
                self._finish_line(node, items, line_no)

    def _open(self, parent: _Node, token: _Token, left_of_it: set[_Node], line_no: int) -> _Node:
        box = _Node(parent, walled=True, left=token.col, right=token.last_col, opened_at=line_no)
        box.set_columns(token.dividers, line_no)
        position = sum(1 for child in parent.open_children if child in left_of_it)
        parent.open_children.insert(position, box)
        parent.adopt([box], line_no)
        for head, col in sorted(parent.gap_heads):  # a set: sorted, so every run reads alike
            above = [child for child in parent.closed_above if _spans(child, col)]
            if above and _spans(box, col):
                source, target = (above[-1], box) if head == "↓" else (box, above[-1])
                parent.add_arrow(source, target, head)
                parent.gap_heads.discard((head, col))
        return box

    def _end_edge(self, box: _Node, token: _Token, line_no: int) -> None:
        if token.kind == "close":
            self._close(box)
            self.finished = box is self.outer
        elif box is self.outer:
            self._close_inside(self.bands[-1])
            self._new_band(token.dividers, line_no)
        else:  # a rule across an inner box: what was above it is done
            self._close_inside(box)
            box.set_columns(token.dividers, line_no)

    def _close(self, box: _Node) -> None:
        box.closed_at = box.closed_at or self.line_no
        self._close_inside(box)
        parent = box.parent
        if parent is not None and box in parent.open_children:
            parent.open_children.remove(box)
            parent.closed_above.append(box)

    def _close_inside(self, node: _Node) -> None:
        for child in list(node.open_children):
            self._close(child)
        for column in node.columns:
            self._close_inside(column)

    def _finish_line(self, node: _Node, items: list, line_no: int) -> None:
        """Turn one node's pieces of a line into a text line, arrows, or nothing."""
        segments = _segments(items)
        for (left, gap, right) in _gaps_between_children(segments):
            for head in _sideways_heads(gap):
                source, target = (left, right) if head == "→" else (right, left)
                node.add_arrow(source, target, head)
        texts = [piece for piece in segments if isinstance(piece, str)]
        words = " ".join(" ".join(piece for piece in texts if not _is_art(piece)).split())
        if words:
            node.lines.append((line_no, words))
            node.closed_above, node.gap_heads = [], set()  # running text between boxes breaks a vertical arrow
        else:
            node.gap_heads |= _vertical_heads([piece for piece in items if isinstance(piece, _Piece)])


class _LineWalk:
    """Which node each piece of one line belongs to, following the walls crossed."""

    def __init__(self, page: _Node):
        self.stack = [page]
        self.items: dict[_Node, list] = {}  # node -> its text pieces and child marks, in order

    @property
    def here(self) -> _Node:
        return self.stack[-1]

    def note(self, item: "str | _Node") -> None:
        self.items.setdefault(self.here, []).append(item)

    def children_seen(self) -> set[_Node]:
        return {item for item in self.items.get(self.here, []) if isinstance(item, _Node)}

    def cross(self, slot: _Slot) -> None:
        node = slot.node
        if slot.side == "L":
            self.note(node)
            self._enter(node)
        elif node in self.stack:  # always, unless the line's walls were badly out of order
            del self.stack[self.stack.index(node) + 1:]
            if slot.side == "R":
                self.stack.pop()
                self.note(node)
            elif slot.column < len(node.columns):
                self._enter(node.columns[slot.column])

    def _enter(self, node: _Node) -> None:
        self.stack.append(node)
        if node.columns:
            self._enter(node.columns[0])


def _segments(items: list) -> list:
    """Merge neighbouring text pieces; child marks stay as separators."""
    segments: list = []
    for item in items:
        if isinstance(item, str) and segments and isinstance(segments[-1], str):
            segments[-1] += item
        else:
            segments.append(item)
    return segments


def _gaps_between_children(segments: list):
    """(left box, text, right box) for text drawn between two sibling boxes."""
    for index in range(1, len(segments) - 1):
        left, gap, right = segments[index - 1], segments[index], segments[index + 1]
        between_two_boxes = isinstance(left, _Node) and isinstance(right, _Node) and left is not right
        if isinstance(gap, str) and between_two_boxes:
            yield left, gap, right


_LETTER_HEADS = {"v": "↓", "^": "↑"}  # a plain-ASCII arrow's head, alone on its line ("V" is a value)


def _is_art(text: str) -> bool:
    return text.strip() in _LETTER_HEADS or all(char.isspace() or _is_drawing_char(char) for char in text)


def _is_drawing_char(char: str) -> bool:
    code = ord(char)
    return (char in _ASCII_ART or 0x2190 <= code <= 0x21FF or 0x2500 <= code <= 0x257F
            or char in _ARROW_HEADS)


def _sideways_heads(gap: str) -> list[str]:
    heads = []
    ascii_counts = _is_art(gap)  # "a > b" in words is not an arrow; "──>" is
    if any(char in _RIGHT_HEADS or (ascii_counts and _ASCII_HEADS.get(char) == "→") for char in gap):
        heads.append("→")
    if any(char in _LEFT_HEADS or (ascii_counts and _ASCII_HEADS.get(char) == "←") for char in gap):
        heads.append("←")
    return heads


def _vertical_heads(pieces: list["_Piece"]) -> set[tuple[str, int]]:
    """Up and down arrow heads with their columns: an arrow joins the boxes above and below
    it only where both reach its column, so a loop's ↑ drawn under one box does not tie a
    neighbour of that box to the box below."""
    heads = set()
    for piece in pieces:
        col = piece.col
        if piece.strip() in _LETTER_HEADS:
            heads.add((_LETTER_HEADS[piece.strip()], col + len(piece) - len(piece.lstrip())))
            continue
        for char in piece:
            if char in _DOWN_HEADS:
                heads.add(("↓", col))
            if char in _UP_HEADS:
                heads.add(("↑", col))
            col += char_width(char)
    return heads


def _spans(box: _Node, col: int) -> bool:
    return box.left - HEAD_DRIFT <= col <= box.right + HEAD_DRIFT


# --------------------------------------------------------------------------- results

def _to_box(node: _Node) -> AsciiBox:
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


def _table_rows(node: _Node) -> list[str] | None:
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


def _band_rows(band: _Node) -> list[AsciiBand]:
    """A band as drawn: rows of boxes one under another with nothing between them (no
    rule, no text, no arrow) are a band each, the band's heading above them the first
    row's. Text or arrows between boxes make them one band: steps of one sequence."""
    boxes = band.children
    first_box = min((box.opened_at for box in boxes), default=0)
    between = any(number > first_box for number, _ in band.lines)
    if len(boxes) < 2 or band.columns or band.arrows or between or not all(box.walled for box in boxes):
        return [_to_band(band)]
    rows: list[list[_Node]] = []
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


def _row_cells(boxes: list[_Node]) -> list[AsciiBox]:
    """Boxes side by side, left to right; boxes drawn one above another across the same
    columns (a column of small boxes) are one cell holding them stacked."""
    cells: list[list[_Node]] = []
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


def _to_band(band: _Node, boxes: list[_Node] | None = None) -> AsciiBand:
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
