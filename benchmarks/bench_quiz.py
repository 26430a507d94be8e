"""Benchmark: build and display a 50-question quiz (not a timed test).

Times, per case, loading the bank from YAML + building the QuizWidget + producing its display
bundle (``_repr_mimebundle_``, what Jupyter sends to the page), and reports medians and ratios:

* usjapan-edu, 1 question (the baseline);
* usjapan-edu, 50 questions (every type), fresh progress file;
* usjapan-edu, 50 questions, restoring 50 saved answers (a re-run after a kernel restart);
* jupyterquiz, 50 equivalent questions, if it is installed (``pip install jupyterquiz``):
  ``display_quiz`` with IPython's display captured and the HTML/JavaScript payload rendered.
  jupyterquiz has no order/match/reflection types; those are stood in by multiple choice.

Run: ``python benchmarks/bench_quiz.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

TYPES = ["single", "multiple", "true_false", "numeric", "text", "order", "match", "reflection"]


def question(i: int, qtype: str) -> dict[str, Any]:
    q: dict[str, Any] = {
        "id": f"q{i}",
        "type": qtype,
        "prompt": f"Question **{i}**: which option is right? See `goods_trade`.",
        "hints": ["Think about the data.", "Look at the year column."],
        "explanation": f"Because of *reason {i}*.",
        "source": {"url": "https://example.org/source", "title": "Example source"},
    }
    if qtype in {"single", "multiple"}:
        q["options"] = [
            {
                "text": f"Option {k}",
                "correct": k == 0 or (qtype == "multiple" and k == 1),
                "feedback": f"Feedback {k}",
            }
            for k in range(4)
        ]
    elif qtype == "true_false":
        q["answer"] = bool(i % 2)
    elif qtype == "numeric":
        q.update(answer=-68.0 - i, tolerance=1.0, unit="USD bn")
    elif qtype == "text":
        q["accept"] = ["Okinawa", "沖縄"]
    elif qtype == "order":
        q["items"] = [f"Event {k}" for k in range(4)]
    elif qtype == "match":
        q["pairs"] = [{"left": f"Left {k}", "right": f"Right {k}"} for k in range(3)]
    else:
        q["min_words"] = 5
    return q


def write_bank(folder: Path, n: int) -> Path:
    bank = {
        "id": f"bench-{n}",
        "title": f"Benchmark, {n} questions",
        "questions": [question(i, TYPES[i % len(TYPES)]) for i in range(n)],
    }
    path = folder / f"bench-{n}.yaml"
    path.write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def jupyterquiz_questions(n: int) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        qtype = TYPES[i % len(TYPES)]
        text = f"Question {i}: which option is right?"
        if qtype == "numeric":
            out.append(
                {
                    "question": text,
                    "type": "numeric",
                    "precision": 1,
                    "answers": [
                        {
                            "type": "range",
                            "range": [-69.0 - i, -67.0 - i],
                            "correct": True,
                            "feedback": "Correct.",
                        },
                        {"type": "default", "feedback": "Try again."},
                    ],
                }
            )
        elif qtype == "text":
            out.append(
                {
                    "question": text,
                    "type": "string",
                    "answers": [
                        {
                            "answer": "Okinawa",
                            "correct": True,
                            "match_case": False,
                            "feedback": "Correct.",
                        },
                        {"type": "default", "feedback": "Try again."},
                    ],
                }
            )
        else:
            out.append(
                {
                    "question": text,
                    "type": "many_choice" if qtype == "multiple" else "multiple_choice",
                    "answers": [
                        {
                            "answer": f"Option {k}",
                            "correct": k == 0 or (qtype == "multiple" and k == 1),
                            "feedback": f"Feedback {k}",
                        }
                        for k in range(4)
                    ],
                }
            )
    return out


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm-up (imports, caches)
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run(repeat: int = 15) -> list[tuple[str, float]]:
    """Return ``[(case, median milliseconds), ...]``."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["USJAPAN_EDU_HOME"] = str(folder / "home")
        import ipywidgets

        from usjapan_edu.quiz import load_bank
        from usjapan_edu.quiz.store import ProgressStore
        from usjapan_edu.quiz.widgets import QuizWidget

        one, fifty = write_bank(folder, 1), write_bank(folder, 50)

        def build(path: Path, store_path: Path) -> None:
            widget = QuizWidget(load_bank(path), store=ProgressStore(store_path))
            bundle = widget._repr_mimebundle_()
            assert bundle and "text/html" in bundle
            ipywidgets.Widget.close_all()  # drop every widget so runs do not pile up

        results = [
            ("usjapan-edu, 1 question", median_ms(lambda: build(one, folder / "a.json"), repeat)),
            (
                "usjapan-edu, 50 questions",
                median_ms(lambda: build(fifty, folder / "b.json"), repeat),
            ),
        ]
        saved = folder / "saved.json"
        widget = QuizWidget(load_bank(fifty), store=ProgressStore(saved))
        for qw in widget.questions:
            if qw.question.type in {"numeric", "text", "reflection"}:
                qw.inputs[0].value = "one two three four five six"
            qw.check()
        ipywidgets.Widget.close_all()
        results.append(
            (
                "usjapan-edu, 50 questions, restoring answers",
                median_ms(lambda: build(fifty, saved), repeat),
            )
        )
        try:
            import jupyterquiz.dynamic.display as jq_display
            from jupyterquiz import display_quiz
        except ImportError:
            print(
                "jupyterquiz is not installed: pip install jupyterquiz to compare", file=sys.stderr
            )
        else:
            questions = jupyterquiz_questions(50)

            def render(obj: Any) -> None:
                for name in ("_repr_html_", "_repr_javascript_"):
                    method = getattr(obj, name, None)
                    if method is not None:
                        method()

            original = jq_display.display
            jq_display.display = render
            try:
                results.append(
                    (
                        "jupyterquiz, 50 questions",
                        median_ms(lambda: display_quiz(questions), repeat),
                    )
                )
            finally:
                jq_display.display = original
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per case")
    args = parser.parse_args(argv)
    results = run(args.repeat)
    base = results[0][1]
    jq = dict(results).get("jupyterquiz, 50 questions")
    print(f"{'case':46} {'median ms':>10} {'× 1 question':>13} {'× jupyterquiz':>14}")
    for name, ms in results:
        vs_jq = f"{ms / jq:13.1f}" if jq else f"{'—':>13}"
        print(f"{name:46} {ms:10.1f} {ms / base:13.1f} {vs_jq:>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
