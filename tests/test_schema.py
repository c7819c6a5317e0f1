"""`pilgi schema`: the JSON Schema derived from the format's one declaration agrees
with the reader, on the examples, on written sheets and on fuzzed ones."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from pilgi.errors import InputError
from pilgi.layout import layout_from_dict
from pilgi.load import load_sheet
from pilgi.paths import BUILTIN_LAYOUT_DIR
from pilgi.readers.yaml_sheet import Reader
from pilgi.schema import sheet_schema
from pilgi.sheet_yaml import sheet_to_yaml
from pilgi.theme import make_theme

from .conftest import ROOT, SHARED, write
from .test_hostile import sheet_data
from .test_sheet_yaml import full_sheet

jsonschema = pytest.importorskip("jsonschema")

SCHEMA = sheet_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def schema_errors(data) -> list[str]:
    """Each error with its field path, and for an anyOf the reasons of each option."""
    def flat(errors):
        for error in errors:
            yield f"{'.'.join(map(str, error.absolute_path))}: {error.message}"
            yield from flat(error.context or [])
    return list(flat(VALIDATOR.iter_errors(data)))


def test_the_schema_is_a_valid_draft_2020_12_schema_and_the_command_prints_it(cli):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    code, out, _ = cli("schema")
    assert code == 0 and json.loads(out) == SCHEMA


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "tests" / "fixtures").rglob("*.yaml")),
                         ids=lambda p: p.name)
def test_the_example_and_fixture_sheets_are_valid(path):
    assert schema_errors(yaml.safe_load(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("path", sorted(BUILTIN_LAYOUT_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_the_shipped_layouts_are_valid_inline_layouts(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert schema_errors({"title": "t", "layout": data, "sections": []}) == []


def test_a_written_sheet_with_every_block_kind_is_valid():
    assert schema_errors(yaml.safe_load(sheet_to_yaml(full_sheet()))) == []


def _imports() -> list[Path]:
    # (A writer's answer, *.answer.md, is read in its prompt's page; the prompt is here.)
    found = sorted((ROOT / "examples").glob("*.md")) + sorted(
        p for p in (ROOT / "tests" / "fixtures").rglob("*.md") if not p.name.endswith(".answer.md"))
    if SHARED.is_dir():
        found += sorted((SHARED / "corpus").glob("*.md")) + sorted((SHARED / "seed").glob("*prompt*.md"))
    return found


@pytest.mark.parametrize("path", _imports(), ids=lambda p: p.name)
def test_imported_markdown_and_prompt_files_write_valid_sheets(path):
    assert schema_errors(yaml.safe_load(sheet_to_yaml(load_sheet(path)))) == []


def _accepted(data) -> bool:
    """What pilgi takes as a sheet: the reader, the theme and an inline layout all accept it."""
    try:
        sheet = Reader("fuzz.yaml").sheet(data)
        make_theme(sheet.theme)
        if sheet.layout_spec is not None:
            layout_from_dict(sheet.layout_spec, "layout")
    except InputError:
        return False
    return True


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=sheet_data())
def test_every_sheet_pilgi_accepts_is_valid_under_the_schema(data):
    # The other way round the reader checks more than a schema can say (a chain's
    # arrows, a table row's cells), so only this direction holds for every sheet.
    data = yaml.safe_load(yaml.safe_dump(data, allow_unicode=True))  # as a file would give it
    if _accepted(data):
        assert schema_errors(data) == []


@pytest.mark.parametrize("change, field", [
    (lambda d: d["sections"][0].update(colr="blue"), "sections.0"),
    (lambda d: d.update(page={"orientation": "sideways"}), "page.orientation"),
    (lambda d: d.update(page={"dpi": 1200}), "page.dpi"),
    (lambda d: d.update(seed=1.5), "seed"),
    (lambda d: d["sections"][0]["blocks"].append({"pie": [1, 2]}), "sections.0.blocks.1"),
    (lambda d: d["sections"][0]["blocks"].append({"flow": {"chain": "A -> B", "direction": "UP"}}),
     "sections.0.blocks.1"),
    (lambda d: d.update(theme={"pen_mm": 9}), "theme"),
    (lambda d: d["sections"][0].pop("blocks"), "sections.0"),
])
def test_a_bad_sheet_is_refused_by_both_the_reader_and_the_schema(change, field):
    data = {"title": "t", "sections": [{"title": "s", "blocks": [{"text": "x"}]}]}
    change(data)
    assert not _accepted(data)
    errors = schema_errors(data)
    assert errors and any(e.startswith(field) for e in errors), errors


@pytest.mark.parametrize("text, place, hint", [
    ("title: t\nsections:\n  - colr: blue\n    blocks: [{text: x}]\n", "sections[0].colr", "did you mean 'color'?"),
    ("title: t\nsubtitel: s\nsections: []\n", "subtitel", "did you mean 'subtitle'?"),
    ("title: t\nsections:\n  - blocks: [{bulets: [a]}]\n", "sections[0].blocks[0].bulets",
     "did you mean 'bullets'?"),
    ("title: t\ntheme: {pen_nm: 0.5}\nsections: [{blocks: [{text: x}]}]\n", "theme.pen_nm",
     "did you mean 'pen_mm'?"),
])
def test_an_unknown_key_gets_a_suggestion(cli, tmp_path, text, place, hint):
    code, _, err = cli("check", write(tmp_path, "s.yaml", text))
    assert code == 2 and place in err and hint in err, err


def test_text_written_as_a_number_or_true_false_is_text_to_the_schema_as_to_the_reader():
    data = {"title": True, "subtitle": 3.10, "sections": [{"title": False, "blocks": [{"text": "x"}]}]}
    assert not list(VALIDATOR.iter_errors(data))
    sheet = Reader("t.yaml").sheet(data)
    assert (sheet.title, sheet.subtitle, sheet.sections[0].title) == ("true", "3.1", "false")


def test_the_paper_size_in_small_letters_is_valid_as_the_reader_takes_it():
    data = {"title": "T", "sections": [], "page": {"size": "a4"}}
    assert not list(VALIDATOR.iter_errors(data))
    assert Reader("t.yaml").sheet(data).page.size == "A4"


@pytest.mark.parametrize("cell, valid", [
    ({"slot": "a"}, True), ({"width": 2, "stack": ["a", {"slot": "b", "height": 2}]}, True),
    ({}, False), ({"width": 1}, False), ({"slot": "a", "stack": ["b"]}, False),
])
def test_a_layout_cell_needs_a_slot_or_a_stack_under_the_schema(cell, valid):
    data = {"title": "T", "sections": [], "layout": {"bands": [{"height": 100, "cells": [cell]}]}}
    errors = list(VALIDATOR.iter_errors(data))
    assert (not errors) == valid, errors
