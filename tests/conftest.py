from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pilgi.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_YAML = ROOT / "examples" / "neural-network-io.yaml"
SHARED = ROOT.parent / "shared"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def cli(capsys):
    return lambda *argv: run_cli(capsys, *argv)
