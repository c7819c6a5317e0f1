"""What every reader and the font code recognise in text, defined once.

- Emoji: the sequences of Unicode's emoji data (the ``emoji`` package keeps it
  current), matched whole — keycaps, flags, skin tones, ZWJ sequences. A sequence
  counts as an emoji when Unicode gives it emoji presentation (fully or minimally
  qualified); a bare character with a text default (©, ⚙, ▶) is text unless
  VS16 follows it. Pictographs beyond the BMP (🗺 without VS16) are emoji too:
  no text font draws them.
- Layout-hint words, in Korean and English: a bracketed remark holding one speaks
  to the page, not to its reader.
- Arrows, as diagrams and chains write them.
- Normalisation: text is NFC, so Korean pasted decomposed (NFD) is the same text.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .font_cache import cached_bytes, package_file

# -- normalisation ---------------------------------------------------------------------


def normalise(text: str) -> str:
    """NFC: composed Hangul syllables and accented letters, as fonts map them."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


# -- emoji ------------------------------------------------------------------------------

VS15, VS16, ZWJ, KEYCAP = "\ufe0e", "\ufe0f", "\u200d", "\u20e3"
EMOJI_TABLE_FORMAT = 1  # bump when what _emoji_table_bytes writes changes


def _emoji_table_bytes() -> bytes:
    """The sequences drawn as emoji, then (after a NUL) the others, one a line."""
    import emoji  # ~35 ms: only when the table is not cached yet

    drawn_statuses = {emoji.STATUS[k] for k in ("component", "fully_qualified", "minimally_qualified")}
    drawn, others = [], []
    for sequence, data in sorted(emoji.EMOJI_DATA.items()):
        is_drawn = data["status"] in drawn_statuses or len(sequence) == 1 and ord(sequence) > 0xFFFF
        (drawn if is_drawn else others).append(sequence)
    return ("\n".join(drawn) + "\0" + "\n".join(others)).encode("utf-8")


def _emoji_table() -> tuple[frozenset[str], frozenset[str]]:
    """(every sequence of Unicode's emoji data, those drawn as emoji), kept in the
    disk cache by the installed ``emoji`` package's file (font_cache.py)."""
    source = package_file("emoji")
    make = _emoji_table_bytes
    data = cached_bytes("emoji", source, str(EMOJI_TABLE_FORMAT), make) if source else make()
    drawn, others = (part.split("\n") for part in data.decode("utf-8").split("\0"))
    return frozenset(drawn + others), frozenset(drawn)


_SEQUENCES, _DRAWN = _emoji_table()
# Marks that only modify the character before them: they travel with it.
_MODIFIERS = frozenset(VS15 + VS16 + ZWJ)
# First character -> lengths of its sequences, longest first. (Made from the distinct
# pairs: a set a sequence made this a few ms of every start.)
_LENGTHS: dict[str, tuple[int, ...]] = {}
for _first, _length in sorted({(sequence[0], len(sequence)) for sequence in _SEQUENCES}, reverse=True):
    _LENGTHS[_first] = _LENGTHS.get(_first, ()) + (_length,)
# First characters of every emoji sequence; text without one needs no matching.
_STARTS = frozenset(_LENGTHS)


def emoji_sequences() -> list[str]:
    """Every sequence in Unicode's emoji data, in a stable order."""
    return sorted(_SEQUENCES)


def is_emoji(cluster: str) -> bool:
    """Whether ``cluster`` (one item of :func:`clusters`) is drawn as an emoji."""
    return cluster in _DRAWN


def _may_hold_emoji(text: str) -> bool:
    for i, ch in enumerate(text):
        if ch in _STARTS and (not ch.isascii() or text[i + 1:i + 2] in (VS16, KEYCAP)):
            return True
    return False


def _pieces(text: str):
    """Characters, and the longest emoji sequence wherever one starts. (The package's
    own tokenizer drops a selector it cannot place; here every character is kept.)"""
    i, n = 0, len(text)
    while i < n:
        for length in _LENGTHS.get(text[i], ()):
            if text[i:i + length] in _SEQUENCES:
                yield text[i:i + length]
                i += length
                break
        else:
            yield text[i]
            i += 1


@lru_cache(maxsize=16384)
def _clusters(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for piece in _pieces(text) if _may_hold_emoji(text) else text:
        # A selector or joiner left over (after a character without an emoji form)
        # stays with that character: it changes no letter and draws nothing.
        if out and len(piece) == 1 and piece in _MODIFIERS and not is_emoji(out[-1]):
            out[-1] += piece
        else:
            out.append(piece)
    return tuple(out)


def clusters(text: str) -> list[str]:
    """``text`` split into characters, each emoji sequence kept whole."""
    return list(_clusters(text))


def leading_emoji(text: str) -> tuple[str, str]:
    """(the emoji that opens ``text``, the rest with its leading blanks removed);
    ("", text) when it opens with anything else."""
    stripped = text.lstrip()
    if not stripped:
        return "", text
    first = _clusters(stripped[:64])[0]  # no emoji sequence is longer than a few dozen characters
    if not is_emoji(first):
        return "", text
    return first, stripped[len(first):].lstrip()


# -- layout hints ------------------------------------------------------------------------

# Words that make a bracketed remark an instruction about placement ("(이 섹션이 가장
# 넓어야 함!)", "(좌우 2등분)", "[widest section]") rather than content.
LAYOUT_HINT_WORDS = ("가장 넓", "넓게", "가장 크", "좌측", "우측", "좌/우", "좌우", "왼쪽", "오른쪽", "상단", "하단",
                     "상/하", "중앙", "분할", "등분", "섹션", "핵심!", "띠", "너비", "얇은", "얇게", "세로", "가로",
                     "그림", "아이콘", "일러스트", "병합", "칸 전체",
                     "widest", "full width", "full-width", "left column", "right column", "left side",
                     "right side", "top row", "bottom row", "equal width")
# English words that are hints only as whole words ("wide", not "worldwide").
LAYOUT_HINT_ENGLISH = re.compile(r"\b(?:wide|wider|narrow|narrower|strip|thin|tall|full[\s-]+width|"
                                 r"landscape|portrait|half[\s-]+width|two[\s-]+columns?|icon|illustration|drawing)\b")


_HINT_KEYS = tuple("".join(word.split()) for word in LAYOUT_HINT_WORDS)


# A remark in round, full-width or square brackets: where layout hints are written.
BRACKETED_REMARK = r"[(\[（]([^()\[\]（）]*)[)\]）]"


def is_layout_hint(remark: str) -> bool:
    """Whether a bracketed remark speaks about placement; spacing aside ("가장넓게")."""
    lowered = remark.lower()
    squeezed = "".join(lowered.split())
    return any(key in squeezed for key in _HINT_KEYS) or bool(LAYOUT_HINT_ENGLISH.search(lowered))


# A band's layout label before its heading: "[BAND 2] 🛠️ STEP-BY-STEP", "Band 3:", "[영역 1]".
BAND_LABEL = re.compile(r"\s*[\[(【]?\s*(?:band|zone|영역|구역|밴드)\s*\d+\s*[\])】]?\s*[:：.\-–—]?\s*",
                        re.IGNORECASE)


# -- arrows ------------------------------------------------------------------------------

ARROWS_DOWN, ARROWS_UP = "↓▼⇓▾▽↕⇕", "↑▲⇑▴△↕⇕"
ARROWS_RIGHT, ARROWS_LEFT = "→▶►⇒▸▷⟶↔⇔", "←◀◄⇐◂◁⟵↔⇔"


CHECK_MARKS = "✓✔☑"  # a line starting with one of these is ticked
WORD_MARKS = set("↑↓✓✔✗✘✅❌⭕")  # marks written apart that belong with the word beside them
CLOSING_MARKS = set("↑↓")  # of those, the ones that say more of the word before them ("확률 ↑")
CONNECTORS = {"·", "→", "←", "⇒", "↔", "⇄", "/", "|", "-", "–", "—", "+", "=", "&", ","}  # words that join two
