"""Speed of pilgi on this machine: prints the figures the README's table reports.

  warm render  — load, fit, draw and rasterise the example at 300 dpi, fonts cached
  png encode   — Pillow's PNG encoding of that same page (the yardstick)
  ratio        — warm render / png encode
  cold render  — a fresh `pilgi render` process writing PNG and PDF (wall time)
  peak memory  — the largest resident size of that process
  build        — `pilgi build` over a folder of sheets with -j 2, if one is given
  formats      — each output format drawn from the same laid-out page: time and size

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
    from pilgi.backends import raster
    from pilgi.load import load_sheet
    from pilgi.page import fit_page

    def once():
        page = fit_page(load_sheet(EXAMPLE))
        return raster.render(page.display)

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


def format_table(runs: int) -> list[tuple[str, float, int]]:
    """(format, median seconds to draw and encode, bytes) from one laid-out page; the
    vector formats subset their fonts afresh each time, as a new process would."""
    from pilgi import backends
    from pilgi.backends import fontsubset
    from pilgi.load import load_sheet
    from pilgi.page import fit_page
    from pilgi.pipeline import display_at, page_meta

    page = fit_page(load_sheet(EXAMPLE))
    rows = []
    for label, fmt, width in [("png 300 dpi", "png", None), ("pdf (vector)", "pdf", None),
                              ("svg (vector)", "svg", None), ("webp --width 1600", "webp", 1600),
                              ("jpg --width 1600", "jpg", 1600), ("png --width 1600", "png", 1600)]:
        dl = display_at(page, width)
        meta = page_meta(page, dl)
        times = []
        for _ in range(runs):
            fontsubset.subset_font.cache_clear()
            start = time.perf_counter()
            data = backends.draw(dl, (fmt,), meta)[fmt]
            times.append(time.perf_counter() - start)
        rows.append((label, statistics.median(times), len(data)))
    return rows


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
    print("\nformat (from the laid-out page)   draw+encode        size")
    for label, seconds, size in format_table(args.runs):
        print(f"{label:32} {seconds:>8.3f} s  {size / 1000:>8.0f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
