"""Mind maps: the root in the middle, its branches balanced left and right.

* Sides: level-1 nodes are dealt, biggest first, to whichever side has fewer leaves so
  far, so both sides carry about the same amount of writing; each side reads top to
  bottom in the original order. Where the two sides do not fit the width at a size
  (a tall narrow slot), all the branches go on the right of the root, one column
  stacked down, so the map can still grow into the height.
* A branch is a pastel box (the level-1 node) with its descendants written under it
  as indented lines, each joined to its parent by a pen stroke that runs down a spine
  and curls into the line, as on a hand-drawn map; deeper levels indent further.
* Across: root ellipse, then a connector gap, then each side's column; columns get what
  the root leaves and are as wide as their widest branch, branches left-aligned in
  them. Down: each side is stacked; spare height is shared by leaf counts, so busy
  branches get more air; everything is centred in the rect.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from ..context import Ctx
from ..display import Op
from ..layout import Rect
from ..model import MindMap, MindNode
from ..text import Paragraph
from ..theme import Color
from . import Point, moved, union
from .record import DiagramRecord, EdgeRecord, NodeRecord

# Lengths in ems of the body size.
BOX_PAD_X = 0.35
BOX_PAD_Y = 0.14
INDENT = 1.1  # each level's lines start this much right of their parent's
SPINE = 0.45  # the spine runs this far right of the parent's start
TICK_GAP = 0.15  # a curl's end to its line
LINE_GAP = 0.06  # between sibling lines
BRANCH_GAP = 0.6  # between branches on one side
LINK_MIN, LINK_MAX = 1.6, 4.0  # root to a side column
ROOT_CAP = 0.26  # the root's text may take this share of the width
SPREAD_CAP = 1.2  # the most spare height one branch takes
HEAD = 0.4
ROOT_FILL = "blue"

LEFT, RIGHT = -1, 1


@dataclass
class MindLine:
    """A descendant written as an indented line under its branch."""
    node: MindNode
    depth: int  # 1: a child of a level-1 node
    text: Paragraph
    box: Rect


@dataclass
class Branch:
    """A level-1 node: its pastel box and the lines under it."""
    node: MindNode
    side: int
    label: Paragraph
    box: Rect  # the pastel box; the label is centred in it
    fill: Color
    leaves: int
    lines: list[MindLine] = field(default_factory=list)
    strokes: list[list[Point]] = field(default_factory=list)  # spine pieces curling into lines

    @property
    def bounds(self) -> Rect:
        return union([self.box] + [l.box for l in self.lines])

    def moved(self, dx: float, dy: float) -> "Branch":
        return Branch(self.node, self.side, self.label, moved(self.box, dx, dy), self.fill, self.leaves,
                      [MindLine(l.node, l.depth, l.text, moved(l.box, dx, dy)) for l in self.lines],
                      [[(x + dx, y + dy) for x, y in s] for s in self.strokes])


@dataclass
class MindGeometry:
    """A mind map laid out: root, branches and the links between them."""
    root: MindNode
    root_label: Paragraph
    root_box: Rect  # the outline's bounding box
    root_text: Rect
    root_fill: Color
    branches: list[Branch]
    links: list[list[Point]]  # root to each branch box
    bounds: Rect


def leaves(node: MindNode) -> int:
    return sum(leaves(c) for c in node.children) if node.children else 1


def deal_sides(children: list[MindNode]) -> list[int]:
    """Level-1 nodes dealt biggest first to the side with fewer leaves (then fewer
    branches, then the right), which balances the sides; each keeps its original order."""
    load = {LEFT: [0, 0], RIGHT: [0, 0]}  # leaves, branches
    sides = [RIGHT] * len(children)
    for i in sorted(range(len(children)), key=lambda i: -leaves(children[i])):
        side = RIGHT if load[RIGHT] <= load[LEFT] else LEFT
        sides[i] = side
        load[side][0] += leaves(children[i])
        load[side][1] += 1
    return sides


# --- one branch -----------------------------------------------------------------------

def build_branch(node: MindNode, side: int, fill: Color, ctx: Ctx, width: float) -> Branch | None:
    """The branch with its box at (0, 0), its lines wrapped within ``width``."""
    s = ctx.size
    label = ctx.wrap(node.text, width - 2 * BOX_PAD_X * s, role="bold")
    if label is None:
        return None
    box = Rect(0, 0, label.width + 2 * BOX_PAD_X * s, label.height + 2 * BOX_PAD_Y * s)
    branch = Branch(node, side, label, box, fill, leaves(node))
    bottom = add_children(branch, node, 1, 0.0, box.bottom, ctx, width)
    return None if bottom is None else branch


def add_children(branch: Branch, parent: MindNode, depth: int, parent_x: float, y: float,
                 ctx: Ctx, width: float) -> float | None:
    """Lay the parent's children out under it from ``y``; returns the bottom reached."""
    s = ctx.size
    x = parent_x + INDENT * s
    spine = parent_x + SPINE * s
    start = y
    for child in parent.children:
        para = ctx.wrap(child.text, width - x)
        if para is None:
            return None
        top = y + LINE_GAP * s
        box = Rect(x, top, para.width, para.height)
        branch.lines.append(MindLine(child, depth, para, box))
        mid = top + para.line_height / 2
        branch.strokes.append(curl(spine, start, x - TICK_GAP * s, mid, s))
        start = mid - min(0.3 * s, (mid - start) / 2)
        y = box.bottom
        if child.children:
            y = add_children(branch, child, depth + 1, x, y, ctx, width)
            if y is None:
                return None
    return y


def curl(spine: float, start: float, end_x: float, mid: float, s: float) -> list[Point]:
    """A stroke down the spine from ``start`` that curls right into a line at ``mid``."""
    r = min(0.35 * s, (mid - start) / 2, (end_x - spine) / 2)
    return [(spine, start), (spine, mid - r), (spine + r * 0.3, mid - r * 0.3), (spine + r, mid),
            (end_x, mid)]


# --- the whole map ----------------------------------------------------------------

def side_choices(block: MindMap) -> list[list[int]]:
    """The balanced two sides, preferred; and every branch on the right of the root, which
    a tall narrow slot holds at a larger size (one column of branches, stacked down)."""
    sides = deal_sides(block.root.children)
    return [sides, [RIGHT] * len(sides)] if LEFT in sides else [sides]


class Pieces(NamedTuple):
    """A map's parts at a width and side choice, before they are placed in a rect."""
    label: Paragraph  # the root's
    root_size: tuple[float, float]
    branches: list[Branch]  # each with its box at (0, 0)


def natural_layouts(block: MindMap, ctx: Ctx, width: float) -> list[tuple[Pieces, MindGeometry]]:
    """Each side choice that fits ``width`` at ``ctx.size``: its pieces, and them laid
    out at their least height."""
    out = []
    for sides in side_choices(block):
        pieces = build_pieces(block, ctx, width, sides)
        if pieces is not None:
            out.append((pieces, arrange(block, ctx, Rect(0, 0, width, 0), *pieces)))
    return out


def build_sides(block: MindMap, ctx: Ctx, rect: Rect, sides: list[int]) -> MindGeometry | None:
    pieces = build_pieces(block, ctx, rect.w, sides)
    return None if pieces is None else arrange(block, ctx, rect, *pieces)


def build_pieces(block: MindMap, ctx: Ctx, width: float, sides: list[int]) -> Pieces | None:
    s = ctx.size
    root = block.root
    label = ctx.wrap(root.text, max(ROOT_CAP * width, 1.0), role="bold")
    if label is None:
        return None
    root_w, root_h = outline_size(root, label, s)
    both = LEFT in sides and RIGHT in sides
    column = (width - root_w - (2 if both else 1) * LINK_MIN * s) / (2 if both else 1)
    if root.children and column <= 0:
        return None
    palette = [c for name, c in ctx.theme.pastels.items() if name != ROOT_FILL]
    branches = []
    for i, (child, side) in enumerate(zip(root.children, sides)):
        b = build_branch(child, side, palette[i % len(palette)], ctx, column)
        if b is None:
            return None
        branches.append(b)
    return Pieces(label, (root_w, root_h), branches)


def outline_size(root: MindNode, label: Paragraph, s: float) -> tuple[float, float]:
    if root.shape == "square":
        return label.width + 2 * BOX_PAD_X * s, label.height + 2 * BOX_PAD_Y * s
    # An ellipse clear of the label's corners, a little wider than the text's own shape.
    return 1.36 * label.width + 0.8 * s, 1.44 * label.height + 0.6 * s


def arrange(block: MindMap, ctx: Ctx, rect: Rect, label: Paragraph, root_size: tuple[float, float],
            branches: list[Branch]) -> MindGeometry:
    s = ctx.size
    root_w, root_h = root_size
    width = {side: max((b.bounds.w for b in branches if b.side == side), default=0.0)
             for side in (LEFT, RIGHT)}
    present = [side for side in (LEFT, RIGHT) if width[side] > 0]
    link = max(LINK_MIN * s, min(LINK_MAX * s, (rect.w - root_w - sum(width.values()))
                                 / max(len(present), 1)))
    total = root_w + sum(width.values()) + link * len(present)
    left = rect.x + max(0.0, (rect.w - total) / 2)
    root_x = left + (width[LEFT] + link if LEFT in present else 0.0)
    cy = rect.y + max(rect.h, natural_height(branches, root_h, s)) / 2
    root_box = Rect(root_x, cy - root_h / 2, root_w, root_h)
    placed = []
    inner = {LEFT: root_box.x - link, RIGHT: root_box.right + link}
    for side in present:
        start = inner[side] if side == RIGHT else inner[side] - width[side]
        placed += stack_side([b for b in branches if b.side == side], start, cy, rect.h, s)
    links = [link_curve(root_box, b, inner[b.side]) for b in placed]
    text = Rect(root_box.x + (root_w - label.width) / 2, cy - label.height / 2, label.width, label.height)
    boxes = [root_box] + [b.bounds for b in placed] + [Rect(x, y, 0, 0) for c in links for x, y in c]
    fill = ctx.theme.pastels.get(ROOT_FILL) or next(iter(ctx.theme.pastels.values()))
    return MindGeometry(block.root, label, root_box, text, fill, placed, links, union(boxes))


def natural_height(branches: list[Branch], root_h: float, s: float) -> float:
    sides = [[b for b in branches if b.side == side] for side in (LEFT, RIGHT)]
    stacks = [sum(b.bounds.h for b in bs) + BRANCH_GAP * s * (len(bs) - 1) for bs in sides if bs]
    return max([root_h, *stacks])


def stack_side(branches: list[Branch], x: float, cy: float, height: float, s: float) -> list[Branch]:
    """One side's branches top to bottom around ``cy``; spare height shared by leaf counts."""
    natural = sum(b.bounds.h for b in branches) + BRANCH_GAP * s * (len(branches) - 1)
    spare = max(0.0, height - natural)
    total_leaves = sum(b.leaves for b in branches)
    extra = [min(spare * b.leaves / total_leaves, SPREAD_CAP * s) for b in branches]
    y = cy - (natural + sum(extra)) / 2
    out = []
    for b, e in zip(branches, extra):
        bounds = b.bounds
        out.append(b.moved(x - bounds.x, y + e / 2 - bounds.y))
        y += bounds.h + e + BRANCH_GAP * s
    return out


def link_curve(root: Rect, b: Branch, inner_x: float) -> list[Point]:
    """From the root's outline to the box's side facing it, leaving and arriving level:
    the curve stays in the gap beside the root, a straight run reaches a narrow box."""
    end = (b.box.right if b.side == LEFT else b.box.x, b.box.y + b.box.h / 2)
    inner = (inner_x, end[1])
    cx, cy = root.x + root.w / 2, root.y + root.h / 2
    a, bb = root.w / 2, root.h / 2
    # Leave from the outline where a line to the target would cross it, nudged outwards.
    dx, dy = (inner[0] - cx) / a, (inner[1] - cy) / bb
    norm = max((dx * dx + dy * dy) ** 0.5, 1e-6)
    start = (cx + a * dx / norm, cy + bb * dy / norm)
    span = inner[0] - start[0]
    c1 = (start[0] + span * 0.5, start[1])
    c2 = (inner[0] - span * 0.5, inner[1])
    pts = [bezier(start, c1, c2, inner, t / 4) for t in range(5)]  # few points: a calm stroke
    if abs(inner[0] - end[0]) > 1:
        pts.append(end)
    return pts


def bezier(p0: Point, p1: Point, p2: Point, p3: Point, t: float) -> Point:
    u = 1 - t
    return (u ** 3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t ** 3 * p3[0],
            u ** 3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t ** 3 * p3[1])


# --- public interface --------------------------------------------------------------

def min_height(block: MindMap, ctx: Ctx, width: float) -> float | None:
    heights = [geo.bounds.h for _, geo in natural_layouts(block, ctx, width)]
    return min(heights) if heights else None


def layout(block: MindMap, ctx: Ctx, rect: Rect) -> MindGeometry | None:
    """The first side choice that fits ``rect`` (else the lowest), spread over its height:
    its pieces, built once at the rect's width, placed again in the rect."""
    laid = natural_layouts(block, ctx, rect.w)
    if not laid:
        return None
    fitting = [pieces for pieces, geo in laid if geo.bounds.h <= rect.h + 0.5]
    pieces = fitting[0] if fitting else min(laid, key=lambda pg: pg[1].bounds.h)[0]
    return arrange(block, ctx, rect, *pieces)


def record(block: MindMap, geo: MindGeometry, region: str) -> DiagramRecord:
    """The root, each branch and each line under a branch; the links drawn from the root to
    the branches (a branch's lines are written under it as a list)."""
    nodes = [NodeRecord("root", geo.root.text, geo.root_box)]
    edges = []
    for i, b in enumerate(geo.branches, start=1):
        nodes.append(NodeRecord(str(i), b.node.text, b.box))
        for j, line in enumerate(b.lines, start=1):
            nodes.append(NodeRecord(f"{i}.{j}", line.node.text, line.box))
    for i, curve in enumerate(geo.links, start=1):
        edges.append(EdgeRecord("root", str(i), "", list(curve)))
    return DiagramRecord("mindmap", region, nodes, edges)


def paint(geo: MindGeometry, ctx: Ctx) -> list[Op]:
    sk, ink, pen = ctx.sketch, ctx.theme.ink, ctx.pen
    ops: list[Op] = []
    for curve in geo.links:
        ops += sk.arrow(curve, ink, pen, HEAD * ctx.size, curved=True)
    r = geo.root_box
    if geo.root.shape == "square":
        ops += sk.rect(r, ink, pen, geo.root_fill)
    else:
        ops += sk.ellipse(r.x + r.w / 2, r.y + r.h / 2, r.w, r.h, ink, pen, geo.root_fill)
    ops += ctx.write_centered(geo.root_label, geo.root_text)
    for b in geo.branches:
        ops += sk.rect(b.box, ink, pen, b.fill)
        ops += ctx.write_centered(b.label, b.box)
        for stroke in b.strokes:
            ops += sk.curve(stroke, ink, ctx.thin_pen)
        for line in b.lines:
            ops += ctx.write(line.text, line.box.x, line.box.y)
    return ops
