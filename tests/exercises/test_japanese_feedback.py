"""Exercise feedback in the course language: a Japanese student reads every message in Japanese.

The verdict's symbol (✓/✗) and status never change with the language; the words do, and the
English words stay exactly as they were.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from usjapan_edu import exercises, i18n
from usjapan_edu.exercises import rules
from usjapan_edu.exercises.loader import from_yaml
from usjapan_edu.exercises.near_misses import wrong_answer
from usjapan_edu.quiz.store import ProgressStore

SHARE = "02.japan-share-2023"
RANK = "06.japan-rank-2022"


@pytest.fixture
def japanese() -> Iterator[None]:
    i18n.set_language("ja")
    yield
    i18n.set_language(None)


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language(None)


@pytest.fixture(scope="module")
def share() -> float:
    return float(rules.number(exercises.get_exercise(SHARE).expected, rules.Data()))


def test_a_wrong_number_is_explained_in_japanese(japanese: None, share: float) -> None:
    result = exercises.check(SHARE, share * 100, store=None)
    assert (result.code, result.status, result.symbol) == ("units", "failed", "✗")
    assert result.verdict == "惜しい、不正解です。"
    assert "正しい値の100倍" in result.detail and "100を掛けないでください" in result.detail
    assert "Not quite" not in result.message and "times too" not in result.message
    high = exercises.check(SHARE, share + 1, store=None)
    assert high.code == "high" and high.detail == "数値が大きすぎます。"
    typed = exercises.check(SHARE, "1.2", store=None)
    assert typed.code == "type"
    assert typed.detail.startswith(
        "渡されたのはテキスト（str）ですが、この演習が求めているのは数値です。"
    )
    html = result._repr_html_()
    assert 'data-status="failed"' in html and "✗" in html and "惜しい、不正解です。" in html


def test_a_near_miss_gets_its_japanese_feedback(japanese: None) -> None:
    ex = exercises.get_exercise(RANK)
    wrong = wrong_answer(ex, ex.near_misses[0], rules.Data())
    result = exercises.check(RANK, wrong, store=None)
    assert (result.code, result.symbol, result.status) == ("near_miss", "✗", "failed")
    assert result.verdict == "惜しい、不正解です。"
    assert "日本の**貿易相手国" in result.detail and "reporter" in result.detail
    assert "the task asks" not in result.detail


def test_not_yet_says_what_to_do_in_japanese(japanese: None) -> None:
    placeholder = exercises.check(SHARE, ..., store=None)
    assert (placeholder.code, placeholder.symbol, placeholder.status) == (
        "not_yet",
        "✗",
        "not_yet",
    )
    assert placeholder.verdict == "まだ解答がありません。"
    assert "`...` を自分のコードに書き換えて" in placeholder.detail
    missing = exercises.check(SHARE, store=None)  # no variable japan_share_2023 here
    assert "`japan_share_2023` はまだありません" in missing.detail


def test_a_right_answer_is_praised_in_japanese_and_saved(
    japanese: None, share: float, tmp_path: Path
) -> None:
    store = ProgressStore(tmp_path / "progress.json")
    result = exercises.check(SHARE, share, store=store)
    assert (result.passed, result.symbol, result.status) == (True, "✓", "passed")
    assert result.verdict == "正解です！"
    assert "GDP比1%の線" in result.detail  # the file's feedback_ja
    assert "1回目" in repr(result)
    record = store.get("exercises:02", "japan-share-2023")
    assert record["language"] == "ja" and record["feedback"].startswith("正解です！")


def test_hints_and_solutions_are_titled_in_japanese(japanese: None) -> None:
    first = exercises.hint(SHARE, store=None)
    assert first.title == "ヒント1／2" and "2つの条件を同時に使います" in first.body
    last = exercises.hint(SHARE, store=None)
    assert last.title == "ヒント2／2（最後のヒント）"
    assert exercises.solution(SHARE, store=None).title == "解答例"


def test_a_japanese_verdict_is_read_as_the_vocabulary(japanese: None, tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "progress.json")
    result = exercises.check("06.verdict-c04", "一部支持される", store=store)
    assert result.passed and result.verdict == "正解です！"
    record = store.get("exercises:06", "verdict-c04")
    assert record["response"] == "partly supported"  # the hand-in holds the English word


def test_japanese_feedback_written_over_several_lines_reads_as_one(japanese: None) -> None:
    text = (
        'prefix: "t"\nlanguages: [en, ja]\ntitle: T\ntitle_ja: T\nexercises:\n'
        "  - id: a\n    type: text\n    prompt: '?'\n    prompt_ja: '？'\n    accept: [x]\n"
        "    feedback: {incorrect: Try again.}\n"
        "    feedback_ja:\n      incorrect: |\n        もう一度\n        試しましょう。\n"
    )
    ex = from_yaml(text, lang="ja").exercises[0]
    result = exercises.check(ex, "y", store=None)
    assert result.detail.endswith("もう一度試しましょう。")


def test_english_is_unchanged(english: None, share: float) -> None:
    result = exercises.check(SHARE, share * 100, store=None)
    assert result.verdict == "Not quite."
    assert result.detail == (
        "Your number is a hundred times too large — the data already give per cent: don't "
        "multiply by 100."
    )
    assert exercises.check(SHARE, share, store=None).verdict == "Correct!"
    not_yet = exercises.check(SHARE, ..., store=None)
    assert not_yet.message == (
        "Not yet. Replace the `...` with your code, run that cell, then run this check again."
    )
    assert exercises.hint(SHARE, store=None).title == "Hint 1 of 2"
    assert exercises.hint(SHARE, store=None).title == "Hint 2 of 2 (the last one)"
    typed = exercises.check(SHARE, pd.Series([1.2]), store=None)
    assert typed.detail == (
        "You passed a Series with 1 value; the exercise wants a number — try `.iloc[0]` or "
        "`.item()`."
    )
