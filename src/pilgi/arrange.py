"""Where each block of a fitted section is drawn, and at what size: the fitter's last step.

A section's chosen arrangement (a Stack of blocks, rows and stacks) is laid into
its body. Every block gets its rectangle and the size of its writing; spare height
goes to the diagrams, and a diagram grows into the room its box has beyond what it
needs (``grown``). Writing beside or under a diagram takes the room the diagram
cannot use, up to a step of the type scale (``writing_cap``); without a diagram
spare height opens up tables and lists (``stretch``). Drawing
(``blocks.draw_placed``) reads the result and decides nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Iterator

from . import blocks
from . import model as m
from .blocks import Need, Stack, measure, stack_gap
from .context import SIZE_STEP, Ctx
from .layout import Rect


@dataclass(frozen=True)
class Placed:
    """A block where it is drawn: its rectangle (its title included), the size of its
    writing, and a diagram's own size (larger than its writing's when it grew into
    its room). A stack's or row's blocks are its ``parts``, in drawing order."""
    block: m.Block
    rect: Rect
    size: float
    diagram_size: float | None = None
    parts: tuple["Placed", ...] = ()

    def walk(self) -> Iterator["Placed"]:
        """This block and every block placed inside it, in drawing order."""
        yield self
        for part in self.parts:
            yield from part.walk()

    def scaled(self, k: float) -> "Placed":
        return Placed(self.block, self.rect.scaled(k), self.size * k,
                      None if self.diagram_size is None else self.diagram_size * k,
                      tuple(part.scaled(k) for part in self.parts))


def arrange(block: m.Block, ctx: Ctx, rect: Rect, diagram_size: int | None = None) -> Placed:
    """``block`` laid into ``rect`` with its writing at ``ctx.size``; a diagram grown
    into ``rect`` (to ``diagram_size`` when that is known already)."""
    inner = blocks.under_title(block, ctx, rect)
    diagram = blocks.diagram_for(block)
    if diagram is not None:
        if diagram_size is None:
            diagram_size = grown(diagram, block, ctx, inner.w, inner.h)[0].size
        return Placed(block, rect, ctx.size, diagram_size)
    if isinstance(block, Stack):
        return Placed(block, rect, ctx.size, parts=_stacked(block, ctx, inner))
    if isinstance(block, m.Row):
        return Placed(block, rect, ctx.size, parts=_side_by_side(block, ctx, inner))
    return Placed(block, rect, ctx.size)


def grown(diagram: ModuleType, block: m.Block, ctx: Ctx, width: float, room: float) -> tuple[Ctx, float | None]:
    """A diagram given more room than it needs writes larger, up to the largest body
    size, so the page's main drawing is not a small figure in a big empty box: the
    largest size at which it fits ``room``, and its height there (None when it stays
    at ``ctx.size``, where its height was not asked)."""
    def height(at: Ctx) -> float | None:
        need = diagram.min_height(block, at, width)
        return need if need is not None and need <= room else None
    return ctx.largest_fitting(ctx.max_size, height)


def writing_cap(ctx: Ctx) -> int:
    """The largest size writing grows to beside or under a diagram: a step of the type
    scale up, so that it stays within a step of its neighbours in the band."""
    return min(round(ctx.size * SIZE_STEP), ctx.max_size)


def stretch(block: m.Block, ctx: Ctx) -> float:
    """How much taller a block may usefully be drawn than it needs: tables open their
    rows and lists their items (up to about a line each), the way a hand spaces out
    a few lines on a big page."""
    line = ctx.ts.line_height(ctx.size)
    if isinstance(block, m.Table):
        return line * 0.8 * (len(block.rows) + 1)
    if isinstance(block, (m.ListBlock, m.Spec)):
        return line * 0.6 * len(block.items)
    if isinstance(block, m.Row):
        return max((stretch(child, ctx) for child in block.blocks), default=0.0)
    return 0.0


# -- blocks one under another -----------------------------------------------------------

def _stacked(block: Stack, ctx: Ctx, rect: Rect) -> tuple[Placed, ...]:
    """Spare height goes to the diagrams; without one it is shared out as even space
    around the blocks (half a share above the first and below the last), so no block
    huddles at the top of a tall box."""
    needs = [measure(child, ctx, rect.w) for child in block.blocks]
    room = rect.h - stack_gap(ctx) * max(len(needs) - 1, 0)
    spare = max(room - sum(n.height for n in needs), 0.0)
    sizes = [ctx] * len(needs)
    diagram_sizes: dict[int, int] = {}
    if any(n.elastic for n in needs):
        sizes, heights, diagram_sizes = _share_with_diagrams(block.blocks, needs, ctx, rect.w, room)
    else:
        heights = [n.height + min(stretch(child, ctx), spare / len(needs))
                   for child, n in zip(block.blocks, needs)]
    space = max(room - sum(heights), 0.0) / len(needs) if needs else 0.0
    parts = []
    y = rect.y + space / 2
    for i, (child, at, h) in enumerate(zip(block.blocks, sizes, heights)):
        parts.append(arrange(child, at, Rect(rect.x, y, rect.w, h), diagram_sizes.get(i)))
        y += h + stack_gap(ctx) + space
    return tuple(parts)


def _share_with_diagrams(children: list, needs: list[Need], ctx: Ctx, width: float,
                         room: float) -> tuple[list[Ctx], list[float], dict[int, int]]:
    """Each block's size and height when the spare height goes to the diagrams, and
    the sizes the diagrams grow to when they were found on the way. A diagram that
    cannot use all of its share (it is as wide as the box already, or at the largest
    size) lends what it does not draw in to the writing in the stack, which grows
    into it up to a size step (as writing beside a diagram does); what the writing
    does not take goes back to the diagrams."""
    elastic = [i for i, n in enumerate(needs) if n.elastic]
    spare = max(room - sum(n.height for n in needs), 0.0)
    heights = [n.height + (spare / len(elastic) if n.elastic else 0.0) for n in needs]
    sizes = [ctx] * len(children)
    writing = [i for i, n in enumerate(needs) if not n.elastic]
    if not writing or spare <= 0:
        return sizes, heights, {}
    drawn = list(heights)
    diagram_sizes = {}
    for i in elastic:
        diagram = blocks.diagram_for(children[i])
        if diagram is None:
            continue
        head = blocks.title_height(children[i], ctx, width) or 0.0
        at, used = grown(diagram, children[i], ctx, width, heights[i] - head)
        diagram_sizes[i] = at.size  # its size in its share: in its rect, if its height stays
        # At its own size it takes what it was measured to need (title and diagram).
        drawn[i] = min(heights[i], needs[i].height if used is None else head + used)
    left = room - sum(drawn[i] for i in elastic)

    def writing_heights(at: Ctx) -> list[float] | None:
        found = []
        for i in writing:
            need = measure(children[i], at, width)
            if need is None:
                return None
            found.append(need.height)
        return found if sum(found) <= left else None
    at, grown_heights = ctx.largest_fitting(writing_cap(ctx), writing_heights)
    if at.size == ctx.size:
        return sizes, heights, diagram_sizes
    for i, h in zip(writing, grown_heights):
        sizes[i], drawn[i] = at, h
    back = (left - sum(drawn[i] for i in writing)) / len(elastic)
    return sizes, [h + back if i in elastic else h for i, h in enumerate(drawn)], {}


# -- blocks side by side -----------------------------------------------------------------

def _side_by_side(block: m.Row, ctx: Ctx, rect: Rect) -> tuple[Placed, ...]:
    """Side by side, each block opens up by the same amount (as far as it can), so rows
    stay level; writing beside a diagram (which grows into its room) grows into its
    own column."""
    parts = []
    x = rect.x
    widths = blocks.row_widths(block, ctx, rect.w)
    needs = [measure(child, ctx, w) for child, w in zip(block.blocks, widths)]
    spare = max(0.0, rect.h - max((n.height for n in needs), default=0.0))
    beside_diagram = any(need.elastic for need in needs)
    for child, w, need in zip(block.blocks, widths, needs):
        h = rect.h if need.elastic or isinstance(child, Stack) else \
            need.height + min(spare, stretch(child, ctx))
        at = ctx
        if beside_diagram and not need.elastic:
            at, h = grown_writing(child, ctx, w, rect.h), rect.h
        parts.append(arrange(child, at, Rect(x, rect.y, w, h)))
        x += w + ctx.size * 0.9
    return tuple(parts)


def grown_writing(block: m.Block, ctx: Ctx, width: float, room: float) -> Ctx:
    """The largest size, up to one size step above the section's, at which the
    block still fits ``room`` high."""
    def height(at: Ctx) -> float | None:
        need = measure(block, at, width)
        return need.height if need is not None and need.height <= room else None
    return ctx.largest_fitting(writing_cap(ctx), height)[0]
