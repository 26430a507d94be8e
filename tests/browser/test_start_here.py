"""A student opens 00-start-here in a real JupyterLab (and Notebook 7), runs it, sees a chart.

All non-local requests are aborted: the chart must be drawn without any CDN.
"""

from __future__ import annotations

import re

import pytest
from jupyter_helpers import open_notebook, run_all
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
START = "notebooks/00-start-here.ipynb"


@pytest.mark.parametrize("ui", ["lab", "notebook"])
def test_start_here_runs_and_draws_its_chart_offline(page, jupyter, blocked, ui, tmp_path):
    open_notebook(page, jupyter, START, ui)
    run_all(page, START)
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    expect(
        page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']")
    ).to_have_count(0)
    chart = page.locator(".vega-embed .chart-wrapper").first
    chart.scroll_into_view_if_needed()
    expect(chart).to_be_visible()
    expect(chart.locator("canvas, svg.marks")).to_be_visible()
    # The chart's text description reaches assistive technology.
    expect(chart).to_have_attribute("aria-label", re.compile(r"^Line chart of U\.S\. goods trade"))
    assert not blocked, f"the page tried to reach the internet: {blocked[:5]}"
    assert errors.count() == 0 or "Error loading script" not in errors.all_inner_texts()
    shot = tmp_path / f"start_here_{ui}.png"
    chart.screenshot(path=shot)
    assert shot.stat().st_size > 5_000
