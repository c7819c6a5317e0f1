"""Speed of the writer route and the prompt route, per prompt file (warm, CPU seconds):

  prompt  — reading a prompt file into a sheet (placement included) and fitting its page
  brief   — `pilgi brief`: the prompt's parts and every box's room, measured by the fitter
  answer  — an answer drawn in the prompt's layout (`render --layout`: read, fit, draw, rasterise)

Answers are looked up as <stem>.answer.md in --answers (default: tests/fixtures/answers).
Each prompt file should take at most 1 s for each of these.

Usage: python bench/writer_route.py [--prompts DIR] [--answers DIR]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TARGET_S = 1.0


def cpu(work) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--prompts", type=Path, help="a folder of prompt files (default: ../shared seed and corpus)")
    parser.add_argument("--answers", type=Path, default=ROOT / "tests" / "fixtures" / "answers")
    args = parser.parse_args()
    from pilgi.backends import raster
    from pilgi.brief import write_brief
    from pilgi.load import load_sheet
    from pilgi.page import fit_page
    from pilgi.pipeline import output_stem
    from pilgi.readers.prompt_parts import read_prompt_parts

    if args.prompts:
        prompts = sorted(args.prompts.rglob("*-prompt.md"))
    else:
        prompts = sorted((SHARED / "seed").glob("*-prompt.md")) + sorted((SHARED / "corpus").glob("*.md"))
    if not prompts:
        sys.exit("no prompt files found (pass --prompts DIR)")
    fit_page(load_sheet(prompts[0]), draw=False)  # warms fonts and glyph caches
    worst = 0.0
    print(f"{'prompt file':52} {'prompt':>7} {'brief':>7} {'answer':>7}")
    for prompt in prompts:
        timings = [cpu(lambda: fit_page(load_sheet(prompt), draw=False)),
                   cpu(lambda: write_brief(read_prompt_parts(prompt.read_text(encoding="utf-8"), prompt),
                                           str(prompt)))]
        answer = args.answers / f"{output_stem(prompt)}.answer.md"
        if answer.is_file():
            def draw():
                page = fit_page(load_sheet(answer, str(prompt)))
                raster.render(page.display)
            timings.append(cpu(draw))
        worst = max([worst] + timings)
        cells = " ".join(f"{t:7.2f}" for t in timings) + ("" if len(timings) == 3 else "       -")
        print(f"{prompt.name[:52]:52} {cells}")
    print(f"slowest: {worst:.2f} s (target <= {TARGET_S} s) {'ok' if worst <= TARGET_S else 'OVER'}")
    return 0 if worst <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
