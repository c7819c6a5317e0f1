"""A line of a box diagram cut into walls, edges and text, and its walls matched to
the walls that the open boxes expect (see ``ascii_layout``).

A hand's borders drift by a few columns (Korean and emoji are two columns wide), so
the match keeps the walls' order and uses columns only to break ties: an edit
distance between the line's marks and the expected walls.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .plain_boxes import display_width

if TYPE_CHECKING:
    from .ascii_layout import Node

_WALL = "│"
_RUN_CHARS = frozenset("┌┐└┘├┤┬┴┼─")
_RUN_STARTS = "┌└├"
_RUN_ENDS = "┐┘┤"
_DIVIDER_JUNCTIONS = "┬┼"  # a junction on a top edge continues as a wall below it


# --------------------------------------------------------------------------- tokens

class Piece(str):
    """Text of a line with the display column it starts at."""

    def __new__(cls, text: str, col: int) -> "Piece":
        piece = super().__new__(cls, text)
        piece.col = col
        return piece


@dataclass
class Token:
    """A piece of a drawing line: a wall, an edge or text, and its column."""
    kind: str  # "wall", "open" (┌…┐), "close" (└…┘), "sep" (├…┤) or "text"
    text: str
    col: int  # display column of the first character
    dividers: tuple[int, ...] = ()  # display columns of ┬/┼ on an open or sep run

    @property
    def last_col(self) -> int:
        return self.col + display_width(self.text) - 1


def tokenize(line: str) -> list[Token]:
    tokens: list[Token] = []
    col = start = 0
    while start < len(line):
        end = start + 1
        if line[start] == _WALL:
            tokens.append(Token("wall", _WALL, col))
        elif line[start] in _RUN_CHARS:
            while end < len(line) and line[end] in _RUN_CHARS:
                end += 1
            tokens += _run_tokens(line[start:end], col)
        else:
            while end < len(line) and line[end] not in _RUN_CHARS and line[end] != _WALL:
                end += 1
            tokens.append(Token("text", line[start:end], col))
        col += display_width(line[start:end])
        start = end
    return tokens


def _run_tokens(run: str, col: int) -> list[Token]:
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


def _edge_token(piece: str, col: int) -> Token:
    if len(piece) < 2:
        return Token("text", piece, col)
    dividers = tuple(col + k for k, char in enumerate(piece) if char in _DIVIDER_JUNCTIONS)
    if piece[0] == "┌" and piece[-1] == "┐":
        # Only a complete top opens a box: a stray ┌── is a connector's corner.
        return Token("open", piece, col, dividers)
    if piece[0] == "└":
        return Token("close", piece, col)
    if piece[0] == "├":
        return Token("sep", piece, col, dividers)
    return Token("text", piece, col)


@dataclass(frozen=True)
class Slot:
    """A wall that an open box expects on every line it spans."""

    node: Node
    side: str  # "L", "R", or "D" for a divider between columns
    col: int  # where the wall was drawn on the box's top edge
    column: int = 0  # for "D": index of the column to the right of the divider


def _span_ends(slots: list[Slot]) -> dict[int, int]:
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
class Alignment:
    """How a line's walls line up with the walls the open boxes expect."""
    walls: dict[int, int]  # slot index -> token index of the │ drawn for it
    box_ends: dict[int, int]  # left-wall slot index -> token index of its └…┘ or ├…┤
    ends: dict[int, int]  # left-wall slot index -> right-wall slot index


def align(tokens: list[Token], slots: list[Slot]) -> Alignment:
    """Match the line's walls and edges to the expected walls, keeping their order.

    An edit-distance table: each mark either stands for the next expected wall,
    or (a └…┘ / ├…┤ edge) for a whole box, or is drawing; each expected wall is
    matched or missing. Fewest unmatched first, then least column drift.
    """
    marks = [index for index, token in enumerate(tokens) if token.kind in ("wall", "close", "sep")]
    ends = _span_ends(slots)
    if len(marks) == len(slots) and all(tokens[index].kind == "wall" for index in marks):
        # As many walls as expected: the k-th wall is the k-th expected one, whatever its column.
        return Alignment(dict(enumerate(marks)), {}, ends)
    rows, cols = len(marks), len(slots)
    cost = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows, -1, -1):
        for j in range(cols, -1, -1):
            if i == rows or j == cols:
                cost[i][j] = _UNMATCHED * (rows - i + cols - j)
            else:
                cost[i][j] = min(move[0] for move in _moves(tokens[marks[i]], slots, ends, cost, i, j))
    alignment = Alignment({}, {}, ends)
    i = j = 0
    while i < rows and j < cols:
        _, kind, next_i, next_j = min(_moves(tokens[marks[i]], slots, ends, cost, i, j), key=lambda m: m[0])
        if kind == "wall":
            alignment.walls[j] = marks[i]
        elif kind == "box":
            alignment.box_ends[j] = marks[i]
        i, j = next_i, next_j
    return alignment


def _moves(mark: Token, slots: list[Slot], ends: dict[int, int], cost: list[list[float]], i: int, j: int):
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


def vanished(slots: list[Slot], alignment: Alignment, outer: Node) -> list[Node]:
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


def events(tokens: list[Token], slots: list[Slot], alignment: Alignment) -> list[tuple]:
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
            events.append(("open", token) if token.kind == "open" else ("text", Piece(token.text, token.col)))
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
    anchor(len(tokens), ("text", Piece("", 0)))
    return events
