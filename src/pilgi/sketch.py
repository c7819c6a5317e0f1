"""Hand-drawn geometry: wobbly lines, boxes, arrows and marks as display-list paths.

The wobble comes from the ``rough`` generator (a port of Rough.js), which is tuned
for screen pixels; shapes are generated in 96-dpi units and scaled to the page, so
a box looks as hand-drawn at 300 dpi as Rough.js looks on screen. Every shape takes
its own seed from one counter, so a sheet seed reproduces the page exactly.
"""
from __future__ import annotations

import math
import sys

from .display import Path
from .layout import Rect
from .theme import Color


def _load_rough():
    """rough's options and generator, loaded without fontTools: rough imports fontTools
    (~25 ms of a render's start) only to draw text as outlines, which pilgi never asks
    of it, and skips that when the import fails. fontTools stays importable for the rest."""
    hidden = "fontTools" not in sys.modules
    if hidden:
        sys.modules["fontTools"] = None  # makes `from fontTools... import` fail
    try:
        from rough.core import Options
        from rough.generator import RoughGenerator
    finally:
        if hidden:
            del sys.modules["fontTools"]
    return Options, RoughGenerator


Options, RoughGenerator = _load_rough()

SCREEN_DPI = 96.0
Point = tuple[float, float]

ARROW_SPREAD = 0.42  # radians between an arrow head's flicks and its line


class Sketcher:
    def __init__(self, seed: int, dpi: int, roughness: float = 1.0):
        self._gen = RoughGenerator()
        self._next_seed = (seed + 1) * 7919
        self.unit = dpi / SCREEN_DPI  # page pixels per rough unit
        self.roughness = roughness

    # -- plumbing ------------------------------------------------------------
    def _options(self, **extra) -> Options:
        self._next_seed += 1
        base = dict(seed=self._next_seed, roughness=self.roughness, bowing=1.0,
                    disableMultiStrokeFill=True)
        base.update(extra)
        return Options(**base)

    def _paths(self, drawable, stroke: Color | None, width: float, fill: Color | None,
               fill_alpha: int = 255) -> list[Path]:
        out = []
        for opset in drawable.sets:
            ops = self._scale_ops(opset.ops)
            if opset.type == "path" and stroke is not None:
                out.append(Path(ops, stroke=stroke, width=width))
            elif opset.type == "fillPath" and fill is not None:
                out.append(Path(ops + [("Z",)], fill=fill, fill_alpha=fill_alpha))
        # Fill first so the outline sits on top of it.
        out.sort(key=lambda p: p.fill is None)
        return out

    def _scale_ops(self, ops) -> list[tuple]:
        k = self.unit
        out: list[tuple] = []
        for op in ops:
            d = [v * k for v in op.data]
            if op.op == "move":
                out.append(("M", *d))
            elif op.op == "bcurveTo":
                out.append(("C", *d))
            else:
                out.append(("L", *d))
        return out

    def _u(self, v: float) -> float:
        return v / self.unit

    # -- shapes ----------------------------------------------------------------
    def line(self, a: Point, b: Point, color: Color, width: float, single: bool = False) -> list[Path]:
        o = self._options(disableMultiStroke=single)
        d = self._gen.line(self._u(a[0]), self._u(a[1]), self._u(b[0]), self._u(b[1]), o)
        return self._paths(d, color, width, None)

    def rect(self, r: Rect, color: Color | None, width: float, fill: Color | None = None,
             fill_alpha: int = 255, roughness: float | None = None) -> list[Path]:
        extra = {"fill": "#000" if fill else None, "fillStyle": "solid"}
        if roughness is not None:
            extra["roughness"] = roughness
        o = self._options(**extra)
        d = self._gen.rectangle(self._u(r.x), self._u(r.y), self._u(r.w), self._u(r.h), o)
        return self._paths(d, color, width, fill, fill_alpha)

    def ellipse(self, cx: float, cy: float, w: float, h: float, color: Color | None, width: float,
                fill: Color | None = None, roughness: float | None = None) -> list[Path]:
        extra = {} if roughness is None else {"roughness": roughness}
        o = self._options(fill="#000" if fill else None, fillStyle="solid", **extra)
        d = self._gen.ellipse(self._u(cx), self._u(cy), self._u(w), self._u(h), o)
        return self._paths(d, color, width, fill)

    def polygon(self, points: list[Point], color: Color | None, width: float,
                fill: Color | None = None) -> list[Path]:
        o = self._options(fill="#000" if fill else None, fillStyle="solid")
        d = self._gen.polygon([(self._u(x), self._u(y)) for x, y in points], o)
        return self._paths(d, color, width, fill)

    def curve(self, points: list[Point], color: Color, width: float) -> list[Path]:
        o = self._options(disableMultiStroke=True)
        d = self._gen.curve([(self._u(x), self._u(y)) for x, y in points], o)
        return self._paths(d, color, width, None)

    def polyline(self, points: list[Point], color: Color, width: float) -> list[Path]:
        o = self._options(disableMultiStroke=True)
        d = self._gen.linearPath([(self._u(x), self._u(y)) for x, y in points], o)
        return self._paths(d, color, width, None)

    def dashed(self, a: Point, b: Point, color: Color, width: float, dash: float) -> list[Path]:
        """Short straight dashes: a pen lifts, so dashes do not wobble as one stroke."""
        length = math.dist(a, b)
        if length == 0:
            return []
        ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
        ops: list[tuple] = []
        t = 0.0
        while t < length:
            end = min(t + dash, length)
            ops.append(("M", a[0] + ux * t, a[1] + uy * t))
            ops.append(("L", a[0] + ux * end, a[1] + uy * end))
            t += dash * 1.8
        return [Path(ops, stroke=color, width=width)]

    def arrow_head(self, tip: Point, frm: Point, color: Color, width: float, size: float,
                   head: str = "arrow") -> list[Path]:
        """Two pen flicks at the tip, pointing away from ``frm``; a cross for 'cross'."""
        ang = math.atan2(tip[1] - frm[1], tip[0] - frm[0])
        if head == "cross":
            s = size * 0.5
            return (self.line((tip[0] - s, tip[1] - s), (tip[0] + s, tip[1] + s), color, width, True)
                    + self.line((tip[0] - s, tip[1] + s), (tip[0] + s, tip[1] - s), color, width, True))
        spread = ARROW_SPREAD if head != "async" else 0.5
        out = []
        sides = (-1, 1) if head != "async" else (-1,)
        for side in sides:
            a = ang + math.pi - side * spread
            end = (tip[0] + size * math.cos(a), tip[1] + size * math.sin(a))
            out += self.line(end, tip, color, width, single=True)
        return out

    def arrow(self, points: list[Point], color: Color, width: float, head_size: float,
              dashed: bool = False, head: str = "arrow", curved: bool = False) -> list[Path]:
        if len(points) < 2:
            return []
        if dashed:
            body: list[Path] = []
            for a, b in zip(points, points[1:]):
                body += self.dashed(a, b, color, width, head_size * 0.9)
        elif curved and len(points) > 2:
            body = self.curve(points, color, width)
        elif len(points) == 2:
            body = self.line(points[0], points[1], color, width, single=True)
        else:
            body = self.polyline(points, color, width)
        if head == "none":
            return body
        return body + self.arrow_head(points[-1], points[-2], color, width, head_size, head)

    def underline(self, x0: float, x1: float, y: float, color: Color, width: float) -> list[Path]:
        return self.line((x0, y), (x1, y), color, width, single=True)

    def highlight(self, r: Rect, color: Color, alpha: int) -> list[Path]:
        """A chisel-tip marker stroke: slanted ends, edges that waver a little as the
        hand moves, a slight drift, and a second pass over part of it where the ink
        lies heavier - not a flat rectangle."""
        o = self._options()
        rand = _Jitter(o.seed)
        h = r.h
        drift = h * 0.1 * (rand.next() - 0.5)
        steps = max(2, min(8, round(r.w / (h * 1.5))))
        top, bottom = [], []
        for i in range(steps + 1):
            t = i / steps
            x = r.x + r.w * t
            lift = drift * (t - 0.5)
            top.append((x, r.y + lift + h * 0.05 * (rand.next() - 0.5)))
            bottom.append((x, r.bottom + lift + h * 0.05 * (rand.next() - 0.5)))
        # Chisel ends: the tip's edge lies slanted, so each end leans the same way.
        slant = h * 0.18
        top[0] = (top[0][0] + slant * 0.5, top[0][1])
        bottom[0] = (bottom[0][0] - slant * 0.5, bottom[0][1])
        top[-1] = (top[-1][0] + slant * 0.5, top[-1][1])
        bottom[-1] = (bottom[-1][0] - slant * 0.5, bottom[-1][1])
        outline = top + bottom[::-1]
        ops = [("M", *outline[0])] + [("L", *p) for p in outline[1:]] + [("Z",)]
        out = [Path(ops, fill=color, fill_alpha=alpha)]
        # The second pass: a narrower band along part of the stroke, a shade heavier.
        a, b = 0.1 + 0.3 * rand.next(), 0.6 + 0.35 * rand.next()
        band_top = h * (0.1 + 0.25 * rand.next())
        x0, x1 = r.x + r.w * a, r.x + r.w * b
        y0 = r.y + band_top + drift * (a - 0.5)
        y1 = r.y + band_top + drift * (b - 0.5)
        thick = h * 0.45
        more = [(x0 + slant * 0.3, y0), (x1 + slant * 0.3, y1), (x1 - slant * 0.3, y1 + thick),
                (x0 - slant * 0.3, y0 + thick)]
        out.append(Path([("M", *more[0])] + [("L", *p) for p in more[1:]] + [("Z",)],
                        fill=color, fill_alpha=max(1, alpha // 3)))
        return out


class _Jitter:
    """A tiny deterministic number stream (an LCG) for a shape's own wobble."""

    def __init__(self, seed: int):
        self.state = (seed * 2654435761) & 0xFFFFFFFF

    def next(self) -> float:
        self.state = (self.state * 1664525 + 1013904223) & 0xFFFFFFFF
        return self.state / 2 ** 32
