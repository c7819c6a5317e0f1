"""The example sheet, rendered once: geometry, glyphs, determinism, PNG and PDF."""
import json

import pytest
from PIL import Image
from pypdf import PdfReader

from pilgi import model as m
from pilgi.check import problems, written_texts
from pilgi.errors import FitError, Overflow
from pilgi.fonts import INVISIBLE
from pilgi.layout import Rect
from pilgi.load import load_sheet
from pilgi.page import fit_page
from pilgi.text import plain

from .conftest import EXAMPLE_YAML, write


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    from pilgi.cli import main
    out = tmp_path_factory.mktemp("out")
    report = out / "report.json"
    assert main(["render", str(EXAMPLE_YAML), "-o", str(out), "--report", str(report)]) == 0
    return out, json.loads(report.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def page():
    return fit_page(load_sheet(EXAMPLE_YAML))


def test_png_is_a4_landscape_at_300_dpi(rendered):
    out, report = rendered
    with Image.open(out / "neural-network-io.png") as im:
        assert im.size == (3508, 2480)
        assert round(im.info["dpi"][0]) == 300
    assert report["page"] == {"width_px": 3508, "height_px": 2480, "dpi": 300}
    assert report["problems"] == []


def test_band_heights_are_within_one_percent_of_the_layout(rendered):
    _, report = rendered
    bands = report["bands"]
    content_h = sum(b["h"] for b in bands)
    for band, want in zip(bands, [10, 25, 40, 25]):
        assert abs(band["h"] / content_h * 100 - want) <= 1


def test_no_text_crosses_its_region_or_other_text(rendered):
    _, report = rendered
    regions = {r["name"]: Rect(r["x"], r["y"], r["w"], r["h"]) for r in report["regions"]}
    boxes = [Rect(t["x"], t["y"], t["w"], t["h"]) for t in report["texts"]]
    assert len(boxes) > 50
    for t, box in zip(report["texts"], boxes):
        assert regions[t["region"]].contains(box), t
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b, tol=1.0), (a, b)


def test_smallest_text_is_at_least_8_pt(rendered):
    _, report = rendered
    assert min(t["font_px"] for t in report["texts"]) >= 33


def test_every_written_character_is_drawn_with_a_real_glyph(page):
    from fontTools.ttLib import TTFont
    drawn = {}
    for line in page.display.text_lines():
        for run in line.runs:
            if run.kind == "icon":
                continue
            cmap = drawn.setdefault(run.font, set(TTFont(str(run.font), lazy=True).getBestCmap()))
            for ch in run.text:
                if ch not in INVISIBLE:  # variation selectors and joiners shape, they have no glyph
                    assert ord(ch) in cmap, (ch, run.font)
    written = "".join(plain(t) for _, t in written_texts(page.sheet))
    on_page = "".join(line.text for line in page.display.text_lines())
    for ch in set(written) - set(" \n\ufe0f"):
        assert ch in on_page, ch


def test_no_layout_instruction_is_written(tmp_path):
    sheet = write(tmp_path, "hints.md", """
        # 🍌 힌트 시트
        ## ⚡ 3. Main Flow (Flowchart) (이 섹션이 가장 넓어야 함!)
        ```mermaid
        flowchart LR
          A --> B
        ```
        ## 📌 Key Takeaways (좌측 하단)
        - 요점 하나
        """)
    page = fit_page(load_sheet(sheet))
    text = " ".join(line.text for line in page.display.text_lines())
    assert "Main Flow" in text and "Key Takeaways" in text
    for hint in ("넓어야", "(Flowchart)", "좌측 하단", "3."):
        assert hint not in text, hint


def test_every_part_of_the_seed_plan_is_on_the_page(rendered):
    _, report = rendered
    text = " ".join(t["text"] for t in report["texts"])
    for needle in ["Neural Network I/O", "Key Concepts", "Token Sequence", "Context Window",
                   "Next Token Prediction", "가변 길이 0~8K", "고정 100,277", "Repeat in parallel batches",
                   "atoms", "nudging", "Property", "100,277", "Vocabulary Size", "Training Update"]:
        assert needle in text, needle


def test_same_input_and_seed_give_identical_png(tmp_path, cli):
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    for target in (a, b):
        code, _, err = cli("render", EXAMPLE_YAML, "-o", target, "--dpi", "120", "--seed", "9")
        assert code == 0, err
    assert a.read_bytes() == b.read_bytes()
    code, _, _ = cli("render", EXAMPLE_YAML, "-o", tmp_path / "c.png", "--dpi", "120", "--seed", "10")
    assert (tmp_path / "c.png").read_bytes() != a.read_bytes()


def test_pdf_is_exactly_a4_and_its_text_is_searchable(rendered):
    out, _ = rendered
    reader = PdfReader(out / "neural-network-io.pdf")
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    text = reader.pages[0].extract_text()
    for needle in ["Neural Network", "Token Sequence", "신경망을 살짝 조정하는 개념", "100,277"]:
        assert needle in text, needle


# --- fitting a page whose content the rules placed badly ------------------------------------

def chain(count: int, direction: str) -> m.Flow:
    nodes = [m.FlowNode(f"n{i}", f"데이터 처리 단계 {i}") for i in range(count)]
    return m.Flow(nodes, [m.FlowEdge(f"n{i}", f"n{i + 1}") for i in range(count - 1)], direction)


def test_a_flowchart_too_long_for_its_written_direction_turns():
    # Twelve steps written top-down cannot stack in the 40% band; left to right they fit.
    written = chain(12, "TB")
    fitted = fit_page(m.Sheet("Turn", [m.Section("Chain", [written], "center")], layout="lecture"))
    assert fitted.sections[0].section.blocks[0].direction == "auto"
    assert written.direction == "TB"  # the sheet itself is left as written
    short = chain(3, "TB")
    fitted = fit_page(m.Sheet("Keep", [m.Section("Chain", [short], "center")], layout="lecture"))
    assert fitted.sections[0].section.blocks[0] is short  # fits as written: kept


def test_a_section_placed_by_rule_trades_slots_when_it_does_not_fit(tmp_path):
    # The rule gives the mind map (more nodes) the centre and the long chain a top cell,
    # where it cannot fit in any direction: the two trade places.
    branches = "\n".join(f"    가지 {b}\n" + "\n".join(f"      잎 {b}-{k}" for k in range(2)) for b in range(4))
    # The loop back to the start leaves no place to wrap the chain into two rows.
    steps = "\n".join(f"    N{i}[데이터 처리 단계 {i}] --> N{i + 1}[데이터 처리 단계 {i + 1}]" for i in range(12))
    steps += "\n    N12 --> N0"
    path = tmp_path / "trade.md"
    path.write_text(f"# 🍌 Trade\n\n## 🗺️ Map\n\n```mermaid\nmindmap\n  root((뿌리))\n{branches}\n```\n\n"
                    f"## ⚡ Pipeline\n\n```mermaid\nflowchart LR\n{steps}\n```\n\n## 📌 Notes\n\n- 짧은 메모\n",
                    encoding="utf-8")
    sheet = load_sheet(path)
    assert {s.title: s.slot for s in sheet.sections} == {"Map": "center", "Pipeline": "top-left",
                                                        "Notes": "top-right"}
    fitted = fit_page(sheet)
    assert {fs.section.title: fs.region for fs in fitted.sections} == {"Map": "top-left", "Pipeline": "center",
                                                                      "Notes": "top-right"}
    pinned = [m.Section(s.title, s.blocks, s.slot) for s in sheet.sections]  # the author's slots stay
    with pytest.raises(FitError, match="Pipeline") as caught:
        fit_page(m.Sheet("Pinned", pinned, layout="lecture"))
    assert [o.box for o in caught.value.overflows] == ["'Pipeline' (slot top-left)"]


def test_a_fit_errors_message_is_made_of_the_boxes_over():
    left = Overflow("'A' (slot left)", "does not fit: over by 12 px")
    right = Overflow("'B' (slot right)", "has a flowchart of 99 nodes")
    assert FitError([left]).message == "section 'A' (slot left) does not fit: over by 12 px"
    assert FitError([left, right]).message == ("2 sections do not fit: 'A' (slot left) does not fit: over by 12 px; "
                                               "'B' (slot right) has a flowchart of 99 nodes")
    title = Overflow("the title", "does not fit the title band at the smallest size 33 px", kind="")
    assert FitError([title]).message == "the title does not fit the title band at the smallest size 33 px"


def test_a_thin_band_holding_only_a_heading_shrinks_the_heading_to_fit():
    spec = {"name": "footer", "bands": [{"height": 12, "cells": [{"slot": "title"}]},
                                        {"height": 80, "cells": [{"slot": "body"}]},
                                        {"height": 8, "cells": [{"slot": "foot"}]}]}
    sheet = m.Sheet("Notes", [m.Section("Body", [m.Text("본문")], "body"),
                              m.Section("참고: OpenTelemetry 문서 · SRE Book 6장", [], "foot", icon="📎")],
                    layout="inline", layout_spec=spec)
    fitted = fit_page(sheet)
    foot = next(fs for fs in fitted.sections if fs.region == "foot")
    assert foot.frame.header.size < fit_page(m.Sheet("Notes", sheet.sections[:1], layout="inline",
                                                     layout_spec=spec)).sections[0].frame.header.size
    assert problems(fitted) == []
