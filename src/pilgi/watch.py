"""pilgi watch: render a sheet again whenever it or a file it reads changes, and
serve a preview page on 127.0.0.1 that reloads itself.

The page asks ``/version`` a few times a second and reloads when the number moves;
a sheet that fails to render shows its error where the page was, and the last good
page stays available until the sheet renders again. Changes are seen by watchfiles
(the system's file notifications) on the folders of the sheet, its layout file, its
pictures and the prompt named by ``--layout``.
"""
from __future__ import annotations

import html
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import backends
from .errors import InputError
from .layout import layout_path
from .model import Sheet
from .pictures import is_picture_ref, resolve
from .pipeline import Options, check_file, display_at, page_meta, prepare

HOST = "127.0.0.1"  # the preview is for this machine only
POLL_MS = 300

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ margin: 0; background: #d9d6cf; font: 15px/1.4 sans-serif; }}
header {{ padding: 6px 12px; color: #333; }}
img {{ display: block; margin: 0 auto 12px; max-width: calc(100% - 24px); box-shadow: 0 1px 6px #0004; }}
.error {{ margin: 12px; padding: 12px 16px; background: #fff0ee; border: 2px solid #c0392b; color: #7b1d12;
          white-space: pre-wrap; font: 15px/1.5 monospace; }}
.problem {{ margin: 0 12px 8px; color: #7b4a12; }}
</style></head>
<body data-version="{version}">
<header>{source} — version {version}</header>
{body}
<script>
const shown = document.body.dataset.version;
setInterval(async () => {{
  try {{
    const now = await (await fetch("/version", {{cache: "no-store"}})).json();
    if (String(now.version) !== shown) location.reload();
  }} catch (e) {{ /* the watcher stopped or restarts: keep the page */ }}
}}, {poll});
</script>
</body></html>
"""


@dataclass
class State:
    """What the preview shows: the last rendering, or the error that stopped it."""
    version: int = 0
    image: bytes = b""
    error: str = ""
    problems: list[str] = field(default_factory=list)
    title: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)


class Preview:
    def __init__(self, sheet: Path, options: Options, width: int = 1600, on_render=None):
        self.sheet = sheet
        self.on_render = on_render  # called with (version, error) after each rendering
        self.options = options
        self.width = width
        self.state = State()
        self.depends: set[Path] = {sheet.resolve()}

    # -- rendering ----------------------------------------------------------------
    def render(self) -> None:
        """Render once; the outcome, good or bad, becomes the next version."""
        image, error, problems, title = b"", "", [], ""
        sheet = None  # as read once here, for the files it names too
        try:
            sheet = prepare(self.sheet, self.options)
            result = check_file(self.sheet, self.options, sheet)
            dl = display_at(result.page, self.width)
            meta = page_meta(result.page, dl)
            image = backends.draw(dl, ("png",), meta)["png"]
            problems, title = result.problems, result.page.sheet.title
        except InputError as exc:
            error = str(exc)
        except Exception as exc:  # a bug: shown on the page, the watcher keeps going
            error = f"internal error: {type(exc).__name__}: {exc}"
        self.depends = self.find_depends(sheet)
        with self.state.lock:
            self.state.version += 1
            self.state.error = error
            self.state.problems = problems
            if image:
                self.state.image, self.state.title = image, title
            version = self.state.version
        if self.on_render is not None:
            self.on_render(version, error)

    def find_depends(self, sheet: Sheet | None) -> set[Path]:
        """The files the sheet reads: itself, its layout file, its pictures, the prompt.
        ``sheet`` is None when it did not read: it is watched alone until it does."""
        found = {self.sheet.resolve()}
        layout = self.options.layout
        if layout and Path(layout).is_file():
            found.add(Path(layout).resolve())
        if sheet is None:
            return found
        if sheet.layout_spec is None and sheet.layout:
            path = layout_path(sheet.layout, self.sheet.parent)
            if path is not None:
                found.add(path.resolve())
        for section in sheet.sections:
            if is_picture_ref(section.icon):
                found.add(resolve(section.icon, sheet.path).resolve())
        return found

    # -- watching -----------------------------------------------------------------
    def watch(self, stop: threading.Event) -> None:
        """Render now, then again after every change, until ``stop`` is set."""
        from watchfiles import watch

        self.render()
        while not stop.is_set():
            depends = set(self.depends)
            folders = sorted({p.parent for p in depends if p.parent.is_dir()})
            for changes in watch(*folders, watch_filter=lambda _change, path: Path(path).resolve() in depends,
                                 stop_event=stop, recursive=False, debounce=60, step=20,
                                 rust_timeout=500, yield_on_timeout=True):
                if changes:
                    self.render()
                    if self.depends != depends:
                        break  # the sheet now reads other files: watch those

    # -- serving ------------------------------------------------------------------
    def page_html(self) -> str:
        with self.state.lock:
            s = self.state
            if s.error:
                body = f'<div class="error">{html.escape(s.error)}</div>'
            else:
                body = "".join(f'<div class="problem">problem: {html.escape(p)}</div>' for p in s.problems)
                body += f'<img src="/page.png?v={s.version}" alt="{html.escape(s.title)}">'
            return PAGE.format(title=html.escape(s.title or self.sheet.name), version=s.version, body=body,
                               source=html.escape(str(self.sheet)), poll=POLL_MS)

    def serve(self, port: int = 8000) -> ThreadingHTTPServer:
        preview = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the standard library's name)
                path = self.path.split("?", 1)[0]
                if path == "/":
                    self.reply(200, "text/html; charset=utf-8", preview.page_html().encode("utf-8"))
                elif path == "/version":
                    with preview.state.lock:
                        data = {"version": preview.state.version, "error": preview.state.error}
                    self.reply(200, "application/json", json.dumps(data).encode("utf-8"))
                elif path == "/page.png":
                    with preview.state.lock:
                        image = preview.state.image
                    if image:
                        self.reply(200, "image/png", image)
                    else:
                        self.reply(404, "text/plain", b"no page rendered yet")
                else:
                    self.reply(404, "text/plain", b"not found")

            def reply(self, code: int, kind: str, data: bytes) -> None:
                self.send_response(code)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):  # keep the terminal for render messages
                pass

        server = ThreadingHTTPServer((HOST, port), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server
