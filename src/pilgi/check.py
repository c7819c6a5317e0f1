"""The checker: what the fitted page promises, verified on the page itself.

Every problem is one line naming its place. ``render`` refuses a page with
problems unless told to allow them.
"""
from __future__ import annotations

from dataclasses import fields, is_dataclass

from .clearance import crossings
from .display import TextLine
from .layout import Rect
from .page import FittedPage, min_text_px
from .pictures import is_picture_ref
from .text import plain

# Model fields that are identifiers or settings, not words written on the page.
NOT_WRITTEN = {"id", "slot", "where", "path", "color", "shape", "style", "line", "head", "kind",
               "position", "over", "participant", "src", "dst", "layout", "direction", "language",
               "url", "size", "orientation", "unplaced", "layout_spec", "theme", "members"}


def written_texts(node, where: str = "sheet"):
    """(place, text) for every string of the model that ends up on the page."""
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from written_texts(item, f"{where}[{i}]")
    elif is_dataclass(node):
        for f in fields(node):
            value = getattr(node, f.name)
            if f.name in NOT_WRITTEN or f.name == "icon" and is_picture_ref(value):
                continue
            yield from written_texts(value, f"{where}.{f.name}")


def problems(page: FittedPage) -> list[str]:
    out: list[str] = []
    regions = {r.name: r.rect for r in page.regions}
    lines = page.display.text_lines()
    for line in lines:
        rect = regions.get(line.region)
        if rect is None or not rect.contains(_box(line)):
            out.append(f"text crosses its region '{line.region}': '{line.text[:40]}' at "
                       f"({line.x:.0f}, {line.y:.0f}, {line.w:.0f}x{line.h:.0f})")
    ordered = sorted(lines, key=lambda ln: ln.y)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b.y >= a.y + a.h:
                break
            if _box(a).overlaps(_box(b), tol=1.0):
                out.append(f"text overlaps other text in '{a.region}': '{a.text[:30]}' and '{b.text[:30]}'")
    for hit in crossings(page.display):
        out.append(f"text lies on a drawn line in '{hit.line.region}': '{hit.line.text[:30]}' at "
                   f"({hit.at[0]:.0f}, {hit.at[1]:.0f})")
    out += _missing_glyphs(page, lines)
    total = sum(b.height for b in page.layout.bands)
    content_h = sum(b.h for b in page.bands)
    for band, spec in zip(page.bands, page.layout.bands):
        want = spec.height / total
        got = band.h / content_h
        if abs(got - want) > 0.01:
            out.append(f"band {band.index} is {got:.1%} of the page, the layout says {want:.1%}")
    floor = min_text_px(page.theme, page.dpi)
    for line in lines:
        if line.size < floor - 1e-6:
            out.append(f"text in '{line.region}' is {line.size:g} px, below the {floor:g} px minimum: "
                       f"'{line.text[:30]}'")
            break
    return out


def _missing_glyphs(page: FittedPage, lines: list[TextLine]) -> list[str]:
    """Characters no font draws: by the field they are written in, then any the page
    itself could not draw in the hand it asked for (code, notes)."""
    out: list[str] = []
    seen: set[str] = set()
    for where, text in written_texts(page.sheet):
        for ch in page.fonts.missing(plain(text)):
            if ch not in seen:
                seen.add(ch)
                out.append(f"{where}: no installed font has a glyph for '{ch}' (U+{ord(ch):04X})")
    for line in lines:
        for run in line.runs:
            for ch in run.text if run.kind == "missing" else "":
                if ch not in seen:
                    seen.add(ch)
                    out.append(f"no installed font draws '{ch}' (U+{ord(ch):04X}) in '{line.region}': "
                               f"'{line.text[:30]}'")
    return out


def notices(page: FittedPage) -> list[str]:
    """What a reader could not place on the page: a prompt file's plan may hold more
    than one page carries. Reported everywhere; an error only for `check --strict`."""
    return [f"not placed: {item}" for item in page.unplaced]


def _box(line: TextLine) -> Rect:
    return Rect(line.x, line.y, line.w, line.h)
