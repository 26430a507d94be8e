"""Numeric input as students type it: table-driven cases plus hypothesis properties."""

from __future__ import annotations

import contextlib
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from usjapan_edu.quiz.parsing import AnswerFormatError, format_number, parse_number, parse_unit

ACCEPTED = [
    # (typed, unit, value)
    ("68", None, 68.0),
    ("1,000", None, 1000.0),
    ("1 000", None, 1000.0),
    ("1\u2009000", None, 1000.0),  # thin space
    ("1\u00a0000", None, 1000.0),  # no-break space
    ("1,234,567.5", None, 1234567.5),
    ("1e3", None, 1000.0),
    ("1E3", None, 1000.0),
    ("2.5e-3", None, 0.0025),
    ("-67", None, -67.0),
    ("−67", None, -67.0),  # U+2212 minus sign
    ("–67", None, -67.0),  # en dash used as minus
    ("－６７", None, -67.0),  # full-width minus and digits
    ("+5", None, 5.0),
    ("６８", None, 68.0),
    ("１２３", None, 123.0),
    ("١٢٣", None, 123.0),  # Arabic-Indic digits
    ("68%", None, 68.0),
    ("12 %", None, 12.0),
    ("12 %", "%", 12.0),
    ("６８％", "%", 68.0),
    ("2 percent", "% of GDP", 2.0),
    ("2 % of GDP", "% of GDP", 2.0),
    (".5", None, 0.5),
    ("5.", None, 5.0),
    ("  68  ", None, 68.0),
    ("~68", None, 68.0),
    ("about 68", None, 68.0),
    ("68 bn", "USD bn", 68.0),
    ("68bn", "USD bn", 68.0),
    ("$68bn", "USD bn", 68.0),
    ("US$68 billion", "USD bn", 68.0),
    ("USD 68 bn", "USD bn", 68.0),
    ("-$68bn", "USD bn", -68.0),
    ("$-68bn", "USD bn", -68.0),
    ("−$67.9 bn", "USD bn", -67.9),
    ("68,000 million", "USD bn", 68.0),
    ("0.068 trillion", "USD bn", 68.0),
    ("68", "USD bn", 68.0),  # no scale word: already in the unit
    ("68 billion dollars", "billion US dollars", 68.0),
    ("¥5T", "JPY tn", 5.0),
    ("¥5T", "¥ trillion", 5.0),
    ("￥5T", "JPY tn", 5.0),  # full-width yen sign
    ("5兆円", "JPY tn", 5.0),
    ("5兆円", "JPY bn", 5000.0),
    ("5 trillion yen", "trillion yen", 5.0),
    ("¥5T", None, 5e12),
    ("5k", None, 5000.0),
    ("1951", "years", 1951.0),
    ("1951 years", "year", 1951.0),
    ("5 m", "m", 5.0),  # metres: 'm' is not "million" for a non-money unit
    ("54,000", "troops", 54000.0),
    ("1.2 million", "people", 1.2e6),
    (68, None, 68.0),
    (-1.5, "USD bn", -1.5),
]


@pytest.mark.parametrize(("typed", "unit", "value"), ACCEPTED)
def test_accepted_inputs(typed: str, unit: str | None, value: float) -> None:
    assert parse_number(typed, unit) == pytest.approx(value, rel=1e-12)


REFUSED = [
    # (typed, unit, words the message must contain)
    ("", None, "Type a number"),
    ("   ", None, "Type a number"),
    ("abc", None, "not a number"),
    ("sixty-eight", None, "not a number"),
    ("1,5", None, "point for decimals"),
    ("1234,567", None, "point for decimals"),
    ("68 70", None, "one number"),
    ("68-70", None, "one number"),
    ("--5", None, "not a number"),
    ("¥5T", "USD bn", "not in yen"),
    ("$68bn", "JPY tn", "not in U.S. dollars"),
    ("68%", "USD bn", "not a percentage"),
    ("68 bn", "%", "percentage"),
    ("$5", "years", "not money"),
    ("68 km", "USD bn", "does not fit"),
    ("68 apples", None, "not a number"),
    ("1e999", None, "too large"),
    ("nan", None, "not a number"),
    ("inf", None, "not a number"),
    (True, None, "Type a number"),
    (float("inf"), None, "too large"),
]


@pytest.mark.parametrize(("typed", "unit", "words"), REFUSED)
def test_refused_inputs_explain_themselves(typed: object, unit: str | None, words: str) -> None:
    with pytest.raises(AnswerFormatError) as info:
        parse_number(typed, unit)  # type: ignore[arg-type]
    assert words in str(info.value)
    assert isinstance(info.value, ValueError)


def test_unit_reading() -> None:
    u = parse_unit("USD bn")
    assert (u.currency, u.scale, u.percent) == ("USD", 1e9, False)
    assert parse_unit("% of GDP").percent
    assert parse_unit("JPY 100 million") is not None
    assert parse_unit("m").scale == 1.0  # metres, not millions
    assert parse_unit("$m").scale == 1e6
    assert parse_unit(None) is None
    assert parse_unit("  ") is None


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (-68.2341, "-68.2341"),
        (1234567.0, "1,234,567"),
        (0.0, "0"),
        (1e20, "100,000,000,000,000,000,000"),
        (0.5, "0.5"),
        (-0.0, "0"),
        (2.0 / 3.0, "0.666667"),
    ],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


# ---------------------------------------------------------------- properties

finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


@given(finite)
def test_repr_round_trips(x: float) -> None:
    assert parse_number(repr(x)) == x


@given(finite.filter(lambda v: abs(v) < 1e15))
def test_grouped_thousands_round_trip(x: float) -> None:
    assert parse_number(f"{x:,.6f}") == pytest.approx(float(f"{x:.6f}"), rel=1e-12, abs=1e-9)
    assert parse_number(f"{x:,.6f}".replace(",", " ")) == parse_number(f"{x:,.6f}")


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_unicode_minus_and_full_width_digits(n: int) -> None:
    full = str(n).translate(str.maketrans("0123456789-", "０１２３４５６７８９−"))
    assert parse_number(full) == float(n)
    assert parse_number(str(n).replace("-", "−")) == float(n)


@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.sampled_from([("bn", 1e9), ("billion", 1e9), ("tn", 1e12), ("million", 1e6)]),
)
def test_scale_words_convert_to_the_unit(x: float, scale: tuple[str, float]) -> None:
    word, factor = scale
    got = parse_number(f"${x!r} {word}", "USD bn")
    assert got == pytest.approx(x * factor / 1e9, rel=1e-9, abs=1e-12)


@settings(max_examples=300)
@given(st.text(max_size=30), st.sampled_from([None, "USD bn", "%", "% of GDP", "years", "JPY tn"]))
def test_any_text_gives_a_finite_number_or_a_friendly_error(text: str, unit: str | None) -> None:
    try:
        value = parse_number(text, unit)
    except AnswerFormatError as exc:
        assert str(exc)  # a message for the student
        assert "Traceback" not in str(exc)
    else:
        assert math.isfinite(value)


@given(st.from_regex(r"\A[ +\-−~$¥]{0,3}[0-9０-９]{1,6}([.,][0-9]{1,3})?[ %a-zA-Z兆円]{0,6}\Z"))
def test_number_like_text_never_crashes(text: str) -> None:
    with contextlib.suppress(AnswerFormatError):
        assert math.isfinite(parse_number(text, "USD bn"))
