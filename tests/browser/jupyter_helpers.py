"""Helpers for browser tests: open a notebook and run its cells through JupyterLab itself."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
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


def start_jupyter(
    root: Path, home: Path, env: Mapping[str, str] | None = None
) -> tuple[subprocess.Popen, str]:
    """Start JupyterLab (and Notebook 7 routes) on a free loopback port; return (process, URL).

    ``home`` holds private settings, config, data and runtime folders (no news, no autosave,
    no update checks); ``env`` is added to the server's (and so the kernels') environment.
    """
    settings = home / "settings" / "@jupyterlab"
    for plugin, body in [
        ("apputils-extension/notification", '{"fetchNews": "false", "checkForUpdates": false}'),
        ("docmanager-extension/plugin", '{"autosave": false}'),
    ]:
        f = settings / f"{plugin}.jupyterlab-settings"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(body)
    full_env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        IPYTHONDIR=str(home / "ipython"),
        JUPYTER_PLATFORM_DIRS="1",
        **(env or {}),
    )
    port = free_port()
    cmd = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
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
            cmd, env=full_env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            return proc, base
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                msg = "JupyterLab did not start:\n" + log_path.read_text()[-3000:]
                raise RuntimeError(msg) from None
            time.sleep(0.2)


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
    """Open ``path`` in JupyterLab (``ui='lab'``) or Notebook 7 (``ui='notebook'``).

    JupyterLab is opened with ``reset``, so tabs left by an earlier test are not restored.
    """
    if ui == "lab":
        page.goto(f"{base}/lab/tree/{path}?token={TOKEN}&reset")
    else:
        page.goto(f"{base}/notebooks/{path}?token={TOKEN}")
    page.wait_for_function("() => window.jupyterapp !== undefined")


def run_all(page, path: str) -> None:
    """Run every cell through the app's own command; fail if any cell raised."""
    result = page.evaluate(RUN_ALL_JS, path)
    assert result is True, f"running all cells of {path} failed: {result}"


def restart_and_run_all(page, path: str) -> None:
    """Restart the kernel and run every cell again (as a student after a crash)."""
    result = page.evaluate(RESTART_RUN_ALL_JS, path)
    assert result is True, f"re-running {path} after a restart failed: {result}"
