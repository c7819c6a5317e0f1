"""One recogniser of arrow chains written as text, for every reader."""
from __future__ import annotations

import textwrap

import pytest

from pilgi import model as m
from pilgi.readers.arrow_chains import (chain_parts, flow_from_chains, is_chain, join_chain_lines, read_chain,
                                       with_rules_as_dashes)
from pilgi.readers.box_text import lines_to_blocks
from pilgi.readers.ascii_layout import parse_ascii_layout


@pytest.mark.parametrize("arrow", ["→", "⟶", "➜", "➔", "➡", "⇒", "▶", "↓", "──▶", "─▶", "─>", "->", "-->", "=>",
                                   "==>", "-→"])
def test_the_arrows_a_hand_writes_link_steps(arrow):
    assert chain_parts(f"Tokens {arrow} Embedding {arrow} Logits") == ["Tokens", "Embedding", "Logits"]


@pytest.mark.parametrize("text", ["Tokens→Embedding→Logits", "Tokens ->Embedding-> Logits", "토큰➜임베딩➜확률"])
def test_steps_need_no_spaces_round_a_headed_arrow(text):
    assert len(chain_parts(text)) == 3


def test_mixed_arrows_and_a_kind_prefix():
    assert chain_parts("Flow: Install ─▶ Load → Attach ➜ Train") == ["Install", "Load", "Attach", "Train"]


def test_a_bare_rule_links_a_timeline_without_a_head():
    chain = read_chain("2020 MMLU ─ 2021 HumanEval ── 2023 SWE-bench ─▶ 2024")
    assert chain.steps == ["2020 MMLU", "2021 HumanEval", "2023 SWE-bench", "2024"]
    assert chain.headed == [False, False, True]
    # Only bare rules: a timeline written as text, a chain (never a heading) but not a flow.
    assert is_chain("2020 ─ 2021 ── 2023") and chain_parts("2020 ─ 2021 ── 2023") is None
    flow = flow_from_chains(["2020 ─ 2021 → 2023"])
    assert [(edge.src, edge.dst, edge.arrow) for edge in flow.edges] == [("2020", "2021", False),
                                                                        ("2021", "2023", True)]


@pytest.mark.parametrize("text", [
    "x → y 로 바뀐다",  # one arrow: prose
    "Tokens → Logits",
    "A - B - C",  # hyphens and comparisons are not arrows
    "recall > precision > F1",
    "GPT-4 vs GPT-3.5",
    "벡터를 정규화 (x → x/‖x‖ → 단위 벡터) 후 비교",  # arrows inside a remark
    '"Saturation → 더 어려운 → 벤치마크" 라고 부른다',
    "The model maps each token to a vector that it → then passes through every layer → and samples",
    "→ 핵심 → 요약",  # a bullet marker, not a first step
    "A → → B",
    "A →\nB → C",
])
def test_text_that_is_not_a_chain(text):
    assert chain_parts(text) is None and not is_chain(text)


def test_a_short_line_of_steps_with_a_sentence_ending_is_still_a_chain():
    assert chain_parts("입력 → 처리 → 출력을 반복한다") == ["입력", "처리", "출력을 반복한다"]


def test_a_chain_goes_on_over_the_next_line():
    assert join_chain_lines(["A → B ─▶", "C → D", "plain"]) == ["A → B ─▶ C → D", "plain"]
    assert join_chain_lines(["A → B → C", "➜ D", "x"]) == ["A → B → C ➜ D", "x"]
    assert join_chain_lines(["x → y 로", "➜ 바뀐다"]) == ["x → y 로", "➜ 바뀐다"]
    # A long drawn shaft is an axis pointing on: the line under it holds its labels.
    assert join_chain_lines(["2020 ──── 2021 ──── 2024 ─────▶", "MMLU GSM8K"]) == [
        "2020 ──── 2021 ──── 2024 ─────▶", "MMLU GSM8K"]


def box_lines(first_line: str) -> tuple[str, list[str]]:
    block = textwrap.dedent(f"""\
        ┌──────────────────────────────────────────┐
        │ 🌱 GARDEN                                │
        ├──────────────────────────────────────────┤
        │ ┌──────────────────────────────────────┐ │
        │ │ {first_line:<36} │ │
        │ │ 물 주기                              │ │
        │ └──────────────────────────────────────┘ │
        └──────────────────────────────────────────┘""")
    box = parse_ascii_layout(block)[-1].cells[0]
    return box.title, box.lines


@pytest.mark.parametrize("first_line", ["Soil ──▶ Seed ──▶ Sprout", "Soil ➜ Seed ➜ Sprout",
                                        "2020 ─ 2021 ─ 2023", "Soil -> Seed -> Sprout"])
def test_a_box_opening_with_a_chain_has_no_title_the_diagram_reader_agrees(first_line):
    title, lines = box_lines(first_line)
    assert title == "" and lines[0] == first_line


@pytest.mark.parametrize("first_line", ["⚡ Soil → Seed", "🌿 A - B - C 비교"])
def test_a_box_opening_with_other_text_is_titled_by_it(first_line):
    title, _ = box_lines(first_line)
    assert title == first_line.split(" ", 1)[1]


def test_a_timeline_kept_as_text_keeps_its_links_as_dashes():
    assert with_rules_as_dashes("2020 MMLU ─ 2021 GSM8K ── 2023") == "2020 MMLU – 2021 GSM8K – 2023"
    assert with_rules_as_dashes("표 ─ 참고") == "표 ─ 참고"  # one rule: not a chain, left as written
    blocks = lines_to_blocks(["⏳ 2020 MMLU ─ 2021 GSM8K ─ 2023 SWE-bench", "Soil ─▶ Seed ─▶ Sprout"],
                             chains_as_flows=False)
    assert blocks == [m.Text("⏳ 2020 MMLU – 2021 GSM8K – 2023 SWE-bench\nSoil ▶ Seed ▶ Sprout")]
