"""`make lab` — the README's first command — serves JupyterLab with 00-start-here open."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import psutil
import pytest
from jupyter_helpers import REPO, free_port, stop_jupyter
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_make_lab_opens_start_here(browser, tmp_path, blocked):
    port = free_port()
    home = tmp_path / "jupyter"
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTER_PLATFORM_DIRS="1",
        USJAPAN_EDU_HOME=str(tmp_path / "usj"),
    )
    log = tmp_path / "lab.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["make", "--no-print-directory", "lab", f"PORT={port}", "NO_BROWSER=1"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = None
        deadline = time.time() + 180
        while url is None and time.time() < deadline and proc.poll() is None:
            found = re.search(rf"http://127\.0\.0\.1:{port}/lab\S*token=\w+", log.read_text())
            url = found.group(0) if found else None
            time.sleep(0.5)
        assert url, f"make lab did not serve JupyterLab:\n{log.read_text()[-3000:]}"
        ctx = browser.new_context()
        ctx.route(
            lambda u: not u.startswith(f"http://127.0.0.1:{port}"),
            lambda route: (blocked.append(route.request.url), route.abort()),
        )
        page = ctx.new_page()
        page.set_default_timeout(90_000)
        page.goto(url)
        tab = page.get_by_role("tab", name=re.compile(r"00-start-here\.ipynb"))
        expect(tab).to_be_visible()
        expect(page.locator(".jp-Notebook .jp-MarkdownOutput h1").first).to_contain_text(
            "Start here"
        )
        ctx.close()
    finally:
        # Interrupt the server itself: make would relay a group signal a second time.
        stop_jupyter(proc, [c.pid for c in psutil.Process(proc.pid).children()])
    assert Path(REPO / "notebooks" / "00-start-here.ipynb").is_file()
