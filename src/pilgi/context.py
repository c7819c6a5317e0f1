"""What a block needs while it is fitted and drawn: theme, type, pen and the size in use."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, TypeVar

from .display import Op, TextLine
from .layout import Rect
from .sketch import Sketcher
from .text import Paragraph, Typesetter
from .theme import Color, Theme


SIZE_STEP = 1.2  # one step of the type scale (10 -> 12 pt)
T = TypeVar("T")


@dataclass
class Ctx:
    """What drawing a box needs: theme, typesetter, pen, resolution, region and text size."""
    theme: Theme
    ts: Typesetter
    sketch: Sketcher
    dpi: int
    region: str  # name of the region being filled, recorded on every text line
    size: int  # body text size in px for this fitting attempt
    min_size: int  # the smallest legible size in px: nothing is written smaller
    diagrams: list | None = None  # where drawn diagrams leave their geometry (DiagramRecord), if anywhere
    # The page's last resort for a section that fits nowhere else: long flowcharts wrap at
    # the smallest size too, and a heading goes beside a body with no room under it.
    squeeze: bool = False
    wrap_chains: bool = True  # a flowchart chain too long for one row may wrap into two (flow_rows)

    def at(self, size: int) -> "Ctx":
        return replace(self, size=size)

    @property
    def chains_may_wrap(self) -> bool:
        """Whether a flowchart chain may wrap into two rows at this size: above the
        smallest size, where it lets a chain write larger; at it only when squeezed."""
        return self.wrap_chains and (self.size > self.min_size or self.squeeze)

    @property
    def max_size(self) -> int:
        """The largest body size: a box with room writes this large."""
        return round(self.theme.pt_px(self.theme.body_max_pt, self.dpi))

    def largest_fitting(self, most: int, measure: Callable[["Ctx"], T | None],
                        known: T | None = None) -> tuple["Ctx", T | None]:
        """This context at the largest size from its own up to ``most`` at which
        ``measure(ctx)`` gives a measurement (None where it does not fit; fitting is
        monotone in size), and that measurement: ``known`` when it stays at its own
        size, where it must fit and is not measured again."""
        lo, hi = self.size, max(self.size, most)
        found = known
        while lo < hi:
            mid = (lo + hi + 1) // 2
            measured = measure(self.at(mid))
            if measured is not None:
                lo, found = mid, measured
            else:
                hi = mid - 1
        return self.at(lo), found

    def mm(self, mm: float) -> float:
        return self.theme.px(mm, self.dpi)

    @property
    def pen(self) -> float:
        return self.mm(self.theme.pen_mm)

    @property
    def thin_pen(self) -> float:
        return self.mm(self.theme.thin_pen_mm)

    @property
    def small(self) -> int:
        """Size for annotations and labels: a step below body, never under the minimum."""
        return max(self.min_size, round(self.size * self.theme.small_scale))

    def wrap(self, text: str, width: float, size: int | None = None, role: str = "body") -> Paragraph | None:
        return self.ts.wrap(text, width, size or self.size, role)

    def write(self, para: Paragraph, x: float, y: float, color: Color | None = None,
              align: str = "left", box_width: float = 0.0) -> list[Op]:
        marks, lines = self.ts.place(para, x, y, color or self.theme.ink, self.region,
                                     align, box_width, self.sketch)
        return [*marks, *lines]

    def write_centered(self, para: Paragraph, box: Rect, color: Color | None = None) -> list[Op]:
        """A paragraph centred in ``box`` both ways."""
        y = box.y + (box.h - para.height) / 2
        return self.write(para, box.x, y, color, "center", box.w)


def text_ops(ops: list[Op]) -> list[TextLine]:
    return [op for op in ops if isinstance(op, TextLine)]
