"""A disk cache of validated quiz banks and their page state, so a quiz shows without waiting.

Showing a quiz used to parse its YAML, validate it, resolve every ``answer_from`` against the
data (pandas) and render every prompt (markdown-it) at every display. :func:`load` keeps the
result — the validated :class:`~usjapan_edu.quiz.model.Bank` (answers from the data already
resolved) and its :class:`~usjapan_edu.quiz._page.Rendered` views — in one file per bank, and
serves it again while nothing it was made from has changed:

* the bank file's bytes and its path, the package version, the Python version and this
  cache's format (the entry's name and key);
* the bytes of every data file its answers were computed from (``datapackage.json`` and each
  ``answer_from`` dataset's CSV), compared by a hash at every hit, not by time stamps.

So editing a bank or its data shows the change at the next display; an invalid bank is never
stored and fails as loudly as before; answers are only ever in the pickled bank, never in the
page state. The cache is only a shortcut: a missing, damaged, foreign or unwritable entry (or
folder) is ignored and the bank is loaded the ordinary way.

Location: ``$USJAPAN_EDU_CACHE`` if set (``off`` turns the cache off); else, when
``$USJAPAN_EDU_HOME`` is set (it moves everything usjapan-edu keeps for a user, e.g. on a hub),
``$USJAPAN_EDU_HOME/cache``; else ``platformdirs.user_cache_dir("usjapan-edu")/quizzes``.
Entries are pickles written by this module into a folder only the user can write to; an entry
owned by someone else, or writable by others, is not read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from usjapan_edu import __version__, _resources
from usjapan_edu.quiz._paths import _as_path

if TYPE_CHECKING:
    from usjapan_edu.quiz._first_paint import Rendered
    from usjapan_edu.quiz.model import Bank

__all__ = ["CACHE_ENV_VAR", "cache_dir", "load", "load_page"]

CACHE_ENV_VAR = "USJAPAN_EDU_CACHE"
FORMAT = 5
#: A bank file larger than this is left to the loader (which refuses it with its message).
MAX_BANK_BYTES = 1_000_000


def cache_dir() -> Path | None:
    """Return the cache folder, or ``None`` (``$USJAPAN_EDU_CACHE=off``, or a grading run).

    A grading run (see :mod:`usjapan_edu._grading_run`) writes nothing into the grader's folders.
    """
    from usjapan_edu._grading_run import progress_disabled

    if progress_disabled():
        return None
    value = os.environ.get(CACHE_ENV_VAR, "").strip()
    if value.lower() == "off":
        return None
    if value:
        return Path(value).expanduser()
    home = os.environ.get("USJAPAN_EDU_HOME", "").strip()
    if home:
        return Path(home).expanduser() / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("usjapan-edu", False)) / "quizzes"


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _own_loader() -> bool:
    """Whether answers come from the package's own data loader (not a stand-in)."""
    datasets = sys.modules.get("usjapan_edu.datasets")
    load = getattr(datasets, "load", None)
    return datasets is None or getattr(load, "__module__", None) == "usjapan_edu.datasets"


def _data_files(bank: Bank) -> list[str] | None:
    """Return the data files (relative to the data folder) the bank's answers were read from."""
    from usjapan_edu.quiz.model import Numeric

    names = {
        q.answer_from.dataset
        for q in bank.questions
        if isinstance(q, Numeric) and q.answer_from is not None
    }
    if not names:
        return []
    descriptor = _resources.data_dir() / "datapackage.json"
    try:
        resources = json.loads(descriptor.read_text(encoding="utf-8")).get("resources", [])
        paths = {r.get("name"): r.get("path") for r in resources if isinstance(r, dict)}
    except (OSError, ValueError, AttributeError):
        return None
    files = ["datapackage.json"]
    for name in sorted(names):
        path = paths.get(name)
        if not isinstance(path, str):
            return None  # not a plain file of the data package: do not cache
        files.append(path)
    return files


def _fingerprints(files: list[str]) -> list[tuple[str, str]] | None:
    folder = _resources.data_dir()
    try:
        return [(f, _digest((folder / f).read_bytes())) for f in files]
    except OSError:
        return None


def _all_data_fingerprints() -> dict[str, str]:
    """Fingerprints of every file of the data folder, taken before a bank is loaded."""
    folder = _resources.data_dir()
    out = {}
    with contextlib.suppress(OSError):
        for p in folder.iterdir():
            if p.is_file():
                with contextlib.suppress(OSError):
                    out[p.name] = _digest(p.read_bytes())
    return out


def _read_entry(path: Path) -> Any:
    """Return the unpickled entry at ``path``, or ``None`` if absent, foreign or damaged."""
    try:
        with open(path, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                return None
            if hasattr(os, "getuid") and (
                info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
            ):
                return None  # only what this user wrote, and only they could write
            return pickle.loads(fh.read())  # our own entry (checked above)
    except Exception:  # a damaged entry is a miss
        return None


def _write_entry(path: Path, entry: dict[str, Any]) -> None:
    """Write ``entry`` atomically (temporary file + rename); any failure is ignored."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except Exception:  # an unwritable cache only means no shortcut next time
        return


def load(source: str | os.PathLike[str], lang: str = "en") -> tuple[Bank, Rendered]:
    """Return the validated bank for a slug or path and its page views, from the cache if valid.

    ``lang`` is the language of the texts (one entry per bank and language). Raises what
    :func:`~usjapan_edu.quiz.bank.load_bank` raises (an invalid bank is never cached, so it
    fails every time).
    """
    rendered, bank = load_page(source, lang)
    return bank(), rendered


def load_page(
    source: str | os.PathLike[str], lang: str = "en"
) -> tuple[Rendered, Callable[[], Bank]]:
    """Return a bank's page views at once, and a function that returns the validated bank.

    On a cache hit the page comes without importing the quiz model (the bank is kept pickled
    apart and read when the function is called), so the quiz's first paint does not wait
    for it. On a miss the bank is loaded, rendered and stored as :func:`load` always did.
    """
    path = _as_path(source)
    folder = cache_dir()
    data = b""
    entry_path = None
    key = ""
    if folder is not None and _own_loader():
        try:
            info = path.stat()  # a device or a FIFO is left to load_bank, which refuses it
            if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_BANK_BYTES:
                data = path.read_bytes()
        except OSError:
            data = b""
        if data:
            where = os.path.abspath(path)
            key = _digest(
                f"{FORMAT}\0{__version__}\0{sys.version_info[:2]}\0{where}\0{lang}\0".encode(
                    "utf-8", "surrogateescape"
                )
                + data
            )
            name = _digest(f"{where}\0{lang}".encode("utf-8", "surrogateescape"))
            entry_path = folder / f"{name}.pickle"
            entry = _read_entry(entry_path)
            if (
                isinstance(entry, dict)
                and entry.get("key") == key
                and entry.get("data") is not None
                and isinstance(entry.get("bank"), bytes)
                and _fingerprints([f for f, _ in entry["data"]]) == entry["data"]
            ):
                pickled = entry["bank"]
                return entry["rendered"], lambda: pickle.loads(pickled)  # our own entry
    from usjapan_edu.quiz._page import render
    from usjapan_edu.quiz.bank import load_bank

    before = _all_data_fingerprints() if entry_path is not None else {}
    bank = load_bank(path, lang=lang)
    rendered = render(bank)
    if entry_path is not None:
        files = _data_files(bank)
        prints = _fingerprints(files) if files is not None else None
        # store only what was read from the files as they are now (nothing changed meanwhile)
        unchanged = prints is not None and all(before.get(f) == d for f, d in prints)
        with contextlib.suppress(OSError):
            unchanged = unchanged and path.read_bytes() == data
            if unchanged:
                pickled = pickle.dumps(bank, protocol=pickle.HIGHEST_PROTOCOL)
                entry = {"key": key, "data": prints, "bank": pickled, "rendered": rendered}
                _write_entry(entry_path, entry)
    return rendered, lambda: bank
