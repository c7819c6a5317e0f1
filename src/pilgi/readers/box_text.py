"""The text of a drawn box, as blocks.

A box is titled by its first line (icon and layout hints split off); a band
holding one box and a heading above it is titled by the heading, and the
box's own first line is content. A box's text is the section's content until
the plan gives it something richer: lines become text, bullet and check lists
(•, -, →, ✓ markers; an unmarked line continues the bullet above), quotes
("…" over one or more lines), tables (cells split by │), numbered lists and
code (between ``` lines); in a band's only box arrow chains (A → B → C) become
flows. Inner boxes joined by arrows become a Flow: a box's title and up to two
short Latin lines carrying it on are the node's label, its other lines the
node's note; when the arrows come out as separate simple chains (a connector
drawn past a caption is not followed), each chain's end is joined to the next
chain's start. Inner boxes without arrows become a Row of small cards.
"""
from __future__ import annotations

import re

from .. import model as m
from ..errors import InputError
from ..lexicon import CHECK_MARKS
from . import limits
from .arrow_chains import ARROW, chain_parts, flow_from_chains, join_chain_lines, with_rules_as_dashes
from .ascii_layout import parse_ascii_layout
from .drawn_boxes import AsciiBox
from .prompt_instructions import is_description

_STEP_CAPTION = re.compile(r"(?:step\s*\d+\s*)+", re.IGNORECASE)
_BOX_DRAWING = re.compile(r"[\u2500-\u257f]+")
_BOX_TOP = re.compile(r"^\s*[┌╭]", re.MULTILINE)
_BULLET_MARK = re.compile(r"([•·‧∙◦▪▸►\-*→✓✔☑])\s+(.*)")
NUMBERED = re.compile(r"(\d{1,3})[.)]\s+(.*)")
_FENCE = re.compile(r"```\s*([\w+-]*)")
QUOTE_CHARS = "\"“”"
HANGUL = re.compile(r"[가-힣]")
OPEN_PAREN, CLOSE_PAREN = "([（", ")]）"


def drawing_blocks(content: str, where: str, first_line: int) -> list[m.Block] | None:
    """A box drawing inside the plan, read by wrapping it in one more box so that its
    outer box keeps its inner boxes and arrows; None when it holds none or cannot be read."""
    if not _BOX_TOP.search(content):
        return None
    lines = content.rstrip("\n").split("\n")
    try:
        bands = parse_ascii_layout("┌─┐\n" + "\n".join(f"│ {line} │" for line in lines) + "\n└─┘",
                                   where, first_line - 1)
    except InputError:
        return None
    blocks: list[m.Block] = []
    for band in bands:
        if band.heading and not _STEP_CAPTION.fullmatch(band.heading):
            blocks.append(m.Text(band.heading))
        for box in band.cells:
            titled = box_blocks(box, keep_title=False, chains_as_flows=False)
            label = "" if _STEP_CAPTION.fullmatch(box.title) else f"{box.icon} {box.title}".strip()
            if titled and label and not titled[0].title:
                titled[0].title = label
            elif label and not titled:
                titled = [m.Text(f"**{label}**")]
            blocks += titled
    return blocks or None


def box_blocks(box: AsciiBox, keep_title: bool, chains_as_flows: bool) -> list[m.Block]:
    """A box's content: its text (with its title line when ``keep_title``) and its inner boxes,
    which come after the title and before the other lines (captions under them)."""
    title_line = [f"{box.icon} {box.title}".strip()] if keep_title and (box.title or box.icon) else []
    if not box.children:
        return lines_to_blocks(title_line + box.lines, chains_as_flows)
    captions = [line for line in box.lines if not _STEP_CAPTION.fullmatch(line)]
    return (lines_to_blocks(title_line, chains_as_flows) + _inner_boxes(box)
            + lines_to_blocks(captions, chains_as_flows))


def _inner_boxes(box: AsciiBox) -> list[m.Block]:
    if box.arrows:
        return [_flow_from_boxes(box)]
    cards: list[m.Block] = []
    for child in box.children:
        label = f"{child.icon} {child.title}".strip()
        lines = [clean_line(line) for line in _box_text(child)]
        text = "\n".join(line for line in lines if line)
        if text:
            cards.append(m.Text(text, label))
        elif label:
            cards.append(m.Text(f"**{label}**"))
    if 2 <= len(cards) <= limits.MAX_ROW and not box.stacked:
        return [m.Row(cards)]
    return cards


def _box_text(box: AsciiBox) -> list[str]:
    """A box's lines with its inner boxes' text folded in."""
    lines = list(box.lines)
    for child in box.children:
        lines += [f"{child.icon} {child.title}".strip()] + _box_text(child)
    return [line for line in lines if line and not _FENCE.fullmatch(line)]


def _flow_from_boxes(box: AsciiBox) -> m.Flow:
    nodes = []
    for index, child in enumerate(box.children):
        label, note = _node_text(child)
        nodes.append(m.FlowNode(f"n{index + 1}", label or str(index + 1), note=note))
    links = [(source, target) for source, target, _ in box.arrows] + _broken_links(box)
    return m.Flow(nodes, [m.FlowEdge(nodes[source].id, nodes[target].id) for source, target in links])


def _broken_links(box: AsciiBox) -> list[tuple[int, int]]:
    """Links between the pieces of a drawn chain that the diagram reader lost.

    A connector drawn past a caption ("[RL Feedback]") or from the middle of a box
    edge is not followed, so one chain can come out as several. When every piece
    is a simple chain, each piece's end is joined to the next piece's start, the
    pieces taken in reading order of their first box.
    """
    arrows = {(source, target) for source, target, _ in box.arrows}
    outgoing = {source: target for source, target in arrows}
    incoming = {target: source for source, target in arrows}
    if len(outgoing) != len(arrows) or len(incoming) != len(arrows):
        return []  # a box with two arrows out or in: not a simple chain
    pieces = []
    for start in range(len(box.children)):
        if start in incoming:
            continue
        piece, seen = [start], {start}
        while piece[-1] in outgoing and outgoing[piece[-1]] not in seen:
            piece.append(outgoing[piece[-1]])
            seen.add(piece[-1])
        pieces.append(piece)
    if sum(len(piece) for piece in pieces) != len(box.children):
        return []  # a cycle
    pieces.sort(key=min)
    return [(earlier[-1], later[0]) for earlier, later in zip(pieces, pieces[1:])]


def _node_text(box: AsciiBox) -> tuple[str, str]:
    """(label, note) of a box drawn as a flow node: the title and up to two short Latin lines
    that carry it on ("Uncertainty" / "Estimation", "Policy LM" / "(Small, Tunable)"); the
    other lines are the note."""
    title = f"{box.icon} {box.title}".strip()
    lines = [line for line in (clean_line(line) for line in _box_text(box)) if line]
    label = [title] if title else []
    open_title = not title or not (HANGUL.search(title) or title.endswith((":", "：")))
    while open_title and lines and len(label) < 3 and _continues_label(lines[0], " ".join(label)):
        label.append(lines.pop(0))
    return " ".join(label), "\n".join(lines)


def _continues_label(line: str, label: str) -> bool:
    if len(line) > 24 or HANGUL.search(line) or ARROW.search(line) or _BULLET_MARK.match(line):
        return False
    inside_brackets = sum(label.count(c) for c in OPEN_PAREN) > sum(label.count(c) for c in CLOSE_PAREN)
    return inside_brackets or line[0].isupper() or line[0] in OPEN_PAREN


def clean_line(line: str) -> str:
    """A box line without stray drawing characters (connectors, corners)."""
    return " ".join(_BOX_DRAWING.sub(" ", line).split())


def lines_to_blocks(lines: list[str], chains_as_flows: bool) -> list[m.Block]:
    """Box text as blocks: code, tables, lists, quotes, flows and plain text, in order."""
    blocks: list[m.Block] = []
    lines = [line.strip() for line in lines if line.strip() and not is_description(line)]
    lines = _join_quoted(join_chain_lines(lines))
    index = 0
    while index < len(lines):
        line = lines[index]
        kind = _line_kind(line, chains_as_flows)
        end = index + 1
        if kind == "code":
            while end < len(lines) and not _FENCE.fullmatch(lines[end]):
                end += 1
            code = "\n".join(lines[index + 1:end])
            if code:
                blocks.append(m.Code(code, _FENCE.fullmatch(line)[1]))
            index = end + 1
            continue
        while end < len(lines) and _line_kind(lines[end], chains_as_flows) == kind and kind != "quote":
            end += 1
        if kind == "bullet":
            while end < len(lines) and _line_kind(lines[end], chains_as_flows) in ("bullet", "text"):
                end += 1
        run = lines[index:end]
        blocks += _run_blocks(kind, run)
        index = end
    return blocks


def _line_kind(line: str, chains_as_flows: bool) -> str:
    if _FENCE.fullmatch(line):
        return "code"
    if len([cell for cell in line.split("│") if cell.strip()]) >= 2:
        return "table"
    if _BULLET_MARK.fullmatch(line):
        return "bullet"
    if NUMBERED.fullmatch(line):
        return "number"
    if len(line) > 2 and line[0] in QUOTE_CHARS and line[-1] in QUOTE_CHARS:
        return "quote"
    if chains_as_flows and chain_parts(line):
        return "chain"
    return "text"


def _run_blocks(kind: str, run: list[str]) -> list[m.Block]:
    if kind == "table" and len(run) >= 2:
        rows = [[cell.strip() for cell in line.split("│")] for line in run]
        width = max(len(row) for row in rows)
        return [m.Table(rows[0] + [""] * (width - len(rows[0])), rows[1:])]
    if kind == "bullet":
        items: list[str] = []
        checks = True
        for line in run:
            match = _BULLET_MARK.fullmatch(line)
            if match:
                checks = checks and match[1] in CHECK_MARKS
                items.append(clean_line(match[2]))
            elif items:  # an unmarked line continues the bullet above
                items[-1] = f"{items[-1]} {clean_line(line)}"
        return [m.ListBlock([item for item in items if item], "check" if checks else "bullet")]
    if kind == "number":
        return [m.ListBlock([clean_line(NUMBERED.fullmatch(line)[2]) for line in run], "number")]
    if kind == "quote":
        return [m.Quote(clean_line(run[0][1:-1]))]
    if kind == "chain":
        return [flow_from_chains(run, clean_line)]
    text = "\n".join(line for line in (clean_line(with_rules_as_dashes(line)) for line in run) if line)
    return [m.Text(text)] if text else []


def _join_quoted(lines: list[str]) -> list[str]:
    """A quote opened on one line and closed on a later one is one line."""
    joined: list[str] = []
    open_quote = False
    for line in lines:
        if open_quote:
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
        if sum(line.count(c) for c in QUOTE_CHARS) % 2:
            open_quote = not open_quote
    return joined
