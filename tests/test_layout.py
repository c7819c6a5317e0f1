from pathlib import Path

import pytest

from pilgi import model as m
from pilgi.errors import FitError, InputError
from pilgi.layout import Rect, layout_from_dict, layout_path, load_layout, slot_shares, solve
from pilgi.page import fit_page


def test_lecture_bands_match_the_layout_percentages():
    layout = load_layout("lecture")
    content = Rect(94, 94, 3320, 2292)
    bands, regions = solve(layout, content, 47)
    assert [round(b.h / content.h * 100, 3) for b in bands] == [10, 25, 40, 25]
    assert bands[0].y == content.y
    assert abs(bands[-1].y + bands[-1].h - content.bottom) < 1e-6
    by_band = {}
    for r in regions:
        by_band.setdefault(r.band, []).append(r)
    assert [len(by_band[i]) for i in range(4)] == [1, 2, 1, 3]
    left, right = by_band[1]
    assert abs(left.rect.w - right.rect.w) < 1e-6
    assert left.rect.right < right.rect.x  # the gutter separates them


def test_cell_widths_follow_relative_weights():
    layout = layout_from_dict({"bands": [{"height": 100, "cells": [{"slot": "a", "width": 1},
                                                                   {"slot": "b", "width": 3}]}]}, "t")
    _, regions = solve(layout, Rect(0, 0, 400, 100), 0)
    assert [r.rect.w for r in regions] == [100, 300]


@pytest.mark.parametrize("data, message", [
    ({"bands": []}, "non-empty"),
    ({"bands": [{"height": 60, "cells": ["a"]}]}, "add up to 60%"),
    ({"bands": [{"height": 100, "cells": ["a", "a"]}]}, "named twice"),
    ({"bands": [{"height": 100, "cells": [{"slot": "a", "width": -1}]}]}, "width"),
    ({"bands": [{"height": "x", "cells": ["a"]}]}, "height"),
])
def test_bad_layouts_are_refused_with_the_field(data, message):
    with pytest.raises(InputError, match=message):
        layout_from_dict(data, "bad.yaml")


def test_unknown_layout_names_the_known_ones():
    with pytest.raises(InputError, match="unknown layout 'nope'.*lecture"):
        load_layout("nope")


def test_a_users_layout_folder_comes_before_pilgis_own(tmp_path, monkeypatch):
    own = tmp_path / "mine"
    own.mkdir()
    (own / "strip.yaml").write_text("bands: [{height: 100, cells: [title]}]\n", encoding="utf-8")
    (own / "lecture.yaml").write_text("bands: [{height: 100, cells: [title, body]}]\n", encoding="utf-8")
    monkeypatch.setenv("PILGI_LAYOUTS", str(own))
    assert [c.slot for c in load_layout("strip").bands[0].cells] == ["title"]
    assert [c.slot for c in load_layout("lecture").bands[0].cells] == ["title", "body"]
    assert load_layout("tutorial").bands  # pilgi's own are still found
    with pytest.raises(InputError, match="known: lecture, single, strip, tutorial"):
        load_layout("nope")


def test_a_layout_is_a_path_beside_the_sheet_or_a_name_in_a_layout_folder(tmp_path):
    assert layout_path("grid.yaml", tmp_path) == tmp_path / "grid.yaml"
    assert layout_path("shared/grid", tmp_path) == tmp_path / "shared/grid"
    assert layout_path(str(tmp_path / "a.yml"), Path("elsewhere")) == tmp_path / "a.yml"
    assert layout_path("lecture").name == "lecture.yaml" and layout_path("lecture").is_file()
    assert layout_path("nope") is None


@pytest.mark.parametrize("data, place, message", [
    ({"bands": [{"height": 100, "cells": ["a"]}], "bnads": 1}, "t.yaml: bnads", "did you mean 'bands'?"),
    ({"bands": [{"heigth": 100, "cells": ["a"]}]}, "t.yaml: bands[0].heigth", "did you mean 'height'?"),
    ({"bands": [{"height": 100, "cells": [{"slot": "a", "with": 2}]}]}, "t.yaml: bands[0].cells[0].with",
     "did you mean 'width'?"),
])
def test_a_misspelt_layout_key_is_refused_with_a_suggestion(data, place, message):
    with pytest.raises(InputError) as error:
        layout_from_dict(data, "t.yaml")
    assert error.value.where == place and message in error.value.message


def test_a_stack_of_slots_shares_its_cell_by_height():
    layout = layout_from_dict({"bands": [{"height": 100, "cells": [
        {"slot": "big", "width": 2},
        {"width": 1, "stack": ["top", {"slot": "bottom", "height": 3}]}]}]}, "t")
    assert layout.slots == ["big", "top", "bottom"]
    _, regions = solve(layout, Rect(0, 0, 300, 400), 0)
    rects = {r.name: r.rect for r in regions}
    assert rects["big"] == Rect(0, 0, 200, 400)
    assert rects["top"] == Rect(200, 0, 100, 100) and rects["bottom"] == Rect(200, 100, 100, 300)
    assert {r.band for r in regions} == {0}


@pytest.mark.parametrize("cell, place, message", [
    ({"width": 1, "stack": []}, "cells[0].stack", "non-empty list"),
    ({"width": 1, "stack": ["a", "a"]}, "cells[0].stack[1]", "named twice"),
    ({"width": 1, "stack": [{"slot": "a", "height": 0}]}, "cells[0].stack[0].height", "positive"),
    ({"width": 1}, "cells[0]", "'slot' name (or a 'stack' of slots)"),
])
def test_bad_stacks_are_refused_with_the_field(cell, place, message):
    with pytest.raises(InputError) as caught:
        layout_from_dict({"bands": [{"height": 100, "cells": [cell]}]}, "t")
    assert place in caught.value.where and message in caught.value.message


@pytest.mark.parametrize("cell, message", [
    ({"slot": "a", "stack": ["b"]}, "not both"),
    ({"width": 1, "stack": ["title", "b"]}, "cannot be stacked"),
])
def test_a_cell_is_a_slot_or_a_stack(cell, message):
    with pytest.raises(InputError, match=message):
        layout_from_dict({"bands": [{"height": 100, "cells": [cell]}]}, "t")


def test_a_stacked_slot_a_little_over_takes_height_from_its_neighbour():
    spec = {"name": "stacked", "bands": [{"height": 100, "cells": [
        {"slot": "big", "width": 2}, {"width": 1, "stack": ["top", "bottom"]}]}]}

    def sheet(items: int) -> m.Sheet:
        notes = m.ListBlock([f"메모 {i}: 짧은 줄 하나" for i in range(items)])
        return m.Sheet("Stack", [m.Section("Big", [m.Text("큰 상자")], "big"),
                                 m.Section("Top", [m.Text("위")], "top"),
                                 m.Section("Bottom", [notes], "bottom")], layout="inline", layout_spec=spec)
    for items in range(1, 50):  # more and more, until the bottom slot must borrow
        page = fit_page(sheet(items))
        rects = {r.name: r.rect for r in page.regions}
        if rects["bottom"].h > rects["top"].h + 1:
            break
    else:
        raise AssertionError("the bottom slot never borrowed")
    drawn = {fs.region: fs.rect for fs in page.sections}
    assert drawn["bottom"] == rects["bottom"] and drawn["top"] == rects["top"]  # the regions as drawn
    assert drawn["top"].bottom < drawn["bottom"].y  # still one above the other
    with pytest.raises(FitError, match="over by"):
        fit_page(sheet(items + 12))  # far over: an error, not a page


def test_a_slot_lends_height_once_so_stacked_boxes_never_overlap():
    spec = {"name": "stacked", "bands": [{"height": 100, "cells": [
        {"slot": "big", "width": 2}, {"width": 1, "stack": ["top", "middle", "bottom"]}]}]}

    def sheet(items: int) -> m.Sheet:
        notes = m.ListBlock([f"메모 {i}: 짧은 줄 하나" for i in range(items)])
        return m.Sheet("Stack", [m.Section("Big", [m.Text("큰 상자")], "big"),
                                 m.Section("Top", [notes], "top"), m.Section("Middle", [m.Text("가운데")], "middle"),
                                 m.Section("Bottom", [notes], "bottom")], layout="inline", layout_spec=spec)
    for items in range(1, 40):  # top and bottom both a little over: both would borrow from the middle
        try:
            page = fit_page(sheet(items))
        except FitError:
            break
        drawn = sorted((fs.rect for fs in page.sections if fs.region != "big"), key=lambda r: r.y)
        assert all(upper.bottom < lower.y for upper, lower in zip(drawn, drawn[1:])), items
    else:
        raise AssertionError("the stack never ran over")


def test_slot_shares_are_the_slots_areas_as_solved():
    layout = layout_from_dict({"bands": [
        {"height": 20, "cells": ["title"]},
        {"height": 80, "cells": [{"slot": "a", "width": 3},
                                 {"width": 1, "stack": [{"slot": "b", "height": 1}, {"slot": "c", "height": 3}]}]},
    ]}, "t")
    shares = slot_shares(layout)
    assert list(shares) == ["title", "a", "b", "c"]
    assert shares == pytest.approx({"title": 20, "a": 60, "b": 5, "c": 15})
    _, regions = solve(layout, Rect(0, 0, 1000, 1000), gutter=0)
    assert {r.name: r.rect.w * r.rect.h / 10_000 for r in regions} == pytest.approx(shares)  # percent of 1000²


def test_a_prompts_boxes_are_ranked_by_their_share_of_the_page():
    from pilgi.readers.diagram_page import DiagramPage
    from pilgi.readers.drawn_boxes import AsciiBand, AsciiBox

    def box(title, stack=()):
        return AsciiBox(title, "", [], [], [], [], stack=list(stack))
    bands = [AsciiBand([box("T")], "", "", []),
             AsciiBand([box("A"), box("", [box("B"), box("C")])], "", "", [])]
    page = DiagramPage.of_bands(bands, [10, 90], [[2, 1], [2, 1]], "p")
    shares = slot_shares(layout_from_dict(page.layout_spec, "p"))
    assert {slot.name: slot.area for slot in page.slots} == {name: shares[name] for name in shares if name != "title"}
