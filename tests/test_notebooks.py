"""The course notebooks: committed clean, well-formed, and runnable top to bottom offline."""

from __future__ import annotations

import itertools
import json
import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
OFFLINE = REPO / "tests" / "support" / "offline"
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
JAPANESE = sorted((REPO / "notebooks" / "ja").glob("[0-9][0-9]-*.ipynb"))
VEGALITE = "application/vnd.vegalite.v5+json"


def test_course_starts_with_00_start_here():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00-start-here.ipynb"


def _name(path: Path) -> str:
    return path.relative_to(REPO / "notebooks").as_posix()


@pytest.mark.parametrize("path", NOTEBOOKS + JAPANESE, ids=_name)
def test_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        i for i, c in enumerate(nb["cells"])
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))
    ]  # fmt: skip
    assert not dirty, f"cells {dirty} carry outputs: clear them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_reads_like_a_lesson(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0].source
    assert nb.cells[0].cell_type == "markdown" and first.startswith("# ")
    assert re.search(r"\*\*Time:\*\*", first), "state a time estimate"
    assert "you will be able to" in first, "state learning objectives"
    assert any(c.cell_type == "markdown" and "## Sources" in c.source for c in nb.cells)
    assert not any("!pip" in c.source or "%pip" in c.source for c in nb.cells)


@pytest.mark.parametrize("path", JAPANESE, ids=_name)
def test_the_japanese_notebook_reads_like_a_lesson(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0].source
    assert nb.cells[0].cell_type == "markdown" and first.startswith("# ")
    assert "所要時間" in first, "state a time estimate (所要時間)"
    assert "できるようになります" in first, "state learning objectives"
    assert any(c.cell_type == "markdown" and "## 出典" in c.source for c in nb.cells)


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS + JAPANESE, ids=_name)
def test_runs_top_to_bottom_offline(path, tmp_path, monkeypatch):
    monkeypatch.setenv("USJAPAN_EDU_HOME", str(tmp_path / "home"))
    japanese = path.parent.name == "ja"
    # As JupyterLab does, the kernel is told which notebook it runs: one in ja/ is Japanese
    monkeypatch.setenv("JPY_SESSION_NAME", _name(path))
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(OFFLINE), os.environ.get("PYTHONPATH", "")])
    )
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    charts = [o for o in outputs if VEGALITE in o.get("data", {})]
    html = " ".join(str(o.get("data", {}).get("text/html", "")) for o in outputs)
    assert "cdn.jsdelivr.net" not in html, "a chart asks a CDN for vega: it would fail offline"
    if path.name == "00-start-here.ipynb":
        assert charts, "the start-here chart is emitted as an offline vega-lite bundle"
        assert_tables_are_labelled_plainly(nb)
    plain = " ".join(str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    if japanese:  # the quiz (and its words) in Japanese
        assert "対話型クイズ" in plain, "the notebook's quiz is not in Japanese"
    else:
        assert "対話型クイズ" not in plain


def assert_tables_are_labelled_plainly(nb) -> None:
    """A `.tail()` of filtered rows shows labels like 59, 60, 63 that puzzle beginners."""
    for cell in nb.cells:
        if cell.cell_type != "code" or ".tail(" not in cell.source:
            continue
        text = next(o["data"]["text/plain"] for o in cell.outputs if "data" in o)
        labels = [line.split()[0] for line in text.splitlines()[1:] if line.strip()]
        labels = [x for x in labels if x != "year"]  # the index's name, on its own line
        numbers = [int(x) for x in labels]
        gappy = any(b - a != 1 for a, b in itertools.pairwise(numbers))
        assert not gappy or all(1900 < n < 2100 for n in numbers), (
            f"rows labelled {labels}: reset the index or label rows by year"
        )


def test_offline_guard_really_blocks(tmp_path, monkeypatch):
    """The notebook run above is only offline if the guard works: prove it in a kernel."""
    monkeypatch.setenv("PYTHONPATH", str(OFFLINE))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=1)\n"
        "except OSError as e:\n    print('blocked' if 'blocked' in str(e) else 'other', e)"
    )])  # fmt: skip
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    assert nb.cells[0].outputs[0]["text"].startswith("blocked")
