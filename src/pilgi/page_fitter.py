"""One page's fitting context, made once: theme, layout, regions, fonts, typesetter.

Placement asks many questions of one page ("does this fit in that box, and how
large?"); building the theme, fonts and typesetter for each would cost more than
the answers. A PageFitter holds them for the page and remembers every section it
has fitted, so the same question is measured once.
"""
from __future__ import annotations

from dataclasses import replace

from . import model as m
from .context import Ctx
from .errors import FitError
from .fit import FittedSection, _attempt, fit_section
from .layout import Region
from .page import LAYOUT_DPI, page_setup


class PageFitter:
    def __init__(self, sheet: m.Sheet):
        setup = page_setup(sheet)
        self.theme, self.layout = setup.theme, setup.layout
        self.dpi = LAYOUT_DPI
        self.regions: dict[str, Region] = {r.name: r for r in setup.regions}
        self.fonts, self.ts, self.sketch, self.min_size = setup.fonts, setup.ts, setup.sketch, setup.min_size
        self._fitted: dict[tuple[str, str], FittedSection | FitError] = {}

    def ctx(self, region: str, size: int | None = None) -> Ctx:
        return Ctx(self.theme, self.ts, self.sketch, self.dpi, region, size or self.min_size, self.min_size)

    def pt(self, points: float) -> int:
        """A text size in points as the fitter's px at its layout resolution."""
        return round(self.theme.pt_px(points, self.dpi))

    def fit(self, section: m.Section, region: str) -> FittedSection:
        """The section at its largest size in ``region``; FitError when it does not fit.
        Remembered by content, so asking again costs nothing."""
        key = (region, repr((section.title, section.icon, section.blocks)))
        known = self._fitted.get(key)
        if known is None:
            rect = self.regions[region].rect
            try:
                known = fit_section(section, region, rect, self.ctx(region))
            except FitError as error:
                try:  # squeezed, as the page does last (Ctx.squeeze)
                    known = fit_section(section, region, rect, replace(self.ctx(region), squeeze=True))
                except FitError:
                    known = error
            self._fitted[key] = known
        if isinstance(known, FitError):
            raise known
        return known

    def fits_at(self, section: m.Section, region: str, size: int) -> bool:
        """Whether the section fits ``region`` with its text at ``size`` px."""
        return isinstance(_attempt(section, self.ctx(region, size), self.regions[region].rect, None), tuple)
