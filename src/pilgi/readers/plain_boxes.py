"""Boxes drawn in plain ASCII, redrawn in the box-drawing characters they stand for.

LLMs draw a page's boxes with ``+---+`` edges (``+===+`` too, ``+---+---+`` with
junctions) and ``|`` walls, or with ``-`` and ``|`` alone, leaving the corners out,
or with marks: a ``#####`` frame cut into bands by ``#####`` rows (and into boxes by
``#`` walls), holding boxes of ``*****`` edges and ``*`` walls. ``plain_boxes`` turns
such a diagram into the light box-drawing lines that ``ascii_layout`` reads, deciding
each corner from the walls drawn around it.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from .limits import MAX_CELLS


@dataclass(frozen=True)
class _Pen:
    """How a diagram's boxes were drawn."""
    edge: re.Pattern  # a run that is an edge
    wall: re.Pattern  # a character that may be a wall
    rules: str  # the characters an edge is ruled with
    corners: str  # characters that are corners or junctions anywhere in an edge (else only its ends are)
    walls_in_text: bool  # the wall character is common in text ("2 * 3", "**bold**")


def _marked_edge(mark: str) -> str:
    """A run of a mark, perhaps with a title in it: ``#####``, ``#### 🍌 TITLE ####``."""
    return rf"{mark}{{3,}}(?: +[^#*\s](?:[^#*]*[^#*\s])? +{mark}{{3,}})?"


# "+---+" edges ("+===+" too, "+---+---+" with junctions), "|" walls.
_PLUS_PEN = _Pen(re.compile(r"\+(?:[-=]+\+)+"), re.compile(r"\|"), "-=", "+", walls_in_text=False)
# "#" and "*" edges and walls; a mark beside another is text ("**bold**"), not a wall.
_MARK_PEN = _Pen(re.compile(_marked_edge("#") + "|" + _marked_edge(r"\*")), re.compile(r"(?<![#*])[#*](?![#*])"),
               "#*", "", walls_in_text=True)
PLAIN_REACH = 3  # columns a wall may stray from the corner above or below it (a hand's wide glyphs)
# A page diagram is a few dozen lines of a hundred or so columns; far larger drawings are
# not one, and are left as they are rather than read at a cost that grows with their size.
PLAIN_MOST_LINES, PLAIN_MOST_WIDTH = 300, 400
SHORTEST_TOP = 10  # characters of a diagram's first edge: a Markdown rule or heading is shorter
# A row of a page's boxes has two walls a box and a few more in text; a line with far more
# is no row of boxes, and its dividers are not looked for (a cost that grows with them).
MOST_WALLS = 4 * MAX_CELLS


def plain_boxes(lines: list[str]) -> list[str]:
    """Plain-ASCII box diagrams drawn with the box-drawing characters they stand for.

    A diagram starts at a line that is one edge (``+====+``) and runs while lines
    start with ``|`` or ``+``; or, drawn with marks, at a line of edges
    (``#####``) and runs while lines start and end with ``#`` or ``*``, up to its last
    edge. An edge is a top, a bottom or a band separator by the
    walls drawn above and below BOTH its ends, looked for a few columns either side;
    one end near the outer box's wall is not enough. A ``|`` is a wall where it lines up with the
    corners, as ``│`` would be; elsewhere it is text ("π(a|s)")."""
    lines = _corners_added(lines)
    out = list(lines)
    start = 0
    while start < len(lines):
        found = _plus_diagram(lines, start) or _marked_diagram(lines, start)
        if found is None:
            start += 1
            continue
        pen, end = found
        if 3 <= end - start <= PLAIN_MOST_LINES and all(len(line) <= PLAIN_MOST_WIDTH for line in lines[start:end]):
            out[start:end] = _PlainBlock(lines[start:end], pen).redrawn()
        start = end
    return out


def _plus_diagram(lines: list[str], start: int) -> tuple[_Pen, int] | None:
    """The pen and end of a ``+---+`` diagram starting at line ``start``, if one does."""
    if not _PLUS_PEN.edge.fullmatch(lines[start].strip()):
        return None
    end = start + 1
    while end < len(lines) and lines[end].lstrip()[:1] in ("|", "+"):
        end += 1
    return _PLUS_PEN, end


_MARKED_EDGES = re.compile(rf"(?:{_MARK_PEN.edge.pattern})(?:\s+(?:{_MARK_PEN.edge.pattern}))*")


def _marked_diagram(lines: list[str], start: int) -> tuple[_Pen, int] | None:
    """The pen and end of a ``#``/``*`` diagram starting at line ``start``, if one does:
    framed lines between edges, with a wall between them. A Markdown heading ("### …"),
    a rule ("***") or bullets ("* …") are no such lines."""
    top = lines[start].strip()
    if not SHORTEST_TOP <= len(top) <= PLAIN_MOST_WIDTH or not _MARKED_EDGES.fullmatch(top):
        return None
    end = start + 1
    while end < len(lines) and _framed_by_marks(lines[end].strip()):
        end += 1
    while end > start + 1 and not _MARKED_EDGES.fullmatch(lines[end - 1].strip()):
        end -= 1  # the diagram ends at its last edge
    if not any(not _MARKED_EDGES.fullmatch(line.strip()) for line in lines[start:end]):
        return None  # edges alone (closed headings, "### A ###"): no box
    return _MARK_PEN, end


def _framed_by_marks(line: str) -> bool:
    return len(line) > 1 and line[0] in "#*" and line[-1] in "#*"


_DASHES = re.compile(r"-{3,}")
_DRAWING_ONLY = re.compile(r"[\s|-]*")


def _corners_added(lines: list[str]) -> list[str]:
    """Boxes drawn with ``-`` and ``|`` alone, their corners left out, given ``+`` corners:
    in a diagram that starts with a line of dashes, every run of dashes on a line of
    nothing but drawing becomes an edge (``|-----|``, the outer box's rule, one across)."""
    out = list(lines)
    start = 0
    while start < len(lines):
        top = lines[start].strip()
        if len(top) < 10 or set(top) != {"-"}:
            start += 1
            continue
        end = start + 1
        while end < len(lines) and lines[end].lstrip()[:1] in ("|", "-"):
            end += 1
        for k in range(start, end if 3 <= end - start <= PLAIN_MOST_LINES else start):
            if len(lines[k]) <= PLAIN_MOST_WIDTH and _DRAWING_ONLY.fullmatch(lines[k]) and "-" in lines[k]:
                out[k] = _dashes_as_edges(lines[k])
        start = end
    return out


def _dashes_as_edges(line: str) -> str:
    stripped = line.strip()
    if stripped.startswith("|-") and stripped.endswith("-|"):  # a rule across the outer box
        at = line.index("|")
        last = line.rindex("|")
        return line[:at] + "+" + line[at + 1:last] + "+" + line[last + 1:]
    return _DASHES.sub(lambda run: "+" + "-" * (len(run.group()) - 2) + "+", line)


class _PlainBlock:
    """One plain-ASCII diagram, each line's columns and walls found once."""

    def __init__(self, lines: list[str], pen: _Pen):
        self.lines, self.pen = lines, pen
        self.columns = [_display_columns(line) for line in lines]
        self.runs = [list(pen.edge.finditer(line)) for line in lines]
        self.maybe_walls = [[match.start() for match in pen.wall.finditer(line)] for line in lines]
        self.wall_columns = [[columns[i] for i in walls] for columns, walls in zip(self.columns, self.maybe_walls)]
        edges = [k for k, runs in enumerate(self.runs) if runs]
        # A pen without a junction character (``#``) leaves the hand's junctions to be found.
        self.junctions = [{} if pen.corners else self._dividers_met(k, edges) for k in range(len(lines))]
        self.walls = [self._walls_of(k, edges) for k in range(len(lines))]

    def _dividers_met(self, k: int, edges: list[int]) -> dict[int, str]:
        """Where walls drawn from edge line ``k`` to the next edge line above or below meet it
        inside one of its edges (``#  A  #  B  #`` under a ``#####`` row), each with its
        junction: ``┬`` for a wall going down, ``┴`` up, ``┼`` both ways."""
        if k not in edges:
            return {}
        at = edges.index(k)
        ways: dict[int, set[int]] = {}
        for other, step in ((edges[at - 1] if at else None, -1), (edges[at + 1] if at + 1 < len(edges) else None, 1)):
            first = k + step
            if other is None or abs(other - k) < 2 or len(self.maybe_walls[first]) > MOST_WALLS:
                continue
            for wall in self.maybe_walls[first]:
                i = self._inside_edge(k, self.columns[first][wall])
                if i is not None and self._inside_edge(other, self.columns[k][i]) is not None and all(
                        self._wall_near(j, k, i) for j in range(first, other, step)):
                    ways.setdefault(i, set()).add(step)
        return {i: "┼" if len(way) == 2 else "┬" if 1 in way else "┴" for i, way in ways.items()}

    def _inside_edge(self, k: int, column: int) -> int | None:
        """The character of line ``k`` at display ``column``, if an edge of the line runs
        past it by more than a wall's reach on both sides."""
        for run in self.runs[k]:
            left, right = self.columns[k][run.start()], self.columns[k][run.end() - 1]
            if left + PLAIN_REACH < column < right - PLAIN_REACH:
                return bisect.bisect_left(self.columns[k], column, run.start(), run.end())
        return None

    def _wall_near(self, other: int, k: int, i: int) -> bool:
        """Whether line ``other`` may have a wall going on from character ``i`` of line ``k``."""
        gaps = _nearest(self.maybe_walls[other], i), _nearest(self.wall_columns[other], self.columns[k][i])
        return min(gaps) <= PLAIN_REACH

    def _walls_of(self, k: int, edges: list[int]) -> list[int]:
        """The walls (``|``) of line ``k``: those in reach of a corner or wall of the nearest
        edge line above or below it; any other ``|`` is text ("π(a|s)"). Where the pen's wall
        is common in text and more are in reach than there are corners ("* 2 * 3 *"), each
        corner takes only the one nearest to it."""
        walls = self.maybe_walls[k]
        if k in edges or not walls:
            return walls
        at = bisect.bisect_left(edges, k)  # edges are in line order
        above = edges[at - 1] if at else None
        below = edges[at] if at < len(edges) else None
        marks = {(i, self.columns[e][i]) for e, down in ((above, True), (below, False)) if e is not None
                 for i in self._corners_and_walls(e, down)}
        near = [{mark[way] + d for mark in marks for d in range(-PLAIN_REACH, PLAIN_REACH + 1)} for way in (0, 1)]
        found = [i for i in walls if i in near[0] or self.columns[k][i] in near[1]]
        if not self.pen.walls_in_text or len(found) <= len({column for _, column in marks}):
            return found
        nearest = [min(_nearest_at(walls, mark[0]), _nearest_at(self.wall_columns[k], mark[1])) for mark in marks]
        return sorted({walls[at] for gap, at in nearest if gap <= PLAIN_REACH})

    def _corners_and_walls(self, k: int, down: bool) -> set[int]:
        """Where on edge line ``k`` walls may go on from (``down``, else up): its edges'
        corners, its walls, and the junctions of dividers going that way."""
        corners = {i for i, ch in enumerate(self.lines[k]) if ch in self.pen.corners}
        ends = {end for run in self.runs[k] for end in (run.start(), run.end() - 1)}
        walls = set(self.maybe_walls[k])
        dividers = {i for i, junction in self.junctions[k].items() if junction in ("┬┼" if down else "┴┼")}
        return corners | ends | walls | dividers

    def redrawn(self) -> list[str]:
        return [self._line(k) for k in range(len(self.lines))]

    def _line(self, k: int) -> str:
        line, chars = self.lines[k], list(self.lines[k])
        for i in self.walls[k]:
            chars[i] = "│"
        for run in self.runs[k]:
            ends = (run.start(), run.end() - 1)
            # An edge right above or below across the same columns is another box's: this one
            # ends (or starts) where that one starts (or ends), and no wall goes on through.
            up = k > 0 and self._walls_at(k - 1, k, ends) and not self._edge_across(k - 1, k, ends)
            down = k + 1 < len(self.lines) and self._walls_at(k + 1, k, ends) and not self._edge_across(k + 1, k, ends)
            first, middle, last = (("├", "┼", "┤") if up and down else ("┌", "┬", "┐") if down
                                   else ("└", "┴", "┘") if up else ("┌", "─", "┐"))
            for i in range(run.start(), run.end()):
                if i in ends or line[i] in self.pen.corners:
                    chars[i] = first if i == ends[0] else last if i == ends[1] else middle
                elif i in self.junctions[k]:
                    chars[i] = self.junctions[k][i]
                elif line[i] in self.pen.rules:
                    chars[i] = "─"  # a title written into the edge stays as it is
        return "".join(chars)

    # Hands align either by characters or by what they see (a Korean glyph two columns):
    # every distance is taken both ways, and each decision holds if it holds either way.
    def _gaps(self, other: int, i: int, k: int, end: int) -> tuple[int, int]:
        """How far character ``i`` of line ``other`` is from character ``end`` of line ``k``:
        in characters, and in display columns."""
        return abs(i - end), abs(self.columns[other][i] - self.columns[k][end])

    def _walls_at(self, other: int, k: int, ends: tuple[int, int]) -> bool:
        """Whether line ``other`` has walls going on from both ends of an edge of line ``k``.
        An edge inside its line's outer walls does not go on into the outer walls of the
        line above or below: those are the outer box's, beside an inner box's top."""
        inside = bool(self.walls[k]) and self.walls[k][0] < ends[0] and ends[1] < self.walls[k][-1]
        return all(min(self._nearest_walls(other, k, end, inside)) <= PLAIN_REACH for end in ends)

    def _nearest_walls(self, other: int, k: int, end: int, inner_only: bool = False) -> tuple[int, int]:
        """The gaps (in characters, in display columns) from character ``end`` of line ``k``
        to the nearest walls of line ``other`` (its outer two left out: ``inner_only``)."""
        walls = self.walls[other][1:-1] if inner_only else self.walls[other]
        columns = [self.columns[other][i] for i in walls]  # both ascend with the index
        return _nearest(walls, end), _nearest(columns, self.columns[k][end])

    def _edge_across(self, other: int, k: int, ends: tuple[int, int]) -> bool:
        """Whether line ``other`` has an edge lined up under (or over) this one: a box drawn
        right on top of another. An inner box's corners under a band's rule are in reach
        too, but the outer walls are nearer to both of its ends."""
        walls = [self._nearest_walls(other, k, end) for end in ends]
        for run in self.runs[other]:
            gaps = self._gaps(other, run.start(), k, ends[0]), self._gaps(other, run.end() - 1, k, ends[1])
            # Corners in reach at both ends, and nearer than the walls at one end at least
            # (drift may put the other end's corner a column past a neighbouring wall).
            if any(all(gap[way] <= PLAIN_REACH for gap in gaps)
                   and any(gap[way] < wall[way] for gap, wall in zip(gaps, walls)) for way in (0, 1)):
                return True
        return False


def _nearest(ascending: list[int], value: int) -> int:
    """The least distance from ``value`` to a number of ``ascending``."""
    return _nearest_at(ascending, value)[0]


def _nearest_at(ascending: list[int], value: int) -> tuple[int, int]:
    """(the least distance from ``value`` to a number of ``ascending``, that number's index)."""
    at = bisect.bisect_left(ascending, value)
    return min(((abs(ascending[i] - value), i) for i in (at - 1, at) if 0 <= i < len(ascending)), default=(10**9, 0))


def _display_columns(line: str) -> list[int]:
    """The column each character starts at, as a monospaced terminal draws it."""
    columns, at = [], 0
    for ch in line:
        columns.append(at)
        at += char_width(ch)
    return columns


def char_width(ch: str) -> int:
    """Columns a character takes in a monospaced drawing: marks none, wide ones two."""
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1

def display_width(text: str) -> int:
    """Columns a line of text takes in a monospaced drawing."""
    return sum(char_width(char) for char in text)
