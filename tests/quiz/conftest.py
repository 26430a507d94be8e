"""Shared fixtures for the quiz tests: an isolated progress home and small fake datasets."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
import pytest

from usjapan_edu import datasets


@pytest.fixture(autouse=True)
def progress_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own ``$USJAPAN_EDU_HOME`` so no real progress file is touched."""
    home = tmp_path / "usjapan-home"
    monkeypatch.setenv("USJAPAN_EDU_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def callbacks_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make click-handler exceptions fail the test (ipywidgets would only log them)."""
    import ipywidgets

    def call(self: ipywidgets.CallbackDispatcher, *args: object, **kwargs: object) -> object:
        value = None
        for callback in self.callbacks:
            local = callback(*args, **kwargs)
            value = local if local is not None else value
        return value

    monkeypatch.setattr(ipywidgets.CallbackDispatcher, "__call__", call)


FAKE = {
    "goods_trade": lambda: pd.DataFrame(
        {
            "year": pd.array([2021, 2022, 2022, 2023], dtype="Int64"),
            "us_exports_usd_bn": [74.6, 80.2, 80.0, 75.7],
            "us_imports_usd_bn": [135.1, 148.1, 150.0, 147.2],
            "us_balance_usd_bn": [-60.5, -67.9, -70.0, -71.5],
            "basis": ["census", "census", "bea", "census"],
        }
    ),
    "military_expenditure": lambda: pd.DataFrame(
        {
            "country": ["Japan", "Japan", "United States"],
            "year": pd.array([2022, 2023, 2023], dtype="Int64"),
            "share_of_gdp_pct": [1.1, 1.2, float("nan")],
        }
    ),
}


@pytest.fixture
def fake_datasets(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Replace ``datasets.load`` with small frames (values are made up); count the loads."""
    calls: dict[str, int] = {}

    def load(name: str) -> pd.DataFrame:
        calls[name] = calls.get(name, 0) + 1
        if name not in FAKE:
            msg = f"unknown dataset {name!r}; see list_datasets()"
            raise datasets.UnknownDatasetError(msg)
        return FAKE[name]()

    monkeypatch.setattr(datasets, "load", load)
    return calls


@pytest.fixture
def write_bank(tmp_path: Path):
    """Write YAML text (dedented) to a file and return its path."""

    def write(text: str, name: str = "bank.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write
