"""Legibility: tesseract (Korean + English) reads back the examples' words.

Every written line is cut from the rendered page (without the graph paper, which an
eye reads past and tesseract does not) and set on a sheet in a row of its own, so
the reading measures the hand and its size, not how an OCR engine segments a page
of tables and diagrams. Skipped where tesseract or its Korean data is missing
(scripts/install-ocr.sh installs them).
"""
import re
from dataclasses import replace
import shutil
import subprocess
from collections import Counter

import pytest
from PIL import Image

from pilgi.backends import raster
from pilgi.load import load_sheet
from pilgi.page import fit_page

from .conftest import EXAMPLE_YAML, ROOT

EXAMPLE_MD = ROOT / "examples" / "neural-network-io.md"


def _languages() -> set[str]:
    if shutil.which("tesseract") is None:
        return set()
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return set((out.stdout + out.stderr).split())


pytestmark = pytest.mark.skipif(not {"kor", "eng"} <= _languages(),
                                reason="tesseract with Korean and English data is not installed")


def words(text: str) -> list[str]:
    return [w for w in (re.sub(r"[^\w]", "", t).lower() for t in text.split()) if w]


def read_back(path, tmp_path) -> tuple[int, int]:
    page = fit_page(load_sheet(path))
    image = raster.render(replace(page.display, grid=None))
    lines = [ln for ln in page.display.text_lines() if words(ln.text)]
    crops = [image.crop((round(ln.x - 6), round(ln.y), round(ln.x + ln.w + 6), round(ln.y + ln.h)))
             for ln in lines]
    gap = 30
    sheet = Image.new("RGB", (max(c.width for c in crops) + 2 * gap, sum(c.height + gap for c in crops) + gap),
                      (255, 255, 255))
    y = gap
    for crop in crops:
        sheet.paste(crop, (gap, y))
        y += crop.height + gap
    file = tmp_path / f"{path.stem}-lines.png"
    sheet.save(file)
    text = subprocess.run(["tesseract", str(file), "-", "-l", "kor+eng", "--psm", "6"],
                          capture_output=True, text=True, check=True).stdout
    want = Counter(w for ln in lines for w in words(ln.text))
    got = Counter(words(text))
    return sum(min(n, got[w]) for w, n in want.items()), sum(want.values())


def test_tesseract_reads_back_nine_in_ten_of_the_examples_words(tmp_path):
    hits = total = 0
    for path in (EXAMPLE_YAML, EXAMPLE_MD):
        hit, count = read_back(path, tmp_path)
        assert count > 200
        hits, total = hits + hit, total + count
    assert hits / total >= 0.9, f"{hits}/{total} words read back"
