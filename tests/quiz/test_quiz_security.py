"""A bank is data, never code: hostile filters, oversized input and odd answers are refused.

Each test here stands for an item of the security review (issue 7); the marker-file tests prove
that nothing in a bank is executed, not just that an error is raised.
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from usjapan_edu.filters import FilterError, parse_where
from usjapan_edu.quiz import BankError, bank_from_data, bank_from_yaml, load_bank
from usjapan_edu.quiz.bank import MAX_FILE_BYTES, validate_files
from usjapan_edu.quiz.model import (
    MAX_REFLECTION_CHARS,
    MAX_TEXT_CHARS,
    AnswerFrom,
    AnswerFromError,
    Match,
    MultipleChoice,
    Numeric,
    Option,
    Order,
    Reflection,
    SingleChoice,
    Text,
    TrueFalse,
)
from usjapan_edu.quiz.parsing import MAX_ANSWER_CHARS, AnswerFormatError, parse_number


def _hostile(marker: Path) -> list[str]:
    """Expressions that would run a command (or hang) if anything evaluated them."""
    touch = f"__import__('os').system('touch {marker}')"
    return [
        f"year == 2022 or {touch}",
        f"year.__class__.__init__.__globals__['os'].system('touch {marker}')",
        "year.__class__.__mro__[1].__subclasses__()",
        f"@pd.io.common.os.system('touch {marker}')",
        f"`year`.__class__ and {touch}",
        f"(lambda: {touch})()",
        f"[{touch} for _ in [1]]",
        f"year == open('{marker}', 'w')",
        "year == 10 ** 10 ** 10",
        "year == 2022 and basis == 'census'" + " and year == 2022" * 5000,
        "year[0]",
        "year == 2022; import os",
    ]


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    return tmp_path / "pwned"


def _numeric_bank(where_yaml: str) -> str:
    return (
        "id: hostile\ntitle: T\nquestions:\n  - id: n\n    type: numeric\n    prompt: x\n"
        "    answer_from:\n      dataset: goods_trade\n      column: us_balance_usd_bn\n"
        f"      where: {where_yaml}\n"
    )


def test_every_hostile_expression_is_refused_at_validation_and_never_run(
    marker: Path, write_bank: Any
) -> None:
    for i, expr in enumerate(_hostile(marker)):
        quoted = "'" + expr.replace("'", "''") + "'"
        path = write_bank(_numeric_bank(quoted), name=f"h{i}.yaml")
        started = time.monotonic()
        problems = validate_files([path])
        assert time.monotonic() - started < 10, expr[:60]
        assert len(problems) == 1, (expr[:60], problems)
        assert problems[0].startswith(f"{path}:10: question 'n': answer_from: where must be")
        assert "expressions are never run" in problems[0]
        for resolve in (True, False):
            with pytest.raises(BankError):
                load_bank(path, resolve=resolve)
    assert not marker.exists()


def test_hostile_text_inside_a_mapping_filter_is_only_ever_compared(
    marker: Path, write_bank: Any
) -> None:
    for i, expr in enumerate(_hostile(marker)[:9]):
        quoted = "'" + expr.replace("'", "''") + "'"
        path = write_bank(_numeric_bank(f"{{basis: {quoted}}}"), name=f"m{i}.yaml")
        problems = validate_files([path])
        # compared with the data as plain text: it matches no row
        assert len(problems) == 1
        assert "selects 0 rows" in problems[0]
    assert not marker.exists()


@pytest.mark.parametrize(
    ("where", "line", "words"),
    [
        ("{__class__: 1}", 10, "is not a column name"),
        ("{'year.__class__': 1}", 10, "is not a column name"),
        ("{'`year`': 1}", 10, "is not a column name"),
        ("{'@x': 1}", 10, "is not a column name"),
        ("{year: {gt: 2000}}", 10, "unknown condition 'gt' for year"),
        ("{year: {min: census}}", 10, "min: for year needs a number or a date, not text"),
        ("{year: [[1, 2]]}", 10, "year must be compared with a value or a list of values"),
        ("[year, 2022]", 10, "where must be a mapping of column: condition, not a list"),
    ],
)
def test_malformed_mapping_filters_name_their_line(
    write_bank: Any, where: str, line: int, words: str
) -> None:
    path = write_bank(_numeric_bank(where))
    for resolve in (True, False):
        problems = validate_files([path], resolve=resolve)
        assert len(problems) == 1, problems
        assert problems[0].startswith(f"{path}:{line}: question 'n': answer_from: ")
        assert words in problems[0]


def test_a_filter_problem_points_at_the_line_of_its_column(write_bank: Any) -> None:
    path = write_bank(
        _numeric_bank("").rstrip("\n")
        + "\n        year: 2022\n        basis: {not: [census], between: 1}\n"
    )
    (problem,) = validate_files([path])
    assert problem.startswith(f"{path}:12: question 'n': answer_from: unknown condition 'between'")


def test_old_expression_form_gets_the_mapping_to_write_instead(write_bank: Any) -> None:
    path = write_bank(_numeric_bank("\"year == 2022 and basis == 'census'\""))
    (problem,) = validate_files([path])
    assert "write where: {year: 2022, basis: census}" in problem
    path = write_bank(
        "id: q\ntitle: T\nquestions:\n  - id: n\n    type: numeric\n    prompt: x\n"
        "    answer_from: {dataset: goods_trade, column: us_balance_usd_bn,\n"
        "                  query: 'year == 2022'}\n",
        name="query.yaml",
    )
    (problem,) = validate_files([path])
    assert problem.startswith(f"{path}:8: question 'n': answer_from: query: is not read;")
    assert "write where: {year: 2022}" in problem


# ---------------------------------------------------------------- the filter language


FRAME = pd.DataFrame(
    {
        "year": pd.array([2020, 2021, 2022, 2022, None], dtype="Int64"),
        "basis": pd.Categorical(["census", "census", "census", "bop", "bop"]),
        "value": [1.0, 2.0, math.nan, 4.0, 5.0],
        "country": pd.array(["Japan", "China", "Japan", "Japan", None], dtype="string"),
        "when": pd.to_datetime(["2020-01-01", "2021-06-30", "2022-01-01", "2022-12-31", None]),
    }
)


@pytest.mark.parametrize(
    ("where", "rows"),
    [
        ({}, [0, 1, 2, 3, 4]),
        ({"year": 2022}, [2, 3]),
        ({"year": 2022, "basis": "census"}, [2]),
        ({"basis": ["bop"], "country": "Japan"}, [3]),
        ({"year": {"min": 2021, "max": 2022}}, [1, 2, 3]),
        ({"year": {"above": 2020, "below": 2022}}, [1]),
        ({"year": {"not": 2022}}, [0, 1]),
        ({"country": {"not": ["Japan"]}}, [1]),
        ({"year": None}, [4]),
        ({"country": {"not": None}}, [0, 1, 2, 3]),
        ({"value": {"min": 2}}, [1, 3, 4]),
        ({"when": {"min": pd.Timestamp("2021-01-01").date()}}, [1, 2, 3]),
    ],
)
def test_filters_select_the_documented_rows(where: dict[str, Any], rows: list[int]) -> None:
    assert list(parse_where(where).apply(FRAME).index) == rows


@pytest.mark.parametrize(
    ("where", "words"),
    [
        ({"yeer": 2022}, "has no column 'yeer'; did you mean 'year'?"),
        ({"year": "2022"}, "holds a number, but the filter gives text ('2022'); write a number"),
        ({"country": 1}, "holds text, but the filter gives a number"),
        ({"basis": {"min": 1}}, "holds text; min/max/above/below need numbers"),
        ({"year": True}, "holds a number, but the filter gives true/false"),
    ],
)
def test_filters_that_do_not_fit_the_data_say_why(where: dict[str, Any], words: str) -> None:
    with pytest.raises(FilterError) as err:
        parse_where(where).apply(FRAME, dataset="'fake'")
    assert words in str(err.value)
    assert err.value.key == next(iter(where))


filter_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(max_size=8),
        st.dates(),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(
                st.sampled_from(["min", "max", "above", "below", "not"]), st.text(max_size=4)
            ),
            inner,
            max_size=3,
        ),
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        filter_values,
        st.dictionaries(
            st.one_of(st.sampled_from(list(FRAME.columns)), st.text(max_size=6), st.integers()),
            filter_values,
            max_size=4,
        ),
    )
)
def test_fuzzed_filters_give_rows_or_a_filter_error(data: Any) -> None:
    try:
        rows = parse_where(data).apply(FRAME)
    except FilterError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert set(rows.index) <= set(FRAME.index)


def test_answer_from_refuses_a_true_false_column(write_bank: Any) -> None:
    path = write_bank(
        "id: b\ntitle: T\nquestions:\n  - id: n\n    type: numeric\n    prompt: x\n"
        "    answer_from:\n      dataset: military_expenditure\n"
        "      where: {country: Japan, year: 2023}\n      column: is_estimate\n"
    )
    (problem,) = validate_files([path])
    assert problem.startswith(f"{path}:10: question 'n': answer_from: column 'is_estimate'")
    assert "true/false values, not numbers" in problem
    with pytest.raises(AnswerFromError, match="not numbers"):
        AnswerFrom("military_expenditure", "is_estimate", {"country": "Japan"}).resolve()


def test_an_unknown_source_dataset_is_reported_even_without_the_data(write_bank: Any) -> None:
    path = write_bank(
        "id: s\ntitle: T\nquestions:\n  - id: q\n    type: text\n    prompt: x\n"
        "    accept: [y]\n    source: {dataset: goods_trades}\n"
    )
    for resolve in (True, False):
        (problem,) = validate_files([path], resolve=resolve)
        assert problem.startswith(
            f"{path}:8: question 'q': source: unknown dataset 'goods_trades'; "
            "did you mean 'goods_trade'?"
        )


def test_validating_a_folder_without_banks_is_not_a_pass(tmp_path: Path) -> None:
    assert validate_files([tmp_path]) == [
        f"{tmp_path}: no quiz banks (*.yaml, *.yml) in this folder"
    ]


# ---------------------------------------------------------------- sizes


def test_a_long_text_aliased_many_times_is_refused_at_once() -> None:
    text = (
        "id: a\ntitle: &big "
        + "x" * 100_000
        + "\nquestions:\n"
        + "".join(
            f"  - {{id: q{i}, type: text, prompt: *big, accept: [*big]}}\n" for i in range(20)
        )
    )
    started = time.monotonic()
    with pytest.raises(BankError, match="aliases") as err:
        bank_from_yaml(text)
    assert time.monotonic() - started < 5
    assert err.value.problems[0].startswith("<string>:")


def test_a_bank_file_larger_than_the_limit_is_refused_before_reading(write_bank: Any) -> None:
    path = write_bank("id: a\ntitle: T\n# " + "x" * MAX_FILE_BYTES + "\nquestions: []\n")
    (problem,) = validate_files([path])
    assert problem.startswith(f"{path}:1: bank: the file is 1.0 MB; a bank may be at most 1 MB")
    with pytest.raises(BankError, match="split it"):
        bank_from_yaml(path.read_text())


# ---------------------------------------------------------------- answers


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("1" * 40_000, f"at most {MAX_ANSWER_CHARS} characters"),
        ("1e9999999999999999999", "too large to check"),
        (10**400, "too large to check"),
        ("10²", "“²” is a superscript"),
        ("½", "“½” is a superscript, subscript or fraction sign"),
        (["68"], "Type a number"),
    ],
)
def test_unreadable_numbers_are_explained_not_raised(typed: Any, words: str) -> None:
    with pytest.raises(AnswerFormatError, match=words):
        parse_number(typed)
    grade = Numeric(id="n", prompt="?", answer=68).grade(typed)
    assert not grade.attempt_counts
    assert words in grade.feedback.replace("\\", "")


def test_a_long_answer_is_refused_in_constant_time() -> None:
    started = time.monotonic()
    for n in (10_000, 100_000, 1_000_000):
        assert not Numeric(id="n", prompt="?", answer=1).grade("1," * n).attempt_counts
    assert time.monotonic() - started < 2


def test_student_input_is_echoed_as_text_not_markdown() -> None:
    md = MarkdownIt("commonmark")  # images on: the escape alone must keep <img> out
    for typed in ("![](https://example.org/x.png)", "[x](https://example.org) 5", "<b>5</b>"):
        grade = Numeric(id="n", prompt="?", answer=68).grade(typed)
        html = md.render(grade.feedback)
        assert "<img" not in html and "<a " not in html and "<b>" not in html
        assert f"“{typed}”" in html.replace("&lt;", "<").replace("&gt;", ">")


QUESTIONS = [
    SingleChoice(id="s", prompt="?", options=(Option("a", correct=True), Option("b"))),
    MultipleChoice(id="m", prompt="?", options=(Option("a", correct=True), Option("b"))),
    TrueFalse(id="t", prompt="?", answer=True),
    Numeric(id="n", prompt="?", answer=68.0, unit="USD bn"),
    Text(id="x", prompt="?", accept=("Okinawa",)),
    Order(id="o", prompt="?", items=("a", "b", "c")),
    Match(id="p", prompt="?", pairs=(("a", "1"), ("b", "2"))),
    Reflection(id="r", prompt="?", min_words=2),
]
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**500), max_value=10**500),
        st.floats(),
        st.text(max_size=30),
        st.sampled_from(["a", "b", "1", "Okinawa", "68", "1e999999999999", "１２３", "12 %"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["a", "b", "left", "x"]), inner, max_size=3),
    ),
    max_leaves=10,
)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(QUESTIONS), json_values)
def test_any_response_gets_a_grade_never_an_exception(question: Any, response: Any) -> None:
    grade = question.grade(response)
    assert 0.0 <= grade.score <= 1.0
    assert grade.feedback


def test_the_reported_crashing_answers_get_a_grade() -> None:
    match = QUESTIONS[6]
    assert not match.grade({"a": ["x"], "b": "2"}).attempt_counts
    assert not QUESTIONS[5].grade([["a"], "b", "c"]).attempt_counts
    assert not QUESTIONS[4].grade("x" * (MAX_TEXT_CHARS + 1)).attempt_counts
    long_memo = "word " * (MAX_REFLECTION_CHARS // 5 + 1)
    assert "at most" in QUESTIONS[7].grade(long_memo).feedback


def test_bank_data_with_a_hostile_filter_never_runs(marker: Path) -> None:
    data = {
        "id": "d",
        "title": "D",
        "questions": [
            {
                "id": "n",
                "type": "numeric",
                "prompt": "?",
                "answer_from": {"dataset": "goods_trade", "column": "x", "where": expr},
            }
            for expr in _hostile(marker)[:3]
        ],
    }
    with pytest.raises(BankError):
        bank_from_data(data, resolve=False)
    assert not marker.exists()
