"""Run every benchmark (``benchmarks/bench_*.py``) and print its table (``make bench``).

A module with ``main(argv)`` prints its own table; one with only ``run()`` returns rows of
``(what, milliseconds, ratio)``. A benchmark that cannot run here (a missing optional
package, no Chromium) says so and is skipped; the others still run.

Run one benchmark alone with ``python benchmarks/run.py quiz`` (names without ``bench_``):
``quiz`` (cold and warm, against jupyterquiz, in a browser), ``first_chart`` (fresh kernels,
against a bare ``import altair``), ``datasets``, ``gradebook``. Results: ``RESULTS.md``.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main(argv: list[str]) -> int:
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if argv:
        names = [n for n in names if n.removeprefix("bench_") in argv]
    for module in names:
        print(f"\n== {module} ==", flush=True)
        try:
            mod = importlib.import_module(module)
        except ImportError as exc:
            print(f"skipped: {exc}")
            continue
        if hasattr(mod, "main"):  # prints its own table of medians and ratios
            mod.main([])
        else:
            for what, ms, ratio in mod.run():
                print(f"{what:55} {ms:9.2f} ms   {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
