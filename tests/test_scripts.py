"""The install scripts, run on a stand-in system: fake id, find and apt-get on a bare PATH."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
PACKAGES = {
    "install-fonts.sh": "fonts-nanum-extra fonts-nanum fonts-noto-color-emoji fonts-dejavu-core",
    "install-test-tools.sh": "chromium poppler-utils",
    "install-ocr.sh": "tesseract-ocr tesseract-ocr-kor tesseract-ocr-eng",
}


def system(tmp_path: Path, uid: int, apt_get: str | None) -> tuple[Path, Path]:
    """A bin folder where nothing the scripts look for is installed; the apt-get log."""
    bin_dir, log = tmp_path / "bin", tmp_path / "apt.log"
    bin_dir.mkdir()
    for tool in ("dirname", "head", "grep", "cat"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    programs = {"id": f"echo {uid}", "find": "exit 0"}
    if apt_get is not None:
        programs["apt-get"] = f'echo "$*" >> "{log}"\n{apt_get}'
    for name, body in programs.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    return bin_dir, log


def run(script: str, bin_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["/bin/sh", str(SCRIPTS / script)], env={"PATH": str(bin_dir), "HOME": "/nonexistent"},
                          capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize("script", PACKAGES)
def test_as_root_the_missing_packages_are_installed_quietly(tmp_path, script):
    bin_dir, log = system(tmp_path, 0, 'case "$1" in install) echo chatter;; esac')  # progress lines
    done = run(script, bin_dir)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("installing ") and "chatter" not in done.stdout
    assert log.read_text().splitlines() == ["update -qq", f"install -y -qq {PACKAGES[script]}"]


@pytest.mark.parametrize("script, code", [("install-fonts.sh", 1), ("install-test-tools.sh", 0),
                                          ("install-ocr.sh", 0)])
def test_without_root_a_script_names_the_packages_and_installs_nothing(tmp_path, script, code):
    bin_dir, log = system(tmp_path, 1000, "exit 0")
    done = run(script, bin_dir)
    assert done.returncode == code and f"apt-get install {PACKAGES[script]}" in done.stderr
    assert not log.exists()


@pytest.mark.parametrize("script, code", [("install-fonts.sh", 100), ("install-test-tools.sh", 0),
                                          ("install-ocr.sh", 100)])
def test_a_failed_install_fails_the_set_up_except_for_optional_test_tools(tmp_path, script, code):
    bin_dir, _ = system(tmp_path, 0, 'case "$1" in update) exit 0;; esac\nexit 100')
    done = run(script, bin_dir)
    assert done.returncode == code
    assert ("could not install" in done.stderr) == (script == "install-test-tools.sh")
