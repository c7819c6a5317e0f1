"""Cheat sheet prompt files: the page plan and the content of a prompt for an image model.

A prompt file is Markdown written for an image model. It draws the page as an
ASCII box diagram, states band ratios, and plans what goes where ("Output
Structure Plan", "Content Details"). Much of it is not for the page: the lecture
itself ("Source Text"), the model's role, style rules, requests and chatter.

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

Layout, from the box diagram
    Each band of the diagram is a band of the page and each box in it a cell,
    named "b<band>c<cell>"; the cells of a band share its width equally. A first
    band without inner boxes is the title band (slot "title"): its first line is
    the sheet title (a leading emoji is the title icon, a trailing copy of it
    goes), its further lines the subtitle. Band heights are the stated ratios
    when there is one per band (a range counts as its midpoint), scaled to add
    up to 100. Otherwise the title band gets 10% and the other bands share 90%
    equally, except that a band marked widest ("가장 넓") weighs 1.6: for the
    usual four bands that is the lecture template's 10/25/40/25.

Sections, one per box
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

Plan content
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
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.tree import SyntaxTreeNode

from .. import model as m
from ..errors import InputError
from ..layout import MAX_BANDS, MAX_CELLS, load_layout
from ..lexicon import CHAIN_ARROW
from ..placement import (FitProbe, Item, Placement, Slot, assign_section_slots, block_strings, claimed_slots,
                         describe_item, slot_areas, word_set)
from . import limits
from .ascii_layout import AsciiBand, AsciiBox, find_layout_block, parse_ascii_layout
from .band_ratios import RATIO_MARKER, parse_ratios, parse_splits
from .grid_table import find_grid_table
from .markdown_sheet import (
    TITLE_SLOT,
    BlockBuilder,
    heading_text,
    heading_level,
    node_line,
    parse_markdown,
    split_heading,
    strip_layout_hints,
    unquote,
)

LAYOUT_NAME = "prompt"
DEFAULT_TEMPLATE = "lecture"
TITLE_BAND_SHARE = 10.0  # percent, when the ratios cannot be used
WIDEST_BAND_WEIGHT = 1.6  # 25/40/25 of the remaining 90%, as in the lecture template

# -- what is read ----------------------------------------------------------------------

_CONTENT_PART = re.compile(r"layout\s+structure|output\s+structure\s+plan|structure\s+plan|content\s+details|"
                           r"box\s+details|레이아웃\s*구조|구조\s*계획|콘텐츠\s*상세|박스\s*(?:별\s*)?상세|상세\s*내용",
                           re.IGNORECASE)
_EXCLUDED_PART = re.compile(r"(?:\d+\.\s*)?(?:role\s+definition|source\s+text|output\s+style|instructions?\s*$)|"
                            r"스타일\s*가이드|추가\s*요청|메타\s*정보|이미지\s*생성\s*요청|작업\s*결과\s*요약|"
                            r"콘텐츠\s*정보|생성\s*지시", re.IGNORECASE)
_SOURCE_PART = re.compile(r"source\s+text|원문", re.IGNORECASE)
# A heading of the prompt's own (not of the article it quotes): its plan, layout, instructions.
_OWN_PART = re.compile(r"지시|instruction|plan\b|레이아웃|layout|구조|상세|details?\b|박스|\bbox|output|스타일|style|"
                       r"요청|메타|콘텐츠|치트\s*시트|cheat\s*sheet", re.IGNORECASE)
_ROLE_TOPIC = re.compile(r"\babout\s+[\"“]([^\"”\n]{1,120})[\"”]")
_HEADING_TOPIC = re.compile(r"(?:치트\s*시트|cheat\s*sheet)\s*(?:프롬프트|prompt)\s*[:：]\s*(\S.{0,119})",
                            re.IGNORECASE)
_CONTENT_TYPE = re.compile(r"(?:콘텐츠\s*유형|content\s*type)\**\s*[:：]\s*\**\s*([^\s*(]+)", re.IGNORECASE)

# Verbs that only ever tell the image model what to make, and verbs that do so
# when the line also speaks of the sheet or ends in a colon ("Use … as a table:").
_STRONG_IMPERATIVE = re.compile(r"(?:please|create|extract|include|show|summari[sz]e|group|visuali[sz]e|generate|"
                                r"highlight|convert|draw|display|illustrate|emphasi[sz]e|ensure|make\s+sure)\b",
                                re.IGNORECASE)
_WEAK_IMPERATIVE = re.compile(r"(?:use|list|add|write|compare|explain|describe|present|organi[sz]e|keep|follow|"
                              r"place|put|design|render|focus|provide|make)\b", re.IGNORECASE)
_SHEET_WORDS = re.compile(r"mermaid|diagram|table|chart|mind\s*-?map|bullet|section|cheat\s*sheet|quotes?\b|"
                          r"visual|format|emoji|column|code\s+block|annotation|following|다이어그램|표|섹션",
                          re.IGNORECASE)
_NOTICE = re.compile(r"\**\s*(?:important|note|참고|주의)\s*\**\s*[:：]", re.IGNORECASE)
_KOREAN_REQUEST = re.compile(r"(?:주세요|해줘|해 줘)\s*[.!。]?\s*$")  # "~하세요" is advice, kept
_ITEM_COUNT = re.compile(r"\b\d+\s*[-~–]\s*\d+\s+(?:bullet|point|item|sentence|line)", re.IGNORECASE)
# Text that describes content instead of being it: "Simple flow showing where RLHF fits",
# "[4가지 핵심 메커니즘 다이어그램]", "상단 (10%): 타이틀", "표로 비교" - only a writer can turn
# these into content, so they are never drawn.
_KIND_NOUN = (r"(?:flow\s*-?\s*chart|flow|diagram|chart|table|mind\s*-?\s*map|list|timeline|graph|visual|"
              r"illustration|matrix|infographic|schematic|sketch|icon|box)")
_DESCRIPTION = re.compile(
    r"(?:an?\s+|the\s+)?(?:[\w/-]+\s+){0,3}" + _KIND_NOUN
    + r"s?\s+(?:showing|illustrating|depicting|visuali[sz]ing|comparing|summari[sz]ing|explaining|"
      r"highlighting|that\s+shows?|to\s+show|of\s+the\s+following)\b", re.IGNORECASE)
_KOREAN_DESCRIPTION = re.compile(r"(?:보여주는|나타내는|설명하는|비교하는|정리한|요약한|시각화한?)\s*"
                                 r"(?:다이어그램|도식|표|차트|그림|플로우\s*차트|흐름도|마인드\s*맵|아이콘)|"
                                 r"(?:표|다이어그램|도식|그림|차트|아이콘|리스트|목록)\s*(?:으로|로)\s*"
                                 r"(?:비교|표시|정리|설명|나타|보여|시각화|표현)")
# "[4가지 핵심 메커니즘 다이어그램]", "[주제명]", "{{diagram}}": a slot for content, named by its kind.
_PLACEHOLDER = re.compile(r"(?:\[|\{\{|<)[^\[\]{}<>\n]{0,80}(?:다이어그램|도식|그림|차트|표|이미지|아이콘|설명|내용|예시|"
                          r"제목|주제명|섹션|diagram|chart|table|image|icon|placeholder|description|example|"
                          r"section|title)[^\[\]{}<>\n]{0,40}(?:\]|\}\}|>)", re.IGNORECASE)
_LAYOUT_SPEC = re.compile(r"(?:상단|하단|중앙|좌측|우측|중상단|중하단|top|bottom|center|middle|left|right)\s*"
                          r"[(（]?\s*\d{1,3}\s*(?:[~\-–]\s*\d{1,3}\s*)?%", re.IGNORECASE)
_BOX_LABEL = re.compile(r"[\w/&+ -]{1,30}?\s*(?:박스|\bbox)", re.IGNORECASE)  # "Definition 박스": a box's name
# A label that only names the kind of the element it introduces ("Definition Box", "파이프라인
# 다이어그램", "세 가지 관점 비교 테이블") is a layout label, not a title for the page.
_KIND_LABEL = re.compile(r".*?(?:\bbox|박스|다이어그램|\bdiagram|테이블|\btable|\bchart|차트|\bsection|섹션|"
                         r"\bcallout|카드|\bcard|\bblock\s*quote|\bquote|인용문?|\bbullet(?:\s+point)?|목록|리스트)"
                         r"s?\s*(?:[(（][^()（）]*[)）]\s*)?", re.IGNORECASE)
# A plan line telling the drawer what to mark on a box: "RLHF 박스에 \"지금 여기!\" 표시",
# "각 단계 아래에 한 단어 라벨: knowledge / format / preference".
_DRAWING_INSTRUCTION = re.compile(r"(?:박스|상자|단계|칸|행|열|노드|화살표|흐름|도식|box|arrow|node|step|row)\S*\s*"
                                  r"(?:에|의|아래|위|옆|안|사이)\S*\s.*?(?:표시|라벨|레이블|강조|달기|넣기|그리기|말풍선|손글씨)",
                                  re.IGNORECASE)
# How to draw, not what to say: "선택된 Expert는 굵은 실선, skip된 Expert는 점선", "…는 형광펜(노란색)
# 강조", "…으로 작게 표시", "세로형 다이어그램으로". Not a legend ("실선은 학습 손실") nor
# notation ("학습률은 η로 표시"): those are content.
_STYLE_INSTRUCTION = re.compile(r"[은는]\s*(?:굵은|얇은|진한|빨간|파란|회색|노란)?\s*(?:실선|점선)|"
                                r"형광펜\S*\s*(?:[(（][^)）]*[)）]\s*)?강조|"
                                r"(?:으로|로)\s*(?:작게|크게|굵게|진하게)\s*(?:표시|강조)|"
                                r"(?:세로|가로)형\s*(?:다이어그램|도식|흐름도)|"
                                r"(?:위쪽|아래쪽|왼쪽|오른쪽|옆|상단|하단)에\s.*(?:그래프|도식|다이어그램|그림|차트|아이콘)")

# -- plan descriptions -------------------------------------------------------------------

_ARROW = re.compile(rf"\s*{CHAIN_ARROW}\s*")
_ELLIPSIS = {"...", "…", "⋯"}
_KIND_PREFIX = re.compile(r"(?:mermaid\s+)?(?:flow\s*-?\s*chart|flow|diagram|chart|흐름도|순서도|다이어그램)\s*[:：]\s*",
                          re.IGNORECASE)
_LABEL_PREFIX = re.compile(r"(?:mermaid\s*)?(?:다이어그램|diagram|chart|표|table)\s*\d*\s*[:：]\s*", re.IGNORECASE)
_NUMBERING = re.compile(r"\d{1,3}[.)]\s+")
_ROOT = re.compile(r"root\s*[:：]\s*(.*)", re.IGNORECASE)
_LEVEL = re.compile(r"level\s*(\d)\b[^:：]*[:：]?\s*(.*)", re.IGNORECASE)
_COLUMNS = re.compile(r"columns?\s*[:：]\s*(.*)", re.IGNORECASE)
_KEY_SEPARATOR = re.compile(r"\s*(?:→|->|[:：])\s*")
_PIPE_ROW = re.compile(r"\|(.+)\|")
_STEP_CAPTION = re.compile(r"(?:step\s*\d+\s*)+", re.IGNORECASE)

# -- box text ------------------------------------------------------------------------------

_BOX_DRAWING = re.compile(r"[\u2500-\u257f]+")
_BOX_TOP = re.compile(r"^\s*[┌╭]", re.MULTILINE)
_BULLET_MARK = re.compile(r"([•·‧∙◦▪▸►\-*→✓✔☑])\s+(.*)")
_CHECK_MARKS = "✓✔☑"
_NUMBERED = re.compile(r"(\d{1,3})[.)]\s+(.*)")
_FENCE = re.compile(r"```\s*([\w+-]*)")
_QUOTE_CHARS = "\"“”"
_HANGUL = re.compile(r"[가-힣]")
_OPEN_PAREN, _CLOSE_PAREN = "([（", ")]）"



def read_prompt_file(text: str, path: Path | str) -> m.Sheet:
    where = str(path)
    if not text.strip():
        raise InputError("the file is empty", f"{where}:1")
    nodes = parse_markdown(without_false_front_matter(text), str(path))
    found = _DiagramPage.find(text, where)
    content = _content_nodes(nodes, found[1] if found else None)
    reader = _PlanReader(where)
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
        title, icon, subtitle = _role_topic(nodes) or _heading_topic(nodes) or _stem_title(where), "", ""
        layout_name, layout_spec = _template(text, content), None
        slots, items, claims = _template_slots(items, layout_name, where)
    probe = FitProbe(layout_name, layout_spec, m.Page(), where)
    placement = Placement(slots, items, claims, probe)
    sections = placement.run()
    return m.Sheet(
        title=title or _stem_title(where),
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


# --- the parts that hold the sheet ---------------------------------------------------------

def _content_nodes(nodes: list[SyntaxTreeNode], diagram_line: int | None) -> list[SyntaxTreeNode]:
    """The nodes of the content parts, without the layout diagram's fence and without
    the band ratios' section (its notes tell the drawer how to lay the page out)."""
    nodes = _without_ratio_section(nodes)
    parts: list[tuple[str, list[SyntaxTreeNode]]] = [("", [])]  # what comes before the first # heading
    for node in nodes:
        if node.type == "heading" and node.tag == "h1":
            parts.append((heading_text(node), [node]))
        else:
            parts[-1][1].append(node)
    chosen = [body for heading, body in parts if _CONTENT_PART.search(heading)]
    if not chosen:
        chosen = [body for heading, body in parts if not _EXCLUDED_PART.match(heading.strip())]
    return [node for body in chosen for node in body if not _holds_line(node, diagram_line)]


def layout_line(text: str) -> int | None:
    """The line the prompt's page drawing starts on: its box diagram, else its table of bands."""
    found = find_layout_block(text)
    if found is not None:
        return found[1]
    grid = find_grid_table(text)
    return grid.line if grid is not None else None


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


def _ratios(text: str, where: str) -> list[float] | None:
    try:
        return parse_ratios(text)
    except InputError as error:  # it names "line N" only
        line = error.where.removeprefix("line ").strip()
        raise InputError(error.message, f"{where}:{line}") from None


def is_description(line: str) -> bool:
    """Text that only describes content (see _DESCRIPTION): never drawn."""
    line = line.replace("**", "").strip().lstrip("-•*·→ ").strip()
    return bool(_DESCRIPTION.match(line) or _KOREAN_DESCRIPTION.search(line) or _PLACEHOLDER.fullmatch(line)
                or _LAYOUT_SPEC.match(line) or _BOX_LABEL.fullmatch(line) or _DRAWING_INSTRUCTION.search(line)
                or _STYLE_INSTRUCTION.search(line))


def _is_instruction(text: str) -> bool:
    first = text.strip().split("\n", 1)[0].replace("**", "").strip()
    if _NOTICE.match(text.strip()) or _KOREAN_REQUEST.search(first) or _ITEM_COUNT.search(first):
        return True
    if is_description(first):
        return True
    if _STRONG_IMPERATIVE.match(first):
        return True
    return bool(_WEAK_IMPERATIVE.match(first)) and (first.endswith((":", "：")) or bool(_SHEET_WORDS.search(first)))


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
    return "" if _KIND_LABEL.fullmatch(text) or is_description(text) else text


# --- plan content ------------------------------------------------------------------------------


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


class _PlanReader:
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
                if skip_level is not None and not _CONTENT_PART.search(heading_text(node)) and (
                        level > skip_level or in_source and level > 1 and not _OWN_PART.search(heading_text(node))):
                    # A source article keeps its own headings: it ends at the prompt's next part. The
                    # plan of the boxes ends any skip, even nested in the instructions.
                    continue
                self._flush_sketch()
                skip_level, after_rule, self.labels = None, False, []
                text = self.builder.checked(heading_text(node), node)
                in_source = bool(_SOURCE_PART.search(text))
                if _EXCLUDED_PART.search(text):
                    skip_level = level
                elif RATIO_MARKER.search(text):
                    after_ratio_marker, self.topic, topic_level = True, _Topic(), level
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
        if RATIO_MARKER.search(text) or _is_instruction(text):
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
        lone_chain = len(entries) == 1 and len(entries[0].children) == 1 and bool(_chain_parts(texts[0]))
        special = [self._is_wrapper(entry, text) or _is_instruction(text) or lone_chain
                   for entry, text in zip(entries, texts)]
        if not any(special):
            return _with_check_style(self.builder.list_blocks(node))
        blocks: list[m.Block] = []
        plain: list[SyntaxTreeNode] = []

        def flush() -> None:
            if plain:
                blocks.extend(_with_check_style(self.builder.list_blocks(_Fragment(node.type, list(plain), node.map))))
                plain.clear()

        for entry, text in zip(entries, texts):
            if self._is_wrapper(entry, text):
                flush()
                nested = [b for child in entry.children[1:] for b in self.blocks(child)]
                if nested and not _is_instruction(text) and not nested[0].title:
                    nested[0].title = _clean_label(text)
                blocks += nested
            elif _is_instruction(text):
                flush()  # an instruction with nothing under it: not for the page
            elif lone_chain:
                blocks.append(_flow_from_chains([text]))
            else:
                plain.append(entry)
        flush()
        return blocks

    def _is_wrapper(self, entry, text: str) -> bool:
        """A list item that only introduces what is nested in it ("Create …:", "Level 2:", "핵심:")."""
        has_nested = len(entry.children) > 1
        return has_nested and (_is_instruction(text) or text.rstrip().endswith((":", "：")))

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
            if _BOX_TOP.search(content):
                drawn = _drawing_blocks(content, self.where, first_line)
                if drawn is not None:
                    return drawn
            lines = [line.strip() for line in content.split("\n") if line.strip()]
            chains = _join_chain_lines(lines)
            if chains and all(_chain_parts(line) for line in chains):
                return [_flow_from_chains(chains)]
            numbered = [_NUMBERED.fullmatch(line) for line in lines]
            if lines and all(numbered):
                return [m.ListBlock([match[2] for match in numbered], "number")]
            if _HANGUL.search(content):
                return _lines_to_blocks(lines, chains_as_flows=False)
        return self.builder.code_blocks(node)


def _nested_entries(entry) -> list:
    """The items of the lists nested in a list item."""
    return [sub for child in entry.children[1:] if child.type in ("bullet_list", "ordered_list")
            for sub in child.children]


def _with_check_style(blocks: list[m.Block]) -> list[m.Block]:
    """Bullets that all start with a check mark are a check list."""
    for block in blocks:
        if isinstance(block, m.ListBlock) and block.items and all(i[:1] in _CHECK_MARKS for i in block.items):
            block.style = "check"
            block.items = [item[1:].strip() for item in block.items]
    return blocks


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


# --- mind maps described in words -----------------------------------------------------------

def _mind_node(text: str) -> m.MindNode:
    """'"Input" (Text, 1D Sequence)' → Input with two children."""
    match = re.fullmatch(r"(.+?)\s*[(（]([^()（）]*)[)）]", text.strip())
    if match and ("," in match[2] or match[1][:1] in _QUOTE_CHARS):
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
        if char in _QUOTE_CHARS:
            quoted = not quoted
        elif char in _OPEN_PAREN and not quoted:
            depth += 1
        elif char in _CLOSE_PAREN and not quoted:
            depth = max(depth - 1, 0)
        if char == "," and depth == 0 and not quoted:
            names.append(current)
            current = ""
        else:
            current += char
    names.append(current)
    return [unquote(name.strip()) for name in names if name.strip()]


# --- flows from arrow chains ---------------------------------------------------------------------

def _chain_parts(text: str) -> list[str] | None:
    """The steps of 'A → B → C' (at least three, each short); None for other text."""
    text = _KIND_PREFIX.sub("", text.strip(), count=1) if _KIND_PREFIX.match(text.strip()) else text.strip()
    if "\n" in text:
        return None
    parts = [part.strip() for part in _ARROW.split(text)]
    if len(parts) < 3 or any(not part or len(part) > 40 for part in parts):
        return None
    return parts


def _join_chain_lines(lines: list[str]) -> list[str]:
    """A chain goes on over the next line when it ends with an arrow or the next line starts with one."""
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        ends_open = re.search(r"(?:-{1,2}>|→|⟶|=>)\s*$", previous)
        if previous and (ends_open or (_ARROW.match(line) and _chain_parts(previous))):
            joined[-1] = f"{previous} {line}"
        else:
            joined.append(line)
    return joined


def _flow_from_chains(chains: list[str]) -> m.Flow:
    """One flow from chains of steps; a '…' step is a dotted edge over it."""
    nodes: dict[str, m.FlowNode] = {}
    edges: list[m.FlowEdge] = []
    for chain in chains:
        previous, skipped = None, False
        for part in _chain_parts(chain) or []:
            if part in _ELLIPSIS:
                skipped = True
                continue
            nodes.setdefault(part, m.FlowNode(part, part))
            if previous is not None:
                edges.append(m.FlowEdge(previous, part, style="dotted" if skipped else "solid"))
            previous, skipped = part, False
    return m.Flow(list(nodes.values()), edges)


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


# --- box drawings ---------------------------------------------------------------------------------

def _drawing_blocks(content: str, where: str, first_line: int) -> list[m.Block] | None:
    """A box drawing inside the plan, read by wrapping it in one more box so that its
    outer box keeps its inner boxes and arrows; None when it cannot be read."""
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
            titled = _box_blocks(box, keep_title=False, chains_as_flows=False)
            label = "" if _STEP_CAPTION.fullmatch(box.title) else f"{box.icon} {box.title}".strip()
            if titled and label and not titled[0].title:
                titled[0].title = label
            elif label and not titled:
                titled = [m.Text(f"**{label}**")]
            blocks += titled
    return blocks or None


def _box_blocks(box: AsciiBox, keep_title: bool, chains_as_flows: bool) -> list[m.Block]:
    """A box's content: its text (with its title line when ``keep_title``) and its inner boxes,
    which come after the title and before the other lines (captions under them)."""
    title_line = [f"{box.icon} {box.title}".strip()] if keep_title and (box.title or box.icon) else []
    if not box.children:
        return _lines_to_blocks(title_line + box.lines, chains_as_flows)
    captions = [line for line in box.lines if not _STEP_CAPTION.fullmatch(line)]
    return (_lines_to_blocks(title_line, chains_as_flows) + _inner_boxes(box)
            + _lines_to_blocks(captions, chains_as_flows))


def _inner_boxes(box: AsciiBox) -> list[m.Block]:
    if box.arrows:
        return [_flow_from_boxes(box)]
    cards: list[m.Block] = []
    for child in box.children:
        label = f"{child.icon} {child.title}".strip()
        lines = [_clean_line(line) for line in _box_text(child)]
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
    lines = [line for line in (_clean_line(line) for line in _box_text(box)) if line]
    label = [title] if title else []
    open_title = not title or not (_HANGUL.search(title) or title.endswith((":", "：")))
    while open_title and lines and len(label) < 3 and _continues_label(lines[0], " ".join(label)):
        label.append(lines.pop(0))
    return " ".join(label), "\n".join(lines)


def _continues_label(line: str, label: str) -> bool:
    if len(line) > 24 or _HANGUL.search(line) or _ARROW.search(line) or _BULLET_MARK.match(line):
        return False
    inside_brackets = sum(label.count(c) for c in _OPEN_PAREN) > sum(label.count(c) for c in _CLOSE_PAREN)
    return inside_brackets or line[0].isupper() or line[0] in _OPEN_PAREN


def _clean_line(line: str) -> str:
    """A box line without stray drawing characters (connectors, corners)."""
    return " ".join(_BOX_DRAWING.sub(" ", line).split())


def _lines_to_blocks(lines: list[str], chains_as_flows: bool) -> list[m.Block]:
    """Box text as blocks: code, tables, lists, quotes, flows and plain text, in order."""
    blocks: list[m.Block] = []
    lines = [line.strip() for line in lines if line.strip() and not is_description(line)]
    lines = _join_quoted(_join_chain_lines(lines))
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
    if _NUMBERED.fullmatch(line):
        return "number"
    if len(line) > 2 and line[0] in _QUOTE_CHARS and line[-1] in _QUOTE_CHARS:
        return "quote"
    if chains_as_flows and _chain_parts(line):
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
                checks = checks and match[1] in _CHECK_MARKS
                items.append(_clean_line(match[2]))
            elif items:  # an unmarked line continues the bullet above
                items[-1] = f"{items[-1]} {_clean_line(line)}"
        return [m.ListBlock([item for item in items if item], "check" if checks else "bullet")]
    if kind == "number":
        return [m.ListBlock([_clean_line(_NUMBERED.fullmatch(line)[2]) for line in run], "number")]
    if kind == "quote":
        return [m.Quote(_clean_line(run[0][1:-1]))]
    if kind == "chain":
        return [_flow_from_chains([_clean_line(line) for line in run])]
    text = "\n".join(line for line in (_clean_line(line) for line in run) if line)
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
        if sum(line.count(c) for c in _QUOTE_CHARS) % 2:
            open_quote = not open_quote
    return joined


# --- the page from the box diagram -----------------------------------------------------------------


@dataclass
class _DiagramPage:
    """The page a prompt draws: title band, layout and a slot per box."""
    title: str
    title_icon: str
    subtitle: str
    layout_spec: dict
    slots: list[Slot]

    @classmethod
    def find(cls, text: str, where: str) -> "tuple[_DiagramPage, int] | None":
        """The page the prompt draws, and the line its drawing starts on: a box diagram
        (with the band ratios and splits the text states), else a table of bands."""
        found = find_layout_block(text)
        if found is not None:
            bands = parse_ascii_layout(found[0], where, found[1])
            ratios, splits = _drawn_ratios(bands, _ratios(text, where), parse_splits(text))
            return cls.of_bands(bands, ratios, splits, f"{where}:{found[1]}"), found[1]
        grid = find_grid_table(text)
        if grid is not None:
            return cls.of_bands(grid.bands, grid.heights, grid.splits, f"{where}:{grid.line}"), grid.line
        return None

    @classmethod
    def of_bands(cls, bands: list[AsciiBand], ratios: list[float] | None, splits: list[list[float] | None],
                 here: str) -> "_DiagramPage":
        if len(bands) > MAX_BANDS:
            raise InputError(f"the box diagram has {len(bands)} bands; a page has at most {MAX_BANDS}", here)
        has_title = not bands[0].cells[0].children and len(bands[0].cells) == 1
        heights = _band_heights(bands, ratios, has_title)
        title = icon = subtitle = ""
        spec_bands, slots = [], []
        for index, (band, height) in enumerate(zip(bands, heights)):
            if index == 0 and has_title:
                title, icon, subtitle = _title_band(band)
                spec_bands.append({"height": height, "cells": [{"slot": TITLE_SLOT, "width": 1}]})
                continue
            if len(band.cells) > MAX_CELLS:
                raise InputError(f"band {index + 1} of the box diagram has {len(band.cells)} boxes; "
                                 f"a band has at most {MAX_CELLS}", here)
            names = [f"b{index}c{cell}" for cell in range(len(band.cells))]
            widths = _cell_widths(band, splits[index])
            cells = []
            for name, width, box in zip(names, widths, band.cells):
                area = height * width / sum(widths)
                if len(box.stack) < 2:
                    cells.append({"slot": name, "width": width})
                    slots.append(_box_slot(name, band, box, area, here))
                    continue
                # A column of boxes: a slot each, as tall as drawn (a hand draws a box of
                # a few lines smaller than it means it: none under half the mean).
                drawn = [max(part.height, 1) for part in box.stack]
                floor = STACK_FLOOR * sum(drawn) / len(drawn)
                parts = [(f"{name}r{k}", max(h, floor)) for k, h in enumerate(drawn)]
                cells.append({"width": width, "stack": [{"slot": part, "height": h} for part, h in parts]})
                total = sum(h for _, h in parts)
                for (part, h), part_box in zip(parts, box.stack):
                    slots.append(_box_slot(part, band, part_box, area * h / total, here, alone=False))
            spec_bands.append({"height": height, "cells": cells})
        if len(slots) > limits.MAX_SECTIONS:
            raise InputError(f"the box diagram has {len(slots)} boxes; the limit is {limits.MAX_SECTIONS}", here)
        return cls(title, icon, subtitle, {"name": LAYOUT_NAME, "bands": spec_bands}, slots)


def _drawn_ratios(bands: list[AsciiBand], ratios: list[float] | None,
                  splits: list[list[float] | None] | None) -> tuple[list[float] | None, list[list[float] | None]]:
    """The stated ratios and splits, one per band read: a row each when they are stated
    so; else a drawn band holding rows of boxes shares its stated height among its rows
    as drawn, and its split goes to each row."""
    drawn = [band.drawn for band in bands]
    splits = splits or [None] * len(bands)
    if ratios and len(ratios) == len(bands):
        return ratios, splits
    if not ratios or len(ratios) != len(set(drawn)):
        return None, [None] * len(bands)
    lines = {k: sum(band.rows for band in bands if band.drawn == k) for k in set(drawn)}
    return ([ratios[band.drawn] * band.rows / lines[band.drawn] for band in bands],
            [splits[band.drawn] for band in bands])


UNEVEN_DRAWN = 1.5  # boxes drawn this much wider than others were meant wider
STACK_FLOOR = 0.5  # no box of a column less tall than this share of the column's mean


def _cell_widths(band: AsciiBand, split: list[float] | None) -> list[float]:
    """The boxes' relative widths: as the ratio rows state them for this band, else as
    drawn where the drawing makes some clearly wider (a hand's boxes differ by a few
    columns for their text alone), else alike."""
    count = len(band.cells)
    if split is not None and len(split) == count:
        return split
    drawn = [box.width for box in band.cells]
    if split is None and min(drawn) > 0 and max(drawn) >= min(drawn) * UNEVEN_DRAWN:
        return [round(width / min(drawn), 2) for width in drawn]
    return [1.0] * count


def _band_heights(bands: list[AsciiBand], ratios: list[float] | None, has_title: bool) -> list[float]:
    """Percent heights adding up to 100: the stated ratios, else the template rule."""
    if ratios and len(ratios) == len(bands):
        weights = ratios
    else:
        content = bands[1:] if has_title else bands
        marked = [WIDEST_BAND_WEIGHT if _is_widest(band) else 1.0 for band in content]
        share = 100.0 - (TITLE_BAND_SHARE if has_title and content else 0.0)
        weights = ([TITLE_BAND_SHARE] if has_title and content else [100.0] if has_title else [])
        weights += [share * weight / sum(marked) for weight in marked]
    total = sum(weights)
    heights = [max(round(weight * 100 / total, 2), 0.01) for weight in weights]
    heights[heights.index(max(heights))] += round(100 - sum(heights), 2)  # rounding drift
    return heights


def _is_widest(band: AsciiBand) -> bool:
    hints = band.hints + [hint for box in band.cells for hint in box.hints]
    return any("넓" in hint or "widest" in hint.lower() for hint in hints)


_TITLE_GOES_ON = re.compile(r"(?:[&,:+/–—-]|\band|\s및)\s*$", re.IGNORECASE)


def _title_band(band: AsciiBand) -> tuple[str, str, str]:
    box = band.cells[0]
    icon, title = box.icon, box.title
    lines = [_clean_line(line) for line in box.lines if _clean_line(line)]
    if lines and _TITLE_GOES_ON.search(title):  # "… Benchmarks &" / "Contamination 🍌 [Week 6]": one title
        title = f"{title} {lines.pop(0)}"
    if icon and title.endswith(icon):
        title = title[: -len(icon)].rstrip()
    return title, icon, " · ".join(lines)


def _box_slot(name: str, band: AsciiBand, box: AsciiBox, area: float, where: str,
              alone: bool | None = None) -> Slot:
    """The slot of one drawn box; ``alone``: the only box of its band (so the band's
    heading may title it), by default when the band has one cell."""
    alone = len(band.cells) == 1 if alone is None else alone
    if alone and band.heading and not _is_title_only(band, box):
        # A heading above the band's one box titles the section; the box's first line is content.
        title, icon = band.heading, band.heading_icon
        own = _box_blocks(box, keep_title=True, chains_as_flows=True)
    else:
        title, icon = box.title, box.icon
        own = _box_blocks(box, keep_title=False, chains_as_flows=alone)
    if is_description(title):  # "[좌측 상단 섹션]": a place for a title, not one
        title = ""
    slot = Slot(name, title, icon, area, alone, own, where)
    slot.title_words = word_set(title)
    slot.all_words = slot.title_words | word_set(" ".join(block_strings(own)))
    return slot


def _is_title_only(band: AsciiBand, box: AsciiBox) -> bool:
    """A band with no inner box: its heading is the box's own first line."""
    return not box.children and band.heading == box.title and band.heading_icon == box.icon


# --- the page from a template ----------------------------------------------------------------------

def _template(text: str, content: list[SyntaxTreeNode]) -> str:
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


def _template_slots(items: list[Item], layout_name: str, where: str) -> tuple[list[Slot], list[Item], dict]:
    """Sections from the plan's ## parts, merged and given slots as markdown_sheet does."""
    layout = load_layout(layout_name)
    areas = slot_areas(layout)
    band_sizes = {cell.slot: len(band.cells) for band in layout.bands for cell in band.cells}
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


def _role_topic(nodes: list[SyntaxTreeNode]) -> str:
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


def _heading_topic(nodes: list[SyntaxTreeNode]) -> str:
    """The topic a prompt's own title names: "# 나노바나나 치트시트 프롬프트: Topic"."""
    for node in nodes:
        if node.type == "heading" and node.tag == "h1":
            found = _HEADING_TOPIC.search(heading_text(node))
            return found[1].strip() if found else ""
    return ""


def _stem_title(where: str) -> str:
    stem = Path(where).stem.removesuffix("-cheatsheet-prompt").removesuffix("-prompt")
    return " ".join(stem.replace("_", " ").replace("-", " ").split()) or "Cheat Sheet"


# --- attachment --------------------------------------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join(text.replace("**", "").casefold().split())


# --- fitting ------------------------------------------------------------------------------------------


