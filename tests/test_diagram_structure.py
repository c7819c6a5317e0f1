"""The structure of drawn diagrams, checked through the report's ``diagrams``: every node
and edge of the source is drawn, no node stands for a frame, frames enclose their members
and no other node, sibling frames are apart, and no edge runs through a node that is not
one of its ends. On fixtures of our own, and on Mermaid's documentation when it is there."""
from __future__ import annotations

import re
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from pilgi.diagrams import segment_hits_rect
from pilgi.errors import InputError
from pilgi.layout import Rect
from pilgi.load import load_sheet
from pilgi.model import Flow, FlowEdge, FlowGroup, FlowNode, Sequence
from pilgi.page import fit_page
from pilgi.readers.mermaid import parse_mermaid
from pilgi.report import report

from .conftest import SHARED

DOCS = SHARED / "mermaid-docs"
SLACK = 1.0  # px: outlines that touch are not inside one another


def drawn(tmp_path: Path, diagram: str) -> dict:
    """The report's record of ``diagram`` drawn alone in a one-section sheet."""
    body = textwrap.indent(textwrap.dedent(diagram).strip("\n"), "  ")
    sheet = tmp_path / "sheet.md"
    sheet.write_text(f"# Sheet\n\n## Diagram\n\n```mermaid\n{body}\n```\n", encoding="utf-8")
    (record,) = report(fit_page(load_sheet(sheet)), [])["diagrams"]
    return record


def rect(d: dict) -> Rect:
    return Rect(d["x"], d["y"], d["w"], d["h"])


def inside(inner: Rect, outer: Rect) -> bool:
    return (outer.x - SLACK <= inner.x and outer.y - SLACK <= inner.y and inner.right <= outer.right + SLACK
            and inner.bottom <= outer.bottom + SLACK)


def apart(a: Rect, b: Rect) -> bool:
    return a.right <= b.x + SLACK or b.right <= a.x + SLACK or a.bottom <= b.y + SLACK or b.bottom <= a.y + SLACK


def structure_problems(record: dict, source) -> list[str]:
    problems: list[str] = []
    nodes = {n["id"]: rect(n) for n in record["nodes"]}
    frames = {f["id"]: f for f in record["frames"]}
    if isinstance(source, Flow):
        problems += [f"node '{v}' stands for a frame" for v in nodes if v in frames]
        if set(nodes) != {n.id for n in source.nodes}:
            problems.append(f"nodes drawn {sorted(nodes)} != written {sorted(n.id for n in source.nodes)}")
        written = Counter((e.src, e.dst) for e in source.edges)
        if Counter((e["from"], e["to"]) for e in record["edges"]) != written:
            problems.append("edges drawn differ from the edges written")
        if {f["id"] for f in record["frames"]} != {g.id for g in source.groups}:
            problems.append("frames drawn differ from the subgraphs written")
    if isinstance(source, Sequence):
        if [n["id"] for n in record["nodes"]] != [p.id for p in source.participants]:
            problems.append("participants drawn differ from those written")
    # Frames: members inside, siblings apart, every other node out.
    deep: dict[str, set[str]] = {}

    def members_of(fid: str) -> set[str]:
        if fid not in deep:
            deep[fid] = set()
            for m in frames[fid]["members"]:
                deep[fid] |= {m} | (members_of(m) if m in frames else set())
        return deep[fid]
    nested = {m for f in frames.values() for m in f["members"]}
    for fid, f in frames.items():
        box = rect(f)
        for m in f["members"]:
            member = rect(frames[m]) if m in frames else nodes.get(m)
            if member is None or not inside(member, box):
                problems.append(f"frame '{fid}' does not enclose its member '{m}'")
        kids = [m for m in f["members"] if m in frames]
        for i, a in enumerate(kids):
            problems += [f"frames '{a}' and '{b}' overlap" for b in kids[i + 1:] if not apart(rect(frames[a]), rect(frames[b]))]
        for v, r in nodes.items():
            if v not in members_of(fid) and not apart(r, box):
                problems.append(f"node '{v}' reaches into frame '{fid}'")
    tops = [fid for fid in frames if fid not in nested]
    for i, a in enumerate(tops):
        problems += [f"frames '{a}' and '{b}' overlap" for b in tops[i + 1:] if not apart(rect(frames[a]), rect(frames[b]))]
    # Edges: through no node but their ends.
    for e in record["edges"]:
        points = [tuple(p) for p in e["points"]]
        if len(points) < 2:
            problems.append(f"edge {e['from']} -> {e['to']} is not drawn")
            continue
        for v, r in nodes.items():
            if v in (e["from"], e["to"]):
                continue
            core = Rect(r.x + SLACK, r.y + SLACK, r.w - 2 * SLACK, r.h - 2 * SLACK)
            if any(segment_hits_rect(a, b, core) for a, b in zip(points, points[1:])):
                problems.append(f"edge {e['from']} -> {e['to']} runs through node '{v}'")
    return problems


FIXTURES = {
    "edges to and from subgraphs": """
        flowchart LR
          start --> build
          subgraph build [Build step]
            compile --> link
          end
          build --> ship
          subgraph ship
            pack --> upload
          end
          upload --> done
    """,
    "nested subgraphs with an edge between the inner ones": """
        flowchart LR
          subgraph outer [Outer]
            direction TB
            subgraph left [Left]
              a1 --> a2
            end
            subgraph right [Right]
              b1 --> b2
            end
          end
          x --> outer --> y
          left --> right
          a2 --> b1
    """,
    "an edge deep into a nested group, top to bottom": """
        flowchart TB
          user --> api
          subgraph cloud [Cloud]
            subgraph svc [Service]
              api --> worker
              worker --> db[(Store)]
            end
            cache
          end
          worker --> cache
          cache -.-> user
    """,
    "composite states": """
        stateDiagram-v2
          [*] --> Idle
          Idle --> Active : start
          state Active {
            [*] --> Running
            Running --> Paused : pause
            Paused --> Running : resume
            state Running {
              [*] --> Fast
              Fast --> Slow
            }
          }
          Active --> Done
          Done --> [*]
    """,
    "edges between a group and its own members": """
        flowchart LR
          subgraph G [Group]
            a --> b
          end
          a -->|back| G
          x --> G
          G --> b
    """,
    "class namespaces": """
        classDiagram
          namespace Shop {
            class Order
            class Item
          }
          namespace Pay {
            class Invoice
          }
          Order "1" --> "*" Item : holds
          Invoice --> Order
          Customer --> Order
    """,
}


FIXTURES["a long chain of nested groups (each turns across the flow to stay short)"] = "flowchart LR\n" + "".join(
    f"  subgraph g{i} [Group {i}]\n    subgraph h{i} [Inner {i}]\n      a{i} --> b{i}\n    end\n    c{i}\n  end\n"
    f"  b{i} --> c{i}\n" for i in range(8)) + "".join(f"  c{i} --> a{i + 1}\n" for i in range(7)) + "  g0 --> g7\n"


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_structure_of_fixtures(tmp_path, name):
    text = FIXTURES[name]
    record = drawn(tmp_path, text)
    assert structure_problems(record, parse_mermaid(textwrap.dedent(text).strip("\n"))) == []


def test_an_edge_to_a_subgraph_ends_on_its_frame(tmp_path):
    record = drawn(tmp_path, FIXTURES["edges to and from subgraphs"])
    frame = rect(next(f for f in record["frames"] if f["id"] == "build"))
    edge = next(e for e in record["edges"] if (e["from"], e["to"]) == ("start", "build"))
    x, y = edge["points"][-1]
    on_outline = min(abs(x - frame.x), abs(x - frame.right), abs(y - frame.y), abs(y - frame.bottom))
    assert on_outline < 2.0
    assert "build" not in {n["id"] for n in record["nodes"]}


def test_nested_frames_list_their_direct_members_and_titles(tmp_path):
    record = drawn(tmp_path, FIXTURES["nested subgraphs with an edge between the inner ones"])
    frames = {f["id"]: f for f in record["frames"]}
    assert frames["outer"]["members"] == ["left", "right"]
    assert frames["left"]["members"] == ["a1", "a2"]
    assert [frames[k]["title"] for k in ("outer", "left", "right")] == ["Outer", "Left", "Right"]


def test_report_geometry_is_in_page_pixels_at_any_dpi(tmp_path):
    text = "flowchart LR\n  a --> b\n"
    sheet = tmp_path / "s.md"
    sheet.write_text(f"---\npage: {{dpi: 150}}\n---\n# S\n\n## D\n\n```mermaid\n{text}```\n", encoding="utf-8")
    low = report(fit_page(load_sheet(sheet)), [])
    (record,) = low["diagrams"]
    width = low["page"]["width_px"]
    assert all(0 <= n["x"] and n["x"] + n["w"] <= width for n in record["nodes"])
    region = next(r for r in low["regions"] if r["name"] == record["region"])
    assert all(region["x"] <= n["x"] <= region["x"] + region["w"] for n in record["nodes"])


def doc_files(*kinds: str) -> list[Path]:
    return sorted(p for kind in kinds for p in (DOCS / kind).glob("*.mmd")) if DOCS.is_dir() else []


@pytest.mark.skipif(not DOCS.is_dir(), reason="needs ../shared/mermaid-docs")
@pytest.mark.parametrize("path", doc_files("flowchart", "state", "class", "sequence", "mindmap"),
                         ids=lambda p: p.stem)
def test_structure_of_mermaid_docs(tmp_path, path):
    text = path.read_text(encoding="utf-8")
    try:
        source = parse_mermaid(text, path.name)
    except InputError as refused:  # refused clearly: the file, its line and the construct
        assert re.match(rf"{re.escape(path.name)}:\d+: .*'.+'", str(refused)), str(refused)
        pytest.skip(f"refused: {refused}")
    record = drawn(tmp_path, text)
    assert structure_problems(record, source) == []


def test_the_structure_check_finds_each_kind_of_fault():
    def box(x, y, w=10, h=10):
        return {"x": x, "y": y, "w": w, "h": h}
    record = {
        "nodes": [{"id": "a", "label": "a", **box(0, 0)}, {"id": "b", "label": "b", **box(100, 0)},
                  {"id": "g", "label": "g", **box(50, 0)}, {"id": "c", "label": "c", **box(200, 200)}],
        "edges": [{"from": "a", "to": "b", "label": "", "points": [[10, 5], [100, 5]]}],
        "frames": [{"id": "g", "title": "G", **box(-5, -5, 30, 30), "members": ["a", "c"]},
                   {"id": "h", "title": "H", **box(0, -5, 30, 30), "members": []}],
    }
    found = "\n".join(structure_problems(record, None))
    assert "node 'g' stands for a frame" not in found  # only checked against a flow source
    for fault in ("frame 'g' does not enclose its member 'c'", "frames 'g' and 'h' overlap",
                  "edge a -> b runs through node 'g'", "node 'a' reaches into frame 'h'"):
        assert fault in found
    phantom = Flow([FlowNode(v, v) for v in "abgc"], [FlowEdge("a", "b")],
                   groups=[FlowGroup("g", "G", ["a", "c"]), FlowGroup("h", "H", [])])
    assert "node 'g' stands for a frame" in structure_problems(record, phantom)
