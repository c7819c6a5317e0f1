"""The theme: fonts, pens, paper and spacing in one place.

Blocks ask the theme for sizes and colours; nothing else hard-codes them.
Lengths are in millimetres or points here and converted to pixels with ``px``.
A sheet's ``theme:`` mapping overrides any of these fields by name.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from .errors import InputError, unknown_key

MM_PER_INCH = 25.4
PT_PER_INCH = 72.0

Color = tuple[int, int, int]


def hex_color(value: str, where: str = "theme") -> Color:
    text = value.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    try:
        if len(text) != 6:
            raise ValueError
        return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))
    except ValueError:
        raise InputError(f"'{value}' is not a colour (expected #rrggbb)", where) from None


@dataclass(frozen=True)
class FontRole:
    """The font a role writes in, the package it comes from, and its scale."""
    file: str  # file name looked up in the font folders
    package: str  # Debian package that provides it, named in the error when missing
    scale: float = 1.0  # hands differ in x-height: scale to look the same size as body text


@dataclass(frozen=True)
class Theme:
    """Colours, pens, sizes and fonts of a page."""
    # Paper
    paper: Color = (251, 250, 245)
    grid: Color = (214, 224, 236)
    grid_mm: float = 5.0
    grid_line_mm: float = 0.12
    margin_mm: float = 8.0
    gutter_mm: float = 4.0
    # Pens
    ink: Color = (35, 37, 43)
    blue: Color = (31, 78, 156)
    red: Color = (192, 57, 43)
    green: Color = (39, 122, 73)
    pencil: Color = (110, 116, 128)
    pen_mm: float = 0.45
    thin_pen_mm: float = 0.3
    highlighter: Color = (255, 226, 84)
    highlighter_alpha: int = 150
    # Pastel fills, by name; sections and nodes pick one
    pastels: dict = field(default_factory=lambda: {
        "yellow": (255, 243, 184),
        "blue": (214, 230, 251),
        "green": (217, 242, 221),
        "pink": (251, 221, 228),
        "purple": (232, 222, 248),
        "orange": (253, 227, 200),
        "gray": (234, 236, 240),
    })
    sticky: Color = (255, 239, 148)
    sticky_edge: Color = (196, 170, 60)
    sticky_shadow: Color = (215, 205, 150)
    sticky_shadow_alpha: int = 120
    tape: Color = (230, 230, 220)
    tape_alpha: int = 170
    banner_fill: str = "yellow"  # pastel behind the title
    table_header_fill: str = "blue"  # pastel of a table's header row
    code_fill: str = "gray"  # pastel behind code
    heading_mark: str = "yellow"  # pastel of the marker swipe behind section headings
    heading_mark_alpha: int = 200
    section_alpha: int = 215  # paper over the grid inside a section: calmer behind text
    section_fill_alpha: int = 235  # a section's own pastel, when it has one
    section_pad_mm: float = 2.6
    small_scale: float = 0.86  # labels and notes, relative to body text
    # Type sizes in points; body text shrinks from max to min to fit
    title_pt: float = 28.0
    subtitle_pt: float = 13.0
    heading_pt: float = 15.0  # the least a heading is; it grows with its section's body text
    heading_scale: float = 1.3  # heading size relative to the body text under it
    body_max_pt: float = 26.0  # a box with room writes this large: spare room goes to the reader
    body_min_pt: float = 8.0
    line_spacing: float = 1.22
    note_hand_min_pt: float = 14.0  # smaller notes are written in the body hand
    # Hands
    fonts: dict = field(default_factory=lambda: {
        "title": FontRole("NanumBarunpenB.ttf", "fonts-nanum-extra"),
        "heading": FontRole("NanumBarunpenB.ttf", "fonts-nanum-extra"),
        "body": FontRole("NanumBarunpenR.ttf", "fonts-nanum-extra"),
        "bold": FontRole("NanumBarunpenB.ttf", "fonts-nanum-extra"),
        "note": FontRole("NanumPen.ttf", "fonts-nanum-extra", 1.3),
        "code": FontRole("NanumGothicCoding.ttf", "fonts-nanum", 0.92),
    })
    # Tried in order for characters the role's hand lacks
    fallback_fonts: tuple = (
        FontRole("NanumBarunGothic.ttf", "fonts-nanum"),
        FontRole("DejaVuSans.ttf", "fonts-dejavu-core"),
    )
    emoji_font: FontRole = FontRole("NotoColorEmoji.ttf", "fonts-noto-color-emoji")
    roughness: float = 1.0
    hand_icons: bool = False  # draw emoji with the hand-drawn icon set even when the emoji font is there
    section_colors: tuple = ("blue", "yellow", "green", "pink", "purple", "orange")

    def px(self, mm: float, dpi: int) -> float:
        return mm * dpi / MM_PER_INCH

    def pt_px(self, pt: float, dpi: int) -> float:
        return pt * dpi / PT_PER_INCH

    def pastel(self, name: str) -> Color | None:
        if not name:
            return None
        if name.startswith("#"):
            return hex_color(name)
        return self.pastels.get(name)


THEME_NAME = "pen"  # the one theme; a sheet changes it field by field
_COLOR_FIELDS = {"paper", "grid", "ink", "blue", "red", "green", "pencil", "highlighter", "sticky"}
_NUMBER_FIELDS = {
    "grid_mm": (1.0, 20.0), "grid_line_mm": (0.0, 1.0), "margin_mm": (0.0, 40.0),
    "gutter_mm": (0.0, 20.0), "pen_mm": (0.1, 2.0), "thin_pen_mm": (0.05, 2.0),
    "highlighter_alpha": (0, 255), "title_pt": (10.0, 72.0), "subtitle_pt": (8.0, 40.0),
    "heading_pt": (8.0, 40.0), "body_max_pt": (8.0, 40.0), "body_min_pt": (8.0, 30.0),
    "line_spacing": (1.0, 2.0), "roughness": (0.0, 4.0),
}

# What a sheet's theme may set: the colours, the numbers and these.
OTHER_SETTABLE = {"pastels": "name: '#rrggbb' pastels added or changed", "fonts": "role: font file",
                  "hand_icons": "draw emoji with the hand-drawn icons"}
SETTABLE = _COLOR_FIELDS | set(_NUMBER_FIELDS) | set(OTHER_SETTABLE)


def plain_number(value: float) -> str:
    """2147483647, not 2.14748e+09; 0.5 stays 0.5."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def make_theme(overrides: dict | None, where: str = "theme") -> Theme:
    """The default theme with a sheet's overrides, each checked against its field."""
    theme = Theme()
    if not overrides:
        return theme
    if not isinstance(overrides, dict):
        raise InputError("'theme' must be a mapping of theme fields", where)
    known = {f.name for f in fields(Theme)}
    changes: dict = {}
    for key, value in overrides.items():
        here = f"{where}.{key}"
        if key == "name":
            if value != THEME_NAME:
                raise InputError(f"unknown theme '{value}' (themes: {THEME_NAME})", here)
            continue
        if key not in known or key not in SETTABLE:
            raise InputError(unknown_key("theme field", key, SETTABLE | {"name"}), here)
        if key in _COLOR_FIELDS:
            if not isinstance(value, str):
                raise InputError("expected a colour such as '#1f4e9c'", here)
            changes[key] = hex_color(value, here)
        elif key == "hand_icons":
            if not isinstance(value, bool):
                raise InputError("expected true or false", here)
            changes[key] = value
        elif key == "fonts":
            changes[key] = _font_overrides(theme, value, here)
        elif key == "pastels":
            if not isinstance(value, dict):
                raise InputError("expected a mapping of name: '#rrggbb'", here)
            merged = dict(theme.pastels)
            for name, col in value.items():
                if not isinstance(col, str):
                    raise InputError("expected a colour such as '#fff3b8'", f"{here}.{name}")
                merged[str(name)] = hex_color(col, f"{here}.{name}")
            changes[key] = merged
        else:
            lo, hi = _NUMBER_FIELDS[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
                raise InputError(f"expected a number from {plain_number(lo)} to {plain_number(hi)}", here)
            changes[key] = type(getattr(theme, key))(value)
    theme = replace(theme, **changes)
    if theme.body_min_pt > theme.body_max_pt:
        raise InputError("body_min_pt is larger than body_max_pt", where)
    return theme


def _font_overrides(theme: Theme, value, where: str) -> dict:
    """A sheet may write in its own hands: role -> font file name."""
    if not isinstance(value, dict):
        raise InputError(f"expected a mapping of role: font file ({', '.join(theme.fonts)})", where)
    merged = dict(theme.fonts)
    for role, file in value.items():
        if role not in merged:
            raise InputError(f"unknown font role '{role}' (roles: {', '.join(merged)})", f"{where}.{role}")
        if not isinstance(file, str) or not file.lower().endswith((".ttf", ".otf", ".ttc")):
            raise InputError("expected a font file name such as 'NanumPen.ttf'", f"{where}.{role}")
        merged[role] = FontRole(file, "", merged[role].scale)
    return merged
