"""What a page is made from: the files whose change makes it out of date.

``build`` skips a sheet only when its page files are newer than every one of these:
the sheet, the layout file it names, the pictures it uses, a writer's saved answer,
and pilgi itself. They are found without laying the sheet out (a prompt file's
reading costs as much as its render), so this reads only what names them: a YAML
sheet's ``layout`` and section icons, a Markdown front matter's ``layout``.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import InputError
from .layout import layout_path
from .load import sniff
from .paths import PACKAGE_DIR
from .pictures import is_picture_ref
from .readers.answer import split_front_matter
from .yamlio import load_yaml, read_text


def sheet_inputs(source: Path) -> list[Path]:
    """The sheet and the files it names; a file that cannot be read is still listed
    (its render will say what is wrong with it)."""
    found = [source]
    try:
        text = read_text(source)
        kind = sniff(text, source.suffix)
        data = load_yaml(text, str(source)) if kind == "yaml" else split_front_matter(text)[0]
    except InputError:
        return found
    if not isinstance(data, dict):
        return found
    layout = data.get("layout")
    if isinstance(layout, str) and layout.strip():
        found.append(_layout_path(layout.strip(), source.parent))
    sections = data.get("sections") if kind == "yaml" else None
    for section in sections if isinstance(sections, list) else []:
        icon = section.get("icon") if isinstance(section, dict) else None
        if isinstance(icon, str) and is_picture_ref(icon):
            found.append(source.parent / icon)
    return [p for p in found if p is not None]


def _layout_path(name: str, base: Path) -> Path | None:
    """The file a ``layout:`` names: a prompt file whose page an answer is drawn in,
    beside the sheet, else a layout file (as the sheet's reader finds it)."""
    if name.lower().endswith((".md", ".markdown")):
        return base / name
    return layout_path(name, base)


@lru_cache(maxsize=1)
def pilgi_time() -> float:
    """When the running pilgi was installed or last changed: its newest file. A page
    older than that may have been drawn differently."""
    return max(p.stat().st_mtime for p in PACKAGE_DIR.rglob("*") if p.suffix in (".py", ".yaml"))


def up_to_date(inputs: list[Path], outputs: list[Path]) -> bool:
    """Every output exists and is at least as new as every input and pilgi; a missing
    input (a picture not there yet) makes the page out of date."""
    try:
        oldest_output = min(p.stat().st_mtime for p in outputs)
        newest_input = max([pilgi_time()] + [p.stat().st_mtime for p in inputs])
    except (OSError, ValueError):
        return False
    return oldest_output >= newest_input
