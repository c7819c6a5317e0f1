"""Box diagrams drawn in ways pilgi had not seen: untitled columns of boxes, labelled bands,
tables drawn with ``┬``/``┴``, layout remarks in titles. Never an empty heading, never a label
on the page."""
from __future__ import annotations

import re
import textwrap
from dataclasses import replace

from pilgi.lexicon import is_layout_hint
from pilgi.page import fit_page
from pilgi.readers.ascii_layout import parse_ascii_layout
from pilgi.readers.band_ratios import parse_ratios
from pilgi.readers.prompt_file import read_prompt_file

from .conftest import write

COLUMNS = """\
╔════════════════════════════════════════════════════╗
║  🍞 빵 굽기 노트                                     ║
╠═══════════════════════════╦════════════════════════╣
║ ┌───────────────────────┐ ║ ┌────────────────────┐ ║
║ │ ⚡ 반죽 비교 (가장 크게!) │ ║ │ 📖 WHAT IS LEVAIN? │ ║
║ │ 손반죽 vs 기계반죽       │ ║ │ 천연 발효종          │ ║
║ │ 글루텐 형성 차이         │ ║ └────────────────────┘ ║
║ │                       │ ║ ┌────────────────────┐ ║
║ │                       │ ║ │ 🧪 3 FLOURS        │ ║
║ │                       │ ║ │ 강력분 / 중력분      │ ║
║ │                       │ ║ └────────────────────┘ ║
║ │                       │ ║ ┌────────────────────┐ ║
║ │                       │ ║ │ 🎓 TAKEAWAYS       │ ║
║ │                       │ ║ │ 온도가 전부          │ ║
║ └───────────────────────┘ ║ └────────────────────┘ ║
╚═══════════════════════════╩════════════════════════╝
"""

BANDS = """\
┌──────────────────────────────────────────────────────┐
│          🍞 BREAD NOTES                                │
╞══════════════════════════════════════════════════════╡
│ [BAND 1] 기초                                          │
│ ┌────────────────┐ ┌────────────────┐ ┌─────────────┐│
│ │ 🧭 LEVAIN       │ │ 📏 HYDRATION    │ │ ✅ TOOLS    ││
│ │ 천연 발효종      │ │ 70% 기준        │ │ [ ] 저울    ││
│ │ (2D 점 그림 ✨)  │ │                │ │             ││
│ └────────────────┘ └────────────────┘ └─────────────┘│
╞══════════════════════════════════════════════════════╡
│ [BAND 2] 🛠️ STEPS (가장 넓게!)                          │
│ ┌──────────────────────────────────────────────────┐ │
│ │ ① 반죽 → ② 발효 → ③ 굽기                            │ │
│ └──────────────────────────────────────────────────┘ │
╞══════════════════════════════════════════════════════╡
│ [BAND 3] ⚖️ 밀가루 비교                                  │
│ ┌──────────────┬───────────────┬───────────────────┐ │
│ │              │ 🌾 강력분      │ 🍰 박력분           │ │
│ │ 단백질        │ 12~14%        │ 7~9%              │ │
│ │ 쓰임          │ 식빵           │ 케이크             │ │
│ └──────────────┴───────────────┴───────────────────┘ │
╞══════════════════════════════════════════════════════╡
│ [BAND 4]                                               │
│ ┌──────────────────────────────────────────────────┐ │
│ │ 🎓 TAKEAWAYS                                       │ │
│ │ 온도와 시간                                         │ │
│ └──────────────────────────────────────────────────┘ │
└──────────────────────────────────────────────────────┘

**배치 비율**:
- 타이틀: 10%
- BAND 1 — 기초: 20%
- BAND 2 — Steps: 35%
- BAND 3 — 강력분 (50%) + 박력분 (50%): 20%
- BAND 4: 15%
"""


def _prompt(diagram: str) -> str:
    return textwrap.dedent("""\
        # 나노바나나 치트시트 프롬프트: Bread

        ## Source Text

        Bulk fermentation takes 4 to 6 hours at 24 degrees.

        ## Layout

        ```
        """) + diagram + "```\n"


def _headings(brief: str) -> list[str]:
    return re.findall(r"^### \d+\. `## (.*)`$", brief, re.MULTILINE)


def test_untitled_columns_take_their_boxes_titles():
    bands = parse_ascii_layout(COLUMNS)
    left, right = bands[1].cells
    assert (left.icon, left.title) == ("⚡", "반죽 비교")
    assert left.lines == ["손반죽 vs 기계반죽", "글루텐 형성 차이"]
    assert (right.icon, right.title) == ("📖", "WHAT IS LEVAIN?")
    assert right.stacked
    assert [(child.icon, child.title) for child in right.children] == [("", ""), ("🧪", "3 FLOURS"),
                                                                       ("🎓", "TAKEAWAYS")]
    assert right.children[0].lines == ["천연 발효종"]


def test_each_box_of_a_column_of_boxes_is_a_box_of_the_page(cli, tmp_path):
    prompt = write(tmp_path, "bread-cheatsheet-prompt.md", _prompt(COLUMNS))
    code, brief, err = cli("brief", prompt)
    assert code == 0, err
    assert _headings(brief) == ["⚡ 반죽 비교", "📖 WHAT IS LEVAIN?", "🧪 3 FLOURS", "🎓 TAKEAWAYS"]
    sheet = read_prompt_file(prompt.read_text(), prompt)
    left, right = sheet.layout_spec["bands"][1]["cells"]
    assert "slot" in left and [part["slot"] for part in right["stack"]] == ["b1c1r0", "b1c1r1", "b1c1r2"]
    page = fit_page(replace(sheet, sections=[]), draw=False)
    boxes = {region.name: region.rect for region in page.regions}
    column = [boxes[part["slot"]] for part in right["stack"]]
    assert all(a.bottom <= b.y for a, b in zip(column, column[1:]))  # one above another
    assert all(abs(r.x - column[0].x) < 1 and abs(r.w - column[0].w) < 1 for r in column)
    assert boxes["b1c0"].h > 2.5 * column[0].h  # the tall box beside them spans the band


def test_band_labels_are_not_titles_and_a_drawn_table_is_content():
    bands = parse_ascii_layout(BANDS)
    assert [band.heading for band in bands[1:]] == ["기초", "STEPS", "밀가루 비교", ""]
    assert bands[2].heading_icon == "🛠️" and bands[2].hints == ["가장 넓게!"]
    levain = bands[1].cells[0]
    assert levain.lines == ["천연 발효종"]  # the drawing instruction is a hint
    (table,) = bands[3].cells
    assert table.children == []
    assert table.lines == [" │ 🌾 강력분 │ 🍰 박력분", "단백질 │ 12~14% │ 7~9%", "쓰임 │ 식빵 │ 케이크"]


def test_a_band_ratio_after_the_colon_wins_over_the_cells_shares_in_its_label():
    assert parse_ratios(BANDS) == [10.0, 20.0, 35.0, 20.0, 15.0]


def test_the_brief_of_labelled_bands(cli, tmp_path):
    code, brief, err = cli("brief", write(tmp_path, "bread-cheatsheet-prompt.md", _prompt(BANDS)))
    assert code == 0, err
    assert _headings(brief) == ["🧭 LEVAIN", "📏 HYDRATION", "✅ TOOLS", "🛠️ STEPS", "⚖️ 밀가루 비교",
                                "🎓 TAKEAWAYS"]
    assert "BAND" not in "".join(_headings(brief))


def test_the_prompt_route_draws_the_drawn_table_as_a_table(cli, tmp_path):
    prompt = write(tmp_path, "bread-cheatsheet-prompt.md", _prompt(BANDS))
    report = tmp_path / "r.json"
    code, _, err = cli("render", prompt, "-o", tmp_path / "out", "--report", report, "--allow-unplaced")
    assert code == 0, err
    text = report.read_text(encoding="utf-8")
    assert "BAND" not in text and "그림" not in text
    assert "강력분" in text and "12~14%" in text


def test_layout_remarks_in_korean_and_english_are_hints():
    for remark in ("얇은 띠, 전체 너비", "세로 전체!", "가로 2등분", "좌/우 배치", "full width strip", "wide",
                   "narrow column", "2D 점 그림"):
        assert is_layout_hint(remark), remark
    for remark in ("worldwide", "2022", "exact", "기본", "Wei et al."):
        assert not is_layout_hint(remark), remark


PLAN = """\
## 1. 🧭 Pipeline
- 반죽 → 발효 → 굽기
- 각 단계 아래에 한 단어 라벨: mix / rise / bake
- 굽기 박스에 "지금 여기!" 표시

## 2. 💬 Insights
각 행 아래에 짧은 인용문(Quote) 손글씨 말풍선으로:

- Blockquotes (영어 원문 + 한국어 의역):
  > "Bread is patience made edible."
  > → 빵은 먹을 수 있는 인내
- Quotes:
  > "Flour, water, salt, time." → 재료는 네 가지
  > "Heat finishes what time began." → 굽기는 마무리

"""

SMALL = """\
┌──────────────────────────────────────────────┐
│  🍞 BREAD                                      │
├──────────────────────────────────────────────┤
│ ┌────────────────────┐ ┌───────────────────┐ │
│ │ 🧭 PIPELINE          │ │ 💬 INSIGHTS        │ │
│ └────────────────────┘ └───────────────────┘ │
└──────────────────────────────────────────────┘
"""


def test_drawer_instructions_format_labels_and_quote_glosses_never_reach_the_page(cli, tmp_path):
    text = _prompt(SMALL).replace("## Layout", "# Output Structure Plan\n\n" + PLAN + "## Layout")
    prompt = write(tmp_path, "bread-cheatsheet-prompt.md", text)
    report = tmp_path / "r.json"
    code, _, err = cli("render", prompt, "-o", tmp_path / "out", "--report", report, "--allow-unplaced")
    assert code == 0, err
    texts = " ".join(item["text"] for item in __import__("json").loads(report.read_text("utf-8"))["texts"])
    for leaked in ("라벨", "표시", "말풍선", "Blockquotes", "Quotes", "→ 빵은", '“"', '""'):
        assert leaked not in texts, leaked
    for kept in ("Bread is patience made edible.", "빵은 먹을 수 있는 인내", "Flour, water, salt, time.",
                 "재료는 네 가지", "굽기는 마무리"):
        assert kept in texts, kept


def test_an_arrow_line_glosses_the_quote_above_it_but_stays_in_a_callout(cli, tmp_path):
    sheet = write(tmp_path, "bread.md", textwrap.dedent("""\
        # 🍞 Bread

        ## 💬 Quotes

        > "Bread is patience made edible."
        > → 빵은 먹을 수 있는 인내

        ## 📌 Story

        > **제빵사의 논쟁**
        >
        > - A: "내가 먼저"
        > - B: "아니, 내가 먼저"
        > → 우호적 경쟁
        """))
    report = tmp_path / "r.json"
    code, _, err = cli("render", sheet, "-o", tmp_path / "out", "--report", report)
    assert code == 0, err
    texts = " ".join(item["text"] for item in __import__("json").loads(report.read_text("utf-8"))["texts"])
    assert "“Bread is patience made edible.”" in texts and "→ 빵은" not in texts
    assert "→ 우호적 경쟁" in texts
