"""The line a saved widget shows when its live model is gone: "run this cell …".

A notebook saved with a quiz keeps the quiz's output, but the quiz itself lives in the kernel.
After a server (or kernel) restart, JupyterLab can no longer draw it and shows "Error
displaying widget: model not found" until the cell runs again. So every course widget is
displayed right after a small note. A style that travels with the note (CSS ``:has()``,
applied to trusted outputs — a notebook the student ran and saved) hides the note while the
widget is drawn live (its root carries the class ``usj-live``) and hides JupyterLab's error
text when it is not, so the student reads one line: *Run this cell to see your quiz (your
answers are saved).* Where styles are not applied (an untrusted notebook, nbviewer) the note
simply shows above the widget. The note is in the course language (:mod:`usjapan_edu.i18n`).

Examples
--------
>>> "Run this cell to see your quiz" in run_again_note("quiz")._repr_html_()
True

"""

from __future__ import annotations

import html

from usjapan_edu.i18n import language, t

__all__ = ["RunAgainNote", "run_again_note"]

_STYLE = (
    "<style>"
    # the widget below is drawn live: no note
    ".jp-OutputArea-child:has(.usj-run-note):has(+ .jp-OutputArea-child .usj-live)"
    "{display:none}"
    # the widget below is not drawn (its model is gone): hide JupyterLab's "Error displaying
    # widget: model not found" (or "Loading widget..."), the bare text of its output node
    ".jp-OutputArea-child:has(.usj-run-note) + .jp-OutputArea-child "
    ".jp-OutputArea-output:not(:has(*)){display:none}"
    "</style>"
)


class RunAgainNote:
    """A one-line note displayed just before a course widget (see the module's notes)."""

    def __init__(self, what: str) -> None:
        self.lang = language()
        self.text = t("▶ Run this cell to see {what} (your answers are saved).", what=what)

    def _repr_html_(self) -> str:
        return (
            f'<p class="usj-run-note" role="note" lang="{self.lang}">'
            f"{html.escape(self.text)}</p>{_STYLE}"
        )

    def __repr__(self) -> str:
        return self.text


def run_again_note(what: str) -> RunAgainNote:
    """Return the note for a widget showing ``what``: ``"quiz"`` or ``"the hand-in form"``."""
    shown = {"quiz": t("your quiz"), "the hand-in form": t("the hand-in form")}.get(what, what)
    return RunAgainNote(shown)
