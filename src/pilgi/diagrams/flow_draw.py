"""A laid-out flowchart drawn: node outlines with their labels and notes, routes with
their end marks (arrow heads, crosses, small open circles) and labels, and group frames."""
from __future__ import annotations

from ..context import Ctx
from ..display import Op
from ..layout import Rect
from . import Point, dashed_outline, rounded_corners
from .flow_geometry import (CROSS_BACK, HEAD, MARK_HALF, GroupFrame, PlacedNode, Route, back_along, end_marks,
                            line_width)
from .flow_shapes import cylinder_cap, flag_notch


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


def end_mark(tip: Point, frm: Point, mark: str, width: float, ctx: Ctx) -> list[Op]:
    """An arrow head, a cross or a small open circle at the end ``tip`` of a line."""
    size = HEAD * ctx.size
    if mark == "circle":
        r = size * MARK_HALF
        return ctx.sketch.ellipse(*back_along(tip, frm, r), 2 * r, 2 * r, ctx.theme.ink, width, ctx.theme.paper)
    if mark == "cross":  # clear of the node it points at, which is drawn over the lines
        return ctx.sketch.arrow_head(back_along(tip, frm, size * CROSS_BACK), frm, ctx.theme.ink, width, size, "cross")
    return ctx.sketch.arrow_head(tip, frm, ctx.theme.ink, width, size)


def draw_frame(frame: GroupFrame, ctx: Ctx) -> list[Op]:
    outline = rounded_corners(frame.rect, 0.5 * ctx.size)
    ops: list[Op] = dashed_outline(outline, ctx.theme.pencil, ctx.thin_pen, 0.35 * ctx.size)
    ops += ctx.write(frame.label, frame.label_box.x, frame.label_box.y, ctx.theme.pencil)
    return ops
