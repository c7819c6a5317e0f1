"""The page's fonts cut down to the glyphs it draws, for the vector backends.

A Korean hand has 11,000 glyphs and a page uses a few hundred, so each font is
subset with fontTools before it is embedded. Timestamps are kept from the source
file, so the same page gives the same bytes. The few facts the PDF needs of a
subset (its glyph ids, advances and metrics) are cached beside it: reading them
back from the font would mean importing and running fontTools on every render.
"""
from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..display import DisplayList
from ..font_cache import cached_bytes, cached_subset, package_file


HINTING_TABLES = ("fpgm", "prep", "cvt ", "hdmx", "VDMX", "LTSH")
# Part of the cache key: changed whenever _subset_bytes writes different bytes.
SUBSET_RECIPE = 2
FACTS_FORMAT = 1  # changed whenever _facts records something else
KEEP_FACTS = 256
SHAPING_TABLES = ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "kern", "morx", "mort"]
HINTING_SOURCE_TABLES = ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5", "TSIV", "TSIP", "TSIS", "TSIB", "TSIC", "TSID", "TSIJ"]


@dataclass
class Subset:
    """A font cut down to the glyphs a page writes, with what a PDF needs to know of them."""
    data: bytes  # the subset font file (sfnt, or WOFF2 when asked)
    name: str  # PostScript name with a tag that depends only on the glyphs kept
    glyph_ids: dict[str, int]  # each character kept -> its glyph id (0: not in the font)
    advances: list[int]  # by glyph id, in font units
    units_per_em: int
    bbox: tuple[int, int, int, int]  # the font's xMin, yMin, xMax, yMax
    ascent: int
    descent: int
    cap_height: float  # OS/2's, else 70% of the ascent
    outlines: str  # "glyf" (TrueType) or "CFF"

    def glyph_id(self, ch: str) -> int:
        return self.glyph_ids.get(ch, 0)


def drawn_text(dl: DisplayList) -> dict[Path, str]:
    """Every outline font the page writes in, with the characters it writes (sorted)."""
    chars: dict[Path, set[str]] = {}
    for line in dl.text_lines():
        for run in line.runs:
            if run.kind == "text":
                chars.setdefault(run.font, set()).update(run.text)
    return {path: "".join(sorted(cs)) for path, cs in sorted(chars.items())}


@lru_cache(maxsize=64)
def subset_font(path: Path, text: str, flavor: str | None = None) -> Subset:
    # The same page's fonts come from the disk cache: a re-render skips fontTools' work.
    key = f"{SUBSET_RECIPE}\0{_fonttools_stamp()}\0{flavor}\0{text}"
    data = cached_subset(path, key, lambda: _subset_bytes(path, text, flavor))
    facts = cached_bytes("subset-facts", path, f"{FACTS_FORMAT}\0{key}", lambda: _facts(data, path, text),
                         KEEP_FACTS)
    found = json.loads(facts)
    return Subset(data, found["name"], found["glyph_ids"], found["advances"], found["units_per_em"],
                  tuple(found["bbox"]), found["ascent"], found["descent"], found["cap_height"], found["outlines"])


@lru_cache(maxsize=1)
def _fonttools_stamp() -> str:
    """The installed fontTools, named without importing it (its start-up logging costs
    a render ~5 ms): its package file's path, size and time, as fonts are keyed."""
    source = package_file("fontTools")
    if source is None:
        return ""
    info = source.stat()
    return f"{source}\0{info.st_size}\0{info.st_mtime_ns}"


def _facts(data: bytes, path: Path, text: str) -> bytes:
    from fontTools.ttLib import TTFont  # a cache miss only: a slow import

    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    base = font["name"].getDebugName(6) or path.stem
    digest = hashlib.sha256(text.encode("utf-8") + base.encode()).digest()
    tag = "".join(chr(ord("A") + b % 26) for b in digest[:6])
    cmap = font.getBestCmap()
    hmtx, head, hhea, os2 = font["hmtx"], font["head"], font["hhea"], font.get("OS/2")
    facts = {
        "name": f"{tag}+{base.replace(' ', '')}",
        "glyph_ids": {ch: font.getGlyphID(cmap[ord(ch)]) if ord(ch) in cmap else 0 for ch in text},
        "advances": [hmtx[name][0] for name in font.getGlyphOrder()],
        "units_per_em": head.unitsPerEm,
        "bbox": [head.xMin, head.yMin, head.xMax, head.yMax],
        "ascent": hhea.ascent,
        "descent": hhea.descent,
        "cap_height": getattr(os2, "sCapHeight", 0) or hhea.ascent * 0.7,
        "outlines": "glyf" if "glyf" in font else "CFF",
    }
    return json.dumps(facts, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _subset_bytes(path: Path, text: str, flavor: str | None) -> bytes:
    from fontTools import subset  # a cache miss only: the import alone takes ~0.1 s (it loads varLib)
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), fontNumber=0, recalcTimestamp=False, lazy=True)
    options = subset.Options()
    # Every glyph is placed by pilgi (as Pillow's basic layout measured it), so the
    # shaping tables are dropped whole rather than read and subset.
    options.layout_features = []
    # Hinting is dropped after subsetting: asking the subsetter to drop it decompiles
    # every glyph of the source (seconds for a Korean font).
    options.hinting = True
    options.notdef_outline = True
    # FFTM is FontForge's timestamp: of no use in a subset, and the subsetter warns on it.
    options.drop_tables += HINTING_SOURCE_TABLES + SHAPING_TABLES + ["FFTM"]
    options.name_IDs = [1, 2, 4, 6]
    options.flavor = flavor
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    if "glyf" in font:
        glyf = font["glyf"]
        for name in font.getGlyphOrder():
            glyf[name].removeHinting()
        for tag in HINTING_TABLES:
            if tag in font:
                del font[tag]
    buf = io.BytesIO()
    font.flavor = flavor
    font.save(buf)
    return buf.getvalue()
