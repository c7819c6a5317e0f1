"""Sequence diagrams with ``box … end``: the boxed participants stand on a shaded band
running down their lifelines, its label in a row above the participants. Everything
else is the plain sequence diagram (``sequence``), laid out under that row."""
from __future__ import annotations

from ..context import Ctx
from ..display import Op
from ..layout import Rect
from ..model import Sequence
from ..text import Paragraph
from . import sequence
from .record import FrameRecord, sequence_record

LABEL_CAP = 10.0  # ems of the small size: a box's label wraps no narrower than this
PAD = 0.3  # ems: band to its participants, label to the band's edge


def labels(block: Sequence, ctx: Ctx) -> list[Paragraph | None] | None:
    out = []
    for box in block.boxes:
        para = ctx.wrap(f"**{box.label}**", LABEL_CAP * ctx.small, ctx.small) if box.label else None
        if box.label and para is None:
            return None
        out.append(para)
    return out


def label_row(paras: list[Paragraph | None], ctx: Ctx) -> float:
    return max([p.height for p in paras if p] + [0.0]) + 2 * PAD * ctx.size


def min_height(block: Sequence, ctx: Ctx, width: float) -> float | None:
    if not block.boxes:
        return sequence.min_height(block, ctx, width)
    paras = labels(block, ctx)
    inner = sequence.min_height(block, ctx, width)
    return None if paras is None or inner is None else inner + label_row(paras, ctx)


def draw(block: Sequence, ctx: Ctx, rect: Rect) -> list[Op]:
    paras = labels(block, ctx) if block.boxes else None
    if not paras:
        return sequence.draw(block, ctx, rect)
    row = label_row(paras, ctx)
    inner = Rect(rect.x, rect.y + row, rect.w, max(rect.h - row, 0.0))
    geo = sequence.layout(block, ctx, inner)
    if geo is None:
        return []
    pad = PAD * ctx.size
    lines = {l.participant.id: l for l in geo.lifelines}
    ops: list[Op] = []
    bands = []
    for i, (box, para) in enumerate(zip(block.boxes, paras)):
        members = [lines[m].box for m in box.members if m in lines]
        top = min(r.y for r in members) - row
        x0, x1 = min(r.x for r in members) - pad, max(r.right for r in members) + pad
        band = Rect(x0, top, x1 - x0, geo.lifeline_end + pad - top)
        bands.append(FrameRecord(f"box-{i + 1}", box.label, band, list(box.members)))
        fill = ctx.theme.pastels.get(("purple", "green", "orange", "pink")[i % 4])
        ops += ctx.sketch.rect(band, None, ctx.thin_pen, fill, fill_alpha=90)
        if para is not None:
            ops += ctx.write(para, x0 + pad, top + pad, ctx.theme.ink)
    if ctx.diagrams is not None:
        record = sequence_record(geo, ctx.region)
        record.frames += bands  # bands hold participants: they join after the frames have nested
        ctx.diagrams.append(record)
    return ops + sequence.draw_laid_out(geo, ctx)
