"""Diagram blocks drawn as pen sketches: flowcharts, sequence diagrams, mind maps and charts.

Every module offers the same four functions:

* ``min_height(block, ctx, width)`` - the least height at ``ctx.size``, or None when the
  diagram cannot fit ``width`` at that size (the fitter then tries a smaller size);
* ``layout(block, ctx, rect)`` - pure geometry (rectangles, polylines, paragraphs), or None
  when the diagram cannot be laid out; for ``draw`` and for tests that check placement
  without pixels;
* ``record(block, geo, region)`` - the ``DiagramRecord`` of a layout, for the report;
* ``paint(geo, ctx)`` - the display-list ops of a layout.

``draw`` puts the last three together. The small geometric helpers the modules share live here.
"""
from __future__ import annotations

import math
from types import ModuleType

from ..context import Ctx
from ..display import Op, Path
from ..errors import InputError
from ..layout import Rect, clip_segment
from ..theme import Color, Theme

Point = tuple[float, float]


def draw(diagram: ModuleType, block, ctx: Ctx, rect: Rect) -> list[Op]:
    """The ops of ``block`` drawn by its ``diagram`` module into ``rect`` (none when it cannot
    be laid out), its record left in ``ctx.diagrams`` when the caller collects them."""
    geo = diagram.layout(block, ctx, rect)
    if geo is None:
        return []
    if ctx.diagrams is not None:
        ctx.diagrams.append(diagram.record(block, geo, ctx.region))
    return diagram.paint(geo, ctx)


def fill_for(theme: Theme, name: str, index: int) -> Color:
    """The pastel a node asks for (a name or #hex), else the palette cycled by ``index``."""
    if name:
        try:
            chosen = theme.pastel(name)
        except InputError:  # a malformed #hex: fall back to the palette like an unknown name
            chosen = None
        if chosen is not None:
            return chosen
    names = list(theme.pastels)
    return theme.pastels[names[index % len(names)]]


def word_cap(ctx: Ctx, text: str, cap: float, size: int, role: str = "body") -> float:
    """``cap`` on a label's line length, widened to the label's widest word: the caps keep
    labels compact, but words are never split, so a long one (``.pre-commit-config.yaml``)
    must still fit; only the room actually there may refuse it."""
    words = ctx.ts.words(text, size, role)
    return max([cap] + [sum(piece.width for piece in word) for word in words if word])


def union(rects: list[Rect]) -> Rect:
    x0 = min(r.x for r in rects)
    y0 = min(r.y for r in rects)
    x1 = max(r.right for r in rects)
    y1 = max(r.bottom for r in rects)
    return Rect(x0, y0, x1 - x0, y1 - y0)


def moved(r: Rect, dx: float, dy: float) -> Rect:
    return Rect(r.x + dx, r.y + dy, r.w, r.h)


def grown(r: Rect, d: float) -> Rect:
    return Rect(r.x - d, r.y - d, r.w + 2 * d, r.h + 2 * d)


def segment_hits_rect(a: Point, b: Point, r: Rect) -> bool:
    """Whether segment a-b meets the inside of ``r``."""
    return clip_segment(a, b, r, interior=True) is not None


def polyline_hits_rect(points: list[Point], r: Rect) -> bool:
    return any(segment_hits_rect(a, b, r) for a, b in zip(points, points[1:]))


def simplify(points: list[Point]) -> list[Point]:
    """Drop repeated and collinear points, so a straight route is drawn as one stroke."""
    out: list[Point] = []
    for p in points:
        if out and math.dist(out[-1], p) < 0.5:
            continue
        if len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            if abs((bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax)) < 0.5 * max(1.0, math.dist(out[-2], p)):
                out[-1] = p
                continue
        out.append(p)
    return out


def dashed_outline(points: list[Point], color: Color, width: float, dash: float,
                   closed: bool = True) -> list[Path]:
    """Dashes walked continuously along a polyline, so corners do not restart the rhythm."""
    pts = points + [points[0]] if closed else points
    ops: list[tuple] = []
    pen_down = True
    left = dash
    for a, b in zip(pts, pts[1:]):
        length = math.dist(a, b)
        pos = 0.0
        while pos < length:
            step = min(left, length - pos)
            s, e = pos / length, (pos + step) / length
            if pen_down:
                ops.append(("M", a[0] + (b[0] - a[0]) * s, a[1] + (b[1] - a[1]) * s))
                ops.append(("L", a[0] + (b[0] - a[0]) * e, a[1] + (b[1] - a[1]) * e))
            pos += step
            left -= step
            if left <= 1e-6:
                pen_down = not pen_down
                left = dash if pen_down else dash * 0.8
    return [Path(ops, stroke=color, width=width)] if ops else []


def rounded_corners(r: Rect, radius: float, steps: int = 4) -> list[Point]:
    """A rounded rectangle as a polygon: each corner a quarter circle of ``steps`` chords."""
    rad = min(radius, r.w / 2, r.h / 2)
    corners = ((r.right - rad, r.y + rad, -90), (r.right - rad, r.bottom - rad, 0),
               (r.x + rad, r.bottom - rad, 90), (r.x + rad, r.y + rad, 180))
    pts: list[Point] = []
    for cx, cy, start in corners:
        for i in range(steps + 1):
            a = math.radians(start + 90 * i / steps)
            pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    return pts
