"""Bilingual banks and exercise files: one file, both languages, one set of answers."""

from __future__ import annotations

import textwrap

import pytest

from usjapan_edu.exercises.loader import from_yaml as exercises_from_yaml
from usjapan_edu.exercises.loader import validate_files as validate_exercise_files
from usjapan_edu.exercises.validation import ExerciseError
from usjapan_edu.quiz.bank import BankError, bank_from_yaml, validate_files

BANK = textwrap.dedent(
    """\
    id: demo
    languages: [en, ja]
    title: Demo
    title_ja: デモ
    questions:
      - id: city
        type: single
        prompt: Where did the G7 meet in May 2023?
        prompt_ja: 2023年5月のG7サミットの開催地は？
        options:
          - text: Hiroshima
            text_ja: 広島
            correct: true
            feedback: "Yes."
            feedback_ja: その通りです。
          - text: Tokyo
            text_ja: 東京
        hints: [A city in western Japan.]
        hints_ja: [西日本の都市です。]
      - id: name
        type: text
        prompt: Type the city.
        prompt_ja: 都市名を入力してください。
        accept: [Hiroshima]
        accept_ja: [広島]
      - id: steps
        type: order
        prompt: Earliest first.
        prompt_ja: 古い順に。
        items: [Treaty signed, Treaty revised]
        items_ja: [条約署名, 条約改定]
    """
)


def test_japanese_texts_replace_the_english_and_answers_stay_one() -> None:
    ja = bank_from_yaml(BANK, lang="ja")
    en = bank_from_yaml(BANK, lang="en")
    assert (ja.title, ja.language, ja.languages) == ("デモ", "ja", ("en", "ja"))
    assert ja["city"].prompt.startswith("2023年5月") and en["city"].prompt.startswith("Where")
    assert [o.text for o in ja["city"].options] == ["広島", "東京"]
    assert ja["city"].grade("広島").correct and not ja["city"].grade("東京").correct
    assert "その通りです。" in ja["city"].grade("広島").feedback
    assert ja["city"].hints == ("西日本の都市です。",)
    # accept_ja adds answers in Japanese; the English answers still count
    assert ja["name"].grade("広島").correct and ja["name"].grade("Hiroshima").correct
    assert not en["name"].grade("広島").correct
    # the correct order is the order written, in each language
    assert ja["steps"].grade(["条約署名", "条約改定"]).correct
    assert en["steps"].grade(["Treaty signed", "Treaty revised"]).correct


def test_an_english_only_bank_shows_english_where_it_has_no_twin() -> None:
    text = (
        "id: d\ntitle: Demo\nquestions:\n"
        "- {id: a, type: text, prompt: Hi, prompt_ja: やあ, accept: [x]}"
    )
    bank = bank_from_yaml(text, lang="ja")
    assert bank.title == "Demo" and bank["a"].prompt == "やあ"


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ("    prompt_ja: 都市名を入力してください。\n", ""),
            "<bank>:22: question 'name': prompt has no prompt_ja, and the bank declares "
            "languages: [en, ja]; add prompt_ja: with the Japanese text",
        ),
        (
            ("[西日本の都市です。]", "[西日本の都市です。, もう一つ]"),
            "<bank>:19: question 'city': hints_ja has 2 items but its English twin has 1; give "
            "one Japanese text for each, in the same order",
        ),
        (
            ("        text_ja: 東京\n", ""),
            "<bank>:16: question 'city' option 2: text has no text_ja",
        ),
        (
            ("languages: [en, ja]", "languages: [en, fr]"),
            "<bank>:2: bank: languages: unknown language 'fr'; the course has en, ja",
        ),
        (
            ("    accept_ja: [広島]\n", "    accept_ja: [広島]\n    id_ja: namae\n"),
            "question 'name': id_ja: id is the same in both languages, so it has no Japanese twin",
        ),
        (
            ("title_ja: デモ\n", "title_ja: '  '\n"),
            "<bank>:4: bank: title_ja is empty",
        ),
    ],
)
def test_a_missing_or_misshapen_twin_is_one_line_naming_file_line_and_field(
    edit: tuple[str, str], expected: str
) -> None:
    text = BANK.replace(*edit)
    assert text != BANK
    with pytest.raises(BankError) as err:
        bank_from_yaml(text, source="<bank>", lang="en")
    assert any(p.startswith(expected) or expected in p for p in err.value.problems), (
        err.value.problems
    )
    assert all("\n" not in p for p in err.value.problems)


def test_validate_checks_the_japanese_texts_as_students_get_them(tmp_path) -> None:
    path = tmp_path / "demo.yaml"
    # two options that differ in English but are translated alike
    path.write_text(BANK.replace("text_ja: 東京", "text_ja: 広島"), encoding="utf-8")
    problems = validate_files([path])
    assert problems and all(p.startswith(f"{path}:") for p in problems)
    assert any("question 'city'" in p for p in problems), problems
    path.write_text(BANK, encoding="utf-8")
    assert validate_files([path]) == []


EXERCISES = textwrap.dedent(
    """\
    prefix: t
    languages: [en, ja]
    title: Try it
    title_ja: やってみよう
    exercises:
      - id: share
        type: number
        variable: share
        prompt: Store Japan's share.
        prompt_ja: 日本の比率を変数に入れてください。
        expected: {value: 1.2}
        tolerance: 0.01
        hints: [Look at the table.]
        hints_ja: [表を見てください。]
        feedback:
          correct: Well done.
        feedback_ja:
          correct: よくできました。
        near_misses:
          - scale: 0.01
            feedback: That is a fraction.
            feedback_ja: それは割合（小数）です。
    """
)


def test_exercise_files_carry_both_languages_and_one_rule() -> None:
    ja = exercises_from_yaml(EXERCISES, lang="ja")
    en = exercises_from_yaml(EXERCISES, lang="en")
    assert (ja.title, en.title) == ("やってみよう", "Try it")
    assert ja.exercises[0].prompt.startswith("日本の")
    assert en.exercises[0].prompt.startswith("Store")
    assert ja.exercises[0].hints == ("表を見てください。",)
    assert ja.exercises[0].near_misses[0].feedback.startswith("それは")
    assert en.exercises[0].near_misses[0].feedback.startswith("That")


def test_an_exercise_feedback_twin_needs_the_same_keys(tmp_path) -> None:
    text = EXERCISES.replace("correct: よくできました。", "incorrect: 残念。")
    with pytest.raises(ExerciseError) as err:
        exercises_from_yaml(text, source="<ex>", lang="en")
    assert any(
        "<ex>:17: exercise 'share': feedback_ja lacks correct and has incorrect that the English "
        "has not" in p
        for p in err.value.problems
    ), err.value.problems
    path = tmp_path / "exercises" / "t.yaml"
    path.parent.mkdir()
    path.write_text(EXERCISES.replace("        feedback_ja: それは割合（小数）です。\n", ""))
    [problem] = validate_exercise_files([path])
    assert problem.startswith(
        f"{path}:21: exercise 'share' near miss 1: feedback has no feedback_ja"
    )


def test_every_bundled_bilingual_file_is_complete() -> None:
    from usjapan_edu._resources import data_dir

    assert validate_files([data_dir() / "quizzes"]) == []
    assert validate_exercise_files([data_dir() / "exercises"]) == []
