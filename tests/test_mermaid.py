"""The Mermaid reader: structure of what it builds, and errors that name the line."""
from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pilgi.errors import InputError
from pilgi.model import Activation, Flow, Frame, Message, MindMap, Note, Sequence
from pilgi.readers.limits import MAX_DEPTH, MAX_EDGES, MAX_MIND_DEPTH, MAX_NODES, MAX_STEPS
from pilgi.readers.mermaid import MAX_MIND_NODES, parse_mermaid


def parse(text: str, **kwargs):
    return parse_mermaid(textwrap.dedent(text), **kwargs)


def error_of(text: str, where: str = "sheet.md", first_line: int = 1) -> str:
    with pytest.raises(InputError) as caught:
        parse_mermaid(textwrap.dedent(text), where, first_line)
    return str(caught.value)


def nodes_of(flow: Flow) -> dict[str, tuple[str, str]]:
    return {node.id: (node.label, node.shape) for node in flow.nodes}


def edges_of(flow: Flow) -> list[tuple]:
    return [(e.src, e.dst, e.label, e.style, e.arrow) for e in flow.edges]


# --- header and preamble ---------------------------------------------------

def test_leading_blank_lines_comments_and_directives_are_allowed():
    flow = parse("""

        %%{init: {"theme": "forest"}}%%
        %% a comment
        %%{
          init: {"flowchart": {"curve": "basis"}}
        }%%
        graph LR
          A --> B %% trailing comment
    """)
    assert isinstance(flow, Flow)
    assert edges_of(flow) == [("A", "B", "", "solid", True)]


@pytest.mark.parametrize("kind", ["gantt", "erDiagram", "journey", "gitGraph", "sankey-beta"])
def test_unknown_diagram_type_names_type_and_line(kind):
    message = error_of(f"\n\n{kind}\n  title x\n", first_line=14)
    assert message == f"sheet.md:16: unsupported Mermaid diagram type '{kind}'"


def test_empty_diagram_is_an_error():
    assert error_of("\n  %% only a comment\n", first_line=5) == "sheet.md:5: empty Mermaid diagram"


def test_unclosed_directive_is_an_error():
    assert "sheet.md:2:" in error_of("graph LR\n%%{\ninit: {}\n")


def test_header_takes_no_extra_text():
    assert "unexpected text after 'mindmap'" in error_of("mindmap root\n")


# --- flowchart -------------------------------------------------------------

@pytest.mark.parametrize(
    "header, direction",
    [("flowchart TD", "TB"), ("flowchart TB", "TB"), ("graph BT", "BT"),
     ("graph LR", "LR"), ("flowchart RL", "RL"), ("flowchart", "auto"), ("graph", "auto")],
)
def test_flow_direction(header, direction):
    assert parse(f"{header}\n  A --> B\n").direction == direction


def test_unknown_direction_is_an_error():
    assert "sheet.md:3: unknown flowchart direction 'XY'" in error_of("\n\nflowchart XY\nA-->B\n")


def test_flow_node_shapes():
    flow = parse("""
        flowchart LR
          a[box] --> b(round) --> c([stadium]) --> d[[subroutine]]
          e[(cylinder)] --> f((circle)) --> g{diamond} --> h>flag]
          i{{hexagon}}
          j
    """)
    assert nodes_of(flow) == {
        "a": ("box", "box"), "b": ("round", "round"), "c": ("stadium", "stadium"),
        "d": ("subroutine", "subroutine"), "e": ("cylinder", "cylinder"),
        "f": ("circle", "circle"), "g": ("diamond", "diamond"), "h": ("flag", "flag"),
        "i": ("hexagon", "box"), "j": ("j", "box"),
    }


def test_flow_labels_quotes_markdown_breaks_and_class_suffix():
    flow = parse("""
        flowchart TB
          A["text (with parens)"] --> B["`**bold** words`"]
          C[one<br/>two<br>three]:::warm --> D:::cold
    """)
    assert nodes_of(flow) == {
        "A": ("text (with parens)", "box"), "B": ("**bold** words", "box"),
        "C": ("one\ntwo\nthree", "box"), "D": ("D", "box"),
    }


def test_later_shape_updates_label_and_ids_keep_first_mention_order():
    flow = parse("""
        graph TD
          B --> A
          A(Alpha)
          C --> B{Beta}
    """)
    assert [node.id for node in flow.nodes] == ["B", "A", "C"]
    assert nodes_of(flow)["A"] == ("Alpha", "round")
    assert nodes_of(flow)["B"] == ("Beta", "diamond")


def test_flow_edge_kinds():
    flow = parse("""
        flowchart LR
          a --> b
          a --- c
          a -.-> d
          a -.- e
          a ==> f
          a ---> g
          a ====> h
          a ----- i
          a -..-> j
    """)
    assert [(e.dst, e.style, e.arrow) for e in flow.edges] == [
        ("b", "solid", True), ("c", "solid", False), ("d", "dotted", True),
        ("e", "dotted", False), ("f", "thick", True), ("g", "solid", True),
        ("h", "thick", True), ("i", "solid", False), ("j", "dotted", True),
    ]


def test_flow_edge_labels():
    flow = parse("""
        flowchart LR
          a -->|pipe| b
          a --- |"open pipe"| c
          a -- inline text --> d
          a -. dotted text .-> e
          a == thick text ==> f
          a -- open text --- g
          a -.->|dot pipe| h
    """)
    assert edges_of(flow) == [
        ("a", "b", "pipe", "solid", True), ("a", "c", "open pipe", "solid", False),
        ("a", "d", "inline text", "solid", True), ("a", "e", "dotted text", "dotted", True),
        ("a", "f", "thick text", "thick", True), ("a", "g", "open text", "solid", False),
        ("a", "h", "dot pipe", "dotted", True),
    ]


def test_flow_chains_and_ampersands():
    flow = parse("""
        flowchart TD
          a --> b -->|x| c
          p & q --> r & s
    """)
    assert edges_of(flow) == [
        ("a", "b", "", "solid", True), ("b", "c", "x", "solid", True),
        ("p", "r", "", "solid", True), ("p", "s", "", "solid", True),
        ("q", "r", "", "solid", True), ("q", "s", "", "solid", True),
    ]


def test_semicolons_separate_statements_but_not_inside_quotes():
    flow = parse('graph LR; A --> B; B --> C["x; y"];\n')
    assert edges_of(flow) == [("A", "B", "", "solid", True), ("B", "C", "", "solid", True)]
    assert nodes_of(flow)["C"] == ("x; y", "box")


def test_nested_subgraphs_record_direct_and_nested_members():
    flow = parse("""
        flowchart LR
          start --> a1
          subgraph outer [Outer box]
            direction TB
            a1 --> a2
            subgraph inner["Inner box"]
              b1
            end
          end
          subgraph Plain title
            c1 --> a2
          end
    """)
    groups = {g.id: (g.label, g.members) for g in flow.groups}
    assert groups == {
        "outer": ("Outer box", ["a1", "a2", "b1"]),
        "inner": ("Inner box", ["b1"]),
        "Plain title": ("Plain title", ["c1"]),  # a2 stays in the first subgraph naming it
    }
    assert flow.direction == "LR"  # a subgraph's direction does not turn the whole chart


def test_styling_statements_are_accepted_and_style_fill_colours_a_node():
    flow = parse("""
        flowchart LR
          A --> B
          classDef hot fill:#f96
          class A hot
          style B fill:#ccf,stroke:#333
          linkStyle 0 stroke:#f00
          click A callback "tip"
    """)
    assert [node.color for node in flow.nodes] == ["", "#ccf"]


def test_unsupported_flow_line_names_absolute_line():
    message = error_of("""
        flowchart LR
          A --> B
          A -> B
    """, first_line=10)
    assert message == "sheet.md:13: unsupported flowchart syntax: 'A -> B'"


@pytest.mark.parametrize("line", ["A -->", "--> B", "A B", "A[unclosed", "A -> B", "A <-> B"])
def test_malformed_flow_statements_are_errors(line):
    assert "unsupported flowchart syntax" in error_of(f"graph TD\n{line}\n")


def test_unbalanced_subgraphs():
    assert error_of("graph TD\nA\nend\n") == "sheet.md:3: 'end' without an open subgraph"
    assert error_of("graph TD\nsubgraph one\nA\n") == "sheet.md:2: subgraph 'one' has no 'end'"


def test_empty_flowchart_is_an_error():
    assert "flowchart has no nodes" in error_of("flowchart LR\n")


def test_flow_limits():
    many_nodes = "graph LR\n" + "\n".join(f"n{i}" for i in range(MAX_NODES + 1))
    assert f"more than {MAX_NODES} nodes" in error_of(many_nodes)
    left = " & ".join(f"a{i}" for i in range(21))
    right = " & ".join(f"b{i}" for i in range(20))
    assert f"more than {MAX_EDGES} edges" in error_of(f"graph LR\n{left} --> {right}\n")


# --- sequence diagram ------------------------------------------------------

def test_participants_declared_and_implied_in_order():
    seq = parse("""
        sequenceDiagram
          participant A as Alice
          actor U as The<br/>User
          participant S
          A->>B: hi
          C->>A: yo
    """)
    assert isinstance(seq, Sequence)
    assert [(p.id, p.label, p.actor) for p in seq.participants] == [
        ("A", "Alice", False), ("U", "The\nUser", True), ("S", "S", False),
        ("B", "B", False), ("C", "C", False),
    ]


def test_message_arrows():
    seq = parse("""
        sequenceDiagram
          A->>B: solid arrow
          A-->>B: dashed arrow
          A->B: solid open
          A-->B: dashed open
          A-xB: solid cross
          A--xB: dashed cross
          A-)B: solid async
          A--)B: dashed async
          A->>A: to self
    """)
    assert [(m.src, m.dst, m.text, m.line, m.head) for m in seq.items] == [
        ("A", "B", "solid arrow", "solid", "arrow"), ("A", "B", "dashed arrow", "dashed", "arrow"),
        ("A", "B", "solid open", "solid", "open"), ("A", "B", "dashed open", "dashed", "open"),
        ("A", "B", "solid cross", "solid", "cross"), ("A", "B", "dashed cross", "dashed", "cross"),
        ("A", "B", "solid async", "solid", "async"), ("A", "B", "dashed async", "dashed", "async"),
        ("A", "A", "to self", "solid", "arrow"),
    ]
    assert all(m.number is None for m in seq.items) and not seq.autonumber


def test_activation_shorthand_and_statements():
    seq = parse("""
        sequenceDiagram
          A->>+B: call
          B-->>-A: return
          activate A
          deactivate A
    """)
    assert seq.items[1:] == [
        Activation("B", True), seq.items[2], Activation("B", False),
        Activation("A", True), Activation("A", False),
    ]
    assert isinstance(seq.items[2], Message) and seq.items[2].text == "return"


def test_notes():
    seq = parse("""
        sequenceDiagram
          A->>B: hi
          Note over A: one
          note over A,B: both<br/>lines
          Note left of A: left
          Note right of C: right
    """)
    assert seq.items[1:] == [
        Note("one", ["A"], "over"), Note("both\nlines", ["A", "B"], "over"),
        Note("left", ["A"], "left"), Note("right", ["C"], "right"),
    ]
    assert [p.id for p in seq.participants] == ["A", "B", "C"]


def test_note_beside_two_participants_is_an_error():
    assert "'Note left of' takes one participant" in error_of("sequenceDiagram\nNote left of A,B: x\n")


def test_nested_frames_with_branches():
    seq = parse("""
        sequenceDiagram
          loop Every minute
            A->>B: ping
            alt is up
              B->>A: pong
            else is down
              A->>A: wait
            end
          end
          par first
            A->>B: x
          and second
            A->>C: y
          end
          critical connect
            A->>B: open
          option timeout
            A->>A: retry
          end
          opt maybe
            A->>B: z
          end
          break stop
            A->>B: bye
          end
          rect rgb(200, 220, 255)
            A->>B: tinted
          end
    """)
    loop = seq.items[0]
    assert isinstance(loop, Frame) and loop.kind == "loop"
    assert [b.label for b in loop.branches] == ["Every minute"]
    alt = loop.branches[0].items[1]
    assert isinstance(alt, Frame) and alt.kind == "alt"
    assert [(b.label, [m.text for m in b.items]) for b in alt.branches] == [
        ("is up", ["pong"]), ("is down", ["wait"]),
    ]
    rest = [(f.kind, [b.label for b in f.branches]) for f in seq.items[1:]]
    assert rest == [
        ("par", ["first", "second"]), ("critical", ["connect", "timeout"]), ("opt", ["maybe"]),
        ("break", ["stop"]), ("rect", [""]),  # rect: a shaded band, its colour not written
    ]


def test_autonumber_numbers_messages_in_order_through_frames():
    seq = parse("""
        sequenceDiagram
          autonumber
          A->>B: one
          loop again
            B->>A: two
          end
          Note over A: not numbered
          A->>B: three
    """)
    assert seq.autonumber
    assert seq.items[0].number == 1
    assert seq.items[1].branches[0].items[0].number == 2
    assert seq.items[3].number == 3


def test_title():
    assert parse("sequenceDiagram\ntitle Login flow\nA->>B: hi\n").title == "Login flow"


def test_frame_errors_name_the_line():
    assert error_of("sequenceDiagram\nA->>B: x\nend\n", first_line=20) == \
        "sheet.md:22: 'end' without an open frame"
    assert error_of("sequenceDiagram\nA->>B: x\nloop forever\nA->>B: y\n", first_line=20) == \
        "sheet.md:22: 'loop' frame has no 'end'"
    assert "'else' outside an 'alt' frame" in error_of("sequenceDiagram\nloop x\nelse y\nend\n")


def test_unsupported_sequence_line_names_absolute_line():
    message = error_of("sequenceDiagram\n  A->>B: hi\n  A =>> B: hi\n", "doc.md", 7)
    assert message == "doc.md:9: unsupported sequence diagram syntax: 'A =>> B: hi'"


def test_sequence_limits():
    many = "sequenceDiagram\n" + "A->>B: x\n" * (MAX_STEPS + 1)
    assert f"more than {MAX_STEPS} items" in error_of(many)
    deep = "sequenceDiagram\n" + "loop x\n" * (MAX_DEPTH + 1)
    assert f"deeper than {MAX_DEPTH} levels" in error_of(deep)


# --- state and class diagrams, read as flowcharts -------------------------------

def test_state_diagram_is_a_flow_of_states_with_start_and_end_dots():
    flow = parse("""
        stateDiagram-v2
            direction LR
            [*] --> Pending
            Pending --> Running : 노드 배정
            Running --> [*]
            state "Crash Loop" as CLB
            Running --> CLB
            Pending : 스케줄 대기
            note right of Running : probe 검사
            note left of CLB
                로그 확인
            end note
            state check <<choice>>
            CLB --> check
            classDef bad fill:#f00
            class CLB bad
    """)
    assert isinstance(flow, Flow) and flow.direction == "LR"
    assert nodes_of(flow) == {"[*]start": ("●", "circle"), "Pending": ("Pending", "round"),
                              "Running": ("Running", "round"), "[*]end": ("◉", "circle"),
                              "CLB": ("Crash Loop", "round"), "check": ("check", "diamond")}
    assert edges_of(flow)[:3] == [("[*]start", "Pending", "", "solid", True),
                                  ("Pending", "Running", "노드 배정", "solid", True),
                                  ("Running", "[*]end", "", "solid", True)]
    notes = {node.id: node.note for node in flow.nodes}
    assert (notes["Pending"], notes["Running"], notes["CLB"]) == ("스케줄 대기", "probe 검사", "로그 확인")


def test_composite_state_is_a_group_with_its_own_start():
    flow = parse("""
        stateDiagram
            [*] --> Active
            state Active {
                [*] --> Idle
                Idle --> Busy
                --
                Busy --> [*]
            }
    """)
    assert [(g.id, g.label, g.members) for g in flow.groups] == [
        ("Active", "Active", ["[*]startActive", "Idle", "Busy", "[*]endActive"])]


def test_class_diagram_is_a_flow_of_classes_with_members_as_notes():
    flow = parse("""
        classDiagram
            class Animal {
                <<abstract>>
                +String name
                +makeSound() void
            }
            class List~Item~
            Animal <|-- Dog
            Owner "1" --> "*" Dog : owns
            Car *-- Wheel
            Shape ..|> Drawable
            Dog ..> Bone
            <<interface>> Drawable
            Dog : +fetch() void
            note for Dog "충성스러움"
            class Dog:::hot
            style Car fill:#f9f
    """)
    nodes = {node.id: (node.label, node.note) for node in flow.nodes}
    assert nodes["Animal"] == ("Animal", "«abstract»\n+String name\n+makeSound() void")
    assert nodes["List"] == ("List<Item>", "")
    assert nodes["Dog"] == ("Dog", "+fetch() void\n충성스러움")
    assert nodes["Drawable"] == ("Drawable", "«interface»")
    assert edges_of(flow) == [("Dog", "Animal", "", "solid", True), ("Owner", "Dog", "1 owns *", "solid", True),
                              ("Car", "Wheel", "", "solid", False), ("Shape", "Drawable", "", "dotted", True),
                              ("Dog", "Bone", "", "dotted", True)]


@pytest.mark.parametrize("kind, line", [("stateDiagram-v2", "A -> B"), ("classDiagram", "A <|-|> B")])
def test_unsupported_state_and_class_lines_name_the_line(kind, line):
    assert error_of(f"{kind}\n  {line}\n", first_line=3) == (
        f"sheet.md:4: unsupported {'state' if kind.startswith('state') else 'class'} diagram syntax: '{line}'")


# --- mind map --------------------------------------------------------------

def tree(node) -> tuple:
    return (node.text, node.shape, [tree(child) for child in node.children])


def test_mindmap_tree_and_shapes():
    mind = parse("""
        mindmap
          root((Central))
            a(Round)
              a1[Square]
              a2))Bang((
            b)Cloud(
              b1{{Hexagon}}
                ::icon(fa fa-book)
              b2 plain text:::urgent
            ((Neural Network I/O))
            "`**quoted** markdown`"
    """)
    assert isinstance(mind, MindMap)
    assert tree(mind.root) == ("Central", "circle", [
        ("Round", "round", [("Square", "square", []), ("Bang", "bang", [])]),
        ("Cloud", "cloud", [("Hexagon", "hexagon", []), ("b2 plain text", "plain", [])]),
        ("Neural Network I/O", "circle", []),
        ("**quoted** markdown", "plain", []),
    ])


def test_mindmap_uneven_indentation_and_tabs():
    mind = parse("mindmap\n\tRoot\n\t\tA\n\t\t\tA1\n\t  B\n\t\t    B1\n")
    assert tree(mind.root) == ("Root", "plain", [
        ("A", "plain", [("A1", "plain", [])]),
        ("B", "plain", [("B1", "plain", [])]),
    ])


def test_mindmap_second_root_is_an_error():
    message = error_of("mindmap\n  one\n    child\n  two\n", first_line=30)
    assert message.startswith("sheet.md:33: mindmap has a second root 'two'")


def test_mindmap_without_root_is_an_error():
    assert "mindmap has no root node" in error_of("mindmap\n  ::icon(x)\n")


def test_mindmap_limits():
    deep = "mindmap\n" + "".join(" " * i + f"n{i}\n" for i in range(MAX_MIND_DEPTH + 1))
    assert f"deeper than {MAX_MIND_DEPTH} levels" in error_of(deep)
    wide = "mindmap\nroot\n" + "  leaf\n" * MAX_MIND_NODES
    assert f"more than {MAX_MIND_NODES} nodes" in error_of(wide)


# --- robustness ------------------------------------------------------------

def test_overlong_line_is_an_error():
    assert "longer than" in error_of("graph LR\nA-->" + "B" * 5000 + "\n")


@settings(max_examples=200, deadline=None)
@given(
    header=st.sampled_from(["flowchart LR\n", "sequenceDiagram\n", "mindmap\n"]),
    body=st.text(alphabet=st.sampled_from(list("AB xyz-.=>|&;:()[]{}\"`%\n\t+<")) | st.characters(), max_size=300),
)
def test_arbitrary_text_gives_a_model_or_input_error(header, body):
    try:
        result = parse_mermaid(header + body, "fuzz.md", 3)
    except InputError as exc:
        assert str(exc).startswith("fuzz.md")
    else:
        assert isinstance(result, (Flow, Sequence, MindMap))
