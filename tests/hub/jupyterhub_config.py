"""JupyterHub configuration for a class taking usjapan-edu (run by ``test_jupyterhub_class.py``).

Part 1 is what a real hub for the course needs (``docs/running-a-class.md`` shows it); part 2
only makes the hub a test fixture (loopback ports, a dummy password, an API token for the
test, JupyterLab options that let the test drive the page, no network for the kernels).

Run from a folder of its own (the hub's database, cookie secret and proxy pid file go in the
current folder) as root, in the environment where usjapan-edu and JupyterHub are installed::

    USJ_HUB_URL=http://127.0.0.1:8000 ... jupyterhub -f tests/hub/jupyterhub_config.py
"""

import os
import pwd
import sys
from pathlib import Path

from usjapan_edu._resources import jupyter_config_dir

c = get_config()  # noqa: F821 (JupyterHub defines it when it reads this file)

# The hub's own environment, where usjapan-edu is installed: the students' servers use it too.
BIN = Path(sys.executable).parent

# ----------------------------------------------------------------- 1. the course, for a class

# One real Unix user per student (LocalProcessSpawner, JupyterHub's default): each student's
# server, kernels and files run under their own uid, in their own home (which must be 0700:
# Debian's `useradd` needs `-K HOME_MODE=0700`, or HOME_MODE 0700 in /etc/login.defs).
c.JupyterHub.spawner_class = "localprocess"

# Before the server starts, *as the student* (never as root): umask 077, so everything they
# save (notebooks, the quiz progress file) is readable by them alone; then copy the course
# into ~/usjapan-edu-course with `usjapan-edu lab --dry-run` (copies, starts nothing, and never
# overwrites a notebook the student has edited); then become the single-user server.
c.Spawner.cmd = [
    "/bin/sh", "-c",
    'umask 077 && "$0" lab "$HOME/usjapan-edu-course" --dry-run >&2 && exec "$@"',
    str(BIN / "usjapan-edu"),
    str(BIN / "jupyterhub-singleuser"),
]  # fmt: skip
c.Spawner.notebook_dir = "~/usjapan-edu-course"
c.Spawner.default_url = "/lab/tree/00-start-here.ipynb"


def _progress_home(spawner) -> str:
    """Each student's quiz answers live in their own home (``~/.usjapan-edu/progress.json``)."""
    return os.path.join(pwd.getpwnam(spawner.user.name).pw_dir, ".usjapan-edu")


c.Spawner.environment = {
    "USJAPAN_EDU_HOME": _progress_home,
    # the course's JupyterLab settings (no "news" pop-up), as `usjapan-edu lab` sets them
    "JUPYTER_CONFIG_PATH": str(jupyter_config_dir()),
}
# A class logging in at once on a small machine: give servers time to start.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180

# ----------------------------------------------------------------- 2. the test fixture only

env = os.environ
c.JupyterHub.bind_url = env["USJ_HUB_URL"]  # the proxy, which students' browsers open
c.JupyterHub.hub_bind_url = env["USJ_HUB_INTERNAL_URL"]
c.ConfigurableHTTPProxy.api_url = env["USJ_HUB_PROXY_API_URL"]
c.ConfigurableHTTPProxy.command = [env["USJ_HUB_PROXY"]]  # installed by `make test` from npm
c.JupyterHub.db_url = "sqlite:///jupyterhub.sqlite"

# One password for the allowed names (JupyterHub's replacement for DummyAuthenticator's
# password, deprecated in 5.3). A real class signs in with the school's accounts instead.
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = env["USJ_HUB_PASSWORD"]
c.Authenticator.allowed_users = set(env["USJ_HUB_USERS"].split(","))

# The test asks the hub's REST API whether servers are ready and stops them at the end.
c.JupyterHub.services = [{"name": "usj-test", "api_token": env["USJ_HUB_API_TOKEN"]}]
c.JupyterHub.load_roles = [
    {
        "name": "usj-test",
        "scopes": ["list:users", "read:users", "read:servers", "admin:servers"],
        "services": ["usj-test"],
    }
]

# JupyterLab: expose the app to the test's script, no update checks; kernels get no network.
c.Spawner.args = [
    "--LabApp.expose_app_in_browser=True",
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
]
c.Spawner.environment["PYTHONPATH"] = env["USJ_HUB_OFFLINE_PATH"]
