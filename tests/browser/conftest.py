"""Fixtures for browser tests: a real JupyterLab server and Debian's headless Chromium.

Every request that does not go to the test server is aborted and recorded, so a chart or
widget that needs the internet fails here as it would in an offline classroom.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from jupyter_helpers import REPO, TOKEN, free_port, stop_jupyter
from playwright.sync_api import expect

# JupyterLab takes seconds to load and start kernels on a 2-core machine; 5 s is too short.
expect.set_options(timeout=60_000)

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


def _browser_available() -> str | None:
    """Return why browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    return None


def pytest_collection_modifyitems(config, items):
    """Skip browser tests locally when Chromium is missing; in CI, fail instead of skipping."""
    reason = _browser_available()
    if reason is None:
        return
    browser_items = [i for i in items if i.get_closest_marker("browser")]
    if not browser_items:
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        msg = f"browser tests must run in CI but cannot: {reason}"
        raise pytest.UsageError(msg)
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


def api(base: str, method: str, path: str):
    """Call the Jupyter server REST API with the test token; return parsed JSON or None."""
    req = urllib.request.Request(f"{base}{path}?token={TOKEN}", method=method)
    with urllib.request.urlopen(req, timeout=30) as r:
        body = r.read()
    return json.loads(body) if body else None


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory) -> Path:
    """A working copy of the course notebooks (the originals are never opened in place)."""
    root = tmp_path_factory.mktemp("course")
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    return root


@pytest.fixture(scope="session")
def usj_home(tmp_path_factory) -> Path:
    """The student's private progress folder for the whole browser session."""
    return tmp_path_factory.mktemp("usj-home")


@pytest.fixture(scope="session")
def jupyter(tmp_path_factory, lab_root, usj_home):
    """Start JupyterLab (and Notebook 7 routes) on a free loopback port; yield its base URL."""
    home = tmp_path_factory.mktemp("jupyter-home")
    settings = home / "settings" / "@jupyterlab"
    for plugin, body in [
        ("apputils-extension/notification", '{"fetchNews": "false", "checkForUpdates": false}'),
        ("docmanager-extension/plugin", '{"autosave": false}'),
    ]:
        f = settings / f"{plugin}.jupyterlab-settings"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(body)
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        IPYTHONDIR=str(home / "ipython"),
        JUPYTER_PLATFORM_DIRS="1",
        USJAPAN_EDU_HOME=str(usj_home),
        PYTHONPATH=os.pathsep.join(
            [str(REPO / "tests" / "support" / "offline"), os.environ.get("PYTHONPATH", "")]
        ),
    )
    port = free_port()
    cmd = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={lab_root}",
        f"--LabApp.user_settings_dir={home / 'settings'}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.expose_app_in_browser=True",
        "--JupyterNotebookApp.expose_app_in_browser=True",
    ]  # fmt: skip
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log_path = home / "server.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                msg = "JupyterLab did not start:\n" + log_path.read_text()[-3000:]
                raise RuntimeError(msg) from None
            time.sleep(0.2)
    yield base
    stop_jupyter(proc, [proc.pid])


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
        yield b
        b.close()


class BlockedRequests(list):
    """URLs of requests the test aborted because they left the machine."""


@pytest.fixture
def blocked() -> BlockedRequests:
    """The list of non-local URLs the page tried to fetch during the test."""
    return BlockedRequests()


@pytest.fixture
def page(browser, jupyter, blocked):
    """A fresh page and kernel; every request not aimed at the test server is aborted."""
    for sess in api(jupyter, "GET", "/api/sessions"):
        api(jupyter, "DELETE", f"/api/sessions/{sess['id']}")
    ctx = browser.new_context(viewport={"width": 1280, "height": 1400})

    def refuse(route):
        blocked.append(route.request.url)
        route.abort()

    ctx.route(lambda url: not url.startswith(jupyter), refuse)
    pg = ctx.new_page()
    pg.set_default_timeout(90_000)
    yield pg
    ctx.close()
