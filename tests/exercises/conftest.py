"""Shared fixtures for the exercise tests: an isolated progress home, the data, file writers."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from usjapan_edu import datasets, exercises
from usjapan_edu.exercises import records


@pytest.fixture(autouse=True)
def progress_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own ``$USJAPAN_EDU_HOME``; solutions are on; no hint memory."""
    home = tmp_path / "usjapan-home"
    monkeypatch.setenv("USJAPAN_EDU_HOME", str(home))
    monkeypatch.delenv(exercises.SOLUTIONS_ENV, raising=False)
    monkeypatch.setattr(exercises, "_hints_seen", {})
    monkeypatch.setattr(records, "_registered", set())
    return home


@pytest.fixture(scope="session")
def data() -> dict[str, pd.DataFrame]:
    """The real datasets the bundled exercises use, loaded once."""
    names = ("goods_trade", "alliance_timeline", "us_forces_japan", "military_expenditure")
    return {name: datasets.load(name) for name in names}


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write YAML text (dedented) to a file and return its path."""

    def write(text: str, name: str = "99-test.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture
def one(tmp_path: Path) -> Callable[..., Any]:
    """Build one exercise from the YAML of its body (without the file around it)."""
    from usjapan_edu.exercises.loader import from_yaml

    def build(body: str) -> exercises.Exercise:
        text = 'prefix: "t"\nexercises:\n' + textwrap.indent(textwrap.dedent(body).strip(), "  ")
        return from_yaml(text).exercises[0]

    return build
