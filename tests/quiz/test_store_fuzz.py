"""Fuzzed progress files: any record content gives well-typed rows, a summary and exports.

A progress file is the student's own file: an editor, a sync tool or an older version may
have put anything in it. Reading it (``rows``, ``summary``, ``export``, ``quiz.progress()``)
must never fail on a value of the wrong type, must report it by file and question
(:class:`ProgressWarning`), and must never change the file; the only exceptions are the
documented ones (:class:`ProgressError`).
"""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from usjapan_edu.quiz.store import (
    EXPORT_COLUMNS,
    FORMULA_PREFIXES,
    SCHEMA_VERSION,
    ProgressError,
    ProgressStore,
    ProgressWarning,
)

FIELDS = [
    "type",
    "response",
    "correct",
    "score",
    "feedback",
    "attempts",
    "hints_shown",
    "revealed",
    "updated",
    "history",
    "attempt_counts",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.integers(min_value=-3, max_value=5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["3", " 2 ", "0.5", "1e3", "nan", "-inf", "yes", "false", "true"]),
    st.sampled_from(["=1+1", "-68", "+1", "@x", "\t=1", "\r=1", "Tokyo"]),
    st.sampled_from(["2024-05-01T10:00:00Z", "2024-05-01T10:00:00+09:00", "0001-01-01", "9999"]),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=10,
)
records = st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=5)), values)
banks = st.dictionaries(
    st.text(max_size=6),
    st.fixed_dictionaries(
        {"questions": st.dictionaries(st.text(max_size=6), records, max_size=4)},
        optional={"title": values, "total": values, "updated": values},
    ),
    max_size=3,
)


def _read_all(path: Path, out: Path) -> tuple[list[dict[str, Any]], pd.DataFrame, str]:
    store = ProgressStore(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rows = store.rows()
        table = store.summary()
        text = store.export(out / "answers.csv").read_bytes().decode("utf-8")
        store.export(out / "answers.json")
    for w in caught:
        assert issubclass(w.category, ProgressWarning), w
        assert str(path) in str(w.message)
    return rows, table, text


@settings(max_examples=100, deadline=None)
@given(banks)
def test_any_record_content_reads_as_typed_rows(content: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "progress.json"
        data = {"schema": "usjapan-edu/progress", "schema_version": SCHEMA_VERSION}
        path.write_text(json.dumps({**data, "banks": content}), encoding="utf-8")
        before = path.read_bytes()
        rows, table, text = _read_all(path, Path(tmp))
        assert path.read_bytes() == before  # reading never rewrites the file

    assert len(rows) == sum(len(b["questions"]) for b in content.values())
    for row in rows:
        assert list(row) == list(EXPORT_COLUMNS)
        for name in ("attempts", "hints_shown"):
            assert type(row[name]) is int and row[name] >= 0
        assert type(row["revealed"]) is bool and row["correct"] in (True, False, None)
        assert row["score"] is None or (type(row["score"]) is float and 0 <= row["score"] <= 1)
        for name in ("bank_title", "type", "feedback", "updated"):
            assert isinstance(row[name], str)

    assert len(table) == len(content)
    assert pd.api.types.is_integer_dtype(table["answered"])
    assert all(math.isfinite(s) for s in table["score"])

    exported = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(exported) == len(rows)
    for row in exported:
        for cell in row.values():
            # a formula never reaches the spreadsheet; a plain number (-1) is not one
            assert not cell.startswith(FORMULA_PREFIXES) or _is_number(cell), cell


@settings(max_examples=40, deadline=None)
@given(banks)
def test_an_answer_to_any_damaged_record_is_saved_and_counted(content: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "progress.json"
        data = {"schema": "usjapan-edu/progress", "schema_version": SCHEMA_VERSION}
        path.write_text(json.dumps({**data, "banks": content}), encoding="utf-8")
        store = ProgressStore(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ProgressWarning)
            targets = [(b, q) for b, bank in content.items() for q in bank["questions"]]
            for bank_id, qid in targets[:2]:
                before = (
                    store.get(bank_id, qid)["attempts"]
                    if "attempts" in (content[bank_id]["questions"][qid])
                    else 0
                )
                saved = store.update(bank_id, qid, record_attempt=True, response="x", score=1.0)
                assert saved["attempts"] == before + 1
                assert store.get(bank_id, qid)["history"][-1]["response"] == "x"
            _read_all(path, Path(tmp))


documents = st.one_of(
    values,
    st.fixed_dictionaries(
        {
            "schema": st.sampled_from(["usjapan-edu/progress", "other"]),
            "schema_version": st.one_of(st.integers(-1, 3), values),
            "banks": st.one_of(banks, values),
        }
    ),
)


@settings(max_examples=100, deadline=None)
@given(documents)
def test_any_json_document_is_read_moved_aside_or_a_progress_error(document: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "progress.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        before = path.read_bytes()
        try:
            rows, _, _ = _read_all(path, Path(tmp))
        except ProgressError as exc:
            assert "newer usjapan-edu" in str(exc) and str(path) in str(exc)
            return
        if path.exists():
            assert path.read_bytes() == before
        else:  # unusable: moved aside, nothing lost
            (aside,) = Path(tmp).glob("progress.corrupt-*.json")
            assert aside.read_bytes() == before and rows == []


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return cell.strip() == cell and "n" not in cell.lower()  # not nan/inf
