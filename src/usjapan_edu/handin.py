"""Hand in from the notebook: one file, next to the notebook, named after the student.

The course ends with a hand-in (notebook 06), and any notebook can do it::

    from usjapan_edu import handin
    handin.show()                           # a form: name, id, "Write my hand-in file"
    handin.hand_in("Aiko Tanaka", "s1234")  # the same without the form

Either writes ``usjapan-edu-<name>.csv`` into the notebook's folder (the kernel's working
folder) — quiz answers, exercise results, verdicts and memo, the same file as ``usjapan-edu
progress export`` — with the student's name and id in every row. The name is asked once and
kept in the progress file (change it by typing another). A grading run (see
:func:`usjapan_edu.quiz.store.progress_disabled`) writes nothing.

Examples
--------
>>> file_name("Aiko Tanaka", "s-1234")
'usjapan-edu-aiko-tanaka-s-1234.csv'
>>> file_name("田中 愛子")
'usjapan-edu-田中-愛子.csv'

"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

from usjapan_edu.i18n import catalogue, language, t

__all__ = ["FORM_STRINGS", "HandInError", "file_name", "form_strings", "hand_in", "show"]

PREFIX = "usjapan-edu-"
_STATIC = Path(__file__).resolve().parent / "quiz" / "static"

FORM_STRINGS = (
    "Hand in your work",
    "One file with all your answers, written in the folder of this notebook. Your name goes "
    "into it; it is kept for next time.",
    "Your name (as your instructor knows it)",
    "Student ID (if your instructor uses one)",
    "Write my hand-in file",
)
"""The words of the form (``static/handin.js`` looks each up by its English text)."""


def form_strings(lang: str) -> dict[str, str]:
    """Return the form's words in ``lang`` (``{}`` in English: the page's own text is used)."""
    found = catalogue(lang)
    return {text: found[text] for text in FORM_STRINGS if text in found}


class HandInError(ValueError):
    """The hand-in file cannot be written; the message is one line saying what to do."""


def file_name(name: str, student_id: str = "", fmt: str = "csv") -> str:
    """Return the hand-in file's name: ``usjapan-edu-<name>[-<id>].<fmt>``, safe everywhere.

    Letters of any script are kept (lower-cased); everything else becomes ``-``.
    """
    words = " ".join(part for part in (name, student_id) if part)
    slug = re.sub(r"[^\w]+", "-", unicodedata.normalize("NFKC", words).lower()).strip("-_")
    return f"{PREFIX}{slug[:80] or 'student'}.{fmt}"


def hand_in(
    name: str | None = None,
    student_id: str | None = None,
    *,
    folder: str | os.PathLike[str] | None = None,
    fmt: str = "csv",
    store: Any = None,
) -> Path:
    """Write the hand-in file and return its path.

    Parameters
    ----------
    name, student_id : str, optional
        Who hands in. Given, they are saved in the progress file for next time; left out,
        the saved ones are used.
    folder : path-like, optional
        Where to write (default: the current folder, which in a notebook is its folder).
    fmt : {"csv", "json"}
        CSV (one row per answer, opens in a spreadsheet) or JSON (everything).
    store : ProgressStore, optional
        Default: the student's progress file.

    Raises
    ------
    HandInError
        No name given or saved, a name that cannot be used, a grading run, or a folder that
        cannot be written (the message names it).

    """
    from usjapan_edu.quiz.store import ProgressError, ProgressStore

    store = store if store is not None else ProgressStore()
    if getattr(store, "in_memory", False):
        raise HandInError(t("this is a grading run: nothing is handed in from it"))
    if fmt not in {"csv", "json"}:
        raise HandInError(t("cannot hand in as {fmt}; use 'csv' or 'json'", fmt=repr(fmt)))
    try:
        saved = store.student()
        if name is not None or student_id is not None:
            who_name = saved["name"] if name is None else name
            who_id = saved["id"] if student_id is None else student_id
            saved = store.set_student(who_name, who_id)
    except ValueError as exc:
        raise HandInError(t("{why}; type your name as your instructor knows it", why=exc)) from None
    except ProgressError as exc:
        raise HandInError(str(exc)) from None
    if not saved["name"]:
        raise HandInError(
            t("who is handing in? Give your name: handin.hand_in('Your Name', 'your id')")
        )
    target = Path(folder if folder is not None else Path.cwd()) / file_name(
        saved["name"], saved["id"], fmt
    )
    try:
        return store.export(target, fmt)
    except ProgressError as exc:
        raise HandInError(str(exc)) from None


def _answers(path: Path) -> int:
    """Return how many answers a CSV hand-in file holds (0 for JSON or on error)."""
    if path.suffix != ".csv":
        return 0
    try:
        with path.open(encoding="utf-8") as fh:
            return max(sum(1 for _ in fh) - 1, 0)
    except OSError:
        return 0


@functools.cache
def _widget_class() -> type:
    import anywidget
    import traitlets

    class HandInWidget(anywidget.AnyWidget):
        """The hand-in form: name, id, one button; the file is written by Python."""

        _esm = _STATIC / "handin.js"
        _css = _STATIC / "quiz.css"

        name = traitlets.Unicode("").tag(sync=True)
        student_id = traitlets.Unicode("").tag(sync=True)
        status = traitlets.Unicode("").tag(sync=True)
        status_kind = traitlets.Unicode("").tag(sync=True)  # "", "done" or "error"
        seq = traitlets.Int(0).tag(sync=True)
        strings = traitlets.Dict({}).tag(sync=True)  # the form's words in the course language
        lang = traitlets.Unicode("en").tag(sync=True)
        layout = traitlets.Any(None, allow_none=True).tag(sync=True)

        def __init__(self, folder: str | os.PathLike[str] | None = None, store: Any = None):
            from usjapan_edu.quiz.store import ProgressStore

            self._folder = folder
            self._store = store if store is not None else ProgressStore()
            try:
                saved = self._store.student()
            except Exception:  # an unreadable progress file: the form still shows
                saved = {"name": "", "id": ""}
            lang = language()
            super().__init__(
                name=saved["name"], student_id=saved["id"], strings=form_strings(lang), lang=lang
            )
            self.on_msg(self._on_page_message)

        def submit(self, name: str, student_id: str) -> str:
            """Write the file as the button does; return the message shown."""
            try:
                path = hand_in(name, student_id, folder=self._folder, store=self._store)
            except HandInError as exc:
                self.status_kind = "error"
                self.status = t("✗ Not written: {why}.", why=str(exc).rstrip("。"))
            else:
                self.name, self.student_id = self._store.student().values()
                count = _answers(path)
                self.status_kind = "done"
                self.status = (
                    t(
                        "✓ Written: {file} (1 answer), in the folder of this notebook. Hand "
                        "this file in as your instructor asks; write it again after more work.",
                        file=path.name,
                    )
                    if count == 1
                    else t(
                        "✓ Written: {file} ({n} answers), in the folder of this notebook. Hand "
                        "this file in as your instructor asks; write it again after more work.",
                        file=path.name,
                        n=count,
                    )
                )
            self.seq += 1
            return self.status

        def _on_page_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
            if isinstance(content, dict) and content.get("action") == "hand-in":
                name, sid = content.get("name", ""), content.get("id", "")
                if isinstance(name, str) and isinstance(sid, str):
                    self.submit(name[:1000], sid[:1000])

        def _repr_mimebundle_(self, **kwargs: Any) -> Any:
            bundle = super()._repr_mimebundle_(**kwargs)
            if bundle is not None:
                bundle[0]["text/plain"] = t(
                    "Hand in: run this notebook in JupyterLab, or call "
                    "handin.hand_in('Your Name', 'your id')."
                )
            return bundle

    return HandInWidget


def __getattr__(name: str) -> Any:
    if name == "HandInWidget":  # the widget stack is imported only when a form is shown
        return _widget_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def show(folder: str | os.PathLike[str] | None = None) -> None:
    """Display the hand-in form in the notebook (see the module's notes)."""
    from IPython.display import display

    from usjapan_edu._widget_note import run_again_note

    display(run_again_note("the hand-in form"), _widget_class()(folder=folder))
