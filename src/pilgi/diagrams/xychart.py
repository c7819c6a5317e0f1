"""XY charts (``xychart-beta``): hand-drawn axes with a few round ticks, bars as pastel
boxes standing on the x-axis and lines as pen strokes through dots. Tick labels sit
outside the axes, the y-axis title above them and the x-axis title under the category
names, so no writing lies on a drawn line."""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..context import Ctx
from ..display import Op
from ..layout import Rect
from ..model import XYChart
from ..text import Paragraph
from . import Point, fill_for
from .record import DiagramRecord, EdgeRecord, NodeRecord

MIN_PLOT_H = 6.0  # ems
MIN_CATEGORY = 1.6  # ems: the narrowest category column
TICKS = 5  # about this many steps up the y-axis
GAP = 0.35  # ems between a label and its axis
BAR_SHARE = 0.62  # of a category's width taken by its bars


@dataclass
class Label:
    """A written label and its box."""
    text: Paragraph
    box: Rect


@dataclass
class XYGeometry:
    """An x-y chart laid out: plot area, ticks, bars and lines."""
    plot: Rect
    ticks: list[tuple[float, Label]]  # y of the tick, its label
    categories: list[Label]
    y_title: Label | None
    x_title: Label | None
    bars: list[tuple[Rect, tuple]]  # box, fill
    lines: list[list[Point]]
    bounds: Rect


def categories_of(block: XYChart) -> list[str]:
    n = max(len(s.values) for s in block.series)
    if block.categories:
        return block.categories + [""] * (n - len(block.categories))
    if block.x_range:
        lo, hi = block.x_range
        return [f"{lo + (hi - lo) * k / max(n - 1, 1):g}" for k in range(n)]
    return [str(k + 1) for k in range(n)]


def nice_step(span: float) -> float:
    raw = span / TICKS if span > 0 else 1.0
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def y_scale(block: XYChart) -> tuple[float, float, list[float]]:
    values = [v for s in block.series for v in s.values]
    if block.y_range:
        lo, hi = sorted(block.y_range)
    else:
        lo, hi = min(0.0, min(values)), max(0.0, max(values))
    if hi == lo:
        hi = lo + 1
    step = nice_step(hi - lo)
    if not block.y_range:
        lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    first = math.ceil(lo / step - 1e-9) * step
    ticks = [first + k * step for k in range(int((hi - first) / step + 1e-9) + 1)]
    return lo, hi, ticks


def build(block: XYChart, ctx: Ctx, rect: Rect, plot_h: float | None) -> XYGeometry | None:
    s, sm = ctx.size, ctx.small
    lo, hi, ticks = y_scale(block)
    tick_paras = [ctx.wrap(f"{t:g}", 10 * s, sm) for t in ticks]
    if any(p is None for p in tick_paras):
        return None
    left = max(p.width for p in tick_paras) + GAP * s
    y_title = ctx.wrap(block.y_title, rect.w, sm) if block.y_title else None
    half_tick = max(p.height for p in tick_paras) / 2  # the top tick's label reaches above the plot
    top = (y_title.height + GAP * s if y_title else 0.0) + max(half_tick, sm * 0.6)
    names = categories_of(block)
    plot_w = rect.w - left - sm * 0.6
    col = plot_w / len(names)
    if col < MIN_CATEGORY * sm:
        return None
    paras = [ctx.wrap(name, col - 0.15 * s, sm) if name else ctx.wrap(" ", col, sm) for name in names]
    if any(p is None for p in paras):
        return None
    below = max(p.height for p in paras) + GAP * s
    x_title = ctx.wrap(block.x_title, plot_w, sm) if block.x_title else None
    if block.x_title and x_title is None:
        return None
    under = below + (x_title.height + GAP * s if x_title else 0.0)
    if plot_h is None:
        plot_h = max(MIN_PLOT_H * s, rect.h - top - under)
    plot = Rect(rect.x + left, rect.y + top, plot_w, plot_h)

    def y_of(v: float) -> float:
        return plot.bottom - (v - lo) / (hi - lo) * plot.h
    tick_labels = [(y_of(t), Label(p, Rect(plot.x - GAP * s - p.width, y_of(t) - p.height / 2, p.width, p.height)))
                   for t, p in zip(ticks, tick_paras)]
    cats = [Label(p, Rect(plot.x + k * col + (col - p.width) / 2, plot.bottom + GAP * s, p.width, p.height))
            for k, p in enumerate(paras)]
    bar_series = [s_ for s_ in block.series if s_.kind == "bar"]
    bars = []
    width = col * BAR_SHARE / max(len(bar_series), 1)
    for b, series in enumerate(bar_series):
        for k, v in enumerate(series.values):
            x = plot.x + k * col + (col - col * BAR_SHARE) / 2 + b * width
            base, y = y_of(max(lo, min(0.0, hi))), y_of(min(max(v, lo), hi))
            bars.append((Rect(x, min(base, y), width, abs(base - y)), fill_for(ctx.theme, "", b)))
    lines = [[(plot.x + (k + 0.5) * col, y_of(min(max(v, lo), hi))) for k, v in enumerate(series.values)]
             for series in block.series if series.kind == "line"]
    yt = Label(y_title, Rect(rect.x, rect.y, y_title.width, y_title.height)) if y_title else None
    xt = None
    if x_title:
        xt = Label(x_title, Rect(plot.x + (plot.w - x_title.width) / 2, plot.bottom + below, x_title.width,
                                 x_title.height))
    bottom = plot.bottom + under
    bounds = Rect(rect.x, rect.y, rect.w, bottom - rect.y)
    return XYGeometry(plot, tick_labels, cats, yt, xt, bars, lines, bounds)


def min_height(block: XYChart, ctx: Ctx, width: float) -> float | None:
    geo = build(block, ctx, Rect(0, 0, width, 0), MIN_PLOT_H * ctx.size)
    return None if geo is None else geo.bounds.h


def layout(block: XYChart, ctx: Ctx, rect: Rect) -> XYGeometry | None:
    return build(block, ctx, rect, None)


def record(block: XYChart, geo: XYGeometry, region: str) -> DiagramRecord:
    nodes = [NodeRecord(f"bar{i + 1}", "", box) for i, (box, _) in enumerate(geo.bars)]
    nodes += [NodeRecord(f"x{i + 1}", name, c.box) for i, (name, c) in enumerate(zip(categories_of(block),
                                                                                   geo.categories))]
    edges = [EdgeRecord("", "", "line", list(line)) for line in geo.lines]
    return DiagramRecord("xychart", region, nodes, edges)


def paint(geo: XYGeometry, ctx: Ctx) -> list[Op]:
    sk, ink, pen, thin = ctx.sketch, ctx.theme.ink, ctx.pen, ctx.thin_pen
    p = geo.plot
    ops: list[Op] = []
    for y, _ in geo.ticks:
        ops += sk.line((p.x - 0.15 * ctx.size, y), (p.x, y), ink, thin, True)
        if abs(y - p.bottom) > 1:
            ops += sk.dashed((p.x, y), (p.right, y), ctx.theme.grid, thin, 0.3 * ctx.size)
    for box, fill in geo.bars:
        ops += sk.rect(box, ink, thin, fill)
    for line in geo.lines:
        ops += sk.polyline(line, ctx.theme.blue, pen) if len(line) > 1 else []
        for x, y in line:
            d = 0.3 * ctx.size
            ops += sk.ellipse(x, y, d, d, ctx.theme.blue, thin, ctx.theme.blue)
    ops += sk.line((p.x, p.y), (p.x, p.bottom), ink, pen, True)
    ops += sk.line((p.x, p.bottom), (p.right, p.bottom), ink, pen, True)
    for _, label in geo.ticks:
        ops += ctx.write(label.text, label.box.x, label.box.y)
    for c in geo.categories:
        ops += ctx.write(c.text, c.box.x, c.box.y, None, "center", c.box.w)
    for t in (geo.y_title, geo.x_title):
        if t is not None:
            ops += ctx.write(t.text, t.box.x, t.box.y, ctx.theme.blue)
    return ops
