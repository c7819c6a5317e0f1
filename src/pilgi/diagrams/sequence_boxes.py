"""Sequence diagrams with ``box … end``: the boxed participants stand on a shaded band
running down their lifelines, its label in a row above the participants. Everything
else is the plain sequence diagram (``sequence``), laid out under that row."""
from __future__ import annotations

from dataclasses import dataclass

from ..context import Ctx
from ..display import Op
from ..layout import Rect
from ..model import Sequence
from ..text import Paragraph
from ..theme import Color
from . import sequence
from .record import DiagramRecord, FrameRecord

LABEL_CAP = 10.0  # ems of the small size: a box's label wraps no narrower than this
PAD = 0.3  # ems: band to its participants, label to the band's edge


@dataclass
class Band:
    """A box's shaded band down its participants' lifelines, its label at the top."""
    rect: Rect
    label: Paragraph | None
    fill: Color | None


@dataclass
class BoxedGeometry:
    """The plain sequence diagram and the bands of its boxes."""
    sequence: sequence.SequenceGeometry
    bands: list[Band]


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


def layout(block: Sequence, ctx: Ctx, rect: Rect) -> BoxedGeometry | None:
    """The sequence laid out under the row of the boxes' labels, and a band for each box;
    without boxes (or with a label that does not wrap) the plain sequence, without bands."""
    paras = labels(block, ctx) if block.boxes else None
    if not paras:
        geo = sequence.layout(block, ctx, rect)
        return None if geo is None else BoxedGeometry(geo, [])
    row = label_row(paras, ctx)
    inner = Rect(rect.x, rect.y + row, rect.w, max(rect.h - row, 0.0))
    geo = sequence.layout(block, ctx, inner)
    if geo is None:
        return None
    pad = PAD * ctx.size
    lines = {l.participant.id: l for l in geo.lifelines}
    bands = []
    for i, (box, para) in enumerate(zip(block.boxes, paras)):
        members = [lines[m].box for m in box.members if m in lines]
        top = min(r.y for r in members) - row
        x0, x1 = min(r.x for r in members) - pad, max(r.right for r in members) + pad
        fill = ctx.theme.pastels.get(("purple", "green", "orange", "pink")[i % 4])
        bands.append(Band(Rect(x0, top, x1 - x0, geo.lifeline_end + pad - top), para, fill))
    return BoxedGeometry(geo, bands)


def record(block: Sequence, geo: BoxedGeometry, region: str) -> DiagramRecord:
    recorded = sequence.record(block, geo.sequence, region)
    # Bands hold participants: they join after the frames have nested.
    recorded.frames += [FrameRecord(f"box-{i + 1}", box.label, band.rect, list(box.members))
                        for i, (box, band) in enumerate(zip(block.boxes, geo.bands))]
    return recorded


def paint(geo: BoxedGeometry, ctx: Ctx) -> list[Op]:
    pad = PAD * ctx.size
    ops: list[Op] = []
    for band in geo.bands:
        ops += ctx.sketch.rect(band.rect, None, ctx.thin_pen, band.fill, fill_alpha=90)
        if band.label is not None:
            ops += ctx.write(band.label, band.rect.x + pad, band.rect.y + pad, ctx.theme.ink)
    return ops + sequence.paint(geo.sequence, ctx)
