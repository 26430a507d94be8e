"""Benchmark: our quiz against jupyterquiz in a real JupyterLab and headless Chromium.

Both libraries run in ONE JupyterLab server, one notebook per case (a single code cell that
shows a 20- or 50-question quiz), in alternating order, each run with a fresh kernel and a
fresh browser context. Every request that leaves the machine is aborted and counted.

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

Run: ``python benchmarks/bench_quiz.py [--runs 5] [--sizes 20 50] [--markdown]``
(``make bench`` runs it with the other benchmarks).
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
TYPES = ["single", "multiple", "true_false", "numeric", "text", "order", "match", "reflection"]
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


def question(i: int, qtype: str) -> dict[str, Any]:
    """One question of our benchmark bank (every type in turn, hints, a source)."""
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
    """Write our bank of ``n`` questions as YAML; return its path."""
    import yaml

    bank = {
        "id": f"bench-{n}",
        "title": f"Benchmark, {n} questions",
        "questions": [question(i, TYPES[i % len(TYPES)]) for i in range(n)],
    }
    path = folder / f"bench-{n}.yaml"
    path.write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def jupyterquiz_questions(n: int) -> list[dict[str, Any]]:
    """The same quiz in jupyterquiz's JSON format."""
    out: list[dict[str, Any]] = []
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


def notebook(source: str) -> str:
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "id": "quiz",
        "metadata": {},
        "outputs": [],
        "source": source,
    }
    nb = {
        "cells": [cell],
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

MEASURE_JS = """async ({path, sel}) => {
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
        const out = panel.node.querySelector(".jp-OutputArea");
        reject(new Error(`no ${what} after 60 s; output: ${out?.textContent.slice(0, 500)}`));
      }, 60000);
    });
  const ready = (s) => () => {
    const el = panel.node.querySelector(s);
    return el && el.getClientRects().length > 0 && !el.disabled ? el : null;
  };
  const t0 = performance.now();
  const done = app.commands.execute("notebook:run-all-cells");
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
  const out = panel.node.querySelector(".jp-OutputArea");
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
  };
}"""


def _api(base: str, method: str, path: str, token: str) -> Any:
    req = urllib.request.Request(f"{base}{path}?token={token}", method=method)
    with urllib.request.urlopen(req, timeout=30) as r:
        body = r.read()
    return json.loads(body) if body else None


def measure(browser: Any, base: str, root: Path, lib: str, path: str, token: str) -> dict:
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
        result = page.evaluate(MEASURE_JS, {"path": path, "sel": SELECTORS[lib]})
    finally:
        ctx.close()
    result["blocked"] = len(blocked)
    result["saved_bytes"] = (root / path).stat().st_size
    return result


def run_browser(runs: int, sizes: list[int]) -> dict[tuple[str, int], list[dict]]:
    """Return every run's measurements by (library, questions)."""
    from jupyter_helpers import TOKEN, start_jupyter, stop_jupyter
    from playwright.sync_api import sync_playwright

    jq_path = install_jupyterquiz()
    results: dict[tuple[str, int], list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="usj-bench-") as tmp:
        root, home, usj_home = Path(tmp, "root"), Path(tmp, "home"), Path(tmp, "usj")
        root.mkdir()
        paths: dict[tuple[str, int], str] = {}
        for n in sizes:
            bank = write_bank(root, n)
            (root / f"jq-{n}.json").write_text(json.dumps(jupyterquiz_questions(n)))
            paths["usjapan-edu", n] = f"ours-{n}.ipynb"
            (root / f"ours-{n}.ipynb").write_text(
                notebook(f"from usjapan_edu import quiz\nquiz.show({bank.name!r})")
            )
            paths["jupyterquiz", n] = f"jq-{n}.ipynb"
            (root / f"jq-{n}.ipynb").write_text(
                notebook(f"from jupyterquiz import display_quiz\ndisplay_quiz('jq-{n}.json')")
            )
        env = {
            "USJAPAN_EDU_HOME": str(usj_home),
            "PYTHONPATH": os.pathsep.join([str(jq_path), os.environ.get("PYTHONPATH", "")]),
        }
        proc, base = start_jupyter(root, home, env)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROME_ARGS
                )
                libs = ["usjapan-edu", "jupyterquiz"]
                for n in sizes:
                    for lib in libs:  # warm-up: disk caches, first kernel start
                        r = measure(browser, base, root, lib, paths[lib, n], TOKEN)
                        print(f"  warm-up {lib:12} {n:3} q: {r}", file=sys.stderr)
                    for i in range(runs):
                        order = libs if i % 2 == 0 else libs[::-1]
                        for lib in order:
                            shutil.rmtree(usj_home, ignore_errors=True)  # no saved answers
                            r = measure(browser, base, root, lib, paths[lib, n], TOKEN)
                            results.setdefault((lib, n), []).append(r)
                            print(
                                f"  {lib:12} {n:3} q  run {i + 1}: TTI {r['tti']:7.1f} ms, "
                                f"feedback {r['feedback']:6.1f} ms",
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


def table(results: dict[tuple[str, int], list[dict]], sizes: list[int]) -> str:
    rows = [
        "| questions | library | time to interactive, ms | × jupyterquiz | first feedback, ms "
        "| cell (kernel), ms | widget models | kernel messages (run / feedback) | DOM nodes "
        "| saved notebook, bytes | blocked requests |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n in sizes:
        jq = med([r["tti"] for r in results["jupyterquiz", n]])
        for lib in ("usjapan-edu", "jupyterquiz"):
            rs = results[lib, n]
            tti = [r["tti"] for r in rs]
            rows.append(
                f"| {n} | {lib} | {spread(tti)} | {med(tti) / jq:.2f}× "
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
    results = run_browser(args.runs, args.sizes)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"\n{now}; {machine()}")
    print(f"medians of {args.runs} runs (min–max), alternating, fresh kernel and page each\n")
    print(table(results, args.sizes))
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
