"""`pilgi build`: a mirror tree of pages, skipping what is up to date, past failures."""
import os
import time

import pytest

from pilgi.inputs import sheet_inputs
from pilgi.layout import layout_file

from .conftest import SHARED, write

SHEET = "title: {title}\nlayout: single\npage: {{dpi: 72}}\nsections:\n  - title: 메모\n    blocks:\n      - text: {text}\n"


@pytest.fixture
def tree(tmp_path):
    src = tmp_path / "src"
    write(src / "week1" / "deep", "io-cheatsheet-prompt.yaml", SHEET.format(title="입출력", text="토큰"))
    write(src, "top.yaml", SHEET.format(title="위", text="안녕"))
    write(src, "notes.md", "# 그냥 메모\n\n치트시트가 아닌 글입니다.\n")
    write(src, "template.md", "# Lecture Style Template\n\n## Output Structure Plan\n\n- x\n")
    return src


def test_mirrors_folders_and_drops_the_prompt_suffix(cli, tree, tmp_path):
    out = tmp_path / "out"
    code, stdout, _ = cli("build", tree, "-o", out, "-j", "2")
    assert code == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        ".top.pilgi.json", "top.pdf", "top.png", "week1/deep/.io.pilgi.json", "week1/deep/io.pdf",
        "week1/deep/io.png"]
    assert stdout.strip().splitlines()[-1] == "rendered 2, skipped 0 (up to date), failed 0"


def test_second_run_skips_everything_and_force_renders_again(cli, tree, tmp_path):
    out = tmp_path / "out"
    cli("build", tree, "-o", out)
    code, stdout, _ = cli("build", tree, "-o", out)
    assert code == 0 and stdout.strip().splitlines()[-1] == "rendered 0, skipped 2 (up to date), failed 0"
    later = time.time() + 5
    os.utime(tree / "top.yaml", (later, later))
    code, stdout, _ = cli("build", tree, "-o", out)
    assert stdout.strip().splitlines()[-1] == "rendered 1, skipped 1 (up to date), failed 0"
    code, stdout, _ = cli("build", tree, "-o", out, "--force")
    assert stdout.strip().splitlines()[-1] == "rendered 2, skipped 0 (up to date), failed 0"


def test_a_failing_sheet_is_reported_and_the_rest_still_render(cli, tree, tmp_path):
    write(tree, "broken.yaml", "title: x\nsections:\n  - title: [\n")
    out = tmp_path / "out"
    code, stdout, _ = cli("build", tree, "-o", out, "-j", "1")
    assert code == 2
    lines = stdout.strip().splitlines()
    assert lines[-1] == "rendered 2, skipped 0 (up to date), failed 1"
    assert any(line.startswith("failed: ") and "broken.yaml" in line and "YAML syntax error" in line
               for line in lines)
    assert not (out / "broken.png").exists()


def test_a_link_out_of_the_source_is_not_followed(cli, tree, tmp_path):
    outside = tmp_path / "elsewhere"
    write(outside, "secret.yaml", SHEET.format(title="밖", text="비밀"))
    (tree / "link.yaml").symlink_to(outside / "secret.yaml")
    (tree / "linked-dir").symlink_to(outside, target_is_directory=True)
    out = tmp_path / "out"
    code, stdout, _ = cli("build", tree, "-o", out)
    assert code == 0 and "rendered 2" in stdout
    assert not any("secret" in p.name or "link" in p.name for p in out.rglob("*"))


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="the user's prompt files are not here")
def test_the_users_prompt_files_all_build(cli, tmp_path):
    out = tmp_path / "out"
    code, stdout, err = cli("build", SHARED, "-o", out, "-j", "2", "--allow-unplaced")
    assert code == 0, stdout + err
    assert stdout.strip().splitlines()[-1].startswith("rendered 8, skipped 0")
    assert (out / "seed" / "neural-network-io.png").is_file()
    code, stdout, _ = cli("build", SHARED, "-o", out, "-j", "2", "--allow-unplaced")
    assert stdout.strip().splitlines()[-1] == "rendered 0, skipped 8 (up to date), failed 0"


def _last_line(cli, *argv) -> str:
    code, stdout, _ = cli(*argv)
    assert code == 0, stdout
    return stdout.strip().splitlines()[-1]


def _changed_since_the_build(changed, *folders) -> None:
    """Every file in ``folders`` as made long ago, the built pages later, ``changed`` since."""
    now = time.time()
    for folder in folders:
        for path in folder.rglob("*"):
            stamp = now - (100 if path.suffix in (".png", ".pdf") else 200)
            os.utime(path, (stamp, stamp))
    os.utime(changed, (now - 50, now - 50))


UP_TO_DATE = "rendered 0, skipped 1 (up to date), failed 0"
ONE_AGAIN = "rendered 1, skipped 0 (up to date), failed 0"


def test_a_changed_layout_picture_or_answer_makes_the_page_out_of_date(cli, tmp_path, monkeypatch):
    from PIL import Image

    from pilgi import inputs
    monkeypatch.setattr(inputs, "pilgi_time", lambda: 0.0)  # pilgi itself is older than everything here
    src, out = tmp_path / "src", tmp_path / "out"
    write(src, "strip.yaml", "bands: [{height: 20, cells: [title]}, {height: 80, cells: [body]}]\n")
    Image.new("RGB", (8, 8), "red").save(src / "dot.png")
    write(src, "s.yaml", "title: t\nlayout: strip.yaml\npage: {dpi: 72}\n"
                         "sections: [{icon: dot.png, title: a, blocks: [{text: x}]}]\n")
    build = ("build", src, "-o", out, "-j", "1", "--format", "png")
    assert _last_line(cli, *build) == ONE_AGAIN
    assert _last_line(cli, *build) == UP_TO_DATE
    answer = out / "s.answer.md"  # a writer's answer is kept beside the page it drew
    answer.write_text("# t\n", encoding="utf-8")
    for changed in (src / "strip.yaml", src / "dot.png", answer, src / "s.yaml"):
        _changed_since_the_build(changed, src, out)
        assert _last_line(cli, *build) == ONE_AGAIN, changed
        assert _last_line(cli, *build) == UP_TO_DATE


@pytest.mark.parametrize("layout, expected", [
    ("grid.yaml", lambda folder: [folder / "grid.yaml"]),
    ("shared/grid", lambda folder: [folder / "shared/grid"]),
    ("lecture", lambda folder: [layout_file("lecture")]),
    ("nope", lambda folder: []),
    ("../prompts/p-cheatsheet-prompt.md", lambda folder: [folder / "../prompts/p-cheatsheet-prompt.md"]),
], ids=["file", "path", "name", "unknown name", "prompt"])
def test_a_sheet_depends_on_the_layout_file_its_reader_would_read(tmp_path, layout, expected):
    sheet = write(tmp_path, "s.md", f"---\nlayout: {layout}\n---\n# T\n## A\n- x\n")
    assert sheet_inputs(sheet) == [sheet, *expected(tmp_path)]

def test_a_newer_pilgi_makes_every_page_out_of_date(cli, tree, tmp_path, monkeypatch):
    from pilgi import inputs
    out = tmp_path / "out"
    cli("build", tree, "-o", out)
    monkeypatch.setattr(inputs, "pilgi_time", lambda: time.time() + 60)
    assert _last_line(cli, "build", tree, "-o", out) == "rendered 2, skipped 0 (up to date), failed 0"


def test_build_takes_renders_output_options(cli, tree, tmp_path):
    from PIL import Image
    out = tmp_path / "out"
    assert _last_line(cli, "build", tree, "-o", out, "--format", "png", "--dpi", "96", "--orientation",
                      "portrait").startswith("rendered 2")
    assert sorted(p.name for p in out.rglob("*.png")) == ["io.png", "top.png"] and not list(out.rglob("*.pdf"))
    with Image.open(out / "top.png") as page:
        assert page.size == (794, 1123)  # A4 portrait at 96 dpi
    # A format not made yet is not up to date.
    assert _last_line(cli, "build", tree, "-o", out, "--format", "png,pdf").startswith("rendered 2")


@pytest.mark.parametrize("changed", [("--dpi", "96"), ("--width", "300"), ("--seed", "3"),
                                     ("--orientation", "portrait"), ("--allow-problems",)])
def test_a_changed_output_option_makes_the_page_out_of_date(cli, tree, tmp_path, changed):
    out = tmp_path / "out"
    build = ("build", tree, "-o", out, "-j", "1", "--format", "png")
    cli(*build)
    before = (out / "top.png").read_bytes()
    assert _last_line(cli, *build, *changed).startswith("rendered 2")
    assert _last_line(cli, *build, *changed).startswith("rendered 0, skipped 2")
    if changed[0] != "--allow-problems":  # that one changes whether a page is written, not its pixels
        assert (out / "top.png").read_bytes() != before
    assert _last_line(cli, *build).startswith("rendered 2")  # and back again


def test_the_record_covers_the_formats_made_together(cli, tree, tmp_path):
    out = tmp_path / "out"
    cli("build", tree, "-o", out, "--format", "png,pdf")
    assert _last_line(cli, "build", tree, "-o", out, "--format", "pdf").startswith("rendered 0, skipped 2")
    assert _last_line(cli, "build", tree, "-o", out, "--format", "png", "--dpi", "96").startswith("rendered 2")
    # The PDF beside it was made at other options: asking for it again draws both afresh.
    assert _last_line(cli, "build", tree, "-o", out, "--format", "png,pdf", "--dpi", "96").startswith("rendered 2")
    record = out / ".top.pilgi.json"
    assert '"dpi": 96' in record.read_text(encoding="utf-8")
    record.write_text("{not json", encoding="utf-8")  # a damaged record: the page is made again
    assert _last_line(cli, "build", tree, "-o", out, "--format", "png,pdf", "--dpi", "96").startswith("rendered 1")


def test_a_failing_sheet_leaves_no_record(cli, tree, tmp_path):
    write(tree, "broken.yaml", "title: x\nsections:\n  - title: [\n")
    out = tmp_path / "out"
    cli("build", tree, "-o", out)
    assert not (out / ".broken.pilgi.json").exists() and (out / ".top.pilgi.json").is_file()


@pytest.mark.parametrize("jobs", ["0", "-2", "many"])
def test_jobs_must_be_a_positive_number(cli, tree, tmp_path, jobs):
    code, _, err = cli("build", tree, "-o", tmp_path / "out", "-j", jobs)
    assert code == 2 and "-j" in err and not (tmp_path / "out").exists()
