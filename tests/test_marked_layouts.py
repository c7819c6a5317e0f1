"""Page diagrams drawn with marks: a ``#`` frame cut into bands by ``#`` rows, boxes of ``*``
edges and ``*`` walls, the sheet's title written into the frame's top edge; and the
Markdown that only looks like such a drawing."""
from __future__ import annotations

import textwrap

from pilgi.readers.ascii_layout import parse_ascii_layout
from pilgi.readers.diagram_block import find_layout_block
from pilgi.readers.plain_boxes import plain_boxes
from pilgi.readers.prompt_file import read_prompt_file

# Drawn as a terminal shows it (Korean and emoji two columns wide), so counted in characters
# the walls of lines with wide glyphs stray from the corners above them.
MARKED = """\
############## 🍳 KITCHEN BASICS · WEEK 1 🍳 ###############
#                                                          #
#  [BAND 1]                                                #
#  ***********************  *****************************  #
#  * 🔪 KNIFE            *  * 🔥 HEAT                   *  #
#  *  칼은 **날카롭게**  *  *  2 * 3분 예열             *  #
#  ***********************  *****************************  #
#                                                          #
############################################################
#  [BAND 2] ⚡ OMELETTE (이 밴드가 가장 넓어야 함!)        #
#  ***********************  *****************************  #
#  * 🥚 EGG              *  * 🧈 FAT                    *  #
#  *  풀기 → 굽기        *  *  |버터| 한 조각          *  #
#  *                     *  *  녹여 두른다                *  #
#  *                     *  *                           *  #
#  ***********************  *****************************  #
#  ******************************************************  #
#  * 공통: 약불 · 뚜껑 · 소금은 나중                    *  #
#  ******************************************************  #
############################################################
"""

RATIOS = "| 영역 | 비율 |\n|---|---|\n| 타이틀 | 10% |\n| BAND 1 | 30% |\n| BAND 2 | 60% |\n"


def prompt(drawing: str, ratios: str = RATIOS) -> str:
    return f"# Kitchen\n\n## Layout\n\n```\n{drawing}```\n\n## 배치 비율\n\n{ratios}\n"


def test_a_marked_drawing_is_redrawn_in_box_drawing_lines():
    redrawn = plain_boxes(MARKED.split("\n"))
    assert redrawn[0].startswith("┌───") and redrawn[0].endswith("───┐") and "🍳 KITCHEN BASICS · WEEK 1 🍳" in redrawn[0]
    assert redrawn[3] == "│  ┌" + "─" * 21 + "┐  ┌" + "─" * 27 + "┐  │"
    assert redrawn[8] == "├" + "─" * 58 + "┤"  # a row of the frame: a band separator
    # Marks in the text stay text: bold, a product, a pair of bars.
    assert "칼은 **날카롭게**" in redrawn[5] and "2 * 3분 예열" in redrawn[5] and "|버터|" in redrawn[12]
    assert all(line[0] in "┌│├└" and line[-1] in "┐│┤┘" for line in redrawn[:-1])  # every wall found
    assert redrawn[-2] == "└" + "─" * 58 + "┘"


def test_a_marked_drawing_reads_like_a_box_drawing_one():
    found = find_layout_block(prompt(MARKED))
    assert found is not None and found[1] == 6
    bands = parse_ascii_layout(found[0])
    assert [[(cell.icon, cell.title) for cell in band.cells] for band in bands] == [
        [("🍳", "KITCHEN BASICS · WEEK 1 🍳")],  # the title in the frame's top edge: a band of its own
        [("🔪", "KNIFE"), ("🔥", "HEAT")],
        [("🥚", "EGG"), ("🧈", "FAT")],
        [("", "공통")]]  # a strip of one labelled line: titled by its label
    knife, heat = bands[1].cells
    assert knife.lines == ["칼은 **날카롭게**"] and heat.lines == ["2 * 3분 예열"]
    assert bands[2].cells[1].lines == ["|버터| 한 조각", "녹여 두른다"]  # walls a column left, two right
    assert bands[3].cells[0].lines == ["약불 · 뚜껑 · 소금은 나중"]
    # The band's heading goes with its first row of boxes only; the row below is drawn under it.
    assert (bands[2].heading, bands[2].heading_icon, bands[2].hints) == ("OMELETTE", "⚡", ["이 밴드가 가장 넓어야 함!"])
    assert (bands[3].heading, bands[3].hints) == ("", [])
    assert bands[2].drawn == bands[3].drawn and bands[2].rows == 6 and bands[3].rows == 3


def test_a_marked_page_has_its_title_bands_and_stated_heights():
    sheet = read_prompt_file(prompt(MARKED), "kitchen-cheatsheet-prompt.md")
    assert (sheet.title_icon, sheet.title) == ("🍳", "KITCHEN BASICS · WEEK 1")
    assert [section.title for section in sheet.sections] == ["KNIFE", "HEAT", "EGG", "FAT", "공통"]
    bands = sheet.layout_spec["bands"]
    heights = [round(band["height"], 1) for band in bands]
    assert heights[:2] == [10, 30] and abs(heights[2] + heights[3] - 60) < 0.1
    assert heights[2] == 2 * heights[3]  # the drawn band's height shared by its rows as drawn: 6 lines to 3
    assert [len(band["cells"]) for band in bands] == [1, 2, 2, 1]
    written = " ".join(str(block) for section in sheet.sections for block in section.blocks)
    assert "가장 넓어야" not in written and "BAND" not in written


# Markdown that starts or ends its lines with "#" or "*" without drawing a box.
NOT_DRAWINGS = [
    "### 🔪 Knife skills and the long heading over them\n\nA paragraph under it.\n",
    "### Closed heading number one ###\n### Closed heading number two ###\n### Closed heading three ###\n",
    "Some prose.\n\n************************************\n\nMore prose after the rule.\n",
    "**********************************\n* first bullet\n* second bullet\n* third bullet\n",
    "##########################\n# Heading #\n# Another #\n",
]


def test_markdown_headings_rules_and_bullets_are_no_drawing():
    for text in NOT_DRAWINGS:
        assert plain_boxes(text.split("\n")) == text.split("\n"), text
        assert find_layout_block(text) is None, text


def test_boxes_of_stars_with_no_frame_are_rows_of_boxes():
    drawing = textwrap.dedent("""\
        ***********************  ***********************
        * 🔪 KNIFE            *  * 🔥 HEAT            *
        *  날카롭게           *  *  팬 먼저           *
        ***********************  ***********************
        ************************************************
        * ⚡ FLOW                                      *
        *  풀기 → 굽기 → 접기                          *
        ************************************************
        """)
    found = find_layout_block(drawing)
    assert found is not None
    bands = parse_ascii_layout(found[0])
    assert [[cell.title for cell in band.cells] for band in bands] == [["KNIFE", "HEAT"], ["FLOW"]]
    assert bands[1].cells[0].lines == ["풀기 → 굽기 → 접기"]


def test_walls_dividing_a_frame_meet_its_rows_as_junctions():
    drawing = textwrap.dedent("""\
        ##############################################
        #  🍳 KITCHEN BASICS                         #
        ##############################################
        #  🔪 KNIFE            #  🔥 HEAT            #
        #  날카롭게            #  팬 먼저            #
        ##############################################
        #  ⚡ FLOW · C# 기초                         #
        #  풀기 → 굽기 → 접기 · 2 * 3분             #
        ##############################################
        """)
    redrawn = plain_boxes(drawing.split("\n"))
    assert redrawn[2] == "├" + "─" * 22 + "┬" + "─" * 21 + "┤"  # the divider goes down only
    assert redrawn[5] == "├" + "─" * 22 + "┴" + "─" * 21 + "┤"
    assert "C# 기초" in redrawn[6] and "2 * 3분" in redrawn[7]  # a mark in one line only is no divider
    found = find_layout_block(drawing)
    assert found is not None
    bands = parse_ascii_layout(found[0])
    assert [[(cell.title, cell.lines) for cell in band.cells] for band in bands] == [
        [("KITCHEN BASICS", [])], [("KNIFE", ["날카롭게"]), ("HEAT", ["팬 먼저"])],
        [("FLOW · C# 기초", ["풀기 → 굽기 → 접기 · 2 * 3분"])]]
