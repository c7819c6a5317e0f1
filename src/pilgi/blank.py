"""How much of each box the reader sees empty, measured on the rendered image.

A box is cut into 5 mm cells (the graph paper's squares); a cell is blank when it
holds no ink. Ink is anything that stands out from the box's own background (its
fill over the paper and grid), so the graph paper and the box's pastel count as
empty and writing, strokes, marks and notes count as ink. The box's own outline is
left out by measuring inside a margin of the section padding.
"""
from __future__ import annotations

from PIL import Image, ImageChops

from .layout import Rect
from .page import FittedPage

CELL_MM = 5.0
INK_LEVEL = 24  # a channel this far from the background is ink, not paper showing through
INK_SHARE = 0.01  # a cell with this share of ink pixels is not blank


def background(image: Image.Image) -> tuple[int, int, int]:
    """The commonest colour of a (box) image: the paper or fill behind its content."""
    small = image.reduce(4) if min(image.size) >= 16 else image
    colors = small.getcolors(small.width * small.height)
    return max(colors, key=lambda c: (c[0], c[1]))[1]


def ink_mask(image: Image.Image) -> Image.Image:
    """An L image: 255 where a pixel differs from the background by INK_LEVEL or more."""
    bg = Image.new("RGB", image.size, background(image))
    r, g, b = ImageChops.difference(image.convert("RGB"), bg).split()
    return ImageChops.lighter(ImageChops.lighter(r, g), b).point(lambda v: 255 if v >= INK_LEVEL else 0)


def blank_fraction(image: Image.Image, rect: Rect, dpi: int, inset: float) -> float:
    """The share of ``rect``'s area (inside ``inset`` px) in 5 mm cells without ink."""
    box = (round(rect.x + inset), round(rect.y + inset), round(rect.right - inset), round(rect.bottom - inset))
    if box[2] <= box[0] or box[3] <= box[1]:
        return 0.0
    mask = ink_mask(image.crop(box))
    cell = CELL_MM / 25.4 * dpi
    cols = max(1, round(mask.width / cell))
    rows = max(1, round(mask.height / cell))
    blank_area = 0
    for j in range(rows):
        y0, y1 = round(j * mask.height / rows), round((j + 1) * mask.height / rows)
        for i in range(cols):
            x0, x1 = round(i * mask.width / cols), round((i + 1) * mask.width / cols)
            area = (x1 - x0) * (y1 - y0)
            inked = mask.crop((x0, y0, x1, y1)).histogram()[255]
            if inked < INK_SHARE * area:
                blank_area += area
    return blank_area / (mask.width * mask.height)


def blank_fractions(page: FittedPage, image: Image.Image) -> dict[str, float]:
    """Region name -> blank fraction of its section, for every fitted section."""
    inset = page.theme.px(page.theme.section_pad_mm, page.dpi) * 0.75
    return {fs.region: blank_fraction(image, fs.rect, page.dpi, inset) for fs in page.sections}
