"""The brief: what a writer (any text LLM) is told, so that its answer fits the page.

A brief is plain Markdown a person can paste into any chat. It carries the
prompt's source text, plan and language rules; in place of the request for a
picture it gives pilgi's Markdown sheet format: one ``##`` section per box of the
page, in order, titled as the box, each with the room it has — measured with
pilgi's own fitter at a comfortable text size, as a range that fills the box,
since writers given one number write less.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import blocks
from . import model as m
from .fit import SIDE_HEADING_SHARE, _frame
from .page_fitter import PageFitter
from .readers.prompt_parts import Box, PagePlan, PromptParts

# A box with room for one line takes no block of more: a quote is drawn as a note of
# two lines or more, a list or a diagram takes more than one.
ONE_LINE_SUITS = "a single line of plain text (a key phrase with its Korean note); no quote, list, table or diagram"
COMFORTABLE_PT = 11.0  # the size capacities are measured at; the fitter may go larger or smaller
FILL_LOW = 0.75  # the range asked for runs from this share of the room to all of it
SAMPLE = ("신경망은 토큰 시퀀스를 입력으로 받아 다음 토큰의 확률 분포를 출력하고 학습은 정답 토큰의 "
          "확률을 조금씩 높이는 방향으로 파라미터를 업데이트한다 ") * 4
NODE_LABEL = "Context Window"
CELL = "토큰 시퀀스 입력"
MOST_LINES, MOST_NODES, MOST_ROWS = 60, 12, 20
CHART_NODES = 3  # the short flowchart whose share of a box's lines the brief states


@dataclass
class Room:
    """What fits in one box at the comfortable size."""
    lines: int  # bullet lines
    chars: int  # Korean characters on one such line
    nodes: int  # nodes of a flowchart, alone in the box
    rows: int  # table rows under a header, alone in the box
    columns: int
    chart_lines: int = 0  # how many of ``lines`` a short flowchart (CHART_NODES) takes, beside text


def measure_rooms(plan: PagePlan, path: str = "") -> dict[str, Room]:
    sheet = m.Sheet(title=plan.title or "·", sections=[], layout=plan.layout, layout_spec=plan.layout_spec,
                    path=path)
    fitter = PageFitter(sheet)
    size = fitter.pt(COMFORTABLE_PT)
    return {box.slot: _room(fitter, box, size) for box in plan.boxes if box.slot in fitter.regions}


def _room(fitter: PageFitter, box: Box, size: int) -> Room:
    region = fitter.regions[box.slot]
    ctx = fitter.ctx(box.slot, size)

    def section(blocks: list[m.Block]) -> m.Section:
        return m.Section(box.title, blocks, slot=box.slot, icon=box.icon)

    frame = _frame(section([]), ctx, region.rect, None)
    chars = line_chars(ctx, frame.body.w if frame else 0.0)
    line = SAMPLE[:chars].strip() or "가"

    def most(make, top: int) -> int:
        lo, hi = 0, top
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fitter.fits_at(section(make(mid)), box.slot, size):
                lo = mid
            else:
                hi = mid - 1
        return lo

    lines = most(lambda n: [m.ListBlock([line] * n)], MOST_LINES)
    nodes = most(lambda n: [_chain(n)], MOST_NODES)
    columns = 3 if frame and frame.body.w >= 30 * size else 2
    rows = most(lambda n: [m.Table([CELL] * columns, [[CELL] * columns] * n)], MOST_ROWS)
    chart_lines = 0
    if nodes >= CHART_NODES:
        chart_lines = max(lines - most(lambda n: [_chain(CHART_NODES), m.ListBlock([line] * n)], lines), 0)
    return Room(lines, chars, nodes, rows, columns, chart_lines)


def line_chars(ctx, width: float) -> int:
    """Characters of mixed Korean text that one bullet line holds."""
    lo, hi = 1, len(SAMPLE)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        need = _one_bullet_lines(ctx, SAMPLE[:mid].strip(), width)
        if need is not None and need <= 1:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _one_bullet_lines(ctx, text: str, width: float) -> int | None:
    one = blocks.measure(m.ListBlock(["가"]), ctx, width)
    this = blocks.measure(m.ListBlock([text]), ctx, width)
    if one is None or this is None:
        return None
    return round(this.height / one.height)


def _chain(count: int) -> m.Flow:
    nodes = [m.FlowNode(f"n{i}", NODE_LABEL) for i in range(count)]
    edges = [m.FlowEdge(f"n{i}", f"n{i + 1}") for i in range(count - 1)]
    return m.Flow(nodes, edges)


# --- the brief's text --------------------------------------------------------------------------

MERMAID_SUBSET = """\
- `flowchart LR` / `TD` (or `graph`): nodes `A[text]`, `A(text)`, `A([text])`, `A{text}`, `A((text))`;
  edges `-->`, `---`, `-.->`, `==>`, with labels `-->|label|`; `subgraph … end`; `<br/>` in a label.
- `sequenceDiagram`: `participant A as Name`, messages `->>`, `-->>`, notes, `loop … end`, `alt … else … end`.
- `mindmap`: an indented tree under `root((Topic))`.
- `stateDiagram-v2` and `classDiagram` (drawn as boxes and arrows).
- Charts drawn by hand: `pie` (with `showData`), `timeline` (sections, periods, events),
  `xychart-beta` (`bar` / `line` with `x-axis` and `y-axis`) and `quadrantChart`.
- Nothing else: no gantt, journey, ER, git or sankey diagrams — use a table instead.
- Keep labels short (1-4 words); notes in Korean go in the surrounding text, not in long labels."""


def write_brief(parts: PromptParts, path: str = "") -> str:
    rooms = measure_rooms(parts.page, path)
    page = parts.page
    title = page.title or "Cheat Sheet"
    out = [f"# Brief: the content of a one-page cheat sheet — {title}", ""]
    out += [
        "Write the content of a one-page A4 landscape cheat sheet. A program draws your answer exactly as written,",
        "in hand-writing, into the fixed boxes listed below; it cannot shorten or rearrange anything, so what you",
        "write must fit each box. Answer with the sheet alone.",
        "",
        "## How to answer",
        "",
        f"- Start with the title line `# {_title_line(page)}`, then one `##` section per box, in the order",
        "  below, each headed exactly by its box's heading (emoji included). No other `##` sections.",
        "- No prose before or after the sheet, no code fence around the whole answer, no `---` rules.",
        "- Fill each box within its range: fewer lines leave blank paper, more do not fit. Count a wrapped",
        "  line as two lines; a table row (the header row too), a list item or a diagram row all take room;",
        "  the ``` lines round fenced code take none, each code line takes one.",
        "- Lines are counted full: a 30-character bullet in a box whose lines hold 100 leaves most of its",
        "  line blank. Give each bullet its explanation, or join short points on one line with ` · `.",
        "- Inside a section use: short paragraphs; `-` bullet lists; `- [ ]` checklists; `1.` numbered lists;",
        "  Markdown tables (short cells); `> \"quote\" — 한국어 주석` blockquotes (drawn as sticky notes);",
        "  fenced code; `mermaid` diagrams; `###` sub-headings. Inline: `**bold**`, `==highlight==`, `` `code` ``.",
        "- No images, links or HTML.",
        "",
        "## Language",
        "",
        "- Terms, names and proper nouns stay in English; the notes and explanations are written in Korean.",
    ]
    if parts.terms:
        out.append("- English terms to keep: " + ", ".join(parts.terms) + ".")
    out += ["- Quotes stay in the original English, with a short Korean note.", "",
            "## The boxes (in order)", ""]
    for number, box in enumerate(page.boxes, start=1):
        out += _box_lines(number, box, rooms.get(box.slot)) + [""]
    out += ["## Mermaid that is drawn", "", MERMAID_SUBSET, ""]
    if parts.plan:
        out += ["## The author's plan", "",
                "What the author wants on the sheet. Use it for the content, but the boxes above decide the",
                "sections and how much fits: leave out what has no room.", "", parts.plan, ""]
    if parts.source:
        out += ["## Source text", "", parts.source, ""]
    out += ["## Now", "", "Write the sheet: the `#` title line, then the boxes' `##` sections in order, and nothing else.", ""]
    return "\n".join(out)


def _title_line(page: PagePlan) -> str:
    return f"{page.icon} {page.title}".strip() if page.title else "Cheat Sheet"


def _box_lines(number: int, box: Box, room: Room | None) -> list[str]:
    if box.named:
        lines = [f"### {number}. `## {box.heading}`", ""]
    else:
        lines = [f"### {number}. A box the author left unnamed: head it `## <emoji> <a short title of yours>`", ""]
    if room is not None and room.lines == 0:  # a thin ribbon: the page writes its heading beside the line
        lines.append(f"- Room: one line beside the heading, of about {round(room.chars * (1 - SIDE_HEADING_SHARE))}"
                     " Korean characters.")
    elif room is not None and room.lines == 1:
        lines.append(f"- Room: one line of about {room.chars} Korean characters, under the heading.")
    elif room is not None:
        low = max(1, int(room.lines * FILL_LOW))
        lines.append(f"- Room: {low}–{room.lines} lines of about {room.chars} Korean characters each"
                     f" (about {low * room.chars}–{room.lines * room.chars} characters in all); shorter lines"
                     " leave the box's right side blank.")
        alternatives = []
        if room.nodes >= 3:
            chart = f"a flowchart of up to {room.nodes} short-labelled nodes in a row"
            if room.chart_lines >= room.lines:
                chart += " (a short one takes all of those lines)"
            elif room.chart_lines:
                chart += f" (a short one takes about {room.chart_lines} of those lines)"
            alternatives.append(chart)
        if room.rows >= 2:
            alternatives.append(f"a table of a header row and up to {room.rows} rows × {room.columns} columns"
                                " of short cells")
        if alternatives:
            lines.append("- Or, instead of text: " + "; or ".join(alternatives)
                         + ". A diagram or table with text shares the same room.")
    if box.band_heading:
        lines.append(f"- It sits under the band heading \"{box.band_heading}\", which the page writes above it "
                     "and the other boxes of its band: do not repeat it as this box's title.")
    if box.parts:
        lines.append("- Write it in parts, each under its own `###` heading, in this order: "
                     + ", ".join(f"`### {part}`" for part in box.parts) + ".")
    one_line = room is not None and room.lines <= 1
    suits = ONE_LINE_SUITS if one_line else box.suits or _suits(box)
    if suits:
        lines.append(f"- Suits: {suits}.")
    if box.sketch:
        lines.append("- The author's sketch of this box: " + " / ".join(f"\"{s}\"" for s in box.sketch[:6]))
    return lines


def _suits(box: Box) -> str:
    title = box.title.casefold()
    words = f"{title} {' '.join(box.sketch)}".casefold()
    if any(w in title for w in ("takeaway", "summary", "요약", "정리", "advantage", "why", "장점")):
        return "bullets or a checklist, one idea per line, each with its reason so that it fills its line"
    if any(w in words for w in ("insight", "quote", "인용", "명언", "aha", '"')):
        return "one to three quotes as blockquotes, each with a Korean note"
    if any(w in words for w in ("flow", "workflow", "architecture", "process", "loop", "→", "흐름", "단계")):
        return "a Mermaid flowchart (or a numbered list of steps), with a line or two of notes"
    if any(w in words for w in ("vs", "비교", "comparison", "trade-off", "table", "표", "matrix", "spec")):
        return "a small table, or a two-sided comparison"
    return "bullets, each a point with its explanation filling its line, or a few short paragraphs with **bold** key terms"
