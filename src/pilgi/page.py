"""A sheet laid out on a page: regions solved, sections placed and fitted, title drawn.

``fit_page`` is the single computation behind rendering, ``check`` and ``--report``:
all three read the FittedPage it returns.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, NamedTuple

from . import model as m
from .band_heading import band_heading_line, draw_band_heading, strip_height, without_repeated_headings
from .context import Ctx
from .diagrams.record import DiagramRecord
from .display import DisplayList, Grid
from .errors import FitError, InputError
from .fit import FittedSection, draw_section, even_bands, fit_section
from .fonts import FontSet
from .pictures import is_picture_ref, load_picture, resolve
from .layout import TITLE_SLOT, Layout, Rect, Region, SolvedBand, layout_from_dict, load_layout, solve
from .sketch import Sketcher
from .text import Typesetter
from .theme import Theme, make_theme
from .title import draw_title

A4_MM = (297.0, 210.0)
# Pages are laid out and fitted at this resolution and then scaled, so a sheet
# wraps and fits the same way at any dpi: a 72-dpi preview is the 300-dpi page.
LAYOUT_DPI = 300


@dataclass
class FittedPage:
    """A sheet laid out on its page: regions, fitted sections and what they draw."""
    sheet: m.Sheet
    theme: Theme
    layout: Layout
    width: int
    height: int
    dpi: int
    bands: list[SolvedBand]
    regions: list[Region]
    sections: list[FittedSection]
    display: DisplayList
    fonts: FontSet
    unplaced: list[str] = field(default_factory=list)
    diagrams: list[DiagramRecord] = field(default_factory=list)  # what each drawn diagram holds


def page_size(page: m.Page) -> tuple[int, int]:
    w_mm, h_mm = A4_MM if page.orientation == "landscape" else A4_MM[::-1]
    return round(w_mm / 25.4 * page.dpi), round(h_mm / 25.4 * page.dpi)


def resolve_layout(sheet: m.Sheet) -> Layout:
    if sheet.layout_spec is not None:
        return layout_from_dict(sheet.layout_spec, f"{sheet.path or 'sheet'}: layout")
    base = Path(sheet.path).parent if sheet.path else None
    return load_layout(sheet.layout, base, f"{sheet.path or 'sheet'}: layout")


def assign_slots(sheet: m.Sheet, layout: Layout) -> dict[str, m.Section]:
    """Sections naming a slot go there; the rest fill the free slots in layout order."""
    slots = [s for s in layout.slots if s != TITLE_SLOT]
    placed: dict[str, m.Section] = {}
    for section in sheet.sections:
        if not section.slot:
            continue
        if section.slot not in slots:
            raise InputError(f"slot '{section.slot}' is not in layout '{layout.name}' "
                             f"(slots: {', '.join(slots)})", f"{section.where}.slot")
        if section.slot in placed:
            raise InputError(f"slot '{section.slot}' already holds section "
                             f"'{placed[section.slot].title}'", f"{section.where}.slot")
        placed[section.slot] = section
    free = [s for s in slots if s not in placed]
    for section in sheet.sections:
        if section.slot:
            continue
        if not free:
            raise InputError(f"no free slot left in layout '{layout.name}' for section "
                             f"'{section.title}' ({len(slots)} slots)", section.where)
        placed[free.pop(0)] = section
    return placed


def fit_sections(by_slot: dict[str, m.Section], regions: list[Region],
                 fit_in: Callable[..., FittedSection]) -> list[FittedSection]:
    """Every section fitted in its slot, in layout order. A section whose slot a rule
    chose (not the author) and that does not fit there trades places with another
    such section, or moves to an empty slot, when both then fit - the largest slots
    first - so a big diagram that came second still gets a big slot. Only then is it
    squeezed in (``fit_in(..., True)``, see ``Ctx.squeeze``)."""
    occupant = dict(by_slot)
    fitted: dict[str, FittedSection] = {}
    resized: set[str] = set()  # slots that lent or borrowed height: their drawn rects have moved
    over: list[FitError] = []  # every section that does not fit, reported together
    for region in regions:
        section = occupant.get(region.name)
        if section is None or region.name in fitted:
            continue
        try:
            fitted[region.name] = fit_in(section, region)
        except FitError as error:
            trade = _trade_places(section, region, regions, occupant, fit_in)
            if trade is None:
                try:
                    fitted[region.name] = fit_in(section, region, True)
                except FitError:
                    lent = _lend_height(section, region, error, regions, occupant, fit_in, resized)
                    if lent is None:
                        over.append(error)
                    else:
                        fitted.update(lent)
                        resized.update(lent)
                continue
            other, there, here = trade
            occupant[other.name], occupant[region.name] = section, occupant.get(other.name)
            fitted[other.name] = there
            if here is not None:
                fitted[region.name] = here
    if over:
        raise FitError.joined(over)
    return [fitted[r.name] for r in regions if r.name in fitted]


def _trade_places(section: m.Section, region: Region, regions: list[Region], occupant: dict[str, m.Section],
                  fit_in: Callable[[m.Section, Region], FittedSection]
                  ) -> tuple[Region, FittedSection, FittedSection | None] | None:
    """The first slot, largest first, where ``section`` fits and whose occupant (if any)
    may move and fits in ``region``; with both fitted."""
    if not _movable(section):
        return None
    for other in sorted(regions, key=lambda r: -r.rect.w * r.rect.h):
        partner = occupant.get(other.name)
        if other is region or (partner is not None and not _movable(partner)):
            continue
        try:
            there = fit_in(section, other)
            here = fit_in(partner, region) if partner is not None else None
        except FitError:
            continue
        return other, there, here
    return None


def _lend_height(section: m.Section, region: Region, error: FitError, regions: list[Region],
                 occupant: dict[str, m.Section], fit_in: Callable[..., FittedSection], resized: set[str]
                 ) -> dict[str, FittedSection] | None:
    """A slot of a stack (boxes one above another in a column) a little over (up to a
    quarter of its height) takes the height it lacks from the slot next to it in the
    stack, when that one still fits in what is left: the drawn heights of a column of
    boxes are a hand's guess. A slot lends once: one that has lent or borrowed (in
    ``resized``) no longer has its drawn rect."""
    over = error.overflows[0].over_px if len(error.overflows) == 1 else None
    if not over:
        return None
    need = over + LEND_MARGIN
    if need > region.rect.h * LEND_MOST:  # far over: the box is too small, not its drawing
        return None
    column = [r for r in regions if r.band == region.band and r is not region
              and abs(r.rect.x - region.rect.x) < 1 and abs(r.rect.w - region.rect.w) < 1]
    below = min((r for r in column if r.rect.y > region.rect.y), key=lambda r: r.rect.y, default=None)
    above = max((r for r in column if r.rect.y < region.rect.y), key=lambda r: r.rect.y, default=None)
    for other, grown, shrunk in (
            (below, Rect(region.rect.x, region.rect.y, region.rect.w, region.rect.h + need),
             below and Rect(below.rect.x, below.rect.y + need, below.rect.w, below.rect.h - need)),
            (above, Rect(region.rect.x, region.rect.y - need, region.rect.w, region.rect.h + need),
             above and Rect(above.rect.x, above.rect.y, above.rect.w, above.rect.h - need))):
        if other is None or other.name in resized or shrunk.h <= need:
            continue
        partner = occupant.get(other.name)
        try:
            here = fit_in(section, replace(region, rect=grown))
            there = fit_in(partner, replace(other, rect=shrunk)) if partner is not None else None
        except FitError:
            continue
        return {region.name: here} | ({other.name: there} if there is not None else {})
    return None


def _movable(section: m.Section) -> bool:
    return section.slot_by_rule or not section.slot


LEND_MARGIN = 6.0  # px more than a stacked slot is over: rounding aside, it then fits
LEND_MOST = 0.25  # the most a stacked slot grows by borrowing, as a share of its height


def min_text_px(theme: Theme, dpi: int) -> float:
    """The legibility floor in px at ``dpi``, as the fitter applies it."""
    return round(theme.pt_px(theme.body_min_pt, LAYOUT_DPI)) * dpi / LAYOUT_DPI


class PageSetup(NamedTuple):
    """What fitting a sheet's page needs, made once: for a render, and for placement's
    many questions (page_fitter.PageFitter)."""
    theme: Theme
    layout: Layout
    width: int
    height: int
    bands: list[SolvedBand]
    regions: list[Region]
    fonts: FontSet
    ts: Typesetter
    sketch: Sketcher
    min_size: int


def page_setup(sheet: m.Sheet) -> PageSetup:
    """Theme, layout, regions, fonts and typesetter of the page, at LAYOUT_DPI."""
    theme = make_theme(sheet.theme, f"{sheet.path or 'sheet'}: theme")
    layout = resolve_layout(sheet)
    dpi = LAYOUT_DPI
    width, height = page_size(replace(sheet.page, dpi=dpi))
    margin = theme.px(theme.margin_mm, dpi)
    content = Rect(margin, margin, width - 2 * margin, height - 2 * margin)
    fonts = FontSet(theme)
    ts = Typesetter(fonts, theme)
    strip = strip_height(theme, ts, dpi) if any(band.heading for band in layout.bands) else 0.0
    bands, regions = solve(layout, content, theme.px(theme.gutter_mm, dpi), strip)
    return PageSetup(theme, layout, width, height, bands, regions, fonts, ts,
                     Sketcher(sheet.seed, dpi, theme.roughness), round(theme.pt_px(theme.body_min_pt, dpi)))


def fit_page(sheet: m.Sheet, draw: bool = True) -> FittedPage:
    """The sheet fitted to its page; ``draw=False`` sizes the sections without drawing
    anything, for readers that only ask whether content fits."""
    theme, layout, width, height, bands, regions, fonts, ts, sketch, min_size = page_setup(sheet)
    dpi = LAYOUT_DPI
    display = DisplayList(width, height, dpi, theme.paper,
                          grid=Grid(theme.grid, theme.px(theme.grid_mm, dpi), theme.px(theme.grid_line_mm, dpi)))
    by_slot = without_repeated_headings(assign_slots(sheet, layout), layout)
    pictures = {id(s): load_picture(resolve(s.icon, sheet.path), f"{s.where}.icon")
                for s in by_slot.values() if is_picture_ref(s.icon)}

    diagrams: list[DiagramRecord] = []

    def fit_in(section: m.Section, region: Region, squeeze: bool = False) -> FittedSection:
        ctx = Ctx(theme, ts, sketch, dpi, region.name, min_size, min_size, diagrams, squeeze)
        return fit_section(section, region.name, region.rect, ctx, pictures.get(id(section)))

    for region in regions:
        if region.name == TITLE_SLOT and draw:
            ctx = Ctx(theme, ts, sketch, dpi, region.name, min_size, min_size)
            display.add(*draw_title(sheet, ctx, region.rect))
    headings: list[Region] = []  # each band heading's strip: across the band, as wide as its boxes
    heading_lines = []
    over: list[FitError] = []  # a band heading too long and every box over, reported together
    for band, spec in zip(bands, layout.bands):
        if band.heading_h:
            left = min(r.rect.x for r in regions if r.band == band.index)
            right = max(r.rect.right for r in regions if r.band == band.index)
            headings.append(Region(f"band {band.index + 1} heading", band.index,
                                   Rect(left, band.y, right - left, band.heading_h)))
            ctx = Ctx(theme, ts, sketch, dpi, headings[-1].name, min_size, min_size)
            try:
                heading_lines.append((band_heading_line(spec.heading, ctx, headings[-1].rect,
                                                        f"{sheet.path or 'sheet'}: band {band.index + 1}"), ctx))
            except FitError as error:
                over.append(error)
    try:
        fitted = fit_sections(by_slot, [r for r in regions if r.name != TITLE_SLOT], fit_in)
    except FitError as error:
        over.append(error)
    if over:
        raise FitError.joined(over)
    for (line, ctx), region in zip(heading_lines, headings) if draw else []:
        display.add(*draw_band_heading(line, ctx, region.rect))
    fitted = even_bands(fitted, {r.name: r.band for r in regions})
    # A stack's slots may have traded height (_lend_height): the regions as drawn.
    drawn = {fs.region: fs.rect for fs in fitted}
    regions = [replace(r, rect=drawn.get(r.name, r.rect)) for r in regions]
    for fs in fitted if draw else []:
        display.add(*draw_section(fs))
    page = FittedPage(sheet, theme, layout, width, height, dpi, bands, regions + headings, fitted, display, fonts,
                      list(sheet.unplaced), diagrams)
    return page if sheet.page.dpi == LAYOUT_DPI else scaled(page, sheet.page.dpi)


def scaled(page: FittedPage, dpi: int) -> FittedPage:
    k = dpi / page.dpi
    width, height = page_size(replace(page.sheet.page, dpi=dpi))
    return replace(
        page, width=width, height=height, dpi=dpi,
        bands=[replace(b, y=b.y * k, h=b.h * k, heading_h=b.heading_h * k) for b in page.bands],
        regions=[replace(r, rect=r.rect.scaled(k)) for r in page.regions],
        sections=[s.scaled(k) for s in page.sections],
        display=page.display.scaled(k, width, height, dpi),
        diagrams=[d.scaled(k) for d in page.diagrams])
