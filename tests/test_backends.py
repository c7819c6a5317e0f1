"""Every backend draws the same display list: SVG, vector PDF, web images, any dpi."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from PIL import Image, ImageChops, ImageFilter, ImageStat
from pypdf import PdfReader

from pilgi.backends import raster
from pilgi.display import DisplayList, TextLine
from pilgi.load import load_sheet
from pilgi.page import fit_page

from .conftest import EXAMPLE_YAML

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NEEDLES = ["Token Sequence", "신경망에 입력되는 토큰 구간", "KEY TAKEAWAYS", "100,277"]
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    from pilgi.cli import main
    folder = tmp_path_factory.mktemp("backends")
    for fmt in ("png", "svg", "pdf"):
        assert main(["render", str(EXAMPLE_YAML), "-o", str(folder / f"page.{fmt}")]) == 0
    assert main(["render", str(EXAMPLE_YAML), "-o", str(folder / "small.png"), "--dpi", "96"]) == 0
    return folder


def chromium_screenshot(url: str, size: tuple[int, int], target) -> Image.Image:
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--window-size={size[0]},{size[1]}", f"--screenshot={target}", url],
                   capture_output=True, timeout=120, check=True)
    return Image.open(target).convert("RGB")


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    """Mean grey-level difference after a slight blur: anti-aliasing and hinting differ
    between renderers, a misplaced line, word or box does not blur away."""
    def soft(im):
        return im.convert("L").filter(ImageFilter.GaussianBlur(2))
    return ImageStat.Stat(ImageChops.difference(soft(a), soft(b))).mean[0]


# --- SVG ------------------------------------------------------------------------------------

def test_svg_is_vector_with_its_fonts_embedded_and_its_words_as_text(out):
    root = ET.parse(out / "page.svg").getroot()
    assert root.get("width") == "297mm" and root.get("height") == "210mm"
    assert root.find(f"{SVG_NS}title").text.startswith("NANO BANANA")
    style = root.find(f"{SVG_NS}style").text
    assert style.count("data:font/woff2;base64,") == 2  # bold and regular (its notes are too small for the note hand)
    lines = ["".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")]
    for needle in NEEDLES:
        assert any(needle in line for line in lines), needle
    assert len(list(root.iter(f"{SVG_NS}path"))) > 100
    assert (out / "page.svg").stat().st_size < 400_000


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_a_browser_draws_the_svg_like_the_png_and_finds_its_words(out, tmp_path):
    png = Image.open(out / "small.png").convert("RGB")  # 96 dpi: one CSS pixel a pixel
    shot = chromium_screenshot((out / "page.svg").as_uri(), png.size, tmp_path / "shot.png")
    assert shot.size == png.size
    difference = mean_difference(shot, png)
    assert difference < 4.5
    # The same page moved 2 px already differs more: the comparison can fail.
    assert mean_difference(shot, ImageChops.offset(png, 2, 0)) > difference + 1.0

    svg = (out / "page.svg").read_text(encoding="utf-8")
    words = NEEDLES + ["not on this page"]
    script = ("document.title = JSON.stringify(%s.map(w => { getSelection().removeAllRanges(); "
              "return window.find(w); }))" % json.dumps(words, ensure_ascii=False))
    page = tmp_path / "find.html"
    page.write_text(f'<!doctype html><meta charset="utf-8"><title></title><body>{svg[svg.index("<svg"):]}'
                    f"<script>{script}</script></body>", encoding="utf-8")
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
                         capture_output=True, timeout=120, text=True).stdout
    found = json.loads(re.search(r"<title>(\[.*?\])</title>", dom).group(1))
    assert found == [True] * len(NEEDLES) + [False]


# --- PDF ------------------------------------------------------------------------------------

def test_pdf_is_vector_small_titled_and_its_fonts_embedded(out):
    path = out / "page.pdf"
    assert path.stat().st_size < 400_000  # the page picture it replaces was 1.3 MB
    reader = PdfReader(path)
    assert reader.metadata.title.startswith("NANO BANANA")
    assert reader.trailer["/Root"]["/Lang"] == "ko"
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        descriptor = ref.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor, descriptor["/FontName"]
    document = reader.trailer["/Root"]["/StructTreeRoot"]["/K"][0].get_object()
    assert document["/S"] == "/Document" and len(document["/K"]) == 7  # the title and six boxes
    images = reader.pages[0]["/Resources"]["/XObject"]
    assert all(x.get_object()["/Width"] < 400 for x in images.values())  # emoji only: no page picture


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils is not installed")
def test_pdffonts_shows_subset_embedded_fonts_and_pdftotext_reads_in_order(out):
    listing = subprocess.run(["pdffonts", out / "page.pdf"], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert len(rows) == 2  # bold and regular hands
    for row in rows:
        name, *_rest = row.split()
        assert re.fullmatch(r"[A-Z]{6}\+Nanum\S+", name)
        assert row.split()[-5:-2] == ["yes", "yes", "yes"]  # embedded, subset, unicode map
    text = subprocess.run(["pdftotext", out / "page.pdf", "-"], capture_output=True, text=True, check=True).stdout
    assert "Token Sequence — 정수 ID의 가변 길이 목록 (0 ~ 8K tokens)" in text
    assert "신경망에 입력되는 토큰 구간" in text
    order = [text.index(s) for s in ("NANO BANANA", "INPUT SPECIFICATION", "NEURAL NETWORK I/O FLOW",
                                     "TRAINING LOOP", "KEY TAKEAWAYS")]
    assert order == sorted(order)
    # In the order it was written (the content stream, as tagged): one box after another.
    raw = subprocess.run(["pdftotext", "-raw", out / "page.pdf", "-"], capture_output=True, text=True,
                         check=True).stdout
    assert ("INPUT SPECIFICATION\nToken Sequence — 정수 ID의 가변 길이 목록 (0 ~ 8K tokens)\n"
            "Property Value Notes\nType Token Sequence 정수 ID (Integer IDs)\n") in raw
    assert raw.index("예: [3962, 2819, …]") < raw.index("OUTPUT SPECIFICATION")
    info = subprocess.run(["pdfinfo", out / "page.pdf"], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_the_pdf_draws_like_the_png(out, tmp_path):
    subprocess.run(["pdftoppm", "-r", "96", "-png", "-singlefile", out / "page.pdf", tmp_path / "pdf"],
                   check=True, timeout=120)
    png = Image.open(out / "small.png").convert("RGB")
    drawn = Image.open(tmp_path / "pdf.png").convert("RGB").resize(png.size)
    assert mean_difference(drawn, png) < 4.5


def test_vector_outputs_are_byte_identical_for_the_same_seed(out, tmp_path):
    from pilgi.cli import main
    for fmt in ("svg", "pdf"):
        assert main(["render", str(EXAMPLE_YAML), "-o", str(tmp_path / f"again.{fmt}")]) == 0
        assert (tmp_path / f"again.{fmt}").read_bytes() == (out / f"page.{fmt}").read_bytes(), fmt


# --- web images -----------------------------------------------------------------------------

def test_webp_at_a_width_is_drawn_at_that_width_small_and_like_the_png(out, tmp_path):
    from pilgi.cli import main
    assert main(["render", str(EXAMPLE_YAML), "-o", str(tmp_path / "w.webp"), "--width", "1600"]) == 0
    assert main(["render", str(EXAMPLE_YAML), "-o", str(tmp_path / "w.jpg"), "--width", "1600"]) == 0
    assert (tmp_path / "w.webp").stat().st_size < 400_000
    webp = Image.open(tmp_path / "w.webp").convert("RGB")
    assert webp.size == (1600, 1131)
    big = Image.open(out / "page.png").convert("RGB").resize(webp.size, Image.LANCZOS)
    assert mean_difference(webp, big) < 4.5
    assert mean_difference(Image.open(tmp_path / "w.jpg").convert("RGB"), big) < 4.5


def test_a_width_out_of_range_is_refused(cli, tmp_path):
    code, _, err = cli("render", EXAMPLE_YAML, "-o", tmp_path / "w.webp", "--width", "12")
    assert code == 2 and "--width" in err and not (tmp_path / "w.webp").exists()


# --- word gaps at any dpi -------------------------------------------------------------------

def text_only(dl: DisplayList) -> Image.Image:
    """The page's writing alone, drawn by the raster backend: no lines to confuse the gaps."""
    return raster.render(replace(dl, grid=None, ops=[op for op in dl.ops if isinstance(op, TextLine)]))


@pytest.mark.parametrize("dpi", [72, 100])
def test_every_gap_between_words_survives_a_low_dpi(dpi):
    sheet = load_sheet(EXAMPLE_YAML)
    sheet.page = replace(sheet.page, dpi=dpi)
    page = fit_page(sheet)
    ink = text_only(page.display).convert("L").point(lambda v: 255 if v < 200 else 0)
    gaps, closed = 0, []
    for line in page.display.text_lines():
        runs = line.runs
        for before, space, after in zip(runs, runs[1:], runs[2:]):
            if space.text != " " or before.kind != "text" or after.kind != "text":
                continue
            gaps += 1
            # The space's laid-out columns, in the band between x-height and baseline.
            band = (int(space.x + 0.5), round(space.baseline - space.size * 0.45),
                    int(space.x + space.width), round(space.baseline))
            if band[2] <= band[0]:
                band = (band[0], band[1], band[0] + 1, band[3])
            columns = ink.crop(band)
            if all(columns.crop((c, 0, c + 1, columns.height)).getextrema()[1] for c in range(columns.width)):
                closed.append(f"{before.text}|{after.text}")
    assert gaps > 100
    assert closed == []


# --- a user's CFF (OpenType/PostScript) font -----------------------------------------------

def build_cff_font(path) -> None:
    """A tiny PostScript-outline hand: a, b and c are triangles of different heights."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen
    glyphs = [".notdef", "space", "a", "b", "c"]
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder(glyphs)
    builder.setupCharacterMap({32: "space", 97: "a", 98: "b", 99: "c"})
    outlines = {}
    for i, glyph in enumerate(glyphs):
        pen = T2CharStringPen(600, None)
        if glyph != "space":
            pen.moveTo((50, 0))
            pen.lineTo((550, 0))
            pen.lineTo((300, 200 + 150 * i))
            pen.closePath()
        outlines[glyph] = pen.getCharString()
    builder.setupCFF("TestHand-Regular", {"FullName": "Test Hand"}, outlines, {})
    builder.setupHorizontalMetrics({g: (600, 50) for g in glyphs})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Test Hand", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    builder.save(str(path))


def test_a_postscript_outline_font_is_embedded_in_pdf_and_svg(cli, tmp_path, monkeypatch):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    build_cff_font(fonts / "TestHand.otf")
    monkeypatch.setenv("PILGI_FONT_DIR", str(fonts))
    sheet = tmp_path / "s.yaml"
    sheet.write_text("title: OTF\nlayout: single\ntheme: {fonts: {body: TestHand.otf}}\n"
                     "sections:\n  - title: Box\n    blocks:\n      - text: abc cab bca\n", encoding="utf-8")
    assert cli("render", sheet, "-o", tmp_path / "out", "--format", "pdf,svg,png")[0] == 0
    reader = PdfReader(tmp_path / "out" / "s.pdf")
    assert "abc cab bca" in reader.pages[0].extract_text()
    descriptors = [f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                   for f in reader.pages[0]["/Resources"]["/Font"].values()]
    cff = [d for d in descriptors if "TestHand" in d["/FontName"]]
    assert len(cff) == 1 and cff[0]["/FontFile3"].get_object()["/Subtype"] == "/OpenType"
    assert (tmp_path / "out" / "s.svg").read_text(encoding="utf-8").count("data:font/woff2") == 2
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "96", "-png", "-singlefile", tmp_path / "out" / "s.pdf",
                        tmp_path / "pdf"], check=True, timeout=120)
        drawn = Image.open(tmp_path / "pdf.png").convert("RGB")
        png = Image.open(tmp_path / "out" / "s.png").convert("RGB").resize(drawn.size, Image.LANCZOS)
        assert mean_difference(drawn, png) < 4.5
