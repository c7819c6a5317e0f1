"""`pilgi build`: a mirror tree of pages, skipping what is up to date, past failures."""
import os
import time

import pytest

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
        "top.pdf", "top.png", "week1/deep/io.pdf", "week1/deep/io.png"]
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
