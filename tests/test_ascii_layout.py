"""Reading the ASCII page diagram and band ratios of cheat sheet prompts.

The fixtures are hand-drawn the way an LLM draws them: Korean and emoji are two
columns wide, so right borders wander by a few columns from line to line.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pilgi.errors import InputError
from pilgi.readers.ascii_layout import parse_ascii_layout
from pilgi.readers.diagram_block import find_layout_block
from pilgi.readers.drawn_boxes import AsciiBand, strip_hints
from pilgi.readers.band_ratios import parse_ratios

SHARED = Path("/work/shared")


def diagram(text: str) -> list[AsciiBand]:
    return parse_ascii_layout(textwrap.dedent(text).strip("\n"))


def titles(band: AsciiBand) -> list[str]:
    return [cell.title for cell in band.cells]


# --------------------------------------------------------------------------- a whole page

GARDEN_PROMPT = """\
# Role
You draw a gardening cheat sheet.

## Layout

```
┌──────────────────────────────────────────────────────────┐
│  🌱 KITCHEN GARDEN CHEAT SHEET 🌱                         │
├──────────────────────────────────────────────────────────┤
│  ┌──────────────────────┐   ┌──────────────────────────┐ │
│  │ 🍅 토마토 기르기      │   │ 🥕 당근 기르기 (우측 상단) │ │
│  │  햇빛 6시간 이상      │   │  깊은 흙, 솎아주기         │ │
│  │  지지대 필수         │   │                          │ │
│  └──────────────────────┘   └──────────────────────────┘ │
├──────────────────────────────────────────────────────────┤
│  ⚡ SEASON FLOW (이 섹션이 가장 넓어야 함!)                  │
│  ┌────────────────────────────────────────────────────┐  │
│  │  Soil → Seed → Sprout 순서로 진행                    │  │
│  │  ┌──────────┐    ┌──────────┐    ┌──────────┐      │  │
│  │  │ 🌰 파종   │───▶│ 🌿 육묘   │ ──▶│ 🧺 수확   │     │  │
│  │  │ 3월       │    │ 4월      │    │ 7월       │     │  │
│  │  └──────────┘    └──────────┘    └──────────┘      │  │
│  └────────────────────────────────────────────────────┘  │
├──────────────────────────────────────────────────────────┤
│  ┌────────────────┐ ┌────────────────┐ ┌────────────────┐│
│  │ 💧 물주기       │ │ 🐛 해충         │ │ 📌 요약         ││
│  │ 아침에 흠뻑     │ │ 잡기 → 버리기   │ │ 흙이 먼저       ││
│  └────────────────┘ └────────────────┘ └────────────────┘│
└──────────────────────────────────────────────────────────┘
```

## 배치 비율

| 영역 | 비율 | 내용 | 배치 |
|------|------|------|------|
| 상단 | 10% | 타이틀 | 전체 너비 |
| 중상단 | 20~25% | 토마토 + 당근 | **좌우 2등분** |
| 중앙 | 45% | Season Flow | **가장 넓게!** |
| 하단 | 22.5% | 물주기 + 해충 + 요약 | **3등분** |
"""


def test_whole_page_bands_cells_and_children():
    block, line = find_layout_block(GARDEN_PROMPT)
    assert line == 7
    assert block.startswith("┌") and block.endswith("┘")
    bands = parse_ascii_layout(block, "garden.md", line)

    assert [len(band.cells) for band in bands] == [1, 2, 1, 3]
    title, pair, flow, bottom = bands
    assert (title.heading_icon, title.heading) == ("🌱", "KITCHEN GARDEN CHEAT SHEET 🌱")
    assert titles(title) == ["KITCHEN GARDEN CHEAT SHEET 🌱"]

    assert titles(pair) == ["토마토 기르기", "당근 기르기"]
    assert [cell.icon for cell in pair.cells] == ["🍅", "🥕"]
    assert pair.cells[0].lines == ["햇빛 6시간 이상", "지지대 필수"]
    assert pair.cells[1].lines == ["깊은 흙, 솎아주기"]
    assert pair.cells[1].hints == ["우측 상단"]
    assert pair.heading == ""

    assert (flow.heading_icon, flow.heading) == ("⚡", "SEASON FLOW")
    assert flow.hints == ["이 섹션이 가장 넓어야 함!"]
    center = flow.cells[0]
    # A first line chaining steps with arrows is a caption, not a heading; its arrows are
    # running text, not arrows between the boxes.
    assert center.title == "" and center.lines[0] == "Soil → Seed → Sprout 순서로 진행"
    assert [(child.icon, child.title, child.lines) for child in center.children] == [
        ("🌰", "파종", ["3월"]), ("🌿", "육묘", ["4월"]), ("🧺", "수확", ["7월"])]
    assert center.arrows == [(0, 1, "→"), (1, 2, "→")]

    assert titles(bottom) == ["물주기", "해충", "요약"]
    assert bottom.cells[1].lines == ["잡기 → 버리기"]
    assert bottom.cells[1].arrows == []

    assert parse_ratios(GARDEN_PROMPT) == [10.0, 22.5, 45.0, 22.5]



@pytest.mark.parametrize("style", [
    str.maketrans("┌┐└┘├┤│─", "╔╗╚╝╠╣║═"),  # double lines
    str.maketrans("┌┐└┘├┤│─", "┏┓┗┛┣┫┃━"),  # heavy lines
    str.maketrans("├┤", "╞╡"),  # double band rules in a light frame
])
def test_double_and_heavy_lines_read_as_light_ones(style):
    light_block, _ = find_layout_block(GARDEN_PROMPT)
    block, line = find_layout_block(GARDEN_PROMPT.translate(style))
    assert line == 7
    assert block == light_block
    light = parse_ascii_layout(light_block)
    drawn = parse_ascii_layout(block)
    assert [titles(band) for band in drawn] == [titles(band) for band in light]
    assert [[c.lines for c in band.cells] for band in drawn] == [
        [c.lines for c in band.cells] for band in light]


# --------------------------------------------------------------------------- drift

def test_right_borders_drifting_by_one_to_four_columns():
    bands = diagram("""
        ┌────────────────────────────────────────────┐
        │ 🍳 BRUNCH NOTES                               │
        ├────────────────────────────────────────────┤
        │ ┌──────────────────┐  ┌──────────────────┐ │
        │ │ 🥚 달걀 삶기       │  │ 🥞 팬케이크        │   │
        │ │ 찬물에서 시작      │  │ 반죽은 살짝만 섞기 │ │
        │ │ 7분 = 반숙 │    │ 🔥 중약불          │  │
        │ │ 🧂 소금 한 꼬집       │  │ 버터 🧈 마지막에 │ │
        │ └──────────────────┘  └──────────────────┘ │
        └────────────────────────────────────────────┘
    """)
    assert [len(band.cells) for band in bands] == [1, 2]
    eggs, pancakes = bands[1].cells
    assert (eggs.icon, eggs.title) == ("🥚", "달걀 삶기")
    assert eggs.lines == ["찬물에서 시작", "7분 = 반숙", "🧂 소금 한 꼬집"]
    assert (pancakes.icon, pancakes.title) == ("🥞", "팬케이크")
    assert pancakes.lines == ["반죽은 살짝만 섞기", "🔥 중약불", "버터 🧈 마지막에"]


def test_missing_inner_right_border_keeps_text_in_its_box():
    bands = diagram("""
        ┌────────────────────────────────────────────┐
        │ ┌──────────────────┐  ┌──────────────────┐ │
        │ │ 🥗 샐러드         │  │ 🍲 수프           │ │
        │ │ 잎채소 물기 빼기        │ 약불로 끓이기     │ │
        │ │ 드레싱은 먹기 직전 │  │ 간은 마지막        │
        │ └──────────────────┘  └──────────────────┘ │
        └────────────────────────────────────────────┘
    """)
    salad, soup = bands[0].cells
    assert salad.lines == ["잎채소 물기 빼기", "드레싱은 먹기 직전"]
    assert soup.lines == ["약불로 끓이기", "간은 마지막"]


def test_table_rule_inside_a_box_is_text_not_a_wall():
    bands = diagram("""
        ┌───────────────────────────────────────┐
        │ ┌─────────────────┐ ┌───────────────┐ │
        │ │ 🔪 칼 비교       │ │ 📌 팁          │ │
        │ │ 식도  │ 과도     │ │ 칼은 젖은 채로 │ │
        │ │ ──────┼───────  │ │ 두지 않기      │ │
        │ │ 큰 재료 │ 작은 재료 │ │               │ │
        │ └─────────────────┘ └───────────────┘ │
        └───────────────────────────────────────┘
    """)
    knives, tips = bands[0].cells
    assert knives.lines == ["식도 │ 과도", "큰 재료 │ 작은 재료"]
    assert tips.lines == ["칼은 젖은 채로", "두지 않기"]


# --------------------------------------------------------------------------- arrows

def test_vertical_arrows_between_stacked_boxes():
    bands = diagram("""
        ┌──────────────────────────────────┐
        │ ┌──────────────────────────────┐ │
        │ │ 🍞 BREAD STEPS                │ │
        │ │  ┌──────────────┐            │ │
        │ │  │ 반죽하기      │            │ │
        │ │  └──────┬───────┘            │ │
        │ │         ▼                    │ │
        │ │  ┌──────┴───────┐            │ │
        │ │  │ 발효 1시간     │           │ │
        │ │  └──────────────┘            │ │
        │ │         ↓                    │ │
        │ │  ┌──────────────┐            │ │
        │ │  │ 굽기 200°C   │             │ │
        │ │  └──────────────┘            │ │
        │ │         ↑                    │ │
        │ │  ┌──────────────┐            │ │
        │ │  │ 오븐 예열      │           │ │
        │ │  └──────────────┘            │ │
        │ └──────────────────────────────┘ │
        └──────────────────────────────────┘
    """)
    steps = bands[0].cells[0]
    assert (steps.icon, steps.title) == ("🍞", "BREAD STEPS")
    assert [child.title for child in steps.children] == ["반죽하기", "발효 1시간", "굽기 200°C", "오븐 예열"]
    assert steps.arrows == [(0, 1, "↓"), (1, 2, "↓"), (3, 2, "↑")]
    assert steps.lines == []  # arrow-only lines are drawing, not text


def test_a_vertical_arrow_joins_only_the_boxes_above_and_below_its_column():
    # The ↑ ends a loop drawn down the left side, under "초안 작성": it must not tie "검토
    # 요청" (closed on the same line, further right) to "최종 승인" (opened below it).
    bands = diagram("""
        ┌──────────────────────────────────────────────────────┐
        │ ┌──────────────────────────────────────────────────┐ │
        │ │ 🔁 REVIEW LOOP                                    │ │
        │ │ ┌────────────────┐     ┌────────────────┐        │ │
        │ │ │ 초안 작성       │────▶│ 검토 요청       │        │ │
        │ │ └────────────────┘     └───────┬────────┘        │ │
        │ │        ↑                       │                 │ │
        │ │        │                       ▼                 │ │
        │ │        │               ┌────────────────┐        │ │
        │ │        │               │ 최종 승인       │        │ │
        │ │        │               └────────────────┘        │ │
        │ └──────────────────────────────────────────────────┘ │
        └──────────────────────────────────────────────────────┘
    """)
    loop = bands[0].cells[0]
    assert [child.title for child in loop.children] == ["초안 작성", "검토 요청", "최종 승인"]
    assert loop.arrows == [(0, 1, "→"), (1, 2, "↓")]


def test_text_between_stacked_boxes_breaks_the_arrow():
    bands = diagram("""
        ┌──────────────────────┐
        │ ┌──────┐             │
        │ │ 씻기  │             │
        │ └──────┘             │
        │  ↓ 물기 제거 후        │
        │ ┌──────┐             │
        │ │ 썰기  │             │
        │ └──────┘             │
        └──────────────────────┘
    """)
    band = bands[0]
    assert titles(band) == ["씻기", "썰기"]
    assert band.heading == "↓ 물기 제거 후"


def test_horizontal_arrows_between_side_by_side_boxes():
    bands = diagram("""
        ┌─────────────────────────────────────────────┐
        │ ┌─────────────────────────────────────────┐ │
        │ │ ┌───────┐     ┌───────┐     ┌───────┐   │ │
        │ │ │ 씻기   │ ──▶ │ 썰기   │ ◀── │ 재우기 │   │ │
        │ │ │       │ --> │       │     │       │    │ │
        │ │ └───────┘     └───────┘     └───────┘   │ │
        │ │ 양파 → 마늘 → 고기 순서                   │ │
        │ └─────────────────────────────────────────┘ │
        └─────────────────────────────────────────────┘
    """)
    prep = bands[0].cells[0]
    assert prep.title == ""  # the box opens with boxes, not with a title line
    assert [child.title for child in prep.children] == ["씻기", "썰기", "재우기"]
    assert prep.arrows == [(0, 1, "→"), (2, 1, "←")]
    assert prep.lines == ["양파 → 마늘 → 고기 순서"]


# --------------------------------------------------------------------------- odd drawings

def test_boxes_of_different_heights_side_by_side():
    bands = diagram("""
        ┌──────────────────────────────────────┐
        │ ┌──────────────┐  ┌────────────────┐ │
        │ │ 🧅 양파       │  │ 🧄 마늘         │ │
        │ │ 갈색까지      │  │ 편 썰기         │ │
        │ └──────────────┘  │ 약불 필수       │ │
        │                   │ 타면 쓴맛       │ │
        │                   │ 마지막에 넣기    │ │
        │                   └────────────────┘ │
        └──────────────────────────────────────┘
    """)
    onion, garlic = bands[0].cells
    assert onion.lines == ["갈색까지"]
    assert garlic.lines == ["편 썰기", "약불 필수", "타면 쓴맛", "마지막에 넣기"]
    assert bands[0].heading == ""


def test_missing_bottom_line_closes_the_box_where_its_walls_stop():
    bands = diagram("""
        ┌────────────────────────────┐
        │ ┌──────────┐               │
        │ │ 🥣 반죽    │               │
        │ 휴지 30분 필수                │
        │ ┌──────────┐               │
        │ │ 🍪 굽기    │               │
        ├────────────────────────────┤
        │ 끝                          │
        └────────────────────────────┘
    """)
    assert [len(band.cells) for band in bands] == [2, 1]
    assert titles(bands[0]) == ["반죽", "굽기"]
    assert bands[0].heading == "휴지 30분 필수"
    assert bands[1].heading == "끝"


def test_shifted_bottom_line_and_box_never_closed():
    bands = diagram("""
        ┌─────────────────────────┐
        │ ┌──────────┐ ┌────────┐ │
        │ │ 🍋 레몬   │ │ 🍯 꿀   │ │
        │ │ 즙만      │ │ 한 스푼  │ │
        │   └──────────┘ │ 섞기  │ │
        │                └──────┘ │
        ├─────────────────────────┤
        │ ┌──────────┐            │
        │ │ 🫖 차     │            │
    """)
    assert [titles(band) for band in bands] == [["레몬", "꿀"], ["차"]]
    assert bands[0].cells[1].lines == ["한 스푼", "섞기"]


def test_empty_cell_and_junction_dividers():
    bands = diagram("""
        ┌─────────────────────────────┐
        │ 🧂 SEASONING                 │
        ├──────────────┬──────────────┤
        │ 🌞 여름        │ ❄️ 겨울        │
        │ 오이 냉국      │ 무 조림        │
        ├──────────────┴──────────────┤
        │ ┌──────────┐ ┌────────────┐ │
        │ │          │ │ 🌶️ 고춧가루  │ │
        │ └──────────┘ └────────────┘ │
        └─────────────────────────────┘
    """)
    assert [len(band.cells) for band in bands] == [1, 2, 2]
    summer, winter = bands[1].cells
    assert (summer.icon, summer.title, summer.lines) == ("🌞", "여름", ["오이 냉국"])
    assert (winter.icon, winter.title, winter.lines) == ("❄️", "겨울", ["무 조림"])
    empty, chili = bands[2].cells
    assert (empty.title, empty.icon, empty.lines, empty.children) == ("", "", [], [])
    assert (chili.icon, chili.title) == ("🌶️", "고춧가루")


def test_block_must_start_with_the_outer_box():
    with pytest.raises(InputError) as caught:
        parse_ascii_layout("│ 제목 │\n└────┘", where="menu.md", first_line=12)
    assert caught.value.where == "menu.md:12"
    with pytest.raises(InputError):
        parse_ascii_layout("   \n\n")


# --------------------------------------------------------------------------- hints

def test_strip_hints_removes_placement_remarks_only():
    assert strip_hints("⚡ SAUCE FLOW (이 섹션이 가장 넓어야 함!)") == ("⚡ SAUCE FLOW", ["이 섹션이 가장 넓어야 함!"])
    assert strip_hints("🥘 찌개 (좌측 상단)") == ("🥘 찌개", ["좌측 상단"])
    assert strip_hints("Stock + Sauce **좌우 2등분**") == ("Stock + Sauce", ["좌우 2등분"])
    assert strip_hints("FLOW - (핵심!)") == ("FLOW", ["핵심!"])
    assert strip_hints("Oven (Large) **hot**") == ("Oven (Large) **hot**", [])
    assert strip_hints("Pot （하단 중앙） **3등분**") == ("Pot", ["하단 중앙", "3등분"])


# --------------------------------------------------------------------------- ratios

def test_ratios_from_a_table():
    text = """
## 배치 비율

| 영역 | 비율 | 내용 |
|------|------|------|
| 상단 | 15% | 타이틀 |
| 중앙 | **50%** | 메인 |
| 하단 | 35 % | 요약 |

| other | 99% |
"""
    assert parse_ratios(text) == [15.0, 50.0, 35.0]


def test_ratios_from_bullets_with_ranges_resolved_to_the_midpoint():
    text = """
**배치 비율**:
- **상단 (10~15%)**: 타이틀
- 중상단 (20%): 재료 두 칸 (좌우 분할)
  - 재료는 30% 정도만 보이게
- 중앙 (40-45%): 조리 순서 (가장 넓게!)
- 하단: 20% 요약

- 나중 (50%): 다른 목록
"""
    assert parse_ratios(text) == [12.5, 20.0, 42.5, 20.0]


def test_missing_ratios_give_none():
    assert parse_ratios("# Soup\n\n- 물 (80%): 육수\n") is None  # no 배치 비율 marker
    assert parse_ratios("## 배치 비율\n\n자유롭게 배치해주세요.\n\n## 다음\n- 상단 (10%): x\n") is None
    assert parse_ratios("") is None


def test_impossible_ratio_is_an_input_error():
    with pytest.raises(InputError):
        parse_ratios("## 배치 비율\n- 상단 (0%): 타이틀\n")
    with pytest.raises(InputError):
        parse_ratios("## 배치 비율\n| 상단 | 150% |\n")


# --------------------------------------------------------------------------- block finding

def test_find_layout_block_without_a_diagram():
    assert find_layout_block("# Pasta\n\nBoil water, salt it, cook 9 minutes.\n") is None
    assert find_layout_block("") is None


def test_find_layout_block_skips_plain_boxes_and_ignores_fences():
    text = "intro\n┌──────┐\n│ note │\n└──────┘\n\n┌────┐\n│ a  │\n├────┤\n│ b  │\n└────┘\ntail\n"
    block, line = find_layout_block(text)
    assert line == 6
    assert block.splitlines()[0] == "┌────┐" and block.splitlines()[-1] == "└────┘"
    assert [band.heading for band in parse_ascii_layout(block)] == ["a", "b"]


def test_find_layout_block_ends_an_unclosed_diagram_at_prose():
    text = "┌──────┐\n│ ┌──┐ │\n│ │x │ │\nplain prose\n"
    block, line = find_layout_block(text)
    assert (line, len(block.splitlines())) == (1, 3)
    assert titles(parse_ascii_layout(block)[0]) == ["x"]


# --------------------------------------------------------------------------- real prompts

def real_prompts() -> list[Path]:
    seed = SHARED / "seed"
    if not seed.is_dir():
        return []
    return sorted(seed.glob("*cheatsheet-prompt.md")) + sorted((SHARED / "corpus").glob("*.md"))


def test_real_prompts_parse_into_bands_matching_their_ratios():
    paths = real_prompts()
    if not paths:
        pytest.skip("no /work/shared/seed on this machine")
    parsed = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        found = find_layout_block(text)
        if found is None:
            continue
        block, line = found
        bands = parse_ascii_layout(block, str(path), line)
        ratios = parse_ratios(text)
        if ratios is not None:
            assert len(bands) == len(ratios), path.name
        assert all(band.cells for band in bands), path.name
        parsed += 1
    assert parsed >= 1


# --------------------------------------------------------------------------- fuzz

_DRAWING = st.sampled_from(list("┌┐└┘├┤┬┴┼──││  ") + ["\n", "가", "맛", "🍅", "⚙️", "→", "↓", "▼", "(상단)"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_DRAWING, max_size=300).map("".join), st.booleans())
def test_any_drawing_parses_or_raises_input_error(text, framed):
    block = "┌────────┐\n" + text if framed else text
    try:
        bands = parse_ascii_layout(block)
    except InputError:
        return
    assert isinstance(bands, list)
    assert all(isinstance(band, AsciiBand) and band.cells for band in bands)
