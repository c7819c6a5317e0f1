"""Arrow chains written as text ("A → B → C") and the flows they stand for.

The one place that tells a chain of steps from other text, for every reader: a box's
line, a plan's list item or fence, a band's first line (a chain there is content, not
its heading).

A link is an arrow as a hand writes it: a head with or without a shaft ("→", "⟶",
"➜", "➔", "➡", "⇒", "▶", "↓", "──▶", "─>", "->", "-->", "=>"), or a bare rule of
box-drawing dashes between spaced steps ("2020 ─ 2021 ─ 2023", a timeline; drawn as a
line without a head). A chain is two or more links between three or more short steps
and nothing else; it is a flow when at least one link has a head (a line of bare rules
is a timeline written as text, and stays text). Arrows inside prose are not a chain:
one arrow ("x → y 로 바뀐다"), a step as long as a sentence, or arrows inside a
bracketed or quoted remark ("정규화 (x → x/‖x‖ → 단위 벡터) 후 비교") leave the line
as text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import model as m

_HEADS = "→⟶➜➔➡⇒⟹▶►↓"
_SHAFT = "─━\\-="
# A head after an optional shaft, or a shaft ending in ">" ("->", "==>", "──>"); a lone
# ">" is a comparison ("x > 0"), not a link.
ARROW = re.compile(rf"\s*(?:[{_SHAFT}]*[{_HEADS}]|[{_SHAFT}]+>)\s*")
_BARE_RULE = re.compile(r"\s+[─━]+\s+")
_LINK = re.compile(rf"{ARROW.pattern}|{_BARE_RULE.pattern}")
# An arrow ending a line carries the chain over to the next; a long drawn shaft ("2024 ───▶")
# is an axis pointing on, with labels under it.
_ENDS_WITH_ARROW = re.compile(rf"(?<![{_SHAFT}])(?:[{_SHAFT}]{{0,2}}[{_HEADS}]|[{_SHAFT}]{{1,2}}>)\s*$")
MAX_STEP = 40  # characters: a longer step is a sentence, and its arrows are prose
_ELLIPSIS = {"...", "…", "⋯"}
_KIND_PREFIX = re.compile(r"(?:mermaid\s+)?(?:flow\s*-?\s*chart|flow|diagram|chart|흐름도|순서도|다이어그램)\s*[:：]\s*",
                          re.IGNORECASE)
_PAIRS = ("()", "[]", "（）", "【】", "{}")
_QUOTES = "\"“”"


@dataclass(frozen=True)
class Chain:
    """Steps joined by links; ``headed[k]`` is whether the link after step k has a head."""
    steps: list[str]
    headed: list[bool]


def read_chain(text: str) -> Chain | None:
    """The chain a line of text is ("A → B → C"), or None for any other text."""
    text = text.strip()
    text = _KIND_PREFIX.sub("", text, count=1) if _KIND_PREFIX.match(text) else text
    if "\n" in text:
        return None
    links = list(_LINK.finditer(text))
    if len(links) < 2:
        return None
    steps, at = [], 0
    for link in links:
        steps.append(text[at:link.start()].strip())
        at = link.end()
    steps.append(text[at:].strip())
    if any(not step or len(step) > MAX_STEP or not _closed(step) for step in steps):
        return None
    return Chain(steps, [not _BARE_RULE.fullmatch(link.group(0)) for link in links])


def is_chain(text: str) -> bool:
    """A line of steps and links: content, never a heading."""
    return read_chain(text) is not None


def chain_parts(text: str) -> list[str] | None:
    """The steps of a chain drawn as a flow ('A → B → C': some link has a head); None for other text."""
    chain = read_chain(text)
    return chain.steps if chain and any(chain.headed) else None


def with_rules_as_dashes(text: str) -> str:
    """A chain's bare rules written as dashes ("2020 ─ 2021" as "2020 – 2021"), so that a
    line kept as text keeps its links when drawing characters are cleaned out of it."""
    return _BARE_RULE.sub(" – ", text) if is_chain(text) else text


def _closed(step: str) -> bool:
    """No bracket or quote left open: a link inside a remark is part of the remark."""
    return (all(step.count(open_) == step.count(close) for open_, close in _PAIRS)
            and sum(step.count(quote) for quote in _QUOTES) % 2 == 0)


def join_chain_lines(lines: list[str]) -> list[str]:
    """A chain goes on over the next line when it ends with an arrow or the next line starts with one."""
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        ends_open = _ENDS_WITH_ARROW.search(previous)
        if previous and (ends_open or (ARROW.match(line) and chain_parts(previous))):
            joined[-1] = f"{previous} {line}"
        else:
            joined.append(line)
    return joined


def flow_from_chains(chains: list[str], clean=str.strip) -> m.Flow:
    """One flow from chains of steps (each step's text through ``clean``); a '…' step is a
    dotted edge over it, a bare rule a line without a head."""
    nodes: dict[str, m.FlowNode] = {}
    edges: list[m.FlowEdge] = []
    for text in chains:
        chain = read_chain(text)
        if chain is None:
            continue
        previous, skipped, headed = None, False, True
        for step, link_headed in zip(chain.steps, chain.headed + [True]):
            part = clean(step)
            if part in _ELLIPSIS:
                skipped = True
                headed = headed and link_headed
                continue
            nodes.setdefault(part, m.FlowNode(part, part))
            if previous is not None:
                edges.append(m.FlowEdge(previous, part, style="dotted" if skipped else "solid", arrow=headed))
            previous, skipped, headed = part, False, link_headed
    return m.Flow(list(nodes.values()), edges)
