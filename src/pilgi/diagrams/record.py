"""What a drawn diagram holds, in page pixels: its nodes, edges and frames, taken from
the very geometry its ops were drawn from. The report lists these so that tests (and
users) can check the structure of the page without reading pixels."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..layout import Rect
from ..model import Flow


@dataclass
class NodeRecord:
    """A node of a drawn diagram and its box."""
    id: str
    label: str
    rect: Rect


@dataclass
class EdgeRecord:
    """An edge of a drawn diagram and its points."""
    src: str
    dst: str
    label: str
    points: list[tuple[float, float]]


@dataclass
class FrameRecord:
    """A frame of a drawn diagram and what is directly inside it."""
    id: str
    title: str
    rect: Rect
    members: list[str]  # ids of the nodes and frames directly inside


@dataclass
class DiagramRecord:
    """What a drawn diagram holds, for reports and structural tests."""
    kind: str  # flowchart | sequence | mindmap
    region: str
    nodes: list[NodeRecord] = field(default_factory=list)
    edges: list[EdgeRecord] = field(default_factory=list)
    frames: list[FrameRecord] = field(default_factory=list)

    def scaled(self, k: float) -> "DiagramRecord":
        return DiagramRecord(
            self.kind, self.region,
            [NodeRecord(n.id, n.label, n.rect.scaled(k)) for n in self.nodes],
            [EdgeRecord(e.src, e.dst, e.label, [(x * k, y * k) for x, y in e.points]) for e in self.edges],
            [FrameRecord(f.id, f.title, f.rect.scaled(k), list(f.members)) for f in self.frames])

    def as_dict(self) -> dict:
        def box(r: Rect) -> dict:
            return {"x": round(r.x, 2), "y": round(r.y, 2), "w": round(r.w, 2), "h": round(r.h, 2)}
        return {
            "kind": self.kind, "region": self.region,
            "nodes": [{"id": n.id, "label": n.label, **box(n.rect)} for n in self.nodes],
            "edges": [{"from": e.src, "to": e.dst, "label": e.label,
                       "points": [[round(x, 2), round(y, 2)] for x, y in e.points]} for e in self.edges],
            "frames": [{"id": f.id, "title": f.title, **box(f.rect), "members": f.members} for f in self.frames],
        }


def flow_record(block: Flow, geo, region: str) -> DiagramRecord:
    from .flow_groups import tree_of  # flow_groups builds on flow, which records through here
    tree = tree_of(block)
    nodes = [NodeRecord(v, n.node.label, n.shape) for v, n in geo.nodes.items()]
    edges = [EdgeRecord(r.edge.src, r.edge.dst, r.edge.label, list(r.points)) for r in geo.routes]
    frames = []
    for f in geo.frames:
        own, kids = tree.children(f.group.id)
        frames.append(FrameRecord(f.group.id, f.group.label, f.rect, own + kids))
    return DiagramRecord("flowchart", region, nodes, edges, frames)


def sequence_record(geo, region: str) -> DiagramRecord:
    nodes = [NodeRecord(l.participant.id, l.participant.label, l.box) for l in geo.lifelines]
    edges = [EdgeRecord(m.message.src, m.message.dst, m.message.text, list(m.points)) for m in geo.messages]
    frames = [FrameRecord(f"{f.frame.kind}-{i + 1}", f.frame.branches[0].label if f.frame.branches else "",
                          f.rect, []) for i, f in enumerate(geo.frames)]
    # A frame's members are the frames directly inside it (messages are not nodes).
    for outer in frames:
        within = [f for f in frames if f is not outer and outer.rect.contains(f.rect)]
        outer.members = [f.id for f in within if not any(g is not f and g.rect.contains(f.rect) for g in within)]
    return DiagramRecord("sequence", region, nodes, edges, frames)


def mindmap_record(geo, region: str) -> DiagramRecord:
    """The root, each branch and each line under a branch; the links drawn from the root to
    the branches (a branch's lines are written under it as a list)."""
    nodes = [NodeRecord("root", geo.root.text, geo.root_box)]
    edges = []
    for i, b in enumerate(geo.branches, start=1):
        nodes.append(NodeRecord(str(i), b.node.text, b.box))
        for j, line in enumerate(b.lines, start=1):
            nodes.append(NodeRecord(f"{i}.{j}", line.node.text, line.box))
    for i, curve in enumerate(geo.links, start=1):
        edges.append(EdgeRecord("root", str(i), "", list(curve)))
    return DiagramRecord("mindmap", region, nodes, edges)
