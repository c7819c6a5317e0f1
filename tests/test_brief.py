"""`pilgi brief`: the prompt's boxes with measured room, its source and plan, nothing for an image model."""
import re
from pathlib import Path

import pytest

from pilgi.brief import measure_rooms
from pilgi.readers.prompt_parts import read_prompt_parts

from .conftest import SHARED

FIXTURES = Path(__file__).parent / "fixtures" / "answers"
PROMPT = FIXTURES / "bread-cheatsheet-prompt.md"
IMAGE_MODEL_TEXT = ("Please generate", "IMPORTANT", "첨부된 이미지", "이미지 생성", "모눈종이", "배치해주세요",
                    "이 섹션이 가장 넓어야")


def brief_of(cli, path: Path, *extra) -> str:
    code, out, err = cli("brief", path, *extra)
    assert code == 0, err
    return out


def box_headings(brief: str) -> list[str]:
    return re.findall(r"^### \d+\. `## (.+)`$", brief, re.MULTILINE)


def test_the_brief_lists_the_boxes_in_order_with_a_range_of_lines(cli):
    brief = brief_of(cli, PROMPT)
    assert box_headings(brief) == ["🧪 STARTER", "💧 HYDRATION", "⚡ BAKING FLOW", "💡 KEY INSIGHT",
                                   "📌 KEY TAKEAWAYS"]
    ranges = [tuple(map(int, r)) for r in re.findall(r"Room: (\d+)–(\d+) lines of about \d+", brief)]
    assert len(ranges) == 5 and all(0 < low < high for low, high in ranges)
    assert "no prose before or after the sheet" in brief.lower()


def test_the_brief_carries_source_and_plan_but_nothing_for_an_image_model(cli):
    brief = brief_of(cli, PROMPT)
    assert "Bulk fermentation takes 4 to 6 hours" in brief  # the source
    assert "Create a Mermaid flowchart showing the steps" in brief  # the plan
    for text in IMAGE_MODEL_TEXT:
        assert text not in brief, text
    assert "flowchart" in brief and "sequenceDiagram" in brief  # the Mermaid pilgi draws


def test_room_grows_with_the_box():
    parts = read_prompt_parts(PROMPT.read_text(), PROMPT)
    rooms = measure_rooms(parts.page, str(PROMPT))
    wide, half = rooms["b2c0"], rooms["b1c0"]
    assert wide.chars > half.chars and wide.lines * wide.chars > half.lines * half.chars
    assert wide.nodes >= half.nodes


def test_a_short_flowchart_takes_the_lines_the_brief_says(cli):
    # Writers asked how much of a box a diagram takes: the brief says, and the page agrees.
    from pilgi import model as m
    from pilgi.brief import CHART_NODES, COMFORTABLE_PT, SAMPLE, _chain
    from pilgi.page_fitter import PageFitter
    parts = read_prompt_parts(PROMPT.read_text(), PROMPT)
    room = measure_rooms(parts.page, str(PROMPT))["b2c0"]
    assert 0 < room.chart_lines < room.lines
    assert f"a short one takes about {room.chart_lines} of those lines" in brief_of(cli, PROMPT)
    fitter = PageFitter(m.Sheet(title="·", sections=[], layout=parts.page.layout,
                                layout_spec=parts.page.layout_spec, path=str(PROMPT)))
    line = SAMPLE[:room.chars].strip()

    def fits(extra: int) -> bool:
        blocks = [_chain(CHART_NODES), m.ListBlock([line] * (room.lines - room.chart_lines + extra))]
        return fitter.fits_at(m.Section("⚡ BAKING FLOW", blocks, slot="b2c0"), "b2c0", fitter.pt(COMFORTABLE_PT))
    assert fits(0) and not fits(1)


def test_a_lecture_file_is_briefed_in_a_template(cli, tmp_path):
    lecture = tmp_path / "lecture.md"
    lecture.write_text("---\ntitle: \"Tokenization\"\n---\n\n# Tokenization\n\nBytes become tokens by BPE.\n")
    brief = brief_of(cli, lecture, "--template", "tutorial")
    assert box_headings(brief)[:2] == ["🗺️ Overview", "✅ Prerequisites"]
    assert "Bytes become tokens by BPE." in brief and "# Tokenization" in brief


def test_brief_writes_a_file(cli, tmp_path):
    target = tmp_path / "b.md"
    code, out, _ = cli("brief", PROMPT, "-o", target)
    assert code == 0 and target.read_text().startswith("# Brief")


@pytest.mark.skipif(not (SHARED / "seed").is_dir(), reason="the user's prompt files are not here")
def test_the_seed_brief(cli):
    brief = brief_of(cli, SHARED / "seed" / "neural-network-io-cheatsheet-prompt.md")
    assert [h.split(" ", 1)[1] for h in box_headings(brief)] == [
        "INPUT SPECIFICATION", "OUTPUT SPECIFICATION", "NEURAL NETWORK I/O FLOW", "TRAINING LOOP", "KEY INSIGHT",
        "KEY TAKEAWAYS"]
    assert brief.count("- Room: ") == 6
    assert "[14:30]" in brief and "Key Concepts Matrix" in brief
    for text in IMAGE_MODEL_TEXT + ("펜 노트필기", "작업 결과 요약", "Bash와 Write"):
        assert text not in brief, text


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="the user's prompt files are not here")
def test_every_corpus_prompt_is_briefed(cli):
    for path in sorted((SHARED / "corpus").glob("*.md")):
        brief = brief_of(cli, path)
        assert len(box_headings(brief)) >= 4, path
        for text in IMAGE_MODEL_TEXT:
            assert text not in brief, (path, text)
