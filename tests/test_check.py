"""`pilgi check`: clean sheets pass; each kind of problem exits 2 naming its place."""
import json

from .conftest import EXAMPLE_YAML, write

HEAD = "title: 점검\nlayout: lecture\nsections:\n"


def section(title: str, slot: str, text: str) -> str:
    return f"  - title: {title}\n    slot: {slot}\n    blocks:\n      - text: \"{text}\"\n"


def test_the_example_is_clean(cli, tmp_path):
    report = tmp_path / "r.json"
    code, out, err = cli("check", EXAMPLE_YAML, "--report", report)
    assert code == 0, out + err
    assert "ok" in out
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["problems"] == [] and len(data["texts"]) > 50
    assert not list(tmp_path.glob("*.png"))


def test_overflow_names_the_section_and_the_excess(cli, tmp_path):
    long = " ".join(["넘치는 설명 문장"] * 250)
    code, _, err = cli("check", write(tmp_path, "s.yaml", HEAD + section("Too Much", "bottom-right", long)))
    assert code == 2
    assert "section 'Too Much' (slot bottom-right)" in err and "over by" in err


def test_a_character_no_font_has_is_named_with_its_place(cli, tmp_path):
    code, out, _ = cli("check", write(tmp_path, "s.yaml", HEAD + section("Glyphs", "top-left", "티베트 ༀ 문자")))
    assert code == 2
    assert "sections[0].blocks[0].text: no installed font has a glyph for 'ༀ' (U+0F00)" in out


def test_render_refuses_what_check_refuses_unless_allowed(cli, tmp_path):
    path = write(tmp_path, "s.yaml", HEAD + section("Glyphs", "top-left", "티베트 ༀ 문자"))
    code, _, err = cli("render", path, "-o", tmp_path / "a")
    assert code == 2 and "nothing written" in err and not (tmp_path / "a").exists()
    code, _, err = cli("render", path, "-o", tmp_path / "b", "--allow-problems", "--dpi", "72")
    assert code == 0 and "U+0F00" in err and (tmp_path / "b" / "s.png").is_file()


def test_two_sections_in_one_slot_overlap_and_are_refused(cli, tmp_path):
    text = HEAD + section("First", "center", "하나") + section("Second", "center", "둘")
    code, _, err = cli("check", write(tmp_path, "s.yaml", text))
    assert code == 2
    assert "sections[1].slot" in err and "slot 'center' already holds section 'First'" in err


def test_a_slot_the_layout_lacks_is_refused(cli, tmp_path):
    code, _, err = cli("check", write(tmp_path, "s.yaml", HEAD + section("Lost", "middle", "x")))
    assert code == 2 and "slot 'middle' is not in layout 'lecture'" in err


def test_a_refused_page_is_not_drawn(tmp_path, monkeypatch):
    # render checks the page first (check_file): nothing is rasterised or compressed
    # in the background for a page it then refuses.
    import pytest

    from pilgi import backends
    from pilgi.errors import InputError
    from pilgi.pipeline import Options, render_file
    path = write(tmp_path, "s.yaml", HEAD + section("Glyphs", "top-left", "티베트 ༀ 문자"))
    drawn = []
    real = backends.start  # every drawing starts here (backends.draw too)
    monkeypatch.setattr(backends, "start", lambda *args: drawn.append(args) or real(*args))
    with pytest.raises(InputError, match="nothing written"):
        render_file(path, {"png": tmp_path / "a.png"}, Options(dpi=72))
    assert drawn == [] and not (tmp_path / "a.png").exists()
    result = render_file(path, {"png": tmp_path / "b.png"}, Options(dpi=72, allow_problems=True))
    assert len(drawn) == 1 and result.problems and (tmp_path / "b.png").is_file()
