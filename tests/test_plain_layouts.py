"""Page diagrams drawn the other ways LLMs draw them: plain ASCII (+---+, |), rows of
boxes inside one band, columns of small boxes, titles broken over two lines, and the
widths of the boxes a band is split into."""
from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from pilgi.errors import InputError
from pilgi.readers.ascii_layout import parse_ascii_layout
from pilgi.readers.diagram_block import find_layout_block
from pilgi.readers.drawn_boxes import AsciiBand
from pilgi.readers.band_ratios import parse_splits
from pilgi.readers.prompt_file import read_prompt_file


def diagram(text: str) -> list[AsciiBand]:
    return parse_ascii_layout(textwrap.dedent(text).strip("\n"))


def titles(bands: list[AsciiBand]) -> list[list[str]]:
    return [[cell.title for cell in band.cells] for band in bands]


# Drawn as a terminal shows it (Korean and emoji two columns wide): counted in characters,
# the walls of lines with wide glyphs stray from the corners above them.
PLAIN = """\
+==========================================================+
|  🍳 KITCHEN BASICS 🍳                                    |
+==========================================================+
|  +----------------+  +----------------+  +------------+  |
|  | 🔪 KNIFE       |  | 🔥 HEAT        |  | 🧂 SALT    |  |
|  | 칼은 날카롭게  |  | 팬 먼저 달군다 |  | 간은 나중  |  |
|  +----------------+  +----------------+  +------------+  |
|                                                          |
|  +-------+  +-----------------------------+  +--------+  |
|  | 🥚 EGG|  | ⚡ OMELETTE FLOW            |  | 🧈 FAT |  |
|  | 약불  |  | 풀기 -> 굽기 -> 접기        |  | 버터   |  |
|  |       |  |                             |  +--------+  |
|  |       |  |                             |  +--------+  |
|  |       |  |                             |  | 🌿 HERB|  |
|  +-------+  +-----------------------------+  +--------+  |
|                                                          |
|  +------------------------+  +------------------------+  |
|  | ✅ KEY                 |  | 📌 LLM-AS-A-           |  |
|  |   TAKEAWAYS            |  |   JUDGE                |  |
|  | 맛을 보며 간하기       |  | 순서 바꿔 두 번        |  |
|  +------------------------+  +------------------------+  |
+==========================================================+
"""


def test_a_plain_ascii_diagram_reads_like_a_box_drawing_one():
    found = find_layout_block("# Plan\n\n```\n" + PLAIN + "```\n")
    assert found is not None and found[1] == 4
    bands = parse_ascii_layout(found[0])
    assert titles(bands) == [["KITCHEN BASICS 🍳"], ["KNIFE", "HEAT", "SALT"], ["EGG", "OMELETTE FLOW", "FAT"],
                             ["KEY TAKEAWAYS", "LLM-AS-A-JUDGE"]]
    knife = bands[1].cells[0]
    assert knife.icon == "🔪" and knife.lines == ["칼은 날카롭게"]
    # The column of two small boxes is one cell: the first titles it, the second is a part.
    fat = bands[2].cells[2]
    assert fat.stacked and [part.title for part in fat.children] == ["", "HERB"]
    assert bands[2].cells[1].width > 2 * bands[2].cells[0].width  # as drawn


def test_text_lines_with_dashes_and_pipes_stay_text():
    bands = diagram(PLAIN)
    flow = bands[2].cells[1]
    assert flow.lines == ["풀기 -> 굽기 -> 접기"]


def test_a_band_split_is_read_from_the_ratio_rows():
    text = textwrap.dedent("""\
        ## 배치 비율
        | 영역 | 높이 | 가로 |
        |---|---|---|
        | 상단 | 10% | 타이틀 |
        | 중앙 | 40% | **좌 20% · 중앙 60% · 우 20%** |
        | 하단 | 30% | (35 : 35 : 30) |
        | 끝 | 20% | **3등분** |

        - 이 줄은 비율이 아니다 (50%)
        """)
    assert parse_splits(text) == [None, [20.0, 60.0, 20.0], [35.0, 35.0, 30.0], [1.0, 1.0, 1.0]]
    bullets = "**배치 비율**:\n- 상단 (10%): 타이틀\n- BAND 1 — A (40%) + B (60%): 90%\n"
    assert parse_splits(bullets) == [None, [40.0, 60.0]]
    assert parse_splits("# no ratios\n") is None


def prompt(diagram_text: str, ratios: str) -> str:
    return f"# Kitchen\n\n## Layout\n\n```\n{diagram_text}```\n\n## 배치 비율\n\n{ratios}\n"


def band_widths(text: str) -> list[list[float]]:
    sheet = read_prompt_file(text, "kitchen-cheatsheet-prompt.md")
    return [[cell["width"] for cell in band["cells"]] for band in sheet.layout_spec["bands"]]


def test_box_widths_follow_the_stated_split_else_a_clearly_uneven_drawing_else_even():
    stated = "- 상단: 10%\n- 위: 30% (2 : 1 : 1)\n- 가운데: 40%\n- 아래: 20% (2등분)\n"
    widths = band_widths(prompt(PLAIN, stated))
    assert widths[1] == [2.0, 1.0, 1.0]  # said, though drawn alike
    assert widths[2][1] > 2 * widths[2][0]  # drawn much wider, nothing said
    assert widths[3] == [1.0, 1.0]
    unstated = band_widths(prompt(PLAIN, "- 상단: 10%\n- 위: 30%\n- 가운데: 40%\n- 아래: 20%\n"))
    assert unstated[1] == [1.0, 1.0, 1.0]  # a few columns apart: drawn for the text, meant alike


def test_notes_on_the_ratios_and_drawing_styles_are_never_content():
    text = prompt(PLAIN, "| 영역 | 높이 |\n|---|---|\n| 상단 | 10% |\n| 위 | 30% |\n| 가운데 | 40% |\n| 아래 | 20% |\n\n"
                  "- 좌측 열의 도식은 **위에서 아래로 흐르는 세로형 다이어그램**으로\n"
                  "- 선택된 Expert 2개는 **형광펜(노란색) 강조**\n\n"
                  "#### 🔥 HEAT\n\n- 팬은 연기가 날 때까지 달군다\n"
                  "- 선택된 단계는 굵은 실선, 나머지는 점선\n- 온도는 흐름 옆에 작게 표시\n")
    sheet = read_prompt_file(text, "kitchen-cheatsheet-prompt.md")
    written = " ".join(str(block) for section in sheet.sections for block in section.blocks)
    assert "팬은 연기가 날 때까지 달군다" in written  # content after the ratios is read
    for said_to_the_drawer in ("세로형", "형광펜", "실선", "작게 표시"):
        assert said_to_the_drawer not in written


def test_a_ribbon_band_and_a_box_opening_with_a_chain_have_no_title_but_their_text():
    bands = diagram("""
        ┌──────────────────────────────────────────────┐
        │  🍳 KITCHEN BASICS                              │
        ├──────────────────────────────────────────────┤
        │ ⏳ 2020 불 ─ 2021 칼 ─ 2023 오븐 ─ 2024 에어프라이어 │
        ├──────────────────────────────────────────────┤
        │ ┌────────────────────────┐ ┌────────────────┐ │
        │ │ 재료 ──▶ 손질 ──▶ 조리   │ │ 🔪 KNIFE        │ │
        │ │ 순서를 지킨다           │ │ 날카롭게          │ │
        │ └────────────────────────┘ └────────────────┘ │
        └──────────────────────────────────────────────┘
    """)
    ribbon = bands[1]
    assert ribbon.heading == "" and ribbon.cells[0].title == ""
    assert ribbon.cells[0].lines[0].startswith("⏳ 2020 불")
    chain, knife = bands[2].cells
    assert chain.title == "" and chain.lines == ["재료 ──▶ 손질 ──▶ 조리", "순서를 지킨다"]
    assert knife.title == "KNIFE"


def test_a_title_broken_after_a_joining_word_is_one_title():
    page = textwrap.dedent("""\
        ┌──────────────────────────────────────┐
        │  🍳 KITCHEN BASICS &                   │
        │     BEGINNERS' TOOLS      [Week 1]     │
        ├──────────────────────────────────────┤
        │ ┌────────────────┐ ┌────────────────┐ │
        │ │ 🔪 KNIFE        │ │ 🔥 HEAT         │ │
        │ └────────────────┘ └────────────────┘ │
        └──────────────────────────────────────┘
        """)
    sheet = read_prompt_file(prompt(page, ""), "kitchen-cheatsheet-prompt.md")
    assert (sheet.title_icon, sheet.title, sheet.subtitle) == ("🍳", "KITCHEN BASICS & BEGINNERS' TOOLS [Week 1]", "")


def test_a_title_goes_on_one_line_at_most():
    bands = diagram("""
        ┌──────────────────────┐
        │ 🍳 KITCHEN            │
        ├──────────────────────┤
        │ ┌──────────────────┐ │
        │ │ 🧩 AGENT          │ │
        │ │ SURFACES         │ │
        │ │ README           │ │
        │ │ Issue            │ │
        │ └──────────────────┘ │
        └──────────────────────┘
    """)
    box = bands[1].cells[0]
    assert (box.title, box.lines) == ("AGENT SURFACES", ["README", "Issue"])


DASHES = """\
------------------------------------------
|  KITCHEN NOTES                         |
|----------------------------------------|
|  HEAT BAND                             |
| -------------------------------------- |
| | OMELETTE                           | |
| | whisk -> fry -> fold               | |
| | the policy pi(a|s) and its value   | |
| | V                                  | |
| -------------------------------------- |
|----------------------------------------|
| ------------------  ------------------ |
| | KNIFE          |  | SALT           | |
| | sharp          |  | late           | |
| ------------------  ------------------ |
------------------------------------------
"""


def test_boxes_drawn_with_dashes_and_pipes_alone_and_a_box_under_a_band_heading():
    bands = diagram(DASHES)
    assert titles(bands) == [["KITCHEN NOTES"], ["OMELETTE"], ["KNIFE", "SALT"]]
    assert bands[1].heading == "HEAT BAND"
    omelette = bands[1].cells[0]
    # A pipe inside text is text, and a lone capital V is a value, not an arrow head.
    assert omelette.lines == ["whisk -> fry -> fold", "the policy pi(a|s) and its value", "V"]


def test_a_drawn_band_of_two_rows_shares_its_stated_height_and_split():
    page = textwrap.dedent("""\
        ┌──────────────────────────────────────┐
        │  🍳 KITCHEN                           │
        ├──────────────────────────────────────┤
        │ ┌──────────┐ ┌─────────────────────┐ │
        │ │ 🔪 KNIFE  │ │ 🔥 HEAT              │ │
        │ └──────────┘ └─────────────────────┘ │
        │ ┌──────────┐ ┌─────────────────────┐ │
        │ │ 🧂 SALT   │ │ 🍳 PAN               │ │
        │ │          │ │                     │ │
        │ │          │ │                     │ │
        │ └──────────┘ └─────────────────────┘ │
        ├──────────────────────────────────────┤
        │ 📌 NOTES                              │
        └──────────────────────────────────────┘
        """)
    ratios = "- 상단: 10%\n- 가운데: 70% (30 : 70)\n- 아래: 20%\n"
    sheet = read_prompt_file(prompt(page, ratios), "kitchen-cheatsheet-prompt.md")
    bands = sheet.layout_spec["bands"]
    heights = [round(band["height"], 1) for band in bands]
    assert len(heights) == 4 and heights[0] == 10 and heights[3] == 20
    assert abs(heights[1] + heights[2] - 70) < 0.1 and heights[2] > heights[1]  # as tall as drawn
    assert [[cell["width"] for cell in band["cells"]] for band in bands[1:3]] == [[30.0, 70.0], [30.0, 70.0]]


GRID = """\
# Kitchen

## 레이아웃 그리드

| 띠 (높이) | 좌측 칸 (30%) | 중앙 칸 (40%) | 우측 칸 (30%) |
|---|---|---|---|
| **① 타이틀 (10%)** | 🍳 **KITCHEN BASICS** 🍳<br>부제: 칼과 불 | ⬅ 병합 | ⬅ 병합 |
| **② 기초 (30%)** | 🔪 **KNIFE**<br>• 항상 날카롭게 | 🔥 **HEAT (가장 넓게!)**<br>• 팬을 먼저 | 🧂 **SALT**<br>• 나중에 |
| **③ 흐름 (60%)** | ⚡ **OMELETTE FLOW (3칸 전체 병합)**<br>풀기 → 굽기 → 접기 | ⬅ 병합 | ⬅ 병합 |

| 표 | 아님 |
|---|---|
| 이 표는 | 내용이다 |
"""


def test_a_table_of_bands_is_the_page_grid():
    sheet = read_prompt_file(GRID, "kitchen-cheatsheet-prompt.md")
    assert (sheet.title_icon, sheet.title) == ("🍳", "KITCHEN BASICS")
    bands = sheet.layout_spec["bands"]
    assert [round(band["height"]) for band in bands] == [10, 30, 60]
    assert [[cell["width"] for cell in band["cells"]] for band in bands[1:]] == [[30.0, 40.0, 30.0], [100.0]]
    titles = [section.title for section in sheet.sections]
    assert titles == ["KNIFE", "HEAT", "SALT", "OMELETTE FLOW"]  # hints ("가장 넓게!", "…병합") left out
    written = " ".join(str(block) for section in sheet.sections for block in section.blocks)
    assert "항상 날카롭게" in written and "내용이다" in written  # a table that is no grid is content


_PLAIN_DRAWING = st.sampled_from(["+", "-", "=", "|", " ", " ", "가", "a", "v", "\n", "+---+", "|  |", "\n|"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PLAIN_DRAWING, max_size=300).map("".join))
def test_any_plain_drawing_reads_or_is_refused(text):
    page = "+----------+\n" + text + "\n+----------+\n"
    found = find_layout_block(page)
    if found is None:
        return
    try:
        bands = parse_ascii_layout(found[0])
    except InputError:
        return
    assert all(isinstance(band, AsciiBand) and band.cells for band in bands)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PLAIN_DRAWING, max_size=200).map("".join),
       st.sampled_from(["", "- 상단: 10%\n- 가운데: 90% (30 : 70)\n", "| 띠 | 10% |\n|---|---|\n| 가 | 90% |\n"]))
def test_any_plain_page_makes_a_page_or_a_clear_error(text, ratios):
    try:
        sheet = read_prompt_file(prompt("+----------+\n" + text + "\n+----------+\n", ratios),
                                 "kitchen-cheatsheet-prompt.md")
    except InputError as error:
        assert error.message and "\n" not in error.message
        return
    assert sheet.layout_spec is None or all(band["cells"] for band in sheet.layout_spec["bands"])


ROWS = """\
┌─ 🍳 KITCHEN NOTES ─────────────────────┐
│  칼과 불의 기초                          │
└────────────────────────────────────────┘
┌─ 🔪 KNIFE ─────────┐ ┌─ 🔥 HEAT ─────────┐
│ 날카롭게            │ │ 팬 먼저            │
└────────────────────┘ └───────────────────┘
┌─ ⚡ FLOW ──────────────────────────────┐
│ 풀기 → 굽기 → 접기                       │
└────────────────────────────────────────┘
"""


def test_rows_of_boxes_with_their_titles_in_the_top_edge_and_no_outer_box():
    found = find_layout_block("# Kitchen\n\n```\n" + ROWS + "```\n")
    assert found is not None and found[1] == 4
    bands = parse_ascii_layout(found[0])
    assert [[(cell.icon, cell.title) for cell in band.cells] for band in bands] == [
        [("🍳", "KITCHEN NOTES")], [("🔪", "KNIFE"), ("🔥", "HEAT")], [("⚡", "FLOW")]]
    assert bands[1].cells[0].lines == ["날카롭게"] and bands[2].cells[0].lines == ["풀기 → 굽기 → 접기"]
    assert find_layout_block("```\n" + "\n".join(ROWS.split("\n")[:3]) + "\n```\n") is None  # one box: no page
