"""Check lists keep which items are done; numbered lists keep their first number."""
from pathlib import Path

from pilgi.model import ListBlock
from pilgi.readers.markdown_sheet import read_markdown_sheet
from pilgi.readers.yaml_sheet import read_yaml_sheet

MARKDOWN = """# 할 일 cheat sheet
## ✅ Todo
- [x] 완료된 일
- [ ] 남은 일

3. 셋째
4. 넷째
"""


def lists(sheet) -> list[ListBlock]:
    return [b for s in sheet.sections for b in s.blocks if isinstance(b, ListBlock)]


def test_markdown_task_states_and_list_start():
    checks, numbered = lists(read_markdown_sheet(MARKDOWN, Path("todo.md")))
    assert (checks.style, checks.items, checks.done) == ("check", ["완료된 일", "남은 일"], [True, False])
    assert (numbered.style, numbered.start, numbered.items) == ("number", 3, ["셋째", "넷째"])


def test_yaml_checks_are_done_unless_said_otherwise():
    text = ("title: t\nsections:\n  - blocks:\n      - checks: [a, {text: b, done: false}]\n"
            "      - checks: [c, d]\n")
    first, second = lists(read_yaml_sheet(text, "t.yaml"))
    assert first.done == [True, False]
    assert second.done == []


def test_a_bullet_list_of_ticked_items_is_a_ticked_check_list():
    sheet = read_markdown_sheet("# T\n\n## Takeaways\n\n- ✓ 하나\n- ✔ 둘\n\n## Mixed\n\n- ✓ 하나\n- 둘\n", "t.md")
    ticked, mixed = sheet.sections[0].blocks[0], sheet.sections[1].blocks[0]
    assert (ticked.style, ticked.items, ticked.done) == ("check", ["하나", "둘"], [True, True])
    assert (mixed.style, mixed.items) == ("bullet", ["✓ 하나", "둘"])  # only a list ticked throughout
