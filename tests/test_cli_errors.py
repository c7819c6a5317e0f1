"""Bad input: exit 2, one line naming the place, and no file written."""
import os
import subprocess
import sys

import pytest

from .conftest import EXAMPLE_YAML, ROOT, write

GOOD_SECTION = """
sections:
  - title: Notes
    blocks:
      - text: 안녕하세요
"""


def assert_refused(cli, tmp_path, path, *needles, extra=()):
    out = tmp_path / "out"
    code, stdout, err = cli("render", path, "-o", out, *extra)
    assert code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err
    for needle in needles:
        assert needle in err, err
    assert not out.exists() or not any(out.iterdir())


def test_yaml_syntax_error_names_the_line(cli, tmp_path):
    path = write(tmp_path, "bad.yaml", "title: x\nsections:\n  - title: [unclosed\n")
    assert_refused(cli, tmp_path, path, "bad.yaml:", "YAML syntax error")


def test_unknown_block_type_names_the_field(cli, tmp_path):
    path = write(tmp_path, "s.yaml", "title: x\nsections:\n  - title: A\n    blocks:\n      - pie: [1, 2]\n")
    assert_refused(cli, tmp_path, path, "sections[0].blocks[0].pie", "unknown block type 'pie'")


def test_missing_field_names_the_field(cli, tmp_path):
    path = write(tmp_path, "s.yaml", "title: x\nsections:\n  - title: A\n")
    assert_refused(cli, tmp_path, path, "sections[0]", "missing field 'blocks'")


def test_unknown_layout(cli, tmp_path):
    path = write(tmp_path, "s.yaml", "title: x\nlayout: nowhere\n" + GOOD_SECTION)
    assert_refused(cli, tmp_path, path, "unknown layout 'nowhere'")


def test_missing_font_names_the_package_or_folder(cli, tmp_path):
    path = write(tmp_path, "s.yaml", "title: x\ntheme:\n  fonts:\n    body: NoSuchHand.ttf\n" + GOOD_SECTION)
    assert_refused(cli, tmp_path, path, "NoSuchHand.ttf not found", "PILGI_FONT_DIR")


def test_text_that_cannot_fit_names_the_section_and_how_much(cli, tmp_path):
    long = " ".join(["아주 긴 설명 문장입니다"] * 300)
    path = write(tmp_path, "s.yaml", f"title: x\nsections:\n  - title: Overflowing\n    slot: bottom-right\n"
                                     f"    blocks:\n      - text: \"{long}\"\n")
    assert_refused(cli, tmp_path, path, "section 'Overflowing'", "over by", "mm")


def test_yaml_tags_are_refused(cli, tmp_path):
    path = write(tmp_path, "s.yaml", "title: !!python/object/apply:os.system ['true']\n" + GOOD_SECTION)
    assert_refused(cli, tmp_path, path, "s.yaml")


def test_missing_input_file(cli, tmp_path):
    assert_refused(cli, tmp_path, tmp_path / "none.yaml", "none.yaml", "cannot read")


def test_bad_format_and_option(cli, tmp_path):
    assert_refused(cli, tmp_path, EXAMPLE_YAML, "unknown format 'gif'", extra=("--format", "gif"))
    assert_refused(cli, tmp_path, EXAMPLE_YAML, "orientation", extra=("--orientation", "sideways"))


@pytest.mark.parametrize("target, made", [("one.png", ["one.png"]), ("one.pdf", ["one.pdf"]),
                                          ("folder", ["folder/s.png", "folder/s.pdf"])])
def test_output_option_takes_a_folder_or_a_file(cli, tmp_path, target, made):
    path = write(tmp_path, "s.yaml", "title: 작은 시트\nlayout: single\n" + GOOD_SECTION)
    code, _, err = cli("render", path, "-o", tmp_path / target, "--dpi", "72")
    assert code == 0, err
    for name in made:
        assert (tmp_path / name).is_file()


def test_every_command_and_option_has_help_and_every_command_examples():
    from pilgi.cli import build_parser
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name, command in commands.items():
        assert command.epilog and "examples:" in command.epilog and f"pilgi {name}" in command.epilog, name
        for action in command._actions:
            assert action.help, f"{name} {action.option_strings or action.dest} has no help"


def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path):
    # `pilgi render … | head -1`: the pipe closes before pilgi prints; no traceback.
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen([sys.executable, "-m", "pilgi", "render", str(EXAMPLE_YAML), "-o", str(tmp_path)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    process.stdout.close()  # before pilgi has written anything
    _, err = process.communicate(timeout=120)
    assert b"Traceback" not in err and process.returncode == 141, err
    assert (tmp_path / "neural-network-io.png").is_file()  # the page was written before the path was printed
