"""Where writing and drawn lines meet: text that a stroke runs through.

Works on the display list alone, so it holds for every block and diagram alike:
each stroked path is flattened to segments and tested against the ink box of each
written run (from a little above the x-height's top to just under the baseline,
where a line through the text would cross the letters). Fills (pastels, notes,
highlighter swipes) lie under writing by design and are not strokes.
"""
from __future__ import annotations

from dataclasses import dataclass

from .display import DisplayList, Path, TextLine
from .layout import Rect, clip_segment

INK_TOP = 0.66  # em above the baseline that letters' bodies reach
INK_BOTTOM = 0.06  # em below the baseline
INK_SIDE = 0.05  # em trimmed at a run's ends (side bearings)
CURVE_STEPS = 6
SEPARATE = 1e-6  # px: a segment's bounds this far outside a box is no crossing
ROW = 64.0  # px: the height of the rows strokes are filed under


@dataclass
class Crossing:
    """A written line a stroke runs through, and where."""
    line: TextLine
    path: Path
    at: tuple[float, float]  # a point of the stroke inside the text


# Each flattening step's Bernstein weights, worked out once (each the product the
# curve's formula takes, so the points come out the same to the last bit).
_STEPS = [(u ** 3, 3 * u * u * t, 3 * u * t * t, t ** 3)
          for t, u in ((i / CURVE_STEPS, 1 - i / CURVE_STEPS) for i in range(1, CURVE_STEPS + 1))]


def _flatten(path: Path) -> list[tuple[float, float, float, float]]:
    segs = []
    start = pos = None
    for op in path.ops:
        kind = op[0]
        if kind == "M":
            start = pos = (op[1], op[2])
        elif kind == "L" and pos is not None:
            segs.append((*pos, op[1], op[2]))
            pos = (op[1], op[2])
        elif kind == "C" and pos is not None:
            x0, y0 = pos
            x1, y1, x2, y2, x3, y3 = op[1:7]
            prev = pos
            for a, b, c, d in _STEPS:
                pt = (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)
                segs.append((*prev, *pt))
                prev = pt
            pos = (x3, y3)
        elif kind == "Z" and pos is not None and start is not None:
            segs.append((*pos, *start))
            pos = start
    return segs


def _clip(seg: tuple[float, float, float, float], r: Rect) -> tuple[float, float] | None:
    """A point of the segment inside ``r``, or None."""
    x0, y0, x1, y1 = seg
    span = clip_segment((x0, y0), (x1, y1), r)
    if span is None:
        return None
    t = sum(span) / 2
    return x0 + (x1 - x0) * t, y0 + (y1 - y0) * t


def ink_boxes(line: TextLine) -> list[Rect]:
    """The boxes where a line's letters are: one per written run, blanks trimmed."""
    out = []
    for run in line.runs:
        if run.kind not in ("text", "emoji") or not run.text.strip() or run.width <= 0:
            continue
        lead = len(run.text) - len(run.text.lstrip())
        trail = len(run.text) - len(run.text.rstrip())
        per_char = run.width / max(len(run.text), 1)
        x0 = run.x + lead * per_char + run.size * INK_SIDE
        x1 = run.x + run.width - trail * per_char - run.size * INK_SIDE
        if x1 > x0:
            out.append(Rect(x0, run.baseline - run.size * INK_TOP, x1 - x0, run.size * (INK_TOP + INK_BOTTOM)))
    return out


def _bounds(segs) -> Rect:
    xs = [v for s in segs for v in (s[0], s[2])]
    ys = [v for s in segs for v in (s[1], s[3])]
    return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def _bounded(seg: tuple[float, float, float, float]):
    """The segment and its bounds (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = seg
    return seg, (x0 if x0 <= x1 else x1, y0 if y0 <= y1 else y1, x1 if x0 <= x1 else x0, y1 if y0 <= y1 else y0)


def crossings(display: DisplayList) -> list[Crossing]:
    """Every text line some stroke runs through, with one stroke and point each."""
    strokes = []
    for op in display.ops:
        if isinstance(op, Path) and op.stroke is not None and op.width > 0:
            segs = _flatten(op)
            if segs:
                bounded = [_bounded(seg) for seg in segs]
                left = min(b[0] for _, b in bounded)
                top = min(b[1] for _, b in bounded)
                # As Rect's right and bottom: its x plus its width.
                right = left + (max(b[2] for _, b in bounded) - left)
                bottom = top + (max(b[3] for _, b in bounded) - top)
                strokes.append((op, bounded, (left, top, right, bottom)))
    # Each stroke filed under the rows of the page it spans (its pen's half and a pixel
    # more), so a line is tested against the strokes near it, not all of the page's.
    rows: dict[int, list[int]] = {}
    for k, (path, _, (_, top, _, bottom)) in enumerate(strokes):
        margin = path.width / 2 + 1.0
        for row in range(int((top - margin) // ROW), int((bottom + margin) // ROW) + 1):
            rows.setdefault(row, []).append(k)
    out = []
    for line in display.text_lines():
        boxes = ink_boxes(line)
        if not boxes:
            continue
        area = _bounds([(b.x, b.y, b.right, b.bottom) for b in boxes])
        near = sorted({k for row in range(int(area.y // ROW), int(area.bottom // ROW) + 1) for k in rows.get(row, ())})
        # The area grown by each stroke width's half, as plain numbers: a page has ~100
        # lines and ~100 strokes, and a Rect for each pair costs more than the test.
        grown_areas: dict[float, tuple[float, float, float, float]] = {}
        found = None
        for k in near:
            path, segs, (bx, by, br, bb) = strokes[k]
            half = path.width / 2
            if half not in grown_areas:
                g = area.inset(-half)
                grown_areas[half] = (g.x, g.y, g.right, g.bottom)
            gx, gy, gr, gb = grown_areas[half]
            if not (bx < gr and gx < br and by < gb and gy < bb):  # Rect.overlaps with tol=0
                continue
            for box in boxes:
                grown = box.inset(-half)
                # A segment clear of the box by more than rounding cannot meet it: most
                # are, and the comparison costs a fraction of the clip (tens of thousands a page).
                left, top = grown.x - SEPARATE, grown.y - SEPARATE
                right, bottom = grown.right + SEPARATE, grown.bottom + SEPARATE
                for seg, (sx0, sy0, sx1, sy1) in segs:
                    if sx1 < left or sx0 > right or sy1 < top or sy0 > bottom:
                        continue
                    hit = _clip(seg, grown)
                    if hit is not None:
                        found = Crossing(line, path, hit)
                        break
                if found:
                    break
            if found:
                break
        if found:
            out.append(found)
    return out
