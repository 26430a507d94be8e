"""`make lab` — the README's first command — serves a working copy with 00-start-here open."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time

import psutil
import pytest
from jupyter_helpers import REPO, free_port, stop_jupyter
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def jupyterlab_servers(pid: int) -> list[int]:
    """The JupyterLab server under ``make`` (not its kernels: the server stops those)."""
    found = []
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return found
    for proc in children:
        try:
            if "jupyterlab" in proc.cmdline():
                found.append(proc.pid)
        except psutil.Error:
            continue
    return found


def test_make_lab_opens_start_here(browser, tmp_path, blocked):
    port = free_port()
    home = tmp_path / "jupyter"
    course = tmp_path / "my course"
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
            # No user settings at all: the course itself must keep the news pop-up away.
            ["make", "--no-print-directory", "lab", f"PORT={port}", "NO_BROWSER=1",
             f"COURSE_DIR={course}"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        url = None
        deadline = time.time() + 180
        while url is None and time.time() < deadline and proc.poll() is None:
            found = re.search(rf"http://127\.0\.0\.1:{port}/lab\S*token=\w+", log.read_text())
            url = found.group(0) if found else None
            time.sleep(0.5)
        assert url, f"make lab did not serve JupyterLab:\n{log.read_text()[-3000:]}"
        # It serves the working copy, never the tracked notebooks/ folder.
        info = json.loads(next((home / "runtime").glob("jpserver-*.json")).read_text())
        assert info["root_dir"] == str(course)
        assert (course / "00-start-here.ipynb").is_file()
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
        # JupyterLab asks "get notified about official Jupyter news?" right after it has
        # restored; give it the time, then make sure the course opened without it.
        page.wait_for_timeout(5_000)
        expect(page.get_by_text(re.compile("Jupyter news"))).to_have_count(0)
        ctx.close()
    finally:
        # Interrupt the server itself: make would relay a group signal a second time. (Without
        # a terminal, JupyterLab stops at once on Ctrl+C; that Ctrl+C twice in a terminal stops
        # it cleanly is tested with a real pseudo-terminal in test_cli_and_resources.py.)
        stop_jupyter(proc, jupyterlab_servers(proc.pid))
    assert (REPO / "notebooks" / "00-start-here.ipynb").is_file()
