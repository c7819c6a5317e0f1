"""Where the project's data folders are: layouts/ and assets/ beside src/."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LAYOUT_DIR = Path(os.environ.get("PILGI_LAYOUTS", PROJECT_ROOT / "layouts"))
ICON_DIR = Path(os.environ.get("PILGI_ICONS", PROJECT_ROOT / "assets" / "icons"))
FONT_DIR = PROJECT_ROOT / "fonts"
