"""Fixtures for the instructor tools: an isolated home, no custom banks, a CLI runner, exports.

The root ``conftest.py`` already gives every test its own ``USJAPAN_EDU_HOME``; here the custom
banks variable is cleared too (a developer's own ``USJAPAN_EDU_BANKS`` must not leak in), and
students' exports are made with the real progress store and its real exporter.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from usjapan_edu.instructor.cli import main
from usjapan_edu.quiz.store import ProgressStore, export


@pytest.fixture(autouse=True)
def no_custom_banks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("USJAPAN_EDU_BANKS", raising=False)


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run an instructor command as the CLI does; return (exit code, stdout, stderr)."""

    def call(*argv: str) -> Result:
        capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err, captured.err
        return Result(code, captured.out, captured.err)

    return call


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[..., Path]:
    """Write dedented YAML to ``tmp_path/name`` and return the path."""

    def write(text: str, name: str = "bank.yaml", folder: Path | None = None) -> Path:
        path = (folder or tmp_path) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


Answer = dict[str, Any]


@pytest.fixture
def make_export(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Make a student's export with the real store: ``make_export(out, {(bank, q): fields})``.

    ``fields`` are what a widget saves (``type``, ``response``, ``correct``, ``score``, …);
    ``attempts`` (default 1) counts attempts, each recorded as the real widget does.
    """
    stores = tmp_path_factory.mktemp("stores")  # away from the folders the tests scan
    counter = iter(range(10**6))

    def make(
        out: Path,
        answers: dict[tuple[str, str], Answer],
        fmt: str | None = None,
        *,
        updated: str | None = None,
    ) -> Path:
        store = ProgressStore(stores / f"p{next(counter)}.json")
        for (bank, qid), fields in answers.items():
            fields = dict(fields)
            attempts = fields.pop("attempts", 1)
            for _ in range(attempts):
                store.update(bank, qid, record_attempt=True, **fields)
            if not attempts:
                store.update(bank, qid, **fields)
        if updated is not None:  # as if the answers had been given at that time
            data = json.loads(store.path.read_text(encoding="utf-8"))
            for bank in data["banks"].values():
                for record in bank["questions"].values():
                    record["updated"] = updated
            store.path.write_text(json.dumps(data), encoding="utf-8")
        out.parent.mkdir(parents=True, exist_ok=True)
        return export(out, fmt, path=store.path)

    return make
