"""Text blocks are drawn from what they wrapped once, spread over the height they are given."""
from __future__ import annotations

from dataclasses import replace

import pytest

from pilgi import blocks
from pilgi.context import Ctx, text_ops
from pilgi.fonts import FontSet
from pilgi.layout import Rect
from pilgi.model import ListBlock, Quote, Table
from pilgi.sketch import Sketcher
from pilgi.text import Typesetter
from pilgi.theme import Theme

LIST = ListBlock(["첫 번째 항목", "second item with **bold**", "third"], "bullet")
TABLE = Table(["Term", "뜻"], [["Token", "텍스트 조각"], ["Vocabulary", "100,277 tokens"]])
QUOTE = Quote("Attention is all you need", note="주의가 전부다", source="Vaswani")


@pytest.fixture(scope="module")
def ctx() -> Ctx:
    theme = Theme()
    ts = Typesetter(FontSet(theme), theme)
    return Ctx(theme, ts, Sketcher(1, 300), 300, "r", 40, 33)


@pytest.fixture
def wraps(ctx, monkeypatch) -> list[str]:
    """The texts the typesetter is asked to wrap."""
    asked: list[str] = []
    real_wrap = ctx.ts.wrap

    def counted_wrap(text, *args, **kwargs):
        asked.append(text)
        return real_wrap(text, *args, **kwargs)
    monkeypatch.setattr(ctx.ts, "wrap", counted_wrap)
    return asked


@pytest.mark.parametrize("block, texts", [(LIST, 3), (TABLE, 6), (QUOTE, 3)], ids=["list", "table", "quote"])
def test_a_block_is_drawn_wrapping_each_text_once(ctx, wraps, block, texts):
    need = blocks.measure(block, ctx, 1200)
    wraps.clear()
    ops = blocks.draw(block, ctx, Rect(0, 0, 1200, need.height))
    assert len(wraps) == texts and len(set(wraps)) == texts
    assert len(text_ops(ops)) >= texts


@pytest.mark.parametrize("block", [LIST, TABLE], ids=["list", "table"])
def test_spare_height_opens_the_rows_evenly(ctx, block):
    need = blocks.measure(block, ctx, 1200).height
    tight = text_ops(blocks.draw(block, ctx, Rect(0, 0, 1200, need)))
    spare = 120.0
    loose = text_ops(blocks.draw(block, ctx, Rect(0, 0, 1200, need + spare)))
    rows = sorted({round(t.y, 3) for t in tight})
    shifts = sorted({round(b.y - a.y, 3) for a, b in zip(tight, loose)})
    steps = [b - a for a, b in zip(shifts, shifts[1:])]
    assert len(shifts) == len(rows)  # each row moves down by its own amount...
    assert steps and max(steps) - min(steps) < 0.01  # ...growing by the same share per row
    assert shifts[-1] < spare


def test_a_list_too_wide_to_wrap_measures_as_not_fitting(ctx):
    assert blocks.measure(replace(LIST, items=["x" * 400]), ctx.at(200), 100) is None
