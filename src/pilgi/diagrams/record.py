"""What a drawn diagram holds, in page pixels: its nodes, edges and frames, taken from
the very geometry its ops were drawn from. The report lists these so that tests (and
users) can check the structure of the page without reading pixels."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..layout import Rect


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

