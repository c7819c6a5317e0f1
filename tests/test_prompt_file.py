"""The prompt-file reader: layout from the box diagram, content from the plan, never the rest."""
from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pilgi import model as m
from pilgi.check import problems
from pilgi.errors import InputError
from pilgi.load import load_sheet
from pilgi.page import fit_page
from pilgi.readers.ascii_layout import parse_ascii_layout
from pilgi.readers.diagram_block import find_layout_block
from pilgi.readers.prompt_file import read_prompt_file
from pilgi.readers.prompt_parts import page_plan, read_prompt_parts

from .conftest import SHARED

# A prompt as the pipeline writes one, on a topic of our own. The borders drift where
# Korean and emoji take two columns; the source text holds words that must never show.
SOURDOUGH = """\
# Role Definition
You are an expert Technical Communicator. Restructure the provided text about "Sourdough Starter Care".

# Source Text
---
title: "Starter care, episode 3"
---
## Key Insight
[00:10] so TRANSCRIPT-ONLY-WORDS the baker says you feed the jar at dawn and wait

# Layout Structure (이 구조대로 배치해주세요)

**IMPORTANT**: 첨부된 이미지는 스타일만 참조하세요.

```
┌──────────────────────────────────────────────────────────────┐
│  🍞 SOURDOUGH CHEAT SHEET: STARTER CARE 🍞                    │
├──────────────────────────────────────────────────────────────┤
│  ┌──────────────────────┐    ┌──────────────────────────┐   │
│  │ 🧪 INGREDIENTS (좌측 상단)│    │ ⏱️ TIMING                │   │
│  │  밀가루 + 물          │    │  하루 두 번 먹이기         │   │
│  └──────────────────────┘    └──────────────────────────┘   │
├──────────────────────────────────────────────────────────────┤
│  🔄 FEEDING CYCLE (이 섹션이 가장 넓어야 함!)                  │
│  ┌────────────────────────────────────────────────────────┐  │
│  │  ┌────────┐     ┌────────┐     ┌─────────┐             │  │
│  │  │ Mix    │ ──▶ │ Rest   │ ──▶ │ Discard │             │  │
│  │  │ 1:1:1  │     │ 4~8 h  │     │ half    │             │  │
│  │  └────────┘     └────────┘     └─────────┘             │  │
│  └────────────────────────────────────────────────────────┘  │
├──────────────────────────────────────────────────────────────┤
│  ┌──────────────┐ ┌────────────────┐ ┌──────────────┐       │
│  │ 💡 TIPS       │ │ ⚠️ PITFALLS     │ │ 📌 TAKEAWAYS │       │
│  │ 따뜻한 곳     │ │ • 금속 뚜껑    │ │ 규칙적으로    │       │
│  └──────────────┘ └────────────────┘ └──────────────┘       │
└──────────────────────────────────────────────────────────────┘
```

## 배치 비율

| 영역 | 비율 | 내용 |
|------|------|------|
| 상단 | 10~14% | 타이틀 |
| 중상단 | 24% | Ingredients + Timing |
| 중앙 | 40% | Feeding Cycle |
| 하단 | 24% | Tips + Pitfalls + Takeaways |

# Output Structure Plan

## 1. 🧪 Ingredients (Table)
- Create a table with the following columns:

| Item | Amount | 메모 |
|------|--------|------|
| Rye flour | 50 g | 발효가 빠름 |
| Water | 50 g | 27°C |

## 2. 🗺️ Topic Overview (Mind Map)
- Create a Mermaid mindmap with the following structure:
  - Root: "Starter"
  - Level 1: Feed, Store, Bake
  - Level 2:
    - Feed: Flour, Water
    - Bake → "Levain"

## 3. 💡 Tips
- Extract key quotes with Korean annotations:
  - "A happy starter doubles" - 두 배로 부풀면 건강함
  - "Smell tells the time" - 냄새로 시점을 판단

## 4. 📌 Key Takeaways
- 3-5 bullet points summarizing:
  - 먹이 비율은 1:1:1
  - 따뜻하면 빨리 자란다

## 5. 📊 Hydration Matrix
| Hydration | Texture |
|-----------|---------|
| 100% | 걸쭉함 |
| 60% | 단단함 |

## 이미지 생성 요청
IMAGE-REQUEST-WORDS 위의 구조로 이미지를 만들어주세요.

---
Please generate the Cheat Sheet now.
"""

NEVER_DRAWN = ["TRANSCRIPT-ONLY-WORDS", "Starter care, episode 3", "IMAGE-REQUEST-WORDS", "Please generate",
               "IMPORTANT", "Create a", "Extract key quotes", "bullet points summarizing", "이 섹션이 가장",
               "좌측 상단", "Restructure the provided", "Role Definition"]


def strings(node) -> list[str]:
    """Every string of a model object, ids and all."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [text for item in node for text in strings(item)]
    if isinstance(node, dict):
        return [text for key, value in node.items() for text in strings(key) + strings(value)]
    if is_dataclass(node):
        return [text for f in fields(node) if f.name != "path" for text in strings(getattr(node, f.name))]
    return []


def blocks_of(sheet: m.Sheet, kind) -> list:
    found = []
    stack = [block for section in sheet.sections for block in section.blocks]
    while stack:
        block = stack.pop(0)
        if isinstance(block, m.Row):
            stack += block.blocks
        if isinstance(block, kind):
            found.append(block)
    return found


def section(sheet: m.Sheet, title: str) -> m.Section:
    return next(s for s in sheet.sections if s.title == title)


@pytest.fixture(scope="module")
def sourdough() -> m.Sheet:
    return read_prompt_file(SOURDOUGH, "sourdough-cheatsheet-prompt.md")


# --- layout ------------------------------------------------------------------------------

def test_bands_follow_the_diagram_and_the_ratio_table(sourdough):
    bands = sourdough.layout_spec["bands"]
    assert sourdough.layout == "prompt"
    assert [[cell["slot"] for cell in band["cells"]] for band in bands] == [
        ["title"], ["b1c0", "b1c1"], ["b2c0"], ["b3c0", "b3c1", "b3c2"]]
    heights = [band["height"] for band in bands]
    assert sum(heights) == pytest.approx(100)
    # 10~14% is 12; 12/24/40/24 add up to exactly 100 already.
    assert heights == pytest.approx([12, 24, 40, 24])


def test_title_band_gives_title_and_icon(sourdough):
    assert sourdough.title == "SOURDOUGH CHEAT SHEET: STARTER CARE"
    assert sourdough.title_icon == "🍞"


def test_sections_take_box_titles_without_layout_hints(sourdough):
    titles = [(s.slot, s.icon, s.title) for s in sourdough.sections]
    assert titles == [("b1c0", "🧪", "INGREDIENTS"), ("b1c1", "⏱️", "TIMING"), ("b2c0", "🔄", "FEEDING CYCLE"),
                      ("b3c0", "💡", "TIPS"), ("b3c1", "⚠️", "PITFALLS"), ("b3c2", "📌", "TAKEAWAYS")]


def test_nested_boxes_with_arrows_become_a_flow(sourdough):
    flow = section(sourdough, "FEEDING CYCLE").blocks[0]
    assert isinstance(flow, m.Flow)
    assert [node.label for node in flow.nodes] == ["Mix", "Rest", "Discard"]
    assert [node.note for node in flow.nodes] == ["1:1:1", "4~8 h", "half"]
    labels = {node.id: node.label for node in flow.nodes}
    assert [(labels[e.src], labels[e.dst]) for e in flow.edges] == [("Mix", "Rest"), ("Rest", "Discard")]


def test_nothing_but_the_plan_and_the_boxes_is_drawn(sourdough):
    texts = strings(sourdough)
    for phrase in NEVER_DRAWN:
        assert not [text for text in texts if phrase in text], phrase


# --- content -----------------------------------------------------------------------------

def test_plan_content_replaces_the_box_placeholder(sourdough):
    ingredients = section(sourdough, "INGREDIENTS")
    assert [type(b) for b in ingredients.blocks] == [m.Table]
    assert ingredients.blocks[0].rows[0] == ["Rye flour", "50 g", "발효가 빠름"]
    assert "밀가루 + 물" not in strings(sourdough)


def test_boxes_without_plan_content_keep_their_lines(sourdough):
    assert section(sourdough, "TIMING").blocks == [m.Text("하루 두 번 먹이기")]
    assert section(sourdough, "PITFALLS").blocks == [m.ListBlock(["금속 뚜껑"])]


def test_quote_lists_and_takeaways_go_to_their_boxes_by_emoji(sourdough):
    tips = section(sourdough, "TIPS").blocks
    quotes = [b for b in tips if isinstance(b, m.Quote)] + [q for b in tips if isinstance(b, m.Row)
                                                            for q in b.blocks]
    assert [(q.text, q.note) for q in quotes] == [("A happy starter doubles", "두 배로 부풀면 건강함"),
                                                 ("Smell tells the time", "냄새로 시점을 판단")]
    takeaways = section(sourdough, "TAKEAWAYS").blocks
    assert takeaways == [m.ListBlock(["먹이 비율은 1:1:1", "따뜻하면 빨리 자란다"])]


def test_mind_map_description_becomes_a_mind_map(sourdough):
    mind_map, = blocks_of(sourdough, m.MindMap)
    assert mind_map.root.text == "Starter"
    assert [(n.text, [c.text for c in n.children]) for n in mind_map.root.children] == [
        ("Feed", ["Flour", "Water"]), ("Store", []), ("Bake", ["Levain"])]
    assert mind_map.title == "🗺️ Topic Overview"  # it sits in a box that is not its own


def test_content_matching_no_box_is_placed_or_recorded(sourdough):
    tables = [t for t in blocks_of(sourdough, m.Table) if t.header == ["Hydration", "Texture"]]
    recorded = [item for item in sourdough.unplaced if item.startswith("table 'Hydration Matrix'")]
    assert len(tables) + len(recorded) == 1
    if tables:
        assert tables[0].title == "📊 Hydration Matrix"


def test_the_sheet_fits_its_page(sourdough):
    page = fit_page(sourdough)
    assert problems(page) == []


# --- ratios in other forms, and none --------------------------------------------------------

THREE_BANDS = """\
# Layout Structure
```
┌────────────────────────────────────┐
│ 🌱 GARDEN PLAN                      │
├────────────────────────────────────┤
│ ┌──────────────┐ ┌──────────────┐ │
│ │ 🌞 SUN       │ │ 💧 WATER     │ │
│ │ 6 hours      │ │ 주 2회       │ │
│ └──────────────┘ └──────────────┘ │
├────────────────────────────────────┤
│ 🪴 POTS {hint}                      │
│ ┌────────────────────────────────┐ │
│ │ clay → soil → seed → sprout    │ │
│ └────────────────────────────────┘ │
└────────────────────────────────────┘
```
{ratios}
"""


def three_bands(ratios: str, hint: str = "") -> m.Sheet:
    return read_prompt_file(THREE_BANDS.replace("{ratios}", ratios).replace("{hint}", hint), "garden.md")


def heights(sheet: m.Sheet) -> list[float]:
    return [band["height"] for band in sheet.layout_spec["bands"]]


def test_ratios_as_bullets():
    sheet = three_bands("**배치 비율**:\n- 상단 (15%): 타이틀\n- 중앙 (45~55%): Sun + Water\n- 하단 (35%): Pots\n")
    assert heights(sheet) == pytest.approx([15, 50, 35])


def test_ratios_are_scaled_to_one_hundred():
    sheet = three_bands("## 배치 비율\n- 상단: 10%\n- 중앙: 30%\n- 하단: 40%\n")
    assert heights(sheet) == pytest.approx([12.5, 37.5, 50])


def test_missing_ratios_give_the_title_ten_percent_and_share_the_rest():
    assert heights(three_bands("")) == pytest.approx([10, 45, 45])


def test_a_band_marked_widest_weighs_more_when_ratios_do_not_match():
    sheet = three_bands("## 배치 비율\n- 상단: 10%\n- 하단: 90%\n", hint="(이 섹션이 가장 넓어야 함!)")
    assert heights(sheet) == pytest.approx([10, 90 / 2.6, 90 * 1.6 / 2.6], abs=0.02)
    assert section(sheet, "POTS").title == "POTS"


def test_arrow_chain_in_a_band_of_its_own_becomes_a_flow():
    pots = section(three_bands(""), "POTS")
    assert [type(b) for b in pots.blocks] == [m.Flow]
    assert [n.label for n in pots.blocks[0].nodes] == ["clay", "soil", "seed", "sprout"]


def test_a_korean_request_leading_in_its_chain_is_never_drawn():
    plan = "\n## 🪴 POTS\n\n- 흐름도로 그려주세요: **SUN**: 빛 → 잎 → 열매 / **WATER**: 뿌리 → 줄기 → 잎\n"
    sheet = three_bands(plan)
    assert not [text for text in strings(sheet) if "그려주세요" in text]
    assert [n.label for n in blocks_of(sheet, m.Flow)[0].nodes] == ["clay", "soil", "seed", "sprout"]  # the box's own


def test_a_group_of_a_size_is_content_not_an_order():
    plan = "\n## 💧 WATER\n\n- **주 2회** 흠뻑\n- Group 3 pots → 한 번에 물 주기\n"
    written = strings(three_bands(plan))
    assert [text for text in written if "Group 3 pots" in text]


def test_title_band_without_icon_and_box_lines_kept():
    sheet = three_bands("")
    assert (sheet.title, sheet.title_icon) == ("GARDEN PLAN", "🌱")
    assert section(sheet, "WATER").blocks == [m.Text("주 2회")]


# --- without a box diagram: a template --------------------------------------------------------

def plan_only(body: str, extra: str = "") -> m.Sheet:
    text = (f"# Role Definition\nMake a sheet about \"Kite Flying\".\n\n{extra}"
            f"# Output Structure Plan\n\n{body}")
    return read_prompt_file(text, "kites-cheatsheet-prompt.md")


PARTS = """\
## 1. 🪁 Launch Steps
1. Face the wind
2. Let out line

## 2. 🌬️ Wind Guide
| Wind | Kite |
|------|------|
| light | delta |

## 3. 📌 Takeaways
- 바람을 등지고 선다
"""


def test_template_by_content_words():
    sheet = plan_only(PARTS + "\nA step-by-step tutorial: Step 1 then Step 2.\n")
    assert (sheet.layout, sheet.layout_spec) == ("tutorial", None)
    assert sheet.title == "Kite Flying"
    assert [(s.title, s.slot) for s in sheet.sections if s.blocks] == [
        ("Launch Steps", "top-left"), ("Wind Guide", "top-right"), ("Takeaways", "center")]


def test_without_role_topic_the_prompt_heading_names_the_sheet():
    text = "# 나노바나나 치트시트 프롬프트: How Teams Use Kafka\n\n# Output Structure Plan\n\n" + PARTS
    assert read_prompt_file(text, "kafka-usecase-cheatsheet-prompt.md").title == "How Teams Use Kafka"


def test_template_by_stated_content_type():
    assert plan_only(PARTS, extra="- **콘텐츠 유형**: use case\n\n").layout == "use-case"


def test_template_defaults_to_lecture_and_fits():
    sheet = plan_only(PARTS)
    assert sheet.layout == "lecture"
    assert problems(fit_page(sheet)) == []


HOOKS_PLAN = """\
## 1. 🗺️ Overview (Flowchart)
```
pip install pre-commit -> .pre-commit-config.yaml 작성 -> pre-commit install -> git add -> git commit -> hooks 실행
-> 통과? -> commit 완료
```

## 2. ✅ Prerequisites Checklist
- [ ] Python 3.8+
- [ ] Git 저장소

## 3. 🪜 Step-by-Step Guide (Table)
| Step | Action | Command/Code | Notes |
|------|--------|--------------|-------|
| 1 | 설치 | `pip install pre-commit` | pipx 권장 |
| 2 | 설정 파일 작성 | `.pre-commit-config.yaml` | repo, rev, hooks |
| 3 | hook 설치 | `pre-commit install` | .git/hooks에 기록 |
| 4 | 전체 실행 | `pre-commit run --all-files` | 최초 1회 |
| 5 | 업데이트 | `pre-commit autoupdate` | rev 갱신 |

## 4. 🔁 Commit Sequence
```mermaid
sequenceDiagram
    participant Dev
    participant Git
    participant PC as pre-commit
    Dev->>Git: git commit
    Git->>PC: hook 실행
    PC->>PC: staged 파일 검사
    alt 통과
        PC-->>Git: exit 0
        Git-->>Dev: commit 생성
    else 실패
        PC-->>Git: exit 1
        Git-->>Dev: 수정 후 다시 add
    end
```

## 5. ⌨️ Cheat Commands
```bash
pre-commit run --all-files
SKIP=flake8 git commit -m "wip"
```

## 6. 🩺 Troubleshooting
| Problem | Cause | Solution |
|---------|-------|----------|
| hook이 실행 안 됨 | install 안 함 | `pre-commit install` |
| 매번 파일이 수정됨 | formatter 충돌 | hook 순서 조정 |
| CI에서만 실패 | 버전 차이 | rev 고정, autoupdate |

## 7. 📌 Key Takeaways
- CI에서도 같은 hook을 돌려라
"""


def test_template_sections_whose_content_moved_away_are_refilled_or_left_out():
    sheet = plan_only(HOOKS_PLAN, extra="- **콘텐츠 유형**: tutorial\n\n")
    assert sheet.layout == "tutorial"
    assert all(s.blocks for s in sheet.sections), [s.title for s in sheet.sections if not s.blocks]
    assert len({s.title for s in sheet.sections}) == len(sheet.sections)  # no heading twice
    on_page = strings(sheet.sections)
    for text in ["Python 3.8+", "pre-commit autoupdate", "수정 후 다시 add", "SKIP=flake8"]:
        assert any(text in s for s in on_page), text
    assert problems(fit_page(sheet)) == []


TEA = """\
# Layout Structure

```
┌──────────────────────────────────────────────────┐
│ 🍵 TEA NOTES                                      │
├──────────────────────────────────────────────────┤
│ ⚡ BREWING PIPELINE (이 섹션이 가장 넓어야 함!)      │
│ ┌──────────────────────────────────────────────┐ │
│ │ Heat → Steep → Pour                          │ │
│ └──────────────────────────────────────────────┘ │
├──────────────────────────────────────────────────┤
│ ┌───────────────┐ ┌─────────────┐ ┌───────────┐ │
│ │ 💡 KEY INSIGHT │ │ 🗣️ QUOTES   │ │ 💸 COST   │ │
│ │ 온도가 핵심     │ │             │ │           │ │
│ └───────────────┘ └─────────────┘ └───────────┘ │
└──────────────────────────────────────────────────┘
```

# Content Details

## 💡 Brewing Pipeline

```mermaid
flowchart LR
  H[Heat water] --> S[Steep 3 min] --> P[Pour]
```

## 재미있는 에피소드

> "Never boil green tea"
> — 녹차는 끓이지 않는다
"""


def test_topic_naming_a_box_beats_an_emoji_shared_with_another_box():
    sheet = read_prompt_file(TEA, "tea.md")
    assert [type(b) for b in section(sheet, "BREWING PIPELINE").blocks] == [m.Flow]
    assert section(sheet, "KEY INSIGHT").blocks == [m.Text("온도가 핵심")]


def test_an_empty_box_takes_an_extra_related_to_it_and_no_other():
    sheet = read_prompt_file(TEA, "tea.md")
    assert section(sheet, "QUOTES").blocks == [m.Quote("Never boil green tea", note="녹차는 끓이지 않는다")]
    assert section(sheet, "COST").blocks == []  # nothing on the page is about cost


# --- placed or recorded, never dropped ----------------------------------------------------------

TINY = """\
# Layout Structure
```
┌──────────────────────────────┐
│ 🐝 BEES                       │
├──────────────────────────────┤
│ ┌────────────┐ ┌───────────┐ │
│ │ 🌼 FLOWERS │ │ 🍯 HONEY  │ │
│ └────────────┘ └───────────┘ │
└──────────────────────────────┘
```
## 배치 비율
- 상단 (50%)
- 하단 (50%)

# Content Details

## 🍯 HONEY
{rows}

## 🐝 Swarm Signs
- queen cells
- loud hum

```mermaid
flowchart LR
  A -->
```
"""


def test_content_too_big_for_any_box_is_recorded_with_its_line():
    rows = "| Month | Yield | Note |\n|---|---|---|\n" + "".join(
        f"| month {i} | {i} kg | 꿀벌이 바쁘게 일하는 달 {i} |\n" for i in range(40))
    text = TINY.replace("{rows}", rows)
    lines = text.split("\n")
    table_line = lines.index("| Month | Yield | Note |") + 1
    mermaid_line = lines.index("flowchart LR") + 1
    sheet = read_prompt_file(text, "bees.md")
    assert f"table 'Month | Yield | Note' from line {table_line}" in sheet.unplaced
    assert any(item.startswith(f"mermaid diagram from line {mermaid_line}:") for item in sheet.unplaced)
    swarm = [b for b in blocks_of(sheet, m.ListBlock) if b.items == ["queen cells", "loud hum"]]
    assert swarm and swarm[0].title == "🐝 Swarm Signs"
    assert section(sheet, "HONEY").blocks == []  # its plan content went elsewhere; the box had no lines
    assert problems(fit_page(sheet)) == []


# --- errors --------------------------------------------------------------------------------------

def test_empty_file_is_an_input_error():
    with pytest.raises(InputError, match="empty"):
        read_prompt_file("  \n", "empty.md")


def test_bad_ratio_names_file_and_line():
    with pytest.raises(InputError) as error:
        three_bands("## 배치 비율\n- 상단: 0%\n- 중앙: 50%\n- 하단: 50%\n")
    assert error.value.where == "garden.md:18"  # the "- 상단: 0%" line


def test_too_many_boxes_in_a_band():
    boxes = "┌──┐" * 9
    walls = "".join(f"│b{i}│" for i in range(9))
    bottoms = "".join("└──┘" for _ in range(9))
    text = f"# Layout Structure\n```\n┌{'─' * 40}┐\n│ T │\n├{'─' * 40}┤\n│{boxes}│\n│{walls}│\n│{bottoms}│\n└{'─' * 40}┘\n```\n"
    with pytest.raises(InputError, match="at most 8"):
        read_prompt_file(text, "many.md")


# --- any text: a sheet or one InputError ------------------------------------------------------------

FRAGMENTS = st.sampled_from([
    "# Layout Structure\n", "# Output Structure Plan\n", "# Content Details\n", "# Source Text\n", "## 배치 비율\n",
    "## 1. 📌 Key Takeaways\n", "## 🍩 DONUTS (좌측 상단)\n", "┌────────────┐\n", "│ 🧁 CAKE    │\n",
    "├────────────┤\n", "│ ┌──┐ ┌──┐  │\n", "│ │a │→│b │  │\n", "│ └──┘ └──┘  │\n", "└────────────┘\n",
    "```\n", "```mermaid\nmindmap\n  root((x))\n```\n", "| a | b |\n|---|---|\n| 1 | 2 |\n", "- 상단 (10%)\n",
    "- 중앙: 45~55%\n", "- Root: \"Cake\"\n", "- Level 1: a, b\n", "  - a → x, y\n", "- Columns: [A] | [B]\n",
    "- \"quote\" - 인용\n", "- ✓ 완료\n", "1. step\n", "> **Box**\n> text\n", "---\n", "Please generate.\n",
    "**Label:**\n", "A → B → C\n", "한국어 문장 🍰\n", "\n"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FRAGMENTS, max_size=25), st.text(max_size=30))
def test_any_prompt_ish_text_gives_a_sheet_or_an_input_error(parts, noise):
    try:
        sheet = read_prompt_file("".join(parts) + noise, "random.md")
    except InputError as error:
        assert "\n" not in str(error).strip()
        return
    assert isinstance(sheet, m.Sheet) and sheet.title


# --- the user's real prompt files -----------------------------------------------------------------------

def real_prompts() -> list[Path]:
    if not SHARED.is_dir():
        return []
    return sorted((SHARED / "seed").glob("*cheatsheet-prompt.md")) + sorted((SHARED / "corpus").glob("*.md"))


def source_lines(text: str) -> list[str]:
    """Long lines of the Source Text part: the transcript."""
    part = re.search(r"^# Source Text\s*$(.*?)(?=^# (?!Source)|\Z)", text, re.MULTILINE | re.DOTALL)
    return [line.strip() for line in (part[1] if part else "").split("\n") if len(line.strip()) >= 40]


@pytest.mark.parametrize("path", real_prompts() or [None], ids=lambda p: p.name if p else "no-shared")
def test_real_prompt_files_fit_and_keep_their_bands(path):
    if path is None:
        pytest.skip("the shared prompt files are not here")
    text = path.read_text(encoding="utf-8")
    sheet = load_sheet(path)
    page = fit_page(sheet)
    overflow = problems(page)
    assert overflow == []
    assert all(re.fullmatch(r"[\w ]+ '.+' from line \d+(?:: \d+ listed rows the plan does not write \(.+\))?|"
                            r"mermaid diagram from line \d+: .+", item)
               for item in sheet.unplaced)
    found = find_layout_block(text)
    if found:
        assert len(sheet.layout_spec["bands"]) == len(parse_ascii_layout(found[0], str(path), found[1]))
    drawn = strings(sheet)
    assert not [line for line in source_lines(text) if any(line in s for s in drawn)]


def test_content_for_a_diagram_without_cells_is_recorded_not_placed():
    text = "# Layout Structure\n\n┌──────┐\n┌──────┐\n\n```mermaid\nmindmap\n  root((x))\n```\n"
    sheet = read_prompt_file(text, "odd-prompt.md")
    assert sheet.sections == []
    assert sheet.unplaced == ["mind map 'x' from line 6"]


def test_a_plans_ticked_list_is_a_check_list_and_a_numbered_one_keeps_its_marks():
    plan = ("\n## 🌞 SUN\n\n- ✓ 6시간 이상\n- ✔️ 남향 창가\n"
            "\n## 💧 WATER\n\n- Create a flowchart:\n  - 물 → 흙 → 뿌리\n- ✓ 아침에\n- ✓ 흙이 마르면\n"
            "\n## 🪴 POTS\n\n1. ✓ 배수 구멍\n2. ✓ 받침\n")
    sheet = three_bands(plan)
    lists = {s.title: [b for b in s.blocks if isinstance(b, m.ListBlock)] for s in sheet.sections}
    assert [(b.style, b.items) for b in lists["SUN"]] == [("check", ["6시간 이상", "남향 창가"])]
    assert ("check", ["아침에", "흙이 마르면"]) in [(b.style, b.items) for b in lists["WATER"]]
    assert all(all(b.done) for bs in lists.values() for b in bs if b.style == "check")
    # Numbered steps that are ticked stay numbered, every mark drawn as written.
    assert [(b.style, b.items) for b in lists["POTS"]] == [("number", ["✓ 배수 구멍", "✓ 받침"])]


def test_a_prompt_opening_with_a_rule_names_one_title_for_the_brief_and_the_page():
    # `---` over prose is a rule, not front matter: the drawn page (page_plan) and the
    # brief (read_prompt_parts) read the Role Definition under it alike.
    text = ('---\n# Role Definition\nYour goal is to restructure the provided text about "Tea Brewing".\n\n'
            '---\n\n## Content\n- 물 온도: 녹차 70-80도\n')
    assert page_plan(text, "tea.md").title == read_prompt_parts(text, "tea.md").page.title == "Tea Brewing"
