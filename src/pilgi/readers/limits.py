"""Stated limits on input size, enforced by every reader with a clear message."""

MAX_TEXT = 5000  # characters in one text field
MAX_SECTIONS = 16
MAX_BLOCKS = 30  # per section
MAX_ITEMS = 60  # list items
MAX_ROWS = 60  # table rows and spec items
MAX_COLUMNS = 12
MAX_ROW = 6  # blocks side by side
MAX_DEPTH = 6  # nesting of rows and frames
MAX_NODES = 200  # flow and mind-map nodes
MAX_EDGES = 400
MAX_PARTICIPANTS = 20
MAX_STEPS = 300  # sequence items
MAX_MIND_DEPTH = 8
MIN_DPI = 72
MAX_DPI = 600
NODE_SHAPES = ("box", "round", "stadium", "subroutine", "cylinder", "circle", "diamond", "flag")
