"""Exercise files are validated like quiz banks: every problem with its file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from usjapan_edu import exercises
from usjapan_edu.exercises.loader import from_data, from_yaml, looks_like_exercise_file

Write = Callable[..., Path]

RULE = (
    "{dataset: military_expenditure, where: {country: Japan, year: 2023}, column: share_of_gdp_pct}"
)


def _file(*exercise_lines: str, head: str = 'prefix: "t"\n') -> str:
    return head + "exercises:\n" + "".join(f"  {line}\n" for line in exercise_lines)


def _problems(write_file: Write, text: str, **kwargs: object) -> list[str]:
    path = write_file(text)
    return [p.replace(f"{path}:", "LINE ") for p in exercises.validate_files([path], **kwargs)]


def _number(extra: str = "", rule: str = RULE) -> str:
    return _file(
        "- id: n",
        "  type: number",
        "  prompt: x",
        f"  expected: {rule}",
        *([f"  {extra}"] if extra else []),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            _number("tolerence: 1"),
            "LINE 7: exercise 'n': unknown key 'tolerence' in a number exercise; did you "
            "mean 'tolerance'?",
        ),
        (
            _number("accept: [x]"),
            "LINE 7: exercise 'n': key 'accept' is not used by a number exercise (it "
            "belongs to type text)",
        ),
        (
            _number("tolerance: 1\n    tolerance_pct: 2"),
            "LINE 8: exercise 'n': give tolerance: (absolute) or tolerance_pct: (percent), "
            "not both",
        ),
        (_number("tolerance: -1"), "LINE 7: exercise 'n': tolerance must be 0 or more"),
        (_number("variable: 2x"), "LINE 7: exercise 'n': variable '2x' is not a Python name"),
        (_number("check: os.system"), "LINE 7: exercise 'n': unknown check 'os.system'"),
        (
            _number("check: sorted_by"),
            "LINE 7: exercise 'n': check 'sorted_by' needs check_args: {column: …}",
        ),
        (
            _number("check: sorted_by\n    check_args: {column: year, cmd: rm}"),
            "LINE 8: exercise 'n': check 'sorted_by' takes no argument 'cmd'",
        ),
        (
            _number("feedback: {units: a, hgh: b}"),
            "LINE 7: exercise 'n': unknown key 'hgh' in feedback; did you mean 'high'?",
        ),
        (
            _number("feedback: {high: 'It is 1.196, too high'}"),
            "LINE 7: exercise 'n': feedback high: contains the answer (1.196)",
        ),
        (
            _number(rule="{dataset: militery_expenditure, column: x}"),
            "LINE 6: exercise 'n': expected: unknown dataset 'militery_expenditure'; did "
            "you mean 'military_expenditure'?",
        ),
        (
            _number(rule="{dataset: ../../etc/passwd, column: x}"),
            "LINE 6: exercise 'n': expected: unknown dataset '../../etc/passwd'",
        ),
        (
            _number(
                rule=(
                    "{dataset: military_expenditure, where: {country: Japan, year: 2023}, "
                    "column: share_of_gdp_pc}"
                )
            ),
            "LINE 6: exercise 'n': expected: dataset 'military_expenditure' has no column "
            "'share_of_gdp_pc'; did you mean 'share_of_gdp_pct'?",
        ),
        (
            _number(
                rule=(
                    "{dataset: military_expenditure, where: {country: Japan}, column: "
                    "share_of_gdp_pct}"
                )
            ),
            "add conditions so that exactly one row remains",
        ),
        (
            _number(
                rule=(
                    "{dataset: military_expenditure, where: {country: Japon, year: 2023}, "
                    "column: share_of_gdp_pct}"
                )
            ),
            "selects 0 rows of 'military_expenditure'",
        ),
        (
            _number(
                rule=(
                    "{dataset: military_expenditure, where: {country: Japan, year: '2023'}, "
                    "column: share_of_gdp_pct}"
                )
            ),
            "holds a number, but the filter gives text ('2023')",
        ),
        (
            _number(
                rule=(
                    "{dataset: military_expenditure, where: {country: Japan}, column: "
                    "share_of_gdp_pct, aggregate: median}"
                )
            ),
            "unknown aggregate 'median'",
        ),
        (
            _number(
                rule=(
                    "{dataset: military_expenditure, where: {country: Japan}, column: country, "
                    "aggregate: sum}"
                )
            ),
            "aggregate: sum needs a column of numbers",
        ),
        (
            _number(
                rule=(
                    "{dataset: military_expenditure, where: {year: 2023}, column: year, "
                    "at_max: country}"
                )
            ),
            "at_max needs a column of numbers or dates",
        ),
        (
            _number(rule="{value: 2, dataset: goods_trade}"),
            "value: is a fixed answer; remove dataset",
        ),
        (
            _number(
                rule=(
                    "{dataset: military_expenditure, where: {country: Japan, year: 2023}, "
                    "column: share_of_gdp_pct, divide_by: {where: {country: Japan, year: "
                    "1066}, column: share_of_gdp_pct}}"
                )
            ),
            "selects 0 rows",
        ),
        (
            _number(rule="'share_of_gdp_pct * 100'"),
            "LINE 6: exercise 'n': expected must be a mapping, not text",
        ),
        (
            _file("- {id: x, type: numbr, prompt: x}"),
            "LINE 3: exercise 'x': unknown type 'numbr' (did you mean 'number'?)",
        ),
        (
            _file("- {id: x, type: text, prompt: x}"),
            "a text exercise needs accept: [spellings] or expected:",
        ),
        (
            _file("- {id: x, type: list, prompt: x, ordered: maybe, expected: {values: [a]}}"),
            "ordered must be true or false, not 'maybe'",
        ),
        (
            _file(
                "- {id: x, type: dataframe, prompt: x, expected: {dataset: "
                "alliance_timeline, columns: [date, titel]}}"
            ),
            "has no column 'titel'; did you mean 'title'?",
        ),
        (
            _file("- {id: x, type: chart, prompt: x, expected: {mark: lines}}"),
            "unknown mark 'lines'; did you mean 'line'?",
        ),
        (
            _file("- {id: x, type: chart, prompt: x, expected: {encoding: {colour: country}}}"),
            "unknown channel 'colour'; did you mean 'color'?",
        ),
        (
            _file(
                "- {id: x, type: chart, prompt: x, expected: {encoding: {x: {field: year, "
                "type: quantitive}}}}"
            ),
            "unknown type 'quantitive'",
        ),
        (
            _file(
                "- {id: x, type: chart, prompt: x, expected: {dataset: "
                "military_expenditure, encoding: {x: yeer:Q}}}"
            ),
            "has no column 'yeer'; did you mean 'year'?",
        ),
        (_file("- {id: x, type: custom, prompt: x}"), "a custom exercise names its check"),
        (
            _file(
                "- {id: x, type: text, prompt: x, accept: [a]}",
                "- {id: x, type: text, prompt: y, accept: [b]}",
            ),
            "LINE 4: exercise 'x': id 'x' is already used by the exercise on line 3",
        ),
        (
            _file("- {id: 'a b', type: text, prompt: x, accept: [a]}"),
            "LINE 3: exercise #1: id 'a b' may use only letters",
        ),
        (_file("- just text"), "LINE 3: exercise #1: must be a mapping"),
        (
            _file("- {id: x, type: text, prompt: x, accept: [a]}", head='prefix: "0.2"\n'),
            "LINE 1: file: prefix '0.2' may use only",
        ),
        (
            _file("- {id: x, type: text, prompt: x, accept: [a]}", head="titel: T\n"),
            "LINE 1: file: unknown key 'titel' in an exercise file; did you mean 'title'?",
        ),
        ('prefix: "t"\nexercises: []\n', "LINE 2: file: exercises is empty"),
        ("", "LINE 1: file: the file is empty"),
        ("prefix: t\nexercises:\n\t- x\n", "YAML syntax error"),
    ],
)
def test_problems_name_file_line_and_what_to_do(
    write_file: Write, text: str, expected: str
) -> None:
    problems = _problems(write_file, text)
    assert any(expected in p for p in problems), problems
    for p in problems:
        assert p.startswith("LINE "), p


def test_a_filter_problem_points_at_the_line_of_its_column(write_file: Write) -> None:
    text = _file(
        "- id: n",
        "  type: number",
        "  prompt: x",
        "  expected:",
        "    dataset: military_expenditure",
        "    column: share_of_gdp_pct",
        "    where:",
        "      country: Japan",
        "      year: {between: 2023}",
    )
    (problem,) = _problems(write_file, text)
    assert problem.startswith(
        "LINE 11: exercise 'n': expected: unknown condition 'between' for year"
    )


def test_prefix_from_the_file_name_or_required(write_file: Write) -> None:
    body = "exercises:\n  - {id: x, type: text, prompt: x, accept: [a]}\n"
    assert exercises.load_exercises(write_file(body, name="07-trade.yaml")).ids == ["07.x"]
    path = write_file(body, name="trade.yaml")
    (problem,) = exercises.validate_files([path])
    assert "prefix is missing and the file name 'trade' does not start with a number" in problem


def test_two_files_with_one_prefix(write_file: Write, tmp_path: Path) -> None:
    body = 'prefix: "05"\nexercises:\n  - {id: x, type: text, prompt: x, accept: [a]}\n'
    write_file(body, name="a.yaml")
    write_file(body, name="b.yaml")
    problems = exercises.validate_files([tmp_path])
    assert len(problems) == 1 and "prefix '05' is also used by" in problems[0]


def test_validate_a_folder_and_an_empty_folder(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert exercises.validate_files([empty]) == [
        f"{empty}: no exercise files (*.yaml, *.yml) in this folder"
    ]


def test_load_raises_with_every_problem(write_file: Write) -> None:
    path = write_file(_number("tolerence: 1\n    unitt: x"))
    with pytest.raises(exercises.ExerciseError) as err:
        exercises.load_exercises(path)
    assert len(err.value.problems) == 2 and str(err.value).count(str(path)) == 2


def test_resolve_false_skips_the_data(write_file: Write) -> None:
    text = _number(
        rule="{dataset: military_expenditure, where: {country: Japan}, column: share_of_gdp_pct}"
    )
    assert _problems(write_file, text, resolve=False) == []
    assert _problems(write_file, text) != []


def test_from_data_and_from_yaml() -> None:
    loaded = from_data(
        {
            "prefix": "z",
            "exercises": [{"id": "a", "type": "number", "prompt": "?", "expected": {"value": 2}}],
        }
    )
    assert loaded.ids == ["z.a"]
    with pytest.raises(
        exercises.ExerciseError, match="<string>:1: file: the file must hold a mapping"
    ):
        from_yaml("[1, 2]")


def test_looks_like_exercise_file(tmp_path: Path, write_file: Write) -> None:
    from usjapan_edu._resources import data_dir

    assert looks_like_exercise_file(data_dir() / "exercises" / "02-security.yaml")
    assert looks_like_exercise_file(data_dir() / "exercises")
    assert not looks_like_exercise_file(data_dir() / "quizzes" / "00-start-here.yaml")
    assert looks_like_exercise_file(write_file('prefix: "t"\nexercises: []\n', name="x.yaml"))
