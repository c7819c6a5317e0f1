"""Sequence diagrams: participant boxes across the top, messages as rows down the page.

Layout runs across, then down:

* Across: every gap between lifelines (and the margins outside the first and last)
  has a need - half of each box, the text of the messages spanning it (shared by the
  gaps they span), a self-message's loop and text. The width is shared so that all
  gaps grow evenly past their needs (water-filling). Needs are the texts on one line
  if the width allows, else as near to that as it allows (down to their longest
  words). A text still too long for its span spills along its row - one line across
  other lifelines, which break under it - before it takes a second line: rows are
  what a diagram in a small cell cannot spare. The last participant writes its
  self-messages left of its lifeline, the loop still turning right.
* Down: each message is a row - its text above the arrow - then notes, frame tabs and
  branch separators; frames span the lifelines and writing of everything inside them,
  nested ones inset. Spare height widens the rows a little; the diagram is centred.

Heads follow Mermaid: ``arrow`` (``->>``) two pen flicks, ``open`` (``->``) none -
a plain line, ``cross`` (``-x``) an x, ``async`` (``-)``) a single flick.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..context import Ctx
from ..display import Op
from ..layout import Rect
from ..model import Activation, Frame, Message, Note, Participant, Sequence
from ..text import BASELINE, Paragraph, plain
from . import fill_for, moved, rounded_corners, union
from .record import DiagramRecord, EdgeRecord, FrameRecord, NodeRecord

# Lengths in ems of the body size (or of the small size where noted).
BOX_PAD_X = 0.4
BOX_PAD_Y = 0.12
BOX_GAP = 0.6  # between participant boxes
ROW_GAP = 0.12  # small ems between rows
SPAN_MARGIN = 0.3  # message text to the lifelines it spans
LOOP_W = 0.8  # a self-message's loop
LOOP_H = 0.55
LOOP_TEXT_GAP = 0.2
NUMBER_GAP = 0.15
FRAME_MARGIN = 0.35  # frame to the outermost lifeline inside it, per nesting level
FRAME_PAD = 0.2  # frame to what it holds
FRAME_STEP = 0.35  # each nesting level keeps writing this much further from the edges
TAB_PAD = 0.2
NOTE_PAD = 0.2
NOTE_CAP = 9.0  # small ems
BAR_W = 0.32  # activation bar
HEAD = 0.36
ARROW_GAP = 0.1  # message text to its arrow: clear of the hand-drawn line's bow
NUMBER_SCALE = 0.85  # a message number's digits, relative to the circle's small size
NUMBER_CIRCLE = 1.2  # the circle round a message number, in small line heights
TAB_NOTCH = 0.35  # a frame tab's cut corner, relative to the tab's height
SPREAD_CAP = 0.5  # the most room added to one row when the rect is roomy
FIRST_ROW_GAP = 0.15  # participant boxes to the first row


@dataclass
class Lifeline:
    """A participant's box and the x of its line."""
    participant: Participant
    x: float
    box: Rect
    label: Paragraph


@dataclass
class MessageRow:
    """A message as drawn: its arrow, label and number."""
    message: Message
    points: list[tuple[float, float]]  # the arrow (a loop for a self-message)
    text: Paragraph
    text_box: Rect
    number: Paragraph | None = None
    number_box: Rect | None = None

    @property
    def self_message(self) -> bool:
        return self.message.src == self.message.dst


@dataclass
class NoteBox:
    """A note as drawn."""
    note: Note
    box: Rect
    text: Paragraph
    text_box: Rect


@dataclass
class Separator:
    """A frame's dashed line between branches and its label."""
    y: float
    label: Paragraph | None
    label_box: Rect | None


@dataclass
class FrameBox:
    """A frame as drawn: its rectangle, tab and label."""
    frame: Frame
    rect: Rect
    tab: Rect
    kind: Paragraph
    kind_box: Rect
    label: Paragraph | None
    label_box: Rect | None
    separators: list[Separator] = field(default_factory=list)


@dataclass
class Bar:
    """An activation bar as drawn."""
    participant: str
    rect: Rect


@dataclass
class SequenceGeometry:
    """A sequence diagram laid out: lifelines, messages, notes, frames and bars."""
    lifelines: list[Lifeline]
    lifeline_end: float
    messages: list[MessageRow]
    notes: list[NoteBox]
    frames: list[FrameBox]
    bars: list[Bar]
    bounds: Rect


# --- across ------------------------------------------------------------------------

class Across:
    """Lifeline positions and every item's horizontal placement."""

    def __init__(self, seq: Sequence, ctx: Ctx, rect: Rect):
        self.seq, self.ctx, self.rect = seq, ctx, rect
        self.s, self.sm = ctx.size, ctx.small
        self.index = {p.id: i for i, p in enumerate(seq.participants)}
        self.x: list[float] = []

    def place(self) -> list[Lifeline] | None:
        labels = []
        for p in self.seq.participants:
            para = self.ctx.wrap(p.label, self.rect.w / max(len(self.seq.participants), 1)
                                 - 2 * BOX_PAD_X * self.s, role="bold")
            if para is None:
                return None
            labels.append(para)
        self.box_w = [max(p.width, 1.5 * self.s) + 2 * BOX_PAD_X * self.s for p in labels]
        gaps = self.gaps_for_texts()
        if gaps is None:
            return None
        x = self.rect.x
        for i in range(len(labels)):
            x += gaps[i]
            self.x.append(x)
        box_h = max(p.height for p in labels) + 2 * BOX_PAD_Y * self.s
        return [Lifeline(p, self.x[i], Rect(self.x[i] - self.box_w[i] / 2, self.rect.y, self.box_w[i], box_h),
                         labels[i]) for i, p in enumerate(self.seq.participants)]

    def gaps_for_texts(self) -> list[float] | None:
        """Gaps that keep message texts on one line if the width allows, else as close to
        it as it allows (needs between the longest word and the whole line)."""
        whole, word = self.needs(True), self.needs(False)
        if (gaps := self.gaps(whole)) is not None:
            return gaps
        if self.gaps(word) is None:
            return None
        lo, hi = 0.0, 1.0
        for _ in range(12):
            mid = (lo + hi) / 2
            if self.gaps([a + mid * (b - a) for a, b in zip(word, whole)]) is None:
                hi = mid
            else:
                lo = mid
        return self.gaps([a + lo * (b - a) for a, b in zip(word, whole)])

    def gaps(self, needs: list[float]) -> list[float] | None:
        """Gap widths (margin, gaps..., margin) growing evenly past their needs to fill the
        width; margins count half, so outer participants do not hug the edges."""
        if sum(needs) > self.rect.w + 0.5:
            return None
        weights = [0.5] + [1.0] * (len(needs) - 2) + [0.5]
        lo, hi = 0.0, self.rect.w * 2
        for _ in range(40):
            mid = (lo + hi) / 2
            if sum(max(n, w * mid) for n, w in zip(needs, weights)) > self.rect.w:
                hi = mid
            else:
                lo = mid
        return [max(n, w * lo) for n, w in zip(needs, weights)]

    def needs(self, whole: bool) -> list[float]:
        """Least width of each gap; ``whole``: texts on one line, else their longest word."""
        n = len(self.seq.participants)
        needs = [0.0] * (n + 1)  # needs[i]: left of lifeline i; needs[n]: right margin
        needs[0] = self.box_w[0] / 2
        needs[n] = self.box_w[-1] / 2
        for i in range(1, n):
            needs[i] = (self.box_w[i - 1] + self.box_w[i]) / 2 + BOX_GAP * self.s
        depth = nesting(self.seq.items)
        needs[0] = max(needs[0], FRAME_MARGIN * self.s * depth + FRAME_PAD * self.s)
        needs[n] = max(needs[n], FRAME_MARGIN * self.s * depth + FRAME_PAD * self.s)
        for m in messages_in(self.seq.items):
            if m.src not in self.index or m.dst not in self.index:
                continue
            a, b = sorted((self.index[m.src], self.index[m.dst]))
            text = self.text_need(m, whole)
            if a == b and self.text_left_of_loop(a):
                needs[a] = max(needs[a], text + 2 * SPAN_MARGIN * self.s)
                needs[a + 1] = max(needs[a + 1], (LOOP_W + SPAN_MARGIN) * self.s)
            elif a == b:
                need = (LOOP_W + LOOP_TEXT_GAP + SPAN_MARGIN) * self.s + text
                needs[a + 1] = max(needs[a + 1], need)
            else:
                share = (text + 2 * SPAN_MARGIN * self.s) / (b - a)
                for g in range(a + 1, b + 1):
                    needs[g] = max(needs[g], share)
        return needs

    def text_left_of_loop(self, i: int) -> bool:
        """The last participant writes its self-messages left of its lifeline (the loop
        still turns right): the gap before it is free in that row, the page edge is near."""
        return i == len(self.seq.participants) - 1 and i > 0

    def text_need(self, m: Message, whole: bool) -> float:
        number = self.number_width(m)
        if whole:
            return self.ctx.ts.width(plain(m.text), "body", self.sm) + number
        return longest_word(self.ctx, m.text, self.sm) + number

    def number_width(self, m: Message) -> float:
        if m.number is None:
            return 0.0
        return self.ctx.ts.line_height(self.sm) * NUMBER_CIRCLE + NUMBER_GAP * self.s

    # -- per item ------------------------------------------------------------------------
    def message_span(self, m: Message) -> tuple[float, float]:
        """The x range the message's text may use."""
        a, b = self.x[self.index[m.src]], self.x[self.index[m.dst]]
        if m.src == m.dst:
            i = self.index[m.src]
            if self.text_left_of_loop(i):
                return self.x[i - 1] + SPAN_MARGIN * self.s, a - SPAN_MARGIN * self.s
            right = self.x[i + 1] if i + 1 < len(self.x) else self.rect.right
            return a + (LOOP_W + LOOP_TEXT_GAP) * self.s, right - SPAN_MARGIN * self.s
        return min(a, b) + SPAN_MARGIN * self.s, max(a, b) - SPAN_MARGIN * self.s

    def bounds(self, depth: int) -> tuple[float, float]:
        """Where writing may go inside ``depth`` frames: each frame takes a step in."""
        inset = depth * FRAME_STEP * self.s
        return self.rect.x + inset, self.rect.right - inset

    def message_text(self, m: Message, depth: int) -> tuple[Paragraph, float] | None:
        """The wrapped text and the x where the row (number first) starts: on one line over
        its span if it fits, else spilling along the row (a message row holds nothing else)
        rather than stacking lines - rows are what a compact diagram cannot spare."""
        lo, hi = self.message_span(m)
        number = self.number_width(m)
        para = self.ctx.wrap(m.text, hi - lo - number, self.sm)
        if para is None or len(para.lines) > 1:
            left, right = self.bounds(depth)
            if m.src == m.dst:
                left, right = (left, hi) if self.text_left_of_loop(self.index[m.src]) else (lo, right)
            para = self.ctx.wrap(m.text, right - left - number, self.sm)
            if para is None:
                return None
        else:
            left, right = self.bounds(depth)
        w = para.width + number
        if m.src == m.dst:
            return para, (hi - w if self.text_left_of_loop(self.index[m.src]) else lo)
        return para, min(max((lo + hi - w) / 2, left), right - w)

    def frame_span(self, frame: Frame, depth: int) -> tuple[float, float] | None:
        """A frame at nesting ``depth`` (1: outermost): from the leftmost to the rightmost
        lifeline inside, plus a margin per frame nested inside, widened for whatever inside
        reaches further; kept a step inside the frame around it."""
        idx = involved([frame], self.index)
        if not idx:
            return None
        margin = FRAME_MARGIN * self.s * nesting([frame])
        x0, x1 = self.x[min(idx)] - margin, self.x[max(idx)] + margin
        pad = FRAME_PAD * self.s
        for branch in frame.branches:
            for lo, hi in self.extents(branch.items, depth):
                x0, x1 = min(x0, lo - pad), max(x1, hi + pad)
        label = frame.branches[0].label if frame.branches else ""
        if label:  # room for the tab and the label's longest word
            tab = self.ctx.ts.width(frame.kind, "bold", self.sm) + 4 * TAB_PAD * self.s
            x1 = max(x1, x0 + tab + longest_word(self.ctx, label, self.sm) + TAB_PAD * self.s)
        left, right = self.bounds(depth - 1)
        return max(x0, left), min(x1, right)

    def extents(self, items: list, depth: int) -> list[tuple[float, float]]:
        """The x ranges that items inside ``depth`` frames reach: texts, loops, notes, frames."""
        out: list[tuple[float, float]] = []
        for item in items:
            if isinstance(item, Message) and item.src in self.index and item.dst in self.index:
                placed = self.message_text(item, depth)
                if placed is not None:
                    para, x = placed
                    out.append((x, x + self.number_width(item) + para.width))
                if item.src == item.dst:
                    lifeline = self.x[self.index[item.src]]
                    out.append((lifeline, lifeline + LOOP_W * self.s))
            elif isinstance(item, Note):
                placed_note = self.note_text(item)
                if placed_note is not None:
                    out.append((placed_note[1].x, placed_note[1].right))
            elif isinstance(item, Frame):
                span = self.frame_span(item, depth + 1)
                if span is not None:
                    out.append(span)
        return out

    def note_span(self, note: Note) -> tuple[float, float] | None:
        xs = [self.x[self.index[p]] for p in note.over if p in self.index]
        if not xs:
            return None
        lo, hi = min(xs), max(xs)
        reach = NOTE_CAP * self.sm
        if note.position == "left":
            return max(self.rect.x, lo - SPAN_MARGIN * self.s - reach), lo - SPAN_MARGIN * self.s
        if note.position == "right":
            return hi + SPAN_MARGIN * self.s, min(self.rect.right, hi + SPAN_MARGIN * self.s + reach)
        half = max((hi - lo) / 2 + SPAN_MARGIN * self.s, reach / 2)
        mid = (lo + hi) / 2
        return max(self.rect.x, mid - half), min(self.rect.right, mid + half)

    def note_text(self, note: Note) -> tuple[Paragraph, Rect] | None:
        """The note's text and its sticky box (height still to be set)."""
        span = self.note_span(note)
        if span is None:
            return None
        lo, hi = span
        pad = NOTE_PAD * self.s
        para = self.ctx.wrap(note.text, hi - lo - 2 * pad, self.sm)
        if para is None:
            return None
        w = para.width + 2 * pad
        if note.position == "left":
            x = hi - w
        elif note.position == "right":
            x = lo
        else:
            xs = [self.x[self.index[p]] for p in note.over if p in self.index]
            w = max(w, max(xs) - min(xs) + 2 * SPAN_MARGIN * self.s)
            x = (min(xs) + max(xs)) / 2 - w / 2
            x = min(max(x, self.rect.x), self.rect.right - w)
        return para, Rect(x, 0, w, para.height + 2 * pad)


def longest_word(ctx: Ctx, text: str, size: int) -> float:
    words = [w for w in ctx.ts.words(text, size, "body") if w]
    return max((sum(p.width for p in w) for w in words), default=0.0)


def messages_in(items: list) -> list[Message]:
    out: list[Message] = []
    for item in items:
        if isinstance(item, Message):
            out.append(item)
        elif isinstance(item, Frame):
            for branch in item.branches:
                out += messages_in(branch.items)
    return out


def nesting(items: list) -> int:
    """How many frames deep the items go."""
    return max((1 + max((nesting(b.items) for b in item.branches), default=0)
                for item in items if isinstance(item, Frame)), default=0)


def involved(items: list, index: dict[str, int]) -> list[int]:
    out: list[int] = []
    for item in items:
        if isinstance(item, Message):
            out += [index[p] for p in (item.src, item.dst) if p in index]
        elif isinstance(item, Note):
            out += [index[p] for p in item.over if p in index]
        elif isinstance(item, Frame):
            for branch in item.branches:
                out += involved(branch.items, index)
    return out


# --- down --------------------------------------------------------------------------

class Down:
    """Rows from top to bottom, given the lifelines."""

    def __init__(self, across: Across, lifelines: list[Lifeline], row_extra: float):
        self.a = across
        self.ctx = across.ctx
        self.s, self.sm = across.s, across.sm
        self.lifelines = lifelines
        self.gap = ROW_GAP * self.sm + row_extra
        self.messages: list[MessageRow] = []
        self.notes: list[NoteBox] = []
        self.frames: list[FrameBox] = []
        self.bars: list[Bar] = []
        self.active: dict[str, list[float]] = {}  # participant -> start y of open bars

    def run(self) -> SequenceGeometry | None:
        top = max(l.box.bottom for l in self.lifelines) + self.gap + FIRST_ROW_GAP * self.s
        y = self.items(self.a.seq.items, top, 0)
        if y is None:
            return None
        end = y + self.gap
        for pid, starts in self.active.items():  # bars never closed run to the end
            for depth, start in enumerate(starts):
                self.bars.append(self.bar(pid, start, end, depth))
        boxes = [l.box for l in self.lifelines] + [f.rect for f in self.frames] + [n.box for n in self.notes]
        boxes += [m.text_box for m in self.messages] + [Rect(self.a.rect.x, end, 0, 0)]
        boxes += [Rect(x, y, 0, 0) for m in self.messages for x, y in m.points]
        return SequenceGeometry(self.lifelines, end, self.messages, self.notes, self.frames, self.bars,
                                union(boxes))

    def items(self, items: list, y: float, depth: int) -> float | None:
        """Rows for the items inside ``depth`` frames, from ``y``; the bottom reached."""
        for item in items:
            if isinstance(item, Message):
                y = self.message(item, y, depth)
            elif isinstance(item, Note):
                y = self.note(item, y)
            elif isinstance(item, Frame):
                y = self.frame(item, y, depth + 1)
            elif isinstance(item, Activation):
                self.activation(item, y)
            if y is None:
                return None
        return y

    def activation(self, act: Activation, y: float) -> None:
        if act.participant not in self.a.index:
            return
        stack = self.active.setdefault(act.participant, [])
        if act.active:
            stack.append(y - self.gap / 2)
        elif stack:
            start = stack.pop()
            self.bars.append(self.bar(act.participant, start, y - self.gap / 2, len(stack)))

    def bar(self, pid: str, y0: float, y1: float, depth: int) -> Bar:
        w = BAR_W * self.s
        x = self.a.x[self.a.index[pid]] - w / 2 + depth * w / 2
        return Bar(pid, Rect(x, y0, w, max(y1 - y0, w)))

    def arrow_x(self, pid: str, toward: float) -> float:
        """Where an arrow meets a lifeline: the edge of its activation bar if it has one."""
        x = self.a.x[self.a.index[pid]]
        depth = len(self.active.get(pid, []))
        if not depth:
            return x
        w = BAR_W * self.s
        left, right = x - w / 2, x + w / 2 + (depth - 1) * w / 2
        return right if toward > x else left

    def message(self, m: Message, y: float, depth: int) -> float | None:
        if m.src not in self.a.index or m.dst not in self.a.index:
            return y
        placed = self.a.message_text(m, depth)
        if placed is None:
            return None
        para, x = placed
        number = number_box = None
        if m.number is not None:
            number = self.ctx.wrap(str(m.number), 10 * self.sm, max(self.ctx.min_size,
                                                                   round(self.sm * NUMBER_SCALE)))
            d = self.ctx.ts.line_height(self.sm) * NUMBER_CIRCLE
            number_box = Rect(x, y + (para.line_height - d) / 2, d, d)
            x += d + NUMBER_GAP * self.s
        text_box = Rect(x, y, para.width, para.height)
        if m.src == m.dst:
            lx = self.arrow_x(m.src, self.a.x[self.a.index[m.src]] + 1)
            ya = y + para.line_height * 0.5
            yb = ya + max(LOOP_H * self.s, para.height - para.line_height * 0.5)
            w = LOOP_W * self.s
            points = [(lx, ya), (lx + w * 0.75, ya), (lx + w, (ya + yb) / 2), (lx + w * 0.75, yb), (lx, yb)]
            bottom = max(text_box.bottom, yb)
        else:
            xs, xd = self.a.x[self.a.index[m.src]], self.a.x[self.a.index[m.dst]]
            arrow_y = y + para.height + ARROW_GAP * self.s
            points = [(self.arrow_x(m.src, xd), arrow_y), (self.arrow_x(m.dst, xs), arrow_y)]
            bottom = arrow_y  # the head's flicks reach into the next row's leading only
        self.messages.append(MessageRow(m, points, para, text_box, number, number_box))
        return bottom + self.gap

    def note(self, note: Note, y: float) -> float | None:
        placed = self.a.note_text(note)
        if placed is None:
            return y if not [p for p in note.over if p in self.a.index] else None
        para, box = placed
        box = Rect(box.x, y, box.w, box.h)
        pad = NOTE_PAD * self.s
        text_box = Rect(box.x + (box.w - para.width) / 2, y + pad, para.width, para.height)
        self.notes.append(NoteBox(note, box, para, text_box))
        return box.bottom + self.gap

    def frame(self, frame: Frame, y: float, depth: int) -> float | None:
        span = self.a.frame_span(frame, depth)
        if span is None:
            return y
        x0, x1 = span
        pad = TAB_PAD * self.s
        kind = self.ctx.wrap(frame.kind, 10 * self.sm, self.sm, role="bold")
        tab_w = kind.width + 2 * pad + (kind.height + pad * 0.6) * TAB_NOTCH
        first_label = frame.branches[0].label if frame.branches else ""
        label = None
        if first_label:
            label = self.ctx.wrap(first_label, x1 - x0 - tab_w - 2 * pad, self.sm)
            if label is None:
                return None
        tab_h = kind.height + pad * 0.6
        tab = Rect(x0, y, tab_w, tab_h)
        box = FrameBox(frame, Rect(x0, y, x1 - x0, 0), tab, kind, Rect(x0 + pad, y + pad * 0.3, kind.width,
                                                                         kind.height),
                       label, label and Rect(tab.right + pad, y + pad * 0.3, label.width, label.height))
        self.frames.append(box)
        y = max(tab.bottom, box.label_box.bottom if box.label_box else 0) + self.gap
        for i, branch in enumerate(frame.branches):
            if i:
                y = self.separator(box, branch.label, y)
                if y is None:
                    return None
            y = self.items(branch.items, y, depth)
            if y is None:
                return None
        bottom = y - self.gap + FRAME_PAD * self.s
        box.rect = Rect(x0, box.rect.y, x1 - x0, bottom - box.rect.y)
        return bottom + self.gap

    def separator(self, box: FrameBox, text: str, y: float) -> float | None:
        pad = TAB_PAD * self.s
        label = label_box = None
        if text:
            label = self.ctx.wrap(f"[{text}]", box.rect.w - 2 * pad, self.sm)
            if label is None:
                return None
            label_box = Rect(box.rect.x + pad, y + pad * 0.3, label.width, label.height)
        box.separators.append(Separator(y, label, label_box))
        return (label_box.bottom if label_box else y) + self.gap


# --- public interface --------------------------------------------------------------

def build(block: Sequence, ctx: Ctx, rect: Rect, row_extra: float = 0.0) -> SequenceGeometry | None:
    if not block.participants:
        return None
    across = Across(block, ctx, rect)
    lifelines = across.place()
    if lifelines is None:
        return None
    return Down(across, lifelines, row_extra).run()


def min_height(block: Sequence, ctx: Ctx, width: float) -> float | None:
    if not block.participants:
        return 0.0
    geo = build(block, ctx, Rect(0, 0, width, 0))
    return None if geo is None else geo.bounds.h


def layout(block: Sequence, ctx: Ctx, rect: Rect) -> SequenceGeometry | None:
    """Rows loosened into spare height (a little), then the whole centred vertically."""
    geo = build(block, ctx, rect)
    if geo is None:
        return None
    rows = max(len(geo.messages) + len(geo.notes) + 2 * len(geo.frames), 1)
    extra = min(max(rect.h - geo.bounds.h, 0.0) / (rows + 1), SPREAD_CAP * ctx.size)
    if extra > 0.5:
        geo = build(block, ctx, rect, extra) or geo
    dy = max(0.0, (rect.h - geo.bounds.h) / 2) + rect.y - geo.bounds.y
    return shifted(geo, dy)


def shifted(geo: SequenceGeometry, dy: float) -> SequenceGeometry:
    def mv(r: Rect | None) -> Rect | None:
        return r and moved(r, 0, dy)
    lifelines = [Lifeline(l.participant, l.x, mv(l.box), l.label) for l in geo.lifelines]
    messages = [MessageRow(m.message, [(x, y + dy) for x, y in m.points], m.text, mv(m.text_box), m.number,
                           mv(m.number_box)) for m in geo.messages]
    notes = [NoteBox(n.note, mv(n.box), n.text, mv(n.text_box)) for n in geo.notes]
    frames = [FrameBox(f.frame, mv(f.rect), mv(f.tab), f.kind, mv(f.kind_box), f.label, mv(f.label_box),
                       [Separator(s.y + dy, s.label, mv(s.label_box)) for s in f.separators])
              for f in geo.frames]
    bars = [Bar(b.participant, mv(b.rect)) for b in geo.bars]
    return SequenceGeometry(lifelines, geo.lifeline_end + dy, messages, notes, frames, bars, mv(geo.bounds))


def record(block: Sequence, geo: SequenceGeometry, region: str) -> DiagramRecord:
    nodes = [NodeRecord(l.participant.id, l.participant.label, l.box) for l in geo.lifelines]
    edges = [EdgeRecord(m.message.src, m.message.dst, m.message.text, list(m.points)) for m in geo.messages]
    frames = [FrameRecord(f"{f.frame.kind}-{i + 1}", f.frame.branches[0].label if f.frame.branches else "",
                          f.rect, []) for i, f in enumerate(geo.frames)]
    # A frame's members are the frames directly inside it (messages are not nodes).
    for outer in frames:
        within = [f for f in frames if f is not outer and outer.rect.contains(f.rect)]
        outer.members = [f.id for f in within if not any(g is not f and g.rect.contains(f.rect) for g in within)]
    return DiagramRecord("sequence", region, nodes, edges, frames)


def paint(geo: SequenceGeometry, ctx: Ctx) -> list[Op]:
    ops: list[Op] = []
    for f in geo.frames:
        ops += draw_frame(f, ctx)
    texts = [m.text_box for m in geo.messages] + [m.number_box for m in geo.messages if m.number_box]
    texts += [b for f in geo.frames for b in (f.tab, f.label_box) if b]
    texts += [s.label_box for f in geo.frames for s in f.separators if s.label_box]
    texts += [n.box for n in geo.notes]  # a note over a lifeline is written on paper, not on its line
    for i, l in enumerate(geo.lifelines):
        ops += draw_lifeline(l, i, geo.lifeline_end, texts, ctx)
    for b in geo.bars:
        ops += ctx.sketch.rect(b.rect, ctx.theme.ink, ctx.thin_pen, ctx.theme.paper)
    for m in geo.messages:
        ops += draw_message(m, ctx)
    for n in geo.notes:
        ops += ctx.sketch.rect(n.box, ctx.theme.ink, ctx.thin_pen, ctx.theme.sticky, roughness=0.6)
        ops += ctx.write(n.text, n.text_box.x, n.text_box.y, ctx.theme.ink, "center", n.text_box.w)
    return ops


# --- drawing -----------------------------------------------------------------------

def draw_lifeline(l: Lifeline, i: int, end: float, texts: list[Rect], ctx: Ctx) -> list[Op]:
    fill = fill_for(ctx.theme, "", i + 1)
    if l.participant.actor:  # people get rounded boxes, systems square ones
        ops: list[Op] = ctx.sketch.polygon(rounded_corners(l.box, l.box.h / 2), ctx.theme.ink, ctx.pen, fill)
    else:
        ops = ctx.sketch.rect(l.box, ctx.theme.ink, ctx.pen, fill)
    for y0, y1 in open_stretches(l.x, l.box.bottom, end, texts):
        ops += ctx.sketch.dashed((l.x, y0), (l.x, y1), ctx.theme.pencil, ctx.thin_pen, 0.3 * ctx.size)
    ops += ctx.write(l.label, l.box.x, l.box.y + BOX_PAD_Y * ctx.size, ctx.theme.ink, "center", l.box.w)
    return ops


def open_stretches(x: float, top: float, bottom: float, texts: list[Rect]) -> list[tuple[float, float]]:
    """The parts of a lifeline not under any text, so writing never sits on a dashed line."""
    pad = 2.0
    cuts = sorted((t.y, t.bottom) for t in texts if t.x - pad <= x <= t.right + pad)
    out, y = [], top
    for y0, y1 in cuts:
        if y0 > y:
            out.append((y, min(y0, bottom)))
        y = max(y, y1)
    if y < bottom:
        out.append((y, bottom))
    return [(a, b) for a, b in out if b - a > 1]


def draw_message(m: MessageRow, ctx: Ctx) -> list[Op]:
    ink, head = ctx.theme.ink, HEAD * ctx.size
    dashed = m.message.line == "dashed"
    pen_head = {"open": "none", "cross": "cross", "async": "async"}.get(m.message.head, "arrow")
    ops: list[Op] = ctx.sketch.arrow(m.points, ink, ctx.thin_pen * 1.2, head, dashed=dashed,
                                     head=pen_head, curved=m.self_message)
    if m.message.both and len(m.points) > 1:  # <<->>: a head at the sender's end too
        ops += ctx.sketch.arrow_head(m.points[0], m.points[1], ink, ctx.thin_pen * 1.2, head)
    ops += ctx.write(m.text, m.text_box.x, m.text_box.y, ink)
    if m.number is not None and m.number_box is not None:
        b = m.number_box
        ops += ctx.sketch.ellipse(b.x + b.w / 2, b.y + b.h / 2, b.w, b.h, ctx.theme.blue,
                                  ctx.thin_pen)
        # Digits sit on their baseline: centre their ink, not their line box, in the circle.
        size = m.number.size
        baseline = b.y + b.h / 2 + size * 0.33
        top = baseline - (m.number.line_height - size) / 2 - size * BASELINE
        ops += ctx.write(m.number, b.x, top, ctx.theme.blue, "center", b.w)
    return ops


def draw_frame(f: FrameBox, ctx: Ctx) -> list[Op]:
    pencil, pen = ctx.theme.pencil, ctx.thin_pen
    if f.frame.kind == "rect":  # "rect rgb(…)": a shaded band behind its messages, no tab
        return ctx.sketch.rect(f.rect, None, pen, ctx.theme.pastels.get("blue"), fill_alpha=110)
    ops: list[Op] = ctx.sketch.rect(f.rect, pencil, pen, roughness=0.6)
    t = f.tab
    notch = t.h * TAB_NOTCH
    ops += ctx.sketch.polygon([(t.x, t.y), (t.right, t.y), (t.right, t.bottom - notch),
                               (t.right - notch, t.bottom), (t.x, t.bottom)], pencil, pen,
                              ctx.theme.pastels.get("gray"))
    ops += ctx.write(f.kind, f.kind_box.x, f.kind_box.y, ctx.theme.ink)
    if f.label is not None and f.label_box is not None:
        ops += ctx.write(f.label, f.label_box.x, f.label_box.y, ctx.theme.ink)
    for sep in f.separators:
        ops += ctx.sketch.dashed((f.rect.x, sep.y), (f.rect.right, sep.y), pencil, pen, 0.3 * ctx.size)
        if sep.label is not None and sep.label_box is not None:
            ops += ctx.write(sep.label, sep.label_box.x, sep.label_box.y, ctx.theme.ink)
    return ops
