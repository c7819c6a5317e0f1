"""A band's heading over several boxes: read from the drawing, given a strip of the
band by the layout, written across the band by the page, and left out of the room the
brief gives the boxes under it."""
from __future__ import annotations

import copy

import pytest

from pilgi import model as m
from pilgi.brief import measure_rooms, write_brief
from pilgi.check import problems
from pilgi.errors import FitError, InputError
from pilgi.layout import Rect, layout_from_dict, solve
from pilgi.page import fit_page
from pilgi.readers.prompt_file import read_prompt_file
from pilgi.readers.prompt_parts import read_prompt_parts

GARDEN = """\
# Layout Structure
```
┌────────────────────────────────────────┐
│ 🌱 GARDEN PLAN                          │
├────────────────────────────────────────┤
│ {heading}                              │
│ ┌────────────────┐ ┌────────────────┐ │
│ │ 🌞 SUN         │ │ 💧 WATER       │ │
│ │ 6 hours        │ │ 주 2회         │ │
│ └────────────────┘ └────────────────┘ │
├────────────────────────────────────────┤
│ 🪴 POTS                                 │
│ ┌────────────────────────────────────┐ │
│ │ clay pots drain well               │ │
│ └────────────────────────────────────┘ │
└────────────────────────────────────────┘
```
"""
HEADED = GARDEN.replace("{heading}", "[BAND 1] ☀️ LIGHT & WATER (좌우 2등분)")
PLAIN = GARDEN.replace("{heading}", "")


def bands(text: str) -> list[dict]:
    return read_prompt_file(text, "garden.md").layout_spec["bands"]


def test_a_heading_over_two_boxes_is_the_bands_without_the_drawers_note():
    headed = bands(HEADED)
    assert headed[1]["heading"] == "☀️ LIGHT & WATER"
    assert [band.get("heading") for band in bands(PLAIN)] == [None, None, None]
    # A heading over one box titles that box: no strip of its own.
    assert "heading" not in headed[2]
    sheet = read_prompt_file(HEADED, "garden.md")
    assert not [s for s in sheet.sections if "LIGHT" in s.title or "2등분" in s.title]


def test_the_strip_comes_off_the_top_of_the_band_only():
    spec = {"bands": [{"height": 50, "cells": ["a", "b"], "heading": "Both"}, {"height": 50, "cells": ["c"]}]}
    content = Rect(0, 0, 1000, 1000)
    solved, regions = solve(layout_from_dict(spec, "t"), content, gutter=0, heading_strip=80)
    rects = {r.name: r.rect for r in regions}
    assert solved[0].heading_h == 80 and solved[1].heading_h == 0
    assert rects["a"] == Rect(0, 80, 500, 420) and rects["b"] == Rect(500, 80, 500, 420)
    assert rects["c"] == Rect(0, 500, 1000, 500)  # the band below does not move
    plain = copy.deepcopy(spec)
    del plain["bands"][0]["heading"]
    assert solve(layout_from_dict(plain, "t"), content, 0, heading_strip=80) == solve(
        layout_from_dict(plain, "t"), content, 0)
    # A strip never takes most of a thin band.
    thin, _ = solve(layout_from_dict(spec, "t"), Rect(0, 0, 1000, 100), gutter=0, heading_strip=80)
    assert thin[0].heading_h < 50 * 0.5


def test_a_layouts_band_heading_must_be_text():
    with pytest.raises(InputError, match="heading"):
        layout_from_dict({"bands": [{"height": 100, "cells": ["a"], "heading": 3}]}, "t")


def page_of(text: str):
    return fit_page(read_prompt_file(text, "garden.md"))


def test_the_page_writes_the_heading_above_its_boxes_and_the_rest_stays_put():
    headed, plain = page_of(HEADED), page_of(PLAIN)
    assert problems(headed) == []
    lines = [line for line in headed.display.text_lines() if line.region == "band 2 heading"]
    assert "".join(line.text for line in lines).replace(" ", "") == "☀️LIGHT&WATER".replace(" ", "")
    strip = next(r.rect for r in headed.regions if r.name == "band 2 heading")
    boxes = {r.name: r.rect for r in headed.regions}
    assert all(strip.bottom <= boxes[name].y and strip.contains(line_box(line))
               for name in ("b1c0", "b1c1") for line in lines)
    assert not any("2등분" in line.text for line in headed.display.text_lines())
    # The other bands are where they were without the heading.
    before = {r.name: r.rect for r in plain.regions}
    assert boxes["b2c0"] == before["b2c0"] and boxes["title"] == before["title"]
    assert boxes["b1c0"].bottom == pytest.approx(before["b1c0"].bottom)
    assert boxes["b1c0"].h < before["b1c0"].h


def line_box(line) -> Rect:
    return Rect(line.x, line.y, line.w, line.h)


def test_the_brief_gives_the_boxes_under_a_heading_the_room_left_to_them():
    headed = measure_rooms(read_prompt_parts(HEADED, "garden.md").page)
    plain = measure_rooms(read_prompt_parts(PLAIN, "garden.md").page)
    assert headed["b1c0"].lines < plain["b1c0"].lines
    assert headed["b2c0"] == plain["b2c0"]


def test_the_brief_tells_the_writer_the_heading_is_the_pages():
    said = 'It sits under the band heading "☀️ LIGHT & WATER"'
    assert write_brief(read_prompt_parts(HEADED, "garden.md"), "garden.md").count(said) == 2
    assert "band heading" not in write_brief(read_prompt_parts(PLAIN, "garden.md"), "garden.md")


def test_a_box_or_part_titled_as_its_band_is_drawn_without_its_own_heading():
    spec = {"bands": [{"height": 15, "cells": ["title"]},
                      {"height": 85, "cells": ["left", "right"], "heading": "⚠️ DATA CONTAMINATION"}]}
    sheet = m.Sheet(title="Evals", layout="prompt", layout_spec=spec, sections=[
        m.Section("Data  contamination", [m.Text("Test items leak into training data.", title="⚠️ Data contamination"),
                                          m.Text("A GUID in the test files", title="Canary strings")],
                  icon="🧪", slot="left"),
        m.Section("DETECTION", [m.Text("13-gram overlap")], icon="🔍", slot="right")])
    page = fit_page(sheet)
    assert problems(page) == []
    written = [(line.region, line.text) for line in page.display.text_lines()]
    assert [region for region, text in written if "CONTAMINATION" in text.upper()] == ["band 2 heading"]
    assert any(region == "right" and "DETECTION" in text for region, text in written)
    assert any(region == "left" and "Canary strings" in text for region, text in written)
    # The sheet itself is left as written.
    assert sheet.sections[0].title == "Data  contamination" and sheet.sections[0].blocks[0].title


def test_at_another_dpi_the_strip_scales_with_the_page():
    sheet = read_prompt_file(HEADED, "garden.md")
    sheet.page.dpi = 100
    page = fit_page(sheet)
    strip = next(r.rect for r in page.regions if r.name == "band 2 heading")
    assert page.bands[1].heading_h == pytest.approx(strip.h)
    assert strip.bottom <= next(r.rect.y for r in page.regions if r.name == "b1c0")
    assert problems(page) == []


def test_a_heading_too_long_for_its_band_is_reported_whether_or_not_the_page_is_drawn():
    sheet = read_prompt_file(GARDEN.replace("{heading}", "[BAND 1] " + "아주 긴 밴드 제목 " * 40), "garden.md")
    sheet = m.Sheet(title=sheet.title, sections=[m.Section("SUN", [m.Text("6 hours")]),
                                                 m.Section("WATER", [m.Text("주 2회")]),
                                                 m.Section("POTS", [m.Text("clay pots")])],
                    layout_spec=sheet.layout_spec)
    for draw in (True, False):  # fitting alone (placement asks it) must see what drawing sees
        with pytest.raises(FitError, match="band heading"):
            fit_page(sheet, draw=draw)
