"""A sheet written as the YAML format of readers/yaml_sheet.py, to edit by hand.

``read_yaml_sheet(sheet_to_yaml(sheet))`` gives the same model back. Fields left
at their defaults are not written; an inline layout (``Sheet.layout_spec``) is
written as the ``layout:`` mapping. Diagrams, Mermaid-made ones too, are written
as flow, sequence and mindmap blocks.

The header comment lists what a reader could not place ("# not placed: …") and
what the YAML format cannot say, so that reading it back loses it ("# not kept:
…"): flow subgraphs and open links, code languages, message heads other than
arrow and cross, notes left or right of a participant, ``rect`` frames (their
steps are kept), activations, mind-map node shapes, message numbers that do not
run 1, 2, 3 …, and the name of an inline layout (it reads back as "inline").
"""
from __future__ import annotations

import yaml

from . import model as m
from .readers.yaml_sheet import MESSAGE

_LIST_KEYS = {"bullet": "bullets", "check": "checks", "number": "numbered"}
_ARROWS = {("solid", "arrow"): "->", ("dashed", "arrow"): "-->", ("solid", "cross"): "-x", ("dashed", "cross"): "--x"}
_FRAME_KINDS = ("loop", "alt", "opt", "par", "critical")
_LINE_WIDTH = 4096  # long lines stay whole: wrapped plain scalars are hard to edit


def sheet_to_yaml(sheet: m.Sheet) -> str:
    writer = _Writer()
    data = writer.sheet(sheet)
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=_LINE_WIDTH)
    header = [f"# not placed: {item}" for item in sheet.unplaced]
    header += [f"# not kept: {item}" for item in dict.fromkeys(writer.lost)]
    return "".join(f"{line}\n" for line in header) + body


class _Inline(list):
    """A short list written on one line: table rows, row widths, the participants of a note."""


class _InlineMap(dict):
    """A small mapping written on one line: flow nodes and edges."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False):
        # Items of a list under a key are indented, as people write them.
        return super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(_Inline, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(_InlineMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))


def _without_empty(pairs: dict) -> dict:
    return {key: value for key, value in pairs.items() if value not in ("", None, [], {})}


class _Writer:
    def __init__(self):
        self.lost: list[str] = []  # what the YAML format cannot say
        self.place = ""  # the section being written, for the notes in ``lost``

    def sheet(self, sheet: m.Sheet) -> dict:
        data: dict = {"title": sheet.title}
        data.update(_without_empty({"subtitle": sheet.subtitle, "icon": sheet.title_icon}))
        source = _without_empty({"title": sheet.source.title, "author": sheet.source.author,
                                 "url": sheet.source.url, "chapter": sheet.source.chapter})
        if source:
            data["source"] = source
        data["layout"] = self.layout(sheet) if sheet.layout_spec is not None else sheet.layout
        if sheet.page != m.Page():
            data["page"] = {"size": sheet.page.size, "orientation": sheet.page.orientation, "dpi": sheet.page.dpi}
        if sheet.theme:
            data["theme"] = sheet.theme
        if sheet.seed != 1:
            data["seed"] = sheet.seed
        data["sections"] = [self.section(section) for section in sheet.sections]
        return data

    def layout(self, sheet: m.Sheet) -> dict:
        if sheet.layout != "inline":
            self.lost.append(f"the layout name '{sheet.layout}' (an inline layout reads back as 'inline')")
        spec = dict(sheet.layout_spec)
        if isinstance(spec.get("bands"), list):
            spec["bands"] = [self.band(band) for band in spec["bands"]]
        return spec

    @staticmethod
    def band(band) -> object:
        if not isinstance(band, dict) or not isinstance(band.get("cells"), list):
            return band
        cells = [_InlineMap(cell) if isinstance(cell, dict) else cell for cell in band["cells"]]
        return {**band, "cells": cells}

    def section(self, section: m.Section) -> dict:
        self.place = f"section '{section.title or section.slot}'"
        data = _without_empty({"slot": section.slot, "title": section.title, "icon": section.icon,
                               "color": section.color})
        data["blocks"] = [self.block(block) for block in section.blocks]
        return data

    # -- blocks ------------------------------------------------------------------------
    def block(self, block: m.Block) -> dict:
        data = {"title": block.title} if block.title else {}
        if isinstance(block, m.Text):
            data["text"] = block.text
        elif isinstance(block, m.ListBlock):
            data[_LIST_KEYS[block.style]] = self.list_items(block)
        elif isinstance(block, m.Table):
            data["table"] = {"header": _Inline(block.header), "rows": [_Inline(row) for row in block.rows]}
        elif isinstance(block, m.Quote):
            detail = _without_empty({"note": block.note, "source": block.source})
            data["quote"] = {"text": block.text, **detail} if detail else block.text
        elif isinstance(block, m.Spec):
            data["spec"] = [_without_empty({"label": i.label, "value": i.value, "note": i.note})
                            for i in block.items]
        elif isinstance(block, m.Code):
            if block.language:
                self.lost.append(f"the language '{block.language}' of a code block in {self.place}")
            data["code"] = block.code
        elif isinstance(block, m.Flow):
            data["flow"] = self.flow(block)
        elif isinstance(block, m.Sequence):
            data["sequence"] = self.sequence(block)
        elif isinstance(block, m.MindMap):
            data["mindmap"] = {"root": self.mind_text(block.root, is_root=True),
                               "branches": [self.mind_node(child) for child in block.root.children]}
        elif isinstance(block, (m.Pie, m.Timeline, m.XYChart, m.Quadrant)):
            data.pop("title", None)  # the chart's own "title" line carries it
            data["mermaid"] = _chart_mermaid(block)
        else:
            data["row"] = [self.block(child) for child in block.blocks]
            if block.widths:
                data["widths"] = _Inline(block.widths)
        return data

    def list_items(self, block: m.ListBlock) -> list:
        if block.start != 1:
            self.lost.append(f"the first number ({block.start}) of a numbered list in {self.place}")
        if block.style != "check" or all(block.done):
            return list(block.items)  # no flags, or all done: the reader's default
        return [item if done else {"text": item, "done": False} for item, done in zip(block.items, block.done)]

    # -- diagrams ---------------------------------------------------------------------
    def flow(self, flow: m.Flow) -> dict:
        if flow.groups:
            self.lost.append(f"flow subgraphs ({', '.join(g.label or g.id for g in flow.groups)}) in {self.place}")
        if any(not edge.arrow for edge in flow.edges):
            self.lost.append(f"open links (---) of a flow in {self.place}; they read back as arrows")
        if any(edge.tail or edge.head != "arrow" for edge in flow.edges):
            self.lost.append(f"link ends (<-->, --o, --x) of a flow in {self.place}; they read back as arrows")
        data: dict = {"direction": flow.direction} if flow.direction != "auto" else {}
        data["nodes"] = [_InlineMap(_without_empty({
            "id": node.id if node.id != node.label else "", "label": node.label, "note": node.note,
            "shape": node.shape if node.shape != "box" else "", "color": node.color})) for node in flow.nodes]
        data["edges"] = [_InlineMap(_without_empty({
            "from": edge.src, "to": edge.dst, "label": edge.label,
            "style": edge.style if edge.style != "solid" else ""})) for edge in flow.edges]
        return data

    def sequence(self, sequence: m.Sequence) -> dict:
        participants = []
        for p in sequence.participants:
            plain = p.label == p.id and not p.actor
            participants.append(p.id if plain else _InlineMap(_without_empty(
                {"id": p.id, "label": p.label if p.label != p.id else "", "actor": p.actor or None})))
        messages = _messages(sequence.items)
        expected = list(range(1, len(messages) + 1)) if sequence.autonumber else [None] * len(messages)
        if [message.number for message in messages] != expected:
            self.lost.append(f"message numbers of a sequence in {self.place}; they read back as 1, 2, 3 …")
        data = {"participants": participants, "steps": self.steps(sequence.items)}
        if not sequence.autonumber:
            data["autonumber"] = False
        return data

    def steps(self, items: list[m.SequenceItem]) -> list:
        out: list = []
        for item in items:
            if isinstance(item, m.Message):
                out += self.message(item)
            elif isinstance(item, m.Note):
                if item.position != "over":
                    self.lost.append(f"a note {item.position} of a participant in {self.place}; it reads back "
                                     "as over")
                out.append({"note": item.text, "over": _Inline(item.over)})
            elif isinstance(item, m.Frame):
                out += self.frame(item)
            else:
                self.lost.append(f"activations of a sequence in {self.place}")
        return out

    def message(self, message: m.Message) -> list[str]:
        arrow = _ARROWS.get((message.line, message.head))
        if arrow is None:
            self.lost.append(f"'{message.head}' message heads in {self.place}; they read back as arrows")
            arrow = _ARROWS[(message.line, "arrow")]
        text = f"{message.src} {arrow} {message.dst}: {message.text}"
        match = MESSAGE.match(text)
        if match is None or (match["src"], match["dst"], match["text"].strip()) != (message.src, message.dst,
                                                                                    message.text):
            self.lost.append(f"the message '{message.text}' in {self.place}: its participants or text "
                             "cannot be written as 'A -> B: text'")
            return []
        return [text]

    def frame(self, frame: m.Frame) -> list:
        if frame.kind not in _FRAME_KINDS:
            self.lost.append(f"a '{frame.kind}' frame in {self.place} (its steps are kept)")
            return [step for branch in frame.branches for step in self.steps(branch.items)]
        main, *others = frame.branches
        data: dict = {frame.kind: main.label, "steps": self.steps(main.items)}
        if others:
            data["else"] = [{"label": branch.label, "steps": self.steps(branch.items)} for branch in others]
        return [data]

    def mind_node(self, node: m.MindNode):
        text = self.mind_text(node, is_root=False)
        if not node.children:
            return text
        return {text: [self.mind_node(child) for child in node.children]}

    def mind_text(self, node: m.MindNode, is_root: bool) -> str:
        if node.shape != ("round" if is_root else "plain"):
            self.lost.append(f"mind-map node shapes in {self.place}")
        return node.text


def _messages(items: list[m.SequenceItem]) -> list[m.Message]:
    """Messages in reading order, frames included: the order the YAML reader numbers them."""
    out = []
    for item in items:
        if isinstance(item, m.Message):
            out.append(item)
        elif isinstance(item, m.Frame):
            out += [message for branch in item.branches for message in _messages(branch.items)]
    return out


def _quoted(text: str) -> str:
    return '"' + text.replace('"', "#quot;") + '"'


def _chart_mermaid(block) -> str:
    """A chart written back as the Mermaid it was read from (its meaning, not its spelling)."""
    lines = [f"title {block.title}"] if block.title else []
    if isinstance(block, m.Pie):
        head = "pie showData" if block.show_data else "pie"
        lines += [f"{_quoted(s.label)} : {s.value:g}" for s in block.slices]
    elif isinstance(block, m.Timeline):
        head = "timeline"
        for section in block.sections:
            lines += [f"section {section.label}"] if section.label else []
            lines += [" : ".join([p.label, *p.events]) for p in section.periods]
    elif isinstance(block, m.XYChart):
        head = "xychart-beta"
        x_title = f"{_quoted(block.x_title)} " if block.x_title else ""
        if block.categories:
            lines.append(f"x-axis {x_title}[{', '.join(_quoted(c) for c in block.categories)}]")
        elif block.x_range:
            lines.append(f"x-axis {x_title}{block.x_range[0]:g} --> {block.x_range[1]:g}")
        elif x_title:
            lines.append(f"x-axis {x_title}")
        y_range = f" {block.y_range[0]:g} --> {block.y_range[1]:g}" if block.y_range else ""
        if block.y_title or y_range:
            lines.append(f"y-axis {_quoted(block.y_title) if block.y_title else ''}{y_range}".replace("axis  ", "axis "))
        lines += [f"{s.kind} [{', '.join(f'{v:g}' for v in s.values)}]" for s in block.series]
    else:
        head = "quadrantChart"
        for axis, (low, high) in (("x", block.x_axis), ("y", block.y_axis)):
            if low or high:
                lines.append(f"{axis}-axis {low}" + (f" --> {high}" if high else ""))
        lines += [f"quadrant-{i + 1} {text}" for i, text in enumerate(block.labels) if text]
        lines += [f"{p.label}: [{p.x:g}, {p.y:g}]" for p in block.points]
    return "\n".join([head] + ["    " + line for line in lines]) + "\n"
