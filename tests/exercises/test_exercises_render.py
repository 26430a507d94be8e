"""A Result shows ✓/✗ *and* words in every format, and escapes whatever the student passed."""

from __future__ import annotations

import pandas as pd
import pytest

from usjapan_edu import exercises
from usjapan_edu.exercises import rules

SHARE = "02.japan-share-2023"


@pytest.mark.parametrize(
    ("answer", "symbol", "word", "status"),
    [
        ("right", "✓", "Correct!", "passed"),
        (9.0, "✗", "Not quite.", "failed"),
        (..., "✗", "Not yet.", "not_yet"),
    ],
)
def test_every_format_has_a_symbol_and_words(
    answer: object, symbol: str, word: str, status: str
) -> None:
    if answer == "right":
        answer = rules.number(exercises.get_exercise(SHARE).expected, rules.Data())
    r = exercises.check(SHARE, answer, store=None)
    assert repr(r).startswith(f"{symbol} {word}")
    assert r._repr_markdown_().startswith(f"**{symbol} {word}**")
    html = r._repr_html_()
    assert 'role="status"' in html and f'aria-hidden="true">{symbol}</span> {word}</strong>' in html
    assert "#1a7f37" in html if status == "passed" else "#1a7f37" not in html  # quiz colours
    assert f'data-status="{status}"' in html and SHARE in html
    assert r.status == status and r.to_dict()["passed"] == r.passed


def test_student_text_is_escaped(write_file) -> None:
    path = write_file(
        'prefix: "r"\nexercises:\n  - id: t\n    type: dataframe\n    prompt: x\n'
        "    extra_columns: false\n"
        "    expected: {dataset: alliance_timeline, where: {domain: digital}, columns: [date]}\n"
    )
    ex = exercises.load_exercises(path)["t"]
    timeline = rules.Data().get("alliance_timeline")
    digital = timeline.loc[timeline.domain == "digital", ["date"]].assign(
        **{"<script>x</script>": 1}
    )
    r = exercises.check(ex, digital, store=None)
    assert r.code == "columns"
    assert "<script>" not in r._repr_html_()


def test_result_is_a_value_tests_can_use() -> None:
    r = exercises.check(SHARE, pd.Series([1.0]), store=None)
    assert not r and r.score == 0.0 and r.code == "type" and r.exercise_id == SHARE
    assert "`.item()`" in r.message
