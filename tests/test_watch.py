"""pilgi watch: renders again on a saved change and the preview page follows, over HTTP."""
from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from pilgi.pipeline import Options
from pilgi.watch import Preview

from .conftest import write

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHEET = """
title: 미리보기 시험
layout: single
sections:
  - title: First box
    blocks:
      - text: "{text}"
"""


def get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers["Content-Type"], response.read()


def version(base: str) -> dict:
    return json.loads(get(base + "version")[2])


def wait_for(base: str, past: int, seconds: float = 15.0) -> dict:
    """The preview's state once its version has moved past ``past`` (bounded wait)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = version(base)
        if state["version"] > past:
            return state
        time.sleep(0.05)
    raise AssertionError(f"no new version within {seconds} s")


@pytest.fixture
def preview(tmp_path):
    sheet = write(tmp_path, "sheet.yaml", SHEET.format(text="처음 쓴 내용"))
    pv = Preview(sheet, Options(), width=800)
    server = pv.serve(0)
    stop = threading.Event()
    watcher = threading.Thread(target=pv.watch, args=(stop,), daemon=True)
    watcher.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    wait_for(base, 0, 60.0)
    yield sheet, base
    stop.set()
    watcher.join(10)
    server.shutdown()
    server.server_close()


def test_the_server_listens_on_loopback_only(preview):
    _sheet, base = preview
    assert base.startswith("http://127.0.0.1:")


def test_a_saved_change_renders_again_and_the_page_follows(preview):
    sheet, base = preview
    status, kind, page = get(base)
    assert status == 200 and kind.startswith("text/html")
    first = version(base)["version"]
    assert f'data-version="{first}"' in page.decode() and "/page.png" in page.decode()
    status, kind, png = get(base + "page.png")
    assert kind == "image/png" and png.startswith(b"\x89PNG")

    sheet.write_text(SHEET.format(text="고쳐 쓴 내용, 더 길게").lstrip("\n"), encoding="utf-8")
    saved = time.monotonic()
    state = wait_for(base, first)
    assert state["error"] == ""
    assert time.monotonic() - saved < 5.0
    assert get(base + "page.png")[2] != png


def test_an_error_shows_in_place_of_the_page_until_fixed(preview):
    sheet, base = preview
    first = version(base)["version"]
    sheet.write_text("title: [unclosed\n", encoding="utf-8")
    state = wait_for(base, first)
    assert "sheet.yaml" in state["error"]
    page = get(base)[2].decode()
    assert 'class="error"' in page and "<img" not in page
    sheet.write_text(SHEET.format(text="다시 고침").lstrip("\n"), encoding="utf-8")
    state = wait_for(base, state["version"])
    assert state["error"] == "" and "<img" in get(base)[2].decode()


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_a_browser_shows_the_preview(preview, tmp_path):
    _sheet, base = preview
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                          "--virtual-time-budget=2000", base], capture_output=True, text=True, timeout=120).stdout
    assert "<title>미리보기 시험</title>" in dom and 'src="/page.png?v=' in dom


def test_the_files_watched_are_the_sheet_its_layout_its_pictures_and_the_prompt(tmp_path):
    from PIL import Image
    Image.new("RGBA", (8, 8), (200, 0, 0, 255)).save(tmp_path / "pic.png")
    (tmp_path / "grid.yaml").write_text((Path(__file__).parents[1] / "src/pilgi/layouts/single.yaml")
                                        .read_text(encoding="utf-8"), encoding="utf-8")
    sheet = write(tmp_path, "sheet.yaml", """
        title: Watched
        layout: grid.yaml
        sections:
          - title: Box
            icon: pic.png
            blocks:
              - text: 내용
        """)
    prompt = write(tmp_path, "page-prompt.md", "# A prompt\n")
    preview = Preview(sheet, Options())
    preview.render()
    assert preview.depends == {sheet.resolve(), (tmp_path / "grid.yaml").resolve(), (tmp_path / "pic.png").resolve()}
    as_answer = Preview(sheet, Options(layout=str(prompt)))
    as_answer.render()
    assert prompt.resolve() in as_answer.depends


def test_a_rendering_reads_the_sheet_once(tmp_path, monkeypatch):
    import pilgi.pipeline
    sheet = write(tmp_path, "sheet.yaml", SHEET.format(text="한 번만 읽는다"))
    reads = []
    real_load = pilgi.pipeline.load_sheet

    def counted_load(*args):
        reads.append(args)
        return real_load(*args)
    monkeypatch.setattr(pilgi.pipeline, "load_sheet", counted_load)
    preview = Preview(sheet, Options(), width=400)
    preview.render()
    assert preview.state.image.startswith(b"\x89PNG") and len(reads) == 1
