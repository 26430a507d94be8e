"""``usjapan-edu new-bank SLUG``: a commented quiz bank that shows every question type.

The template is valid as written (a test runs :func:`usjapan_edu.quiz.validate_files` on it):
an instructor copies a question, edits it and runs ``usjapan-edu validate`` as they go.

Examples
--------
>>> from usjapan_edu.quiz import bank_from_yaml
>>> bank = bank_from_yaml(bank_template("week-3"), source="week-3.yaml")
>>> bank.id, sorted({q.type for q in bank.questions}) == sorted(QUESTION_TYPES)
('week-3', True)

"""

from __future__ import annotations

import json

from usjapan_edu.quiz._checks import ID_PATTERN
from usjapan_edu.quiz.model import QUESTION_TYPES

__all__ = ["QUESTION_TYPES", "bank_template", "check_slug", "title_from_slug"]

_TEMPLATE = """\
# Quiz bank '{slug}', written by `usjapan-edu new-bank {slug}`.
# Format: docs/authoring.md. Check it after every edit:
#     usjapan-edu validate {slug}.yaml
# Every question below is an example of one type: keep, edit or delete them.
# Put this file in your custom banks folder (the USJAPAN_EDU_BANKS variable) and a notebook
# shows it with:  from usjapan_edu import quiz; quiz.show("{slug}")

# The bank id keys students' saved answers: do not change it once students have used it.
id: {slug}
title: {title}
description: |
  What this quiz is about, in Markdown. Optional.

questions:
  # --- single: one right option (radio buttons) -----------------------------------------
  - id: example-single             # unique in this bank; do not rename once in use
    type: single
    prompt: In which city was the first U.S.–Japan **Security Treaty** signed in 1951?
    options:
      - text: San Francisco
        correct: true
        feedback: Yes — on 8 September 1951, the same day as the peace treaty.
      - text: Tokyo
        feedback: Japan was still under occupation; the treaty was signed abroad.
      - Washington, D.C.           # shorthand: an option without feedback
    hints:                         # optional, revealed one at a time
      - It was signed on the same day as the peace treaty.
    explanation: |                 # shown after a right answer or "Show answer"
      The Security Treaty was signed in **San Francisco** on 8 September 1951.
    source: {{dataset: alliance_timeline}}   # a course dataset, or {{url: …, title: …}}

  # --- multiple: tick all that apply (partial credit) ----------------------------------
  - id: example-multiple
    type: multiple
    prompt: Which countries are members of the **Quad**?
    options:
      - {{text: Japan, correct: true}}
      - {{text: United States, correct: true}}
      - {{text: Australia, correct: true}}
      - {{text: India, correct: true}}
      - {{text: China, feedback: China is not a member of the Quad.}}
    source: {{dataset: agreement_membership}}

  # --- true_false ------------------------------------------------------------------------
  - id: example-true-false
    type: true_false
    prompt: The 1960 treaty replaced the 1951 Security Treaty.
    answer: true
    feedback:                      # optional, keyed by what the student picked
      true: Right — the 1960 treaty is the one in force today.
      false: It did replace it.
    source: {{dataset: alliance_timeline}}

  # --- numeric: bound to the course data, so a data update never leaves it stale --------
  - id: example-numeric-from-data
    type: numeric
    prompt: What was the U.S. goods trade balance with Japan in 2022 (Census basis)?
    answer_from:
      dataset: goods_trade         # `usjapan-edu datasets list` names them
      where: {{year: 2022, basis: census}}   # must select exactly one row
      column: us_balance_usd_bn
    tolerance: 1.0                 # absolute; or tolerance_pct: 2
    unit: USD bn
    explanation: Exports minus imports; negative means a deficit.
    source: {{dataset: goods_trade}}

  # --- numeric: a fixed number (years, counts) -------------------------------------------
  - id: example-numeric-fixed
    type: numeric
    prompt: In which year did Okinawa return to Japanese administration?
    answer: 1972                   # no tolerance: must match exactly
    source: {{dataset: alliance_timeline}}

  # --- text: a short typed answer; list every spelling you accept ------------------------
  - id: example-text
    type: text
    prompt: In which city did Japan host the G7 summit of May 2023?
    accept: [Hiroshima, 広島, 広島市]
    source: {{dataset: alliance_timeline}}

  # --- order: items in the RIGHT order; students see them shuffled ---------------------
  - id: example-order
    type: order
    prompt: Put these events in chronological order, earliest first.
    items:
      - Security Treaty signed in San Francisco
      - Treaty of Mutual Cooperation and Security signed
      - Okinawa returned to Japanese administration
    source: {{dataset: alliance_timeline}}

  # --- match: pairs; quote numbers you mean as text -----------------------------------
  - id: example-match
    type: match
    prompt: Match each event with the year it happened.
    pairs:
      - {{left: The United States withdraws from the TPP, right: "2017"}}
      - {{left: The CPTPP enters into force, right: "2018"}}
    distractors: ["2009"]          # optional extra wrong choices
    source: {{dataset: alliance_timeline}}

  # --- reflection: free writing, no right answer (saved, counts as done) ---------------
  - id: example-reflection
    type: reflection
    prompt: Does a large trade deficit with an ally matter for a security alliance? Why?
    min_words: 15                  # optional
    explanation: Points you might consider — who gains from the trade, and whether security
      and trade are linked by treaty.
"""


def check_slug(slug: str) -> str:
    """Return ``slug`` if it can name a bank (letters, digits, ``-``, ``_``, ``.``; ≤ 100).

    Raises
    ------
    ValueError
        With what to change.

    Examples
    --------
    >>> check_slug("week-3")
    'week-3'
    >>> check_slug("../x")
    Traceback (most recent call last):
    ...
    ValueError: cannot name a bank '../x': use letters, digits, '-', '_' and '.', starting with a letter or digit (at most 100 characters), e.g. week-3

    """  # noqa: E501
    if slug.endswith((".yaml", ".yml")):
        slug = slug.rsplit(".", 1)[0]
    if not ID_PATTERN.fullmatch(slug):
        msg = (
            f"cannot name a bank {slug!r}: use letters, digits, '-', '_' and '.', starting with "
            "a letter or digit (at most 100 characters), e.g. week-3"
        )
        raise ValueError(msg)
    return slug


def title_from_slug(slug: str) -> str:
    """Return a first title for the bank: ``week-3`` → ``Week 3``.

    Examples
    --------
    >>> title_from_slug("trade_basics-2")
    'Trade basics 2'

    """
    words = slug.replace("_", " ").replace("-", " ").replace(".", " ").split()
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def bank_template(slug: str, title: str | None = None) -> str:
    """Return the YAML text of a new bank ``slug`` showing every question type, commented.

    Raises
    ------
    ValueError
        If ``slug`` cannot name a bank.

    """
    slug = check_slug(slug)
    shown = json.dumps(title or title_from_slug(slug), ensure_ascii=False)
    return _TEMPLATE.format(slug=slug, title=shown)
