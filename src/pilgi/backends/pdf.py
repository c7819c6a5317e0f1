"""The vector PDF backend: paths as paths, writing in subset-embedded fonts.

Written directly (fontTools subsets the fonts; the file structure is a dozen
objects), which measured smaller and faster than going through a PDF library and
keeps every glyph exactly where the display list puts it: each glyph's laid-out
advance is given to the viewer through TJ adjustments, so text is selectable and
searchable as drawn. Each font is a Type 0 font with Identity-H codes (the subset's
glyph ids) and a ToUnicode map. Emoji and pictures are images with soft masks.
The PDF is tagged: every line of writing is a paragraph in its box's section, in
the order it was written, and the drawing around it is marked as artifact.
The page content is drawn in page pixels under one transform to A4 points.
No dates are written: the same page gives the same bytes.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path as FilePath

from PIL import Image

from .. import emoji
from ..display import DisplayList, GlyphRun, Path, Picture, TextLine
from ..theme import MM_PER_INCH, PT_PER_INCH
from . import Meta
from .fontsubset import Subset, drawn_text, subset_font
from .raster import grid_lines, picture_at_size

A4_PT = (297 / MM_PER_INCH * PT_PER_INCH, 210 / MM_PER_INCH * PT_PER_INCH)


def page_points(dl: DisplayList) -> tuple[float, float]:
    """The PDF page: exactly A4 in the page's orientation (pixels are rounded, A4 is not)."""
    return A4_PT if dl.width >= dl.height else A4_PT[::-1]


def _n(v: float) -> str:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def _rgb(c) -> str:
    return " ".join(_n(v / 255) for v in c[:3])


def _pdf_string(text: str) -> str:
    """A text string in UTF-16BE with BOM, as hex: safe for any title."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


@dataclass
class _Objects:
    """The PDF's numbered objects, in the order they are written."""
    items: list[bytes] = field(default_factory=list)

    def reserve(self) -> int:
        self.items.append(b"")
        return len(self.items)

    def put(self, num: int, body: str, stream: bytes | None = None, compress: bool = True) -> int:
        data = body.encode("latin-1")
        if stream is not None:
            if compress:
                stream = zlib.compress(stream, 6)
                data = data[:-2] + b" /Filter /FlateDecode >>"
            data = data[:-2] + f" /Length {len(stream)} >>".encode() + b"\nstream\n" + stream + b"\nendstream"
        self.items[num - 1] = data
        return num

    def add(self, body: str, stream: bytes | None = None, compress: bool = True) -> int:
        return self.put(self.reserve(), body, stream, compress)

    def serialise(self, root: int, info: int) -> bytes:
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(self.items, start=1):
            offsets.append(len(out))
            out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(self.items) + 1}\n0000000000 65535 f \n".encode()
        for off in offsets:
            out += f"{off:010d} 00000 n \n".encode()
        out += (f"trailer\n<< /Size {len(self.items) + 1} /Root {root} 0 R /Info {info} 0 R >>\n"
                f"startxref\n{xref}\n%%EOF\n").encode()
        return bytes(out)


def _font_objects(objs: _Objects, sub: Subset, text: str) -> int:
    """A Type 0 font for the subset: returns its object number."""
    scale = 1000 / sub.units_per_em
    glyf = sub.outlines == "glyf"
    gids = sorted({sub.glyph_id(ch) for ch in text})
    widths = " ".join(f"{g} [{round(sub.advances[g] * scale)}]" for g in gids)
    to_unicode = _to_unicode({sub.glyph_id(ch): ch for ch in text})
    bbox = " ".join(str(round(v * scale)) for v in sub.bbox)
    cap = round(sub.cap_height * scale)
    file_num = (objs.add("<< /Length1 %d >>" % len(sub.data), sub.data) if glyf
                else objs.add("<< /Subtype /OpenType >>", sub.data))
    descriptor = objs.add(
        f"<< /Type /FontDescriptor /FontName /{sub.name} /Flags 4 /FontBBox [{bbox}] /ItalicAngle 0 "
        f"/Ascent {round(sub.ascent * scale)} /Descent {round(sub.descent * scale)} /CapHeight {cap} "
        f"/StemV 80 /{'FontFile2' if glyf else 'FontFile3'} {file_num} 0 R >>")
    cid = objs.add(
        f"<< /Type /Font /Subtype /{'CIDFontType2' if glyf else 'CIDFontType0'} /BaseFont /{sub.name} "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        f"/FontDescriptor {descriptor} 0 R {'/CIDToGIDMap /Identity ' if glyf else ''}/W [{widths}] >>")
    unicode_map = objs.add("<< >>", to_unicode)
    return objs.add(f"<< /Type /Font /Subtype /Type0 /BaseFont /{sub.name} /Encoding /Identity-H "
                    f"/DescendantFonts [{cid} 0 R] /ToUnicode {unicode_map} 0 R >>")


def _to_unicode(chars: dict[int, str]) -> bytes:
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange <0000> <FFFF> endcodespacerange"]
    items = sorted(chars.items())
    for start in range(0, len(items), 100):
        chunk = items[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{gid:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for gid, ch in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def _image_objects(objs: _Objects, image: Image.Image) -> int:
    """An RGB image with its alpha as a soft mask."""
    rgba = image.convert("RGBA")
    w, h = rgba.size
    mask = objs.add(f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray "
                    "/BitsPerComponent 8 >>", rgba.getchannel("A").tobytes())
    return objs.add(f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceRGB "
                    f"/BitsPerComponent 8 /SMask {mask} 0 R >>", rgba.convert("RGB").tobytes())


class _Page:
    """The content stream and the resources it names."""

    def __init__(self, objs: _Objects, dl: DisplayList):
        self.objs = objs
        self.ops: list[str] = []
        self.alphas: dict[tuple[int, int], str] = {}
        self.images: dict[object, tuple[str, int]] = {}
        self.fonts: dict[FilePath, tuple[str, Subset, int]] = {}
        for i, (path, text) in enumerate(drawn_text(dl).items()):
            sub = subset_font(path, text)
            self.fonts[path] = (f"F{i}", sub, _font_objects(objs, sub, text))

    def alpha(self, fill: int, stroke: int) -> str:
        key = (fill, stroke)
        if key not in self.alphas:
            self.alphas[key] = f"A{len(self.alphas)}"
        return self.alphas[key]

    def image(self, key, make) -> str:
        if key not in self.images:
            self.images[key] = (f"I{len(self.images)}", _image_objects(self.objs, make()))
        return self.images[key][0]

    def path(self, p: Path) -> None:
        ops = []
        for op in p.ops:
            kind = op[0]
            if kind == "M":
                ops.append(f"{_n(op[1])} {_n(op[2])} m")
            elif kind == "L":
                ops.append(f"{_n(op[1])} {_n(op[2])} l")
            elif kind == "C":
                ops.append(" ".join(_n(v) for v in op[1:7]) + " c")
            elif kind == "Z":
                ops.append("h")
        fill, stroke = p.fill is not None, p.stroke is not None
        if not (fill or stroke):
            return
        state = []
        if (fill and p.fill_alpha < 255) or (stroke and p.stroke_alpha < 255):
            state.append(f"/{self.alpha(p.fill_alpha if fill else 255, p.stroke_alpha if stroke else 255)} gs")
        if fill:
            state.append(f"{_rgb(p.fill)} rg")
        if stroke:
            state.append(f"{_rgb(p.stroke)} RG {_n(p.width)} w")
        paint = "B" if fill and stroke else ("f" if fill else "S")
        self.ops.append("q " + " ".join(state) + "\n" + "\n".join(ops) + f" {paint} Q")

    def text(self, line: TextLine) -> None:
        for run in line.runs:
            if run.kind == "text":
                self._run(run)
            elif run.kind == "emoji":
                x, y, w, h = run.box
                name = self.image(("emoji", run.font, run.text, round(h)),
                                  lambda: emoji.scaled(run.font, run.text, round(w), round(h)))
                self.ops.append(f"q {_n(w)} 0 0 {_n(-h)} {_n(x)} {_n(y + h)} cm /{name} Do Q")

    def _run(self, run: GlyphRun) -> None:
        name, sub, _ = self.fonts[run.font]
        parts = []
        for ch, laid in zip(run.text, run.advances):
            gid = sub.glyph_id(ch)
            natural = round(sub.advances[gid] * 1000 / sub.units_per_em) / 1000 * run.size  # as the /W array says
            parts.append(f"<{gid:04X}>")
            shift = (natural - laid) / run.size * 1000  # TJ: positive moves the next glyph left
            if abs(shift) >= 0.5:
                parts.append(str(round(shift)))
        self.ops.append(f"BT /{name} {_n(run.size)} Tf {_rgb(run.color)} rg 1 0 0 -1 {_n(run.x)} "
                        f"{_n(run.baseline)} Tm [{''.join(parts)}] TJ ET")

    def picture(self, op: Picture) -> None:
        size = (max(1, round(op.w)), max(1, round(op.h)))
        name = self.image(("picture", id(op.image), size), lambda: picture_at_size(op))
        self.ops.append(f"q {_n(op.w)} 0 0 {_n(-op.h)} {_n(op.x)} {_n(op.y + op.h)} cm /{name} Do Q")


def _structure(objs: _Objects, page_num: int, regions: dict[str, list[int]]) -> int:
    """The structure tree: a Document of one Sect per region, one P per line."""
    root, document = objs.reserve(), objs.reserve()
    sections, by_mcid = [], {}
    for mcids in regions.values():
        sect = objs.reserve()
        kids = []
        for mcid in mcids:
            by_mcid[mcid] = objs.add(f"<< /Type /StructElem /S /P /P {sect} 0 R /Pg {page_num} 0 R /K {mcid} >>")
            kids.append(f"{by_mcid[mcid]} 0 R")
        objs.put(sect, f"<< /Type /StructElem /S /Sect /P {document} 0 R /K [{' '.join(kids)}] >>")
        sections.append(f"{sect} 0 R")
    objs.put(document, f"<< /Type /StructElem /S /Document /P {root} 0 R /K [{' '.join(sections)}] >>")
    parents = " ".join(f"{by_mcid[m]} 0 R" for m in sorted(by_mcid))
    objs.put(root, f"<< /Type /StructTreeRoot /K [{document} 0 R] /ParentTree << /Nums [0 [{parents}]] >> >>")
    return root


def pdf_bytes(dl: DisplayList, meta: Meta) -> bytes:
    w_pt, h_pt = page_points(dl)
    objs = _Objects()
    catalog, pages, page_num = objs.reserve(), objs.reserve(), objs.reserve()
    page = _Page(objs, dl)
    k = w_pt / dl.width
    # Page pixels, y down, under one transform; text matrices flip glyphs back upright.
    page.ops.append(f"{k:.6f} 0 0 {-k:.6f} 0 {h_pt:.3f} cm")
    page.ops.append("/Artifact BMC")  # paper, lines and fills: drawing, not content to read
    page.ops.append(f"{_rgb(dl.paper)} rg 0 0 {dl.width} {dl.height} re f")
    if dl.grid is not None and dl.grid.width > 0:
        lines = " ".join(f"{_n(x0)} {_n(y0)} m {_n(x1)} {_n(y1)} l" for x0, y0, x1, y1 in grid_lines(dl, dl.grid))
        page.ops.append(f"q {_rgb(dl.grid.color)} RG {_n(dl.grid.width)} w {lines} S Q")
    page.ops.append("1 J 1 j")  # round caps and joins, as a pen draws
    for op in dl.ops:
        if isinstance(op, Path):
            page.path(op)
    page.ops.append("EMC")
    # Each line of writing is a tagged paragraph, in the display list's order, so
    # text extraction and screen readers read box by box as the page was written.
    regions: dict[str, list[int]] = {}
    for op in dl.ops:
        if isinstance(op, TextLine):
            mcid = sum(len(v) for v in regions.values())
            regions.setdefault(op.region, []).append(mcid)
            page.ops.append(f"/P << /MCID {mcid} >> BDC")
            page.text(op)
            page.ops.append("EMC")
        elif isinstance(op, Picture):
            page.ops.append("/Artifact BMC")
            page.picture(op)
            page.ops.append("EMC")
    content = objs.add("<< >>", "\n".join(page.ops).encode("latin-1"))
    struct_root = _structure(objs, page_num, regions)
    fonts = " ".join(f"/{name} {num} 0 R" for name, _, num in page.fonts.values())
    images = " ".join(f"/{name} {num} 0 R" for name, num in page.images.values())
    states = " ".join(f"/{name} << /ca {_n(f / 255)} /CA {_n(s / 255)} >>" for (f, s), name in page.alphas.items())
    objs.put(page_num, f"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 {w_pt:.3f} {h_pt:.3f}] "
             f"/Resources << /Font << {fonts} >> /XObject << {images} >> /ExtGState << {states} >> >> "
             f"/Contents {content} 0 R /StructParents 0 >>")
    objs.put(pages, f"<< /Type /Pages /Kids [{page_num} 0 R] /Count 1 >>")
    lang = f" /Lang {_pdf_string(meta.language)}" if meta.language else ""
    objs.put(catalog, f"<< /Type /Catalog /Pages {pages} 0 R{lang} "
             f"/MarkInfo << /Marked true >> /StructTreeRoot {struct_root} 0 R "
             "/ViewerPreferences << /DisplayDocTitle true >> >>")
    info = objs.add(f"<< /Title {_pdf_string(meta.title)} /Producer (pilgi) >>")
    return objs.serialise(catalog, info)
