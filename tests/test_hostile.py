"""Hostile input: whatever a reader is given, the run ends in a sheet or a clean refusal.

The promise under test (issue "Trust and speed: hostile-input hardening"): for every
reader (YAML, Markdown, Mermaid, prompt files, layouts, themes, icon files) ANY input
ends in either a sheet (and a page, or a one-line refusal) or a one-line input error
with exit code 2 — never a traceback (exit 1), never a hang, never a partial or stray
file. The stated limits are enforced with clear messages, YAML is loaded safely, and
`pilgi build` never writes outside its output folder.

Everything here is bounded in time: hypothesis runs few examples with no deadline,
pages are laid out at 72 dpi, most examples stop at `check`-level work (load +
fit_page + problems) and every pathological input runs under an alarm.
"""
from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import os
import signal
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from pilgi import build as batch
from pilgi import model as m
from pilgi.cli import main
from pilgi.errors import FitError, InputError
from pilgi.icons import load_icon_file
from pilgi.layout import Rect, layout_from_dict, solve
from pilgi.load import load_sheet
from pilgi.page import fit_page
from pilgi.pipeline import Options, check_file
from pilgi.readers import limits
from pilgi.readers.mermaid import parse_mermaid
from pilgi.theme import make_theme
from pilgi.yamlio import MAX_INPUT_BYTES

# --------------------------------------------------------------------------- helpers

FAST = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                   HealthCheck.filter_too_much])
# Generous: these inputs take well under a second; the bound only has to tell
# "finished" from "hung" on a busy 2-core machine.
HANG_SECONDS = 10


class Hung(BaseException):
    """Raised by the alarm; a BaseException so no `except Exception` in pilgi swallows it."""


@contextlib.contextmanager
def time_limit(seconds: float = HANG_SECONDS):
    def on_alarm(signum, frame):
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    # Then again every second, in case the first one lands where Python ignores it.
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_cli(*argv) -> tuple[int, str, str]:
    """`pilgi ARGV` in-process. An exception escaping main() is what exit 1 would be: a bug."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), time_limit():
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def all_files(folder: Path) -> list[Path]:
    """Every file under ``folder`` (hidden and temporary ones too), links not followed."""
    if not folder.exists():
        return []
    return sorted(Path(root) / name for root, dirs, files in os.walk(folder) for name in files + [
        d for d in dirs if (Path(root) / d).is_symlink()])


def assert_one_line(err: str) -> None:
    assert err.count("\n") == 1 and err.endswith("\n"), f"not one line: {err!r}"
    assert "Traceback" not in err


def assert_render_outcome(code: int, err: str, out_dir: Path, stem: str) -> None:
    """0 with exactly the page files, or 2 with one line and nothing written."""
    assert code in (0, 2), (code, err)
    files = all_files(out_dir)
    if code == 2:
        assert_one_line(err)
        assert files == [], f"refused, yet wrote {files}"
    else:
        assert {p.name for p in files} == {f"{stem}.png", f"{stem}.pdf"}, files


def check_level(path: Path) -> None:
    """`pilgi check`-level work: load, fit the page at 72 dpi, look for problems."""
    try:
        with time_limit():
            check_file(path, Options(dpi=72))
    except InputError as exc:
        assert "\n" not in str(exc), f"a multi-line error: {exc!r}"


def only_input_errors(call, *args):
    """Run a reader entry point; anything but InputError (or a hang) is a bug."""
    try:
        with time_limit():
            return call(*args)
    except InputError as exc:
        assert "\n" not in str(exc), f"a multi-line error: {exc!r}"
        return None


class _PlainDumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # every repeat written out: no anchors unless a test means them
        return True


def dump(data) -> str:
    return yaml.dump(data, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False)


@contextlib.contextmanager
def scratch():
    with tempfile.TemporaryDirectory(prefix="pilgi-hostile-") as folder:
        yield Path(folder)


SMALL_SHEET = {"title": "Hostile", "page": {"dpi": 72},
               "sections": [{"title": "Notes", "blocks": [{"text": "안녕하세요 **hello** ==world=="}]}]}


def sheet_with(*blocks, **top) -> dict:
    data = copy.deepcopy(SMALL_SHEET)
    data["sections"][0]["blocks"] = list(blocks)
    data.update(top)
    return data


# --------------------------------------------------------------------------- strategies

def mostly(common, *rare, weight: int = 3):
    """``common`` ``weight`` times as often as each of the ``rare`` strategies."""
    return st.sampled_from([common] * weight * max(len(rare), 1) + list(rare)).flatmap(lambda strategy: strategy)


PLAIN_WORDS = ["Token", "Sequence", "Neural Network", "신경망", "토큰", "확률 분포", "컨텍스트", "🍌", "📥", "🗺️",
               "**bold**", "==mark==", "`code`", "입력", "출력", "Loss", "x", "1"]
WORDS = ["Token", "Sequence", "Neural Network", "신경망", "토큰", "확률 분포", "컨텍스트", "🍌", "📥", "🗺️",
         "👩‍💻", "🇰🇷", "1️⃣", "**bold**", "==mark==", "`code`", "**", "==", "`", "a -> b", "x: y", "#", "|",
         "│", "─", "┌┐", "→", "\t", "\x00", "\x1b[31m", "\u202e", "\ufeff", "\u200d", "\r\n", "\n", "%",
         "{", "}", "[", "]", "'", '"', "\\", "<br/>", "𝕏", "\U0010ffff", "\x85", "\u2028", "-", "*", ":"]
SHORT_TEXT = mostly(
    st.lists(st.sampled_from(PLAIN_WORDS), min_size=1, max_size=4).map(" ".join),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join),
    st.text(max_size=12),
)
TEXT = mostly(
    SHORT_TEXT,
    st.text(max_size=60),
    st.sampled_from(["", " ", "\n", "x" * limits.MAX_TEXT, "가" * (limits.MAX_TEXT + 1),
                     "word " * 999, "긴 문장입니다 " * 600, "**" * 2500, "=" * 5000, "`" * 5000]),
)
# Values of the wrong type (or wrong range) for any field.
WRONG = st.one_of(
    st.none(), st.booleans(), st.integers(-(2 ** 70), 2 ** 70), st.floats(), st.text(max_size=8),
    st.binary(max_size=4), st.dates(), st.datetimes(), st.sets(st.integers(), max_size=2),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=4), st.none() | st.integers(), max_size=2),
    st.sampled_from([[], {}, "", "  ", "\n", 0, -1, 1e308, [[[]]], {"a": {"b": {}}}]),
)
NAMES = ["A", "B", "C", "Token Sequence", "신경망", "🍌 Banana", "x y", "A-B", "end", "a:b", "->", " ", "N"]
GOOD_SLOTS = ["top-left", "top-right", "center", "bottom-left", "bottom-middle", "bottom-right"]
SLOTS = GOOD_SLOTS + ["title", "left", "right", "nowhere", "", "../../etc", "TOP-LEFT"]
LAYOUT_NAMES = ["lecture", "tutorial", "use-case", "single", "nowhere", "../../../etc/passwd", "/etc/passwd",
                "x.yaml", "layouts/lecture.yaml", "", "lecture/"]
GOOD_COLORS = ["blue", "yellow", "green", "pink", "#1f4e9c", "#fff"]
COLORS = GOOD_COLORS + ["nope", "#12345", "#zzzzzz", ""]

MERMAID_HEADERS = ["flowchart LR", "graph TD", "flowchart", "graph BT;", "sequenceDiagram", "mindmap", "pie",
                   "graph XY", "%%{init: {}}%%", "classDiagram", "flowchart RL; A-->B"]
FLOW_LINES = ["A --> B", "A[x] -->|y| B(z)", "A -.-> B", "A ==> B", "A -- t --> B", "A & B --> C & D",
              "subgraph S [title]", "subgraph x", "end", "direction LR", "classDef c fill:#f9f", "class A c",
              "style A fill:#fff", "A((c))", "B{d}", "C>f]", "D[(cyl)]", "E([st])", "F[[sub]]", "G(((dc)))",
              "A --> A", "A-->B-->C-->A", 'A["q;x"]', "A;B", "click A x", "linkStyle 0 x", "A[한국어<br/>두 줄]",
              "A --- B", "A ---|l| B", "A-->", "-->B", "A[[[", "A{{h}}", "A[/p/]", "A --x B", "A o--o B"]
SEQ_LINES = ["participant A", "actor B as Bob", "A->>B: hi", "B-->>A: ok", "A-xB: lost", "A-)B: async",
             "A->>A: self", "Note over A,B: n", "Note left of A: x", "Note right of B: y", "loop L", "alt a",
             "else b", "opt o", "par p", "and q", "critical c", "option o", "end", "autonumber", "activate A",
             "deactivate A", "A->>+B: x", "B-->>-A: y", "title T", "rect rgb(0,0,0)", "break b",
             "Note over A,B,C: three", "A->>", "->>B: x", "participant"]
MIND_LINES = ["root((R))", "A", "B", "C[sq]", "))bang((", ")cloud(", "{{hex}}", "::icon(fa fa-book)", "D",
              "deep", "E:::cls", "(round)", "신경망", "🍌"]


@st.composite
def mermaid_text(draw) -> str:
    header = draw(st.sampled_from(MERMAID_HEADERS))
    pool = draw(st.sampled_from([FLOW_LINES, SEQ_LINES, MIND_LINES, FLOW_LINES + SEQ_LINES + MIND_LINES]))
    lines = [header]
    for _ in range(draw(st.integers(0, 14))):
        line = draw(st.one_of(st.sampled_from(pool), st.sampled_from(pool), st.text(max_size=15)))
        indent = " " * draw(st.integers(0, 12)) if pool is MIND_LINES or draw(st.booleans()) else "  "
        lines.append(indent + line)
    return "\n".join(lines)


MIND_TREE = st.recursive(
    SHORT_TEXT,
    lambda kids: st.one_of(st.lists(kids, max_size=3),
                           st.dictionaries(SHORT_TEXT, st.none() | st.lists(kids, max_size=3), max_size=3)),
    max_leaves=12,
)


def step_strategy():
    message = st.builds(lambda a, arrow, b, text: f"{a} {arrow} {b}: {text}", st.sampled_from(NAMES),
                        st.sampled_from(["->", "-->", "-x", "--x", "->>", "~>", ""]), st.sampled_from(NAMES),
                        SHORT_TEXT)
    note = st.builds(lambda text, over: {"note": text, "over": over}, SHORT_TEXT,
                     st.sampled_from(NAMES) | st.lists(st.sampled_from(NAMES), max_size=3))
    return st.recursive(
        message | note,
        lambda inner: st.builds(lambda kind, label, steps, others: {kind: label, "steps": steps,
                                                                   **({"else": others} if others else {})},
                                st.sampled_from(["loop", "alt", "opt", "par", "critical"]), SHORT_TEXT,
                                st.lists(inner, max_size=3),
                                st.lists(st.builds(lambda label, steps: {"label": label, "steps": steps},
                                                   SHORT_TEXT, st.lists(inner, max_size=2)), max_size=2)),
        max_leaves=10,
    )


def with_title(block_st):
    return st.builds(lambda block, title: {**block, **({"title": title} if title is not None else {})},
                     block_st, st.none() | SHORT_TEXT)


CELLS = st.lists(st.lists(SHORT_TEXT, max_size=5), max_size=6)
LEAF_BLOCK = with_title(st.one_of(
    st.builds(lambda t: {"text": t}, TEXT),
    st.builds(lambda kind, items: {kind: items}, st.sampled_from(["bullets", "checks", "numbered"]),
              mostly(st.lists(SHORT_TEXT, max_size=6), st.just(["x"] * (limits.MAX_ITEMS + 1)))),
    st.builds(lambda header, rows: {"table": {"header": header, "rows": rows}},
              mostly(st.lists(SHORT_TEXT, min_size=1, max_size=5), st.just(["h"] * (limits.MAX_COLUMNS + 1))),
              mostly(CELLS, st.just([["r"]] * (limits.MAX_ROWS + 1)))),
    st.builds(lambda t: {"quote": t}, SHORT_TEXT),
    st.builds(lambda t, n, s: {"quote": {"text": t, "note": n, "source": s}}, SHORT_TEXT, SHORT_TEXT, SHORT_TEXT),
    st.builds(lambda items: {"spec": items}, st.lists(st.builds(
        lambda label, value, note: {"label": label, "value": value, "note": note}, SHORT_TEXT, SHORT_TEXT,
        SHORT_TEXT), max_size=4) | st.dictionaries(SHORT_TEXT, SHORT_TEXT, max_size=3)),
    st.builds(lambda t: {"code": t}, TEXT),
    st.builds(lambda direction, chain, nodes, edges: {"flow": {"direction": direction, "chain": chain,
                                                               "nodes": nodes, "edges": edges}},
              st.sampled_from(["auto", "LR", "RL", "TB", "TD", "BT", "XY"]),
              st.lists(st.sampled_from(NAMES), min_size=1, max_size=5).map(
                  lambda names: " -> ".join(names)) | st.lists(SHORT_TEXT, max_size=3).map(" -[x]-> ".join),
              st.lists(st.builds(lambda label, note, shape, color: {"label": label, "note": note, "shape": shape,
                                                                    "color": color},
                                 st.sampled_from(NAMES), SHORT_TEXT,
                                 st.sampled_from(list(limits.NODE_SHAPES) + ["hexagon"]),
                                 st.sampled_from(COLORS)), max_size=3),
              st.lists(st.one_of(
                  st.builds(lambda a, b, label: f"{a} -> {b}: {label}", st.sampled_from(NAMES),
                            st.sampled_from(NAMES), SHORT_TEXT),
                  st.builds(lambda a, b, style: {"from": a, "to": b, "style": style}, st.sampled_from(NAMES),
                            st.sampled_from(NAMES), st.sampled_from(["solid", "dotted", "thick", "wavy"]))),
                  max_size=4)),
    st.builds(lambda participants, steps, autonumber: {"sequence": {"participants": participants, "steps": steps,
                                                                    "autonumber": autonumber}},
              st.lists(st.sampled_from(NAMES) | st.builds(lambda i, label, actor: {"id": i, "label": label,
                                                                                    "actor": actor},
                                                          st.sampled_from(NAMES), SHORT_TEXT, st.booleans()),
                       max_size=4),
              st.lists(step_strategy(), max_size=5), st.booleans()),
    st.builds(lambda root, branches: {"mindmap": {"root": root, "branches": branches}}, SHORT_TEXT, MIND_TREE),
    st.builds(lambda text: {"mermaid": text}, mermaid_text()),
))
BLOCK = st.recursive(
    LEAF_BLOCK,
    lambda inner: st.builds(
        lambda blocks, widths, title: {"row": blocks, **({"widths": widths} if widths is not None else {}),
                                       **({"title": title} if title else {})},
        mostly(st.lists(inner, min_size=1, max_size=limits.MAX_ROW),
               st.lists(inner, max_size=limits.MAX_ROW + 1), weight=6),
        st.none() | st.lists(st.floats(-1, 200) | st.integers(0, 3), max_size=7),
        st.none() | SHORT_TEXT),
    max_leaves=8,
)
THEME = st.one_of(
    st.none(), st.sampled_from(["default", "dark"]),
    st.dictionaries(
        st.sampled_from(["paper", "grid", "ink", "blue", "highlighter", "grid_mm", "margin_mm", "gutter_mm",
                         "pen_mm", "body_max_pt", "body_min_pt", "title_pt", "heading_pt", "line_spacing",
                         "roughness", "highlighter_alpha", "hand_icons", "pastels", "fonts", "name", "nope",
                         "emoji_font", "section_colors"]),
        st.one_of(st.sampled_from(COLORS), st.floats(-5, 120), st.integers(-5, 300), st.booleans(),
                  st.dictionaries(st.sampled_from(["yellow", "new", "note", "body", "code", "nope"]),
                                  st.sampled_from(["#fff3b8", "red", "NanumPen.ttf", "Missing.ttf", "x.woff",
                                                   "../../etc/passwd.ttf", 3]), max_size=2)),
        max_size=4),
)
# Valid but extreme settings: the fitter must cope with all of them.
GOOD_THEME = st.fixed_dictionaries({}, optional={
    "margin_mm": st.floats(0, 40), "gutter_mm": st.floats(0, 20), "roughness": st.floats(0, 4),
    "line_spacing": st.floats(1, 2), "body_max_pt": st.floats(8, 30), "pen_mm": st.floats(0.1, 2),
    "grid_mm": st.floats(1, 20), "hand_icons": st.booleans(), "blue": st.sampled_from(["#000000", "#fff"]),
    "title_pt": st.floats(10, 72), "heading_pt": st.floats(8, 40),
})
LAYOUT = st.one_of(
    st.sampled_from(LAYOUT_NAMES),
    st.builds(lambda bands: {"bands": bands}, st.lists(st.builds(
        lambda height, cells: {"height": height, "cells": cells},
        st.sampled_from([10, 25, 40, 50, 100, 0, -5, 33.3, 1e9]),
        st.lists(st.sampled_from(SLOTS) | st.builds(lambda s, w: {"slot": s, "width": w}, st.sampled_from(SLOTS),
                                                    st.sampled_from([1, 2, 0, -1, 0.001, 1e9])),
                 max_size=4)), max_size=5)),
)


@st.composite
def sheet_data(draw) -> dict:
    """Sheets shaped like the format, mostly valid, with limits and wrong types thrown in."""
    sections = draw(mostly(st.lists(
        st.builds(lambda title, slot, icon, color, blocks: {
            **({"title": title} if title is not None else {}), **({"slot": slot} if slot is not None else {}),
            **({"icon": icon} if icon is not None else {}), **({"color": color} if color is not None else {}),
            "blocks": blocks},
            st.none() | SHORT_TEXT, st.none() | mostly(st.sampled_from(GOOD_SLOTS), st.sampled_from(SLOTS)),
            st.none() | st.sampled_from(WORDS), st.none() | mostly(st.sampled_from(GOOD_COLORS),
                                                                   st.sampled_from(COLORS)),
            st.lists(BLOCK, max_size=4)),
        max_size=5), st.just([{"blocks": [{"text": "x"}]}] * (limits.MAX_SECTIONS + 1)), weight=12))
    data = {"title": draw(SHORT_TEXT), "sections": sections}
    optional = {
        "subtitle": SHORT_TEXT, "icon": st.sampled_from(WORDS),
        "layout": mostly(st.sampled_from(["lecture", "tutorial", "use-case", "single"]), LAYOUT),
        "theme": mostly(GOOD_THEME, THEME), "seed": mostly(st.integers(0, 2 ** 31 - 1), st.integers(-5, 2 ** 40)),
        "page": mostly(st.builds(lambda orientation: {"orientation": orientation},
                                 st.sampled_from(["landscape", "portrait"])),
                       st.builds(lambda size, orientation, dpi: {"size": size, "orientation": orientation, "dpi": dpi},
                                 st.sampled_from(["A4", "a4", "Letter"]),
                                 st.sampled_from(["landscape", "portrait", "up"]),
                                 st.sampled_from([72, 71, 600, 601, 150, 72.5, -1]))),
        "source": mostly(st.dictionaries(st.sampled_from(["title", "author", "url", "chapter"]), SHORT_TEXT,
                                         max_size=3),
                         st.dictionaries(st.sampled_from(["title", "isbn"]), SHORT_TEXT, max_size=2)),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            data[key] = draw(strategy)
    return mutate(draw, data)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, path + (index,))


def mutate(draw, data):
    """Wrong types at random field paths, and stray keys in random mappings."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.sampled_from([0, 0, 0, 0, 1, 1, 2, 3]))):
        path = draw(st.sampled_from([p for p in _paths(data) if p]))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        wrong = copy.deepcopy(draw(WRONG))  # a fresh copy: a later mutation may go inside it
        if isinstance(parent, dict) and draw(st.booleans()):
            parent[draw(st.sampled_from(["bogus", "rows", "blocks", "kind", 3, None, True]))] = wrong
        else:
            parent[path[-1]] = wrong
    return data


# --------------------------------------------------------------------------- 1. structured YAML

@settings(max_examples=30, **FAST)
@given(data=sheet_data())
def test_fuzzed_yaml_sheets_render_or_are_refused_cleanly(data):
    with scratch() as folder:
        sheet = folder / "fuzz.yaml"
        sheet.write_text(dump(data), encoding="utf-8")
        out = folder / "out"
        code, _, err = run_cli("render", sheet, "-o", out, "--dpi", "72")
        assert_render_outcome(code, err, out, "fuzz")


@settings(max_examples=100, **FAST)
@given(data=sheet_data())
def test_fuzzed_yaml_sheets_check_cleanly(data):
    with scratch() as folder:
        sheet = folder / "fuzz.yaml"
        sheet.write_text(dump(data), encoding="utf-8")
        check_level(sheet)


# --------------------------------------------------------------------------- 2. raw text, every reader

MD_FRAGMENTS = ["# 🍌 NANO BANANA CHEAT SHEET: Topic", "## 1. 🗺️ Topic Overview (Mind Map)", "## 📥 Input (가장 넓게!)",
                "### Sub", "", "", "text 한국어 **bold** ==hi== `code`", "- item", "  - nested", "    1. deep",
                "1. one", "- [ ] task", "- [x] done", '- "quote" - 주석', '- “curly” — note', "> quote",
                "> — Steve Jobs", "| a | b |", "|---|---|", "| 1 | 2 |", "|:-:|", "```", "```mermaid",
                "```python", "~~~", "flowchart LR", "  A[Start] --> B{x}", "sequenceDiagram", "  A->>B: hi",
                "mindmap", "  root((x))", "    a", "---", "layout: lecture", "layout: nowhere", "slots: {center: 1}",
                "slots: {center: 99}", "slots: {nowhere: x}", "slots: [1]", "title: T", "theme: {blue: '#000'}",
                "page: {dpi: 9999}", "bogus: 1", "<br>", "<!-- c -->", "<div>x</div>", "***", "[link](http://x)",
                "![img](x.png)", "    indented code", "\t", "end", "subgraph s", "## 2. 📨 Second", "## 3. Third",
                "# Second Title", "#", "##", "## (Table)", "## 🍌", "1) x", "* star", "+ plus", "Term: value"]
PROMPT_FRAGMENTS = ["# Layout Structure", "# Output Structure Plan", "# Content Details", "# Role Definition",
                    "# Source Text", "# 나노바나나 Cheat Sheet", "## 배치 비율", "| 영역 | 비율 |", "| 상단 | 10% |",
                    "| 중단 | 40~50% |", "| 하단 | 0% |", "| x | 250% |", "- 상단 (15%): 타이틀", "- 하단: 25%",
                    "```", "┌──────────────┐", "│ 🍌 TITLE      │", "├──────┬───────┤", "├──────────────┤",
                    "│ 📥 Input │ 📤 Out │", "│ ┌──┐ → ┌──┐ │", "│ │A │   │B │ │", "│ └──┘   └──┘ │",
                    "│      ↓       │", "└──────────────┘", "└──────┴───────┘", "│ (이 섹션이 가장 넓어야 함!) │",
                    "│ • bullet     │", "│ ✓ check      │", "│ \"quote\"     │", "│ A → B → C    │", "Root: X",
                    "Level 1: a, b", "Level 2: c", "Columns: [A] | [B]", "| a | b |", "```mermaid", "flowchart LR",
                    "A --> B", "## 📥 Input", "## 📤 Output", "- Create a Mermaid mindmap:", "Please generate now.",
                    "콘텐츠 유형: tutorial", "Step 1: do", "---", "┌", "└", "├", "│", "┤", "┬", "┴", "┼", "╭──╮",
                    "╰──╯", "→", "↓", "←", "▶", "- **IMPORTANT**: x", "about \"Topic\""]


def lines_of(fragments):
    return st.lists(st.one_of(st.sampled_from(fragments), st.sampled_from(fragments), st.text(max_size=20),
                              st.lists(st.sampled_from(fragments), min_size=2, max_size=3).map("".join)),
                    max_size=40).map("\n".join)


@settings(max_examples=60, **FAST)
@given(raw=st.binary(max_size=600), suffix=st.sampled_from([".yaml", ".yml", ".md", ".markdown", ".txt", ""]))
def test_random_bytes_load_or_are_refused(raw, suffix):
    with scratch() as folder:
        path = folder / f"raw{suffix}"
        path.write_bytes(raw)
        sheet = only_input_errors(load_sheet, path)
        if sheet is not None:
            check_level(path)


@settings(max_examples=70, **FAST)
@given(text=st.one_of(lines_of(MD_FRAGMENTS), st.text(max_size=200)),
       suffix=st.sampled_from([".md", ".yaml", ".txt"]))
def test_random_markdown_loads_or_is_refused(text, suffix):
    with scratch() as folder:
        path = folder / f"sheet{suffix}"
        path.write_text(text, encoding="utf-8")
        check_level(path)


@settings(max_examples=50, **FAST)
@given(text=lines_of(PROMPT_FRAGMENTS + MD_FRAGMENTS[:20]))
def test_random_prompt_files_load_or_are_refused(text):
    with scratch() as folder:
        path = folder / "topic-cheatsheet-prompt.md"
        path.write_text("# Layout Structure\n" + text, encoding="utf-8")
        check_level(path)


@settings(max_examples=10, **FAST)
@given(text=lines_of(PROMPT_FRAGMENTS))
def test_random_prompt_files_through_the_cli(text):
    with scratch() as folder:
        path = folder / "topic-cheatsheet-prompt.md"
        path.write_text("# Layout Structure\n" + text, encoding="utf-8")
        out = folder / "out"
        code, _, err = run_cli("render", path, "-o", out, "--dpi", "72")
        assert_render_outcome(code, err, out, "topic")


@settings(max_examples=20, **FAST)
@given(text=st.one_of(lines_of(MD_FRAGMENTS), lines_of(PROMPT_FRAGMENTS).map(lambda t: "# Layout Structure\n" + t)))
def test_random_documents_import_or_are_refused(text):
    """`pilgi import` writes the YAML sheet, or refuses in one line and writes nothing."""
    with scratch() as folder:
        path = folder / "doc.md"
        path.write_text(text, encoding="utf-8")
        target = folder / "out" / "doc.yaml"
        code, _, err = run_cli("import", path, "-o", target)
        assert code in (0, 2), err
        if code == 2:
            assert_one_line(err)
            assert all_files(folder / "out") == []
        else:
            assert [p.name for p in all_files(folder / "out")] == ["doc.yaml"]


@settings(max_examples=300, **FAST)
@given(text=st.one_of(mermaid_text(), st.text(max_size=100)), first_line=st.integers(-3, 10 ** 6))
def test_random_mermaid_parses_or_is_refused(text, first_line):
    only_input_errors(parse_mermaid, text, "fuzz.md", first_line)


@settings(max_examples=25, **FAST)
@given(text=mermaid_text())
def test_parsed_mermaid_fits_or_is_refused(text):
    with scratch() as folder:
        path = folder / "m.yaml"
        path.write_text(dump(sheet_with({"mermaid": text}, layout="single")), encoding="utf-8")
        check_level(path)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-(2 ** 64), 2 ** 64) | st.floats() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6) | st.integers(), inner,
                                                                 max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, **FAST)
@given(data=st.one_of(JSONISH, LAYOUT.map(lambda layout: {"name": "fuzz", **layout} if isinstance(layout, dict)
                                            else layout),
                      st.builds(lambda layout, extra: {**layout, "bands": layout.get("bands", []) + extra}
                                if isinstance(layout, dict) else layout,
                                LAYOUT, st.lists(JSONISH, max_size=2))))
def test_random_layouts_are_read_or_refused(data):
    layout = only_input_errors(layout_from_dict, data, "fuzz-layout.yaml")
    if layout is not None:
        bands, regions = solve(layout, Rect(0, 0, 800, 560), 4.0)
        assert bands and regions


@settings(max_examples=15, **FAST)
@given(layout=LAYOUT.filter(lambda layout: isinstance(layout, dict)))
def test_random_inline_layouts_fit_or_are_refused(layout):
    with scratch() as folder:
        path = folder / "l.yaml"
        path.write_text(dump(sheet_with({"text": "x"}, layout=layout)), encoding="utf-8")
        check_level(path)


@settings(max_examples=200, **FAST)
@given(overrides=st.one_of(JSONISH, THEME))
def test_random_themes_are_made_or_refused(overrides):
    only_input_errors(make_theme, overrides, "fuzz: theme")


@settings(max_examples=15, **FAST)
@given(theme=THEME)
def test_random_themes_fit_or_are_refused(theme):
    with scratch() as folder:
        path = folder / "t.yaml"
        path.write_text(dump(sheet_with({"text": "짧은 글"}, {"bullets": ["a", "b"]}, theme=theme)),
                        encoding="utf-8")
        check_level(path)


# --------------------------------------------------------------------------- 3. limits

def deep_rows(depth: int) -> dict:
    block = {"text": "x"}
    for _ in range(depth):
        block = {"row": [block]}
    return block


def bushy_rows(depth: int, fan: int) -> dict:
    block = {"text": "x"}
    for _ in range(depth):
        block = {"row": [block] * fan}
    return block


def deep_frames(depth: int) -> list:
    steps = ["A -> B: hi"]
    for _ in range(depth):
        steps = [{"loop": "again", "steps": steps}]
    return steps


def deep_mind(levels: int) -> dict:
    """A mind map ``levels`` levels deep, the root being level 1."""
    branches: list = ["leaf"]
    for level in range(levels - 2):
        branches = [{f"level {levels - 1 - level}": branches}]
    return {"root": "root", "branches": branches}


def flow_chain(nodes: int) -> str:
    return " -> ".join(f"n{i}" for i in range(nodes))


YAML_LIMITS = {
    # name: (sheet over the limit, message, sheet at the limit)
    "text": (sheet_with({"text": "가" * (limits.MAX_TEXT + 1)}), "text is 5001 characters; the limit is 5000",
             sheet_with({"text": "가" * limits.MAX_TEXT})),
    "sections": ({**SMALL_SHEET, "sections": [{"blocks": [{"text": "x"}]}] * 17}, "17 sections; the limit is 16",
                 {**SMALL_SHEET, "sections": [{"blocks": [{"text": "x"}]}] * 16}),
    "blocks": (sheet_with(*[{"text": "x"}] * 31), "31 blocks; the limit is 30", sheet_with(*[{"text": "x"}] * 30)),
    "list items": (sheet_with({"bullets": ["x"] * 61}), "61 items; the limit is 60",
                   sheet_with({"bullets": ["x"] * 60})),
    "table rows": (sheet_with({"table": {"header": ["a"], "rows": [["x"]] * 61}}), "61 rows; the limit is 60",
                   sheet_with({"table": {"header": ["a"], "rows": [["x"]] * 60}})),
    "table columns": (sheet_with({"table": {"header": ["a"] * 13, "rows": []}}), "13 columns; the limit is 12",
                      sheet_with({"table": {"header": ["a"] * 12, "rows": []}})),
    "spec items": (sheet_with({"spec": [{"label": "a", "value": "b"}] * 61}), "61 items; the limit is 60",
                   sheet_with({"spec": [{"label": "a", "value": "b"}] * 60})),
    "blocks counting rows": (sheet_with(*[{"row": [{"text": "x"}] * 6}] * 5),
                             "more than 30 blocks, counting those in rows",
                             sheet_with(*[{"row": [{"text": "x"}] * 5}] * 5)),
    "blocks in a row": (sheet_with({"row": [{"text": "x"}] * 7}), "7 blocks; the limit is 6",
                        sheet_with({"row": [{"text": "x"}] * 6})),
    "row nesting": (sheet_with(deep_rows(7)), "rows are nested more than 6 deep", sheet_with(deep_rows(6))),
    "flow nodes": (sheet_with({"flow": {"chain": flow_chain(201)}}), "more than 200 nodes",
                   sheet_with({"flow": {"chain": flow_chain(200)}})),
    "flow edges": (sheet_with({"flow": {"chain": "a -> b", "edges": ["a -> b"] * 400}}), "more than 400 edges",
                   sheet_with({"flow": {"chain": "a -> b", "edges": ["a -> b"] * 399}})),
    "participants": (sheet_with({"sequence": {"participants": [f"p{i}" for i in range(21)], "steps": []}}),
                     "21 participants; the limit is 20",
                     sheet_with({"sequence": {"participants": [f"p{i}" for i in range(20)], "steps": []}})),
    "sequence steps": (sheet_with({"sequence": {"steps": ["A -> B: x"] * 301}}), "301 steps; the limit is 300",
                       sheet_with({"sequence": {"steps": ["A -> B: x"] * 300}})),
    "sequence steps in frames": (
        sheet_with({"sequence": {"steps": [{"loop": "a", "steps": ["A -> B: x"] * 200},
                                           {"loop": "b", "steps": ["A -> B: x"] * 200}]}}),
        "more than 300", sheet_with({"sequence": {"steps": [{"loop": "a", "steps": ["A -> B: x"] * 149},
                                                            {"loop": "b", "steps": ["A -> B: x"] * 149}]}})),
    "frame nesting": (sheet_with({"sequence": {"steps": deep_frames(7)}}), "nested more than 6 deep",
                      sheet_with({"sequence": {"steps": deep_frames(6)}})),
    "mind map levels": (sheet_with({"mindmap": deep_mind(9)}), "deeper than 8 levels",
                        sheet_with({"mindmap": deep_mind(8)})),
    "mind map nodes": (
        sheet_with({"mindmap": {"root": "r", "branches": [f"n{i}" for i in range(limits.MAX_MIND_NODES + 1)]}}),
        f"{limits.MAX_MIND_NODES + 1} nodes; the limit is {limits.MAX_MIND_NODES}",
        sheet_with({"mindmap": {"root": "r", "branches": [f"n{i}" for i in range(limits.MAX_MIND_NODES)]}})),
    "dpi too high": (sheet_with({"text": "x"}, page={"dpi": 601}), "expected a number from 72 to 600",
                     sheet_with({"text": "x"}, page={"dpi": 600})),
    "dpi too low": (sheet_with({"text": "x"}, page={"dpi": 71}), "expected a number from 72 to 600",
                    sheet_with({"text": "x"}, page={"dpi": 72})),
}


@pytest.mark.parametrize("name", YAML_LIMITS)
def test_yaml_limits_are_refused_with_a_clear_message(name, tmp_path):
    over, message, at_limit = YAML_LIMITS[name]
    path = tmp_path / "limit.yaml"
    path.write_text(dump(over), encoding="utf-8")
    code, _, err = run_cli("check", path)
    assert code == 2
    assert_one_line(err)
    assert message in err and "limit.yaml" in err, err
    # One below the limit is read (whether it then fits its slot is another matter).
    path.write_text(dump(at_limit), encoding="utf-8")
    with time_limit():
        load_sheet(path)


def _made_up(block) -> m.Sheet:
    return m.Sheet(title="t", sections=[m.Section("s", [block], slot="center", where="made-up")],
                   page=m.Page(dpi=72))


@pytest.mark.parametrize("block, message", [
    ("flow", "401 edges"), ("list", "61 list items"), ("table", "rows"), ("text", "5001 characters"),
    ("sequence", "301 sequence steps"), ("rows", "rows are more than"),
])
def test_the_fitter_holds_blocks_a_reader_made_up_to_the_limits(block, message):
    """Readers check limits with the place in the file; the fitter checks again, so no reader
    (a prompt file turns arrow chains into flows) can hand it unbounded work."""
    made = {
        "flow": m.Flow([m.FlowNode("a", "a"), m.FlowNode("b", "b")], [m.FlowEdge("a", "b")] * 401),
        "list": m.ListBlock(["x"] * 61),
        "table": m.Table(["a"], [["x"]] * 61),
        "text": m.Text("가" * 5001),
        "sequence": m.Sequence([m.Participant("a", "a")], [m.Note("n", ["a"])] * 301),
        "rows": m.Row([m.Text("x")] * 7),
    }[block]
    with pytest.raises(FitError, match=message), time_limit():
        fit_page(_made_up(made))


def mermaid_sheet(diagram: str) -> str:
    return f"# T\n\n## Diagram\n\n```mermaid\n{diagram}\n```\n"


def markdown_section(body: str) -> str:
    return f"# T\n\n## Section\n\n{body}\n"


def md_mind(levels: int) -> str:
    return "mindmap\n" + "\n".join("  " * level + f"n{level}" for level in range(levels))


MARKDOWN_LIMITS = {
    "text": (markdown_section("가" * 5001), "text is 5001 characters; the limit is 5000"),
    "sections": ("# T\n\n" + "".join(f"## S{i}\n\nx\n\n" for i in range(17)), "17 sections; the limit is 16"),
    "blocks": (markdown_section("\n\n".join(["x", "***"] * 31)), "31 blocks; the limit is 30"),
    "list items": (markdown_section("\n".join(["- x"] * 61)), "61 list items; the limit is 60"),
    "table rows": (markdown_section("| a |\n|---|\n" + "| x |\n" * 61), "table has 61 rows; the limit is 60"),
    "table columns": (markdown_section("|" + " a |" * 13 + "\n|" + "---|" * 13 + "\n"),
                      "table has 13 columns; the limit is 12"),
    "flow nodes": (mermaid_sheet("flowchart LR\n" + "\n".join(f"  n{i} --> n{i + 1}" for i in range(200))),
                   "more than 200 nodes"),
    "flow edges": (mermaid_sheet("flowchart LR\n" + "  a --> b\n" * 401), "more than 400 edges"),
    "participants": (mermaid_sheet("sequenceDiagram\n" + "\n".join(f"  participant p{i}" for i in range(21))),
                     "more than 20 participants"),
    "sequence steps": (mermaid_sheet("sequenceDiagram\n" + "  A->>B: x\n" * 301), "more than 300 items"),
    "frame nesting": (mermaid_sheet("sequenceDiagram\n" + "  loop x\n" * 7 + "  A->>B: x\n" + "  end\n" * 7),
                      "nested deeper than 6 levels"),
    "mind map levels": (mermaid_sheet(md_mind(9)), "deeper than 8 levels"),
    "mind map nodes": (mermaid_sheet("mindmap\n  root\n" + "".join(f"    n{i}\n" for i in range(limits.MAX_MIND_NODES))),
                       f"more than {limits.MAX_MIND_NODES} nodes"),
    "mermaid line length": (mermaid_sheet("flowchart LR\n  A[" + "x" * 1000 + "]"), "longer than 1000 characters"),
}


@pytest.mark.parametrize("name", MARKDOWN_LIMITS)
def test_markdown_and_mermaid_limits_are_refused_with_a_clear_message(name, tmp_path):
    text, message = MARKDOWN_LIMITS[name]
    path = tmp_path / "limit.md"
    path.write_text(text, encoding="utf-8")
    code, _, err = run_cli("check", path)
    assert code == 2
    assert_one_line(err)
    assert message in err and "limit.md" in err, err


def test_mind_maps_of_eight_levels_are_read_in_both_formats(tmp_path):
    """README: "mind maps 8 levels" — the same depth in YAML and in Mermaid."""
    path = tmp_path / "eight.md"
    path.write_text(mermaid_sheet(md_mind(8)), encoding="utf-8")
    load_sheet(path)
    path = tmp_path / "eight.yaml"
    path.write_text(dump(sheet_with({"mindmap": deep_mind(8)})), encoding="utf-8")
    load_sheet(path)


@pytest.mark.parametrize("suffix, filler", [(".yaml", "# padding\n"), (".md", "x\n")])
def test_input_over_two_megabytes_is_refused(tmp_path, suffix, filler):
    path = tmp_path / f"big{suffix}"
    head = "title: big\nsections: []\n" if suffix == ".yaml" else "# Big\n"
    body = head + filler * ((MAX_INPUT_BYTES - len(head)) // len(filler) + 1)
    path.write_text(body[:MAX_INPUT_BYTES + 1], encoding="utf-8")
    assert path.stat().st_size == MAX_INPUT_BYTES + 1
    out = tmp_path / "out"
    code, _, err = run_cli("render", path, "-o", out, "--dpi", "72")
    assert code == 2
    assert_one_line(err)
    assert f"file is {MAX_INPUT_BYTES + 1} bytes; the limit is {MAX_INPUT_BYTES}" in err
    assert all_files(out) == []


@pytest.mark.parametrize("dpi, message", [("601", "72"), ("71", "600"), ("abc", "abc"), ("1e9", "1e9")])
def test_dpi_out_of_range_on_the_command_line_is_one_clear_line(tmp_path, dpi, message):
    path = tmp_path / "s.yaml"
    path.write_text(dump(SMALL_SHEET), encoding="utf-8")
    code, _, err = run_cli("render", path, "-o", tmp_path / "out", "--dpi", dpi)
    assert code == 2
    assert_one_line(err)
    assert "--dpi" in err and message in err
    assert len(err) < 200, f"not a clear message: {err[:300]}..."
    assert all_files(tmp_path / "out") == []


def test_readme_limits_paragraph_matches_the_code():
    """README "Limits" states each limit of readers/limits.py."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    paragraph = readme[readme.index("**Limits**"):].split("\n\n")[0]
    paragraph = " ".join(paragraph.split())
    stated = [
        f"{MAX_INPUT_BYTES // 1_000_000} MB input",
        f"{limits.MAX_TEXT:,} characters per text",
        f"{limits.MAX_SECTIONS} sections",
        f"{limits.MAX_BLOCKS} blocks per section",
        f"{limits.MAX_ITEMS} list items",
        f"{limits.MAX_ROWS} table rows",
        f"{limits.MAX_COLUMNS} columns",
        f"{limits.MAX_ROW} blocks in a row",
        f"nested {limits.MAX_DEPTH} deep",
        f"{limits.MAX_NODES} flowchart nodes",
        f"{limits.MAX_EDGES} edges",
        f"{limits.MAX_PARTICIPANTS} participants",
        f"{limits.MAX_STEPS} sequence steps",
        f"mind maps {limits.MAX_MIND_DEPTH} levels ({limits.MAX_MIND_NODES} nodes)",
        f"{limits.MIN_DPI}–{limits.MAX_DPI} dpi",
    ]
    for phrase in stated:
        assert phrase in paragraph, f"README Limits lacks '{phrase}': {paragraph}"


# --------------------------------------------------------------------------- 4. YAML safety

def _tag_payloads(sentinel: Path) -> list[str]:
    return [
        f"!!python/object/apply:os.system ['touch {sentinel}']",
        f"!!python/object/apply:subprocess.call [['touch', '{sentinel}']]",
        f"!!python/object/new:subprocess.Popen [['touch', '{sentinel}']]",
        f"!!python/object/apply:pathlib.Path.touch [!!python/object/apply:pathlib.Path ['{sentinel}']]",
        "!!python/name:os.system",
        "!!python/module:os",
        "!!python/object:pilgi.model.Text {text: x}",
        "!!python/tuple [1, 2]",
        "!<tag:yaml.org,2002:python/object/apply:os.system> ['true']",
    ]


@pytest.mark.parametrize("index", range(9))
@pytest.mark.parametrize("place", ["title", "block", "front matter", "layout file", "icon file"])
def test_python_tags_are_refused_and_never_run(tmp_path, place, index):
    sentinel = tmp_path / "pwned"
    payload = _tag_payloads(sentinel)[index]
    if place == "title":
        path = tmp_path / "s.yaml"
        path.write_text(f"title: {payload}\nsections:\n  - blocks:\n      - text: x\n", encoding="utf-8")
    elif place == "block":
        path = tmp_path / "s.yaml"
        path.write_text(f"title: x\nsections:\n  - blocks:\n      - text: {payload}\n", encoding="utf-8")
    elif place == "front matter":
        path = tmp_path / "s.md"
        path.write_text(f"---\ntitle: {payload}\n---\n# T\n\n## A\n\nx\n", encoding="utf-8")
    elif place == "layout file":
        (tmp_path / "evil-layout.yaml").write_text(f"name: {payload}\nbands: []\n", encoding="utf-8")
        path = tmp_path / "s.yaml"
        path.write_text("title: x\nlayout: evil-layout.yaml\nsections:\n  - blocks:\n      - text: x\n",
                        encoding="utf-8")
    else:
        icon = tmp_path / "evil-icon.yaml"
        icon.write_text(f"name: {payload}\nemoji: [x]\nstrokes: []\n", encoding="utf-8")
        with pytest.raises(InputError):
            load_icon_file(icon)
        assert not sentinel.exists()
        return
    out = tmp_path / "out"
    code, _, err = run_cli("render", path, "-o", out, "--dpi", "72")
    assert code == 2
    assert_one_line(err)
    assert not sentinel.exists(), "a YAML tag ran code"
    assert all_files(out) == []


BILLION_LAUGHS = {
    # Nested frames, every list of steps within the 300 limit, 9**6 messages once expanded.
    "sequence steps": (
        "title: laughs\nsections:\n  - blocks:\n      - sequence:\n          steps:\n"
        "            - &s0 'A -> B: lol'\n"
        + "".join(f"            - &s{i} {{loop: lol, steps: [{', '.join(['*s' + str(i - 1)] * 9)}]}}\n"
                  for i in range(1, 7))
    ),
    # Rows of rows, every row within 6 blocks and 6 levels, 6**6 blocks once expanded.
    "nested rows": (
        "title: laughs\nsections:\n  - blocks:\n"
        "      - &r0 {text: lol}\n"
        + "".join(f"      - &r{i} {{row: [{', '.join(['*r' + str(i - 1)] * 6)}]}}\n" for i in range(1, 7))
    ),
    # One 5000-character text in every cell of 30 tables of 60 x 12 in each of 6 sections.
    "table cells": (
        "title: laughs\nsections:\n  - &section\n    blocks:\n"
        "      - &table {table: {header: &row [&t '" + "lol " * 1249 + "'" + ", *t" * 11 + "], "
        "rows: [" + ", ".join(["*row"] * 60) + "]}}\n"
        + "      - *table\n" * 29 + "  - *section\n" * 5
    ),
    "mind map": (
        "title: laughs\nsections:\n  - blocks:\n      - mindmap:\n          root: r\n          branches:\n"
        "            - &m0 lol\n"
        + "".join(f"            - &m{i} {{lol{i}: [{', '.join(['*m' + str(i - 1)] * 9)}]}}\n" for i in range(1, 8))
    ),
    "front matter": (
        "---\nx0: &f0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(f"x{i}: &f{i} [{', '.join(['*f' + str(i - 1)] * 9)}]\n" for i in range(1, 10))
        + "theme: *f9\n---\n# T\n\n## A\n\nx\n"
    ),
    "self reference": "title: &t [*t]\nsections: &s [{blocks: *s}]\n",
    "recursive rows": "title: x\nsections:\n  - blocks: &b\n      - row: *b\n",
}


@pytest.mark.parametrize("name", BILLION_LAUGHS)
def test_billion_laughs_finish_quickly_and_cleanly(tmp_path, name):
    text = BILLION_LAUGHS[name]
    path = tmp_path / ("bomb.md" if text.startswith("---") else "bomb.yaml")
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    started = time.monotonic()
    code, _, err = run_cli("render", path, "-o", out, "--dpi", "72")
    assert time.monotonic() - started < HANG_SECONDS
    assert_render_outcome(code, err, out, "bomb")


# Values PyYAML's safe loader reads with Python's own errors (ValueError, KeyError, …).
# Plain scalars are text under YAML 1.2 unless they spell a number ("2020-13-45" is
# text, not a broken date); only explicit tags can ask for a value that cannot be.
BAD_SCALARS = ["!!int 0b", "!!int x", "!!int +", "!!float abc",
               "!!bool maybe", "!!timestamp soon", "!!int ---", "!!int 0o9"]


@pytest.mark.parametrize("value", BAD_SCALARS)
@pytest.mark.parametrize("place", ["sheet", "front matter", "markdown sniffed as yaml", "layout file", "icon file"])
def test_unreadable_yaml_scalars_are_input_errors(tmp_path, place, value):
    if place == "sheet":
        path = tmp_path / "s.yaml"
        path.write_text(f"title: {value}\nsections:\n  - blocks:\n      - text: x\n", encoding="utf-8")
    elif place == "front matter":
        path = tmp_path / "s.md"
        path.write_text(f"---\nsubtitle: {value}\n---\n# T\n\n## A\n\nx\n", encoding="utf-8")
    elif place == "markdown sniffed as yaml":
        path = tmp_path / "s.md"
        path.write_text(f"date: {value}\nsections: []\n", encoding="utf-8")
    elif place == "layout file":
        (tmp_path / "my-layout.yaml").write_text(f"name: {value}\nbands: []\n", encoding="utf-8")
        path = tmp_path / "s.yaml"
        path.write_text("title: x\nlayout: my-layout.yaml\nsections:\n  - blocks:\n      - text: x\n",
                        encoding="utf-8")
    else:
        icon = tmp_path / "icon.yaml"
        icon.write_text(f"name: {value}\nemoji: [x]\nstrokes: []\n", encoding="utf-8")
        with pytest.raises(InputError):
            load_icon_file(icon)
        return
    out = tmp_path / "out"
    code, _, err = run_cli("render", path, "-o", out, "--dpi", "72")
    assert code == 2
    assert_one_line(err)
    assert all_files(out) == []


@pytest.mark.parametrize("text", [
    '"two\\nlines": 1\ntitle: x\nsections: []\n',
    'title: x\nsections:\n  - blocks:\n      - "a\\u2028b": 1\n',
    'title: x\nsections:\n  - "k\\rey": 1\n    blocks: []\n',
])
def test_a_line_break_in_a_field_name_still_makes_one_line(tmp_path, text):
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run_cli("check", path)
    assert code == 2
    assert_one_line(err)


def test_a_line_break_in_the_file_name_still_makes_one_line(tmp_path):
    folder = tmp_path / "two\nlines"
    folder.mkdir()
    path = folder / "s\u2028x.yaml"
    path.write_text("title: x\nsections: 3\n", encoding="utf-8")
    code, _, err = run_cli("render", path, "-o", tmp_path / "out")
    assert code == 2
    assert_one_line(err)


def test_ten_thousand_levels_of_yaml_nesting_are_refused(tmp_path):
    for text in ("title: " + "[" * 10000 + "]" * 10000, "title: " + "{a: " * 10000 + "}" * 10000,
                 "title: x\nsections:\n" + "".join("  " * i + "- \n" for i in range(3000))):
        path = tmp_path / "deep.yaml"
        path.write_text(text, encoding="utf-8")
        code, _, err = run_cli("check", path)
        assert code == 2
        assert_one_line(err)


# --------------------------------------------------------------------------- 5. batch paths

GOOD_SHEET = dump({"title": "Batch", "page": {"dpi": 72},
                   "sections": [{"title": "Notes", "blocks": [{"text": "배치 렌더링"}]}]})


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry under ``folder`` with its kind and content, links not followed."""
    state = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            rel = str(path.relative_to(folder))
            if path.is_symlink():
                state[rel] = ("link", os.readlink(path))
            elif path.is_file():
                state[rel] = ("file", path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
            else:
                state[rel] = ("dir",)
    return state


def hostile_tree(tmp_path: Path) -> tuple[Path, Path, Path]:
    src, out, outside = tmp_path / "src", tmp_path / "out", tmp_path / "outside"
    for folder in (src, out, outside, outside / "dir", outside / "evil", src / "sub", src / "a..b", src / "..."):
        folder.mkdir(parents=True, exist_ok=True)
    (outside / "outside.yaml").write_text(GOOD_SHEET, encoding="utf-8")
    (outside / "dir" / "inner.yaml").write_text(GOOD_SHEET, encoding="utf-8")
    (outside / "target.png").write_bytes(b"keep me")
    (src / "real.yaml").write_text(GOOD_SHEET, encoding="utf-8")
    (src / "link-out.yaml").symlink_to(outside / "outside.yaml")  # a sheet outside SRC
    (src / "linkdir").symlink_to(outside / "dir", target_is_directory=True)  # a folder outside SRC
    (src / "loop").symlink_to(src, target_is_directory=True)  # a link cycle
    (src / "broken.yaml").symlink_to(outside / "missing.yaml")  # a dangling link leading out
    (src / "inside-link.yaml").symlink_to(src / "real.yaml")  # a link within SRC
    (src / "a..b" / "dots.yaml").write_text(GOOD_SHEET, encoding="utf-8")  # dots inside a folder name
    (src / "..." / "hidden.yaml").write_text(GOOD_SHEET, encoding="utf-8")  # a folder named "...": hidden
    (src / "a..b.yaml").write_text(GOOD_SHEET, encoding="utf-8")
    (src / "..hidden.yaml").write_text(GOOD_SHEET, encoding="utf-8")
    (src / "..\\..\\backslashes.yaml").write_text(GOOD_SHEET, encoding="utf-8")
    (src / "-cheatsheet-prompt.yaml").write_text(GOOD_SHEET, encoding="utf-8")
    (src / "sub" / "escape.yaml").write_text(GOOD_SHEET, encoding="utf-8")
    (out / "sub").symlink_to(outside / "evil", target_is_directory=True)  # OUT/sub leads outside
    (out / "real.png").symlink_to(outside / "target.png")  # an output file that is a link out
    return src, out, outside


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_build_never_writes_outside_its_output_folder(tmp_path, jobs):
    src, out, outside = hostile_tree(tmp_path)
    before = snapshot(outside)
    code, stdout, err = run_cli("build", src, "-o", out, "-j", jobs, "--force")
    assert code in (0, 2), err
    assert "Traceback" not in stdout + err
    summary = stdout.strip().splitlines()
    assert summary and summary[-1].startswith("rendered "), stdout
    assert snapshot(outside) == before, "build wrote outside OUT"
    # Nothing under OUT (links not followed) leads anywhere but OUT.
    for path in all_files(out):
        if path.parent.resolve() == (out / "sub").resolve():
            continue
        assert path.resolve().is_relative_to(out.resolve()) or path.is_symlink(), path
    assert (out / "real.png").is_file() and not (out / "real.png").is_symlink()
    assert (out / "real.pdf").is_file()
    assert (out / "a..b" / "dots.png").is_file() and not (out / "...").exists()
    failed = [line for line in summary if line.startswith("failed: ")]
    assert any("escape.yaml" in line and "output folder" in line for line in failed), summary
    assert not any("internal error" in line for line in summary), summary
    assert "outside.yaml" not in stdout + err and "inner.yaml" not in stdout + err
    assert not (out / "link-out.png").exists() and not (out / "linkdir").exists()
    assert code == (2 if failed else 0)


def test_build_of_a_file_or_missing_folder_is_one_line(tmp_path):
    (tmp_path / "file.yaml").write_text(GOOD_SHEET, encoding="utf-8")
    for src in (tmp_path / "file.yaml", tmp_path / "missing"):
        code, _, err = run_cli("build", src, "-o", tmp_path / "out")
        assert code == 2
        assert_one_line(err)
    assert all_files(tmp_path / "out") == []


SEGMENTS = ["..", ".", "a", "...", "..a", "a..", " ", "-cheatsheet-prompt", "x\\..\\y", "가", "🍌", "a b", "~",
            "-", "..-cheatsheet-prompt"]


@settings(max_examples=60, **FAST)
@given(names=st.lists(st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=3), min_size=1, max_size=3),
       suffix=st.sampled_from([".yaml", ".md"]))
def test_output_paths_stay_inside_out_for_any_name(names, suffix):
    """Whatever the names under SRC, every sheet found maps to files inside OUT."""
    with scratch() as folder:
        src, out = folder / "src", folder / "out"
        src.mkdir()
        for parts in names:
            source = src.joinpath(*parts[:-1], parts[-1] + suffix)
            if not source.resolve().is_relative_to(src.resolve()):
                continue  # ".." parts that climb out of SRC: never write outside the scratch folder
            try:
                source.parent.mkdir(parents=True, exist_ok=True)
                source.write_text(GOOD_SHEET if suffix == ".yaml" else "# A cheat sheet\n\n## A\n\nx\n",
                                  encoding="utf-8")
            except OSError:
                continue  # not a name this file system takes
        for source in batch.find_sheets(src):
            try:
                base = batch.output_base(source, src, out)
            except InputError:
                continue
            for suffix_out in ("png", "pdf"):
                target = base.with_name(f"{base.name}.{suffix_out}")
                assert target.parent.resolve().is_relative_to(out.resolve()), (source, target)
                assert target.resolve().is_relative_to(out.resolve()), (source, target)


# --------------------------------------------------------------------------- output targets

def test_output_target_that_is_a_folder_is_refused_without_writing(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(dump(SMALL_SHEET), encoding="utf-8")
    out = tmp_path / "out"
    (out / "s.pdf").mkdir(parents=True)  # the PNG could be written, the PDF cannot
    code, _, err = run_cli("render", path, "-o", out, "--dpi", "72")
    assert code == 2
    assert_one_line(err)
    assert not (out / "s.png").exists(), "a partial result was left behind"
    assert [p for p in all_files(out)] == []


def test_output_folder_under_a_file_is_refused(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(dump(SMALL_SHEET), encoding="utf-8")
    (tmp_path / "plain").write_text("not a folder", encoding="utf-8")
    for argv in (("render", path, "-o", tmp_path / "plain" / "out", "--dpi", "72"),
                 ("render", path, "-o", tmp_path / "plain" / "x.png", "--dpi", "72"),
                 ("check", path, "--report", tmp_path / "plain" / "r.json")):
        code, _, err = run_cli(*argv)
        assert code == 2
        assert_one_line(err)


# --------------------------------------------------------------------------- command lines

OPTIONS = [["--dpi", "72"], ["--dpi", "601"], ["--dpi", "x"], ["--dpi"], ["--format", "png"], ["--format", "svg"],
           ["--format", ","], ["-o", "{out}"], ["-o", "{out}/x.png"], ["-o", "{out}/x.txt"], ["-o", "{plain}/x"],
           ["--orientation", "portrait"], ["--orientation", "sideways"], ["--seed", "-1"], ["--seed", "1e3"],
           ["--report", "{out}/r.json"], ["--report", "{out}"], ["-j", "0"], ["-j", "x"], ["--force"],
           ["--allow-problems"], ["--bogus"], ["{sheet}"], ["{missing}"], ["{folder}"], [""], ["-"]]


@settings(max_examples=40, **FAST)
@given(command=st.sampled_from(["render", "check", "import", "build", "draw", ""]),
       options=st.lists(st.sampled_from(OPTIONS), max_size=4))
def test_random_command_lines_end_in_0_or_a_one_line_2(command, options):
    with scratch() as folder:
        sheet = folder / "s.yaml"
        sheet.write_text(dump(SMALL_SHEET), encoding="utf-8")
        (folder / "plain").write_text("a file, not a folder", encoding="utf-8")
        names = {"out": folder / "out", "plain": folder / "plain", "sheet": sheet, "missing": folder / "no.yaml",
                 "folder": folder}
        argv = [command] + [word.format(**names) for option in options for word in option]
        code, stdout, err = run_cli(*argv)
        assert code in (0, 2), (argv, err)
        if code == 2 and not stdout:
            assert_one_line(err)
        for path in all_files(folder):
            # Hidden files are temporaries, except build's record of a page's options.
            assert not path.name.startswith(".") or path.name.endswith(".pilgi.json"), \
                f"a temporary file was left: {path}"


# --------------------------------------------------------------------------- 6. icon files

ICON = st.builds(
    lambda name, emoji, strokes: {"name": name, "emoji": emoji, "strokes": strokes},
    SHORT_TEXT, st.lists(st.sampled_from(WORDS), max_size=3),
    st.lists(st.builds(lambda kind, points, closed, fill, color: {"kind": kind, "points": points, "closed": closed,
                                                                  "fill": fill, "color": color},
                       st.sampled_from(["line", "curve", "ellipse", "spiral"]),
                       st.lists(st.lists(st.floats(-10, 110) | st.integers(0, 100), min_size=1, max_size=3),
                                max_size=5),
                       st.booleans(), st.sampled_from(["", "yellow", "nope", None]),
                       st.sampled_from(["ink", "blue", "none", "nope"])), max_size=4),
)


@settings(max_examples=150, **FAST)
@given(data=st.one_of(ICON, JSONISH), mutations=st.data())
def test_random_icon_files_load_or_are_refused(data, mutations):
    data = mutate(mutations.draw, data) if isinstance(data, dict) and data else data
    with scratch() as folder:
        path = folder / "icon.yaml"
        path.write_text(dump(data), encoding="utf-8")
        only_input_errors(load_icon_file, path)


@settings(max_examples=60, **FAST)
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_random_bytes_as_icon_files_are_refused(raw):
    with scratch() as folder:
        path = folder / "icon.yaml"
        path.write_bytes(raw)
        only_input_errors(load_icon_file, path)


# --------------------------------------------------------------------------- pictures

PICTURE_HEADS = [b"\x89PNG\r\n\x1a\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"GIF89a", b"GIF87a\xff\xff\xff\xff",
                 b"\xff\xd8\xff\xe0", b"RIFF\x00\x00\x00\x00WEBPVP8 ", b""]


@settings(max_examples=40, **FAST)
@given(head=st.sampled_from(PICTURE_HEADS), tail=st.binary(max_size=300),
       suffix=st.sampled_from([".png", ".gif", ".jpg", ".webp"]))
def test_random_picture_files_as_section_icons_are_refused(head, tail, suffix):
    with scratch() as folder:
        (folder / f"pic{suffix}").write_bytes(head + tail)
        path = folder / "s.yaml"
        data = sheet_with({"text": "x"})
        data["sections"][0]["icon"] = f"pic{suffix}"
        path.write_text(dump(data), encoding="utf-8")
        check_level(path)


@pytest.mark.parametrize("size", [(5000, 1), (2100, 2100), (1, 1)])
def test_oversized_or_tiny_pictures_are_handled(tmp_path, size):
    Image.new("RGB", size, (255, 0, 0)).save(tmp_path / "pic.png")
    data = sheet_with({"text": "x"})
    data["sections"][0]["icon"] = "pic.png"
    path = tmp_path / "s.yaml"
    path.write_text(dump(data), encoding="utf-8")
    code, _, err = run_cli("render", path, "-o", tmp_path / "out", "--dpi", "72")
    assert_render_outcome(code, err, tmp_path / "out", "s")
    if size != (1, 1):
        assert code == 2 and "pixels" in err


# --------------------------------------------------------------------------- 7. no hang

BOX_PROMPT = ("# Layout Structure\n\n```\n┌──────────┐\n│ 🍌 Title │\n├──────────┤\n{inside}\n└──────────┘\n```\n\n"
              "## 배치 비율\n{ratios}\n")
PATHOLOGICAL = {
    # Markdown: long lines of inline markup characters, and documents made of openers.
    "markdown stars": markdown_section("*" * 100_000),
    "markdown equals": markdown_section("a " + "=" * 100_000),
    "markdown backticks": markdown_section("`" * 100_000),
    "markdown bold runs": markdown_section("**a " * 30_000),
    "markdown brackets": markdown_section("[" * 40_000),
    "markdown angle brackets": markdown_section("<" * 100_000),
    "markdown underscores": markdown_section("_a" * 20_000),
    "markdown box walls": markdown_section("│" * 100_000),
    "markdown leading blank lines": "\n" * 5_000 + "# T\n\n## A\n\nx\n",
    "markdown leading blank lines then text": "\n" * 60 + "hello\n",
    "markdown unclosed fences": "# T\n\n## A\n\nx\n\n" + "```a\n" * 100_000,
    "markdown unclosed tildes": "# T\n\n## A\n\nx\n\n" + "~~~a\n" * 100_000,
    "markdown nested quotes": markdown_section("> " * 50_000 + "x"),
    "markdown nested lists": markdown_section("".join("  " * i + "- x\n" for i in range(500))),
    "markdown table cells": markdown_section("|a" * 20_000 + "|\n" + "|-" * 20_000 + "|"),
    "markdown front matter blank lines": "---\n" + "\n" * 100_000 + "---\n# T\n\n## A\n\nx\n",
    # Mermaid: nested brackets and long chains within the 1000-character line limit.
    "mermaid nested brackets": mermaid_sheet("flowchart LR\n  A" + "[" * 490 + "x" + "]" * 490),
    "mermaid nested parens": mermaid_sheet("flowchart LR\n  A" + "(" * 490 + "x" + ")" * 490),
    "mermaid bracket soup": mermaid_sheet("flowchart LR\n" + ("  A[(" + "[(" * 240 + "\n") * 200),
    "mermaid quotes": mermaid_sheet("flowchart LR\n" + ('  A["' + '"' * 900 + "\n") * 100),
    "mermaid arrows": mermaid_sheet("flowchart LR\n" + ("  " + "A-->" * 240 + "A\n") * 2),
    "mermaid dashes": mermaid_sheet("flowchart LR\n" + ("  A " + "- " * 490 + "\n") * 200),
    "mermaid message spaces": mermaid_sheet("sequenceDiagram\n" + ("  A" + " " * 990 + "x\n") * 200),
    "mermaid mind indentation": mermaid_sheet("mindmap\n" + "".join(" " * (i % 900) + "n\n" for i in range(300))),
    # Prompt files: long lines of walls, many boxes, long ratio lines.
    "prompt long wall line": BOX_PROMPT.format(inside="│" * 200_000, ratios=""),
    "prompt long box line": BOX_PROMPT.format(inside="│" + "┌┐" * 50_000 + "│", ratios=""),
    "prompt many wall lines": BOX_PROMPT.format(
        inside="│" + "┌┐" * 60 + "│\n" + ("│" * 2_000 + "\n") * 100, ratios=""),
    "prompt ratio spaces": BOX_PROMPT.format(inside="│ a │", ratios="- 상단: " + " " * 200_000 + "x"),
    "prompt ratio table": BOX_PROMPT.format(inside="│ a │", ratios="| 1" + " " * 200_000 + "x |"),
    "prompt nested boxes": BOX_PROMPT.format(inside="".join("│" * i + "┌──┐\n" for i in range(150)), ratios=""),
    "prompt arrows": BOX_PROMPT.format(inside="│" + " → ←" * 50_000 + "│", ratios=""),
    "prompt blank lines": "\n" * 5_000 + "# Layout Structure\n\nx\n",
    # Prompt plans: a fence of arrow chains (one flow of thousands of edges), thousands of topics.
    "prompt arrow chains": "# Content Details\n\n## Flow\n\n```\n" + "A → B → C\n" * 5_000 + "```\n",
    "prompt many topics": "# Content Details\n\n" + "## 📥 Input\n\npara\n\n" * 3_000,
    "prompt many paragraphs": "# Content Details\n\n## 📥 Input\n\n" + "para\n\n" * 3_000,
    "prompt box text": BOX_PROMPT.format(inside="│ a │\n" * 20_000, ratios=""),
}
YAML_PATHOLOGICAL = {
    "yaml step spaces": sheet_with({"sequence": {"steps": [" " * 4999 + "x"] * 20}}),
    "yaml step newlines": sheet_with({"sequence": {"steps": ["A" + "\n" * 4990 + "x"] * 20}}),
    "yaml edge spaces": sheet_with({"flow": {"chain": "a -> b", "edges": [" " * 4999 + "x"] * 20}}),
    "yaml edge tabs": sheet_with({"flow": {"chain": "a -> b", "edges": ["a" + "\t" * 4990 + "x"] * 20}}),
    "yaml edge arrows": sheet_with({"flow": {"chain": "a -> b", "edges": ["a" + "-[" * 2490 + ":\nx"] * 20}}),
    "yaml chain spaces": sheet_with({"flow": {"chain": "a" + " " * 4990 + "-> b"}}),
    "yaml inline stars": sheet_with({"text": "** " * 1666}),
    "yaml inline equals": sheet_with({"text": "== " * 1666}),
    "yaml inline backticks": sheet_with({"text": "` " * 2500}),
    "yaml inline mixed": sheet_with({"text": "**==`a " * 714}),
    "yaml long word": sheet_with({"text": "x" * 5000}),
    # 30 blocks, each a bush of rows 3 deep and 6 wide: 6,480 text blocks (refused: 30 a section).
    "yaml many small blocks": sheet_with(*[bushy_rows(3, 6)] * 30),
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_text_finishes_in_seconds(tmp_path, name):
    path = tmp_path / "patho.md"
    path.write_text(PATHOLOGICAL[name], encoding="utf-8")
    started = time.monotonic()
    check_level(path)
    assert time.monotonic() - started < HANG_SECONDS


@pytest.mark.parametrize("name", YAML_PATHOLOGICAL)
def test_pathological_yaml_finishes_in_seconds(tmp_path, name):
    path = tmp_path / "patho.yaml"
    path.write_text(dump(YAML_PATHOLOGICAL[name]), encoding="utf-8")
    started = time.monotonic()
    check_level(path)
    assert time.monotonic() - started < HANG_SECONDS


def test_build_sniffing_pathological_markdown_finishes_in_seconds(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "blank.md").write_text("---\n" + "\n" * 200_000 + "x\n", encoding="utf-8")
    (src / "fences.md").write_text("```a\n" * 100_000, encoding="utf-8")
    (src / "leading.md").write_text("\n" * 5_000 + "# notes\n", encoding="utf-8")
    started = time.monotonic()
    code, stdout, err = run_cli("build", src, "-o", tmp_path / "out", "-j", "1")
    assert time.monotonic() - started < HANG_SECONDS
    assert code in (0, 2) and "Traceback" not in err
