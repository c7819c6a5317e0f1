"""The display list: plain drawing operations, free of any backend.

Layout and fitting produce these; backends (raster now, vector later) only read
them. Paths are in page pixels. Backends draw in two layers: every ``Path`` in
list order first, then every ``TextLine`` and ``Picture`` in list order — fills,
highlighter marks and frames sit under the writing.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path as FilePath

from .theme import Color

# ("M", x, y) | ("L", x, y) | ("C", x1, y1, x2, y2, x, y) | ("Z",)
PathOp = tuple


@dataclass
class Path:
    ops: list[PathOp]
    stroke: Color | None = None
    width: float = 0.0
    fill: Color | None = None
    fill_alpha: int = 255
    stroke_alpha: int = 255


@dataclass
class GlyphRun:
    """Characters drawn in one font file at one size; x, baseline in page pixels.

    ``kind`` is "text" (outline font), "emoji" (colour bitmap font), "icon" (a
    hand-drawn stand-in whose strokes are Paths in the list: the run keeps its
    characters for the PDF text layer and the report, and draws nothing itself) or
    "missing" (no font has them: never drawn, always reported by the checker).
    """
    text: str
    font: FilePath | None
    size: float  # px: whole at the layout resolution, scaled with the page
    x: float
    baseline: float
    width: float
    color: Color
    kind: str = "text"


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
    width: int
    height: int
    dpi: int
    paper: Color
    ops: list[Op] = field(default_factory=list)

    def add(self, *ops: Op) -> None:
        self.ops.extend(ops)

    def text_lines(self) -> list[TextLine]:
        return [op for op in self.ops if isinstance(op, TextLine)]

    def scaled(self, k: float, width: int, height: int, dpi: int) -> "DisplayList":
        """The same page at another resolution: every coordinate and size times ``k``."""
        out = DisplayList(width, height, dpi, self.paper)
        for op in self.ops:
            if isinstance(op, Path):
                ops = [(o[0], *(v * k for v in o[1:])) for o in op.ops]
                out.ops.append(replace(op, ops=ops, width=op.width * k))
            elif isinstance(op, TextLine):
                runs = [replace(r, size=r.size * k, x=r.x * k, baseline=r.baseline * k, width=r.width * k)
                        for r in op.runs]
                out.ops.append(replace(op, runs=runs, x=op.x * k, y=op.y * k, w=op.w * k, h=op.h * k,
                                       size=op.size * k))
            else:
                out.ops.append(replace(op, x=op.x * k, y=op.y * k, w=op.w * k, h=op.h * k))
        return out
