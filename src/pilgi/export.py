"""Writing pages to disk: PNG with its dpi, and an A4 PDF with a searchable text layer.

The PDF holds the page image losslessly — the PNG's own compressed rows, passed
through as a Flate stream with the PNG predictor, so nothing is encoded twice —
and, on top, invisible text (render mode 3) at the positions the raster shows.
Every write goes to a temporary file in the target folder and is renamed into
place, so a failed run never leaves a half-written file.
"""
from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

from .display import DisplayList, GlyphRun
from .theme import MM_PER_INCH, PT_PER_INCH
from .fonts import pil_font
from .writing import atomic_write, write_files  # noqa: F401  (where callers find them)

A4_PT = (297 / MM_PER_INCH * PT_PER_INCH, 210 / MM_PER_INCH * PT_PER_INCH)


def page_points(dl: DisplayList) -> tuple[float, float]:
    """The PDF page: exactly A4 in the page's orientation (pixels are rounded, A4 is not)."""
    return A4_PT if dl.width >= dl.height else A4_PT[::-1]


def png_bytes(image: Image.Image, dpi: int) -> bytes:
    buf = io.BytesIO()
    # compress_level 1: a fraction of the default's time for files ~15% larger.
    image.save(buf, "PNG", dpi=(dpi, dpi), compress_level=1)
    return buf.getvalue()


def _png_idat(png: bytes) -> bytes:
    """The concatenated IDAT payload: a zlib stream of PNG-filtered rows."""
    pos = 8
    out = bytearray()
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        if kind == b"IDAT":
            out += png[pos + 8:pos + 8 + length]
        pos += 12 + length
    return bytes(out)


class _TextLayer:
    """Invisible text: one Type0 font whose two-byte codes index the page's distinct
    characters, with a ToUnicode map so viewers can search and copy them."""

    def __init__(self, dl: DisplayList):
        w_pt, self.height_pt = page_points(dl)
        self.k = w_pt / dl.width
        self.chars: dict[str, int] = {}
        self.widths: dict[int, float] = {}
        self.content: list[str] = []
        for line in dl.text_lines():
            for run in line.runs:
                if run.kind != "missing":
                    self._run(run)

    def _code(self, ch: str, run: GlyphRun, advance: float) -> int:
        code = self.chars.setdefault(ch, len(self.chars) + 1)
        self.widths.setdefault(code, advance / run.size * 1000)
        return code

    def _run(self, run: GlyphRun) -> None:
        if run.kind != "text":  # one cluster: its width shared by its characters
            advances = [run.width / len(run.text)] * len(run.text)
        else:
            font = pil_font(run.font, run.size)
            advances = [font.getlength(ch) for ch in run.text]
        codes = [self._code(ch, run, adv) for ch, adv in zip(run.text, advances)]
        hexcodes = "".join(f"{c:04X}" for c in codes)
        x = run.x * self.k
        y = self.height_pt - run.baseline * self.k
        # Horizontal scale makes the run exactly as wide as drawn, whatever the widths table says.
        natural = sum(self.widths[c] for c in codes) / 1000 * run.size
        scale = 100.0 * run.width / natural if natural else 100.0
        self.content.append(f"BT 3 Tr /F1 {run.size * self.k:.3f} Tf {scale:.2f} Tz "
                            f"1 0 0 1 {x:.2f} {y:.2f} Tm <{hexcodes}> Tj ET")

    def to_unicode(self) -> bytes:
        lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
                 "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
                 "1 begincodespacerange <0000> <FFFF> endcodespacerange"]
        items = sorted((code, ch) for ch, code in self.chars.items())
        for start in range(0, len(items), 100):
            chunk = items[start:start + 100]
            lines.append(f"{len(chunk)} beginbfchar")
            for code, ch in chunk:
                utf16 = ch.encode("utf-16-be").hex().upper()
                lines.append(f"<{code:04X}> <{utf16}>")
            lines.append("endbfchar")
        lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        return "\n".join(lines).encode("ascii")

    def widths_array(self) -> str:
        return "[" + " ".join(f"{c} [{w:.0f}]" for c, w in sorted(self.widths.items())) + "]"


def pdf_bytes(dl: DisplayList, png: bytes) -> bytes:
    w_pt, h_pt = page_points(dl)
    text = _TextLayer(dl)
    content = (f"q {w_pt:.3f} 0 0 {h_pt:.3f} 0 0 cm /Im1 Do Q\n" + "\n".join(text.content)).encode("ascii")
    image = _png_idat(png)
    objects: list[bytes] = []

    def obj(body: str, stream: bytes | None = None) -> None:
        data = body.encode("ascii")
        if stream is not None:  # the dictionary gains its /Length, then the stream follows
            data = data[:-2] + f" /Length {len(stream)} >>".encode() + b"\nstream\n" + stream + b"\nendstream"
        objects.append(data)

    # Object numbers are fixed by this order: 1 catalog, 2 pages, 3 page, 4 image,
    # 5 contents, 6 font, 7 CID font, 8 ToUnicode, 9 descriptor.
    obj("<< /Type /Catalog /Pages 2 0 R >>")
    obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    obj(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w_pt:.3f} {h_pt:.3f}] "
               "/Resources << /XObject << /Im1 4 0 R >> /Font << /F1 6 0 R >> >> /Contents 5 0 R >>")
    obj(f"<< /Type /XObject /Subtype /Image /Width {dl.width} /Height {dl.height} /ColorSpace /DeviceRGB "
        f"/BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 3 "
        f"/BitsPerComponent 8 /Columns {dl.width} >> >>", image)
    obj("<< /Filter /FlateDecode >>", zlib.compress(content, 6))
    obj("<< /Type /Font /Subtype /Type0 /BaseFont /PilgiText /Encoding /Identity-H "
        "/DescendantFonts [7 0 R] /ToUnicode 8 0 R >>")
    obj("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /PilgiText /CIDSystemInfo << /Registry (Adobe) "
        "/Ordering (Identity) /Supplement 0 >> /FontDescriptor 9 0 R /CIDToGIDMap /Identity "
        f"/DW 1000 /W {text.widths_array()} >>")
    obj("<< /Filter /FlateDecode >>", zlib.compress(text.to_unicode(), 6))
    obj("<< /Type /FontDescriptor /FontName /PilgiText /Flags 4 /FontBBox [0 -300 1000 1000] "
        "/ItalicAngle 0 /Ascent 1000 /Descent -300 /CapHeight 700 /StemV 80 >>")
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
