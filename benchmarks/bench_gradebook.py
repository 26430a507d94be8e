"""Benchmark: the class gradebook on synthetic progress exports (not a timed test).

Makes N students' exports with the real exporter (``usjapan_edu.quiz.store.export``, half CSV,
half JSON) for the two shipped banks plus exercise records: each student has an ability, each
answer is graded by the real model, with hints, reveals and reflections; 5 % of the students
hand in a second, later export (a late re-submission, in ``late/``) and 1 % of the files are
damaged (truncated CSV, broken JSON). Then times, per case, reading every export, grading every
answer again and writing the CSV tables and the HTML report (median of the runs):

* 50 exports (the baseline);
* 500 exports;
* 500 exports, CSV tables only (no HTML report).

Run: ``python benchmarks/bench_gradebook.py [--repeat N] [--students N]``. To time the whole
command from outside instead, make the exports once and run the CLI on them::

    python benchmarks/bench_gradebook.py --make /tmp/exports --students 500
    python -m usjapan_edu.instructor gradebook /tmp/exports --out /tmp/book --force
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BANKS = ("00-start-here", "sample-all-types")
EXERCISE_FILE = "02-security"
WORDS = ["trade", "alliance", "deficit", "security", "treaty", "tariff", "ally", "data"]


def _response(q: Any, good: bool, rng: random.Random) -> Any:
    from usjapan_edu.quiz import model

    if isinstance(q, model.SingleChoice):
        right = [o.text for o in q.options if o.correct]
        wrong = [o.text for o in q.options if not o.correct]
        return right[0] if good else rng.choice(wrong)
    if isinstance(q, model.MultipleChoice):
        picks = [o.text for o in q.options if (o.correct == good) or rng.random() < 0.2]
        return picks or [q.options[0].text]
    if isinstance(q, model.TrueFalse):
        return q.answer if good else not q.answer
    if isinstance(q, model.Numeric):
        value = q.value
        return f"{value:.1f}" if good else rng.choice([f"{-value:.1f}", f"{value + 9:.0f}", "68"])
    if isinstance(q, model.Text):
        return q.accept[0] if good else rng.choice(["Tokyo", "Osaka", "Ctrl+Enter"])
    if isinstance(q, model.Order):
        items = list(q.items)
        if not good:
            rng.shuffle(items)
        return items
    if isinstance(q, model.Match):
        pairs = dict(q.pairs)
        if not good:
            lefts = list(pairs)
            a, b = lefts[0], lefts[1]
            pairs[a], pairs[b] = pairs[b], pairs[a]
        return pairs
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(16, 80)))


def _plain(value: Any) -> Any:
    from usjapan_edu.exercises.records import plain_value

    return plain_value(value)


@functools.cache
def _exercises() -> list[tuple[Any, Any, list[Any]]]:
    """(exercise, its right value, typical wrong values) for the number and list exercises."""
    from usjapan_edu import exercises
    from usjapan_edu.exercises import rules

    data = rules.Data()
    out = []
    for exercise_id in exercises.list_exercises(EXERCISE_FILE):
        ex = exercises.get_exercise(exercise_id)
        if ex.type == "number":
            right = round(rules.number(ex.expected, data), 6)
            typical = [right * 100, right / 100, -right, right + 1, round(right)]
        elif ex.type == "list":
            right = list(rules.list_values(ex.expected, data))
            typical = [right[:-1], right[1:], [*right, "Japan"]]
        else:
            continue  # the chart: its value is a specification, not drawn here
        out.append((ex, right, typical))
    return out


@functools.cache
def _bank(slug: str) -> Any:
    from usjapan_edu.quiz import load_bank

    return load_bank(slug)


def progress_data(student: int, rng: random.Random, stamp: str) -> dict[str, Any]:
    """Return one student's progress file (the store's schema), answers graded by the model."""
    ability = rng.random()
    banks: dict[str, Any] = {}
    for slug in BANKS:
        bank = _bank(slug)
        questions = {}
        for q in bank.questions:
            if rng.random() < 0.1:  # skipped this one
                continue
            good = rng.random() < 0.35 + 0.6 * ability
            response = _response(q, good, rng)
            grade = q.grade(response)
            questions[q.id] = {
                "type": q.type,
                "response": response,
                "correct": grade.correct,
                "score": grade.score,
                "feedback": grade.feedback,
                "attempts": rng.randint(1, 3),
                "hints_shown": rng.choice([0, 0, 0, 1, 2]),
                "revealed": rng.random() < 0.05,
                "updated": stamp,
                "history": [],
            }
        banks[bank.id] = {
            "title": bank.title,
            "total": len(bank),
            "updated": stamp,
            "questions": questions,
        }
    questions = {}
    for ex, right, typical in _exercises():
        if rng.random() > 0.8:
            continue
        if rng.random() < ability + 0.2:
            value = right
        elif rng.random() < 0.9:
            value = rng.choice(typical)
        else:
            value = round(rng.uniform(0, 100), 3)
        questions[ex.name] = {
            "type": "exercise",
            "response": value,
            "value": _plain(value),
            "correct": value == right,
            "score": 1.0 if value == right else 0.0,
            "attempts": rng.randint(1, 4),
            "hints_shown": 0,
            "revealed": False,
            "updated": stamp,
        }
    banks["exercises:02"] = {"title": "Exercises of notebook 02", "questions": questions}
    return {"schema": "usjapan-edu/progress", "schema_version": 1, "banks": banks}


def make_exports(folder: Path, n: int, *, seed: int = 0) -> list[Path]:
    """Write ``n`` students' exports (plus re-submissions and damaged files) into ``folder``."""
    from usjapan_edu.quiz.store import export

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    work = folder / ".progress"
    work.mkdir(exist_ok=True)
    files = []
    for i in range(n):
        name = f"student{i:04d}"
        kinds = [("", "2025-03-01T10:00:00+00:00")]
        if rng.random() < 0.05:
            kinds.append(("late", "2025-03-03T09:00:00+00:00"))
        for sub, stamp in kinds:
            progress = work / f"{name}-{sub or 'on-time'}.json"
            progress.write_text(json.dumps(progress_data(i, rng, stamp)), encoding="utf-8")
            suffix = ".csv" if i % 2 else ".json"
            out = folder / sub / f"{name}{suffix}"
            out.parent.mkdir(parents=True, exist_ok=True)
            export(out, path=progress)
            files.append(out)
    for path in rng.sample(files, max(1, len(files) // 100)):  # damage 1 %
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] if path.suffix == ".json" else data + b'x,"y\n')
    for leftover in work.iterdir():
        leftover.unlink()
    work.rmdir()
    return files


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm-up (imports, caches)
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run(repeat: int = 3, students: int = 500) -> list[tuple[str, float]]:
    """Return ``[(case, median milliseconds), ...]``."""
    from usjapan_edu.instructor.gradebook import build_gradebook
    from usjapan_edu.instructor.gradebook_report import write_gradebook

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["USJAPAN_EDU_HOME"] = str(folder / "home")
        small, large = folder / "small", folder / "large"
        make_exports(small, 50, seed=1)
        make_exports(large, students, seed=2)

        hostile = folder / "hostile"
        hostile.mkdir()
        for path in large.iterdir():
            if path.is_file():
                os.symlink(path, hostile / path.name)
        forged = {f"made-up-{i}": {"type": "single", "response": "x", "correct": True,
                                   "score": 1.0, "attempts": 1} for i in range(4900)}  # fmt: skip
        (hostile / "forger.json").write_text(
            json.dumps({"schema": "usjapan-edu/progress", "schema_version": 1,
                        "banks": {"sample-all-types": {"questions": forged}}}),
            encoding="utf-8",
        )  # fmt: skip

        def book(src: Path, formats: set[str]) -> None:
            result = build_gradebook([src], banks=list(BANKS), notebooks=())
            write_gradebook(result, folder / "out", formats, force=True)

        return [
            ("gradebook, 50 exports", median_ms(lambda: book(small, {"csv", "html"}), repeat)),
            (
                f"gradebook, {students} exports",
                median_ms(lambda: book(large, {"csv", "html"}), repeat),
            ),
            (
                f"gradebook, {students} exports, CSV only",
                median_ms(lambda: book(large, {"csv"}), repeat),
            ),
            (
                f"gradebook, {students} exports + 4,900 forged rows",
                median_ms(lambda: book(hostile, {"csv", "html"}), repeat),
            ),
        ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per case")
    parser.add_argument("--students", type=int, default=500, help="students in the large case")
    parser.add_argument("--make", metavar="DIR", help="only write the exports into DIR")
    args = parser.parse_args(argv)
    if args.make:
        files = make_exports(Path(args.make), args.students)
        print(f"wrote {len(files)} exports of {args.students} students into {args.make}")
        return 0
    results = run(args.repeat, args.students)
    print(f"{'case':50} {'median ms':>10} {'ms per export':>14}")
    for name, ms in results:
        n = 50 if ", 50 exports" in name else args.students
        print(f"{name:50} {ms:10.1f} {ms / n:14.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
