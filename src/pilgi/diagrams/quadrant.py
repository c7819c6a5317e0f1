"""Quadrant charts: a square of four pastel quadrants with their names at the top of
each, points as ink dots named beside them, the axes' low and high ends written
outside the square (under it for x, left of it for y)."""
from __future__ import annotations

from dataclasses import dataclass

from ..context import Ctx
from ..display import Op
from ..layout import Rect
from ..model import Quadrant
from ..text import Paragraph
from . import Point, fill_for, word_cap
from .record import DiagramRecord, NodeRecord

MIN_SIDE = 7.0  # ems: the smallest square
AXIS_CAP = 6.0  # ems of the small size: the widest line of a y-axis end's name
GAP = 0.35  # ems
DOT = 0.32  # ems: a point's diameter
QUADRANT_FILLS = ("green", "blue", "yellow", "pink")  # quadrant-1 (top right) .. quadrant-4


@dataclass
class Label:
    """A written label and its box."""
    text: Paragraph
    box: Rect


@dataclass
class QuadrantGeometry:
    """A quadrant chart laid out: square, quarters, points and axis labels."""
    square: Rect
    quadrants: list[tuple[Rect, tuple, Label | None]]
    points: list[tuple[Point, Label]]
    axis_labels: list[Label]
    bounds: Rect


def quadrant_rects(q: Rect) -> list[Rect]:
    hw, hh = q.w / 2, q.h / 2
    return [Rect(q.x + hw, q.y, hw, hh), Rect(q.x, q.y, hw, hh), Rect(q.x, q.y + hh, hw, hh),
            Rect(q.x + hw, q.y + hh, hw, hh)]


def build(block: Quadrant, ctx: Ctx, rect: Rect, side: float | None) -> QuadrantGeometry | None:
    s, sm = ctx.size, ctx.small
    y_low, y_high = (ctx.wrap(t, AXIS_CAP * sm, sm) if t else None for t in block.y_axis)
    if any(t and p is None for t, p in zip(block.y_axis, (y_low, y_high))):
        return None
    left = max([p.width for p in (y_low, y_high) if p] + [0.0]) + GAP * s
    x_paras = [ctx.wrap(t, rect.w / 2, sm) if t else None for t in block.x_axis]
    if any(t and p is None for t, p in zip(block.x_axis, x_paras)):
        return None
    under = max([p.height for p in x_paras if p] + [0.0]) + GAP * s
    if side is None:
        side = min(rect.w - left, rect.h - under)
    if side < least_side(block, ctx) - 0.5 or side > rect.w - left + 0.5:
        return None
    x0 = rect.x + left + max(0.0, (rect.w - left - side) / 2)
    sq = Rect(x0, rect.y, side, side)
    quadrants = []
    pad = GAP * s
    for i, (r, text) in enumerate(zip(quadrant_rects(sq), block.labels)):
        label = None
        if text:
            para = ctx.wrap(f"**{text}**", r.w - 2 * pad, sm)
            if para is None:
                return None
            label = Label(para, Rect(r.x + (r.w - para.width) / 2, r.y + pad, para.width, para.height))
        quadrants.append((r, fill_for(ctx.theme, QUADRANT_FILLS[i], i), label))
    # Point names keep off the other names, the dots and the lines across the middle.
    line = 0.1 * s
    taken = [q[2].box for q in quadrants if q[2]]
    taken += [Rect(sq.x + sq.w / 2 - line, sq.y, 2 * line, sq.h), Rect(sq.x, sq.y + sq.h / 2 - line, sq.w, 2 * line)]
    centres = [(sq.x + pt.x * sq.w, sq.bottom - pt.y * sq.h) for pt in block.points]
    d = DOT * s
    taken += [Rect(x - d / 2, y - d / 2, d, d) for x, y in centres]
    points = []
    for pt, c in zip(block.points, centres):
        para = ctx.wrap(pt.label, sq.w / 2, sm)
        if para is None:
            return None
        w, h = para.width, para.height
        options = [Rect(c[0] + d, c[1] - h / 2, w, h), Rect(c[0] - d - w, c[1] - h / 2, w, h),
                   Rect(c[0] - w / 2, c[1] + d * 0.8, w, h), Rect(c[0] - w / 2, c[1] - d * 0.8 - h, w, h),
                   Rect(c[0] + d, c[1] + d * 0.3, w, h), Rect(c[0] + d, c[1] - d * 0.3 - h, w, h),
                   Rect(c[0] - d - w, c[1] + d * 0.3, w, h), Rect(c[0] - d - w, c[1] - d * 0.3 - h, w, h)]
        inside = [o for o in options if o.x >= sq.x and o.right <= sq.right and o.y >= sq.y and o.bottom <= sq.bottom]
        free = [o for o in inside if not any(o.overlaps(t) for t in taken)]
        if not free:
            return None  # crowded: a larger square (or smaller writing) is needed
        taken.append(free[0])
        points.append((c, Label(para, free[0])))
    axis = []
    for para, top in ((y_high, True), (y_low, False)):
        if para:
            y = sq.y if top else sq.bottom - para.height
            axis.append(Label(para, Rect(sq.x - GAP * s - para.width, y, para.width, para.height)))
    for para, at_left in zip(x_paras, (True, False)):
        if para:
            x = sq.x if at_left else sq.right - para.width
            axis.append(Label(para, Rect(x, sq.bottom + GAP * s, para.width, para.height)))
    bounds = Rect(rect.x, rect.y, rect.w, side + under)
    return QuadrantGeometry(sq, quadrants, points, axis, bounds)


def least_side(block: Quadrant, ctx: Ctx) -> float:
    """The square's least side: MIN_SIDE, or room for each quadrant name's longest word."""
    words = [word_cap(ctx, f"**{t}**", 0.0, ctx.size) for t in block.labels if t]
    return max([MIN_SIDE * ctx.size] + [2 * (w * 1.05 + 2 * GAP * ctx.size) for w in words])


def sides(block: Quadrant, ctx: Ctx, most: float) -> list[float]:
    """Square sizes to try, smallest first: crowded points need a larger square."""
    least = least_side(block, ctx)
    return [least * 1.25 ** k for k in range(8) if least * 1.25 ** k <= most] or [least]


def min_height(block: Quadrant, ctx: Ctx, width: float) -> float | None:
    for side in sides(block, ctx, width):
        geo = build(block, ctx, Rect(0, 0, width, 0), side)
        if geo is not None:
            return geo.bounds.h
    return None


def layout(block: Quadrant, ctx: Ctx, rect: Rect) -> QuadrantGeometry | None:
    geo = build(block, ctx, rect, None)
    if geo is not None:
        return geo
    for side in reversed(sides(block, ctx, min(rect.w, rect.h))):
        geo = build(block, ctx, rect, side)
        if geo is not None:
            return geo
    return None


def record(block: Quadrant, geo: QuadrantGeometry, region: str) -> DiagramRecord:
    nodes = [NodeRecord(f"q{i + 1}", block.labels[i], r) for i, (r, _, _) in enumerate(geo.quadrants)]
    nodes += [NodeRecord(f"point{i + 1}", p.label, label.box) for i, (p, (_, label)) in
              enumerate(zip(block.points, geo.points))]
    return DiagramRecord("quadrant", region, nodes)


def paint(geo: QuadrantGeometry, ctx: Ctx) -> list[Op]:
    sk, ink, thin = ctx.sketch, ctx.theme.ink, ctx.thin_pen
    ops: list[Op] = []
    for r, fill, _ in geo.quadrants:
        ops += sk.rect(r, None, thin, fill, fill_alpha=170)
    sq = geo.square
    ops += sk.rect(sq, ink, ctx.pen)
    ops += sk.line((sq.x + sq.w / 2, sq.y), (sq.x + sq.w / 2, sq.bottom), ctx.theme.pencil, thin, True)
    ops += sk.line((sq.x, sq.y + sq.h / 2), (sq.right, sq.y + sq.h / 2), ctx.theme.pencil, thin, True)
    for _, _, label in geo.quadrants:
        if label:
            ops += ctx.write(label.text, label.box.x, label.box.y)
    d = DOT * ctx.size
    for (x, y), label in geo.points:
        ops += sk.ellipse(x, y, d, d, ctx.theme.blue, thin, ctx.theme.blue)
        ops += ctx.write(label.text, label.box.x, label.box.y)
    for label in geo.axis_labels:
        ops += ctx.write(label.text, label.box.x, label.box.y, ctx.theme.blue)
    return ops
