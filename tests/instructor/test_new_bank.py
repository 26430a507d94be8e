"""`usjapan-edu new-bank SLUG`: a commented template of every type that validates as is."""

from __future__ import annotations

import pytest

from usjapan_edu.instructor.templates import bank_template
from usjapan_edu.quiz import load_bank, validate_files
from usjapan_edu.quiz.model import QUESTION_TYPES


def test_the_written_template_validates_and_shows_every_type(run, tmp_path) -> None:
    result = run("new-bank", "week-3", "--out", str(tmp_path))
    assert result.code == 0, result.err
    path = tmp_path / "week-3.yaml"
    assert f"wrote {path}" in result.out
    assert validate_files([path]) == []
    bank = load_bank(path)
    assert bank.id == "week-3" and bank.title == "Week 3"
    assert {q.type for q in bank.questions} == set(QUESTION_TYPES)
    text = path.read_text(encoding="utf-8")
    assert text.count("\n  # --- ") >= len(QUESTION_TYPES)  # a comment introduces each type
    assert "answer_from:" in text and "usjapan-edu validate week-3.yaml" in text


def test_the_validate_command_accepts_it(run, tmp_path) -> None:
    from usjapan_edu.cli import main as usjapan_edu

    run("new-bank", "w", "--out", str(tmp_path))
    assert usjapan_edu(["validate", str(tmp_path / "w.yaml")]) == 0


@pytest.mark.parametrize("slug", ["2024", "a.b_c-d", "x" * 100])
def test_odd_but_valid_slugs_still_validate(tmp_path, slug) -> None:
    path = tmp_path / f"{slug}.yaml"
    path.write_text(bank_template(slug, title="Yes: a title with # and 'quotes'"))
    assert validate_files([path]) == []
    assert load_bank(path).id == slug


def test_refuses_to_overwrite_without_force(run, tmp_path) -> None:
    path = tmp_path / "week-3.yaml"
    path.write_text("id: mine\n")
    result = run("new-bank", "week-3", "--out", str(tmp_path))
    assert result.code == 1 and len(result.err_lines) == 1
    assert "already exists; add --force" in result.err
    assert path.read_text() == "id: mine\n"
    assert run("new-bank", "week-3", "--out", str(tmp_path), "--force").code == 0
    assert validate_files([path]) == []


@pytest.mark.parametrize("slug", ["../escape", "has space", "_hidden", ""])
def test_a_slug_that_cannot_name_a_bank_is_one_line(run, tmp_path, slug) -> None:
    result = run("new-bank", slug, "--out", str(tmp_path))
    assert result.code == 1 and len(result.err_lines) == 1
    assert "cannot name a bank" in result.err
    assert list(tmp_path.iterdir()) == []


def test_default_folder_is_the_custom_banks_folder(run, tmp_path, monkeypatch) -> None:
    folder = tmp_path / "banks"
    folder.mkdir()
    monkeypatch.setenv("USJAPAN_EDU_BANKS", str(folder))
    monkeypatch.chdir(tmp_path)
    result = run("new-bank", "week-5")
    assert result.code == 0 and (folder / "week-5.yaml").is_file()
    assert "USJAPAN_EDU_BANKS=" not in result.out  # already where quiz.show finds it
    assert load_bank("week-5").id == "week-5"


def test_replacing_a_shipped_bank_is_said(run, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("USJAPAN_EDU_BANKS", str(tmp_path))
    result = run("new-bank", "sample-all-types")
    assert result.code == 0
    assert "already exists; this file now replaces it" in result.err


def test_copy_gives_the_courses_own_bank_to_edit(run, tmp_path, monkeypatch) -> None:
    # The guide's way to adapt a shipped bank (no bare `python -c` that needs an activated venv).
    result = run("new-bank", "02-security", "--copy", "--out", str(tmp_path))
    assert result.code == 0, result.err
    copy = tmp_path / "02-security.yaml"
    assert load_bank(copy) == load_bank("02-security")
    monkeypatch.setenv("USJAPAN_EDU_BANKS", str(tmp_path))
    copy.write_text(copy.read_text(encoding="utf-8").replace("title: \"", "title: \"Edited · ", 1))
    assert load_bank("02-security").title.startswith("Edited ·")  # it replaces the shipped one
    missing = run("new-bank", "no-such-bank", "--copy", "--out", str(tmp_path))
    assert missing.code == 1 and len(missing.err_lines) == 1 and "02-security" in missing.err
