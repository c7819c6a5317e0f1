"""--writer: stub writers of our own answer the brief; pilgi saves, reuses, retries or refuses."""
import re
import stat
from pathlib import Path

import pytest

from .conftest import SHARED

FIXTURES = Path(__file__).parent / "fixtures" / "answers"
PROMPT = FIXTURES / "bread-cheatsheet-prompt.md"
GOOD = FIXTURES / "bread.answer.md"
TOO_LONG = "# T\n\n" + "".join(
    f"## {title}\n\n" + "\n".join(f"- {title} 항목 {i}: 상자를 넘치게 만드는 아주 긴 설명 문장이 계속된다" for i in range(40))
    + "\n\n" for title in ("STARTER", "HYDRATION", "BAKING FLOW", "KEY INSIGHT", "KEY TAKEAWAYS"))


ONE_CALL = ("--retries", "0")  # the small fixture answer leaves boxes blank, which is sent back by default


def stub(tmp_path: Path, name: str, body: str) -> str:
    """A shell script that logs each call (with its brief) in calls/ and then runs ``body``."""
    calls = tmp_path / "calls"
    calls.mkdir(exist_ok=True)
    script = tmp_path / name
    script.write_text("#!/bin/sh\n"
                      f'n=$(ls "{calls}" | wc -l)\n'
                      f'cat > "{calls}/$n.brief.md"\n' + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def too_long(tmp_path: Path) -> Path:
    answer = tmp_path / "long.md"
    answer.write_text(TOO_LONG)
    return answer


def in_turn(tmp_path: Path, first: Path, then: Path) -> str:
    """A writer answering with ``first``, and with ``then`` when it is asked again."""
    return stub(tmp_path, "w.sh", f'if [ "$n" = 0 ]; then cat "{first}"; else cat "{then}"; fi')


def calls(tmp_path: Path) -> list[str]:
    return [p.read_text() for p in sorted((tmp_path / "calls").glob("*.brief.md"))]


def test_a_writer_answers_the_brief_and_its_answer_is_saved_beside_the_page(cli, tmp_path):
    writer = stub(tmp_path, "w.sh", f'cat "{GOOD}"')
    out = tmp_path / "out"
    code, stdout, err = cli("render", PROMPT, "--writer", writer, "-o", out, *ONE_CALL)
    assert code == 0, err
    assert (out / "bread.png").is_file() and (out / "bread.answer.md").is_file()
    saved = (out / "bread.answer.md").read_text()
    assert saved.startswith("---\nlayout: ") and "prompt-sha256: " in saved and "## 💧 HYDRATON" in saved
    [brief] = calls(tmp_path)
    assert "`## 🧪 STARTER`" in brief and "Bulk fermentation" in brief


def test_the_saved_answer_is_reused_with_its_edits_while_the_prompt_is_unchanged(cli, tmp_path):
    writer = stub(tmp_path, "w.sh", f'cat "{GOOD}"')
    out = tmp_path / "out"
    assert cli("render", PROMPT, "--writer", writer, "-o", out, *ONE_CALL)[0] == 0
    answer = out / "bread.answer.md"
    answer.write_text(answer.read_text().replace("시간이 재료다", "시간도 재료다"))
    report = tmp_path / "r.json"
    code, _, err = cli("render", PROMPT, "--writer", writer, "-o", out, "--report", report)
    assert code == 0, err
    assert len(calls(tmp_path)) == 1 and "시간도 재료다" in report.read_text()
    code, _, err = cli("render", PROMPT, "--writer", writer, "-o", out, *ONE_CALL, "--rewrite")
    assert code == 0 and len(calls(tmp_path)) == 2 and "시간이 재료다" in answer.read_text()


def test_a_changed_prompt_asks_the_writer_again(cli, tmp_path):
    prompt = tmp_path / "bread-cheatsheet-prompt.md"
    prompt.write_text(PROMPT.read_text())
    writer = stub(tmp_path, "w.sh", f'cat "{GOOD}"')
    out = tmp_path / "out"
    assert cli("render", prompt, "--writer", writer, "-o", out, *ONE_CALL)[0] == 0
    prompt.write_text(PROMPT.read_text().replace("Feed it daily.", "Feed it twice a day."))
    assert cli("render", prompt, "--writer", writer, "-o", out, *ONE_CALL)[0] == 0
    assert len(calls(tmp_path)) == 2 and "twice a day" in calls(tmp_path)[1]


def test_an_answer_that_does_not_fit_is_sent_back_with_the_fit_report(cli, tmp_path):
    writer = in_turn(tmp_path, too_long(tmp_path), GOOD)
    code, _, err = cli("render", PROMPT, "--writer", writer, "-o", tmp_path / "out")
    assert code == 0, err
    first, second = calls(tmp_path)
    assert "did not fit" not in first
    assert "## Your previous answer did not fit" in second and "STARTER 항목 0" in second
    assert "'STARTER'" in second and "lines) at the smallest size" in second and "shorten it" in second


def test_the_writers_route_reads_the_prompt_once_retries_and_all(cli, tmp_path, monkeypatch):
    import pilgi.reading
    reads = []
    real_read_bytes = pilgi.reading.read_bytes

    def counted_read_bytes(path, *args, **kwargs):
        reads.append(Path(path).resolve())
        return real_read_bytes(path, *args, **kwargs)
    monkeypatch.setattr(pilgi.reading, "read_bytes", counted_read_bytes)
    writer = in_turn(tmp_path, too_long(tmp_path), GOOD)
    code, _, err = cli("render", PROMPT, "--writer", writer, "-o", tmp_path / "out")
    assert code == 0, err
    assert len(calls(tmp_path)) == 2 and reads.count(PROMPT.resolve()) == 1


def test_the_fit_report_names_each_box_over_by_its_own_title(tmp_path):
    from pilgi.readers.prompt_parts import Box, PagePlan
    from pilgi.writer import fit_report
    titles = ("Terms; notes: part 1", "Second")  # a message's separators inside a title
    answer = "# T\n\n" + "".join(f"## {title}\n\n" + "".join(
        f"- {i}: 상자를 넘치게 만드는 아주 긴 설명 문장이 계속된다\n" for i in range(40)) + "\n" for title in titles)
    page = PagePlan("T", "", "", "lecture", None, [Box("top-left", "", ""), Box("top-right", "", "")])
    report = fit_report(answer, tmp_path / "a.answer.md", page)
    assert len(report) == 2
    for line, title, slot in zip(report, titles, ("top-left", "top-right")):
        assert line.startswith(f"'{title}' (slot {slot}) does not fit: over by ") and line.endswith(": shorten it")


def test_an_answer_still_too_long_after_the_retries_is_an_error_and_kept_for_editing(cli, tmp_path):
    writer = stub(tmp_path, "w.sh", f'cat "{too_long(tmp_path)}"')
    out = tmp_path / "out"
    code, _, err = cli("render", PROMPT, "--writer", writer, "-o", out, "--retries", "2")
    assert code == 2 and "do not fit" in err and "bread.answer.md" in err
    assert len(calls(tmp_path)) == 3
    assert not (out / "bread.png").exists() and (out / "bread.answer.md").is_file()


@pytest.mark.parametrize("body, message", [
    ("echo broken >&2; exit 3", "failed with exit code 3: broken"),
    ("true", "printed nothing"),
    ("sleep 20", "ran past 0.5 s"),
])
def test_a_failing_writer_is_an_error_and_nothing_is_written(cli, tmp_path, body, message):
    writer = stub(tmp_path, "w.sh", body)
    out = tmp_path / "out"
    code, _, err = cli("render", PROMPT, "--writer", writer, "-o", out, "--writer-timeout", "0.5")
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
    assert not out.exists() or not any(out.iterdir())


def test_the_writer_may_come_from_the_environment(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PILGI_WRITER", stub(tmp_path, "w.sh", f'cat "{GOOD}"'))
    out = tmp_path / "out"
    code, _, err = cli("render", PROMPT, "-o", out)
    assert code == 0 and (out / "bread.answer.md").is_file(), err


def test_build_runs_the_writer_for_each_prompt(cli, tmp_path):
    src = tmp_path / "src" / "week1"
    src.mkdir(parents=True)
    (src / "bread-cheatsheet-prompt.md").write_text(PROMPT.read_text())
    writer = stub(tmp_path, "w.sh", f'cat "{GOOD}"')
    out = tmp_path / "out"
    code, stdout, err = cli("build", tmp_path / "src", "-o", out, "--writer", writer, "-j", "1")
    assert code == 0, stdout + err
    assert (out / "week1" / "bread.png").is_file() and (out / "week1" / "bread.answer.md").is_file()
    # The saved answer names its prompt by a path relative to itself.
    assert "layout: ../../src/week1/bread-cheatsheet-prompt.md" in (out / "week1" / "bread.answer.md").read_text()
    code, _, err = cli("check", out / "week1" / "bread.answer.md")
    assert code == 0, err


def test_build_draws_a_prompt_from_the_answer_saved_beside_it(cli, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "bread-cheatsheet-prompt.md").write_text(PROMPT.read_text())
    (src / "bread.answer.md").write_text("---\nlayout: bread-cheatsheet-prompt.md\n---\n" + GOOD.read_text())
    out = tmp_path / "out"
    code, stdout, err = cli("build", src, "-o", out, "-j", "1")
    assert code == 0, stdout + err
    assert "rendered 1," in stdout and "bread.answer.md" in err and (out / "bread.png").is_file()


def test_an_answer_leaving_boxes_mostly_blank_is_sent_back_to_be_filled(cli, tmp_path):
    writer = stub(tmp_path, "w.sh", f'cat "{GOOD}"')
    out = tmp_path / "out"
    code, _, err = cli("render", PROMPT, "--writer", writer, "-o", out)
    assert code == 0, err
    first, second = calls(tmp_path)
    assert "## Your previous answer left boxes mostly blank" in second
    assert "mostly blank: box 'STARTER' leaves" in second and "of its paper blank" in second
    # STARTER's three bullets are short: the writer is asked for longer lines, not more of them.
    starter = next(line for line in second.splitlines() if "box 'STARTER'" in line)
    assert "make its lines longer (a line across the box holds about" in starter and "without adding lines" in starter
    # BAKING FLOW's short chain leaves lines of room under it: the writer is told how many.
    flow = next(line for line in second.splitlines() if "box 'BAKING FLOW'" in line)
    assert re.search(r"write about \d+ lines more in it", flow), flow


def crowded(tmp_path: Path) -> Path:
    """The good answer with its STARTER box holding far more than its room: it draws, small."""
    items = "".join(f"- **Starter** 항목 {i}: 밀가루와 물을 매일 섞어 먹이를 준다\n" for i in range(10))
    answer = tmp_path / "crowded.md"
    answer.write_text(re.sub(r"(## 1️⃣ 🧪 Starter \(스타터\)\n\n)(- .*\n)+", lambda m: m.group(1) + items,
                             GOOD.read_text()))
    return answer


def test_an_answer_crowding_a_box_is_sent_back_to_be_shortened(cli, tmp_path):
    writer = in_turn(tmp_path, crowded(tmp_path), GOOD)
    code, _, err = cli("render", PROMPT, "--writer", writer, "-o", tmp_path / "out")
    assert code == 0, err
    first, second = calls(tmp_path)
    starter = next(line for line in second.splitlines() if line.startswith("- crowded: box 'STARTER'"))
    assert " pt to fit" in starter and "lines more than its room" in starter and "shorten it" in starter
    assert "## Your previous answer left boxes" in second and "crowded" in second.split("This is what you wrote")[0]


def test_a_crowded_box_with_a_word_too_wide_at_11_pt_is_named_without_a_line_count(cli, tmp_path):
    wide = "`" + "x" * 100 + "`"
    answer = tmp_path / "wide.md"
    answer.write_text(GOOD.read_text().replace("- 매일 **feeding** 해서 활성 유지", f"- {wide}"))
    code, out, err = cli("brief", PROMPT, "--answer", answer)
    assert code == 0, err
    starter = next(line for line in out.splitlines() if line.startswith("- crowded: box 'STARTER'"))
    assert "a word or diagram wider than the box" in starter


def test_a_fuller_retry_that_no_longer_fits_keeps_the_answer_that_drew(cli, tmp_path):
    writer = in_turn(tmp_path, GOOD, too_long(tmp_path))
    out = tmp_path / "out"
    code, _, err = cli("render", PROMPT, "--writer", writer, "-o", out)
    assert code == 0, err
    assert len(calls(tmp_path)) == 2
    saved = (out / "bread.answer.md").read_text()
    assert "시간이 재료다" in saved and "STARTER 항목 0" not in saved


def test_brief_with_an_answer_writes_what_to_send_back_to_a_writer_run_by_hand(cli, tmp_path):
    code, sparse, err = cli("brief", PROMPT, "--answer", GOOD)
    assert code == 0, err
    assert sparse.startswith("# Brief") and "## Your previous answer left boxes mostly blank" in sparse
    assert "시간이 재료다" in sparse and "mostly blank: box 'STARTER' leaves" in sparse
    code, over, err = cli("brief", PROMPT, "--answer", too_long(tmp_path))
    assert code == 0 and "## Your previous answer did not fit" in over and "shorten it" in over


@pytest.mark.skipif(not (SHARED / "seed").is_dir(), reason="the user's prompt files are not here")
def test_brief_with_an_answer_that_draws_cleanly_sends_nothing_back(cli):
    answer = FIXTURES / "writers" / "neural-network-io.answer.md"
    prompt = SHARED / "seed" / "neural-network-io-cheatsheet-prompt.md"
    code, out, err = cli("brief", prompt, "--answer", answer)
    assert code == 0 and out == "" and "draws cleanly, nothing to send back" in err
