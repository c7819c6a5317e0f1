"""Speed of pilgi on this machine: prints the figures the README's table reports.

  warm render  — load, fit, draw and rasterise the example at 300 dpi, fonts cached
  png encode   — Pillow's PNG encoding of that same page (the yardstick)
  ratio        — warm render / png encode
  cold render  — a fresh `pilgi render` process writing PNG and PDF (wall time)
  peak memory  — the largest resident size of that process
  build        — `pilgi build` over a folder of sheets with -j 2, if one is given

Usage: python bench/bench.py [--runs N] [--build-src DIR]
"""
from __future__ import annotations

import argparse
import io
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "neural-network-io.yaml"
TARGETS = {"warm_s": 1.0, "ratio": 3.0, "cold_s": 2.5, "peak_mb": 600.0}


def warm_render(runs: int) -> tuple[float, float]:
    from pilgi import raster
    from pilgi.load import load_sheet
    from pilgi.page import fit_page
    from pilgi.pipeline import grid_style

    def once():
        page = fit_page(load_sheet(EXAMPLE))
        return raster.render(page.display, grid_style(page))

    image = once()  # warms font and glyph caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        image = once()
        times.append(time.perf_counter() - start)
    encodes = []
    for _ in range(runs):
        start = time.perf_counter()
        image.save(io.BytesIO(), "PNG")
        encodes.append(time.perf_counter() - start)
    return statistics.median(times), statistics.median(encodes)


def cold_render() -> tuple[float, float]:
    pilgi = shutil.which("pilgi") or str(Path(sys.executable).parent / "pilgi")
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        proc = subprocess.run([pilgi, "render", str(EXAMPLE), "-o", out], capture_output=True, text=True)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"pilgi render failed: {proc.stderr.strip()}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, peak_kb / 1024


def build(src: Path) -> tuple[float, str]:
    pilgi = shutil.which("pilgi") or str(Path(sys.executable).parent / "pilgi")
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        proc = subprocess.run([pilgi, "build", str(src), "-o", out, "-j", "2"], capture_output=True, text=True)
        wall = time.perf_counter() - start
    summary = (proc.stdout.strip().splitlines() or ["(no output)"])[-1]
    return wall, summary


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build-src", type=Path, help="a folder of sheets for `pilgi build -j 2`")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    warm, encode = warm_render(args.runs)
    cold, peak = cold_render()
    rows = [("warm render (300 dpi)", f"{warm:.3f} s", f"<= {TARGETS['warm_s']} s", warm <= TARGETS["warm_s"]),
            ("PNG encode (same page)", f"{encode:.3f} s", "", True),
            ("ratio render / encode", f"{warm / encode:.2f}", f"<= {TARGETS['ratio']}", warm / encode <= TARGETS["ratio"]),
            ("cold `pilgi render` (PNG+PDF)", f"{cold:.3f} s", f"<= {TARGETS['cold_s']} s", cold <= TARGETS["cold_s"]),
            ("peak memory (cold render)", f"{peak:.0f} MB", f"<= {TARGETS['peak_mb']:.0f} MB", peak <= TARGETS["peak_mb"])]
    if args.build_src:
        wall, summary = build(args.build_src)
        rows.append((f"build {args.build_src} -j 2", f"{wall:.2f} s", summary, True))
    for name, value, target, ok in rows:
        print(f"{name:32} {value:>10}  {target:12} {'ok' if ok else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
