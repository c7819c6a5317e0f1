"""Stated limits on input size, enforced by every reader with a clear message."""
from __future__ import annotations

from .. import model as m

MAX_TEXT = 5000  # characters in one text field
MAX_SECTIONS = 16
MAX_BLOCKS = 30  # per section
MAX_ITEMS = 60  # list items
MAX_ROWS = 60  # table rows and spec items
MAX_COLUMNS = 12
MAX_ROW = 6  # blocks side by side
MAX_DEPTH = 6  # nesting of rows and frames
MAX_NODES = 200  # flowchart nodes
MAX_EDGES = 400
MAX_PARTICIPANTS = 20
MAX_STEPS = 300  # sequence items
MAX_MIND_DEPTH = 8
MAX_MIND_NODES = 300  # a mind map's leaves are short words, so more fit than flow boxes
MAX_BANDS = 12  # of a layout
MAX_CELLS = 8  # of a band
MIN_DPI = 72
MAX_DPI = 600
NODE_SHAPES = ("box", "round", "stadium", "subroutine", "cylinder", "circle", "diamond", "flag")


def over_limit(blocks: list) -> str:
    """The first stated limit that a section's blocks break, as a message; "" if none.

    Readers check the limits as they read, with the place in the file. This is the
    fitter's own check, for blocks a reader made up itself (a prompt file's arrow
    chains become flows): no block beyond the limits is ever laid out, so no input
    can make the layout's costs (crossings, wrapping, columns) grow without bound.
    """
    count = 0
    stack = [(block, 0) for block in blocks]
    while stack:
        block, depth = stack.pop()
        count += 1
        if count > MAX_BLOCKS:
            return f"more than {MAX_BLOCKS} blocks, counting those in rows"
        texts = [block.title]
        if isinstance(block, m.Row):
            if len(block.blocks) > MAX_ROW or depth >= MAX_DEPTH:
                return f"rows are more than {MAX_ROW} blocks wide or {MAX_DEPTH} deep"
            stack += [(inner, depth + 1) for inner in block.blocks]
        elif isinstance(block, m.ListBlock):
            if len(block.items) > MAX_ITEMS:
                return f"{len(block.items)} list items; the limit is {MAX_ITEMS}"
            texts += block.items
        elif isinstance(block, m.Table):
            if len(block.rows) > MAX_ROWS or max(map(len, [block.header, *block.rows])) > MAX_COLUMNS:
                return f"a table over {MAX_ROWS} rows or {MAX_COLUMNS} columns"
            texts += block.header + [cell for row in block.rows for cell in row]
        elif isinstance(block, m.Spec):
            if len(block.items) > MAX_ROWS:
                return f"{len(block.items)} items; the limit is {MAX_ROWS}"
            texts += [text for item in block.items for text in (item.label, item.value, item.note)]
        elif isinstance(block, m.Flow):
            if len(block.nodes) > MAX_NODES or len(block.edges) > MAX_EDGES:
                return (f"a flow of {len(block.nodes)} nodes and {len(block.edges)} edges; "
                        f"the limits are {MAX_NODES} and {MAX_EDGES}")
            texts += [text for node in block.nodes for text in (node.label, node.note)]
            texts += [edge.label for edge in block.edges]
        elif isinstance(block, m.Sequence):
            if len(block.participants) > MAX_PARTICIPANTS:
                return f"{len(block.participants)} participants; the limit is {MAX_PARTICIPANTS}"
            steps, frames = 0, [(block.items, 0)]
            while frames:
                items, level = frames.pop()
                if level > MAX_DEPTH:
                    return f"frames are nested more than {MAX_DEPTH} deep"
                steps += len(items)
                frames += [(branch.items, level + 1) for item in items if isinstance(item, m.Frame)
                           for branch in item.branches]
            if steps > MAX_STEPS:
                return f"{steps} sequence steps; the limit is {MAX_STEPS}"
        else:
            texts += [getattr(block, name, "") for name in ("text", "note", "source", "code")]
        longest = max(map(len, texts))
        if longest > MAX_TEXT:
            return f"a text of {longest} characters; the limit is {MAX_TEXT}"
    return ""
