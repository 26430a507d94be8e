"""Benchmark: a notebook's first chart against a bare ``import altair``, in fresh kernels.

Every run starts a fresh IPython kernel (``jupyter_client``; kernel start not timed) and times
each cell from the ``execute_request`` sent to its ``execute_reply``, the chart's display
included. Cases, alternating run by run (A, B, C, A, B, C … with the order turned every run):

* **bare altair** — one cell, ``import altair``: the yardstick;
* **course, reader's pause** — the course's setup cell
  (``import usjapan_edu`` / ``from usjapan_edu import charts, datasets, exercises, quiz``),
  a pause of ``--pause`` seconds (default 5: a reader), then the first chart cell
  (``charts.goods_trade_chart(datasets.load("goods_trade"))``); the figure is the two cells
  together;
* **course, Run All** — the same two cells with no pause.

The chart cell must put ``application/vnd.vegalite.v5+json`` in its output, or the run fails.
``--src FOLDER`` puts another copy of the package first on the kernels' ``PYTHONPATH`` (to
measure an older version with the same harness).

Run: ``python benchmarks/bench_first_chart.py [--runs 7] [--pause 5] [--src FOLDER]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SETUP = "import usjapan_edu\nfrom usjapan_edu import charts, datasets, exercises, quiz\n"
CHART = 'trade = datasets.load("goods_trade")\ncharts.goods_trade_chart(trade)\n'
BARE = "import altair\n"
VEGALITE = "application/vnd.vegalite.v5+json"


def run_cells(cells: list[str], pause: float, env: dict[str, str]) -> list[float]:
    """Start a fresh kernel, run ``cells`` (``pause`` seconds apart); return each cell's ms."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name="python3", transport="ipc")
    km.start_kernel(env=env, stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        time.sleep(0.5)  # let the kernel settle after its own start
        times: list[float] = []
        for i, code in enumerate(cells):
            if i and pause:
                time.sleep(pause)
            outputs: list[dict[str, Any]] = []
            t0 = time.perf_counter()
            reply = kc.execute_interactive(code, timeout=120, output_hook=outputs.append)
            times.append((time.perf_counter() - t0) * 1000)
            if reply["content"]["status"] != "ok":
                msg = f"cell failed: {reply['content'].get('evalue')}"
                raise RuntimeError(msg)
            if code is CHART and not any(VEGALITE in m["content"].get("data", {}) for m in outputs):
                raise RuntimeError("the chart cell showed no Vega-Lite chart")
        return times
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pause", type=float, default=5.0)
    parser.add_argument("--src", help="a package source folder to put first on PYTHONPATH")
    args = parser.parse_args(argv)
    try:
        import jupyter_client  # noqa: F401
    except ImportError as exc:
        print(f"skipped: {exc}")
        return 0
    cases = {
        "bare altair": ([BARE], 0.0),
        f"course, {args.pause:g} s reader's pause": ([SETUP, CHART], args.pause),
        "course, Run All": ([SETUP, CHART], 0.0),
    }
    results: dict[str, list[list[float]]] = {name: [] for name in cases}
    with tempfile.TemporaryDirectory(prefix="usj-bench-chart-") as tmp:
        env = dict(
            os.environ,
            USJAPAN_EDU_HOME=str(Path(tmp, "home")),
            IPYTHONDIR=str(Path(tmp, "ipython")),
            JUPYTER_RUNTIME_DIR=str(Path(tmp, "runtime")),
        )
        if args.src:
            env["PYTHONPATH"] = os.pathsep.join([args.src, os.environ.get("PYTHONPATH", "")])
        names = list(cases)
        run_cells([BARE], 0.0, env)  # warm-up: disk caches
        for i in range(args.runs):
            order = names if i % 2 == 0 else names[::-1]
            for name in order:
                cells, pause = cases[name]
                times = run_cells(cells, pause, env)
                results[name].append(times)
                print(f"  run {i + 1} {name:28} {[round(t) for t in times]} ms", file=sys.stderr)
    bare = statistics.median(sum(t) for t in results["bare altair"])
    print(f"medians of {args.runs} runs, alternating, fresh kernel each (cells timed)\n")
    print("| case | setup cell, ms | chart cell, ms | together, ms | × bare import altair |")
    print("|---|---|---|---|---|")
    for name, runs in results.items():
        total = statistics.median(sum(t) for t in runs)
        cells = [statistics.median(t[k] for t in runs) for k in range(len(runs[0]))]
        setup, chart = (cells[0], cells[1]) if len(cells) == 2 else (cells[0], None)
        chart_txt = f"{chart:,.0f}" if chart is not None else "–"
        print(f"| {name} | {setup:,.0f} | {chart_txt} | {total:,.0f} | {total / bare:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
