"""The JSON Schema of the YAML sheet format, derived from its one declaration
(readers/sheet_format.py): editors and LLMs check and complete sheets with it."""
from __future__ import annotations

import json

from . import __version__
from .readers import limits
from .readers import sheet_format as f

SCHEMA_ID = f"pilgi-sheet-{__version__}.schema.json"
HEX_PATTERN = r"^\s*#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\s*$"
NOT_BLANK = r"\S"


def sheet_schema() -> dict:
    defs = {name: _kind(shape, name) for name, shape in f.SHAPES.items() if name != f.SHEET.name}
    top = _kind(f.SHEET, f.SHEET.name)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "title": "pilgi cheat sheet", **top, "$defs": dict(sorted(defs.items()))}


def schema_text() -> str:
    return json.dumps(sheet_schema(), ensure_ascii=False, indent=2) + "\n"


def _kind(kind, name: str = "") -> dict:
    doc = getattr(kind, "doc", "")
    out = _SCHEMA[type(kind)](kind)
    if doc:
        out["description"] = f"{doc}: {out['description']}" if "description" in out else doc
    default = getattr(kind, "default", None)
    if default is not None:
        out["default"] = default
    return out


def _text(kind: f.Text) -> dict:
    # As the reader takes them: a number or true/false is written as its text.
    if kind.empty:
        return {"type": ["string", "number", "boolean", "null"], "maxLength": limits.MAX_TEXT}
    return {"type": ["string", "number", "boolean"], "pattern": NOT_BLANK, "maxLength": limits.MAX_TEXT}


def _number(kind: f.Number) -> dict:
    lo = {"exclusiveMinimum": kind.lo} if kind.above else {"minimum": kind.lo}
    return {"type": "integer" if kind.whole else "number", **lo, "maximum": kind.hi}


def _color(kind: f.Color) -> dict:
    return {"type": ["string", "null"],
            "examples": list(f.PASTELS),
            "description": f"a pastel ({', '.join(f.PASTELS)}, or one the theme adds) or #rrggbb"}


def _list(kind: f.ListOf) -> dict:
    out = {"type": "array", "items": _kind(kind.item), "maxItems": kind.most}
    if kind.least:
        out["minItems"] = kind.least
    return out


def _map(kind: f.MapOf) -> dict:
    out = {"type": "object", "additionalProperties": _kind(kind.value)}
    if kind.most is not None:
        out.update(minProperties=1, maxProperties=kind.most)
    return out


def _shape(kind: f.Shape) -> dict:
    out = {"type": "object", "properties": {k: _kind(v) for k, v in kind.fields.items()},
           "additionalProperties": False}
    if kind.required:
        out["required"] = list(kind.required)
    if kind.one_of:
        out["oneOf"] = [{"required": [key]} for key in kind.one_of]
    return out


def _variants(kind: f.Variants) -> dict:
    options = []
    for name, body in kind.types.items():
        props = {name: _kind(body), **{k: _kind(v) for k, v in {**kind.common, **kind.only.get(name, {})}.items()}}
        options.append({"type": "object", "title": name, "properties": props, "required": [name],
                        "additionalProperties": False})
    return {"oneOf": options}


_SCHEMA = {
    f.Text: _text,
    f.Choice: lambda k: {"enum": list(dict.fromkeys([*k.values, *(v.lower() for v in k.values if k.any_case)]))},
    f.Number: _number,
    f.Flag: lambda k: {"type": "boolean"},
    f.Color: _color,
    f.Hex: lambda k: {"type": "string", "pattern": HEX_PATTERN},
    f.ListOf: _list,
    f.MapOf: _map,
    f.Nothing: lambda k: {"type": "null"},
    f.AnyOf: lambda k: {"anyOf": [_kind(o) for o in k.options]},
    f.Ref: lambda k: {"$ref": f"#/$defs/{k.name}"},
    f.Shape: _shape,
    f.Variants: _variants,
}
