"""A band's heading written across the top of the band, above its boxes.

A prompt's drawing may head a band holding several boxes ("⚡ GPTQ vs AWQ" over a
GPTQ box and an AWQ box); as on the reference pages' big section headers, the
heading is written large in the heading hand over a marker swipe, left-aligned with
the boxes under it. The layout gives such a band a strip of its height
(``layout.solve``), so the boxes below, and the room the brief states for them,
are what is left. A box of the band, or a part of one, titled as the band is drawn
without its own heading: the band's stands for it.
"""
from __future__ import annotations

import re
from dataclasses import replace

from . import model as m
from .context import Ctx
from .display import Op
from .errors import FitError, Overflow
from .fit import heading, heading_marked
from .layout import Layout, Rect
from .text import Paragraph, Typesetter
from .theme import Theme

SCALE = 1.5  # of the theme's heading size: a band's heading stands above its boxes' headings
LEADING = 1.15  # the strip's height, in lines of the heading


def heading_px(theme: Theme, dpi: int) -> int:
    return round(theme.pt_px(theme.heading_pt * SCALE, dpi))


def strip_height(theme: Theme, ts: Typesetter, dpi: int) -> float:
    """The strip a band gives its heading: one line of it, and a little air."""
    return ts.line_height(heading_px(theme, dpi)) * LEADING


def band_heading_line(text: str, ctx: Ctx, rect: Rect, where: str) -> Paragraph:
    """``text`` as one line in ``rect`` (the band's strip, as wide as its boxes): the
    heading size, smaller only when the heading is too long for the band; a
    FitError when even the smallest size does not hold it on one line."""
    line = heading(text, ctx, rect.w, rect.h, heading_px(ctx.theme, ctx.dpi))
    if line is None or len(line.lines) > 1:
        raise FitError([Overflow(f"the band heading '{text}'", "does not fit on one line across its band "
                                 f"at the smallest size {ctx.min_size} px", kind="")], where)
    return line


def draw_band_heading(line: Paragraph, ctx: Ctx, rect: Rect) -> list[Op]:
    """The heading's line over a marker swipe, in the middle of its strip's height."""
    top = rect.y + (rect.h - line.height) / 2
    return heading_marked(line, rect.x, top, ctx, ctx.theme.pastel(ctx.theme.heading_mark), line.size)


def without_repeated_headings(by_slot: dict[str, m.Section], layout: Layout) -> dict[str, m.Section]:
    """The sections by slot, with their titles and their blocks' titles that repeat their
    band's heading left out (the sheet's own sections are not changed)."""
    out = dict(by_slot)
    for band in layout.bands:
        key = _words(band.heading)
        for slot in (slot for cell in band.cells for slot in cell.slots):
            section = out.get(slot)
            if not key or section is None:
                continue
            blocks = [replace(block, title="") if _words(block.title) == key else block for block in section.blocks]
            if _words(section.title) == key:
                section = replace(section, title="", icon="")
            out[slot] = replace(section, blocks=blocks)
    return out


def _words(text: str) -> str:
    """The heading's letters and digits, case folded: its icon and spacing do not matter."""
    return re.sub(r"[\W_]+", "", text).casefold()
