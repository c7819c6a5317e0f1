"""Timelines: periods left to right along a hand-drawn arrow, each a pastel box (one
pastel per section, the section's name on a strip above its periods) with its events
as small boxes hanging under the arrow. Too many periods for one row wrap onto more
rows, each with its own arrow."""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..context import Ctx
from ..display import Op
from ..layout import Rect
from ..model import Timeline
from ..text import Paragraph
from . import fill_for, union
from .record import DiagramRecord, EdgeRecord, NodeRecord

MIN_COLUMN = 5.0  # ems: the narrowest period column before periods wrap to a new row
GAP = 0.5  # ems between columns, boxes and rows
PAD = 0.3  # ems of text to its box
AXIS = 1.2  # ems of room for the arrow under the period boxes


@dataclass
class Cell:
    """A written box of the timeline and its fill."""
    text: Paragraph
    box: Rect
    fill: tuple | None


@dataclass
class TimelineGeometry:
    """A timeline laid out: section strips, periods and events."""
    strips: list[Cell]  # section names
    periods: list[Cell]
    events: list[list[Cell]]  # per period
    axes: list[tuple[float, float, float]]  # x0, x1, y of each row's arrow
    bounds: Rect


def flat_periods(block: Timeline):
    return [(si, p) for si, sec in enumerate(block.sections) for p in sec.periods]


def build(block: Timeline, ctx: Ctx, rect: Rect) -> TimelineGeometry | None:
    s, sm = ctx.size, ctx.small
    periods = flat_periods(block)
    gap = GAP * s
    per_row = max(1, min(len(periods), math.floor((rect.w + gap) / (MIN_COLUMN * s + gap))))
    col = (rect.w - gap * (per_row - 1)) / per_row
    inner = col - 2 * PAD * s
    named = any(sec.label for sec in block.sections)
    strips, cells, events, axes = [], [], [], []
    y = rect.y
    for start in range(0, len(periods), per_row):
        row = periods[start:start + per_row]
        strip_h = 0.0
        if named:
            for si in sorted({si for si, _ in row}):
                label = block.sections[si].label
                cols = [k for k, (sj, _) in enumerate(row) if sj == si]
                x0 = rect.x + cols[0] * (col + gap)
                w = len(cols) * col + (len(cols) - 1) * gap
                para = ctx.wrap(f"**{label}**", w - 2 * PAD * s, sm) if label else None
                if label and para is None:
                    return None
                h = (para.height if para else sm) + 2 * PAD * s
                strip_h = max(strip_h, h)
                strips.append(Cell(para or ctx.wrap(" ", w, sm), Rect(x0, y, w, h), fill_for(ctx.theme, "", si)))
            for c in strips[-len({si for si, _ in row}):]:
                c.box = Rect(c.box.x, c.box.y, c.box.w, strip_h)
            y += strip_h + gap
        paras = [ctx.wrap(f"**{p.label}**", inner, s) for _, p in row]
        if any(p is None for p in paras):
            return None
        box_h = max(p.height for p in paras) + 2 * PAD * s
        for k, ((si, p), para) in enumerate(zip(row, paras)):
            cells.append(Cell(para, Rect(rect.x + k * (col + gap), y, col, box_h), fill_for(ctx.theme, "", si)))
        y += box_h
        axis_y = y + AXIS * s / 2
        axes.append((rect.x, rect.x + len(row) * col + (len(row) - 1) * gap, axis_y))
        y += AXIS * s
        bottom = y
        for k, (_, p) in enumerate(row):
            ey, stack = y, []
            for text in p.events:
                para = ctx.wrap(text, inner, sm)
                if para is None:
                    return None
                h = para.height + 2 * PAD * s * 0.7
                stack.append(Cell(para, Rect(rect.x + k * (col + gap), ey, col, h), None))
                ey += h + gap * 0.6
            events.append(stack)
            bottom = max(bottom, ey - gap * 0.6 if stack else y)
        y = bottom + gap * 1.5
    boxes = [c.box for c in strips + cells] + [c.box for st in events for c in st]
    return TimelineGeometry(strips, cells, events, axes, union(boxes))


def min_height(block: Timeline, ctx: Ctx, width: float) -> float | None:
    geo = build(block, ctx, Rect(0, 0, width, 0))
    return None if geo is None else geo.bounds.h


def layout(block: Timeline, ctx: Ctx, rect: Rect) -> TimelineGeometry | None:
    geo = build(block, ctx, rect)
    if geo is None:
        return None
    dy = max(0.0, (rect.h - geo.bounds.h) / 2)
    return build(block, ctx, Rect(rect.x, rect.y + dy, rect.w, rect.h)) if dy else geo


def record(block: Timeline, geo: TimelineGeometry, region: str) -> DiagramRecord:
    periods = flat_periods(block)
    nodes = [NodeRecord(f"p{i + 1}", p.label, c.box) for i, ((_, p), c) in enumerate(zip(periods, geo.periods))]
    nodes += [NodeRecord(f"p{i + 1}.{j + 1}", text, c.box) for i, ((_, p), st) in enumerate(zip(periods, geo.events))
              for j, (text, c) in enumerate(zip(p.events, st))]
    edges = [EdgeRecord("", "", "", [(x0, y), (x1, y)]) for x0, x1, y in geo.axes]
    return DiagramRecord("timeline", region, nodes, edges)


def paint(geo: TimelineGeometry, ctx: Ctx) -> list[Op]:
    sk, ink, pen = ctx.sketch, ctx.theme.ink, ctx.pen
    ops: list[Op] = []
    for x0, x1, y in geo.axes:
        ops += sk.arrow([(x0, y), (x1, y)], ink, pen, 0.42 * ctx.size)
    for c in geo.strips:
        ops += sk.rect(c.box, None, ctx.thin_pen, c.fill, fill_alpha=150)
        ops += ctx.write_centered(c.text, c.box)
    for c, stack in zip(geo.periods, geo.events):
        ops += sk.rect(c.box, ink, pen, c.fill)
        ops += ctx.write_centered(c.text, c.box)
        cx = c.box.x + c.box.w / 2
        if stack:
            ops += sk.line((cx, c.box.bottom), (cx, stack[0].box.y), ctx.theme.pencil, ctx.thin_pen, True)
        for e in stack:
            ops += sk.rect(e.box, ctx.theme.pencil, ctx.thin_pen, ctx.theme.sticky, roughness=0.6)
            ops += ctx.write_centered(e.text, e.box)
    return ops
