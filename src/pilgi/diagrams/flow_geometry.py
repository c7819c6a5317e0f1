"""A flowchart laid out: its nodes, routes and frames where they are drawn, in page
pixels; and the axes its layout thinks in (along the layers and across them)."""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ..context import Ctx
from ..layout import Rect
from ..model import FlowEdge, FlowGroup, FlowNode
from ..sketch import ARROW_SPREAD
from ..text import Paragraph
from ..theme import Color
from . import Point, grown, moved

THICK = 1.9  # pens: the width of a thick arrow (==>)
HEAD = 0.42  # ems of the body size: arrow head length
MARK_HALF = 0.5  # of the head's length: a circle's radius, half a cross's width
CROSS_BACK = 0.6  # of the head's length: a cross's centre back from the tip, clear of the node


@dataclass(frozen=True)
class Axes:
    """Maps (main, cross) - along the layers and across them - to page (x, y)."""
    horizontal: bool  # layers run along x (LR, RL)

    def pt(self, main: float, cross: float) -> Point:
        return (main, cross) if self.horizontal else (cross, main)

    def mc(self, p: Point) -> tuple[float, float]:
        return (p[0], p[1]) if self.horizontal else (p[1], p[0])

    def rect(self, main: float, cross: float, main_len: float, cross_len: float) -> Rect:
        if self.horizontal:
            return Rect(main, cross, main_len, cross_len)
        return Rect(cross, main, cross_len, main_len)

    def cross_span(self, r: Rect) -> tuple[float, float]:
        return (r.y, r.bottom) if self.horizontal else (r.x, r.right)

    def size(self, w: float, h: float) -> tuple[float, float]:
        """(main, cross) lengths of a w x h box."""
        return (w, h) if self.horizontal else (h, w)



@dataclass
class PlacedNode:
    """A node where it is drawn: its outline, label and note."""
    node: FlowNode
    layer: int
    shape: Rect  # the outline's bounding box
    text: Rect  # where the label is written
    label: Paragraph
    fill: Color
    note: Paragraph | None = None
    note_box: Rect | None = None


@dataclass
class Route:
    """An edge as drawn: its polyline and label."""
    edge: FlowEdge
    points: list[Point]
    lane: bool  # routed through a lane outside the node rows
    label: Paragraph | None = None
    label_box: Rect | None = None


@dataclass
class GroupFrame:
    """A subgraph's frame and its title as drawn."""
    group: FlowGroup
    rect: Rect
    label: Paragraph
    label_box: Rect


@dataclass
class FlowGeometry:
    """A flowchart laid out: nodes, routes and frames in page pixels."""
    direction: str
    nodes: dict[str, PlacedNode]
    routes: list[Route]
    frames: list[GroupFrame]
    bounds: Rect
    text_cap: float  # the page width every node's label and note were wrapped within
    rows: int = 1  # two: a long chain wrapped into a second row (flow_rows)

    def moved(self, dx: float, dy: float) -> "FlowGeometry":
        nodes = {k: replace(n, shape=moved(n.shape, dx, dy), text=moved(n.text, dx, dy),
                            note_box=n.note_box and moved(n.note_box, dx, dy))
                 for k, n in self.nodes.items()}
        routes = [replace(r, points=[(x + dx, y + dy) for x, y in r.points],
                          label_box=r.label_box and moved(r.label_box, dx, dy)) for r in self.routes]
        frames = [replace(f, rect=moved(f.rect, dx, dy), label_box=moved(f.label_box, dx, dy))
                  for f in self.frames]
        return FlowGeometry(self.direction, nodes, routes, frames, moved(self.bounds, dx, dy), self.text_cap,
                            self.rows)


# --- where a route's end marks are drawn (flow_draw draws them; labels keep clear) --------

def line_width(edge: FlowEdge, ctx: Ctx) -> float:
    return ctx.pen * (THICK if edge.style == "thick" else 1.0)


def end_marks(route: Route) -> list[tuple[Point, Point, str]]:
    """(tip, the point the line comes from, mark) for each marked end of a route."""
    e, pts = route.edge, route.points
    return ([(pts[-1], pts[-2], e.head)] if e.arrow else []) + ([(pts[0], pts[1], e.tail)] if e.tail else [])


def back_along(tip: Point, frm: Point, by: float) -> Point:
    """The point ``by`` from the tip, back along the line towards ``frm``."""
    d = math.dist(tip, frm) or 1.0
    return tip[0] + (frm[0] - tip[0]) * by / d, tip[1] + (frm[1] - tip[1]) * by / d


def mark_box(tip: Point, frm: Point, mark: str, width: float, ctx: Ctx) -> Rect:
    """The rectangle ``flow_draw.end_mark`` draws in (its strokes' width included)."""
    size = HEAD * ctx.size
    if mark in ("circle", "cross"):
        half = size * MARK_HALF + width / 2
        cx, cy = back_along(tip, frm, size * (MARK_HALF if mark == "circle" else CROSS_BACK))
        return Rect(cx - half, cy - half, 2 * half, 2 * half)
    back = back_along(tip, frm, size)
    flicks = size * math.sin(ARROW_SPREAD) + width / 2  # how far the head's flicks stand out from the line
    return grown(Rect(min(tip[0], back[0]), min(tip[1], back[1]), abs(tip[0] - back[0]), abs(tip[1] - back[1])),
                 flicks)
