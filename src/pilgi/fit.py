"""Shrink-to-fit: each section gets the largest text size at which all its blocks fit.

Sizes are tried from the theme's largest body size down to its smallest; the
smallest is the legibility floor (8 pt printed). When even that is too big, the
section is refused with how much it is over, never clipped.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from PIL import Image

from . import blocks
from . import model as m
from .arrange import Placed, arrange
from .context import SIZE_STEP, Ctx
from .display import Op, Picture
from .errors import FitError, Overflow
from .icons import icon_text
from .layout import Rect
from .readers.limits import over_limit
from .text import Paragraph
from .theme import Color

COLUMN_EMS = 22  # a column narrower than this many body-size ems reads badly
SPLIT_COLUMN_EMS = 12  # a list of short lines may run in two columns this narrow
BAND_STEP = SIZE_STEP  # neighbours in a band stay within one step of the type scale
FULL_ENOUGH = 0.75  # share of a box its content must still fill after evening out a band
SPLIT_LINES = 4  # a list or block of lines this long may run in two columns
FIT_SLACK = 1.0  # px a body may run into its box's bottom padding (sections are fitted at 300 dpi): rounding
SIDE_HEADING_SHARE = 0.4  # the most of a box's width a heading beside its body takes
WIDTH_USED_LEAST = 0.3  # width_used looks no narrower: a box using less is "short-lined" all the same
RIBBON_ASPECT = 5.0  # a box this many times wider than tall may write its heading beside its body


@dataclass
class Frame:
    """A section's outline and where its body goes, at one text size."""
    header: Paragraph | None
    header_h: float
    body: Rect
    picture: Image.Image | None = None  # a custom icon drawn before the heading
    picture_w: float = 0.0


@dataclass
class FittedSection:
    """A section at its size in its box: frame, body arrangement and context."""
    section: m.Section
    region: str
    rect: Rect
    size: int  # body text size in px
    frame: Frame
    body: blocks.Stack  # the arrangement chosen for the section's blocks
    base: Ctx  # what it was fitted with, at the smallest size

    @cached_property
    def placed(self) -> Placed:
        """Where each block of ``body`` is drawn and at what size: the sizes its
        diagrams grow to and those of the writing that grows beside them. Worked out
        when first asked: most fitted sections are candidates never drawn."""
        return arrange(self.body, self.base.at(self.size), self.frame.body)

    def scaled(self, k: float) -> "FittedSection":
        out = replace(self, rect=self.rect.scaled(k), size=self.size * k)
        out.__dict__["placed"] = self.placed.scaled(k)  # arranged at the size it was fitted at
        return out


def section_padding(ctx: Ctx) -> float:
    return ctx.mm(ctx.theme.section_pad_mm)


def _frame(section: m.Section, ctx: Ctx, rect: Rect, picture: Image.Image | None) -> Frame | None:
    """The heading across the top and the body under it."""
    pad, inner_w, picture_w, text = _heading_room(section, ctx, rect, picture)
    header = None
    header_h = 0.0
    if text or picture:
        gap = ctx.size * 0.35
        header = heading(text or " ", ctx, inner_w - picture_w, rect.h - pad * 1.8 - gap)
        if header is None:
            return None
        header_h = header.height + gap
    body = Rect(rect.x + pad, rect.y + pad * 0.8 + header_h, inner_w, rect.h - pad * 1.8 - header_h)
    return Frame(header, header_h, body, picture, picture_w)


def _heading_room(section: m.Section, ctx: Ctx, rect: Rect,
                  picture: Image.Image | None) -> tuple[float, float, float, str]:
    """(padding, width inside it, the custom icon's width, the heading's text)."""
    pad = section_padding(ctx)
    picture_w = heading_size(ctx) * 1.25 if picture else 0.0
    text = section.title if picture else f"{icon_text(section.icon)} {section.title}".strip()
    return pad, rect.w - 2 * pad, picture_w, text


def heading_size(ctx: Ctx) -> int:
    return max(round(ctx.theme.pt_px(ctx.theme.heading_pt, ctx.dpi)), round(ctx.size * ctx.theme.heading_scale))


def heading(text: str, ctx: Ctx, width: float, height: float, size: int | None = None) -> Paragraph | None:
    """A heading is the theme's heading size (or ``size``), or larger in step with a
    section whose body text grew; only a heading too long for its section shrinks
    (on one line if it can), or one taller than its section (a thin band holding
    just a line)."""
    size = size or heading_size(ctx)
    while size > ctx.min_size and not (ctx.ts.fits_one_line(text, width, size, "heading")
                                       and ctx.ts.line_height(size) <= height):
        size -= 2
    return ctx.ts.wrap(text, width, max(size, ctx.min_size), "heading")


def arrangements(section: m.Section, ctx: Ctx, width: float) -> list[blocks.Stack]:
    """Ways to lay out a section's blocks, preferred first: one under another; a long
    list in two columns (what follows it running on under its second half, or
    under both); or, in a section wide enough for two columns of ~22 words' width,
    two columns split in reading order, or the first block across the top over two
    such columns."""
    items = section.blocks
    out = [blocks.Stack(items)]
    column = (width - ctx.size * 0.9) / 2
    if column >= SPLIT_COLUMN_EMS * ctx.size:
        for k, block in enumerate(items):
            split = split_in_columns(block)
            if split is not None:
                out.append(blocks.Stack(items[:k] + [split] + items[k + 1:]))
                if k + 1 < len(items) and not blocks.holds_diagram(items[k + 1:]):
                    # What follows may run on in the right column, under the split's second half
                    # (not a diagram: beside one the list's first half would write larger).
                    left, right = split.blocks
                    joined = replace(split, blocks=[left, blocks.Stack([right] + items[k + 1:])])
                    out.append(blocks.Stack(items[:k] + [joined]))
    if len(items) < 2 or column < COLUMN_EMS * ctx.size:
        return out
    for i in range(1, len(items)):
        out.append(blocks.Stack([m.Row([blocks.Stack(items[:i]), blocks.Stack(items[i:])])]))
    for j in range(2, len(items)):
        out.append(blocks.Stack([items[0], m.Row([blocks.Stack(items[1:j]), blocks.Stack(items[j:])])]))
    return out


def split_in_columns(block: m.Block) -> m.Row | None:
    """A list (or a text of short hard-broken lines) as two columns side by side, in
    reading order, under its title: a long narrow column in a wide low box is what
    keeps its text small."""
    if isinstance(block, m.ListBlock) and len(block.items) >= SPLIT_LINES:
        k = (len(block.items) + 1) // 2
        done = block.done or []
        left = replace(block, items=block.items[:k], title="", done=done[:k])
        right = replace(block, items=block.items[k:], title="", done=done[k:], start=block.start + k)
        return m.Row([left, right], title=block.title)
    if isinstance(block, m.Text) and "\n\n" not in block.text.strip():
        lines = block.text.strip().split("\n")
        if len(lines) < SPLIT_LINES:
            return None
        # Prefer to start the second column at a line that heads what follows ("PAL:").
        k = min(range(1, len(lines)), key=lambda i: (abs(i - len(lines) / 2) - (1.5 if lines[i].rstrip().endswith(":") else 0), i))
        return m.Row([m.Text("\n".join(lines[:k])), m.Text("\n".join(lines[k:]))], title=block.title)
    return None


def _side_frame(section: m.Section, ctx: Ctx, rect: Rect, picture: Image.Image | None) -> Frame | None:
    """The heading on one line at the top left and the body beside it, to its right: a
    thin ribbon of a box (RIBBON_ASPECT) or one squeezed, where a row of heading over
    a line or two would stand mostly empty. Tried after the heading on top; the
    fitter takes it only where it writes larger."""
    pad, inner_w, picture_w, text = _heading_room(section, ctx, rect, picture)
    if not text:
        return None
    header = heading(text, ctx, inner_w * SIDE_HEADING_SHARE - picture_w, rect.h - pad * 1.8)
    if header is None or len(header.lines) > 1:
        return None
    left = picture_w + header.width + ctx.size
    body = Rect(rect.x + pad + left, rect.y + pad * 0.8, inner_w - left, rect.h - pad * 1.8)
    return Frame(header, 0.0, body, picture, picture_w)


def _attempt(section: m.Section, ctx: Ctx, rect: Rect,
             picture: Image.Image | None) -> tuple[Frame, blocks.Stack] | float | None:
    """Frame and body arrangement when the section fits; else the least overflow in
    px; None when something is too wide to fit at all at this size."""
    ribbon = ctx.squeeze or rect.w >= RIBBON_ASPECT * rect.h
    frames = [_frame(section, ctx, rect, picture)] + ([_side_frame(section, ctx, rect, picture)] if ribbon else [])
    least: float | None = None
    for frame in frames:
        if frame is None or frame.body.h <= 0:
            continue
        for body in arrangements(section, ctx, frame.body.w):
            need = blocks.measure(body, ctx, frame.body.w)
            if need is None:
                continue
            over = need.height - frame.body.h
            if over <= FIT_SLACK:
                return frame, body
            least = over if least is None else min(least, over)
    return least


def fit_section(section: m.Section, region: str, rect: Rect, base: Ctx,
                picture: Image.Image | None = None) -> FittedSection:
    """The section at its largest fitting size. A flowchart's written direction is
    kept when the section fits with it without wrapping its chain; otherwise the
    flowchart may turn (a chain written top-down in a wide, low slot runs left to
    right), as a hand would (``_kept_or_turned``)."""
    problem = over_limit(section.blocks)
    if problem:
        raise FitError([Overflow(f"'{section.title or region}' (slot {region})", f"has {problem}")], section.where)
    smallest = base.min_size
    result = _attempt(section, base.at(smallest), rect, picture)
    turned = with_free_directions(section)
    if isinstance(result, tuple) and turned is not section:
        return _kept_or_turned(section, turned, region, rect, base, picture, result)
    if not isinstance(result, tuple) and turned is not section:
        turned_result = _attempt(turned, base.at(smallest), rect, picture)
        if isinstance(turned_result, tuple) or _over(turned_result) < _over(result):
            section, result = turned, turned_result
    if not isinstance(result, tuple):
        box = f"'{section.title or region}' (slot {region})"
        if result is None:
            raise FitError([Overflow(box, f"does not fit: a word or diagram is wider than the section even "
                                          f"at the smallest size {smallest} px")], section.where)
        mm = result * 25.4 / base.dpi
        lines = result / base.ts.line_height(smallest)
        raise FitError([Overflow(box, f"does not fit: over by {result:.0f} px ({mm:.1f} mm, {lines:.1f} lines) "
                                      f"at the smallest size {smallest} px", over_px=result)], section.where)
    return _largest_fit(section, region, rect, base, picture, result)


def _kept_or_turned(section: m.Section, turned: m.Section, region: str, rect: Rect, base: Ctx,
                    picture: Image.Image | None, result: tuple[Frame, blocks.Stack]) -> FittedSection:
    """The section with its flowcharts as written; but a chain that fits only by
    wrapping into two rows turns first (a top-down chain in a wide box runs left to
    right), when turned it fits in one row and writes as large."""
    kept = _largest_fit(section, region, rect, base, picture, result)
    if not base.at(kept.size).chains_may_wrap:
        return kept
    if isinstance(_attempt(section, replace(base.at(kept.size), wrap_chains=False), rect, picture), tuple):
        return kept
    one_row = replace(base, wrap_chains=False)
    turned_result = _attempt(turned, one_row.at(one_row.min_size), rect, picture)
    if not isinstance(turned_result, tuple):
        return kept
    free = _largest_fit(turned, region, rect, one_row, picture, turned_result)
    return free if free.size >= kept.size else kept


def _over(result: float | None) -> float:
    """A failed attempt's overflow; too wide to measure at all counts as the worst."""
    return float("inf") if result is None else result


def with_free_directions(section: m.Section) -> m.Section:
    """The section with its flowcharts free to pick their direction; itself when none is fixed."""
    blocks = [_free_direction(b) for b in section.blocks]
    if all(new is old for new, old in zip(blocks, section.blocks)):
        return section
    return replace(section, blocks=blocks)


def _free_direction(block: m.Block) -> m.Block:
    if isinstance(block, m.Flow) and block.direction != "auto":
        return replace(block, direction="auto")
    if isinstance(block, m.Row):
        inner = [_free_direction(b) for b in block.blocks]
        if any(new is not old for new, old in zip(inner, block.blocks)):
            return replace(block, blocks=inner)
    return block


def _largest_fit(section: m.Section, region: str, rect: Rect, base: Ctx, picture: Image.Image | None,
                 result: tuple[Frame, blocks.Stack], largest: int | None = None) -> FittedSection:
    """The section at the largest size it fits, given ``result``: it fitted at the smallest."""
    def fitted(at: Ctx) -> tuple[Frame, blocks.Stack] | None:
        attempt = _attempt(section, at, rect, picture)
        return attempt if isinstance(attempt, tuple) else None
    at, (frame, body) = base.at(base.min_size).largest_fitting(largest or base.max_size, fitted, result)
    return FittedSection(section, region, rect, at.size, frame, body, base)


def even_bands(fitted: list[FittedSection], band_of: dict[str, int]) -> list[FittedSection]:
    """Boxes side by side in a band write within a size step (BAND_STEP) of each
    other, and alike where that costs nothing: a box further above the smallest
    writes a step above it; one within a step takes the smallest size if it stays
    FULL_ENOUGH (else it keeps its larger text: spare room goes to the reader). A
    band whose smallest box is crammed within a step of the floor is left as it
    is: its neighbours would only stand emptier."""
    out = list(fitted)
    for band in sorted(set(band_of.values())):
        members = [i for i, fs in enumerate(out) if band_of.get(fs.region) == band]
        if len(members) < 2:
            continue
        least = min(out[i].size for i in members)
        if least < out[members[0]].base.min_size * BAND_STEP:  # crammed near the floor
            continue
        step = round(least * BAND_STEP)
        for i in members:
            fs = out[i]
            if fs.size > step:
                out[i] = at_most(fs, step)
            elif fs.size > least:
                smaller = at_most(fs, least)
                if fullness(smaller) >= FULL_ENOUGH:
                    out[i] = smaller
    return out


def at_most(fs: FittedSection, size: int) -> FittedSection:
    """The fitted section refitted at its largest size up to ``size``."""
    if fs.size <= size:
        return fs
    first = _attempt(fs.section, fs.base.at(fs.base.min_size), fs.rect, fs.frame.picture)
    if not isinstance(first, tuple):
        return fs
    return _largest_fit(fs.section, fs.region, fs.rect, fs.base, fs.frame.picture, first, size)


def overflow_at(fs: FittedSection, size: int) -> float:
    """How far (px) a fitted section's content runs past its box at ``size``: negative
    (the room left under it) when it fits, infinite when something is too wide for it."""
    result = _attempt(fs.section, fs.base.at(size), fs.rect, fs.frame.picture)
    if not isinstance(result, tuple):
        return _over(result)
    frame, body = result
    need = blocks.measure(body, fs.base.at(size), frame.body.w)
    return need.height - frame.body.h


def width_used(fs: FittedSection) -> float:
    """The share of its box's width a text section's lines need at its size: the
    narrowest box (to a percent or so) in which it has no line more. A section
    holding a diagram, which grows into its width, uses all of it."""
    if blocks.holds_diagram(fs.section.blocks):
        return 1.0
    height = _height_in(fs, fs.rect.w)
    if height is None:
        return 1.0

    def holds(share: float) -> bool:
        narrower = _height_in(fs, fs.rect.w * share)
        return narrower is not None and narrower <= height + 0.5
    lo, hi = WIDTH_USED_LEAST, 1.0
    if holds(lo):
        return lo
    while hi - lo > 0.01:
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if holds(mid) else (mid, hi)
    return hi


def _height_in(fs: FittedSection, width: float) -> float | None:
    """The height a fitted section's heading and body take, as arranged, at its size
    in a box ``width`` wide; None when something no longer fits across."""
    ctx = fs.base.at(fs.size)
    rect = replace(fs.rect, w=width)
    beside = fs.frame.header is not None and fs.frame.header_h == 0.0
    frame = (_side_frame if beside else _frame)(fs.section, ctx, rect, fs.frame.picture)
    if frame is None or frame.body.w <= 0:
        return None
    need = blocks.measure(fs.body, ctx, frame.body.w)
    return None if need is None else frame.header_h + need.height


def fullness(fs: FittedSection) -> float:
    """How much of its body a fitted section's content takes (diagrams count as full)."""
    ctx = fs.base.at(fs.size)
    need = blocks.measure(fs.body, ctx, fs.frame.body.w)
    if need is None or need.elastic or fs.frame.body.h <= 0:
        return 1.0
    return need.height / fs.frame.body.h


def draw_section(fs: FittedSection) -> list[Op]:
    ctx = fs.base.at(fs.size)
    section, rect, frame = fs.section, fs.rect, fs.frame
    t = ctx.theme
    ops: list[Op] = []
    fill = t.pastel(section.color) if section.color else t.paper
    ops += ctx.sketch.rect(rect, t.ink, ctx.pen, fill, t.section_fill_alpha if section.color else t.section_alpha)
    pad = section_padding(ctx)
    if frame.header is not None:
        hx, hy = rect.x + pad, rect.y + pad * 0.8
        if frame.picture is not None:
            side = frame.picture_w * 0.8
            scale = side / max(frame.picture.width, frame.picture.height)
            w, h = frame.picture.width * scale, frame.picture.height * scale
            ops.append(Picture(frame.picture, hx + (side - w) / 2, hy + (frame.header.line_height - h) / 2, w, h))
            hx += frame.picture_w
        ops += heading_marked(frame.header, hx, hy, ctx, t.highlighter if section.color else t.pastel(t.heading_mark),
                              ctx.size)
    return ops + blocks.draw_placed(fs.placed, ctx)


def heading_marked(line: Paragraph, x: float, y: float, ctx: Ctx, mark: Color, reach: float) -> list[Op]:
    """A heading written over a marker swipe across the middle of its first line, the
    swipe running ``reach`` / 6 past the writing on either side."""
    swipe = Rect(x - reach * 0.15, y + line.line_height * 0.3, line.width + reach * 0.3, line.line_height * 0.62)
    return ctx.sketch.highlight(swipe, mark, ctx.theme.heading_mark_alpha) + ctx.write(line, x, y, ctx.theme.ink)
