"""Fixtures for the JupyterHub test live in its module; this file only wires the folder up."""

from __future__ import annotations

import sys
from pathlib import Path

# A JupyterHub config file, not a module: importing it (--doctest-modules) would fail.
collect_ignore = ["jupyterhub_config.py"]

# The browser tests' helpers (free_port, run_all, REPO) are shared, not copied.
_BROWSER = str(Path(__file__).resolve().parents[1] / "browser")
if _BROWSER not in sys.path:
    sys.path.insert(0, _BROWSER)
