"""How pilgi reads Mermaid as people write it: every ``.mmd`` under a folder (by default
../shared/mermaid-docs) is put alone in a one-section sheet, fitted and checked.

Each diagram ends as one of
  clean    - rendered, no problems found by ``check``
  problems - rendered, but ``check`` reports problems (the CLI would refuse to write)
  refused  - a clear error (bad or unsupported input, or it does not fit)
  crashed  - any other exception: a bug

Usage: python bench/mermaid_corpus.py [DIR] [--verbose] [--only SUBSTRING]
"""
from __future__ import annotations

import argparse
import sys
import traceback
from collections import Counter
from pathlib import Path

from pilgi.check import problems as find_problems
from pilgi.errors import InputError
from pilgi.load import load_sheet
from pilgi.page import fit_page

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT.parent / "shared" / "mermaid-docs"


def sheet_text(diagram: str) -> str:
    body = "\n".join("  " + line for line in diagram.splitlines())
    return f"# Diagram\n\n## Diagram\n\n```mermaid\n{body.strip(chr(10))}\n```\n"


def classify(path: Path, scratch: Path) -> tuple[str, str]:
    sheet_path = scratch / (path.stem + ".md")
    sheet_path.write_text(sheet_text(path.read_text(encoding="utf-8")), encoding="utf-8")
    try:
        page = fit_page(load_sheet(sheet_path))
        found = find_problems(page)
    except InputError as e:  # FitError is an InputError too
        return "refused", str(e)
    except Exception:  # noqa: BLE001 - counting bugs is the point
        return "crashed", traceback.format_exc(limit=3).strip().splitlines()[-1]
    if found:
        return "problems", found[0]
    return "clean", ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(DOCS))
    ap.add_argument("--verbose", "-v", action="store_true", help="print every diagram that is not clean")
    ap.add_argument("--only", default="", help="only files whose path contains this")
    args = ap.parse_args(argv)
    folder = Path(args.folder)
    files = sorted(p for p in folder.rglob("*.mmd") if args.only in str(p))
    if not files:
        print(f"no .mmd files under {folder}", file=sys.stderr)
        return 2
    scratch = Path(__import__("tempfile").mkdtemp(prefix="pilgi-corpus-"))
    tally: Counter[str] = Counter()
    by_kind: dict[str, Counter[str]] = {}
    for path in files:
        outcome, message = classify(path, scratch)
        tally[outcome] += 1
        by_kind.setdefault(path.parent.name, Counter())[outcome] += 1
        if args.verbose and outcome != "clean":
            print(f"{outcome:8} {path.relative_to(folder)}: {message}")
    total = len(files)
    for kind, counts in sorted(by_kind.items()):
        print(f"{kind:10} " + "  ".join(f"{k} {counts[k]}" for k in ("clean", "problems", "refused", "crashed")))
    print(f"{'all':10} " + "  ".join(f"{k} {tally[k]}" for k in ("clean", "problems", "refused", "crashed"))
          + f"  of {total}: {100 * tally['clean'] / total:.1f}% clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
