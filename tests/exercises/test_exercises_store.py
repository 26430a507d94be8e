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


def test_check_restores_nothing_but_counts_new_answers() -> None:
    exercises.check(SHARE, 5.0)
    again = exercises.check(SHARE, 5.0)  # the same answer again (Run All) is not an attempt
    other = exercises.check(SHARE, 6.0)
    assert (again.attempts, other.attempts) == (1, 2) and not other.passed


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


# ---------------------------------------------------------------- the value kept for regrading


def _bundled_solutions() -> list[tuple[str, object]]:
    """(exercise id, the value its solution computes), for every bundled exercise."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bundled_solutions", Path(__file__).with_name("test_exercises_bundled.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    namespace = module._notebook_namespace()
    out = []
    for exercise_id in exercises.list_exercises():
        ex = exercises.get_exercise(exercise_id)
        exec(ex.solution, namespace)  # test code runs the instructor's snippet; the package never
        out.append((exercise_id, namespace[ex.variable]))
    return out


def _wrong(value: object) -> object:
    """A plausible wrong answer of the same kind (for the regrade-equals-check test)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value * 10 + 1
    if isinstance(value, str):
        return value + " x"
    if isinstance(value, list):
        return value[:-1]
    if isinstance(value, pd.DataFrame):
        return value.iloc[:-1]
    return value


def test_the_submitted_value_is_kept_and_checks_the_same_again() -> None:
    """Every bundled exercise: the kept value, checked again, gives the check's verdict."""
    from usjapan_edu.exercises.records import from_plain

    solutions = _bundled_solutions()
    assert len(solutions) >= 20
    for exercise_id, value in solutions:
        for answer in (value, _wrong(value)):
            result = exercises.check(exercise_id, answer)
            ex = exercises.get_exercise(exercise_id)
            record = ProgressStore().get(ex.bank_id, ex.name)
            assert record["value"] is not None, exercise_id  # every course answer is small
            again = exercises.check(exercise_id, from_plain(record["value"]), store=None)
            assert (again.passed, again.code) == (result.passed, result.code), exercise_id
            assert record["correct"] is result.passed


def test_a_large_or_odd_value_keeps_no_value_and_replaces_an_older_one() -> None:
    exercises.check(SHARE, 1.0)
    assert ProgressStore().get("exercises:02", "japan-share-2023")["value"] == {
        "kind": "number",
        "data": 1.0,
    }
    exercises.check(SHARE, pd.DataFrame({"a": range(5000)}))
    assert ProgressStore().get("exercises:02", "japan-share-2023")["value"] is None


def test_a_changed_copy_of_an_exercise_records_nothing() -> None:
    import dataclasses

    from usjapan_edu.exercises.spec import Literal

    ex = exercises.get_exercise(SHARE)
    forged = dataclasses.replace(ex, expected=Literal(5.0))
    result = exercises.check(forged, 5.0)
    assert result.passed  # the copy's own rule, shown to whoever wrote it …
    assert "Not saved" in result.warning
    assert ProgressStore().get("exercises:02", "japan-share-2023") is None  # … but never saved
    assert exercises.check(ex, 5.0).warning == ""  # the exercise itself is recorded
    assert ProgressStore().get("exercises:02", "japan-share-2023")["correct"] is False


def test_one_broken_custom_exercise_file_does_not_break_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    custom = tmp_path / "banks"
    (custom / "exercises").mkdir(parents=True)
    (custom / "exercises" / "98-typo.yaml").write_text(
        'prefix: "98"\nexercises:\n- {id: a, type: number, prompt: "?", tolerence: 1, '
        "expected: {value: 1}}\n",
        encoding="utf-8",
    )
    (custom / "exercises" / "99-reused.yaml").write_text(
        'prefix: "02"\nexercises:\n- {id: a, type: text, prompt: "?", accept: [x]}\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("USJAPAN_EDU_BANKS", str(custom))
    exercises._cache.clear()
    with pytest.warns(exercises.ExerciseFileWarning) as caught:
        result = exercises.check(SHARE, 1.0, store=None)
    assert result.code != "error" and not result.passed
    messages = [str(w.message) for w in caught]
    assert any("98-typo.yaml is skipped" in m and "tolerence" in m for m in messages)
    assert any("99-reused.yaml is skipped" in m and "prefix '02'" in m for m in messages)
    assert exercises.hint(SHARE, store=None).title == "Hint 1 of 2"
    exercises._cache.clear()
