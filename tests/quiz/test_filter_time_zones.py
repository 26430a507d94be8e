"""A date with a time zone in a filter is a mistake the instructor can fix: one clear line.

YAML reads ``2015-04-27T00:00:00Z`` as a time-zoned date, and pandas refuses to compare it
with the course's dates (which have none): without care that surfaced as a ``TypeError`` —
"internal error" from ``validate``, a failing ``grade()``, a traceback in the gradebook.
"""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime

import pandas as pd
import pytest
import yaml

from usjapan_edu import cli
from usjapan_edu.filters import FilterError, parse_where
from usjapan_edu.quiz import load_bank
from usjapan_edu.quiz.model import AnswerFromError

ZONED = yaml.safe_load("d: 2015-04-27T00:00:00Z")["d"]
NAIVE = pd.DataFrame({"date": pd.to_datetime(["2015-01-01", "2016-01-01"])})
AWARE = pd.DataFrame({"date": pd.to_datetime(["2015-01-01T00:00Z", "2016-01-01T00:00Z"])})

BANK = """\
id: tz
title: Time zones
questions:
  - id: safeguard
    type: numeric
    prompt: The safeguard rate?
    answer_from:
      dataset: tariffs
      where:
        product: beef
        measure: wto_safeguard
        effective_date: {min: 2015-04-27T00:00:00Z}
      column: rate_pct
"""


def test_yaml_reads_that_text_as_a_zoned_date() -> None:
    assert datetime(2015, 4, 27, tzinfo=UTC) == ZONED


@pytest.mark.parametrize(
    "spec",
    [{"min": ZONED}, {"below": ZONED}, ZONED, [ZONED], {"not": ZONED}, {"not": [ZONED]}],
    ids=["min", "below", "equal", "list", "not", "not-list"],
)
def test_a_zoned_date_against_plain_dates_names_the_column(spec) -> None:
    with pytest.raises(FilterError) as err:
        parse_where({"date": spec}).apply(NAIVE, dataset="'fake'")
    assert err.value.key == "date"
    message = str(err.value)
    assert "column 'date' of 'fake'" in message and "time zone" in message
    assert "date: 2015-04-27" in message  # what to write instead


def test_a_plain_date_against_zoned_dates_names_the_column() -> None:
    with pytest.raises(FilterError) as err:
        parse_where({"date": {"min": datetime(2015, 6, 1)}}).apply(AWARE, dataset="'fake'")
    assert err.value.key == "date" and "time zone UTC" in str(err.value)


def test_matching_dates_still_filter() -> None:
    assert list(parse_where({"date": {"min": ZONED}}).apply(AWARE).index) == [1]
    assert list(parse_where({"date": {"min": datetime(2015, 6, 1)}}).apply(NAIVE).index) == [1]
    by_category = NAIVE.astype({"date": "category"})
    early = parse_where({"date": {"max": datetime(2015, 6, 1)}})
    assert list(early.apply(by_category).index) == [0]


def test_validate_names_file_line_and_column(tmp_path, capsys) -> None:
    bank = tmp_path / "tz.yaml"
    bank.write_text(BANK, encoding="utf-8")
    assert cli.main(["validate", str(bank)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{bank}:12: question 'safeguard': answer_from: ")
    assert "column 'effective_date' of 'tariffs'" in out[0] and "internal error" not in out[0]


def test_grading_reports_the_filter_not_a_type_error(tmp_path) -> None:
    bank = tmp_path / "tz.yaml"
    bank.write_text(BANK, encoding="utf-8")
    question = load_bank(bank, resolve=False)["safeguard"]
    with pytest.raises(AnswerFromError, match="column 'effective_date'"):
        question.grade("50")


def test_gradebook_reports_the_bank_and_carries_on(tmp_path, capsys) -> None:
    from usjapan_edu.instructor.cli import main

    bank = tmp_path / "tz.yaml"
    bank.write_text(BANK, encoding="utf-8")
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "alice.csv").write_text(
        textwrap.dedent(
            """\
            bank,question,type,response,correct,score,attempts,hints_shown,updated
            tz,safeguard,numeric,50,True,1.0,1,0,2025-01-01T00:00:00+00:00
            """
        ),
        encoding="utf-8",
    )
    main(["gradebook", str(subs), "--out", str(tmp_path / "book"), "--bank", str(bank)])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "TypeError" not in err
    assert "effective_date" in err
