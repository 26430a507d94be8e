"""The capstone (notebook 06): your verdict on each claim first, then the course's.

Notebook 06 walks through the claims of the op-ed (the dataset ``op_ed_claims``). For each
claim the student gathers evidence, then records a verdict from the course's vocabulary as a
"your turn" answer::

    verdict_c04 = "depends on measure or grouping"
    exercises.check("06.verdict-c04")      # ✓ = a verdict of the vocabulary, now recorded

Any verdict of the vocabulary passes the check (there is no single right verdict), and it is
saved in the student's progress file like every exercise. Only then does :func:`reveal` show
how the course judged the claim, and why: it reads the student's recorded verdicts from the
progress file and keeps the course's verdict hidden for every claim without one. So the
capstone cannot be answered by copying a verdict column, and copying would earn nothing.

The verdict handed in is the one recorded **before** the reveal. :func:`reveal` logs, in the
claim's record of the progress file, when the course's verdict was first shown
(``revealed_at``) and which verdict stood then (``verdict_before_reveal``). The record's
``revealed`` flag is left alone: it means "solution shown", and seeing the course's verdict
after recording one's own is the capstone's normal path, not a solution looked up.
A verdict checked after that is kept as ``verdict_after_reveal``, and the record's
``response`` goes back to the verdict recorded before the reveal (:func:`settle_verdicts`,
run by :func:`reveal`, :func:`compare` and :func:`my_verdicts`); its ``feedback`` names both,
so a CSV export shows the instructor the two verdicts and the time of the reveal.

The short policy memo is a reflection question (bank :data:`MEMO_BANK`), saved in the same
progress file; :func:`memo_status` counts its words and checks it against the rubric.

Examples
--------
>>> from usjapan_edu import capstone
>>> "verdict" in capstone.claims().columns
False
>>> capstone.exercise_id("C04")
'06.verdict-c04'
>>> capstone.reveal("C04", store=None).hidden
['C04']

"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import pandas as pd

from usjapan_edu import datasets
from usjapan_edu.i18n import language, t
from usjapan_edu.quiz.model import JA_CHARS_PER_WORD

__all__ = [
    "CLAIMS_DATASET",
    "EXERCISE_PREFIX",
    "HIDDEN_COLUMNS",
    "MEMO_BANK",
    "MEMO_QUESTION",
    "MEMO_WORDS",
    "RUBRIC",
    "VERDICTS_JA",
    "MemoStatus",
    "Reveal",
    "canonical_verdict",
    "claims",
    "compare",
    "exercise_id",
    "memo",
    "memo_status",
    "my_verdicts",
    "reveal",
    "rubric",
    "settle_verdicts",
    "verdict_label",
    "verdicts",
]

#: The dataset of claims.
CLAIMS_DATASET = "op_ed_claims"
#: Prefix of the capstone's exercise file (``data/exercises/06-capstone.yaml``).
EXERCISE_PREFIX = "06"
#: Columns of ``op_ed_claims`` that give the course's judgement away.
HIDDEN_COLUMNS = (
    "verdict",
    "explanation",
    "data_source_url",
    "data_source_location",
    "since_then",
    "since_then_source_url",
)
#: Fields of a verdict's progress record written when the course's verdict is shown.
BEFORE_REVEAL = "verdict_before_reveal"
AFTER_REVEAL = "verdict_after_reveal"
REVEALED_AT = "revealed_at"
#: The quiz bank holding the policy memo, and its one question.
MEMO_BANK = "06-capstone-memo"
MEMO_QUESTION = "policy-memo"
#: The memo's target length in words (the bank refuses fewer than its ``min_words``).
MEMO_WORDS = (250, 400)

#: The memo's rubric: (part, full marks when the memo …, points). Shown in the notebook and in
#: docs/instructor-guide.md (a test keeps the two the same).
RUBRIC: tuple[tuple[str, str, int], ...] = (
    (
        "Claim",
        "states the claim (or claims) it judges in the student's own words, with its domain and "
        "whether it is a fact, a judgement or a recommendation",
        3,
    ),
    (
        "Evidence",
        "supports the verdict with the course's data, naming the dataset, the column, the filter "
        "and the year, and cites the original publisher (`datasets.cite(name)`)",
        6,
    ),
    (
        "Counter-evidence",
        "takes up the strongest evidence or view against its verdict (another measure, year or "
        "grouping, or a view from notebooks 02 or 05) and answers it",
        4,
    ),
    (
        "Verdict",
        "gives a clear verdict in the course's vocabulary and says what data would settle what "
        "stays open",
        3,
    ),
    (
        "Recommendation",
        "ends with one concrete recommendation for U.S. or Japanese policy-makers that follows "
        "from the evidence",
        4,
    ),
)

#: The rubric's parts and texts as a student reads them (``RUBRIC`` stays the English table
#: the instructor guide shows); each is looked up in the course language by :func:`rubric`.
_RUBRIC_WORDS = ("part", "full marks when the memo …", "points")

#: Words that suggest a part of the rubric is present (a rough self-check, never a grade), in
#: English and in Japanese.
_CUES = {
    "Claim": re.compile(r"\bC\d{2}\b|\bclaims?\b|\bop-?ed\b|\bWeitz\b|主張|論説|ワイツ", re.I),
    "Counter-evidence": re.compile(
        r"\bhowever\b|\bbut\b|\balthough\b|\bthough\b|\bwhereas\b|\byet\b|on the other hand|"
        r"\bcounter|しかし|ただし|一方|とはいえ|反論|反証|もっとも|にもかかわらず",
        re.I,
    ),
    "Recommendation": re.compile(
        r"\bshould\b|\brecommend|\bmust\b|\bought to\b|\bpropose|\burge|べき|提言|提案|勧め",
        re.I,
    ),
}
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")

#: The verdicts' Japanese names (notebooks/ja/06-capstone.ipynb, section 1). A Japanese student
#: may type these; :func:`canonical_verdict` turns them into the vocabulary's English words, so
#: hand-ins and the gradebook hold the same verdicts in both languages.
VERDICTS_JA = {
    "supported": "支持される",
    "partly supported": "一部支持される",
    "depends on measure or grouping": "指標・区分によって異なる",
    "not supported": "支持されない",
    "not testable with course data": "コースのデータでは検証できない",
    "opinion": "意見（検証不能）",
}
#: More Japanese spellings read as a verdict (besides those of ``VERDICTS_JA``).
_MORE_JA = {
    "部分的に支持される": "partly supported",
    "一部支持": "partly supported",
    "指標によって異なる": "depends on measure or grouping",
    "区分によって異なる": "depends on measure or grouping",
    "指標や区分によって異なる": "depends on measure or grouping",
    "指標・区分による": "depends on measure or grouping",
    "検証できない": "not testable with course data",
    "データでは検証できない": "not testable with course data",
    "コースのデータで検証できない": "not testable with course data",
    "意見": "opinion",
}


# ---------------------------------------------------------------- the claims


def verdicts() -> tuple[str, ...]:
    """Return the course's verdict vocabulary, in the codebook's order.

    Examples
    --------
    >>> verdicts()[0], verdicts()[-1]
    ('supported', 'opinion')

    """
    field_info = next(f for f in datasets.info(CLAIMS_DATASET).fields if f.name == "verdict")
    return tuple(field_info.categories)


def claims() -> pd.DataFrame:
    """Return the op-ed's claims **without** the course's verdicts and explanations.

    Columns: ``claim_id``, ``domain``, ``claim``, ``claim_type`` (fact, judgement or
    recommendation) and ``evidence`` (the course datasets that bear on the claim).
    """
    table = datasets.load(CLAIMS_DATASET)
    keep = [c for c in ("claim_id", "domain", "claim", "claim_type", "evidence") if c in table]
    return table[keep].reset_index(drop=True)


def _course() -> pd.DataFrame:
    return datasets.load(CLAIMS_DATASET).set_index("claim_id")


def _claim_ids() -> list[str]:
    return [str(c) for c in datasets.load(CLAIMS_DATASET)["claim_id"]]


def _check_claim(claim_id: str) -> str:
    known = _claim_ids()
    wanted = str(claim_id).strip().upper()
    if wanted not in known:
        msg = t(
            "no claim {claim} in {dataset}; the claims are {first}–{last}",
            claim=repr(claim_id),
            dataset=CLAIMS_DATASET,
            first=known[0],
            last=known[-1],
        )
        raise ValueError(msg)
    return wanted


def exercise_id(claim_id: str) -> str:
    """Return the id of the exercise that records the verdict on ``claim_id``.

    Raises
    ------
    ValueError
        If ``claim_id`` is not a claim of ``op_ed_claims``.

    """
    return f"{EXERCISE_PREFIX}.verdict-{_check_claim(claim_id).lower()}"


# ---------------------------------------------------------------- the student's verdicts


def _store(store: Any) -> Any:
    if store is True:
        from usjapan_edu.quiz.store import ProgressStore

        return ProgressStore()
    return store or None


def _fold(text: str) -> str:
    from usjapan_edu.quiz.model import fold_text

    return fold_text(text)


def _bank_id() -> str:
    return f"exercises:{EXERCISE_PREFIX}"


def _question(claim_id: str) -> str:
    return f"verdict-{claim_id.lower()}"


def _ja_key(text: str) -> str:
    """Fold a Japanese verdict: no spaces, middle dots, commas, brackets or quotes."""
    return re.sub(r"[\s・･、，,()（）「」『』\"']", "", _fold(text))


def canonical_verdict(text: str) -> str:
    """Return the vocabulary's English word for a verdict typed in Japanese, else ``text``.

    ``一部支持される`` (also ``一部 支持される``, ``「一部支持される」``) becomes ``partly
    supported``; any other text, English verdicts included, comes back unchanged, so the check
    reads it as typed.

    Examples
    --------
    >>> canonical_verdict("一部支持される"), canonical_verdict("意見（検証不能）")
    ('partly supported', 'opinion')
    >>> canonical_verdict("Partly supported")
    'Partly supported'

    """
    if not isinstance(text, str) or len(text) > 100 or not _JAPANESE.search(text):
        return text
    known = {_ja_key(ja): word for word, ja in VERDICTS_JA.items()}
    known.update({_ja_key(ja): word for ja, word in _MORE_JA.items()})
    return known.get(_ja_key(text), text)


def verdict_label(word: str, lang: str | None = None) -> str:
    """Return a verdict as shown: ``partly supported`` (Japanese: with its Japanese name)."""
    lang = language() if lang is None else lang
    if lang == "ja" and word in VERDICTS_JA:
        return f"{word}（{VERDICTS_JA[word]}）"
    return word


def _word(value: Any) -> str | None:
    """Return the vocabulary's spelling of ``value``, or ``None`` if it is not a verdict."""
    if not isinstance(value, str):
        return None
    return {_fold(v): v for v in verdicts()}.get(_fold(canonical_verdict(value)))


def _handed_in(record: dict[str, Any]) -> str | None:
    """Return the verdict a record hands in: the one before the reveal, else the last passed."""
    before = _word(record.get(BEFORE_REVEAL))
    if before is not None:
        return before
    return _word(record.get("response")) if record.get("correct") is True else None


def _reveal_note(before: str, later: str | None, at: str) -> str:
    text = f"Verdict handed in (recorded before the course's verdict was shown at {at}): {before}."
    if later is not None and later != before:
        text += f" Changed after the reveal to: {later} (not handed in)."
    return text


def _settle(chosen: Any, records: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Put each revealed claim's record back to its verdict before the reveal (see module)."""
    out = dict(records)
    for qid, record in records.items():
        before = _word(record.get(BEFORE_REVEAL))
        if before is None or not qid.startswith("verdict-"):
            continue
        now = _word(record.get("response")) if record.get("correct") is True else None
        later = _word(record.get(AFTER_REVEAL))
        if now is not None and now != before:
            later = now
        note = _reveal_note(before, later, str(record.get(REVEALED_AT) or "?"))
        if record.get("response") == before and record.get("feedback") == note:
            continue
        fields: dict[str, Any] = {
            "response": before, "correct": True, "score": 1.0, "feedback": note,
        }  # fmt: skip
        if later is not None:
            fields[AFTER_REVEAL] = later
        out[qid] = chosen.update(_bank_id(), qid, record_attempt=False, **fields)
    return out


def settle_verdicts(*, store: Any = True) -> dict[str, dict[str, Any]]:
    """Make the progress file hand in, for every revealed claim, the verdict before the reveal.

    A verdict checked after the course's was shown is kept as ``verdict_after_reveal`` and
    named in the record's ``feedback``; ``response`` is the verdict recorded before the reveal.
    Returns the verdict records by question id (``verdict-c04``…). :func:`reveal`,
    :func:`compare` and :func:`my_verdicts` call it, so running any of them before exporting
    is enough.

    Raises
    ------
    usjapan_edu.quiz.store.ProgressError
        If the progress file cannot be read or written.

    """
    chosen = _store(store)
    if chosen is None:
        return {}
    records = {
        qid: rec for qid, rec in chosen.bank(_bank_id()).items() if qid.startswith("verdict-")
    }
    return _settle(chosen, records)


def my_verdicts(*, store: Any = True) -> dict[str, str]:
    """Return the verdicts the student hands in, by claim id (from the progress file).

    A verdict counts once its check passed (``exercises.check("06.verdict-c04")`` said ✓).
    Until the course's verdict on a claim is shown, the last one checked is the one kept; from
    then on, the one recorded before the reveal (see :func:`settle_verdicts`).

    Raises
    ------
    usjapan_edu.quiz.store.ProgressError
        If the progress file cannot be read.

    """
    return {claim_id: entry[0] for claim_id, entry in _verdict_log(store).items()}


def _verdict_log(store: Any) -> dict[str, tuple[str, str | None, str]]:
    """Return claim id -> (verdict handed in, verdict after the reveal or None, revealed at)."""
    records = settle_verdicts(store=store)
    out: dict[str, tuple[str, str | None, str]] = {}
    for claim_id in _claim_ids():
        record = records.get(_question(claim_id)) or {}
        mine = _handed_in(record)
        if mine is not None:
            later = _word(record.get(AFTER_REVEAL))
            out[claim_id] = (mine, later, str(record.get(REVEALED_AT) or ""))
    return out


def _log_reveal(store: Any, claim_ids: Iterable[str], mine: dict[str, str]) -> None:
    """Record, once per claim, that the course's verdict was shown and which verdict stood."""
    chosen = _store(store)
    if chosen is None:
        return
    records = chosen.bank(_bank_id())
    for claim_id in claim_ids:
        qid = _question(claim_id)
        if claim_id not in mine or _word((records.get(qid) or {}).get(BEFORE_REVEAL)):
            continue
        at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        chosen.update(
            _bank_id(),
            qid,
            record_attempt=False,
            feedback=_reveal_note(mine[claim_id], None, at),
            **{BEFORE_REVEAL: mine[claim_id], REVEALED_AT: at},
        )


def _recorded(store: Any) -> tuple[dict[str, tuple[str, str | None, str]], str]:
    """Return (verdict log as :func:`_verdict_log`, a problem reading it or "")."""
    try:
        return _verdict_log(store), ""
    except Exception as exc:  # an unreadable progress file must not stop the notebook
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return {}, t("Your progress file could not be read ({why}).", why=text)


# ---------------------------------------------------------------- revealing


@dataclass(frozen=True)
class _Entry:
    claim_id: str
    domain: str
    claim_type: str
    claim: str
    mine: str | None = None
    later: str | None = None
    course: str | None = None
    explanation: str = ""
    since_then: str = ""


@dataclass
class Reveal:
    """The course's judgement of the claims whose verdict the student has recorded.

    Shown in a notebook as one block per claim; claims without a recorded verdict say how to
    record one and keep the course's verdict hidden. ``revealed`` and ``hidden`` list the
    claim ids of each kind.
    """

    entries: list[_Entry]
    problem: str = ""
    revealed: list[str] = field(init=False)
    hidden: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.revealed = [e.claim_id for e in self.entries if e.course is not None]
        self.hidden = [e.claim_id for e in self.entries if e.course is None]

    @staticmethod
    def _changed(e: _Entry) -> str:
        if e.later is None or e.later == e.mine:
            return ""
        return t(
            "After the reveal you checked a different verdict ({verdict}); the one you hand in "
            "is the verdict recorded before the reveal. Argue the change in your memo.",
            verdict=verdict_label(e.later),
        )

    @staticmethod
    def _how(claim_id: str) -> str:
        return t(
            'record your verdict first ({variable} = "…", then exercises.check("{exercise}")); '
            "the course's verdict stays hidden until then",
            variable=f"verdict_{claim_id.lower()}",
            exercise=exercise_id(claim_id),
        )

    def __repr__(self) -> str:
        lines = [self.problem] if self.problem else []
        for e in self.entries:
            head = f"{e.claim_id} ({e.domain}, {e.claim_type}): {e.claim}"
            if e.course is None:
                lines.append(f"{head}\n  " + t("Not yet: {how}.", how=self._how(e.claim_id)))
                continue
            mine, course = verdict_label(e.mine or ""), verdict_label(e.course)
            verdicts_line = (
                t(
                    "Your verdict: {mine}. The course's verdict: {course} (the same).",
                    mine=mine,
                    course=course,
                )
                if e.mine == e.course
                else t(
                    "Your verdict: {mine}. The course's verdict: {course} (different).",
                    mine=mine,
                    course=course,
                )
            )
            lines.append(
                f"{head}\n  {verdicts_line}\n"
                + (f"  {self._changed(e)}\n" if self._changed(e) else "")
                + f"  {t('Why:')} {e.explanation}"
                + (f"\n  {t('Since then:')} {e.since_then}" if e.since_then else "")
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        blocks = []
        if self.problem:
            blocks.append(f'<p class="usj-capstone-problem">⚠ {esc(self.problem)}</p>')
        for e in self.entries:
            head = (
                f"<p><strong>{esc(e.claim_id)}</strong> · {esc(e.domain)} · {esc(e.claim_type)}"
                f"<br>{esc(e.claim)}</p>"
            )
            if e.course is None:
                not_yet = t("Not yet: {how}.", how=self._how(e.claim_id))
                body = f'<p data-status="hidden">🔒 {esc(not_yet)}</p>'
            else:
                same = e.mine == e.course
                mark = t("= the same verdict") if same else t("≠ a different verdict: argue yours")
                body = (
                    '<p data-status="revealed">'
                    + t(
                        "Your verdict: {mine} · the course's verdict: {course} ({mark})",
                        mine=f"<strong>{esc(verdict_label(e.mine or ''))}</strong>",
                        course=f"<strong>{esc(verdict_label(e.course))}</strong>",
                        mark=esc(mark),
                    )
                    + "</p>"
                    + (f"<p>{esc(self._changed(e))}</p>" if self._changed(e) else "")
                    + f"<p><em>{esc(t('Why:'))}</em> {esc(e.explanation)}</p>"
                    + (
                        f"<p><em>{esc(t('Since then:'))}</em> {esc(e.since_then)}</p>"
                        if e.since_then
                        else ""
                    )
                )
            blocks.append(
                '<div class="usj-capstone-claim" style="border-left:4px solid #0072B2;'
                f'padding:0.2em 0.8em;margin:0.4em 0">{head}{body}</div>'
            )
        lang = language()
        return (
            f'<div class="usj-capstone-reveal" role="status" lang="{lang}">{"".join(blocks)}</div>'
        )


def _select(claim_ids: Iterable[str], domain: str | None) -> list[str]:
    ids = [_check_claim(c) for c in claim_ids]
    if domain is not None:
        table = claims()
        domains = sorted(set(table["domain"].astype(str)))
        if domain not in domains:
            msg = t(
                "no domain {domain}; choose one of {domains}", domain=repr(domain), domains=domains
            )
            raise ValueError(msg)
        ids += [c for c in table.loc[table["domain"].astype(str) == domain, "claim_id"]]
    if not ids:
        ids = _claim_ids()
    return list(dict.fromkeys(ids))


def _text(value: Any) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def reveal(*claim_ids: str, domain: str | None = None, store: Any = True) -> Reveal:
    """Show the course's verdict and its reasons for claims whose verdict you have recorded.

    Parameters
    ----------
    *claim_ids : str
        Claims to show (``"C04"``); with ``domain``, that domain's claims are added; with
        neither, every claim.
    domain : str, keyword-only
        ``"security"``, ``"diplomacy"``, ``"trade"`` or ``"digital"``.
    store : ProgressStore, True or None
        Where the recorded verdicts are read (default: the student's progress file).

    Returns
    -------
    Reveal
        Displays in the notebook; for a claim without a recorded verdict it says how to record
        one and shows nothing of the course's verdict.

    Raises
    ------
    ValueError
        For an unknown claim id or domain (a mistake in the notebook, not in an answer).

    """
    ids = _select(claim_ids, domain)
    log, problem = _recorded(store)
    mine = {claim_id: entry[0] for claim_id, entry in log.items()}
    if not problem:
        try:
            _log_reveal(store, [c for c in ids if c in mine], mine)
        except Exception as exc:  # an unwritable progress file must not hide the reveal
            text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            problem = t("The reveal could not be saved in your progress file ({why}).", why=text)
    course = _course()
    entries = []
    for claim_id in ids:
        row = course.loc[claim_id]
        base = {
            "claim_id": claim_id,
            "domain": _text(row["domain"]),
            "claim_type": _text(row["claim_type"]),
            "claim": _text(row["claim"]),
        }
        if claim_id in mine:
            entries.append(
                _Entry(
                    **base,
                    mine=mine[claim_id],
                    later=log[claim_id][1],
                    course=_text(row["verdict"]),
                    explanation=_text(row["explanation"]),
                    since_then=_text(row.get("since_then")),
                )
            )
        else:
            entries.append(_Entry(**base))
    return Reveal(entries, problem)


def compare(*, store: Any = True) -> pd.DataFrame:
    """Return every claim with your verdict and, where you recorded one, the course's.

    Columns: ``claim_id``, ``domain``, ``claim_type``, ``your_verdict`` (the one handed in:
    recorded before the course's was shown), ``course_verdict`` ("hidden" until you record
    yours), ``same`` (True, False, or missing), ``revealed_at`` (when the course's verdict was
    first shown, or "") and ``after_reveal`` (a different verdict checked after that, or "").
    """
    log, _ = _recorded(store)
    course = _course()
    rows = []
    for claim_id in _claim_ids():
        row = course.loc[claim_id]
        recorded = claim_id in log
        mine, later, at = log.get(claim_id, ("—", None, ""))
        rows.append(
            {
                "claim_id": claim_id,
                "domain": _text(row["domain"]),
                "claim_type": _text(row["claim_type"]),
                "your_verdict": mine,
                "course_verdict": _text(row["verdict"]) if recorded else "hidden",
                "same": (mine == _text(row["verdict"])) if recorded else pd.NA,
                "revealed_at": at,
                "after_reveal": later if later is not None and later != mine else "",
            }
        )
    return pd.DataFrame(rows).astype({"same": "boolean"})


# ---------------------------------------------------------------- the memo


def rubric() -> pd.DataFrame:
    """Return the memo's rubric as a table (part, full marks when the memo …, points).

    In Japanese the parts, the texts and the column names are Japanese (the points the same).
    """
    rows = [(t(part), t(text), points) for part, text, points in RUBRIC]
    return pd.DataFrame(rows, columns=[t(word) for word in _RUBRIC_WORDS])


def memo(*, store: Any = True) -> Any:
    """Display the policy-memo box (a reflection question, saved in the progress file)."""
    from IPython.display import display

    from usjapan_edu import quiz

    widget = quiz.quiz_widget(MEMO_BANK, store=store)
    display(widget)
    return None


@dataclass
class MemoStatus:
    """The saved memo's length and a rough check of the rubric's parts (never a grade).

    A memo written in Japanese (no spaces between words) is counted in characters
    (``chars``), about two per word of the target (as the memo's box counts it).
    """

    words: int | None
    found: dict[str, bool]
    problem: str = ""
    chars: int | None = None

    def _length(self) -> str:
        low, high = MEMO_WORDS
        if self.chars is not None:
            low, high = low * JA_CHARS_PER_WORD, high * JA_CHARS_PER_WORD
            size = self.chars
        else:
            size = self.words or 0
        where = (
            t("within the target")
            if low <= size <= high
            else t("shorter than the target")
            if size < low
            else t("longer than the target: cut it down")
        )
        if self.chars is not None:
            return t(
                "Your saved memo: {n} characters ({where} of {low}–{high} characters).",
                n=size,
                where=where,
                low=low,
                high=high,
            )
        return t(
            "Your saved memo: {n} words ({where} of {low}–{high} words).",
            n=size,
            where=where,
            low=low,
            high=high,
        )

    def _lines(self) -> tuple[str, list[tuple[str, str]]]:
        if self.problem:
            head = self.problem
        elif self.words is None:
            head = t("No memo saved yet: write it in the box above and press Check.")
        else:
            head = self._length()
        parts = [
            (t(part), t("✓ looks present") if self.found.get(part) else t("✗ not found"))
            for part, _, _ in RUBRIC
        ]
        return head, parts

    def __repr__(self) -> str:
        head, parts = self._lines()
        if self.words is None:
            return head
        body = "\n".join(f"  {part}: {seen}" for part, seen in parts)
        return f"{head}\n{t('Rubric self-check (by keywords, not a grade):')}\n{body}"

    def _repr_html_(self) -> str:
        head, parts = self._lines()
        if self.words is None:
            return f'<p class="usj-memo-status" role="status">{html.escape(head)}</p>'
        rows = "".join(
            f"<tr><td>{html.escape(p)}</td><td>{html.escape(s)}</td></tr>" for p, s in parts
        )
        caption = t("Rubric self-check, by keywords: a reminder, not a grade")
        return (
            f'<div class="usj-memo-status" role="status"><p>{html.escape(head)}</p>'
            f"<table><caption>{html.escape(caption)}</caption>"
            f"<tr><th>{html.escape(t('part'))}</th><th>{html.escape(t('in your memo'))}</th>"
            f"</tr>{rows}</table></div>"
        )


def _found(text: str) -> dict[str, bool]:
    names = datasets.list_datasets()
    folded = _fold(text)
    return {
        "Claim": bool(_CUES["Claim"].search(text)),
        "Evidence": any(n in text for n in names) or bool(re.search(r"\d", text)),
        "Counter-evidence": bool(_CUES["Counter-evidence"].search(text)),
        "Verdict": any(_fold(v) in folded for v in verdicts())
        or any(ja in text for ja in (*VERDICTS_JA.values(), *_MORE_JA)),
        "Recommendation": bool(_CUES["Recommendation"].search(text)),
    }


def memo_status(*, store: Any = True) -> MemoStatus:
    """Return the saved memo's word count and which rubric parts it seems to contain.

    The check looks for words (a claim id, a dataset name or a number, "however", a verdict of
    the vocabulary, "should"…): a reminder of the rubric, not a grade.
    """
    chosen = _store(store)
    if chosen is None:
        return MemoStatus(None, {})
    try:
        record = chosen.get(MEMO_BANK, MEMO_QUESTION) or {}
    except Exception as exc:  # an unreadable progress file must not stop the notebook
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return MemoStatus(None, {}, t("Your progress file could not be read ({why}).", why=text))
    text = record.get("response")
    if not isinstance(text, str) or not text.strip() or not record.get("attempts"):
        return MemoStatus(None, {})
    chars = len("".join(text.split())) if _JAPANESE.search(text) else None
    return MemoStatus(len(text.split()), _found(text), chars=chars)
