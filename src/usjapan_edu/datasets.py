"""Cited datasets on the U.S.–Japan alliance: list, load, describe and cite them.

Every dataset is a resource of the Frictionless Data Package ``data/datapackage.json``: one
tidy CSV plus metadata (title, description, sources, licence, and a Table Schema giving every
field's type, unit and description). Dtypes, category order and missing values come from that
metadata, never from per-dataset code.

The codebook is in English and Japanese; the data are one. A resource's ``title_ja`` and
``description_ja``, and a field's ``description_ja``, ``unit_ja`` and ``categories_ja`` (a
mapping from each allowed value of the field's ``enum`` to its Japanese label, e.g.
``{"census": "米国勢調査局ベース"}``) are the Japanese twins of the English metadata (custom
properties, which the Data Package specification allows). :func:`info` shows the codebook in
the course language (:mod:`usjapan_edu.i18n`), or in ``lang="en"`` / ``lang="ja"``; the values
in the CSV files, and so in every filter, stay the English codes.

Examples
--------
>>> from usjapan_edu import datasets
>>> "goods_trade" in datasets.list_datasets()
True
>>> df = datasets.load("goods_trade")
>>> {"year", "us_exports_usd_bn", "source_url"} <= set(df.columns)
True
>>> print(datasets.cite("goods_trade"))  # doctest: +ELLIPSIS
U.S. Census Bureau...

"""

from __future__ import annotations

import codecs
import contextlib
import csv
import difflib
import html
import io
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any, NoReturn

import pandas as pd

from usjapan_edu._resources import data_dir
from usjapan_edu.i18n import check_language, language, t

__all__ = [
    "DatasetError",
    "DatasetInfo",
    "FieldInfo",
    "UnknownDatasetError",
    "cite",
    "codebook_markdown",
    "info",
    "list_datasets",
    "load",
]

DESCRIPTOR = "datapackage.json"
_REQUIRED_FIELD_KEYS = ("name", "type", "description", "unit")
_TYPES = {"integer", "number", "string", "boolean", "date"}
_TRUE, _FALSE = {"true", "True", "TRUE", "1"}, {"false", "False", "FALSE", "0"}


class DatasetError(ValueError):
    """A damaged descriptor or CSV file; the message names the file, line and field."""


class UnknownDatasetError(KeyError):
    """Raised for a dataset name that is not in the package; suggests the closest names."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0])


@dataclass(frozen=True)
class FieldInfo:
    """One column of a dataset, as documented in its Table Schema."""

    name: str
    type: str
    unit: str
    description: str
    categories: tuple[str, ...] = ()
    ordered: bool = False
    category_labels: tuple[str, ...] = ()
    """The categories' labels in the codebook's language, in the order of ``categories``
    (empty in English, where the codes are the labels)."""


@dataclass(frozen=True)
class DatasetInfo:
    """Metadata of one dataset; renders as a codebook in a notebook.

    Attributes
    ----------
    name, title, description : str
        Identifier, human title and what a row is (with caveats).
    fields : tuple of FieldInfo
        Every column: type, unit and description.
    primary_key : tuple of str
        Columns whose values identify a row.
    sources : tuple of dict
        Each with ``title``, ``path`` (URL), ``publisher``, ``edition``, ``accessed``.
    licenses : tuple of dict
        Licence or terms of use, with ``name``/``title``/``path``.
    citation : str
        A citation a student can paste.
    path : pathlib.Path
        The CSV file.
    language : str
        The language of the texts: ``"en"`` or ``"ja"``.

    """

    name: str
    title: str
    description: str
    fields: tuple[FieldInfo, ...]
    primary_key: tuple[str, ...]
    sources: tuple[dict[str, str], ...]
    licenses: tuple[dict[str, str], ...]
    citation: str
    path: Path
    language: str = "en"

    def _repr_markdown_(self) -> str:
        return codebook_markdown(self.name, lang=self.language)

    def _repr_html_(self) -> str:
        e = html.escape
        lang = self.language
        rows = "".join(
            f"<tr><td><code>{e(f.name)}</code></td><td>{e(f.type)}</td><td>{e(f.unit)}</td>"
            f"<td>{e(f.description)}{_categories_text(f, e, lang)}</td></tr>"
            for f in self.fields
        )
        sources = "".join(
            f'<li><a href="{e(s.get("path", ""))}">{e(s.get("title", s.get("path", "")))}</a>'
            f"{_source_suffix(s, e, lang)}</li>"
            for s in self.sources
        )
        licences = ", ".join(e(lic.get("title") or lic.get("name", "")) for lic in self.licenses)
        return (
            f"<div class='usj-codebook'><h3>{e(self.title)} (<code>{e(self.name)}</code>)</h3>"
            f"<p>{e(self.description)}</p>"
            f"<table><caption>{t('Fields', lang)}</caption><thead><tr>"
            f"<th scope='col'>{t('field', lang)}</th>"
            f"<th scope='col'>{t('type', lang)}</th><th scope='col'>{t('unit', lang)}</th>"
            f"<th scope='col'>{t('description', lang)}</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>"
            f"<p><strong>{t('Sources', lang)}</strong></p><ul>{sources}</ul>"
            f"<p><strong>{t('Licence:', lang)}</strong> {licences}</p>"
            f"<p><strong>{t('Cite as:', lang)}</strong> {e(self.citation)}</p></div>"
        )


def _categories_text(f: FieldInfo, esc: Any = str, lang: str = "en") -> str:
    if not f.categories:
        return ""
    kind = t("ordered categories" if f.ordered else "categories", lang)
    if f.category_labels:
        shown = [
            f"{c}（{label}）" for c, label in zip(f.categories, f.category_labels, strict=True)
        ]
    else:
        shown = list(f.categories)
    return t(" ({kind}: {values})", lang, kind=kind, values=t(", ", lang).join(map(esc, shown)))


def _source_suffix(s: dict[str, str], esc: Any = str, lang: str = "en") -> str:
    parts = [s[k] for k in ("publisher", "edition") if s.get(k)]
    if s.get("accessed"):
        parts.append(t("accessed {date}", lang, date=s["accessed"]))
    return f" — {esc('; '.join(parts))}" if parts else ""


# ---------------------------------------------------------------- descriptor


@cache
def _package() -> dict[str, Any]:
    path = data_dir() / DESCRIPTOR
    text = path.read_text(encoding="utf-8")
    try:
        package = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"{path}:{exc.lineno}: invalid JSON in the data package descriptor: {exc.msg}"
        raise DatasetError(msg) from None
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list) or not all(
        isinstance(r, dict) and isinstance(r.get("name"), str) and r["name"] for r in resources
    ):
        msg = f"{path}:1: field 'resources': expected a list of dataset descriptors with names"
        raise DatasetError(msg)
    return {"path": path, "text": text, "resources": {r["name"]: r for r in resources}}


def _line_of(resource: str, field: str | None = None, key: str | None = None) -> int:
    """Line of a resource's (or its field's, or a ``key`` within either) name in the descriptor."""
    package = _package()
    text = package["text"]
    idx = text.find(f'"name": "{resource}"')
    if field is not None and idx >= 0:
        idx = text.find(f'"name": "{field}"', idx + 1)
    if key is not None and idx >= 0:
        # The key's own line if it follows within the same field (before the next field's
        # name) or, for a dataset-level key, within the same dataset (before the next one's).
        if field is not None:
            end = text.find('"name": ', idx + 1)
        else:
            ends = (text.find(f'"name": "{r}"', idx + 1) for r in package["resources"])
            end = min((e for e in ends if e > idx), default=-1)
        at = text.find(f'"{key}"', idx + 1)
        if at >= 0 and (end < 0 or at < end):
            idx = at
    return text.count("\n", 0, idx) + 1 if idx >= 0 else 1


def _resource(name: str) -> dict[str, Any]:
    resources = _package()["resources"]
    if not isinstance(name, str) or name not in resources:
        close = []
        if isinstance(name, str):
            close = difflib.get_close_matches(name[:100], list(resources), n=3, cutoff=0.4)
            close += [n for n in resources if name and name in n and n not in close]
        hint = (
            f"; did you mean {' or '.join(repr(c) for c in close[:3])}? The" if close else "; the"
        )
        names = sorted(resources)
        which = (
            f"{len(names)} datasets are: {', '.join(names)}"
            if len(names) != 1
            else f"only dataset is {names[0]}"
        )
        msg = f"unknown dataset {_show(name)}{hint} {which}"
        raise UnknownDatasetError(msg)
    return resources[name]


def _show(value: object, limit: int = 40) -> str:
    """Return ``repr(value)`` for a one-line message, shortened when long."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= limit:
        return repr(value) if isinstance(value, str) else text
    cut = repr(text[:limit]) if isinstance(value, str) else text[:limit]
    return f"{cut}… ({len(text)} characters)"


def _show_list(values: Sequence[object], most: int = 5) -> str:
    """Return a list for a one-line message: at most ``most`` items, each shortened."""
    more = f", … ({len(values)} in all)" if len(values) > most else ""
    return f"[{', '.join(_show(v) for v in values[:most])}{more}]"


_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
#: The Table Schema constraints load() enforces, per field type; any other is refused.
_CONSTRAINTS = {
    "integer": {"required", "unique", *_BOUNDS},
    "number": {"required", "unique", *_BOUNDS},
    "date": {"required", "unique", *_BOUNDS},
    "boolean": {"required", "unique"},
    "string": {"required", "unique", "enum", "minLength", "maxLength"},
}
#: Field properties that change how a cell is read; load() reads the defaults only.
_PARSING_KEYS = (
    "decimalChar", "groupChar", "bareNumber", "floatNumber", "trueValues", "falseValues",
    "missingValues",
)  # fmt: skip
_DIALECT_DEFAULTS = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True}


@dataclass(frozen=True)
class _Rule:
    """How :func:`load` reads and checks one column, from its Table Schema entry."""

    name: str
    type: str
    required: bool = False
    unique: bool = False
    enum: frozenset[str] | None = None
    enum_list: tuple[str, ...] = ()
    minimum: Any = None
    maximum: Any = None
    exclusive_minimum: Any = None
    exclusive_maximum: Any = None
    min_length: int | None = None
    max_length: int | None = None
    uri: bool = False

    @property
    def checks_values(self) -> bool:
        return any(
            v is not None
            for v in (
                self.enum, self.minimum, self.maximum, self.exclusive_minimum,
                self.exclusive_maximum, self.min_length, self.max_length,
            )
        ) or self.uri  # fmt: skip


@dataclass(frozen=True)
class _Schema:
    fields: tuple[FieldInfo, ...]
    rules: tuple[_Rule, ...]
    primary_key: tuple[str, ...]
    missing: frozenset[str]
    csv_name: str


def _bound(value: Any, ftype: str) -> Any:
    """Return a minimum/maximum from the descriptor as the field's type, or None."""
    if isinstance(value, bool):
        return None
    if ftype == "integer" and isinstance(value, int):
        return value
    if ftype == "number" and isinstance(value, (int, float)) and math.isfinite(value):
        return value
    if ftype == "date" and isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


@cache
def _schema(name: str) -> _Schema:
    """Read and check dataset ``name``'s descriptor entry once: fields, rules, key, file."""
    res = _resource(name)
    where = _package()["path"]

    def fail(what: str, field: str | None = None, key: str | None = None) -> NoReturn:
        line = _line_of(name, field, key)
        prefix = f"dataset {name!r}, field {field!r}" if field is not None else f"dataset {name!r}"
        raise DatasetError(f"{where}:{line}: {prefix}: {what}")

    csv_name = res.get("path")
    if (
        not isinstance(csv_name, str)
        or not csv_name
        or "\\" in csv_name
        or ":" in csv_name
        or PurePosixPath(csv_name).is_absolute()
        or ".." in PurePosixPath(csv_name).parts
    ):
        fail(
            f"'path' must name a CSV file inside the data folder, got {_show(csv_name)}", key="path"
        )
    encoding = str(res.get("encoding", "utf-8")).lower().replace("_", "-")
    if encoding not in ("utf-8", "utf8", "utf-8-sig"):
        fail(f"encoding {_show(encoding)} is not supported; save the CSV as UTF-8", key="encoding")
    dialect = res.get("dialect") or {}
    if not isinstance(dialect, dict) or any(
        dialect[k] != _DIALECT_DEFAULTS.get(k, object()) for k in dialect
    ):
        fail("a CSV dialect other than the default (comma, double quotes) is not supported; "
             "remove 'dialect' and write the CSV with commas", key="dialect")  # fmt: skip
    schema = res.get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not fields or not isinstance(fields, list):
        fail("no schema fields")
    if schema.get("foreignKeys"):
        fail("'foreignKeys' are not checked by load(); remove them", key="foreignKeys")
    missing = schema.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(v, str) for v in missing):
        fail("'missingValues' must be a list of texts, e.g. [\"\"]", key="missingValues")
    infos: list[FieldInfo] = []
    rules: list[_Rule] = []
    for f in fields:
        if not isinstance(f, dict):
            fail(f"every field must be an object with {', '.join(_REQUIRED_FIELD_KEYS)}")
        fname = str(f.get("name", "?"))
        for key in _REQUIRED_FIELD_KEYS:
            if not f.get(key) or not isinstance(f[key], str):
                fail(f"missing {key!r}", fname)
        if fname in (i.name for i in infos):
            fail("a second field with this name; field names must be unique", fname)
        ftype = f["type"]
        if ftype not in _TYPES:
            fail(f"type {ftype!r} is not one of {sorted(_TYPES)}", fname)
        for key in _PARSING_KEYS:
            if key in f:
                fail(f"{key!r} is not supported by load(); write the CSV with the defaults "
                     "('.' decimals, no thousands separators, true/false, empty cell = missing)",
                     fname, key)  # fmt: skip
        fmt = f.get("format", "default")
        formats = ("default", "uri") if ftype == "string" else ("default",)
        if fmt not in formats:
            fail(f"format {_show(fmt)} is not supported for a {ftype} field; use "
                 f"{' or '.join(map(repr, formats))}", fname, "format")  # fmt: skip
        cons = f.get("constraints", {})
        if not isinstance(cons, dict):
            fail("'constraints' must be an object", fname, "constraints")
        allowed = _CONSTRAINTS[ftype]
        for key in cons:
            if key not in allowed:
                fail(f"constraint {key!r} is not supported on a {ftype} field; load() checks "
                     f"{', '.join(sorted(allowed))}", fname, key)  # fmt: skip
        for key in ("required", "unique"):
            if key in cons and not isinstance(cons[key], bool):
                fail(f"constraint {key!r} must be true or false", fname, key)
        bounds = {}
        for key in _BOUNDS:
            if key in cons:
                bounds[key] = _bound(cons[key], ftype)
                if bounds[key] is None:
                    example = (
                        'an ISO date such as "2000-01-31"'
                        if ftype == "date"
                        else (f"a{'n' if ftype == 'integer' else ''} {ftype}")
                    )
                    fail(f"constraint {key!r} must be {example}, got {_show(cons[key])}",
                         fname, key)  # fmt: skip
        lengths = {}
        for key in ("minLength", "maxLength"):
            if key in cons:
                value = cons[key]
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    fail(f"constraint {key!r} must be a whole number ≥ 0", fname, key)
                lengths[key] = value
        enum = cons.get("enum")
        if enum is not None and (
            not isinstance(enum, list)
            or not enum
            or not all(isinstance(v, str) for v in enum)
            or len(set(enum)) != len(enum)
        ):
            fail("constraint 'enum' must be a list of different texts", fname, "enum")
        for key in ("description_ja", "unit_ja"):
            if key in f and (not isinstance(f[key], str) or not f[key].strip()):
                fail(f"{key!r} must be a non-empty text (the Japanese {key[:-3]})", fname, key)
        labels = f.get("categories_ja")
        if labels is not None and (
            not enum
            or not isinstance(labels, dict)
            or set(labels) != set(enum)
            or not all(isinstance(v, str) and v.strip() for v in labels.values())
        ):
            fail("'categories_ja' must map every value of the field's 'enum' (and only those) "
                 "to its Japanese label", fname, "categories_ja")  # fmt: skip
        infos.append(
            FieldInfo(
                name=fname,
                type=ftype,
                unit=f["unit"],
                description=f["description"],
                categories=tuple(enum or ()),
                ordered=bool(f.get("categoriesOrdered", False)),
            )
        )
        rules.append(
            _Rule(
                name=fname,
                type=ftype,
                required=cons.get("required", False),
                unique=cons.get("unique", False),
                enum=frozenset(enum) if enum is not None else None,
                enum_list=tuple(enum or ()),
                minimum=bounds.get("minimum"),
                maximum=bounds.get("maximum"),
                exclusive_minimum=bounds.get("exclusiveMinimum"),
                exclusive_maximum=bounds.get("exclusiveMaximum"),
                min_length=lengths.get("minLength"),
                max_length=lengths.get("maxLength"),
                uri=fmt == "uri",
            )
        )
    key = schema.get("primaryKey", [])
    key = [key] if isinstance(key, str) else key
    names = [i.name for i in infos]
    if not isinstance(key, list) or not all(isinstance(k, str) and k in names for k in key):
        fail(f"'primaryKey' must list field names of this dataset, got {_show(key)}",
             key="primaryKey")  # fmt: skip
    # Primary-key fields may not be empty (Table Schema: a key identifies its row).
    rules = [replace(r, required=True) if r.name in key else r for r in rules]
    return _Schema(
        fields=tuple(infos),
        rules=tuple(rules),
        primary_key=tuple(key),
        missing=frozenset(missing),
        csv_name=csv_name,
    )


def _fields(name: str) -> tuple[FieldInfo, ...]:
    return _schema(name).fields


# ---------------------------------------------------------------- public API


def list_datasets() -> list[str]:
    """Return the names of all bundled datasets, sorted.

    Examples
    --------
    >>> "military_expenditure" in list_datasets()
    True

    """
    return sorted(_package()["resources"])


def info(name: str, lang: str | None = None) -> DatasetInfo:
    """Return the metadata of dataset ``name`` (displays as a codebook in a notebook).

    Parameters
    ----------
    name : str
        A dataset of :func:`list_datasets`.
    lang : str, optional
        ``"en"`` or ``"ja"``: the language of the titles, descriptions, units, category labels
        and headings (default: the course language, :func:`usjapan_edu.i18n.language`). Field
        names and category codes, the values in the data, are the same in both.

    Raises
    ------
    UnknownDatasetError
        If ``name`` is not a bundled dataset; the message suggests the closest names.
    ValueError
        If ``lang`` is not a course language (one line naming the choices).

    Examples
    --------
    >>> meta = info("goods_trade", lang="en")
    >>> [f.unit for f in meta.fields if f.name == "us_exports_usd_bn"]
    ['USD billion, current prices']
    >>> info("goods_trade", lang="ja").title.startswith("米国の対日財貿易")
    True

    """
    lang = language() if lang is None else check_language(lang)
    res = _resource(name)
    schema = _schema(name)
    title, description, fields = res.get("title", name), res.get("description", ""), schema.fields
    if lang == "ja":
        title = res.get("title_ja") or title
        description = res.get("description_ja") or description
        raw = {str(f.get("name")): f for f in res["schema"]["fields"]}
        fields = tuple(
            replace(
                f,
                description=raw[f.name].get("description_ja") or f.description,
                unit=raw[f.name].get("unit_ja") or f.unit,
                category_labels=tuple(
                    raw[f.name].get("categories_ja", {}).get(c, c) for c in f.categories
                )
                if raw[f.name].get("categories_ja")
                else (),
            )
            for f in fields
        )
    return DatasetInfo(
        name=name,
        title=title,
        description=description,
        fields=fields,
        primary_key=schema.primary_key,
        sources=tuple(res.get("sources", ())),
        licenses=tuple(res.get("licenses", ())),
        citation=res.get("citation", ""),
        path=data_dir() / schema.csv_name,
        language=lang,
    )


def cite(name: str) -> str:
    """Return a one-line citation for dataset ``name``, naming the original publisher.

    Examples
    --------
    >>> "SIPRI" in cite("military_expenditure")
    True

    """
    meta = info(name, lang="en")
    if meta.citation:
        return meta.citation
    return "; ".join(
        f"{s.get('publisher', '')}, {s.get('title', '')}, {s.get('path', '')}" for s in meta.sources
    )


#: A dataset CSV larger than this is refused before it is parsed (the largest shipped file is
#: under 0.3 MB; this only stops a wrong or runaway file from filling the memory).
_MAX_CSV_BYTES = 50 * 1024 * 1024
_INT64 = (-(2**63), 2**63 - 1)
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_MAX_NUMBER_CHARS = 100
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S+")
_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # bytes that are not UTF-8, after surrogateescape


def load(name: str) -> pd.DataFrame:
    """Load dataset ``name`` as a new :class:`pandas.DataFrame`.

    Column dtypes follow the Table Schema: ``integer`` → ``Int64`` (nullable), ``number`` →
    ``float64`` (missing = NaN), ``boolean`` → ``boolean``, ``date`` → ``datetime64``,
    ``string`` → text, and fields with an ``enum`` constraint → ``category`` (ordered when the
    schema says so). Each call returns a fresh frame; only this dataset's file is read.

    Every cell is checked against the schema before the frame is built: its type, the
    constraints ``required``, ``unique``, ``enum``, ``minimum``/``maximum`` (and their
    ``exclusive`` forms), ``minLength``/``maxLength``, ``format: uri``, a unique and complete
    ``primaryKey``, and one cell per field on every row. Blank lines are skipped; spaces around
    a number, date or true/false are ignored. A file over 50 MB is refused unread.

    Raises
    ------
    UnknownDatasetError
        If ``name`` is not a bundled dataset.
    DatasetError
        If the CSV does not match its schema; the one-line message names the file, the line
        (as an editor numbers it), the field, what is wrong and how to fix it.

    Examples
    --------
    >>> df = load("military_expenditure")
    >>> japan = df[(df.country == "Japan") & (df.year == 2023)]
    >>> bool(japan["share_of_gdp_pct"].iloc[0] > 0)
    True

    """
    _resource(name)  # an unknown (or unhashable) name fails here, before the cache
    schema = _schema(name)
    path = data_dir() / schema.csv_name
    table = _Table.parse(path, _read_text(path, name))
    expected = [f.name for f in schema.fields]
    if table.header != expected:
        header = table.header
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        twice = sorted({c for c in header if header.count(c) > 1})
        what = "; ".join(
            part
            for part in (
                f"missing field(s) {missing}" if missing else "",
                f"unexpected field(s) {_show_list(extra)}" if extra else "",
                f"field(s) named twice {_show_list(twice)}" if twice else "",
                "fields in a different order than the schema"
                if not (missing or extra or twice)
                else "",
            )
            if part
        )
        msg = (
            f"{path}:{table.header_line}: header does not match the schema in {DESCRIPTOR}: {what}"
        )
        raise DatasetError(msg)
    return table.to_frame(schema)


def _read_text(path: Path, name: str) -> str:
    """Return the file's text: size bounded, UTF-8 (a leading BOM is dropped)."""
    try:
        with path.open("rb") as fh:
            data = fh.read(_MAX_CSV_BYTES + 1)
    except FileNotFoundError:
        msg = f"{path}: dataset {name!r}: file is missing; reinstall usjapan-edu"
        raise DatasetError(msg) from None
    except OSError as exc:
        msg = f"{path}: dataset {name!r}: cannot read the file: {exc.strerror or exc}"
        raise DatasetError(msg) from None
    if len(data) > _MAX_CSV_BYTES:
        msg = (
            f"{path}: dataset {name!r}: file is larger than {_MAX_CSV_BYTES / 2**20:g} MB, the "
            "limit for one dataset; check that it is the right file, or split it"
        )
        raise DatasetError(msg)
    if data.startswith(codecs.BOM_UTF8):  # Excel's "CSV UTF-8" writes one
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(path, data, exc) from None


def _breaks(text: str) -> int:
    """Count the line breaks in ``text`` as an editor (and the csv module) does."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _not_utf8(path: Path, data: bytes, exc: UnicodeDecodeError) -> DatasetError:
    line = _breaks(data[: exc.start].decode("utf-8")) + 1
    fix = f"byte 0x{data[exc.start]:02X} is not UTF-8; save the file as UTF-8 (Excel: 'CSV UTF-8')"
    where = ""
    try:  # Name the field: the first cell holding an undecodable byte holds this one.
        text = data.decode("utf-8", "surrogateescape")
        header = None
        for cells in csv.reader(io.StringIO(text, newline="")):
            if not cells:
                continue
            hit = next((i for i, c in enumerate(cells) if _NOT_UTF8.search(c)), None)
            if hit is not None:
                if header is None:
                    where = "header: "
                else:
                    value = _show(cells[hit].encode("utf-8", "surrogateescape"))
                    field = f"field {header[hit]!r}: " if hit < len(header) else ""
                    where = f"{field}value {value}: "
                break
            header = cells if header is None else header
    except csv.Error:
        pass
    return DatasetError(f"{path}:{line}: {where}{fix}")


class _Bad(ValueError):
    """A cell that does not fit its field; the text says why and how to fix it."""


def _parse_integer(raw: str) -> int:
    if raw.isascii() and raw.isdigit() and len(raw) < 19:  # the common case, fast
        return int(raw)
    text = raw.strip()
    if not _INTEGER.fullmatch(text):
        raise _Bad("is not an integer; write a whole number such as 2023, without units")
    if len(text) > 20:  # int() of thousands of digits is slow, and refused beyond 4300
        raise _Bad(f"has {len(text)} digits, too many for an integer (at most 19)")
    value = int(text)
    if not _INT64[0] <= value <= _INT64[1]:
        raise _Bad(f"is too large for an integer (at most {_INT64[1]})")
    return value


def _parse_number(raw: str) -> float:
    text = raw.strip()
    if len(text) > _MAX_NUMBER_CHARS:
        raise _Bad(f"has {len(text)} characters, too many for a number")
    if not _NUMBER.fullmatch(text):
        raise _Bad(
            "is not a number; write digits with '.' for decimals and no units or thousands "
            "separators, e.g. 1234.5 (an empty cell means missing)"
        )
    value = float(text)
    if not math.isfinite(value):
        raise _Bad("is too large for a number")
    return value


def _parse_boolean(raw: str) -> bool:
    text = raw.strip()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _Bad("is not a boolean; write true or false")


def _parse_date(raw: str) -> date:
    text = raw.strip()
    if _DATE.fullmatch(text):
        with contextlib.suppress(ValueError):
            return date.fromisoformat(text)
    raise _Bad("is not a date; write year-month-day, e.g. 2019-10-07")


_PARSERS = {
    "integer": _parse_integer,
    "number": _parse_number,
    "boolean": _parse_boolean,
    "date": _parse_date,
}


def _check_value(value: Any, rule: _Rule) -> None:
    """Raise :class:`_Bad` if a parsed value breaks one of the field's constraints."""
    see = f"in {DESCRIPTOR}; correct the value, or the constraint if the value is right"
    if rule.enum is not None and value not in rule.enum:
        close = difflib.get_close_matches(value[:100], rule.enum_list, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f" (see {DESCRIPTOR})"
        raise _Bad(f"is not one of {list(rule.enum_list)}{hint}")
    if rule.minimum is not None and value < rule.minimum:
        raise _Bad(f"is below the minimum {rule.minimum} {see}")
    if rule.maximum is not None and value > rule.maximum:
        raise _Bad(f"is above the maximum {rule.maximum} {see}")
    if rule.exclusive_minimum is not None and value <= rule.exclusive_minimum:
        raise _Bad(f"must be above {rule.exclusive_minimum} (exclusiveMinimum {see})")
    if rule.exclusive_maximum is not None and value >= rule.exclusive_maximum:
        raise _Bad(f"must be below {rule.exclusive_maximum} (exclusiveMaximum {see})")
    if rule.min_length is not None and len(value) < rule.min_length:
        raise _Bad(f"is shorter than the minLength {rule.min_length} {see}")
    if rule.max_length is not None and len(value) > rule.max_length:
        raise _Bad(f"is longer than the maxLength {rule.max_length} {see}")
    if rule.uri and not _URI.fullmatch(value):
        raise _Bad("is not a web address; write it in full, e.g. https://www.census.gov/…")


def _check_column(
    cells: Sequence[str], rule: _Rule, missing: frozenset[str]
) -> tuple[list[Any], tuple[int, str] | None]:
    """Parse one column; return the values (None = missing) and the first problem, if any."""
    parse = _PARSERS.get(rule.type)
    if parse is None and not rule.checks_values:  # plain text: only blanks to look at
        values = [None if c in missing else c for c in cells]
        if rule.required and None in values:
            return values, (values.index(None), _EMPTY)
        return values, None
    values = []
    checks = rule.checks_values
    for i, cell in enumerate(cells):
        if cell in missing:
            if rule.required:
                return values, (i, _EMPTY)
            values.append(None)
            continue
        try:
            value = parse(cell) if parse is not None else cell
            if checks:
                _check_value(value, rule)
        except _Bad as bad:
            return values, (i, f"value {_show(cell)} {bad}")
        values.append(value)
    return values, None


_EMPTY = "is empty but required; fill it in (or delete the row)"


@dataclass
class _Table:
    """A CSV file split into records, each with the line it starts on."""

    path: Path
    header: list[str]
    header_line: int
    rows: list[list[str]]
    starts: list[int]

    @classmethod
    def parse(cls, path: Path, text: str) -> _Table:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        records: list[list[str]] = []
        starts: list[int] = []
        last = 0  # the last line read so far
        try:
            for cells in reader:
                if cells:  # a blank line gives []; skip it, as pandas does
                    records.append(cells)
                    starts.append(last + 1)
                last = reader.line_num
        except csv.Error as exc:
            raise DatasetError(f"{path}:{last + 1}: {_csv_problem(exc)}") from None
        if not records:
            return cls(path, [], 1, [], [])
        return cls(path, records[0], starts[0], records[1:], starts[1:])

    def line(self, row: int, col: int = 0) -> int:
        """Return the line where cell ``col`` of data row ``row`` starts (cells span lines)."""
        start = self.starts[row]
        return start + _breaks("".join(self.rows[row][:col])) if col else start

    def error(self, row: int, col: int, what: str) -> DatasetError:
        field = f"field {self.header[col]!r}: " if col < len(self.header) else ""
        return DatasetError(f"{self.path}:{self.line(row, col)}: {field}{what}")

    def to_frame(self, schema: _Schema) -> pd.DataFrame:
        width = len(self.header)
        problems: list[tuple[int, int, str]] = []
        rows = self.rows
        for i, cells in enumerate(rows):
            if len(cells) != width:
                problems.append(self._length_problem(i))
                rows = rows[:i]  # cells past a short or long row are misaligned
                break
        columns = list(zip(*rows, strict=True)) if rows else [()] * width
        parsed = []
        for col, (rule, cells) in enumerate(zip(schema.rules, columns, strict=True)):
            values, problem = _check_column(cells, rule, schema.missing)
            parsed.append(values)
            if problem is not None:
                problems.append((problem[0], col, problem[1]))
        if not problems:
            problems += self._duplicates(schema, parsed)
        if problems:
            row, col, what = min(problems)
            raise self.error(row, col, what)
        return pd.DataFrame(
            {f.name: _series(values, f) for f, values in zip(schema.fields, parsed, strict=True)}
        )

    def _length_problem(self, row: int) -> tuple[int, int, str]:
        cells, width = self.rows[row], len(self.header)
        if len(cells) < width:
            what = (
                f"missing: the row ends after {len(cells)} of {width} cells; add the missing "
                "cells (an empty cell is just a comma)"
            )
            return row, len(cells), what
        what = (
            f"row: it has {len(cells)} cells but the header names {width} fields (first extra "
            f"value {_show(cells[width])}); put a value that holds a comma in double quotes, "
            "or delete the extra cells"
        )
        return row, width, what

    def _duplicates(self, schema: _Schema, parsed: list[list[Any]]) -> list[tuple[int, int, str]]:
        """Return the first repeat of each ``unique`` field's values and of the key."""
        problems = []
        names = [r.name for r in schema.rules]
        checks = [([col], "values in this column must be unique") for col, rule in
                  enumerate(schema.rules) if rule.unique]  # fmt: skip
        if schema.primary_key:
            key = [names.index(k) for k in schema.primary_key]
            checks.append((key, f"each row needs its own primary key {list(schema.primary_key)}"))
        for cols, rule in checks:
            seen: dict[tuple[Any, ...], int] = {}
            for row, value in enumerate(zip(*(parsed[c] for c in cols), strict=True)):
                if None in value:  # missing values repeat freely (a key's are refused as empty)
                    continue
                first = seen.setdefault(value, row)
                if first != row:
                    shown = ", ".join(_show(self.rows[row][c]) for c in cols)
                    what = f"value {shown} is already on line {self.line(first, cols[0])}; {rule}"
                    if len(cols) > 1:
                        what = f"with {', '.join(repr(names[c]) for c in cols[1:])}: {what}"
                    problems.append((row, cols[0], what))
                    break
        return problems


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return (
            f"row: a cell is longer than {csv.field_size_limit()} characters; is a closing "
            "double quote missing?"
        )
    if "unexpected end of data" in text:
        return 'row: a quoted cell that starts in this row is never closed; add the closing "'
    return (
        f"row: cannot read it as CSV ({text}); a cell holding a comma, quote or line break must "
        'be in double quotes, with each quote inside doubled ("")'
    )


def _series(values: list[Any], field: FieldInfo) -> pd.Series:
    if field.categories:
        dtype = pd.CategoricalDtype(list(field.categories), ordered=field.ordered)
        return pd.Series(values, dtype=dtype)
    if field.type == "integer":
        return pd.Series(pd.array(values, dtype="Int64"))
    if field.type == "number":
        return pd.Series([math.nan if v is None else v for v in values], dtype="float64")
    if field.type == "boolean":
        return pd.Series(pd.array(values, dtype="boolean"))
    if field.type == "date":
        text = pd.Series([None if v is None else v.isoformat() for v in values], dtype=object)
        return pd.to_datetime(text, format="%Y-%m-%d").astype("datetime64[us]")
    return pd.Series(values, dtype="string")


def codebook_markdown(name: str, lang: str | None = None) -> str:
    """Return the codebook of dataset ``name`` as Markdown (for export and notebooks).

    ``lang`` (``"en"`` or ``"ja"``) as for :func:`info`; default: the course language.

    Examples
    --------
    >>> codebook_markdown("goods_trade", lang="en").startswith("# ")
    True

    """
    meta = info(name, lang)
    lang = meta.language
    head = [t(word, lang) for word in ("field", "type", "unit", "description")]
    lines = [f"# {meta.title} (`{meta.name}`)", "", meta.description, ""]
    lines += [f"| {' | '.join(head)} |", "|---|---|---|---|"]
    for f in meta.fields:
        desc = (f.description + _categories_text(f, lang=lang)).replace("|", "\\|")
        lines.append(f"| `{f.name}` | {f.type} | {f.unit} | {desc} |")
    key = ", ".join(meta.primary_key) or "—"
    lines += ["", t("Primary key: {key}", lang, key=key), "", f"## {t('Sources', lang)}", ""]
    for s in meta.sources:
        lines.append(
            f"- [{s.get('title', s.get('path', ''))}]({s.get('path', '')})"
            f"{_source_suffix(s, lang=lang)}"
        )
    lic = ", ".join(x.get("title") or x.get("name", "") for x in meta.licenses)
    lines += [
        "",
        f"**{t('Licence:', lang)}** {lic}",
        "",
        f"**{t('Cite as:', lang)}** {meta.citation}",
        "",
    ]
    return "\n".join(lines)
