"""Mermaid's charts: pie, timeline, xychart-beta and quadrantChart, read and drawn."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pilgi.errors import InputError
from pilgi.load import load_sheet
from pilgi.model import Pie, Quadrant, Timeline, XYChart
from pilgi.check import problems
from pilgi.page import fit_page
from pilgi.readers.mermaid import parse_mermaid
from pilgi.readers.yaml_sheet import read_yaml_sheet
from pilgi.report import report
from pilgi.sheet_yaml import sheet_to_yaml

PIE = """
    pie showData
        title Pets adopted
        "Dogs" : 386
        "Cats" : 85.5
        Rats : 15
"""
TIMELINE = """
    timeline
        title History of social media
        section Early
          2002 : LinkedIn
          2004 : Facebook : Google
        section Later
          2005 : YouTube
          2006 : Twitter
               : Tumblr
"""
XY = """
    xychart-beta
        title "Sales Revenue"
        x-axis [jan, feb, mar, apr]
        y-axis "Revenue (in $)" 4000 --> 11000
        bar [5000, 6000, 7500, 8200]
        line [5200, 6100, 7300, 8000]
"""
QUADRANT = """
    quadrantChart
        title Reach and engagement
        x-axis Low Reach --> High Reach
        y-axis Low Engagement --> High Engagement
        quadrant-1 We should expand
        quadrant-2 Need to promote
        quadrant-3 Re-evaluate
        quadrant-4 May be improved
        Campaign A: [0.3, 0.6]
        Campaign B:::hot: [0.45, 0.23] radius: 12
        Campaign C: [0.57, 0.69]
"""


def parse(text: str):
    return parse_mermaid(textwrap.dedent(text).strip("\n"), "sheet.md")


def test_pie():
    pie = parse(PIE)
    assert isinstance(pie, Pie) and pie.show_data and pie.title == "Pets adopted"
    assert [(s.label, s.value) for s in pie.slices] == [("Dogs", 386), ("Cats", 85.5), ("Rats", 15)]


def test_timeline_sections_periods_and_continued_events():
    tl = parse(TIMELINE)
    assert isinstance(tl, Timeline) and tl.title == "History of social media"
    assert [s.label for s in tl.sections] == ["Early", "Later"]
    assert [(p.label, p.events) for p in tl.sections[1].periods] == [("2005", ["YouTube"]),
                                                                     ("2006", ["Twitter", "Tumblr"])]


def test_xychart():
    xy = parse(XY)
    assert isinstance(xy, XYChart) and xy.title == "Sales Revenue"
    assert xy.categories == ["jan", "feb", "mar", "apr"] and xy.y_range == (4000, 11000)
    assert xy.y_title == "Revenue (in $)"
    assert [(s.kind, s.values[0]) for s in xy.series] == [("bar", 5000), ("line", 5200)]


def test_quadrant_with_styled_points():
    q = parse(QUADRANT)
    assert isinstance(q, Quadrant) and q.x_axis == ("Low Reach", "High Reach")
    assert q.labels == ["We should expand", "Need to promote", "Re-evaluate", "May be improved"]
    assert [(p.label, p.x, p.y) for p in q.points][1] == ("Campaign B", 0.45, 0.23)


@pytest.mark.parametrize("text, message", [
    ("pie\n  Dogs 386\n", "sheet.md:2: unsupported pie chart syntax: 'Dogs 386'"),
    ("pie\n  \"Dogs\" : -3\n", "sheet.md:2: a pie slice cannot be negative"),
    ("xychart-beta\n  bar [1, x]\n", "sheet.md:2: 'x' is not a number"),
    ("quadrantChart\n  A: [1.5, 0.2]\n", "sheet.md:2: a point's coordinates go from 0 to 1"),
    ("timeline\n  : orphan\n", "sheet.md:2: events ': orphan' come before any period"),
])
def test_chart_errors_name_the_line(text, message):
    with pytest.raises(InputError) as caught:
        parse_mermaid(text, "sheet.md")
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize("name, text, kind", [("pie", PIE, "pie"), ("timeline", TIMELINE, "timeline"),
                                              ("xy", XY, "xychart"), ("quadrant", QUADRANT, "quadrant")])
def test_charts_render_clean_and_are_reported(tmp_path: Path, name, text, kind):
    body = textwrap.indent(textwrap.dedent(text).strip("\n"), "  ")
    sheet = tmp_path / f"{name}.md"
    sheet.write_text(f"# Charts\n\n## Chart\n\n```mermaid\n{body}\n```\n\n## Notes\n\nA few words.\n",
                     encoding="utf-8")
    page = fit_page(load_sheet(sheet))
    assert problems(page) == []
    (record,) = report(page, [])["diagrams"]
    assert record["kind"] == kind
    texts = " ".join(line.text for line in page.display.text_lines())
    for word in {"pie": ["Dogs", "Cats", "Rats", "386"], "timeline": ["LinkedIn", "Tumblr", "2006", "Later"],
                 "xy": ["jan", "apr", "4000", "Revenue"], "quadrant": ["expand", "Campaign", "High"]}[name]:
        assert word in texts
    region = next(r for r in report(page, [])["regions"] if r["name"] == record["region"])
    for n in record["nodes"]:
        assert region["x"] <= n["x"] and n["x"] + n["w"] <= region["x"] + region["w"] + 1


@pytest.mark.parametrize("text", [PIE, TIMELINE, XY, QUADRANT])
def test_charts_survive_import_to_yaml(tmp_path: Path, text):
    body = textwrap.indent(textwrap.dedent(text).strip("\n"), "  ")
    sheet = tmp_path / "c.md"
    sheet.write_text(f"# C\n\n## Chart\n\n```mermaid\n{body}\n```\n", encoding="utf-8")
    original = load_sheet(sheet)
    again = read_yaml_sheet(sheet_to_yaml(original), "c.yaml")
    assert again.sections[0].blocks[0] == original.sections[0].blocks[0]


def test_an_empty_chart_names_its_header_line():
    with pytest.raises(InputError, match=r"^sheet.md:3: pie chart has no slices"):
        parse_mermaid("\n\npie\n", "sheet.md")


def test_a_y_axis_title_keeps_clear_of_the_top_tick(tmp_path: Path):
    sheet = tmp_path / "k.md"
    sheet.write_text("# 차트\n\n## 📊 성능 비교\n\n```mermaid\nxychart-beta\n  title \"모델별 선호도 (%)\"\n"
                     "  x-axis [SFT, \"RLHF 1단계\", DPO]\n  y-axis \"선호도\" 0 --> 100\n  bar [45, 62, 68]\n```\n\n"
                     "## 🥧 구성\n\n```mermaid\npie\n  \"프롬프트\" : 40\n  \"라벨\" : 60\n```\n\n## 💡 핵심\n\n- 보상 모델\n",
                     encoding="utf-8")
    assert problems(fit_page(load_sheet(sheet))) == []
