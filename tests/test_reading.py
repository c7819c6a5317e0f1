"""Only regular files are read, and never more than their limit: FIFOs, devices and
standard input included."""
from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

import pytest

from pilgi import reading
from pilgi.errors import InputError
from tests.test_hostile import HANG_SECONDS, all_files, assert_one_line, dump, run_cli, sheet_with


@pytest.fixture
def fifo(tmp_path):
    def make(name: str) -> Path:
        path = tmp_path / name
        os.mkfifo(path)
        return path
    return make


def zero_link(tmp_path: Path, name: str) -> Path:
    """A name with the suffix a reader expects, for /dev/zero (endless bytes, size 0)."""
    path = tmp_path / name
    path.symlink_to("/dev/zero")
    return path


def refused_quickly(*argv) -> str:
    """Refused, not hung: reading a FIFO blocks for ever and /dev/zero never ends."""
    start = time.monotonic()
    code, _out, err = run_cli(*argv)
    assert time.monotonic() - start < HANG_SECONDS, err
    assert code == 2, err
    assert_one_line(err)
    return err


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_sheet_that_is_not_a_regular_file_is_refused(tmp_path, fifo, kind):
    sheet = fifo("sheet.yaml") if kind == "fifo" else Path("/dev/zero")
    err = refused_quickly("render", sheet, "-o", tmp_path / "out")
    assert ("pipe" if kind == "fifo" else "device") in err
    assert all_files(tmp_path / "out") == []


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_an_icon_picture_that_is_not_a_regular_file_is_refused(tmp_path, fifo, kind):
    icon = fifo("icon.png") if kind == "fifo" else zero_link(tmp_path, "icon.png")
    data = sheet_with({"text": "hello"})
    data["sections"][0]["icon"] = icon.name
    sheet = tmp_path / "sheet.yaml"
    sheet.write_text(dump(data), encoding="utf-8")
    err = refused_quickly("render", sheet, "-o", tmp_path / "out")
    assert "icon.png" in err and "sheet.yaml" in err
    assert all_files(tmp_path / "out") == []


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_layout_that_is_not_a_regular_file_is_refused_naming_the_sheet(tmp_path, fifo, kind):
    layout = fifo("grid.yaml") if kind == "fifo" else zero_link(tmp_path, "grid.yaml")
    sheet = tmp_path / "sheet.yaml"
    sheet.write_text(dump(sheet_with({"text": "hello"}, layout=layout.name)), encoding="utf-8")
    err = refused_quickly("render", sheet, "-o", tmp_path / "out")
    assert "grid.yaml" in err and "sheet.yaml" in err and "layout" in err


def test_a_fifo_in_a_build_folder_fails_alone(tmp_path, fifo):
    src = tmp_path / "src"
    src.mkdir()
    (src / "pipe.yaml").unlink(missing_ok=True)
    os.mkfifo(src / "pipe.yaml")
    start = time.monotonic()
    code, out, _err = run_cli("build", src, "-o", tmp_path / "out", "-j", "1")
    assert time.monotonic() - start < HANG_SECONDS
    assert code == 2
    assert "pipe" in out and out.count(str(src / "pipe.yaml")) == 1


def test_standard_input_is_capped(monkeypatch, tmp_path):
    flood = b"title: x\n" + b"# padding\n" * 1_000_000  # 10 MB
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(flood)))
    err = refused_quickly("render", "-", "-o", tmp_path / "out")
    assert "<stdin>" in err and "limit" in err
    assert all_files(tmp_path / "out") == []


def test_the_limit_holds_whatever_the_size_claims(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 5000)
    real_fstat = os.fstat

    class Shrunk:  # a file that says it is empty, as /proc files and growing files do
        def __init__(self, info):
            self.st_mode, self.st_size = info.st_mode, 0

    monkeypatch.setattr(reading.os, "fstat", lambda fd: Shrunk(real_fstat(fd)))
    with pytest.raises(InputError, match="more than 1000 bytes"):
        reading.read_bytes(path, 1000)
    assert reading.read_bytes(path, 5000) == b"x" * 5000


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(InputError, match="folder"):
        reading.read_bytes(tmp_path, 1000)
