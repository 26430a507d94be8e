"""Fuzzed banks: any input gives a Bank or a BankError with well-formed problems, nothing else."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from usjapan_edu.quiz import Bank, BankError
from usjapan_edu.quiz.bank import (
    ANSWER_FROM_KEYS,
    BANK_KEYS,
    COMMON_KEYS,
    OPTION_KEYS,
    SOURCE_KEYS,
    TYPE_KEYS,
    bank_from_data,
    bank_from_yaml,
)
from usjapan_edu.quiz.model import QUESTION_TYPES

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "quizzes" / "sample-all-types.yaml"
PROBLEM = re.compile(r"^<(data|string)>:\d+: (bank|question '[^']*'|question #\d+): \S.*$", re.S)
KEYS = sorted(
    set(BANK_KEYS + COMMON_KEYS + OPTION_KEYS + SOURCE_KEYS + ANSWER_FROM_KEYS)
    | {k for ks in TYPE_KEYS.values() for k in ks}
    | {"left", "right", "explaination", "typ"}
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from([*QUESTION_TYPES, "San Francisco", "goods_trade", "year == 2022", "x", ""]),
)
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=6), st.integers(-3, 3), st.booleans())
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=5),
    ),
    max_leaves=20,
)

VALID_QUESTIONS: dict[str, dict[str, Any]] = {
    "single": {"options": [{"text": "a", "correct": True}, {"text": "b", "feedback": "no"}]},
    "multiple": {"options": [{"text": "a", "correct": True}, "b", "c"]},
    "true_false": {"answer": False, "feedback": {"true": "no", "false": "yes"}},
    "numeric": {"answer": -68.0, "tolerance": 1, "unit": "USD bn"},
    "text": {"accept": ["Okinawa"]},
    "order": {"items": ["a", "b", "c"]},
    "match": {"pairs": [{"left": "a", "right": "1"}, {"left": "b", "right": "2"}]},
    "reflection": {"min_words": 3},
}


def _valid_bank() -> dict[str, Any]:
    questions = [
        {
            "id": f"q-{t}",
            "type": t,
            "prompt": "**Why?**",
            "hints": ["h"],
            "explanation": "e",
            **copy.deepcopy(extra),
        }
        for t, extra in VALID_QUESTIONS.items()
    ]
    return {"id": "fuzz", "title": "Fuzz", "questions": questions}


def _check(make: Any) -> Bank | None:
    try:
        bank = make()
    except BankError as exc:
        assert exc.problems, "a BankError must list its problems"
        for problem in exc.problems:
            assert PROBLEM.match(problem), problem
            assert "internal error" not in problem, problem
        return None
    assert isinstance(bank, Bank)
    for q in bank:
        if getattr(q, "answer_from", None) is not None:
            continue  # bindings were not resolved (resolve=False); covered by other tests
        # a valid bank grades any answer without raising
        for response in (None, "", "x", 1, ["a"], {"a": "1"}, True):
            q.grade(response)
    return bank


def test_the_fuzz_baseline_is_valid() -> None:
    assert _check(lambda: bank_from_data(_valid_bank(), resolve=False)) is not None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_any_data_gives_a_bank_or_a_bank_error(data: Any) -> None:
    _check(lambda: bank_from_data(data, resolve=False))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, len(VALID_QUESTIONS) - 1),
    st.sampled_from(KEYS),
    values,
    st.booleans(),
)
def test_mutated_questions_give_a_bank_or_a_bank_error(
    index: int, key: str, value: Any, delete: bool
) -> None:
    data = _valid_bank()
    question = data["questions"][index]
    if delete:
        question.pop(key, None)
    else:
        question[key] = value
    _check(lambda: bank_from_data(data, resolve=False))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["id", "title", "questions"]), values)
def test_mutated_banks_give_a_bank_or_a_bank_error(key: str, value: Any) -> None:
    data = _valid_bank()
    data[key] = value
    _check(lambda: bank_from_data(data, resolve=False))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_any_text_gives_a_bank_or_a_bank_error(text: str) -> None:
    _check(lambda: bank_from_yaml(text, resolve=False))


@pytest.fixture(scope="module")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_damaged_sample_gives_a_bank_or_a_bank_error(sample_text: str, data: Any) -> None:
    text = sample_text
    for _ in range(data.draw(st.integers(1, 4))):
        start = data.draw(st.integers(0, len(text)))
        stop = data.draw(st.integers(start, min(len(text), start + 40)))
        junk = data.draw(
            st.sampled_from(
                [
                    "",
                    " ",
                    "  ",
                    "\n",
                    ":",
                    "- ",
                    "#",
                    "'",
                    "[",
                    "{",
                    "x",
                    "\t",
                    "&a ",
                    "*a",
                    "!!int ",
                ]
            )
        )
        text = text[:start] + junk + text[stop:]
    _check(lambda: bank_from_yaml(text, resolve=False))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.sampled_from(["goods_trade", "military_expenditure", "nope", ""]),
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            [
                "year == 2022",
                "basis == 'census'",
                "@df",
                "year.__class__",
                "__import__('os')",
                "year == 2022 and basis == 'census'",
            ]
        ),
        st.dictionaries(
            st.sampled_from(["year", "basis", "country", "x", "__class__"]),
            st.one_of(
                scalars,
                st.lists(scalars, max_size=3),
                st.dictionaries(st.sampled_from(["min", "max", "not", "gt"]), scalars, max_size=2),
            ),
            max_size=3,
        ),
    ),
    st.sampled_from(["us_balance_usd_bn", "share_of_gdp_pct", "basis", "year", "x"]),
)
def test_fuzzed_answer_from_gives_a_bank_or_a_bank_error(
    fake_datasets: dict[str, int], dataset: str, where: Any, column: str
) -> None:
    data = {
        "id": "d",
        "title": "D",
        "questions": [
            {
                "id": "n",
                "type": "numeric",
                "prompt": "?",
                "answer_from": {"dataset": dataset, "where": where, "column": column},
            }
        ],
    }
    bank = _check(lambda: bank_from_data(data))
    if bank is not None:
        assert isinstance(bank["n"].value, float)
