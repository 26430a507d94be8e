"""The course's language: English (``en``) or Japanese (``ja``), and its interface strings.

The same notebooks' code runs in both languages, so the language is never written in a code
cell. It is decided, first match wins, by:

1. :func:`set_language` called in this Python process (scripts, tests);
2. the notebook's own place: a notebook in a folder named ``ja`` (``notebooks/ja/``,
   ``notebooks/student/ja/``, the ``ja/`` folder ``usjapan-edu lab --lang ja`` makes) is
   Japanese. JupyterLab tells the kernel which notebook it runs (``JPY_SESSION_NAME``);
3. the environment variable ``USJAPAN_EDU_LANG`` (``en`` or ``ja``), e.g. for a batch run;
4. any other notebook JupyterLab runs is English;
5. outside a notebook (a script, the terminal), the language remembered in the student's
   progress file (``usjapan-edu lab --lang ja`` remembers it);
6. English.

Interface strings (buttons, messages, chart titles) are written in English in the code and
looked up with :func:`t` in the catalogue ``locale/<lang>/*.json`` (``{"English": "日本語"}``);
a string missing from the catalogue is shown in English, and a test lists any such string.

Examples
--------
>>> set_language("ja"); t("Check")
'答え合わせ'
>>> t("Score: {score} of {total}", score=2, total=3)
'得点：2／3'
>>> set_language(None)  # back to the automatic choice
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

__all__ = [
    "ENV_VAR",
    "LANGUAGES",
    "catalogue",
    "check_language",
    "join_sentences",
    "language",
    "language_name",
    "notebook_language",
    "set_language",
    "t",
]

LANGUAGES = ("en", "ja")
"""The languages of the course, English first (the language every file is written in)."""
ENV_VAR = "USJAPAN_EDU_LANG"
SESSION_VAR = "JPY_SESSION_NAME"
"""Set by Jupyter Server for a kernel started for a notebook: the notebook's path."""
_NAMES = {"en": "English", "ja": "日本語"}

_chosen: str | None = None


def check_language(lang: Any, *, what: str = "language") -> str:
    """Return ``lang`` as one of :data:`LANGUAGES`, or raise a one-line ``ValueError``.

    Accepts ``"ja"``, ``"JA"``, ``"ja-JP"``, ``"ja_JP.UTF-8"``, ``"en-US"``…

    >>> check_language("ja_JP.UTF-8")
    'ja'
    >>> check_language("fr")
    Traceback (most recent call last):
    ...
    ValueError: unknown language 'fr'; use en (English) or ja (日本語)
    """
    if isinstance(lang, str):
        code = lang.strip().lower().replace("_", "-").split(".")[0].split("-")[0]
        if code in LANGUAGES:
            return code
    shown = repr(lang) if len(repr(lang)) <= 40 else repr(lang)[:37] + "..."
    choices = " or ".join(f"{code} ({_NAMES[code]})" for code in LANGUAGES)
    raise ValueError(f"unknown {what} {shown}; use {choices}")


def language_name(lang: str) -> str:
    """Return the language's own name: ``English`` or ``日本語``."""
    return _NAMES[check_language(lang)]


def set_language(lang: str | None) -> None:
    """Use ``lang`` in this Python process from now on; ``None`` goes back to the automatic choice.

    This does not change what the progress file remembers (``usjapan-edu lab --lang`` does).
    """
    global _chosen
    _chosen = None if lang is None else check_language(lang)


def notebook_language(path: str | None) -> str | None:
    """Return ``"ja"`` for a notebook path inside a folder named ``ja``, else ``None``.

    >>> notebook_language("notebooks/student/ja/02-security.ipynb")
    'ja'
    >>> notebook_language("notebooks/02-security.ipynb") is None
    True
    """
    if not path:
        return None
    parts = (PureWindowsPath(path) if "\\" in path else PurePosixPath(path)).parts[:-1]
    return "ja" if any(part.lower() == "ja" for part in parts) else None


_remembered_cache: dict[str, tuple[tuple[int, int], str | None]] = {}


def _remembered() -> str | None:
    """Return the language in the progress file (read again only when the file changed)."""
    from usjapan_edu._grading_run import progress_disabled

    if progress_disabled():
        return None
    from usjapan_edu.quiz.store import ProgressStore, default_path

    path = str(default_path())
    try:
        info = os.stat(path)
    except OSError:
        return None
    stamp = (info.st_mtime_ns, info.st_size)
    cached = _remembered_cache.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        found = ProgressStore(path).language()
    except Exception:  # a damaged or unreadable file is reported where progress is used
        found = None
    _remembered_cache[path] = (stamp, found)
    return found


def language() -> str:
    """Return the course language now in use: ``"en"`` or ``"ja"`` (see the module's text)."""
    if _chosen is not None:
        return _chosen
    session = os.environ.get(SESSION_VAR)
    from_notebook = notebook_language(session)
    if from_notebook:
        return from_notebook
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        try:
            return check_language(env, what=f"{ENV_VAR} language")
        except ValueError:
            pass  # a wrong value must not stop a notebook: the CLI reports it
    if session:
        return "en"  # a notebook outside a ja/ folder is an English one
    return _remembered() or "en"


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Return the interface strings of ``lang`` as ``{English: translation}`` (empty for en)."""
    lang = check_language(lang)
    if lang == "en":
        return {}
    from importlib.resources import files

    out: dict[str, str] = {}
    folder = files("usjapan_edu") / "locale" / lang
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            out.update(json.loads(entry.read_text(encoding="utf-8")))
    return out


def t(text: str, lang: str | None = None, **values: Any) -> str:
    """Return ``text`` in the course language (or ``lang``), with ``{names}`` filled in.

    >>> t("Score: {score} of {total}", "en", score=1, total=2)
    'Score: 1 of 2'
    """
    lang = language() if lang is None else check_language(lang)
    found = catalogue(lang).get(text, text) if lang != "en" else text
    return found.format(**values) if values else found


_CLOSED = ("。", "！", "？", "」", "）", "』")


def join_sentences(*parts: str) -> str:
    """Join sentences: a space after an English one, none after a Japanese one (。！？).

    >>> join_sentences("Not quite.", "Check the sign.")
    'Not quite. Check the sign.'
    >>> join_sentences("惜しい、不正解です。", "符号を確かめましょう。")
    '惜しい、不正解です。符号を確かめましょう。'
    """
    out = ""
    for part in parts:
        part = part.strip() if part else ""
        if not part:
            continue
        if out and not out.endswith(_CLOSED):
            out += " "
        out += part
    return out
