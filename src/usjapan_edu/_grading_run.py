"""Whether this process is a grading run: then nobody's progress (or cache) is read or written.

nbgrader sets ``NBGRADER_EXECUTION`` while it executes a student's notebook under the grader's
account (autograde, validate); ``USJAPAN_EDU_PROGRESS=off`` asks for the same anywhere (an
instructor's own batch run). Kept apart from :mod:`usjapan_edu.quiz.store` so that checking it
imports nothing.
"""

from __future__ import annotations

import os

__all__ = ["GRADING_ENV_VAR", "OFF_ENV_VAR", "progress_disabled"]

GRADING_ENV_VAR = "NBGRADER_EXECUTION"
OFF_ENV_VAR = "USJAPAN_EDU_PROGRESS"


def progress_disabled() -> bool:
    """Return whether this process must neither read nor write anyone's progress file.

    True in a grading run (``NBGRADER_EXECUTION`` set) and when ``USJAPAN_EDU_PROGRESS=off``.

    Examples
    --------
    >>> import os
    >>> os.environ.pop("NBGRADER_EXECUTION", None); progress_disabled()
    False

    """
    if os.environ.get(GRADING_ENV_VAR):
        return True
    return os.environ.get(OFF_ENV_VAR, "").strip().lower() in {"off", "0", "false", "no"}
