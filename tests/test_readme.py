"""The README's examples work as written: its YAML and Markdown sheets are saved as
they stand and rendered, its layout reads, and its Markdown fences nest properly."""
from __future__ import annotations

import json

import pytest
import yaml
from markdown_it import MarkdownIt

from pilgi.layout import layout_from_dict

from .conftest import ROOT

FENCES = [t for t in MarkdownIt("commonmark").parse((ROOT / "README.md").read_text(encoding="utf-8"))
          if t.type == "fence"]


def examples(language: str) -> list[str]:
    return [t.content for t in FENCES if t.info.strip() == language]


def sheets() -> list[tuple[str, str]]:
    found = [("yaml", text) for text in examples("yaml") if "sections" in (yaml.safe_load(text) or {})]
    return found + [("md", text) for text in examples("markdown")]


def test_the_markdown_example_holds_its_mermaid_block_and_what_follows():
    # A ``` block inside a Markdown example needs a longer outer fence, else the
    # example ends at it and the rest of the README reads as one code block.
    (text,) = examples("markdown")
    assert "```mermaid" in text and text.index("```mermaid") < text.rindex("\n## ")
    assert len(sheets()) == 2


@pytest.mark.parametrize("suffix, text", sheets(), ids=lambda v: v if v in ("yaml", "md") else "")
def test_the_readme_sheets_render_as_written(cli, tmp_path, suffix, text):
    sheet = tmp_path / f"example.{suffix}"
    sheet.write_text(text, encoding="utf-8")
    code, out, err = cli("render", sheet, "-o", tmp_path / "out", "--report", tmp_path / "report.json")
    assert code == 0, err
    assert {p.name for p in (tmp_path / "out").iterdir()} == {"example.png", "example.pdf"}
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["problems"] == [] and len(report["sections"]) == 6


def test_the_markdown_example_places_its_pinned_sections(cli, tmp_path):
    sheet = tmp_path / "example.md"
    sheet.write_text(examples("markdown")[0], encoding="utf-8")
    code, _, err = cli("check", sheet, "--report", tmp_path / "report.json")
    assert code == 0, err
    regions = {s["title"]: s["region"] for s in json.loads((tmp_path / "report.json").read_text())["sections"]}
    assert regions["Neural Network I/O Flow"] == "center"
    assert regions["Notable Insights"] == "bottom-left"


def test_the_readme_layout_reads():
    layouts = [yaml.safe_load(text) for text in examples("yaml")]
    layouts = [data for data in layouts if isinstance(data, dict) and "bands" in data]
    assert layouts
    for data in layouts:
        assert layout_from_dict(data, "README").slots[0] == "title"
