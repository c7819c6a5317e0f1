"""One sheet from file to page files: load, fit, check, draw, export."""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import backends
from .check import notices
from .check import problems as find_problems
from .errors import InputError
from .display import DisplayList
from .writing import write_files
from .load import load_sheet, sniff
from .yamlio import read_text
from .model import Sheet
from .reading import display_name, is_stdin, listed
from .page import FittedPage, fit_page
from .report import report

if TYPE_CHECKING:
    from .writer import Writer

FORMATS = backends.FORMATS
DEFAULT_FORMATS = ("png", "pdf")
PROMPT_SUFFIX = "-cheatsheet-prompt"
ANSWER_SUFFIX = ".answer"
ANSWER_ITEMS = ("box '", "section '", "text before")  # what an answer's reader records as not placed


def output_stem(source: Path) -> str:
    """A page's file name: the sheet's, less the prompt pipeline's suffix ("stdin" for ``-``)."""
    if is_stdin(source):
        return "stdin"
    stem = source.stem.removesuffix(ANSWER_SUFFIX)  # a writer's answer draws the page of its prompt's name
    return stem.removesuffix(PROMPT_SUFFIX) or stem or source.stem


@dataclass
class Options:
    """How a sheet is read, checked and rendered (the command line's options)."""
    formats: tuple[str, ...] = DEFAULT_FORMATS
    dpi: int | None = None
    orientation: str | None = None
    seed: int | None = None
    allow_problems: bool = False
    layout: str | None = None  # draw the input as a writer's answer in this prompt's page
    writer: Writer | None = None  # draw a prompt file from this writer's answer
    allow_unplaced: bool = False  # content no box takes is listed, not refused
    output_root: Path | None = None  # links leading out of this folder are replaced, not followed
    width: int | None = None  # page width in px: the page drawn at that size


@dataclass
class Result:
    """A fitted page, its problems and notices, and the files written."""
    page: FittedPage
    problems: list[str]  # the page breaks a promise: refused unless allowed
    notices: list[str]  # content not placed: printed, not refused
    written: list[Path] = field(default_factory=list)


def prepare(path: Path, options: Options, sheet: Sheet | None = None) -> Sheet:
    """The sheet read (unless given) and set to the options; refused when content has
    no place (unless allowed) or there is nothing to draw."""
    sheet = sheet if sheet is not None else load_sheet(path, options.layout)
    if sheet.unplaced and not options.allow_unplaced:
        raise InputError(unplaced_message(sheet), str(path))
    if not any(section.blocks for section in sheet.sections):
        raise InputError("nothing to draw: no section has any content", str(path))
    page = sheet.page
    if options.dpi is not None:
        page = replace(page, dpi=options.dpi)
    if options.orientation is not None:
        page = replace(page, orientation=options.orientation)
    sheet.page = page
    if options.seed is not None:
        sheet.seed = options.seed
    return sheet


def unplaced_message(sheet: Sheet) -> str:
    items = "; ".join(sheet.unplaced)
    text = f"{len(sheet.unplaced)} not placed: {items} (--allow-unplaced draws the page anyway)"
    if not any(item.startswith(ANSWER_ITEMS) for item in sheet.unplaced):
        text += ("; the plan describes more than fits or than pilgi can draw from a description: "
                 "`pilgi brief` writes a brief for a writer, `--writer COMMAND` runs one")
    return text


def check_file(path: Path, options: Options, sheet: Sheet | None = None) -> Result:
    page = fit_page(prepare(path, options, sheet))
    return Result(page, find_problems(page), notices(page))


def display_at(page: FittedPage, width: int | None) -> DisplayList:
    """The page's display list, at ``width`` px wide when one is asked: drawn at that
    size from the laid-out page, not shrunk from a bigger image."""
    dl = page.display
    if width is None or width == dl.width:
        return dl
    k = width / dl.width
    return dl.scaled(k, width, max(1, round(dl.height * k)), dl.dpi * k)


def page_meta(page: FittedPage, dl: DisplayList) -> backends.Meta:
    texts = [page.sheet.title] + [line.text for line in dl.text_lines()]
    korean = any("가" <= ch <= "힣" for text in texts for ch in text)
    return backends.Meta(title=page.sheet.title, language="ko" if korean else "en", dpi=dl.dpi)


def render_file(path: Path, outputs: dict[str, Path], options: Options, report_path: Path | None = None,
                also: dict[Path, bytes] | None = None) -> Result:
    """``outputs`` maps a format to its file; ``also`` holds more files written with
    the page. Nothing is written when the sheet has problems (unless allowed) or when
    anything fails before the writes. With a writer, a prompt file is drawn from the
    writer's answer, saved beside the page."""
    blobs: dict[Path, bytes] = {}
    sheet = None
    prompt_text = read_text(path) if options.writer is not None and not is_stdin(path) else ""
    if prompt_text and sniff(prompt_text, path.suffix) == "prompt":
        # The writer's route only: a plain render need not load these.
        from .readers.answer import read_answer
        from .readers.prompt_parts import page_plan
        from .writer import answer_path_for, obtain_answer
        prompt_page = page_plan(prompt_text, str(path))  # for the writer's retries and the drawing
        answer = obtain_answer(path, prompt_text, prompt_page, answer_path_for(next(iter(outputs.values())),
                                                                               output_stem(path)), options.writer)
        if answer.fresh:
            blobs[answer.path] = answer.text.encode("utf-8")
        sheet = read_answer(answer.text, answer.path, prompt_page)
    try:
        result = check_file(path, options, sheet)
        if result.problems and not options.allow_problems:
            raise InputError(f"{len(result.problems)} problem(s), nothing written: {listed(result.problems)}",
                             display_name(path))
    except InputError as error:
        if not blobs:
            raise
        write_files(blobs, options.output_root)  # the writer's answer is kept, to be edited or written again
        raise InputError(f"{error.message}; the writer's answer is saved in {next(iter(blobs))}: edit it and "
                         f"render again, or --rewrite", error.where) from None
    dl = display_at(result.page, options.width)
    drawn = backends.draw(dl, tuple(outputs), page_meta(result.page, dl))
    blobs.update({outputs[fmt]: data for fmt, data in drawn.items()})
    if report_path is not None:
        blobs[report_path] = json.dumps(report(result.page, result.problems), ensure_ascii=False,
                                        indent=1).encode("utf-8")
    blobs.update(also or {})
    write_files(blobs, options.output_root)
    result.written.extend(blobs)
    return result
