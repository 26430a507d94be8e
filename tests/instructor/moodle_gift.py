r"""A reader of GIFT text that follows Moodle's own importer (``question/format/gift``).

Used by the tests to read our GIFT export back exactly as Moodle would: the same escape
placeholders (``\~ \= \# \{ \} \: \n \\``), the same way of finding the answer block
(first ``{`` and first ``}``), of telling the question types apart (``~`` → multichoice,
``=`` and ``->`` → matching, ``T``/``F``/``TRUE``/``FALSE`` → true/false, ``#`` → numerical,
empty → essay, otherwise short answer), of splitting answers, weights (``%50%``) and feedback
(``#``), and of taking general feedback after the last ``####``. The PyPI package
``pygiftparser`` exists but has had no release since 2017, so this small reader (about the size
of the importer's logic) is used instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ESCAPES = [("\\:", "\x01058"), ("\\#", "\x01035"), ("\\=", "\x01061"), ("\\{", "\x01123"),
            ("\\}", "\x01125"), ("\\~", "\x01126"), ("\\n", "\x01010")]  # fmt: skip
_WEIGHT = re.compile(r"^%(-*[0-9]{1,2}\.?[0-9]*|100)%")


def _pre(text: str) -> str:
    text = text.replace("\\\\", "\x01092")
    for escaped, placeholder in _ESCAPES:
        text = text.replace(escaped, placeholder)
    return text.replace("\x01092", "\\")


def _post(text: str) -> str:
    for char, placeholder in zip(":#={}~\n", [p for _, p in _ESCAPES], strict=True):
        text = text.replace(placeholder, char)
    return text


@dataclass
class Text:
    text: str
    format: str


@dataclass
class Question:
    type: str
    name: str = ""
    text: Text | None = None
    general_feedback: str = ""
    answers: list[tuple[str, float, str]] = field(default_factory=list)  # text, fraction, fb
    subquestions: list[tuple[str, str]] = field(default_factory=list)  # left, right
    correct_answer: bool | None = None
    feedback_true: str = ""
    feedback_false: str = ""
    tolerance: list[tuple[float, float]] = field(default_factory=list)
    category: str = ""


def _with_format(text: str, default: str = "moodle") -> Text:
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        name = text[1:end]
        if name in {"moodle", "html", "plain", "markdown"}:
            fmt, text = name, text[end + 1 :]
    return Text(_post(text).strip(), fmt)


def _comment(answer: str, fmt: str) -> tuple[Text, Text]:
    bits = answer.split("#", 1)
    feedback = _with_format(bits[1].strip(), fmt) if len(bits) > 1 else Text("", fmt)
    return _with_format(bits[0].strip(), fmt), feedback


def _weight(answer: str) -> tuple[float, str]:
    answer = answer[1:]
    end = answer.index("%")
    return float(answer[:end]) / 100, answer[end + 1 :]


_PHP_TRIM = " \t\n\r\0\x0b"  # the characters PHP's trim() removes (Python's strip() takes more)


def read_question(block: str) -> Question:
    """Read one question (lines between blank lines) the way ``qformat_gift`` does."""
    lines = [" " if line.strip(_PHP_TRIM).startswith("//") else line for line in block.split("\n")]
    text = "\n".join(lines).strip(_PHP_TRIM)
    if not text:
        raise ValueError("empty")
    text = _pre(text)
    if text.startswith("$CATEGORY:"):
        return Question("category", category=text[10:].strip())
    q = Question("")
    if text.startswith("::"):
        text = text[2:]
        end = text.find("::")
        if end < 0:
            raise ValueError("unterminated name")
        q.name = _post(text[:end]).strip()
        text = text[end + 2 :].strip()
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        q.type, q.text = "description", _with_format(text)
        return q
    if start < 0 or finish < 0:
        raise ValueError("brace error")
    answer = text[start + 1 : finish].strip()
    if text.endswith("}"):
        question_text = text[:start] + text[finish + 1 :]
    else:
        question_text = text[:start] + "_____" + text[finish + 1 :]
    gf = answer.rfind("####")
    if gf >= 0:
        general, answer = answer[gf + 4 :], answer[:gf].strip()
    else:
        general = ""
    q.text = _with_format(question_text)
    q.general_feedback = _with_format(general, q.text.format).text
    fmt = q.text.format
    if answer == "":
        q.type = "essay"
    elif answer[0] == "#":
        q.type = "numerical"
        body = answer[1:]
        if "~" in body:
            body = body[: body.index("~")]
        for part in [p.strip() for p in body.split("=") if p.strip()]:
            fraction = 1.0
            if _WEIGHT.match(part):
                fraction, part = _weight(part)
            ans, _ = _comment(part, fmt)
            value = ans.text
            if ".." in value[1:]:
                lo, hi = (float(x) for x in value.split("..", 1))
                q.tolerance.append(((lo + hi) / 2, hi - (lo + hi) / 2))
            elif ":" in value[1:]:
                v, t = value.split(":", 1)
                q.tolerance.append((float(v), float(t)))
            else:
                q.tolerance.append((float(value), 0.0))
            q.answers.append((value, fraction, ""))
    elif "~" in answer:
        q.type = "multichoice" if "=" in answer else "multichoice-multi"
        parts = answer.replace("=", "~=").split("~")
        if not parts[0].strip():
            parts = parts[1:]
        if len(parts) < 2:
            raise ValueError("fewer than 2 answers")
        for part in parts:
            part = part.strip()
            if part.startswith("="):
                fraction, part = 1.0, part[1:]
            elif _WEIGHT.match(part):
                fraction, part = _weight(part)
            else:
                fraction = 0.0
            ans, fb = _comment(part, fmt)
            q.answers.append((ans.text, fraction, fb.text))
    elif "=" in answer and "->" in answer:
        q.type = "match"
        parts = answer.split("=")
        if not parts[0].strip():
            parts = parts[1:]
        for part in parts:
            part = part.strip()
            if "->" not in part:
                raise ValueError("matching answer without ->")
            marker = part.index("->")
            left = _with_format(part[:marker].strip(), fmt).text
            q.subquestions.append((left, _post(part[marker + 2 :]).strip()))
    else:
        check = answer.split("#", 1)[0].strip() if answer.find("#") > 0 else answer
        if check in {"T", "TRUE", "F", "FALSE"}:
            q.type = "truefalse"
            bits = answer.split("#", 2)
            wrong = _with_format(bits[1].strip(), fmt).text if len(bits) > 1 else ""
            right = _with_format(bits[2].strip(), fmt).text if len(bits) > 2 else ""
            q.correct_answer = bits[0].strip() in {"T", "TRUE"}
            if q.correct_answer:
                q.feedback_true, q.feedback_false = right, wrong
            else:
                q.feedback_true, q.feedback_false = wrong, right
        else:
            q.type = "shortanswer"
            for part in [p.strip() for p in answer.split("=") if p.strip()]:
                fraction = 1.0
                if _WEIGHT.match(part):
                    fraction, part = _weight(part)
                ans, fb = _comment(part, fmt)
                q.answers.append((ans.text, fraction, fb.text))
    return q


def read_gift(text: str) -> list[Question]:
    r"""Split GIFT text into questions at blank lines and read each (as Moodle does).

    Lines end at ``\n`` only, as PHP's ``file()`` splits them (a lone ``\r`` or U+2028 does
    not end a line); a line of nothing but PHP ``trim()`` characters is blank.
    """
    out: list[Question] = []
    block: list[str] = []
    for line in [*text.split("\n"), ""]:
        if line.strip(_PHP_TRIM):
            block.append(line)
            continue
        if block and any(not b.strip(_PHP_TRIM).startswith("//") for b in block):
            out.append(read_question("\n".join(block)))
        block = []
    return out
