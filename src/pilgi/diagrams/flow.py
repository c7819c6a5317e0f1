"""Flowcharts: a layered (Sugiyama-style) layout drawn as pen boxes and arrows.

The layout runs in four steps: ``rank`` (flow_rank) puts the nodes in layers; a
``Builder`` (flow_place) measures them (flow_measure, in the outlines of flow_shapes),
places them and routes the edges, whose labels flow_labels wraps and places. The
result (flow_geometry) is drawn by flow_draw. Subgraphs (flow_groups) and long chains
wrapped into two rows (flow_rows) build on the flat layout here.

Auto direction: ``min_height`` reports the lower of the LR and TB heights, so the
fitter's size search already settles on the direction that allows the larger text.
When both fit the rect at the chosen size, LR (the reading direction) is kept unless
TB's natural shape (width/height, before spreading) matches the rect's shape at least
twice as well (``TB_PREFERENCE``): a rect wider than tall by enough for the number of
layers gets LR, a tall or narrow one TB.
"""
from __future__ import annotations

import math

from ..context import Ctx
from ..display import Op
from ..layout import Rect
from ..model import Flow
from .flow_draw import draw_frame, draw_node, draw_route
from .flow_geometry import Axes, FlowGeometry
from .flow_labels import labels_on_lines
from .flow_place import Builder, Spread
from .flow_rank import rank
from .record import DiagramRecord, EdgeRecord, FrameRecord, NodeRecord

SPREAD_CAP = 2.5  # ems of the body size: the most room added to one gap when the rect is roomy

TB_PREFERENCE = 2.0  # how much better TB must match the rect's shape to beat LR (auto)


def candidates(flow: Flow) -> list[str]:
    d = flow.direction.upper()
    return [d] if d in ("LR", "RL", "TB", "BT") else ["LR", "TB"]


def laid_out(flow: Flow, ctx: Ctx, width: float, height: float | None = None) -> list[FlowGeometry]:
    """Each candidate direction's layout at ``width``, and the chain wrapped into two rows
    (flow_rows) where one row is too long: wider than ``width``, or top-down taller
    than ``height`` (any height, when none is given). Wrapping is offered above the
    smallest size, where it lets a chain write larger; at the smallest size only as
    the page's last resort (``ctx.squeeze``), after turning the chain and moving it
    to a bigger slot could not make it fit."""
    wrap = ctx.chains_may_wrap and not flow.groups
    out = []
    for d in candidates(flow):
        one = natural(flow, ctx, d, width)
        if one is not None:
            out.append(one)
        too_long = one is None or d in ("TB", "BT") and (height is None or one.bounds.h > height + 0.5)
        if wrap and too_long and (two := natural(flow, ctx, d, width, rows=2)) is not None:
            out.append(two)
    return out


def natural(flow: Flow, ctx: Ctx, direction: str, width: float, spread: Spread | None = None,
            cap: float | None = None, rows: int = 1) -> FlowGeometry | None:
    """The layout at ``width`` with the least height: labels wrapped no narrower than the
    width forces (or within ``cap``). Subgraphs are laid out inside out (``flow_groups``)."""
    if not flow.nodes and not flow.groups:
        return None
    if rows == 2:
        from .flow_rows import wrapped  # it builds on this module's flat layout
        return wrapped(flow, ctx, direction, width, spread or Spread(), cap)
    if flow.groups:
        from .flow_groups import nested  # it builds on this module's flat layout
        return nested(flow, ctx, direction, width, spread or Spread(), cap)
    return flat(flow, ctx, direction, width, spread or Spread(), cap)


def flat(flow: Flow, ctx: Ctx, direction: str, width: float, spread: Spread, cap: float | None,
         fixed: dict[str, tuple[float, float]] | None = None) -> FlowGeometry | None:
    """A flow without groups (``fixed`` boxes stand for groups laid out already)."""
    if not flow.nodes:
        return None
    return Builder(flow, rank(flow), ctx, direction, width, spread, cap, fixed).build()


def min_height(block: Flow, ctx: Ctx, width: float) -> float | None:
    if not block.nodes and not block.groups:
        return 0.0
    heights = [g.bounds.h for g in laid_out(block, ctx, width)]
    return min(heights) if heights else None


def shape_misfit(geo: FlowGeometry, rect: Rect) -> float:
    """How far (in log ratio) the layout's shape is from the rect's; TB pays a handicap."""
    direction = geo.direction
    b = geo.bounds
    ratio = (max(b.w, 1.0) / max(b.h, 1.0)) / (max(rect.w, 1.0) / max(rect.h, 1.0))
    return abs(math.log(ratio)) + (math.log(TB_PREFERENCE) if direction == "TB" else 0.0)


def layout(block: Flow, ctx: Ctx, rect: Rect) -> FlowGeometry | None:
    """The flow's geometry filling ``rect``: gaps widened into spare room, then centred.

    With ``auto``, the rule of the module docstring picks the direction."""
    laid = laid_out(block, ctx, rect.w, rect.h)
    if not laid:
        return None
    fitting = [g for g in laid if g.bounds.h <= rect.h + 0.5]
    if not fitting:  # too small a rect: draw the shortest rather than nothing
        fitting = [min(laid, key=lambda g: g.bounds.h)]
    # A chain is wrapped only when that is what lets it fit at this size.
    fitting = [g for g in fitting if g.rows == 1] or fitting
    geo = spread_out(block, ctx, rect, min(fitting, key=lambda g: shape_misfit(g, rect)))
    b = geo.bounds
    dx = rect.x + max(0.0, (rect.w - b.w) / 2) - b.x
    dy = rect.y + max(0.0, (rect.h - b.h) / 2) - b.y
    return geo.moved(dx, dy)


def spread_out(block: Flow, ctx: Ctx, rect: Rect, geo: FlowGeometry) -> FlowGeometry:
    """Spend spare room on longer arrows and airier layers, as far as the rect allows."""
    direction = geo.direction
    axes = Axes(direction in ("LR", "RL"))
    main_room = axes.size(rect.w, rect.h)[0] - axes.size(geo.bounds.w, geo.bounds.h)[0]
    cross_room = axes.size(rect.w, rect.h)[1] - axes.size(geo.bounds.w, geo.bounds.h)[1]
    layers = math.ceil(len(set(n.layer for n in geo.nodes.values())) / geo.rows)  # in one row
    widest = max(sum(1 for n in geo.nodes.values() if n.layer == i) for i in set(n.layer for n in geo.nodes.values()))
    widest = widest * geo.rows + geo.rows - 1  # gaps across: within layers, and between rows
    cap = SPREAD_CAP * ctx.size
    main = min(max(main_room, 0) / max(layers - 1, 1), cap) * (layers > 1)
    cross = min(max(cross_room, 0) / max(widest - 1, 1), cap) * (widest > 1)
    # Levelled boxes first, with the widest gaps that fit; then the gaps alone.
    gaps = [(main / 2 ** k, cross / 2 ** k) for k in range(4) if max(main, cross) / 2 ** k >= 1]
    tries = [Spread(m, c, True) for m, c in gaps] + [Spread(level=True)] + [Spread(m, c) for m, c in gaps]
    crowded = labels_on_lines(geo)
    for spread in tries:
        trial = natural(block, ctx, direction, rect.w, spread, geo.text_cap, geo.rows)
        if trial is not None and trial.bounds.w <= rect.w + 0.5 and trial.bounds.h <= rect.h + 0.5 \
                and labels_on_lines(trial) <= crowded:
            return trial
    return geo


def record(block: Flow, geo: FlowGeometry, region: str) -> DiagramRecord:
    from .flow_groups import tree_of  # it builds on this module's flat layout
    tree = tree_of(block)
    nodes = [NodeRecord(v, n.node.label, n.shape) for v, n in geo.nodes.items()]
    edges = [EdgeRecord(r.edge.src, r.edge.dst, r.edge.label, list(r.points)) for r in geo.routes]
    frames = []
    for f in geo.frames:
        own, kids = tree.children(f.group.id)
        frames.append(FrameRecord(f.group.id, f.group.label, f.rect, own + kids))
    return DiagramRecord("flowchart", region, nodes, edges, frames)


def paint(geo: FlowGeometry, ctx: Ctx) -> list[Op]:
    ops: list[Op] = []
    for frame in geo.frames:
        ops += draw_frame(frame, ctx)
    for route in geo.routes:
        ops += draw_route(route, ctx)
    for node in geo.nodes.values():
        ops += draw_node(node, ctx)
    return ops
