"""Flowcharts: a layered (Sugiyama-style) layout drawn as pen boxes and arrows.

The layout runs in four steps:

1. ``rank``: back edges are found by a depth-first search from the nodes in written
   order (as Mermaid does) and reversed; nodes get longest-path layers (a source sits
   just before its first successor, so side inputs do not make long edges); barycenter
   sweeps order each layer to reduce crossings.
2. ``measure``: labels wrap at ``ctx.size`` under one cap for all nodes, the largest
   whose layers (LR/RL) or rows (TB/BT) fit the width, so short labels keep their
   width and only the long ones wrap. One size per diagram: if no cap fits (a word is
   wider than its room), the layout fails and the fitter tries a smaller size.
3. ``place``: layers are stacked along the main axis with arrow-sized gaps (wider for
   edge labels); inside a layer, nodes sit as near the mean of their
   neighbours as their order and spacing allow (isotonic regression), so chains run
   straight.
4. ``route``: edges between adjacent layers are straight arrows from face to face.
   Edges that skip layers and back edges (cycles) leave their node towards a lane
   outside the node rows (above/below for LR, left/right for TB) - straight out when
   nothing is in the way, else through the gap beside their layer - run along it and
   come back in, so they never cross a node, a note or a label. Nested lanes take
   tracks from the inside out by length. A self-loop is a small loop over a corner.
   Labels go beside their route's longest run, clear of nodes, notes and other labels.

Notes are written under their node in LR/RL and beside it in TB/BT, where the space
under a node belongs to its outgoing arrows.

Auto direction: ``min_height`` reports the lower of the LR and TB heights, so the
fitter's size search already settles on the direction that allows the larger text.
When both fit the rect at the chosen size, LR (the reading direction) is kept unless
TB's natural shape (width/height, before spreading) matches the rect's shape at least
twice as well (``TB_PREFERENCE``): a rect wider than tall by enough for the number of
layers gets LR, a tall or narrow one TB.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ..context import Ctx
from ..display import Op
from ..layout import Rect
from ..model import Flow, FlowEdge, FlowGroup, FlowNode
from ..sketch import ARROW_SPREAD
from ..text import Paragraph
from ..theme import Color
from . import (Point, dashed_outline, fill_for, grown, moved, polyline_hits_rect, rounded_corners,
               simplify, union, word_cap)
from .record import DiagramRecord, EdgeRecord, FrameRecord, NodeRecord

# Lengths in ems of the body size, so a diagram keeps its proportions at every size.
PAD_X = 0.45  # label to the outline's side
PAD_Y = 0.28  # label to the outline's top and bottom
MIN_BOX_W = 2.6  # a one-word box still reads as a box
TEXT_CAP = 8.0  # widest label line: boxes read like notes, not banners
LAYER_GAP = 1.5  # room for an arrow between layers
NODE_GAP = 0.8  # between the nodes of one layer
NOTE_GAP = 0.1  # outline to its note (under it)
NOTE_SIDE_GAP = 0.35  # outline to its note (beside it)
LABEL_MARGIN = 0.22  # edge label to its line and to its neighbours
THICK = 1.9  # pens: the width of a thick arrow (==>)
LANE_GAP = 0.8  # node rows to the first lane, and lane to lane
SPREAD_CAP = 2.5  # the most room added to one gap when the rect is roomy
PORT_SPREAD = 0.55  # share of a face that several arrow ends spread over
HEAD = 0.42  # arrow head length
EDGE_LABEL_CAP = 6.0  # ems of the small size
LANE_LABEL_CAP = {True: 10.0, False: 5.0}  # along a horizontal lane, beside a vertical one

TB_PREFERENCE = 2.0  # how much better TB must match the rect's shape to beat LR (auto)

STEM_SHARE = 0.5  # a box alone in its layer of a top-down flow is levelled to this share of its widest layer
POINTED = ("diamond", "circle")  # outlines whose side faces are a tip, not a flat side

BEFORE, AFTER = -1, 1  # the two sides of the node rows, along the cross axis


# --- geometry helpers --------------------------------------------------------------

@dataclass(frozen=True)
class Axes:
    """Maps (main, cross) - along the layers and across them - to page (x, y)."""
    horizontal: bool  # layers run along x (LR, RL)

    def pt(self, main: float, cross: float) -> Point:
        return (main, cross) if self.horizontal else (cross, main)

    def mc(self, p: Point) -> tuple[float, float]:
        return (p[0], p[1]) if self.horizontal else (p[1], p[0])

    def rect(self, main: float, cross: float, main_len: float, cross_len: float) -> Rect:
        if self.horizontal:
            return Rect(main, cross, main_len, cross_len)
        return Rect(cross, main, cross_len, main_len)

    def cross_span(self, r: Rect) -> tuple[float, float]:
        return (r.y, r.bottom) if self.horizontal else (r.x, r.right)

    def size(self, w: float, h: float) -> tuple[float, float]:
        """(main, cross) lengths of a w x h box."""
        return (w, h) if self.horizontal else (h, w)


def boundary_point(shape: str, r: Rect, dx: int, dy: int, offset: float) -> Point:
    """Where an arrow meets the outline on the face pointing (dx, dy), ``offset`` along it."""
    cx, cy = r.x + r.w / 2, r.y + r.h / 2
    half_along = r.h / 2 if dx else r.w / 2  # half the face length
    half_out = r.w / 2 if dx else r.h / 2  # centre to face
    t = min(abs(offset) / half_along, 1.0) if half_along else 0.0
    if shape == "diamond":
        out = half_out * (1 - t)
    elif shape == "circle":
        out = half_out * math.sqrt(max(0.0, 1 - t * t))
    elif shape == "flag" and dx > 0:
        out = half_out - flag_notch(r.h) * (1 - t)
    else:
        out = half_out
    return (cx + dx * out, cy + offset) if dx else (cx + offset, cy + dy * out)


def rings_around(r: Rect, step: float, rings: int = 8) -> list[Rect]:
    """``r`` moved outwards in growing rings of eight directions: a last resort for a label."""
    out = []
    for ring in range(1, rings + 1):
        d = ring * step
        out += [moved(r, dx * d, dy * d) for dx, dy in ((0, -1), (1, 0), (0, 1), (-1, 0),
                                                         (1, -1), (1, 1), (-1, 1), (-1, -1))]
    return out


def flag_notch(h: float) -> float:
    return h * 0.3


def isotonic(values: list[float]) -> list[float]:
    """The closest non-decreasing sequence in least squares (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [sum, count]
    for v in values:
        blocks.append([v, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, c = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += c
    out: list[float] = []
    for s, c in blocks:
        out += [s / c] * int(c)
    return out


# --- step 1: ranking ---------------------------------------------------------------

@dataclass
class Ranking:
    """The flow's nodes in layers, with the edges that close cycles reversed."""
    nodes: dict[str, FlowNode]
    edges: list[FlowEdge]  # the edges whose ends exist
    back: set[int]  # indices of edges closing a cycle
    layer: dict[str, int]
    layers: list[list[str]]  # node ids per layer, in drawing order

    def is_lane(self, k: int) -> bool:
        """Routed outside the rows: back edges and edges skipping layers."""
        e = self.edges[k]
        return e.src != e.dst and (k in self.back or self.layer[e.dst] - self.layer[e.src] != 1)

    def adjacent(self) -> list[int]:
        return [k for k, e in enumerate(self.edges) if e.src != e.dst and not self.is_lane(k)]

    def self_loops(self) -> list[int]:
        return [k for k, e in enumerate(self.edges) if e.src == e.dst]


def rank(flow: Flow) -> Ranking:
    nodes = {n.id: n for n in flow.nodes}
    ids = list(nodes)
    edges = [e for e in flow.edges if e.src in nodes and e.dst in nodes]
    back = back_edges(ids, edges)
    arcs = [(e.dst, e.src) if k in back else (e.src, e.dst)
            for k, e in enumerate(edges) if e.src != e.dst]
    layer = longest_path_layers(ids, arcs)
    adjacent = [(u, v) for u, v in arcs if layer[v] - layer[u] == 1]
    layers = order_layers(ids, layer, adjacent)
    return Ranking(nodes, edges, back, layer, layers)


def back_edges(ids: list[str], edges: list[FlowEdge]) -> set[int]:
    """Edges that close a cycle, found by depth-first search from the nodes in the order they
    were written, as Mermaid does: the first node heads its cycle, so a loop written
    "Query → … → Answer -.-> Query" is broken at the edge back to Query, even when another
    source (a side input) joins the loop further down."""
    out: dict[str, list[tuple[int, str]]] = {v: [] for v in ids}
    for k, e in enumerate(edges):
        if e.src != e.dst:
            out[e.src].append((k, e.dst))
    state = dict.fromkeys(ids, 0)  # 0 unseen, 1 on the current path, 2 finished
    back: set[int] = set()
    for start in ids:
        if state[start]:
            continue
        state[start] = 1
        stack = [(start, iter(out[start]))]
        while stack:
            v, successors = stack[-1]
            step = next(successors, None)
            if step is None:
                state[v] = 2
                stack.pop()
                continue
            k, w = step
            if state[w] == 1:
                back.add(k)
            elif state[w] == 0:
                state[w] = 1
                stack.append((w, iter(out[w])))
    return back


def longest_path_layers(ids: list[str], arcs: list[tuple[str, str]]) -> dict[str, int]:
    preds: dict[str, list[str]] = {v: [] for v in ids}
    succs: dict[str, list[str]] = {v: [] for v in ids}
    for u, v in arcs:
        preds[v].append(u)
        succs[u].append(v)
    indeg = {v: len(preds[v]) for v in ids}
    ready = [v for v in ids if indeg[v] == 0]
    topo: list[str] = []
    while ready:
        v = ready.pop(0)
        topo.append(v)
        for w in succs[v]:
            indeg[w] -= 1
            if indeg[w] == 0:
                ready.append(w)
    layer = dict.fromkeys(ids, 0)
    for v in topo:
        for u in preds[v]:
            layer[v] = max(layer[v], layer[u] + 1)
    # A side input joins late: put it just before its first successor, not at layer 0.
    for v in reversed(topo):
        if not preds[v] and succs[v]:
            layer[v] = min(layer[w] for w in succs[v]) - 1
    return layer


def order_layers(ids: list[str], layer: dict[str, int], adjacent: list[tuple[str, str]]) -> list[list[str]]:
    count = max(layer.values(), default=-1) + 1
    layers = [[v for v in ids if layer[v] == i] for i in range(count)]
    preds: dict[str, list[str]] = {v: [] for v in ids}
    succs: dict[str, list[str]] = {v: [] for v in ids}
    for u, v in adjacent:
        preds[v].append(u)
        succs[u].append(v)
    best, best_crossings = [list(x) for x in layers], crossings(layers, adjacent)
    for sweep in range(6):
        down = sweep % 2 == 0
        for i in (range(1, count) if down else range(count - 2, -1, -1)):
            ref = {v: p for p, v in enumerate(layers[i - 1 if down else i + 1])}
            own = {v: p for p, v in enumerate(layers[i])}
            links = preds if down else succs

            def barycenter(v: str) -> float:
                near = [ref[u] for u in links[v]]
                return sum(near) / len(near) if near else own[v]
            layers[i] = sorted(layers[i], key=barycenter)
        found = crossings(layers, adjacent)
        if found < best_crossings:
            best, best_crossings = [list(x) for x in layers], found
    return best


def crossings(layers: list[list[str]], adjacent: list[tuple[str, str]]) -> int:
    pos = {v: p for row in layers for p, v in enumerate(row)}
    by_layer: dict[int, list[tuple[int, int]]] = {}
    index = {v: i for i, row in enumerate(layers) for v in row}
    for u, v in adjacent:
        by_layer.setdefault(index[u], []).append((pos[u], pos[v]))
    total = 0
    for pairs in by_layer.values():
        for i, (a1, b1) in enumerate(pairs):
            total += sum(1 for a2, b2 in pairs[i + 1:] if (a1 - a2) * (b1 - b2) < 0)
    return total


# --- step 2: measuring -------------------------------------------------------------

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


def outline_size(shape: str, tw: float, th: float, s: float) -> tuple[float, float]:
    """The outline around a tw x th label."""
    if shape == "diamond":  # the smallest diamond holding the label's corners
        return 2 * (tw + 0.4 * s), 2 * (th + 0.15 * s)
    if shape == "circle":  # an ellipse through the label's corners, never flatter than round
        w, h = math.sqrt(2) * (tw + PAD_X * s), math.sqrt(2) * (th + PAD_Y * s)
        return max(w, h), h
    w = max(tw + 2 * PAD_X * s, MIN_BOX_W * s)
    h = th + 2 * PAD_Y * s
    if shape == "stadium":
        w += 0.4 * h
    elif shape == "subroutine":
        w += 0.6 * s
    elif shape == "flag":
        w += flag_notch(h)
    elif shape == "cylinder":
        h += cylinder_cap(s)
    return w, h


def text_cap(shape: str, width: float, s: float) -> float:
    """The widest label line whose outline is at most ``width`` wide."""
    if shape == "diamond":
        return width / 2 - 0.4 * s
    if shape == "circle":
        return width / math.sqrt(2) - PAD_X * s
    extra = {"stadium": 0.8 * s, "subroutine": 0.6 * s, "flag": 0.5 * s}.get(shape, 0.0)
    return width - 2 * PAD_X * s - extra


def cylinder_cap(s: float) -> float:
    return 0.45 * s


def label_box(shape: str, r: Rect, para: Paragraph, s: float) -> Rect:
    """Where the label sits inside its outline."""
    cx, cy = r.x + r.w / 2, r.y + r.h / 2
    if shape == "cylinder":
        cy += cylinder_cap(s) / 2
    elif shape == "flag":
        cx -= flag_notch(r.h) / 2
    return Rect(cx - para.width / 2, cy - para.height / 2, para.width, para.height)


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


# --- geometry ----------------------------------------------------------------------

@dataclass
class PlacedNode:
    """A node where it is drawn: its outline, label and note."""
    node: FlowNode
    layer: int
    shape: Rect  # the outline's bounding box
    text: Rect  # where the label is written
    label: Paragraph
    fill: Color
    note: Paragraph | None = None
    note_box: Rect | None = None


@dataclass
class Route:
    """An edge as drawn: its polyline and label."""
    edge: FlowEdge
    points: list[Point]
    lane: bool  # routed through a lane outside the node rows
    label: Paragraph | None = None
    label_box: Rect | None = None


@dataclass
class GroupFrame:
    """A subgraph's frame and its title as drawn."""
    group: FlowGroup
    rect: Rect
    label: Paragraph
    label_box: Rect


@dataclass
class FlowGeometry:
    """A flowchart laid out: nodes, routes and frames in page pixels."""
    direction: str
    nodes: dict[str, PlacedNode]
    routes: list[Route]
    frames: list[GroupFrame]
    bounds: Rect
    text_cap: float  # the page width every node's label and note were wrapped within
    rows: int = 1  # two: a long chain wrapped into a second row (flow_rows)

    def moved(self, dx: float, dy: float) -> "FlowGeometry":
        nodes = {k: replace(n, shape=moved(n.shape, dx, dy), text=moved(n.text, dx, dy),
                            note_box=n.note_box and moved(n.note_box, dx, dy))
                 for k, n in self.nodes.items()}
        routes = [replace(r, points=[(x + dx, y + dy) for x, y in r.points],
                          label_box=r.label_box and moved(r.label_box, dx, dy)) for r in self.routes]
        frames = [replace(f, rect=moved(f.rect, dx, dy), label_box=moved(f.label_box, dx, dy))
                  for f in self.frames]
        return FlowGeometry(self.direction, nodes, routes, frames, moved(self.bounds, dx, dy), self.text_cap,
                            self.rows)


# --- steps 2-4: one layout at one width ----------------------------------------------

@dataclass
class Spread:
    """Room added to the gaps when the rect is larger than the diagram needs."""
    main: float = 0.0  # per gap between layers
    cross: float = 0.0  # per gap between nodes of a layer
    level: bool = False  # boxes across the flow share one size (Builder.level_boxes)


class Builder:
    """Lays out one ranked flow in one direction at one width."""

    def __init__(self, flow: Flow, ranking: Ranking, ctx: Ctx, direction: str, width: float,
                 spread: Spread, cap: float | None = None, fixed: dict[str, tuple[float, float]] | None = None):
        self.flow, self.r, self.ctx = flow, ranking, ctx
        self.fixed = fixed or {}  # node id -> outline size of a box laid out elsewhere (a group)
        self.direction = direction
        self.axes = Axes(direction in ("LR", "RL"))
        self.reverse = direction in ("RL", "BT")
        self.width, self.spread = width, spread
        self.cap = cap
        self.s = ctx.size
        self.lane_side: dict[int, int] = {}
        self.tracks: dict[int, int] = {}

    # -- the whole run --------------------------------------------------------------
    def build(self) -> FlowGeometry | None:
        labels = self.edge_labels()
        if labels is None:
            return None
        self.labels = labels
        self.choose_lane_sides()
        self.assign_tracks()
        measured = self.measure()
        if measured is None:
            return None
        self.m = measured
        self.ext = {v: extent(m, self.axes, self.s) for v, m in measured.items()}
        anchors_main = self.main_positions()
        if anchors_main is None:
            return None
        self.anchor_main = anchors_main
        self.anchor_cross = self.cross_positions()
        nodes = self.placed_nodes()
        frames: list[GroupFrame] = []  # groups are framed by flow_groups, around whole layouts
        # Lines before labels, so labels can keep off them; lanes last, outside it all.
        routes = self.adjacent_routes(nodes) + self.self_loops(nodes)
        self.place_labels(routes, nodes, frames)
        self.add_lane_routes(routes, nodes, frames)
        boxes = [n.shape for n in nodes.values()] + [n.note_box for n in nodes.values() if n.note_box]
        boxes += [f.rect for f in frames] + [r.label_box for r in routes if r.label_box]
        boxes += [Rect(x, y, 0, 0) for r in routes for x, y in r.points]
        bounds = union(boxes) if boxes else Rect(0, 0, 0, 0)
        if bounds.w > self.width + 0.5:
            return None
        return FlowGeometry(self.direction, nodes, routes, frames, bounds, self.cap)

    # -- labels and lanes known before sizes ----------------------------------------------
    def edge_labels(self) -> dict[int, Paragraph] | None:
        out: dict[int, Paragraph] = {}
        for k, e in enumerate(self.r.edges):
            if not e.label:
                continue
            cap = (LANE_LABEL_CAP[self.axes.horizontal] if self.r.is_lane(k) else EDGE_LABEL_CAP) * self.ctx.small
            para = snug_wrap(self.ctx, e.label, word_cap(self.ctx, e.label, cap, self.ctx.small), self.ctx.small)
            if para is None:
                return None
            out[k] = para
        return out

    def exposed(self, v: str, side: int) -> bool:
        """Whether nothing of its own layer stands between the node and that side's lane."""
        row = self.r.layers[self.r.layer[v]]
        return row[0] == v if side == BEFORE else row[-1] == v

    def choose_lane_sides(self) -> None:
        """Each lane edge takes the side both its ends face freely, away from the notes
        (notes sit on the AFTER side: under the node in LR, right of it in TB)."""
        for k, e in enumerate(self.r.edges):
            if not self.r.is_lane(k):
                continue
            noted = bool(self.r.nodes[e.src].note or self.r.nodes[e.dst].note)

            def score(side: int) -> int:
                free = self.exposed(e.src, side) and self.exposed(e.dst, side)
                return 2 * free + (side == BEFORE or not noted)
            back_first = AFTER if k in self.r.back else BEFORE  # loops below, jumps above
            self.lane_side[k] = max((back_first, -back_first), key=score)

    def lane_interval(self, k: int) -> tuple[int, int]:
        e = self.r.edges[k]
        a, b = self.r.layer[e.src], self.r.layer[e.dst]
        return min(a, b), max(a, b)

    def assign_tracks(self) -> None:
        """Shorter lanes nearer the rows, so nested loops do not cross; a track is shared by
        lanes whose layer spans do not meet."""
        for side in (BEFORE, AFTER):
            lanes = sorted((k for k, s in self.lane_side.items() if s == side),
                           key=lambda k: (self.lane_interval(k)[1] - self.lane_interval(k)[0], k))
            used: list[list[tuple[int, int]]] = []
            for k in lanes:
                lo, hi = self.lane_interval(k)
                for t, spans in enumerate(used):
                    if all(hi < a or lo > b for a, b in spans):
                        spans.append((lo, hi))
                        self.tracks[k] = t
                        break
                else:
                    used.append([(lo, hi)])
                    self.tracks[k] = len(used) - 1

    def track_thickness(self, side: int) -> list[float]:
        """Room each track takes across: the gap to the previous one, plus its labels."""
        count = max((t for k, t in self.tracks.items() if self.lane_side[k] == side), default=-1) + 1
        out = []
        for t in range(count):
            labels = [self.labels[k] for k, tt in self.tracks.items()
                      if tt == t and self.lane_side[k] == side and k in self.labels]
            across = max((self.axes.size(p.width, p.height)[1] for p in labels), default=0.0)
            out.append(LANE_GAP * self.s + (across + LABEL_MARGIN * self.s if labels else 0.0))
        return out

    # -- step 2: sizes ---------------------------------------------------------------
    def measure(self) -> dict[str, Measured] | None:
        """Wrap every label as wide as the page allows: one cap for all nodes (so only the
        long labels give way), the largest whose rows still fit the width - unless a cap
        was given (spreading a layout out keeps its wrapping)."""
        if self.cap is None:
            self.cap = self.widest_cap()
        if self.cap is None:
            return None
        out: dict[str, Measured] = {}
        for v, node in self.r.nodes.items():
            m = self.measure_one(node, self.cap, snug=True)
            if m is None:
                return None
            out[v] = m
        return self.level_boxes(out) if self.spread.level else out

    def level_boxes(self, measured: dict[str, Measured]) -> dict[str, Measured]:
        """Boxes across a flow share one size across it - one height along a left-to-right
        flow, one width down a top-down one (of the boxes alone in their layer) - as a
        hand draws a row (or column) of steps: a one-line step beside a two-line one is not a strip of paper with a
        sliver of box in it. The size is the largest box's, or that of a box round the
        largest label of a diamond or circle; down the page at least half its widest
        layer (STEM_SHARE). Those, and boxes of groups, keep their
        own outlines; each group and each row of a wrapped chain levels on its own. Only
        with room to spare: it never makes the flow smaller."""
        level = [v for v, node in self.r.nodes.items() if node.shape not in POINTED and v not in self.fixed]
        pointed = [v for v, node in self.r.nodes.items() if node.shape in POINTED and v not in self.fixed]
        if self.axes.horizontal:
            tallest = max([measured[v].h for v in level]
                          + [measured[v].label.height + 2 * PAD_Y * self.s for v in pointed], default=0.0)
            return {v: replace(m, h=tallest) if v in level else m for v, m in measured.items()}
        # Down the page only boxes alone in their layer: wider boxes side by side would
        # crowd the arrows fanning out to them.
        alone = {row[0] for row in self.r.layers if len(row) == 1}
        level = [v for v in level if v in alone]
        # A box alone in its layer over a fan-out is drawn as wide as a good part of
        # the fan, as a hand draws the stem of a tree of steps.
        fan = max((sum(measured[v].w for v in row) + (len(row) - 1) * (NODE_GAP * self.s + self.spread.cross)
                   for row in self.r.layers if len(row) > 1), default=0.0)
        widest = max([measured[v].w for v in level] + [fan * STEM_SHARE]
                     + [measured[v].label.width + 2 * PAD_X * self.s for v in pointed if v in alone], default=0.0)
        return {v: replace(m, w=widest) if v in level else m for v, m in measured.items()}

    def measure_one(self, node: FlowNode, cap: float, snug: bool) -> Measured | None:
        if node.id in self.fixed:
            w, h = self.fixed[node.id]
            return Measured(Paragraph([], self.s, 0.0), None, w, h)
        return measure_node(node, self.ctx, cap, self.axes.horizontal, snug=snug)

    def widest_cap(self) -> float | None:
        """Binary search for the cap: too small and a word does not fit, too large and the
        rows get wider than the page."""
        def verdict(cap: float) -> int:  # -1 too small, 0 fits, 1 too wide
            sizes = {}
            for v, node in self.r.nodes.items():
                m = self.measure_one(node, cap, snug=False)
                if m is None:
                    return -1
                sizes[v] = x_extent(m, self.axes.horizontal, self.s)
            return 1 if self.too_wide(sizes) else 0
        # The widest a node can get: a full-width label beside a full-width note (TB), or
        # the outline of a label's longest word.
        hi = TEXT_CAP * self.s + 2 * PAD_X * self.s + NOTE_SIDE_GAP * self.s + TEXT_CAP * self.ctx.small
        hi = max([hi] + [outline_size(n.shape, word_cap(self.ctx, n.label, 0.0, self.s), 0.0, self.s)[0]
                         for n in self.r.nodes.values() if n.id not in self.fixed])
        if verdict(hi) == 0:
            return hi
        lo, best = 0.0, None
        for _ in range(12):
            mid = (lo + hi) / 2
            v = verdict(mid)
            if v == 1:
                hi = mid
            else:
                lo = mid
                best = mid if v == 0 else best
        return best

    def too_wide(self, sizes: dict[str, float]) -> bool:
        """Whether nodes of these page widths overflow the width, lanes and frames included."""
        if self.axes.horizontal:
            gaps = sum(self.layer_gap(i, i + 1) for i in range(len(self.r.layers) - 1))
            columns = sum(max(sizes[v] for v in row) for row in self.r.layers)
            return columns + gaps > self.width
        lanes = sum(self.track_thickness(BEFORE)) + sum(self.track_thickness(AFTER))
        widest = max(sum(sizes[v] for v in row) + (len(row) - 1) * NODE_GAP * self.s
                     for row in self.r.layers)
        return widest + lanes > self.width

    # -- step 3: positions ------------------------------------------------------------
    def layer_gap(self, a: int, b: int) -> float:
        """Room between layers a and b (neighbours along the main axis)."""
        need = [self.axes.size(p.width, p.height)[0] + 2 * LABEL_MARGIN * self.s
                for k, p in self.labels.items()
                if not self.r.is_lane(k) and {self.r.layer[self.r.edges[k].src],
                                              self.r.layer[self.r.edges[k].dst]} == {a, b}]
        return max([LAYER_GAP * self.s, *need]) + self.spread.main

    def main_positions(self) -> dict[int, float] | None:
        count = len(self.r.layers)
        order = list(range(count))[::-1] if self.reverse else list(range(count))
        anchors: dict[int, float] = {}
        cursor = 0.0
        for p, i in enumerate(order):
            before = max(self.ext[v].main_before for v in self.r.layers[i])
            after = max(self.ext[v].main_after for v in self.r.layers[i])
            anchors[i] = cursor + before
            cursor = anchors[i] + after
            if p + 1 < count:
                cursor += self.layer_gap(i, order[p + 1])
        self.layer_reach = {i: (anchors[i] - max(self.ext[v].main_before for v in self.r.layers[i]),
                                anchors[i] + max(self.ext[v].main_after for v in self.r.layers[i]))
                            for i in order}
        return anchors

    def separation(self, a: str, b: str) -> float:
        """Least distance between the anchors of neighbours a, b (a first) in a layer."""
        return self.ext[a].cross_after + NODE_GAP * self.s + self.spread.cross + self.ext[b].cross_before

    def cross_positions(self) -> dict[str, float]:
        """Each node as near the mean of its neighbours in the previous layer as order and
        spacing allow; sweeps down and up straighten chains and centre forks."""
        offsets = {}
        for row in self.r.layers:
            acc = 0.0
            for i, v in enumerate(row):
                acc += self.separation(row[i - 1], v) if i else 0.0
                offsets[v] = acc
        pos = {v: offsets[v] - offsets[row[-1]] / 2 for row in self.r.layers for v in row}
        preds: dict[str, list[str]] = {v: [] for v in self.r.nodes}
        succs: dict[str, list[str]] = {v: [] for v in self.r.nodes}
        for k in self.r.adjacent():
            e = self.r.edges[k]
            preds[e.dst].append(e.src)
            succs[e.src].append(e.dst)
        count = len(self.r.layers)
        for sweep in range(4):
            down = sweep % 2 == 0
            links = preds if down else succs
            for i in (range(1, count) if down else range(count - 2, -1, -1)):
                row = self.r.layers[i]
                wanted = [sum(pos[u] for u in links[v]) / len(links[v]) if links[v] else pos[v]
                          for v in row]
                fitted = isotonic([w - offsets[v] for w, v in zip(wanted, row)])
                pos.update({v: z + offsets[v] for z, v in zip(fitted, row)})
        return pos

    def placed_nodes(self) -> dict[str, PlacedNode]:
        out: dict[str, PlacedNode] = {}
        for v, node in self.r.nodes.items():
            m = self.m[v]
            i = self.r.layer[v]
            cx, cy = self.axes.pt(self.anchor_main[i], self.anchor_cross[v])
            shape = Rect(cx - m.w / 2, cy - m.h / 2, m.w, m.h)
            fill = fill_for(self.ctx.theme, node.color, i)
            out[v] = PlacedNode(node, i, shape, label_box(node.shape, shape, m.label, self.s), m.label,
                                fill, m.note, note_rect(m, shape, self.axes, self.s))
        return out

    # -- step 4: edges ----------------------------------------------------------------
    def port_offsets(self, ends: list[tuple[str, tuple, object, object]]) -> dict[object, float]:
        """Spread the arrow ends meeting one face along it, in the order given.

        ``ends``: (node id, face, sort key along the face, key of the end)."""
        by_face: dict[tuple, list] = {}
        for v, face, far, key in ends:
            by_face.setdefault((v, face), []).append((far, key))
        out: dict[object, float] = {}
        for (v, face), items in by_face.items():
            if self.r.nodes[v].shape in POINTED and face in (self.main_face_dirs()):
                out.update({key: 0.0 for _, key in items})  # arrows meet at the tip, fanning out
                continue
            items.sort(key=lambda it: it[0])
            shape = self.m[v]
            along = shape.h if face[0] else shape.w  # face = (dx, dy)
            step = min(along * PORT_SPREAD / max(len(items) - 1, 1), 0.9 * self.s)
            for i, (_, key) in enumerate(items):
                out[key] = (i - (len(items) - 1) / 2) * step
        return out

    def main_face_dirs(self) -> tuple[tuple[int, int], tuple[int, int]]:
        return ((1, 0), (-1, 0)) if self.axes.horizontal else ((0, 1), (0, -1))

    def main_face(self, v: str, toward: str) -> tuple[int, int]:
        """The face of v looking along the main axis towards node ``toward``."""
        sign = 1 if self.anchor_main[self.r.layer[toward]] > self.anchor_main[self.r.layer[v]] else -1
        return (sign, 0) if self.axes.horizontal else (0, sign)

    def cross_face(self, side: int) -> tuple[int, int]:
        return (0, side) if self.axes.horizontal else (side, 0)

    def adjacent_routes(self, nodes: dict[str, PlacedNode]) -> list[Route]:
        ends = []
        for k in self.r.adjacent():
            e = self.r.edges[k]
            ends.append((e.src, self.main_face(e.src, e.dst), self.anchor_cross[e.dst], (k, "src")))
            ends.append((e.dst, self.main_face(e.dst, e.src), self.anchor_cross[e.src], (k, "dst")))
        offsets = self.port_offsets(ends)
        notes = [n.note_box for n in nodes.values() if n.note_box]
        routes: list[Route] = []
        for k in self.r.adjacent():
            e = self.r.edges[k]
            a, b = nodes[e.src], nodes[e.dst]
            fa, fb = self.main_face(e.src, e.dst), self.main_face(e.dst, e.src)
            pa = boundary_point(a.node.shape, a.shape, *fa, offsets[(k, "src")])
            pb = boundary_point(b.node.shape, b.shape, *fb, offsets[(k, "dst")])
            points = [pa, pb]
            in_way = notes + [n.shape for v, n in nodes.items() if v not in (e.src, e.dst)]
            if any(polyline_hits_rect(points, r) for r in in_way):
                # Out to the layer's edge first: a note or a bigger neighbour in the layer
                # reaches into the diagonal's way.
                sa = self.axes.pt(self.layer_edge(a.layer, sum(fa)), self.axes.mc(pa)[1])
                sb = self.axes.pt(self.layer_edge(b.layer, sum(fb)), self.axes.mc(pb)[1])
                points = simplify([pa, sa, sb, pb])
            routes.append(Route(e, points, False, self.labels.get(k)))
        return routes

    def layer_edge(self, i: int, sign: int) -> float:
        lo, hi = self.layer_reach[i]
        return hi if sign > 0 else lo

    def hard_obstacles(self, nodes: dict[str, PlacedNode], frames: list[GroupFrame],
                       routes: list[Route]) -> list[Rect]:
        out = [grown(n.shape, LABEL_MARGIN * self.s * 0.5) for n in nodes.values()]
        out += [n.note_box for n in nodes.values() if n.note_box]
        out += [f.label_box for f in frames]
        out += [r.label_box for r in routes if r.label_box]
        out += [head for r in routes for head in self.head_boxes(r)]
        return out

    def head_boxes(self, route: Route) -> list[Rect]:
        """Where a route's end marks (arrow heads, crosses, circles) are drawn: they
        stand out to the sides of the line, where a label beside its end would meet them."""
        e, pts = route.edge, route.points
        if len(pts) < 2:
            return []
        width = line_width(e, self.ctx)
        return [mark_box(tip, frm, mark, width, self.ctx) for tip, frm, mark in end_marks(route)]

    def place_label(self, para: Paragraph, candidates: list[Rect], hard: list[Rect],
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

    def place_labels(self, routes: list[Route], nodes: dict[str, PlacedNode],
                     frames: list[GroupFrame]) -> None:
        """Each label beside its route's longest segment (a self-loop's: its outer run,
        on the outside), clear of boxes and placed labels, and of other lines if it can."""
        for route in routes:
            if route.label is None:
                continue
            if route.edge.src == route.edge.dst:
                run = route.points[1], route.points[2]
                before = self.axes.mc(run[0])[1] < self.axes.mc(route.points[0])[1]
                cands = self.beside_segment(route.label, *run)[(0 if before else 1)::2]
            else:
                cands = self.beside_segment(route.label, *self.middle_segment(route.points))
            route.label_box = self.place_label(route.label, cands, self.hard_obstacles(nodes, frames, routes),
                                               [r for r in routes if r is not route], route)

    def middle_segment(self, points: list[Point]) -> tuple[Point, Point]:
        """The longest segment of a route: where its label reads best."""
        return max(zip(points, points[1:]), key=lambda ab: math.dist(*ab))

    def beside_segment(self, para: Paragraph, a: Point, b: Point) -> list[Rect]:
        """Label boxes along a-b - middle first, then towards the ends - on either side
        (alternating: before, after), clear of the line; then the same a step further out."""
        ax = self.axes
        (am, ac), (bm, bc) = ax.mc(a), ax.mc(b)
        if abs(bm - am) < 1e-6:  # a segment across the layers (lanes' ends): label beside it
            am, ac, bm, bc = ac, am, bc, bm
            ax = Axes(not ax.horizontal)
        lm, lc = ax.size(para.width, para.height)
        out = []
        for away in (0.0, 1.1 * lc, 2.2 * lc):
            gap = LABEL_MARGIN * self.s + away
            out += self.along_segment(ax, (am, ac), (bm, bc), lm, lc, gap)
        return out

    @staticmethod
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

    def add_lane_routes(self, routes: list[Route], nodes: dict[str, PlacedNode],
                        frames: list[GroupFrame]) -> None:
        lanes = sorted(self.lane_side)
        if not lanes:
            return
        boxes = [n.shape for n in nodes.values()] + [n.note_box for n in nodes.values() if n.note_box]
        boxes += [f.rect for f in frames] + [r.label_box for r in routes if r.label_box]
        band = union(boxes)
        band_lo, band_hi = self.axes.cross_span(band)
        offsets = self.port_offsets(self.lane_ends())
        hard = self.hard_obstacles(nodes, frames, routes)
        used_gaps: dict[tuple[int, int], int] = {}
        runs: list[tuple[Point, Point]] = []  # each lane's stretch along its track
        for k in lanes:
            e = self.r.edges[k]
            side = self.lane_side[k]
            edge_at = band_lo if side == BEFORE else band_hi
            track = self.track_line(side, self.tracks[k], band_lo, band_hi)
            out = self.escape(nodes, e.src, e.dst, side, offsets[(k, "src")], edge_at, hard, used_gaps)
            back = self.escape(nodes, e.dst, e.src, side, offsets[(k, "dst")], edge_at, hard, used_gaps)
            ax = self.axes
            runs.append((ax.pt(ax.mc(out[-1])[0], track), ax.pt(ax.mc(back[-1])[0], track)))
            routes.append(Route(e, simplify(out + list(runs[-1]) + back[::-1]), True, self.labels.get(k)))
        for route, k, (a, b) in zip(routes[-len(lanes):], lanes, runs):
            if route.label is not None:
                cands = self.beside_segment(route.label, a, b)
                outward = cands[0::2] if self.lane_side[k] == BEFORE else cands[1::2]
                route.label_box = self.place_label(route.label, outward,
                                                   self.hard_obstacles(nodes, frames, routes),
                                                   [r for r in routes if r is not route], route)

    def self_loops(self, nodes: dict[str, PlacedNode]) -> list[Route]:
        """A small loop over the corner between the face the arrows leave by and the side
        free of the node's note (under it in LR, right of it in TB)."""
        ax = self.axes
        forward = -1 if self.reverse else 1
        out = []
        for k in self.r.self_loops():
            e = self.r.edges[k]
            n = nodes[e.src]
            side = BEFORE if n.note is not None else AFTER
            main_len, cross_len = ax.size(n.shape.w, n.shape.h)
            a = ax.mc(boundary_point(n.node.shape, n.shape, *ax.pt(0, side), forward * 0.25 * main_len))
            b = ax.mc(boundary_point(n.node.shape, n.shape, *ax.pt(forward, 0), side * 0.3 * cross_len))
            rad = 0.5 * self.s
            out_cross, out_main = a[1] + side * rad, b[0] + forward * rad
            loop = [a, (a[0], out_cross), (out_main, out_cross), (out_main, b[1]), b]
            out.append(Route(e, [ax.pt(*p) for p in loop], False, self.labels.get(k)))
        return out

    def lane_ends(self) -> list[tuple[str, tuple, tuple, object]]:
        """Lane ends with an order along their face that keeps nested lanes from crossing:
        lanes heading back along the main axis first, inner tracks before outer ones, then
        lanes heading forward, outer tracks first."""
        ends = []
        for k, side in self.lane_side.items():
            e = self.r.edges[k]
            face = self.cross_face(side)
            track = self.tracks[k]
            for v, other, key in ((e.src, e.dst, (k, "src")), (e.dst, e.src, (k, "dst"))):
                here = self.anchor_main[self.r.layer[v]]
                there = self.anchor_main[self.r.layer[other]]
                order = (0, track) if there < here else (1, -track)
                ends.append((v, face, order, key))
        return ends

    def track_line(self, side: int, track: int, band_lo: float, band_hi: float) -> float:
        thick = self.track_thickness(side)
        # The line sits at the inner edge of its track; its label lies outward of it.
        reach = sum(thick[:track]) + LANE_GAP * self.s
        return band_lo - reach if side == BEFORE else band_hi + reach

    def escape(self, nodes: dict[str, PlacedNode], v: str, other: str, side: int, offset: float,
               edge_at: float, hard: list[Rect], used_gaps: dict[tuple[int, int], int]) -> list[Point]:
        """A clear way from node v out to the band's edge on ``side``: straight out of the
        face towards the lane when nothing is in the way, else sideways into the gap next
        to the layer and along it."""
        n = nodes[v]
        own_outline = grown(n.shape, LABEL_MARGIN * self.s * 0.5)
        obstacles = [h for h in hard if h != own_outline]
        ax = self.axes
        face = self.cross_face(side)
        main_len = ax.size(n.shape.w, n.shape.h)[0]
        straight = []
        for off in (offset, 0.0, -0.3 * main_len, 0.3 * main_len):
            port = boundary_point(n.node.shape, n.shape, *face, off)
            straight.append([port, ax.pt(ax.mc(port)[0], edge_at)])
        for path in straight:
            if not any(polyline_hits_rect(path, h) for h in obstacles):
                return path
        toward = sum(self.main_face(v, other))
        cross_len = ax.size(n.shape.w, n.shape.h)[1]
        for sign in (toward, -toward):
            count = used_gaps.get((n.layer, sign), 0)
            lane_main = self.layer_edge(n.layer, sign) + sign * (0.45 + 0.4 * count) * self.s
            dx, dy = ax.pt(sign, 0)
            port = boundary_point(n.node.shape, n.shape, int(dx), int(dy), side * 0.3 * cross_len)
            cross = ax.mc(port)[1]
            path = [port, ax.pt(lane_main, cross), ax.pt(lane_main, edge_at)]
            if not any(polyline_hits_rect(path, h) for h in obstacles):
                used_gaps[(n.layer, sign)] = count + 1
                return path
        return straight[0]


# --- public interface --------------------------------------------------------------

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


def labels_on_lines(geo: FlowGeometry) -> int:
    """How many edge labels a line runs through: spreading out must not add any."""
    return sum(1 for r in geo.routes if r.label_box is not None
               and any(polyline_hits_rect(other.points, r.label_box) for other in geo.routes))


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


# --- drawing -----------------------------------------------------------------------

def draw_node(n: PlacedNode, ctx: Ctx) -> list[Op]:
    sk, ink, pen, r = ctx.sketch, ctx.theme.ink, ctx.pen, n.shape
    shape = n.node.shape
    if shape == "diamond":
        cx, cy = r.x + r.w / 2, r.y + r.h / 2
        ops: list[Op] = sk.polygon([(cx, r.y), (r.right, cy), (cx, r.bottom), (r.x, cy)], ink, pen, n.fill)
    elif shape == "circle":
        ops = sk.ellipse(r.x + r.w / 2, r.y + r.h / 2, r.w, r.h, ink, pen, n.fill)
    elif shape in ("round", "stadium"):
        radius = r.h / 2 if shape == "stadium" else 0.35 * ctx.size
        ops = sk.polygon(rounded_corners(r, radius), ink, pen, n.fill)
    elif shape == "flag":
        notch = flag_notch(r.h)
        ops = sk.polygon([(r.x, r.y), (r.right - notch, r.y), (r.right, r.y + r.h / 2),
                          (r.right - notch, r.bottom), (r.x, r.bottom)], ink, pen, n.fill)
    elif shape == "cylinder":
        cap = cylinder_cap(ctx.size)
        body = Rect(r.x, r.y + cap / 2, r.w, r.h - cap / 2)
        ops = sk.rect(body, ink, pen, n.fill) + sk.ellipse(r.x + r.w / 2, r.y + cap / 2, r.w, cap,
                                                           ink, pen, n.fill)
    else:
        ops = sk.rect(r, ink, pen, n.fill)
        if shape == "subroutine":
            inset = 0.3 * ctx.size
            ops += sk.line((r.x + inset, r.y), (r.x + inset, r.bottom), ink, ctx.thin_pen, True)
            ops += sk.line((r.right - inset, r.y), (r.right - inset, r.bottom), ink, ctx.thin_pen, True)
    ops += ctx.write_centered(n.label, n.text)
    if n.note is not None and n.note_box is not None:
        align = "center" if n.note_box.x < n.shape.x + n.shape.w / 2 else "left"
        ops += ctx.write(n.note, n.note_box.x, n.note_box.y, ctx.theme.blue, align, n.note_box.w)
    return ops


def draw_route(route: Route, ctx: Ctx) -> list[Op]:
    e = route.edge
    width = line_width(e, ctx)
    ops: list[Op] = ctx.sketch.arrow(route.points, ctx.theme.ink, width, HEAD * ctx.size,
                                     dashed=e.style == "dotted", head="none", curved=e.src == e.dst)
    for tip, frm, mark in end_marks(route):
        ops += end_mark(tip, frm, mark, width, ctx)
    if route.label is not None and route.label_box is not None:
        b = route.label_box
        ops += ctx.write(route.label, b.x, b.y, ctx.theme.ink, "center", b.w)
    return ops


def line_width(edge: FlowEdge, ctx: Ctx) -> float:
    return ctx.pen * (THICK if edge.style == "thick" else 1.0)


def end_marks(route: Route) -> list[tuple[Point, Point, str]]:
    """(tip, the point the line comes from, mark) for each marked end of a route."""
    e, pts = route.edge, route.points
    return ([(pts[-1], pts[-2], e.head)] if e.arrow else []) + ([(pts[0], pts[1], e.tail)] if e.tail else [])


def _back(tip: Point, frm: Point, by: float) -> Point:
    """The point ``by`` from the tip, back along the line towards ``frm``."""
    d = math.dist(tip, frm) or 1.0
    return tip[0] + (frm[0] - tip[0]) * by / d, tip[1] + (frm[1] - tip[1]) * by / d


def end_mark(tip: Point, frm: Point, mark: str, width: float, ctx: Ctx) -> list[Op]:
    """An arrow head, a cross or a small open circle at the end ``tip`` of a line."""
    size = HEAD * ctx.size
    if mark == "circle":
        r = size * 0.5
        return ctx.sketch.ellipse(*_back(tip, frm, r), 2 * r, 2 * r, ctx.theme.ink, width, ctx.theme.paper)
    if mark == "cross":  # clear of the node it points at, which is drawn over the lines
        return ctx.sketch.arrow_head(_back(tip, frm, size * 0.6), frm, ctx.theme.ink, width, size, "cross")
    return ctx.sketch.arrow_head(tip, frm, ctx.theme.ink, width, size)


def mark_box(tip: Point, frm: Point, mark: str, width: float, ctx: Ctx) -> Rect:
    """The rectangle ``end_mark`` draws in (its strokes' width included)."""
    size = HEAD * ctx.size
    if mark in ("circle", "cross"):
        half = size * 0.5 + width / 2
        cx, cy = _back(tip, frm, size * (0.5 if mark == "circle" else 0.6))
        return Rect(cx - half, cy - half, 2 * half, 2 * half)
    back = _back(tip, frm, size)
    flicks = size * math.sin(ARROW_SPREAD) + width / 2  # how far the head's flicks stand out from the line
    return grown(Rect(min(tip[0], back[0]), min(tip[1], back[1]), abs(tip[0] - back[0]), abs(tip[1] - back[1])),
                 flicks)


def draw_frame(frame: GroupFrame, ctx: Ctx) -> list[Op]:
    outline = rounded_corners(frame.rect, 0.5 * ctx.size)
    ops: list[Op] = dashed_outline(outline, ctx.theme.pencil, ctx.thin_pen, 0.35 * ctx.size)
    ops += ctx.write(frame.label, frame.label_box.x, frame.label_box.y, ctx.theme.pencil)
    return ops
