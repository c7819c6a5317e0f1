"""The prompt route without a writer: nothing said to the writer reaches the page, nothing is
dropped silently, and placement is the same on every run."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SHARED, write

# What a prompt says to its writer or image model, never content.
INSTRUCTION = re.compile(
    r"Please generate|IMPORTANT|첨부된 이미지|주세요\s*$|\bCreate a\b.*(?:mermaid|diagram|mind ?map|flowchart|table)|"
    r"bullet points summari|^\s*(?:Root|Level \d|Columns?)\s*:|Flowchart:|showing\b|"
    r"\b(?:상단|하단|중앙|좌측|우측)\s*\(?\d+\s*%|Definition (?:Box|박스)|표로 비교|^\[.*(?:다이어그램|diagram|표|table)\]$",
    re.IGNORECASE)


def shared_prompts() -> list[Path]:
    if not (SHARED / "corpus").is_dir():
        return []
    return sorted((SHARED / "seed").glob("*-cheatsheet-prompt.md")) + sorted((SHARED / "corpus").glob("*.md"))


def report_of(path: Path, tmp_path: Path, hash_seed: str) -> bytes:
    report = tmp_path / f"{path.stem}.{hash_seed}.json"
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    done = subprocess.run([sys.executable, "-m", "pilgi", "check", str(path), "--allow-unplaced",
                           "--report", str(report)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return report.read_bytes()


@pytest.mark.skipif(not shared_prompts(), reason="the user's prompt files are not here")
@pytest.mark.parametrize("path", shared_prompts() or [None], ids=lambda p: p.name if p else "none")
def test_no_instruction_text_on_the_page_and_the_same_page_under_any_hash_seed(path, tmp_path):
    first = report_of(path, tmp_path, "1")
    assert report_of(path, tmp_path, "2") == first
    texts = [t["text"] for t in json.loads(first)["texts"]]
    assert texts and not [t for t in texts if INSTRUCTION.search(t)]


@pytest.mark.skipif(not shared_prompts(), reason="the user's prompt files are not here")
def test_the_seeds_described_table_rows_are_not_drawn_empty_but_named(cli, tmp_path):
    prompt = SHARED / "seed" / "neural-network-io-cheatsheet-prompt.md"
    code, _, err = cli("check", prompt)
    assert code == 2 and "4 listed rows the plan does not write" in err and "pilgi brief" in err


PROMPT = """\
# Layout Structure

```
┌────────────────────────────────────────────┐
│  🧪 NANO BANANA CHEAT SHEET: RLHF 🧪        │
├────────────────────────────────────────────┤
│  ┌──────────────────┐  ┌──────────────────┐│
│  │ 📖 WHAT IS RLHF  │  │ 🔄 PIPELINE      ││
│  │ Definition 박스   │  │ [4가지 핵심 단계 다이어그램] ││
│  │ 사람 피드백 강화학습 │  │ SFT → RM → PPO   ││
│  └──────────────────┘  └──────────────────┘│
└────────────────────────────────────────────┘
```

- 상단 (10%): 타이틀
- 하단 (90%): 두 박스

# Content Details

## 📖 WHAT IS RLHF

- Simple flow showing where RLHF fits
- **RLHF** = 사람의 선호로 보상 모델을 학습

## 🔄 PIPELINE

**파이프라인 다이어그램:**

```
SFT -> Reward Model -> PPO
```
"""


def test_descriptions_placeholders_and_layout_specs_are_not_drawn(cli, tmp_path):
    prompt = write(tmp_path, "rlhf-cheatsheet-prompt.md", PROMPT)
    report = tmp_path / "r.json"
    code, _, err = cli("check", prompt, "--report", report)
    assert code == 0, err
    texts = [t["text"] for t in json.loads(report.read_text())["texts"]]
    assert "Reward Model" in texts and any("사람의 선호로" in t for t in texts)
    for leaked in ("Simple flow", "다이어그램", "Definition", "상단", "타이틀", "파이프라인"):
        assert not [t for t in texts if leaked in t], leaked


def test_a_prompt_opening_with_a_rule_is_not_front_matter(cli, tmp_path):
    prompt = write(tmp_path, "rule-cheatsheet-prompt.md", "---\n" + PROMPT)
    report = tmp_path / "r.json"
    code, _, err = cli("check", prompt, "--report", report)
    assert code == 0, err
    assert "Reward Model" in [t["text"] for t in json.loads(report.read_text())["texts"]]


def test_a_page_with_nothing_to_draw_is_an_error(cli, tmp_path):
    prompt = write(tmp_path, "empty-cheatsheet-prompt.md",
                   "# Layout Structure\n\n```\n┌──────────┐\n│ 🍌 TITLE │\n├──────────┤\n│ ┌──────┐ │\n│ │ A    │ │\n"
                   "│ └──────┘ │\n└──────────┘\n```\n")
    code, _, err = cli("render", prompt, "-o", tmp_path / "out")
    assert code == 2 and "nothing to draw" in err
    assert not (tmp_path / "out").exists()
