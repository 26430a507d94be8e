"""Reading and validating YAML banks: messages name file, line, question and the fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from usjapan_edu import _resources, datasets
from usjapan_edu.quiz import BankError, load_bank, validate_files
from usjapan_edu.quiz.bank import (
    UnknownBankError,
    bank_from_data,
    bank_from_yaml,
    list_banks,
)
from usjapan_edu.quiz.model import QUESTION_TYPES, Numeric

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "quizzes" / "sample-all-types.yaml"
BUNDLED = sorted((SAMPLE.parent).glob("*.yaml"))

GOOD = """\
id: demo
title: Demo
questions:
  - id: q1
    type: single
    prompt: Where?
    options:
      - text: San Francisco
        correct: true
      - Tokyo
"""


def _has_real_datasets(*names: str) -> bool:
    try:
        known = set(datasets.list_datasets())
    except Exception:  # the data package may still be in progress
        return False
    return set(names) <= known


def test_sample_bank_uses_every_question_type() -> None:
    bank = load_bank(SAMPLE, resolve=False)
    assert {q.type for q in bank} == set(QUESTION_TYPES)
    assert bank.id == "sample-all-types"
    assert all(q.source is not None for q in bank if q.type != "reflection")
    assert all(q.explanation for q in bank)
    numeric = [q for q in bank if isinstance(q, Numeric)]
    assert numeric and all(q.answer_from is not None for q in numeric)


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_bundled_banks_are_well_formed(path: Path) -> None:
    assert validate_files([path], resolve=False) == []


@pytest.mark.skipif(
    not _has_real_datasets("goods_trade", "military_expenditure"),
    reason="goods_trade / military_expenditure are not in data/datapackage.json yet",
)
def test_sample_bank_answers_resolve_against_the_real_data() -> None:
    assert validate_files([SAMPLE]) == []
    bank = load_bank(SAMPLE)
    q = bank["trade-balance-2022"]
    assert q.grade(str(q.value)).correct


def test_sample_bank_resolves_with_stand_in_data(fake_datasets: dict[str, int]) -> None:
    bank = load_bank(SAMPLE)
    assert bank["trade-balance-2022"].value == pytest.approx(-67.9)
    assert bank["japan-defence-share-2023"].grade("1.2%").correct
    assert fake_datasets == {"goods_trade": 1, "military_expenditure": 1}  # one load per dataset


def test_scalars_keep_the_text_as_written(write_bank) -> None:
    path = write_bank(
        """
        id: 2024
        title: 1951
        questions:
          - id: 7
            type: single
            prompt: 1951
            options:
              - text: 1.50
                correct: yes
              - text: no
              - 2001-12-14
        """
    )
    bank = load_bank(path)
    q = bank["7"]
    assert bank.id == "2024" and bank.title == "1951" and q.prompt == "1951"
    assert [o.text for o in q.options] == ["1.50", "no", "2001-12-14"]
    assert q.grade("1.50").correct


def test_load_by_slug_and_unknown_slug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "trade-basics.yaml").write_text(GOOD, encoding="utf-8")
    monkeypatch.setattr(_resources, "data_dir", lambda: tmp_path)
    assert load_bank("trade-basics").id == "demo"
    assert list_banks() == ["trade-basics"]
    with pytest.raises(UnknownBankError, match="did you mean 'trade-basics'"):
        load_bank("trade-basic")
    with pytest.raises(FileNotFoundError):
        load_bank("trade-basic")


def test_load_bank_accepts_paths_and_banks(write_bank) -> None:
    path = write_bank(GOOD)
    bank = load_bank(str(path))
    assert load_bank(bank) is bank
    assert bank.path == path
    with pytest.raises(FileNotFoundError):
        load_bank(path.with_name("missing.yaml"))


# ---------------------------------------------------------------- problems

BAD = """\
id: demo bank
title: Demo
questions:
  - id: q1
    type: singel
    prompt: Where?
  - id: q2
    type: single
    prompt: Where?
    options:
      - text: San Francisco
        correct: true
      - text: Tokyo
        correct: true
    explaination: typo
  - id: q2
    type: single
    prompt: Where?
    options:
      - text: A
      - text: B
  - id: q4
    type: numeric
    prompt: How much?
    answer: 3
    answer_from: {dataset: goods_trade, column: us_balance_usd_bn}
    tolerance: -1
  - id: q5
    type: multiple
    prompt: Which?
  - id: q6
    type: numeric
    prompt: How much?
    items: [a, b]
    answer: "68"
  - type: text
    prompt: ""
    accept: []
  - id: q8
    type: order
    prompt: Order
    items: [a, a]
  - id: q9
    type: match
    prompt: Match
    pairs:
      - {left: x, right: y}
      - {left: x, rigth: z}
  - id: q10
    type: true_false
    prompt: True?
    answer: maybe
  - id: q11
    type: reflection
    prompt: Think
    min_words: 2.5
    source: {url: ftp://example.org}
"""

EXPECTED = [
    ("1", "bank", "id 'demo bank' may use only letters, digits"),
    ("5", "question 'q1'", "unknown type 'singel' (did you mean 'single'?); use one of single"),
    (
        "10",
        "question 'q2'",
        "2 options are marked correct (lines 11, 13) but type 'single' "
        "allows one; mark only one, or use type: multiple",
    ),
    (
        "15",
        "question 'q2'",
        "unknown key 'explaination' in a single question; did you mean 'explanation'?",
    ),
    ("16", "question 'q2'", "id 'q2' is already used by the question on line 7"),
    ("19", "question 'q2'", "no option is marked correct; add correct: true"),
    ("26", "question 'q4'", "give either answer: or answer_from:, not both"),
    ("27", "question 'q4'", "tolerance must be 0 or more (got -1)"),
    ("28", "question 'q5'", "options is missing; add options:"),
    (
        "34",
        "question 'q6'",
        "key 'items' is not used by a numeric question (it belongs to type order)",
    ),
    (
        "35",
        "question 'q6'",
        "answer must be a number, not '68'; write e.g. answer: -68.0 (without quotes or units)",
    ),
    ("36", "question #7", "id is missing; add a stable id, e.g. id: q7"),
    ("37", "question #7", "prompt is empty; add prompt:"),
    ("38", "question #7", "accept is missing"),
    ("42", "question 'q8'", "item 'a' appears twice"),
    ("48", "question 'q9'", "unknown key 'rigth' in a pair; did you mean 'right'?"),
    ("48", "question 'q9'", "right is missing; write right:"),
    ("52", "question 'q10'", "answer must be true or false, not 'maybe'; write answer: true"),
    ("56", "question 'q11'", "min_words must be a whole number, not 2.5"),
    ("57", "question 'q11'", "source url must start with https://"),
]


def test_all_problems_of_a_file_at_once(write_bank) -> None:
    path = write_bank(BAD)
    problems = validate_files([path])
    for line, where, words in EXPECTED:
        prefix = f"{path}:{line}: {where}: "
        assert any(p.startswith(prefix) and words in p for p in problems), (
            f"missing: {prefix}{words}\ngot:\n" + "\n".join(problems)
        )
    assert len(problems) == len(EXPECTED), "\n".join(problems)
    with pytest.raises(BankError) as info:
        load_bank(path)
    assert info.value.problems == problems
    assert str(info.value) == "\n".join(problems)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "bank: the file is empty"),
        ("- a\n- b\n", 1, "bank: the file must hold a mapping"),
        (
            "id: x\ntitle: T\nquestions:\n  - id: q\n    prompt: a: b\n",
            5,
            "bank: YAML syntax error: mapping values are not allowed",
        ),
        ("id: x\ntitle: T\nquestions: [\n", 4, "bank: YAML syntax error"),
        (
            "id: x\ntitle: T\ntitle: U\nquestions: []\n",
            3,
            "bank: key 'title' appears twice in a bank; keep one",
        ),
        ("id: x\nquestions: {a: 1}\n", 2, "bank: questions must be a list"),
        ("id: x\ntitle: T\nquestions: []\n", 3, "bank: questions is empty"),
        ("id: x\ntitle: T\n", 1, "bank: questions is missing"),
        ("id: x\ntitle: [T]\nquestions: [1]\n", 2, "bank: title must be text, not a list"),
        ("id: x\ntitle: T\nquestions: [1]\n", 3, "question #1: must be a mapping"),
        (
            "id: x\ntitle: T\nquestons: []\nquestions: [1]\n",
            3,
            "bank: unknown key 'questons' in a bank; did you mean 'questions'?",
        ),
        ("? [a]\n: b\n", 1, "YAML syntax error: found a list or mapping used as a key"),
        (
            "id: x\ntitle: T\nquestions: " + "1" * 5000 + "\n",
            3,
            "bank: YAML syntax error: this number has 5,000 digits, too many to read",
        ),
        ("&x [*x]\n", 1, "bank: the file must hold a mapping"),
    ],
)
def test_bank_level_problems(write_bank, text: str, line: int, words: str) -> None:
    path = write_bank(text)
    problems = validate_files([path])
    assert any(p.startswith(f"{path}:{line}: ") and words in p for p in problems), problems


def test_answer_from_problems_are_reported_at_load(write_bank, fake_datasets) -> None:
    path = write_bank(
        """
        id: d
        title: D
        questions:
          - id: bal
            type: numeric
            prompt: Balance?
            answer_from:
              dataset: goods_trade
              where: {year: 2022}
              column: us_balance_usd_bn
          - id: gone
            type: numeric
            prompt: x
            answer_from: {dataset: goods_trades, column: x}
          - id: col
            type: numeric
            prompt: x
            answer_from: {dataset: goods_trade, where: {year: 2021}, column: balance}
        """
    )
    problems = validate_files([path])
    assert problems[0].startswith(
        f"{path}:9: question 'bal': answer_from: where (year = 2022) selects 2 rows"
    )
    assert problems[1].startswith(f"{path}:14: question 'gone': answer_from: unknown dataset")
    assert problems[2].startswith(
        f"{path}:18: question 'col': answer_from: dataset 'goods_trade' has no column 'balance'"
    )
    assert len(problems) == 3
    # without the data, an unknown dataset name is still caught (it needs the catalogue only)
    assert validate_files([path], resolve=False) == [problems[1]]


def test_validate_files_folders_missing_files_and_shared_ids(tmp_path: Path) -> None:
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "a.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "b.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "latin1.yaml").write_bytes("id: x\ntitle: caf\xe9\n".encode("latin-1"))
    problems = validate_files([folder, tmp_path / "nope.yaml", tmp_path / "latin1.yaml"])
    assert problems[0] == (
        f"{folder / 'b.yaml'}:1: bank: id 'demo' is also used by {folder / 'a.yaml'}:1; bank ids "
        "must be unique (progress is keyed by them)"
    )
    assert problems[1].startswith(f"{tmp_path / 'nope.yaml'}:1: bank: cannot read the file")
    # the line of the first byte that is not UTF-8
    assert problems[2].startswith(f"{tmp_path / 'latin1.yaml'}:2: bank: the file is not UTF-8")
    assert validate_files([folder / "a.yaml"]) == []


def test_banks_from_data_and_text() -> None:
    bank = bank_from_data(
        {
            "id": "d",
            "title": "D",
            "questions": [
                {
                    "id": "t",
                    "type": "true_false",
                    "prompt": "?",
                    "answer": True,
                    "feedback": {True: "yes", "false": "no"},
                },
                {"id": "m", "type": "match", "prompt": "?", "pairs": [["a", "1"], ["b", "2"]]},
                {
                    "id": "h",
                    "type": "text",
                    "prompt": "?",
                    "accept": "Okinawa",
                    "hints": "one hint",
                    "source": "https://example.org",
                },
            ],
        }
    )
    assert bank["t"].feedback_true == "yes" and bank["t"].feedback_false == "no"
    assert bank["m"].pairs == (("a", "1"), ("b", "2"))
    assert bank["h"].accept == ("Okinawa",) and bank["h"].hints == ("one hint",)
    with pytest.raises(BankError, match=r"^<data>:1: bank: title is missing"):
        bank_from_data({"id": "d", "questions": [{"id": "x"}]})
    with pytest.raises(BankError, match=r"^<string>:3: bank: questions is empty"):
        bank_from_yaml("id: demo\ntitle: Demo\nquestions: []")


def test_both_tolerances_and_distractor_clash() -> None:
    with pytest.raises(BankError) as info:
        bank_from_data(
            {
                "id": "d",
                "title": "D",
                "questions": [
                    {
                        "id": "n",
                        "type": "numeric",
                        "prompt": "?",
                        "answer": 1,
                        "tolerance": 1,
                        "tolerance_pct": 5,
                    },
                    {
                        "id": "m",
                        "type": "match",
                        "prompt": "?",
                        "distractors": ["1"],
                        "pairs": [{"left": "a", "right": "1"}, {"left": "b", "right": "2"}],
                    },
                    {"id": "o", "type": "multiple", "prompt": "?", "options": ["a", "b"]},
                    {
                        "id": "s",
                        "type": "single",
                        "prompt": "?",
                        "options": [{"text": "a", "correct": "yes please"}, "A"],
                    },
                    {"id": "i", "type": "numeric", "prompt": "?", "answer": float("inf")},
                    {"id": "w", "type": "numeric", "prompt": "?"},
                ],
            }
        )
    text = str(info.value)
    assert "question 'n': give tolerance: (absolute) or tolerance_pct: (percent), not both" in text
    assert "question 'm': distractor '1' is also a right answer" in text
    assert "question 'o': no option is marked correct" in text
    assert "question 's': correct must be true or false, not 'yes please'" in text
    assert "question 's': option 'A' appears twice" in text
    assert "question 'i': answer must be a finite number" in text
    assert "question 'w': needs answer: (a number) or answer_from:" in text


# ---------------------------------------------------------------- lists, word for word

OPTIONS_HOW = (
    "add options: with a list of choices, each '- text: …' (add correct: true to the right one)"
)
PAIRS_HOW = "write pairs: as a list of '- {left: …, right: …}'"
ITEMS_HOW = "add items: listing the items in the right order"
ACCEPT_HOW = "add accept: [right answer, other spelling]"


def _problems(data: Any) -> list[str]:
    with pytest.raises(BankError) as info:
        bank_from_data(data, resolve=False)
    return info.value.problems


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"type": "single"}, f"options is missing; {OPTIONS_HOW}"),
        ({"type": "single", "options": "a"}, f"options must be a list, not text; {OPTIONS_HOW}"),
        (
            {"type": "multiple", "options": [{"text": "a", "correct": True}]},
            "options has 1 choice(s); give at least 2",
        ),
        (
            {"type": "single", "options": ["a", "b"]},
            "no option is marked correct; add correct: true to the right option",
        ),
        (
            {"type": "multiple", "options": ["a", "b"]},
            "no option is marked correct; add correct: true to each right option",
        ),
        ({"type": "match"}, f"pairs is missing; {PAIRS_HOW}"),
        (
            {"type": "match", "pairs": {"a": "1"}},
            f"pairs must be a list, not a mapping; {PAIRS_HOW}",
        ),
        ({"type": "match", "pairs": [["a", "1"]]}, "pairs has 1 pair(s); give at least 2"),
        ({"type": "order"}, f"items is missing; {ITEMS_HOW}"),
        (
            {"type": "order", "items": {"a": 1}},
            "items must be a list of items, e.g. items: [first, second]",
        ),
        ({"type": "order", "items": "a"}, "items needs at least 2 entries, in the right order"),
        ({"type": "order", "items": []}, "items needs at least 2 entries, in the right order"),
        ({"type": "text"}, f"accept is missing; {ACCEPT_HOW}"),
        ({"type": "text", "accept": []}, f"accept is missing; {ACCEPT_HOW}"),
        (
            {"type": "text", "accept": True},
            "accept must be a list of accepted answers, e.g. accept: [first, second]",
        ),
        # a blank text was dropped without a word: the bank loaded without the question
        ({"type": "text", "accept": " "}, f"accept is empty; {ACCEPT_HOW}"),
        ({"type": "order", "items": ""}, f"items is empty; {ITEMS_HOW}"),
    ],
)
def test_list_problems_word_for_word(fields: dict[str, Any], message: str) -> None:
    data = {"id": "d", "title": "D", "questions": [{"id": "q", "prompt": "?", **fields}]}
    assert _problems(data) == [f"<data>:1: question 'q': {message}"]


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        (None, "questions is missing; add questions: followed by a list of questions (- id: …)"),
        (5, "questions must be a list (each item starting with '- '), not a number"),
        ([], "questions is empty; add at least one question"),
    ],
)
def test_questions_list_problems_word_for_word(questions: Any, message: str) -> None:
    assert _problems({"id": "d", "title": "D", "questions": questions}) == [
        f"<data>:1: bank: {message}"
    ]


def test_too_few_pairs_still_reports_what_is_wrong_with_them() -> None:
    data = {
        "id": "d",
        "title": "D",
        "questions": [{"id": "m", "type": "match", "prompt": "?", "pairs": [{"left": "a"}]}],
    }
    assert _problems(data) == [
        "<data>:1: question 'm': pairs has 1 pair(s); give at least 2",
        "<data>:1: question 'm': right is missing; write right: (its match)",
    ]


def test_a_key_of_another_type_names_an_order_question() -> None:
    data = {
        "id": "d",
        "title": "D",
        "questions": [{"id": "o", "type": "order", "prompt": "?", "items": "a", "accept": "b"}],
    }
    assert (
        "<data>:1: question 'o': key 'accept' is not used by an order question (it belongs to "
        "type text)"
    ) in _problems(data)


# ---------------------------------------------------------------- nasty input


def test_huge_numbers_in_data_are_problems_not_internal_errors() -> None:
    huge = 10**5000  # str() refuses it
    data = {"id": huge, "title": "D", huge + 1: 1, "questions": [{"id": "q", "prompt": huge}]}
    assert _problems(data) == [
        "<data>:1: bank: unknown key a very long int in a bank; allowed keys are id, title, "
        "description, questions",
        "<data>:1: bank: id is a number too long to write out; use text",
        "<data>:1: question 'q': type is missing; add type: with one of single, multiple, "
        "true_false, numeric, text, order, match, reflection",
        "<data>:1: question 'q': prompt is a number too long to write out; use text",
    ]


def test_data_that_shares_its_lists_is_not_written_out_in_full() -> None:
    laughs: Any = ["lol"] * 10
    for _ in range(8):
        laughs = [laughs] * 10  # 10**9 strings in 90 lists; repr() would never finish
    question = {"id": "q", "type": laughs, "prompt": "?", "answer": laughs}
    problems = _problems({"id": "d", "title": "D", "questions": [question]})
    assert problems == [
        "<data>:1: question 'q': unknown type [[[[[[[[['lol', 'lol', 'lol', 'lol', 'l…; use one "
        "of single, multiple, true_false, numeric, text, order, match, reflection"
    ]


def _laughs(levels: int = 9) -> str:
    text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for prev, name in zip("abcdefghij", "bcdefghijk"[: levels - 1], strict=False):
        text += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
    return text


@pytest.mark.parametrize("where", ["bank", "answer"])
def test_billion_laughs_is_refused_at_once(where: str) -> None:
    laughs = _laughs()  # 10**9 values in 9 lines
    if where == "bank":
        text = laughs + "id: x\ntitle: T\nquestions: *i\n"
    else:
        inner = "".join(f"      {line}\n" for line in laughs.splitlines())
        text = f"id: x\ntitle: T\nquestions:\n  - id: q\n    type: numeric\n    x:\n{inner}"
        text += "    answer: *i\n"
    with pytest.raises(BankError) as info:
        bank_from_yaml(text, resolve=False)
    [problem] = info.value.problems
    assert problem.startswith("<string>:")
    assert ": bank: the aliases (*name) of this file stand for more than 1,000,000 values" in (
        problem
    )


def test_anchors_aliases_and_merge_keys_work() -> None:
    bank = bank_from_yaml(
        """\
id: x
title: T
questions:
  - &city
    id: q1
    type: text
    prompt: Which prefecture?
    accept: &okinawa [Okinawa]
    hints: [South]
  - <<: *city
    id: q2
    prompt: Which island?
  - <<: [{prompt: "First?", hints: [First]}, *city]
    id: q3
  - {id: q4, type: text, prompt: "Again?", accept: *okinawa, hints: *okinawa}
""",
        resolve=False,
    )
    # keys written beside << win over merged ones, and earlier sources over later ones;
    # neither is reported as a duplicate key
    assert [(q.id, q.prompt, q.accept, q.hints) for q in bank] == [
        ("q1", "Which prefecture?", ("Okinawa",), ("South",)),
        ("q2", "Which island?", ("Okinawa",), ("South",)),
        ("q3", "First?", ("Okinawa",), ("First",)),
        ("q4", "Again?", ("Okinawa",), ("Okinawa",)),
    ]


def test_merged_keys_are_checked_and_a_template_may_come_late() -> None:
    text = """\
id: x
title: T
questions:
  - [&t {id: t, type: text, prompt: "T?", acept: [a]}]
  - {<<: *t, id: q}
  - {<<: 1, id: r}
"""
    with pytest.raises(BankError) as info:
        bank_from_yaml(text, resolve=False)
    assert info.value.problems == [
        "<string>:6: bank: YAML syntax error: expected a mapping or list of mappings for "
        "merging, but found scalar (column 10), while constructing a mapping; check the "
        "indentation, and put text containing ': ', '#' or a leading quote in quotes"
    ]
    with pytest.raises(BankError) as info:
        bank_from_yaml(text.replace("  - {<<: 1, id: r}\n", ""), resolve=False)
    assert info.value.problems == [
        "<string>:4: question #1: must be a mapping (id:, type:, prompt:, …), not a list; "
        "start it with '- id: …'",
        "<string>:4: question 'q': unknown key 'acept' in a text question; did you mean "
        "'accept'? allowed keys are id, type, prompt, hints, explanation, source, accept",
        "<string>:5: question 'q': accept is missing; add accept: [right answer, other spelling]",
    ]


def test_control_characters_and_tabs_name_their_line_and_the_fix() -> None:
    with pytest.raises(BankError) as info:
        bank_from_yaml("id: x\ntitle: T\x07\n", resolve=False)
    assert info.value.problems == [
        "<string>:2: bank: the file contains the character U+0007 (column 9), which YAML does "
        "not allow; delete it"
    ]
    with pytest.raises(BankError) as info:
        bank_from_yaml("id: x\ntitle: T\nquestions:\n\t- id: q\n", resolve=False)
    [problem] = info.value.problems
    assert problem.startswith("<string>:4: bank: YAML syntax error: found character")
    assert problem.endswith(
        "(column 1), while scanning for the next token; indent with spaces: "
        "YAML does not allow tabs there"
    )


def test_a_file_named_twice_is_checked_once(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    assert validate_files([tmp_path, tmp_path / "a.yaml", str(tmp_path / "a.yaml")]) == []


def test_custom_bank_folders_leave_no_open_folder_listing(tmp_path: Path) -> None:
    """#19 item 15: with $USJAPAN_EDU_BANKS set, no "unclosed scandir iterator" warnings."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "mine.yaml").write_text(
        "id: mine\ntitle: Mine\nquestions:\n"
        "  - {id: q1, type: text, prompt: Which prefecture?, accept: [Okinawa]}\n",
        encoding="utf-8",
    )
    code = (
        "import gc\n"
        "from usjapan_edu.quiz.bank import list_banks, load_bank, custom_bank_dirs\n"
        "for _ in range(3):\n"
        "    custom_bank_dirs(); assert 'mine' in list_banks(); load_bank('mine')\n"
        "gc.collect()\n"
        "print('ok')\n"
    )
    env = dict(os.environ, USJAPAN_EDU_BANKS=str(folder))
    out = subprocess.run(
        [sys.executable, "-W", "error::ResourceWarning", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr
    assert "ResourceWarning" not in out.stderr and "scandir" not in out.stderr, out.stderr
