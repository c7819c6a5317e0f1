"""Shrink-to-fit: each section gets the largest text size at which all its blocks fit.

Sizes are tried from the theme's largest body size down to its smallest; the
smallest is the legibility floor (8 pt printed). When even that is too big, the
section is refused with how much it is over, never clipped.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import blocks
from . import model as m
from .context import Ctx
from .display import Op
from .errors import FitError
from .layout import Rect
from .text import Paragraph


@dataclass
class Frame:
    """A section's outline and where its body goes, at one text size."""
    header: Paragraph | None
    header_h: float
    body: Rect


@dataclass
class FittedSection:
    section: m.Section
    region: str
    rect: Rect
    size: int  # body text size in px
    frame: Frame
    needs: list[blocks.Need]
    base: Ctx  # what it was fitted with, at the smallest size


def section_padding(ctx: Ctx) -> float:
    return ctx.mm(2.6)


def _frame(section: m.Section, ctx: Ctx, rect: Rect) -> Frame | None:
    pad = section_padding(ctx)
    inner_w = rect.w - 2 * pad
    header = None
    header_h = 0.0
    if section.title or section.icon:
        header = heading(f"{section.icon} {section.title}".strip(), ctx, inner_w)
        if header is None:
            return None
        header_h = header.height + ctx.size * 0.35
    body = Rect(rect.x + pad, rect.y + pad * 0.8 + header_h, inner_w, rect.h - pad * 1.8 - header_h)
    return Frame(header, header_h, body)


def heading(text: str, ctx: Ctx, width: float) -> Paragraph | None:
    """Headings keep the theme's size on every section, so the page reads evenly;
    only a heading too long for its section shrinks (on one line if it can)."""
    size = round(ctx.theme.pt_px(ctx.theme.heading_pt, ctx.dpi))
    while size > ctx.min_size and not ctx.ts.fits_one_line(text, width, size, "heading"):
        size -= 2
    return ctx.ts.wrap(text, width, max(size, ctx.min_size), "heading")


def _needs(section: m.Section, ctx: Ctx, width: float) -> list[blocks.Need] | None:
    needs = []
    for block in section.blocks:
        need = blocks.measure(block, ctx, width)
        if need is None:
            return None
        needs.append(need)
    return needs


def _total(needs: list[blocks.Need], ctx: Ctx) -> float:
    return sum(n.height for n in needs) + blocks.gap(ctx) * 1.6 * max(len(needs) - 1, 0)


def _attempt(section: m.Section, ctx: Ctx, rect: Rect) -> tuple[Frame, list[blocks.Need]] | float | None:
    """Frame and needs when the section fits; the overflow in px when it does not;
    None when something is too wide to fit at all at this size."""
    frame = _frame(section, ctx, rect)
    if frame is None or frame.body.h <= 0:
        return None
    needs = _needs(section, ctx, frame.body.w)
    if needs is None:
        return None
    over = _total(needs, ctx) - frame.body.h
    return (frame, needs) if over <= 0 else over


def fit_section(section: m.Section, region: str, rect: Rect, base: Ctx) -> FittedSection:
    theme = base.theme
    largest = round(theme.pt_px(theme.body_max_pt, base.dpi))
    smallest = base.min_size
    ctx = base.at(smallest)
    result = _attempt(section, ctx, rect)
    name = section.title or region
    if not isinstance(result, tuple):
        if result is None:
            raise FitError(f"section '{name}' (slot {region}) does not fit: a word or diagram is wider "
                           f"than the section even at the smallest size {smallest} px", section.where)
        mm = result * 25.4 / base.dpi
        raise FitError(f"section '{name}' (slot {region}) does not fit: over by {result:.0f} px "
                       f"({mm:.1f} mm) at the smallest size {smallest} px", section.where)
    # Largest size that fits: fitting is monotone in size, so bisect.
    lo, hi = smallest, largest
    best = (smallest, result)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        attempt = _attempt(section, base.at(mid), rect)
        if isinstance(attempt, tuple):
            lo, best = mid, (mid, attempt)
        else:
            hi = mid - 1
    size, (frame, needs) = best
    return FittedSection(section, region, rect, size, frame, needs, base)


def draw_section(fs: FittedSection) -> list[Op]:
    ctx = fs.base.at(fs.size)
    section, rect, frame, needs = fs.section, fs.rect, fs.frame, fs.needs
    t = ctx.theme
    ops: list[Op] = []
    fill = t.pastel(section.color) if section.color else t.paper
    ops += ctx.sketch.rect(rect, t.ink, ctx.pen, fill, 235 if section.color else 215)
    pad = section_padding(ctx)
    if frame.header is not None:
        hx, hy = rect.x + pad, rect.y + pad * 0.8
        swipe = Rect(hx - ctx.size * 0.15, hy + frame.header.line_height * 0.3,
                     frame.header.width + ctx.size * 0.3, frame.header.line_height * 0.62)
        ops += ctx.sketch.highlight(swipe, t.pastels["yellow"] if not section.color else t.highlighter, 200)
        ops += ctx.write(frame.header, hx, hy, t.ink)
    # Elastic blocks (diagrams) share what the text blocks leave.
    spare = frame.body.h - _total(needs, ctx)
    elastic = [n for n in needs if n.elastic]
    extra = spare / len(elastic) if elastic else 0.0
    y = frame.body.y
    for block, need in zip(section.blocks, needs):
        h = need.height + (extra if need.elastic else 0.0)
        ops += blocks.draw(block, ctx, Rect(frame.body.x, y, frame.body.w, h))
        y += h + blocks.gap(ctx) * 1.6
    return ops
