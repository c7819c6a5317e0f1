"""Running a writer: any command that reads a brief on its standard input and prints an answer.

``pilgi render PROMPT.md --writer 'llm -m …'`` gives the writer the prompt's brief
(``brief.py``), draws its answer in the prompt's page (``readers/answer.py``) and
keeps the answer as ``<stem>.answer.md`` beside the page. The answer's front
matter records the prompt's file and a hash of its text: while the prompt is
unchanged the saved answer is drawn again (edits to it are kept) and the writer is
not run. An answer that does not fit, leaves a box empty or has content no box
takes is sent back once (``retries``) with the brief, the answer and pilgi's
report of each box.
"""
from __future__ import annotations

import hashlib
import math
import os
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import FitError, InputError
from .reading import decode
from .yamlio import load_yaml

if TYPE_CHECKING:
    import subprocess

    from .page import FittedPage
    from .readers.prompt_parts import PagePlan

DEFAULT_TIMEOUT = 300.0
DEFAULT_RETRIES = 1
MAX_ANSWER_BYTES = 2_000_000
BLANK_LIMIT = 0.35  # a box with more of its paper blank than this is sent back to be filled
SHORT_LINES = 0.8  # a blank box whose lines fill no more of its width than this is asked for longer lines
BLANK_BOX = "mostly blank:"  # how a report line about a blank box starts
CROWDED_BOX = "crowded:"  # how a report line about a box written small starts
MAX_CLIMB = 3  # an answer names its prompt by a relative path climbing at most this many folders


@dataclass
class Writer:
    """The command that writes answers, and how it is run."""
    command: str
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    rewrite: bool = False


@dataclass
class Answer:
    """A writer's answer and where it is kept."""
    text: str  # the answer file's text, front matter included
    path: Path
    fresh: bool  # written by the writer now (to be saved), not the saved one


def prompt_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def answer_path_for(page_path: Path, stem: str) -> Path:
    return page_path.parent / f"{stem}.answer.md"


def obtain_answer(prompt: Path, prompt_text: str, page: PagePlan, answer_path: Path, writer: Writer) -> Answer:
    """The saved answer while the prompt is unchanged, else a new one from the writer,
    fitted to ``page`` (the prompt's, read from ``prompt_text``)."""
    # The brief and the readers load here, not with this module: the CLI imports it
    # at every start for the writer options' defaults.
    from .brief import write_brief
    from .readers.answer import split_front_matter
    from .readers.prompt_parts import read_prompt_parts
    digest = prompt_hash(prompt_text)
    if not writer.rewrite and answer_path.is_file():
        saved = answer_path.read_text(encoding="utf-8")
        front, _ = split_front_matter(saved)
        if front.get("prompt-sha256") == digest:
            return Answer(saved, answer_path, fresh=False)
    brief = write_brief(read_prompt_parts(prompt_text, prompt), str(prompt))
    layout = _prompt_reference(prompt.resolve(), answer_path.parent.resolve())
    head = f"---\nlayout: {_yaml_string(layout)}\nprompt-sha256: {digest}\n---\n\n"
    request = brief
    kept: tuple[int, str] | None = None  # (how bad, answer): the best answer so far
    for attempt in range(writer.retries + 1):
        body = run_writer(writer, request)
        text = head + body
        report = fit_report(text, answer_path, page)
        badness = 0 if not report else 1 if _draws(report) else 2
        if kept is None or badness <= kept[0]:
            kept = (badness, text)
        if not report:
            break
        if attempt < writer.retries:
            request = retry_request(brief, body, report)
    # A retry asked to fill a blank box may overfill it: the answer that drew is kept.
    return Answer(kept[1], answer_path, fresh=True)


def _prompt_reference(prompt: Path, folder: Path) -> str:
    """The prompt's path as the answer names it: relative to the answer's folder when
    they share a tree (the two move together), else where it is."""
    relative = os.path.relpath(prompt, folder)
    near = Path(relative).parts[:MAX_CLIMB + 1].count("..") <= MAX_CLIMB
    shared = os.path.commonpath([prompt, folder]) != os.path.sep
    return relative if near and shared else str(prompt)


def run_writer(writer: Writer, brief: str) -> str:
    """The command's standard output for the brief on its standard input. Refused (with
    nothing written) when it fails, prints nothing or runs past the timeout."""
    import subprocess  # a writer's run only: every other start of pilgi loads this module
    shown = writer.command if len(writer.command) <= 60 else writer.command[:57] + "…"
    try:
        process = subprocess.Popen(writer.command, shell=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        raise InputError(f"cannot run the writer ({exc.strerror})", f"--writer '{shown}'") from None
    try:
        out, err = process.communicate(brief.encode("utf-8"), timeout=writer.timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise InputError(f"the writer ran past {writer.timeout:g} s and was stopped (--writer-timeout)",
                         f"--writer '{shown}'") from None
    if process.returncode != 0:
        last = next((line for line in reversed(err.decode("utf-8", "replace").splitlines()) if line.strip()), "")
        detail = f": {last.strip()[:200]}" if last else ""
        raise InputError(f"the writer failed with exit code {process.returncode}{detail}", f"--writer '{shown}'")
    if len(out) > MAX_ANSWER_BYTES:
        raise InputError(f"the writer printed {len(out)} bytes; an answer is at most {MAX_ANSWER_BYTES}",
                         f"--writer '{shown}'")
    text = decode(out, f"--writer '{shown}'")  # as any input: UTF-8, NFC, no control characters
    if not text.strip():
        raise InputError("the writer printed nothing", f"--writer '{shown}'")
    return text.rstrip() + "\n"


def _stop(process: subprocess.Popen) -> None:
    """Stop the shell and everything it started (they share the new session's group)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.communicate()


def fit_report(answer_text: str, answer_path: Path, layout: str | PagePlan) -> list[str]:
    """Per box, what keeps the answer from drawing cleanly in ``layout`` (as read_answer
    takes it); empty when it draws."""
    from .readers.answer import read_answer
    try:
        sheet = read_answer(answer_text, answer_path, layout)
    except InputError as error:
        return [f"the answer cannot be read: {error.message}"]
    lines = [_unplaced_line(item) for item in sheet.unplaced]
    for section in sheet.sections:
        if not section.blocks:
            lines.append(f"box '{section.title}' is empty: write its content")
    from .page import fit_page
    try:
        page = fit_page(sheet, draw=not lines)  # unplaced or empty boxes: only overflows are added
    except FitError as error:
        return lines + [f"{overflow}: shorten it" for overflow in error.overflows]
    return lines or _fill_lines(page)


def _unplaced_line(item: str) -> str:
    if item.startswith("box "):
        return f"{item}: add a `##` section titled as this box"
    return f"{item}: remove it, or move its content into one of the boxes"


def _fill_lines(page: FittedPage) -> list[str]:
    """Boxes an answer that draws leaves crowded (written small: more than its room)
    or mostly empty (measured on the drawn page as a reader sees it), each with how
    many lines to take out or add at the size the brief measured rooms at: a writer
    told only "more" or "less" overshoots."""
    from .backends import raster
    from .blank import blank_fractions
    from .brief import COMFORTABLE_PT, line_chars
    from .context import SIZE_STEP
    from .theme import PT_PER_INCH
    from .fit import WIDTH_USED_LEAST, overflow_at, width_used
    blank = blank_fractions(page, raster.render(page.display))
    lines = []
    for fs in page.sections:
        # Sections are fitted at the layout resolution whatever the page's dpi: measure there.
        comfortable = round(fs.base.theme.pt_px(COMFORTABLE_PT, fs.base.dpi))
        box = f"box '{fs.section.title or fs.region}'"
        if fs.size * SIZE_STEP < comfortable:
            over = overflow_at(fs, comfortable)
            much = ("a word or diagram wider than the box at that size" if math.isinf(over) else
                    f"{_about_lines(over / fs.base.ts.line_height(comfortable))} more than its room")
            lines.append(f"{CROWDED_BOX} {box} is written at {fs.size * PT_PER_INCH / fs.base.dpi:.0f} pt to fit: it holds "
                         f"{much} at {COMFORTABLE_PT:g} pt; shorten it by that much")
        elif blank[fs.region] > BLANK_LIMIT:
            used = width_used(fs)
            if used <= SHORT_LINES:
                share = f"at most {used:.0%}" if used <= WIDTH_USED_LEAST else f"{used:.0%}"
                chars = line_chars(fs.base.at(comfortable), fs.frame.body.w)
                fix = (f"its longest line fills {share} of the box's width: make its lines longer (a line across "
                       f"the box holds about {chars} Korean characters), each point with its explanation or short "
                       "points joined on one line with ` · `, without adding lines")
            elif (room := -overflow_at(fs, comfortable) / fs.base.ts.line_height(comfortable)) > 0.5:
                fix = f"write {_about_lines(room)} more in it"
            else:  # full at the brief's size (blank round a diagram, say): more would crowd it
                continue
            lines.append(f"{BLANK_BOX} {box} leaves {blank[fs.region]:.0%} of its paper blank: {fix}")
    return lines


def _about_lines(count: float) -> str:
    n = max(1, round(count))
    return f"about {n} line{'s' * (n != 1)}"


def _draws(report: list[str]) -> bool:
    """Whether every point of a report is about how full a box is (the answer draws)."""
    return all(line.startswith((BLANK_BOX, CROWDED_BOX)) for line in report)


def retry_request(brief: str, previous: str, report: list[str]) -> str:
    found = "\n".join(f"- {line}" for line in report)
    blank = any(line.startswith(BLANK_BOX) for line in report)
    crowded = any(line.startswith(CROWDED_BOX) for line in report)
    heading = ("did not fit" if not _draws(report) else
               "left boxes mostly blank or crowded" if blank and crowded else
               "left boxes mostly blank" if blank else "left boxes crowded")
    return (f"{brief}\n## Your previous answer {heading}\n\nThis is what you wrote:\n\n"
            f"````markdown\n{previous.rstrip()}\n````\n\nWhat the program found:\n\n{found}\n\n"
            "Write the whole sheet again, fixing each point and keeping the rest; answer with the sheet alone.\n")


def _yaml_string(text: str) -> str:
    """``text`` as a YAML scalar that reads back as itself."""
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    try:
        return text if load_yaml(f"v: {text}", "") == {"v": text} else quoted
    except InputError:
        return quoted
