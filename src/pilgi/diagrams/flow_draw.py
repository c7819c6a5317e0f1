"""A laid-out flowchart drawn: node outlines with their labels and notes, routes with
their end marks (arrow heads, crosses, small open circles) and labels, and group frames.
``mark_box`` says where an end mark is drawn, so labels can keep clear of it."""
from __future__ import annotations

import math

from ..context import Ctx
from ..display import Op
from ..layout import Rect
from ..model import FlowEdge
from ..sketch import ARROW_SPREAD
from . import Point, dashed_outline, grown, rounded_corners
from .flow_geometry import GroupFrame, PlacedNode, Route
from .flow_shapes import cylinder_cap, flag_notch

THICK = 1.9  # pens: the width of a thick arrow (==>)
HEAD = 0.42  # ems of the body size: arrow head length


def draw_node(n: PlacedNode, ctx: Ctx) -> list[Op]:
    sk, ink, pen, r = ctx.sketch, ctx.theme.ink, ctx.pen, n.shape
    shape = n.node.shape
    if shape == "diamond":
        cx, cy = r.x + r.w / 2, r.y + r.h / 2
        ops: list[Op] = sk.polygon([(cx, r.y), (r.right, cy), (cx, r.bottom), (r.x, cy)], ink, pen, n.fill)
    elif shape == "circle":
        ops = sk.ellipse(r.x + r.w / 2, r.y + r.h / 2, r.w, r.h, ink, pen, n.fill)
    elif shape in ("round", "stadium"):
        radius = r.h / 2 if shape == "stadium" else 0.35 * ctx.size
        ops = sk.polygon(rounded_corners(r, radius), ink, pen, n.fill)
    elif shape == "flag":
        notch = flag_notch(r.h)
        ops = sk.polygon([(r.x, r.y), (r.right - notch, r.y), (r.right, r.y + r.h / 2),
                          (r.right - notch, r.bottom), (r.x, r.bottom)], ink, pen, n.fill)
    elif shape == "cylinder":
        cap = cylinder_cap(ctx.size)
        body = Rect(r.x, r.y + cap / 2, r.w, r.h - cap / 2)
        ops = sk.rect(body, ink, pen, n.fill) + sk.ellipse(r.x + r.w / 2, r.y + cap / 2, r.w, cap,
                                                           ink, pen, n.fill)
    else:
        ops = sk.rect(r, ink, pen, n.fill)
        if shape == "subroutine":
            inset = 0.3 * ctx.size
            ops += sk.line((r.x + inset, r.y), (r.x + inset, r.bottom), ink, ctx.thin_pen, True)
            ops += sk.line((r.right - inset, r.y), (r.right - inset, r.bottom), ink, ctx.thin_pen, True)
    ops += ctx.write_centered(n.label, n.text)
    if n.note is not None and n.note_box is not None:
        align = "center" if n.note_box.x < n.shape.x + n.shape.w / 2 else "left"
        ops += ctx.write(n.note, n.note_box.x, n.note_box.y, ctx.theme.blue, align, n.note_box.w)
    return ops


def draw_route(route: Route, ctx: Ctx) -> list[Op]:
    e = route.edge
    width = line_width(e, ctx)
    ops: list[Op] = ctx.sketch.arrow(route.points, ctx.theme.ink, width, HEAD * ctx.size,
                                     dashed=e.style == "dotted", head="none", curved=e.src == e.dst)
    for tip, frm, mark in end_marks(route):
        ops += end_mark(tip, frm, mark, width, ctx)
    if route.label is not None and route.label_box is not None:
        b = route.label_box
        ops += ctx.write(route.label, b.x, b.y, ctx.theme.ink, "center", b.w)
    return ops


def line_width(edge: FlowEdge, ctx: Ctx) -> float:
    return ctx.pen * (THICK if edge.style == "thick" else 1.0)


def end_marks(route: Route) -> list[tuple[Point, Point, str]]:
    """(tip, the point the line comes from, mark) for each marked end of a route."""
    e, pts = route.edge, route.points
    return ([(pts[-1], pts[-2], e.head)] if e.arrow else []) + ([(pts[0], pts[1], e.tail)] if e.tail else [])


def _back(tip: Point, frm: Point, by: float) -> Point:
    """The point ``by`` from the tip, back along the line towards ``frm``."""
    d = math.dist(tip, frm) or 1.0
    return tip[0] + (frm[0] - tip[0]) * by / d, tip[1] + (frm[1] - tip[1]) * by / d


def end_mark(tip: Point, frm: Point, mark: str, width: float, ctx: Ctx) -> list[Op]:
    """An arrow head, a cross or a small open circle at the end ``tip`` of a line."""
    size = HEAD * ctx.size
    if mark == "circle":
        r = size * 0.5
        return ctx.sketch.ellipse(*_back(tip, frm, r), 2 * r, 2 * r, ctx.theme.ink, width, ctx.theme.paper)
    if mark == "cross":  # clear of the node it points at, which is drawn over the lines
        return ctx.sketch.arrow_head(_back(tip, frm, size * 0.6), frm, ctx.theme.ink, width, size, "cross")
    return ctx.sketch.arrow_head(tip, frm, ctx.theme.ink, width, size)


def mark_box(tip: Point, frm: Point, mark: str, width: float, ctx: Ctx) -> Rect:
    """The rectangle ``end_mark`` draws in (its strokes' width included)."""
    size = HEAD * ctx.size
    if mark in ("circle", "cross"):
        half = size * 0.5 + width / 2
        cx, cy = _back(tip, frm, size * (0.5 if mark == "circle" else 0.6))
        return Rect(cx - half, cy - half, 2 * half, 2 * half)
    back = _back(tip, frm, size)
    flicks = size * math.sin(ARROW_SPREAD) + width / 2  # how far the head's flicks stand out from the line
    return grown(Rect(min(tip[0], back[0]), min(tip[1], back[1]), abs(tip[0] - back[0]), abs(tip[1] - back[1])),
                 flicks)


def draw_frame(frame: GroupFrame, ctx: Ctx) -> list[Op]:
    outline = rounded_corners(frame.rect, 0.5 * ctx.size)
    ops: list[Op] = dashed_outline(outline, ctx.theme.pencil, ctx.thin_pen, 0.35 * ctx.size)
    ops += ctx.write(frame.label, frame.label_box.x, frame.label_box.y, ctx.theme.pencil)
    return ops
