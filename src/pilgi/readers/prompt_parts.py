"""A prompt file split for a writer: its boxes, its source text, its plan, its language rules.

A cheat-sheet prompt asks one model to write and draw. pilgi draws, so a writer
(any text LLM) only needs the part of the prompt about content: the lecture it
summarises ("Source Text"), the plan of what goes on the sheet, the language
rules — and, in place of the picture request, the boxes of the page. This module
reads those parts; ``brief.py`` writes them out and ``answer.py`` draws the
writer's answer in the same boxes.

What is kept, by top-level Markdown node (so the text is carried as written):
    - source: the ``# Source Text`` part up to the next ``#`` part that belongs to
      the prompt (Output Style, Layout Structure, Output Structure Plan, Content
      Details, Instructions, Role Definition) — the lecture's own ``#`` headings
      stay in it; text before the first such part counts as source too;
    - plan: the Layout Structure / Output Structure Plan / Content Details parts,
      without the box diagram, the ratio table or list, notices to the image
      model ("**IMPORTANT**: 첨부된 이미지…"), Korean requests ("…해주세요") and
      what follows a ``---`` rule up to the next heading;
    - dropped everywhere: Role Definition, Output Style, Instructions, style
      guides, extra requests, meta information, image-generation requests and
      their sub-parts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.tree import SyntaxTreeNode

from .. import model as m
from ..errors import InputError
from ..layout import TITLE_SLOT, load_layout
from ..lexicon import is_layout_hint
from ..placement import block_strings
from .band_ratios import RATIO_MARKER
from .markdown_sheet import heading_level, heading_text, parse_markdown, split_heading
from .diagram_page import DiagramPage, layout_line
from .prompt_file import (content_nodes, heading_topic, role_topic, stem_title, template_name, template_slots,
                          without_false_front_matter)
from .prompt_instructions import CONTENT_PART, EXCLUDED_PART, KOREAN_REQUEST, NOTICE, is_description
from .prompt_plan import PlanReader

_SOURCE_PART = re.compile(r"\s*(?:\d+\.\s*)?source\s+text\b|\s*원문", re.IGNORECASE)
_PROMPT_PART = re.compile(r"\s*(?:\d+\.\s*)?(?:role\s+definition|output\s+style|instructions?\b)", re.IGNORECASE)
_TERMS = re.compile(r"영어\s*원문[^(（\n]{0,20}[(（]([^)）\n]{3,400})[)）]")
# A parenthesis telling the image model where to put a part: "(좌측 상단)", "(중앙 - 가장 넓게!)".
_PLACE_HINT = re.compile(r"\s*[(（]([^()（）]*)[)）]")
_ASKS_THE_IMAGE_MODEL = re.compile("배치|주세요|해줘")  # "(…에 배치해 주세요)": in a prompt, never content
_IMAGE_WORDS = re.compile(r"첨부|이미지|image|스타일|style|배경|background|손필기|모눈", re.IGNORECASE)

# The boxes of pilgi's own layouts, for a plain lecture file briefed with --template:
# what the user's three prompt templates plan for each place on the page.
TEMPLATE_BOXES: dict[str, list[tuple[str, str, str, str]]] = {
    "lecture": [
        ("top-left", "🗺️", "Topic Overview", "a small mind map or a few key points of the whole topic"),
        ("top-right", "📚", "Key Concepts", "a table: Concept | Definition | Example"),
        ("center", "⚡", "Core Ideas", "the main flowchart of the lecture's argument or process"),
        ("bottom-left", "💡", "Notable Insights", "quotes with a Korean note, as blockquotes"),
        ("bottom-middle", "🔧", "Practical Applications", "how to apply it: short bullets"),
        ("bottom-right", "🎓", "Key Takeaways", "3-5 bullets summarising the lecture"),
    ],
    "tutorial": [
        ("top-left", "🗺️", "Overview", "a flowchart of the whole process, start to finish"),
        ("top-right", "✅", "Prerequisites", "a checklist (- [ ] items) of what is needed first"),
        ("center", "📋", "Step-by-Step Guide", "a table: Step | Action | Command | Notes"),
        ("bottom-left", "⌨️", "Cheat Commands", "the most used commands in a code block"),
        ("bottom-middle", "🔧", "Troubleshooting", "problem → fix bullets"),
        ("bottom-right", "🎓", "Key Takeaways", "2-3 things to remember"),
    ],
    "use-case": [
        ("left", "🧠", "Executive Summary", "a mind map of the use cases and their value"),
        ("center", "🛠️", "Use Case Matrix", "a table: Use Case | Problem | Solution"),
        ("right", "💡", "Best Practices", "a flowchart of the recommended workflow"),
        ("bottom-left", "⚡", "Golden Prompts", "the most useful sample prompts in a code block"),
        ("bottom-right", "🔮", "Key Takeaways", "a 2-3 sentence summary and outlook"),
    ],
}
TEMPLATES = tuple(TEMPLATE_BOXES)


@dataclass
class Box:
    """One box of the page: the slot it fills and what the prompt calls it."""
    slot: str
    title: str
    icon: str
    sketch: list[str] = field(default_factory=list)  # the text the prompt drew in the box
    suits: str = ""  # what the template plans for it
    parts: list[str] = field(default_factory=list)  # headings of the smaller boxes drawn inside it
    band_heading: str = ""  # the heading the page writes across the box's band, above it and its neighbours

    @property
    def heading(self) -> str:
        return f"{self.icon} {self.title}".strip()

    @property
    def named(self) -> bool:
        """Whether the prompt names the box; an unnamed one ("[좌측 상단 섹션]", or no
        title at all) takes the title the writer gives it."""
        return bool(self.title) and not is_description(self.title)


@dataclass
class PagePlan:
    """The page a prompt asks for: title band and boxes, in reading order."""
    title: str
    icon: str
    subtitle: str
    layout: str  # a layout name; "prompt" when ``layout_spec`` holds the box diagram's
    layout_spec: dict | None
    boxes: list[Box]


@dataclass
class PromptParts:
    """A prompt file cut into its page, source text, plan and English terms."""
    page: PagePlan
    source: str
    plan: str
    terms: list[str]


def read_prompt_parts(text: str, path: Path | str) -> PromptParts:
    where = str(path)
    if not text.strip():
        raise InputError("the file is empty", f"{where}:1")
    text = without_false_front_matter(text)
    nodes = parse_markdown(text, where)
    source, plan = _split_parts(text, nodes)
    return PromptParts(page_plan(text, where, nodes), source, plan, _terms(text))


def lecture_parts(text: str, path: Path | str, template: str) -> PromptParts:
    """A plain lecture or chapter file briefed in one of the templates' layouts: the whole
    file is the source; its front matter's or first heading's title is the sheet's."""
    where = str(path)
    if not text.strip():
        raise InputError("the file is empty", f"{where}:1")
    nodes = parse_markdown(text, where)
    title = _lecture_title(text, nodes) or stem_title(where)
    return PromptParts(template_plan(template, title), text.strip(), "", [])


def _lecture_title(text: str, nodes: list[SyntaxTreeNode]) -> str:
    found = re.search(r"^title:\s*[\"']?(.+?)[\"']?\s*$", text[:2000], re.MULTILINE)
    if found:
        return found[1].strip()
    heading = next((n for n in nodes if n.type == "heading"), None)
    return split_heading(heading_text(heading))[2] if heading is not None else ""


def page_plan(text: str, where: str, nodes: list[SyntaxTreeNode] | None = None) -> PagePlan:
    """The prompt's page: from its box diagram, else from the template its content suits
    (boxes titled by the plan's parts)."""
    text = without_false_front_matter(text)  # idempotent: callers that parsed already passed it
    nodes = nodes if nodes is not None else parse_markdown(text, where)
    found = DiagramPage.find(text, where)
    if found:
        page = found[0]
        headings = _band_headings(page.layout_spec)
        boxes = [Box(slot.name, slot.title, slot.icon, _sketch_lines(slot.own), parts=_part_headings(slot.own),
                     band_heading=headings.get(slot.name, "")) for slot in page.slots]
        return PagePlan(page.title, page.title_icon, page.subtitle, "prompt", page.layout_spec, boxes)
    content = content_nodes(nodes, None)
    layout_name = template_name(text, content)
    items = PlanReader(where).read(content)
    slots, _, _ = template_slots(items, layout_name, where)
    named = {slot.name: slot for slot in slots}
    boxes = []
    for slot_name, icon, title, suits in TEMPLATE_BOXES[layout_name]:
        slot = named.get(slot_name)
        if slot is not None and slot.title:
            boxes.append(Box(slot_name, slot.title, slot.icon, [], suits))
        else:
            boxes.append(Box(slot_name, title, icon, [], suits))
    title = role_topic(nodes) or heading_topic(nodes) or stem_title(where)
    return PagePlan(title, "", "", layout_name, None, boxes)


def _band_headings(layout_spec: dict) -> dict[str, str]:
    """Slot -> the heading written across its band, for the slots of bands that have one."""
    return {slot: band["heading"] for band in layout_spec["bands"] if band.get("heading")
            for cell in band["cells"] for slot in ([cell["slot"]] if "slot" in cell else
                                                  [part["slot"] for part in cell["stack"]])}


def template_plan(name: str, title: str) -> PagePlan:
    """The page of one of pilgi's layouts with the boxes its template plans."""
    layout = load_layout(name)
    known = {slot for slot in layout.slots if slot != TITLE_SLOT}
    boxes = [Box(slot, title_, icon, [], suits) for slot, icon, title_, suits in TEMPLATE_BOXES[name] if slot in known]
    return PagePlan(title, "", "", name, None, boxes)


def _sketch_lines(blocks: list[m.Block]) -> list[str]:
    """What the prompt drew in a box, one line per block: a hint of its content."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, m.Row):
            out += _sketch_lines(block.blocks)
        elif isinstance(block, m.Flow):
            out.append(" → ".join(node.label for node in block.nodes))
        elif isinstance(block, m.ListBlock):
            out += block.items
        elif isinstance(block, m.Table):
            out += [" | ".join(row) for row in [block.header] + block.rows]
        elif isinstance(block, (m.Text, m.Quote)):
            out.append(block.text)
        else:
            out += block_strings(block)
    return [" ".join(line.split()) for line in out if line.strip()][:12]


def _part_headings(blocks: list[m.Block]) -> list[str]:
    """The titles of the labelled boxes a box holds: the parts the writer is asked to fill."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, m.Row):
            out += _part_headings(block.blocks)
        elif isinstance(block, m.Text) and block.title:
            out.append(block.title)
    return out


def _terms(text: str) -> list[str]:
    found = _TERMS.search(text)
    if not found:
        return []
    terms = [re.sub(r"\s*(?:등|etc\.?)$", "", t.strip(" .")) for t in re.split(r"[,，、]", found[1])]
    return [t for t in terms if t]


# --- source and plan ------------------------------------------------------------------------

def _split_parts(text: str, nodes: list[SyntaxTreeNode]) -> tuple[str, str]:
    lines = text.split("\n")
    diagram_line = layout_line(text)
    source: list[str] = []
    plan: list[str] = []
    state = "source"  # text before the prompt's own parts is the material it is about
    skip_level: int | None = None
    after_rule = False
    after_ratio = False
    for node in nodes:
        if node.map is None or node.type == "front_matter" and state == "source" and not source:
            if node.type == "front_matter":
                source += lines[node.map[0]:node.map[1]]
            continue
        chunk = lines[node.map[0]:node.map[1]]
        if node.type == "heading":
            level = heading_level(node)
            title = heading_text(node)
            if skip_level is not None and level > skip_level:
                continue
            skip_level, after_ratio = None, False
            if node.markup in ("-", "=") and after_rule and state == "plan":
                continue  # a line of chatter underlined by a rule: still after the rule
            after_rule = False
            if level == 1 and _SOURCE_PART.match(title):
                state = "source"
                continue
            if level == 1 and CONTENT_PART.search(title):
                state = "plan"
                continue
            if level == 1 and _PROMPT_PART.match(title) or EXCLUDED_PART.search(title):
                skip_level = level
                continue
            if RATIO_MARKER.search(title):  # its table or list goes, not what follows
                after_ratio = True
                continue
            if state == "source":
                source += [""] + chunk
            elif node.markup not in ("-", "=") or not after_rule:  # not chatter underlined by a rule
                plan += ["", "#" * min(level + 1, 6) + " " + _clean_heading(title)]
            continue
        if skip_level is not None:
            continue
        if state == "source":
            if not (node.type == "paragraph" and KOREAN_REQUEST.search(chunk[-1] if chunk else "")):
                source += [""] + chunk
            continue
        if diagram_line is not None and node.map[0] < diagram_line <= node.map[1]:
            continue
        if node.type == "hr":
            after_rule = True
            continue
        if after_rule:
            continue
        if node.type == "paragraph":
            words = node.children[0].content if node.children else ""
            if RATIO_MARKER.search(words):
                after_ratio = True
                continue
            if NOTICE.match(words) and _IMAGE_WORDS.search(words) or KOREAN_REQUEST.search(words.strip()):
                continue
        if after_ratio and node.type in ("table", "bullet_list", "ordered_list"):
            after_ratio = False
            continue
        after_ratio = False
        plan += [""] + chunk
    return _tidy(source), _tidy(plan)


def _clean_heading(title: str) -> str:
    """A heading without layout hints ("(이 구조대로 배치해주세요)", "(좌측 상단)")."""
    number, icon, rest = split_heading(title)
    rest = _PLACE_HINT.sub(lambda m: "" if is_layout_hint(m[1]) or _ASKS_THE_IMAGE_MODEL.search(m[1]) else m[0],
                           rest).strip()
    head = f"{number}. " if number is not None else ""
    return f"{head}{icon} {rest}".replace("  ", " ").strip() if icon else f"{head}{rest}"


def _tidy(lines: list[str]) -> str:
    """Lines joined, runs of blank lines made one."""
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line.rstrip())
    return "\n".join(out).strip()
