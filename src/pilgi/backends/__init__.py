"""Backends: each draws a display list into one file format, and only draws.

Every format reads the same ``DisplayList`` (graph paper, paths, glyph runs with
their advances, emoji boxes, pictures), so a PNG, an SVG and a PDF of a sheet
show the same page. ``draw`` is the one entry point: formats that share a raster
image (PNG, WebP, JPEG) rasterise it once. ``start`` is the same in two steps, so a
caller can do its own work while the PNG compresses in background threads.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..display import DisplayList

RASTER_FORMATS = ("png", "webp", "jpg")
FORMATS = ("png", "pdf", "svg", "webp", "jpg")


@dataclass(frozen=True)
class Meta:
    """What a document format records about the page besides the drawing."""
    title: str = ""
    language: str = ""  # BCP 47, e.g. "ko"
    dpi: float = 300.0  # the raster's resolution, recorded in PNG and JPEG


def draw(dl: DisplayList, formats: tuple[str, ...], meta: Meta) -> dict[str, bytes]:
    """Each requested format's file contents."""
    return start(dl, formats, meta)()


def start(dl: DisplayList, formats: tuple[str, ...], meta: Meta) -> Callable[[], dict[str, bytes]]:
    """Rasterise the page (when a raster format is asked) and begin compressing the
    PNG in the background; the returned function draws the rest and gives each
    requested format's file contents."""
    out: dict[str, bytes] = {}
    png_finish = None
    if any(f in RASTER_FORMATS for f in formats):
        from . import raster
        image = raster.render(dl)
        if "png" in formats:
            from . import png
            png_finish = png.start(image, meta.dpi)
        encoders = {"webp": raster.webp_bytes, "jpg": raster.jpeg_bytes}
        for fmt in formats:
            if fmt in encoders:
                out[fmt] = encoders[fmt](image, meta.dpi)

    def finish() -> dict[str, bytes]:
        if "svg" in formats:
            from . import svg
            out["svg"] = svg.svg_bytes(dl, meta)
        if "pdf" in formats:
            from . import pdf
            out["pdf"] = pdf.pdf_bytes(dl, meta)
        if png_finish is not None:
            out["png"] = png_finish()
        return {f: out[f] for f in formats}

    return finish
