"""What is written is what is drawn, the same way every time, and failures leave nothing."""
import os
import stat
import subprocess
import sys

import pytest
from pypdf import PdfReader

from pilgi.display import Path as PathOp
from pilgi.load import load_sheet, sniff
from pilgi.page import fit_page

from .conftest import EXAMPLE_YAML, ROOT, SHARED, write

ONE = "title: 시트\nlayout: single\nsections:\n  - title: 메모\n    blocks:\n"


def lines_of(path, **page):
    sheet = load_sheet(path)
    for key, value in page.items():
        setattr(sheet.page, key, value)
    return [ln.text for ln in fit_page(sheet).display.text_lines()]


def test_code_is_drawn_exactly_as_written(tmp_path):
    code = "def f(a, b):\n    x = a**2 + b**2  # `sq`\n    return a == b == x"
    path = write(tmp_path, "s.yaml", ONE + "      - code: |\n" + "".join(f"          {ln}\n" for ln in code.split("\n")))
    texts = lines_of(path)
    for line in code.split("\n"):
        assert line in texts, line


def test_numbers_keep_their_digits(tmp_path):
    path = write(tmp_path, "s.yaml", ONE + "      - table: {header: [Port, Size], rows: [[50051, 100277]]}\n")
    texts = lines_of(path)
    assert "50051" in texts and "100277" in texts


def test_a_byte_order_mark_is_not_content(tmp_path):
    path = tmp_path / "s.md"
    path.write_text("\ufeff# 🍌 Real Title\n\n## 메모\n\n본문입니다.\n", encoding="utf-8")
    assert load_sheet(path).title == "Real Title"


def test_markdown_opening_like_yaml_is_still_markdown():
    assert sniff("Note: this is markdown\n\n# Title\n\n## A\n\ntext\n") == "markdown"
    assert sniff("# comment\ntitle: x\nsections: []\n") == "yaml"


def test_chains_accept_long_arrows(tmp_path):
    path = write(tmp_path, "s.yaml", ONE + "      - flow: {chain: 'A --> B -[go]-> C'}\n")
    flow = load_sheet(path).sections[0].blocks[0]
    assert [n.id for n in flow.nodes] == ["A", "B", "C"]
    assert [(e.src, e.dst, e.label) for e in flow.edges] == [("A", "B", ""), ("B", "C", "go")]


def test_every_seed_gives_its_own_page():
    sheet = load_sheet(EXAMPLE_YAML)

    def strokes(seed):
        sheet.seed = seed
        return [op.ops for op in fit_page(sheet).display.ops if isinstance(op, PathOp)][:5]
    assert strokes(0) != strokes(1)


@pytest.mark.parametrize("field, value, message", [
    ("color", "blu", "'blu' is not a pastel"),
    ("icon", "logo.png", None),
])
def test_section_fields_are_checked(cli, tmp_path, field, value, message):
    text = f"title: 시트\nlayout: single\nsections:\n  - title: A\n    {field}: {value}\n    blocks:\n      - text: x\n"
    code, _, err = cli("check", write(tmp_path, "s.yaml", text))
    assert code == 2
    assert (message or "cannot read picture") in err and "sections[0]" in err


def test_flags_must_be_true_or_false(cli, tmp_path):
    text = ONE + "      - sequence: {autonumber: 'false', steps: ['A -> B: hi']}\n"
    code, _, err = cli("check", write(tmp_path, "s.yaml", text))
    assert code == 2 and "autonumber: expected true or false" in err


def test_unknown_theme_names_are_refused(cli, tmp_path):
    code, _, err = cli("check", write(tmp_path, "s.yaml", "theme: fancy\n" + ONE + "      - text: x\n"))
    assert code == 2 and "unknown theme 'fancy' (themes: pen)" in err


def test_icon_names_draw_their_icon(tmp_path):
    path = write(tmp_path, "s.yaml", "title: 시트\nlayout: single\nsections:\n  - title: 메모\n"
                                     "    icon: banana\n    blocks:\n      - text: x\n")
    texts = lines_of(path)
    assert "banana" not in " ".join(texts)
    assert any("🍌" in t and "메모" in t for t in texts)


def test_a_failed_write_leaves_no_file(cli, tmp_path):
    out = tmp_path / "out"
    (out / "s.pdf").mkdir(parents=True)  # the PDF cannot be written over a folder
    path = write(tmp_path, "s.yaml", ONE + "      - text: x\n")
    code, _, err = cli("render", path, "-o", out, "--dpi", "72")
    assert code == 2 and "cannot write" in err and err.count("\n") == 1
    assert sorted(p.name for p in out.iterdir()) == ["s.pdf"]


def test_pages_are_ordinary_files(cli, tmp_path):
    path = write(tmp_path, "s.yaml", ONE + "      - text: x\n")
    old = os.umask(0o022)
    try:
        assert cli("render", path, "-o", tmp_path / "s.png", "--dpi", "72")[0] == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "s.png").stat().st_mode) == 0o644


def test_the_pdf_page_is_exactly_a4(cli, tmp_path):
    path = write(tmp_path, "s.yaml", ONE + "      - text: x\n")
    assert cli("render", path, "-o", tmp_path / "s.pdf", "--dpi", "100")[0] == 0
    box = PdfReader(tmp_path / "s.pdf").pages[0].mediabox
    assert abs(float(box.width) - 297 / 25.4 * 72) < 0.01 and abs(float(box.height) - 210 / 25.4 * 72) < 0.01


def test_the_page_wraps_the_same_at_any_resolution():
    assert lines_of(EXAMPLE_YAML, dpi=72) == lines_of(EXAMPLE_YAML, dpi=300)


@pytest.mark.skipif(not (SHARED / "seed").is_dir(), reason="the user's prompt files are not here")
def test_import_is_the_same_whatever_the_hash_seed():
    prompt = SHARED / "seed" / "neural-network-io-cheatsheet-prompt.md"
    outputs = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT / "src"))
        run = subprocess.run([sys.executable, "-m", "pilgi", "import", str(prompt)], capture_output=True,
                             text=True, env=env, check=True)
        outputs.add(run.stdout)
    assert len(outputs) == 1
