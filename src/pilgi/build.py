"""`pilgi build`: every sheet under a folder, rendered in parallel into a mirror tree.

Which files are sheets: YAML files with a top-level ``sections`` key, prompt files,
and Markdown cheat sheets (front matter with pilgi's keys, or a title naming a
cheat sheet). Templates and other Markdown (notes, transcripts) are not sheets and
are left alone. Pages newer than everything they are made from (inputs.py), and
made with the same output options, are up to date and skipped: the options are
recorded in a small hidden file beside the pages (``.<name>.pilgi.json``), written
with them, all or nothing.
"""
from __future__ import annotations

import json
import os
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InputError, escape
from .load import sniff, strip_fences
from .inputs import sheet_inputs, up_to_date
from .pipeline import Options, output_stem, render_file
from .writer import answer_path_for
from .yamlio import read_text

SUFFIXES = (".yaml", ".yml", ".md", ".markdown")
# [^\S\n]*: blanks within the line, so blank lines after the opening --- are read one way only.
SHEET_FRONT_MATTER = re.compile(r"\A---[^\S\n]*\n(?:.*\n)*?(?:slots|layout|sections)\s*:", re.MULTILINE)
CHEATSHEET_TITLE = re.compile(r"^#\s.*(cheat\s*sheet|치트\s*시트)", re.IGNORECASE | re.MULTILINE)
TEMPLATE_TITLE = re.compile(r"^#\s.*(template|템플릿)\s*$", re.IGNORECASE | re.MULTILINE)


# The options that change what a page's files hold (or whether they are written).
RECORDED_OPTIONS = ("dpi", "width", "orientation", "seed", "allow_problems", "allow_unplaced")


@dataclass
class Outcome:
    """What happened to one sheet of a build: rendered, skipped or failed, and why."""
    source: Path
    status: str  # rendered | skipped | failed
    reason: str = ""


def is_sheet(path: Path) -> bool:
    try:
        text = read_text(path)
    except InputError:
        return True  # unreadable: let the render report why
    kind = sniff(text, path.suffix)
    if kind == "yaml":
        return re.search(r"^sections\s*:", text, re.MULTILINE) is not None
    prose = strip_fences(text)
    if TEMPLATE_TITLE.search(prose):
        return False
    if kind == "prompt":
        return True
    return bool(SHEET_FRONT_MATTER.match(text) or CHEATSHEET_TITLE.search(prose))


def find_sheets(src: Path) -> list[Path]:
    """Sheets under ``src`` in a stable order; links leading outside it are not followed."""
    root = src.resolve()
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith(".") or path.suffix.lower() not in SUFFIXES:
                continue
            if not path.resolve().is_relative_to(root):
                continue
            if is_sheet(path):
                found.append(path)
    # A prompt with a writer's answer beside it (<stem>.answer.md) is drawn from the answer:
    # both would make the same page.
    answered = {p.parent / output_stem(p) for p in found if p.name.endswith(".answer.md")}
    return [p for p in found if p.name.endswith(".answer.md") or p.parent / output_stem(p) not in answered]


def output_base(source: Path, src: Path, out: Path) -> Path:
    """OUT/<relative folder>/<stem without -cheatsheet-prompt>, always inside OUT."""
    rel = source.resolve().relative_to(src.resolve())
    stem = output_stem(rel)
    base = out / rel.parent / stem
    if not base.parent.resolve().is_relative_to(out.resolve()):
        raise InputError("output path would leave the output folder", str(source))
    return base


def record_path(base: Path) -> Path:
    """The hidden file beside a page's files recording the options they were made with."""
    return base.with_name(f".{base.name}.pilgi.json")


def options_record(options: Options) -> bytes:
    record = {"formats": list(options.formats), **{name: getattr(options, name) for name in RECORDED_OPTIONS}}
    return (json.dumps(record, sort_keys=True) + "\n").encode("utf-8")


def made_with(record: Path, options: Options) -> bool:
    """Whether the record says the page's files in ``options.formats`` were made with
    these options (a missing or unreadable record says no)."""
    try:
        made = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(made, dict) or not isinstance(made.get("formats"), list):
        return False
    return (set(options.formats) <= set(map(str, made["formats"]))
            and all(name in made and made[name] == getattr(options, name) for name in RECORDED_OPTIONS))


Job = tuple[Path, dict[str, Path], Path, Options]


def _render_one(job: Job) -> Outcome:
    source, outputs, record, options = job
    try:
        result = render_file(source, outputs, options, also={record: options_record(options)})
        return Outcome(source, "rendered", "; ".join(result.notices))
    except InputError as exc:
        return Outcome(source, "failed", _reason(exc, source))
    except Exception as exc:  # a bug in one sheet must not stop the batch
        return Outcome(source, "failed", f"internal error: {type(exc).__name__}: {exc}")


def _reason(exc: InputError, source: Path) -> str:
    """The error without the sheet's path, which the summary line already shows."""
    rest = exc.where.removeprefix(str(source)) if exc.where.startswith(str(source)) else exc.where
    rest = rest.lstrip(": ")
    if rest.isdigit():
        rest = f"line {rest}"
    return str(InputError(exc.message, rest))


class Progress:
    def __init__(self, total: int, stream=None):
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()

    def step(self, outcome: Outcome) -> None:
        self.done += 1
        if self.tty:
            width = 30
            filled = width * self.done // max(self.total, 1)
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                              f"{escape(outcome.source.name[:40]):40}")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(f"{outcome.status}: {escape(str(outcome.source))}\n")
        self.stream.flush()


def build(src: Path, out: Path, jobs: int | None = None, force: bool = False,
          options: Options | None = None) -> list[Outcome]:
    if not src.is_dir():
        raise InputError("not a folder", str(src))
    options = replace(options or Options(), output_root=out)
    outcomes: list[Outcome] = []
    work: list[Job] = []
    for source in find_sheets(src):
        try:
            base = output_base(source, src, out)
        except InputError as exc:
            outcomes.append(Outcome(source, "failed", str(exc)))
            continue
        outputs = {f: base.with_name(f"{base.name}.{f}") for f in options.formats}
        answer = answer_path_for(base.with_name(f"{base.name}.png"), base.name)  # a writer's, kept beside the page
        inputs = sheet_inputs(source) + ([answer] if answer.is_file() else [])
        record = record_path(base)
        if not force and up_to_date(inputs, list(outputs.values())) and made_with(record, options):
            outcomes.append(Outcome(source, "skipped", "up to date"))
        else:
            work.append((source, outputs, record, options))
    progress = Progress(len(work))
    for outcome in _run(work, max(1, jobs or os.cpu_count() or 1)):
        progress.step(outcome)
        outcomes.append(outcome)
    return sorted(outcomes, key=lambda o: str(o.source))


def _run(work: list[Job], jobs: int):
    if jobs == 1 or len(work) <= 1:
        yield from map(_render_one, work)
        return
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(work)))
    try:
        yield from pool.map(_render_one, work)
    finally:
        # Interrupted (Ctrl-C, SIGTERM): sheets not started are dropped, not rendered first;
        # those being written finish or remove their temporaries.
        pool.shutdown(wait=True, cancel_futures=True)


def summary(outcomes: list[Outcome]) -> list[str]:
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("rendered", "skipped", "failed")}
    lines = [f"{o.status}: {o.source}: {o.reason}" for o in outcomes
             if o.status == "failed" or o.status == "rendered" and o.reason]
    lines.append(f"rendered {counts['rendered']}, skipped {counts['skipped']} (up to date), "
                 f"failed {counts['failed']}")
    return lines
