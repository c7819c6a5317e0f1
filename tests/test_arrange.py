"""The fitter chooses where each block is drawn and at what size (arrange.py); drawing
reads its choice: a diagram drawn at the size its FittedSection records, writing
beside or under it likewise, and nothing measured again while drawing."""
from __future__ import annotations

import pytest

from pilgi import model as m
from pilgi.arrange import Placed
from pilgi.context import Ctx
from pilgi.display import TextLine
from pilgi.fit import FittedSection, draw_section, fit_section
from pilgi.fonts import FontSet
from pilgi.layout import Rect
from pilgi.load import load_sheet
from pilgi.page import fit_page
from pilgi.sketch import Sketcher
from pilgi.text import Typesetter
from pilgi.theme import Theme

from .conftest import EXAMPLE_YAML

# One word as wide as the box at a middling size: it holds the section's writing there.
LONG_WORD = "tokenizer.encode(prompt).input_ids.attention_mask"
SHORT = ["Start", "Middle", "End"]
CHAIN = ["Input Tokens", "Embedding", "Layer Norm", "Attention", "MLP Block", "Residual", "Softmax", "Sample"]


@pytest.fixture(scope="module")
def base() -> Ctx:
    theme = Theme()
    return Ctx(theme, Typesetter(FontSet(theme), theme), Sketcher(1, 300), 300, "r", 33, 33)


def _chain(names: list[str], direction: str = "LR") -> m.Flow:
    nodes = [m.FlowNode(f"n{i}", name) for i, name in enumerate(names)]
    return m.Flow(nodes, [m.FlowEdge(f"n{i}", f"n{i + 1}") for i in range(len(names) - 1)], direction)


def _part(fs, kind) -> Placed:
    (part,) = [p for p in fs.placed.walk() if isinstance(p.block, kind)]
    return part


def _lines(ops, texts) -> list[TextLine]:
    return [op for op in ops if isinstance(op, TextLine) and op.text in texts]


def test_a_diagram_with_room_to_spare_is_recorded_and_drawn_at_its_grown_size(base):
    section = m.Section("흐름", [_chain(SHORT, "TB"), m.Text(LONG_WORD)])
    fs = fit_section(section, "r", Rect(0, 0, 1400, 2400), base)
    flow = _part(fs, m.Flow)
    assert flow.size == fs.size < flow.diagram_size  # it grew beyond the section's writing
    labels = _lines(draw_section(fs), SHORT)
    assert len(labels) == 3 and {ln.size for ln in labels} == {flow.diagram_size}


def test_writing_under_a_diagram_is_recorded_and_drawn_at_its_grown_size(base):
    # A long chain fills the box's width first; the note under it takes the height.
    section = m.Section("흐름", [_chain(CHAIN), m.Text("토큰이 한 층씩 지나며 다음 토큰의 확률이 된다")])
    fs = fit_section(section, "r", Rect(0, 0, 1600, 1400), base)
    note = _part(fs, m.Text)
    assert note.size > fs.size
    (drawn,) = [op for op in draw_section(fs) if isinstance(op, TextLine) and "확률" in op.text]
    assert drawn.size == note.size
    assert _part(fs, m.Flow).rect.bottom <= note.rect.y  # placed under the chain


def test_writing_beside_a_diagram_is_recorded_and_drawn_at_its_grown_size(base):
    items = ["첫째 줄", "둘째 줄", "셋째 줄"]
    row = m.Row([_chain(SHORT, "TB"), m.ListBlock(items)])
    fs = fit_section(m.Section("나란히", [row, m.Text(LONG_WORD)]), "r", Rect(0, 0, 1400, 2000), base)
    beside = _part(fs, m.ListBlock)
    assert fs.size < beside.size <= round(fs.size * 1.2)  # a size step at most
    assert _part(fs, m.Text).size == fs.size
    assert {ln.size for ln in _lines(draw_section(fs), items)} == {beside.size}


def test_drawing_chooses_no_size(monkeypatch):
    """Drawn after its arrangement is recorded, with every way of choosing a size
    refused, a section draws what it draws otherwise."""
    section = m.Section("흐름", [_chain(CHAIN), m.Text("토큰이 한 층씩 지나며 다음 토큰의 확률이 된다")])

    def fitted() -> FittedSection:  # a fresh pen each time: the same wobble
        theme = Theme()
        ctx = Ctx(theme, Typesetter(FontSet(theme), theme), Sketcher(1, 300), 300, "r", 33, 33)
        return fit_section(section, "r", Rect(0, 0, 1600, 1400), ctx)
    expected = draw_section(fitted())
    fs = fitted()
    assert fs.placed

    def refuse(*args, **kwargs):
        raise AssertionError("a size chosen while drawing")
    monkeypatch.setattr(Ctx, "largest_fitting", refuse)
    assert draw_section(fs) == expected


def test_largest_fitting_gives_the_measurement_of_the_size_it_chose(base):
    asked: list[int] = []

    def width_at(at: Ctx) -> float | None:
        asked.append(at.size)
        return at.size * 10.0 if at.size <= 47 else None
    at, measured = base.at(40).largest_fitting(60, width_at, known=400.0)
    assert (at.size, measured) == (47, 470.0)
    assert 40 not in asked  # its own size is known, not measured
    at, measured = base.at(50).largest_fitting(60, width_at, known=123.0)
    assert (at.size, measured) == (50, 123.0)


def test_a_page_drawn_at_another_resolution_records_its_arrangement_scaled(tmp_path):
    sheet = load_sheet(EXAMPLE_YAML)
    full = fit_page(sheet)
    sheet.page.dpi = 150
    half = fit_page(sheet)
    for big, small in zip(full.sections, half.sections):
        assert [p.rect.scaled(0.5) for p in big.placed.walk()] == [p.rect for p in small.placed.walk()]
        assert [p.diagram_size for p in big.placed.walk() if p.diagram_size] == \
            [p.diagram_size * 2 for p in small.placed.walk() if p.diagram_size]


def test_a_diagram_whose_share_stays_is_grown_once(base, monkeypatch):
    # At the largest size the note under the flow cannot grow: the flow keeps the
    # share it was grown in while the note's room was worked out, so its size there
    # is its size, not sought a second time.
    from pilgi import arrange
    asked = []
    real = arrange.grown
    monkeypatch.setattr(arrange, "grown", lambda *args: asked.append(args[1]) or real(*args))
    section = m.Section("흐름", [_chain(SHORT, "TB"), m.Text("짧은 설명 한 줄")])
    fs = fit_section(section, "r", Rect(0, 0, 1200, 2400), base)
    assert fs.size == base.max_size
    flow = _part(fs, m.Flow)
    assert len(asked) == 1 and flow.diagram_size == fs.size
