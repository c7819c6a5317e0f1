"""Sheets written as YAML read back to the same model, every block type included."""
from __future__ import annotations

from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pilgi import model as m
from pilgi.lexicon import normalise
from pilgi.load import load_sheet
from pilgi.reading import right_to_left
from pilgi.readers.yaml_sheet import read_yaml_sheet
from pilgi.sheet_yaml import sheet_to_yaml

from .conftest import SHARED

NOT_CONTENT = {"where", "path", "unplaced"}


def comparable(node):
    """The model without where it was read from and what could not be placed."""
    if isinstance(node, list):
        return [comparable(item) for item in node]
    if is_dataclass(node):
        return (type(node).__name__,
                {f.name: comparable(getattr(node, f.name)) for f in fields(node) if f.name not in NOT_CONTENT})
    return node


def round_trip(sheet: m.Sheet) -> m.Sheet:
    return read_yaml_sheet(sheet_to_yaml(sheet), "written.yaml")


def every_block() -> list[m.Block]:
    flow = m.Flow(
        nodes=[m.FlowNode("dough", "Dough", "round", "밀가루 + 물", "yellow"), m.FlowNode("b", "Bulk rise"),
               m.FlowNode("oven: hot", "Oven", "cylinder")],
        edges=[m.FlowEdge("dough", "b", "4 h", "dotted"), m.FlowEdge("b", "oven: hot", style="thick")],
        direction="LR", title="🔥 Bake")
    sequence = m.Sequence(
        participants=[m.Participant("B", "Baker", actor=True), m.Participant("O", "Oven"), m.Participant("T", "T")],
        items=[m.Message("B", "O", "preheat: 250°C", number=1),
               m.Note("뜨거움", ["O"]),
               m.Frame("loop", [m.FrameBranch("every 10 min", [m.Message("B", "O", "check", "dashed", number=2)])]),
               m.Frame("alt", [m.FrameBranch("crust dark", [m.Message("O", "B", "done", head="cross", number=3)]),
                               m.FrameBranch("pale", [m.Note("wait", ["B", "O"])])]),
               m.Message("T", "B", "", "dashed", "cross", number=4)],
        autonumber=True)
    mind_map = m.MindMap(m.MindNode("Bread", [m.MindNode("Flour", [m.MindNode("Rye"), m.MindNode("yes")]),
                                              m.MindNode("1.0"), m.MindNode("Flour")], "round"), title="지도")
    return [
        m.Text("첫 줄\n**둘째** 줄: ==강조==", title="Intro"),
        m.ListBlock(["a: b", "- dash", "'quoted'"]),
        m.ListBlock(["mix", "rest", "bake"], "check", done=[True, False, True]),
        m.ListBlock(["one", "two"], "number", "Steps"),
        m.Table(["Item", "g", ""], [["Flour", "500", "T65"], ["Water", "", "27°C"], ["Salt"]], "Recipe"),
        m.Quote("Bake by smell"),
        m.Quote("Patience", note="기다림\n두 번째 줄", source="A Baker", title="Quote"),
        m.Spec([m.SpecItem("Hydration", "75%", "wet"), m.SpecItem("Salt", "2%")], "Spec"),
        m.Code("for loaf in loaves:\n    bake(loaf)  # 40 min", title="Loop"),
        flow, sequence, mind_map,
        m.Row([m.Text("left"), m.Row([m.Quote("inner"), m.Code("x = 1")])], [1.0, 2.5], "Side by side"),
    ]


def full_sheet() -> m.Sheet:
    blocks = every_block()
    return m.Sheet(
        title="Bread: a cheat sheet", subtitle="굽기 전에 읽기", title_icon="🍞",
        source=m.Source("Loaves", "A. Baker", "https://example.org/bread", "3"),
        layout="inline", layout_spec={"name": "bakery", "bands": [
            {"height": 20, "cells": [{"slot": "title", "width": 1}]},
            {"height": 80, "cells": [{"slot": "left", "width": 1}, {"slot": "right", "width": 2}]}]},
        page=m.Page("A4", "portrait", 150), theme={"ink": "#112233"}, seed=7,
        sections=[m.Section("Left: notes", blocks[:6], "left", "📝", "blue"),
                  m.Section("", blocks[6:], "right")],
        unplaced=["table 'Big' from line 3", "list 'Extra' from line 9"])


def test_every_block_type_reads_back_the_same():
    sheet = full_sheet()
    assert comparable(round_trip(sheet)) == comparable(sheet)


def test_header_lists_what_was_not_placed():
    text = sheet_to_yaml(full_sheet())
    assert text.startswith("# not placed: table 'Big' from line 3\n# not placed: list 'Extra' from line 9\n")


def test_output_is_readable_block_style_with_unicode():
    text = sheet_to_yaml(full_sheet())
    assert "🍞" in text and "굽기 전에 읽기" in text and "\\u" not in text
    assert "text: |-\n" in text  # multi-line text as a literal block
    assert "header: [Item, g, '']" in text  # table rows stay on one line each
    data = yaml.safe_load(text)
    assert list(data) == ["title", "subtitle", "icon", "source", "layout", "page", "theme", "seed", "sections"]
    assert data["layout"]["bands"][1]["cells"][1] == {"slot": "right", "width": 2}


def test_defaults_are_not_written():
    sheet = m.Sheet("Plain", [m.Section("S", [m.Text("t")])])
    data = yaml.safe_load(sheet_to_yaml(sheet))
    assert data == {"title": "Plain", "layout": "lecture", "sections": [{"title": "S", "blocks": [{"text": "t"}]}]}
    assert comparable(round_trip(sheet)) == comparable(sheet)


def test_what_yaml_cannot_say_is_named_in_the_header():
    flow = m.Flow([m.FlowNode("a", "A"), m.FlowNode("b", "B")], [m.FlowEdge("a", "b", arrow=False)],
                  groups=[m.FlowGroup("g", "Group", ["a"])])
    sequence = m.Sequence([m.Participant("A", "A")], [
        m.Message("A", "A", "ping", head="async"), m.Note("n", ["A"], "left"), m.Activation("A", True),
        m.Frame("rect", [m.FrameBranch("", [m.Message("A", "A", "inside")])])])
    sheet = m.Sheet("Lossy", [m.Section("S", [m.Code("x", "python"), flow, sequence,
                                              m.MindMap(m.MindNode("r", [m.MindNode("c", shape="cloud")]))])],
                    layout="prompt", layout_spec={"bands": [{"height": 100, "cells": ["s"]}]})
    text = sheet_to_yaml(sheet)
    kept = [line for line in text.split("\n") if line.startswith("# not kept: ")]
    for words in ("layout name 'prompt'", "language 'python'", "flow subgraphs (Group)", "open links",
                  "'async' message heads", "note left", "activations", "'rect' frame", "mind-map node shapes"):
        assert any(words in line for line in kept), words
    back = round_trip(sheet)
    steps = back.sections[0].blocks[2].items
    assert [getattr(step, "text", None) for step in steps] == ["ping", "n", "inside"]  # a rect keeps its steps


def test_checks_all_done_read_back_as_the_default():
    block = m.ListBlock(["a", "b"], "check", done=[False, False])
    assert round_trip(m.Sheet("C", [m.Section("S", [block])])).sections[0].blocks[0].done == [False, False]


PLAIN_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Co")) | st.just("\n"),
                     min_size=1, max_size=40).map(lambda s: normalise(s).strip("\n")).filter(lambda s: s.strip())
# Right-to-left text is refused on reading (see reading.check_characters), so it has no round trip.
PLAIN_TEXT = PLAIN_TEXT.filter(lambda s: not right_to_left(s))


@settings(max_examples=150, deadline=None)
@given(PLAIN_TEXT, PLAIN_TEXT, st.lists(PLAIN_TEXT, min_size=1, max_size=4), PLAIN_TEXT)
def test_any_text_survives_the_round_trip(text, title, items, label):
    sheet = m.Sheet(title, [m.Section(title, [
        m.Text(text, label), m.ListBlock(items), m.Quote(text, note=label),
        m.Table([label, ""], [[text, label]]), m.Code(text),
        m.Flow([m.FlowNode(label, label, note=text)], []),
        m.MindMap(m.MindNode(label, [m.MindNode(item) for item in items], "round"))])])
    assert comparable(round_trip(sheet)) == comparable(sheet)


@pytest.mark.skipif(not (SHARED / "seed").is_dir(), reason="the shared prompt files are not here")
def test_an_imported_prompt_reads_back_the_same():
    sheet = load_sheet(next((SHARED / "seed").glob("*cheatsheet-prompt.md")))
    back = round_trip(sheet)
    assert back.layout == "inline" and sheet.layout == "prompt"
    back.layout = sheet.layout
    assert comparable(back) == comparable(sheet)


def test_example_sheet_reads_back_the_same():
    example = Path(__file__).resolve().parents[1] / "examples" / "neural-network-io.yaml"
    sheet = load_sheet(example)
    assert comparable(round_trip(sheet)) == comparable(sheet)
