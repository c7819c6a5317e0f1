"""The Pillow backend: a display list to an RGB page image (WebP, JPEG; PNG in png.py).

Paths are drawn with aggdraw (Anti-Grain Geometry), which anti-aliases strokes and
fills directly at page resolution, so no page-size supersampling is needed. Text is
drawn by Pillow's FreeType renderer; colour emoji are the font's bitmap strike
scaled into the box the display list gives.

A page drawn at another resolution than it was laid out at (a 72-dpi preview, a
1600-px web image) gets glyph advances that FreeType rounds at the new size, so a
run drawn whole would drift off its laid-out width and eat the gaps between words;
such runs are drawn glyph by glyph at their scaled positions.
"""
from __future__ import annotations

import io

import aggdraw
from PIL import Image, ImageDraw

from .. import emoji
from ..display import DisplayList, GlyphRun, Grid, Path, Picture, TextLine
from ..fonts import pil_font, text_length

DRIFT_PX = 0.25  # a run whose drawn width strays further than this is placed glyph by glyph


def _agg_path(ops: list[tuple]) -> aggdraw.Path:
    p = aggdraw.Path()
    for op in ops:
        kind = op[0]
        if kind == "M":
            p.moveto(op[1], op[2])
        elif kind == "L":
            p.lineto(op[1], op[2])
        elif kind == "C":
            p.curveto(*op[1:7])
        elif kind == "Z":
            p.close()
    return p


def grid_lines(dl: DisplayList, grid: Grid) -> list[tuple[float, float, float, float]]:
    """Every graph-paper line as (x0, y0, x1, y1), verticals first."""
    lines = []
    x = grid.step
    while x < dl.width:
        lines.append((x, 0, x, dl.height))
        x += grid.step
    y = grid.step
    while y < dl.height:
        lines.append((0, y, dl.width, y))
        y += grid.step
    return lines


def draw_grid(canvas: aggdraw.Draw, dl: DisplayList, grid: Grid) -> None:
    pen = aggdraw.Pen(grid.color, max(1.0, grid.width))  # never thinner than a device pixel
    for line in grid_lines(dl, grid):
        canvas.line(line, pen)


def draw_paths(canvas: aggdraw.Draw, paths: list[Path]) -> None:
    for p in paths:
        shape = _agg_path(p.ops)
        brush = aggdraw.Brush(p.fill, p.fill_alpha) if p.fill is not None else None
        pen = aggdraw.Pen(p.stroke, p.width, p.stroke_alpha) if p.stroke is not None else None
        if brush is not None and pen is not None:
            canvas.path(shape, pen, brush)
        elif brush is not None:
            canvas.path(shape, brush)
        elif pen is not None:
            canvas.path(shape, pen)


def draw_run(image: Image.Image, draw: ImageDraw.ImageDraw, run: GlyphRun) -> None:
    if run.kind in ("icon", "missing"):
        return
    if run.kind == "emoji":
        x, y, w, h = run.box
        tile = emoji.scaled(run.font, run.text, round(w), round(h))
        image.paste(tile, (round(x), round(y)), tile)
        return
    font = pil_font(run.font, run.size)
    if len(run.advances) < 2 or abs(text_length(run.font, run.size, run.text) - run.width) <= DRIFT_PX:
        draw.text((run.x, run.baseline), run.text, font=font, fill=run.color, anchor="ls")
        return
    for ch, x in zip(run.text, run.positions()):
        if not ch.isspace():
            draw.text((x, run.baseline), ch, font=font, fill=run.color, anchor="ls")


def picture_at_size(op: Picture) -> Image.Image:
    """The picture at the size the page draws it: no more pixels than the raster's."""
    return op.image.resize((max(1, round(op.w)), max(1, round(op.h))), Image.LANCZOS)


def render(dl: DisplayList) -> Image.Image:
    canvas = aggdraw.Draw("RGB", (dl.width, dl.height), dl.paper)
    if dl.grid is not None:
        draw_grid(canvas, dl, dl.grid)
    draw_paths(canvas, [op for op in dl.ops if isinstance(op, Path)])
    canvas.flush()
    image = Image.frombytes("RGB", (dl.width, dl.height), canvas.tobytes())
    draw = ImageDraw.Draw(image)
    for op in dl.ops:
        if isinstance(op, TextLine):
            for run in op.runs:
                draw_run(image, draw, run)
        elif isinstance(op, Picture):
            tile = picture_at_size(op)
            image.paste(tile, (round(op.x), round(op.y)), tile)
    return image


def webp_bytes(image: Image.Image, dpi: float) -> bytes:
    buf = io.BytesIO()
    # method 4 is WebP's default speed/size balance; quality 80 keeps pen lines crisp.
    image.save(buf, "WEBP", quality=80, method=4)
    return buf.getvalue()


def jpeg_bytes(image: Image.Image, dpi: float) -> bytes:
    buf = io.BytesIO()
    # 4:4:4 chroma: subsampling smears thin coloured pen lines.
    image.save(buf, "JPEG", quality=88, subsampling=0, optimize=True, dpi=(round(dpi), round(dpi)))
    return buf.getvalue()
