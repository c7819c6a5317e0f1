"""Diagram layouts: placement checked on geometry, writing checked on the drawn text lines."""
from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pilgi.clearance import crossings
from pilgi.context import Ctx, text_ops
from pilgi.display import DisplayList
from pilgi.diagrams import draw, flow, mindmap, sequence
from pilgi.diagrams.flow_measure import TEXT_CAP
from pilgi.diagrams.flow_place import STEM_SHARE
from pilgi.fonts import FontSet
from pilgi.readers.mermaid import parse_mermaid
from pilgi.layout import Rect
from pilgi.model import (Activation, Flow, FlowEdge, FlowGroup, FlowNode, Frame, FrameBranch, Message,
                         MindMap, MindNode, Note, Participant, ParticipantBox, Sequence)
from pilgi.sketch import Sketcher
from pilgi.text import Typesetter
from pilgi.theme import Theme

WIDE = Rect(40, 60, 1700, 900)
CELL = Rect(10, 20, 1100, 480)
TALL = Rect(0, 0, 1000, 1700)


@pytest.fixture(scope="module")
def ctx() -> Ctx:
    theme = Theme()
    ts = Typesetter(FontSet(theme), theme)
    return Ctx(theme, ts, Sketcher(1, 300), 300, "r", 46, 33)


def inner(r: Rect, d: float = 3.0) -> Rect:
    return Rect(r.x + d, r.y + d, max(r.w - 2 * d, 0), max(r.h - 2 * d, 0))


def crosses(points: list[tuple[float, float]], r: Rect) -> bool:
    """Whether a polyline enters the rect, sampled every 2 px."""
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        steps = max(1, int(math.dist((ax, ay), (bx, by)) / 2))
        for i in range(steps + 1):
            t = i / steps
            x, y = ax + (bx - ax) * t, ay + (by - ay) * t
            if r.x < x < r.right and r.y < y < r.bottom:
                return True
    return False


def assert_writing_ok(ops, rect: Rect) -> None:
    """Every text line inside the rect, no two overlapping."""
    lines = text_ops(ops)
    assert lines
    for t in lines:
        assert rect.contains(Rect(t.x, t.y, t.w, t.h), tol=1.0), (t.text, (t.x, t.y, t.w, t.h), rect)
    boxes = [Rect(t.x, t.y, t.w, t.h) for t in lines]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b, tol=1.0), (a, b)


def fitted(mod, block, ctx: Ctx, rect: Rect) -> Ctx:
    """What the section fitter does: the largest size whose min_height fits the rect."""
    for size in range(ctx.size, ctx.min_size - 1, -1):
        height = mod.min_height(block, ctx.at(size), rect.w)
        if height is not None and height <= rect.h:
            return ctx.at(size)
    raise AssertionError("does not fit at any size")


def assert_sizes_ok(ops, ctx: Ctx) -> None:
    assert all(t.size >= ctx.min_size for t in text_ops(ops))


# --- flow -------------------------------------------------------------------------

def loop_flow(direction: str = "auto") -> Flow:
    """A cycle (reward back to the start), a branch and a merge, notes and labels."""
    return Flow(
        [FlowNode("in", "Input 입력"), FlowNode("pol", "Policy LM (Small)", note="가변 길이 0~8K"),
         FlowNode("ok", "Valid?", shape="diamond"), FlowNode("a", "Stimulus (Hints)"),
         FlowNode("b", "Frozen LLM", shape="cylinder"), FlowNode("out", "Final Output", shape="round")],
        [FlowEdge("in", "pol"), FlowEdge("pol", "ok"), FlowEdge("ok", "a", "yes"),
         FlowEdge("ok", "b", "no"), FlowEdge("a", "out"), FlowEdge("b", "out", style="dotted"),
         FlowEdge("out", "pol", "Reward"), FlowEdge("in", "out", "skip", style="thick")],
        direction)


def assert_flow_geometry_ok(geo: flow.FlowGeometry) -> None:
    nodes = list(geo.nodes.values())
    boxes = [n.shape for n in nodes] + [n.note_box for n in nodes if n.note_box]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (a, b)
    for route in geo.routes:
        ends = {route.edge.src, route.edge.dst}
        for n in nodes:
            if n.node.id not in ends:
                assert not crosses(route.points, inner(n.shape)), (route.edge, n.node.id)
            if n.note_box is not None:
                assert not crosses(route.points, inner(n.note_box)), (route.edge, n.node.id, "note")
        if route.label_box is not None:
            for n in nodes:
                assert not route.label_box.overlaps(n.shape), (route.edge.label, n.node.id)


@pytest.mark.parametrize("direction,rect", [("LR", WIDE), ("RL", WIDE), ("TB", TALL), ("BT", TALL),
                                            ("auto", CELL)])
def test_flow_layout_keeps_nodes_edges_and_labels_apart(ctx, direction, rect):
    block = loop_flow(direction)
    ctx = fitted(flow, block, ctx, rect)
    geo = flow.layout(block, ctx, rect)
    assert_flow_geometry_ok(geo)
    assert_writing_ok(draw(flow, block, ctx, rect), rect)


def test_flow_back_edge_runs_outside_the_node_rows(ctx):
    geo = flow.layout(loop_flow("LR"), ctx, WIDE)
    back = next(r for r in geo.routes if r.edge.label == "Reward")
    assert back.lane
    rows = [n.shape for n in geo.nodes.values()]
    top, bottom = min(r.y for r in rows), max(r.bottom for r in rows)
    outside = [y for _, y in back.points if y < top or y > bottom]
    assert len(outside) >= 2  # a whole run of the route lies above or below every node
    adjacent = next(r for r in geo.routes if (r.edge.src, r.edge.dst) == ("in", "pol"))
    assert not adjacent.lane and len(adjacent.points) == 2  # neighbours: one straight arrow


def test_flow_skip_edge_is_routed_around(ctx):
    geo = flow.layout(loop_flow("TB"), ctx, TALL)
    skip = next(r for r in geo.routes if r.edge.label == "skip")
    assert skip.lane
    xs = [n.shape for n in geo.nodes.values()]
    left, right = min(r.x for r in xs), max(r.right for r in xs)
    assert any(x < left or x > right for x, _ in skip.points)


def test_flow_auto_direction_follows_the_rect(ctx):
    chain = Flow([FlowNode(str(i), f"Step {i}") for i in range(4)],
                 [FlowEdge(str(i), str(i + 1)) for i in range(3)])
    assert flow.layout(chain, ctx, Rect(0, 0, 1700, 500)).direction == "LR"
    assert flow.layout(chain, ctx, Rect(0, 0, 600, 1700)).direction == "TB"


def test_flow_min_height_is_none_when_a_word_cannot_fit(ctx):
    assert flow.min_height(loop_flow(), ctx, 100) is None
    assert flow.min_height(loop_flow("LR"), ctx, 400) is None


def test_flow_word_longer_than_the_label_cap_widens_its_box(ctx):
    # Labels wrap at TEXT_CAP ems, but a single longer word must still be written whole.
    word = ".pre-commit-config.yaml"
    block = Flow([FlowNode("a", word), FlowNode("b", "install")], [FlowEdge("a", "b")], "LR")
    assert ctx.ts.width(word, "body", ctx.size) > TEXT_CAP * ctx.size
    geo = flow.layout(block, ctx, WIDE)
    assert geo is not None
    assert geo.nodes["a"].label.width >= ctx.ts.width(word, "body", ctx.size)
    assert_writing_ok(draw(flow, block, ctx, WIDE), WIDE)


def test_flow_boxes_along_a_row_share_one_height_when_there_is_room(ctx):
    labels = ["Input", "Context Window 추출 and more words", "Model", "Output"]
    block = Flow([FlowNode(str(i), text) for i, text in enumerate(labels)] + [FlowNode("d", "OK?", "diamond")],
                 [FlowEdge(str(i), str(i + 1)) for i in range(3)] + [FlowEdge("3", "d")], "LR")
    rect = Rect(0, 0, 2400, 900)
    at = fitted(flow, block, ctx, rect)
    roomy = flow.layout(block, at, rect)
    boxes = {v: n.shape.h for v, n in roomy.nodes.items()}
    assert len({round(boxes[str(i)]) for i in range(4)}) == 1  # one height along the row
    assert boxes["d"] != boxes["0"]  # a diamond keeps its own
    tight = flow.natural(block, at, "LR", rect.w)  # without room to spare, each its own
    assert tight.nodes["0"].shape.h < tight.nodes["1"].shape.h
    assert_writing_ok(draw(flow, block, at, rect), rect)


def test_flow_boxes_down_a_column_share_one_width_but_not_side_by_side_ones(ctx):
    labels = {"a": "Input", "b": "Context Window 추출 단계", "c": "Out", "x": "Left", "y": "Right side"}
    block = Flow([FlowNode(k, v) for k, v in labels.items()],
                 [FlowEdge("a", "b"), FlowEdge("b", "x"), FlowEdge("b", "y"), FlowEdge("x", "c"),
                  FlowEdge("y", "c")], "TB")
    rect = Rect(0, 0, 1400, 2200)
    at = fitted(flow, block, ctx, rect)
    widths = {v: n.shape.w for v, n in flow.layout(block, at, rect).nodes.items()}
    assert len({round(widths[v]) for v in "abc"}) == 1  # the column of steps: one width
    assert round(widths["x"]) != round(widths["y"])  # side by side: each its own
    assert_writing_ok(draw(flow, block, at, rect), rect)


def test_flow_boxes_over_a_fan_out_are_drawn_as_wide_as_most_of_the_fan(ctx):
    experts = [f"E{i}" for i in range(5)]
    block = Flow([FlowNode("h", "Token"), FlowNode("r", "Router")] + [FlowNode(e, e) for e in experts]
                 + [FlowNode("s", "Sum")],
                 [FlowEdge("h", "r")] + [FlowEdge("r", e) for e in experts] + [FlowEdge(e, "s") for e in experts],
                 "TB")
    rect = Rect(0, 0, 1600, 1600)
    at = fitted(flow, block, ctx, rect)
    nodes = flow.layout(block, at, rect).nodes
    fan = max(nodes[e].shape.right for e in experts) - min(nodes[e].shape.x for e in experts)
    for stem in "hrs":
        assert nodes[stem].shape.w >= STEM_SHARE * fan - 1  # not a sliver of box over a wide fan
        assert nodes[stem].shape.w > 2 * nodes[stem].label.width  # wider than its word needs
    assert_writing_ok(draw(flow, block, at, rect), rect)


def test_flow_one_size_for_every_label(ctx):
    ops = draw(flow, loop_flow(), ctx, WIDE)
    sizes = {t.size for t in text_ops(ops)}
    assert sizes <= {ctx.size, ctx.small}
    assert_sizes_ok(ops, ctx)


def test_flow_group_frame_holds_its_members_and_no_other_node(ctx):
    block = Flow([FlowNode("x", "Tokens"), FlowNode("e", "Embedding"), FlowNode("a", "Attention"),
                  FlowNode("f", "Feed Forward"), FlowNode("o", "Logits", shape="circle")],
                 [FlowEdge("x", "e"), FlowEdge("e", "a"), FlowEdge("a", "f"), FlowEdge("f", "o"),
                  FlowEdge("f", "a", "× N")],
                 groups=[FlowGroup("blk", "Transformer block", ["a", "f"])])
    for direction, rect in (("LR", WIDE), ("TB", TALL)):
        block.direction = direction
        geo = flow.layout(block, ctx, rect)
        frame = geo.frames[0]
        for n in geo.nodes.values():
            if n.node.id in ("a", "f"):
                assert frame.rect.contains(n.shape)
            else:
                assert not frame.rect.overlaps(n.shape)
            assert not frame.label_box.overlaps(n.shape)
        for route in geo.routes:
            assert not crosses(route.points, inner(frame.label_box, 1))
        assert_writing_ok(draw(flow, block, ctx, rect), rect)


def test_flow_colours_by_name_hex_or_layer(ctx):
    block = Flow([FlowNode("a", "A", color="pink"), FlowNode("b", "B", color="#102030"), FlowNode("c", "C")],
                 [FlowEdge("a", "b"), FlowEdge("b", "c")])
    geo = flow.layout(block, ctx, WIDE)
    assert geo.nodes["a"].fill == ctx.theme.pastels["pink"]
    assert geo.nodes["b"].fill == (16, 32, 48)
    assert geo.nodes["c"].fill in ctx.theme.pastels.values()


def test_flow_rank_reverses_only_cycle_edges():
    r = flow.rank(loop_flow())
    back = [(r.edges[k].src, r.edges[k].dst) for k in r.back]
    assert back == [("out", "pol")]
    assert r.layer["in"] < r.layer["pol"] < r.layer["ok"] < r.layer["a"] < r.layer["out"]


def test_flow_cycle_is_broken_at_the_edge_back_to_the_first_written_node():
    # A side input (Documents → Chunks) joins the loop downstream; the loop still starts
    # at the first node written, as in Mermaid, and the feedback edge is the one reversed.
    ids = ["query", "embed", "search", "answer", "docs", "chunks"]
    edges = [FlowEdge("query", "embed"), FlowEdge("embed", "search"), FlowEdge("search", "answer"),
             FlowEdge("answer", "query", "feedback", "dotted"), FlowEdge("docs", "chunks"),
             FlowEdge("chunks", "search")]
    r = flow.rank(Flow([FlowNode(i, i) for i in ids], edges, "TB"))
    assert [(r.edges[k].src, r.edges[k].dst) for k in r.back] == [("answer", "query")]
    assert r.layer["query"] == 0 < r.layer["embed"] < r.layer["search"] < r.layer["answer"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(2, 7).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=2 * n))),
    st.sampled_from(["LR", "TB"]))
def test_flow_random_graphs_keep_nodes_apart_and_writing_inside(ctx, graph, direction):
    n, pairs = graph
    block = Flow([FlowNode(f"n{i}", f"노드 {i} node") for i in range(n)],
                 [FlowEdge(f"n{a}", f"n{b}") for a, b in pairs], direction)
    rect = WIDE if direction == "LR" else TALL
    height = flow.min_height(block, ctx, rect.w)
    if height is None or height > rect.h:
        return
    geo = flow.layout(block, ctx, rect)
    shapes = [n.shape for n in geo.nodes.values()]
    for i, a in enumerate(shapes):
        for b in shapes[i + 1:]:
            assert not a.overlaps(b)
    assert_writing_ok(draw(flow, block, ctx, rect), rect)


# --- sequence -----------------------------------------------------------------------

def training_loop() -> Sequence:
    steps = [("d", "m", "batch (x, y)"), ("m", "m", "forward()"), ("m", "l", "logits"),
             ("l", "m", "loss"), ("m", "m", "backward() 역전파"), ("m", "o", "gradients"),
             ("o", "m", "update weights")]
    messages = [Message(a, b, t, line="dashed" if i in (3, 6) else "solid", number=i + 1)
                for i, (a, b, t) in enumerate(steps)]
    return Sequence([Participant("d", "DataLoader"), Participant("m", "Model"), Participant("o", "Optimizer"),
                     Participant("l", "Loss")],
                    [Frame("loop", [FrameBranch("Repeat in parallel batches", messages)])], autonumber=True)


def login() -> Sequence:
    return Sequence(
        [Participant("u", "User", actor=True), Participant("a", "API 서버"), Participant("db", "DB")],
        [Message("u", "a", "POST /login"), Activation("a", True), Note("JWT 발급 전 검증", ["a"], "right"),
         Frame("alt", [FrameBranch("valid", [Message("a", "db", "SELECT user"),
                                             Message("db", "a", "row", line="dashed"),
                                             Frame("opt", [FrameBranch("2FA", [
                                                 Message("a", "u", "OTP 요청", head="async")])])]),
                       FrameBranch("invalid", [Message("a", "u", "401", head="cross")])]),
         Activation("a", False), Note("세션 유지 30분", ["u", "db"]), Note("메모", ["u"], "left")])


def test_sequence_training_loop_fits_the_cell_at_a_legible_size(ctx):
    assert fitted(sequence, training_loop(), ctx.at(50), CELL).size >= 40


def test_sequence_rows_run_down_in_order(ctx):
    block = training_loop()
    small = ctx.at(40)
    geo = sequence.layout(block, small, CELL)
    tops = [m.text_box.y for m in geo.messages]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)
    assert [m.message.number for m in geo.messages] == list(range(1, 8))
    frame = geo.frames[0]
    for m in geo.messages:
        assert frame.rect.contains(m.text_box) and m.text_box.y > frame.tab.bottom - 1
    assert_writing_ok(draw(sequence, block, small, CELL), CELL)


def test_sequence_self_message_stays_right_of_its_lifeline(ctx):
    geo = sequence.layout(training_loop(), ctx.at(40), CELL)
    x = {l.participant.id: l.x for l in geo.lifelines}
    loops = [m for m in geo.messages if m.self_message]
    assert len(loops) == 2
    for m in loops:
        assert all(px >= x[m.message.src] - 0.5 for px, _ in m.points)
        assert m.text_box.x > x[m.message.src]


def test_sequence_frames_notes_and_branches(ctx):
    block = login()
    rect = WIDE
    geo = sequence.layout(block, ctx, rect)
    alt, opt = geo.frames
    assert alt.rect.contains(opt.rect) and opt.rect.x > alt.rect.x
    assert len(alt.separators) == 1 and alt.separators[0].label is not None
    assert alt.rect.y < alt.separators[0].y < alt.rect.bottom
    assert len(geo.notes) == 3 and len(geo.bars) == 1
    heads = [m.message.head for m in geo.messages]
    assert "cross" in heads and "async" in heads
    assert_writing_ok(draw(sequence, block, ctx, rect), rect)


def test_sequence_min_height_none_when_too_narrow(ctx):
    assert sequence.min_height(training_loop(), ctx, 200) is None


def test_boxed_sequence_is_laid_out_once_and_recorded_once(ctx, monkeypatch):
    from dataclasses import replace

    from pilgi.diagrams import sequence_boxes
    from pilgi.diagrams.record import DiagramRecord
    block = training_loop()
    block.boxes = [ParticipantBox("Team", ["d"])]
    layouts = []
    real_layout = sequence.layout

    def counted_layout(*args):
        layouts.append(args)
        return real_layout(*args)
    monkeypatch.setattr(sequence, "layout", counted_layout)
    earlier = DiagramRecord("flowchart", "other")
    records = [earlier]
    ops = draw(sequence_boxes, block, replace(ctx.at(40), diagrams=records), WIDE)
    assert len(layouts) == 1
    assert earlier.frames == [] and len(records) == 2
    loop, band = records[1].frames
    assert loop.id == "loop-1" and (band.id, band.title, band.members) == ("box-1", "Team", ["d"])
    assert_writing_ok(ops, WIDE)


# --- mind map -----------------------------------------------------------------------

def brain() -> MindMap:
    return MindMap(MindNode("Transformer", [
        MindNode("Parameters 파라미터", [MindNode("DJ knobs"), MindNode("Billions 수십억"), MindNode("Random init")]),
        MindNode("Architecture", [MindNode("Token 입력"), MindNode("Stateless")]),
        MindNode("Math 수식", [MindNode("y = f(x, w)")]),
        MindNode("Training vs Inference", [MindNode("Training", [MindNode("GPU 클러스터"), MindNode("Months")]),
                                           MindNode("Sampling")]),
    ]))


def leaf_texts(node: MindNode) -> list[str]:
    return [t for c in node.children for t in (leaf_texts(c) if c.children else [c.text])]


@pytest.mark.parametrize("rect", [WIDE, CELL])
def test_mindmap_balances_sides_and_writes_every_leaf(ctx, rect):
    block = brain()
    c = fitted(mindmap, block, ctx, rect)
    geo = mindmap.layout(block, c, rect)
    sides = {b.side for b in geo.branches}
    assert sides == {mindmap.LEFT, mindmap.RIGHT}
    centre = geo.root_box.x + geo.root_box.w / 2
    for b in geo.branches:
        assert (b.bounds.x > centre) if b.side == mindmap.RIGHT else (b.bounds.right < centre)
    ops = draw(mindmap, block, c, rect)
    written = " ".join(t.text for t in text_ops(ops))
    for text in leaf_texts(block.root):
        assert text in written, text
    assert_writing_ok(ops, rect)
    assert_sizes_ok(ops, c)


def test_mindmap_deeper_levels_indent_further(ctx):
    geo = mindmap.layout(brain(), ctx, WIDE)
    training = next(b for b in geo.branches if b.node.text.startswith("Training"))
    depth = {l.node.text: l for l in training.lines}
    assert depth["GPU 클러스터"].box.x > depth["Training"].box.x > training.box.x


def test_mindmap_layout_builds_each_branch_once_per_side_choice(ctx, monkeypatch):
    # Its pieces are built at the rect's width to choose the sides, then placed in the
    # rect as they are: not built a second time for the one chosen.
    block = brain()
    built: list[str] = []
    real = mindmap.build_branch

    def counted(node, *args):
        built.append(node.text)
        return real(node, *args)
    monkeypatch.setattr(mindmap, "build_branch", counted)
    geo = mindmap.layout(block, ctx, WIDE)
    assert len(built) == len(block.root.children) * len(mindmap.side_choices(block))
    assert geo == mindmap.build_sides(block, ctx, WIDE, [b.side for b in sorted(
        geo.branches, key=lambda b: block.root.children.index(b.node))])


def test_mindmap_too_narrow_for_two_sides_puts_every_branch_on_the_right(ctx):
    block = MindMap(MindNode("Kubernetes objects", [
        MindNode(f"Workload group {b}", [MindNode(f"Deployment item {b}{k}") for k in range(3)]) for b in range(4)]))
    small = ctx.at(ctx.min_size)
    narrow = Rect(0, 0, 600, 1500)
    assert mindmap.build_sides(block, small, narrow, mindmap.deal_sides(block.root.children)) is None
    geo = mindmap.layout(block, small, narrow)
    assert {b.side for b in geo.branches} == {mindmap.RIGHT}
    assert all(b.bounds.x > geo.root_box.right for b in geo.branches)
    assert_writing_ok(draw(mindmap, block, small, narrow), narrow)
    assert {b.side for b in mindmap.layout(block, small, WIDE).branches} == {mindmap.LEFT, mindmap.RIGHT}


def test_mindmap_min_height_none_when_too_narrow(ctx):
    assert mindmap.min_height(brain(), ctx, 300) is None


def test_flow_labels_keep_off_arrow_heads(ctx):
    # A labelled fan wrapped back right to left under its first row: the labels by the
    # boxes' ends would meet the arrow heads' flicks, which stand out from the lines.
    block = parse_mermaid("""flowchart LR
      H([Token hidden h]) --> R[Router: W_r·h]
      R --> S{softmax → top-2}
      S ==>|g1=0.7| E1[E1 ✅]
      S -.->|skip| E2[E2]
      S -.->|skip| E3[E3]
      S ==>|g4=0.3| E4[E4 ✅]
      S -.->|skip| E5[E5…E8]
      E1 ==> Y((Weighted Sum))
      E4 ==> Y
      Y --> RES[Residual Add]""")
    rect = Rect(0, 0, 1551, 980)
    at = ctx.at(55)
    geo = flow.layout(block, at, rect)
    assert geo is not None and geo.rows == 2  # the case: the chain wraps back
    page = DisplayList(1600, 1000, 300, (255, 255, 255))
    page.add(*draw(flow, block, at, rect))
    assert crossings(page) == []
