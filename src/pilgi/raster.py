"""The Pillow backend: a display list to an RGB page image.

Paths are drawn with aggdraw (Anti-Grain Geometry), which anti-aliases strokes and
fills directly at page resolution, so no page-size supersampling is needed. Text is
drawn by Pillow's FreeType renderer, colour emoji from their bitmap strike scaled
down once per size.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path as FilePath

import aggdraw
from PIL import Image, ImageDraw, ImageFont

from .display import DisplayList, GlyphRun, Path, Picture, TextLine
from .fonts import pil_font

EMOJI_STRIKE = 109  # the only size Noto Color Emoji's bitmaps come in


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


def draw_grid(canvas: aggdraw.Draw, dl: DisplayList, color, step: float, width: float) -> None:
    pen = aggdraw.Pen(color, width)
    x = step
    while x < dl.width:
        canvas.line((x, 0, x, dl.height), pen)
        x += step
    y = step
    while y < dl.height:
        canvas.line((0, y, dl.width, y), pen)
        y += step


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


@lru_cache(maxsize=512)
def emoji_tile(font_path: FilePath, ch: str, size: int) -> Image.Image:
    font = ImageFont.truetype(str(font_path), EMOJI_STRIKE)
    left, top, right, bottom = font.getbbox(ch)
    tile = Image.new("RGBA", (max(1, right), max(1, bottom)), (0, 0, 0, 0))
    ImageDraw.Draw(tile).text((0, 0), ch, font=font, embedded_color=True)
    scale = size / EMOJI_STRIKE
    return tile.resize((max(1, round(tile.width * scale)), max(1, round(tile.height * scale))),
                       Image.LANCZOS)


def draw_run(image: Image.Image, draw: ImageDraw.ImageDraw, run: GlyphRun) -> None:
    if run.kind in ("icon", "missing"):
        return
    if run.kind == "emoji":  # one cluster a run, shaped by the font's own layout
        tile = emoji_tile(run.font, run.text, round(run.size * 1.05))
        top = round(run.baseline - run.size * 0.9)
        image.paste(tile, (round(run.x + (run.width - tile.width) / 2), top), tile)
        return
    draw.text((run.x, run.baseline), run.text, font=pil_font(run.font, run.size), fill=run.color,
              anchor="ls")


def render(dl: DisplayList, grid=None) -> Image.Image:
    """``grid`` = (colour, step px, line width px) for the graph paper, or None."""
    canvas = aggdraw.Draw("RGB", (dl.width, dl.height), dl.paper)
    if grid is not None:
        draw_grid(canvas, dl, *grid)
    draw_paths(canvas, [op for op in dl.ops if isinstance(op, Path)])
    canvas.flush()
    image = Image.frombytes("RGB", (dl.width, dl.height), canvas.tobytes())
    draw = ImageDraw.Draw(image)
    for op in dl.ops:
        if isinstance(op, TextLine):
            for run in op.runs:
                draw_run(image, draw, run)
        elif isinstance(op, Picture):
            tile = op.image.resize((max(1, round(op.w)), max(1, round(op.h))), Image.LANCZOS)
            image.paste(tile, (round(op.x), round(op.y)), tile)
    return image
