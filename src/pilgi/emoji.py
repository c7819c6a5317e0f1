"""Colour emoji as pictures: the font's one bitmap strike, and where it sits in a line.

Noto Color Emoji has bitmaps at a single size, so every backend takes the same
strike picture and scales it into the box the display list gives it.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

EMOJI_STRIKE = 109  # the only size Noto Color Emoji's bitmaps come in
DRAWN_SCALE = 1.05  # an emoji is drawn a little larger than the text's em
TOP = 0.9  # em above the baseline where the picture starts


@lru_cache(maxsize=512)
def strike(font_path: Path, cluster: str) -> Image.Image:
    """The cluster drawn at the font's strike size, RGBA."""
    font = ImageFont.truetype(str(font_path), EMOJI_STRIKE)
    _left, _top, right, bottom = font.getbbox(cluster)
    tile = Image.new("RGBA", (max(1, right), max(1, bottom)), (0, 0, 0, 0))
    ImageDraw.Draw(tile).text((0, 0), cluster, font=font, embedded_color=True)
    return tile


def box(font_path: Path, cluster: str, x: float, width: float, baseline: float,
        size: float) -> tuple[float, float, float, float]:
    """The emoji's picture centred in its advance, its top TOP em above the baseline."""
    tile = strike(font_path, cluster)
    k = size * DRAWN_SCALE / EMOJI_STRIKE
    w, h = tile.width * k, tile.height * k
    return (x + (width - w) / 2, baseline - size * TOP, w, h)


@lru_cache(maxsize=1024)
def scaled(font_path: Path, cluster: str, w: int, h: int) -> Image.Image:
    return strike(font_path, cluster).resize((max(1, w), max(1, h)), Image.LANCZOS)
