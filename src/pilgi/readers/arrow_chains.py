"""Arrow chains written as text ("A → B → C") and the flows they stand for."""
from __future__ import annotations

import re

from .. import model as m
from ..lexicon import CHAIN_ARROW

ARROW = re.compile(rf"\s*{CHAIN_ARROW}\s*")
_ELLIPSIS = {"...", "…", "⋯"}
_KIND_PREFIX = re.compile(r"(?:mermaid\s+)?(?:flow\s*-?\s*chart|flow|diagram|chart|흐름도|순서도|다이어그램)\s*[:：]\s*",
                          re.IGNORECASE)


def chain_parts(text: str) -> list[str] | None:
    """The steps of 'A → B → C' (at least three, each short); None for other text."""
    text = _KIND_PREFIX.sub("", text.strip(), count=1) if _KIND_PREFIX.match(text.strip()) else text.strip()
    if "\n" in text:
        return None
    parts = [part.strip() for part in ARROW.split(text)]
    if len(parts) < 3 or any(not part or len(part) > 40 for part in parts):
        return None
    return parts


def join_chain_lines(lines: list[str]) -> list[str]:
    """A chain goes on over the next line when it ends with an arrow or the next line starts with one."""
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        ends_open = re.search(r"(?:-{1,2}>|→|⟶|=>)\s*$", previous)
        if previous and (ends_open or (ARROW.match(line) and chain_parts(previous))):
            joined[-1] = f"{previous} {line}"
        else:
            joined.append(line)
    return joined


def flow_from_chains(chains: list[str]) -> m.Flow:
    """One flow from chains of steps; a '…' step is a dotted edge over it."""
    nodes: dict[str, m.FlowNode] = {}
    edges: list[m.FlowEdge] = []
    for chain in chains:
        previous, skipped = None, False
        for part in chain_parts(chain) or []:
            if part in _ELLIPSIS:
                skipped = True
                continue
            nodes.setdefault(part, m.FlowNode(part, part))
            if previous is not None:
                edges.append(m.FlowEdge(previous, part, style="dotted" if skipped else "solid"))
            previous, skipped = part, False
    return m.Flow(list(nodes.values()), edges)
