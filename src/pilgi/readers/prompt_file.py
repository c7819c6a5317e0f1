"""Cheat sheet prompt files: the page plan and the content of a prompt for an image model.

A prompt file is Markdown written for an image model. It draws the page as an
ASCII box diagram, states band ratios, and plans what goes where ("Output
Structure Plan", "Content Details"). Much of it is not for the page: the lecture
itself ("Source Text"), the model's role, style rules, requests and chatter.
The page it draws is read by ``diagram_page`` (each box's text by ``box_text``),
its plan by ``prompt_plan``; ``prompt_instructions`` tells what speaks to the
image model apart from what goes on the page.

What is read; everything else is never drawn
    The sheet's content parts are the top-level (``#``) parts titled Layout
    Structure, Output Structure Plan or Content Details (or 레이아웃 구조, 구조
    계획, 콘텐츠 상세). A file with none of them reads every top-level part except
    Role Definition, Source Text, Output Style and Instructions. So the Source
    Text (everything under its heading up to the next ``#`` heading) is never
    read, and neither is a part whose title is not a content part. Inside the
    content parts these are skipped:

    - headings naming instructions or metadata (Role Definition, Source Text,
      Output Style, Instructions, 스타일 가이드, 추가 요청사항, 메타 정보, 이미지
      생성 요청, 작업 결과 요약, 콘텐츠 정보, 생성 지시사항) with everything under
      them; a 배치 비율 heading or paragraph with only its ratio table or list;
    - everything after a horizontal rule up to the next heading (closing
      requests such as "Please generate the Cheat Sheet now.");
    - instructions: paragraphs and list items that start with an imperative
      meant for the image model ("Create a Mermaid mindmap …:", "Show …",
      "Please …", "**IMPORTANT**: …", "3-5 bullet points summarizing:", Korean
      requests ending in 해주세요 …); the lists and code nested in them are kept;
    - the box diagram itself, and layout hints in box titles ("(이 섹션이 가장
      넓어야 함!)", "(좌측 상단)", "**좌우 2등분**").

Attachment and fitting
    Where blocks go, and how they are laid out in their box, is decided by
    ``placement.py`` (see there).

Without a box diagram
    The template is chosen by content type: a "콘텐츠 유형" / "content type" line
    if the file has one; else by words in the content parts ("use case", "사례"
    → use-case; "tutorial", "튜토리얼", "step-by-step", "Step 1" → tutorial), the
    kind with at least 2 mentions and more than the other; else lecture. The
    plan's ``##`` parts become sections in order; surplus sections merge into
    their neighbours and slots are assigned as markdown_sheet does; then the
    sections are fitted as above. The title is the topic the Role Definition
    names ('about "…"'), else the topic of a "# 나노바나나 치트시트 프롬프트: …"
    heading, else the file name.

Errors are InputError naming the file and, where it can, the line.
"""
from __future__ import annotations

import re
from pathlib import Path

from markdown_it.tree import SyntaxTreeNode

from .. import model as m
from ..errors import InputError
from ..layout import load_layout
from ..placement import FitProbe, Item, Placement, Slot, assign_section_slots, claimed_slots, describe_item, slot_areas
from . import limits
from .band_ratios import RATIO_MARKER
from .diagram_page import LAYOUT_NAME, DiagramPage
from .markdown_sheet import heading_text, parse_markdown
from .prompt_instructions import CONTENT_PART, EXCLUDED_PART
from .prompt_plan import PlanReader

DEFAULT_TEMPLATE = "lecture"
_ROLE_TOPIC = re.compile(r"\babout\s+[\"“]([^\"”\n]{1,120})[\"”]")
_HEADING_TOPIC = re.compile(r"(?:치트\s*시트|cheat\s*sheet)\s*(?:프롬프트|prompt)\s*[:：]\s*(\S.{0,119})",
                            re.IGNORECASE)
_CONTENT_TYPE = re.compile(r"(?:콘텐츠\s*유형|content\s*type)\**\s*[:：]\s*\**\s*([^\s*(]+)", re.IGNORECASE)


def read_prompt_file(text: str, path: Path | str) -> m.Sheet:
    where = str(path)
    if not text.strip():
        raise InputError("the file is empty", f"{where}:1")
    nodes = parse_markdown(without_false_front_matter(text), str(path))
    found = DiagramPage.find(text, where)
    content = content_nodes(nodes, found[1] if found else None)
    reader = PlanReader(where)
    items = reader.read(content)
    # Placing costs fits per item and box: bound it by what a page can hold at all.
    most = limits.MAX_SECTIONS * limits.MAX_BLOCKS
    if len(items) > most:
        raise InputError(f"the plan has {len(items)} blocks; a page holds at most {most}", f"{where}:1")
    if found:
        page = found[0]
        title, icon, subtitle = page.title, page.title_icon, page.subtitle
        layout_name, layout_spec = LAYOUT_NAME, page.layout_spec
        slots = page.slots
        claims = claimed_slots(items, slots)
    else:
        title, icon, subtitle = role_topic(nodes) or heading_topic(nodes) or stem_title(where), "", ""
        layout_name, layout_spec = template_name(text, content), None
        slots, items, claims = template_slots(items, layout_name, where)
    probe = FitProbe(layout_name, layout_spec, m.Page(), where)
    placement = Placement(slots, items, claims, probe)
    sections = placement.run()
    return m.Sheet(
        title=title or stem_title(where),
        sections=sections,
        subtitle=subtitle,
        layout=layout_name,
        title_icon=icon,
        path=where,
        layout_spec=layout_spec,
        unplaced=reader.unreadable + [describe_item(item) for item in placement.unplaced],
    )


_FRONT_MATTER_KEY = re.compile(r"[A-Za-z_][\w-]*\s*:")


def without_false_front_matter(text: str) -> str:
    """A prompt opening with a ``---`` rule over prose is not YAML front matter: the rule
    becomes ``***`` (a rule all the same, on the same line) so nothing under it is lost."""
    lines = text.split("\n", 2)
    if lines[0].strip() == "---" and not (len(lines) > 1 and _FRONT_MATTER_KEY.match(lines[1].strip())):
        return "***" + text[len(lines[0]):]
    return text


def content_nodes(nodes: list[SyntaxTreeNode], diagram_line: int | None) -> list[SyntaxTreeNode]:
    """The nodes of the content parts, without the layout diagram's fence and without
    the band ratios' section (its notes tell the drawer how to lay the page out)."""
    nodes = _without_ratio_section(nodes)
    parts: list[tuple[str, list[SyntaxTreeNode]]] = [("", [])]  # what comes before the first # heading
    for node in nodes:
        if node.type == "heading" and node.tag == "h1":
            parts.append((heading_text(node), [node]))
        else:
            parts[-1][1].append(node)
    chosen = [body for heading, body in parts if CONTENT_PART.search(heading)]
    if not chosen:
        chosen = [body for heading, body in parts if not EXCLUDED_PART.match(heading.strip())]
    return [node for body in chosen for node in body if not _holds_line(node, diagram_line)]


def _without_ratio_section(nodes: list[SyntaxTreeNode]) -> list[SyntaxTreeNode]:
    """Everything but what a heading of the band ratios ("## 배치 비율") heads, down to
    the next heading of any level: the ratios and the notes on laying them out."""
    out: list[SyntaxTreeNode] = []
    skipping = False
    for node in nodes:
        if node.type == "heading":
            skipping = bool(RATIO_MARKER.search(heading_text(node)))
        if not skipping:
            out.append(node)
    return out


def _holds_line(node: SyntaxTreeNode, line: int | None) -> bool:
    return line is not None and node.map is not None and node.map[0] < line <= node.map[1]


def template_name(text: str, content: list[SyntaxTreeNode]) -> str:
    """The template a prompt without a box diagram is laid out in: the content type it
    states, else the one its content parts speak of most, else the default."""
    stated = _CONTENT_TYPE.search(text)
    if stated:
        kind = _template_word(stated[1])
        if kind:
            return kind
    words = " ".join(node.content or "" for node in _walk(content)).lower()
    use_case = len(re.findall(r"use[\s-]?cases?|사례", words))
    tutorial = len(re.findall(r"tutorial|튜토리얼|step[\s-]by[\s-]step|단계별\s*가이드|\bstep\s*\d", words))
    if use_case >= 2 and use_case > tutorial:
        return "use-case"
    if tutorial >= 2 and tutorial > use_case:
        return "tutorial"
    return DEFAULT_TEMPLATE


def _template_word(word: str) -> str:
    word = word.lower()
    if word.startswith(("use", "사례")):
        return "use-case"
    if word.startswith(("tutorial", "튜토리얼", "guide", "가이드")):
        return "tutorial"
    if word.startswith(("lecture", "강의")):
        return "lecture"
    return ""


def _walk(nodes: list[SyntaxTreeNode]):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def template_slots(items: list[Item], layout_name: str, where: str) -> tuple[list[Slot], list[Item], dict]:
    """Sections from the plan's ## parts, merged and given slots as markdown_sheet does."""
    layout = load_layout(layout_name)
    areas = slot_areas(layout)
    band_sizes = {slot: len(band.cells) for band in layout.bands for cell in band.cells for slot in cell.slots}
    parts: dict[tuple[str, str], m.Section] = {}
    first_lines: dict[int, int] = {}  # id of a block → its line
    for item in items:
        key = (item.topic, item.topic_icon)
        if key not in parts:
            parts[key] = m.Section(item.topic, [], icon=item.topic_icon, where=f"{where}:{item.line}")
        parts[key].blocks += item.blocks
        first_lines.update((id(block), item.line) for block in item.blocks)
    sections = assign_section_slots(list(parts.values()), {}, areas)
    slots, placed, claims = [], [], {}
    for section in sections:
        slot = Slot(section.slot, section.title, section.icon, areas[section.slot],
                     band_sizes[section.slot] == 1, [], section.where, named_by_plan=True)
        slots.append(slot)
        for block in section.blocks:
            # A merged section's heading may come as a new bold Text: it goes with the block after it.
            line = first_lines.get(id(block), placed[-1].line if placed else 1)
            item = Item([block], section.title, section.icon, [], line)
            placed.append(item)
            claims[id(item)] = slot.name
    order = {name: index for index, name in enumerate(areas)}
    return sorted(slots, key=lambda slot: order[slot.name]), placed, claims


def role_topic(nodes: list[SyntaxTreeNode]) -> str:
    """The topic a Role Definition names: 'restructure the provided text about "X"'."""
    in_role = False
    for node in nodes:
        if node.type == "heading" and node.tag == "h1":
            in_role = bool(re.match(r"\s*role\s+definition", heading_text(node), re.IGNORECASE))
        elif in_role and node.type == "paragraph":
            found = _ROLE_TOPIC.search(node.children[0].content if node.children else "")
            if found:
                return found[1].strip()
    return ""


def heading_topic(nodes: list[SyntaxTreeNode]) -> str:
    """The topic a prompt's own title names: "# 나노바나나 치트시트 프롬프트: Topic"."""
    for node in nodes:
        if node.type == "heading" and node.tag == "h1":
            found = _HEADING_TOPIC.search(heading_text(node))
            return found[1].strip() if found else ""
    return ""


def stem_title(where: str) -> str:
    stem = Path(where).stem.removesuffix("-cheatsheet-prompt").removesuffix("-prompt")
    return " ".join(stem.replace("_", " ").replace("-", " ").split()) or "Cheat Sheet"
