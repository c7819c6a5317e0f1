"""Step 1 of a flowchart's layout, ranking: back edges are found by a depth-first
search from the nodes in written order (as Mermaid does) and reversed; nodes get
longest-path layers (a source sits just before its first successor, so side inputs do
not make long edges); barycenter sweeps order each layer to reduce crossings.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Flow, FlowEdge, FlowNode


@dataclass
class Ranking:
    """The flow's nodes in layers, with the edges that close cycles reversed."""
    nodes: dict[str, FlowNode]
    edges: list[FlowEdge]  # the edges whose ends exist
    back: set[int]  # indices of edges closing a cycle
    layer: dict[str, int]
    layers: list[list[str]]  # node ids per layer, in drawing order

    def is_lane(self, k: int) -> bool:
        """Routed outside the rows: back edges and edges skipping layers."""
        e = self.edges[k]
        return e.src != e.dst and (k in self.back or self.layer[e.dst] - self.layer[e.src] != 1)

    def adjacent(self) -> list[int]:
        return [k for k, e in enumerate(self.edges) if e.src != e.dst and not self.is_lane(k)]

    def self_loops(self) -> list[int]:
        return [k for k, e in enumerate(self.edges) if e.src == e.dst]


def rank(flow: Flow) -> Ranking:
    nodes = {n.id: n for n in flow.nodes}
    ids = list(nodes)
    edges = [e for e in flow.edges if e.src in nodes and e.dst in nodes]
    back = back_edges(ids, edges)
    arcs = [(e.dst, e.src) if k in back else (e.src, e.dst)
            for k, e in enumerate(edges) if e.src != e.dst]
    layer = longest_path_layers(ids, arcs)
    adjacent = [(u, v) for u, v in arcs if layer[v] - layer[u] == 1]
    layers = order_layers(ids, layer, adjacent)
    return Ranking(nodes, edges, back, layer, layers)


def back_edges(ids: list[str], edges: list[FlowEdge]) -> set[int]:
    """Edges that close a cycle, found by depth-first search from the nodes in the order they
    were written, as Mermaid does: the first node heads its cycle, so a loop written
    "Query → … → Answer -.-> Query" is broken at the edge back to Query, even when another
    source (a side input) joins the loop further down."""
    out: dict[str, list[tuple[int, str]]] = {v: [] for v in ids}
    for k, e in enumerate(edges):
        if e.src != e.dst:
            out[e.src].append((k, e.dst))
    state = dict.fromkeys(ids, 0)  # 0 unseen, 1 on the current path, 2 finished
    back: set[int] = set()
    for start in ids:
        if state[start]:
            continue
        state[start] = 1
        stack = [(start, iter(out[start]))]
        while stack:
            v, successors = stack[-1]
            step = next(successors, None)
            if step is None:
                state[v] = 2
                stack.pop()
                continue
            k, w = step
            if state[w] == 1:
                back.add(k)
            elif state[w] == 0:
                state[w] = 1
                stack.append((w, iter(out[w])))
    return back


def longest_path_layers(ids: list[str], arcs: list[tuple[str, str]]) -> dict[str, int]:
    preds: dict[str, list[str]] = {v: [] for v in ids}
    succs: dict[str, list[str]] = {v: [] for v in ids}
    for u, v in arcs:
        preds[v].append(u)
        succs[u].append(v)
    indeg = {v: len(preds[v]) for v in ids}
    ready = [v for v in ids if indeg[v] == 0]
    topo: list[str] = []
    while ready:
        v = ready.pop(0)
        topo.append(v)
        for w in succs[v]:
            indeg[w] -= 1
            if indeg[w] == 0:
                ready.append(w)
    layer = dict.fromkeys(ids, 0)
    for v in topo:
        for u in preds[v]:
            layer[v] = max(layer[v], layer[u] + 1)
    # A side input joins late: put it just before its first successor, not at layer 0.
    for v in reversed(topo):
        if not preds[v] and succs[v]:
            layer[v] = min(layer[w] for w in succs[v]) - 1
    return layer


def order_layers(ids: list[str], layer: dict[str, int], adjacent: list[tuple[str, str]]) -> list[list[str]]:
    count = max(layer.values(), default=-1) + 1
    layers = [[v for v in ids if layer[v] == i] for i in range(count)]
    preds: dict[str, list[str]] = {v: [] for v in ids}
    succs: dict[str, list[str]] = {v: [] for v in ids}
    for u, v in adjacent:
        preds[v].append(u)
        succs[u].append(v)
    best, best_crossings = [list(x) for x in layers], crossings(layers, adjacent)
    for sweep in range(6):
        down = sweep % 2 == 0
        for i in (range(1, count) if down else range(count - 2, -1, -1)):
            ref = {v: p for p, v in enumerate(layers[i - 1 if down else i + 1])}
            own = {v: p for p, v in enumerate(layers[i])}
            links = preds if down else succs

            def barycenter(v: str) -> float:
                near = [ref[u] for u in links[v]]
                return sum(near) / len(near) if near else own[v]
            layers[i] = sorted(layers[i], key=barycenter)
        found = crossings(layers, adjacent)
        if found < best_crossings:
            best, best_crossings = [list(x) for x in layers], found
    return best


def crossings(layers: list[list[str]], adjacent: list[tuple[str, str]]) -> int:
    pos = {v: p for row in layers for p, v in enumerate(row)}
    by_layer: dict[int, list[tuple[int, int]]] = {}
    index = {v: i for i, row in enumerate(layers) for v in row}
    for u, v in adjacent:
        by_layer.setdefault(index[u], []).append((pos[u], pos[v]))
    total = 0
    for pairs in by_layer.values():
        for i, (a1, b1) in enumerate(pairs):
            total += sum(1 for a2, b2 in pairs[i + 1:] if (a1 - a2) * (b1 - b2) < 0)
    return total
