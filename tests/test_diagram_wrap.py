"""Diagrams that change arrangement to grow into their box: a long flowchart chain
wrapped into two rows (a snake), a mind map's branches in one column in a tall slot."""
from __future__ import annotations

from dataclasses import replace

import pytest

from pilgi import model as m
from pilgi.context import Ctx, text_ops
from pilgi.diagrams import draw, flow, mindmap
from pilgi.diagrams.flow_rows import cuts
from pilgi.errors import FitError
from pilgi.fit import fit_section
from pilgi.fonts import FontSet
from pilgi.layout import Rect
from pilgi.model import Flow, FlowEdge, FlowNode, MindMap, MindNode
from pilgi.page import fit_page
from pilgi.sketch import Sketcher
from pilgi.text import Typesetter
from pilgi.theme import Theme

from .test_diagrams import assert_flow_geometry_ok, assert_writing_ok, crosses, fitted, inner


@pytest.fixture(scope="module")
def ctx() -> Ctx:
    theme = Theme()
    ts = Typesetter(FontSet(theme), theme)
    return Ctx(theme, ts, Sketcher(1, 300), 300, "r", 80, 33)


def chain(direction: str, count: int = 8, label: str = "") -> Flow:
    names = ["Input Tokens", "Embedding", "Layer Norm", "Attention Block", "MLP Block", "Residual Add",
             "Logit Softmax", "Prediction", "Sampling", "Output Text"][:count]
    nodes = [FlowNode(f"n{i}", name) for i, name in enumerate(names)]
    middle = count // 2
    edges = [FlowEdge(f"n{i}", f"n{i + 1}", label if i + 1 == middle else "") for i in range(count - 1)]
    return Flow(nodes, edges, direction)


def largest_in_one_row(block: Flow, ctx: Ctx, rect: Rect) -> int:
    """The largest size at which the chain fits ``rect`` unwrapped."""
    for size in range(ctx.size, ctx.min_size - 1, -1):
        geo = flow.natural(block, ctx.at(size), block.direction, rect.w)
        if geo is not None and geo.bounds.h <= rect.h:
            return size
    return 0


def order_along(geo: flow.FlowGeometry, ids: list[str], horizontal: bool) -> list[float]:
    return [(geo.nodes[v].shape.x if horizontal else geo.nodes[v].shape.y) for v in ids]


@pytest.mark.parametrize("direction,rect", [("LR", Rect(0, 0, 2400, 1100)), ("RL", Rect(0, 0, 2400, 1100)),
                                            ("TB", Rect(0, 0, 1500, 1400)), ("BT", Rect(0, 0, 1500, 1400))])
def test_a_long_chain_wraps_into_a_snake_that_writes_larger(ctx, direction, rect):
    block = chain(direction)
    c = fitted(flow, block, ctx, rect)
    assert c.size > largest_in_one_row(block, ctx, rect)  # wrapping is what bought the size
    geo = flow.layout(block, c, rect)
    assert geo.rows == 2
    assert_flow_geometry_ok(geo)
    assert rect.contains(geo.bounds, tol=1.0)
    horizontal = direction in ("LR", "RL")
    ids = [n.id for n in block.nodes]
    turn = next(r for r in geo.routes if r.edge.src == "n3" and r.edge.dst == "n4")
    first, second = ids[:4], ids[4:]
    # The first row runs the written way, the second comes back beside it.
    forward = direction in ("LR", "TB")
    along_first, along_second = order_along(geo, first, horizontal), order_along(geo, second, horizontal)
    assert along_first == sorted(along_first, reverse=not forward)
    assert along_second == sorted(along_second, reverse=forward)
    across = (lambda r: r.y) if horizontal else (lambda r: r.x)
    far_edge = (lambda r: r.bottom) if horizontal else (lambda r: r.right)
    assert max(far_edge(geo.nodes[v].shape) for v in first) < min(across(geo.nodes[v].shape) for v in second)
    # Two rows of one length, flush at the turn: one wrapped line, not a line and a stub.
    spans = []
    for row in (first, second):
        shapes = [geo.nodes[v].shape for v in row]
        lo = min((r.x if horizontal else r.y) for r in shapes)
        hi = max((r.right if horizontal else r.bottom) for r in shapes)
        spans.append((lo, hi))
    assert abs((spans[0][1] - spans[0][0]) - (spans[1][1] - spans[1][0])) < 2.0
    assert abs(spans[0][forward] - spans[1][forward]) < 2.0
    # One arrow turns round the far end, crossing no node.
    assert len(turn.points) == 4
    for n in geo.nodes.values():
        if n.node.id not in ("n3", "n4"):
            assert not crosses(turn.points, inner(n.shape))
    written = " ".join(t.text for t in text_ops(draw(flow, block, c, rect)))
    for node in block.nodes:
        assert all(word in written for word in node.label.split())


def test_a_chain_that_fits_in_one_row_stays_in_one(ctx):
    block = chain("LR", 5)
    rect = Rect(0, 0, 3200, 500)
    geo = flow.layout(block, fitted(flow, block, ctx, rect), rect)
    assert geo.rows == 1


def test_a_loop_back_across_every_cut_keeps_the_chain_in_one_row(ctx):
    block = chain("LR")
    looped = Flow(block.nodes, block.edges + [FlowEdge("n7", "n0", "again")], "LR")
    assert cuts(flow.rank(looped)) == []
    rect = Rect(0, 0, 2400, 1100)
    geo = flow.layout(looped, fitted(flow, looped, ctx, rect), rect)
    assert geo.rows == 1


def test_cuts_need_one_node_each_side_and_one_edge_across():
    branched = Flow([FlowNode(v, v) for v in "abcdef"],
                    [FlowEdge("a", "b"), FlowEdge("b", "c"), FlowEdge("b", "d"), FlowEdge("c", "e"),
                     FlowEdge("d", "e"), FlowEdge("e", "f")], "LR")
    # Layers a | b | c d | e | f: only between a and b, or e and f, is one node each side,
    # and a row needs two layers, so nothing can be cut.
    assert cuts(flow.rank(branched)) == []
    assert cuts(flow.rank(chain("LR", 6))) == [3, 2, 4]  # the most even first (by layer count)
    assert cuts(flow.rank(chain("LR", 6)), [5, 1, 1, 1, 1, 1]) == [2, 3, 4]  # by length


def test_a_label_on_the_turn_sits_between_the_rows(ctx):
    block = chain("LR", label="반복")
    rect = Rect(0, 0, 2400, 1200)
    c = fitted(flow, block, ctx, rect)
    geo = flow.layout(block, c, rect)
    assert geo.rows == 2
    turn = next(r for r in geo.routes if r.edge.label)
    assert turn.label_box is not None
    first_bottom = max(geo.nodes[f"n{i}"].shape.bottom for i in range(4))
    second_top = min(geo.nodes[f"n{i}"].shape.y for i in range(4, 8))
    assert first_bottom <= turn.label_box.y and turn.label_box.bottom <= second_top
    assert_writing_ok(draw(flow, block, c, rect), rect)


def codex_map() -> MindMap:
    uses = ["Code Understanding", "Refactoring", "Performance", "Test Coverage", "Velocity", "Flow",
            "Exploration"]
    return MindMap(MindNode("Codex", [MindNode(u, [MindNode(f"{u} 사례 메모")]) for u in uses]))


def test_a_mind_map_in_a_tall_narrow_slot_grows_with_its_branches_in_one_column(ctx):
    block = codex_map()
    narrow = Rect(0, 0, 900, 2000)
    balanced = mindmap.deal_sides(block.root.children)
    c = fitted(mindmap, block, ctx, narrow)
    # Two sides would have to write smaller to fit the width.
    assert mindmap.build_sides(block, c, Rect(0, 0, narrow.w, 0), balanced) is None
    geo = mindmap.layout(block, c, narrow)
    assert {b.side for b in geo.branches} == {mindmap.RIGHT}
    assert geo.bounds.h > narrow.h * 0.6  # stacked down the slot, not a small figure in it
    assert_writing_ok(draw(mindmap, block, c, narrow), narrow)
    wide = Rect(0, 0, 2400, 900)
    assert {b.side for b in mindmap.layout(block, fitted(mindmap, block, ctx, wide), wide).branches} == {
        mindmap.LEFT, mindmap.RIGHT}


def test_a_chain_fitting_nowhere_else_is_squeezed_into_two_rows():
    # Pinned by its author to a top cell, so no trade: at the smallest size it is too wide
    # in a row and too tall turned; squeezed, it wraps (and then grows as far as it can).
    block = chain("LR", 10)
    page = fit_page(m.Sheet("Wrap", [m.Section("Chain", [block], "top-left")], layout="lecture"))
    (fs,) = page.sections
    assert fs.base.squeeze
    (record,) = page.diagrams
    rows = {round(node.rect.y + node.rect.h / 2) for node in record.nodes}
    assert len(rows) == 2
    written = " ".join(line.text for line in page.display.text_lines() if line.region == "top-left")
    assert all(word in written for node in block.nodes for word in node.label.split())
    with pytest.raises(FitError):  # not without the squeeze
        fit_section(fs.section, "top-left", fs.rect, replace(fs.base, squeeze=False))
