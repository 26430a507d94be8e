"""Fixtures for browser tests: a real JupyterLab server and Debian's headless Chromium.

Every request that does not go to the test server is aborted and recorded, so a chart or
widget that needs the internet fails here as it would in an offline classroom.
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.request
from pathlib import Path

import pytest
from jupyter_helpers import REPO, TOKEN, start_jupyter, stop_jupyter
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
    write_notebook(
        root / "quiz-all-types.ipynb",
        "from usjapan_edu import quiz\nquiz.show('sample-all-types')",
    )
    return root


def write_notebook(path: Path, *sources: str) -> Path:
    """Write a notebook of code cells (no outputs) for a test to open."""
    cells = [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": f"cell-{i}",
            "metadata": {},
            "outputs": [],
            "source": source,
        }
        for i, source in enumerate(sources)
    ]
    nb = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def usj_home(tmp_path_factory) -> Path:
    """The student's private progress folder for the whole browser session."""
    return tmp_path_factory.mktemp("usj-home")


@pytest.fixture(scope="session")
def jupyter(tmp_path_factory, lab_root, usj_home):
    """Start JupyterLab (and Notebook 7 routes) on a free loopback port; yield its base URL."""
    env = {
        "USJAPAN_EDU_HOME": str(usj_home),
        "PYTHONPATH": os.pathsep.join(
            [str(REPO / "tests" / "support" / "offline"), os.environ.get("PYTHONPATH", "")]
        ),
    }
    proc, base = start_jupyter(lab_root, tmp_path_factory.mktemp("jupyter-home"), env)
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
