"""Page design: text never on a drawn line, spare room to the reader, blank boxes measured."""
from pathlib import Path

from PIL import Image, ImageDraw

from pilgi.backends import raster
from pilgi.blank import blank_fraction, blank_fractions
from pilgi.check import problems
from pilgi.clearance import crossings, ink_boxes
from pilgi.display import Path as StrokePath
from pilgi.layout import Rect
from pilgi.load import load_sheet
from pilgi.page import fit_page

from .conftest import EXAMPLE_YAML, ROOT, write

EXAMPLE_MD = ROOT / "examples" / "neural-network-io.md"
HEAD = "title: 설계\nlayout: lecture\nsections:\n"


def _page(tmp_path, body: str):
    return fit_page(load_sheet(write(tmp_path, "s.yaml", HEAD + body)))


def test_a_label_placed_on_a_drawn_line_is_reported(tmp_path):
    page = _page(tmp_path, "  - title: 선\n    slot: top-left\n    blocks:\n      - text: 줄 위에 놓인 글씨\n")
    assert problems(page) == []
    line = next(ln for ln in page.display.text_lines() if "줄 위에" in ln.text)
    box = ink_boxes(line)[0]
    y = box.y + box.h / 2
    page.display.add(StrokePath([("M", line.x - 40, y), ("L", line.x + line.w + 40, y)], (0, 0, 0), 3.0))
    found = [p for p in problems(page) if "text lies on a drawn line" in p]
    assert len(found) == 1 and "줄 위에 놓인 글씨" in found[0] and "'top-left'" in found[0]


def test_a_line_just_under_the_text_or_a_fill_over_it_is_not_a_crossing(tmp_path):
    page = _page(tmp_path, "  - title: 선\n    slot: top-left\n    blocks:\n      - text: 밑줄 긋기\n")
    line = next(ln for ln in page.display.text_lines() if "밑줄" in ln.text)
    below = line.y + line.h + 6
    page.display.add(StrokePath([("M", line.x, below), ("L", line.x + line.w, below)], (0, 0, 0), 3.0))
    page.display.add(StrokePath([("M", line.x, line.y), ("L", line.x + line.w, line.y),
                                 ("L", line.x + line.w, line.y + line.h), ("Z",)],
                                fill=(255, 226, 84), fill_alpha=150))
    assert crossings(page.display) == []


def test_curves_are_followed_not_just_their_end_points(tmp_path):
    page = _page(tmp_path, "  - title: 곡선\n    slot: top-left\n    blocks:\n      - text: 굽은 선이 지나는 글씨\n")
    line = next(ln for ln in page.display.text_lines() if "굽은" in ln.text)
    box = ink_boxes(line)[0]
    mid = box.y + box.h / 2
    # Both ends well below the text (where nothing is written); the curve bows up through it.
    x0, x1 = box.x, box.right
    low = line.y + line.h + 150
    bend = mid - 1.5 * (low - mid)
    page.display.add(StrokePath([("M", x0, low), ("C", x0, bend, x1, bend, x1, low)], (0, 0, 0), 3.0))
    assert len(crossings(page.display)) == 1


def test_the_examples_have_no_text_on_lines():
    for path in (EXAMPLE_YAML, EXAMPLE_MD):
        page = fit_page(load_sheet(path))
        assert crossings(page.display) == [], path


def test_blank_fraction_counts_empty_cells_against_the_box_background():
    dpi = 300
    image = Image.new("RGB", (1200, 600), (251, 250, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1199, 599), fill=(214, 230, 251))  # the box's own pastel is not ink
    for x in range(0, 1200, 59):  # faint graph paper showing through is not ink either
        draw.line((x, 0, x, 599), fill=(205, 222, 245))
    assert blank_fraction(image, Rect(0, 0, 1200, 600), dpi, 0) == 1.0
    draw.rectangle((0, 0, 599, 599), fill=(35, 37, 43))  # the left half written
    assert abs(blank_fraction(image, Rect(0, 0, 1200, 600), dpi, 0) - 0.5) < 0.06


def _measured(path: Path) -> tuple:
    page = fit_page(load_sheet(path))
    return page, blank_fractions(page, raster.render(page.display))


def test_no_box_of_the_examples_is_more_than_35_percent_blank():
    for path in (EXAMPLE_YAML, EXAMPLE_MD):
        _, blank = _measured(path)
        assert max(blank.values()) <= 0.35, (path.name, blank)


def test_a_box_with_little_in_it_writes_large_and_spreads_it_out(tmp_path):
    body = ("  - title: 요약\n    slot: bottom-right\n    blocks:\n"
            "      - bullets: [입력은 토큰 시퀀스, 출력은 확률 분포, 학습은 조정]\n")
    page = _page(tmp_path, body)
    section = page.sections[0]
    assert section.size > page.theme.pt_px(13, page.dpi)  # well past the old 13 pt ceiling
    texts = [ln for ln in page.display.text_lines() if ln.region == section.region]
    heading = min(texts, key=lambda ln: ln.y)
    assert heading.size > section.size  # the heading grows with its body text
    bottom = max(ln.y + ln.h for ln in texts)
    assert section.rect.bottom - bottom < section.rect.h * 0.3  # not huddled at the top
    assert problems(page) == []


def test_a_long_list_in_a_wide_low_box_runs_in_two_columns(tmp_path):
    items = ", ".join(f"항목 {i} 짧은 줄" for i in range(10))
    page = _page(tmp_path, f"  - title: 목록\n    slot: bottom-right\n    blocks:\n      - bullets: [{items}]\n")
    texts = [ln for ln in page.display.text_lines() if "항목" in ln.text]
    assert len({round(ln.x) for ln in texts}) == 2 and len(texts) == 10
    first, sixth = (next(ln for ln in texts if f"항목 {i} " in ln.text) for i in (0, 5))
    assert sixth.x > first.x and abs(sixth.y - first.y) < 1  # reading order: down, then across
    assert problems(page) == []


def _spec_rows(n: int) -> str:
    rows = "".join(f"          - [항목 {i}, 설명 {i} 입니다, 비고 {i}]\n" for i in range(n))
    return f"      - table:\n          header: [이름, 뜻, 비고]\n          rows:\n{rows}"


def test_neighbours_in_a_band_write_alike_where_it_costs_nothing(tmp_path):
    body = (f"  - title: 왼쪽\n    slot: top-left\n    blocks:\n{_spec_rows(4)}"
            f"  - title: 오른쪽\n    slot: top-right\n    blocks:\n{_spec_rows(3)}")
    page = _page(tmp_path, body)
    left, right = page.sections
    assert left.size == right.size  # three rows could write a little larger; the band reads as one
    assert problems(page) == []
