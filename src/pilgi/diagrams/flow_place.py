"""Steps 2-4 of a flowchart's layout, one ranked flow in one direction at one width:

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
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..context import Ctx
from ..layout import Rect
from ..model import Flow, FlowNode
from ..text import Paragraph
from . import Point, fill_for, grown, polyline_hits_rect, simplify, union, word_cap
from .flow_geometry import Axes, FlowGeometry, GroupFrame, PlacedNode, Route
from .flow_labels import (LABEL_MARGIN, beside_segment, edge_labels, hard_obstacles, place_label,
                          place_labels)
from .flow_measure import NOTE_SIDE_GAP, TEXT_CAP, Measured, extent, measure_node, note_rect, x_extent
from .flow_rank import Ranking
from .flow_shapes import PAD_X, PAD_Y, POINTED, boundary_point, label_box, outline_size

# Lengths in ems of the body size, so a diagram keeps its proportions at every size.
LAYER_GAP = 1.5  # room for an arrow between layers
NODE_GAP = 0.8  # between the nodes of one layer
LANE_GAP = 0.8  # node rows to the first lane, and lane to lane
PORT_SPREAD = 0.55  # share of a face that several arrow ends spread over

STEM_SHARE = 0.7  # a box alone in its layer of a top-down flow is levelled to this share of its widest layer

BEFORE, AFTER = -1, 1  # the two sides of the node rows, along the cross axis


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
        labels = edge_labels(self.r, self.ctx, self.axes.horizontal)
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
        place_labels(self.axes, self.ctx, routes, nodes, frames)
        self.add_lane_routes(routes, nodes, frames)
        boxes = [n.shape for n in nodes.values()] + [n.note_box for n in nodes.values() if n.note_box]
        boxes += [f.rect for f in frames] + [r.label_box for r in routes if r.label_box]
        boxes += [Rect(x, y, 0, 0) for r in routes for x, y in r.points]
        bounds = union(boxes) if boxes else Rect(0, 0, 0, 0)
        if bounds.w > self.width + 0.5:
            return None
        return FlowGeometry(self.direction, nodes, routes, frames, bounds, self.cap)

    # -- lanes, known before sizes ----------------------------------------------------
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
        largest label of a diamond or circle; down the page at least most of the width
        of its widest layer (STEM_SHARE). Those, and boxes of groups, keep their
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
        hard = hard_obstacles(nodes, frames, routes, self.ctx)
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
                cands = beside_segment(self.axes, self.s, route.label, a, b)
                outward = cands[0::2] if self.lane_side[k] == BEFORE else cands[1::2]
                route.label_box = place_label(route.label, outward,
                                                   hard_obstacles(nodes, frames, routes, self.ctx),
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
