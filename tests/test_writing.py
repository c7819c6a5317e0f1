"""Outputs: one run never overwrites its own files or its input, interrupted and failed
writes leave nothing behind, standard output carries one format, messages are safe
to print."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pilgi import writing
from pilgi.errors import InputError
from tests.test_hostile import all_files, assert_one_line, dump, run_cli, sheet_with

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def sheet(tmp_path) -> Path:
    path = tmp_path / "sheet.yaml"
    path.write_text(dump(sheet_with({"text": "hello"})), encoding="utf-8")
    return path


def refused(*argv) -> str:
    code, out, err = run_cli(*argv)
    assert code == 2, (out, err)
    assert_one_line(err)
    return err


def test_the_report_may_not_be_the_page(tmp_path, sheet):
    page = tmp_path / "out" / "x.png"
    err = refused("render", sheet, "-o", page, "--report", page)
    assert "same file" in err
    assert all_files(tmp_path / "out") == []


def test_the_report_may_not_be_the_sheet(tmp_path, sheet):
    before = sheet.read_bytes()
    assert "overwrite the sheet" in refused("render", sheet, "-o", tmp_path / "out", "--report", sheet)
    assert "overwrite the sheet" in refused("check", sheet, "--report", sheet)
    assert sheet.read_bytes() == before


def test_format_and_extension_must_agree(tmp_path, sheet):
    err = refused("render", sheet, "--format", "pdf", "-o", tmp_path / "x.png")
    assert "--format pdf" in err and ".png" in err
    assert not (tmp_path / "x.png").exists()


def test_standard_output_takes_one_format(tmp_path, sheet):
    assert "one format" in refused("render", sheet, "-o", "-", "--format", "pdf,png")


def test_a_sheet_from_standard_input_rendered_to_standard_output(sheet, tmp_path):
    done = subprocess.run([sys.executable, "-m", "pilgi", "render", "-", "-o", "-", "--format", "png"],
                          stdin=sheet.open("rb"), capture_output=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"\x89PNG\r\n\x1a\n")
    assert list(tmp_path.iterdir()) == [sheet]  # nothing written beside it


def test_temporaries_are_removed_when_sigterm_arrives_mid_write(tmp_path, monkeypatch):
    writing.on_termination()
    real_write = writing._write_new

    def write_then_terminated(tmp, data):
        real_write(tmp, data)
        os.kill(os.getpid(), signal.SIGTERM)  # arrives while the file is being written
        time.sleep(1)

    monkeypatch.setattr(writing, "_write_new", write_then_terminated)
    target = tmp_path / "new" / "folder"
    with pytest.raises(writing.Terminated):
        writing.write_files({target / "a.png": b"a", target / "a.pdf": b"b"})
    assert not (tmp_path / "new").exists()  # no temporary file, and no folder made for them


def test_sigterm_ends_a_render_with_no_temporaries_left(tmp_path):
    """A real process: killed by SIGTERM while it writes, it leaves no temporary file."""
    script = (
        "import os, signal, sys, time\n"
        "from pathlib import Path\n"
        "from pilgi import writing\n"
        "from pilgi.cli import main\n"
        "real = writing._write_new\n"
        "def slow(tmp, data):\n"
        "    real(tmp, data)\n"
        "    print('staged', flush=True)\n"
        "    time.sleep(30)\n"
        "writing._write_new = slow\n"
        "sys.exit(main(sys.argv[1:]))\n")
    sheet = tmp_path / "sheet.yaml"
    sheet.write_text(dump(sheet_with({"text": "hello"})), encoding="utf-8")
    out = tmp_path / "out"
    child = subprocess.Popen([sys.executable, "-c", script, "render", str(sheet), "-o", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "staged"
        assert any(p.name.endswith(".tmp") for p in all_files(out))
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=20) == 143
    finally:
        child.kill()
    assert all_files(out) == [] and not out.exists()


def test_stale_temporaries_of_ended_runs_are_cleared_by_the_next_write(tmp_path):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                           text=True).stdout.strip()
    stale = tmp_path / f".old.png.pilgi-{ended}-0badc0de.tmp"
    running = tmp_path / f".other.png.pilgi-{os.getppid()}-0badc0de.tmp"  # a process still there
    stale.write_bytes(b"x")
    running.write_bytes(b"x")
    writing.write_files({tmp_path / "page.png": b"page"})
    assert not stale.exists() and running.exists()
    assert (tmp_path / "page.png").read_bytes() == b"page"


def test_a_failed_write_leaves_no_folder(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError):
        writing.write_files({tmp_path / "a" / "b" / "page.png": b"1", blocker / "c" / "page.pdf": b"2"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_control_characters_in_messages_are_escaped(tmp_path):
    sheet = tmp_path / "sheet.yaml"
    sheet.write_text(dump(sheet_with({"text": "hello"}, layout="\x1b]0;pwned\x07\x1b[2J")), encoding="utf-8")
    err = refused("render", sheet, "-o", tmp_path / "out")
    assert "\x1b" not in err and "\x07" not in err
    assert "\\x1b" in err and "sheet.yaml" in err


def test_build_refuses_zero_jobs(tmp_path):
    assert "positive" in refused("build", tmp_path, "-o", tmp_path / "out", "-j", "0")
    assert not (tmp_path / "out").exists()


def test_a_fifo_or_device_is_never_replaced_by_an_output(tmp_path):
    fifo = tmp_path / "page.png"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="pipe"):
        writing.write_files({fifo: b"x"})
    with pytest.raises(InputError, match="device"):
        writing.write_files({Path("/dev/null"): b"x"})
    assert Path("/dev/null").is_char_device()


def test_a_link_to_a_file_is_written_through(tmp_path):
    real = tmp_path / "real.json"
    link = tmp_path / "link.json"
    link.symlink_to(real)
    writing.write_files({link: b"{}"})
    assert link.is_symlink() and real.read_bytes() == b"{}"


def test_temporaries_of_earlier_versions_are_cleared_once_old(tmp_path):
    old = tmp_path / ".page.png.ab12cd34.tmp"
    fresh = tmp_path / ".page.pdf.ef56gh78.tmp"
    other = tmp_path / ".notes.txt.ab12cd34.tmp"  # not pilgi's kind of file: left alone
    for path in (old, fresh, other):
        path.write_bytes(b"x")
    hours_ago = time.time() - 2 * writing.OLD_TEMP_AGE
    os.utime(old, (hours_ago, hours_ago))
    os.utime(other, (hours_ago, hours_ago))
    writing.write_files({tmp_path / "page.png": b"page"})
    assert not old.exists() and fresh.exists() and other.exists()


def test_sigterm_stops_a_build_leaving_no_temporaries(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    for i in range(8):
        (src / f"sheet{i}.yaml").write_text(dump(sheet_with({"text": f"page {i}"})), encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-m", "pilgi", "build", str(src), "-o", str(out), "-j", "2"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stderr.readline().startswith(("rendered: ", "failed: "))  # one sheet done
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=120) == 143
    finally:
        child.kill()
    assert [p for p in all_files(out) if p.name.endswith(".tmp")] == []
