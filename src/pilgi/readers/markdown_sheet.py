"""Markdown cheat sheets (what an LLM returns for a "Nano Banana cheat sheet" prompt).

markdown-it parses the block structure (CommonMark, GFM tables, YAML front matter);
this module maps it onto the sheet model.

Document
    The first heading, if it is a ``#`` heading or stands above every heading after
    it ("## Title" over "###" sections), is the sheet title. A leading emoji
    becomes the title icon ("🍌 NANO BANANA CHEAT SHEET: Topic"). Without one the
    title is the file stem. The first heading after it sets the section level: every
    heading at that level or above opens a section, deeper ones are sub-headings.
    Horizontal rules are ignored.

Intro
    Content before the first section: a first paragraph of one line, at most
    ``SUBTITLE_MAX`` characters, becomes the subtitle (unless the front matter
    gives one); the rest becomes an untitled first section.

Section headings
    "## 1. 🗺️ Topic Overview (Mind Map)" → icon "🗺️", title "Topic Overview".
    The leading number and emoji go; so do trailing kind hints such as "(Table)",
    "(Flowchart)" and "(마인드맵)", and bracketed layout notes anywhere in the
    heading (가장 넓, 좌측, 우측, 상단, 하단, 중앙, 분할, 등분). Sub-headings
    lose the same hints and become the ``title`` of the block that follows; one
    with no block after it in its section becomes a bold Text.

Blocks
    paragraph → Text; bullet list → ListBlock "bullet"; ordered → "number";
    a list whose items all start with ``[ ]`` or ``[x]`` → "check".
    Nested list items are joined into their parent item, one line each, after
    "– " (bullets) or "N. " (numbers), indented two spaces per extra level, so
    the numbering and check marks of the top-level items stay right. Code, tables,
    quotes and diagrams inside a list item or a blockquote follow the list or
    quote as blocks of their own.
    GFM table → Table; fenced code → Code(language); fenced ``mermaid`` →
    Flow, Sequence or MindMap; HTML blocks → their text, if any.

Quotes
    A blockquote becomes a Quote. Its first paragraph is the quote, with the
    surrounding quote marks removed. From the first later line starting with
    "— ", "– " or "- " on, and in any further paragraphs or list items of the
    blockquote, lines are the ``note`` (the dash dropped). A one-line quote
    written ``"text" — note`` is split the same way. An attribution that is a
    single dash line holding a plain ASCII name ("— Steve Jobs": capitalised
    Latin words only, at most four) is the ``source`` instead of the note.
    A bullet or numbered list whose items are all ``"English quote" - 한국어 주석``
    (straight or curly quotes, any dash) becomes one Quote per item, with the
    same note/source rule.

Inline text
    ``**bold**``, ``==highlight==``, ```code``` and emoji stay as markup for the
    renderer. Links and images become their text, emphasis becomes plain text,
    hard breaks and ``<br>`` become line breaks, other inline HTML is dropped.
    Headings drop bold markers (they are drawn bold anyway).

Front matter (optional YAML)
    title, subtitle, icon, source {title, author, url, chapter}, layout (a
    name), page {size, orientation, dpi}, theme, seed, and ``slots``: slot name →
    section, the section given by its heading text (exact, else a unique
    case-insensitive substring) or by number (the section whose heading starts
    with that number, else the N-th section). Unknown keys are refused.

Slot assignment
    Sections pinned by ``slots`` take their slots. If there are more sections
    than slots in the layout (``layout`` or "lecture"), surplus sections are
    merged, one at a time, into the section before them (the first section into
    the one after it) as titled sub-blocks: the merged section's first block
    takes its heading as ``title`` (or a bold Text carries it when that block
    already has a title), so nothing is dropped. The section merged first is
    the one with the smallest diagram, then the least text, then the latest:
    quotes and takeaways go before diagrams; pinned sections are never merged.
    Then the section holding the largest diagram (Flow nodes, Sequence
    messages, MindMap nodes) takes the free slot with the largest area (band
    height × the cell's share of the band width); the other sections fill the
    remaining free slots in document order, slots taken in layout order.
    Sections without blocks are skipped. Slots chosen by these rules are marked
    ``slot_by_rule``: the fitter may trade them. Without ``layout`` or ``slots``
    in the front matter, a sheet that does not fit the default layout is laid out
    afresh in each of FALLBACK_LAYOUTS, and the first that fits is taken.

Errors are InputError naming the file and line (front matter: the line of the
top-level key, and the field path), for a failing Mermaid block, limits
(pilgi.readers.limits), bad front matter and a document with nothing to draw.
"""
from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.front_matter import front_matter_plugin

from .. import model as m
from ..errors import FitError, InputError, unknown_key
from ..layout import TITLE_SLOT, Layout, compacted, load_layout
from ..lexicon import BRACKETED_REMARK, CHECK_MARKS, is_layout_hint, leading_emoji
from ..page import fit_page
from ..placement import assign_section_slots, slot_areas
from ..yamlio import load_yaml
from . import limits, sheet_format
from .mermaid import parse_mermaid
from .yaml_sheet import Reader

SUBTITLE_MAX = 120
DEFAULT_LAYOUT = "lecture"
FALLBACK_LAYOUTS = ("use-case", "tutorial")  # tried in turn when the sheet does not fit the default
FRONT_MATTER_KEYS = {"title", "subtitle", "icon", "source", "layout", "page", "theme", "seed", "slots"}

MARKDOWN = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
_tokenize_blocks = MARKDOWN.block.tokenize


def _tokenize_noting_depth(state, start: int, end: int) -> None:
    """markdown-it's block tokenizer, which skips everything after a block nested
    past maxNesting (a list 10 deep, a quote 20 deep); the first such line is noted
    in ``env`` so the reader can refuse instead of losing the rest of the document."""
    if state.level >= state.md.options.maxNesting:
        line = state.skipEmptyLines(start)
        if line < end and state.sCount[line] >= state.blkIndent:
            state.env.setdefault("too_deep_at", line + 1)
    _tokenize_blocks(state, start, end)


MARKDOWN.block.tokenize = _tokenize_noting_depth


def parse_markdown(text: str, where: str) -> list[SyntaxTreeNode]:
    """The document's top-level nodes; an InputError where nesting would lose text."""
    env: dict = {}
    tokens = MARKDOWN.parse(text, env)
    if "too_deep_at" in env:
        raise InputError("lists or quotes are nested too deeply here; what follows would be lost "
                         "(flatten the nesting)", f"{where}:{env['too_deep_at']}")
    return list(SyntaxTreeNode(tokens).children)


_LEADING_NUMBER = re.compile(r"(\d{1,3})[.)](?:\s+|$)")
_TASK_BOX = re.compile(r"\[[ xX]\](?:\s+|$)")
_TICKED = re.compile(f"[{CHECK_MARKS}]\ufe0f?\\s+")
MAX_LIST_START = 10_000
_DASH_LINE = re.compile(r"[—–-]\s+")
_ARROW_LINE = re.compile(r"(?:→|⇒|->|=>)\s*")  # "> → 한국어 의역": a note under the quote, not an attribution
_QUOTE_WITH_NOTE = re.compile(r"(?P<bold>\*\*)?[\"“](?P<text>[^\"”]+)[\"”](?(bold)\*\*)\s*(?P<dash>->|=>|→|⇒|[—–-]+)\s*(?P<note>\S.*)",
                              re.DOTALL)
_PLAIN_NAME = re.compile(r"[A-Z][A-Za-z.'-]*(?: [A-Z][A-Za-z.'-]*){0,3}")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_TAG = re.compile(r"<[^>]*>")
_BRACKETED = re.compile(BRACKETED_REMARK)
_KIND_HINT = re.compile(
    r"(?:mermaid\s*)?(?:mind\s*-?\s*map|table|flow\s*-?\s*chart|flow|sequence(?:\s*diagram)?|(?:state|class)\s*diagram|"
    r"diagram|chart|graph|"
    r"check\s*-?\s*list|list|quotes?|code|표|마인드\s*맵|다이어그램|흐름도|순서도|시퀀스(?:\s*다이어그램)?|"
    r"체크\s*리스트|인용)", re.IGNORECASE)
_QUOTE_PAIRS = {'"': '"', "“": "”", "‘": "’", "'": "'", "「": "」", "『": "』"}
_OPENERS, _CLOSERS = "([（", ")]）"


def read_markdown_sheet(text: str, path: Path | str) -> m.Sheet:
    where = str(path)
    if not text.strip():
        raise InputError("the document is empty", f"{where}:1")
    nodes = parse_markdown(text, where)
    front = _FrontMatter.read(nodes, where)
    outline = _Outline.split([n for n in nodes if n.type != "front_matter"])
    if "layout" in front.data or "slots" in front.data:
        return _sheet_in_layout(front.text("layout") or DEFAULT_LAYOUT, front, outline, where)
    # The layout is ours to choose: the first that holds every section, else the default
    # (whose fitting then reports what does not fit); cells no section needs are left out.
    default = _sheet_in_layout(DEFAULT_LAYOUT, front, outline, where)
    if _fits(default):
        return _without_empty_cells(default)
    for name in FALLBACK_LAYOUTS:
        sheet = _sheet_in_layout(name, front, outline, where)
        if _fits(sheet):
            return _without_empty_cells(sheet)
    return default


def _without_empty_cells(sheet: m.Sheet) -> m.Sheet:
    layout = load_layout(sheet.layout)
    used = {section.slot for section in sheet.sections}
    if used | {TITLE_SLOT} != set(layout.slots):
        sheet.layout_spec = compacted(layout, used)
    return sheet


def _fits(sheet: m.Sheet) -> bool:
    try:
        fit_page(sheet, draw=False)
    except FitError:
        return False
    return True


def _sheet_in_layout(layout_name: str, front: "_FrontMatter", outline: "_Outline", where: str) -> m.Sheet:
    """The sheet with its sections merged and given slots for one layout; built afresh each
    time, since merging changes the sections."""
    builder = BlockBuilder(where)
    intro = builder.section_blocks(outline.intro)
    subtitle = front.text("subtitle") or _take_subtitle(intro)
    parts = _section_parts(outline, intro, builder, where)
    if not parts:
        raise InputError("nothing to draw: no paragraphs, lists, tables, quotes, code or diagrams "
                         "below the title", f"{where}:1")
    heading_icon, heading_title = _title_parts(outline.title, builder)
    layout = front.layout(layout_name)
    areas = slot_areas(layout)
    if not areas:
        raise InputError(f"layout '{layout.name}' has no slot for sections", f"{where}:1")
    pinned = front.pinned_sections(parts, layout, areas)
    return m.Sheet(
        title=front.text("title") or heading_title or Path(where).stem,
        sections=assign_section_slots([p.section for p in parts], pinned, areas),
        subtitle=subtitle,
        layout=layout_name,
        page=front.page(),
        theme=front.theme(),
        source=front.source(),
        title_icon=front.text("icon") or heading_icon,
        seed=front.seed(),
        path=where,
    )


# --- front matter ------------------------------------------------------------------

class _FrontMatter:
    """The validated front-matter mapping; errors name the line of the top-level key."""
    KEYS = FRONT_MATTER_KEYS  # the fields it takes
    EXPECTED = "a mapping of fields such as title, layout, slots"

    def __init__(self, data: dict, key_lines: dict[str, int], where: str, first_line: int):
        self.data = data
        self.key_lines = key_lines
        self.where = where
        self.first_line = first_line

    @classmethod
    def read(cls, nodes: list[SyntaxTreeNode], where: str) -> "_FrontMatter":
        node = next((n for n in nodes if n.type == "front_matter"), None)
        if node is None:
            return cls({}, {}, where, 1)
        return cls.from_yaml(node.content, where, node.map[0] + 1)

    @classmethod
    def from_yaml(cls, text: str, where: str, first_line: int) -> "_FrontMatter":
        """The front matter in ``text``, whose opening ``---`` is on ``first_line``."""
        # Blank lines in front of the YAML make the parser's line numbers match the file's.
        padded = "\n" * first_line + text
        data = load_yaml(padded, where)
        front = cls(data if isinstance(data, dict) else {}, _top_level_key_lines(padded), where, first_line)
        if data is not None and not isinstance(data, dict):
            front.reader("").fail("front matter", f"expected {cls.EXPECTED}")
        front.refuse_unknown_keys()
        return front

    def refuse_unknown_keys(self) -> None:
        for key in self.data:
            if key not in self.KEYS:
                self.reader(key).fail(str(key), unknown_key("field", key, self.KEYS))

    def reader(self, key) -> Reader:
        return Reader(f"{self.where}:{self.key_lines.get(str(key), self.first_line)}")

    def text(self, key: str) -> str:
        return self.reader(key).text(self.data.get(key), key, allow_empty=True).strip()

    def page(self) -> m.Page:
        return self.reader("page").page(self.data.get("page"), "page")

    def theme(self) -> dict:
        return self.reader("theme").theme(self.data.get("theme"))

    def source(self) -> m.Source:
        return self.reader("source").source(self.data.get("source"), "source")

    def seed(self) -> int:
        return self.reader("seed").field(self.data, sheet_format.SHEET, "seed", "")

    def layout(self, name: str) -> Layout:
        return load_layout(name, Path(self.where).parent, f"{self.reader('layout').where}: layout")

    def pinned_sections(self, parts: list["_Part"], layout: Layout, areas: dict[str, float]) -> dict[str, m.Section]:
        """The ``slots`` mapping resolved to sections."""
        mapping = self.data.get("slots")
        if mapping is None:
            return {}
        reader = self.reader("slots")
        if not isinstance(mapping, dict):
            reader.fail("slots", "expected a mapping of slot name to section heading or number")
        pinned: dict[str, m.Section] = {}
        for slot, ref in mapping.items():
            here = f"slots.{slot}"
            if slot not in areas:
                reader.fail(here, f"slot '{slot}' is not in layout '{layout.name}' (slots: {', '.join(areas)})")
            section = _find_section(ref, parts, reader, here)
            for other, placed in pinned.items():
                if placed is section:
                    reader.fail(here, f"section '{section.title}' is already in slot '{other}'")
            pinned[slot] = section
        return pinned


def _top_level_key_lines(yaml_text: str) -> dict[str, int]:
    """1-based line of each top-level key; the text has already loaded cleanly."""
    root = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return {}
    return {key.value: key.start_mark.line + 1 for key, _ in root.value if isinstance(key, yaml.ScalarNode)}


# --- outline: title, intro, sections -------------------------------------------------

@dataclass
class _Outline:
    """A Markdown sheet cut at its headings: title, intro and sections."""
    title: SyntaxTreeNode | None
    intro: list[SyntaxTreeNode]
    sections: list[tuple[SyntaxTreeNode, list[SyntaxTreeNode]]]  # heading, body

    @classmethod
    def split(cls, nodes: list[SyntaxTreeNode]) -> "_Outline":
        headings = [n for n in nodes if n.type == "heading"]
        title = headings[0] if headings and _is_title(headings[0], headings[1:]) else None
        after_title = [h for h in headings if h is not title]
        section_level = heading_level(after_title[0]) if after_title else 0
        outline = cls(title, [], [])
        body = outline.intro
        for node in nodes:
            if node is title:
                continue
            if node.type == "heading" and heading_level(node) <= section_level:
                body = []
                outline.sections.append((node, body))
            else:
                body.append(node)
        return outline


def _is_title(first: SyntaxTreeNode, rest: list[SyntaxTreeNode]) -> bool:
    """A ``#`` heading, or one above all the headings after it ("## Title" over "###" sections)."""
    return first.tag == "h1" or bool(rest) and all(heading_level(h) > heading_level(first) for h in rest)


def heading_level(heading: SyntaxTreeNode) -> int:
    return int(heading.tag[1:])


@dataclass
class _Part:
    """A section as written, with what ``slots:`` references match against."""
    section: m.Section
    heading: str  # heading text as written; empty for the intro
    number: int | None  # the heading's leading number
    position: int | None  # 1-based among headed sections; None for the intro


def _section_parts(outline: _Outline, intro: list[m.Block], builder: "BlockBuilder", where: str) -> list[_Part]:
    parts = []
    if intro:
        line = node_line(outline.intro[0])
        parts.append(_Part(m.Section("", intro, where=f"{where}:{line}"), "", None, None))
    for position, (heading, body) in enumerate(outline.sections, start=1):
        text = builder.checked(heading_text(heading), heading)
        number, icon, title = split_heading(text)
        blocks = builder.section_blocks(body)
        if blocks:
            section = m.Section(title, blocks, icon=icon, where=f"{where}:{node_line(heading)}")
            parts.append(_Part(section, text, number, position))
    for part in parts:
        if len(part.section.blocks) > limits.MAX_BLOCKS:
            raise InputError(f"section has {len(part.section.blocks)} blocks; the limit is {limits.MAX_BLOCKS}",
                             part.section.where)
    if len(parts) > limits.MAX_SECTIONS:
        raise InputError(f"{len(parts)} sections; the limit is {limits.MAX_SECTIONS}",
                         parts[limits.MAX_SECTIONS].section.where)
    return parts


def _take_subtitle(intro: list[m.Block]) -> str:
    """Pop a short one-line intro paragraph off ``intro`` and return it; else ''."""
    first = intro[0] if intro else None
    if isinstance(first, m.Text) and not first.title and "\n" not in first.text and len(first.text) <= SUBTITLE_MAX:
        intro.pop(0)
        return first.text
    return ""


def _title_parts(heading: SyntaxTreeNode | None, builder: "BlockBuilder") -> tuple[str, str]:
    """(icon, title) of the ``#`` heading."""
    if heading is None:
        return "", ""
    icon, rest = leading_emoji(builder.checked(heading_text(heading), heading))
    return icon, strip_layout_hints(rest)


# --- headings ---------------------------------------------------------------------

def split_heading(text: str) -> tuple[int | None, str, str]:
    """(number, icon, title) of a section heading; the number may come before or after the emoji."""
    number, rest = _split_number(text)
    icon, rest = leading_emoji(rest)
    if number is None:
        number, rest = _split_number(rest)
    return number, icon, strip_layout_hints(rest)


def _split_number(text: str) -> tuple[int | None, str]:
    match = _LEADING_NUMBER.match(text)
    if not match:
        return None, text
    return int(match[1]), text[match.end():]


def strip_layout_hints(text: str) -> str:
    """Drop bracketed layout notes anywhere and trailing kind hints such as '(Mind Map)'."""
    text = _BRACKETED.sub(lambda group: "" if is_layout_hint(group[1]) else group[0], text).strip()
    while text and text[-1] in _CLOSERS:
        start = max(text.rfind(opener) for opener in _OPENERS)
        if start < 0 or not _KIND_HINT.fullmatch(text[start + 1:-1].strip()):
            break
        text = text[:start].rstrip()
    return " ".join(text.split())


# --- blocks -------------------------------------------------------------------------

class BlockBuilder:
    """Turns markdown-it nodes into model blocks; ``where`` is the file, for messages."""

    def __init__(self, where: str):
        self.where = where

    def fail(self, node: SyntaxTreeNode, message: str):
        raise InputError(message, f"{self.where}:{node_line(node)}")

    def checked(self, text: str, node: SyntaxTreeNode) -> str:
        if len(text) > limits.MAX_TEXT:
            self.fail(node, f"text is {len(text)} characters; the limit is {limits.MAX_TEXT}")
        return text

    def inline(self, node: SyntaxTreeNode, softbreak: str = " ") -> str:
        return self.checked(_inline_text(_inline_token(node).children or [], softbreak), node)

    def section_blocks(self, nodes: list[SyntaxTreeNode]) -> list[m.Block]:
        """Blocks of one section; a sub-heading titles the block after it."""
        blocks: list[m.Block] = []
        pending = ""
        for node in nodes:
            if node.type == "heading":
                blocks += _bold_text(pending)
                pending = strip_layout_hints(self.checked(heading_text(node), node))
                continue
            made = self.blocks(node)
            if made and pending:
                made[0].title, pending = pending, ""
            blocks += made
        return blocks + _bold_text(pending)

    def blocks(self, node: SyntaxTreeNode) -> list[m.Block]:
        kind = node.type
        if kind == "paragraph":
            text = self.inline(node)
            return [m.Text(text)] if text else []
        if kind == "heading":  # only reached inside blockquotes
            return _bold_text(self.checked(heading_text(node), node))
        if kind in ("bullet_list", "ordered_list"):
            return self.list_blocks(node)
        if kind == "blockquote":
            return self.quote_blocks(node)
        if kind == "table":
            return [self.table(node)]
        if kind in ("fence", "code_block"):
            return self.code_blocks(node)
        if kind == "html_block":
            text = _html_text(node.content)
            return [m.Text(self.checked(text, node))] if text else []
        return []  # hr: a visual break only

    # -- lists ---------------------------------------------------------------------
    def list_items(self, node: SyntaxTreeNode) -> list[SyntaxTreeNode]:
        if len(node.children) > limits.MAX_ITEMS:
            self.fail(node, f"{len(node.children)} list items; the limit is {limits.MAX_ITEMS}")
        return node.children

    def list_blocks(self, node: SyntaxTreeNode) -> list[m.Block]:
        item_nodes = self.list_items(node)
        quotes = self.quote_list(item_nodes)
        if quotes:
            return quotes
        items: list[str] = []
        following: list[m.Block] = []
        for item in item_nodes:
            text, lifted = self.item_text(item, depth=0)
            items.append(text)
            following += lifted
        style = "number" if node.type == "ordered_list" else "bullet"
        if style == "bullet" and items and all(_TICKED.match(item) for item in items):
            items = [_TICKED.sub("[x] ", item, count=1) for item in items]  # "- ✓ …": a ticked list, not "• ✓"
        if style == "bullet":
            # Writers mix task items and plain bullets in one list: each run is drawn
            # as what it is, so no "[ ]" is printed as text.
            runs = itertools.groupby(items, key=lambda item: bool(_TASK_BOX.match(item)))
            return [block for is_task, run in runs
                    for block in _list_block(list(run), "check" if is_task else "bullet", 1)] + following
        return _list_block(items, style, _list_start(node)) + following

    def item_text(self, item: SyntaxTreeNode, depth: int) -> tuple[str, list[m.Block]]:
        """A list item's text, nested items joined in as lines, and the blocks lifted out of it."""
        lines: list[str] = []
        lifted: list[m.Block] = []
        for child in item.children:
            if child.type == "paragraph":
                lines.append(self.inline(child))
            elif child.type == "heading":
                lines.append(f"**{self.checked(heading_text(child), child)}**")
            elif child.type in ("bullet_list", "ordered_list"):
                for k, sub in enumerate(self.list_items(child)):
                    text, more = self.item_text(sub, depth + 1)
                    marker = f"{k + 1}. " if child.type == "ordered_list" else "– "
                    lines.append("  " * depth + marker + text)
                    lifted += more
            else:
                lifted += self.blocks(child)
        return self.checked("\n".join(line for line in lines if line), item), lifted

    def quote_list(self, item_nodes: list[SyntaxTreeNode]) -> list[m.Quote]:
        """One Quote per item when every item is '"quote" - note'; else []."""
        quotes = []
        for item in item_nodes:
            if len(item.children) != 1 or item.children[0].type != "paragraph":
                return []
            match = _QUOTE_WITH_NOTE.fullmatch(self.inline(item.children[0]))
            if not match:
                return []
            quotes.append(self.quote(match["text"], [match["note"]], _is_dash(match), item))
        return quotes

    # -- quotes --------------------------------------------------------------------
    def quote_blocks(self, node: SyntaxTreeNode) -> list[m.Block]:
        paragraphs: list[list[str]] = []  # lines of each paragraph or list item
        following: list[m.Block] = []
        for child in node.children:
            if child.type == "paragraph":
                paragraphs.append(self.inline(child, softbreak="\n").split("\n"))
            elif child.type in ("bullet_list", "ordered_list"):
                for item in self.list_items(child):
                    text, lifted = self.item_text(item, depth=0)
                    paragraphs.append(["- " + text])  # the dash makes it an attribution line
                    following += lifted
            else:
                following += self.blocks(child)
        if not paragraphs:
            return following
        first, rest = paragraphs[0], [line for p in paragraphs[1:] for line in p]
        if len(first) > 1 and not rest:  # one '"quote" → note' per line: a quote each
            each = [_QUOTE_WITH_NOTE.fullmatch(line) for line in first]
            if all(each):
                return [self.quote(one["text"], [one["note"]], _is_dash(one), node) for one in each] + following
        split = next((i for i, line in enumerate(first)
                      if i and (_DASH_LINE.match(line) or _ARROW_LINE.match(line))), len(first))
        glossed = split < len(first) and _ARROW_LINE.match(first[split])
        text = "\n".join(first[:split])
        notes = ([_ARROW_LINE.sub("", first[split], count=1)] + first[split + 1:] if glossed else first[split:]) + rest
        one_line = not notes and _QUOTE_WITH_NOTE.fullmatch(text)
        if one_line:
            return [self.quote(one_line["text"], [one_line["note"]], _is_dash(one_line), node)] + following
        attributed = len(notes) == 1 and bool(_DASH_LINE.match(notes[0]))
        notes = [_DASH_LINE.sub("", line, count=1) for line in notes]
        return [self.quote(text, notes, attributed, node)] + following

    def quote(self, text: str, notes: list[str], attributed: bool, node: SyntaxTreeNode) -> m.Quote:
        """A Quote; a single attribution that is a plain ASCII name is its source."""
        note = self.checked("\n".join(line.strip() for line in notes if line.strip()), node)
        if attributed and _PLAIN_NAME.fullmatch(note):
            return m.Quote(unquote(text), source=note)
        return m.Quote(unquote(text), note=note)

    # -- tables and code -----------------------------------------------------------
    def table(self, node: SyntaxTreeNode) -> m.Table:
        rows = [row for part in node.children for row in part.children]
        header, body = rows[0], rows[1:]
        if len(header.children) > limits.MAX_COLUMNS:
            self.fail(node, f"table has {len(header.children)} columns; the limit is {limits.MAX_COLUMNS}")
        if len(body) > limits.MAX_ROWS:
            self.fail(node, f"table has {len(body)} rows; the limit is {limits.MAX_ROWS}")
        return m.Table([self.inline(cell) for cell in header.children],
                       [[self.inline(cell) for cell in row.children] for row in body])

    def code_blocks(self, node: SyntaxTreeNode) -> list[m.Block]:
        info = node.info.split() if node.type == "fence" else []
        language = info[0] if info else ""
        if language.lower() == "mermaid":
            # The fence opens on map[0] (0-based); the diagram starts on the next line.
            return [parse_mermaid(node.content, self.where, first_line=node.map[0] + 2)]
        code = self.checked(node.content.rstrip("\n"), node)
        return [m.Code(code, language)] if code.strip() else []


def _is_dash(match: re.Match) -> bool:
    """Whether a quote's note follows a dash (an attribution may) rather than an arrow (a gloss)."""
    return match["dash"][0] in "—–-" and match["dash"] != "->"


def unquote(text: str) -> str:
    text = text.strip()
    if len(text) > 4 and text.startswith("**") and text.endswith("**"):
        return f"**{unquote(text[2:-2])}**"
    if len(text) >= 2 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        return text[1:-1].strip()
    return text


def _bold_text(heading: str) -> list[m.Block]:
    return [m.Text(f"**{heading}**")] if heading else []


# --- inline text ------------------------------------------------------------------

def _inline_token(node: SyntaxTreeNode) -> Token:
    """The inline token under a paragraph, heading or table cell."""
    return node.children[0].token


def heading_text(node: SyntaxTreeNode) -> str:
    return _inline_text(_inline_token(node).children or [], " ", keep_bold=False)


def _inline_text(tokens: list[Token], softbreak: str, keep_bold: bool = True) -> str:
    parts: list[str] = []
    for token in tokens:
        kind = token.type
        if kind == "text":
            parts.append(token.content)
        elif kind == "softbreak":
            parts.append(softbreak)
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind in ("strong_open", "strong_close") and keep_bold:
            parts.append("**")
        elif kind == "code_inline":
            parts.append(f"`{token.content}`")
        elif kind == "image":  # its alt text, parsed as inline tokens
            parts.append(_inline_text(token.children or [], softbreak, keep_bold))
        elif kind == "html_inline" and _BREAK_TAG.fullmatch(token.content.strip()):
            parts.append("\n")
        # Emphasis and link markers, and other inline HTML, are dropped; their text stays.
    return "\n".join(line.strip() for line in "".join(parts).split("\n")).strip()


def _html_text(source: str) -> str:
    text = _BREAK_TAG.sub("\n", _HTML_COMMENT.sub("", source))
    return html.unescape(_HTML_TAG.sub("", text)).strip()


def node_line(node: SyntaxTreeNode) -> int:
    return node.map[0] + 1 if node.map else 1


# --- slots ----------------------------------------------------------------------------


def _find_section(ref, parts: list[_Part], reader: Reader, here: str) -> m.Section:
    headed = [p for p in parts if p.position is not None]
    if isinstance(ref, int) and not isinstance(ref, bool):
        numbered = [p for p in headed if p.number == ref] or [p for p in headed if p.position == ref]
        if not numbered:
            reader.fail(here, f"no section number {ref} ({len(headed)} headed sections)")
        return numbered[0].section
    wanted = _normal(reader.text(ref, here))
    exact = [p for p in headed if wanted in (_normal(p.section.title), _normal(p.heading))]
    found = exact or [p for p in headed if wanted in _normal(p.heading)]
    if len(found) > 1:
        names = ", ".join(f"'{p.section.title}'" for p in found)
        reader.fail(here, f"'{ref}' matches several sections: {names}")
    if not found:
        names = ", ".join(f"'{p.section.title}'" for p in headed)
        reader.fail(here, f"no section heading matches '{ref}' (sections: {names})")
    return found[0].section


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _list_block(items: list[str], style: str, start: int) -> list[m.Block]:
    done: list[bool] = []
    if style == "check":
        done = [_TASK_BOX.match(item)[0][1] in "xX" for item in items]
        items = [_TASK_BOX.sub("", item, count=1) for item in items]
        done = [d for d, item in zip(done, items) if item]
    elif items and all(_TASK_BOX.match(item) for item in items):  # a numbered task list
        return _list_block(items, "check", 1)
    items = [item for item in items if item]
    return [m.ListBlock(items, style, done=done, start=start)] if items else []


def _list_start(node: SyntaxTreeNode) -> int:
    """The number an ordered list starts at ("3. …" starts at 3)."""
    try:
        start = int(node.attrs.get("start", 1))
    except (TypeError, ValueError):
        return 1
    return min(max(start, 0), MAX_LIST_START)
