"""What a prompt says to the model that draws it, told apart from what goes on the page.

A prompt file speaks to an image model: it names its own parts (Role Definition,
Source Text, Instructions), gives orders ("Create a Mermaid mindmap …:", "…해주세요"),
and describes content instead of writing it ("Simple flow showing …", "[핵심 단계
다이어그램]", "상단 (10%): 타이틀"). These patterns find such text, so that the readers
never draw it.
"""
from __future__ import annotations

import re

CONTENT_PART = re.compile(r"layout\s+structure|output\s+structure\s+plan|structure\s+plan|content\s+details|"
                          r"box\s+details|레이아웃\s*구조|구조\s*계획|콘텐츠\s*상세|박스\s*(?:별\s*)?상세|상세\s*내용",
                          re.IGNORECASE)
EXCLUDED_PART = re.compile(r"(?:\d+\.\s*)?(?:role\s+definition|source\s+text|output\s+style|instructions?\s*$)|"
                           r"스타일\s*가이드|추가\s*요청|메타\s*정보|이미지\s*생성\s*요청|작업\s*결과\s*요약|"
                           r"콘텐츠\s*정보|생성\s*지시", re.IGNORECASE)
SOURCE_PART = re.compile(r"source\s+text|원문", re.IGNORECASE)

# A heading of the prompt's own (not of the article it quotes): its plan, layout, instructions.
OWN_PART = re.compile(r"지시|instruction|plan\b|레이아웃|layout|구조|상세|details?\b|박스|\bbox|output|스타일|style|"
                      r"요청|메타|콘텐츠|치트\s*시트|cheat\s*sheet", re.IGNORECASE)

# Verbs that only ever tell the image model what to make, and verbs that do so
# when the line also speaks of the sheet or ends in a colon ("Use … as a table:").
# "Group 128 + FP16 scale" is a noun: a group of weights.
_STRONG_IMPERATIVE = re.compile(r"(?:please|create|extract|include|show|summari[sz]e|group(?!\s*\d)|visuali[sz]e|"
                                r"generate|highlight|convert|draw|display|illustrate|emphasi[sz]e|ensure|make\s+sure)\b",
                                re.IGNORECASE)
_WEAK_IMPERATIVE = re.compile(r"(?:use|list|add|write|compare|explain|describe|present|organi[sz]e|keep|follow|"
                              r"place|put|design|render|focus|provide|make)\b", re.IGNORECASE)
_SHEET_WORDS = re.compile(r"mermaid|diagram|table|chart|mind\s*-?map|bullet|section|cheat\s*sheet|quotes?\b|"
                          r"visual|format|emoji|column|code\s+block|annotation|following|다이어그램|표|섹션",
                          re.IGNORECASE)
NOTICE = re.compile(r"\**\s*(?:important|note|참고|주의)\s*\**\s*[:：]", re.IGNORECASE)
KOREAN_REQUEST = re.compile(r"(?:주세요|해줘|해 줘)\s*[.!。]?\s*$")  # "~하세요" is advice, kept
# A request leading in what it asks for: "흐름도로 그려주세요: A → B → C".
_KOREAN_REQUEST_LEAD = re.compile(r"[^:：\n]{0,60}(?:주세요|해줘|해 줘)\s*[:：]")
_ITEM_COUNT = re.compile(r"\b\d+\s*[-~–]\s*\d+\s+(?:bullet|point|item|sentence|line)", re.IGNORECASE)

# Text that describes content instead of being it: "Simple flow showing where RLHF fits",
# "[4가지 핵심 메커니즘 다이어그램]", "상단 (10%): 타이틀", "표로 비교" - only a writer can turn
# these into content, so they are never drawn.
_KIND_NOUN = (r"(?:flow\s*-?\s*chart|flow|diagram|chart|table|mind\s*-?\s*map|list|timeline|graph|visual|"
              r"illustration|matrix|infographic|schematic|sketch|icon|box)")
_DESCRIPTION = re.compile(
    r"(?:an?\s+|the\s+)?(?:[\w/-]+\s+){0,3}" + _KIND_NOUN
    + r"s?\s+(?:showing|illustrating|depicting|visuali[sz]ing|comparing|summari[sz]ing|explaining|"
      r"highlighting|that\s+shows?|to\s+show|of\s+the\s+following)\b", re.IGNORECASE)
_KOREAN_DESCRIPTION = re.compile(r"(?:보여주는|나타내는|설명하는|비교하는|정리한|요약한|시각화한?)\s*"
                                 r"(?:다이어그램|도식|표|차트|그림|플로우\s*차트|흐름도|마인드\s*맵|아이콘)|"
                                 r"(?:표|다이어그램|도식|그림|차트|아이콘|리스트|목록)\s*(?:으로|로)\s*"
                                 r"(?:비교|표시|정리|설명|나타|보여|시각화|표현)")

# "[4가지 핵심 메커니즘 다이어그램]", "[주제명]", "{{diagram}}": a slot for content, named by its kind.
_PLACEHOLDER = re.compile(r"(?:\[|\{\{|<)[^\[\]{}<>\n]{0,80}(?:다이어그램|도식|그림|차트|표|이미지|아이콘|설명|내용|예시|"
                          r"제목|주제명|섹션|diagram|chart|table|image|icon|placeholder|description|example|"
                          r"section|title)[^\[\]{}<>\n]{0,40}(?:\]|\}\}|>)", re.IGNORECASE)
_LAYOUT_SPEC = re.compile(r"(?:상단|하단|중앙|좌측|우측|중상단|중하단|top|bottom|center|middle|left|right)\s*"
                          r"[(（]?\s*\d{1,3}\s*(?:[~\-–]\s*\d{1,3}\s*)?%", re.IGNORECASE)
_BOX_LABEL = re.compile(r"[\w/&+ -]{1,30}?\s*(?:박스|\bbox)", re.IGNORECASE)  # "Definition 박스": a box's name

# A label that only names the kind of the element it introduces ("Definition Box", "파이프라인
# 다이어그램", "세 가지 관점 비교 테이블") is a layout label, not a title for the page.
_KIND_LABEL = re.compile(r".*?(?:\bbox|박스|다이어그램|\bdiagram|테이블|\btable|\bchart|차트|\bsection|섹션|"
                         r"\bcallout|카드|\bcard|\bblock\s*quote|\bquote|인용문?|\bbullet(?:\s+point)?|목록|리스트)"
                         r"s?\s*(?:[(（][^()（）]*[)）]\s*)?", re.IGNORECASE)

# A plan line telling the drawer what to mark on a box: "RLHF 박스에 \"지금 여기!\" 표시",
# "각 단계 아래에 한 단어 라벨: knowledge / format / preference".
_DRAWING_INSTRUCTION = re.compile(r"(?:박스|상자|단계|칸|행|열|노드|화살표|흐름|도식|box|arrow|node|step|row)\S*\s*"
                                  r"(?:에|의|아래|위|옆|안|사이)\S*\s.*?(?:표시|라벨|레이블|강조|달기|넣기|그리기|말풍선|손글씨)",
                                  re.IGNORECASE)

# How to draw, not what to say: "선택된 Expert는 굵은 실선, skip된 Expert는 점선", "…는 형광펜(노란색)
# 강조", "…으로 작게 표시", "세로형 다이어그램으로". Not a legend ("실선은 학습 손실") nor
# notation ("학습률은 η로 표시"): those are content.
_STYLE_INSTRUCTION = re.compile(r"[은는]\s*(?:굵은|얇은|진한|빨간|파란|회색|노란)?\s*(?:실선|점선)|"
                                r"형광펜\S*\s*(?:[(（][^)）]*[)）]\s*)?강조|"
                                r"(?:으로|로)\s*(?:작게|크게|굵게|진하게)\s*(?:표시|강조)|"
                                r"(?:세로|가로)형\s*(?:다이어그램|도식|흐름도)|"
                                r"(?:위쪽|아래쪽|왼쪽|오른쪽|옆|상단|하단)에\s.*(?:그래프|도식|다이어그램|그림|차트|아이콘)")


def is_description(line: str) -> bool:
    """Text that only describes content (see _DESCRIPTION): never drawn."""
    line = line.replace("**", "").strip().lstrip("-•*·→ ").strip()
    return bool(_DESCRIPTION.match(line) or _KOREAN_DESCRIPTION.search(line) or _PLACEHOLDER.fullmatch(line)
                or _LAYOUT_SPEC.match(line) or _BOX_LABEL.fullmatch(line) or _DRAWING_INSTRUCTION.search(line)
                or _STYLE_INSTRUCTION.search(line))


def only_names_a_kind(label: str) -> bool:
    """A label that only names the kind of what it introduces (see _KIND_LABEL), or only
    describes it: no title for the page."""
    return bool(_KIND_LABEL.fullmatch(label)) or is_description(label)


def is_instruction(text: str) -> bool:
    """Text that speaks to the image model: a notice, a request, an order, a description."""
    first = text.strip().split("\n", 1)[0].replace("**", "").strip()
    if (NOTICE.match(text.strip()) or KOREAN_REQUEST.search(first) or _KOREAN_REQUEST_LEAD.match(first)
            or _ITEM_COUNT.search(first)):
        return True
    if is_description(first):
        return True
    if _STRONG_IMPERATIVE.match(first):
        return True
    return bool(_WEAK_IMPERATIVE.match(first)) and (first.endswith((":", "：")) or bool(_SHEET_WORDS.search(first)))
