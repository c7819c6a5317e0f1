"""pilgi as a user installs it: the wheel built from this checkout, installed in a
fresh venv outside it, renders both examples with its own layouts and icons.

Slow (about a minute: a venv and pilgi's dependencies), so marked ``slow``; it still
runs in ``make test``. Skipped when the wheel cannot be built or its dependencies
cannot be installed (no package index reachable).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv

import pytest

import pilgi

from .conftest import ROOT

pytestmark = pytest.mark.slow


def run(*argv, cwd, env=None, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv outside the checkout with the built wheel installed: its bin folder."""
    work = tmp_path_factory.mktemp("install")
    # Nothing of the checkout may leak in: no PYTHONPATH, and the venv lives elsewhere.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", work / "dist", ROOT,
                cwd=work, env=env)
    wheels = list((work / "dist").glob("pilgi-*.whl"))
    if built.returncode != 0 or len(wheels) != 1:
        pytest.skip(f"the wheel could not be built here: {built.stderr.strip()[-300:]}")
    venv.EnvBuilder(with_pip=True).create(work / "venv")
    bin_dir = work / "venv" / "bin"
    added = run(bin_dir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheels[0],
                cwd=work, env=env)
    if added.returncode != 0:
        pytest.skip(f"pilgi's dependencies could not be installed here: {added.stderr.strip()[-300:]}")
    return bin_dir, work, env


def test_the_installed_pilgi_is_the_wheels_own(installed):
    bin_dir, work, env = installed
    where = run(bin_dir / "python", "-c", "import pilgi; print(pilgi.__file__)", cwd=work, env=env)
    assert where.stdout.strip().startswith(str(work / "venv")), where.stdout
    version = run(bin_dir / "pilgi", "--version", cwd=work, env=env)
    assert version.stdout.strip() == f"pilgi {pilgi.__version__}"


def test_the_wheel_carries_the_layouts_and_icons(installed):
    bin_dir, work, env = installed
    layouts = run(bin_dir / "pilgi", "list", "layouts", cwd=work, env=env)
    assert layouts.returncode == 0 and {"lecture", "tutorial", "use-case", "single"} <= {
        line.split(":")[0] for line in layouts.stdout.splitlines()}
    icons = run(bin_dir / "pilgi", "list", "icons", cwd=work, env=env)
    assert icons.returncode == 0 and "banana  🍌" in icons.stdout.splitlines()


@pytest.mark.parametrize("example", ["neural-network-io.yaml", "neural-network-io.md"])
def test_the_installed_pilgi_renders_the_examples(installed, example):
    bin_dir, work, env = installed
    sheet = work / example
    shutil.copy(ROOT / "examples" / example, sheet)
    out = work / f"out-{sheet.suffix[1:]}"
    done = run(bin_dir / "pilgi", "render", sheet, "-o", out, cwd=work, env=env)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["neural-network-io.pdf", "neural-network-io.png"]

