"""Measuring and drawing of each block type inside a section.

Every block answers two questions: how tall must it be at the current text size
within a width (``measure``), and what does it draw into a given rectangle
(``draw``). Text blocks have a natural height; diagrams are elastic and take the
space that is left. Where each block goes and at what size is the fitter's
choice (arrange.py); ``draw_placed`` draws what it chose.
"""
from __future__ import annotations

import importlib
import math
import zlib
from dataclasses import dataclass, replace
from types import ModuleType

from . import model as m
from .context import Ctx
from .diagrams import draw as draw_diagram
from .display import Op
from .layout import Rect
from .text import Paragraph, plain


@dataclass
class Need:
    """The height a block needs at a width; elastic: a diagram that grows into more."""
    height: float
    elastic: bool = False


# Each kind's module in diagrams/, imported when a page first has one: a page draws
# few kinds, and a fresh process pays for every module it loads.
DIAGRAMS = {
    m.Flow: "flow",
    m.Sequence: "sequence_boxes",
    m.MindMap: "mindmap",
    m.Pie: "pie",
    m.Timeline: "timeline",
    m.XYChart: "xychart",
    m.Quadrant: "quadrant",
}


def holds_diagram(items: list) -> bool:
    """Whether any of the blocks is a diagram, or a row holding one."""
    return any(type(b) in DIAGRAMS or (isinstance(b, m.Row) and holds_diagram(b.blocks)) for b in items)


def diagram_for(block) -> ModuleType | None:
    """The module that measures and draws ``block``, if it is a diagram."""
    name = DIAGRAMS.get(type(block))
    return None if name is None else importlib.import_module(f"{__package__}.diagrams.{name}")


def gap(ctx: Ctx) -> float:
    return ctx.size * 0.45


# -- block titles -------------------------------------------------------------

def _title_para(block, ctx: Ctx, width: float) -> Paragraph | None:
    title = getattr(block, "title", "")
    return ctx.wrap(f"**{title}**", width) if title else None


def title_height(block, ctx: Ctx, width: float) -> float | None:
    if not getattr(block, "title", ""):
        return 0.0
    para = _title_para(block, ctx, width)
    return None if para is None else _title_room(para, ctx)


def _title_room(para: Paragraph, ctx: Ctx) -> float:
    return para.height + ctx.size * 0.25


def _below(para: Paragraph | None, ctx: Ctx, rect: Rect) -> Rect:
    if para is None:
        return rect
    used = _title_room(para, ctx)
    return Rect(rect.x, rect.y + used, rect.w, max(rect.h - used, 0))


def under_title(block, ctx: Ctx, rect: Rect) -> Rect:
    """What is left of ``rect`` under the block's title."""
    return _below(_title_para(block, ctx, rect.w), ctx, rect)


def _draw_title(block, ctx: Ctx, rect: Rect) -> tuple[list[Op], Rect]:
    para = _title_para(block, ctx, rect.w)
    if para is None:
        return [], rect
    ops = ctx.write(para, rect.x, rect.y, ctx.theme.blue)
    y = rect.y + para.height
    ops += ctx.sketch.underline(rect.x, rect.x + min(para.width + ctx.size * 0.3, rect.w), y + ctx.size * 0.12,
                                ctx.theme.blue, ctx.thin_pen)
    return ops, _below(para, ctx, rect)


# -- dispatch -------------------------------------------------------------------

def measure(block: m.Block, ctx: Ctx, width: float) -> Need | None:
    head = title_height(block, ctx, width)
    if head is None:
        return None
    diagram = diagram_for(block)
    if diagram is not None:
        h = diagram.min_height(block, ctx, width)
        return None if h is None else Need(head + h, elastic=True)
    body = MEASURE[type(block)](block, ctx, width)
    if body is None:
        return None
    return Need(head + body.height, body.elastic)


def draw(block: m.Block, ctx: Ctx, rect: Rect, diagram_size: float | None = None) -> list[Op]:
    """A block that holds no others, its title and writing at ``ctx.size``; a
    diagram at ``diagram_size`` (the same when not given)."""
    ops, rect = _draw_title(block, ctx, rect)
    diagram = diagram_for(block)
    if diagram is not None:
        return ops + draw_diagram(diagram, block, ctx.at(diagram_size or ctx.size), rect)
    return ops + DRAW[type(block)](block, ctx, rect)


def draw_placed(placed, ctx: Ctx) -> list[Op]:
    """A block as the fitter placed it (``arrange.Placed``), and the blocks inside it."""
    at = ctx.at(placed.size)
    if not isinstance(placed.block, (Stack, m.Row)):
        return draw(placed.block, at, placed.rect, placed.diagram_size)
    ops, _ = _draw_title(placed.block, at, placed.rect)
    for part in placed.parts:
        ops += draw_placed(part, ctx)
    return ops


# -- text -----------------------------------------------------------------------

def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def measure_text(block: m.Text, ctx: Ctx, width: float) -> Need | None:
    total = 0.0
    for i, para_text in enumerate(_paragraphs(block.text)):
        para = ctx.wrap(para_text, width)
        if para is None:
            return None
        total += para.height + (gap(ctx) if i else 0)
    return Need(total)


def draw_text(block: m.Text, ctx: Ctx, rect: Rect) -> list[Op]:
    ops: list[Op] = []
    y = rect.y
    for para_text in _paragraphs(block.text):
        para = ctx.wrap(para_text, rect.w)
        ops += ctx.write(para, rect.x, y)
        y += para.height + gap(ctx)
    return ops


# -- lists ------------------------------------------------------------------------

def _marker_width(block: m.ListBlock, ctx: Ctx) -> float:
    if block.style == "number":
        return ctx.ts.width(f"{block.start + len(block.items) - 1}.", "bold", ctx.size) + ctx.size * 0.35
    return ctx.size * 0.9


def _item_gap(ctx: Ctx) -> float:
    return ctx.size * 0.12


def _list_paras(block: m.ListBlock, ctx: Ctx, width: float) -> list[Paragraph] | None:
    """Each item wrapped beside its marker; None when one does not fit the width."""
    inner = width - _marker_width(block, ctx)
    paras = []
    for item in block.items:
        para = ctx.wrap(item, inner)
        if para is None:
            return None
        paras.append(para)
    return paras


def _list_height(paras: list[Paragraph], ctx: Ctx) -> float:
    return sum(para.height + _item_gap(ctx) for para in paras)


def measure_list(block: m.ListBlock, ctx: Ctx, width: float) -> Need | None:
    paras = _list_paras(block, ctx, width)
    return None if paras is None else Need(_list_height(paras, ctx))


def _draw_marker(block: m.ListBlock, index: int, ctx: Ctx, x: float, top: float) -> list[Op]:
    t = ctx.theme
    lh = ctx.ts.line_height(ctx.size)
    mid = top + lh * 0.52
    s = ctx.size
    if block.style == "check" and block.done and not block.done[index]:
        box = Rect(x + s * 0.08, mid - s * 0.3, s * 0.56, s * 0.56)
        return ctx.sketch.rect(box, t.pencil, ctx.thin_pen)
    if block.style == "check":
        pts = [(x + s * 0.08, mid - s * 0.02), (x + s * 0.3, mid + s * 0.22), (x + s * 0.68, mid - s * 0.32)]
        return ctx.sketch.polyline(pts, t.green, ctx.pen * 1.2)
    if block.style == "number":
        para = ctx.wrap(f"**{block.start + index}.**", s * 4)
        return ctx.write(para, x, top, t.blue)
    r = s * 0.09
    # A dot this small keeps little of the pen's wobble, or it smears into a tadpole.
    return ctx.sketch.ellipse(x + s * 0.3, mid, r * 2, r * 2, t.ink, ctx.thin_pen, t.ink, roughness=0.15)


def draw_list(block: m.ListBlock, ctx: Ctx, rect: Rect) -> list[Op]:
    ops: list[Op] = []
    indent = _marker_width(block, ctx)
    y = rect.y
    paras = _list_paras(block, ctx, rect.w)
    loose = max(0.0, rect.h - _list_height(paras, ctx)) / max(len(paras), 1)
    for i, para in enumerate(paras):
        ops += _draw_marker(block, i, ctx, rect.x, y)
        ops += ctx.write(para, rect.x + indent, y)
        y += para.height + _item_gap(ctx) + loose
    return ops


# -- tables -----------------------------------------------------------------------

def _cell_pad(ctx: Ctx) -> float:
    return ctx.size * 0.28


def _column_widths(block: m.Table, ctx: Ctx, width: float) -> list[float] | None:
    """Natural widths where they fit; otherwise give each column its longest word and
    share the rest by how much more each column would like."""
    cols = len(block.header)
    pad = 2 * _cell_pad(ctx)
    rows = [block.header] + block.rows
    natural = [0.0] * cols
    least = [0.0] * cols
    for r, row in enumerate(rows):
        role = "bold" if r == 0 else "body"
        for c in range(cols):
            text = row[c] if c < len(row) else ""
            for line in text.split("\n"):
                natural[c] = max(natural[c], ctx.ts.width(plain(line), role, ctx.size) + pad)
            for word in plain(text).split():
                least[c] = max(least[c], ctx.ts.width(word, role, ctx.size) + pad)
    natural = [max(n, l, ctx.size) for n, l in zip(natural, least)]
    if sum(least) > width:
        return None
    if sum(natural) <= width:
        scale = width / sum(natural)
        return [n * scale for n in natural]
    spare = width - sum(least)
    wants = [n - l for n, l in zip(natural, least)]
    total_want = sum(wants) or 1.0
    return [l + spare * w / total_want for l, w in zip(least, wants)]


def _table_rows(block: m.Table, ctx: Ctx, widths: list[float]) -> list[tuple[list[Paragraph], float]] | None:
    out = []
    pad = _cell_pad(ctx)
    for r, row in enumerate([block.header] + block.rows):
        paras = []
        for c, w in enumerate(widths):
            text = row[c] if c < len(row) else ""
            # A header cell is bold already; its own ** would print as asterisks inside ours.
            text = f"**{text.replace('**', '')}**" if r == 0 and text.replace("**", "") else text
            para = ctx.wrap(text, w - 2 * pad)
            if para is None:
                return None
            paras.append(para)
        height = max(p.height for p in paras) + 2 * pad * 0.6
        out.append((paras, height))
    return out


def _table_height(rows: list[tuple[list[Paragraph], float]], ctx: Ctx) -> float:
    return sum(h for _, h in rows) + ctx.pen


def measure_table(block: m.Table, ctx: Ctx, width: float) -> Need | None:
    widths = _column_widths(block, ctx, width)
    if widths is None:
        return None
    rows = _table_rows(block, ctx, widths)
    if rows is None:
        return None
    return Need(_table_height(rows, ctx))


def draw_table(block: m.Table, ctx: Ctx, rect: Rect) -> list[Op]:
    t = ctx.theme
    widths = _column_widths(block, ctx, rect.w)
    rows = _table_rows(block, ctx, widths)
    loose = max(0.0, rect.h - _table_height(rows, ctx)) / max(len(rows), 1)
    rows = [(paras, h + loose) for paras, h in rows]
    total_h = sum(h for _, h in rows)
    sk = ctx.sketch
    x0, y0 = rect.x, rect.y + ctx.pen / 2
    ops: list[Op] = []
    header_h = rows[0][1]
    ops += sk.rect(Rect(x0, y0, rect.w, header_h), None, 0, t.pastel(t.table_header_fill), 255, roughness=0.4)
    pad = _cell_pad(ctx)
    y = y0
    for r, (paras, h) in enumerate(rows):
        x = x0
        for c, (para, w) in enumerate(zip(paras, widths)):
            color = t.ink if r else t.blue
            ops += ctx.write(para, x + pad, y + (h - para.height) / 2, color)
            x += w
        y += h
    # Rules: a careful hand, so a little wobble and a single stroke each.
    rule = ctx.thin_pen
    y = y0
    for r in range(len(rows) + 1):
        ops += sk.line((x0, y), (x0 + rect.w, y), t.ink, ctx.pen if r in (0, 1, len(rows)) else rule, single=True)
        if r < len(rows):
            y += rows[r][1]
    x = x0
    for c in range(len(widths) + 1):
        ops += sk.line((x, y0), (x, y0 + total_h), t.ink, rule, single=True)
        if c < len(widths):
            x += widths[c]
    return ops


# -- quotes (sticky notes) ------------------------------------------------------------

def _quote_parts(block: m.Quote, ctx: Ctx, width: float) -> list[tuple[Paragraph, str, str]] | None:
    inner = width - 2 * _sticky_pad(ctx)
    parts = [(f"“{block.text}”", "body", "ink")]
    if block.note:
        parts.append((block.note, "note", "blue"))
    if block.source:
        parts.append((f"— {block.source}", "note", "pencil"))
    out = []
    for text, role, color in parts:
        size = ctx.size if role == "body" else ctx.small
        role = role if role == "body" else ctx.ts.note_role(size, ctx.dpi)
        para = ctx.ts.wrap(text, inner, size, role)
        if para is None:
            return None
        out.append((para, role, color))
    return out


def _sticky_pad(ctx: Ctx) -> float:
    return ctx.size * 0.32


def _quote_height(parts: list[tuple[Paragraph, str, str]], ctx: Ctx) -> float:
    return sum(p.height for p, _, _ in parts) + 2 * _sticky_pad(ctx) + ctx.size * 0.1 * len(parts)


def measure_quote(block: m.Quote, ctx: Ctx, width: float) -> Need | None:
    parts = _quote_parts(block, ctx, width)
    return None if parts is None else Need(_quote_height(parts, ctx))


def sticky_angle(text: str, note: Rect, room: float) -> float:
    """A note stuck on by hand sits a little askew: up to a degree either way, the
    same for the same words (no randomness a seed or hash salt would change), and
    never so far that a corner comes nearer the writing than half of ``room``."""
    h = zlib.crc32(text.encode("utf-8"))
    most = math.asin(min(1.0, room * 0.5 / max(note.w / 2, 1.0)))
    return min(math.radians(0.45 + (h % 6) * 0.1), most) * (1 if h & 128 else -1)


def turned(r: Rect, angle: float) -> list[tuple[float, float]]:
    """Corners of ``r`` turned by ``angle`` about its centre."""
    cx, cy = r.x + r.w / 2, r.y + r.h / 2
    sa, ca = math.sin(angle), math.cos(angle)
    return [(cx + x * ca - y * sa, cy + x * sa + y * ca)
            for x, y in ((-r.w / 2, -r.h / 2), (r.w / 2, -r.h / 2), (r.w / 2, r.h / 2), (-r.w / 2, r.h / 2))]


def draw_quote(block: m.Quote, ctx: Ctx, rect: Rect) -> list[Op]:
    t = ctx.theme
    parts = _quote_parts(block, ctx, rect.w)
    note = Rect(rect.x, rect.y, rect.w, _quote_height(parts, ctx))
    ops: list[Op] = []
    paper = turned(note, sticky_angle(block.text, note, _sticky_pad(ctx)))
    shadow = [(x + ctx.size * 0.12, y + ctx.size * 0.12) for x, y in paper]
    ops += [replace(p, fill_alpha=t.sticky_shadow_alpha)  # the note's shadow on the paper
            for p in ctx.sketch.polygon(shadow, None, 0, t.sticky_shadow)]
    ops += ctx.sketch.polygon(paper, t.sticky_edge, ctx.thin_pen, t.sticky)
    tape = Rect(note.x + note.w * 0.4, note.y - ctx.size * 0.18, note.w * 0.2, ctx.size * 0.4)
    ops += ctx.sketch.rect(tape, None, 0, t.tape, t.tape_alpha, roughness=0.3)
    y = note.y + _sticky_pad(ctx)
    for para, _role, color in parts:
        ops += ctx.write(para, note.x + _sticky_pad(ctx), y, getattr(t, color))
        y += para.height + ctx.size * 0.1
    return ops


# -- key/value spec ---------------------------------------------------------------------

def _spec_label_width(block: m.Spec, ctx: Ctx, width: float) -> float:
    widest = max((ctx.ts.width(plain(i.label), "bold", ctx.size) for i in block.items), default=0.0)
    return min(widest + ctx.size * 0.5, width * 0.4)


def _spec_rows(block: m.Spec, ctx: Ctx, width: float) -> list[tuple[Paragraph, Paragraph, float]] | None:
    lw = _spec_label_width(block, ctx, width)
    rows = []
    for item in block.items:
        label = ctx.wrap(f"**{item.label}**", lw - ctx.size * 0.3)
        value_text = item.value + (f"  ({item.note})" if item.note else "")
        value = ctx.wrap(value_text, width - lw)
        if label is None or value is None:
            return None
        rows.append((label, value, max(label.height, value.height) + ctx.size * 0.18))
    return rows


def measure_spec(block: m.Spec, ctx: Ctx, width: float) -> Need | None:
    rows = _spec_rows(block, ctx, width)
    return None if rows is None else Need(sum(h for _, _, h in rows))


def draw_spec(block: m.Spec, ctx: Ctx, rect: Rect) -> list[Op]:
    t = ctx.theme
    lw = _spec_label_width(block, ctx, rect.w)
    ops: list[Op] = []
    y = rect.y
    rows = _spec_rows(block, ctx, rect.w)
    loose = max(0.0, rect.h - sum(h for _, _, h in rows)) / max(len(rows), 1)
    rows = [(label, value, h + loose) for label, value, h in rows]
    for i, (label, value, h) in enumerate(rows):
        ops += ctx.write(label, rect.x, y, t.blue)
        ops += ctx.write(value, rect.x + lw, y)
        y += h
        if i < len(rows) - 1:
            ops += ctx.sketch.dashed((rect.x, y - ctx.size * 0.09), (rect.right, y - ctx.size * 0.09),
                                     t.pencil, ctx.thin_pen * 0.7, ctx.size * 0.15)
    return ops


# -- code -------------------------------------------------------------------------------

def _code_para(block: m.Code, ctx: Ctx, width: float) -> Paragraph | None:
    text = "\n".join(line.rstrip().expandtabs(4) for line in block.code.strip("\n").split("\n"))
    return ctx.ts.wrap_verbatim(text, width - ctx.size * 0.8, ctx.small, "code")


def measure_code(block: m.Code, ctx: Ctx, width: float) -> Need | None:
    para = _code_para(block, ctx, width)
    return None if para is None else Need(para.height + ctx.size * 0.6)


def draw_code(block: m.Code, ctx: Ctx, rect: Rect) -> list[Op]:
    para = _code_para(block, ctx, rect.w)
    box = Rect(rect.x, rect.y, rect.w, para.height + ctx.size * 0.6)
    ops: list[Op] = ctx.sketch.rect(box, ctx.theme.pencil, ctx.thin_pen, ctx.theme.pastel(ctx.theme.code_fill))
    return ops + ctx.write(para, box.x + ctx.size * 0.4, box.y + ctx.size * 0.3, ctx.theme.ink)


# -- stacks: blocks one under another ------------------------------------------------------

@dataclass
class Stack:
    """Blocks one under another; spare height goes to the elastic ones (diagrams).
    The fitter's own arrangement of a section body, not part of the sheet model."""
    blocks: list


def stack_gap(ctx: Ctx) -> float:
    return gap(ctx) * 1.6


def measure_stack(block: Stack, ctx: Ctx, width: float) -> Need | None:
    needs = []
    for child in block.blocks:
        need = measure(child, ctx, width)
        if need is None:
            return None
        needs.append(need)
    height = sum(n.height for n in needs) + stack_gap(ctx) * max(len(needs) - 1, 0)
    return Need(height, any(n.elastic for n in needs))


# -- rows of blocks side by side -----------------------------------------------------------

def row_widths(block: m.Row, ctx: Ctx, width: float) -> list[float]:
    weights = block.widths or [1.0] * len(block.blocks)
    spacing = ctx.size * 0.9 * (len(block.blocks) - 1)
    total = sum(weights)
    return [(width - spacing) * w / total for w in weights]


def measure_row(block: m.Row, ctx: Ctx, width: float) -> Need | None:
    needs = []
    for child, w in zip(block.blocks, row_widths(block, ctx, width)):
        need = measure(child, ctx, w)
        if need is None:
            return None
        needs.append(need)
    return Need(max(n.height for n in needs), any(n.elastic for n in needs))


MEASURE = {
    m.Text: measure_text, m.ListBlock: measure_list, m.Table: measure_table, m.Quote: measure_quote,
    m.Spec: measure_spec, m.Code: measure_code, m.Row: measure_row, Stack: measure_stack,
}
DRAW = {
    m.Text: draw_text, m.ListBlock: draw_list, m.Table: draw_table, m.Quote: draw_quote,
    m.Spec: draw_spec, m.Code: draw_code,
}
