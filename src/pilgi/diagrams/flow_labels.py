"""A flowchart's edge labels: wrapped before the layout (their sizes make room between
layers and beside lanes), then placed beside their route's longest run, clear of nodes,
notes, arrow heads and other labels, and of other lines where they can be."""
from __future__ import annotations

import math

from ..context import Ctx
from ..layout import Rect
from ..text import Paragraph
from . import Point, grown, moved, polyline_hits_rect, word_cap
from .flow_geometry import Axes, FlowGeometry, GroupFrame, PlacedNode, Route, end_marks, line_width, mark_box
from .flow_measure import snug_wrap
from .flow_rank import Ranking

# Lengths in ems of the body size, so a diagram keeps its proportions at every size.
LABEL_MARGIN = 0.22  # edge label to its line and to its neighbours
EDGE_LABEL_CAP = 6.0  # ems of the small size
LANE_LABEL_CAP = {True: 10.0, False: 5.0}  # along a horizontal lane, beside a vertical one


def edge_labels(r: Ranking, ctx: Ctx, horizontal: bool) -> dict[int, Paragraph] | None:
    out: dict[int, Paragraph] = {}
    for k, e in enumerate(r.edges):
        if not e.label:
            continue
        cap = (LANE_LABEL_CAP[horizontal] if r.is_lane(k) else EDGE_LABEL_CAP) * ctx.small
        para = snug_wrap(ctx, e.label, word_cap(ctx, e.label, cap, ctx.small), ctx.small)
        if para is None:
            return None
        out[k] = para
    return out


def hard_obstacles(nodes: dict[str, PlacedNode], frames: list[GroupFrame], routes: list[Route],
                   ctx: Ctx) -> list[Rect]:
    out = [grown(n.shape, LABEL_MARGIN * ctx.size * 0.5) for n in nodes.values()]
    out += [n.note_box for n in nodes.values() if n.note_box]
    out += [f.label_box for f in frames]
    out += [r.label_box for r in routes if r.label_box]
    out += [head for r in routes for head in head_boxes(r, ctx)]
    return out


def head_boxes(route: Route, ctx: Ctx) -> list[Rect]:
    """Where a route's end marks (arrow heads, crosses, circles) are drawn: they
    stand out to the sides of the line, where a label beside its end would meet them."""
    if len(route.points) < 2:
        return []
    width = line_width(route.edge, ctx)
    return [mark_box(tip, frm, mark, width, ctx) for tip, frm, mark in end_marks(route)]


def place_label(para: Paragraph, candidates: list[Rect], hard: list[Rect],
                routes: list[Route], own: Route) -> Rect:
    """The first candidate (beside its own line) clear of everything, else the nearest
    place round the first clear of everything, its own line included (writing on a
    line is worse than a label a little off its line: arrows fanning out of one node
    leave no room beside them), else clear of boxes, else the first."""
    def clear_of_boxes(c: Rect) -> bool:
        return not any(c.overlaps(h) for h in hard)

    def clear(c: Rect) -> bool:
        return clear_of_boxes(c) and not any(polyline_hits_rect(r.points, c) for r in routes)

    def clear_of_own(c: Rect) -> bool:
        return clear(c) and not polyline_hits_rect(own.points, c)
    first = next((c for c in candidates if clear(c)), None)
    if first is not None:
        return first
    further = rings_around(candidates[0], para.line_height / 2)  # only when the line has no clear side
    for test, places in ((clear_of_own, further), (clear_of_boxes, candidates), (clear_of_boxes, further)):
        for c in places:
            if test(c):
                return c
    return candidates[0]


def rings_around(r: Rect, step: float, rings: int = 8) -> list[Rect]:
    """``r`` moved outwards in growing rings of eight directions: a last resort for a label."""
    out = []
    for ring in range(1, rings + 1):
        d = ring * step
        out += [moved(r, dx * d, dy * d) for dx, dy in ((0, -1), (1, 0), (0, 1), (-1, 0),
                                                         (1, -1), (1, 1), (-1, 1), (-1, -1))]
    return out


def place_labels(axes: Axes, ctx: Ctx, routes: list[Route], nodes: dict[str, PlacedNode],
                 frames: list[GroupFrame]) -> None:
    """Each label beside its route's longest segment (a self-loop's: its outer run,
    on the outside), clear of boxes and placed labels, and of other lines if it can."""
    for route in routes:
        if route.label is None:
            continue
        if route.edge.src == route.edge.dst:
            run = route.points[1], route.points[2]
            before = axes.mc(run[0])[1] < axes.mc(route.points[0])[1]
            cands = beside_segment(axes, ctx.size, route.label, *run)[(0 if before else 1)::2]
        else:
            cands = beside_segment(axes, ctx.size, route.label, *middle_segment(route.points))
        route.label_box = place_label(route.label, cands, hard_obstacles(nodes, frames, routes, ctx),
                                      [r for r in routes if r is not route], route)


def middle_segment(points: list[Point]) -> tuple[Point, Point]:
    """The longest segment of a route: where its label reads best."""
    return max(zip(points, points[1:]), key=lambda ab: math.dist(*ab))


def beside_segment(axes: Axes, s: float, para: Paragraph, a: Point, b: Point) -> list[Rect]:
    """Label boxes along a-b - middle first, then towards the ends - on either side
    (alternating: before, after), clear of the line; then the same a step further out."""
    ax = axes
    (am, ac), (bm, bc) = ax.mc(a), ax.mc(b)
    if abs(bm - am) < 1e-6:  # a segment across the layers (lanes' ends): label beside it
        am, ac, bm, bc = ac, am, bc, bm
        ax = Axes(not ax.horizontal)
    lm, lc = ax.size(para.width, para.height)
    out = []
    for away in (0.0, 1.1 * lc, 2.2 * lc):
        gap = LABEL_MARGIN * s + away
        out += along_segment(ax, (am, ac), (bm, bc), lm, lc, gap)
    return out


def along_segment(ax: Axes, a: tuple[float, float], b: tuple[float, float], lm: float, lc: float,
                  gap: float) -> list[Rect]:
    (am, ac), (bm, bc) = a, b
    out = []
    for t in (0.5, 0.3, 0.7, 0.15, 0.85):
        mid = am + (bm - am) * t
        lo, hi = max(min(am, bm), mid - lm / 2), min(max(am, bm), mid + lm / 2)

        def cross_at(m: float) -> float:
            return ac + (bc - ac) * (m - am) / (bm - am) if bm != am else ac
        line_lo = min(cross_at(lo), cross_at(hi))
        line_hi = max(cross_at(lo), cross_at(hi))
        out.append(ax.rect(mid - lm / 2, line_lo - gap - lc, lm, lc))
        out.append(ax.rect(mid - lm / 2, line_hi + gap, lm, lc))
    return out


def labels_on_lines(geo: FlowGeometry) -> int:
    """How many edge labels a line runs through: spreading out must not add any."""
    return sum(1 for r in geo.routes if r.label_box is not None
               and any(polyline_hits_rect(other.points, r.label_box) for other in geo.routes))
