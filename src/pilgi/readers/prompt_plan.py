"""The plan of a prompt file: its content parts read into blocks for placement.

Markdown blocks as markdown_sheet reads them (tables, lists, quote lists,
blockquotes, code, Mermaid), plus the plan's own descriptions: "Root:",
"Level 1:", "Level 2:" lists become a MindMap; "Columns: [A] | [B]" with
example rows ("| a | b |") and listed concepts a Table of the rows it writes
out (listed concepts without a row are recorded in Sheet.unplaced: only a
writer can fill them); text that only describes content ("Simple flow showing
…", "[핵심 단계 다이어그램]", "상단 (10%): 타이틀", "표로 비교") and labels that
only name a kind ("Definition Box") are never drawn; a fence of arrow chains
a Flow, and a list of "Step: description" lines naming its steps their notes;
a fence of numbered steps a numbered list; a fence holding a box drawing its
box's content; a fence without a language that holds Hangul is notes (text,
quotes, lists). A sub-heading, a bold-only paragraph or a short line ending in
":" labels the block after it; a blockquote opening with a bold line is titled
by it. A Mermaid block that cannot be read is recorded in Sheet.unplaced.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.tree import SyntaxTreeNode

from .. import model as m
from ..errors import InputError
from ..placement import Item, word_set
from .arrow_chains import chain_parts, flow_from_chains, join_chain_lines
from .band_ratios import RATIO_MARKER
from .box_text import (CLOSE_PAREN, HANGUL, NUMBERED, OPEN_PAREN, QUOTE_CHARS, drawing_blocks,
                       lines_to_blocks)
from .markdown_sheet import (BlockBuilder, heading_level, heading_text, node_line, split_heading, strip_layout_hints,
                             unquote)
from .prompt_instructions import CONTENT_PART, EXCLUDED_PART, OWN_PART, SOURCE_PART, is_instruction, only_names_a_kind

_LABEL_PREFIX = re.compile(r"(?:mermaid\s*)?(?:다이어그램|diagram|chart|표|table)\s*\d*\s*[:：]\s*", re.IGNORECASE)
_NUMBERING = re.compile(r"\d{1,3}[.)]\s+")
_ROOT = re.compile(r"root\s*[:：]\s*(.*)", re.IGNORECASE)
_LEVEL = re.compile(r"level\s*(\d)\b[^:：]*[:：]?\s*(.*)", re.IGNORECASE)
_COLUMNS = re.compile(r"columns?\s*[:：]\s*(.*)", re.IGNORECASE)
_KEY_SEPARATOR = re.compile(r"\s*(?:→|->|[:：])\s*")
_PIPE_ROW = re.compile(r"\|(.+)\|")


@dataclass
class _Topic:
    """The plan's part now being read: its title, icon and line."""
    title: str = ""
    icon: str = ""
    line: int = 0


@dataclass
class _Fragment:
    """A stand-in node holding some children of a real one, for the block builder."""
    type: str
    children: list
    map: list[int] | None


@dataclass
class _TableSketch:
    """A table the plan describes: columns, example rows, and the row keys it lists."""
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    def table(self) -> tuple[m.Table | None, list[str]]:
        """The table of the rows the plan writes out, and the listed keys it only names
        (a row of empty cells would be a blank the plan leaves to a writer)."""
        width = max([len(self.header)] + [len(row) for row in self.rows])
        header = self.header + [""] * (width - len(self.header))
        remaining = [row + [""] * (width - len(row)) for row in self.rows]
        ordered, missing = [], []
        for key in self.keys:
            row = next((row for row in remaining if _normal(row[0]) == _normal(key)), None)
            if row is None:
                missing.append(key)
            else:
                remaining.remove(row)
                ordered.append(row)
        ordered += remaining
        return (m.Table(header, ordered) if ordered else None), missing


class PlanReader:
    """Turns the content parts into items, skipping what is not for the page."""

    def __init__(self, where: str):
        self.where = where
        self.builder = BlockBuilder(where)
        self.items: list[Item] = []
        self.unreadable: list[str] = []  # diagrams that could not be read, for Sheet.unplaced
        self.topic = _Topic()
        self.labels: list[str] = []
        self.sketch: tuple[_TableSketch, int] | None = None  # a described table waiting for rows

    def read(self, nodes: list[SyntaxTreeNode]) -> list[Item]:
        topic_level: int | None = None
        skip_level: int | None = None  # inside an excluded part: the level of its heading
        in_source = False  # that part is the source text
        after_rule = False
        after_ratio_marker = False  # the next table or list is the band ratios
        for node in nodes:
            ratio_group_next, after_ratio_marker = after_ratio_marker, False
            if node.type == "heading":
                level = heading_level(node)
                if skip_level is not None and not CONTENT_PART.search(heading_text(node)) and (
                        level > skip_level or in_source and level > 1 and not OWN_PART.search(heading_text(node))):
                    # A source article keeps its own headings: it ends at the prompt's next part. The
                    # plan of the boxes ends any skip, even nested in the instructions.
                    continue
                self._flush_sketch()
                skip_level, after_rule, self.labels = None, False, []
                text = self.builder.checked(heading_text(node), node)
                in_source = bool(SOURCE_PART.search(text))
                if EXCLUDED_PART.search(text):  # (a ratio section's heading never comes: content_nodes drops it)
                    skip_level = level
                elif level == 1:
                    topic_level, self.topic = None, _Topic()
                elif topic_level is None or level <= topic_level:
                    topic_level = level
                    _, icon, title = split_heading(text)
                    self.topic = _Topic(_clean_label(title), icon, node_line(node))
                else:
                    self.labels.append(_clean_label(text))
                continue
            if skip_level is not None or after_rule:
                continue
            if node.type == "hr":
                after_rule = True
                continue
            if ratio_group_next and node.type in ("table", "bullet_list", "ordered_list"):
                continue
            if node.type == "paragraph" and self._paragraph_is_markup(node):
                after_ratio_marker = bool(RATIO_MARKER.search(self.builder.inline(node)))
                continue
            self._add(self.blocks(node), node)
        self._flush_sketch()
        _attach_step_notes(self.items)
        return self.items

    def _paragraph_is_markup(self, node: SyntaxTreeNode) -> bool:
        """Handle a paragraph that is not content of its own: a label, rows, an instruction."""
        text = self.builder.inline(node, softbreak="\n")
        if RATIO_MARKER.search(text) or is_instruction(text):
            return True
        rows = _pipe_rows(text)
        if rows is not None:
            if self.sketch is None:
                if not rows:  # only a |---|---| rule: no header to start a table with
                    return True
                self.sketch = (_TableSketch(rows[0]), node_line(node))
                rows = rows[1:]
            self.sketch[0].rows.extend(rows)
            return True
        label = _label(text)
        if label:
            self.labels.append(label)
        return label is not None

    def _add(self, blocks: list[m.Block], node) -> None:
        if not blocks:
            return
        self._flush_sketch()
        if self.labels and not blocks[0].title:
            blocks[0].title = self.labels[-1]
        self.items.append(Item(blocks, self.topic.title, self.topic.icon, self.labels, node_line(node)))
        self.labels = []

    def _flush_sketch(self) -> None:
        if self.sketch is None:
            return
        sketch, line = self.sketch
        self.sketch = None
        table, missing = sketch.table()
        if missing:
            names = ", ".join(missing[:4]) + (", …" if len(missing) > 4 else "")
            self.unreadable.append(f"table '{' | '.join(sketch.header)[:40]}' from line {line}: {len(missing)} "
                                   f"listed rows the plan does not write ({names})")
        if table is not None:
            self._add([table], _Fragment("table", [], [line - 1, line]))

    # -- blocks of one node ------------------------------------------------------------------
    def blocks(self, node) -> list[m.Block]:
        if node.type in ("bullet_list", "ordered_list"):
            return self.list_blocks(node)
        if node.type == "blockquote":
            return self.quote_blocks(node)
        if node.type in ("fence", "code_block"):
            return self.fence_blocks(node)
        return self.builder.blocks(node)

    def quote_blocks(self, node) -> list[m.Block]:
        """A blockquote; a bold first paragraph ("**세션 목표**") is its title."""
        children = list(node.children)
        title = ""
        if len(children) > 1 and children[0].type == "paragraph":
            title = _label(self.builder.inline(children[0]))
            if title is not None:
                children = children[1:]
        blocks = self.builder.quote_blocks(_Fragment("blockquote", children, node.map))
        if title and blocks and not blocks[0].title:
            blocks[0].title = title
        return blocks

    def list_blocks(self, node) -> list[m.Block]:
        entries = list(node.children)
        texts = [self.entry_text(entry) for entry in entries]
        if any(_ROOT.match(text) for text in self.all_entry_texts(entries)):
            mind_map = self.mind_map(entries)
            return [mind_map] if mind_map else []
        if any(_COLUMNS.match(text) for text in texts):
            self._sketch_table(entries, node)
            return []
        # A list of one arrow chain ("- A → B → C" under "Create a flowchart:") is a flow;
        # a chain among other bullets stays a bullet.
        lone_chain = len(entries) == 1 and len(entries[0].children) == 1 and bool(chain_parts(texts[0]))
        special = [self._is_wrapper(entry, text) or is_instruction(text) or lone_chain
                   for entry, text in zip(entries, texts)]
        if not any(special):
            return self.builder.list_blocks(node)
        blocks: list[m.Block] = []
        plain: list[SyntaxTreeNode] = []

        def flush() -> None:
            if plain:
                blocks.extend(self.builder.list_blocks(_Fragment(node.type, list(plain), node.map)))
                plain.clear()

        for entry, text in zip(entries, texts):
            if self._is_wrapper(entry, text):
                flush()
                nested = [b for child in entry.children[1:] for b in self.blocks(child)]
                if nested and not is_instruction(text) and not nested[0].title:
                    nested[0].title = _clean_label(text)
                blocks += nested
            elif is_instruction(text):
                flush()  # an instruction with nothing under it: not for the page
            elif lone_chain:
                blocks.append(flow_from_chains([text]))
            else:
                plain.append(entry)
        flush()
        return blocks

    def _is_wrapper(self, entry, text: str) -> bool:
        """A list item that only introduces what is nested in it ("Create …:", "Level 2:", "핵심:")."""
        has_nested = len(entry.children) > 1
        return has_nested and (is_instruction(text) or text.rstrip().endswith((":", "：")))

    def entry_text(self, entry) -> str:
        """A list item's own text: its first paragraph, line breaks kept."""
        first = entry.children[0] if entry.children else None
        return self.builder.inline(first, softbreak="\n") if first is not None and first.type == "paragraph" else ""

    def all_entry_texts(self, entries: list) -> list[str]:
        """The texts of list items and of the items nested in them."""
        texts = []
        for entry in entries:
            texts.append(self.entry_text(entry))
            texts += self.all_entry_texts(_nested_entries(entry))
        return texts

    def mind_map(self, entries: list) -> m.MindMap | None:
        """'Root: X', 'Level 1: a, b' (or nested items), 'Level 2:' with 'a → x, y' items."""
        root = ""
        levels: dict[int, list[m.MindNode]] = {}

        def visit(items: list) -> None:
            nonlocal root
            for entry in items:
                text, nested = self.entry_text(entry), _nested_entries(entry)
                root_match, level_match = _ROOT.match(text), _LEVEL.match(text)
                if root_match:
                    root = unquote(root_match[1].strip())
                elif level_match and int(level_match[1]) == 1:
                    names = [self.entry_text(sub) for sub in nested] if nested else _split_names(level_match[2])
                    levels.setdefault(1, []).extend(_mind_node(name) for name in names if name)
                elif level_match:
                    for sub in nested:
                        _attach_mind_children(levels, int(level_match[1]), self.entry_text(sub))
                else:
                    visit(nested)

        visit(entries)
        return m.MindMap(m.MindNode(root, levels.get(1, []), "round")) if root else None

    def _sketch_table(self, entries: list, node) -> None:
        sketch = _TableSketch([])
        for entry in entries:
            text = self.entry_text(entry)
            columns = _COLUMNS.match(text)
            if columns:
                sketch.header = _column_names(columns[1])
                continue
            rows = _pipe_rows(text)
            if rows:
                sketch.rows += rows
            for sub in _nested_entries(entry):
                sub_text = self.entry_text(sub)
                sub_rows = _pipe_rows(sub_text)
                if sub_rows:
                    sketch.rows += sub_rows
                elif sub_text:
                    sketch.keys.append(unquote(sub_text))
        if sketch.header:
            self._flush_sketch()
            self.sketch = (sketch, node_line(node))

    def fence_blocks(self, node) -> list[m.Block]:
        info = node.info.split() if node.type == "fence" else []
        language = info[0].lower() if info else ""
        first_line = node_line(node) + 1
        if language == "mermaid":
            try:
                return self.builder.code_blocks(node)
            except InputError as error:  # the rest of the sheet is still worth drawing
                self.unreadable.append(f"mermaid diagram from line {first_line}: {error.message}")
                return []
        content = node.content
        if language in ("", "text", "plaintext", "txt"):
            drawn = drawing_blocks(content, self.where, first_line)
            if drawn is not None:
                return drawn
            lines = [line.strip() for line in content.split("\n") if line.strip()]
            chains = join_chain_lines(lines)
            if chains and all(chain_parts(line) for line in chains):
                return [flow_from_chains(chains)]
            numbered = [NUMBERED.fullmatch(line) for line in lines]
            if lines and all(numbered):
                return [m.ListBlock([match[2] for match in numbered], "number")]
            if HANGUL.search(content):
                return lines_to_blocks(lines, chains_as_flows=False)
        return self.builder.code_blocks(node)


def _label(text: str) -> str | None:
    """The label a bold-only paragraph or a short 'Name:' line gives the next block; None
    when the text is not such a line, '' when it only names a kind ("**Definition Box:**")."""
    text = text.strip()
    bold = re.fullmatch(r"\*\*([^*\n]+?)\*\*\s*[:：]?", text)
    colon = re.fullmatch(r"([^\n*|]{1,40}?)\s*[:：]", text)
    found = bold or colon
    return _clean_label(found[1]) if found else None


def _clean_label(text: str) -> str:
    text = text.strip().rstrip(":：").strip()
    text = _NUMBERING.sub("", text, count=1) if _NUMBERING.match(text) else text
    text = _LABEL_PREFIX.sub("", text, count=1) if _LABEL_PREFIX.match(text) else text
    text = strip_layout_hints(text)
    return "" if only_names_a_kind(text) else text


def _nested_entries(entry) -> list:
    """The items of the lists nested in a list item."""
    return [sub for child in entry.children[1:] if child.type in ("bullet_list", "ordered_list")
            for sub in child.children]


def _pipe_rows(text: str) -> list[list[str]] | None:
    """Rows written as '| a | b |' lines, after at most a lead-in line ending in ':'."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if lines and not _PIPE_ROW.fullmatch(lines[0]) and lines[0].endswith((":", "：")):
        lines = lines[1:]
    matches = [_PIPE_ROW.fullmatch(line) for line in lines]
    if not lines or not all(matches):
        return None
    rows = [[cell.strip() for cell in match[1].split("|")] for match in matches]
    return [row for row in rows if not all(re.fullmatch(r":?-+:?", cell) for cell in row)]


def _column_names(text: str) -> list[str]:
    return [name.strip().strip("[]").strip() for name in text.split("|") if name.strip().strip("[]").strip()]


def _mind_node(text: str) -> m.MindNode:
    """'"Input" (Text, 1D Sequence)' → Input with two children."""
    match = re.fullmatch(r"(.+?)\s*[(（]([^()（）]*)[)）]", text.strip())
    if match and ("," in match[2] or match[1][:1] in QUOTE_CHARS):
        return m.MindNode(unquote(match[1]), [m.MindNode(name) for name in _split_names(match[2])])
    return m.MindNode(unquote(text.strip()))


def _attach_mind_children(levels: dict[int, list[m.MindNode]], depth: int, text: str) -> None:
    parts = _KEY_SEPARATOR.split(text, maxsplit=1)
    if len(parts) < 2:
        return
    key, values = unquote(parts[0]), _split_names(parts[1])
    parents = levels.get(depth - 1, [])
    parent = _best_key_match(key, parents)
    if parent is None:
        parent = m.MindNode(key)
        levels.setdefault(depth - 1, []).append(parent)
        if depth - 1 > 1:  # a key under no known parent hangs from the root's level
            levels.setdefault(1, []).append(parent)
    known = {_normal(child.text) for child in parent.children}
    for value in values:
        if _normal(value) not in known:
            child = m.MindNode(value)
            parent.children.append(child)
            levels.setdefault(depth, []).append(child)


def _best_key_match(key: str, nodes: list[m.MindNode]) -> m.MindNode | None:
    """The node named ``key``, or the one whose words include all of its words ("Refactoring")."""
    wanted = _normal(key)
    for node in nodes:
        if _normal(node.text) == wanted:
            return node
    words = word_set(key)
    for node in nodes:
        if words and words <= word_set(node.text):
            return node
    return None


def _split_names(text: str) -> list[str]:
    """Comma-separated names, commas inside brackets or quotes kept."""
    names, current, depth, quoted = [], "", 0, False
    for char in text:
        if char in QUOTE_CHARS:
            quoted = not quoted
        elif char in OPEN_PAREN and not quoted:
            depth += 1
        elif char in CLOSE_PAREN and not quoted:
            depth = max(depth - 1, 0)
        if char == "," and depth == 0 and not quoted:
            names.append(current)
            current = ""
        else:
            current += char
    names.append(current)
    return [unquote(name.strip()) for name in names if name.strip()]


def _attach_step_notes(items: list[Item]) -> None:
    """A list of 'Step: description' under the same topic as a flow becomes that flow's notes."""
    for item in list(items):
        if len(item.blocks) != 1 or not isinstance(item.blocks[0], m.ListBlock):
            continue
        flows = [block for other in items if other.topic == item.topic and other is not item
                 for block in other.blocks if isinstance(block, m.Flow)]
        for flow in flows:
            notes = _step_notes(item.blocks[0].items, flow)
            if notes:
                for node, note in notes:
                    node.note = note
                items.remove(item)
                break


def _step_notes(entries: list[str], flow: m.Flow) -> list[tuple[m.FlowNode, str]] | None:
    notes, used = [], set()
    for entry in entries:
        key, _, note = entry.replace("**", "").partition(":")
        wanted = _normal(key)
        node = next((n for n in flow.nodes if n.id not in used and wanted and wanted in _normal(n.label)), None)
        if node is None or not note.strip() or node.note:
            return None
        used.add(node.id)
        notes.append((node, note.strip()))
    return notes


def _normal(text: str) -> str:
    return " ".join(text.replace("**", "").casefold().split())
