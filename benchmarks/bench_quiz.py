"""Benchmark: our quiz against jupyterquiz in a real JupyterLab and headless Chromium.

Both libraries run in ONE JupyterLab server, one notebook per case, in alternating order, each
run with a fresh kernel and a fresh browser context. Every request that leaves the machine is
aborted and counted. Two cases per size (20 and 50 questions):

* **cold** — ONE code cell that imports the library and shows the quiz (the first quiz of a
  fresh kernel);
* **warm** — the notebook's setup cell (each library's import: ``from usjapan_edu import quiz``
  / ``from jupyterquiz import display_quiz``) runs first, then, after a reader's pause
  (``--pause``, default 2 s), the quiz cell alone is timed: what students meet at every quiz
  after the first.

The questions are the course's own (``data/quizzes/*.yaml``, taken in order until 20 or 50:
real prompts, hints, sources, and numbers bound to the data with ``answer_from``); jupyterquiz
gets the same prompts and choices (its numeric answer is the value our bank computes), with
multiple choice standing in for the types it lacks. Our bank cache is kept between runs (its
first fill happens in the warm-up run); ``--no-cache`` measures every display as a first one.

Measured per run, in the page (``performance.now()``):

* **time to interactive** — from "run all cells" until the LAST question's first option (or
  input) is in the page, laid out and enabled;
* **time to first feedback** — from the click that checks the first question (ours: Check;
  jupyterquiz: the answer button, which checks at once) until feedback text is shown;
* **cell (kernel)** — from ``execute_input`` to ``execute_reply`` as the page receives them:
  the kernel-side part (imports, loading, building, sending);
* widget models opened (``comm_open`` to ``jupyter.widget``) and kernel messages, from run-all
  until the kernel is idle again, and for the first feedback;
* DOM nodes in the quiz cell's output, bytes of the notebook saved after the first feedback,
  and requests blocked.

jupyterquiz is installed for the benchmark only (``pip install --target`` into a cache folder
put on the kernels' ``PYTHONPATH``); it is never a dependency of usjapan-edu. It has no
order/match/reflection types: those questions are stood in by multiple choice.

Run: ``python benchmarks/bench_quiz.py [--runs 5] [--sizes 20 50] [--cases cold warm]
[--pause 2] [--no-cache] [--src FOLDER]`` (``--src`` puts another copy of the package first on
the kernels' ``PYTHONPATH``, to measure an older version with the same harness). ``make bench``
runs it with the other benchmarks.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
CHROME_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-extensions",
]
JQ_CACHE = Path(tempfile.gettempdir()) / "usjapan-edu-bench-jupyterquiz"

# What each library's page looks like: the last question's first control, the control that
# checks the first question, and where its feedback appears.
SELECTORS = {
    "usjapan-edu": {
        "last": ".usj-quiz .usj-question:last-of-type :is(input, select, textarea)",
        "pick": ".usj-quiz .usj-question:first-of-type input",
        "check": ".usj-quiz .usj-question:first-of-type button.usj-check",
        "feedback": ".usj-quiz .usj-question:first-of-type .usj-verdict",
    },
    "jupyterquiz": {
        "last": ".Quiz:last-of-type .Answer :is(.MCButton, input)",
        "pick": None,
        "check": ".Quiz:first-of-type .MCButton",
        "feedback": ".Quiz:first-of-type .Feedback",
    },
}

# ------------------------------------------------------------------ the quizzes


def write_course_bank(folder: Path, n: int) -> Path:
    """Write a bank of the course's first ``n`` questions (all banks, in order); return it."""
    import yaml

    def english(value: Any) -> Any:
        # The quiz is measured in English; the Japanese twins (``prompt_ja`` …) are left out,
        # so a version from before the bilingual banks can be measured with the same bank.
        if isinstance(value, dict):
            return {k: english(v) for k, v in value.items() if not str(k).endswith("_ja")}
        if isinstance(value, list):
            return [english(v) for v in value]
        return value

    questions: list[dict[str, Any]] = []
    for k, path in enumerate(sorted((REPO / "data" / "quizzes").glob("*.yaml"))):
        for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            questions.append({**english(q), "id": f"b{k}-{q['id']}"})
    if len(questions) < n:
        msg = f"the course has {len(questions)} questions, fewer than {n}"
        raise SystemExit(msg)
    bank = {"id": f"course-{n}", "title": f"Course questions, {n}", "questions": questions[:n]}
    out = folder / f"course-{n}.yaml"
    out.write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def jupyterquiz_from_bank(path: Path) -> list[dict[str, Any]]:
    """The same quiz in jupyterquiz's JSON format (prompts, choices, computed numbers)."""
    from usjapan_edu.quiz import load_bank
    from usjapan_edu.quiz.model import MultipleChoice, Numeric, SingleChoice, Text, TrueFalse

    out: list[dict[str, Any]] = []
    for q in load_bank(path):
        if isinstance(q, Numeric):
            value, tol = q.value, max(q.allowed_error(), 1e-9)
            answers = [
                {
                    "type": "range",
                    "range": [value - tol, value + tol],
                    "correct": True,
                    "feedback": "Correct.",
                },
                {"type": "default", "feedback": "Try again."},
            ]
            out.append(
                {"question": q.prompt, "type": "numeric", "precision": 4, "answers": answers}
            )
        elif isinstance(q, Text):
            answers = [
                {"answer": a, "correct": True, "match_case": False, "feedback": "Correct."}
                for a in q.accept
            ]
            answers.append({"type": "default", "feedback": "Try again."})
            out.append({"question": q.prompt, "type": "string", "answers": answers})
        elif isinstance(q, SingleChoice | MultipleChoice):
            out.append(
                {
                    "question": q.prompt,
                    "type": "many_choice" if isinstance(q, MultipleChoice) else "multiple_choice",
                    "answers": [
                        {
                            "answer": o.text,
                            "correct": o.correct,
                            "feedback": o.feedback or ("Correct." if o.correct else "No."),
                        }
                        for o in q.options
                    ],
                }
            )
        else:  # true/false, order, match, reflection: multiple choice stands in
            texts = (
                ["True", "False"] if isinstance(q, TrueFalse) else [f"Option {k}" for k in range(4)]
            )
            out.append(
                {
                    "question": q.prompt,
                    "type": "multiple_choice",
                    "answers": [
                        {"answer": t, "correct": k == 0, "feedback": f"Feedback {k}"}
                        for k, t in enumerate(texts)
                    ],
                }
            )
    return out


def notebook(*sources: str) -> str:
    cells = [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": f"cell{k}",
            "metadata": {},
            "outputs": [],
            "source": source,
        }
        for k, source in enumerate(sources)
    ]
    nb = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(nb, indent=1)


def install_jupyterquiz() -> Path:
    """Install jupyterquiz into a cache folder (never into the project's environment)."""
    if not (JQ_CACHE / "jupyterquiz").is_dir():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
                "--target",
                str(JQ_CACHE),
                "jupyterquiz",
            ],
            check=True,
        )
    return JQ_CACHE


# ------------------------------------------------------------------ one run in the page

MEASURE_JS = """async ({path, sel, warm, pause}) => {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const app = window.jupyterapp;
  await app.restored;
  let panel = null;
  for (let i = 0; i < 900 && !panel; i++) {
    panel = Array.from(app.shell.widgets("main")).find((w) => w.context?.path === path);
    if (!panel) await sleep(50);
  }
  await panel.context.ready;
  await panel.sessionContext.ready;
  const kernel = panel.sessionContext.session.kernel;
  for (let i = 0; i < 600 && kernel.status !== "idle"; i++) await sleep(50);
  await sleep(500); // let the page settle before timing
  app.shell.activateById(panel.id);
  if (warm) {
    // the setup cell first (not timed), then a reader's pause; only the quiz cell is timed
    panel.content.activeCellIndex = 0;
    await app.commands.execute("notebook:run-cell");
    for (let i = 0; i < 1200 && kernel.status !== "idle"; i++) await sleep(10);
    await sleep(pause);
    panel.content.activeCellIndex = 1;
  }
  const log = [];
  kernel.anyMessage.connect((_, a) => {
    const m = a.msg;
    log.push({ t: performance.now(), type: m.header.msg_type, target: m.content?.target_name });
  });
  const waitFor = (test, what) =>
    new Promise((resolve, reject) => {
      if (test()) return resolve(performance.now());
      const obs = new MutationObserver(() => {
        if (test()) {
          obs.disconnect();
          resolve(performance.now());
        }
      });
      obs.observe(panel.node, { subtree: true, childList: true, attributes: true });
      setTimeout(() => {
        obs.disconnect();
        const areas = panel.node.querySelectorAll(".jp-OutputArea");
  const out = areas[areas.length - 1];
        reject(new Error(`no ${what} after 60 s; output: ${out?.textContent.slice(0, 500)}`));
      }, 60000);
    });
  const ready = (s) => () => {
    const el = panel.node.querySelector(s);
    return el && el.getClientRects().length > 0 && !el.disabled ? el : null;
  };
  const t0 = performance.now();
  const done = app.commands.execute(warm ? "notebook:run-cell" : "notebook:run-all-cells");
  const t1 = await waitFor(ready(sel.last), "last question");
  const ok = await done;
  for (let i = 0; i < 200 && kernel.status !== "idle"; i++) await sleep(10);
  await sleep(300);
  const nRun = log.length;
  const execIn = log.find((e) => e.type === "execute_input");
  const execReply = log.find((e) => e.type === "execute_reply");
  if (sel.pick) panel.node.querySelector(sel.pick).click();
  const fb = () => panel.node.querySelector(sel.feedback)?.textContent.trim();
  const t2 = performance.now();
  panel.node.querySelector(sel.check).click();
  const t3 = await waitFor(fb, "feedback");
  await sleep(300);
  const areas = panel.node.querySelectorAll(".jp-OutputArea");
  const out = areas[areas.length - 1];
  await panel.context.save();
  const widget = (e) => e.type === "comm_open" && e.target === "jupyter.widget";
  return {
    ok,
    tti: t1 - t0,
    feedback: t3 - t2,
    cell: execIn && execReply ? execReply.t - execIn.t : null,
    models: log.slice(0, nRun).filter(widget).length,
    messages: nRun,
    feedback_messages: log.length - nRun,
    dom: out ? out.querySelectorAll("*").length : null,
    events: log.slice(0, nRun).map((e) => [e.type, Math.round(e.t - t0)]),
  };
}"""


def _api(base: str, method: str, path: str, token: str) -> Any:
    req = urllib.request.Request(f"{base}{path}?token={token}", method=method)
    with urllib.request.urlopen(req, timeout=30) as r:
        body = r.read()
    return json.loads(body) if body else None


def measure(
    browser: Any, base: str, root: Path, lib: str, path: str, token: str, pause_ms: int = 0
) -> dict:
    """Open ``path`` with a fresh kernel and page, run it, measure; return the figures."""
    for sess in _api(base, "GET", "/api/sessions", token):
        _api(base, "DELETE", f"/api/sessions/{sess['id']}", token)
    ctx = browser.new_context(viewport={"width": 1280, "height": 1400})
    blocked: list[str] = []

    def refuse(route: Any) -> None:
        blocked.append(route.request.url)
        route.abort()

    ctx.route(lambda url: not url.startswith(base), refuse)
    page = ctx.new_page()
    page.set_default_timeout(120_000)
    try:
        page.goto(f"{base}/lab/tree/{path}?token={token}&reset")
        page.wait_for_function("() => window.jupyterapp !== undefined")
        warm = path.startswith("warm-")
        args = {"path": path, "sel": SELECTORS[lib], "warm": warm, "pause": pause_ms}
        result = page.evaluate(MEASURE_JS, args)
    finally:
        ctx.close()
    result["blocked"] = len(blocked)
    result["saved_bytes"] = (root / path).stat().st_size
    return result


def run_browser(
    runs: int,
    sizes: list[int],
    cases: list[str],
    *,
    pause: float = 2.0,
    cache: bool = True,
    src: str | None = None,
) -> dict[tuple[str, str, int], list[dict]]:
    """Return every run's measurements by (case, library, questions)."""
    from jupyter_helpers import TOKEN, start_jupyter, stop_jupyter
    from playwright.sync_api import sync_playwright

    jq_path = install_jupyterquiz()
    results: dict[tuple[str, str, int], list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="usj-bench-") as tmp:
        root, home, usj_home = Path(tmp, "root"), Path(tmp, "home"), Path(tmp, "usj")
        root.mkdir()
        setup = {
            "usjapan-edu": "from usjapan_edu import quiz",
            "jupyterquiz": "from jupyterquiz import display_quiz",
        }
        paths: dict[tuple[str, str, int], str] = {}
        for n in sizes:
            bank = write_course_bank(root, n)
            (root / f"jq-{n}.json").write_text(json.dumps(jupyterquiz_from_bank(bank)))
            show = {
                "usjapan-edu": f"quiz.show({bank.name!r})",
                "jupyterquiz": f"display_quiz('jq-{n}.json')",
            }
            for lib in ("usjapan-edu", "jupyterquiz"):
                short = "ours" if lib == "usjapan-edu" else "jq"
                paths["cold", lib, n] = f"cold-{short}-{n}.ipynb"
                (root / paths["cold", lib, n]).write_text(notebook(f"{setup[lib]}\n{show[lib]}"))
                paths["warm", lib, n] = f"warm-{short}-{n}.ipynb"
                (root / paths["warm", lib, n]).write_text(notebook(setup[lib], show[lib]))
        env = {
            "USJAPAN_EDU_HOME": str(usj_home),
            "USJAPAN_EDU_CACHE": str(Path(tmp, "cache")) if cache else "off",
            "PYTHONPATH": os.pathsep.join(
                [*([src] if src else []), str(jq_path), os.environ.get("PYTHONPATH", "")]
            ),
        }
        proc, base = start_jupyter(root, home, env)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROME_ARGS
                )
                libs = ["usjapan-edu", "jupyterquiz"]
                pause_ms = round(pause * 1000)
                for case in cases:
                    for n in sizes:
                        for lib in libs:  # warm-up: disk caches, first kernel start
                            path = paths[case, lib, n]
                            r = measure(browser, base, root, lib, path, TOKEN, pause_ms)
                            print(f"  warm-up {case} {lib:12} {n:3} q: {r}", file=sys.stderr)
                        for i in range(runs):
                            order = libs if i % 2 == 0 else libs[::-1]
                            for lib in order:
                                shutil.rmtree(usj_home, ignore_errors=True)  # no saved answers
                                path = paths[case, lib, n]
                                r = measure(browser, base, root, lib, path, TOKEN, pause_ms)
                                results.setdefault((case, lib, n), []).append(r)
                                print(
                                    f"  {case} {lib:12} {n:3} q  run {i + 1}: TTI "
                                    f"{r['tti']:7.1f} ms, feedback {r['feedback']:6.1f} ms, "
                                    f"cell {r['cell'] or 0:6.1f} ms",
                                    file=sys.stderr,
                                )
                browser.close()
        finally:
            stop_jupyter(proc, [proc.pid])
    return results


# ------------------------------------------------------------------ kernel-side imports


def import_ms(code: str, repeat: int = 5) -> float:
    """Median wall time of a fresh interpreter that already has what a kernel imports."""
    prelude = "import ipykernel.ipkernel, IPython.display, comm, traitlets; import time; "
    stmt = prelude + f"t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(JQ_CACHE), os.environ.get("PYTHONPATH", "")])
    )
    times = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", stmt], capture_output=True, text=True, check=True, env=env
        ).stdout
        times.append(float(out.strip().splitlines()[-1]) * 1000)
    return statistics.median(times)


# ------------------------------------------------------------------ report


def med(values: list[float | None]) -> float:
    clean = [v for v in values if v is not None]
    return statistics.median(clean) if clean else float("nan")


def spread(values: list[float]) -> str:
    return f"{med(values):,.0f} ({min(values):,.0f}–{max(values):,.0f})"


def table(
    results: dict[tuple[str, str, int], list[dict]], sizes: list[int], cases: list[str]
) -> str:
    rows = [
        "| case | questions | library | time to interactive, ms | × jupyterquiz "
        "| first feedback, ms "
        "| cell (kernel), ms | widget models | kernel messages (run / feedback) | DOM nodes "
        "| saved notebook, bytes | blocked requests |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for case in cases:
        for n in sizes:
            jq = med([r["tti"] for r in results[case, "jupyterquiz", n]])
            for lib in ("usjapan-edu", "jupyterquiz"):
                rs = results[case, lib, n]
                tti = [r["tti"] for r in rs]
                rows.append(
                    f"| {case} | {n} | {lib} | {spread(tti)} | {med(tti) / jq:.2f}× "
                    f"| {spread([r['feedback'] for r in rs])} "
                    f"| {med([r['cell'] for r in rs]):,.0f} "
                    f"| {med([r['models'] for r in rs]):.0f} "
                    f"| {med([r['messages'] for r in rs]):.0f} / "
                    f"{med([r['feedback_messages'] for r in rs]):.0f} "
                    f"| {med([r['dom'] for r in rs]):,.0f} "
                    f"| {med([r['saved_bytes'] for r in rs]):,.0f} "
                    f"| {sum(r['blocked'] for r in rs)} |"
                )
    return "\n".join(rows)


def machine() -> str:
    try:
        import psutil

        mem = f", {psutil.virtual_memory().total / 2**30:.0f} GiB"
    except ImportError:  # pragma: no cover
        mem = ""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    versions = []
    for dist in ("jupyterlab", "notebook", "anywidget", "ipywidgets", "ipykernel"):
        try:
            from importlib.metadata import version

            versions.append(f"{dist} {version(dist)}")
        except Exception:  # pragma: no cover
            pass
    jq = next(JQ_CACHE.glob("jupyterquiz-*.dist-info"), None)
    if jq:
        versions.append(jq.name.removesuffix(".dist-info").replace("-", " "))
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores{mem}; "
        f"Python {platform.python_version()}; {chromium.strip()} (headless); " + ", ".join(versions)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per library and size")
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--cases", nargs="+", default=["cold", "warm"], choices=["cold", "warm"])
    parser.add_argument("--pause", type=float, default=2.0, help="seconds after the setup cell")
    parser.add_argument("--no-cache", action="store_true", help="no bank cache (every display)")
    parser.add_argument("--src", help="a package source folder to put first on PYTHONPATH")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"skipped: Chromium not found at {CHROMIUM}")
        return 0
    try:
        install_jupyterquiz()
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"skipped: cannot install jupyterquiz for the comparison ({exc})")
        return 0
    results = run_browser(
        args.runs,
        args.sizes,
        args.cases,
        pause=args.pause,
        cache=not args.no_cache,
        src=args.src,
    )
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"\n{now}; {machine()}")
    print(f"medians of {args.runs} runs (min–max), alternating, fresh kernel and page each\n")
    print(table(results, args.sizes, args.cases))
    ours = import_ms(
        "import usjapan_edu.quiz.frontend, usjapan_edu.quiz.bank, usjapan_edu.quiz.store"
    )
    theirs = import_ms("import jupyterquiz")
    print(
        f"\nkernel-side imports (fresh interpreter that already has ipykernel): "
        f"usjapan-edu quiz {ours:.0f} ms, jupyterquiz {theirs:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
