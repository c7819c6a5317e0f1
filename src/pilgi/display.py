"""The display list: plain drawing operations, free of any backend.

Layout and fitting produce these; every backend (raster, SVG, PDF) only reads
them, so each output draws the same page. Everything is in page pixels. Backends
draw in three layers: the ``Grid`` (graph paper), every ``Path`` in list order,
then every ``TextLine`` and ``Picture`` in list order — fills, highlighter marks
and frames sit under the writing. Where each glyph, emoji and picture goes is
decided here, not by a backend: a backend at another resolution places each glyph
at its scaled position, so no gap between words is lost to rounded advances.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path as FilePath

from .theme import Color

# ("M", x, y) | ("L", x, y) | ("C", x1, y1, x2, y2, x, y) | ("Z",)
PathOp = tuple


@dataclass
class Path:
    """A stroked and/or filled path: moves, lines and cubic curves."""
    ops: list[PathOp]
    stroke: Color | None = None
    width: float = 0.0
    fill: Color | None = None
    fill_alpha: int = 255
    stroke_alpha: int = 255


@dataclass
class Grid:
    """Graph paper: lines every ``step`` px across the whole page."""
    color: Color
    step: float
    width: float


@dataclass
class GlyphRun:
    """Characters drawn in one font file at one size; x, baseline in page pixels.

    ``kind`` is "text" (outline font), "emoji" (colour bitmap font), "icon" (a
    hand-drawn stand-in whose strokes are Paths in the list: the run keeps its
    characters for the PDF text layer and the report, and draws nothing itself) or
    "missing" (no font has them: never drawn, always reported by the checker).
    ``advances`` are the characters' advances as measured at layout time (summing
    to ``width``); ``box`` is where an emoji's picture goes (x, y, w, h).
    """
    text: str
    font: FilePath | None
    size: float  # px: whole at the layout resolution, scaled with the page
    x: float
    baseline: float
    width: float
    color: Color
    kind: str = "text"
    advances: tuple[float, ...] = ()
    box: tuple[float, float, float, float] | None = None

    def positions(self) -> list[float]:
        """The x of each character as laid out."""
        out, x = [], self.x
        for adv in self.advances or (self.width,):
            out.append(x)
            x += adv
        return out


@dataclass
class TextLine:
    """One line of writing: its box (for checks and the report) and its runs."""
    runs: list[GlyphRun]
    x: float
    y: float
    w: float
    h: float
    size: float  # nominal font size in px
    region: str = ""

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Picture:
    """A raster picture (a custom icon) scaled into its box; drawn with the text layer."""
    image: object  # PIL.Image.Image in RGBA
    x: float
    y: float
    w: float
    h: float


Op = Path | TextLine | Picture


@dataclass
class DisplayList:
    """Everything a page draws, in order: what every backend reads."""
    width: int
    height: int
    dpi: int
    paper: Color
    ops: list[Op] = field(default_factory=list)
    grid: Grid | None = None

    def add(self, *ops: Op) -> None:
        self.ops.extend(ops)

    def text_lines(self) -> list[TextLine]:
        return [op for op in self.ops if isinstance(op, TextLine)]

    def scaled(self, k: float, width: int, height: int, dpi: int) -> "DisplayList":
        """The same page at another resolution: every coordinate and size times ``k``."""
        grid = replace(self.grid, step=self.grid.step * k, width=self.grid.width * k) if self.grid else None
        out = DisplayList(width, height, dpi, self.paper, grid=grid)
        for op in self.ops:
            if isinstance(op, Path):
                ops = [(o[0], *(v * k for v in o[1:])) for o in op.ops]
                out.ops.append(replace(op, ops=ops, width=op.width * k))
            elif isinstance(op, TextLine):
                runs = [replace(r, size=r.size * k, x=r.x * k, baseline=r.baseline * k, width=r.width * k,
                                advances=tuple(a * k for a in r.advances),
                                box=tuple(v * k for v in r.box) if r.box else None)
                        for r in op.runs]
                out.ops.append(replace(op, runs=runs, x=op.x * k, y=op.y * k, w=op.w * k, h=op.h * k,
                                       size=op.size * k))
            else:
                out.ops.append(replace(op, x=op.x * k, y=op.y * k, w=op.w * k, h=op.h * k))
        return out
