"""The YAML sheet format, declared once: which fields each mapping takes, which are
required, and what each holds.

The YAML reader (yaml_sheet.py) takes its accepted keys, defaults, choices and ranges
from here, and ``pilgi schema`` derives the JSON Schema from the same declarations
(schema.py), so the two cannot drift apart. What a declaration cannot say (a chain's
arrow syntax, a table row's cell count) is checked by the reader alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..theme import _COLOR_FIELDS as THEME_COLORS
from ..theme import _NUMBER_FIELDS as THEME_NUMBERS
from ..theme import OTHER_SETTABLE, Theme
from . import limits

PASTELS = tuple(Theme().pastels)


# --- the kinds of value -------------------------------------------------------------------

@dataclass(frozen=True)
class Text:
    """A string (a number or true/false is taken as its text); ``empty`` allows blank and null."""
    doc: str = ""
    empty: bool = False
    default: str | None = None


@dataclass(frozen=True)
class Choice:
    """One of a few words; ``any_case``: in capitals or small letters alike."""
    values: tuple[str, ...]
    doc: str = ""
    default: str | None = None
    any_case: bool = False


@dataclass(frozen=True)
class Number:
    """From ``lo`` to ``hi``; ``above`` makes ``lo`` itself too small."""
    lo: float
    hi: float
    doc: str = ""
    default: float | None = None
    whole: bool = False
    above: bool = False


@dataclass(frozen=True)
class Flag:
    """True or false."""
    doc: str = ""
    default: bool | None = None


@dataclass(frozen=True)
class Color:
    """A pastel name of the theme (a sheet's theme may add more) or #rrggbb; empty for none."""
    doc: str = ""


@dataclass(frozen=True)
class Hex:
    """A colour written #rrggbb (or #rgb)."""
    doc: str = ""


@dataclass(frozen=True)
class ListOf:
    """A list of one kind of value, at most ``most`` long."""
    item: object
    most: int
    doc: str = ""
    least: int = 0


@dataclass(frozen=True)
class MapOf:
    """A mapping of free keys to values of one kind."""
    value: object
    doc: str = ""
    most: int | None = None


@dataclass(frozen=True)
class Nothing:
    """An empty value (YAML's null)."""


@dataclass(frozen=True)
class AnyOf:
    """Any of a few kinds of value."""
    options: tuple
    doc: str = ""


@dataclass(frozen=True)
class Ref:
    """A named shape declared below, for shapes that hold themselves (rows, frames, mind maps)."""
    name: str


@dataclass(frozen=True)
class Shape:
    """A mapping with named fields; any other key is refused."""
    name: str
    fields: dict
    required: tuple[str, ...] = ()
    doc: str = ""
    one_of: tuple[str, ...] = ()  # exactly one of these fields is given

    @property
    def keys(self) -> set[str]:
        return set(self.fields)

    def default_of(self, key: str):
        return getattr(self.fields[key], "default", None)


@dataclass(frozen=True)
class Variants:
    """A mapping with exactly one of several type keys, plus fields common to all
    (and fields only some types take)."""
    name: str
    types: dict
    common: dict
    only: dict = field(default_factory=dict)  # type key -> {field: kind} that type alone takes
    doc: str = ""

    def keys_for(self, kind: str) -> set[str]:
        return {kind, *self.common, *self.only.get(kind, {})}


def _optional_text(doc: str = "") -> Text:
    return Text(doc, empty=True)


# --- the sheet --------------------------------------------------------------------------------

SOURCE = Shape("source", {
    "title": _optional_text("title of the lecture or book"),
    "author": _optional_text(),
    "url": _optional_text(),
    "chapter": _optional_text(),
}, doc="where the content comes from, written in small print under the title")

PAGE = Shape("page", {
    "size": Choice(("A4",), "paper size", default="A4", any_case=True),
    "orientation": Choice(("landscape", "portrait"), default="landscape"),
    "dpi": Number(limits.MIN_DPI, limits.MAX_DPI, "dots per inch of the PNG", default=300, whole=True),
})

STACKED = Shape("stacked", {
    "slot": Text("the slot's name"),
    "height": Number(0, 100, "relative height within the cell", default=1, above=True),
}, required=("slot",))

CELL = Shape("cell", {
    "slot": Text("the slot's name; 'title' holds the title banner"),
    "width": Number(0, 100, "relative width within the band", default=1, above=True),
    "stack": ListOf(AnyOf((Text("a slot name"), Ref("stacked"))), limits.MAX_CELLS,
                    "instead of one slot: slots one above another, top first", least=1),
}, doc="a slot, or a stack of slots", one_of=("slot", "stack"))

BAND = Shape("band", {
    "height": Number(0, 100, "percent of the content area's height", above=True),
    "cells": ListOf(AnyOf((Text("a slot name"), Ref("cell"))), limits.MAX_CELLS, least=1),
    "heading": _optional_text("a heading written across the band, above its cells"),
}, required=("height", "cells"))

LAYOUT = Shape("layout", {
    "name": Text(),
    "bands": ListOf(Ref("band"), limits.MAX_BANDS, "bands from top to bottom; heights add up to 100",
                    least=1),
}, required=("bands",), doc="bands of cells, each cell a named slot")

CHECK_ITEM = Shape("check_item", {
    "text": Text(),
    "done": Flag("a ticked box", default=True),
}, required=("text",))

QUOTE = Shape("quote", {
    "text": Text(),
    "note": _optional_text("a note under the quote, e.g. its translation"),
    "source": _optional_text("who said it"),
}, required=("text",))

SPEC_ITEM = Shape("spec_item", {
    "label": Text(),
    "value": Text(),
    "note": _optional_text(),
}, required=("label", "value"))

TABLE = Shape("table", {
    "header": ListOf(_optional_text(), limits.MAX_COLUMNS, least=1),
    "rows": ListOf(ListOf(_optional_text(), limits.MAX_COLUMNS), limits.MAX_ROWS,
                   "rows of cells; a row may have fewer cells than the header"),
}, required=("header", "rows"))

FLOW_DIRECTIONS = ("auto", "LR", "RL", "TB", "TD", "BT")
EDGE_STYLES = ("solid", "dotted", "thick")

FLOW_NODE = Shape("flow_node", {
    "id": Text("how chains and edges name the node (default: its label)"),
    "label": Text(),
    "note": _optional_text("small text under the label"),
    "shape": Choice(limits.NODE_SHAPES, default="box"),
    "color": Color("the node's fill"),
}, required=("label",))

FLOW_EDGE = Shape("flow_edge", {
    "from": Text(),
    "to": Text(),
    "label": _optional_text(),
    "style": Choice(EDGE_STYLES, default="solid"),
}, required=("from", "to"))

FLOW = Shape("flow", {
    "direction": Choice(FLOW_DIRECTIONS, "auto picks LR or TB by which lets the text be larger",
                        default="auto"),
    "chain": AnyOf((Text("'A -> B -[label]-> C'"), ListOf(Text(), limits.MAX_EDGES))),
    "nodes": ListOf(AnyOf((Text("a label"), Ref("flow_node"))), limits.MAX_NODES),
    "edges": ListOf(AnyOf((Text("'A -> B' or 'A -> B: label'"), Ref("flow_edge"))), limits.MAX_EDGES),
})

PARTICIPANT = Shape("participant", {
    "id": Text(),
    "label": Text("the name drawn (default: the id)"),
    "actor": Flag("drawn as a stick figure", default=False),
}, required=("id",))

NOTE = Shape("note", {
    "note": Text(),
    "over": AnyOf((Text("a participant"), ListOf(Text(), 2))),
}, required=("note", "over"))

FRAME_KINDS = ("loop", "alt", "opt", "par", "critical")
MAX_ELSE = 10

ELSE_BRANCH = Shape("else_branch", {
    "label": _optional_text(),
    "steps": ListOf(Ref("step"), limits.MAX_STEPS),
}, required=("steps",))


def _frame(kind: str) -> Shape:
    return Shape(f"{kind}_frame", {
        kind: _optional_text(f"the {kind} frame's label"),
        "steps": ListOf(Ref("step"), limits.MAX_STEPS),
        "else": ListOf(Ref("else_branch"), MAX_ELSE, "further branches (alt: else, par: and)"),
    }, required=(kind, "steps"))


FRAMES = {kind: _frame(kind) for kind in FRAME_KINDS}

STEP = AnyOf((Text("a message: 'A -> B: text' (-> solid, --> dashed, -x lost)"), Ref("note"),
              *(Ref(f"{kind}_frame") for kind in FRAME_KINDS)))

SEQUENCE = Shape("sequence", {
    "participants": ListOf(AnyOf((Text("an id, also its label"), Ref("participant"))), limits.MAX_PARTICIPANTS),
    "steps": ListOf(Ref("step"), limits.MAX_STEPS),
    "autonumber": Flag("number the messages", default=True),
}, required=("steps",))

# A mind map's children: a list of leaves and {node: children} pairs, or a mapping
# of node -> children.
MIND_CHILDREN = AnyOf((
    ListOf(AnyOf((Text("a leaf"), MapOf(AnyOf((Ref("mind_children"), Nothing())), "node: children", most=1))),
           limits.MAX_MIND_NODES),
    MapOf(AnyOf((Ref("mind_children"), Nothing())), "node: children"),
))

MINDMAP = Shape("mindmap", {
    "root": Text(),
    "branches": Ref("mind_children"),
}, required=("root", "branches"))

BLOCK = Variants("block", {
    "text": Text("a paragraph with **bold**, ==highlight== and `code`"),
    "bullets": ListOf(Text(), limits.MAX_ITEMS),
    "checks": ListOf(AnyOf((Text("a ticked item"), Ref("check_item"))), limits.MAX_ITEMS),
    "numbered": ListOf(Text(), limits.MAX_ITEMS),
    "table": Ref("table"),
    "flow": Ref("flow"),
    "sequence": Ref("sequence"),
    "mindmap": Ref("mindmap"),
    "quote": AnyOf((Text("a sticky note"), Ref("quote"))),
    "spec": AnyOf((MapOf(Text(), "label: value"), ListOf(Ref("spec_item"), limits.MAX_ROWS))),
    "code": Text("drawn verbatim"),
    "mermaid": Text("a Mermaid diagram: flowchart, sequenceDiagram, mindmap, stateDiagram, classDiagram"),
    "row": ListOf(Ref("block"), limits.MAX_ROW, "blocks side by side", least=1),
}, common={"title": _optional_text("a small heading over the block")},
    only={"row": {"widths": ListOf(Number(0.05, 100), limits.MAX_ROW, "relative widths, one per block")}})

SECTION = Shape("section", {
    "title": _optional_text(),
    "slot": _optional_text("a slot of the layout; omitted: the next free slot"),
    "icon": _optional_text("an emoji, an icon name, or a picture file next to the sheet"),
    "color": Color("pastel fill of the whole section"),
    "blocks": ListOf(Ref("block"), limits.MAX_BLOCKS),
}, required=("blocks",))

THEME_NAMES = ("pen",)


def _theme_shape() -> Shape:
    """Every theme field a sheet may set, from the theme's own tables (theme.py)."""
    theme = Theme()
    fields: dict = {"name": Choice(THEME_NAMES)}
    for name in sorted(THEME_COLORS):
        fields[name] = Hex()
    for name, (lo, hi) in sorted(THEME_NUMBERS.items()):
        fields[name] = Number(lo, hi, default=getattr(theme, name))
    fields["pastels"] = MapOf(Hex(), OTHER_SETTABLE["pastels"])
    fields["fonts"] = Shape("fonts", {role: Text(f"font file of the {role} hand") for role in theme.fonts},
                            doc=OTHER_SETTABLE["fonts"])
    fields["hand_icons"] = Flag(OTHER_SETTABLE["hand_icons"], default=theme.hand_icons)
    return Shape("theme", fields, doc="fields of the pen theme to change")


THEME = _theme_shape()

SHEET = Shape("sheet", {
    "title": Text(),
    "subtitle": _optional_text(),
    "icon": _optional_text("an emoji or an icon name, drawn on both sides of the title"),
    "source": AnyOf((Ref("source"), Nothing())),
    "layout": AnyOf((Text("a layout name or a path to a layout file", default="lecture"), Ref("layout"))),
    "page": AnyOf((Ref("page"), Nothing())),
    "theme": AnyOf((Choice(THEME_NAMES, "the theme's name"), Ref("theme"), Nothing())),
    "seed": Number(0, 2**31 - 1, "the hand's wobble: same seed, same page", default=1, whole=True),
    "sections": ListOf(Ref("section"), limits.MAX_SECTIONS),
}, required=("title", "sections"), doc="a pilgi cheat sheet")

SHAPES: dict[str, object] = {s.name: s for s in (
    SOURCE, PAGE, STACKED, CELL, BAND, LAYOUT, CHECK_ITEM, QUOTE, SPEC_ITEM, TABLE, FLOW_NODE, FLOW_EDGE, FLOW,
    PARTICIPANT, NOTE, ELSE_BRANCH, *FRAMES.values(), SEQUENCE, MINDMAP, BLOCK, SECTION, THEME, SHEET)}
SHAPES["step"] = STEP
SHAPES["mind_children"] = MIND_CHILDREN
