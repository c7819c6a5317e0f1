"""The SVG backend: paths as paths, writing as real text in the sheet's own fonts.

Each font is subset to the glyphs the page writes and embedded as WOFF2, so the
page is sharp at any zoom, its words can be found and copied, and it stays small.
Every character carries its laid-out x, so a browser puts each glyph where the
raster does. Colour emoji and pictures are embedded PNGs, each emoji once.
"""
from __future__ import annotations

import base64
import io
from xml.sax.saxutils import escape

from PIL import Image

from .. import emoji
from ..display import DisplayList, GlyphRun, Path, Picture, TextLine
from . import Meta
from .fontsubset import drawn_text, subset_font
from .raster import grid_lines, picture_at_size


def _num(v: float) -> str:
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _color(c) -> str:
    return "#%02x%02x%02x" % tuple(c[:3])


def _path_data(ops: list[tuple]) -> str:
    parts = []
    for op in ops:
        parts.append(op[0] + (" ".join(_num(v) for v in op[1:])))
    return "".join(parts)


def _png_uri(image: Image.Image) -> str:
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _path(p: Path) -> str:
    attrs = [f'd="{_path_data(p.ops)}"']
    if p.fill is not None:
        attrs.append(f'fill="{_color(p.fill)}"')
        if p.fill_alpha < 255:
            attrs.append(f'fill-opacity="{p.fill_alpha / 255:.3f}"')
    else:
        attrs.append('fill="none"')
    if p.stroke is not None:
        attrs.append(f'stroke="{_color(p.stroke)}" stroke-width="{_num(p.width)}"')
        if p.stroke_alpha < 255:
            attrs.append(f'stroke-opacity="{p.stroke_alpha / 255:.3f}"')
    return f"<path {' '.join(attrs)}/>"


class _Emoji:
    """Each distinct emoji once, as a symbol, at the largest size the page draws it."""

    def __init__(self, dl: DisplayList):
        self.ids: dict[tuple, str] = {}
        self.px: dict[tuple, int] = {}
        for line in dl.text_lines():
            for run in line.runs:
                if run.kind == "emoji":
                    key = (run.font, run.text)
                    self.ids.setdefault(key, f"e{len(self.ids)}")
                    self.px[key] = max(self.px.get(key, 1), round(run.box[3]))

    def defs(self) -> list[str]:
        out = []
        for key, ident in self.ids.items():
            tile = emoji.strike(*key)
            h = min(tile.height, self.px[key])
            w = max(1, round(tile.width * h / tile.height))
            out.append(f'<symbol id="{ident}" viewBox="0 0 {w} {h}" preserveAspectRatio="none">'
                       f'<image width="{w}" height="{h}" href="{_png_uri(emoji.scaled(*key, w, h))}"/></symbol>')
        return out

    def use(self, run: GlyphRun) -> str:
        x, y, w, h = run.box
        return (f'<use href="#{self.ids[(run.font, run.text)]}" x="{_num(x)}" y="{_num(y)}" '
                f'width="{_num(w)}" height="{_num(h)}"/>')


def _line(line: TextLine, families: dict, emojis: _Emoji) -> list[str]:
    """One <text> a line, so a search finds words across runs; a <tspan> per run."""
    spans, pictures = [], []
    for run in line.runs:
        if run.kind == "emoji":
            pictures.append(emojis.use(run))
        if run.kind != "text":
            continue
        xs = " ".join(_num(x) for x in run.positions())
        spans.append(f'<tspan x="{xs}" y="{_num(run.baseline)}" font-family="{families[run.font]}" '
                     f'font-size="{_num(run.size)}" fill="{_color(run.color)}">{escape(run.text)}</tspan>')
    text = [f"<text>{''.join(spans)}</text>"] if spans else []
    return text + pictures


def svg_bytes(dl: DisplayList, meta: Meta) -> bytes:
    landscape = dl.width >= dl.height
    w_mm, h_mm = (297, 210) if landscape else (210, 297)
    fonts = drawn_text(dl)
    families = {path: f"p{i}" for i, path in enumerate(fonts)}
    faces = []
    for path, text in fonts.items():
        data = base64.b64encode(subset_font(path, text, "woff2").data).decode("ascii")
        faces.append(f"@font-face{{font-family:{families[path]};src:url(data:font/woff2;base64,{data}) "
                     f"format('woff2')}}")
    emojis = _Emoji(dl)
    lang = f' xml:lang="{meta.language}" lang="{meta.language}"' if meta.language else ""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w_mm}mm" height="{h_mm}mm" '
           f'viewBox="0 0 {dl.width} {dl.height}"{lang}>',
           f"<title>{escape(meta.title)}</title>" if meta.title else "",
           "<style>text{white-space:pre}path{stroke-linecap:round;stroke-linejoin:round}"
           + "".join(faces) + "</style>",
           "<defs>" + "".join(emojis.defs()) + "</defs>",
           f'<rect width="{dl.width}" height="{dl.height}" fill="{_color(dl.paper)}"/>']
    if dl.grid is not None and dl.grid.width > 0:
        d = "".join(f"M{_num(x0)} {_num(y0)}L{_num(x1)} {_num(y1)}" for x0, y0, x1, y1 in grid_lines(dl, dl.grid))
        out.append(f'<path d="{d}" stroke="{_color(dl.grid.color)}" stroke-width="{_num(dl.grid.width)}"/>')
    out += [_path(op) for op in dl.ops if isinstance(op, Path)]
    for op in dl.ops:
        if isinstance(op, TextLine):
            out += _line(op, families, emojis)
        elif isinstance(op, Picture):
            out.append(f'<image x="{_num(op.x)}" y="{_num(op.y)}" width="{_num(op.w)}" height="{_num(op.h)}" '
                       f'preserveAspectRatio="none" href="{_png_uri(picture_at_size(op))}"/>')
    out.append("</svg>")
    return ("\n".join(s for s in out if s) + "\n").encode("utf-8")
