"""The outlines a flowchart's nodes are drawn in: their size round a label, the
widest label an outline of a given width holds, where the label sits inside it and
where an arrow meets it."""
from __future__ import annotations

import math

from ..layout import Rect
from ..text import Paragraph
from . import Point

# Lengths in ems of the body size, so a diagram keeps its proportions at every size.
PAD_X = 0.45  # label to the outline's side
PAD_Y = 0.28  # label to the outline's top and bottom
MIN_BOX_W = 2.6  # a one-word box still reads as a box

POINTED = ("diamond", "circle")  # outlines whose side faces are a tip, not a flat side


def outline_size(shape: str, tw: float, th: float, s: float) -> tuple[float, float]:
    """The outline around a tw x th label."""
    if shape == "diamond":  # the smallest diamond holding the label's corners
        return 2 * (tw + 0.4 * s), 2 * (th + 0.15 * s)
    if shape == "circle":  # an ellipse through the label's corners, never flatter than round
        w, h = math.sqrt(2) * (tw + PAD_X * s), math.sqrt(2) * (th + PAD_Y * s)
        return max(w, h), h
    w = max(tw + 2 * PAD_X * s, MIN_BOX_W * s)
    h = th + 2 * PAD_Y * s
    if shape == "stadium":
        w += 0.4 * h
    elif shape == "subroutine":
        w += 0.6 * s
    elif shape == "flag":
        w += flag_notch(h)
    elif shape == "cylinder":
        h += cylinder_cap(s)
    return w, h


def text_cap(shape: str, width: float, s: float) -> float:
    """The widest label line whose outline is at most ``width`` wide."""
    if shape == "diamond":
        return width / 2 - 0.4 * s
    if shape == "circle":
        return width / math.sqrt(2) - PAD_X * s
    extra = {"stadium": 0.8 * s, "subroutine": 0.6 * s, "flag": 0.5 * s}.get(shape, 0.0)
    return width - 2 * PAD_X * s - extra


def cylinder_cap(s: float) -> float:
    return 0.45 * s


def flag_notch(h: float) -> float:
    return h * 0.3


def label_box(shape: str, r: Rect, para: Paragraph, s: float) -> Rect:
    """Where the label sits inside its outline."""
    cx, cy = r.x + r.w / 2, r.y + r.h / 2
    if shape == "cylinder":
        cy += cylinder_cap(s) / 2
    elif shape == "flag":
        cx -= flag_notch(r.h) / 2
    return Rect(cx - para.width / 2, cy - para.height / 2, para.width, para.height)


def boundary_point(shape: str, r: Rect, dx: int, dy: int, offset: float) -> Point:
    """Where an arrow meets the outline on the face pointing (dx, dy), ``offset`` along it."""
    cx, cy = r.x + r.w / 2, r.y + r.h / 2
    half_along = r.h / 2 if dx else r.w / 2  # half the face length
    half_out = r.w / 2 if dx else r.h / 2  # centre to face
    t = min(abs(offset) / half_along, 1.0) if half_along else 0.0
    if shape == "diamond":
        out = half_out * (1 - t)
    elif shape == "circle":
        out = half_out * math.sqrt(max(0.0, 1 - t * t))
    elif shape == "flag" and dx > 0:
        out = half_out - flag_notch(r.h) * (1 - t)
    else:
        out = half_out
    return (cx + dx * out, cy + offset) if dx else (cx + offset, cy + dy * out)
