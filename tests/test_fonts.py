import os

import pytest

from pilgi.errors import FontError
from pilgi.fonts import FontSet, cmap, find_font
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
