"""`pilgi list layouts|icons|themes`: what a sheet may name, one per line."""
from __future__ import annotations

from . import paths
from .icons import all_icons
from .layout import available_layouts, layout_file, load_layout
from .readers import sheet_format as f
from .theme import Theme
from .theme import _COLOR_FIELDS as THEME_COLORS
from .theme import _NUMBER_FIELDS as THEME_NUMBERS

TOPICS = ("layouts", "icons", "themes")


def list_lines(topic: str) -> list[str]:
    return {"layouts": _layouts, "icons": _icons, "themes": _themes}[topic]()


def _layouts() -> list[str]:
    lines = []
    for name in available_layouts():
        layout = load_layout(name)
        path = layout_file(name)
        origin = "" if path.parent == paths.BUILTIN_LAYOUT_DIR else f"  ({path})"
        bands = " / ".join(f"{' | '.join('/'.join(c.slots) for c in band.cells)} {band.height:g}%"
                           for band in layout.bands)
        lines.append(f"{name}: {bands}{origin}")
    return lines


def _icons() -> list[str]:
    return [f"{icon.name}  {' '.join(icon.emoji)}" for icon in all_icons()]


def _themes() -> list[str]:
    theme = Theme()
    lines = [f"{f.THEME_NAMES[0]}: the theme; a sheet's `theme:` mapping changes any of these fields"]
    for name in sorted(f.THEME.fields):
        if name == "name":
            continue
        if name in THEME_COLORS:
            value = "#{:02x}{:02x}{:02x}".format(*getattr(theme, name))
        elif name in THEME_NUMBERS:
            lo, hi = THEME_NUMBERS[name]
            value = f"{getattr(theme, name):g} ({lo:g} to {hi:g})"
        elif name == "pastels":
            value = ", ".join(f"{k} #{r:02x}{g:02x}{b:02x}" for k, (r, g, b) in theme.pastels.items())
        elif name == "fonts":
            value = ", ".join(f"{role} {font.file}" for role, font in theme.fonts.items())
        else:
            value = str(getattr(theme, name)).lower()
        lines.append(f"  {name}: {value}")
    return lines
