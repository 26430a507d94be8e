"""Instructors add or replace exercise files without forking: ``$USJAPAN_EDU_BANKS/exercises``."""

from __future__ import annotations

from pathlib import Path

import pytest

from usjapan_edu import exercises

MINE = """\
prefix: "09"
exercises:
  - id: budget-2025
    type: number
    variable: budget_2025
    prompt: Japan's defence budget in FY2025, excluding realignment costs, in trillion yen.
    expected:
      dataset: japan_defense_budget
      where: {fiscal_year: 2025}
      column: budget_jpy_trn
    tolerance: 0.01
    hints: [Filter on fiscal_year., The column is budget_jpy_trn.]
    solution: |
      budget_2025 = ...
"""


@pytest.fixture
def custom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "my-course"
    (folder / "exercises").mkdir(parents=True)
    monkeypatch.setenv("USJAPAN_EDU_BANKS", str(folder))
    return folder


def test_a_custom_exercise_file_adds_exercises(custom: Path) -> None:
    (custom / "exercises" / "09-mine.yaml").write_text(MINE, encoding="utf-8")
    assert "09.budget-2025" in exercises.list_exercises()
    assert "00.deficit-2022" in exercises.list_exercises()  # the bundled ones stay
    assert not exercises.check("09.budget-2025", 1.0, store=None).passed
    assert exercises.validate_files([custom / "exercises"]) == []


def test_a_custom_file_replaces_the_bundled_one_of_the_same_name(custom: Path) -> None:
    (custom / "exercises" / "00-start-here.yaml").write_text(
        MINE.replace('prefix: "09"', 'prefix: "00"'), encoding="utf-8"
    )
    ids = exercises.list_exercises()
    assert "00.budget-2025" in ids and "00.deficit-2022" not in ids


def test_without_the_variable_only_the_bundled_files_count(monkeypatch) -> None:
    monkeypatch.delenv("USJAPAN_EDU_BANKS", raising=False)
    assert all(not i.startswith("09.") for i in exercises.list_exercises())
