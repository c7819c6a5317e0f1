"""The JSON report: a view of the fitted page, not a second computation."""
from __future__ import annotations

from .page import FittedPage


def report(page: FittedPage, problems: list[str]) -> dict:
    return {
        "page": {"width_px": page.width, "height_px": page.height, "dpi": page.dpi},
        "layout": page.layout.name,
        "bands": [{"index": b.index, "y": round(b.y, 2), "h": round(b.h, 2)} for b in page.bands],
        "regions": [{"name": r.name, "band": r.band, "x": round(r.rect.x, 2), "y": round(r.rect.y, 2),
                     "w": round(r.rect.w, 2), "h": round(r.rect.h, 2)} for r in page.regions],
        "sections": [{"title": s.section.title, "region": s.region, "font_px": round(s.size, 2)} for s in page.sections],
        "texts": [{"text": ln.text, "region": ln.region, "x": round(ln.x, 2), "y": round(ln.y, 2),
                   "w": round(ln.w, 2), "h": round(ln.h, 2), "font_px": round(ln.size, 2)}
                  for ln in page.display.text_lines()],
        "diagrams": [d.as_dict() for d in page.diagrams],
        "problems": problems,
        "unplaced": list(page.unplaced),
    }
