"""An exercise file is data, never code: hostile filters, checks, tags and sizes are refused."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from usjapan_edu import exercises
from usjapan_edu.exercises.loader import MAX_FILE_BYTES, from_yaml

Write = Callable[..., Path]


def _hostile(marker: Path) -> list[str]:
    """Expressions that would run a command (or hang) if anything evaluated them."""
    touch = f"__import__('os').system('touch {marker}')"
    return [
        f"year == 2023 or {touch}",
        f"year.__class__.__init__.__globals__['os'].system('touch {marker}')",
        "year.__class__.__mro__[1].__subclasses__()",
        f"@pd.io.common.os.system('touch {marker}')",
        f"(lambda: {touch})()",
        f"year == open('{marker}', 'w')",
        "year == 10 ** 10 ** 10",
        "year == 2023" + " and year == 2023" * 5000,
    ]


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    return tmp_path / "pwned"


def _rule_file(where_yaml: str, kind: str = "number") -> str:
    column = "share_of_gdp_pct" if kind == "number" else "country"
    return (
        'prefix: "h"\nexercises:\n  - id: n\n'
        f"    type: {kind}\n    prompt: x\n    expected:\n"
        f"      dataset: military_expenditure\n      column: {column}\n"
        f"      where: {where_yaml}\n"
    )


@pytest.mark.parametrize("kind", ["number", "list"])
def test_hostile_expressions_are_refused_and_never_run(
    marker: Path, write_file: Write, kind: str
) -> None:
    for i, expr in enumerate(_hostile(marker)):
        quoted = "'" + expr.replace("'", "''") + "'"
        path = write_file(_rule_file(quoted, kind), name=f"h{i}.yaml")
        started = time.monotonic()
        problems = exercises.validate_files([path])
        assert time.monotonic() - started < 10
        assert len(problems) == 1, problems
        assert problems[0].startswith(f"{path}:9: exercise 'n': expected: where must be a mapping")
        assert "expressions are never run" in problems[0]
        for resolve in (True, False):
            with pytest.raises(exercises.ExerciseError):
                exercises.load_exercises(path, resolve=resolve)
    assert not marker.exists()


def test_hostile_text_inside_a_mapping_is_only_compared(marker: Path, write_file: Write) -> None:
    for i, expr in enumerate(_hostile(marker)[:6]):
        quoted = "'" + expr.replace("'", "''") + "'"
        path = write_file(_rule_file(f"{{country: {quoted}, year: 2023}}"), name=f"m{i}.yaml")
        (problem,) = exercises.validate_files([path])
        assert "selects 0 rows" in problem
    assert not marker.exists()


@pytest.mark.parametrize(
    "where",
    ["{__class__: 1}", "{'year.__class__': 1}", "{year: {gt: 2000}}", "[year, 2023]"],
)
def test_malformed_filters_name_their_line(write_file: Write, where: str) -> None:
    (problem,) = exercises.validate_files([write_file(_rule_file(where))], resolve=False)
    assert problem.startswith(f"{write_file(_rule_file(where))}:9: exercise 'n': expected: ")


def test_a_check_is_only_a_registered_name(write_file: Write, marker: Path) -> None:
    for name in ("__import__", "os.system", "eval", f"exec(open('{marker}','w'))"):
        path = write_file(
            'prefix: "h"\nexercises:\n  - id: c\n    type: custom\n    prompt: x\n'
            f"    check: {name!r}\n"
        )
        (problem,) = exercises.validate_files([path])
        assert (
            "unknown check" in problem and "can only name a check the package registers" in problem
        )
    assert not marker.exists()


def test_solutions_are_text_never_run(write_file: Write, marker: Path) -> None:
    path = write_file(
        'prefix: "h"\nexercises:\n  - id: s\n    type: number\n    prompt: x\n'
        "    expected: {value: 1}\n"
        f"    solution: \"__import__('os').system('touch {marker}')\"\n"
    )
    ex = exercises.load_exercises(path)["s"]
    note = exercises.solution(ex, store=None)
    assert "__import__" in note.code and "&lt;" not in note.code
    exercises.check(ex, 1, store=None)
    assert not marker.exists()


def test_python_tags_are_refused(marker: Path) -> None:
    text = f"!!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(exercises.ExerciseError, match="<string>:1: file: "):
        from_yaml(text)
    assert not marker.exists()


def test_sizes_are_bounded(write_file: Write) -> None:
    big = 'prefix: "h"\n# ' + "x" * MAX_FILE_BYTES + "\nexercises: []\n"
    (problem,) = exercises.validate_files([write_file(big)])
    assert "an exercise file may be at most 1 MB" in problem
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n"
        for p, c in zip("abcdefg", "bcdefgh", strict=True)
    )
    started = time.monotonic()
    with pytest.raises(exercises.ExerciseError, match="aliases"):
        from_yaml(bomb)
    assert time.monotonic() - started < 5


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b'prefix: "h"\nexercises:\n  - id: \xff\n')
    (problem,) = exercises.validate_files([path])
    assert problem.startswith(f"{path}:3: file: the file is not UTF-8 text")


def test_html_in_texts_is_escaped(write_file: Write) -> None:
    path = write_file(
        'prefix: "h"\nexercises:\n  - id: s\n    type: number\n    prompt: x\n'
        "    expected: {value: 1}\n"
        "    feedback: {correct: '<script>alert(1)</script> **well done**'}\n"
        "    hints: ['<img src=x onerror=alert(1)>']\n"
    )
    ex = exercises.load_exercises(path)["s"]
    html = exercises.check(ex, 1, store=None)._repr_html_()
    assert (
        "<script>" not in html and "&lt;script&gt;" in html and "<strong>well done</strong>" in html
    )
    hint_html = exercises.hint(ex, store=None)._repr_html_()
    assert "<img" not in hint_html
