"""The title band: a highlighted banner with the sheet's title, and a line of source notes."""
from __future__ import annotations

from . import model as m
from .context import Ctx
from .display import Op
from .errors import FitError, Overflow
from .icons import icon_text
from .layout import Rect


def source_line(sheet: m.Sheet) -> str:
    src = sheet.source
    parts = [sheet.subtitle, src.author, src.title]
    if src.chapter:
        parts.append(f"Ch. {src.chapter}")
    return "  ·  ".join(p for p in parts if p)


def draw_title(sheet: m.Sheet, ctx: Ctx, rect: Rect) -> list[Op]:
    t = ctx.theme
    icon = icon_text(sheet.title_icon)
    title = f"{icon} {sheet.title} {icon}" if icon else sheet.title
    meta = source_line(sheet)
    max_w = rect.w * 0.9
    largest = round(t.pt_px(t.title_pt, ctx.dpi))
    for size in [*range(largest, ctx.min_size, -2), ctx.min_size]:
        head = ctx.ts.wrap(title, max_w, size, "title")
        if head is None or len(head.lines) > 1:
            continue  # the notes line need not be measured at a size the title cannot take
        small = max(ctx.min_size, round(size * 0.45))
        sub = ctx.ts.wrap(meta, max_w, small, ctx.ts.note_role(small, ctx.dpi)) if meta else None
        if meta and (sub is None or len(sub.lines) > 1):
            continue
        total = head.height * 1.15 + (sub.height + size * 0.12 if sub else 0)
        if total <= rect.h:
            break
    else:
        raise FitError([Overflow("the title", f"does not fit the title band at the smallest size {ctx.min_size} px",
                                 kind="")], f"{sheet.path or 'sheet'}: title")
    top = rect.y + (rect.h - total) / 2
    banner = Rect(rect.x + (rect.w - head.width) / 2 - size * 0.5, top, head.width + size, head.height * 1.15)
    ops: list[Op] = []
    ops += ctx.sketch.rect(banner, t.ink, ctx.pen * 1.2, t.pastel(t.banner_fill))
    ops += ctx.write(head, banner.x, top + head.height * 0.075, t.ink, "center", banner.w)
    if sub:
        ops += ctx.write(sub, rect.x, banner.bottom + size * 0.12, t.blue, "center", rect.w)
    return ops
