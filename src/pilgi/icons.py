"""Hand-drawn icons standing in for colour emoji when the emoji font is missing.

Each icon is a small YAML file in the package's ``assets/icons``: a few strokes in a 0..100 box
(y down), drawn with the same wobbly pen as the rest of the page, so an icon looks
sketched beside the writing rather than pasted in. Files are data, so they are
validated like any other input and a bad one is reported by file and field.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path as FilePath

from . import paths
from .display import Path
from .errors import InputError
from .readers.yaml_sheet import Reader
from .sketch import Point, Sketcher
from .theme import Theme
from .yamlio import load_yaml_file

BOX = 100.0  # icon files draw in a BOX x BOX square
# The sketcher's wobble has a fixed size, so it would swamp a small mark: a stroke
# smaller than this (in the sketcher's screen units, about 8 mm) is drawn with a
# proportionally steadier hand, as a pen slows down for small details.
FULL_WOBBLE_SIZE = 30.0
MAX_FILE_BYTES = 64 * 1024
MAX_EMOJI = 16
MAX_STROKES = 40
MAX_POINTS = 200
KINDS = ("line", "curve", "ellipse")
PEN_COLORS = ("ink", "blue", "red", "green", "pencil", "none")
PASTEL_NAMES = tuple(Theme().pastels)
# Variation selectors only ask for text or emoji presentation of the same character.
VARIATION_SELECTORS = str.maketrans("", "", "\ufe0e\ufe0f")


@dataclass(frozen=True)
class Stroke:
    """One pen stroke of a hand-drawn icon."""
    points: tuple[Point, ...]
    closed: bool
    fill: str  # pastel name, or "" for none
    color: str  # pen colour name, or "none" for a fill without outline
    kind: str  # "line" polyline | "curve" smooth curve through points | "ellipse" in the bbox of two points


@dataclass(frozen=True)
class Icon:
    """A hand-drawn icon standing in for an emoji."""
    name: str
    emoji: tuple[str, ...]
    strokes: tuple[Stroke, ...]


def _emoji_key(text: str) -> str:
    return text.translate(VARIATION_SELECTORS)


def load_icon_file(path: FilePath) -> Icon:
    path = FilePath(path)
    reader = Reader(str(path))
    data = reader.mapping(load_yaml_file(path, MAX_FILE_BYTES, "icon file"), "", {"name", "emoji", "strokes"},
                          {"name", "emoji", "strokes"})
    strokes = reader.seq(data["strokes"], "strokes", MAX_STROKES, "strokes")
    if not strokes:
        reader.fail("strokes", "an icon needs at least one stroke")
    return Icon(name=reader.text(data["name"], "name"),
                emoji=_read_emoji(reader, data["emoji"]),
                strokes=tuple(_read_stroke(reader, s, f"strokes[{i}]") for i, s in enumerate(strokes)))


def _read_emoji(reader: Reader, value) -> tuple[str, ...]:
    out = []
    for i, ch in enumerate(reader.seq(value, "emoji", MAX_EMOJI, "emoji")):
        text = reader.text(ch, f"emoji[{i}]")
        if not _emoji_key(text).strip():
            reader.fail(f"emoji[{i}]", "a variation selector alone is not an emoji")
        out.append(text)
    return tuple(out)


def _read_stroke(reader: Reader, data, where: str) -> Stroke:
    data = reader.mapping(data, where, {"kind", "points", "closed", "fill", "color"}, {"kind", "points"})
    kind = data["kind"]
    if kind not in KINDS:
        reader.fail(f"{where}.kind", f"unknown kind '{kind}' (expected one of: {', '.join(KINDS)})")
    color = data.get("color", "ink")
    if color not in PEN_COLORS:
        reader.fail(f"{where}.color", f"unknown colour '{color}' (expected one of: {', '.join(PEN_COLORS)})")
    fill = data.get("fill") or ""
    if fill and fill not in PASTEL_NAMES:
        reader.fail(f"{where}.fill", f"unknown fill '{fill}' (expected one of: {', '.join(PASTEL_NAMES)})")
    closed = data.get("closed", False)
    if not isinstance(closed, bool):
        reader.fail(f"{where}.closed", "expected true or false")
    closed = closed or kind == "ellipse"  # an ellipse is closed by nature
    if fill and not closed:
        reader.fail(f"{where}.fill", "only a closed stroke can be filled (add closed: true)")
    if color == "none" and not fill:
        reader.fail(f"{where}.color", "a stroke with no colour and no fill draws nothing")
    points = _read_points(reader, data["points"], f"{where}.points", 2 if kind == "ellipse" else MAX_POINTS)
    return Stroke(points, closed, fill, color, kind)


def _read_points(reader: Reader, value, where: str, most: int) -> tuple[Point, ...]:
    points = reader.seq(value, where, most, "points")
    if len(points) < 2:
        reader.fail(where, "expected at least two points")
    out = []
    for i, point in enumerate(points):
        if not isinstance(point, list) or len(point) != 2:
            reader.fail(f"{where}[{i}]", "expected a point [x, y]")
        out.append((float(reader.number(point[0], f"{where}[{i}][0]", 0, BOX)),
                    float(reader.number(point[1], f"{where}[{i}][1]", 0, BOX))))
    return tuple(out)


@lru_cache(maxsize=4)
def _icon_index(folder: FilePath) -> dict[str, Icon]:
    """Emoji (without variation selectors) and icon names -> icon, for every file in ``folder``."""
    index: dict[str, Icon] = {}
    owner: dict[str, FilePath] = {}
    for path in sorted(folder.glob("*.yaml")):
        icon = load_icon_file(path)
        for key in (icon.name, *map(_emoji_key, icon.emoji)):
            if key in owner:
                raise InputError(f"'{key}' is already drawn by {owner[key].name}", str(path))
            index[key], owner[key] = icon, path
    return index


def icon_for(ch: str) -> Icon | None:
    """The hand-drawn icon for an emoji (or an icon name, as a section's ``icon:`` may give)."""
    return _icon_index(paths.ICON_DIR).get(_emoji_key(ch.strip()))


def all_icons() -> list[Icon]:
    """The hand-drawn set, by name."""
    return sorted({icon.name: icon for icon in _icon_index(paths.ICON_DIR).values()}.values(), key=lambda i: i.name)


def icon_text(icon: str) -> str:
    """What a section or title icon writes: an icon name ("banana") becomes its emoji,
    which the page then draws from the emoji font or the hand-drawn set."""
    if not icon.strip().isascii():
        return icon  # an emoji: icon names are ASCII words, so the set need not be read
    found = icon_for(icon) if icon else None
    return found.emoji[0] if found is not None and icon.strip() == found.name else icon


def icon_paths(icon: Icon, x: float, y: float, size: float, sketch: Sketcher, theme: Theme,
               pen: float) -> list[Path]:
    """The icon drawn into the square (x, y, size, size), every fill under every outline."""
    scale = size / BOX

    def place(p: Point) -> Point:
        return (x + p[0] * scale, y + p[1] * scale)

    drawn: list[Path] = []
    page_roughness = sketch.roughness
    try:
        for stroke in icon.strokes:
            pts = [place(p) for p in stroke.points]
            sketch.roughness = page_roughness * _steadiness(pts, sketch.unit)
            drawn += _stroke_paths(stroke, pts, sketch, theme, pen)
    finally:
        sketch.roughness = page_roughness
    return sorted(drawn, key=lambda p: p.fill is None)


def _steadiness(pts: list[Point], unit: float) -> float:
    """The share of the page's roughness a stroke of this size is drawn with."""
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    extent = max(max(xs) - min(xs), max(ys) - min(ys)) / unit
    return min(1.0, extent / FULL_WOBBLE_SIZE)


def _stroke_paths(stroke: Stroke, pts: list[Point], sketch: Sketcher, theme: Theme,
                  pen: float) -> list[Path]:
    color = None if stroke.color == "none" else getattr(theme, stroke.color)
    fill = theme.pastel(stroke.fill)
    if stroke.kind == "ellipse":
        (x0, y0), (x1, y1) = pts
        return sketch.ellipse((x0 + x1) / 2, (y0 + y1) / 2, abs(x1 - x0), abs(y1 - y0), color, pen, fill)
    if stroke.kind == "line":
        if stroke.closed:
            return sketch.polygon(pts, color, pen, fill)
        return sketch.polyline(pts, color, pen)
    if not stroke.closed:
        return sketch.curve(pts, color, pen)
    # The sketcher's curves are open, so a closed curve is filled with its exact smooth
    # outline and inked once round plus one segment: the overlap closes the loop
    # without a corner, as a pen coming back to its start would.
    out = [Path(_closed_spline(pts), fill=fill)] if fill is not None else []
    if color is not None:
        out += sketch.curve(pts + pts[:2], color, pen)
    return out


def _closed_spline(pts: list[Point]) -> list[tuple]:
    """A closed Catmull-Rom spline through ``pts`` as Bezier path ops."""
    n = len(pts)
    ops: list[tuple] = [("M", *pts[0])]
    for i in range(n):
        before, start, end, after = pts[i - 1], pts[i], pts[(i + 1) % n], pts[(i + 2) % n]
        ops.append(("C", start[0] + (end[0] - before[0]) / 6, start[1] + (end[1] - before[1]) / 6,
                    end[0] - (after[0] - start[0]) / 6, end[1] - (after[1] - start[1]) / 6, *end))
    ops.append(("Z",))
    return ops
