"""The page's fonts cut down to the glyphs it draws, for the vector backends.

A Korean hand has 11,000 glyphs and a page uses a few hundred, so each font is
subset with fontTools before it is embedded. Timestamps are kept from the source
file, so the same page gives the same bytes.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import fontTools
from fontTools.ttLib import TTFont

from ..display import DisplayList
from ..font_cache import cached_subset


HINTING_TABLES = ("fpgm", "prep", "cvt ", "hdmx", "VDMX", "LTSH")
# Part of the cache key: changed whenever _subset_bytes writes different bytes.
SUBSET_RECIPE = 2
SHAPING_TABLES = ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "kern", "morx", "mort"]
HINTING_SOURCE_TABLES = ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5", "TSIV", "TSIP", "TSIS", "TSIB", "TSIC", "TSID", "TSIJ"]


@dataclass
class Subset:
    data: bytes  # the subset font file (sfnt, or WOFF2 when asked)
    font: TTFont  # the subset, parsed: glyph ids, advances, metrics
    name: str  # PostScript name with a tag that depends only on the glyphs kept

    def glyph_id(self, ch: str) -> int:
        name = self.font.getBestCmap().get(ord(ch))
        return self.font.getGlyphID(name) if name is not None else 0


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
    key = f"{SUBSET_RECIPE}\0{fontTools.version}\0{flavor}\0{text}"
    data = cached_subset(path, key, lambda: _subset_bytes(path, text, flavor))
    parsed = TTFont(io.BytesIO(data), recalcTimestamp=False)
    base = parsed["name"].getDebugName(6) or path.stem
    digest = hashlib.sha256(text.encode("utf-8") + base.encode()).digest()
    tag = "".join(chr(ord("A") + b % 26) for b in digest[:6])
    return Subset(data, parsed, f"{tag}+{base.replace(' ', '')}")


def _subset_bytes(path: Path, text: str, flavor: str | None) -> bytes:
    from fontTools import subset  # a cache miss only: the import alone takes ~0.1 s (it loads varLib)

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
