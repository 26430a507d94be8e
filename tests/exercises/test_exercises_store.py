"""Every attempt and result goes to the progress store; hints and solutions are saved too."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from usjapan_edu import exercises
from usjapan_edu.quiz.store import ProgressStore

SHARE = "02.japan-share-2023"


def test_attempts_and_results_are_saved(data: dict[str, pd.DataFrame]) -> None:
    milex = data["military_expenditure"]
    right = milex.loc[(milex.country == "Japan") & (milex.year == 2023), "share_of_gdp_pct"]
    first = exercises.check(SHARE, right)  # a Series: counts as an attempt
    second = exercises.check(SHARE, right.item())
    assert (first.attempts, second.attempts) == (1, 2)
    record = ProgressStore().get("exercises:02", "japan-share-2023")
    assert record is not None
    assert record["type"] == "exercise" and record["attempts"] == 2
    assert record["correct"] is True and record["score"] == 1.0
    assert record["response"] == right.item()
    assert record["feedback"].startswith("Correct!") and record["result_code"] == "correct"
    assert [h["correct"] for h in record["history"]] == [False, True]
    assert record["history"][0]["response"] == [right.item()]
    data_file = json.loads((Path(ProgressStore().path)).read_text(encoding="utf-8"))
    bank = data_file["banks"]["exercises:02"]
    assert bank["title"] == "Security: your turn" and bank["total"] == 5


def test_check_restores_nothing_but_counts() -> None:
    exercises.check(SHARE, 5.0)
    r = exercises.check(SHARE, 5.0)
    assert r.attempts == 2 and not r.passed


def test_export_carries_exercises(tmp_path: Path) -> None:
    exercises.check(SHARE, 7.0)
    out = ProgressStore().export(tmp_path / "answers.csv")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and rows[0]["bank"] == "exercises:02" and rows[0]["type"] == "exercise"
    assert rows[0]["question"] == "japan-share-2023" and rows[0]["correct"] == "False"


def test_hints_one_at_a_time_and_saved() -> None:
    ex = exercises.get_exercise(SHARE)
    first, second, third = (exercises.hint(SHARE) for _ in range(3))
    assert first.title == "Hint 1 of 2" and first.body == ex.hints[0]
    assert second.title.startswith("Hint 2 of 2") and third.body == ex.hints[1]
    assert ProgressStore().get("exercises:02", "japan-share-2023")["hints_shown"] == 2
    assert "Hint 1 of 2" in first._repr_html_() and 'role="status"' in first._repr_html_()


def test_solution_is_saved_as_revealed() -> None:
    note = exercises.solution(SHARE)
    assert note.kind == "solution" and "japan_share_2023 =" in note.code
    assert "```python" in note._repr_markdown_()
    assert ProgressStore().get("exercises:02", "japan-share-2023")["revealed"] is True


def test_solutions_off_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(exercises.SOLUTIONS_ENV, "off")
    note = exercises.solution(SHARE)
    assert note.kind == "info" and "turned solutions off" in note.text
    assert not note.code
    assert ProgressStore().get("exercises:02", "japan-share-2023") is None


def test_solutions_off_by_file(write_file, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_file(
        """
        prefix: "98"
        solutions: false
        exercises:
          - {id: a, type: number, prompt: x, expected: {value: 1}, solution: "a = 1"}
        """
    )
    ex = exercises.load_exercises(path)["a"]
    assert not ex.solutions
    assert exercises.solution(ex).kind == "info"
    assert not exercises.solutions_enabled(ex)


def test_a_store_that_cannot_be_written_never_stops_a_check(tmp_path: Path) -> None:
    folder = tmp_path / "progress.json"
    folder.mkdir()  # a folder where the file should be
    r = exercises.check(SHARE, 5.0, store=ProgressStore(folder))
    assert not r.passed and r.code == "high" and r.attempts is None
    assert "could not be saved" in r.warning and "could not be saved" in repr(r)
