"""`usjapan-edu answer-key`: every question with its right answer, computed from the data."""

from __future__ import annotations

import re

from usjapan_edu.quiz import list_banks, load_bank
from usjapan_edu.quiz.parsing import format_number

EVIL = """
id: evil
title: "Evil <script>alert(1)</script>"
questions:
  - id: q1
    type: single
    prompt: "Pick one <img src=x onerror=alert(1)>"
    options:
      - text: "<b>bold</b>"
        correct: true
      - text: "*not emphasis*"
    explanation: "<script>alert(2)</script> and **real bold**"
"""


def test_key_shows_right_options_and_data_bound_numbers(run) -> None:
    result = run("answer-key", "sample-all-types")
    assert result.code == 0, result.err
    key = result.out
    bank = load_bank("sample-all-types")
    # every question, in order, with its type
    positions = [key.index(f"`{q.id}`") for q in bank.questions]
    assert positions == sorted(positions)
    # the right option marked, the wrong ones marked wrong, with their feedback
    assert "- ✓ **San Francisco** — *feedback:* Yes" in key
    assert "- ✗ Tokyo — *feedback:* Japan was still under Allied occupation" in key
    # a number bound to the data: today's value from the shipped data, and where it comes from
    value = bank["trade-balance-2022"].value
    assert format_number(value).replace("-", r"\-").replace(".", r"\.") in key
    assert "dataset `goods_trade`, column `us_balance_usd_bn`, where year = 2022" in key
    # hints, explanation and source
    assert "Hints:" in key and "**Explanation.**" in key and "**Source.** dataset" in key
    # accepted spellings and the right order
    assert "also accepted: 広島" in key
    assert "1. Security Treaty signed in San Francisco" in key


def test_all_covers_every_bank(run) -> None:
    result = run("answer-key", "all")
    assert result.code == 0
    titles = re.findall(r"^## Answer key: (.*)$", result.out, flags=re.M)
    assert len(titles) == len(list_banks())


def test_html_key_is_self_contained_and_escapes_bank_html(run, write_yaml, tmp_path) -> None:
    bank = write_yaml(EVIL)
    out = tmp_path / "key.html"
    result = run("answer-key", str(bank), "--out", str(out))
    assert result.code == 0, result.err
    assert f"wrote {out}" in result.out
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert (
        "<script" not in page
        and "<img" not in page
        and "onerror=alert" not in page.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    )
    assert "&lt;script&gt;" in page and "<strong>real bold</strong>" in page
    assert "http://" not in page and "https://" not in page  # nothing to fetch


def test_existing_output_is_kept_without_force(run, tmp_path) -> None:
    out = tmp_path / "key.md"
    out.write_text("my notes")
    result = run("answer-key", "sample-all-types", "--out", str(out))
    assert result.code == 1
    assert result.err_lines == [
        f"usjapan-edu: error: key.md already exists; add --force to replace it, or choose "
        f"another --out ({out})"
    ]
    assert out.read_text() == "my notes"
    assert run("answer-key", "sample-all-types", "--out", str(out), "--force").code == 0
    assert out.read_text().startswith("# Answer key")
    assert [p.name for p in tmp_path.iterdir()] == ["key.md"]  # no temporary file left


def test_invalid_bank_lists_every_problem_and_writes_nothing(run, write_yaml, tmp_path) -> None:
    bank = write_yaml(
        """
        id: bad
        title: Bad
        questions:
          - id: q1
            type: single
            prompt: Two right?
            options:
              - {text: A, correct: true}
              - {text: B, correct: true}
          - id: q2
            type: numeric
            prompt: How much?
            answer_from: {dataset: goods_trade, where: {year: 2022}, column: us_balance_usd_bn}
        """
    )
    out = tmp_path / "key.md"
    result = run("answer-key", str(bank), "--out", str(out))
    assert result.code == 1
    assert len(result.err_lines) == 2
    assert all(line.startswith(f"usjapan-edu: error: {bank}:") for line in result.err_lines)
    assert "q1" in result.err_lines[0] and "rows of 'goods_trade'" in result.err_lines[1]
    assert not out.exists()


def test_unknown_bank_is_one_line(run) -> None:
    result = run("answer-key", "sample-all-typo")
    assert result.code == 1
    assert len(result.err_lines) == 1
    assert "did you mean 'sample-all-types'" in result.err


def test_a_notebook_slug_keys_its_quiz_and_its_exercises(run) -> None:
    from usjapan_edu import exercises
    from usjapan_edu.exercises import rules

    result = run("answer-key", "00-start-here")
    assert result.code == 0, result.err
    assert "## Answer key:" in result.out and "## Exercises:" in result.out
    ex = exercises.get_exercise("00.deficit-2022")
    value = rules.number(ex.expected, rules.Data())
    assert format_number(value).replace("-", r"\-").replace(".", r"\.") in result.out
    assert "```python\n" + ex.solution.rstrip() + "\n```" in result.out
    only_quiz = run("answer-key", "00-start-here", "--no-exercises")
    assert "## Exercises:" not in only_quiz.out


def test_an_exercise_file_with_hidden_solutions_still_shows_them_to_the_instructor(
    run, write_yaml
) -> None:
    path = write_yaml(
        """
        prefix: "99"
        title: Hidden
        solutions: false
        exercises:
          - id: two
            type: number
            variable: two
            prompt: Store 2 in `two`.
            expected: {value: 2}
            solution: two = 2
        """,
        "hidden.yaml",
    )
    result = run("answer-key", str(path))
    assert result.code == 0, result.err
    assert "`99.two`" in result.out and "**Expected.** **2**" in result.out
    assert "**Solution** (hidden from students):" in result.out and "two = 2" in result.out
