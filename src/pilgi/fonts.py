"""Finding font files, and knowing which characters each one really has.

Fonts are never shipped with the project: they come from the system's packages
(Debian: fonts-nanum, fonts-nanum-extra, fonts-noto-color-emoji) or from a folder
the user names. The lookup order is: $PILGI_FONT_DIR, a source checkout's fonts/ folder,
the user's font folders, then the system's.
"""
from __future__ import annotations

import os
import unicodedata
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from .errors import FontError
from .font_cache import cached_bytes, cached_cmap
from .icons import icon_for
from .lexicon import clusters, is_emoji
from .paths import FONT_DIR
from .reading import is_regular_file
from .theme import FontRole, Theme

KERNING_FORMAT = "1"  # bump when what _kerned_pairs writes changes
# Characters that shape text but draw nothing: they need no glyph.
INVISIBLE = {"\u200d", "\ufe0e", "\ufe0f", "\u200b", "\u200c", "\u2060"}


def font_dirs() -> list[Path]:
    dirs: list[Path] = []
    env = os.environ.get("PILGI_FONT_DIR")
    if env:
        dirs.extend(Path(p) for p in env.split(os.pathsep) if p)
    home = Path.home()
    if FONT_DIR is not None:
        dirs.append(FONT_DIR)
    dirs += [home / ".local/share/fonts", home / ".fonts",
             Path("/usr/local/share/fonts"), Path("/usr/share/fonts")]
    return dirs


@lru_cache(maxsize=None)
def _index(dirs: tuple[Path, ...]) -> dict[str, Path]:
    """File name -> first path found, searching the folders in order."""
    found: dict[str, Path] = {}
    for base in dirs:
        if not base.is_dir():
            continue
        for root, _subdirs, files in sorted(os.walk(base)):
            for name in sorted(files):
                # A FIFO or device named like a font would hang or flood the reader.
                if name.lower().endswith((".ttf", ".otf", ".ttc")) and is_regular_file(Path(root) / name):
                    found.setdefault(name, Path(root) / name)
    return found


def find_font(role: FontRole) -> Path:
    path = _index(tuple(font_dirs())).get(role.file)
    if path is None:
        install = (f"install the Debian package {role.package} (apt-get install {role.package}) or "
                   if role.package else "")
        raise FontError(f"font {role.file} not found; {install}put the file in ~/.local/share/fonts "
                        f"or a folder named by PILGI_FONT_DIR", "fonts")
    return path


def try_font(role: FontRole) -> Path | None:
    try:
        return find_font(role)
    except FontError:
        return None


@lru_cache(maxsize=None)
def cmap(path: Path) -> frozenset[int]:
    """The code points the font draws: mapped to a glyph that is not .notdef and,
    in an outline font, not empty — some hands map thousands of characters they
    never drew to blank glyphs. Kept on disk between runs (font_cache.py)."""
    return cached_cmap(path, _drawn_code_points)


def _drawn_code_points(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont  # only when a font is read for the first time: a slow import

    font = TTFont(str(path), lazy=True, fontNumber=0)
    table = font.getBestCmap() or {}
    drawn = {cp for cp, glyph in table.items() if glyph != ".notdef"}
    if "loca" in font:
        loca = font["loca"]
        index = {name: i for i, name in enumerate(font.getGlyphOrder())}
        drawn = {cp for cp in drawn if loca[index[table[cp]] + 1] > loca[index[table[cp]]]
                 or unicodedata.category(chr(cp)) in ("Zs", "Cc", "Cf")}
    return frozenset(drawn)


@lru_cache(maxsize=4096)
def pil_font(path: Path, size: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=None)
def kerned(path: Path) -> tuple[frozenset[str], frozenset[str]]:
    """The pairs of characters the font's 'kern' table kerns, and every character in
    one: Pillow's layout (FreeType's FT_Get_Kerning; a GPOS table is not read) moves
    a glyph only there. Kept on disk between runs (font_cache.py)."""
    text = cached_bytes("kerning", path, KERNING_FORMAT, lambda: _kerned_pairs(path)).decode("utf-32-le")
    pairs = frozenset(text[i:i + 2] for i in range(0, len(text), 2))
    return pairs, frozenset(text)


def _kerned_pairs(path: Path) -> bytes:
    """Each kerned pair's two characters, one pair after another, in UTF-32."""
    from fontTools.ttLib import TTFont  # only when a font is read for the first time: a slow import

    font = TTFont(str(path), lazy=True, fontNumber=0)
    if "kern" not in font:
        return b""
    chars: dict[str, set[str]] = {}  # glyph name -> the characters drawn with it
    # Every Unicode map the font has: FreeType may read another one than fontTools' best.
    for table in font["cmap"].tables:
        if table.isUnicode():
            for cp, glyph in table.cmap.items():
                chars.setdefault(glyph, set()).add(chr(cp))
    pairs = {a + b for table in font["kern"].kernTables for left, right in getattr(table, "kernTable", {})
             for a in chars.get(left, ()) for b in chars.get(right, ())}
    return "".join(sorted(pairs)).encode("utf-32-le")


@lru_cache(maxsize=4096)
def _measured(path: Path, size: float) -> tuple[dict[str, float], dict[str, float]]:
    """The font's advance of each character at ``size`` px, and its kerning of each
    pair, as far as they have been asked for."""
    return {}, {}


@lru_cache(maxsize=1 << 16)
def text_length(path: Path, size: float, text: str) -> float:
    """``text``'s advance width in the font at ``size`` px, exactly as Pillow lays it
    out (basic layout): the sum of its characters' advances, each measured once, and
    of the kerning of the neighbours the 'kern' table pairs. Measuring every word
    whole made FreeType load each glyph again for each word and size (a page asks
    for ~4,000 lengths). The parts are whole 64ths of a pixel (FreeType's 26.6 fixed
    point), so their sum is exact."""
    advances, kerning = _measured(path, size)
    if not advances.keys() >= set(text):
        font = pil_font(path, size)
        for ch in set(text) - advances.keys():
            advances[ch] = font.getlength(ch)
    total = sum(map(advances.__getitem__, text))
    pairs, paired = kerned(path)
    if paired.isdisjoint(text):
        return total
    for i in range(len(text) - 1):
        pair = text[i:i + 2]
        if pair in pairs:
            kern = kerning.get(pair)
            if kern is None:
                kern = kerning[pair] = pil_font(path, size).getlength(pair) - advances[pair[0]] - advances[pair[1]]
            total += kern
    return total


class FontSet:
    """The theme's fonts resolved to files, with per-character fallback."""

    def __init__(self, theme: Theme):
        self.roles = {name: find_font(role) for name, role in theme.fonts.items()}
        self.scales = {name: role.scale for name, role in theme.fonts.items()}
        self.fallbacks = [p for p in (try_font(r) for r in theme.fallback_fonts) if p]
        self.emoji = try_font(theme.emoji_font)

    def font_for(self, role: str, ch: str) -> Path | None:
        """The file that draws ``ch`` (a character or an emoji cluster) for this role;
        None when no font has it."""
        primary = self.roles[role]
        if len(ch) > 1:
            if self.emoji and all(ord(c) in cmap(self.emoji) or c in INVISIBLE for c in ch):
                return self.emoji
            ch = ch[0]  # without colour emoji the base character stands alone
        if is_emoji(ch) and self.emoji and ord(ch) in cmap(self.emoji):
            return self.emoji
        if ord(ch) in cmap(primary):
            return primary
        for path in self.fallbacks:
            if ord(ch) in cmap(path):
                return path
        if self.emoji and ord(ch) in cmap(self.emoji):
            return self.emoji
        return None

    def missing(self, text: str, role: str = "body") -> list[str]:
        """Characters of ``text`` that no configured font can draw."""
        out = []
        for cluster in clusters(text):
            ch = cluster[0]
            if ch in INVISIBLE or ch in "\n\t" or unicodedata.category(ch) == "Zs":
                continue
            if self.font_for(role, cluster) is None and icon_for(ch) is None and ch not in out:
                out.append(ch)
        return out
