"""Backends: each draws a display list into one file format, and only draws.

Every format reads the same ``DisplayList`` (graph paper, paths, glyph runs with
their advances, emoji boxes, pictures), so a PNG, an SVG and a PDF of a sheet
show the same page. ``draw`` is the one entry point: formats that share a raster
image (PNG, WebP, JPEG) rasterise it once. ``start`` is the same in two steps, so a
caller can do its own work while the PNG compresses in background threads (and the
vector formats are drawn in one while the page rasterises).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable

from ..display import DisplayList

RASTER_FORMATS = ("png", "webp", "jpg")
VECTOR_FORMATS = ("svg", "pdf")
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
    vectors = tuple(f for f in formats if f in VECTOR_FORMATS)
    vector_finish = None
    if any(f in RASTER_FORMATS for f in formats):
        if vectors:
            # Drawn in a thread while the page rasterises: both hold the GIL for much
            # of their work, but Pillow takes the raster in, and zlib packs the PDF's
            # streams, without it.
            vector_finish = _in_background(lambda: _vector_bytes(dl, vectors, meta))
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
        out.update(vector_finish() if vector_finish is not None else _vector_bytes(dl, vectors, meta))
        if png_finish is not None:
            out["png"] = png_finish()
        return {f: out[f] for f in formats}

    return finish


def _vector_bytes(dl: DisplayList, formats: tuple[str, ...], meta: Meta) -> dict[str, bytes]:
    out = {}
    if "svg" in formats:
        from . import svg
        out["svg"] = svg.svg_bytes(dl, meta)
    if "pdf" in formats:
        from . import pdf
        out["pdf"] = pdf.pdf_bytes(dl, meta)
    return out


def _in_background(work: Callable[[], dict[str, bytes]]) -> Callable[[], dict[str, bytes]]:
    """Start ``work`` in a thread; the returned function waits for its result (or
    raises what it raised)."""
    done: list = []

    def run() -> None:
        try:
            done.append((work(), None))
        except BaseException as error:  # re-raised in the caller's thread
            done.append((None, error))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def wait() -> dict[str, bytes]:
        thread.join()
        result, error = done[0]
        if error is not None:
            raise error
        return result

    return wait
