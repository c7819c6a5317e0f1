"""Custom icon pictures: drawn when sound, refused by header checks when not."""
from PIL import Image

from pilgi.display import Picture
from pilgi.load import load_sheet
from pilgi.page import fit_page

from .conftest import write

SHEET = "title: 그림\nlayout: single\nsections:\n  - title: Custom\n    icon: {icon}\n    blocks:\n      - text: 안녕\n"


def test_a_custom_icon_is_drawn_before_the_heading(tmp_path):
    Image.new("RGBA", (64, 48), (200, 80, 40, 255)).save(tmp_path / "mine.png")
    page = fit_page(load_sheet(write(tmp_path, "s.yaml", SHEET.format(icon="mine.png"))))
    pictures = [op for op in page.display.ops if isinstance(op, Picture)]
    assert len(pictures) == 1
    heading = next(line for line in page.display.text_lines() if line.text == "Custom")
    assert pictures[0].x + pictures[0].w <= heading.x
    assert abs(pictures[0].w / pictures[0].h - 64 / 48) < 0.01


def test_a_decompression_bomb_is_refused_from_its_header(cli, tmp_path):
    Image.new("1", (6000, 6000)).save(tmp_path / "bomb.png")  # tiny file, 36 MP
    path = write(tmp_path, "s.yaml", SHEET.format(icon="bomb.png"))
    code, _, err = cli("render", path, "-o", tmp_path / "out")
    assert code == 2 and "6000x6000 pixels" in err and "sections[0].icon" in err
    assert not (tmp_path / "out").exists()


def test_a_file_that_is_not_a_picture_is_refused(cli, tmp_path):
    (tmp_path / "fake.png").write_text("not a picture")
    code, _, err = cli("check", write(tmp_path, "s.yaml", SHEET.format(icon="fake.png")))
    assert code == 2 and "cannot be read" in err


def test_a_missing_picture_is_refused(cli, tmp_path):
    code, _, err = cli("check", write(tmp_path, "s.yaml", SHEET.format(icon="gone.png")))
    assert code == 2 and "cannot read picture" in err
