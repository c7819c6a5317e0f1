"""One lexicon: readers and the font code recognise the same emoji, hints and arrows."""
from __future__ import annotations

import pytest

from pilgi import lexicon
from pilgi.fonts import FontSet
from pilgi.readers.drawn_boxes import strip_hints
from pilgi.readers.markdown_sheet import split_heading, strip_layout_hints
from pilgi.text import Typesetter
from pilgi.theme import Theme


def ascii_icon(text: str) -> tuple[str, str]:
    # The box-title split the ASCII layout reader makes.
    return lexicon.leading_emoji(text.strip())

SEQUENCES = lexicon.emoji_sequences()


@pytest.fixture(scope="module")
def typesetter():
    theme = Theme()
    return Typesetter(FontSet(theme), theme)


def test_the_emoji_data_is_unicodes_own():
    # Thousands of sequences: keycaps, flags, skin tones, ZWJ families, tag flags.
    assert len(SEQUENCES) > 3000
    for sample in ("1\ufe0f\u20e3", "🇰🇷", "👩\u200d💻", "👍🏽", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"):
        assert sample in SEQUENCES and lexicon.is_emoji(sample)


def test_every_emoji_sequence_is_one_cluster_and_the_readers_and_font_code_agree(typesetter):
    disagree = []
    for sequence in SEQUENCES:
        emoji = lexicon.is_emoji(sequence)
        if lexicon.clusters(sequence) != [sequence]:
            disagree.append((sequence, "clusters"))
            continue
        heading = f"{sequence} Title"
        _number, md_icon, md_title = split_heading(heading)
        box_icon, box_title = ascii_icon(heading)
        if emoji:
            readers_ok = md_icon == box_icon == sequence and md_title == box_title == "Title"
        else:  # a character with a text default stays in the title, in both readers
            readers_ok = md_icon == box_icon == "" and box_title == heading
        runs = typesetter.runs(sequence, "body")
        kinds = {kind for _text, _path, kind in runs}
        if emoji:  # one picture: from the colour font, or the hand-drawn set, or reported missing
            font_ok = len(runs) == 1 and kinds <= {"emoji", "icon", "missing"}
        else:
            font_ok = "emoji" not in kinds or typesetter.fonts.font_for("body", sequence[0]) == typesetter.fonts.emoji
        if not (readers_ok and font_ok):
            disagree.append((sequence, md_icon, box_icon, runs))
    assert disagree == []


def test_clusters_keep_every_character():
    text = "a→\ufe0f b\u200dc ©️ © ⌛ 🗺 1️⃣ 한글"
    pieces = lexicon.clusters(text)
    assert "".join(pieces) == text
    assert "→\ufe0f" in pieces and "©\ufe0f" in pieces and "⌛" in pieces


@pytest.mark.parametrize("text, icon", [("⌛ Wait", "⌛"), ("©️ Rights", "©️"), ("© Rights", ""),
                                        ("🗺 Map", "🗺"), ("⚙ Gear", ""), ("⚙️ Gear", "⚙️")])
def test_the_readers_agree_on_leading_emoji(text, icon):
    assert split_heading(text)[1] == icon
    assert ascii_icon(text)[0] == icon


@pytest.mark.parametrize("remark", ["(넓게)", "[좌측]", "(이 섹션이 가장 넓어야 함!)", "(가장넓게)", "(핵심!)",
                                    "(widest section)", "(Full Width)"])
def test_layout_hint_words_are_one_list_for_both_readers(remark):
    assert strip_layout_hints(f"Title {remark}") == "Title"
    assert strip_hints(f"Title {remark}")[0] == "Title"


def test_content_in_brackets_stays():
    assert strip_layout_hints("Adam (β1, β2)") == "Adam (β1, β2)"
    assert strip_hints("Adam (β1, β2)")[0] == "Adam (β1, β2)"


def test_normalise_composes_hangul():
    decomposed = "\u1112\u1161\u11ab\u1100\u1173\u11af"  # 한글 as NFD
    assert lexicon.normalise(decomposed) == "한글"


def test_batch_in_brackets_is_content_not_a_layout_hint():
    # "배치" is placement to an image model but "batch" in a lecture: only prompts drop it.
    assert strip_layout_hints("정규화 (배치 정규화)") == "정규화 (배치 정규화)"


def test_the_emoji_table_is_cached_and_says_what_the_emoji_package_says(tmp_path, monkeypatch):
    import emoji

    monkeypatch.setenv("PILGI_CACHE_DIR", str(tmp_path / "cache"))
    sequences, drawn = lexicon._emoji_table()  # made from the package and cached
    assert sequences == set(emoji.EMOJI_DATA) == set(SEQUENCES)
    qualified = {emoji.STATUS[k] for k in ("component", "fully_qualified", "minimally_qualified")}
    assert drawn == {s for s, data in emoji.EMOJI_DATA.items()
                     if data["status"] in qualified or len(s) == 1 and ord(s) > 0xFFFF}
    assert "©" in sequences and "©" not in drawn and "©\ufe0f" in drawn
    monkeypatch.setattr(lexicon, "_emoji_table_bytes", lambda: pytest.fail("made again although cached"))
    assert lexicon._emoji_table() == (sequences, drawn)
