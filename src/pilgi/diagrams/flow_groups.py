"""Subgraphs and composite states: a flowchart laid out inside out.

Each group is laid out on its own (its nodes, and its child groups as boxes of the
size their own layout needs), framed with its title on top, and then stands as one box
in its parent's layout. So a frame always encloses its members, nested frames sit
inside their parent, sibling frames never overlap, no node sticks through a frame and
a group's own edges stay inside it.

An edge between two groups, or from outside to a group's id, is laid out between the
boxes and ends on the frame, as Mermaid draws it. An edge to a node deep inside a group
is laid out to that group's box, then continues inside the frame: along the free band
just inside the frame to the side from which the node is in plain view, and straight in.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..context import Ctx
from ..layout import Rect
from ..model import Flow, FlowEdge, FlowGroup, FlowNode
from . import Point, polyline_hits_rect, simplify, union, word_cap
from .flow import flat
from .flow_geometry import FlowGeometry, GroupFrame, PlacedNode, Route
from .flow_measure import snug_wrap
from .flow_place import Spread
from .flow_shapes import boundary_point

FRAME_PAD = 0.7  # ems from a frame to what it holds: room for an edge to run inside it
TITLE_CAP = 5.0  # ems of the small size: a frame's title wraps no narrower than this
BAND = 0.5  # share of FRAME_PAD from a frame to the track an edge runs on inside it
TOP = "top"  # the root of the group tree


@dataclass
class Tree:
    """Which group holds what: nodes by their innermost group, groups by their parent."""
    flow: Flow
    groups: dict[str, FlowGroup]
    parent: dict[str, str]  # group id -> parent group id (TOP at the top)
    owner: dict[str, str]  # node id -> innermost group id (TOP when in none)
    order: dict[str, int]  # node or group id -> where it was first written

    def chain(self, item: str) -> list[str]:
        """The groups around ``item`` from the outermost in; a group's chain ends with itself."""
        here = item if item in self.groups else self.owner.get(item, TOP)
        out = []
        while here != TOP:
            out.append(here)
            here = self.parent[here]
        return out[::-1]

    def children(self, gid: str) -> tuple[list[str], list[str]]:
        nodes = [n.id for n in self.flow.nodes if self.owner[n.id] == gid]
        kids = sorted((g for g in self.groups if self.parent[g] == gid), key=lambda g: self.order[g])
        return nodes, kids


def tree_of(flow: Flow) -> Tree:
    groups = {g.id: g for g in flow.groups}
    parent = {g.id: (g.parent if g.parent in groups and g.parent != g.id else TOP) for g in flow.groups}
    depth: dict[str, int] = {}
    for gid in groups:  # parents are written before their children, so no cycle can form
        d, here, seen = 0, gid, set()
        while parent[here] != TOP and here not in seen:
            seen.add(here)
            here, d = parent[here], d + 1
        depth[gid] = d
    order = {n.id: i for i, n in enumerate(flow.nodes)}
    owner = dict.fromkeys(order, TOP)
    for g in flow.groups:
        for m in g.members:
            if m in owner and (owner[m] == TOP or depth[g.id] > depth[owner[m]]):
                owner[m] = g.id
    for i, g in enumerate(flow.groups):  # a group is as early as its first member
        first = min((order[m] for m in g.members if m in order), default=len(order) + i)
        order[g.id] = first - 0.5
    return Tree(flow, groups, parent, owner, order)


@dataclass
class Framed:
    """A group laid out: its contents at the origin of their own layout, and its title."""
    inner: FlowGeometry | None
    title: object  # Paragraph
    size: tuple[float, float]


def nested(flow: Flow, ctx: Ctx, direction: str, width: float, spread: Spread,
           cap: float | None) -> FlowGeometry | None:
    tree = tree_of(flow)
    return Level(tree, ctx, direction, spread).lay_out(TOP, width, cap, direction)


class Level:
    def __init__(self, tree: Tree, ctx: Ctx, direction: str, spread: Spread):
        self.tree, self.ctx, self.direction, self.spread = tree, ctx, direction, spread
        self.pad = FRAME_PAD * ctx.size
        self.memo: dict[tuple, Framed | None] = {}  # (group, width, direction) -> its frame

    def lay_out(self, gid: str, width: float, cap: float | None, direction: str) -> FlowGeometry | None:
        """The geometry of everything directly or deeply inside ``gid``."""
        own_nodes, kids = self.tree.children(gid)
        framed: dict[str, Framed] = {}
        for k in kids:
            f = self.best_frame(k, width, direction)
            if f is None:
                return None
            framed[k] = f
        nodes = [n for n in self.tree.flow.nodes if n.id in own_nodes]
        nodes += [FlowNode(k, "") for k in kids]
        nodes.sort(key=lambda n: self.tree.order[n.id])
        edges, original = self.edges_at(gid)
        if not nodes:
            return None
        geo = flat(Flow(nodes, edges, direction), self.ctx, direction, width, self.spread, cap,
                   {k: f.size for k, f in framed.items()})
        if geo is None:
            return None
        return self.compose(geo, framed, original)

    def best_frame(self, gid: str, width: float, outer: str) -> Framed | None:
        """The group laid out in its own written direction, else in its parent's or across
        it, whichever box is shorter along the parent's flow (a chain of groups then
        stays compact)."""
        across = PERPENDICULAR[outer]
        own = self.tree.groups[gid].direction
        tries = (own,) if own else (outer, across)
        found = [(f, d) for d in tries if (f := self.frame(gid, width, d)) is not None]
        if not found:
            return None
        along = 0 if outer in ("LR", "RL") else 1
        return min(found, key=lambda fd: (fd[0].size[along], fd[1] != outer))[0]

    def frame(self, gid: str, width: float, direction: str) -> Framed | None:
        key = (gid, round(width, 3), direction)
        if key not in self.memo:
            self.memo[key] = self.framed(gid, width, direction)
        return self.memo[key]

    def framed(self, gid: str, width: float, direction: str) -> Framed | None:
        inner = self.lay_out(gid, width - 2 * self.pad, None, direction)
        own_nodes, kids = self.tree.children(gid)
        if inner is None and (own_nodes or kids):
            return None
        label = self.tree.groups[gid].label
        content_w = inner.bounds.w if inner else 0.0
        small = self.ctx.small
        cap = max(content_w, word_cap(self.ctx, label, TITLE_CAP * small, small))
        title = snug_wrap(self.ctx, label, cap, small) if label else None
        if label and title is None:
            return None
        title_w, title_h = (title.width, title.height) if title else (0.0, 0.0)
        content_h = inner.bounds.h if inner else 0.0
        w = max(content_w, title_w + self.pad * 0.4) + 2 * self.pad
        h = content_h + title_h + 2 * self.pad
        if w > width + 0.5:
            return None
        return Framed(inner, title, (w, h))

    def edges_at(self, gid: str) -> tuple[list[FlowEdge], dict[int, FlowEdge]]:
        """The edges whose ends meet first inside ``gid``, each end standing for the box of
        ``gid``'s member it lies in; with the edge each one stands for."""
        out: list[FlowEdge] = []
        original: dict[int, FlowEdge] = {}
        depth = len(self.tree.chain(gid)) if gid != TOP else 0
        known = set(self.tree.owner) | set(self.tree.groups)
        for e in self.tree.flow.edges:
            if e.src not in known or e.dst not in known:
                continue
            ca, cb = self.tree.chain(e.src), self.tree.chain(e.dst)
            common = 0
            while common < min(len(ca), len(cb)) and ca[common] == cb[common]:
                common += 1
            meet = ca[common - 1] if common else TOP
            if meet != gid or gid in (e.src, e.dst):
                continue  # laid out deeper, or an edge from a group into itself
            src = ca[depth] if len(ca) > depth else e.src
            dst = cb[depth] if len(cb) > depth else e.dst
            mapped = replace(e, src=src, dst=dst)
            out.append(mapped)
            original[id(mapped)] = e
        return out, original

    def compose(self, geo: FlowGeometry, framed: dict[str, Framed],
                original: dict[int, FlowEdge]) -> FlowGeometry:
        nodes = {v: n for v, n in geo.nodes.items() if v not in framed}
        frames: list[GroupFrame] = []
        routes: list[Route] = []
        pad = self.pad
        for k, f in framed.items():
            box = geo.nodes[k].shape
            title_h = f.title.height if f.title else 0.0
            label_box = Rect(box.x + pad * 0.6, box.y + pad * 0.5, f.title.width if f.title else 0.0, title_h)
            frames.append(GroupFrame(self.tree.groups[k], box, f.title, label_box))
            if f.inner is None:
                continue
            b = f.inner.bounds
            dx = box.x + (box.w - b.w) / 2 - b.x
            dy = box.y + pad * 0.5 + title_h + pad * 0.5 - b.y
            inner = f.inner.moved(dx, dy)
            nodes.update({v: replace(n, layer=geo.nodes[k].layer) for v, n in inner.nodes.items()})
            frames += inner.frames
            routes += inner.routes
        frame_of = {f.group.id: f for f in frames}
        labels = [r.label_box for r in geo.routes if r.label_box]
        for r in geo.routes:
            e = original.get(id(r.edge), r.edge)
            points = list(r.points)
            # What a link between layers may not cross when it is turned towards its target.
            outside = labels + [n.shape for v, n in geo.nodes.items() if v not in (r.edge.src, r.edge.dst)]
            if r.edge.src in framed and e.src != r.edge.src:
                points = self.inward(points[::-1], frame_of[r.edge.src], e.src, nodes, frames, outside)[::-1]
            if r.edge.dst in framed and e.dst != r.edge.dst:
                points = self.inward(points, frame_of[r.edge.dst], e.dst, nodes, frames, outside)
            routes.append(replace(r, edge=e, points=points))
        for k in framed:
            routes += self.to_own_frame(k, frame_of[k], nodes, frames)
        bounds = union([geo.bounds] + [r.label_box for r in routes if r.label_box])
        return FlowGeometry(geo.direction, nodes, routes, frames, bounds, geo.text_cap)

    def to_own_frame(self, gid: str, frame: GroupFrame, nodes: dict[str, PlacedNode],
                     frames: list[GroupFrame]) -> list[Route]:
        """Edges between a group and something inside it: from the frame's nearest side in
        to it (its label, if any, just outside the frame there)."""
        out = []
        for e in self.tree.flow.edges:
            inner = e.dst if e.src == gid else e.src if e.dst == gid else None
            if inner is None or inner == gid or gid not in self.tree.chain(inner):
                continue  # not an edge between the group and its own contents
            goal = nodes[inner].shape if inner in nodes else next(f.rect for f in frames if f.group.id == inner)
            centre = (goal.x + goal.w / 2, goal.y + goal.h / 2)
            side = nearest_side(frame.rect, centre)
            door = foot(frame.rect, side, centre)
            points = self.inward([door], frame, inner, nodes, frames, [])
            label = box = None
            if e.label:
                label = self.ctx.wrap(e.label, TITLE_CAP * self.ctx.small, self.ctx.small)
                if label is not None:
                    dx, dy = NORMALS[side]
                    gap = 0.3 * self.ctx.size
                    x = door[0] + dx * (gap + label.width / 2) - label.width / 2 + (gap if dy else 0)
                    y = door[1] + dy * (gap + label.height / 2) - label.height / 2
                    box = Rect(x, y, label.width, label.height)
            out.append(Route(e, points if e.dst == inner else points[::-1], False, label, box))
        return out

    def inward(self, points: list[Point], outer: GroupFrame, target: str, nodes: dict[str, PlacedNode],
               frames: list[GroupFrame], outside: list[Rect]) -> list[Point]:
        """``points`` (ending on ``outer``'s frame) continued to ``target`` inside it; a
        straight link between layers is turned to enter right in front of the target when
        that crosses nothing (``outside``: what lies outside the frame at this level)."""
        goal = nodes[target].shape if target in nodes else next(f.rect for f in frames if f.group.id == target)
        shape = nodes[target].node.shape if target in nodes else "box"
        inside = [f for f in frames if f is not outer and outer.rect.contains(f.rect)]
        around_goal = {f.group.id for f in inside if f.rect.contains(goal)}
        obstacles = [n.shape for v, n in nodes.items() if v != target and outer.rect.contains(n.shape)]
        obstacles += [n.note_box for v, n in nodes.items() if n.note_box and outer.rect.contains(n.note_box)]
        obstacles += [f.rect for f in inside if f.group.id not in around_goal and f.group.id != target]
        obstacles += [f.label_box for f in inside + [outer] if f.group.id not in around_goal]
        band = outer.rect.inset(BAND * self.pad)
        end = points[-1]
        start_side = nearest_side(outer.rect, end)
        entry = foot(band, start_side, end)
        sides = [start_side] + [s for s in SIDES if s != start_side]
        best = None
        for side in sides:
            face = NORMALS[side]
            tip = boundary_point(shape, goal, *face, 0.0)
            at = foot(band, side, tip)
            if any(polyline_hits_rect([at, tip], o) for o in obstacles):
                continue
            if side == start_side and len(points) == 2:
                # A straight link between layers: aim it at the target, straight in at the frame.
                door = foot(outer.rect, side, tip)
                if not any(polyline_hits_rect([points[0], door], o) for o in obstacles + outside):
                    return simplify([points[0], door, tip])
            best = (at, tip)
            break
        if best is None:
            face = NORMALS[start_side]
            tip = boundary_point(shape, goal, *face, 0.0)
            best = (foot(band, start_side, tip), tip)
        at, tip = best
        return simplify(points + [entry] + around(band, entry, at) + [at, tip])


PERPENDICULAR = {"LR": "TB", "RL": "TB", "TB": "LR", "BT": "LR"}
SIDES = ("top", "right", "bottom", "left")
NORMALS = {"top": (0, -1), "right": (1, 0), "bottom": (0, 1), "left": (-1, 0)}


def nearest_side(r: Rect, p: Point) -> str:
    gaps = {"top": abs(p[1] - r.y), "bottom": abs(p[1] - r.bottom), "left": abs(p[0] - r.x),
            "right": abs(p[0] - r.right)}
    return min(SIDES, key=lambda s: gaps[s])


def foot(r: Rect, side: str, p: Point) -> Point:
    """The point of ``r``'s side ``side`` nearest to ``p``."""
    x = min(max(p[0], r.x), r.right)
    y = min(max(p[1], r.y), r.bottom)
    return {"top": (x, r.y), "bottom": (x, r.bottom), "left": (r.x, y), "right": (r.right, y)}[side]


def perimeter_at(r: Rect, p: Point) -> float:
    """Distance along ``r``'s outline, clockwise from its top-left corner, of a point on it."""
    x, y = p
    side = nearest_side(r, p)
    if side == "top":
        return x - r.x
    if side == "right":
        return r.w + (y - r.y)
    if side == "bottom":
        return r.w + r.h + (r.right - x)
    return 2 * r.w + r.h + (r.bottom - y)


def around(r: Rect, a: Point, b: Point) -> list[Point]:
    """The corners of ``r`` passed going from a to b along its outline the short way."""
    corners = [((r.right, r.y), r.w), ((r.right, r.bottom), r.w + r.h),
               ((r.x, r.bottom), 2 * r.w + r.h), ((r.x, r.y), 0.0)]
    total = 2 * (r.w + r.h)
    pa, pb = perimeter_at(r, a), perimeter_at(r, b)
    forward = (pb - pa) % total
    if forward <= total / 2:
        passed = sorted(((c, (d - pa) % total) for c, d in corners if 0 < (d - pa) % total < forward),
                        key=lambda cd: cd[1])
    else:
        passed = sorted(((c, (pa - d) % total) for c, d in corners if 0 < (pa - d) % total < total - forward),
                        key=lambda cd: cd[1])
    return [c for c, _ in passed]
