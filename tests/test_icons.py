import pytest

from pilgi import paths
from pilgi.errors import InputError
from pilgi.icons import icon_for, icon_paths, load_icon_file
from pilgi.sketch import Sketcher
from pilgi.theme import Theme

VS16 = "\ufe0f"
# The section-header emoji that must never fall back to a blank when the emoji font is missing.
REQUIRED = {
    "🍌": "banana", "📥": "inbox", "📤": "outbox", "⚡": "lightning", "🔄": "cycle",
    "💡": "light-bulb", "📌": "pushpin", "🗺️": "map", "📚": "books", "📖": "open-book",
    "✅": "check-box", "☑️": "check-box", "❌": "cross", "✔️": "check-mark", "🎯": "target",
    "🧠": "brain", "🔑": "key", "⚙️": "gear", "🚀": "rocket", "✨": "sparkles",
    "🎓": "graduation-cap", "📝": "memo", "🔧": "wrench", "🛠️": "tools", "📊": "bar-chart",
    "🤖": "robot", "💬": "speech-bubble", "⚠️": "warning", "🔍": "magnifier", "📋": "clipboard",
    "⭐": "star",
}
ICON_FILES = sorted(paths.ICON_DIR.glob("*.yaml"))
DPI = 300
# The pen may wobble a little past the edge of the drawing.
SLACK_PX = 6.0


@pytest.mark.parametrize("path", ICON_FILES, ids=lambda p: p.stem)
def test_every_icon_file_loads(path):
    icon = load_icon_file(path)
    assert icon.name == path.stem
    assert icon.emoji and icon.strokes


@pytest.mark.parametrize("emoji, name", REQUIRED.items())
def test_listed_emoji_resolve_with_and_without_variation_selector(emoji, name):
    bare = emoji.replace(VS16, "")
    assert icon_for(bare).name == name
    assert icon_for(bare + VS16).name == name


def test_icon_names_resolve_too():
    assert icon_for("banana").name == "banana"


@pytest.mark.parametrize("ch", ["\ue000", "A", ""])
def test_unknown_emoji_has_no_icon(ch):
    assert icon_for(ch) is None


def _points(path) -> list[tuple[float, float]]:
    out = []
    for op in path.ops:
        coords = op[1:]
        out += list(zip(coords[0::2], coords[1::2]))
    return out


@pytest.mark.parametrize("path", ICON_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("size", [120, 48])
def test_icon_paths_stay_inside_the_square(path, size):
    theme = Theme()
    x, y = 300.0, 500.0
    drawn = icon_paths(load_icon_file(path), x, y, size, Sketcher(5, DPI), theme,
                       theme.px(theme.pen_mm, DPI))
    assert drawn
    for px, py in (p for d in drawn for p in _points(d)):
        assert x - SLACK_PX <= px <= x + size + SLACK_PX
        assert y - SLACK_PX <= py <= y + size + SLACK_PX


def test_fills_are_drawn_under_every_outline():
    theme = Theme()
    drawn = icon_paths(icon_for("🚀"), 0, 0, 120, Sketcher(1, DPI), theme, 4.0)
    kinds = ["fill" if d.fill is not None else "outline" for d in drawn]
    assert "fill" in kinds and "outline" in kinds
    assert kinds == sorted(kinds)  # every "fill" before every "outline"


def test_drawing_an_icon_leaves_the_page_roughness_alone():
    sketch = Sketcher(1, DPI, roughness=1.7)
    icon_paths(icon_for("⭐"), 0, 0, 30, sketch, Theme(), 3.0)
    assert sketch.roughness == 1.7


GOOD_STROKE = "{kind: line, points: [[10, 10], [90, 90]]}"


def write(folder, name: str, text: str):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("strokes, field", [
    ("[{kind: line, points: [[10, 10], [x, 5]]}]", "strokes[0].points[1][0]"),
    ("[{kind: line, points: [[10, 10], [120, 5]]}]", "strokes[0].points[1][0]"),
    ("[{kind: line, points: [[10, 10], [5]]}]", "strokes[0].points[1]"),
    ("[{kind: line, points: [[10, 10]]}]", "strokes[0].points"),
    ("[{kind: ellipse, points: [[10, 10], [20, 20], [30, 30]]}]", "strokes[0].points"),
    ("[{kind: line, points: [[10, 10], [90, 90]], color: purple}]", "strokes[0].color"),
    ("[{kind: line, points: [[10, 10], [90, 90]], fill: teal, closed: true}]", "strokes[0].fill"),
    ("[{kind: line, points: [[10, 10], [90, 90]], fill: yellow}]", "strokes[0].fill"),
    ("[{kind: line, points: [[10, 10], [90, 90]], color: none}]", "strokes[0].color"),
    ("[{kind: spiral, points: [[10, 10], [90, 90]]}]", "strokes[0].kind"),
    ("[{kind: line, points: [[10, 10], [90, 90]], width: 3}]", "strokes[0].width"),
    ("[" + ", ".join([GOOD_STROKE] * 41) + "]", "strokes"),
    ("[{kind: line, points: [" + ", ".join(["[1, 2]"] * 201) + "]}]", "strokes[0].points"),
    ("[]", "strokes"),
])
def test_bad_icon_file_names_file_and_field(tmp_path, strokes, field):
    path = write(tmp_path, "bad-icon.yaml", f'name: bad\nemoji: ["🦩"]\nstrokes: {strokes}\n')
    with pytest.raises(InputError) as err:
        load_icon_file(path)
    assert err.value.where == f"{path}: {field}"


@pytest.mark.parametrize("emoji, field", [('["\\ufe0f"]', "emoji[0]"), ("🦩", "emoji")])
def test_bad_emoji_list_names_file_and_field(tmp_path, emoji, field):
    path = write(tmp_path, "bad-emoji.yaml", f"name: bad\nemoji: {emoji}\nstrokes: [{GOOD_STROKE}]\n")
    with pytest.raises(InputError) as err:
        load_icon_file(path)
    assert err.value.where == f"{path}: {field}"


def test_oversized_icon_file_is_refused_before_reading(tmp_path):
    path = write(tmp_path, "huge.yaml", f"name: huge\nemoji: [x]\nstrokes: [{GOOD_STROKE}]\n"
                 + "#" * (64 * 1024) + "\n")
    with pytest.raises(InputError, match="limit is 65536") as err:
        load_icon_file(path)
    assert err.value.where == str(path)


def test_two_files_drawing_one_emoji_are_reported(tmp_path, monkeypatch):
    for name in ("one", "two"):
        write(tmp_path, f"{name}.yaml", f'name: {name}\nemoji: ["🦩"]\nstrokes: [{GOOD_STROKE}]\n')
    monkeypatch.setattr(paths, "ICON_DIR", tmp_path)
    with pytest.raises(InputError, match="already drawn by one.yaml") as err:
        icon_for("🦩")
    assert err.value.where == str(tmp_path / "two.yaml")
