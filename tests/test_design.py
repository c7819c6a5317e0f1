"""Page design: text never on a drawn line, spare room to the reader, blank boxes measured."""
from dataclasses import replace
from pathlib import Path

from PIL import Image, ImageDraw

from pilgi import blocks
from pilgi import model as m
from pilgi.backends import raster
from pilgi.blank import blank_fraction, blank_fractions
from pilgi.check import problems
from pilgi.clearance import crossings, ink_boxes
from pilgi.context import Ctx
from pilgi.display import Path as StrokePath
from pilgi.display import TextLine
from pilgi.fit import BAND_STEP, FIT_SLACK, _attempt, draw_section, fit_section, width_used
from pilgi.fonts import FontSet
from pilgi.layout import Rect
from pilgi.load import load_sheet
from pilgi.page import fit_page
from pilgi.sketch import Sketcher
from pilgi.text import Typesetter
from pilgi.theme import Theme

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


def test_width_used_is_the_share_of_its_box_a_sections_longest_line_needs(tmp_path):
    short = _page(tmp_path, "  - title: 짧다\n    slot: bottom-right\n    blocks:\n      - bullets: [입력, 출력]\n")
    section = short.sections[0]
    used = width_used(section)
    texts = [ln for ln in short.display.text_lines() if ln.region == section.region]
    widest = max(ln.x + ln.w for ln in texts) - section.rect.x
    assert used < 0.8 and widest <= used * section.rect.w + 1  # the heading's and items' ends lie within it
    prose = " ".join(["입력은 토큰 시퀀스이고 출력은 다음 토큰의 확률 분포이며 학습은 그 확률을 조정한다"] * 6)
    long = _page(tmp_path, f"  - title: 길다\n    slot: bottom-right\n    blocks:\n      - text: {prose}\n")
    assert width_used(long.sections[0]) > 0.85  # wrapped prose needs (nearly) its whole width


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



def test_a_neighbour_that_would_stand_half_empty_at_the_band_size_keeps_its_own(tmp_path):
    # At the band's size the right box's two items each unwrap to one line: half of it
    # would be paper. It keeps its own size, still within a step of its neighbour's.
    left = "".join(f"          - 왼쪽 상자의 {i}번째 항목은 조금 길게 씁니다\n" for i in range(4))
    item = "토큰은 모델이 읽는 가장 작은 단위이며 문장은 여러 토큰으로"
    body = (f"  - title: 왼쪽\n    slot: top-left\n    blocks:\n      - bullets:\n{left}"
            f"  - title: 오른쪽\n    slot: top-right\n    blocks:\n      - bullets: [{item}, {item}]\n")
    page = _page(tmp_path, body)
    left_box, right_box = page.sections
    assert left_box.size < right_box.size <= left_box.size * BAND_STEP
    own = fit_section(right_box.section, right_box.region, right_box.rect, right_box.base)
    assert right_box.size == own.size
    assert problems(page) == []

def test_a_box_far_above_its_neighbour_writes_a_step_above_it_even_if_emptier(tmp_path):
    # A short list beside a long one would write far larger; the band reads as one
    # when each box is within a step of the other.
    left = "".join(f"          - 왼쪽 상자의 {i}번째 항목은 조금 길게 씁니다 그리고 더 씁니다\n" for i in range(5))
    body = (f"  - title: 왼쪽\n    slot: top-left\n    blocks:\n      - bullets:\n{left}"
            f"  - title: 오른쪽\n    slot: top-right\n    blocks:\n      - bullets: [짧다, 작다]\n")
    page = _page(tmp_path, body)
    left_box, right_box = page.sections
    own = fit_section(right_box.section, right_box.region, right_box.rect, right_box.base)
    assert own.size > left_box.size * BAND_STEP  # on its own it would write far larger
    assert right_box.size <= round(left_box.size * BAND_STEP)
    assert problems(page) == []


# -- room a box's first arrangement leaves unused ------------------------------------

def _fitted_lines(section, rect: Rect):
    """The section fitted in ``rect`` on its own, and the lines of writing it draws."""
    theme = Theme()
    base = Ctx(theme, Typesetter(FontSet(theme), theme), Sketcher(1, 300), 300, "r", 33, 33)
    fs = fit_section(section, "r", rect, base)
    return fs, [op for op in draw_section(fs) if isinstance(op, TextLine)]


def _chain(count: int) -> m.Flow:
    names = ["Input Tokens", "Embedding", "Layer Norm", "Attention", "MLP Block", "Residual", "Softmax", "Sample"]
    nodes = [m.FlowNode(f"n{i}", name) for i, name in enumerate(names[:count])]
    return m.Flow(nodes, [m.FlowEdge(f"n{i}", f"n{i + 1}") for i in range(count - 1)], "LR")


def test_writing_under_a_diagram_as_wide_as_its_box_grows_into_the_height_it_leaves():
    # A long chain fills the box's width long before its height: the note under it
    # takes the height the chain cannot use, not a band of paper round the chain.
    section = m.Section("흐름", [_chain(8), m.Text("토큰이 한 층씩 지나며 다음 토큰의 확률이 된다")])
    fs, lines = _fitted_lines(section, Rect(0, 0, 1600, 1400))
    note = next(ln for ln in lines if "확률" in ln.text)
    assert fs.section.blocks[0].direction == "LR"
    assert fs.size < note.size <= round(fs.size * fs.base.theme.heading_scale)
    labels = [ln for ln in lines if ln.text in ("Embedding", "Attention")]
    assert labels and all(ln.y + ln.h < note.y for ln in labels)


def test_what_follows_a_list_split_in_two_columns_may_run_on_in_the_second():
    items = [f"항목 {i}: 짧은 설명 한 줄" for i in range(5)]
    section = m.Section("목록", [m.ListBlock(items), m.Text("마지막 한 줄 요약")])
    fs, lines = _fitted_lines(section, Rect(0, 0, 3000, 420))
    first = next(ln for ln in lines if ln.text.startswith("항목 0"))
    fourth = next(ln for ln in lines if ln.text.startswith("항목 3"))
    summary = next(ln for ln in lines if "요약" in ln.text)
    assert fourth.x > first.x  # down the first column, then the second
    assert summary.x > first.x and summary.y > fourth.y  # under the second half, not a line of its own


def test_a_thin_wide_box_writes_its_heading_beside_its_line_when_that_writes_larger():
    chain = "Pretraining (knowledge) ▶ SFT (format) ▶ RLHF (preference) ← 지금 여기 ▶ Assistant"
    section = m.Section("WHERE RLHF FITS", [m.Text(chain)])
    fs, lines = _fitted_lines(section, Rect(0, 0, 3200, 260))
    heading = next(ln for ln in lines if "WHERE" in ln.text)
    body = [ln for ln in lines if ln is not heading]
    assert body and all(ln.x > heading.x + heading.w for ln in body)  # beside it, not under it
    assert body[0].y < heading.y + heading.h
    _, lines = _fitted_lines(section, Rect(0, 0, 3200, 700))  # room under it: the heading on top
    heading = next(ln for ln in lines if "WHERE" in ln.text)
    assert all(ln.y > heading.y + heading.h for ln in lines if ln is not heading)


def test_a_body_over_by_a_fraction_of_a_pixel_fits_and_by_more_does_not():
    # Sizes step by a pixel: a list a rounding short of its box is not a reason to
    # write a size smaller with a third of the box left blank.
    theme = Theme()
    ctx = Ctx(theme, Typesetter(FontSet(theme), theme), Sketcher(1, 300), 300, "r", 50, 33)
    section = m.Section("목록", [m.ListBlock(["첫째 항목", "둘째 항목", "셋째 항목"])])
    probe = Rect(0, 0, 1200, 2000)
    frame, body = _attempt(section, ctx, probe, None)
    need = blocks.measure(body, ctx, frame.body.w).height
    chrome = probe.h - frame.body.h  # padding and heading round the body
    assert isinstance(_attempt(section, ctx, Rect(0, 0, 1200, chrome + need - FIT_SLACK / 2), None), tuple)
    assert not isinstance(_attempt(section, ctx, Rect(0, 0, 1200, chrome + need - 2 * FIT_SLACK), None), tuple)


def test_a_top_down_chain_that_fits_a_wide_box_only_wrapped_turns_instead():
    names = ["Input Tokens", "Embedding", "Layer Norm", "Attention", "MLP Block", "Residual"]
    top_down = m.Section("흐름", [replace(_chain(6), direction="TB"), m.Text("토큰이 한 층씩 지나간다")])
    _, lines = _fitted_lines(top_down, Rect(0, 0, 3000, 900))
    firsts = [next(ln for ln in lines if ln.text.startswith(name.split()[0])) for name in names]
    assert [ln.x for ln in firsts] == sorted(ln.x for ln in firsts)  # left to right, in one row
    assert max(ln.y for ln in firsts) - min(ln.y for ln in firsts) < firsts[0].h * 2
    theme = Theme()
    base = Ctx(theme, Typesetter(FontSet(theme), theme), Sketcher(1, 300), 300, "r", 33, 33)
    tall = fit_section(top_down, "r", Rect(0, 0, 1000, 2600), base)
    assert tall.section.blocks[0].direction == "TB"  # it fits as written: kept


def test_room_the_writing_cannot_take_goes_back_to_the_diagram():
    # At the largest size the note cannot grow: the flow keeps its share and spreads
    # down the box, rather than leaving a band of paper above the note.
    chain = m.Flow([m.FlowNode(k, k) for k in ("Start", "Middle", "End")],
                   [m.FlowEdge("Start", "Middle"), m.FlowEdge("Middle", "End")])
    rect = Rect(0, 0, 1200, 2400)
    fs, lines = _fitted_lines(m.Section("흐름", [chain, m.Text("짧은 설명 한 줄")]), rect)
    assert fs.size == fs.base.max_size
    end = next(ln for ln in lines if ln.text == "End")
    note = next(ln for ln in lines if "설명" in ln.text)
    assert 0 < note.y - (end.y + end.h) < rect.h * 0.2
