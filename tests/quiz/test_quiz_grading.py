"""Grading of every question type, table-driven: correctness, partial credit, feedback."""

from __future__ import annotations

from typing import Any

import pytest

from usjapan_edu.quiz.model import (
    AnswerFrom,
    AnswerFromError,
    Grade,
    Match,
    MultipleChoice,
    Numeric,
    Option,
    Order,
    Reflection,
    SingleChoice,
    Text,
    TrueFalse,
    fold_text,
)

SINGLE = SingleChoice(
    id="treaty-1951",
    prompt="Where?",
    options=(
        Option("San Francisco", correct=True, feedback="Signed at the Presidio."),
        Option("Tokyo", feedback="Japan was occupied."),
        Option("Washington, D.C."),
    ),
)
MULTIPLE = MultipleChoice(
    id="quad",
    prompt="Members?",
    options=(
        Option("Japan", correct=True),
        Option("India", correct=True),
        Option("Australia", correct=True),
        Option("China", feedback="China is not a member."),
        Option("South Korea"),
    ),
)
TF = TrueFalse(id="tf", prompt="1960 replaced 1951.", answer=True, feedback_false="It did.")
NUMERIC = Numeric(id="bal", prompt="Balance?", answer=-68.0, tolerance=1.0, unit="USD bn")
NUMERIC_PCT = Numeric(id="pct", prompt="Share?", answer=200.0, tolerance_pct=5, unit="%")
NUMERIC_EXACT = Numeric(id="year", prompt="Year?", answer=1951, unit="year")
TEXT = Text(id="pref", prompt="Prefecture?", accept=("Okinawa", "沖縄県"))
ORDER = Order(id="order", prompt="Order", items=("1951", "1960", "1972", "2015"))
MATCH = Match(
    id="match",
    prompt="Match",
    pairs=(("Art. V", "defence"), ("Art. VI", "bases"), ("SOFA", "status")),
    distractors=("trade",),
)
REFLECTION = Reflection(id="r", prompt="Why?", min_words=3)

CASES: list[tuple[Any, Any, bool | None, float, str, bool]] = [
    # question, response, correct, score, words in feedback, attempt counts
    (SINGLE, "San Francisco", True, 1.0, "Correct! Signed at the Presidio.", True),
    (SINGLE, 0, True, 1.0, "Correct!", True),
    (SINGLE, "  san francisco ", True, 1.0, "Correct!", True),
    (SINGLE, "Tokyo", False, 0.0, "Not quite. Japan was occupied.", True),
    (SINGLE, "Washington, D.C.", False, 0.0, "press Hint", True),
    (SINGLE, None, False, 0.0, "Choose one", False),
    (SINGLE, "", False, 0.0, "Choose one", False),
    (SINGLE, "Osaka", False, 0.0, "not one of the options", False),
    (SINGLE, 7, False, 0.0, "not one of the options", False),
    (SINGLE, True, False, 0.0, "not one of the options", False),
    (MULTIPLE, ["Japan", "India", "Australia"], True, 1.0, "Correct! You found all 3", True),
    (MULTIPLE, [0, 1, 2], True, 1.0, "Correct!", True),
    (MULTIPLE, ["Japan", "India"], False, 2 / 3, "Partly right. You ticked 2 of the 3", True),
    (MULTIPLE, ["Japan", "India"], False, 2 / 3, "1 right option is still unticked", True),
    (MULTIPLE, ["Japan", "China"], False, 0.0, "China is not a member.", True),
    (MULTIPLE, ["Japan", "India", "Australia", "China"], False, 2 / 3, "1 wrong one", True),
    (MULTIPLE, ["China", "South Korea"], False, 0.0, "Not quite.", True),
    (MULTIPLE, ["Japan", "India", "China", "South Korea"], False, 0.0, "2 wrong ones", True),
    (MULTIPLE, [], False, 0.0, "Tick at least one", False),
    (MULTIPLE, None, False, 0.0, "Tick at least one", False),
    (MULTIPLE, ["Mars"], False, 0.0, "not one of the options", False),
    (MULTIPLE, 3.5, False, 0.0, "Tick the boxes", False),
    (TF, True, True, 1.0, "Correct!", True),
    (TF, "true", True, 1.0, "Correct!", True),
    (TF, False, False, 0.0, "Not quite. It did.", True),
    (TF, None, False, 0.0, "Choose True or False", False),
    (TF, "maybe", False, 0.0, "Choose True or False", False),
    (NUMERIC, "-68", True, 1.0, "Correct! The answer is -68 USD bn.", True),
    (NUMERIC, "−67", True, 1.0, "Correct!", True),
    (NUMERIC, "-$68bn", True, 1.0, "Correct!", True),
    (NUMERIC, "-68,000 million", True, 1.0, "Correct!", True),
    (NUMERIC, "-69.0", True, 1.0, "Correct!", True),  # on the tolerance edge
    (NUMERIC, "-70", False, 0.0, "too low", True),
    (NUMERIC, "-60", False, 0.0, "too high", True),
    (NUMERIC, "68", False, 0.0, "Check the sign", True),
    (NUMERIC, "-68000", False, 0.0, "Check the unit", True),
    (NUMERIC, "abc", False, 0.0, "not a number", False),
    (NUMERIC, "", False, 0.0, "Type a number", False),
    (NUMERIC, None, False, 0.0, "Type a number", False),
    (NUMERIC, "¥5T", False, 0.0, "not in yen", False),
    (NUMERIC, "68%", False, 0.0, "not a percentage", False),
    (NUMERIC_PCT, "209", True, 1.0, "Correct!", True),
    (NUMERIC_PCT, "211", False, 0.0, "too high", True),
    (NUMERIC_EXACT, "1951", True, 1.0, "Correct!", True),
    (NUMERIC_EXACT, "1952", False, 0.0, "too high", True),
    (TEXT, "Okinawa", True, 1.0, "Correct!", True),
    (TEXT, "  OKINAWA. ", True, 1.0, "Correct!", True),
    (TEXT, "ｏｋｉｎａｗａ", True, 1.0, "Correct!", True),
    (TEXT, "沖縄県", True, 1.0, "Correct!", True),
    (TEXT, "Hokkaido", False, 0.0, "Not quite.", True),
    (TEXT, "   ", False, 0.0, "Type your answer", False),
    (TEXT, None, False, 0.0, "Type your answer", False),
    (ORDER, ["1951", "1960", "1972", "2015"], True, 1.0, "Correct!", True),
    (
        ORDER,
        ["1960", "1951", "1972", "2015"],
        False,
        5 / 6,
        "2 of 4 items are in the right place",
        True,
    ),
    (ORDER, ["2015", "1951", "1960", "1972"], False, 3 / 6, "0 of 4 items", True),
    (ORDER, ["2015", "1972", "1960", "1951"], False, 0.0, "Not quite.", True),
    (ORDER, ["1951", "1951", "1972", "2015"], False, 0.0, "used twice", False),
    (ORDER, ["1951", None, "1972", "2015"], False, 0.0, "every position", False),
    (ORDER, ["1951", "1960"], False, 0.0, "every position", False),
    (ORDER, ["1951", "1960", "1972", "1999"], False, 0.0, "only the items", False),
    (ORDER, "1951,1960", False, 0.0, "every position", False),
    (
        MATCH,
        {"Art. V": "defence", "Art. VI": "bases", "SOFA": "status"},
        True,
        1.0,
        "Correct!",
        True,
    ),
    (
        MATCH,
        {"Art. V": "bases", "Art. VI": "defence", "SOFA": "status"},
        False,
        1 / 3,
        "Partly right. 1 of 3 pairs match.",
        True,
    ),
    (MATCH, {"Art. V": "trade", "Art. VI": "trade", "SOFA": "trade"}, False, 0.0, "0 of 3", True),
    (
        MATCH,
        {"Art. V": "defence", "Art. VI": None, "SOFA": "status"},
        False,
        0.0,
        "every item",
        False,
    ),
    (
        MATCH,
        {"Art. V": "defence", "Art. VI": "x", "SOFA": "status"},
        False,
        0.0,
        "only the choices",
        False,
    ),
    (MATCH, ["defence"], False, 0.0, "every item", False),
    (REFLECTION, "Trade and security are linked.", None, 1.0, "Saved.", True),
    (REFLECTION, "Too short", False, 0.0, "at least 3 words (you have 2)", False),
    (REFLECTION, "", False, 0.0, "Write your thoughts", False),
]


@pytest.mark.parametrize(
    ("question", "response", "correct", "score", "words", "counts"),
    CASES,
    ids=[f"{c[0].type}-{i}" for i, c in enumerate(CASES)],
)
def test_grading_table(
    question: Any, response: Any, correct: bool | None, score: float, words: str, counts: bool
) -> None:
    grade = question.grade(response)
    assert isinstance(grade, Grade)
    assert grade.correct is correct
    assert grade.score == pytest.approx(score)
    assert words in grade.feedback
    assert grade.attempt_counts is counts
    assert 0.0 <= grade.score <= 1.0


@pytest.mark.parametrize(
    ("grade", "status", "symbol"),
    [
        (Grade(True, 1.0, "Correct!"), "correct", "✓"),
        (Grade(False, 0.5, "Partly right."), "partial", "✗"),
        (Grade(False, 0.0, "Not quite."), "incorrect", "✗"),
        (Grade(None, 1.0, "Saved."), "saved", "✓"),
        (Grade(False, 0.0, "Type a number", attempt_counts=False), "invalid", "ℹ"),
    ],
)
def test_grade_status_and_symbol(grade: Grade, status: str, symbol: str) -> None:
    assert grade.status == status
    assert grade.symbol == symbol
    assert Grade.from_dict(grade.to_dict()) == grade


def test_feedback_always_states_the_verdict_in_words() -> None:
    for question, response, *_ in CASES:
        grade = question.grade(response)
        if grade.attempt_counts:
            assert grade.feedback.split()[0] in {"Correct!", "Not", "Partly", "Saved."}


def test_answers_are_described_for_show_answer() -> None:
    assert "**San Francisco**" in SINGLE.answer_markdown()
    assert "Japan" in MULTIPLE.answer_markdown() and "China" not in MULTIPLE.answer_markdown()
    assert "**true**" in TF.answer_markdown()
    assert "-68 USD bn" in NUMERIC.answer_markdown() and "±1" in NUMERIC.answer_markdown()
    assert "±10" in NUMERIC_PCT.answer_markdown()
    assert "沖縄県" in TEXT.answer_markdown()
    assert ORDER.answer_markdown().index("1951") < ORDER.answer_markdown().index("2015")
    assert "**bases**" in MATCH.answer_markdown()
    assert "no single right answer" in REFLECTION.answer_markdown()


def test_descriptions_never_reveal_answers() -> None:
    assert SINGLE.describe() == ["( ) San Francisco", "( ) Tokyo", "( ) Washington, D.C."]
    assert all("correct" not in line.lower() for line in MULTIPLE.describe())
    assert ORDER.describe() != [f"• {i}" for i in ORDER.items]
    assert "-68" not in " ".join(NUMERIC.describe())


def test_order_display_is_shuffled_but_stable() -> None:
    first = ORDER.display_items()
    assert sorted(first) == sorted(ORDER.items)
    assert first != list(ORDER.items)
    assert ORDER.display_items() == first
    two = Order(id="x", prompt="p", items=("a", "b"))
    assert two.display_items() == ["b", "a"]


def test_match_choices_include_distractors_once() -> None:
    choices = MATCH.choices()
    assert sorted(choices) == ["bases", "defence", "status", "trade"]


def test_fold_text() -> None:
    assert fold_text("  San\u3000Francisco。") == "san francisco"
    assert fold_text("“Okinawa”") == "okinawa"


def test_answer_from_is_resolved_lazily_and_cached(fake_datasets: dict[str, int]) -> None:
    af = AnswerFrom(
        dataset="goods_trade",
        column="us_balance_usd_bn",
        where={"year": 2022, "basis": "census"},
    )
    q = Numeric(id="bal", prompt="?", answer_from=af, tolerance=0.5, unit="USD bn")
    assert fake_datasets == {}
    assert q.grade("-67.9").correct
    assert q.grade("-$67.5bn").correct
    assert not q.grade("-70").correct
    assert fake_datasets == {"goods_trade": 1}


@pytest.mark.parametrize(
    ("af", "words"),
    [
        (AnswerFrom(dataset="nope", column="x"), "unknown dataset 'nope'"),
        (AnswerFrom(dataset="goods_trade", column="balance"), "no column 'balance'"),
        (
            AnswerFrom(dataset="goods_trade", column="us_balance_usd_bn", where={"year": 2022}),
            "selects 2 rows",
        ),
        (
            AnswerFrom(dataset="goods_trade", column="us_balance_usd_bn", where={"year": 1900}),
            "selects 0 rows",
        ),
        (
            AnswerFrom(dataset="goods_trade", column="us_balance_usd_bn", where={"year": "2022"}),
            "holds a number, but the filter gives text",
        ),
        (
            AnswerFrom(dataset="goods_trade", column="basis", where={"year": 2021}),
            "holds text, not numbers",
        ),
        (
            AnswerFrom(
                dataset="military_expenditure",
                column="share_of_gdp_pct",
                where={"country": "United States"},
            ),
            "missing",
        ),
    ],
)
def test_answer_from_problems(fake_datasets: dict[str, int], af: AnswerFrom, words: str) -> None:
    with pytest.raises(AnswerFromError, match=words):
        af.resolve()
