"""pilgi: A4 cheat sheets that look like neat hand-written pen notes."""

__version__ = "0.1.0"
