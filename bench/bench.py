"""Speed of pilgi on this machine: prints the figures the README's table reports.

  warm render  — load, fit, draw and rasterise the example at 300 dpi, fonts cached
  png encode   — Pillow's PNG encoding of that same page at its default level (the
                 yardstick), and pilgi's own writer (backends/png.py: time and size)
  ratio        — warm render / png encode
  cold render  — a fresh `pilgi render` process writing PNG and PDF: wall time and the
                 process's own CPU time (median of --runs), after one run that writes
                 the bytecode and the font cache, as an installed pilgi has them
  cold stages  — where a fresh process's time goes, stage by stage, in render's order
                 (wall seconds, medians): the PDF is drawn in a thread during "draw",
                 the PNG compresses in threads from its end, and both are waited for
                 in "wait"; the process's exit is not a stage (the cold render has it)
  peak memory  — the largest resident size of that pilgi process (its own rusage)
  build        — `pilgi build` over a folder of sheets with -j 2, if one is given
  formats      — each output format drawn from the same laid-out page: time and size

Usage: python bench/bench.py [--runs N] [--build-src DIR] [--cpu]
"""
from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "neural-network-io.yaml"
TARGETS = {"warm_s": 1.0, "ratio": 3.0, "cold_s": 0.5, "peak_mb": 600.0}


def warm_render(runs: int, clock=time.perf_counter) -> tuple[float, float, float, int, int]:
    """(render, default-level encode, pilgi's encode) times and the two PNG sizes."""
    from pilgi.backends import raster
    from pilgi.backends.png import png_bytes
    from pilgi.load import load_sheet
    from pilgi.page import fit_page

    def once():
        page = fit_page(load_sheet(EXAMPLE))
        return raster.render(page.display)

    image = once()  # warms font and glyph caches
    times = []
    for _ in range(runs):
        start = clock()
        image = once()
        times.append(clock() - start)
    default, own = [], []
    for _ in range(runs):
        buf = io.BytesIO()
        start = clock()
        image.save(buf, "PNG")
        default.append(clock() - start)
        start = clock()
        png = png_bytes(image, 300)
        own.append(clock() - start)
    return (statistics.median(times), statistics.median(default), statistics.median(own),
            len(buf.getvalue()), len(png))


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
    scratch = tempfile.TemporaryDirectory()  # empty font caches, so no subset comes from disk
    for label, fmt, width in [("png 300 dpi", "png", None), ("pdf (vector)", "pdf", None),
                              ("svg (vector)", "svg", None), ("webp --width 1600", "webp", 1600),
                              ("jpg --width 1600", "jpg", 1600), ("png --width 1600", "png", 1600)]:
        dl = display_at(page, width)
        meta = page_meta(page, dl)
        times = []
        for _ in range(runs):
            fontsubset.subset_font.cache_clear()
            os.environ["PILGI_CACHE_DIR"] = tempfile.mkdtemp(dir=scratch.name)
            start = time.perf_counter()
            data = backends.draw(dl, (fmt,), meta)[fmt]
            times.append(time.perf_counter() - start)
        rows.append((label, statistics.median(times), len(data)))
    scratch.cleanup()
    return rows


def cold_render(runs: int) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MB) of a fresh `pilgi render`, medians; the peak is the
    pilgi process's own (os.wait4 on it), not this benchmark's."""
    pilgi = shutil.which("pilgi") or str(Path(sys.executable).parent / "pilgi")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    walls, cpus, peaks = [], [], []
    with tempfile.TemporaryDirectory() as out:
        for run in range(runs + 1):
            start = time.perf_counter()
            proc = subprocess.Popen([pilgi, "render", str(EXAMPLE), "-o", out], env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode != 0:
                sys.exit(f"pilgi render failed: {proc.stderr.read().decode().strip()}")
            proc.stderr.close()
            if run:  # the first run writes the bytecode and the font cache
                walls.append(wall)
                cpus.append(usage.ru_utime + usage.ru_stime)
                peaks.append(usage.ru_maxrss / 1024)
    return statistics.median(walls), statistics.median(cpus), max(peaks)


# The stages of pipeline.render_file, timed in a fresh process (bytecode present).
STAGES_SCRIPT = r"""
import json, sys, time
clock = time.perf_counter
start = clock()
import pilgi.cli
from pathlib import Path
from pilgi import backends
from pilgi.check import notices, problems
from pilgi.page import fit_page
from pilgi.pipeline import Options, display_at, page_meta, prepare
times = {"imports": clock() - start}
def stage(name, work):
    began = clock()
    result = work()
    times[name] = clock() - began
    return result
sheet = stage("read", lambda: prepare(Path(sys.argv[1]), Options()))
page = stage("fit", lambda: fit_page(sheet))
dl = display_at(page, None)
stage("check", lambda: (problems(page), notices(page)))
finish = stage("draw (rasterise; PDF beside it)", lambda: backends.start(dl, ("png", "pdf"), page_meta(page, dl)))
stage("wait (for the PDF and PNG threads)", finish)
times["total"] = clock() - start
print(json.dumps(times))
"""


def cold_stages(runs: int) -> dict[str, float]:
    """Median wall seconds of each stage of a render, each run in a fresh process."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", STAGES_SCRIPT, str(EXAMPLE)], env=env, capture_output=True,
                              text=True, check=True)
        for name, seconds in json.loads(done.stdout).items():
            samples.setdefault(name, []).append(seconds)
    return {name: statistics.median(values) for name, values in samples.items()}


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
    parser.add_argument("--cpu", action="store_true",
                        help="time the warm render and encodes in CPU seconds, for a machine busy with other work")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    cold, cpu, peak = cold_render(args.runs)  # first, while this process is still small
    warm, encode, own_encode, encode_size, own_size = warm_render(
        args.runs, time.process_time if args.cpu else time.perf_counter)
    rows = [("warm render (300 dpi)", f"{warm:.3f} s", f"<= {TARGETS['warm_s']} s", warm <= TARGETS["warm_s"]),
            ("PNG encode, Pillow's default level", f"{encode:.3f} s", f"{encode_size / 1e6:.2f} MB", True),
            ("PNG encode, pilgi's writer (png.py)", f"{own_encode:.3f} s", f"{own_size / 1e6:.2f} MB", True),
            ("ratio render / encode", f"{warm / encode:.2f}", f"<= {TARGETS['ratio']}", warm / encode <= TARGETS["ratio"]),
            ("cold `pilgi render` (PNG+PDF)", f"{cold:.3f} s", f"<= {TARGETS['cold_s']} s", cold <= TARGETS["cold_s"]),
            ("  its CPU time (user + system)", f"{cpu:.3f} s", "", True),
            ("peak memory of that process", f"{peak:.0f} MB", f"<= {TARGETS['peak_mb']:.0f} MB", peak <= TARGETS["peak_mb"])]
    if args.build_src:
        wall, summary = build(args.build_src)
        rows.append((f"build {args.build_src} -j 2", f"{wall:.2f} s", summary, True))
    for name, value, target, ok in rows:
        print(f"{name:36} {value:>10}  {target:12} {'ok' if ok else 'OVER'}")
    print("\ncold render, stage by stage (wall, median)")
    for name, seconds in cold_stages(args.runs).items():
        print(f"  {name:34} {seconds:>8.3f} s")
    print("\nformat (from the laid-out page)   draw+encode        size")
    for label, seconds, size in format_table(args.runs):
        print(f"{label:32} {seconds:>8.3f} s  {size / 1000:>8.0f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
