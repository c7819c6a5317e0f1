"""A writer's answer, drawn in the page a prompt asks for.

An answer is the Markdown cheat sheet an LLM writes for a brief (``pilgi brief``).
Its ``##`` sections go to the boxes of the prompt's page: by title first (emoji,
numbering and kind hints ignored; either language, "(입력 사양)" beside "INPUT
SPECIFICATION"; close spellings accepted), then by icon, then the rest in order.
Content no box takes, and a box no section fills, are recorded in
``Sheet.unplaced``.

Answers come as LLMs write them, and are read so:
    - a sentence before the sheet (before its first heading) and a closing line
      after it (after a last ``---`` rule, or a "I hope this helps" paragraph)
      are not the sheet;
    - the whole answer inside a ```markdown fence is unwrapped;
    - ``---`` rules between sections are breaks only (never setext headings);
    - a Mermaid fence left open before the next heading is closed there;
    - Mermaid front matter (``---`` / ``title: …`` / ``---``) inside a fence goes;
    - GitHub callout markers (``> [!NOTE]``) go, the quote stays.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from .. import model as m
from ..errors import InputError
from ..layout import TITLE_SLOT, load_layout
from ..placement import match_boxes, same_title
from ..yamlio import read_text
from .markdown_sheet import (
    BlockBuilder,
    _FrontMatter,
    _Outline,
    _section_parts,
    _take_subtitle,
    _title_parts,
    parse_markdown,
)
from .prompt_parts import TEMPLATE_BOXES, Box, PagePlan, page_plan, template_plan

ANSWER_KEYS = {"layout", "title", "seed", "prompt-sha256"}
LAYOUT_NAMES = ("lecture", "tutorial", "use-case", "single")

_FENCE_OPEN = re.compile(r"^(`{3,}|~{3,})\s*([\w+-]*)")
_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_CALLOUT = re.compile(r"^(\s*>\s*)\[!(?:note|tip|important|warning|caution|info|example|quote)\][+-]?\s*",
                      re.IGNORECASE)
_FRONT_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")
_CHATTER = re.compile(r"^(?:i hope|let me know|feel free|here is|here's|here are|this cheat ?sheet|"
                      r"이 치트\s*시트|위 치트\s*시트|필요하시면|필요하면|도움이 되|궁금한|추가로 .*(?:말씀|알려))",
                      re.IGNORECASE)


def read_answer(text: str, path: Path | str, layout: str | PagePlan | None = None) -> m.Sheet:
    """The answer as a sheet in ``layout``: a prompt file's path, a layout name or the
    page of a prompt already read; when None, the answer's front matter names it."""
    where = str(path)
    front, body, body_line = _front_matter(text, where)
    page = layout if isinstance(layout, PagePlan) else _named_page(layout, front, where)
    body = tidy_answer(body)
    nodes = parse_markdown("\n" * body_line + body, where)
    outline = _Outline.split([n for n in nodes if n.type != "front_matter"])
    builder = BlockBuilder(where)
    intro = builder.section_blocks(outline.intro)
    subtitle = _take_subtitle(intro)
    parts = _section_parts(outline, intro, builder, where)
    icon, title = _title_parts(outline.title, builder)
    sections = _boxes_from_parts([p.section for p in parts if p.position is not None], page.boxes)
    unplaced = [f"text before the first section from line {p.section.where.rsplit(':', 1)[-1]}"
                for p in parts if p.position is None]
    if not sections and not unplaced:
        raise InputError("nothing to draw: the answer has no sections", f"{where}:1")
    matched = match_boxes([(s.title, s.icon) for s in sections],
                          [(b.title, b.icon) if b.named else ("", "") for b in page.boxes])
    placed = []
    for index, box in enumerate(page.boxes):
        owner = next((i for i, b in matched.items() if b == index), None)
        if owner is None:
            unplaced.append(f"box '{box.heading}' has no section")
            continue
        section = sections[owner]
        title, icon = (box.title, box.icon or section.icon) if box.named else (section.title, section.icon)
        placed.append(m.Section(title, section.blocks, slot=box.slot, icon=icon, where=section.where))
    for i, section in enumerate(sections):
        if i not in matched:
            unplaced.append(f"section '{section.title}' from line {section.where.rsplit(':', 1)[-1]} (no box left)")
    return m.Sheet(
        title=front.text("title") or page.title or title or Path(where).stem,
        sections=placed,
        subtitle=page.subtitle or subtitle,
        layout=page.layout,
        title_icon=page.icon if page.title else icon,
        seed=front.seed(),
        path=where,
        layout_spec=page.layout_spec,
        unplaced=unplaced,
    )


def _boxes_from_parts(sections: list[m.Section], boxes: list[Box]) -> list[m.Section]:
    """A box no `##` section is titled for, whose title heads a `###` part of another
    section, takes that part as its section: a writer may nest a column's boxes as the
    parts of its first (as briefs once asked)."""
    out = list(sections)
    for box in boxes:
        if not box.named or any(same_title(s.title, box.title) for s in out):
            continue
        for k, section in enumerate(out):
            start = next((i for i, block in enumerate(section.blocks)
                          if i and block.title and same_title(block.title, box.title)), None)
            if start is None:
                continue
            end = next((i for i in range(start + 1, len(section.blocks)) if section.blocks[i].title),
                       len(section.blocks))
            part = [replace(section.blocks[start], title="")] + section.blocks[start + 1:end]
            out[k] = replace(section, blocks=section.blocks[:start] + section.blocks[end:])
            out.insert(k + 1, m.Section(box.title, part, icon=box.icon, where=section.where))
            break
    return out


def answer_layout(text: str, path: Path | str) -> str:
    """The ``layout:`` of an answer's front matter when it names a prompt file; else ''."""
    try:
        front, _, _ = _front_matter(text, str(path))
    except InputError:
        return ""
    value = front.data.get("layout")
    if isinstance(value, str) and value.strip().lower().endswith((".md", ".markdown")):
        return value.strip()
    return ""


def split_front_matter(text: str) -> tuple[dict, str]:
    """(front matter, the rest); no front matter when it cannot be read."""
    try:
        front, body, _ = _front_matter(text, "")
    except InputError:
        return {}, text
    return front.data, body


def _named_page(layout: str | None, front: _AnswerFrontMatter, where: str) -> PagePlan:
    """The page ``layout`` names, else the one the front matter names."""
    base = None  # a layout named in the front matter is found beside the answer
    if not layout:
        layout, base = front.text("layout"), Path(where).parent
    if not layout:
        raise InputError("an answer needs the page it was written for: --layout PROMPT.md "
                         "or 'layout:' in its front matter", f"{where}:1")
    if layout in LAYOUT_NAMES:
        if layout in TEMPLATE_BOXES:
            return template_plan(layout, "")
        names = [slot for slot in load_layout(layout).slots if slot != TITLE_SLOT]
        return PagePlan("", "", "", layout, None, [Box(slot, "", "") for slot in names])
    path = Path(layout)
    if base is not None and not path.is_absolute():
        path = base / path
    if not path.is_file():
        raise InputError(f"layout: no prompt file '{layout}' (expected a prompt file or one of "
                         f"{', '.join(LAYOUT_NAMES)})", where)
    return page_plan(read_text(path), str(path))


# --- front matter and tidying ----------------------------------------------------------------

class _AnswerFrontMatter(_FrontMatter):
    """An answer's front matter, read as a Markdown sheet's is: the page it was written
    for (``layout``), and what pilgi records there."""
    KEYS = ANSWER_KEYS
    EXPECTED = "a mapping such as 'layout: PROMPT.md'"


def _front_matter(text: str, where: str) -> tuple[_AnswerFrontMatter, str, int]:
    """(front matter, the rest, lines before the rest). An opening ``---`` without
    ``key:`` lines under it is a rule, not front matter."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    empty = _AnswerFrontMatter({}, {}, where, 1)
    if not lines or lines[0].strip() != "---":
        return empty, text, 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    inner = [line for line in lines[1:end] if line.strip()] if end else []
    if end is None or not inner or not _FRONT_KEY.match(inner[0]):
        return empty, text, 0
    front = _AnswerFrontMatter.from_yaml("\n".join(lines[1:end]), where, 1)
    return front, "\n".join(lines[end + 1:]), end + 1


def tidy_answer(text: str) -> str:
    """The sheet inside an answer as LLMs write it; see the module's notes."""
    lines = _unwrapped(text.split("\n"))
    first = next((i for i, line in enumerate(lines) if _HEADING.match(line)), None)
    if first is None:
        return "\n".join(lines)
    lines = lines[first:]
    out: list[str] = []
    fence: str | None = None  # the open fence's marker
    fence_kind = ""
    fence_start = 0
    last_rule = None
    for line in lines:
        if fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
                out.append(line)
                continue
            if fence_kind == "mermaid" and _HEADING.match(line):  # left open before the next heading
                out.append(fence)
                fence = None
            else:
                if fence_kind == "mermaid" and len(out) == fence_start and line.strip() == "---":
                    fence_kind = "mermaid-front"
                    continue
                if fence_kind == "mermaid-front":
                    if line.strip() == "---":
                        fence_kind = "mermaid"
                    continue
                out.append(line)
                continue
        opened = _FENCE_OPEN.match(line.strip())
        if opened:
            fence, fence_kind = opened[1], opened[2].lower()
            out.append(line)
            fence_start = len(out)
            continue
        if _RULE.match(line):
            last_rule = len(out)
            out.append("")
            continue
        out.append(_CALLOUT.sub(r"\1", line))
    if fence is not None:
        out.append(fence)
    if last_rule is not None and not any(_HEADING.match(line) or line.lstrip().startswith(("|", "-", "*", ">", "`", "1."))
                                         for line in out[last_rule:]):
        out = out[:last_rule]
    return "\n".join(_without_closing_chatter(out))


def _unwrapped(lines: list[str]) -> list[str]:
    """The inside of a ```markdown fence holding the whole sheet; the lines as they are otherwise."""
    start = next((i for i, line in enumerate(lines)
                  if re.fullmatch(r"\s*(`{3,}|~{3,})\s*(?:markdown|md)\s*", line, re.IGNORECASE)), None)
    if start is None or any(_HEADING.match(line) for line in lines[:start]):
        return lines
    marker = lines[start].strip()[:3]
    end = max((i for i in range(start + 1, len(lines)) if lines[i].strip() == marker), default=None)
    if end is None:
        return lines[start + 1:]
    return lines[start + 1:end]


def _without_closing_chatter(lines: list[str]) -> list[str]:
    """Drop a last paragraph addressed to the reader of the chat ("I hope this helps")."""
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    start = len(lines)
    while start > 0 and lines[start - 1].strip():
        start -= 1
    if start < len(lines) and _CHATTER.match(lines[start].strip()):
        return lines[:start]
    return lines


# --- matching sections to boxes ---------------------------------------------------------------


