"""Cited datasets on the U.S.–Japan alliance: list, load, describe and cite them.

Every dataset is a resource of the Frictionless Data Package ``data/datapackage.json``: one
tidy CSV plus metadata (title, description, sources, licence, and a Table Schema giving every
field's type, unit and description). Dtypes, category order and missing values come from that
metadata, never from per-dataset code.

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

import csv
import difflib
import html
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from usjapan_edu._resources import data_dir

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

    def _repr_markdown_(self) -> str:
        return codebook_markdown(self.name)

    def _repr_html_(self) -> str:
        e = html.escape
        rows = "".join(
            f"<tr><td><code>{e(f.name)}</code></td><td>{e(f.type)}</td><td>{e(f.unit)}</td>"
            f"<td>{e(f.description)}{_categories_text(f, e)}</td></tr>"
            for f in self.fields
        )
        sources = "".join(
            f'<li><a href="{e(s.get("path", ""))}">{e(s.get("title", s.get("path", "")))}</a>'
            f"{_source_suffix(s, e)}</li>"
            for s in self.sources
        )
        licences = ", ".join(e(lic.get("title") or lic.get("name", "")) for lic in self.licenses)
        return (
            f"<div class='usj-codebook'><h3>{e(self.title)} (<code>{e(self.name)}</code>)</h3>"
            f"<p>{e(self.description)}</p>"
            "<table><caption>Fields</caption><thead><tr><th scope='col'>field</th>"
            "<th scope='col'>type</th><th scope='col'>unit</th><th scope='col'>description</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>"
            f"<p><strong>Sources</strong></p><ul>{sources}</ul>"
            f"<p><strong>Licence:</strong> {licences}</p>"
            f"<p><strong>Cite as:</strong> {e(self.citation)}</p></div>"
        )


def _categories_text(f: FieldInfo, esc: Any = str) -> str:
    if not f.categories:
        return ""
    kind = "ordered categories" if f.ordered else "categories"
    return f" ({kind}: {', '.join(esc(c) for c in f.categories)})"


def _source_suffix(s: dict[str, str], esc: Any = str) -> str:
    parts = [s[k] for k in ("publisher", "edition") if s.get(k)]
    if s.get("accessed"):
        parts.append(f"accessed {s['accessed']}")
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
    resources = package.get("resources")
    if not isinstance(resources, list):
        msg = f"{path}:1: field 'resources': expected a list of dataset descriptors"
        raise DatasetError(msg)
    return {"path": path, "text": text, "resources": {r.get("name"): r for r in resources}}


def _line_of(resource: str, field: str | None = None) -> int:
    """Line of a resource's (or, given ``field``, its field's) name in the descriptor text."""
    text = _package()["text"]
    idx = text.find(f'"name": "{resource}"')
    if field is not None and idx >= 0:
        idx = text.find(f'"name": "{field}"', idx + 1)
    return text.count("\n", 0, idx) + 1 if idx >= 0 else 1


def _resource(name: str) -> dict[str, Any]:
    resources = _package()["resources"]
    if name not in resources:
        close = difflib.get_close_matches(str(name), list(resources), n=3, cutoff=0.4)
        close += [n for n in resources if str(name) in n and n not in close]
        hint = f"; did you mean {' or '.join(repr(c) for c in close[:3])}?" if close else ""
        msg = f"unknown dataset {name!r}{hint} See list_datasets() for all {len(resources)}."
        raise UnknownDatasetError(msg)
    return resources[name]


@cache
def _fields(name: str) -> tuple[FieldInfo, ...]:
    res = _resource(name)
    where = _package()["path"]
    fields = res.get("schema", {}).get("fields")
    if not fields:
        line = _line_of(name)
        msg = f"{where}:{line}: dataset {name!r}: no schema fields"
        raise DatasetError(msg)
    out = []
    for f in fields:
        fname = f.get("name", "?")
        for key in _REQUIRED_FIELD_KEYS:
            if not f.get(key):
                line = _line_of(name, fname)
                msg = f"{where}:{line}: dataset {name!r}, field {fname!r}: missing {key!r}"
                raise DatasetError(msg)
        if f["type"] not in _TYPES:
            line = _line_of(name, fname)
            msg = (
                f"{where}:{line}: dataset {name!r}, field {fname!r}: type {f['type']!r} "
                f"is not one of {sorted(_TYPES)}"
            )
            raise DatasetError(msg)
        enum = f.get("constraints", {}).get("enum", ())
        out.append(
            FieldInfo(
                name=fname,
                type=f["type"],
                unit=f["unit"],
                description=f["description"],
                categories=tuple(enum),
                ordered=bool(f.get("categoriesOrdered", False)),
            )
        )
    return tuple(out)


# ---------------------------------------------------------------- public API


def list_datasets() -> list[str]:
    """Return the names of all bundled datasets, sorted.

    Examples
    --------
    >>> "military_expenditure" in list_datasets()
    True

    """
    return sorted(_package()["resources"])


def info(name: str) -> DatasetInfo:
    """Return the metadata of dataset ``name`` (displays as a codebook in a notebook).

    Raises
    ------
    UnknownDatasetError
        If ``name`` is not a bundled dataset; the message suggests the closest names.

    Examples
    --------
    >>> meta = info("goods_trade")
    >>> [f.unit for f in meta.fields if f.name == "us_exports_usd_bn"]
    ['USD billion, current prices']

    """
    res = _resource(name)
    return DatasetInfo(
        name=name,
        title=res.get("title", name),
        description=res.get("description", ""),
        fields=_fields(name),
        primary_key=tuple(res.get("schema", {}).get("primaryKey", ())),
        sources=tuple(res.get("sources", ())),
        licenses=tuple(res.get("licenses", ())),
        citation=res.get("citation", ""),
        path=data_dir() / res["path"],
    )


def cite(name: str) -> str:
    """Return a one-line citation for dataset ``name``, naming the original publisher.

    Examples
    --------
    >>> "SIPRI" in cite("military_expenditure")
    True

    """
    meta = info(name)
    if meta.citation:
        return meta.citation
    return "; ".join(
        f"{s.get('publisher', '')}, {s.get('title', '')}, {s.get('path', '')}" for s in meta.sources
    )


def load(name: str) -> pd.DataFrame:
    """Load dataset ``name`` as a new :class:`pandas.DataFrame`.

    Column dtypes follow the Table Schema: ``integer`` → ``Int64`` (nullable), ``number`` →
    ``float64`` (missing = NaN), ``boolean`` → ``boolean``, ``date`` → ``datetime64``,
    ``string`` → text, and fields with an ``enum`` constraint → ``category`` (ordered when the
    schema says so). Each call returns a fresh frame; only this dataset's file is read.

    Raises
    ------
    UnknownDatasetError
        If ``name`` is not a bundled dataset.
    DatasetError
        If the CSV does not match its schema; the message names the file, line and field.

    Examples
    --------
    >>> df = load("military_expenditure")
    >>> japan = df[(df.country == "Japan") & (df.year == 2023)]
    >>> bool(japan["share_of_gdp_pct"].iloc[0] > 0)
    True

    """
    meta = info(name)
    fields = meta.fields
    path = meta.path
    if not path.is_file():
        msg = f"{path}: dataset {name!r}: file is missing; reinstall usjapan-edu"
        raise DatasetError(msg)
    with path.open(encoding="utf-8", newline="") as fh:
        try:
            header = next(csv.reader(fh))
        except StopIteration:
            header = []
    expected = [f.name for f in fields]
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        what = "; ".join(
            part
            for part in (
                f"missing field(s) {missing}" if missing else "",
                f"unexpected field(s) {extra}" if extra else "",
                "fields in a different order than the schema" if not (missing or extra) else "",
            )
            if part
        )
        msg = f"{path}:1: header does not match the schema in {DESCRIPTOR}: {what}"
        raise DatasetError(msg)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        msg = f"{path}: cannot parse CSV: {exc}"
        raise DatasetError(msg) from None
    return pd.DataFrame({f.name: _convert(raw[f.name], f, path) for f in fields})


def _convert(col: pd.Series, field: FieldInfo, path: Path) -> pd.Series:
    present = col.notna()
    if field.type == "integer":
        out = pd.to_numeric(col, errors="coerce")
        bad = present & (out.isna() | (out % 1 != 0))
        out = out.astype("Int64") if not bad.any() else out
    elif field.type == "number":
        out = pd.to_numeric(col, errors="coerce").astype("float64")
        bad = present & out.isna()
    elif field.type == "boolean":
        bad = present & ~col.isin(_TRUE | _FALSE)
        out = col.map(lambda v: v in _TRUE if isinstance(v, str) else pd.NA).astype("boolean")
    elif field.type == "date":
        out = pd.to_datetime(col, format="%Y-%m-%d", errors="coerce")
        bad = present & out.isna()
    else:
        out = col.astype("string") if not field.categories else col
        bad = pd.Series(False, index=col.index)
    if field.categories:
        bad = bad | (present & ~col.isin(field.categories))
        if not bad.any():
            dtype = pd.CategoricalDtype(list(field.categories), ordered=field.ordered)
            out = col.astype(dtype)
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        value = col.iloc[row]
        expected = f"one of {list(field.categories)}" if field.categories else f"a {field.type}"
        msg = (
            f"{path}:{row + 2}: field {field.name!r}: value {value!r} is not {expected} "
            f"(see {DESCRIPTOR})"
        )
        raise DatasetError(msg)
    return out


def codebook_markdown(name: str) -> str:
    """Return the codebook of dataset ``name`` as Markdown (for export and notebooks).

    Examples
    --------
    >>> codebook_markdown("goods_trade").startswith("# ")
    True

    """
    meta = info(name)
    lines = [f"# {meta.title} (`{meta.name}`)", "", meta.description, ""]
    lines += ["| field | type | unit | description |", "|---|---|---|---|"]
    for f in meta.fields:
        desc = (f.description + _categories_text(f)).replace("|", "\\|")
        lines.append(f"| `{f.name}` | {f.type} | {f.unit} | {desc} |")
    lines += ["", f"Primary key: {', '.join(meta.primary_key) or '—'}", "", "## Sources", ""]
    for s in meta.sources:
        lines.append(
            f"- [{s.get('title', s.get('path', ''))}]({s.get('path', '')}){_source_suffix(s)}"
        )
    lic = ", ".join(x.get("title") or x.get("name", "") for x in meta.licenses)
    lines += ["", f"**Licence:** {lic}", "", f"**Cite as:** {meta.citation}", ""]
    return "\n".join(lines)
