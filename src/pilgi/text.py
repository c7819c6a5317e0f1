"""Inline markup, measuring, wrapping and placing text.

Korean wraps between words (어절), English words are never split, and a word
wider than the line makes the size fail, so the fitter shrinks the text instead
of breaking or clipping it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path as FilePath

from . import emoji
from .display import GlyphRun, Path, TextLine
from .fonts import INVISIBLE, FontSet, text_length
from .lexicon import CLOSING_MARKS, CONNECTORS, WORD_MARKS, clusters, is_emoji
from .icons import icon_for, icon_paths
from .layout import Rect
from .theme import Color, Theme

INLINE = re.compile(r"(\*\*.+?\*\*|==.+?==|`[^`]+`)")
EMOJI_WIDTH = 1.18  # em: colour emoji are drawn a little wider than a Hangul syllable
BASELINE = 0.86  # em from the top of the glyph box to the baseline


@dataclass(frozen=True)
class Span:
    """A run of text with one style."""
    text: str
    bold: bool = False
    highlight: bool = False
    code: bool = False


SPACE = Span(" ")  # a plain space between words


def parse_inline(text: str) -> list[Span]:
    """``**bold**``, ``==highlight==`` and ``code``; one level, as notes use them."""
    spans: list[Span] = []
    for part in INLINE.split(text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            spans += [Span(s.text, True, s.highlight, s.code) for s in parse_inline(part[2:-2])]
        elif part.startswith("==") and part.endswith("==") and len(part) > 4:
            spans += [Span(s.text, s.bold, True, s.code) for s in parse_inline(part[2:-2])]
        elif part.startswith("`") and part.endswith("`") and len(part) > 2:
            spans.append(Span(part[1:-1], code=True))
        else:
            spans.append(Span(part))
    return spans


def _lone_mark(word: list[Piece] | None) -> str | None:
    """The mark a word is (its variation selector aside), "" for another word, None for a line break."""
    if word is None:
        return None
    text = "".join(p.text for p in word).replace("\ufe0f", "")
    return text if text and set(text) <= WORD_MARKS else ""


def _is_connector(word: list[Piece]) -> bool:
    return "".join(p.text for p in word) in CONNECTORS


def plain(text: str) -> str:
    return "".join(s.text for s in parse_inline(text))


@dataclass
class Piece:
    """A word's styled part, measured."""
    text: str
    span: Span
    role: str
    width: float


@dataclass
class Line:
    """A wrapped line's pieces and width."""
    pieces: list[Piece] = field(default_factory=list)  # words and the spaces between them
    width: float = 0.0


@dataclass
class Paragraph:
    """Text wrapped at a size: its lines and line height."""
    lines: list[Line]
    size: int
    line_height: float

    @property
    def height(self) -> float:
        return len(self.lines) * self.line_height

    @property
    def width(self) -> float:
        return max((ln.width for ln in self.lines), default=0.0)


# Measurements depend only on the fonts, so every Typesetter with the same fonts shares
# them: fitting tries many sizes and arrangements, and prompt import fits many times.
_SHARED_CACHES: dict[tuple, tuple[dict, dict, dict]] = {}
CACHE_LIMIT = 200_000


class Typesetter:
    def __init__(self, fonts: FontSet, theme: Theme):
        self.fonts = fonts
        self.theme = theme
        key = (tuple(sorted(fonts.roles.items())), tuple(sorted(fonts.scales.items())),
               tuple(fonts.fallbacks), fonts.emoji, theme.hand_icons)
        self._width_cache, self._run_cache, self._words_cache = _SHARED_CACHES.setdefault(key, ({}, {}, {}))
        if len(self._width_cache) > CACHE_LIMIT:
            self._width_cache.clear()
            self._run_cache.clear()
            self._words_cache.clear()

    def note_role(self, size: int, dpi: int = 300) -> str:
        """The note hand where it reads well; below ``note_hand_min_pt`` the body hand,
        which stays legible smaller (the script hand's strokes run together)."""
        return "note" if size >= self.theme.pt_px(self.theme.note_hand_min_pt, dpi) else "body"

    # -- measuring --------------------------------------------------------------
    def runs(self, text: str, role: str) -> list[tuple[str, FilePath | None, str]]:
        """Split text into runs of one kind and font file: (text, file, kind), kind
        being "text", "emoji", "icon" (hand-drawn stand-in) or "missing"."""
        cached = self._run_cache.get((text, role))
        if cached is None:
            cached = self._run_cache[(text, role)] = self._split_runs(text, role)
        return cached

    def _split_runs(self, text: str, role: str) -> list[tuple[str, FilePath | None, str]]:
        out: list[tuple[str, FilePath | None, str]] = []
        for cluster in clusters(text):
            if cluster in INVISIBLE:
                continue
            emoji_like = is_emoji(cluster)
            path = self.fonts.font_for(role, cluster if emoji_like else cluster[0])
            kind = "text" if path is not None else "missing"
            if path is not None and path == self.fonts.emoji:
                kind = "emoji"
            elif len(cluster) > 1:
                # No colour font for the sequence: its base character alone (a selector
                # after a character without an emoji form draws nothing either).
                cluster = cluster[0]
            if (kind == "missing" or kind == "emoji" and self.theme.hand_icons) and icon_for(cluster):
                path, kind = None, "icon"
            # Emoji and icons stay one cluster a run: each is drawn as one picture.
            if out and out[-1][1] == path and out[-1][2] == kind == "text" or (
                    out and kind == "missing" and out[-1][2] == "missing"):
                out[-1] = (out[-1][0] + cluster, path, kind)
            else:
                out.append((cluster, path, kind))
        return out

    def run_width(self, run: str, path: FilePath | None, kind: str, px: int) -> float:
        if kind == "text":
            return text_length(path, px, run)
        if kind == "missing":
            return px * 0.6 * len(run)  # reported by the checker, never drawn
        return px * EMOJI_WIDTH  # one emoji cluster or icon

    def advances(self, run: str, path: FilePath | None, kind: str, px: int, width: float) -> tuple[float, ...]:
        """Each character's advance, summing to ``width``: what a backend at another
        resolution needs to place every glyph where the layout put it."""
        if kind == "missing":
            return (width / len(run),) * len(run)
        if kind != "text" or len(run) == 1:
            return (width,)  # one character, or one emoji or icon cluster
        # Prefix lengths keep any kerning inside the run.
        ends = [text_length(path, px, run[:i + 1]) for i in range(len(run))]
        return tuple(b - a for a, b in zip([0.0, *ends], ends))

    def font_px(self, role: str, size: int) -> int:
        return max(1, round(size * self.fonts.scales.get(role, 1.0)))

    def width(self, text: str, role: str, size: int) -> float:
        key = (text, role, size)
        cached = self._width_cache.get(key)
        if cached is not None:
            return cached
        px = self.font_px(role, size)
        total = sum(self.run_width(run, path, kind, px) for run, path, kind in self.runs(text, role))
        self._width_cache[key] = total
        return total

    def line_height(self, size: int) -> float:
        return size * self.theme.line_spacing

    # -- wrapping -----------------------------------------------------------------
    def words(self, text: str, size: int, role: str) -> list[list[Piece] | None]:
        """Words as lists of styled pieces; None marks a forced line break. Remembered
        (fitting asks for the same text at the same size ~5 times): callers only read it."""
        key = (text, size, role)
        cached = self._words_cache.get(key)
        if cached is None:
            cached = self._words_cache[key] = self._split_words(text, size, role)
        return cached

    def _split_words(self, text: str, size: int, role: str) -> list[list[Piece] | None]:
        out: list[list[Piece] | None] = []
        current: list[Piece] = []
        for span in parse_inline(text):
            piece_role = "code" if span.code else ("bold" if span.bold and role == "body" else role)
            for chunk in re.split(r"(\n| )", span.text):
                if chunk in (" ", "\n"):
                    if current:
                        out.append(current)
                        current = []
                    if chunk == "\n":
                        out.append(None)
                elif chunk:
                    current.append(Piece(chunk, span, piece_role, self.width(chunk, piece_role, size)))
        if current:
            out.append(current)
        return self._marks_kept_with_words(out, size)

    def _marks_kept_with_words(self, words: list[list[Piece] | None], size: int) -> list[list[Piece] | None]:
        """A lone mark never stands alone at a line's end or start: an arrow up or down
        ("우선순위 ↑") goes with the word before it, a tick or a cross ("✓ 작은 LM")
        with the word after it, or before it when it closes the line ("Task ✅")."""
        out: list[list[Piece] | None] = []
        i = 0
        while i < len(words):
            word = words[i]
            after = words[i + 1] if i + 1 < len(words) else None
            i += 1
            mark = _lone_mark(word)
            if mark:
                follows = _lone_mark(after)  # None: the line ends after the mark
                closes = set(mark) <= CLOSING_MARKS or follows is None or (follows == "" and _is_connector(after))
                if closes and out and out[-1] is not None:
                    out[-1] = out[-1] + [self._space(word[0], size)] + word
                    continue
                if not closes and follows == "":
                    out.append(word + [self._space(word[0], size)] + after)
                    i += 1
                    continue
            out.append(word)
        return out

    def _space(self, beside: Piece, size: int) -> Piece:
        return Piece(" ", beside.span, beside.role, self.width(" ", beside.role, size))

    def wrap(self, text: str, width: float, size: int, role: str = "body") -> Paragraph | None:
        """Greedy wrap at spaces; None when a single word is wider than ``width``."""
        space = self.width(" ", role, size)
        plain_space = Piece(" ", SPACE, role, space)  # shared: pieces are only ever read
        line = Line()
        lines = [line]
        for word in self.words(text, size, role):
            if word is None:
                line = Line()
                lines.append(line)
                continue
            # Most words are one piece: its width is what the sum gives (fitting wraps
            # the same texts thousands of times).
            w = word[0].width if len(word) == 1 else sum(p.width for p in word)
            if w > width:
                return None
            if line.pieces:
                needed = w + space
                if line.width + needed > width:
                    line = Line()
                    lines.append(line)
                    needed = w
                else:
                    line.pieces.append(Piece(" ", word[0].span, role, space) if word[0].span.highlight
                                       else plain_space)
            else:
                needed = w
            line.pieces.extend(word)
            line.width += needed
        if len(lines) > 1 and not lines[-1].pieces:
            lines.pop()
        return Paragraph(lines, size, self.line_height(size))

    def wrap_verbatim(self, text: str, width: float, size: int, role: str = "code") -> Paragraph | None:
        """Text as written (code): no markup, every space kept; a long line breaks at a
        space and goes on at its own indentation. None when a token is too wide."""
        plain_span = Span("")
        lines: list[Line] = []
        for source in text.split("\n"):
            indent = source[:len(source) - len(source.lstrip(" "))]
            line = Line()
            lines.append(line)
            for token in re.findall(r" +|[^ ]+", source):
                w = self.width(token, role, size)
                if token.startswith(" "):
                    line.pieces.append(Piece(token, plain_span, role, w))
                    line.width += w
                    continue
                if w > width:
                    return None
                if line.width + w > width and line.pieces:
                    while line.pieces and line.pieces[-1].text.startswith(" "):
                        line.width -= line.pieces.pop().width
                    line = Line()
                    lines.append(line)
                    if indent and indent != source:
                        iw = self.width(indent, role, size)
                        if iw + w <= width:
                            line.pieces.append(Piece(indent, plain_span, role, iw))
                            line.width = iw
                line.pieces.append(Piece(token, plain_span, role, w))
                line.width += w
        return Paragraph(lines, size, self.line_height(size))

    def fits_one_line(self, text: str, width: float, size: int, role: str) -> bool:
        p = self.wrap(text, width, size, role)
        return p is not None and len(p.lines) == 1

    # -- placing ----------------------------------------------------------------
    def place(self, para: Paragraph, x: float, y: float, color: Color, region: str,
              align: str = "left", box_width: float = 0.0, sketch=None) -> tuple[list[Path], list[TextLine]]:
        """Glyph runs for each line, plus highlighter marks under highlighted words."""
        marks: list[Path] = []
        lines: list[TextLine] = []
        size = para.size
        lh = para.line_height
        for i, line in enumerate(para.lines):
            top = y + i * lh
            lx = x
            if align == "center" and box_width:
                lx = x + (box_width - line.width) / 2
            baseline = top + (lh - size) / 2 + size * BASELINE
            runs: list[GlyphRun] = []
            cx = lx
            swipe: list[float] = []  # x from, x to of the marker stroke being drawn along
            for piece in line.pieces:
                # One stroke runs along highlighted words and the spaces between them.
                if piece.span.highlight and piece.text.strip():
                    swipe = [swipe[0] if swipe else cx, cx + piece.width]
                elif not piece.span.highlight and swipe:
                    marks += self._swipe(swipe, top, lh, sketch)
                    swipe = []
                pc = self.theme.blue if piece.span.code else color
                px = self.font_px(piece.role, size)
                for run, path, kind in self.runs(piece.text, piece.role):
                    w = self.run_width(run, path, kind, px)
                    if kind == "icon" and sketch is not None:
                        marks += icon_paths(icon_for(run), cx + px * 0.05, baseline - px * 0.92, px * 1.08,
                                            sketch, self.theme, max(2.0, px * 0.045))
                    # Every run is kept, spaces for the word breaks in the report and PDF,
                    # missing ones so the checker finds what no font could draw.
                    box = emoji.box(path, run, cx, w, baseline, px) if kind == "emoji" else None
                    runs.append(GlyphRun(run, path, px, cx, baseline, w, pc, kind,
                                         self.advances(run, path, kind, px, w), box))
                    cx += w
            if swipe:
                marks += self._swipe(swipe, top, lh, sketch)
            if runs:
                lines.append(TextLine(runs, lx, top, line.width, lh, size, region))
        return marks, lines

    def _swipe(self, xs: list[float], top: float, lh: float, sketch) -> list[Path]:
        if sketch is None:
            return []
        band = Rect(xs[0], top + lh * 0.2, xs[1] - xs[0], lh * 0.68)
        return sketch.highlight(band, self.theme.highlighter, self.theme.highlighter_alpha)
