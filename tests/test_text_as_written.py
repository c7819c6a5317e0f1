"""Text as written: YAML scalars keep their spelling, Unicode is NFC, nothing is lost
silently (deep nesting, control characters), right-to-left scripts are refused."""
from __future__ import annotations

import unicodedata

import pytest

from pilgi.errors import InputError
from pilgi.load import load_sheet
from pilgi.pipeline import Options, check_file
from tests.test_hostile import dump, sheet_with


def drawn_text(path) -> str:
    page = check_file(path, Options(dpi=72)).page
    return " ".join("".join(run.text for run in line.runs) for line in page.display.text_lines())


def write_yaml(tmp_path, text: str):
    path = tmp_path / "sheet.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_scalars_are_drawn_as_written(tmp_path):
    path = write_yaml(tmp_path, "title: Versions\nsections:\n  - title: Table\n    blocks:\n"
                                "      - table:\n          header: [Python, ok]\n"
                                "          rows: [[3.10, yes], [2024-01-01, no], [010, 1e3]]\n")
    table = load_sheet(path).sections[0].blocks[0]
    assert table.rows == [["3.10", "yes"], ["2024-01-01", "no"], ["010", "1e3"]]
    drawn = drawn_text(path)
    for cell in ("3.10", "yes", "2024-01-01", "010", "1e3"):
        assert cell in drawn


def test_numbers_still_read_as_numbers_where_numbers_are_expected(tmp_path):
    path = write_yaml(tmp_path, dump(sheet_with({"text": "x"}, seed=0x10)) + "")
    assert load_sheet(path).seed == 16


def test_decomposed_korean_is_rendered(tmp_path):
    composed = "한글 필기 노트"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    path = tmp_path / "sheet.md"
    path.write_text(f"# {decomposed}\n\n## 요약\n\n{decomposed} 입니다\n", encoding="utf-8")
    result = check_file(path, Options(dpi=72))
    assert result.problems == []
    assert composed in drawn_text(path)


@pytest.mark.parametrize("text, script", [("مرحبا بالعالم", "Arabic"), ("שלום עולם", "Hebrew")])
def test_right_to_left_text_is_refused_not_drawn_backwards(tmp_path, text, script):
    path = tmp_path / "sheet.md"
    path.write_text(f"# Title\n\n## Notes\n\nhello\n{text}\n", encoding="utf-8")
    with pytest.raises(InputError, match="right-to-left") as err:
        load_sheet(path)
    assert "line 6 column 1" in str(err.value) and "sheet.md" in str(err.value)


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\x85"])
def test_control_characters_are_refused_with_their_place(tmp_path, char):
    path = tmp_path / "sheet.md"
    path.write_text(f"# Title\n\n## Notes\n\nab{char}cd\n", encoding="utf-8")
    with pytest.raises(InputError, match="control character") as err:
        load_sheet(path)
    assert "line 5 column 3" in str(err.value) and char not in str(err.value)


def test_a_control_character_spelled_as_a_yaml_escape_is_refused_with_its_field(tmp_path):
    path = write_yaml(tmp_path, 'title: "bad \\e[2J title"\nsections:\n  - blocks:\n      - text: x\n')
    with pytest.raises(InputError, match="control character") as err:
        load_sheet(path)
    assert "title" in str(err.value) and "\x1b" not in str(err.value)


def test_a_list_nested_ten_deep_is_refused_with_its_line(tmp_path):
    items = "".join("  " * depth + f"- level {depth}\n" for depth in range(10))
    path = tmp_path / "sheet.md"
    path.write_text(f"# T\n\n## Deep\n\n{items}\n## After\n\nkept\n", encoding="utf-8")
    with pytest.raises(InputError, match="nested too deeply") as err:
        load_sheet(path)
    assert str(err.value).startswith(f"{path}:14:")


def test_a_quote_nested_twenty_deep_is_refused_with_its_line(tmp_path):
    path = tmp_path / "sheet.md"
    path.write_text("# T\n\n## Deep\n\n" + ">" * 20 + " lost?\n\n## After\n\nkept\n", encoding="utf-8")
    with pytest.raises(InputError, match="nested too deeply") as err:
        load_sheet(path)
    assert str(err.value).startswith(f"{path}:5:")


def test_nesting_within_the_limit_keeps_everything(tmp_path):
    items = "".join("  " * depth + f"- level {depth}\n" for depth in range(9))
    path = tmp_path / "sheet.md"
    path.write_text(f"# T\n\n## Deep\n\n{items}\n## After\n\nkept\n", encoding="utf-8")
    sheet = load_sheet(path)
    assert [s.title for s in sheet.sections][-1] == "After"
