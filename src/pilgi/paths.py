"""Where pilgi's own data is: layouts and icons ship inside the package, so every
install (a checkout, a wheel, pipx) finds them the same way."""
from __future__ import annotations

import os
from pathlib import Path

# The package is installed as plain files (pip, pipx and editable installs all do), so
# its data is the folder beside this module; importlib.resources would find the same
# folder, at the cost of importing zipfile at every start.
PACKAGE_DIR = Path(__file__).resolve().parent
BUILTIN_LAYOUT_DIR = PACKAGE_DIR / "layouts"
ICON_DIR = Path(os.environ.get("PILGI_ICONS", PACKAGE_DIR / "assets" / "icons"))
# A source checkout may keep fonts in its own fonts/ folder; an installed copy has none.
_CHECKOUT = PACKAGE_DIR.parents[1]
FONT_DIR = _CHECKOUT / "fonts" if (_CHECKOUT / "pyproject.toml").is_file() else None


def layout_dirs() -> list[Path]:
    """The user's layout folders ($PILGI_LAYOUTS, a folder or a list), then pilgi's own."""
    env = os.environ.get("PILGI_LAYOUTS", "")
    return [Path(p) for p in env.split(os.pathsep) if p] + [BUILTIN_LAYOUT_DIR]
