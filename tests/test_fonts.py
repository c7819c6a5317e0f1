import os

import pytest

from pilgi.errors import FontError
from pilgi.fonts import FontSet, cmap, find_font, kerned, pil_font, text_length
from pilgi.theme import FontRole, Theme, make_theme


def test_every_role_resolves_and_has_hangul():
    fonts = FontSet(Theme())
    for role, path in fonts.roles.items():
        if role != "code":
            assert ord("한") in cmap(path), role
    assert fonts.missing("한글 English 0~9 → ✓") == []


def test_missing_font_names_what_to_install():
    with pytest.raises(FontError, match="NoSuchHand.ttf not found; install the Debian package fonts-x"):
        find_font(FontRole("NoSuchHand.ttf", "fonts-x"))


def test_user_font_folder_is_searched_first(tmp_path, monkeypatch):
    system = find_font(Theme().fonts["note"])
    (tmp_path / "MyHand.ttf").symlink_to(system)
    monkeypatch.setenv("PILGI_FONT_DIR", str(tmp_path))
    theme = make_theme({"fonts": {"note": "MyHand.ttf"}})
    assert FontSet(theme).roles["note"] == tmp_path / "MyHand.ttf"
    monkeypatch.setenv("PILGI_FONT_DIR", os.devnull)


def test_lengths_summed_from_characters_are_pillows_to_the_64th():
    """Lengths are added up from each character's advance and the kerned pairs'
    kerning: they must be what Pillow measures for the whole text, kerning and all."""
    fonts = FontSet(Theme())
    body = fonts.roles["body"]
    pairs, _ = kerned(body)
    assert "AV" in pairs and "가나" not in pairs  # the hand kerns Latin capitals, not Hangul
    texts = ["AVATAR", "Tokyo, Yale", "WAVE-to-LaTeX", "한글 AV 노트", "x", "Pillow's 26.6 advances", "ffi fl ‘quoted’"]
    for path in {body, fonts.roles["bold"], fonts.roles["note"], fonts.roles["code"], *fonts.fallbacks}:
        for size in (9, 24, 37, 71):
            for text in texts:
                assert text_length(path, size, text) == pil_font(path, size).getlength(text), (path.name, size, text)
    font = pil_font(body, 37)
    assert font.getlength("AV") != font.getlength("A") + font.getlength("V")  # the check above covers kerning
