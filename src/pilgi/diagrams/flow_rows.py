"""A long flowchart laid in two rows, as a hand wraps a line at the edge of the page.

A chain whose layers run wider than its box (or, top-down, taller) can only be drawn
small in one row; in a box with room across it reads better larger in two: the first
row runs the written way, the second comes back the other way beside it (a snake),
and one arrow turns round the far end from the first row's last node into the second
row's first. The flow is cut only where that turn crosses nothing: between two
layers of one node each, joined by the only edge between the two halves (a forward
arrow; a loop back across the cut keeps the chain in one row). ``flow.laid_out``
offers the wrap above the smallest size, where it lets a chain grow; at the smallest
size only when the page squeezes a section that fits nowhere else (``Ctx.squeeze``).
"""
from __future__ import annotations

from dataclasses import replace

from ..context import Ctx
from ..layout import Rect
from ..model import Flow
from . import fill_for, polyline_hits_rect, union, word_cap
from .flow import flat
from .flow_geometry import Axes, FlowGeometry, Route
from .flow_labels import EDGE_LABEL_CAP, LABEL_MARGIN
from .flow_measure import snug_wrap
from .flow_place import LANE_GAP, LAYER_GAP, Spread
from .flow_rank import Ranking, rank

MIN_ROW_LAYERS = 2  # a row of one layer is not a row
OPPOSITE = {"LR": "RL", "RL": "LR", "TB": "BT", "BT": "TB"}


def cuts(r: Ranking, lengths: list[float] | None = None) -> list[int]:
    """Layers k at which the flow may be cut (layers < k in the first row), the most even
    rows first: by the layers' ``lengths`` along the row when given, else their count."""
    lengths = lengths or [1.0] * len(r.layers)
    out = []
    count = len(r.layers)
    for k in range(MIN_ROW_LAYERS, count - MIN_ROW_LAYERS + 1):
        if len(r.layers[k - 1]) != 1 or len(r.layers[k]) != 1:
            continue
        crossing = [i for i, e in enumerate(r.edges) if (r.layer[e.src] < k) != (r.layer[e.dst] < k)]
        if len(crossing) != 1 or crossing[0] in r.back:
            continue
        e = r.edges[crossing[0]]
        if r.layer[e.src] == k - 1 and r.layer[e.dst] == k:
            out.append(k)
    return sorted(out, key=lambda k: (abs(sum(lengths[:k]) - sum(lengths[k:])), k))


def wrapped(flow: Flow, ctx: Ctx, direction: str, width: float, spread: Spread,
            cap: float | None) -> FlowGeometry | None:
    """The flow in two rows within ``width``, cut where the rows' label lengths are most
    even; None where it cannot be cut cleanly."""
    if direction not in OPPOSITE or flow.groups:
        return None
    r = rank(flow)
    at = cuts(r, _layer_lengths(r, ctx, direction))
    return _snake(flow, r, at[0], ctx, direction, width, spread, cap) if at else None


def _layer_lengths(r: Ranking, ctx: Ctx, direction: str) -> list[float]:
    """Each layer's rough length along a row, before any layout: its widest label (a
    diamond's half again) left to right; one line a node top-down."""
    if direction in ("TB", "BT"):
        return [1.0 + 0.5 * any(r.nodes[v].shape == "diamond" for v in layer) for layer in r.layers]
    return [max(ctx.ts.width(r.nodes[v].label, "body", ctx.size) * (1.5 if r.nodes[v].shape == "diamond" else 1.0)
                for v in layer) + LAYER_GAP * ctx.size for layer in r.layers]


def _part(flow: Flow, ids: set[str]) -> Flow:
    return replace(flow, nodes=[n for n in flow.nodes if n.id in ids],
                   edges=[e for e in flow.edges if e.src in ids and e.dst in ids])


def _snake(flow: Flow, r: Ranking, k: int, ctx: Ctx, direction: str, width: float, spread: Spread,
           cap: float | None) -> FlowGeometry | None:
    ax = Axes(direction in ("LR", "RL"))
    far = 1 if direction in ("LR", "TB") else -1  # where the first row runs to, along the main axis
    s = ctx.size
    turn_room = LANE_GAP * s  # from the rows' far end to the turning line
    first_ids = {v for v in r.nodes if r.layer[v] < k}
    edge = next(e for e in r.edges if e.src in first_ids and e.dst not in first_ids)
    label = None
    if edge.label:
        label = snug_wrap(ctx, edge.label, word_cap(ctx, edge.label, EDGE_LABEL_CAP * ctx.small, ctx.small),
                          ctx.small)
        if label is None:
            return None
    margin = LABEL_MARGIN * s
    label_across = ax.size(label.width, label.height)[1] + 2 * margin if label else 0.0
    gap = max(LAYER_GAP * s, label_across) + spread.cross
    # Rows run across the width (LR/RL) or stand side by side in it (TB/BT).
    row_width = width - turn_room if ax.horizontal else (width - gap) / 2
    parts = _part(flow, first_ids), _part(flow, set(r.nodes) - first_ids)
    back = OPPOSITE[direction]
    # One wrap width for every label: the second row takes the first's, or, when its own
    # must be narrower, the first is laid out again with that.
    a = flat(parts[0], ctx, direction, row_width, spread, cap)
    if a is None:
        return None
    b = flat(parts[1], ctx, back, row_width, spread, cap or a.text_cap)
    if b is None and cap is None:
        b = flat(parts[1], ctx, back, row_width, spread, None)
        a = b and flat(parts[0], ctx, direction, row_width, spread, b.text_cap)
    if a is None or b is None:
        return None
    a, b = _even_lengths(parts, (a, b), ctx, (direction, back), row_width, spread, cap)
    # The second row is flush with the first at the turn, and one gap across from it.
    a_lo, a_hi = _main_span(ax, a.bounds)
    b_lo, b_hi = _main_span(ax, b.bounds)
    d_main = (a_hi - b_hi) if far > 0 else (a_lo - b_lo)
    d_cross = ax.cross_span(a.bounds)[1] + gap - ax.cross_span(b.bounds)[0]
    b = b.moved(*ax.pt(d_main, d_cross))
    layer_shift = len({n.layer for n in a.nodes.values()})
    second_nodes = {v: replace(n, layer=n.layer + layer_shift,
                               fill=fill_for(ctx.theme, n.node.color, n.layer + layer_shift))
                    for v, n in b.nodes.items()}
    u, w = a.nodes[edge.src].shape, second_nodes[edge.dst].shape
    turn_at = (max(a_hi, _main_span(ax, b.bounds)[1]) + turn_room if far > 0
               else min(a_lo, _main_span(ax, b.bounds)[0]) - turn_room)
    u_face, u_mid = _face(ax, u, far)
    w_face, w_mid = _face(ax, w, far)
    points = [ax.pt(u_face, u_mid), ax.pt(turn_at, u_mid), ax.pt(turn_at, w_mid), ax.pt(w_face, w_mid)]
    label_box = None
    if label is not None:  # in the gap between the rows, beside the turning line
        lm, lc = ax.size(label.width, label.height)
        mid = (ax.cross_span(a.bounds)[1] + ax.cross_span(b.bounds)[0]) / 2
        at = turn_at - margin - lm if far > 0 else turn_at + margin
        label_box = ax.rect(at, mid - lc / 2, lm, lc)
    nodes = {**a.nodes, **second_nodes}
    obstacles = [n.shape for v, n in nodes.items() if v not in (edge.src, edge.dst)]
    obstacles += [n.note_box for n in nodes.values() if n.note_box]
    obstacles += [route.label_box for route in a.routes + b.routes if route.label_box]
    if any(polyline_hits_rect(points, o) for o in obstacles):
        return None
    if label_box is not None and any(label_box.overlaps(o) for o in obstacles + [u, w]):
        return None
    turn = Route(edge, points, False, label, label_box)
    boxes = [a.bounds, b.bounds] + [Rect(x, y, 0, 0) for x, y in points] + ([label_box] if label_box else [])
    bounds = union(boxes)
    if bounds.w > width + 0.5:
        return None
    return FlowGeometry(direction, nodes, a.routes + [turn] + b.routes, [], bounds, a.text_cap, rows=2)


def _even_lengths(parts: tuple[Flow, Flow], laid: tuple[FlowGeometry, FlowGeometry], ctx: Ctx,
                  directions: tuple[str, str], width: float, spread: Spread,
                  cap: float | None) -> tuple[FlowGeometry, FlowGeometry]:
    """The shorter row drawn with longer arrows, as long as the other: two rows of one
    length read as one wrapped line, not a line and a stub."""
    ax = Axes(directions[0] in ("LR", "RL"))
    lengths = [ax.size(g.bounds.w, g.bounds.h)[0] for g in laid]
    short = 0 if lengths[0] < lengths[1] else 1
    gaps = len({n.layer for n in laid[short].nodes.values()}) - 1
    if gaps < 1 or lengths[1 - short] - lengths[short] < 1:
        return laid
    longer = replace(spread, main=spread.main + (lengths[1 - short] - lengths[short]) / gaps)
    redone = flat(parts[short], ctx, directions[short], width, longer, cap)
    if redone is None or ax.size(redone.bounds.w, redone.bounds.h)[0] > lengths[1 - short] + 0.5:
        return laid
    return (redone, laid[1]) if short == 0 else (laid[0], redone)


def _main_span(ax: Axes, r: Rect) -> tuple[float, float]:
    return (r.x, r.right) if ax.horizontal else (r.y, r.bottom)


def _face(ax: Axes, r: Rect, far: int) -> tuple[float, float]:
    """(main position of the node's face towards ``far``, the node's middle across)."""
    lo, hi = _main_span(ax, r)
    c0, c1 = ax.cross_span(r)
    return (hi if far > 0 else lo), (c0 + c1) / 2
