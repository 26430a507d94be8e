"""Helpers for browser tests: open a notebook and run its cells through JupyterLab itself."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TOKEN = "usj-test-token"


def stop_jupyter(group: subprocess.Popen, server_pids: list[int]) -> None:
    """Stop JupyterLab as a student does, Ctrl+C twice; kill the whole group if it hangs.

    ``group`` leads the process group (the server itself, or ``make``); ``server_pids`` are the
    server processes to interrupt (not their kernels: the server shuts those down itself).
    """
    for _ in range(2):
        for pid in server_pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGINT)
        time.sleep(0.5)
    try:
        group.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(group.pid, signal.SIGKILL)
        group.wait(10)


def free_port() -> int:
    """Return a free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


RUN_ALL_JS = """async (path) => {
  const app = window.jupyterapp;
  await app.restored;
  let panel = null;
  for (let i = 0; i < 900 && !panel; i++) {
    panel = Array.from(app.shell.widgets('main'))
      .find(w => w.context && w.context.path === path);
    if (!panel) await new Promise(r => setTimeout(r, 100));
  }
  if (!panel) return 'notebook panel never appeared';
  await panel.context.ready;
  await panel.sessionContext.ready;
  app.shell.activateById(panel.id);
  return await app.commands.execute('notebook:run-all-cells');
}"""

RESTART_RUN_ALL_JS = """async (path) => {
  const app = window.jupyterapp;
  const panel = Array.from(app.shell.widgets('main'))
    .find(w => w.context && w.context.path === path);
  await panel.sessionContext.session.kernel.restart();
  await panel.sessionContext.ready;
  return await app.commands.execute('notebook:run-all-cells');
}"""


def open_notebook(page, base: str, path: str, ui: str = "lab") -> None:
    """Open ``path`` in JupyterLab (``ui='lab'``) or Notebook 7 (``ui='notebook'``)."""
    url = f"{base}/lab/tree/{path}" if ui == "lab" else f"{base}/notebooks/{path}"
    page.goto(f"{url}?token={TOKEN}")
    page.wait_for_function("() => window.jupyterapp !== undefined")


def run_all(page, path: str) -> None:
    """Run every cell through the app's own command; fail if any cell raised."""
    result = page.evaluate(RUN_ALL_JS, path)
    assert result is True, f"running all cells of {path} failed: {result}"


def restart_and_run_all(page, path: str) -> None:
    """Restart the kernel and run every cell again (as a student after a crash)."""
    result = page.evaluate(RESTART_RUN_ALL_JS, path)
    assert result is True, f"re-running {path} after a restart failed: {result}"
