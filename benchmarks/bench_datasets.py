"""Dataset loading, side by side: our load() vs a bare pandas.read_csv vs frictionless.

Ratios matter, not absolute seconds: the same machine runs all three in one process.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

import pandas as pd

from usjapan_edu import datasets


def _median_seconds(fn, repeat: int = 15) -> float:
    fn()  # warm caches (descriptor parse, imports)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _import_seconds(module: str, repeat: int = 5) -> float:
    code = f"import time; t=time.perf_counter(); import {module}; print(time.perf_counter()-t)"
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(repeat)
    ]
    return statistics.median(runs)


def run() -> list[tuple[str, float, str]]:
    """Return rows (what, median ms, ratio text)."""
    rows = []
    try:
        import frictionless
    except ImportError:  # a test extra
        frictionless = None
    for name in ("goods_trade", "world_economy", "alliance_timeline"):
        meta = datasets.info(name)
        ours = _median_seconds(lambda n=name: datasets.load(n))
        bare = _median_seconds(lambda p=meta.path: pd.read_csv(p))
        rows.append(
            (
                f"load('{name}') [{len(datasets.load(name))} rows]",
                ours * 1e3,
                f"{ours / bare:.1f}× bare pandas.read_csv ({bare * 1e3:.1f} ms)",
            )
        )
        if frictionless is not None:
            desc = str(meta.path.parent / "datapackage.json")
            fl = _median_seconds(
                lambda d=desc, n=name: frictionless.Package(d).get_resource(n).to_pandas(), repeat=3
            )
            rows.append(
                (
                    f"  frictionless to_pandas('{name}')",
                    fl * 1e3,
                    f"ours is {fl / ours:.1f}× faster",
                )
            )
    imp_pkg = _import_seconds("usjapan_edu")
    imp_pd = _import_seconds("pandas")
    rows.append(
        (
            "import usjapan_edu (cold process)",
            imp_pkg * 1e3,
            f"{imp_pkg / imp_pd:.2f}× import pandas ({imp_pd * 1e3:.0f} ms)",
        )
    )
    return rows


if __name__ == "__main__":
    for what, ms, ratio in run():
        print(f"{what:55} {ms:9.2f} ms   {ratio}")
