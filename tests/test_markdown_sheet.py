"""The Markdown cheat-sheet reader: structure it builds, slot rules, errors with lines."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pilgi.errors import FitError, InputError, Overflow
from pilgi.model import Code, Flow, ListBlock, MindMap, Quote, Sequence, Sheet, Table, Text
from pilgi.readers import limits, markdown_sheet
from pilgi.readers.markdown_sheet import read_markdown_sheet

# A cheat sheet as an LLM writes it: emoji headings, kind hints, layout notes.
HTTP_CACHING = """\
# 🍌 NANO BANANA CHEAT SHEET: HTTP 캐싱 (HTTP Caching)

브라우저와 CDN이 ==응답을 재사용==하는 규칙

## 1. 🗺️ Topic Overview (Mind Map)

```mermaid
mindmap
  root((HTTP Cache))
    Freshness
      max-age
      Expires
    Validation
      ETag
      Last-Modified
    Storage
      private
      shared
```

## 2. 📋 Cache-Control 지시어 (Table) (좌측 상단)

| 지시어 | 의미 | 예시 |
|---|---|---|
| `max-age` | **신선도** 유지 시간(초) | `max-age=3600` |
| `no-cache` | 매번 ==재검증== | 로그인 페이지 |
| `no-store` | 저장 금지 | 결제 응답 |

## 3. ⚡ 조건부 요청 흐름 (Sequence Diagram)

```mermaid
sequenceDiagram
  Browser->>CDN: GET /app.js
  CDN->>Origin: If-None-Match: "v1"
  Origin-->>CDN: 304 Not Modified
  CDN-->>Browser: 200 (cached)
```

## 4. ✅ 배포 체크리스트

- [ ] 정적 파일에 **해시** 붙이기
- [x] HTML은 `no-cache`
- [ ] CDN 무효화 스크립트

## 5. 💬 Quotes

- "There are only two hard things in Computer Science: cache invalidation and naming things." - 캐시 무효화는 어렵다
- “Cache what you can, validate what you must.” — 가능한 건 캐시, 필요한 건 검증
"""


def read(text: str, path: str = "/notes/http-caching.md") -> Sheet:
    return read_markdown_sheet(textwrap.dedent(text), path)


def error_of(text: str, path: str = "/notes/sheet.md") -> str:
    with pytest.raises(InputError) as caught:
        read(text, path)
    return str(caught.value)


def section(sheet: Sheet, title: str):
    return next(s for s in sheet.sections if s.title == title)


def slots_of(sheet: Sheet) -> dict[str, str]:
    return {s.title: s.slot for s in sheet.sections}


def flow_doc(title: str, nodes: int) -> str:
    chain = " --> ".join(f"N{i}" for i in range(nodes))
    return f"## {title}\n\n```mermaid\nflowchart LR\n  {chain}\n```\n\n"


# --- title and headings ---------------------------------------------------------------

def test_title_icon_and_subtitle_come_from_the_heading_and_intro():
    sheet = read(HTTP_CACHING)
    assert sheet.title == "NANO BANANA CHEAT SHEET: HTTP 캐싱 (HTTP Caching)"
    assert sheet.title_icon == "🍌"
    assert sheet.subtitle == "브라우저와 CDN이 ==응답을 재사용==하는 규칙"
    assert sheet.path == "/notes/http-caching.md"


def test_section_headings_lose_number_emoji_kind_hints_and_layout_notes():
    sheet = read(HTTP_CACHING)
    assert [(s.icon, s.title) for s in sheet.sections] == [
        ("🗺️", "Topic Overview"),
        ("📋", "Cache-Control 지시어"),
        ("⚡", "조건부 요청 흐름"),
        ("✅", "배포 체크리스트"),
        ("💬", "Quotes"),
    ]


@pytest.mark.parametrize("heading, icon, title", [
    ("## 🔑 2. ETag 검증 (Flowchart)", "🔑", "ETag 검증"),
    ("## 3) 👩🏽‍💻 개발자 팁", "👩🏽‍💻", "개발자 팁"),
    ("## 1️⃣ 기본 개념 (표)", "1️⃣", "기본 개념"),
    ("## ⏱️ 신선도 [중앙, 가장 넓게] (Sequence Diagram)", "⏱️", "신선도"),
    ("## 🇰🇷 한국 CDN (우측 하단 분할)", "🇰🇷", "한국 CDN"),
    ("## Vary 헤더 (Accept-Encoding)", "", "Vary 헤더 (Accept-Encoding)"),
    ("## **4. 📦 저장소**", "📦", "저장소"),
    ("## 🔄 Pod Phase (State Diagram)", "🔄", "Pod Phase"),
    ("## 🧱 Controller 관계 (Class Diagram)", "🧱", "Controller 관계"),
    ("## 🎓 Student (Class)", "🎓", "Student (Class)"),
])
def test_heading_forms(heading, icon, title):
    sheet = read(f"# 캐싱\n\n{heading}\n\n본문\n")
    assert (sheet.sections[0].icon, sheet.sections[0].title) == (icon, title)


def test_without_a_title_heading_the_file_stem_is_the_title():
    sheet = read("## 📌 요점\n\n짧게 캐시하고 자주 검증한다.\n", "/notes/cache-basics.md")
    assert sheet.title == "cache-basics"
    assert sheet.sections[0].title == "요점"


def test_a_heading_above_all_the_others_is_the_title_whatever_its_level():
    sheet = read("## 🍌 asyncio 치트시트\n\n### 🧭 개념\n\n이벤트 루프\n\n### 📌 요약\n\n- await\n")
    assert (sheet.title_icon, sheet.title) == ("🍌", "asyncio 치트시트")
    assert [s.title for s in sheet.sections] == ["개념", "요약"]
    same_level = read("## 🧭 개념\n\n이벤트 루프\n\n## 📌 요약\n\n- await\n", "/notes/asyncio.md")
    assert same_level.title == "asyncio"


def test_long_intro_becomes_an_untitled_first_section():
    intro = "캐시는 " + "응답을 저장해 두었다가 다시 쓰는 것이다. " * 8
    sheet = read(f"# 캐싱\n\n{intro}\n\n## 📌 요점\n\n재검증을 잊지 말 것\n")
    assert sheet.subtitle == ""
    assert sheet.sections[0].title == ""
    assert sheet.sections[0].blocks == [Text(intro.strip())]


def test_sub_headings_title_the_next_block_or_stand_alone_in_bold():
    sheet = read("""\
        # 캐싱

        ## 🧭 헤더 정리

        ### 응답 헤더 (Table)

        | 헤더 | 역할 |
        |---|---|
        | ETag | 버전 표시 |

        ### 요청 헤더

        - If-None-Match
        - If-Modified-Since

        ### 끝으로 (하단 중앙)
    """)
    table, bullets, last = sheet.sections[0].blocks
    assert table.title == "응답 헤더"
    assert bullets.title == "요청 헤더"
    assert last == Text("**끝으로**")


def test_horizontal_rules_and_empty_sections_are_skipped():
    sheet = read("# 캐싱\n\n## 🫥 빈 섹션\n\n---\n\n## 📌 요점\n\n짧게 캐시\n")
    assert [s.title for s in sheet.sections] == ["요점"]


# --- blocks ----------------------------------------------------------------------------

def test_table_cells_keep_inline_markup_and_line_breaks():
    table = section(read(HTTP_CACHING), "Cache-Control 지시어").blocks[0]
    assert isinstance(table, Table)
    assert table.header == ["지시어", "의미", "예시"]
    assert table.rows[0] == ["`max-age`", "**신선도** 유지 시간(초)", "`max-age=3600`"]
    assert table.rows[1][1] == "매번 ==재검증=="
    sheet = read("| 키 | 값 |\n|---|---|\n| TTL | 짧게<br>자주 검증 |\n")
    assert sheet.sections[0].blocks[0].rows == [["TTL", "짧게\n자주 검증"]]


def test_task_list_becomes_a_check_list():
    checks = section(read(HTTP_CACHING), "배포 체크리스트").blocks[0]
    assert checks == ListBlock(["정적 파일에 **해시** 붙이기", "HTML은 `no-cache`", "CDN 무효화 스크립트"], "check",
                               done=[False, True, False])


def test_task_items_mixed_with_bullets_are_drawn_as_checks_and_bullets():
    sheet = read("## 할 일\n\n- [ ] 직접 테스트\n- [x] 캐시 확인\n- **Reasoning** 모델\n- [ ] 비용 측정\n")
    assert sheet.sections[0].blocks == [
        ListBlock(["직접 테스트", "캐시 확인"], "check", done=[False, True]),
        ListBlock(["**Reasoning** 모델"], "bullet"),
        ListBlock(["비용 측정"], "check", done=[False]),
    ]


def test_numbered_and_bullet_lists_join_nested_items_into_their_parent():
    sheet = read("""\
        ## 🔁 재검증 순서

        1. 캐시 확인
           - 신선하면 바로 응답
           - 오래되면 재검증
        2. 서버에 조건부 요청
           1. `If-None-Match`
           2. `If-Modified-Since`
              - 둘 다 있으면 ETag 우선
        3. 304면 캐시 사용
    """)
    assert sheet.sections[0].blocks == [ListBlock([
        "캐시 확인\n– 신선하면 바로 응답\n– 오래되면 재검증",
        "서버에 조건부 요청\n1. `If-None-Match`\n2. `If-Modified-Since`\n  – 둘 다 있으면 ETag 우선",
        "304면 캐시 사용",
    ], "number")]


def test_blocks_inside_a_list_item_follow_the_list():
    sheet = read("""\
        ## 🛠️ 설정

        - Nginx 설정:

          ```nginx
          add_header Cache-Control "max-age=60";
          ```
        - 재시작
    """)
    assert sheet.sections[0].blocks == [
        ListBlock(["Nginx 설정:", "재시작"], "bullet"),
        Code('add_header Cache-Control "max-age=60";', "nginx"),
    ]


def test_code_keeps_its_language_and_text():
    sheet = read("""\
        ## 💻 확인 명령

        ```bash
        curl -I https://example.com/app.js
        # Cache-Control: max-age=3600
        ```

            indented code
    """)
    assert sheet.sections[0].blocks == [
        Code("curl -I https://example.com/app.js\n# Cache-Control: max-age=3600", "bash"),
        Code("indented code", ""),
    ]


def test_mermaid_blocks_become_diagrams():
    sheet = read(HTTP_CACHING + "\n## 🔀 판단\n\n```mermaid\nflowchart TD\n  A[요청] --> B{신선?}\n  B -->|예| C[캐시]\n```\n")
    mind = section(sheet, "Topic Overview").blocks[0]
    seq = section(sheet, "조건부 요청 흐름").blocks[0]
    flow = section(sheet, "판단").blocks[0]
    assert isinstance(mind, MindMap) and mind.root.text == "HTTP Cache"
    assert [c.text for c in mind.root.children] == ["Freshness", "Validation", "Storage"]
    assert isinstance(seq, Sequence) and [m.text for m in seq.items][:2] == ["GET /app.js", 'If-None-Match: "v1"']
    assert isinstance(flow, Flow) and [n.label for n in flow.nodes] == ["요청", "신선?", "캐시"]


def test_blockquote_with_dash_line_is_a_quote_with_a_note():
    sheet = read("""\
        ## 💡 명언

        > “Cache invalidation is a hard problem.”
        > — 무효화 전략부터 세우자
    """)
    assert sheet.sections[0].blocks == [Quote("Cache invalidation is a hard problem.", note="무효화 전략부터 세우자")]


@pytest.mark.parametrize("body, expected", [
    ('> "Premature optimization is the root of all evil."\n> — Donald Knuth',
     Quote("Premature optimization is the root of all evil.", source="Donald Knuth")),
    ('> "Measure first."\n>\n> 측정 없이 캐시하지 말 것\n> 특히 개인화 응답',
     Quote("Measure first.", note="측정 없이 캐시하지 말 것\n특히 개인화 응답")),
    ('> "Stale is better than down." - 장애 때는 오래된 응답도 낫다',
     Quote("Stale is better than down.", note="장애 때는 오래된 응답도 낫다")),
    ('> **“Validate, don\'t guess.”**\n> - 추측 말고 검증',
     Quote("**Validate, don't guess.**", note="추측 말고 검증")),
    ("> 캐시 키에 쿠키를 넣지 말 것", Quote("캐시 키에 쿠키를 넣지 말 것")),
])
def test_blockquote_forms(body, expected):
    assert read(f"## 💬 인용\n\n{body}\n").sections[0].blocks == [expected]


def test_list_of_quotes_with_comments_becomes_quote_blocks():
    quotes = section(read(HTTP_CACHING), "Quotes").blocks
    assert quotes == [
        Quote("There are only two hard things in Computer Science: cache invalidation and naming things.",
              note="캐시 무효화는 어렵다"),
        Quote("Cache what you can, validate what you must.", note="가능한 건 캐시, 필요한 건 검증"),
    ]


def test_a_list_mixing_quotes_and_plain_items_stays_a_list():
    sheet = read('## 📝 메모\n\n- "ETag" - 버전 식별자\n- Vary 헤더도 확인\n')
    assert sheet.sections[0].blocks == [ListBlock(['"ETag" - 버전 식별자', "Vary 헤더도 확인"])]


def test_inline_links_emphasis_images_and_html_are_cleaned_but_markup_kept():
    sheet = read("""\
        ## 🔗 참고

        [MDN 문서](https://developer.mozilla.org)를 *꼭* 읽고 _천천히_ 따라하기 ![🐢 거북이](turtle.png)
        **ETag**는 ==강한 검증==, `W/` 접두사는 <span class="x">약한</span> 검증<br>끝  
        다음 줄
    """)
    assert sheet.sections[0].blocks == [Text(
        "MDN 문서를 꼭 읽고 천천히 따라하기 🐢 거북이 **ETag**는 ==강한 검증==, `W/` 접두사는 약한 검증\n끝\n다음 줄")]


def test_html_blocks_keep_only_their_text():
    sheet = read("## 📌 요점\n\n<div align=\"center\">\n<!-- hidden -->\n<b>캐시는 &amp; 검증</b>\n</div>\n")
    assert sheet.sections[0].blocks == [Text("캐시는 & 검증")]


# --- front matter ---------------------------------------------------------------------

FRONT = """\
---
title: HTTP 캐싱 한 장 정리
subtitle: 신선도와 검증
icon: "🗄️"
source: {title: "HTTP Caching", author: "MDN", url: "https://developer.mozilla.org"}
layout: tutorial
page: {orientation: portrait, dpi: 150}
theme: pastel
seed: 7
slots:
  center: 조건부 요청
  top-left: 5
  bottom-right: "Topic Overview"
---
"""


def test_front_matter_fields_and_slot_mapping_are_honoured():
    sheet = read(FRONT + HTTP_CACHING)
    assert (sheet.title, sheet.subtitle, sheet.title_icon) == ("HTTP 캐싱 한 장 정리", "신선도와 검증", "🗄️")
    assert (sheet.source.author, sheet.source.url) == ("MDN", "https://developer.mozilla.org")
    assert (sheet.layout, sheet.page.orientation, sheet.page.dpi, sheet.theme, sheet.seed) == \
        ("tutorial", "portrait", 150, {"name": "pastel"}, 7)
    # The intro paragraph is content when the front matter names the subtitle.
    assert sheet.sections[0].blocks == [Text("브라우저와 CDN이 ==응답을 재사용==하는 규칙")]
    assert slots_of(sheet) == {
        "": "top-right",
        "Topic Overview": "bottom-right",
        "Cache-Control 지시어": "bottom-left",
        "조건부 요청 흐름": "center",
        "배포 체크리스트": "bottom-middle",
        "Quotes": "top-left",
    }


def test_slot_number_falls_back_to_position_when_headings_are_unnumbered():
    sheet = read("---\nslots: {center: 2}\n---\n## 🅰️ 첫째\n\n하나\n\n## 🅱️ 둘째\n\n둘\n")
    assert slots_of(sheet)["둘째"] == "center"


@pytest.mark.parametrize("front, message", [
    ("colour: red", "/notes/sheet.md:2: colour: unknown field 'colour' (expected one of: icon, layout, page, "
                    "seed, slots, source, subtitle, theme, title)"),
    ("title: x\npage: {orientation: sideways}", "/notes/sheet.md:3: page.orientation: expected 'landscape' or "
                                                "'portrait'"),
    ("source: {publisher: x}", "/notes/sheet.md:2: source.publisher: unknown field 'publisher' "
                               "(expected one of: author, chapter, title, url)"),
    ("seed: -3", "/notes/sheet.md:2: seed: expected a number from 0 to 2147483647"),
    ("layout: nowhere", "/notes/sheet.md:2: layout: unknown layout 'nowhere'"),
    ("slots: {middle: 1}", "/notes/sheet.md:2: slots.middle: slot 'middle' is not in layout 'lecture' "
                           "(slots: top-left, top-right, center, bottom-left, bottom-middle, bottom-right)"),
    ("slots: {center: 요청, top-left: 9}", "/notes/sheet.md:2: slots.top-left: no section number 9"),
    ("slots: {center: 캐시}", "/notes/sheet.md:2: slots.center: '캐시' matches several sections"),
    ("slots: {center: Redis}", "/notes/sheet.md:2: slots.center: no section heading matches 'Redis'"),
    ("slots: {center: 1, top-left: 캐시 저장}", "/notes/sheet.md:2: slots.top-left: section '캐시 저장' is "
                                               "already in slot 'center'"),
    ("slots: [center]", "/notes/sheet.md:2: slots: expected a mapping of slot name to section"),
    ("- just a list", "/notes/sheet.md:1: front matter: expected a mapping"),
    ("title: [unclosed", "/notes/sheet.md:2: YAML syntax error"),
])
def test_front_matter_errors_name_line_and_field(front, message):
    body = "## 1. 🗄️ 캐시 저장\n\n브라우저 캐시\n\n## 2. 📨 캐시 요청 헤더\n\nno-cache 우회\n"
    assert error_of(f"---\n{front}\n---\n{body}").startswith(message)


# --- slot assignment ----------------------------------------------------------------------

def test_largest_diagram_takes_the_largest_slot_and_the_rest_follow_in_order():
    # lecture: top-left, top-right, center (largest), bottom-left, bottom-middle, bottom-right
    assert slots_of(read(HTTP_CACHING)) == {
        "Topic Overview": "center",  # the mind map (7 nodes) is larger than the sequence (4 messages)
        "Cache-Control 지시어": "top-left",
        "조건부 요청 흐름": "top-right",
        "배포 체크리스트": "bottom-left",
        "Quotes": "bottom-middle",
    }


def test_default_rule_uses_the_layout_areas():
    # use-case: left, center (65% × 1.6/3.6 of the width: the largest), right, bottom-left, bottom-right
    doc = ("---\nlayout: use-case\n---\n" + "## 📝 사례\n\n브라우저 캐시\n\n" + flow_doc("작은 흐름", 2)
           + "## 📌 요점\n\n재검증\n\n" + flow_doc("큰 흐름", 6))
    assert slots_of(read(doc)) == {"사례": "left", "작은 흐름": "right", "요점": "bottom-left", "큰 흐름": "center"}


def test_without_diagrams_sections_fill_slots_in_document_order():
    doc = "".join(f"## 📌 요점 {i}\n\n내용 {i}\n\n" for i in range(3))
    assert [s.slot for s in read(doc).sections] == ["top-left", "top-right", "center"]


def test_surplus_sections_are_merged_into_the_previous_one_not_dropped():
    doc = (flow_doc("🔀 흐름", 3)
           + "## 📋 상세 표\n\n| 키 | 값 |\n|---|---|\n| TTL | 60 |\n\n"
           + "## 💬 한마디\n\n> \"Cache early\"\n> — 일찍 캐시\n\n"
           + "## 🎯 핵심 요약\n\n### 기억할 것\n\n- 짧은 TTL\n")
    sheet = read("---\nlayout: single\n---\n" + doc)
    assert len(sheet.sections) == 1
    merged = sheet.sections[0]
    assert (merged.title, merged.slot) == ("흐름", "center")
    assert [type(b) for b in merged.blocks] == [Flow, Table, Quote, Text, ListBlock]
    assert [b.title for b in merged.blocks] == ["", "📋 상세 표", "💬 한마디", "", "기억할 것"]
    assert merged.blocks[3] == Text("**🎯 핵심 요약**")  # its list already had a title


def test_small_sections_are_merged_before_diagrams():
    sections = [flow_doc(f"흐름 {i}", 3) for i in range(6)]
    sections.insert(3, "## 💬 짧은 인용\n\n> 검증하라\n\n")
    sheet = read("".join(sections))
    assert len(sheet.sections) == 6
    assert [s.title for s in sheet.sections] == [f"흐름 {i}" for i in range(6)]
    assert sheet.sections[2].blocks[1] == Quote("검증하라", title="💬 짧은 인용")


def test_pinned_sections_are_never_merged_away():
    doc = "---\nlayout: single\nslots: {center: 인용}\n---\n" + flow_doc("흐름", 5) + "## 💬 인용\n\n> 검증하라\n"
    sheet = read(doc)
    assert [(s.title, s.slot) for s in sheet.sections] == [("인용", "center")]
    assert sheet.sections[0].blocks[1].title == "흐름"


def test_rule_placed_sections_may_move_pinned_ones_may_not():
    doc = "---\nslots: {center: 요점}\n---\n" + flow_doc("흐름", 5) + "## 📌 요점\n\n짧다\n"
    sheet = read(doc)
    assert [(s.title, s.slot, s.slot_by_rule) for s in sheet.sections] == [
        ("흐름", "top-left", True), ("요점", "center", False)]


def test_a_sheet_the_default_layout_cannot_hold_takes_the_first_layout_that_does(monkeypatch):
    tried = []

    def fit_only(layout: str):
        def fake_fit_page(sheet: Sheet, draw: bool = True):
            tried.append(sheet.layout)
            if sheet.layout != layout:
                raise FitError([Overflow("'흐름' (slot main)", "does not fit")], sheet.path)
        return fake_fit_page

    doc = flow_doc("흐름", 5) + "## 📌 요점\n\n짧다\n"
    monkeypatch.setattr(markdown_sheet, "fit_page", fit_only("use-case"))
    sheet = read(doc)
    assert (sheet.layout, tried) == ("use-case", ["lecture", "use-case"])
    assert slots_of(sheet) == {"흐름": "center", "요점": "left"}
    tried.clear()
    monkeypatch.setattr(markdown_sheet, "fit_page", fit_only("none of them"))
    assert read(doc).layout == "lecture"  # its fitting then names what does not fit
    assert tried == ["lecture", "use-case", "tutorial"]
    tried.clear()
    assert read("---\nlayout: lecture\n---\n" + doc).layout == "lecture"
    assert tried == []  # the author chose it: no fitting in the reader


# --- errors -------------------------------------------------------------------------------

def test_broken_mermaid_names_the_absolute_line():
    doc = ("---\ntitle: 캐싱\n---\n"  # lines 1-3
           "## 🔀 흐름\n"  # 4
           "\n"  # 5
           "```mermaid\n"  # 6
           "flowchart LR\n"  # 7
           "  A --> B\n"  # 8
           "  C ==>>\n"  # 9: broken
           "```\n")
    assert error_of(doc).startswith("/notes/sheet.md:9: ")


def test_mermaid_inside_a_blockquote_keeps_its_line_numbers():
    doc = "## 💬 인용\n\n> 다이어그램:\n>\n> ```mermaid\n> gantt\n> ```\n"
    assert error_of(doc) == "/notes/sheet.md:6: unsupported Mermaid diagram type 'gantt'"


@pytest.mark.parametrize("doc, message", [
    ("", "/notes/sheet.md:1: the document is empty"),
    ("  \n\n", "/notes/sheet.md:1: the document is empty"),
    ("# 제목만\n\n---\n", "/notes/sheet.md:1: nothing to draw"),
    ("---\ntitle: x\n---\n", "/notes/sheet.md:1: nothing to draw"),
])
def test_empty_documents_are_errors(doc, message):
    assert error_of(doc).startswith(message)


def test_too_many_sections_names_the_first_one_over_the_limit():
    doc = "".join(f"## 섹션 {i}\n\n내용\n\n" for i in range(limits.MAX_SECTIONS + 1))
    line = 4 * limits.MAX_SECTIONS + 1
    assert error_of(doc) == f"/notes/sheet.md:{line}: {limits.MAX_SECTIONS + 1} sections; " \
                            f"the limit is {limits.MAX_SECTIONS}"


def test_too_large_tables_are_errors():
    wide = "|" + "|".join(f"c{i}" for i in range(limits.MAX_COLUMNS + 1)) + "|\n"
    wide += "|" + "|".join("-" for _ in range(limits.MAX_COLUMNS + 1)) + "|\n"
    assert error_of(f"## 표\n\n{wide}") == \
        f"/notes/sheet.md:3: table has {limits.MAX_COLUMNS + 1} columns; the limit is {limits.MAX_COLUMNS}"
    long = "| k | v |\n|---|---|\n" + "| a | b |\n" * (limits.MAX_ROWS + 1)
    assert error_of(f"## 표\n\n{long}").startswith(f"/notes/sheet.md:3: table has {limits.MAX_ROWS + 1} rows")


def test_too_long_lists_and_texts_are_errors():
    items = "".join(f"- 항목 {i}\n" for i in range(limits.MAX_ITEMS + 1))
    assert error_of(f"## 목록\n\n{items}").startswith(f"/notes/sheet.md:3: {limits.MAX_ITEMS + 1} list items")
    quoted = "".join(f"> - 주석 {i}\n" for i in range(limits.MAX_ITEMS + 1))
    assert error_of(f"## 인용\n\n> 검증하라\n{quoted}").startswith(f"/notes/sheet.md:4: {limits.MAX_ITEMS + 1} list items")
    text = "가" * (limits.MAX_TEXT + 1)
    assert error_of(f"## 글\n\n\n{text}\n").startswith(f"/notes/sheet.md:4: text is {limits.MAX_TEXT + 1} characters")


# --- robustness ---------------------------------------------------------------------------

MARKDOWNISH = st.lists(
    st.sampled_from(["# ", "## ", "### ", "1. ", "- ", "- [ ] ", "> ", "| ", " | ", "|---|", "```", "```mermaid",
                     "---", "**", "==", "`", "\"", "“", " — ", "(Table)", "(중앙)", "🍌", "🗺️", "👩🏽‍💻", "캐시",
                     "검증", "ETag", "graph TD", "A --> B", "mindmap", "sequenceDiagram", "slots:", "center: 1",
                     "title:", "<br>", "[x](y)", "\n", "\n\n", "  "])
    | st.text(max_size=8),
    max_size=60,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(MARKDOWNISH)
def test_random_markdown_gives_a_sheet_or_an_input_error(text):
    try:
        sheet = read_markdown_sheet(text, "/notes/random.md")
    except InputError as error:
        assert "\n" not in str(error)
        assert str(error).startswith("/notes/random.md")
        return
    assert isinstance(sheet, Sheet) and sheet.sections
    assert all(s.blocks and s.slot for s in sheet.sections)


def test_cells_no_section_needs_are_left_out_of_a_chosen_layout():
    text = "# 🍌 Codes\n## 📗 2xx\n- 200 OK\n## 📙 4xx\n- 404 Not Found\n## 📕 5xx\n- 500 Error\n"
    sheet = read_markdown_sheet(text, Path("codes.md"))
    bands = sheet.layout_spec["bands"]
    slots = [cell["slot"] for band in bands for cell in band["cells"]]
    assert sorted(slots) == sorted(["title"] + [s.slot for s in sheet.sections])
    assert abs(sum(band["height"] for band in bands) - 100) < 1e-9
