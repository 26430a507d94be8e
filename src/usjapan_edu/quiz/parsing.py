"""Read numbers the way students type them: ``1,000``, ``−67``, ``６８``, ``68%``, ``¥5T``.

The rules, in order (they are also documented for instructors in ``docs/authoring.md``):

1. The text is normalised with Unicode NFKC (full-width digits ``６８`` → ``68``, full-width
   ``％``/``＄``/``￥`` → ``%``/``$``/``¥``, thin and no-break spaces → space); any other
   decimal digit (e.g. Arabic-Indic) becomes its ASCII digit; Unicode minus ``−``, dashes and
   the small/full-width hyphen-minus become ``-``.
2. One number, optionally signed, in plain (``1000.5``), grouped (``1,000`` or ``1 000``, groups
   of three digits) or scientific (``1e3``) notation. A decimal comma (``1,5``) is refused with a
   hint to use a point, because ``1,500`` would be ambiguous.
3. Around the number the student may write a currency (``$``, ``US$``, ``USD``, ``¥``, ``JPY``,
   ``yen``, ``円``, ``€``, ``£``), a scale word (``k``/``thousand``, ``m``/``mn``/``million``,
   ``b``/``bn``/``billion``, ``t``/``tn``/``trillion``, ``万``, ``億``, ``兆``), a percent sign
   or word, and words that appear in the question's unit (``% of GDP``, ``years``).
4. With **no unit** (``unit=None``) a scale word multiplies (``5T`` → 5e12) and a currency or
   percent sign is ignored.
5. With a **unit**, the number is read in that unit and converted only when that is
   consistent:

   * a number without a scale word is already in the unit (``68`` for ``USD bn`` is 68);
   * a scale word converts to the unit's scale (``0.068 tn`` or ``68,000 million`` for
     ``USD bn`` is 68) — but never into a percentage;
   * a currency must be the unit's currency (``¥5T`` is refused for ``USD bn``);
   * ``%`` is accepted only when the unit is a percentage;
   * single-letter scales (``k``, ``m``, ``b``, ``t``) count as scales only for money units or
     units with a scale, so ``5 m`` stays metres when the unit is ``m``.

Anything else raises :class:`AnswerFormatError`, whose message is written for the student.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from usjapan_edu.i18n import join_sentences, language, t

__all__ = [
    "MAX_ANSWER_CHARS",
    "AnswerFormatError",
    "Unit",
    "format_number",
    "parse_number",
    "parse_unit",
]


class AnswerFormatError(ValueError):
    """The student's input cannot be read as an answer; the message says how to write it.

    An answer that raises this error is not counted as an attempt.
    """


_MINUS = dict.fromkeys(map(ord, "\u2212\u2010\u2011\u2012\u2013\u2014\ufe63\uff0d"), "-")
# What a Japanese keyboard (IME) types: 、 and 。 for , and . ; ▲/△ mark a negative number in
# Japanese tables, and ー (the long-vowel mark) is typed for a minus before a number.
_JAPANESE_MARKS = {ord("、"): ",", ord("。"): ".", ord("▲"): "-", ord("△"): "-"}
_WORD_MINUS = re.compile(r"マイナス\s*(?=\d)")  # マイナス67.9, as a student may write it
_LONG_VOWEL_MINUS = re.compile(r"(?:(?<=^)|(?<=[\s$¥約]))ー(?=\s*\d)")
_JA_COMPOUND = re.compile(
    r"(?:(\d+(?:\.\d+)?)\s*兆)?\s*(?:(\d+(?:\.\d+)?)\s*億)?\s*(?:(\d+(?:\.\d+)?)\s*万)?"
    r"\s*(?:(\d+(?:\.\d+)?)\s*千)?\s*(\d+)?"
)

_CURRENCY_SYMBOLS = {"us$": "USD", "$": "USD", "¥": "JPY", "€": "EUR", "£": "GBP"}
_CURRENCY_WORDS = {
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "jpy": "JPY",
    "yen": "JPY",
    "円": "JPY",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "gbp": "GBP",
    "ドル": "USD",
    "米ドル": "USD",
}
_CURRENCY_NAMES = {
    "USD": "U.S. dollars",
    "JPY": "yen",
    "EUR": "euros",
    "GBP": "pounds sterling",
}
_SCALE_WORDS = {
    "thousand": 1e3,
    "thousands": 1e3,
    "千": 1e3,
    "万": 1e4,
    "mn": 1e6,
    "mln": 1e6,
    "mio": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "百万": 1e6,
    "億": 1e8,
    "bn": 1e9,
    "bln": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "tn": 1e12,
    "trn": 1e12,
    "trillion": 1e12,
    "trillions": 1e12,
    "兆": 1e12,
}
_SCALE_LETTERS = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}
_UNIT_MULTIPLIER = re.compile(
    r"(\d+(?:\.\d+)?)\s*(?=百万|千|万|億|兆|thousand|million|billion|trillion)"
)
# What a Japanese student may write after a number without changing it: a counter word
_JA_COUNTERS = {
    "位", "番目", "倍", "人", "件", "回", "年", "か国", "カ国", "ヶ国", "個", "つ", "社"
}  # fmt: skip
_PERCENT_WORDS = {"%", "percent", "pct", "percentage", "per cent", "パーセント"}
# words a student may add without meaning anything (never in the way of grading)
_FILLER = {"about", "approx", "approximately", "around", "roughly", "us", "u.s.", "約", "およそ"}

_TOKEN = re.compile(
    r"us\$|per cent|[a-z]+(?:\.[a-z]+)*\.?|百万|米ドル|ドル|パーセント|およそ|番目|[かカヶ]国"
    r"|[%$¥€£千万億兆円約]|\S"
)
_NUMBER = re.compile(
    r"(?P<num>(?:\d{1,3}(?:[, ]\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:e(?P<exp>[+-]?\d+))?(?![\d.])"
)


@dataclass(frozen=True)
class Unit:
    """A question's unit, read from its ``unit:`` text (e.g. ``USD bn``, ``% of GDP``).

    Attributes
    ----------
    text : str
        The unit as the author wrote it (shown to students).
    currency : str or None
        ISO code (``USD``, ``JPY``, ``EUR``, ``GBP``) when the unit is money.
    scale : float
        Multiplier of the unit (``bn`` → 1e9; 1 when none).
    percent : bool
        Whether the unit is a percentage.
    words : frozenset of str
        Other words of the unit (lower case), which students may repeat after the number.

    """

    text: str
    currency: str | None = None
    scale: float = 1.0
    percent: bool = False
    words: frozenset[str] = frozenset()

    @property
    def letter_scales(self) -> bool:
        """Whether ``k``/``m``/``b``/``t`` after a number mean thousand/million/…."""
        return self.currency is not None or self.scale != 1.0


MAX_ANSWER_CHARS = 100
"""Longest numeric answer read; longer input is refused at once (a check stays instant)."""


def _is_power_sign(char: str) -> bool:
    """Whether NFKC would turn ``char`` into digits that change the number (``²`` → ``2``)."""
    if char.isascii():
        return False
    return unicodedata.decomposition(char).startswith(("<super>", "<sub>", "<fraction>"))


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_MINUS)
    if not text.isascii():
        text = "".join(
            str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text
        )
        text = _LONG_VOWEL_MINUS.sub("-", text.strip().translate(_JAPANESE_MARKS))
        text = _WORD_MINUS.sub("-", text)
        text = _join_japanese_scales(text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _join_japanese_scales(text: str) -> str:
    """Write ``6兆7900億`` (two or more of 兆, 億, 万, ones) as one number: ``6.79兆``.

    >>> _join_japanese_scales("約6兆7900億ドル")
    '約6.79兆ドル'
    >>> _join_japanese_scales("1万2000")
    '1.2万'
    """

    def one(match: re.Match[str]) -> str:
        scales = ((1, 12), (2, 8), (3, 4), (4, 3), (5, 0))
        parts = [(match.group(i), scale) for i, scale in scales]
        given = [(Decimal(n), scale) for n, scale in parts if n is not None]
        if len(given) < 2 or given[0][1] == 0:
            return match.group(0)
        top = given[0][1]
        total = sum((n.scaleb(scale - top) for n, scale in given), Decimal(0))
        word = {12: "兆", 8: "億", 4: "万", 3: "千"}[top]  # top is never 0: see above
        return f"{format(total.normalize(), 'f')}{word}"

    if not any(w in text for w in "兆億万千"):
        return text
    return _JA_COMPOUND.sub(one, text)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@lru_cache(maxsize=256)
def parse_unit(text: str | None) -> Unit | None:
    """Read a question's ``unit:`` text into a :class:`Unit` (``None`` for no unit).

    Parameters
    ----------
    text : str or None
        For example ``"USD bn"``, ``"billion US dollars"``, ``"¥ trillion"``, ``"% of GDP"``.

    Returns
    -------
    Unit or None
        ``None`` when ``text`` is empty or ``None``.

    Examples
    --------
    >>> u = parse_unit("USD bn")
    >>> (u.currency, u.scale, u.percent)
    ('USD', 1000000000.0, False)
    >>> parse_unit("% of GDP").percent
    True

    """
    if text is None or not str(text).strip():
        return None
    norm = _normalise(str(text))
    currency: str | None = None
    scale = 1.0
    percent = False
    words: set[str] = set()
    # "10億ドル" (Japanese for "USD bn"), "100万円": a number before a scale word multiplies it
    multiplier = _UNIT_MULTIPLIER.match(norm)
    if multiplier:
        scale = float(multiplier.group(1))
        norm = norm[len(multiplier.group(1)) :].lstrip()
    tokens = _tokens(norm)
    has_money = any(t in _CURRENCY_SYMBOLS or t in _CURRENCY_WORDS for t in tokens)
    for tok in tokens:
        if tok in _CURRENCY_SYMBOLS:
            currency = _CURRENCY_SYMBOLS[tok]
        elif tok in _CURRENCY_WORDS:
            currency = _CURRENCY_WORDS[tok]
        elif tok in _SCALE_WORDS:
            scale *= _SCALE_WORDS[tok]
        elif tok in _SCALE_LETTERS and has_money:
            scale *= _SCALE_LETTERS[tok]
        elif tok in _PERCENT_WORDS:
            percent = True
        else:
            words.add(tok.rstrip("."))
    return Unit(str(text), currency, scale, percent, frozenset(words))


def _same_word(a: str, b: str) -> bool:
    a, b = a.rstrip("."), b.rstrip(".")
    return a == b or a.rstrip("s") == b.rstrip("s")


def _example(unit: Unit | None, lang: str) -> str:
    return t("1234.5 (in {unit})", lang, unit=unit.text) if unit else t("1234.5 or -1.5", lang)


def parse_number(
    text: str | float, unit: str | Unit | None = None, *, lang: str | None = "en"
) -> float:
    """Read a student's numeric answer, in the question's ``unit`` when it has one.

    Parameters
    ----------
    text : str or float
        What the student typed (a number is returned as ``float``).
    unit : str, Unit or None
        The question's unit (e.g. ``"USD bn"``). See the module docstring for how scale words,
        currencies and ``%`` are checked against it.
    lang : str or None
        The language of the error messages (``"en"``, ``"ja"``; ``None``: the course
        language). What is read does not depend on it.

    Returns
    -------
    float
        The value expressed in ``unit`` (finite).

    Raises
    ------
    AnswerFormatError
        For empty or unreadable input, or a unit that does not fit the question; the message
        is written for the student and says how to fix it.

    Examples
    --------
    >>> parse_number("1,000")
    1000.0
    >>> parse_number("−67")
    -67.0
    >>> parse_number("６８")
    68.0
    >>> parse_number("$68bn", unit="USD bn")
    68.0
    >>> parse_number("0.068 trillion", unit="USD bn")
    68.0
    >>> parse_number("¥5T")
    5000000000000.0
    >>> parse_number("abc")
    Traceback (most recent call last):
    ...
    usjapan_edu.quiz.parsing.AnswerFormatError: “abc” is not a number I can read. Type digits, e.g. 1234.5 or -1.5.

    """  # noqa: E501
    u = unit if isinstance(unit, Unit) or unit is None else parse_unit(unit)
    lang = language() if lang is None else lang
    empty = t("Type a number in the box, then press Check.", lang)
    if isinstance(text, bool):
        raise AnswerFormatError(empty)
    too_large = t("That number is too large to check. Type an ordinary number, e.g. 1234.5.", lang)
    if isinstance(text, int | float):
        try:
            value = float(text)
        except OverflowError:  # an int beyond the float range, e.g. 10**400
            raise AnswerFormatError(too_large) from None
        if not math.isfinite(value):
            raise AnswerFormatError(too_large)
        return value
    if not isinstance(text, str):
        raise AnswerFormatError(empty)
    raw = text
    if len(raw) > MAX_ANSWER_CHARS:
        msg = t(
            "That answer is {length} characters long. Type just one number (at most {limit} "
            "characters), e.g. {example}.",
            lang,
            length=f"{len(raw):,}",
            limit=MAX_ANSWER_CHARS,
            example=_example(u, lang),
        )
        raise AnswerFormatError(msg)
    power = next((c for c in raw if _is_power_sign(c)), None)
    if power is not None:
        msg = t(
            "“{sign}” is a superscript, subscript or fraction sign, which I cannot read as part "
            "of a number. Type plain digits, e.g. 100 or 1e2 for ten squared, 0.5 for ½.",
            lang,
            sign=power,
        )
        raise AnswerFormatError(msg)
    s = _normalise(raw)
    if not s:
        raise AnswerFormatError(empty)
    shown = raw.strip() if len(raw.strip()) <= 40 else raw.strip()[:39] + "…"
    match = _NUMBER.search(s)
    if match is None:
        msg = t(
            "“{answer}” is not a number I can read. Type digits, e.g. {example}.",
            lang,
            answer=shown,
            example=_example(u, lang),
        )
        raise AnswerFormatError(msg)
    before, after = s[: match.start()], s[match.end() :]
    if re.search(r"\d", before) or re.search(r"\d", after):
        if re.match(r",\d", after):
            msg = t(
                "“{answer}”: use a point for decimals (1.5, not 1,5) and commas only between "
                "groups of three digits (1,000).",
                lang,
                answer=shown,
            )
        else:
            msg = t(
                "“{answer}” looks like more than one number. Type one number only.",
                lang,
                answer=shown,
            )
        raise AnswerFormatError(msg)

    sign = 1.0
    currency: str | None = None
    scale = 1.0
    scaled = percent = signed = False
    for part, where in ((before, "before"), (after, "after")):
        for tok in _tokens(part):
            if tok in {"+", "-"} and where == "before" and not signed:
                signed = True
                if tok == "-":
                    sign = -1.0
            elif tok in {"~", "≈"} or tok in _FILLER or (where == "after" and tok in _JA_COUNTERS):
                continue
            elif tok in _CURRENCY_SYMBOLS or tok in _CURRENCY_WORDS:
                currency = _CURRENCY_SYMBOLS.get(tok) or _CURRENCY_WORDS[tok]
            elif tok in _PERCENT_WORDS:
                percent = True
            elif tok in _SCALE_WORDS:
                scale *= _SCALE_WORDS[tok]
                scaled = True
            elif tok in _SCALE_LETTERS and (u is None or u.letter_scales):
                scale *= _SCALE_LETTERS[tok]
                scaled = True
            elif u is not None and (
                tok in {"of", "in", "the"} or any(_same_word(tok, w) for w in u.words)
            ):
                continue
            else:
                hint = t("Type just the number, e.g. {example}.", lang, example=_example(u, lang))
                if u is not None:
                    msg = t(
                        "“{word}” does not fit this question's unit ({unit}).",
                        lang,
                        word=tok,
                        unit=u.text,
                    )
                else:
                    msg = t("“{answer}” is not a number I can read.", lang, answer=shown)
                raise AnswerFormatError(join_sentences(msg, hint))

    digits = match.group("num").replace(",", "").replace(" ", "")
    exp = match.group("exp")
    try:
        value = Decimal(f"{digits}e{exp}" if exp else digits)
    except ArithmeticError:  # decimal.InvalidOperation: an exponent beyond Decimal's range
        raise AnswerFormatError(too_large) from None
    if sign < 0:
        value = -value

    factor = Decimal(1)
    if u is not None:
        if percent and not u.percent:
            msg = t(
                "This answer is in {unit}, not a percentage. Remove the % sign.", lang, unit=u.text
            )
            raise AnswerFormatError(msg)
        if currency is not None and currency != u.currency:
            if u.currency is None:
                msg = t(
                    "This answer is in {unit}, not money. Leave out the currency sign.",
                    lang,
                    unit=u.text,
                )
            else:
                msg = t(
                    "This answer is in {unit}, not in {currency}. Type the number in {unit}.",
                    lang,
                    unit=u.text,
                    currency=t(_CURRENCY_NAMES[currency], lang),
                )
            raise AnswerFormatError(msg)
        if scaled:
            if u.percent:
                msg = t(
                    "This answer is a percentage ({unit}). Type just the number, e.g. 2.5.",
                    lang,
                    unit=u.text,
                )
                raise AnswerFormatError(msg)
            factor = Decimal(scale) / Decimal(u.scale)
    else:
        factor = Decimal(scale)
    try:
        result = float(value * factor)
    except (ArithmeticError, OverflowError):
        raise AnswerFormatError(too_large) from None
    if not math.isfinite(result):
        raise AnswerFormatError(too_large)
    return result + 0.0  # turn -0.0 into 0.0


def format_number(value: float) -> str:
    """Format ``value`` for students: thousands separators, at most 6 significant digits.

    Examples
    --------
    >>> format_number(-68.2341)
    '-68.2341'
    >>> format_number(1234567.0)
    '1,234,567'
    >>> format_number(0.000123)
    '0.000123'

    """
    if value == 0:
        return "0"
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    digits = max(0, 6 - 1 - math.floor(math.log10(abs(value))))
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text
