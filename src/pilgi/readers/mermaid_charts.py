"""Mermaid's charts: ``pie``, ``timeline``, ``xychart-beta`` and ``quadrantChart``.

Like the other Mermaid readers, each walks its lines once and refuses a line it does
not understand, naming it; styling (``classDef``, ``:::class``, point styles) has no
meaning on paper and is skipped.
"""
from __future__ import annotations

import re

from ..errors import InputError
from ..model import Pie, PieSlice, Quadrant, QuadrantPoint, Series, Timeline, TimePeriod, TimeSection, XYChart
from .mermaid_syntax import plain_text

MAX_CHART_ITEMS = 60  # slices, periods, events, points or values of one chart


def _text(raw: str) -> str:
    text = raw.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    return plain_text(text.strip())


def _title(text: str) -> str | None:
    match = re.fullmatch(r"title\s+(?P<t>.+)", text)
    return _text(match["t"]) if match else None


class _Reader:
    kind = "chart"

    def __init__(self, where: str, header_line: int):
        self.where = where
        self.line = header_line  # the line being read, for messages
        self.count = 0

    def error(self, message: str) -> InputError:
        return InputError(message, f"{self.where}:{self.line}")

    def unsupported(self, text: str) -> InputError:
        return self.error(f"unsupported {self.kind} syntax: '{text}'")

    def counted(self) -> None:
        self.count += 1
        if self.count > MAX_CHART_ITEMS:
            raise self.error(f"{self.kind} has more than {MAX_CHART_ITEMS} items")


# --- pie ------------------------------------------------------------------------------

_SLICE = re.compile(r'(?P<label>"[^"]*"|[^:]+?)\s*:\s*(?P<value>[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)')


def read_pie(header_rest: str, lines, where: str, header_line: int) -> Pie:
    r = _Reader(where, header_line)
    r.kind = "pie chart"
    pie = Pie([], show_data="showData" in header_rest.split())
    rest = [w for w in header_rest.split() if w != "showData"]
    if rest[:1] == ["title"]:
        pie.title = _text(" ".join(rest[1:]))
    elif rest:
        raise r.error(f"unexpected text after 'pie': '{header_rest}'")
    for line in lines:
        r.line, text = line.number, line.text.strip()
        if text == "showData":
            pie.show_data = True
        elif (title := _title(text)) is not None:
            pie.title = title
        elif match := _SLICE.fullmatch(text):
            value = float(match["value"])
            if value < 0:
                raise r.error(f"a pie slice cannot be negative: '{text}'")
            r.counted()
            pie.slices.append(PieSlice(_text(match["label"]), value))
        else:
            raise r.unsupported(text)
    if not pie.slices or sum(s.value for s in pie.slices) <= 0:
        raise r.error("pie chart has no slices with a value above zero")
    return pie


# --- timeline ------------------------------------------------------------------------

def read_timeline(lines, where: str, header_line: int) -> Timeline:
    r = _Reader(where, header_line)
    r.kind = "timeline"
    chart = Timeline([])
    for line in lines:
        r.line, text = line.number, line.text.strip()
        if (title := _title(text)) is not None:
            chart.title = title
        elif match := re.fullmatch(r"section\s+(?P<name>.+)", text):
            chart.sections.append(TimeSection(_text(match["name"]), []))
        elif text.startswith(":"):  # more events of the period above
            if not chart.sections or not chart.sections[-1].periods:
                raise r.error(f"events '{text}' come before any period")
            events = [_text(e) for e in text[1:].split(":") if e.strip()]
            chart.sections[-1].periods[-1].events += events
            r.count += len(events)
        else:
            period, *events = text.split(":")
            if not period.strip():
                raise r.unsupported(text)
            if not chart.sections:
                chart.sections.append(TimeSection("", []))
            chart.sections[-1].periods.append(TimePeriod(_text(period), [_text(e) for e in events if e.strip()]))
            r.count += len(events)
            r.counted()
    if not any(s.periods for s in chart.sections):
        raise r.error("timeline has no periods")
    chart.sections = [s for s in chart.sections if s.periods]
    return chart


# --- xychart -------------------------------------------------------------------------

_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_AXIS = re.compile(r'(?P<axis>[xy])-axis(?:\s+(?P<title>"[^"]*"|[^\s"\[]+(?:\s+[^\s"\[\d-][^\s"\[]*)*?))?'
                   rf'(?:\s*\[(?P<items>[^\]]*)\]|\s+(?P<lo>{_NUMBER})\s*-->\s*(?P<hi>{_NUMBER}))?')
_SERIES = re.compile(r'(?P<kind>bar|line)(?:\s+(?P<name>"[^"]*"|[^\s\[]+))?\s*\[(?P<values>[^\]]*)\]')


def _numbers(text: str, r: _Reader) -> list[float]:
    out = []
    for part in text.split(","):
        if not re.fullmatch(rf"\s*{_NUMBER}\s*", part):
            raise r.error(f"'{part.strip()}' is not a number")
        out.append(float(part))
    return out


def read_xychart(header_rest: str, lines, where: str, header_line: int) -> XYChart:
    r = _Reader(where, header_line)
    r.kind = "xychart"
    if header_rest.strip() not in ("", "horizontal", "vertical"):
        raise r.error(f"unexpected text after 'xychart-beta': '{header_rest}'")
    chart = XYChart()
    for line in lines:
        r.line, text = line.number, line.text.strip()
        if (title := _title(text)) is not None:
            chart.title = title
        elif match := _AXIS.fullmatch(text):
            title = _text(match["title"] or "")
            if match["axis"] == "x":
                chart.x_title = title
                if match["items"] is not None:
                    chart.categories = [_text(c) for c in match["items"].split(",") if c.strip()]
                elif match["lo"] is not None:
                    chart.x_range = (float(match["lo"]), float(match["hi"]))
            else:
                chart.y_title = title
                if match["lo"] is not None:
                    chart.y_range = (float(match["lo"]), float(match["hi"]))
                elif match["items"] is not None:
                    raise r.error("the y-axis takes a range such as 0 --> 100, not categories")
        elif match := _SERIES.fullmatch(text):
            values = _numbers(match["values"], r)
            r.count += len(values)
            r.counted()
            chart.series.append(Series(match["kind"], values, _text(match["name"] or "")))
        else:
            raise r.unsupported(text)
    if not chart.series or not any(s.values for s in chart.series):
        raise r.error("xychart has no bar or line values")
    return chart


# --- quadrant chart ---------------------------------------------------------------------

_QUADRANT_AXIS = re.compile(r"(?P<axis>[xy])-axis\s+(?P<low>.+?)(?:\s*-->\s*(?P<high>.+))?")
_QUADRANT_LABEL = re.compile(r"quadrant-(?P<n>[1-4])\s+(?P<text>.+)")
_POINT = re.compile(rf"(?P<label>[^:]+?)(?::::[\w-]+)?\s*:\s*\[\s*(?P<x>{_NUMBER})\s*,\s*(?P<y>{_NUMBER})\s*\]"
                    r"(?P<style>\s+\w+\s*:.*)?")


def read_quadrant(lines, where: str, header_line: int) -> Quadrant:
    r = _Reader(where, header_line)
    r.kind = "quadrantChart"
    chart = Quadrant()
    for line in lines:
        r.line, text = line.number, line.text.strip()
        if (title := _title(text)) is not None:
            chart.title = title
        elif text.startswith("classDef "):
            continue
        elif match := _QUADRANT_AXIS.fullmatch(text):
            pair = (_text(match["low"]), _text(match["high"] or ""))
            if match["axis"] == "x":
                chart.x_axis = pair
            else:
                chart.y_axis = pair
        elif match := _QUADRANT_LABEL.fullmatch(text):
            chart.labels[int(match["n"]) - 1] = _text(match["text"])
        elif match := _POINT.fullmatch(text):
            x, y = float(match["x"]), float(match["y"])
            if not (0 <= x <= 1 and 0 <= y <= 1):
                raise r.error(f"a point's coordinates go from 0 to 1: '{text}'")
            r.counted()
            chart.points.append(QuadrantPoint(_text(match["label"]), x, y))
        else:
            raise r.unsupported(text)
    return chart
