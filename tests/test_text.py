import pytest

from pilgi.fonts import FontSet
from pilgi.text import Span, Typesetter, parse_inline, plain
from pilgi.theme import Theme


@pytest.fixture(scope="module")
def ts():
    theme = Theme()
    return Typesetter(FontSet(theme), theme)


def test_inline_markup_becomes_spans():
    spans = parse_inline("a **bold** and ==mark== `x()` **==both==**")
    assert Span("bold", bold=True) in spans
    assert Span("mark", highlight=True) in spans
    assert Span("x()", code=True) in spans
    assert Span("both", bold=True, highlight=True) in spans
    assert plain("a **b** ==c== `d`") == "a b c d"


def test_korean_wraps_between_words_and_english_words_stay_whole(ts):
    text = "Probability Distribution 는 다음 토큰에 대한 확률을 모두 더하면 1.0 이 됩니다"
    para = ts.wrap(text, 700, 40)
    assert len(para.lines) > 1
    words = text.split()
    rebuilt = [p.text for line in para.lines for p in line.pieces if p.text != " "]
    assert rebuilt == words
    for line in para.lines:
        assert line.width <= 700


def test_a_word_wider_than_the_line_fails_instead_of_breaking(ts):
    assert ts.wrap("Tokenization", ts.width("Token", "body", 40), 40) is None


def test_explicit_newlines_break_lines(ts):
    para = ts.wrap("첫째 줄\n둘째 줄", 2000, 40)
    assert len(para.lines) == 2


def test_placed_lines_keep_every_character(ts):
    text = "**입력**: 가변 길이 ==토큰== 시퀀스 📥"
    para = ts.wrap(text, 300, 40)
    _, lines = ts.place(para, 0, 0, (0, 0, 0), "r")
    assert len(lines) > 1
    assert " ".join(ln.text for ln in lines) == plain(text)


def test_a_lone_mark_stays_with_the_word_it_belongs_to(ts):
    cases = {"불확실하면 ==주석 우선순위 ↑== 확실하면 건너뜀 ✅": ("우선순위 ↑", "건너뜀 ✅"),  # closing
             "고정 예시 ✓ 작은 Policy LM이 힌트를 생성 ✔️ 블랙박스 LLM과 호환": ("✓ 작은", "✔️ 블랙박스")}  # opening
    for text, pairs in cases.items():
        words = text.replace("==", "").split(" ")
        for width in range(200, 900, 10):  # wherever the line breaks
            para = ts.wrap(text, width, 40)
            if para is None:
                continue
            lines = ["".join(p.text for p in line.pieces) for line in para.lines]
            for pair in pairs:
                assert any(pair in line for line in lines), (width, lines)
            assert " ".join(lines).split(" ") == words  # nothing lost or added, spaces kept
