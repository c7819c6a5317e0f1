"""Placement: which content goes in which box of the page, decided in one place.

Readers only read; they hand their sections or items and the page's boxes to
placement, which decides where each goes and, for a prompt file, how it is laid
out so that it fits — asking one page fitter (``page_fitter.py``), built once per
page, that remembers every section it has measured.

Markdown sheets (``assign_section_slots``)
    Sections naming a slot go there; surplus sections merge into a neighbour, the
    smallest first; the section holding the largest diagram takes the largest
    slot, the rest fill the remaining slots in document order.

Writers' answers (``match_boxes``)
    Sections go to boxes by title — emoji, numbering and hints ignored, each side
    of a bracket or slash counted as a name, so either language matches; close
    spellings accepted — then by icon, then the rest in order.

Prompt files: attachment (``claimed_slots``)
    Each block keeps its ``##`` heading (topic) and its labels. A box scores 3
    points when its icon is the topic's emoji, plus 3 per word of the labels and
    the block's own title and 2 per topic word shared with the box title, each
    word weighted by 1 / (number of box titles holding it); words such as "key"
    and "핵심" do not count. So a topic naming a box by two of its words goes there
    even when its emoji (💡, ⚡: used for anything) is another box's icon. At 2
    points a block claims the best box, and a box's claimed blocks replace its own
    text. Other blocks are extras, titled by their label or topic: they go to the
    box sharing the most weighted words with them (at least 2, over the box's title
    and text; the kind of a block counts as a word, so quotes relate to a QUOTES
    box) or else to the roomiest box. A box left with nothing at the end takes the
    extra (or unplaced item) sharing most words with it that fits there.

Prompt files: fitting (``Placement``, ``FitProbe``)
    Every section is tried in its slot, on the default A4 landscape page, with
    the renderer's own fitting at a minimum text size 2.5% above the theme's, so
    the page also fits when drawn at another resolution. A box's blocks are laid
    out stacked, or with the last few side by side, or all in Rows of two or
    three, or with the extras in Rows: the first of these that fits is taken,
    unless a later one allows at least 15% larger text. A box's own text gives
    way to extras that share its words only when nothing fits with it. Boxes are
    settled smallest first; a section that is too full gives up its extras,
    newest first, then its claimed blocks, last first (the last block of a
    multi-block one alone); each goes to the next box in the order above where it
    fits, else it is recorded in Sheet.unplaced. Strings are never cut and
    nothing is dropped without a record.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, fields, is_dataclass
from difflib import SequenceMatcher

from . import model as m
from .errors import FitError
from .layout import TITLE_SLOT, Layout, slot_shares
from .page_fitter import PageFitter
from .readers import limits
from .theme import Theme

FIT_MARGIN = 1.025  # probe at a slightly larger minimum text size than the renderer's

ICON_POINTS = 3.0
LABEL_WORD_POINTS = 3.0
TOPIC_WORD_POINTS = 2.0
CLAIM_POINTS = 2.0
RELATED_WORDS = 2.0  # weighted words an extra must share with a box to go there first
ROW_MAX = 3  # blocks side by side in one Row
SIDE_BY_SIDE_GAIN = 1.15  # a Row replaces stacked blocks only when it allows this much larger text
CLOSE_TITLE = 0.72  # similarity of two titles that name the same box

_HANGUL = re.compile(r"[가-힣]")

# -- words -----------------------------------------------------------------------------------

_WORD = re.compile(r"[0-9a-z]+|[가-힣]+")
# Words that say nothing about which box a block belongs to ("Key Concepts" is not "Key Takeaways").
_KIND_WORDS = {m.Quote: "quote 인용", m.Table: "table", m.Code: "code 코드", m.Flow: "flow diagram 다이어그램",
               m.Sequence: "sequence diagram 다이어그램", m.MindMap: "mind map 마인드맵"}
_STOP_WORDS = {"the", "and", "for", "with", "vs", "what", "how", "is", "of", "to", "in", "an", "or", "its", "this",
               "that", "are", "from", "into", "key", "main", "및", "또는", "핵심", "주요"}
_PARTICLES = ("으로", "에서", "에게", "의", "은", "는", "이", "가", "을", "를", "에", "로", "과", "와", "도", "란")

# --- Markdown sheets: slots by diagram size and order -------------------------------------

def slot_areas(layout: Layout) -> dict[str, float]:
    """Area share of each non-title slot, in layout order."""
    return {slot: share for slot, share in slot_shares(layout).items() if slot != TITLE_SLOT}


def assign_section_slots(sections: list[m.Section], pinned: dict[str, m.Section],
                  areas: dict[str, float]) -> list[m.Section]:
    for slot, section in pinned.items():
        section.slot = slot
    sections = _merge_surplus(sections, len(areas))
    free = {slot: area for slot, area in areas.items() if slot not in pinned}
    _fill([s for s in sections if not s.slot], free)
    return sections


def _merge_surplus(sections: list[m.Section], slot_count: int) -> list[m.Section]:
    """Merge unpinned sections into a neighbour until they fit ``slot_count`` slots."""
    sections = list(sections)
    while len(sections) > slot_count:
        movable = [i for i, s in enumerate(sections) if not s.slot]
        i = min(movable, key=lambda i: (_diagram_size(sections[i]), _text_size(sections[i]), -i))
        target = sections[i - 1] if i else sections[1]
        target.blocks += _as_sub_blocks(sections.pop(i))
    return sections


def _as_sub_blocks(section: m.Section) -> list[m.Block]:
    """The section's blocks, carrying its heading as a block title."""
    label = f"{section.icon} {section.title}".strip()
    blocks = list(section.blocks)
    if not label:
        return blocks
    if blocks[0].title:
        return [m.Text(f"**{label}**")] + blocks
    blocks[0].title = label
    return blocks


def _fill(sections: list[m.Section], areas: dict[str, float]) -> None:
    """Largest diagram to the largest slot; the rest in document order."""
    slots = list(areas)
    main = max(sections, key=_diagram_size, default=None)
    if main is not None and _diagram_size(main) > 0:
        main.slot = max(slots, key=areas.__getitem__)
        main.slot_by_rule = True
        slots.remove(main.slot)
        sections = [s for s in sections if s is not main]
    for section, slot in zip(sections, slots):
        section.slot, section.slot_by_rule = slot, True


def _diagram_size(section: m.Section) -> int:
    return max((_block_diagram_size(b) for b in section.blocks), default=0)


def _block_diagram_size(block: m.Block) -> int:
    if isinstance(block, m.Flow):
        return len(block.nodes)
    if isinstance(block, m.Sequence):
        return _message_count(block.items)
    if isinstance(block, m.MindMap):
        return _mind_node_count(block.root)
    if isinstance(block, m.Pie):
        return len(block.slices)
    if isinstance(block, m.Timeline):
        return sum(1 + len(p.events) for s in block.sections for p in s.periods)
    if isinstance(block, m.XYChart):
        return max(len(s.values) for s in block.series)
    if isinstance(block, m.Quadrant):
        return len(block.points) + 4
    return 0


def _message_count(items: list[m.SequenceItem]) -> int:
    count, stack = 0, list(items)
    while stack:
        item = stack.pop()
        if isinstance(item, m.Message):
            count += 1
        elif isinstance(item, m.Frame):
            stack += [inner for branch in item.branches for inner in branch.items]
    return count


def _mind_node_count(root: m.MindNode) -> int:
    count, stack = 0, [root]
    while stack:
        node = stack.pop()
        count += 1
        stack += node.children
    return count


def _text_size(section: m.Section) -> int:
    """Characters of text in the section's non-diagram blocks."""
    size = 0
    for block in section.blocks:
        if isinstance(block, m.Text):
            size += len(block.text)
        elif isinstance(block, m.ListBlock):
            size += sum(map(len, block.items))
        elif isinstance(block, m.Table):
            size += sum(map(len, block.header)) + sum(len(cell) for row in block.rows for cell in row)
        elif isinstance(block, m.Quote):
            size += len(block.text) + len(block.note) + len(block.source)
        elif isinstance(block, m.Code):
            size += len(block.code)
    return size


# --- writers' answers: sections to boxes by title -----------------------------------------

def match_boxes(sections: list[tuple[str, str]], boxes: list[tuple[str, str]]) -> dict[int, int]:
    """Section index -> box index: equal titles, then close titles, then the same icon,
    then the rest in order. Deterministic: ties go to the earlier box and section."""
    matched: dict[int, int] = {}
    taken: set[int] = set()
    names = [_title_names(title) for title, _ in sections]
    box_names = [_title_names(title) for title, _ in boxes]

    def take(score) -> None:
        pairs = sorted(((score(i, j), i, j) for i in range(len(sections)) if i not in matched
                        for j in range(len(boxes)) if j not in taken), key=lambda p: (-p[0], p[1], p[2]))
        for value, i, j in pairs:
            if value <= 0 or i in matched or j in taken:
                continue
            matched[i] = j
            taken.add(j)

    take(lambda i, j: 1.0 if names[i] & box_names[j] else 0.0)
    take(lambda i, j: max((_closeness(a, b) for a in names[i] for b in box_names[j]), default=0.0))
    take(lambda i, j: 1.0 if sections[i][1] and _same_icon(sections[i][1], boxes[j][1]) else 0.0)
    free = [j for j in range(len(boxes)) if j not in taken]
    for i in range(len(sections)):
        if i not in matched and free:
            matched[i] = free.pop(0)
    return matched


def same_title(a: str, b: str) -> bool:
    """Whether two headings name the same thing (emoji, brackets and case aside)."""
    return bool(_title_names(a) & _title_names(b))


def _title_names(title: str) -> set[str]:
    """The normal forms a title goes by: the whole, and each side of a bracket or slash
    ("INPUT SPECIFICATION (입력 사양)", "입력 / Input")."""
    from .readers.markdown_sheet import split_heading  # here: that reader imports this module
    _, _, title = split_heading(title)
    whole = _title_normal(title)
    inside = re.findall(r"[(（\[]([^()（）\[\]]+)[)）\]]", title)
    outside = re.sub(r"[(（\[][^()（）\[\]]*[)）\]]", " ", title)
    names = {whole, _title_normal(outside)} | {_title_normal(part) for part in inside}
    names |= {_title_normal(part) for part in re.split(r"\s[/|·—–-]\s|:", outside)}
    return {name for name in names if name}


def _title_normal(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold().replace("&", " and ")))


def _closeness(a: str, b: str) -> float:
    if min(len(a), len(b)) >= 4 and (a in b or b in a):
        return 0.9
    ratio = SequenceMatcher(None, a, b).ratio()
    words_a, words_b = set(a.split()), set(b.split())
    overlap = len(words_a & words_b) / len(words_a | words_b) if words_a | words_b else 0.0
    best = max(ratio, overlap + 0.2 if overlap >= 0.5 else 0.0)
    return best if best >= CLOSE_TITLE else 0.0


def _same_icon(a: str, b: str) -> bool:
    return bool(a) and a.replace("\ufe0f", "") == b.replace("\ufe0f", "")


# --- prompt files: items attached to boxes, settled so that every box fits ----------------

@dataclass
class Item:
    """Blocks made from one Markdown node, with the headings that place them."""
    blocks: list[m.Block]
    topic: str  # the ## heading above, cleaned; "" if none
    topic_icon: str
    labels: list[str]  # sub-headings and label lines above the blocks, outermost first
    line: int

    @property
    def heading(self) -> str:
        """What the blocks are called when they sit in a box that is not theirs."""
        if self.labels:
            return self.labels[-1]
        return f"{self.topic_icon} {self.topic}".strip()


@dataclass
class Slot:
    """A place on the page for one section, with the box text it holds by default."""
    name: str
    title: str
    icon: str
    area: float  # percent of the page's content area
    wide: bool  # the only cell of its band
    own: list[m.Block]
    where: str
    title_words: set[str] = field(default_factory=set)
    all_words: set[str] = field(default_factory=set)
    named_by_plan: bool = False  # no box diagram: the title is the plan's, it may follow the content


def claimed_slots(items: list[Item], slots: list[Slot]) -> dict[int, str]:
    """Item id → the slot it claims by icon and title words."""
    weights = _word_weights([slot.title_words for slot in slots])
    claims: dict[int, str] = {}
    if not slots:
        return claims
    for item in items:
        scored = [(_claim_score(item, slot, weights), -index, slot) for index, slot in enumerate(slots)]
        score, _, best = max(scored, key=lambda entry: entry[:2])
        if score >= CLAIM_POINTS:
            claims[id(item)] = best.name
    return claims


def _claim_score(item: Item, slot: Slot, weights: dict[str, float]) -> float:
    score = ICON_POINTS if item.topic_icon and _same_icon(item.topic_icon, slot.icon) else 0.0
    label_words = word_set(" ".join(item.labels + [item.blocks[0].title]))
    score += LABEL_WORD_POINTS * sum(sorted(weights.get(w, 0.0) for w in label_words & slot.title_words))
    score += TOPIC_WORD_POINTS * sum(sorted(weights.get(w, 0.0) for w in word_set(item.topic) & slot.title_words))
    return score


def _heading_of(item: Item) -> tuple[str, str]:
    """(title, icon) for a section holding only this item: its first block's title, else
    what the plan called it."""
    from .readers.markdown_sheet import split_heading  # here: that reader imports this module
    _, icon, title = split_heading(item.blocks[0].title or item.heading)
    return title, icon


def _shared_words(item: Item, slot: Slot, weights: dict[str, float]) -> float:
    """Weighted words an item shares with a box's title and text; the kind of its first
    block counts as a word, so a box called QUOTES relates to quotes."""
    words = word_set(" ".join(block_strings(item.blocks) + item.labels + [item.topic]))
    words |= word_set(_KIND_WORDS.get(type(item.blocks[0]), ""))
    return sum(sorted(weights.get(w, 0.0) for w in words & slot.all_words))  # sorted: the same float sum under any hash seed


def _word_weights(word_sets: list[set[str]]) -> dict[str, float]:
    counts: dict[str, int] = {}
    for words in word_sets:
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    return {word: 1.0 / count for word, count in counts.items()}


def word_set(text: str) -> set[str]:
    out = set()
    for word in _WORD.findall(text.casefold()):
        if word in _STOP_WORDS:
            continue
        if _HANGUL.match(word):
            for particle in _PARTICLES:
                if word.endswith(particle) and len(word) - len(particle) >= 2:
                    word = word[: -len(particle)]
                    break
        elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        if len(word) >= 2:
            out.add(word)
    return out


def block_strings(node) -> list[str]:
    """Every string of a model object: what a block says, for matching words."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [text for item in node for text in block_strings(item)]
    if is_dataclass(node):
        return [text for f in fields(node) for text in block_strings(getattr(node, f.name))]
    return []


class FitProbe:
    """The text size a section gets in its slot, asked of the renderer's own fitter, built
    once for the page (theme, layout, fonts, typesetter) and remembering what it measured."""

    def __init__(self, layout_name: str, layout_spec: dict | None, page: m.Page, where: str):
        theme = {"body_min_pt": Theme().body_min_pt * FIT_MARGIN}
        probe = m.Sheet(title="·", sections=[], layout=layout_name, page=page, theme=theme,
                        layout_spec=layout_spec, path=where)
        self.fitter = PageFitter(probe)

    def size(self, section: m.Section) -> int | None:
        """Body text size in px, or None when the section does not fit."""
        if len(section.blocks) > limits.MAX_BLOCKS:
            return None
        try:
            return self.fitter.fit(section, section.slot).size
        except FitError:
            return None


class Placement:
    """Items placed in slots so that every section fits; what cannot be placed is kept aside."""

    def __init__(self, slots: list[Slot], items: list[Item], claims: dict[int, str], probe: FitProbe):
        self.slots = {slot.name: slot for slot in slots}
        self.items = items
        self.claims = claims
        self.probe = probe
        self.content: dict[str, list[Item]] = {slot.name: [] for slot in slots}
        self.unplaced: list[Item] = []
        self.related: dict[int, set[str]] = {}  # item id → boxes whose words it shares
        self.weights = _word_weights([slot.all_words for slot in slots])  # the boxes' words never change
        self.order = {id(item): self._preference(item) for item in items}

    def _preference(self, item: Item) -> list[str]:
        """Slot names in the order the item would go to them; notes the boxes it is related to."""
        slots = list(self.slots.values())
        shared = {slot.name: _shared_words(item, slot, self.weights) for slot in slots}
        claimed = [self.claims[id(item)]] if id(item) in self.claims else []
        close = sorted((s for s in slots if shared[s.name] >= RELATED_WORDS and s.name not in claimed),
                       key=lambda s: -shared[s.name])
        self.related[id(item)] = {s.name for s in close}
        rest = sorted((s for s in slots if s.name not in claimed and s not in close), key=lambda s: -s.area)
        return claimed + [s.name for s in close + rest]

    def run(self) -> list[m.Section]:
        for item in self.items:
            if self.order[id(item)]:
                self.content[self.order[id(item)][0]].append(item)
            else:
                self.unplaced.append(item)
        # Small boxes first: their own blocks settle before extras look for room.
        for name in sorted(self.slots, key=lambda name: self.slots[name].area):
            self._settle(name)
        for name in self.slots:
            if not self.content[name] and not self.slots[name].own:
                self._fill_empty(name)
        sections = []
        for name, slot in self.slots.items():
            arranged = self._arrangement(name)
            blocks = arranged if arranged is not None else self._stacked(name)
            if blocks or not slot.named_by_plan:  # a heading the plan gave, over nothing: left out
                sections.append(m.Section(slot.title, blocks, slot=name, icon=slot.icon, where=slot.where))
        return sections

    def _fill_empty(self, name: str) -> None:
        """A box left with nothing to show takes the item most related to it that fits there:
        one that found no room, or an extra from another box. A box the user drew takes
        only an item sharing words with it. A section the plan named (no box diagram) takes
        any, or a titled part of another section that keeps something, and its title too."""
        slot = self.slots[name]
        weights = self.weights
        movable = [(item, None) for item in self.unplaced]
        for other, items in self.content.items():
            if other != name:
                movable += [(item, other) for item in items if self.claims.get(id(item)) != other]
        if slot.named_by_plan:  # also a titled part of a section that keeps other content
            movable += [(item, other) for other, items in self.content.items() if other != name and len(items) > 1
                        for item in items if self.claims.get(id(item)) == other and item.blocks[0].title]
        ranked = sorted(movable, key=lambda entry: -_shared_words(entry[0], slot, weights))
        for item, source in ranked:
            if not slot.named_by_plan and _shared_words(item, slot, weights) <= 0:
                return
            self.content[name].append(item)
            if self._arrangement(name) is not None:
                (self.content[source] if source else self.unplaced).remove(item)
                self.claims[id(item)] = name  # the box's own now: no other empty box takes it
                if slot.named_by_plan:
                    slot.title, slot.icon = _heading_of(item)
                return
            self.content[name].remove(item)

    def _stacked(self, name: str) -> list[m.Block]:
        """The slot's blocks one under the other, for a slot whose own text does not fit:
        the renderer then reports it."""
        slot = self.slots[name]
        claimed = [item for item in self.content[name] if self.claims.get(id(item)) == name]
        return [block for item in claimed for block in item.blocks] or slot.own

    def _settle(self, name: str) -> None:
        while self._arrangement(name) is None and self.content[name]:
            victim = self._victim(name)
            self.content[name].remove(victim)
            self._relocate(victim, name)

    def _victim(self, name: str) -> Item:
        """The item to move out: the newest extra, else the last claimed item. Of an item
        with several blocks only the last block moves, so the rest can stay together."""
        extras = [item for item in self.content[name] if self.claims.get(id(item)) != name]
        item = (extras or self.content[name])[-1]
        if len(item.blocks) == 1:
            return item
        tail = Item([item.blocks.pop()], item.topic, item.topic_icon, item.labels, item.line)
        if id(item) in self.claims:
            self.claims[id(tail)] = self.claims[id(item)]
        self.order[id(tail)] = self.order[id(item)]
        self.related[id(tail)] = self.related[id(item)]
        self.content[name].append(tail)
        return tail

    def _relocate(self, item: Item, leaving: str) -> None:
        for name in self.order[id(item)]:
            if name == leaving:
                continue
            self.content[name].append(item)
            if self._arrangement(name) is not None:
                return
            self.content[name].remove(item)
        self.unplaced.append(item)

    def _arrangement(self, name: str) -> list[m.Block] | None:
        """The first layout that fits, unless a later one allows clearly larger text
        (SIDE_BY_SIDE_GAIN); None when none fits. The box's own text gives way only when
        nothing fits with it and the extras are related to the box (the plan's fuller version)."""
        slot = self.slots[name]
        claimed = [item for item in self.content[name] if self.claims.get(id(item)) == name]
        extras = [item for item in self.content[name] if self.claims.get(id(item)) != name]
        base = [_untitled_if_same(block, slot.title) for item in claimed for block in copy.deepcopy(item.blocks)]
        best = self._best_fit(slot, _layouts(slot, base or copy.deepcopy(slot.own), extras))
        if best is None and not claimed and slot.own and any(name in self.related[id(i)] for i in extras):
            best = self._best_fit(slot, _layouts(slot, [], extras))
        return best

    def _best_fit(self, slot: Slot, layouts: list[list[m.Block]]) -> list[m.Block] | None:
        best, best_size = None, 0.0
        for blocks in layouts:
            size = self.probe.size(m.Section(slot.title, blocks, slot=slot.name, icon=slot.icon, where=slot.where))
            if size is not None and size > best_size * SIDE_BY_SIDE_GAIN:
                best, best_size = blocks, size
        return best


def _layouts(slot: Slot, base: list[m.Block], extras: list[Item]) -> list[list[m.Block]]:
    """Ways to lay out a slot's blocks, most natural first: stacked; the last few side by
    side; all of them in Rows of two or three; the extras alone in Rows."""
    extra_blocks = [_titled(item, slot.title) for item in extras]
    stacked = base + [block for blocks in extra_blocks for block in blocks]
    layouts = [stacked]
    if not any(isinstance(block, m.Row) for block in stacked):
        for count in range(2, min(ROW_MAX, len(stacked)) + 1):
            layouts.append(stacked[:-count] + [m.Row(stacked[-count:])])
        layouts += [_in_rows(stacked, width) for width in (2, ROW_MAX) if len(stacked) > width]
    if len(extras) >= 2 and all(len(blocks) == 1 for blocks in extra_blocks):
        singles = [blocks[0] for blocks in extra_blocks]
        layouts += [base + _in_rows(singles, width) for width in (ROW_MAX, 2)]
    return layouts


def _in_rows(blocks: list[m.Block], width: int) -> list[m.Block]:
    """The blocks in Rows of ``width``; a lone last block stays on its own."""
    chunks = [blocks[i:i + width] for i in range(0, len(blocks), width)]
    return [m.Row(chunk) if len(chunk) > 1 else chunk[0] for chunk in chunks]


def _titled(item: Item, slot_title: str) -> list[m.Block]:
    """An extra's blocks, the first titled by what the plan called them."""
    blocks = copy.deepcopy(item.blocks)
    if not blocks[0].title and item.heading:
        blocks[0].title = item.heading
    return [_untitled_if_same(block, slot_title) for block in blocks]


def _untitled_if_same(block: m.Block, slot_title: str) -> m.Block:
    if block.title and word_set(block.title) == word_set(slot_title):
        block.title = ""
    return block


def describe_item(item: Item) -> str:
    """One line naming an item that found no room: "table 'Concept | Definition …' from line 120"."""
    block = item.blocks[0]
    kind = {m.Text: "text", m.ListBlock: "list", m.Table: "table", m.Quote: "quote", m.Spec: "spec",
            m.Code: "code", m.Flow: "flow", m.Sequence: "sequence", m.MindMap: "mind map",
            m.Row: "row"}.get(type(block), "chart")
    if block.title:
        summary = block.title
    elif isinstance(block, m.Flow):
        summary = " → ".join(node.label for node in block.nodes[:3])
    elif isinstance(block, m.Table):
        summary = " | ".join(block.header)
    elif isinstance(block, m.MindMap):
        summary = block.root.text
    else:
        summary = next((text for text in block_strings(block) if text.strip()), "")
    summary = " ".join(summary.split())
    if len(summary) > 40:
        summary = summary[:40].rsplit(" ", 1)[0] + " …"
    return f"{kind} '{summary}' from line {item.line}"
