"""Read the page plan of a cheat sheet prompt: its ASCII box diagram (found by
``diagram_block``; the band ratios are ``band_ratios``'s).

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

from dataclasses import dataclass, field, replace

from ..errors import InputError
from ..lexicon import ARROWS_DOWN, ARROWS_LEFT, ARROWS_RIGHT, ARROWS_UP
from .diagram_block import diagram_lines
from .drawn_boxes import AsciiBand, band_rows
from .plain_boxes import char_width
from .wall_alignment import Piece, Slot, Token, align, events, tokenize, vanished

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


# --------------------------------------------------------------------------- tree

@dataclass(eq=False)
class Node:
    """A box being read, or a wall-less area inside one (a band, a column)."""

    parent: "Node | None"
    walled: bool
    left: int = 0  # display columns of the walls, as drawn on the box's top edge
    right: int = 0
    columns: list["Node"] = field(default_factory=list)  # areas splitting the content
    dividers: list[int] = field(default_factory=list)  # columns of the walls between them
    open_children: list["Node"] = field(default_factory=list)  # left to right
    children: list["Node"] = field(default_factory=list)  # every box opened inside, in order
    lines: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)
    first_child_line: int | None = None
    arrows: list[tuple["Node", "Node", str]] = field(default_factory=list)
    closed_above: list["Node"] = field(default_factory=list)  # children a vertical arrow may start from
    gap_heads: set[tuple[str, int]] = field(default_factory=set)  # (head, column) drawn below them
    opened_at: int = 0  # line of the top edge
    closed_at: int = 0  # line it was closed on (0: still open at the diagram's end)

    def set_columns(self, dividers: tuple[int, ...], line_no: int) -> None:
        self.dividers = list(dividers)
        self.columns = [Node(self, walled=False) for _ in range(len(dividers) + 1)] if dividers else []
        self.adopt(self.columns, line_no)

    def adopt(self, nodes: list["Node"], line_no: int) -> None:
        self.children += nodes
        if nodes and self.first_child_line is None:
            self.first_child_line = line_no

    def add_arrow(self, source: "Node", target: "Node", head: str) -> None:
        if (source, target, head) not in self.arrows:
            self.arrows.append((source, target, head))


def _frame(node: Node) -> list[Slot]:
    """The walls a line crossing ``node`` should show, left to right."""
    slots = [Slot(node, "L", node.left)] if node.walled else []
    if node.columns:
        for index, column in enumerate(node.columns):
            if index:
                slots.append(Slot(node, "D", node.dividers[index - 1], index))
            slots += _frame(column)
    else:
        for child in node.open_children:
            slots += _frame(child)
    if node.walled:
        slots.append(Slot(node, "R", node.right))
    return slots



# --------------------------------------------------------------------------- reader

def parse_ascii_layout(block: str, where: str = "layout", first_line: int = 1) -> list[AsciiBand]:
    """Read a box diagram (as found by find_layout_block) into bands of boxes.

    Raises InputError when the block does not start with the outer box's ``┌``
    line or keeps too many boxes open at once; anything else drawn by hand is
    read as well as it can be.
    """
    reader = _DiagramReader(where)
    for offset, line in enumerate(diagram_lines(block)):
        if reader.finished:
            break
        if line.strip():
            reader.read_line(line.expandtabs(8), first_line + offset)
    if reader.outer is None:
        raise InputError("no box diagram: expected a line starting with ┌", where)
    return [replace(row, drawn=k) for k, band in enumerate(reader.bands) for row in band_rows(band)]


class _DiagramReader:
    def __init__(self, where: str):
        self.where = where
        self.page = Node(None, walled=False)  # holds the outer box; text outside it is ignored
        self.outer: Node | None = None
        self.bands: list[Node] = []
        self.finished = False
        self.work = 0  # alignment cells so far, against _MAX_ALIGN_WORK
        self.line_no = 0  # the line being read

    def read_line(self, line: str, line_no: int) -> None:
        self.line_no = line_no
        tokens = tokenize(line)
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
            alignment = align(tokens, slots)
            gone = vanished(slots, alignment, self.outer)
            if not gone:
                break
            for box in gone:
                self._close(box)
        # Every box opened on this line is open on the next: refuse them now, before
        # opening thousands of them one by one.
        if len(slots) + 2 * sum(1 for token in tokens if token.kind == "open") > _MAX_OPEN_WALLS:
            raise InputError("too many boxes open at once", f"{self.where}:{line_no}")
        self._walk(events(tokens, slots, alignment), line_no)

    def _start(self, tokens: list[Token], line_no: int) -> None:
        first = next((token for token in tokens if token.text.strip()), None)
        if first is None or first.kind != "open":
            raise InputError("a box diagram starts with the outer box's ┌ line", f"{self.where}:{line_no}")
        self.outer = Node(self.page, walled=True, left=first.col, right=first.last_col)
        self.page.open_children.append(self.outer)
        self._new_band(first.dividers, line_no)

    def _new_band(self, dividers: tuple[int, ...], line_no: int) -> None:
        band = Node(self.outer, walled=False)
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

    def _open(self, parent: Node, token: Token, left_of_it: set[Node], line_no: int) -> Node:
        box = Node(parent, walled=True, left=token.col, right=token.last_col, opened_at=line_no)
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

    def _end_edge(self, box: Node, token: Token, line_no: int) -> None:
        if token.kind == "close":
            self._close(box)
            self.finished = box is self.outer
        elif box is self.outer:
            self._close_inside(self.bands[-1])
            self._new_band(token.dividers, line_no)
        else:  # a rule across an inner box: what was above it is done
            self._close_inside(box)
            box.set_columns(token.dividers, line_no)

    def _close(self, box: Node) -> None:
        box.closed_at = box.closed_at or self.line_no
        self._close_inside(box)
        parent = box.parent
        if parent is not None and box in parent.open_children:
            parent.open_children.remove(box)
            parent.closed_above.append(box)

    def _close_inside(self, node: Node) -> None:
        for child in list(node.open_children):
            self._close(child)
        for column in node.columns:
            self._close_inside(column)

    def _finish_line(self, node: Node, items: list, line_no: int) -> None:
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
            node.gap_heads |= _vertical_heads([piece for piece in items if isinstance(piece, Piece)])


class _LineWalk:
    """Which node each piece of one line belongs to, following the walls crossed."""

    def __init__(self, page: Node):
        self.stack = [page]
        self.items: dict[Node, list] = {}  # node -> its text pieces and child marks, in order

    @property
    def here(self) -> Node:
        return self.stack[-1]

    def note(self, item: "str | Node") -> None:
        self.items.setdefault(self.here, []).append(item)

    def children_seen(self) -> set[Node]:
        return {item for item in self.items.get(self.here, []) if isinstance(item, Node)}

    def cross(self, slot: Slot) -> None:
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

    def _enter(self, node: Node) -> None:
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
        between_two_boxes = isinstance(left, Node) and isinstance(right, Node) and left is not right
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


def _vertical_heads(pieces: list["Piece"]) -> set[tuple[str, int]]:
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


def _spans(box: Node, col: int) -> bool:
    return box.left - HEAD_DRIFT <= col <= box.right + HEAD_DRIFT
