"""Import what a notebook will need next in the background, once the current cell has finished.

The course's setup cell (``from usjapan_edu import charts, datasets, exercises, quiz``) names
parts whose imports are heavy (Altair for charts, the widget stack for quizzes) but that are
used only a few cells later. :func:`after_this_cell` queues such modules; when the running
cell ends (IPython's ``post_run_cell`` event), ONE daemon thread imports them in order while
the student reads. The setup cell itself does not wait for them and, because the thread
starts after it, does not share the interpreter with them either.

Rules that keep this safe:

* Only inside IPython (a Jupyter kernel or the terminal shell): a script, the CLI and the tests
  import on first use as before, and a kernel that never imports charts or quizzes pays nothing.
* Only for what the notebook itself holds: modules queued ``for_module="usjapan_edu.quiz"``
  are imported once that module is in the notebook's namespace (``from usjapan_edu import
  quiz``), not when another part of the package imported it for its own use.
* Code that needs a queued module calls :func:`wait_for` first: it waits for the thread to
  finish THAT import, so the same module is never imported by two threads at once (no
  import-lock cycles, no half-initialised module). Before the thread has started (the same cell
  uses what it just imported) it returns at once and the import happens in the caller.
* A failed import in the thread is forgotten: the caller's own import then raises the error
  where it belongs.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import threading
from collections.abc import Iterable
from typing import Any

__all__ = ["after_this_cell", "wait_for"]

#: Longest wait for the thread's import of one module (seconds); then the caller imports itself.
WAIT_SECONDS = 120.0

_lock = threading.Lock()
#: Modules queued, not yet handed to the thread (waiting for their cell to end, or for the
#: notebook to hold their ``for_module``).
_queue: list[str] = []
#: Modules handed to the thread, in order.
_ready: list[str] = []
_done: dict[str, threading.Event] = {}
#: Queued module -> the module the notebook must hold before it is imported.
_needs: dict[str, str] = {}
_state: dict[str, Any] = {"thread": None, "hooked": None}


def _shell() -> Any:
    """Return the running IPython shell, or ``None`` (IPython is never imported here)."""
    ipython = sys.modules.get("IPython")
    get = getattr(ipython, "get_ipython", None)
    shell = get() if callable(get) else None
    return shell if hasattr(shell, "events") else None


def after_this_cell(
    modules: Iterable[str], *, first: bool = False, for_module: str | None = None
) -> bool:
    """Queue ``modules`` for a background import once the running cell has finished.

    Parameters
    ----------
    modules : iterable of str
        Module names, imported in this order (those already imported are skipped).
    first : bool
        Put them before modules queued earlier (small imports that a cell may soon need).
    for_module : str, optional
        Import them only once the notebook's namespace holds this module (checked after every
        cell until it does).

    Returns
    -------
    bool
        Whether anything was queued (``False`` outside IPython).

    """
    shell = _shell()
    if shell is None:
        return False
    with _lock:
        new = [m for m in modules if m not in _done and m not in sys.modules]
        if not new:
            return False
        for name in new:
            _done[name] = threading.Event()
            if for_module:
                _needs[name] = for_module
        at = 0 if first else len(_queue)
        _queue[at:at] = new
        if _state["hooked"] is None:
            shell.events.register("post_run_cell", _start)
            _state["hooked"] = shell
    return True


def _held(shell: Any, module_name: str) -> bool:
    """Whether the notebook's namespace holds the module ``module_name``."""
    module = sys.modules.get(module_name)
    namespace = getattr(shell, "user_ns", None) or {}
    return module is not None and any(value is module for value in list(namespace.values()))


def _start(*_args: Any) -> None:
    """``post_run_cell`` hook: hand the thread what the notebook now needs; start it.

    Modules whose ``for_module`` the notebook does not hold yet stay queued and the hook stays;
    once nothing is queued, the hook removes itself.
    """
    with _lock:
        shell = _state["hooked"]
        go = [m for m in _queue if m not in _needs or _held(shell, _needs[m])]
        _queue[:] = [m for m in _queue if m not in go]
        for name in go:
            _needs.pop(name, None)
        _ready.extend(go)
        if not _queue and shell is not None:
            _state["hooked"] = None
            with contextlib.suppress(ValueError):  # already gone
                shell.events.unregister("post_run_cell", _start)
        thread = _state["thread"]
        if not _ready or (thread is not None and thread.is_alive()):
            return
        thread = threading.Thread(target=_run, name="usjapan-edu-warm-imports", daemon=True)
        _state["thread"] = thread
    thread.start()


def _run() -> None:
    while True:
        with _lock:
            if not _ready:
                _state["thread"] = None
                return
            name = _ready.pop(0)
        try:
            importlib.import_module(name)
        except BaseException:  # the caller's own import reports it
            pass
        finally:
            _done[name].set()


def wait_for(name: str) -> None:
    """Wait until the background import of ``name`` (if the thread has it) is over."""
    with _lock:
        event = _done.get(name)
        handed = name in _ready or (
            _state["thread"] is not None and _state["thread"] is not threading.current_thread()
        )
        handed = handed and name not in _queue
    if event is None or event.is_set() or not handed:
        return  # not handed to the thread (yet): the caller imports now
    event.wait(WAIT_SECONDS)
