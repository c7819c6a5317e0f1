"""A flowchart node measured: its label and note wrapped within a width, its outline
sized round them, and how far it all reaches from the node's anchor.

Notes are written under their node in LR/RL and beside it in TB/BT, where the space
under a node belongs to its outgoing arrows.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..context import Ctx
from ..layout import Rect
from ..model import FlowNode
from ..text import Paragraph
from . import word_cap
from .flow_geometry import Axes
from .flow_shapes import outline_size, text_cap

# Lengths in ems of the body size, so a diagram keeps its proportions at every size.
TEXT_CAP = 8.0  # widest label line: boxes read like notes, not banners
NOTE_GAP = 0.1  # outline to its note (under it)
NOTE_SIDE_GAP = 0.35  # outline to its note (beside it)


@dataclass
class Measured:
    """A node's label and note, wrapped, and its outline's size."""
    label: Paragraph
    note: Paragraph | None
    w: float  # the outline
    h: float


def snug_wrap(ctx: Ctx, text: str, cap: float, size: int) -> Paragraph | None:
    """Wrap at ``cap``, then narrow the width as long as the line count stays: even lines."""
    para = ctx.wrap(text, cap, size)
    if para is None or len(para.lines) < 2:
        return para
    lo, hi = para.width / len(para.lines), para.width
    best = para
    for _ in range(7):
        mid = (lo + hi) / 2
        trial = ctx.wrap(text, mid, size)
        if trial is not None and len(trial.lines) == len(para.lines):
            best, hi = trial, mid
        else:
            lo = mid
    return best


def measure_node(node: FlowNode, ctx: Ctx, width: float, horizontal: bool,
                 snug: bool) -> Measured | None:
    """The node's outline and note within ``width`` of page x; ``snug`` evens the lines
    (slower: only for the final wrap)."""
    s = ctx.size
    wrap = (lambda text, cap, size: snug_wrap(ctx, text, cap, size)) if snug else \
        (lambda text, cap, size: ctx.wrap(text, cap, size))
    note = None
    shape_width = width
    if node.note:
        note_cap = width if horizontal else width * 0.45
        note = wrap(node.note, min(note_cap, word_cap(ctx, node.note, TEXT_CAP * ctx.small, ctx.small)), ctx.small)
        if note is None:
            return None
        if not horizontal:
            shape_width = width - note.width - NOTE_SIDE_GAP * s
    cap = min(text_cap(node.shape, shape_width, s), word_cap(ctx, node.label, TEXT_CAP * s, s))
    if cap <= 0:
        return None
    label = wrap(node.label, cap, s)
    if label is None:
        return None
    w, h = outline_size(node.shape, label.width, label.height, s)
    return Measured(label, note, w, h)


def x_extent(m: Measured, horizontal: bool, s: float) -> float:
    """How much page width the node and its note take."""
    if m.note is None:
        return m.w
    if horizontal:
        return max(m.w, m.note.width)
    return m.w + NOTE_SIDE_GAP * s + m.note.width


@dataclass(frozen=True)
class Extent:
    """A node's reach from its anchor (the outline's centre) along both axes."""
    main_before: float
    main_after: float
    cross_before: float
    cross_after: float


def extent(m: Measured, axes: Axes, s: float) -> Extent:
    if axes.horizontal:  # note under the outline
        half = max(m.w, m.note.width if m.note else 0) / 2
        below = m.h / 2 + (NOTE_GAP * s + m.note.height if m.note else 0)
        return Extent(half, half, m.h / 2, below)
    right = m.w / 2 + (NOTE_SIDE_GAP * s + m.note.width if m.note else 0)
    below = max(m.h / 2, m.note.height - m.h / 2) if m.note else m.h / 2
    return Extent(m.h / 2, below, m.w / 2, right)


def note_rect(m: Measured, shape: Rect, axes: Axes, s: float) -> Rect | None:
    if m.note is None:
        return None
    if axes.horizontal:
        cx = shape.x + shape.w / 2
        return Rect(cx - m.note.width / 2, shape.bottom + NOTE_GAP * s, m.note.width, m.note.height)
    return Rect(shape.right + NOTE_SIDE_GAP * s, shape.y, m.note.width, m.note.height)
