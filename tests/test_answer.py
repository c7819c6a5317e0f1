"""Writers' answers drawn in a prompt's page: messy forms, matching boxes, refusals."""
import json
from pathlib import Path

import pytest

from pilgi.backends import raster
from pilgi.blank import blank_fractions
from pilgi.fit import BAND_STEP
from pilgi.pipeline import Options, check_file
from pilgi.placement import match_boxes
from pilgi.readers.answer import read_answer, tidy_answer

from .conftest import SHARED

FIXTURES = Path(__file__).parent / "fixtures" / "answers"
PROMPT = FIXTURES / "bread-cheatsheet-prompt.md"
BOXES = ["STARTER", "HYDRATION", "BAKING FLOW", "KEY INSIGHT", "KEY TAKEAWAYS"]


def texts(report: Path) -> list[str]:
    return [t["text"] for t in json.loads(report.read_text())["texts"]]


def test_a_messy_answer_fills_every_box_in_order(cli, tmp_path):
    report = tmp_path / "r.json"
    code, _, err = cli("render", FIXTURES / "bread.answer.md", "--layout", PROMPT, "-o", tmp_path / "p.png",
                       "--report", report)
    assert code == 0, err
    data = json.loads(report.read_text())
    assert [(s["title"], s["region"]) for s in data["sections"]] == list(zip(BOXES, ["b1c0", "b1c1", "b2c0",
                                                                                     "b3c0", "b3c1"]))
    written = texts(report)
    assert "Bulk" in written and "4-6h" in written  # the Mermaid fence left open, with a <br/> label
    assert "Term" in written and not any("*" in t for t in written)  # bold header cells, no asterisks
    assert not any(t.startswith(("Sure", "I hope", "[!TIP]")) for t in written)
    assert "시간이 재료다" in written


def test_check_is_clean_and_names_the_page_after_the_prompt(cli, tmp_path):
    code, out, err = cli("check", FIXTURES / "bread.answer.md", "--layout", PROMPT)
    assert code == 0 and "ok — 5 sections" in out, out + err
    code, out, _ = cli("render", FIXTURES / "bread.answer.md", "--layout", PROMPT, "-o", tmp_path)
    assert (tmp_path / "bread.png").is_file()


def test_front_matter_names_the_prompt(cli, tmp_path):
    answer = tmp_path / "a.md"
    answer.write_text(f"---\nlayout: {PROMPT}\n---\n" + (FIXTURES / "bread.answer.md").read_text())
    code, out, err = cli("check", answer)
    assert code == 0 and "5 sections" in out, err


def test_sections_no_box_takes_are_an_error_unless_allowed(cli, tmp_path):
    answer = tmp_path / "a.md"
    answer.write_text((FIXTURES / "bread.answer.md").read_text().replace(
        "I hope this helps!", "## 🧾 Glossary\n\n- Levain: 르방\n"))
    code, _, err = cli("render", answer, "--layout", PROMPT, "-o", tmp_path)
    assert code == 2 and "section 'Glossary' from line" in err and "--allow-unplaced" in err
    assert not list(tmp_path.glob("*.png"))
    code, _, err = cli("render", answer, "--layout", PROMPT, "-o", tmp_path, "--allow-unplaced")
    assert code == 0, err


def test_an_empty_box_is_named(cli, tmp_path):
    answer = tmp_path / "a.md"
    text = (FIXTURES / "bread.answer.md").read_text()
    answer.write_text(text[: text.index("## 💡")])
    code, _, err = cli("check", answer, "--layout", PROMPT)
    assert code == 2 and "box '💡 KEY INSIGHT' has no section" in err and "KEY TAKEAWAYS" in err


def test_every_box_over_is_listed_in_one_error(cli, tmp_path):
    long_list = "\n".join(f"- 항목 {i}: 아주 긴 설명이 여기에 들어가서 상자를 넘치게 만든다" for i in range(40))
    answer = tmp_path / "a.md"
    answer.write_text(f"# T\n\n## STARTER\n\n{long_list}\n\n## HYDRATION\n\n{long_list}\n\n## BAKING FLOW\n\n- a\n\n"
                      f"## KEY INSIGHT\n\n- b\n\n## KEY TAKEAWAYS\n\n- c\n")
    code, _, err = cli("check", answer, "--layout", PROMPT)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "2 sections do not fit" in err and "'STARTER'" in err and "'HYDRATION'" in err
    assert "lines)" in err and "mm" in err


def test_tidy_unwraps_a_markdown_fence_and_drops_prose_around_it():
    text = "Here you go:\n\n```markdown\n# T\n\n## A\n\n- x\n\n```mermaid\nflowchart LR\n  a-->b\n```\n```\n\nEnjoy!"
    tidy = tidy_answer(text)
    assert tidy.startswith("# T") and "Here you go" not in tidy and "Enjoy" not in tidy
    assert "flowchart LR" in tidy and tidy.rstrip().endswith("```")


def test_tidy_rules_are_breaks_not_setext_headings():
    tidy = tidy_answer("# T\n\n## A\n- x\nsome text\n---\n## B\n- y\n")
    assert "---" not in tidy and "## B" in tidy


def test_tidy_closes_an_open_mermaid_fence_and_drops_its_front_matter():
    tidy = tidy_answer("# T\n## A\n```mermaid\n---\ntitle: X\n---\nflowchart LR\n  a-->b\n## B\n- y\n")
    lines = tidy.split("\n")
    assert "title: X" not in tidy
    assert lines[lines.index("## B") - 1] == "```"


def test_tidy_drops_text_after_a_last_rule():
    tidy = tidy_answer("# T\n## A\n- x\n\n---\n\n이 치트시트가 도움이 되길 바랍니다.\n")
    assert "도움" not in tidy and "- x" in tidy


@pytest.mark.parametrize("written, box", [
    ("📥 1. Input Specification", 0),
    ("입력 사양 (INPUT SPECIFICATION)", 0),
    ("OUTPUT SPECIFICATON", 1),  # a close spelling
    ("⚡ Neural Network I/O Flow (Flowchart)", 2),
])
def test_titles_match_boxes_in_either_language_and_close_spellings(written, box):
    boxes = [("INPUT SPECIFICATION", "📥"), ("OUTPUT SPECIFICATION", "📤"), ("NEURAL NETWORK I/O FLOW", "⚡")]
    assert match_boxes([(written, "")], boxes)[0] == box


def test_unmatched_sections_take_the_remaining_boxes_in_order():
    boxes = [("A BOX", ""), ("B BOX", ""), ("C BOX", "")]
    matched = match_boxes([("엉뚱한 제목", ""), ("C BOX", ""), ("다른 것", "")], boxes)
    assert matched == {1: 2, 0: 0, 2: 1}


def test_an_answer_without_a_layout_is_refused(tmp_path):
    from pilgi.errors import InputError
    with pytest.raises(InputError, match="--layout"):
        read_answer("# T\n## A\n- x\n", tmp_path / "a.md")


@pytest.mark.parametrize("front, message", [
    ("layout: lecture\nlayuot: x\n", "a.md:3: layuot: unknown field 'layuot' (did you mean 'layout'? expected one of: "
                                       "layout, prompt-sha256, seed, title)"),
    ("layout: lecture\nseed: -4\n", "a.md:3: seed: expected a number from 0 to 2147483647"),
    ("layout: lecture\nseed: 1.5\n", "a.md:3: seed: expected a whole number from 0 to 2147483647"),
    ("layout: lecture\nseed: yes\n", "a.md:3: seed: expected a number from 0 to 2147483647"),
    ("title: [a, b]\nlayout: lecture\n", "a.md:2: title: expected text, got list"),
])
def test_an_answers_front_matter_is_refused_at_its_fields_line(tmp_path, front, message):
    from pilgi.errors import InputError
    with pytest.raises(InputError) as caught:
        read_answer(f"---\n{front}---\n# T\n## A\n- x\n", "a.md")
    assert str(caught.value) == message


def test_an_answers_seed_and_title_come_from_its_front_matter():
    sheet = read_answer("---\nlayout: lecture\ntitle: 빵 굽기\nseed: 7\n---\n# T\n## A\n- x\n", "a.md")
    assert (sheet.title, sheet.seed) == ("빵 굽기", 7)
    assert read_answer("---\nlayout: lecture\n---\n# T\n## A\n- x\n", "a.md").seed == 1

def test_a_layout_name_gives_the_templates_boxes(cli, tmp_path):
    answer = tmp_path / "a.md"
    answer.write_text("# Lecture\n" + "".join(f"## {t}\n\n- 내용 {t}\n\n" for t in (
        "Topic Overview", "Key Concepts", "Core Ideas", "Notable Insights", "Practical Applications",
        "Key Takeaways")))
    code, out, err = cli("check", answer, "--layout", "lecture")
    assert code == 0 and "6 sections" in out, err


@pytest.mark.skipif(not (SHARED / "seed").is_dir(), reason="the user's prompt files are not here")
def test_our_answer_to_the_seed_brief_renders_in_the_seeds_layout(cli, tmp_path):
    prompt = SHARED / "seed" / "neural-network-io-cheatsheet-prompt.md"
    report = tmp_path / "r.json"
    code, out, err = cli("render", FIXTURES / "neural-network-io.answer.md", "--layout", prompt,
                         "-o", tmp_path / "p.png", "--report", report)
    assert code == 0, err
    data = json.loads(report.read_text())
    assert [s["title"] for s in data["sections"]] == ["INPUT SPECIFICATION", "OUTPUT SPECIFICATION",
                                                      "NEURAL NETWORK I/O FLOW", "TRAINING LOOP", "KEY INSIGHT",
                                                      "KEY TAKEAWAYS"]
    assert not data["problems"] and not data["unplaced"]


WRITERS = FIXTURES / "writers"  # answers text LLMs wrote for our briefs of the user's prompts, sent back (as
# `pilgi brief --answer` does) while a box was left more than 35% blank: once or twice
BLANK_MOST = 0.35  # the share of a box these answers may leave blank (5 mm squares without ink)


def prompt_for(answer: Path) -> Path:
    stem = answer.name.removesuffix(".answer.md")
    return next(iter(sorted(SHARED.glob(f"*/{stem}-cheatsheet-prompt.md"))), SHARED / "missing")


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="the user's prompt files are not here")
@pytest.mark.parametrize("answer", sorted(WRITERS.glob("*.answer.md")), ids=lambda p: p.name)
def test_writers_answers_fill_every_box_of_their_prompts(cli, tmp_path, answer):
    report = tmp_path / "r.json"
    code, _, err = cli("check", answer, "--layout", prompt_for(answer), "--report", report)
    assert code == 0, err
    data = json.loads(report.read_text())
    assert not data["problems"] and not data["unplaced"]
    regions = {r["name"]: r for r in data["regions"]}
    assert len(data["sections"]) == len(regions) - 1  # every box but the title band
    page = check_file(answer, Options(layout=str(prompt_for(answer)))).page
    blank = blank_fractions(page, raster.render(page.display))
    assert max(blank.values()) <= BLANK_MOST, blank
    band = {r.name: r.band for r in page.regions}
    for k in set(band.values()):
        sizes = [fs.size for fs in page.sections if band[fs.region] == k]
        if sizes and min(sizes) >= page.sections[0].base.min_size * BAND_STEP:  # not crammed at the floor
            assert max(sizes) <= round(min(sizes) * BAND_STEP), (k, sizes)  # neighbours within a size step


def test_boxes_the_prompt_leaves_unnamed_take_the_writers_titles(cli, tmp_path):
    prompt = tmp_path / "topic-cheatsheet-prompt.md"
    prompt.write_text("# Layout Structure\n\n```\n┌──────────────────────────────────────────────┐\n"
                      "│  🍌 NANO BANANA CHEAT SHEET: TOPIC 🍌         │\n"
                      "├──────────────────────────────────────────────┤\n"
                      "│  ┌────────────────────┐  ┌────────────────────┐│\n"
                      "│  │ 📖 [좌측 상단 섹션] │  │ 🎯 [우측 상단 섹션] ││\n"
                      "│  └────────────────────┘  └────────────────────┘│\n"
                      "└──────────────────────────────────────────────┘\n```\n")
    code, brief, _ = cli("brief", prompt)
    assert code == 0 and "좌측 상단" not in brief and brief.count("left unnamed") == 2
    answer = tmp_path / "a.md"
    answer.write_text("# T\n\n## 🧪 Alpha\n\n- 내용 하나\n\n## 🔬 Beta\n\n- 내용 둘\n")
    report = tmp_path / "r.json"
    code, _, err = cli("check", answer, "--layout", prompt, "--report", report)
    assert code == 0, err
    assert [s["title"] for s in json.loads(report.read_text())["sections"]] == ["Alpha", "Beta"]
