"""Run every benchmark and print one table (``make bench``)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

for module in ("bench_datasets", "bench_quiz"):
    print(f"\n== {module} ==")
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
