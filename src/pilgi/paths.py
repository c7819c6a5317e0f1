"""Where pilgi's own data is: layouts and icons ship inside the package, so every
install (a checkout, a wheel, pipx) finds them the same way."""
from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

# The package is always installed as plain files (never zipped), so its data is a folder.
PACKAGE_DIR = Path(str(files("pilgi")))
BUILTIN_LAYOUT_DIR = PACKAGE_DIR / "layouts"
ICON_DIR = Path(os.environ.get("PILGI_ICONS", PACKAGE_DIR / "assets" / "icons"))
# A source checkout may keep fonts in its own fonts/ folder; an installed copy has none.
_CHECKOUT = PACKAGE_DIR.parents[1]
FONT_DIR = _CHECKOUT / "fonts" if (_CHECKOUT / "pyproject.toml").is_file() else None


def layout_dirs() -> list[Path]:
    """The user's layout folders ($PILGI_LAYOUTS, a folder or a list), then pilgi's own."""
    env = os.environ.get("PILGI_LAYOUTS", "")
    return [Path(p) for p in env.split(os.pathsep) if p] + [BUILTIN_LAYOUT_DIR]
