"""The progress store: restarts, two processes at once, corrupt files, export."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from usjapan_edu.quiz import store as store_mod
from usjapan_edu.quiz.store import (
    EXPORT_COLUMNS,
    SCHEMA_VERSION,
    ProgressError,
    ProgressStore,
    ProgressWarning,
    default_path,
    export,
    summary,
)


def test_location_follows_the_environment(progress_home: Path, monkeypatch) -> None:
    assert default_path() == progress_home / "progress.json"
    assert ProgressStore().path == progress_home / "progress.json"
    monkeypatch.delenv("USJAPAN_EDU_HOME")
    monkeypatch.setattr(
        store_mod.platformdirs, "user_data_dir", lambda app, author: f"/somewhere/{app}"
    )
    assert default_path() == Path("/somewhere/usjapan-edu/progress.json")


def test_a_restart_reads_the_old_answers(progress_home: Path) -> None:
    first = ProgressStore()
    assert first.get("b", "q") is None
    first.update(
        "b",
        "q",
        record_attempt=True,
        type="text",
        response="Okinawa",
        correct=True,
        score=1.0,
        feedback="Correct!",
        attempts=1,
    )
    first.update("b", "q", hints_shown=1)
    again = ProgressStore()  # a new kernel
    rec = again.get("b", "q")
    assert rec["response"] == "Okinawa" and rec["attempts"] == 1 and rec["hints_shown"] == 1
    assert rec["history"][0]["response"] == "Okinawa"
    data = json.loads((progress_home / "progress.json").read_text(encoding="utf-8"))
    assert data["schema"] == "usjapan-edu/progress"
    assert data["schema_version"] == SCHEMA_VERSION
    # atomic writes leave no temporary files behind
    assert sorted(p.name for p in progress_home.iterdir()) == [
        "progress.json",
        "progress.json.lock",
    ]


def test_history_is_bounded() -> None:
    s = ProgressStore()
    for i in range(store_mod.HISTORY_LIMIT + 5):
        s.update("b", "q", record_attempt=True, response=str(i), attempts=i + 1)
    history = s.get("b", "q")["history"]
    assert len(history) == store_mod.HISTORY_LIMIT
    assert history[-1]["response"] == str(store_mod.HISTORY_LIMIT + 4)


WRITER = textwrap.dedent(
    """
    import sys
    from usjapan_edu.quiz.store import ProgressStore
    name = sys.argv[1]
    store = ProgressStore()
    for i in range(50):
        store.update("shared-bank", f"{name}-{i}", record_attempt=True, response=str(i),
                     correct=True, score=1.0, attempts=1)
    """
)


def test_two_processes_writing_at_once_lose_nothing(progress_home: Path) -> None:
    env = {**os.environ, "USJAPAN_EDU_HOME": str(progress_home)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, name],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("left", "right")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    answers = ProgressStore().bank("shared-bank")
    assert len(answers) == 100
    assert {f"{n}-{i}" for n in ("left", "right") for i in range(50)} == set(answers)


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[]",
        '{"schema": "other"}',
        "",
        '{"schema": "usjapan-edu/progress", "schema_version": 1, "banks": {"b": 3}}',
        b"\xff\xfe\x00garbage",
    ],
)
def test_a_corrupt_file_is_moved_aside_with_a_warning(
    progress_home: Path, content: str | bytes
) -> None:
    progress_home.mkdir(parents=True)
    path = progress_home / "progress.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    s = ProgressStore()
    with pytest.warns(ProgressWarning) as record:
        s.update("b", "q", response="x", attempts=1)
    (aside,) = progress_home.glob("progress.corrupt-*.json")
    message = str(record[0].message)
    assert str(path) in message and str(aside) in message
    assert (
        (aside.read_bytes() == content)
        if isinstance(content, bytes)
        else (aside.read_text(encoding="utf-8") == content)
    )
    assert s.get("b", "q")["response"] == "x"  # a fresh, working file


def test_a_newer_file_is_never_overwritten(progress_home: Path) -> None:
    progress_home.mkdir(parents=True)
    path = progress_home / "progress.json"
    newer = {"schema": "usjapan-edu/progress", "schema_version": SCHEMA_VERSION + 1, "banks": {}}
    path.write_text(json.dumps(newer), encoding="utf-8")
    with pytest.raises(ProgressError, match="newer usjapan-edu"):
        ProgressStore().update("b", "q", response="x")
    assert json.loads(path.read_text(encoding="utf-8")) == newer


def _fill(s: ProgressStore) -> None:
    s.register_bank("trade", title="Trade basics", total=3)
    s.update(
        "trade",
        "q1",
        record_attempt=True,
        type="single",
        response="San Francisco",
        correct=True,
        score=1.0,
        feedback="Correct!",
        attempts=2,
    )
    s.update(
        "trade",
        "q2",
        record_attempt=True,
        type="multiple",
        response=["Japan", "India"],
        correct=False,
        score=0.5,
        feedback="Partly right.",
        attempts=1,
    )
    s.update("trade", "q3", hints_shown=1)  # seen, not answered
    s.update(
        "other",
        "r",
        record_attempt=True,
        type="reflection",
        response='Because, "x"',
        correct=None,
        score=1.0,
        feedback="Saved.",
        attempts=1,
    )


def test_summary_per_bank() -> None:
    _fill(ProgressStore())
    table = summary()
    assert list(table.columns) == [
        "bank",
        "title",
        "answered",
        "correct",
        "score",
        "total",
        "last_activity",
    ]
    trade = table.set_index("bank").loc["trade"]
    assert (trade["answered"], trade["correct"], trade["score"], trade["total"]) == (2, 1, 1.5, 3)
    other = table.set_index("bank").loc["other"]
    assert pd.isna(other["total"]) and other["answered"] == 1 and other["correct"] == 0
    assert pd.api.types.is_datetime64_any_dtype(table["last_activity"])
    assert pd.api.types.is_integer_dtype(table["answered"])


def test_summary_of_nothing_is_an_empty_table() -> None:
    table = summary()
    assert table.empty and "answered" in table.columns


def test_export_csv(tmp_path: Path) -> None:
    _fill(ProgressStore())
    out = export(tmp_path / "sub" / "answers.csv")
    assert out == tmp_path / "sub" / "answers.csv"
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    by_q = {(r["bank"], r["question"]): r for r in rows}
    assert by_q[("trade", "q1")]["response"] == "San Francisco"
    assert json.loads(by_q[("trade", "q2")]["response"]) == ["Japan", "India"]
    assert by_q[("other", "r")]["response"] == 'Because, "x"'
    assert by_q[("trade", "q1")]["attempts"] == "2"
    assert len(rows) == 4


def test_export_json_and_explicit_format(tmp_path: Path) -> None:
    _fill(ProgressStore())
    out = export(tmp_path / "answers.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["banks"]["trade"]["questions"]["q1"]["response"] == "San Francisco"
    assert "exported" in data
    other = export(tmp_path / "answers.txt", fmt="JSON")
    assert json.loads(other.read_text(encoding="utf-8"))["banks"]


@pytest.mark.parametrize(
    ("name", "fmt", "words"),
    [
        ("answers.xlsx", None, "name the file *.csv or *.json"),
        ("answers", None, "name the file *.csv or *.json"),
        ("answers.csv", "xml", "cannot export progress as 'xml'; use 'csv' or 'json'"),
    ],
)
def test_export_refuses_other_formats(
    tmp_path: Path, name: str, fmt: str | None, words: str
) -> None:
    with pytest.raises(ValueError, match=words.replace("*", r"\*")):
        export(tmp_path / name, fmt)
    assert not (tmp_path / name).exists()


def test_clear() -> None:
    s = ProgressStore()
    _fill(s)
    s.clear("other")
    assert set(s.load()["banks"]) == {"trade"}
    s.clear()
    assert s.load()["banks"] == {}
