"""The YAML sheet format, validated into the sheet model with field paths in errors.

The fields each mapping takes, their defaults, choices and ranges are declared in
sheet_format.py (from which ``pilgi schema`` is derived); this module reads by them.
"""
from __future__ import annotations

import re
from pathlib import Path

from .. import model as m
from ..errors import InputError, unknown_key
from ..pictures import is_picture_ref
from ..theme import Theme, hex_color, plain_number
from ..lexicon import normalise
from ..reading import check_characters
from ..yamlio import as_written, load_yaml
from . import limits
from . import sheet_format as f

# These read strings of up to limits.MAX_TEXT characters, so each must run in about
# linear time on any text: names and participants start and end with a non-blank
# (a blank run has one owner, not many), the node after an edge's arrow is taken in
# one atomic piece, a label holds no '[' (so "-[-[-[…" is not rescanned from every
# '-'), and chains are split on the bare arrows, their names stripped where used.
CHAIN_ARROW = re.compile(r"--?(?:\[([^\[\]]*)\]--?)?>")
MESSAGE = re.compile(r"^\s*(?P<src>[^-:>\s](?:[^-:>]*[^-:>\s])?)\s*(?P<arrow>-->|->|--x|-x)\s*"
                     r"(?P<dst>[^:\s](?:[^:]*[^:\s])?)\s*:\s*(?P<text>.*)$")
EDGE = re.compile(r"^\s*(?P<src>\S(?:.*?\S)??)\s*--?(?:\[(?P<label>[^\[\]]*)\]--?)?>\s*"
                  r"(?>(?P<dst>[^:\s](?:[^:]*[^:\s])?)\s*)(?::\s*(?P<label2>.*))?$")
PASTEL_NAMES = tuple(Theme().pastels)
BLOCK_TYPES = tuple(f.BLOCK.types)


class Reader:
    def __init__(self, where: str):
        self.where = where
        self.pastel_names: tuple[str, ...] = PASTEL_NAMES  # grows with a sheet's own theme pastels
        self.section_blocks = 0  # blocks of the section being read, those inside rows too

    def fail(self, path: str, message: str):
        raise InputError(message, f"{self.where}: {path}" if path else self.where)

    # -- scalars -------------------------------------------------------------------
    def text(self, value, path: str, allow_empty: bool = False) -> str:
        if value is None and not allow_empty:
            self.fail(path, "expected text")
        if value is None:
            return ""
        if isinstance(value, bool):  # YAML 1.2: only true/false are; yes/no/on/off are text
            value = "true" if value else "false"
        if isinstance(value, (int, float)):
            value = as_written(value)  # "3.10" as written, not 3.1
        if not isinstance(value, str):
            self.fail(path, f"expected text, got {type(value).__name__}")
        value = normalise(value)  # escapes such as "\u1100" may spell decomposed Hangul
        try:
            check_characters(value, "")
        except InputError as exc:
            self.fail(path, f"{exc.message} (of the text)")
        if len(value) > limits.MAX_TEXT:
            self.fail(path, f"text is {len(value)} characters; the limit is {limits.MAX_TEXT}")
        if not value.strip() and not allow_empty:
            self.fail(path, "text is empty")
        return value.strip("\n")

    def mapping(self, value, path: str, allowed: set[str] | f.Shape, required: set[str] = frozenset()) -> dict:
        """``value`` as a mapping of the ``allowed`` fields (a declared shape, or a set
        with the ``required`` ones)."""
        if isinstance(allowed, f.Shape):
            allowed, required = allowed.keys, set(allowed.required)
        if not isinstance(value, dict):
            self.fail(path, f"expected a mapping with {', '.join(sorted(required or allowed))}")
        for key in value:
            if key not in allowed:
                self.fail(f"{path}.{key}" if path else str(key), unknown_key("field", key, allowed))
        for key in required:
            if key not in value:
                self.fail(path, f"missing field '{key}'")
        return value

    def seq(self, value, path: str, limit: int, what: str) -> list:
        if not isinstance(value, list):
            self.fail(path, f"expected a list of {what}")
        if len(value) > limit:
            self.fail(path, f"{len(value)} {what}; the limit is {limit}")
        return value

    def title_icon(self, value) -> str:
        icon = self.text(value, "icon", allow_empty=True)
        if is_picture_ref(icon):
            self.fail("icon", "the title's icon is an emoji or an icon name; pictures are for sections")
        return icon

    def color(self, value, path: str) -> str:
        """A pastel name of the theme or a #rrggbb colour; empty for none."""
        name = self.text(value, path, allow_empty=True).strip()
        if name and name not in self.pastel_names:
            try:
                hex_color(name, path)
            except InputError:
                self.fail(path, f"'{name}' is not a pastel ({', '.join(self.pastel_names)}) or a #rrggbb colour")
        return name

    def flag(self, value, path: str) -> bool:
        if not isinstance(value, bool):
            self.fail(path, "expected true or false")
        return value

    def number(self, value, path: str, lo: float, hi: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
            self.fail(path, f"expected a number from {plain_number(lo)} to {plain_number(hi)}")
        return value

    # -- declared fields -------------------------------------------------------------
    def field(self, data: dict, shape: f.Shape, key: str, path: str):
        """The field ``key`` of a mapping already checked against ``shape``, read as
        declared there (its default when absent)."""
        here = f"{path}.{key}" if path else key
        return self.value(shape.fields[key], data.get(key, shape.default_of(key)), here)

    def value(self, kind, value, path: str):
        """A scalar of a declared kind."""
        if isinstance(kind, f.Text):
            return self.text(value, path, allow_empty=kind.empty)
        if isinstance(kind, f.Choice):
            return self.choice(value, path, kind.values)
        if isinstance(kind, f.Number):
            number = self.number(value, path, kind.lo, kind.hi)
            if kind.whole and number != int(number):
                self.fail(path, f"expected a whole number from {plain_number(kind.lo)} to {plain_number(kind.hi)}")
            return int(number) if kind.whole else number
        if isinstance(kind, f.Flag):
            return self.flag(value, path)
        if isinstance(kind, f.Color):
            return self.color(value, path)
        raise TypeError(f"{kind!r} is not a scalar kind")

    def choice(self, value, path: str, values: tuple[str, ...]) -> str:
        word = self.text(value, path)
        if word not in values:
            quoted = [f"'{v}'" for v in values]
            either = ", ".join(quoted[:-1]) + f" or {quoted[-1]}" if len(quoted) > 1 else quoted[0]
            self.fail(path, f"expected {either}, not '{word}'")
        return word

    # -- sheet ---------------------------------------------------------------------
    def sheet(self, data) -> m.Sheet:
        data = self.mapping(data, "", f.SHEET)
        sections = self.seq(data["sections"], "sections", limits.MAX_SECTIONS, "sections")
        theme = self.theme(data.get("theme"))
        if isinstance(theme.get("pastels"), dict):
            self.pastel_names += tuple(str(k) for k in theme["pastels"])
        layout = data.get("layout", f.SHEET.fields["layout"].options[0].default)
        layout_spec = None
        if isinstance(layout, dict):
            layout_spec, layout = layout, "inline"
        else:
            layout = self.text(layout, "layout")
        return m.Sheet(
            title=self.field(data, f.SHEET, "title", ""),
            subtitle=self.field(data, f.SHEET, "subtitle", ""),
            title_icon=self.title_icon(data.get("icon")),
            source=self.source(data.get("source"), "source"),
            layout=layout,
            layout_spec=layout_spec,
            page=self.page(data.get("page"), "page"),
            theme=theme,
            seed=self.field(data, f.SHEET, "seed", ""),
            sections=[self.section(s, f"sections[{i}]") for i, s in enumerate(sections)],
        )

    def theme(self, value) -> dict:
        if value is None:
            return {}
        if isinstance(value, str):
            return {"name": value}
        if not isinstance(value, dict):
            self.fail("theme", "expected a theme name or a mapping of theme fields")
        return value

    def source(self, value, path: str) -> m.Source:
        if value is None:
            return m.Source()
        d = self.mapping(value, path, f.SOURCE)
        return m.Source(**{k: self.field(d, f.SOURCE, k, path) for k in d})

    def page(self, value, path: str) -> m.Page:
        if value is None:
            return m.Page()
        d = self.mapping(value, path, f.PAGE)
        size = self.text(d.get("size", f.PAGE.default_of("size")), f"{path}.size")
        if size.upper() not in f.PAGE.fields["size"].values:
            self.fail(f"{path}.size", f"only A4 is supported, got '{size}'")
        return m.Page("A4", self.field(d, f.PAGE, "orientation", path), self.field(d, f.PAGE, "dpi", path))

    def section(self, value, path: str) -> m.Section:
        d = self.mapping(value, path, f.SECTION)
        blocks = self.seq(d["blocks"], f"{path}.blocks", limits.MAX_BLOCKS, "blocks")
        self.section_blocks = 0
        return m.Section(
            title=self.field(d, f.SECTION, "title", path),
            slot=self.field(d, f.SECTION, "slot", path),
            icon=self.field(d, f.SECTION, "icon", path),
            color=self.field(d, f.SECTION, "color", path),
            blocks=[self.block(b, f"{path}.blocks[{i}]", depth=0) for i, b in enumerate(blocks)],
            where=f"{self.where}: {path}",
        )

    # -- blocks ----------------------------------------------------------------------
    def block(self, value, path: str, depth: int) -> m.Block:
        self.section_blocks += 1
        if self.section_blocks > limits.MAX_BLOCKS:
            self.fail(path, f"the section has more than {limits.MAX_BLOCKS} blocks, counting those in rows")
        if not isinstance(value, dict):
            self.fail(path, f"expected a block: a mapping with one of {', '.join(BLOCK_TYPES)}")
        kinds = [k for k in value if k in BLOCK_TYPES]
        if len(kinds) != 1:
            others = {k for kind in BLOCK_TYPES for k in f.BLOCK.keys_for(kind)} - set(BLOCK_TYPES)
            unknown = [k for k in value if k not in BLOCK_TYPES and k not in others]
            if unknown:
                self.fail(f"{path}.{unknown[0]}", unknown_key("block type", unknown[0], BLOCK_TYPES))
            self.fail(path, f"a block needs exactly one type key of: {', '.join(BLOCK_TYPES)}")
        kind = kinds[0]
        self.mapping(value, path, f.BLOCK.keys_for(kind))
        title = self.value(f.BLOCK.common["title"], value.get("title"), f"{path}.title")
        body = value[kind]
        here = f"{path}.{kind}"
        if kind == "text":
            return m.Text(self.text(body, here), title)
        if kind in ("bullets", "numbered"):
            items = self.seq(body, here, limits.MAX_ITEMS, "items")
            style = "bullet" if kind == "bullets" else "number"
            return m.ListBlock([self.text(x, f"{here}[{i}]") for i, x in enumerate(items)], style, title)
        if kind == "checks":
            return self.checks(body, here, title)
        if kind == "table":
            return self.table(body, here, title)
        if kind == "quote":
            return self.quote(body, here, title)
        if kind == "spec":
            return self.spec(body, here, title)
        if kind == "code":
            return m.Code(self.text(body, here), "", title)
        if kind == "flow":
            return self.flow(body, here, title)
        if kind == "sequence":
            return self.sequence(body, here, title)
        if kind == "mindmap":
            return self.mindmap(body, here, title)
        if kind == "mermaid":
            from .mermaid import parse_mermaid
            diagram = parse_mermaid(self.text(body, here), f"{self.where}: {here}")
            diagram.title = title or diagram.title  # a block title, else the diagram's own
            return diagram
        return self.row(value, path, depth, title)

    def row(self, value: dict, path: str, depth: int, title: str) -> m.Row:
        if depth >= limits.MAX_DEPTH:
            self.fail(path, f"rows are nested more than {limits.MAX_DEPTH} deep")
        items = self.seq(value["row"], f"{path}.row", limits.MAX_ROW, "blocks")
        if not items:
            self.fail(f"{path}.row", "a row needs at least one block")
        widths = []
        if "widths" in value:
            ws = self.seq(value["widths"], f"{path}.widths", limits.MAX_ROW, "widths")
            if len(ws) != len(items):
                self.fail(f"{path}.widths", f"{len(ws)} widths for {len(items)} blocks")
            width = f.BLOCK.only["row"]["widths"].item
            widths = [float(self.value(width, w, f"{path}.widths[{i}]")) for i, w in enumerate(ws)]
        blocks = [self.block(b, f"{path}.row[{i}]", depth + 1) for i, b in enumerate(items)]
        return m.Row(blocks, widths, title)

    def checks(self, body, path: str, title: str) -> m.ListBlock:
        """Items are done by default; {text: …, done: false} leaves the box empty."""
        items, done = [], []
        for i, item in enumerate(self.seq(body, path, limits.MAX_ITEMS, "items")):
            if isinstance(item, dict):
                d = self.mapping(item, f"{path}[{i}]", f.CHECK_ITEM)
                items.append(self.field(d, f.CHECK_ITEM, "text", f"{path}[{i}]"))
                done.append(self.field(d, f.CHECK_ITEM, "done", f"{path}[{i}]"))
            else:
                items.append(self.text(item, f"{path}[{i}]"))
                done.append(True)
        return m.ListBlock(items, "check", title, [] if all(done) else done)

    def table(self, body, path: str, title: str) -> m.Table:
        d = self.mapping(body, path, f.TABLE)
        header = self.seq(d["header"], f"{path}.header", limits.MAX_COLUMNS, "columns")
        if not header:
            self.fail(f"{path}.header", "a table needs at least one column")
        rows = self.seq(d["rows"], f"{path}.rows", limits.MAX_ROWS, "rows")
        cells = []
        for r, row in enumerate(rows):
            row = self.seq(row, f"{path}.rows[{r}]", limits.MAX_COLUMNS, "cells")
            if len(row) > len(header):
                self.fail(f"{path}.rows[{r}]", f"{len(row)} cells for {len(header)} columns")
            cells.append([self.text(c, f"{path}.rows[{r}][{i}]", allow_empty=True) for i, c in enumerate(row)])
        return m.Table([self.text(h, f"{path}.header[{i}]", allow_empty=True) for i, h in enumerate(header)],
                       cells, title)

    def quote(self, body, path: str, title: str) -> m.Quote:
        if isinstance(body, str):
            return m.Quote(self.text(body, path), title=title)
        d = self.mapping(body, path, f.QUOTE)
        return m.Quote(*(self.field(d, f.QUOTE, k, path) for k in ("text", "note", "source")), title)

    def spec(self, body, path: str, title: str) -> m.Spec:
        if isinstance(body, dict):
            items = [m.SpecItem(self.text(k, path), self.text(v, f"{path}.{k}")) for k, v in body.items()]
        else:
            rows = self.seq(body, path, limits.MAX_ROWS, "items")
            items = []
            for i, row in enumerate(rows):
                d = self.mapping(row, f"{path}[{i}]", f.SPEC_ITEM)
                items.append(m.SpecItem(*(self.field(d, f.SPEC_ITEM, k, f"{path}[{i}]")
                                          for k in ("label", "value", "note"))))
        if len(items) > limits.MAX_ROWS:
            self.fail(path, f"{len(items)} items; the limit is {limits.MAX_ROWS}")
        return m.Spec(items, title)

    # -- diagrams ------------------------------------------------------------------------
    def flow(self, body, path: str, title: str) -> m.Flow:
        d = self.mapping(body, path, f.FLOW)
        direction = self.field(d, f.FLOW, "direction", path)
        nodes: dict[str, m.FlowNode] = {}
        edges: list[m.FlowEdge] = []

        def node(ref: str) -> str:
            ref = ref.strip()
            if ref not in nodes:
                if len(nodes) >= limits.MAX_NODES:
                    self.fail(path, f"more than {limits.MAX_NODES} nodes")
                nodes[ref] = m.FlowNode(ref, ref)
            return ref

        for i, n in enumerate(self.seq(d.get("nodes", []), f"{path}.nodes", limits.MAX_NODES, "nodes")):
            here = f"{path}.nodes[{i}]"
            if isinstance(n, str):
                n = {"label": n}
            nd = self.mapping(n, here, f.FLOW_NODE)
            label = self.field(nd, f.FLOW_NODE, "label", here)
            nid = self.text(nd.get("id", label), f"{here}.id")
            nodes[nid] = m.FlowNode(nid, label, *(self.field(nd, f.FLOW_NODE, k, here) for k in ("shape", "note", "color")))
        chains = d.get("chain", [])
        chains = [chains] if isinstance(chains, str) else self.seq(chains, f"{path}.chain", limits.MAX_EDGES, "chains")
        for i, chain in enumerate(chains):
            here = f"{path}.chain" + (f"[{i}]" if len(chains) > 1 else "")
            parts = CHAIN_ARROW.split(self.text(chain, here))
            names, labels = parts[0::2], parts[1::2]
            if len(names) < 2 or any(not n.strip() for n in names):
                self.fail(here, "expected a chain such as 'A -> B -> C' (labels: 'A -[label]-> B')")
            for a, b, label in zip(names, names[1:], labels):
                edges.append(m.FlowEdge(node(a), node(b), (label or "").strip()))
        for i, e in enumerate(self.seq(d.get("edges", []), f"{path}.edges", limits.MAX_EDGES, "edges")):
            here = f"{path}.edges[{i}]"
            if isinstance(e, str):
                match = EDGE.match(e)
                if not match:
                    self.fail(here, "expected 'A -> B' or 'A -> B: label'")
                edges.append(m.FlowEdge(node(match["src"]), node(match["dst"]),
                                        (match["label"] or match["label2"] or "").strip()))
                continue
            ed = self.mapping(e, here, f.FLOW_EDGE)
            src, dst, label, style = (self.field(ed, f.FLOW_EDGE, k, here) for k in ("from", "to", "label", "style"))
            edges.append(m.FlowEdge(node(src), node(dst), label, style))
        if len(edges) > limits.MAX_EDGES:
            self.fail(path, f"more than {limits.MAX_EDGES} edges")
        if not nodes:
            self.fail(path, "a flow needs at least one node (use 'chain' or 'nodes')")
        return m.Flow(list(nodes.values()), edges, "TB" if direction == "TD" else direction, [], title)

    def sequence(self, body, path: str, title: str) -> m.Sequence:
        d = self.mapping(body, path, f.SEQUENCE)
        participants: dict[str, m.Participant] = {}
        for i, p in enumerate(self.seq(d.get("participants", []), f"{path}.participants",
                                       limits.MAX_PARTICIPANTS, "participants")):
            here = f"{path}.participants[{i}]"
            if isinstance(p, str):
                participants[p] = m.Participant(p, p)
            else:
                pd = self.mapping(p, here, f.PARTICIPANT)
                pid = self.field(pd, f.PARTICIPANT, "id", here)
                participants[pid] = m.Participant(pid, self.text(pd.get("label", pid), f"{here}.label"),
                                                  self.field(pd, f.PARTICIPANT, "actor", here))
        autonumber = self.field(d, f.SEQUENCE, "autonumber", path)
        counter = [0]  # messages, for their numbers
        total = [0]  # every step, nested ones too, against the limit

        def who(name: str, here: str) -> str:
            if name not in participants:
                if len(participants) >= limits.MAX_PARTICIPANTS:
                    self.fail(here, f"more than {limits.MAX_PARTICIPANTS} participants")
                participants[name] = m.Participant(name, name)
            return name

        def steps(value, here: str, depth: int) -> list[m.SequenceItem]:
            if depth > limits.MAX_DEPTH:
                self.fail(here, f"frames are nested more than {limits.MAX_DEPTH} deep")
            out: list[m.SequenceItem] = []
            for i, s in enumerate(self.seq(value, here, limits.MAX_STEPS, "steps")):
                sh = f"{here}[{i}]"
                total[0] += 1
                if total[0] > limits.MAX_STEPS:
                    self.fail(sh, f"more than {limits.MAX_STEPS} steps in the sequence")
                if isinstance(s, str):
                    match = MESSAGE.match(s)
                    if not match:
                        self.fail(sh, "expected 'A -> B: message' (-> solid, --> dashed, -x lost)")
                    arrow = match["arrow"]
                    counter[0] += 1
                    out.append(m.Message(who(match["src"], sh), who(match["dst"], sh), match["text"].strip(),
                                         "dashed" if arrow.startswith("--") else "solid",
                                         "cross" if arrow.endswith("x") else "arrow",
                                         counter[0] if autonumber else None))
                    continue
                kinds = [k for k in (*f.FRAME_KINDS, "note") if isinstance(s, dict) and k in s]
                if len(kinds) != 1:
                    self.fail(sh, "expected a message string, a frame (loop/alt/opt/par/critical with 'steps') or a note")
                kind = kinds[0]
                if kind == "note":
                    nd = self.mapping(s, sh, f.NOTE)
                    over = nd["over"] if isinstance(nd["over"], list) else [nd["over"]]
                    out.append(m.Note(self.text(nd["note"], f"{sh}.note"),
                                      [who(self.text(o, f"{sh}.over"), sh) for o in over[:2]]))
                    continue
                fd = self.mapping(s, sh, f.FRAMES[kind])
                branches = [m.FrameBranch(self.text(fd[kind], f"{sh}.{kind}", allow_empty=True),
                                          steps(fd["steps"], f"{sh}.steps", depth + 1))]
                for j, e in enumerate(self.seq(fd.get("else", []), f"{sh}.else", f.MAX_ELSE, "branches")):
                    ed = self.mapping(e, f"{sh}.else[{j}]", f.ELSE_BRANCH)
                    branches.append(m.FrameBranch(self.text(ed.get("label", ""), f"{sh}.else[{j}].label", allow_empty=True),
                                                  steps(ed["steps"], f"{sh}.else[{j}].steps", depth + 1)))
                out.append(m.Frame(kind, branches))
            return out

        items = steps(d["steps"], f"{path}.steps", 0)
        if not participants:
            self.fail(path, "a sequence needs at least one participant")
        return m.Sequence(list(participants.values()), items, autonumber, title)

    def mindmap(self, body, path: str, title: str) -> m.MindMap:
        d = self.mapping(body, path, f.MINDMAP)
        count = [0]

        def children(value, here: str, depth: int) -> list[m.MindNode]:
            # The root is level 1, so the nodes of a list at ``depth`` are on level depth + 1.
            if depth >= limits.MAX_MIND_DEPTH and value:
                self.fail(here, f"the mind map is deeper than {limits.MAX_MIND_DEPTH} levels")
            if isinstance(value, dict):
                value = [{k: v} for k, v in value.items()]
            out = []
            for i, item in enumerate(self.seq(value, here, limits.MAX_MIND_NODES, "nodes")):
                count[0] += 1
                if count[0] > limits.MAX_MIND_NODES:
                    self.fail(here, f"the mind map has more than {limits.MAX_MIND_NODES} nodes")
                ih = f"{here}[{i}]"
                if isinstance(item, dict) and len(item) == 1:
                    (text, kids), = item.items()
                    out.append(m.MindNode(self.text(text, ih), children(kids or [], f"{ih}.{text}", depth + 1)))
                else:
                    out.append(m.MindNode(self.text(item, ih)))
            return out

        root = m.MindNode(self.text(d["root"], f"{path}.root"), children(d["branches"], f"{path}.branches", 1),
                          "round")
        return m.MindMap(root, title)


def read_yaml_sheet(text: str, path: Path | str) -> m.Sheet:
    where = str(path)
    data = load_yaml(text, where)
    sheet = Reader(where).sheet(data)
    sheet.path = where
    return sheet
