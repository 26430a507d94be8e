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
EXERCISES = [f"ex-{i}" for i in range(1, 6)]
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
    banks["exercises:02"] = {
        "title": "Exercises of notebook 02",
        "questions": {
            ex: {
                "type": "exercise",
                "response": str(rng.randint(0, 100)),
                "correct": (ok := rng.random() < ability + 0.2),
                "score": 1.0 if ok else 0.0,
                "attempts": rng.randint(1, 4),
                "hints_shown": 0,
                "revealed": False,
                "updated": stamp,
            }
            for ex in EXERCISES
            if rng.random() < 0.8
        },
    }
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

        def book(src: Path, formats: set[str]) -> None:
            result = build_gradebook([src])
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
    base = results[0][1]
    print(f"{'case':46} {'median ms':>10} {'× 50 exports':>13}")
    for name, ms in results:
        print(f"{name:46} {ms:10.1f} {ms / base:13.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
