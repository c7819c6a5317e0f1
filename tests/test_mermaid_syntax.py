"""The Mermaid people write: front matter, link ends, metadata, entities, namespaces and
the other forms found in Mermaid's own documentation."""
from __future__ import annotations

import textwrap

import pytest

from pilgi.errors import InputError
from pilgi.readers.mermaid import parse_mermaid


def parse(text: str):
    return parse_mermaid(textwrap.dedent(text).strip("\n"))


def test_front_matter_title_is_the_diagram_title_and_config_is_ignored():
    flow = parse("""
        ---
        title: Order flow
        config:
          theme: forest
        ---
        %%{init: {"flowchart": {"curve": "basis"}}}%%
        flowchart LR
          A --> B
    """)
    assert flow.title == "Order flow"
    assert [n.id for n in flow.nodes] == ["A", "B"]


def test_front_matter_keeps_line_numbers_of_errors():
    with pytest.raises(InputError, match=r"sheet.md:5: unsupported flowchart syntax: 'A -> B'"):
        parse_mermaid("---\ntitle: x\n---\nflowchart LR\nA -> B\n", "sheet.md")


@pytest.mark.parametrize("link, head, tail, arrow", [
    ("<-->", "arrow", "arrow", True), ("--o", "circle", "", True), ("--x", "cross", "", True),
    ("o--o", "circle", "circle", True), ("x--x", "cross", "cross", True), ("---", "arrow", "", False),
    ("e1@-->", "arrow", "", True), ("<-.->", "arrow", "arrow", True), ("<==>", "arrow", "arrow", True),
])
def test_link_ends(link, head, tail, arrow):
    flow = parse(f"flowchart LR\n  A {link} B\n")
    (edge,) = flow.edges
    assert (edge.src, edge.dst, edge.head, edge.tail, edge.arrow) == ("A", "B", head, tail, arrow)


def test_edge_ids_and_their_metadata_and_invisible_links():
    flow = parse("""
        flowchart LR
          A e1@==> B
          e1@{ animate: true }
          B ~~~ C
    """)
    assert [(e.src, e.dst, e.style) for e in flow.edges] == [("A", "B", "thick")]
    assert [n.id for n in flow.nodes] == ["A", "B", "C"]


@pytest.mark.parametrize("name, shape", [
    ("cyl", "cylinder"), ("rounded", "round"), ("diamond", "diamond"), ("sm-circ", "circle"),
    ("subproc", "subroutine"), ("stadium", "stadium"), ("doc", "box"), ("flag", "flag"), ("hex", "box"),
    ("something-new", "box"),
])
def test_node_metadata_shapes_map_to_the_nearest_outline(name, shape):
    flow = parse(f'flowchart TD\n  A@{{ shape: {name}, label: "Disk, big" }} --> B\n')
    assert (flow.nodes[0].shape, flow.nodes[0].label) == (shape, "Disk, big")


def test_metadata_icon_node_keeps_its_label():
    flow = parse('flowchart TD\n  A@{ icon: "fa:user", form: "square", label: "User Icon", pos: "t", h: 60 }\n')
    assert flow.nodes[0].label == "User Icon"


def test_multi_line_quoted_labels_dotted_ids_entities_and_icons():
    flow = parse("""
        flowchart LR
          svc.api["first line
          second line"] --> B["fa:fa-car Car #quot;fast#quot; #9829;"]
    """)
    assert flow.nodes[0].id == "svc.api"
    assert flow.nodes[0].label == "first line\nsecond line"
    assert flow.nodes[1].label == 'Car "fast" ♥'


@pytest.mark.parametrize("header", ["flowchart-elk TD", "graph LR"])
def test_flowchart_variants(header):
    assert len(parse(f"{header}\n  A --> B\n").edges) == 1


def test_accessibility_text_is_not_drawn():
    flow = parse("""
        stateDiagram-v2
          accTitle: The title
          accDescr {
            Long description
          }
          accDescr: short
          [*] --> Idle
    """)
    assert {n.label for n in flow.nodes} == {"●", "Idle"}


def test_state_forms():
    flow = parse("""
        stateDiagram-v2
          Idle
          state "Waiting for input" as Wait: blinks the cursor
          Crash:::bad --> [*]
          Idle --> Wait
    """)
    by_id = {n.id: n for n in flow.nodes}
    assert set(by_id) == {"Idle", "Wait", "Crash", "[*]end"}
    assert (by_id["Wait"].label, by_id["Wait"].note) == ("Waiting for input", "blinks the cursor")
    assert [(e.src, e.dst) for e in flow.edges] == [("Crash", "[*]end"), ("Idle", "Wait")]


def test_class_forms():
    flow = parse("""
        classDiagram-v2
          note "The whole model"
          class Shape <<interface>>
          class Animal:::warm {
            -int legs
          }
          class `Big Car`
          Animal <|--|> Zebra
          bar ()-- Animal
          class Box~List~List~int~~~
          namespace Zoo {
            class Keeper
            namespace Staff {
              class Vet
            }
          }
    """)
    by_id = {n.id: n for n in flow.nodes}
    assert by_id["Shape"].note == "«interface»"
    assert by_id["Animal"].note == "-int legs"
    assert "Big Car" in by_id
    assert by_id["Box"].label == "Box<List<List<int>>>"
    assert any(n.label == "The whole model" for n in flow.nodes)
    both = next(e for e in flow.edges if {e.src, e.dst} == {"Animal", "Zebra"})
    assert (both.head, both.tail) == ("arrow", "arrow")
    lollipop = next(e for e in flow.edges if "bar" in (e.src, e.dst))
    assert (lollipop.src, lollipop.dst, lollipop.head) == ("Animal", "bar", "circle")
    groups = {g.id: g for g in flow.groups}
    assert groups["Zoo"].members == ["Keeper", "Vet"] and groups["Zoo"].parent == ""
    assert groups["Staff"].members == ["Vet"] and groups["Staff"].parent == "Zoo"


def test_sequence_forms():
    seq = parse("""
        sequenceDiagram
          participant API@{ "type": "boundary", "alias": "Public API" }
          create participant Carl
          link API: Dashboard @ https://example.org
          API <<->> Carl: both
          rect rgb(191, 223, 255)
            API ->> Carl: inside
          end
          destroy Carl
    """)
    assert [p.label for p in seq.participants] == ["Public API", "Carl"]
    assert seq.items[0].both
    assert (seq.items[1].kind, seq.items[1].branches[0].label) == ("rect", "")


def test_mindmap_label_over_several_lines():
    mind = parse('''
        mindmap
            id1["`**Root** with
        a second line`"]
              id2[child]
    ''')
    assert mind.root.text == "**Root** with\na second line"
    assert [c.text for c in mind.root.children] == ["child"]


def test_sequence_boxes_group_participants():
    seq = parse("""
        sequenceDiagram
          box Purple Alice & John
            participant A
            participant J
          end
          box Another Group
            participant B
          end
          autonumber 10 5
          A->>J: hi
          J->>B: hello
    """)
    assert [(b.label, b.members) for b in seq.boxes] == [("Alice & John", ["A", "J"]), ("Another Group", ["B"])]
    assert [m.number for m in seq.items] == [10, 15]


@pytest.mark.parametrize("text, message", [
    ("sequenceDiagram\n  box Group\n  participant A\n", "x:2: 'box' has no 'end'"),
    ("sequenceDiagram\n  participant A\n  box Group\n  participant A\n  end\n",
     "x:4: participant 'A' is already drawn outside this box"),
])
def test_sequence_box_errors(text, message):
    with pytest.raises(InputError) as caught:
        parse_mermaid(text, "x")
    assert str(caught.value) == message


def test_class_relations_with_two_ends_of_their_own():
    flow = parse("classDiagram\n  A *--* B\n  E <|--* F\n  G ..|> H\n")
    assert [(e.src, e.dst, e.arrow, e.tail, e.style) for e in flow.edges] == [
        ("A", "B", False, "", "solid"), ("E", "F", False, "arrow", "solid"), ("G", "H", True, "", "dotted")]


def test_boxed_sequence_is_drawn_with_its_bands_in_the_report(tmp_path):
    from pilgi.load import load_sheet
    from pilgi.page import fit_page
    from pilgi.report import report
    sheet = tmp_path / "s.md"
    sheet.write_text("# S\n\n## D\n\n```mermaid\nsequenceDiagram\n  box Team\n    participant A\n    participant B\n"
                     "  end\n  participant C\n  A->>B: hi\n  B->>C: yo\n```\n", encoding="utf-8")
    page = fit_page(load_sheet(sheet))
    (record,) = report(page, [])["diagrams"]
    (band,) = record["frames"]
    assert band["title"] == "Team" and band["members"] == ["A", "B"]
    nodes = {n["id"]: n for n in record["nodes"]}
    assert band["x"] <= nodes["A"]["x"] and nodes["B"]["x"] + nodes["B"]["w"] <= band["x"] + band["w"]
    assert nodes["C"]["x"] >= band["x"] + band["w"]
    assert "Team" in [line.text for line in page.display.text_lines()]


def test_markdown_strings_keep_bold_and_write_italics_plain():
    flow = parse('flowchart LR\n  A["`The **dog** is *very* quick`"]\n')
    assert flow.nodes[0].label == "The **dog** is very quick"


def test_quoted_participant_labels_lose_their_quotes():
    seq = parse('sequenceDiagram\n  actor A as "Alice Smith"\n  A->>B: hi\n')
    assert seq.participants[0].label == "Alice Smith"


def test_a_direction_inside_a_subgraph_is_that_subgraphs_own():
    flow = parse("flowchart LR\n  subgraph A\n    direction TB\n    a --> b\n  end\n  x --> A\n")
    assert (flow.direction, flow.groups[0].direction) == ("LR", "TB")
