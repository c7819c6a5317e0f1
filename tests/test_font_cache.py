"""Fonts' character maps cached on disk: the same answer as reading the font, read
again when the font changes, and no harm when the cache cannot be written."""
import os
import shutil

import pytest

from pilgi import font_cache
from pilgi.fonts import _drawn_code_points, find_font
from pilgi.theme import Theme


@pytest.fixture
def font(tmp_path):
    copy = tmp_path / "fonts" / "Hand.ttf"
    copy.parent.mkdir()
    shutil.copy(find_font(Theme().fonts["note"]), copy)
    return copy


def refuse(path):
    raise AssertionError(f"{path} read again although it is cached")


def test_a_cached_map_is_the_fonts_own_and_is_read_from_disk_next_time(font, tmp_path, monkeypatch):
    monkeypatch.setenv("PILGI_CACHE_DIR", str(tmp_path / "cache"))
    drawn = font_cache.cached_cmap(font, _drawn_code_points)
    assert ord("한") in drawn and drawn == _drawn_code_points(font)
    assert len(list((tmp_path / "cache" / "cmaps").glob("*.bin"))) == 1
    assert font_cache.cached_cmap(font, refuse) == drawn


def test_a_changed_font_is_read_again(font, tmp_path, monkeypatch):
    monkeypatch.setenv("PILGI_CACHE_DIR", str(tmp_path / "cache"))
    font_cache.cached_cmap(font, _drawn_code_points)
    later = font.stat().st_mtime + 10
    os.utime(font, (later, later))
    assert font_cache.cached_cmap(font, lambda path: frozenset({65})) == {65}


def test_a_damaged_cache_file_is_not_believed(font, tmp_path, monkeypatch):
    monkeypatch.setenv("PILGI_CACHE_DIR", str(tmp_path / "cache"))
    drawn = font_cache.cached_cmap(font, _drawn_code_points)
    (cached,) = (tmp_path / "cache" / "cmaps").glob("*.bin")
    cached.write_bytes(cached.read_bytes()[:-8])  # two code points short
    assert font_cache.cached_cmap(font, _drawn_code_points) == drawn


def test_an_unwritable_cache_folder_only_costs_time(font, tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("PILGI_CACHE_DIR", str(blocked))
    assert ord("한") in font_cache.cached_cmap(font, _drawn_code_points)
    assert blocked.is_file()


def test_a_font_subset_is_made_once_and_read_back_whole(font, tmp_path, monkeypatch):
    monkeypatch.setenv("PILGI_CACHE_DIR", str(tmp_path / "cache"))
    made = font_cache.cached_subset(font, "glyphs: 가나", lambda: b"subset bytes " * 500)
    assert font_cache.cached_subset(font, "glyphs: 가나", lambda: refuse(font)) == made
    assert font_cache.cached_subset(font, "glyphs: 가나다", lambda: b"other") == b"other"
    (cached, *_) = sorted((tmp_path / "cache" / "subsets").glob("*.bin"), key=lambda p: p.stat().st_size)
    cached.write_bytes(cached.read_bytes()[:-1])  # damaged: made again, not believed
    assert font_cache.cached_subset(font, "glyphs: 가나다", lambda: b"again") == b"again"


def test_a_page_drawn_from_cached_subsets_is_the_same_file(cli, tmp_path, monkeypatch):
    from pilgi.backends import fontsubset

    from .conftest import EXAMPLE_YAML
    monkeypatch.setenv("PILGI_CACHE_DIR", str(tmp_path / "cache"))
    pages = []
    for run in range(2):  # the first fills the cache, the second reads it
        fontsubset.subset_font.cache_clear()
        code, _, err = cli("render", EXAMPLE_YAML, "-o", tmp_path / f"page{run}.pdf", "--dpi", "72")
        assert code == 0, err
        pages.append((tmp_path / f"page{run}.pdf").read_bytes())
    assert list((tmp_path / "cache" / "subsets").glob("*.bin"))
    assert list((tmp_path / "cache" / "subset-facts").glob("*.bin"))
    assert pages[0] == pages[1]


def test_a_render_from_the_caches_does_not_load_fonttools_or_the_emoji_package(tmp_path):
    import subprocess
    import sys

    from .conftest import EXAMPLE_YAML, ROOT
    script = ("import sys; from pilgi.cli import main; "
              f"code = main(['render', {str(EXAMPLE_YAML)!r}, '-o', {str(tmp_path)!r}, '--dpi', '72']); "
              "print(code, sorted({m.split('.')[0] for m in sys.modules} & {'fontTools', 'emoji'}))")
    env = {**os.environ, "PILGI_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT / "src")}
    runs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
            for _ in range(2)]  # the first fills the caches
    assert [run.stdout.split("\n")[-2] for run in runs] == ["0 ['emoji', 'fontTools']", "0 []"], runs
