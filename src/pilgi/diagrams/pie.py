"""Pie charts: a hand-drawn disc cut into pastel wedges, with a legend beside it that
names each slice and its share (and its value, with ``showData``). The legend keeps all
writing off the wedges' lines; the disc takes the room the legend leaves."""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..context import Ctx
from ..display import Op
from ..layout import Rect
from ..model import Pie
from ..text import Paragraph
from . import Point, fill_for, union
from .record import DiagramRecord, NodeRecord

MIN_DISC = 5.0  # ems: the smallest disc worth drawing
LEGEND_CAP = 14.0  # ems: the widest legend line
GAP = 1.0  # ems between the disc and the legend
SWATCH = 0.75  # ems: the colour square before each legend entry
ROW_GAP = 0.3  # ems between legend entries
STEP_DEGREES = 5.0  # arc drawn as chords no longer than this


@dataclass
class Wedge:
    """One slice as drawn: its angles and fill."""
    label: str
    start: float  # radians, clockwise from the top
    end: float
    fill: tuple


@dataclass
class PieGeometry:
    """A pie chart laid out: circle, wedges and legend."""
    centre: Point
    radius: float
    wedges: list[Wedge]
    entries: list[tuple[Paragraph, Rect, Rect]]  # text, where it is written, its swatch
    bounds: Rect


def share_text(block: Pie, i: int) -> str:
    total = sum(s.value for s in block.slices)
    s = block.slices[i]
    pct = 100 * s.value / total
    share = f"{pct:.0f}%" if pct >= 1 or pct == 0 else f"{pct:.1f}%"
    value = f"{s.value:g}"
    return f"{s.label}: {value} ({share})" if block.show_data else f"{s.label} ({share})"


def legend(block: Pie, ctx: Ctx, width: float) -> list[Paragraph] | None:
    cap = min(width, LEGEND_CAP * ctx.size)
    paras = [ctx.wrap(share_text(block, i), cap) for i in range(len(block.slices))]
    return None if any(p is None for p in paras) else paras


def legend_size(paras: list[Paragraph], s: float) -> tuple[float, float]:
    w = max(p.width for p in paras) + (SWATCH + 0.4) * s
    h = sum(p.height for p in paras) + ROW_GAP * s * (len(paras) - 1)
    return w, h


def min_height(block: Pie, ctx: Ctx, width: float) -> float | None:
    s = ctx.size
    room = width - (MIN_DISC + GAP + SWATCH + 0.4) * s
    if room <= 0:
        return None
    paras = legend(block, ctx, room)
    if paras is None:
        return None
    return max(MIN_DISC * s, legend_size(paras, s)[1])


def layout(block: Pie, ctx: Ctx, rect: Rect) -> PieGeometry | None:
    s = ctx.size
    paras = legend(block, ctx, max(rect.w - (MIN_DISC + GAP + SWATCH + 0.4) * s, 1.0))
    if paras is None:
        return None
    lw, lh = legend_size(paras, s)
    d = max(min(rect.h, rect.w - lw - GAP * s), MIN_DISC * s * 0.5)
    x0 = rect.x + max(0.0, (rect.w - d - GAP * s - lw) / 2)
    cy = rect.y + rect.h / 2
    centre = (x0 + d / 2, cy)
    total = sum(sl.value for sl in block.slices)
    wedges, angle = [], 0.0
    for i, sl in enumerate(block.slices):
        sweep = 2 * math.pi * sl.value / total
        wedges.append(Wedge(sl.label, angle, angle + sweep, fill_for(ctx.theme, "", i)))
        angle += sweep
    entries = []
    y = cy - lh / 2
    lx = x0 + d + GAP * s
    for para, w in zip(paras, wedges):
        sw = SWATCH * s * 0.8
        swatch = Rect(lx, y + (para.line_height - sw) / 2, sw, sw)
        entries.append((para, Rect(lx + (SWATCH + 0.4) * s, y, para.width, para.height), swatch))
        y += para.height + ROW_GAP * s
    disc = Rect(centre[0] - d / 2, cy - d / 2, d, d)
    return PieGeometry(centre, d / 2, wedges, entries, union([disc] + [e[1] for e in entries]))


def arc(centre: Point, r: float, a0: float, a1: float) -> list[Point]:
    steps = max(1, math.ceil(math.degrees(a1 - a0) / STEP_DEGREES))
    cx, cy = centre
    return [(cx + r * math.sin(a0 + (a1 - a0) * k / steps), cy - r * math.cos(a0 + (a1 - a0) * k / steps))
            for k in range(steps + 1)]


def record(block: Pie, geo: PieGeometry, region: str) -> DiagramRecord:
    return DiagramRecord("pie", region, [
        NodeRecord(str(i + 1), w.label, text) for i, (w, (_, text, _)) in enumerate(zip(geo.wedges, geo.entries))])


def paint(geo: PieGeometry, ctx: Ctx) -> list[Op]:
    sk, ink, pen = ctx.sketch, ctx.theme.ink, ctx.pen
    ops: list[Op] = []
    cx, cy = geo.centre
    for w in geo.wedges:
        if w.end - w.start >= 2 * math.pi - 1e-9:
            ops += sk.ellipse(cx, cy, 2 * geo.radius, 2 * geo.radius, ink, pen, w.fill)
        elif w.end > w.start:
            ops += sk.polygon([geo.centre] + arc(geo.centre, geo.radius, w.start, w.end), ink, pen, w.fill)
    for (para, box, swatch), w in zip(geo.entries, geo.wedges):
        ops += sk.rect(swatch, ink, ctx.thin_pen, w.fill)
        ops += ctx.write(para, box.x, box.y)
    return ops
