"""Tools for instructors: answer keys, LMS quiz export, bank templates and the class gradebook.

Each tool is a module with a plain-Python API (tested on its own) and a subcommand of
``usjapan-edu`` (registered by :func:`usjapan_edu.instructor.cli.add_commands`):

* ``usjapan-edu answer-key`` — :mod:`.answer_key`: questions, right answers (data-bound ones
  computed from the shipped data), explanations, sources;
* ``usjapan-edu export-quiz`` — :mod:`.lms_export`: Moodle GIFT, a QTI 1.2 package (Canvas,
  Blackboard) or JSON;
* ``usjapan-edu new-bank`` — :mod:`.templates`: a commented bank showing every type, or a copy
  of a course bank to edit (``--copy``);
* ``usjapan-edu gradebook`` — :mod:`.gradebook`: students' hand-in files graded again from your
  files, as per-student and per-question tables, an HTML report and an LMS grades file;
* ``usjapan-edu student-version`` — :mod:`.student_version`: notebooks without their solutions;
* ``usjapan-edu nbgrader-release`` — :mod:`.nbgrader_release`: the notebooks as an nbgrader
  source (graded cells, hidden tests, the capstone verdicts graded by hand);
* ``usjapan-edu hub-link`` — :mod:`.hub_link`: nbgitpuller and Binder links to the student
  versions.

The guide is ``docs/instructor-tools.md``. Importing this package imports nothing heavy.
"""

from __future__ import annotations

__all__: list[str] = []
