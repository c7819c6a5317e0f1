"""The command line: pilgi render | check | import | build | schema | list.

Exit codes: 0 done, 2 bad input (one line on stderr, nothing written), 1 a bug.
"""
from __future__ import annotations

import argparse
import atexit
import gc
import json
import os
import sys
from pathlib import Path

from . import __version__
from .errors import InputError, escape, unknown_key
from .writing import atomic_write
from .reading import display_name
from .targets import check_targets, stdout_outputs
from .writing import STDOUT, Terminated, on_termination
from .load import load_sheet
from .pipeline import DEFAULT_FORMATS, FORMATS, Options, check_file, output_stem, render_file
from .readers.limits import MAX_DPI, MIN_DPI
from .report import report
from .writer import DEFAULT_RETRIES, DEFAULT_TIMEOUT, Writer
from .yamlio import read_text

DEFAULT_OUT = Path("output")
DEFAULT_FORMAT_ARG = ",".join(DEFAULT_FORMATS)
MIN_WIDTH, MAX_WIDTH = 256, 7016  # px: a thumbnail up to A4's long side at 600 dpi
OTHER_PICTURE_FORMATS = ("gif", "tif", "tiff", "bmp", "eps", "ps")
FORMAT_ALIASES = {"jpeg": "jpg"}


EXAMPLES = {
    "pilgi": """examples:
  pilgi render examples/neural-network-io.yaml          # output/neural-network-io.png and .pdf
  pilgi build prompts/ -o public/cheatsheets/ -j 2      # every sheet under a folder
  pilgi COMMAND --help                                  # each command's options and examples""",
    "render": """examples:
  pilgi render sheet.yaml                     # output/sheet.png and output/sheet.pdf
  pilgi render notes.md -o pages/             # pages/notes.png and pages/notes.pdf
  pilgi render sheet.yaml -o page.png --dpi 150 --seed 7
  pilgi render week1/io-cheatsheet-prompt.md --report io.json --open""",
    "check": """examples:
  pilgi check sheet.yaml                      # exit 2 when anything crosses, clips or is missing
  pilgi check prompt.md --strict --report layout.json""",
    "import": """examples:
  pilgi import week1/io-cheatsheet-prompt.md -o io.yaml   # then edit io.yaml and render it
  pilgi import notes.md                                   # the YAML on standard output""",
    "brief": """examples:
  pilgi brief week1/io-cheatsheet-prompt.md -o brief.md    # give brief.md to a writer, save its answer
  pilgi render answer.md --layout week1/io-cheatsheet-prompt.md
  pilgi brief week1/io-cheatsheet-prompt.md --answer answer.md   # what to give the writer to fix it
  pilgi brief lecture.md --template lecture""",
    "watch": """examples:
  pilgi watch sheet.yaml                      # open the printed address; the page reloads on each save
  pilgi watch answer.md --layout week1/io-cheatsheet-prompt.md --port 0""",
    "build": """examples:
  pilgi build .claude/outputs/nanobanana -o public/cheatsheets -j 2
  pilgi build sheets/ -o out/ --force         # render again even when up to date""",
    "schema": """examples:
  pilgi schema > pilgi-sheet.schema.json
  # then, as the first line of a sheet, for editors that use yaml-language-server:
  # yaml-language-server: $schema=pilgi-sheet.schema.json""",
    "list": """examples:
  pilgi list layouts      # names and their slots, band by band
  pilgi list icons        # hand-drawn icon names and the emoji they draw
  pilgi list themes       # theme fields a sheet may change, with defaults and ranges""",
}


class ArgError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line and exit 2, like any bad input
        raise ArgError(message)


def output_paths(input_path: Path, out: str | None, formats: tuple[str, ...],
                 format_given: bool = False) -> dict[str, Path]:
    """``-o`` is a file whose extension picks the single format, ``-`` (standard
    output), or else a folder."""
    stem = output_stem(input_path)
    if out == "-":
        return stdout_outputs(formats, format_given)
    if out is None:
        return {f: DEFAULT_OUT / f"{stem}.{f}" for f in formats}
    target = Path(out)
    suffix = target.suffix.lower().lstrip(".")
    suffix = FORMAT_ALIASES.get(suffix, suffix)
    if suffix in FORMATS:
        return {suffix: target}
    if suffix in OTHER_PICTURE_FORMATS:
        raise InputError(f"cannot write '.{suffix}' files (formats: {', '.join(FORMATS)})", out)
    return {f: target / f"{stem}.{f}" for f in formats}


def parse_formats(text: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(FORMAT_ALIASES.get(f.strip().lower(), f.strip().lower())
                                  for f in text.split(",") if f.strip()))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise InputError(f"unknown format '{(bad or [text])[0]}' (formats: {', '.join(FORMATS)})", "--format")
    return formats


def open_viewer(path: Path) -> None:
    import shutil
    import subprocess

    for viewer in ("xdg-open", "open"):
        if shutil.which(viewer):
            subprocess.Popen([viewer, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return
    print(f"pilgi: no image viewer found (xdg-open); the page is at {path}", file=sys.stderr)


def writer_of(args) -> Writer | None:
    """The writer named by --writer, else by $PILGI_WRITER; None without either."""
    command = args.writer if args.writer is not None else os.environ.get("PILGI_WRITER", "")
    if not command.strip():
        if args.rewrite:
            raise InputError("--rewrite needs a writer: --writer COMMAND or $PILGI_WRITER", "--rewrite")
        return None
    if args.retries < 0:
        raise InputError("expected 0 or more", "--retries")
    if not args.writer_timeout > 0:
        raise InputError("expected a number of seconds above 0", "--writer-timeout")
    return Writer(command, args.writer_timeout, args.retries, args.rewrite)


def cmd_render(args) -> int:
    formats = parse_formats(args.format)
    format_given = args.format != DEFAULT_FORMAT_ARG
    outputs = output_paths(Path(args.input), args.output, formats, format_given)
    report_path = Path(args.report) if args.report else None
    check_targets(args.input, outputs, formats, format_given, report_path)
    options = Options(tuple(outputs), args.dpi, args.orientation, args.seed, args.allow_problems, layout=args.layout,
                      allow_unplaced=args.allow_unplaced, writer=writer_of(args), width=args.width)
    result = render_file(Path(args.input), outputs, options, report_path)
    for problem in result.problems:
        print(f"pilgi: problem: {escape(problem)}", file=sys.stderr)
    for notice in result.notices:
        print(f"pilgi: {escape(notice)}", file=sys.stderr)
    for path in result.written:
        if path != STDOUT:  # standard output holds the page itself
            print(escape(str(path)))
    if args.open:
        open_viewer(outputs.get("png") or next(iter(outputs.values())))
    return 0


def cmd_check(args) -> int:
    options = Options(dpi=args.dpi, orientation=args.orientation, seed=args.seed, layout=args.layout,
                      allow_unplaced=args.allow_unplaced)
    if args.report:
        check_targets(args.input, {}, (), False, Path(args.report))
    result = check_file(Path(args.input), options)
    if args.report:
        data = json.dumps(report(result.page, result.problems), ensure_ascii=False, indent=1)
        atomic_write(Path(args.report), data.encode("utf-8"))
    name = display_name(args.input)
    for problem in result.problems + result.notices:
        print(escape(f"{name}: {problem}"))
    if result.problems or args.strict and result.notices:
        return 2
    sizes = [s.size for s in result.page.sections]
    print(f"{escape(name)}: ok — {len(result.page.sections)} sections, "
          f"text {min(sizes, default=0):.0f}–{max(sizes, default=0):.0f} px at {result.page.dpi} dpi")
    return 0


def cmd_build(args) -> int:
    options = Options(parse_formats(args.format), args.dpi, args.orientation, args.seed, args.allow_problems,
                      allow_unplaced=args.allow_unplaced, writer=writer_of(args), width=args.width)
    from .build import build, summary  # each command imports what only it needs: a render starts sooner
    outcomes = build(Path(args.src), Path(args.output), args.jobs, args.force, options)
    for line in summary(outcomes):
        print(escape(line))
    return 2 if any(o.status == "failed" for o in outcomes) else 0


def cmd_watch(args) -> int:
    import threading

    from .watch import Preview

    path = Path(args.input)
    if not path.is_file():
        raise InputError("no such file", args.input)
    options = Options(orientation=args.orientation, seed=args.seed, layout=args.layout)

    def rendered(version: int, error: str) -> None:
        print(f"pilgi: {error}" if error else f"pilgi: rendered {path} (version {version})", file=sys.stderr)

    preview = Preview(path, options, args.width, rendered)
    try:
        server = preview.serve(args.port)
    except OSError as exc:
        raise InputError(f"cannot serve the preview on port {args.port} ({exc.strerror})", "--port") from None
    print(f"pilgi: previewing {path} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)",
          file=sys.stderr)
    try:
        preview.watch(threading.Event())
    finally:
        server.shutdown()
    return 0


def cmd_import(args) -> int:
    from .sheet_yaml import sheet_to_yaml
    source = Path(args.input)
    sheet = load_sheet(source)
    text = sheet_to_yaml(sheet)
    for item in sheet.unplaced:
        print(f"pilgi: not placed: {escape(item)}", file=sys.stderr)
    if args.output and args.output != "-":
        check_targets(args.input, {"yaml": Path(args.output)}, (), False)
        atomic_write(Path(args.output), text.encode("utf-8"))
        print(escape(args.output))
    else:
        sys.stdout.write(text)
    return 0


def cmd_schema(args) -> int:
    from .schema import schema_text
    sys.stdout.write(schema_text())
    return 0


def cmd_list(args) -> int:
    from .listing import list_lines
    for line in list_lines(args.topic):
        print(line)
    return 0


def cmd_brief(args) -> int:
    from .brief import write_brief
    from .readers.prompt_parts import TEMPLATES, lecture_parts, read_prompt_parts
    if args.template is not None and args.template not in TEMPLATES:
        raise InputError(unknown_key("template", args.template, TEMPLATES), "--template")
    source = Path(args.input)
    text = read_text(source)
    if args.template:
        parts = lecture_parts(text, source, args.template)
    else:
        parts = read_prompt_parts(text, source)
    brief = write_brief(parts, str(source))
    if args.answer is not None:
        brief = send_back(brief, Path(args.answer), args.template or str(source))
        if brief is None:
            print(f"{display_name(Path(args.answer))}: draws cleanly, nothing to send back", file=sys.stderr)
            return 0
    brief = brief.encode("utf-8")
    if args.output and args.output != "-":
        atomic_write(Path(args.output), brief)
        print(args.output)
    else:
        sys.stdout.buffer.write(brief)
    return 0


def send_back(brief: str, answer: Path, layout: str) -> str | None:
    """The brief again with the writer's answer and pilgi's report of each box: what a
    writer run by hand is given to fix its answer; None when the answer draws cleanly."""
    from .readers.answer import split_front_matter
    from .writer import fit_report, retry_request
    text = read_text(answer)
    report = fit_report(text, answer, layout)
    return retry_request(brief, split_front_matter(text)[1], report) if report else None


def dpi_value(text: str) -> int:
    """--dpi: a whole number in range, refused in one short line (argparse's ``choices``
    would list all 529 allowed values)."""
    return _whole_in_range(text, MIN_DPI, MAX_DPI, "dots per inch")


def width_value(text: str) -> int:
    return _whole_in_range(text, MIN_WIDTH, MAX_WIDTH, "pixels")


def _whole_in_range(text: str, lo: int, hi: int, unit: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of {unit}") from None
    if not lo <= value <= hi:
        raise argparse.ArgumentTypeError(f"{value} is out of range (expected {lo} to {hi})")
    return value


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return value


def build_parser() -> Parser:
    parser = Parser(prog="pilgi", description="Render A4 cheat sheets that look like hand-written pen notes.")
    parser.add_argument("--version", action="version", version=f"pilgi {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    def page_options(p):
        p.add_argument("--dpi", type=dpi_value, metavar="N", help=f"dots per inch ({MIN_DPI}-{MAX_DPI})")
        p.add_argument("--orientation", choices=("landscape", "portrait"), help="override the sheet's page orientation")
        p.add_argument("--seed", type=int, help="seed of the hand-drawn wobble")

    def answer_options(p):
        p.add_argument("--layout", metavar="PROMPT.md",
                       help="draw the input as a writer's answer in this prompt file's page (or a layout name)")
        p.add_argument("--allow-unplaced", action="store_true", help="draw the page even if some content has no box")

    def writer_options(p):
        p.add_argument("--writer", metavar="COMMAND",
                       help="draw prompt files from this command's answer to their brief (default: $PILGI_WRITER)")
        p.add_argument("--rewrite", action="store_true", help="ask the writer again even if a saved answer is current")
        p.add_argument("--retries", type=int, default=DEFAULT_RETRIES, metavar="N",
                       help=f"times an answer that does not fit, or leaves a box crowded or mostly blank, "
                            f"is sent back (default {DEFAULT_RETRIES})")
        p.add_argument("--writer-timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                       help=f"stop a writer running longer (default {DEFAULT_TIMEOUT:g})")

    r = sub.add_parser("render", help="render a sheet to PNG and PDF")
    r.add_argument("input", help="a YAML sheet, a Markdown cheat sheet or a prompt file")
    r.add_argument("-o", "--output", help="output folder, or a file whose extension picks the format")
    r.add_argument("--format", default=DEFAULT_FORMAT_ARG,
                   help=f"comma-separated, from: {','.join(FORMATS)} (default: %(default)s)")
    page_options(r)
    answer_options(r)
    r.add_argument("--width", type=width_value, metavar="PX",
                   help="draw the page this many pixels wide (e.g. 1600 for the web); overrides --dpi")
    r.add_argument("--report", metavar="FILE.json", help="write the layout report as JSON")
    r.add_argument("--open", action="store_true", help="show the page in the system's image viewer")
    r.add_argument("--allow-problems", action="store_true", help="write the page even if check finds problems")
    writer_options(r)
    r.set_defaults(func=cmd_render)

    c = sub.add_parser("check", help="lay out and verify a sheet without writing an image")
    c.add_argument("input", help="a YAML sheet, a Markdown cheat sheet or a prompt file")
    page_options(c)
    answer_options(c)
    c.add_argument("--report", metavar="FILE.json", help="write the layout report as JSON")
    c.add_argument("--strict", action="store_true", help="content not placed is an error too")
    c.set_defaults(func=cmd_check)

    i = sub.add_parser("import", help="turn a prompt file or Markdown sheet into an editable YAML sheet")
    i.add_argument("input", help="a prompt file or a Markdown cheat sheet")
    i.add_argument("-o", "--output", metavar="SHEET.yaml", help="write here instead of standard output")
    i.set_defaults(func=cmd_import)

    w = sub.add_parser("watch", help="render a sheet on every change and preview it in a browser")
    w.add_argument("input", help="a YAML sheet, a Markdown cheat sheet or an answer to preview")
    w.add_argument("--layout", metavar="PROMPT.md", help="draw the sheet in this prompt file's page")
    w.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: %(default)s; 0 picks one)")
    w.add_argument("--width", type=width_value, default=1600, metavar="PX", help="preview width (default: %(default)s)")
    w.add_argument("--orientation", choices=("landscape", "portrait"), help="override the sheet's page orientation")
    w.add_argument("--seed", type=int, help="seed of the hand-drawn wobble")
    w.set_defaults(func=cmd_watch)

    w = sub.add_parser("brief", help="write the brief a writer (any text LLM) answers with a sheet that fits")
    w.add_argument("input", help="a prompt file, or a lecture Markdown file with --template")
    w.add_argument("-o", "--output", metavar="BRIEF.md", help="write here instead of standard output")
    w.add_argument("--template", metavar="NAME", help="brief a plain lecture file in the layout of this template: "
                   "lecture, tutorial or use-case")
    w.add_argument("--answer", metavar="ANSWER.md", help="a writer's answer to send back: the brief again with "
                   "the answer and pilgi's report of each box (too long, written small, mostly blank, not placed); nothing "
                   "when the answer draws cleanly")
    w.set_defaults(func=cmd_brief)

    b = sub.add_parser("build", help="render every sheet under a folder into a mirror tree")
    b.add_argument("src", help="folder searched for sheets (YAML, Markdown cheat sheets, prompt files)")
    b.add_argument("-o", "--output", required=True, metavar="OUT", help="folder the pages are written to, "
                   "mirroring SRC's folders")
    b.add_argument("-j", "--jobs", type=positive, metavar="N", help="parallel renders (default: CPU count)")
    b.add_argument("--force", action="store_true", help="render even when outputs are up to date")
    b.add_argument("--format", default=DEFAULT_FORMAT_ARG,
                   help=f"comma-separated, from: {','.join(FORMATS)} (default: %(default)s)")
    page_options(b)
    b.add_argument("--width", type=width_value, metavar="PX",
                   help="draw the pages this many pixels wide (e.g. 1600 for the web); overrides --dpi")
    b.add_argument("--allow-problems", action="store_true", help="write pages even if check finds problems")
    b.add_argument("--allow-unplaced", action="store_true", help="draw pages even if some content has no box")
    writer_options(b)
    b.set_defaults(func=cmd_build)

    s = sub.add_parser("schema", help="print the JSON Schema of the YAML sheet format")
    s.set_defaults(func=cmd_schema)

    ls = sub.add_parser("list", help="list the layouts, icons or theme fields a sheet may name")
    ls.add_argument("topic", choices=("layouts", "icons", "themes"), help="what to list")
    ls.set_defaults(func=cmd_list)

    for name, command in sub.choices.items():
        command.epilog = EXAMPLES.get(name)
        command.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EXAMPLES["pilgi"]
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    return parser


# What a command made dies with its process: at exit the collector need not walk it
# all again while the interpreter shuts down (about 30 ms of a render's time).
atexit.register(gc.freeze)


def main(argv: list[str] | None = None) -> int:
    on_termination()
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except ArgError as exc:
        print(f"pilgi: {exc}", file=sys.stderr)
        return 2
    except InputError as exc:
        print(f"pilgi: {exc}", file=sys.stderr)
        return 2
    except Terminated:
        return 143
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`pilgi render … | head -1`): nothing more
        # can be said, and the interpreter must not try to flush to the closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
