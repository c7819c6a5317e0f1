"""The page a prompt draws: its bands and boxes as a layout, and a slot per box.

Each band of the diagram is a band of the page and each box in it a cell,
named "b<band>c<cell>"; the cells of a band share its width as its ratio row splits
it, else as drawn where some boxes are clearly wider, else equally. A first
band without inner boxes is the title band (slot "title"): its first line is
the sheet title (a leading emoji is the title icon, a trailing copy of it
goes), its further lines the subtitle. Band heights are the stated ratios
when there is one per band (a range counts as its midpoint), scaled to add
up to 100. Otherwise the title band gets 10% and the other bands share 90%
equally, except that a band marked widest ("가장 넓") weighs 1.6: for the
usual four bands that is the lecture template's 10/25/40/25. A band's heading
titles its one box; over several boxes (or a column of them) it is the band's
own, written across the band above them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError
from ..layout import MAX_BANDS, MAX_CELLS, layout_from_dict, slot_shares
from ..placement import Slot, block_strings, word_set
from . import limits
from .ascii_layout import parse_ascii_layout
from .band_ratios import parse_ratios, parse_splits
from .box_text import box_blocks, clean_line
from .diagram_block import find_layout_block
from .drawn_boxes import AsciiBand, AsciiBox
from .grid_table import find_grid_table
from .markdown_sheet import TITLE_SLOT
from .prompt_instructions import is_description

LAYOUT_NAME = "prompt"
TITLE_BAND_SHARE = 10.0  # percent, when the ratios cannot be used
WIDEST_BAND_WEIGHT = 1.6  # 25/40/25 of the remaining 90%, as in the lecture template
UNEVEN_DRAWN = 1.5  # boxes drawn this much wider than others were meant wider
STACK_FLOOR = 0.5  # no box of a column less tall than this share of the column's mean


@dataclass
class DiagramPage:
    """The page a prompt draws: title band, layout and a slot per box."""
    title: str
    title_icon: str
    subtitle: str
    layout_spec: dict
    slots: list[Slot]

    @classmethod
    def find(cls, text: str, where: str) -> "tuple[DiagramPage, int] | None":
        """The page the prompt draws, and the line its drawing starts on: a box diagram
        (with the band ratios and splits the text states), else a table of bands."""
        found, grid = _drawing(text)
        if found is not None:
            bands = parse_ascii_layout(found[0], where, found[1])
            ratios, splits = _drawn_ratios(bands, _ratios(text, where), parse_splits(text))
            return cls.of_bands(bands, ratios, splits, f"{where}:{found[1]}"), found[1]
        if grid is not None:
            return cls.of_bands(grid.bands, grid.heights, grid.splits, f"{where}:{grid.line}"), grid.line
        return None

    @classmethod
    def of_bands(cls, bands: list[AsciiBand], ratios: list[float] | None, splits: list[list[float] | None],
                 here: str) -> "DiagramPage":
        if len(bands) > MAX_BANDS:
            raise InputError(f"the box diagram has {len(bands)} bands; a page has at most {MAX_BANDS}", here)
        has_title = not bands[0].cells[0].children and len(bands[0].cells) == 1
        heights = _band_heights(bands, ratios, has_title)
        title = icon = subtitle = ""
        spec_bands, boxes = [], []  # boxes: (slot, band, box, alone) for each slot but the title
        for index, (band, height) in enumerate(zip(bands, heights)):
            if index == 0 and has_title:
                title, icon, subtitle = _title_band(band)
                spec_bands.append({"height": height, "cells": [{"slot": TITLE_SLOT, "width": 1}]})
                continue
            if len(band.cells) > MAX_CELLS:
                raise InputError(f"band {index + 1} of the box diagram has {len(band.cells)} boxes; "
                                 f"a band has at most {MAX_CELLS}", here)
            names = [f"b{index}c{cell}" for cell in range(len(band.cells))]
            widths = _cell_widths(band, splits[index])
            cells = []
            for name, width, box in zip(names, widths, band.cells):
                if len(box.stack) < 2:
                    cells.append({"slot": name, "width": width})
                    boxes.append((name, band, box, None))
                    continue
                # A column of boxes: a slot each, as tall as drawn (a hand draws a box of
                # a few lines smaller than it means it: none under half the mean).
                drawn = [max(part.height, 1) for part in box.stack]
                floor = STACK_FLOOR * sum(drawn) / len(drawn)
                parts = [(f"{name}r{k}", max(h, floor)) for k, h in enumerate(drawn)]
                cells.append({"width": width, "stack": [{"slot": part, "height": h} for part, h in parts]})
                boxes += [(part, band, part_box, False) for (part, _), part_box in zip(parts, box.stack)]
            spec_bands.append({"height": height, "cells": cells, **_heading_across(band)})
        if len(boxes) > limits.MAX_SECTIONS:
            raise InputError(f"the box diagram has {len(boxes)} boxes; the limit is {limits.MAX_SECTIONS}", here)
        spec = {"name": LAYOUT_NAME, "bands": spec_bands}
        shares = slot_shares(layout_from_dict(spec, here))
        slots = [_box_slot(name, band, box, shares[name], here, alone) for name, band, box, alone in boxes]
        return cls(title, icon, subtitle, spec, slots)


def layout_line(text: str) -> int | None:
    """The line the prompt's page drawing starts on (without reading the drawing)."""
    found, grid = _drawing(text)
    return found[1] if found is not None else grid.line if grid is not None else None


def _drawing(text: str):
    """The prompt's page drawing: its box diagram (block, first line), else its table of
    bands (``find_grid_table``'s grid) - one of the two, or neither."""
    found = find_layout_block(text)
    return (found, None) if found is not None else (None, find_grid_table(text))


def _ratios(text: str, where: str) -> list[float] | None:
    try:
        return parse_ratios(text)
    except InputError as error:  # it names "line N" only
        line = error.where.removeprefix("line ").strip()
        raise InputError(error.message, f"{where}:{line}") from None


def _drawn_ratios(bands: list[AsciiBand], ratios: list[float] | None,
                  splits: list[list[float] | None] | None) -> tuple[list[float] | None, list[list[float] | None]]:
    """The stated ratios and splits, one per band read: a row each when they are stated
    so; else a drawn band holding rows of boxes shares its stated height among its rows
    as drawn, and its split goes to each row."""
    drawn = [band.drawn for band in bands]
    splits = splits or [None] * len(bands)
    if ratios and len(ratios) == len(bands):
        return ratios, splits
    if not ratios or len(ratios) != len(set(drawn)):
        return None, [None] * len(bands)
    lines = {k: sum(band.rows for band in bands if band.drawn == k) for k in set(drawn)}
    return ([ratios[band.drawn] * band.rows / lines[band.drawn] for band in bands],
            [splits[band.drawn] for band in bands])


def _cell_widths(band: AsciiBand, split: list[float] | None) -> list[float]:
    """The boxes' relative widths: as the ratio rows state them for this band, else as
    drawn where the drawing makes some clearly wider (a hand's boxes differ by a few
    columns for their text alone), else alike."""
    count = len(band.cells)
    if split is not None and len(split) == count:
        return split
    drawn = [box.width for box in band.cells]
    if split is None and min(drawn) > 0 and max(drawn) >= min(drawn) * UNEVEN_DRAWN:
        return [round(width / min(drawn), 2) for width in drawn]
    return [1.0] * count


def _band_heights(bands: list[AsciiBand], ratios: list[float] | None, has_title: bool) -> list[float]:
    """Percent heights adding up to 100: the stated ratios, else the template rule."""
    if ratios and len(ratios) == len(bands):
        weights = ratios
    else:
        content = bands[1:] if has_title else bands
        marked = [WIDEST_BAND_WEIGHT if _is_widest(band) else 1.0 for band in content]
        share = 100.0 - (TITLE_BAND_SHARE if has_title and content else 0.0)
        weights = ([TITLE_BAND_SHARE] if has_title and content else [100.0] if has_title else [])
        weights += [share * weight / sum(marked) for weight in marked]
    total = sum(weights)
    heights = [max(round(weight * 100 / total, 2), 0.01) for weight in weights]
    heights[heights.index(max(heights))] += round(100 - sum(heights), 2)  # rounding drift
    return heights


def _is_widest(band: AsciiBand) -> bool:
    hints = band.hints + [hint for box in band.cells for hint in box.hints]
    return any("넓" in hint or "widest" in hint.lower() for hint in hints)


_TITLE_GOES_ON = re.compile(r"(?:[&,:+/–—-]|\band|\s및)\s*$", re.IGNORECASE)


def _title_band(band: AsciiBand) -> tuple[str, str, str]:
    box = band.cells[0]
    icon, title = box.icon, box.title
    lines = [clean_line(line) for line in box.lines if clean_line(line)]
    if lines and _TITLE_GOES_ON.search(title):  # "… Benchmarks &" / "Contamination 🍌 [Week 6]": one title
        title = f"{title} {lines.pop(0)}"
    if icon and title.endswith(icon):
        title = title[: -len(icon)].rstrip()
    return title, icon, " · ".join(lines)


def _box_slot(name: str, band: AsciiBand, box: AsciiBox, area: float, where: str,
              alone: bool | None = None) -> Slot:
    """The slot of one drawn box; ``alone``: the only box of its band (so the band's
    heading may title it), by default when the band has one cell."""
    alone = len(band.cells) == 1 if alone is None else alone
    if alone and band.heading and not _is_title_only(band, box):
        # A heading above the band's one box titles the section; the box's first line is content.
        title, icon = band.heading, band.heading_icon
        own = box_blocks(box, keep_title=True, chains_as_flows=True)
    else:
        title, icon = box.title, box.icon
        own = box_blocks(box, keep_title=False, chains_as_flows=alone)
    if is_description(title):  # "[좌측 상단 섹션]": a place for a title, not one
        title = ""
    slot = Slot(name, title, icon, area, alone, own, where)
    slot.title_words = word_set(title)
    slot.all_words = slot.title_words | word_set(" ".join(block_strings(own)))
    return slot


def _heading_across(band: AsciiBand) -> dict:
    """A band's heading that titles none of its boxes (it heads several, or a column of
    them) is written across the band above them: {"heading": …}, else {}."""
    heading = f"{band.heading_icon} {band.heading}".strip()
    titles_its_box = len(band.cells) == 1 and len(band.cells[0].stack) < 2
    if not band.heading or titles_its_box or is_description(band.heading):
        return {}
    return {"heading": heading}


def _is_title_only(band: AsciiBand, box: AsciiBox) -> bool:
    """A band with no inner box: its heading is the box's own first line."""
    return not box.children and band.heading == box.title and band.heading_icon == box.icon
