"""Read the Mermaid subset pilgi draws: flowcharts, sequence diagrams and mind maps.
State and class diagrams are read as flowcharts: boxes joined by arrows is what
they are on paper.

Each reader walks the lines once, without recursion, and builds model objects.
A line it does not understand raises InputError naming the file and line, so
nothing the author wrote is silently left off the sheet.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError
from ..model import (
    Activation,
    Flow,
    FlowEdge,
    FlowGroup,
    FlowNode,
    Frame,
    FrameBranch,
    Message,
    MindMap,
    MindNode,
    Note,
    Participant,
    ParticipantBox,
    Pie,
    Quadrant,
    Sequence,
    SequenceItem,
    Timeline,
    XYChart,
)
from .mermaid_charts import read_pie, read_quadrant, read_timeline, read_xychart
from .mermaid_syntax import SHAPE_OF_NAME, front_matter, metadata, metadata_end, plain_text
from .limits import (MAX_DEPTH, MAX_EDGES, MAX_MIND_DEPTH, MAX_MIND_NODES, MAX_NODES, MAX_PARTICIPANTS,
                     MAX_STEPS)

# Limits of this reader beyond the shared ones. They also keep hostile input
# from costing time: no regular expression here sees a line longer than this.
MAX_LINE_LENGTH = 1000
MAX_FLOW_GROUPS = 50
Chart = Pie | Timeline | XYChart | Quadrant


@dataclass(frozen=True)
class _Line:
    """A Mermaid statement and the line it came from."""
    number: int  # absolute line number in the file the diagram came from
    text: str  # without comments or trailing space; indentation kept (mind maps need it)


def parse_mermaid(text: str, where: str = "mermaid", first_line: int = 1) -> Flow | Sequence | MindMap | Chart:
    """Parse one Mermaid diagram; ``first_line`` is its first line's number in ``where``."""
    raw = text.split("\n")
    title, skip = front_matter(raw)
    lines = _content_lines("\n".join(raw[skip:]), where, first_line + skip)
    if not lines:
        raise InputError("empty Mermaid diagram", f"{where}:{first_line}")
    diagram = _parse(lines, where)
    if title:
        diagram.title = plain_text(title)
    return diagram


_ALIASES = {"flowchart-elk": "flowchart", "classDiagram-v2": "classDiagram"}  # drawn by pilgi's own layout


def _no_header_text(read):
    def checked(rest: str, body: list[_Line], where: str, header_line: int):
        if rest:
            raise InputError(f"unexpected text after the chart type: '{rest}'", f"{where}:{header_line}")
        return read(body, where, header_line)
    return checked


_CHARTS = {"pie": read_pie, "timeline": _no_header_text(read_timeline), "xychart-beta": read_xychart,
           "xychart": read_xychart, "quadrantChart": _no_header_text(read_quadrant)}


def _parse(lines: list[_Line], where: str) -> Flow | Sequence | MindMap | Chart:
    header, body = lines[0], lines[1:]
    kind, rest = _keyword(header.text)
    kind = _ALIASES.get(kind, kind)
    if kind in ("flowchart", "graph"):
        return _FlowReader(where, header.number).read(rest, body)
    if kind in ("stateDiagram", "stateDiagram-v2", "classDiagram"):
        if rest:
            raise InputError(f"unexpected text after '{kind}': '{rest}'", f"{where}:{header.number}")
        reader = _ClassReader if kind == "classDiagram" else _StateReader
        return reader(where, header.number).read("", body)
    if kind in _CHARTS:
        return _CHARTS[kind](rest, body, where, header.number)
    if kind in ("sequenceDiagram", "mindmap"):
        if rest:
            raise InputError(f"unexpected text after '{kind}': '{rest}'", f"{where}:{header.number}")
        if kind == "mindmap":
            return _read_mindmap(body, where, header.number)
        return _SequenceReader(where, header.number).read(body)
    raise InputError(f"unsupported Mermaid diagram type '{kind}'", f"{where}:{header.number}")


def _keyword(text: str) -> tuple[str, str]:
    """Split a statement into its first word and the rest, both stripped."""
    words = text.split(maxsplit=1)
    return words[0], (words[1] if len(words) > 1 else "")


_ACCESSIBILITY = re.compile(r"\s*acc(?:Title|Descr)\s*:.*")  # for screen readers, not the page
_ACCESSIBILITY_BLOCK = re.compile(r"\s*accDescr\s*\{.*")
MAX_JOINED_LINES = 12  # a quoted label may run over this many lines


def _content_lines(text: str, where: str, first_line: int) -> list[_Line]:
    """Non-blank lines with ``%%`` comments, ``%%{...}%%`` directives and accessibility
    text removed; a quoted label running over several lines is joined into its line
    (its line breaks kept as ``<br>``)."""
    lines: list[_Line] = []
    directive_start = None  # line of an open multi-line %%{ ... }%% directive
    description_start = None  # line of an open accDescr { ... } block
    # split("\n"), not splitlines(): form feeds and the like must not shift line numbers.
    raws = text.split("\n")
    offset = 0
    while offset < len(raws):
        raw, number = raws[offset], first_line + offset
        offset += 1
        if directive_start is not None:
            if "}%%" in raw:
                directive_start = None
            continue
        if description_start is not None:
            if "}" in raw:
                description_start = None
            continue
        if raw.lstrip().startswith("%%{") and "}%%" not in raw:
            directive_start = number
            continue
        if _ACCESSIBILITY_BLOCK.fullmatch(raw) and "}" not in raw:
            description_start = number
            continue
        content = raw.split("%%", 1)[0].rstrip()
        joined = _join_open_quote(content, raws, offset)
        if joined is not None:
            content, used = joined
            offset += used
        if len(content) > MAX_LINE_LENGTH:
            raise InputError(f"line is longer than {MAX_LINE_LENGTH} characters", f"{where}:{number}")
        if content.strip() and not _ACCESSIBILITY.fullmatch(content):
            lines.append(_Line(number, content))
    if directive_start is not None:
        raise InputError("'%%{' directive has no closing '}%%'", f"{where}:{directive_start}")
    if description_start is not None:
        raise InputError("'accDescr {' has no closing '}'", f"{where}:{description_start}")
    return lines


def _join_open_quote(content: str, raws: list[str], offset: int) -> tuple[str, int] | None:
    """``content`` joined with the lines that close its open double quote, and how many
    lines that took; None when no quote is open or none of the next lines closes it."""
    if content.count('"') % 2 == 0:
        return None
    parts = [content]
    for used, raw in enumerate(raws[offset:offset + MAX_JOINED_LINES], start=1):
        parts.append(raw.strip())
        if raw.count('"') % 2 == 1:
            return "<br>".join(parts), used
    return None


_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ITALIC = re.compile(r"(?<![*\w])\*(?!\*)([^*\n]+?)(?<!\*)\*(?![*\w])")


def _with_breaks(text: str) -> str:
    return "\n".join(part.strip() for part in _BREAK.split(plain_text(text.strip())))


def _clean_label(raw: str) -> str:
    """Drop the quotes Mermaid needs around special characters; keep the words."""
    text = raw.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    # A Mermaid markdown string: **bold** is the model's own markup; *italics* are
    # written plain (the hand has no italic).
    if len(text) >= 2 and text[0] == text[-1] == "`":
        text = _ITALIC.sub(r"\1", text[1:-1])
    return _with_breaks(text)


# --- mind map --------------------------------------------------------------

# Longer delimiters first, so "((" is not read as "(".
_MIND_SHAPES = (
    ("((", "))", "circle"),
    ("))", "((", "bang"),
    ("{{", "}}", "hexagon"),
    ("(", ")", "round"),
    (")", "(", "cloud"),
    ("[", "]", "square"),
)
_MIND_SHAPED = re.compile(r"(?P<id>[^\s()\[\]{}]*)(?P<body>[(\[{)].*)")
_CLASS_SUFFIX_TEXT = re.compile(r":::.*$")


def _read_mindmap(lines: list[_Line], where: str, header_line: int) -> MindMap:
    root: MindNode | None = None
    # Open ancestors of the next line with their indentation; a line hangs under
    # the nearest one indented less than itself, so siblings need not align exactly.
    stack: list[tuple[int, MindNode]] = []
    count = 0
    for line in lines:
        text = _CLASS_SUFFIX_TEXT.sub("", line.text.strip()).strip()
        if not text or text.startswith("::icon("):  # icons and classes are decoration
            continue
        expanded = line.text.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip())
        node = _mind_node(text)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if stack:
            stack[-1][1].children.append(node)
        elif root is None:
            root = node
        else:
            raise InputError(
                f"mindmap has a second root '{text}'; indent it under the root", f"{where}:{line.number}"
            )
        stack.append((indent, node))
        count += 1
        if len(stack) > MAX_MIND_DEPTH:
            raise InputError(f"mindmap is deeper than {MAX_MIND_DEPTH} levels", f"{where}:{line.number}")
        if count > MAX_MIND_NODES:
            raise InputError(f"mindmap has more than {MAX_MIND_NODES} nodes", f"{where}:{line.number}")
    if root is None:
        raise InputError("mindmap has no root node", f"{where}:{header_line}")
    return MindMap(root)


def _mind_node(text: str) -> MindNode:
    match = _MIND_SHAPED.fullmatch(text)
    if match:
        body = match["body"]
        for opener, closer, shape in _MIND_SHAPES:
            if len(body) >= len(opener) + len(closer) and body.startswith(opener) and body.endswith(closer):
                return MindNode(_clean_label(body[len(opener):-len(closer)]), shape=shape)
    # Anything else, parentheses in running text included, is a plain node.
    return MindNode(_clean_label(text))


# --- flowchart -------------------------------------------------------------

_DIRECTIONS = {"TB": "TB", "TD": "TB", "BT": "BT", "LR": "LR", "RL": "RL"}
# Styling and interaction have no meaning on paper; "style" is read for its fill.
_IGNORED_FLOW_STATEMENTS = {"classDef", "class", "linkStyle", "click"}


def _shape_pattern(opener: str, closer: str) -> re.Pattern[str]:
    # An unquoted label stops at the closer's last character, so "A[x] --> B[y]"
    # is two nodes and never one label "x] --> B[y".
    stop = re.escape(closer[-1])
    return re.compile(
        re.escape(opener) + rf'\s*(?P<label>"[^"]*"|[^{stop}]*?)\s*' + re.escape(closer)
    )


# Longer openers first, so "([" is a stadium and not a round node holding "[".
_FLOW_SHAPES = tuple(
    (_shape_pattern(opener, closer), shape)
    for opener, closer, shape in (
        ("(((", ")))", "circle"),
        ("([", "])", "stadium"),
        ("[[", "]]", "subroutine"),
        ("[(", ")]", "cylinder"),
        ("((", "))", "circle"),
        ("{{", "}}", "box"),  # hexagon: pilgi draws no hexagon, a box reads the same
        ("[/", "/]", "box"),  # parallelogram and trapezoid outlines, likewise
        ("[\\", "\\]", "box"),
        ("[/", "\\]", "box"),
        ("[\\", "/]", "box"),
        ("(", ")", "round"),
        ("[", "]", "box"),
        ("{", "}", "diamond"),
        (">", "]", "flag"),
    )
)
_NODE_ID = re.compile(r"\s*(\w+(?:[-.]\w+)*)")
_NODE_CLASS = re.compile(r":::[\w-]+")
_AMPERSAND = re.compile(r"\s*&")
# Plain links may carry "|label|"; the others wrap the label in the link itself. A link
# may start with an end mark (<, o, x: <--> o--o x--x) and an edge id ("e1@-->").
_TAIL = r"\s*(?:\w+@)?(?P<tail>[<ox](?=[-=]))?"
_LINKS = (
    (re.compile(_TAIL + r"(?P<link>-{2,}[>ox]|-{3,})(?:\s*\|(?P<text>[^|]*)\|)?"), "solid"),
    (re.compile(_TAIL + r"(?P<link>-\.+-[>ox]?)(?:\s*\|(?P<text>[^|]*)\|)?"), "dotted"),
    (re.compile(_TAIL + r"(?P<link>={2,}[>ox]|={3,})(?:\s*\|(?P<text>[^|]*)\|)?"), "thick"),
    (re.compile(_TAIL + r"--(?![->])(?P<text>.+?)(?P<link>-{2,}[>ox]|-{3,})"), "solid"),
    (re.compile(_TAIL + r"-\.(?![.\->])(?P<text>.+?)(?P<link>\.-[>ox]?)"), "dotted"),
    (re.compile(_TAIL + r"==(?![=>])(?P<text>.+?)(?P<link>={2,}[>ox]|={3,})"), "thick"),
    (re.compile(r"\s*(?:\w+@)?(?P<link>~{3,})(?P<text>)"), "invisible"),
)
_END_MARKS = {">": "arrow", "<": "arrow", "o": "circle", "x": "cross"}
_EDGE_METADATA = re.compile(r"(?P<id>\w+)@\{.*\}")
_SUBGRAPH_WITH_TITLE = re.compile(r"(?P<id>\w+(?:[-.]\w+)*)\s*\[(?P<title>.*)\]")
_STYLE = re.compile(r"style\s+(?P<id>\S+)\s+(?P<css>\S.*)")
_FILL = re.compile(r"fill\s*:\s*(#[0-9a-fA-F]{3,8})\b")


class _Unparsed(Exception):
    """A statement does not follow the supported grammar; reported with its text."""


class _Cursor:
    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    def take(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        match = pattern.match(self.text, self.pos)
        if match:
            self.pos = match.end()
        return match

    def expect(self, pattern: re.Pattern[str]) -> re.Match[str]:
        match = self.take(pattern)
        if match is None:
            raise _Unparsed
        return match

    def done(self) -> bool:
        return not self.text[self.pos:].strip()


def _statements(text: str) -> list[str]:
    """Split on ';' outside double quotes, so a quoted label may hold one."""
    parts = re.findall(r'(?:"[^"]*"|[^;"])+|"[^"]*$', text)
    return [part.strip() for part in parts if part.strip()]


class _FlowReader:
    def __init__(self, where: str, header_line: int):
        self.where = where
        self.line = header_line  # line being read, for messages
        self.direction = "auto"
        self.nodes: dict[str, FlowNode] = {}  # insertion order = first mention
        self.edges: list[FlowEdge] = []
        self.groups: list[FlowGroup] = []
        self.open_groups: list[tuple[FlowGroup, int]] = []  # with the line that opened each
        self.grouped: set[str] = set()
        self.fills: dict[str, str] = {}
        self.edge_ids: set[str] = set()

    def error(self, message: str, line: int | None = None) -> InputError:
        return InputError(message, f"{self.where}:{self.line if line is None else line}")

    def read(self, header_rest: str, lines: list[_Line]) -> Flow:
        statements = _statements(header_rest)
        if statements and re.fullmatch(r"\w+", statements[0]):
            self.direction = self.parse_direction(statements.pop(0))
        for statement in statements:  # "graph LR; A-->B" puts statements on the header line
            self.statement(statement)
        for line in lines:
            self.line = line.number
            for statement in _statements(line.text):
                self.statement(statement)
        return self.finish()

    def parse_direction(self, word: str) -> str:
        if word.upper() not in _DIRECTIONS:
            raise self.error(f"unknown flowchart direction '{word}'; use TB, TD, BT, LR or RL")
        return _DIRECTIONS[word.upper()]

    def statement(self, text: str) -> None:
        keyword, rest = _keyword(text)
        if keyword == "subgraph":
            self.open_group(rest)
        elif text == "end":
            self.close_group()
        elif keyword == "direction":
            self.statement_direction(rest)
        elif keyword == "style":
            self.style(text)
        elif keyword not in _IGNORED_FLOW_STATEMENTS:
            try:
                self.chain(text)
            except _Unparsed:
                raise self.error(f"unsupported flowchart syntax: '{text}'") from None

    def statement_direction(self, rest: str) -> None:
        """The whole chart's direction, or (inside a subgraph) that subgraph's own."""
        direction = self.parse_direction(rest)
        if self.open_groups:
            self.open_groups[-1][0].direction = direction
        else:
            self.direction = direction

    def open_group(self, rest: str) -> None:
        if not rest:
            raise self.error("subgraph needs an id or a title")
        match = _SUBGRAPH_WITH_TITLE.fullmatch(rest)
        if match:
            group = FlowGroup(match["id"], _clean_label(match["title"]), [])
        else:
            title = _clean_label(rest)
            group = FlowGroup(title, title, [])
        if self.open_groups:
            group.parent = self.open_groups[-1][0].id
        again = next((g for g in self.groups if g.id == group.id), None)
        if again is not None:  # the same subgraph opened again: more members for it
            self.open_groups.append((again, self.line))
            return
        if len(self.groups) >= MAX_FLOW_GROUPS:
            raise self.error(f"flowchart has more than {MAX_FLOW_GROUPS} subgraphs")
        self.groups.append(group)
        self.open_groups.append((group, self.line))

    def close_group(self) -> None:
        if not self.open_groups:
            raise self.error("'end' without an open subgraph")
        self.open_groups.pop()

    def style(self, text: str) -> None:
        match = _STYLE.fullmatch(text)
        if match is None:
            raise self.error(f"unsupported flowchart syntax: '{text}'")
        fill = _FILL.search(match["css"])
        if fill:
            self.fills[match["id"]] = fill.group(1)

    def chain(self, text: str) -> None:
        """``a & b --> c -->|x| d``: every node on one side links to every node on the next."""
        match = _EDGE_METADATA.fullmatch(text)
        if match and match["id"] in self.edge_ids:  # an edge's animation and the like
            return
        cursor = _Cursor(text)
        left = self.node_group(cursor)
        while not cursor.done():
            edge_id = re.match(r"\s*(\w+)@(?!\{)", cursor.text[cursor.pos:])
            if edge_id:
                self.edge_ids.add(edge_id.group(1))
            link = _link(cursor)
            right = self.node_group(cursor)
            if link is not None:  # "~~~" places nodes without a drawn link
                for src in left:
                    for dst in right:
                        self.add_edge(FlowEdge(src, dst, **link))
            left = right

    def node_group(self, cursor: _Cursor) -> list[str]:
        ids = [self.node(cursor)]
        while cursor.take(_AMPERSAND):
            ids.append(self.node(cursor))
        return ids

    def node(self, cursor: _Cursor) -> str:
        node_id = cursor.expect(_NODE_ID).group(1)
        shape = label = None
        if cursor.text.startswith("@{", cursor.pos):
            shape, label = self.node_metadata(cursor, node_id)
        else:
            for pattern, shape_name in _FLOW_SHAPES:
                match = cursor.take(pattern)
                if match:
                    shape, label = shape_name, _clean_label(match["label"])
                    break
        cursor.take(_NODE_CLASS)
        self.mention(node_id, shape, label)
        return node_id

    def node_metadata(self, cursor: _Cursor, node_id: str) -> tuple[str | None, str | None]:
        """``A@{ shape: cyl, label: "Disk" }``: the shape mapped to the nearest pilgi outline;
        icons, images and sizes are not drawn."""
        end = metadata_end(cursor.text, cursor.pos)
        pairs = metadata(cursor.text[cursor.pos + 2:end - 1]) if end else None
        if pairs is None:
            raise self.error(f"unreadable node metadata '@{{…}}' of '{node_id}'")
        cursor.pos = end
        shape = SHAPE_OF_NAME.get(pairs.get("shape", "rect").strip().lower(), "box")
        existing = self.nodes.get(node_id)
        label = pairs.get("label")
        if label is None:
            label = existing.label if existing else node_id
        return shape, _clean_label(label) if "label" in pairs else label

    def mention(self, node_id: str, shape: str | None, label: str | None) -> None:
        node = self.nodes.get(node_id)
        if node is None:
            if len(self.nodes) >= MAX_NODES:
                raise self.error(f"flowchart has more than {MAX_NODES} nodes")
            node = self.nodes[node_id] = FlowNode(node_id, node_id)
        if shape is not None:
            node.shape, node.label = shape, label
        # A node belongs to the first subgraph that mentions it (and that one's
        # enclosing subgraphs), so sibling groups never share a node.
        if self.open_groups and node_id not in self.grouped:
            self.grouped.add(node_id)
            for group, _ in self.open_groups:
                group.members.append(node_id)

    def add_edge(self, edge: FlowEdge) -> None:
        if len(self.edges) >= MAX_EDGES:
            raise self.error(f"flowchart has more than {MAX_EDGES} edges")
        self.edges.append(edge)

    def finish(self) -> Flow:
        if self.open_groups:
            group, line = self.open_groups[-1]
            raise self.error(f"subgraph '{group.label}' has no 'end'", line)
        if not self.nodes:
            raise self.error("flowchart has no nodes")
        for node_id, fill in self.fills.items():
            if node_id in self.nodes:  # a style may also name a subgraph; pilgi colours nodes only
                self.nodes[node_id].color = fill
        self.drop_frame_ids()
        return Flow(list(self.nodes.values()), self.edges, self.direction, self.groups)

    def drop_frame_ids(self) -> None:
        """An id that names a subgraph (or composite state) is the frame, not a node: the
        edges naming it meet the frame. What was said of it as a node titles the frame."""
        for group in self.groups:
            node = self.nodes.pop(group.id, None)
            if node is None:
                continue
            if node.label != group.id and group.label == group.id:
                group.label = node.label
            if node.note:
                group.label = "\n".join(filter(None, [group.label, node.note]))
            for other in self.groups:
                if group.id in other.members:
                    other.members.remove(group.id)


def _link(cursor: _Cursor) -> dict | None:
    """Read one link; return the FlowEdge fields it gives (None for an invisible link)."""
    for pattern, style in _LINKS:
        match = cursor.take(pattern)
        if match:
            if style == "invisible":
                return None
            head = _END_MARKS.get(match["link"][-1])
            tail = _END_MARKS.get(match["tail"] or "", "")
            return {"label": _clean_label(match["text"] or ""), "style": style, "arrow": head is not None,
                    "head": head or "arrow", "tail": tail}
    raise _Unparsed


# --- state and class diagrams, as flowcharts ---------------------------------

_STATE_ID = r"\[\*\]|[\w.-]+"
_STYLED = r"(?::::[\w-]+)?"  # Crash:::bad - a style class, not a description
_STATE_TRANSITION = re.compile(
    rf"(?P<src>{_STATE_ID}){_STYLED}\s*-->\s*(?P<dst>{_STATE_ID}){_STYLED}\s*(?::\s*(?P<label>.*))?")
_STATE_DECLARATION = re.compile(
    r'state\s+(?:"(?P<label>[^"]*)"\s+as\s+)?(?P<id>[\w.-]+)' + _STYLED
    + r'\s*(?:<<(?P<kind>\w+)>>)?\s*(?::\s*(?P<description>[^{]*?))?\s*(?P<open>\{)?')
_BARE_STATE = re.compile(rf"(?P<id>[\w.-]+){_STYLED}")
_STATE_NOTE = re.compile(r"note\s+(?:left|right)\s+of\s+(?P<id>[\w.-]+)\s*(?::\s*(?P<text>.*))?", re.IGNORECASE)
_DESCRIPTION = re.compile(r"(?P<id>[\w.~-]+)\s*:\s*(?P<text>.+)")
_START, _END = "●", "◉"  # drawn in a small circle, as Mermaid draws [*]
_IGNORED_GRAPH_STATEMENTS = _IGNORED_FLOW_STATEMENTS | {"style", "cssClass", "callback", "link", "hide", "show",
                                                         "scale"}


class _StateReader(_FlowReader):
    """A state diagram: states are round boxes, ``[*]`` the start and end dots of the
    state holding it, a composite state a group, descriptions and notes the states'
    notes, choice states diamonds; concurrency separators (``--``) are not drawn."""

    def __init__(self, where: str, header_line: int):
        super().__init__(where, header_line)
        self.note_for: str | None = None  # the state an open multi-line note belongs to

    def statement(self, text: str) -> None:
        keyword, rest = _keyword(text)
        if self.note_for is not None:
            if text.lower() == "end note":
                self.note_for = None
            else:
                self.add_note(self.note_for, text)
        elif keyword == "direction":
            self.statement_direction(rest)
        elif text == "}":
            self.close_group()
        elif text == "--" or keyword in _IGNORED_GRAPH_STATEMENTS:
            return
        elif match := _STATE_TRANSITION.fullmatch(text):
            label = _clean_label(match["label"] or "")
            self.add_edge(FlowEdge(self.state(match["src"], start=True), self.state(match["dst"], start=False), label))
        elif match := _STATE_DECLARATION.fullmatch(text):
            self.declare(match)
        elif match := _STATE_NOTE.fullmatch(text):
            if match["text"] is None:
                self.note_for = self.state(match["id"])
            else:
                self.add_note(self.state(match["id"]), match["text"])
        elif match := _BARE_STATE.fullmatch(text):
            self.state(match["id"])
        elif match := _DESCRIPTION.fullmatch(text):
            self.add_note(self.state(match["id"]), match["text"])
        else:
            raise self.error(f"unsupported state diagram syntax: '{text}'")


    def state(self, state_id: str, start: bool = True) -> str:
        """The node id of a state; ``[*]`` is the start (or end) dot of the enclosing state."""
        if state_id == "[*]":
            scope = self.open_groups[-1][0].id if self.open_groups else ""
            state_id = f"[*]{'start' if start else 'end'}{scope}"
            if state_id not in self.nodes:
                self.mention(state_id, "circle", _START if start else _END)
            return state_id
        if state_id not in self.nodes:
            self.mention(state_id, "round", state_id)
        return state_id

    def declare(self, match: re.Match[str]) -> None:
        node_id = self.state(match["id"])
        if match["label"]:
            self.nodes[node_id].label = _clean_label(match["label"])
        if match["kind"] == "choice":
            self.nodes[node_id].shape = "diamond"
        if match["description"]:
            self.add_note(node_id, match["description"])
        if match["open"]:
            label = self.nodes[node_id].label
            self.open_group(f'{node_id}["{label}"]')

    def add_note(self, node_id: str, text: str) -> None:
        node = self.nodes[node_id]
        node.note = "\n".join(filter(None, [node.note, _clean_label(text)]))


# A name, or any text in backticks; generics in tildes nest (List~List~int~~).
_CLASS_NAME = r"(?:`[^`]+`|[\w.-]+(?:~[^\s{}]*~)?)"
_STYLE_SUFFIX = r"(?::::[\w-]+)?"
_CLASS = re.compile(rf'class\s+(?P<id>{_CLASS_NAME}){_STYLE_SUFFIX}\s*(?:\["(?P<label>[^"]*)"\])?\s*'
                    rf'(?:<<(?P<annotation>[^>]+)>>)?\s*(?P<open>\{{)?')
_ANNOTATION = re.compile(rf"<<(?P<text>[^>]+)>>\s*(?P<id>{_CLASS_NAME})?")
_CLASS_NOTE = re.compile(rf'note(?:\s+for\s+(?P<id>{_CLASS_NAME}))?\s+"(?P<text>[^"]*)"')
_NAMESPACE = re.compile(r'namespace\s+(?P<id>[\w.-]+)\s*(?:\["(?P<label>[^"]*)"\])?\s*\{')
# Longer relations first, so "<|--" is not read as "<--" after a "|".
_RELATIONS = {
    "<|--|>": (True, "solid", True), "<|..|>": (True, "dotted", True),
    "<-->": (True, "solid", True), "<..>": (True, "dotted", True),
    "()--": (False, "solid", True), "--()": (True, "solid", True),
    "<|--": (False, "solid", True), "--|>": (True, "solid", True),
    "<|..": (False, "dotted", True), "..|>": (True, "dotted", True),
    "*--": (True, "solid", False), "--*": (False, "solid", False),
    "o--": (True, "solid", False), "--o": (False, "solid", False),
    "<--": (False, "solid", True), "-->": (True, "solid", True),
    "<..": (False, "dotted", True), "..>": (True, "dotted", True),
    "--": (True, "solid", False), "..": (True, "dotted", False),
}  # relation -> (drawn from the left class to the right one, line style, arrow head)
_RELATION = re.compile(
    rf'(?P<src>{_CLASS_NAME}){_STYLE_SUFFIX}\s*(?:"(?P<near_src>[^"]*)"\s*)?'
    rf"(?P<relation>{'|'.join(re.escape(r) for r in _RELATIONS)}|(?:<\||\*|o|<|\(\))?(?:--|\.\.)(?:\|>|\*|o|>|\(\))?)"
    rf'\s*(?:"(?P<near_dst>[^"]*)"\s*)?(?P<dst>{_CLASS_NAME}){_STYLE_SUFFIX}\s*(?::\s*(?P<label>.*))?')
_BOTH_WAYS = ("<|--|>", "<|..|>", "<-->", "<..>")
_LOLLIPOPS = ("()--", "--()")  # an interface: a small circle on the line at its end


class _ClassReader(_FlowReader):
    """A class diagram: classes are boxes with their members as the note, relations
    arrows (inheritance and realization point at the parent, dotted for dependencies
    and realizations; composition and association lines have no head), a relation's
    label and multiplicities its label."""

    def __init__(self, where: str, header_line: int):
        super().__init__(where, header_line)
        self.body_of: str | None = None  # the class whose { … } body is open
        self.floating_notes = 0

    def statement(self, text: str) -> None:
        keyword, rest = _keyword(text)
        if self.body_of is not None:
            if text == "}":
                self.body_of = None
            else:
                self.add_member(self.body_of, text)
        elif keyword == "direction":
            self.direction = self.parse_direction(rest)
        elif text == "}" and self.open_groups:
            self.close_group()
        elif match := _NAMESPACE.fullmatch(text):
            label = _clean_label(match["label"] or match["id"])
            self.open_group(f'{match["id"]}["{label}"]')
        elif match := _CLASS.fullmatch(text):
            node_id = self.class_node(match["id"])
            if match["label"]:
                self.nodes[node_id].label = _clean_label(match["label"])
            if match["annotation"]:
                self.add_member(node_id, f"<<{match['annotation']}>>")
            if match["open"]:
                self.body_of = node_id
        elif keyword in _IGNORED_GRAPH_STATEMENTS:  # "class A hot" and styling
            return
        elif match := _RELATION.fullmatch(text):
            relation = match["relation"]
            src, dst = self.class_node(match["src"]), self.class_node(match["dst"])
            label = " ".join(filter(None, (match["near_src"], _clean_label(match["label"] or ""), match["near_dst"])))
            if relation in _RELATIONS:
                forward, style, arrow = _RELATIONS[relation]
                if not forward:
                    src, dst = dst, src
                head = "circle" if relation in _LOLLIPOPS else "arrow"
                tail = "arrow" if relation in _BOTH_WAYS else ""
                self.add_edge(FlowEdge(src, dst, label, style, arrow, head, tail))
            else:  # two ends of their own ("*--*", "<|--o"): drawn left to right
                self.add_edge(_relation_edge(src, dst, label, relation))
        elif match := _ANNOTATION.fullmatch(text):
            if match["id"]:
                self.add_member(self.class_node(match["id"]), text)
        elif match := _CLASS_NOTE.fullmatch(text):
            if match["id"]:
                self.add_member(self.class_node(match["id"]), match["text"])
            else:  # a note of the whole diagram: a sticky note of its own
                self.floating_notes += 1
                note_id = f"note {self.floating_notes}"
                self.mention(note_id, "box", _clean_label(match["text"]))
                self.nodes[note_id].color = "yellow"
        elif match := _DESCRIPTION.fullmatch(text):
            self.add_member(self.class_node(match["id"]), match["text"])
        else:
            raise self.error(f"unsupported class diagram syntax: '{text}'")

    def class_node(self, name: str) -> str:
        name = name.strip("`")
        node_id = name.split("~", 1)[0]
        if node_id not in self.nodes:
            self.mention(node_id, "box", _generic(name))
        elif self.open_groups and node_id not in self.grouped:
            self.mention(node_id, None, None)  # declared inside a namespace after a first mention
        return node_id

    def add_member(self, node_id: str, text: str) -> None:
        annotation = _ANNOTATION.fullmatch(text.strip())
        line = f"«{annotation['text']}»" if annotation else _generic(_clean_label(text))
        node = self.nodes[node_id]
        node.note = "\n".join(filter(None, [node.note, line]))


_END_DRAWN = {"<|": "arrow", "|>": "arrow", "<": "arrow", ">": "arrow", "()": "circle"}  # "*", "o": plain


def _relation_edge(src: str, dst: str, label: str, relation: str) -> FlowEdge:
    line = "--" if "--" in relation else ".."
    left, right = relation.split(line, 1)
    head, tail = _END_DRAWN.get(right, ""), _END_DRAWN.get(left, "")
    return FlowEdge(src, dst, label, "dotted" if line == ".." else "solid", bool(head), head or "arrow", tail)


def _generic(name: str) -> str:
    """Mermaid writes generics with tildes: List~int~ is List<int>, List~List~int~~ is
    List<List<int>>: a tilde after a word character opens, any other closes."""
    out, depth = [], 0
    for i, ch in enumerate(name):
        if ch != "~":
            out.append(ch)
        elif i > 0 and (name[i - 1].isalnum() or name[i - 1] == "_") and name.count("~", i) > depth:
            out.append("<")
            depth += 1
        elif depth:
            out.append(">")
            depth -= 1
        else:
            out.append(ch)
    return "".join(out)


# --- sequence diagram ------------------------------------------------------

_PARTICIPANT = re.compile(r"(?:create\s+)?(?P<kind>participant|actor)\s+(?P<id>[^\s@]+?)"
                          r"(?:@\{(?P<meta>[^}]*)\})?(?:\s+as\s+(?P<label>\S.*))?")
# Clickable menus and the end of a created participant's life have no mark on paper.
_IGNORED_SEQUENCE = re.compile(r"(?:links?\s+[^:]+:|properties\s+[^:]+:|details\s+[^:]+:|destroy\s).*")
_BOX = re.compile(r"box(?:\s+(?P<rest>.*))?")
_BOX_COLOR = re.compile(r"(?:rgba?|hsla?)\(.*\)|#[0-9a-fA-F]{3,8}|transparent|aqua|black|blue|fuchsia|gray|grey|green|"
                        r"lime|maroon|navy|olive|orange|purple|red|silver|teal|white|yellow|pink|lightblue|"
                        r"lightgreen|lightyellow|lightgray|lightgrey|violet|gold|beige|ivory|khaki|coral|salmon",
                        re.IGNORECASE)
_AUTONUMBER = re.compile(r"autonumber(?:\s+(?P<start>\d{1,6})(?:\s+(?P<step>\d{1,6}))?)?")
_RECT_COLOR = re.compile(r"(?:rgba?|hsla?)\s*\(.*\)|#[0-9a-fA-F]{3,8}|[a-zA-Z]+")
_TITLE = re.compile(r"title(?:\s*:\s*|\s+)(?P<text>.*)")
_NOTE = re.compile(r"note\s+(?P<position>over|left of|right of)\s+(?P<who>[^:]+):(?P<text>.*)", re.IGNORECASE)
_ACTIVATION = re.compile(r"(?P<verb>activate|deactivate)\s+(?P<id>\S+)")
_FRAME_KINDS = ("loop", "alt", "opt", "par", "critical", "break", "rect")
_FRAME_OPEN = re.compile(rf"(?P<kind>{'|'.join(_FRAME_KINDS)})(?:\s+(?P<label>.*))?")
_BRANCH_OF = {"else": "alt", "and": "par", "option": "critical"}  # branch keyword -> its frame
_BRANCH = re.compile(r"(?P<keyword>else|and|option)(?:\s+(?P<label>.*))?")
# Alternatives longest first: at one position "-->>" must win over "-->".
_MESSAGE = re.compile(
    r"(?P<src>[^-+<>:,;\s][^-+<>:,;]*?)\s*(?P<both><<)?(?P<arrow>-->>|--x|--\)|-->|->>|-x|-\)|->)"
    r"\s*(?P<activation>[+-]?)\s*(?P<dst>[^-+<>:,;\s][^-+<>:,;]*?)\s*(?::(?P<text>.*))?"
)
_HEADS = {">>": "arrow", ">": "open", "x": "cross", ")": "async"}


class _SequenceReader:
    def __init__(self, where: str, header_line: int):
        self.where = where
        self.line = header_line
        self.participants: dict[str, Participant] = {}
        self.items: list[SequenceItem] = []
        self.open_frames: list[tuple[Frame, int]] = []  # with the line that opened each
        self.item_count = 0
        self.next_number: int | None = None  # set once autonumber is seen
        self.number_step = 1
        self.boxes: list[ParticipantBox] = []
        self.open_box: int | None = None  # line of an open "box", if any
        self.title = ""

    def error(self, message: str, line: int | None = None) -> InputError:
        return InputError(message, f"{self.where}:{self.line if line is None else line}")

    def read(self, lines: list[_Line]) -> Sequence:
        for line in lines:
            self.line = line.number
            self.statement(line.text.strip())
        if self.open_frames:
            frame, line = self.open_frames[-1]
            raise self.error(f"'{frame.kind}' frame has no 'end'", line)
        if self.open_box is not None:
            raise self.error("'box' has no 'end'", self.open_box)
        if not self.participants:
            raise self.error("sequence diagram has no participants")
        return Sequence(list(self.participants.values()), self.items, self.next_number is not None, self.title,
                        [b for b in self.boxes if b.members])

    def statement(self, text: str) -> None:
        if match := _AUTONUMBER.fullmatch(text):
            if match["start"]:
                self.next_number, self.number_step = int(match["start"]), int(match["step"] or 1)
            else:
                self.next_number = self.next_number or 1
        elif text == "end" and self.open_box is not None:
            self.open_box = None
        elif text == "end":
            self.close_frame()
        elif match := _BOX.fullmatch(text):
            self.open_participant_box(match["rest"] or "")
        elif match := _PARTICIPANT.fullmatch(text):
            self.declare(match)
        elif _IGNORED_SEQUENCE.fullmatch(text):
            return
        elif match := _TITLE.fullmatch(text):
            self.title = _with_breaks(match["text"])
        elif match := _NOTE.fullmatch(text):
            self.note(match)
        elif match := _ACTIVATION.fullmatch(text):
            self.add(Activation(self.participant(match["id"]), match["verb"] == "activate"))
        elif match := _FRAME_OPEN.fullmatch(text):
            self.open_frame(match["kind"], match["label"] or "")
        elif match := _BRANCH.fullmatch(text):
            self.branch(match["keyword"], match["label"] or "")
        elif match := _MESSAGE.fullmatch(text):
            self.message(match)
        else:
            raise self.error(f"unsupported sequence diagram syntax: '{text}'")

    def participant(self, participant_id: str) -> str:
        """Return the id, adding the participant on first mention."""
        if participant_id not in self.participants:
            if len(self.participants) >= MAX_PARTICIPANTS:
                raise self.error(f"sequence diagram has more than {MAX_PARTICIPANTS} participants")
            self.participants[participant_id] = Participant(participant_id, participant_id)
        return participant_id

    def open_participant_box(self, rest: str) -> None:
        if self.open_box is not None or self.open_frames:
            raise self.error("'box' only groups participants: it cannot be inside a box or frame")
        words = rest.split(maxsplit=1)
        if words and _BOX_COLOR.fullmatch(words[0]):  # the colour is pilgi's own
            rest = words[1] if len(words) > 1 else ""
        self.boxes.append(ParticipantBox(_with_breaks(rest), []))
        self.open_box = self.line

    def declare(self, match: re.Match[str]) -> None:
        if self.open_box is not None:
            if match["id"] in self.participants:
                raise self.error(f"participant '{match['id']}' is already drawn outside this box")
            self.boxes[-1].members.append(match["id"])
        participant = self.participants[self.participant(match["id"])]
        meta = metadata(match["meta"]) if match["meta"] is not None else {}
        if meta is None:
            raise self.error(f"unreadable participant metadata '@{{{match['meta']}}}'")
        participant.label = _clean_label(match["label"] or meta.get("alias") or match["id"])
        participant.actor = match["kind"] == "actor" or meta.get("type") == "actor"

    def add(self, item: SequenceItem) -> None:
        self.item_count += 1
        if self.item_count > MAX_STEPS:
            raise self.error(f"sequence diagram has more than {MAX_STEPS} items")
        target = self.open_frames[-1][0].branches[-1].items if self.open_frames else self.items
        target.append(item)

    def message(self, match: re.Match[str]) -> None:
        src, dst = self.participant(match["src"]), self.participant(match["dst"])
        arrow = match["arrow"]
        line = "dashed" if arrow.startswith("--") else "solid"
        head = _HEADS[arrow.lstrip("-")]
        self.add(Message(src, dst, _with_breaks(match["text"] or ""), line, head, self.take_number(),
                         both=match["both"] is not None))
        # Mermaid's shorthand: "+" activates the receiver, "-" deactivates the sender.
        if match["activation"] == "+":
            self.add(Activation(dst, True))
        elif match["activation"] == "-":
            self.add(Activation(src, False))

    def take_number(self) -> int | None:
        number = self.next_number
        if number is not None:
            self.next_number = number + self.number_step
        return number

    def note(self, match: re.Match[str]) -> None:
        position = match["position"].lower().split()[0]
        names = [name.strip() for name in match["who"].split(",")]
        allowed = "one or two participants" if position == "over" else "one participant"
        if not all(names) or len(names) > (2 if position == "over" else 1):
            raise self.error(f"'Note {match['position']}' takes {allowed}")
        over = [self.participant(name) for name in names]
        self.add(Note(_with_breaks(match["text"]), over, position))

    def open_frame(self, kind: str, label: str) -> None:
        if kind == "rect":  # "rect rgb(…)": a shaded band; its colour is pilgi's own
            if not _RECT_COLOR.fullmatch(label.strip()):
                raise self.error(f"'rect' takes a colour such as rgb(200, 220, 255), not '{label}'")
            label = ""
        if len(self.open_frames) >= MAX_DEPTH:
            raise self.error(f"frames are nested deeper than {MAX_DEPTH} levels")
        frame = Frame(kind, [FrameBranch(_with_breaks(label), [])])
        self.add(frame)
        self.open_frames.append((frame, self.line))

    def branch(self, keyword: str, label: str) -> None:
        kind = _BRANCH_OF[keyword]
        if not self.open_frames or self.open_frames[-1][0].kind != kind:
            raise self.error(f"'{keyword}' outside an '{kind}' frame")
        self.open_frames[-1][0].branches.append(FrameBranch(_with_breaks(label), []))

    def close_frame(self) -> None:
        if not self.open_frames:
            raise self.error("'end' without an open frame")
        self.open_frames.pop()
