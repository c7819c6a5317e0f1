"""Layouts as data (YAML files in a layout folder) and the solver that turns one into rectangles.

A layout is a list of bands, each with a height in percent of the content area and
cells with relative widths and slot names. Bands tile the content area exactly;
gutters are taken inside the cells, so band heights match the layout's ratios.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, unknown_key
from .paths import layout_dirs
from .readers import sheet_format
from .readers.limits import MAX_BANDS, MAX_CELLS
from .yamlio import load_yaml_file

TITLE_SLOT = "title"  # the slot that holds the title banner
HEADING_STRIP_MOST = 0.35  # of a band's height, the most its heading strip takes


@dataclass(frozen=True)
class Rect:
    """A rectangle in page pixels."""
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def inset(self, dx: float, dy: float | None = None) -> "Rect":
        dy = dx if dy is None else dy
        return Rect(self.x + dx, self.y + dy, max(self.w - 2 * dx, 0), max(self.h - 2 * dy, 0))

    def scaled(self, k: float) -> "Rect":
        return Rect(self.x * k, self.y * k, self.w * k, self.h * k)

    def contains(self, other: "Rect", tol: float = 0.5) -> bool:
        return (other.x >= self.x - tol and other.y >= self.y - tol
                and other.right <= self.right + tol and other.bottom <= self.bottom + tol)

    def overlaps(self, other: "Rect", tol: float = 0.5) -> bool:
        return (self.x < other.right - tol and other.x < self.right - tol
                and self.y < other.bottom - tol and other.y < self.bottom - tol)


def clip_segment(a: tuple[float, float], b: tuple[float, float], r: Rect,
                 interior: bool = False) -> tuple[float, float] | None:
    """The part of segment a-b inside ``r`` as parameters (t0, t1) of a + t(b - a)
    (Liang-Barsky), or None. ``interior``: touching the border does not count."""
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - r.x), (dx, r.right - a[0]), (-dy, a[1] - r.y), (dy, r.bottom - a[1])):
        if p == 0:
            if q < 0 or (interior and q == 0):
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1 or (interior and t0 == t1):
            return None
    return t0, t1


@dataclass(frozen=True)
class Stacked:
    """One slot of a cell's stack: slots one above another, sharing the cell's width."""
    slot: str
    height: float  # relative, within the cell


@dataclass(frozen=True)
class Cell:
    """A cell of a band: one slot, or a stack of slots one above another."""
    slot: str  # "" for a cell holding a stack
    width: float
    stack: tuple[Stacked, ...] = ()

    @property
    def slots(self) -> list[str]:
        return [part.slot for part in self.stack] if self.stack else [self.slot]


@dataclass(frozen=True)
class Band:
    """A horizontal band of the page: its height in percent, its cells, and the heading
    written across it above them ("" for none)."""
    height: float  # percent
    cells: tuple[Cell, ...]
    heading: str = ""


@dataclass(frozen=True)
class Layout:
    """A page's bands of named slots."""
    name: str
    bands: tuple[Band, ...]

    @property
    def slots(self) -> list[str]:
        return [slot for b in self.bands for c in b.cells for slot in c.slots]


@dataclass(frozen=True)
class SolvedBand:
    """A band's place on the page; ``heading_h``: the strip across its top that holds its
    heading, above its cells (0 for a band without one)."""
    index: int
    y: float
    h: float
    heading_h: float = 0.0


@dataclass(frozen=True)
class Region:
    """A slot's rectangle on the page, and the band it is in."""
    name: str
    band: int
    rect: Rect


def slot_shares(layout: Layout) -> dict[str, float]:
    """Each slot's share of the page, in layout order: its band's height (percent) times
    its cell's part of the band's width, times its part of a stack's height."""
    shares: dict[str, float] = {}
    for band in layout.bands:
        band_width = sum(cell.width for cell in band.cells)
        for cell in band.cells:
            share = band.height * cell.width / band_width
            if cell.stack:
                total = sum(part.height for part in cell.stack)
                shares.update((part.slot, share * part.height / total) for part in cell.stack)
            else:
                shares[cell.slot] = share
    return shares


def layout_from_dict(data: object, where: str) -> Layout:
    if not isinstance(data, dict):
        raise InputError("a layout must be a mapping with 'bands'", where)
    _refuse_unknown_keys(data, sheet_format.LAYOUT, f"{where}: ")
    bands_data = data.get("bands")
    if not isinstance(bands_data, list) or not bands_data:
        raise InputError("'bands' must be a non-empty list", f"{where}: bands")
    if len(bands_data) > MAX_BANDS:
        raise InputError(f"at most {MAX_BANDS} bands are allowed", f"{where}: bands")
    bands = []
    seen: set[str] = set()
    for i, band in enumerate(bands_data):
        here = f"{where}: bands[{i}]"
        if not isinstance(band, dict):
            raise InputError("a band must be a mapping with 'height' and 'cells'", here)
        _refuse_unknown_keys(band, sheet_format.BAND, f"{here}.")
        height = band.get("height")
        if isinstance(height, bool) or not isinstance(height, (int, float)) or not 0 < height <= 100:
            raise InputError("'height' must be a percentage between 0 and 100", f"{here}.height")
        cells_data = band.get("cells")
        if not isinstance(cells_data, list) or not cells_data:
            raise InputError("'cells' must be a non-empty list", f"{here}.cells")
        if len(cells_data) > MAX_CELLS:
            raise InputError(f"at most {MAX_CELLS} cells are allowed in a band", f"{here}.cells")
        cells = []
        for j, cell in enumerate(cells_data):
            chere = f"{here}.cells[{j}]"
            cell, width = _entry(cell, sheet_format.CELL, "width", chere)
            if isinstance(cell, dict) and "stack" in cell:
                if "slot" in cell:
                    raise InputError("a cell holds a 'slot' or a 'stack' of slots, not both", chere)
                cells.append(Cell("", width, _stack(cell["stack"], seen, f"{chere}.stack")))
                continue
            cells.append(Cell(_slot_name(cell, seen, chere), width))
        heading = band.get("heading", "")
        if not isinstance(heading, str):
            raise InputError("'heading' must be text", f"{here}.heading")
        bands.append(Band(float(height), tuple(cells), " ".join(heading.split())))
    total = sum(b.height for b in bands)
    if abs(total - 100) > 1:
        raise InputError(f"band heights add up to {total:g}%, expected 100%", f"{where}: bands")
    return Layout(str(data.get("name", Path(where).stem)), tuple(bands))


def _entry(item: object, shape: sheet_format.Shape, size_key: str, where: str) -> tuple[object, float]:
    """A cell or a stacked slot as a mapping (a bare name stands for its slot), and its
    relative size (``size_key``, 1 when not given)."""
    if isinstance(item, str):
        item = {"slot": item}
    if isinstance(item, dict):
        _refuse_unknown_keys(item, shape, f"{where}.")
    return item, _positive(item.get(size_key, 1) if isinstance(item, dict) else 1, size_key, f"{where}.{size_key}")


def _positive(value: object, name: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 100:
        raise InputError(f"'{name}' must be a positive number", where)
    return float(value)


def _slot_name(cell: object, seen: set[str], where: str) -> str:
    """A cell's (or a stacked part's) slot name, new in the layout."""
    if not isinstance(cell, dict) or not isinstance(cell.get("slot"), str) or not cell["slot"]:
        raise InputError("a cell needs a 'slot' name (or a 'stack' of slots)", where)
    if cell["slot"] in seen:
        raise InputError(f"slot '{cell['slot']}' is named twice", where)
    seen.add(cell["slot"])
    return cell["slot"]


def _stack(data: object, seen: set[str], where: str) -> tuple[Stacked, ...]:
    if not isinstance(data, list) or not data:
        raise InputError("'stack' must be a non-empty list of slots", where)
    if len(data) > MAX_CELLS:
        raise InputError(f"at most {MAX_CELLS} slots are allowed in a stack", where)
    parts = []
    for k, part in enumerate(data):
        here = f"{where}[{k}]"
        part, height = _entry(part, sheet_format.STACKED, "height", here)
        name = _slot_name(part, seen, here)
        if name == TITLE_SLOT:
            raise InputError(f"the '{TITLE_SLOT}' slot spans its band: it cannot be stacked", here)
        parts.append(Stacked(name, height))
    return tuple(parts)


def _refuse_unknown_keys(data: dict, shape: sheet_format.Shape, place: str) -> None:
    """A misspelt key would otherwise be ignored silently; ``place`` + key names it."""
    for key in data:
        if key not in shape.keys:
            raise InputError(unknown_key("field", key, shape.keys), f"{place}{key}")


def compacted(layout: Layout, used: set[str]) -> dict:
    """The layout as data without the slots nothing goes into: a band's other cells
    share its width, and a band left empty gives its height to the others."""
    bands = []
    for band in layout.bands:
        cells = []
        for c in band.cells:
            kept = [part for part in c.stack if part.slot in used]
            if len(kept) > 1:
                cells.append({"width": c.width, "stack": [{"slot": p.slot, "height": p.height} for p in kept]})
            elif kept or c.slot in used or c.slot == TITLE_SLOT:
                cells.append({"slot": kept[0].slot if kept else c.slot, "width": c.width})
        if cells:
            bands.append({"height": band.height, "cells": cells})
    total = sum(b["height"] for b in bands)
    for band in bands:
        band["height"] = band["height"] * 100 / total
    return {"name": layout.name, "bands": bands}


def available_layouts() -> list[str]:
    return sorted({p.stem for folder in layout_dirs() for p in folder.glob("*.yaml")})


def layout_file(name: str) -> Path | None:
    """The file of the layout called ``name``: the first of the user's folders that has
    it, else pilgi's own."""
    for folder in layout_dirs():
        path = folder / f"{name}.yaml"
        if path.is_file():
            return path
    return None


def layout_path(name: str, relative_to: Path | None = None) -> Path | None:
    """The file a sheet's ``layout`` names: a path (it ends in .yaml/.yml or holds a '/')
    relative to the sheet's folder, else NAME.yaml in a layout folder (None when no
    folder has it)."""
    if name.endswith((".yaml", ".yml")) or "/" in name:
        path = Path(name)
        return path if path.is_absolute() or relative_to is None else relative_to / path
    return layout_file(name)


def load_layout(name: str, relative_to: Path | None = None, where: str = "layout") -> Layout:
    """A layout by name or by path (see ``layout_path``); ``where`` names the field that
    asked for it, for the error."""
    path = layout_path(name, relative_to)
    if path is None or not path.exists():
        known = ", ".join(available_layouts())
        raise InputError(f"unknown layout '{name}' (known: {known})", where)
    try:
        return layout_from_dict(load_yaml_file(path), str(path))
    except InputError as exc:  # the layout file's own place, and the sheet that asked for it
        raise InputError(f"in layout {exc.where or path}: {exc.message}", where) from None


def solve(layout: Layout, content: Rect, gutter: float,
          heading_strip: float = 0.0) -> tuple[list[SolvedBand], list[Region]]:
    """Bands tile ``content`` by their percentages; cells share each band by width, a
    stack's slots share their cell by height, with half a gutter taken from each side
    of every slot. A band with a heading gives ``heading_strip`` of its top to it (at
    most HEADING_STRIP_MOST of the band), its cells the rest."""
    total = sum(b.height for b in layout.bands)
    bands: list[SolvedBand] = []
    regions: list[Region] = []
    y = content.y
    for i, band in enumerate(layout.bands):
        h = content.h * band.height / total
        strip = min(heading_strip, h * HEADING_STRIP_MOST) if band.heading else 0.0
        bands.append(SolvedBand(i, y, h, strip))
        y, h = y + strip, h - strip
        wsum = sum(c.width for c in band.cells)
        x = content.x
        for cell in band.cells:
            w = content.w * cell.width / wsum
            if cell.stack:
                hsum = sum(part.height for part in cell.stack)
                top = y
                for part in cell.stack:
                    ph = h * part.height / hsum
                    regions.append(Region(part.slot, i, Rect(x, top, w, ph).inset(gutter / 2)))
                    top += ph
            else:
                regions.append(Region(cell.slot, i, Rect(x, y, w, h).inset(gutter / 2)))
            x += w
        y += h
    return bands, regions
