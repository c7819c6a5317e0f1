"""The sheet model: what every reader produces and everything after it consumes.

Readers (YAML, Markdown, Mermaid, prompt files) build these objects; they never draw.
Text fields hold inline markup (``**bold**``, ``==highlight==``, ``code``) that
``text.parse_inline`` splits into styled spans at fitting time.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass
class Text:
    """Paragraphs of running text (blank lines between them)."""
    text: str
    title: str = ""


@dataclass
class ListBlock:
    """A bulleted, checked or numbered list."""
    items: list[str]
    style: str = "bullet"  # bullet | check | number
    title: str = ""
    done: list[bool] = field(default_factory=list)  # check lists: per item; empty = all done
    start: int = 1  # numbered lists: the first number


@dataclass
class Table:
    """A table: a header row and rows of cells."""
    header: list[str]
    rows: list[list[str]]
    title: str = ""


@dataclass
class Quote:
    """A quotation, drawn as a sticky note, with a note under it and its source."""
    text: str
    note: str = ""
    source: str = ""
    title: str = ""


@dataclass
class SpecItem:
    """One row of a spec: a label, its value and a note."""
    label: str
    value: str
    note: str = ""


@dataclass
class Spec:
    """Label-value rows (an input or output specification)."""
    items: list[SpecItem]
    title: str = ""


@dataclass
class Code:
    """Code written as it is, in the monospaced hand."""
    code: str
    language: str = ""
    title: str = ""


# --- diagrams -------------------------------------------------------------

@dataclass
class FlowNode:
    """A node of a flowchart: its label, outline and note."""
    id: str
    label: str
    shape: str = "box"  # box | round | stadium | subroutine | cylinder | circle | diamond | flag
    note: str = ""  # small annotation drawn under the node
    color: str = ""  # palette name; empty = automatic


@dataclass
class FlowEdge:
    """An arrow of a flowchart, from one node to another."""
    src: str
    dst: str
    label: str = ""
    style: str = "solid"  # solid | dotted | thick
    arrow: bool = True  # False for an open link (---)
    head: str = "arrow"  # arrow | circle | cross: what the arrow's end carries when ``arrow``
    tail: str = ""  # the same at the source end ("" = none): <--> o--o x--x


@dataclass
class FlowGroup:
    """A subgraph: nodes and groups framed together."""
    id: str
    label: str
    members: list[str]  # node ids, those of nested groups included
    parent: str = ""  # id of the group this one is drawn inside; "" = top level
    direction: str = ""  # its own (LR | RL | TB | BT); "" = along or across its parent's, as fits


@dataclass
class Flow:
    """A flowchart: nodes, arrows and groups in a direction."""
    nodes: list[FlowNode]
    edges: list[FlowEdge]
    direction: str = "auto"  # auto | LR | RL | TB | BT
    groups: list[FlowGroup] = field(default_factory=list)
    title: str = ""


@dataclass
class Participant:
    """A lifeline of a sequence diagram."""
    id: str
    label: str
    actor: bool = False


@dataclass
class Message:
    """An arrow between lifelines (or a lifeline and itself)."""
    src: str
    dst: str
    text: str
    line: str = "solid"  # solid | dashed
    head: str = "arrow"  # arrow | open | cross | async
    number: int | None = None
    both: bool = False  # a head at the sender's end too (<<->>)


@dataclass
class Note:
    """A note over or beside lifelines."""
    text: str
    over: list[str]  # participant ids: one or two
    position: str = "over"  # over | left | right


@dataclass
class FrameBranch:
    """One branch of a frame (an alt's else, a par's and) and what it holds."""
    label: str
    items: list["SequenceItem"]


@dataclass
class Frame:
    """A loop, alt, opt, par or other frame around messages."""
    kind: str  # loop | alt | opt | par | critical | rect
    branches: list[FrameBranch]  # first = main; later ones = else / and / option


@dataclass
class Activation:
    """A lifeline's activation bar starting or ending."""
    participant: str
    active: bool


SequenceItem = Union[Message, Note, Frame, Activation]


@dataclass
class ParticipantBox:
    """``box … end``: participants drawn together on a shaded band under a label."""
    label: str
    members: list[str]  # participant ids, neighbours in the participants' order


@dataclass
class Sequence:
    """A sequence diagram: lifelines and what happens between them, in order."""
    participants: list[Participant]
    items: list[SequenceItem]
    autonumber: bool = False
    title: str = ""
    boxes: list[ParticipantBox] = field(default_factory=list)


@dataclass
class MindNode:
    """A node of a mind map and its children."""
    text: str
    children: list["MindNode"] = field(default_factory=list)
    shape: str = "plain"  # plain | round | square | circle | cloud | bang | hexagon


@dataclass
class MindMap:
    """A mind map: its root and the branches under it."""
    root: MindNode
    title: str = ""


@dataclass
class PieSlice:
    """One slice of a pie chart."""
    label: str
    value: float


@dataclass
class Pie:
    """A pie chart."""
    slices: list[PieSlice]
    show_data: bool = False  # write each slice's value beside its share
    title: str = ""


@dataclass
class TimePeriod:
    """One period of a timeline and its events."""
    label: str
    events: list[str]


@dataclass
class TimeSection:
    """A named run of periods in a timeline."""
    label: str  # "" for periods written before any section
    periods: list[TimePeriod]


@dataclass
class Timeline:
    """A timeline: periods in order, grouped in sections."""
    sections: list[TimeSection]
    title: str = ""


@dataclass
class Series:
    """One series of an x-y chart: bars or a line."""
    kind: str  # bar | line
    values: list[float]
    label: str = ""


@dataclass
class XYChart:
    """A bar and line chart over categories."""
    categories: list[str] = field(default_factory=list)  # x labels; empty = numbered or x_range
    x_range: tuple[float, float] | None = None
    y_range: tuple[float, float] | None = None  # None = from the data
    x_title: str = ""
    y_title: str = ""
    series: list[Series] = field(default_factory=list)
    title: str = ""


@dataclass
class QuadrantPoint:
    """A point of a quadrant chart."""
    label: str
    x: float  # 0..1, left to right
    y: float  # 0..1, bottom to top


@dataclass
class Quadrant:
    """A quadrant chart: two axes, four named quarters and points."""
    x_axis: tuple[str, str] = ("", "")  # low, high
    y_axis: tuple[str, str] = ("", "")
    labels: list[str] = field(default_factory=lambda: ["", "", "", ""])  # quadrant-1 .. quadrant-4
    points: list[QuadrantPoint] = field(default_factory=list)
    title: str = ""


@dataclass
class Row:
    """Blocks side by side inside one section."""
    blocks: list["Block"]
    widths: list[float] = field(default_factory=list)  # relative; empty = equal
    title: str = ""


Block = Union[Text, ListBlock, Table, Quote, Spec, Code, Flow, Sequence, MindMap, Pie, Timeline, XYChart,
              Quadrant, Row]


@dataclass
class Section:
    """A box of the page: its heading, icon, colour, slot and blocks."""
    title: str
    blocks: list[Block]
    slot: str = ""  # layout slot name; empty = placed by rule
    icon: str = ""  # emoji or icon name from the icon set
    color: str = ""  # pastel fill name; empty = none
    where: str = ""  # where it came from, for messages (e.g. "sections[2]")
    slot_by_rule: bool = False  # a reader's rule chose ``slot``, not the author: the fitter may move it


@dataclass
class Source:
    """Where the content comes from, written under the title."""
    title: str = ""
    author: str = ""
    url: str = ""
    chapter: str = ""


@dataclass
class Page:
    """Paper size, orientation and resolution."""
    size: str = "A4"
    orientation: str = "landscape"
    dpi: int = 300


@dataclass
class Sheet:
    """A whole cheat sheet: title, sections, layout, theme and page."""
    title: str
    sections: list[Section]
    subtitle: str = ""
    layout: str = "lecture"  # a layout name or a path
    page: Page = field(default_factory=Page)
    theme: dict = field(default_factory=dict)  # overrides of the default theme
    source: Source = field(default_factory=Source)
    title_icon: str = ""
    seed: int = 1
    path: str = ""  # file it was read from, for messages
    layout_spec: dict | None = None  # an inline layout (e.g. read from a prompt file)
    unplaced: list[str] = field(default_factory=list)  # content a reader could not place
