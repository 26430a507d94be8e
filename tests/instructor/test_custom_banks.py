"""Custom banks without forking: USJAPAN_EDU_BANKS adds to or overrides the shipped banks."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

from usjapan_edu.quiz import load_bank
from usjapan_edu.quiz.bank import BanksFolderWarning, UnknownBankError, bank_path, list_banks

BANK = """
id: {id}
title: {title}
questions:
  - id: q1
    type: text
    prompt: Which prefecture?
    accept: [Okinawa]
"""


def test_a_custom_folder_adds_banks_by_slug(tmp_path, monkeypatch, write_yaml) -> None:
    shipped = list_banks()
    folder = tmp_path / "mine"
    write_yaml(BANK.format(id="week-3", title="Week 3"), "week-3.yaml", folder)
    monkeypatch.setenv("USJAPAN_EDU_BANKS", str(folder))
    assert list_banks() == sorted([*shipped, "week-3"])
    assert bank_path("week-3") == folder / "week-3.yaml"
    assert load_bank("week-3").title == "Week 3"


def test_a_custom_bank_overrides_the_shipped_one_of_the_same_slug(
    tmp_path, monkeypatch, write_yaml
) -> None:
    folder = tmp_path / "mine"
    write_yaml(BANK.format(id="sample-all-types", title="Our own"), "sample-all-types.yaml", folder)
    monkeypatch.setenv("USJAPAN_EDU_BANKS", str(folder))
    assert list_banks().count("sample-all-types") == 1
    assert load_bank("sample-all-types").title == "Our own"


def test_earlier_folders_win(tmp_path, monkeypatch, write_yaml) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    write_yaml(BANK.format(id="w", title="First"), "w.yaml", first)
    write_yaml(BANK.format(id="w", title="Second"), "w.yaml", second)
    write_yaml(BANK.format(id="only2", title="Only in second"), "only2.yaml", second)
    monkeypatch.setenv("USJAPAN_EDU_BANKS", os.pathsep.join([str(first), str(second)]))
    assert load_bank("w").title == "First"
    assert load_bank("only2").title == "Only in second"


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_a_missing_or_wrong_folder_warns_and_keeps_the_shipped_banks(
    tmp_path, monkeypatch, kind
) -> None:
    target = tmp_path / "nope"
    if kind == "file":
        target.write_text("not a folder")
    monkeypatch.setenv("USJAPAN_EDU_BANKS", str(target))
    with pytest.warns(BanksFolderWarning, match=str(target)) as caught:
        banks = list_banks()
    assert "sample-all-types" in banks
    message = str(caught[0].message)
    assert "USJAPAN_EDU_BANKS" in message and "\n" not in message
    assert ("does not exist" if kind == "missing" else "is not a folder") in message


def test_an_empty_variable_is_ignored_silently(monkeypatch) -> None:
    monkeypatch.setenv("USJAPAN_EDU_BANKS", "")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert "sample-all-types" in list_banks()


def test_unknown_slug_names_the_custom_banks_too(tmp_path, monkeypatch, write_yaml) -> None:
    folder = tmp_path / "mine"
    write_yaml(BANK.format(id="week-3", title="Week 3"), "week-3.yaml", folder)
    monkeypatch.setenv("USJAPAN_EDU_BANKS", str(folder))
    with pytest.raises(UnknownBankError, match="did you mean 'week-3'"):
        bank_path("week-4")


def test_the_cli_uses_custom_banks_by_name(tmp_path, monkeypatch, write_yaml, run) -> None:
    folder = tmp_path / "mine"
    write_yaml(BANK.format(id="week-3", title="Week 3"), "week-3.yaml", folder)
    monkeypatch.setenv("USJAPAN_EDU_BANKS", str(folder))
    result = run("answer-key", "week-3")
    assert result.code == 0 and "Answer key: Week 3" in result.out
    assert isinstance(bank_path("week-3"), Path)
