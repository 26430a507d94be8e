"""The bundled datasets: every one loads, matches its descriptor, and holds sourced figures."""

from __future__ import annotations

import csv
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from usjapan_edu import _resources, datasets
from usjapan_edu._resources import data_dir
from usjapan_edu.datasets import DatasetError, UnknownDatasetError
from usjapan_edu.i18n import set_language

NAMES = datasets.list_datasets()

# The columns notebooks, quizzes and instructors' scripts rely on (issue #3): fixed names.
REQUIRED_COLUMNS = {
    "goods_trade": ["year", "us_exports_usd_bn", "us_imports_usd_bn", "us_balance_usd_bn",
                    "basis", "source_url", "note"],
    "services_trade": ["year", "us_exports_usd_bn", "us_imports_usd_bn", "us_balance_usd_bn",
                       "source_url"],
    "trade_partners": ["reporter", "year", "partner", "rank", "measure", "value_usd_bn",
                       "source_url"],
    "fdi_position": ["year", "japan_position_in_us_usd_bn", "japan_rank_among_investors",
                     "source_url"],
    "tariffs": ["product", "measure", "country_applying", "year", "rate_pct", "description",
                "source_url"],
    "military_expenditure": ["country", "year", "share_of_gdp_pct", "current_usd_m",
                             "constant_2022_usd_m", "is_estimate", "source"],
    "japan_defense_budget": ["fiscal_year", "budget_jpy_trn", "budget_incl_realignment_jpy_trn",
                             "source_url", "note"],
    "us_forces_japan": ["year", "active_duty_personnel", "basis", "source_url"],
    "host_nation_support": ["agreement", "fiscal_year_start", "fiscal_year_end", "measure",
                            "amount_jpy_bn", "amount_per", "basis"],
    "alliance_timeline": ["date", "domain", "title", "description", "source_url"],
    "agreement_membership": ["country", "agreement", "status", "date", "source_url"],
    "digital_trade_provisions": ["provision", "agreement", "coverage", "article", "note",
                                 "source_url"],
    "world_economy": ["country", "iso3", "year", "gdp_usd", "population"],
    "op_ed_claims": ["claim_id", "domain", "claim", "claim_type", "evidence", "verdict",
                     "explanation", "source_url"],
    "security_partnerships": ["partnership", "partners", "kind", "milestone", "date",
                              "us_in_it", "source_url"],
}  # fmt: skip

# Plausible ranges: (dataset, column) -> (low, high). Wrong units or typos land outside.
RANGES = {
    ("goods_trade", "us_exports_usd_bn"): (5, 200),
    ("goods_trade", "us_imports_usd_bn"): (20, 250),
    ("goods_trade", "us_balance_usd_bn"): (-120, 10),
    ("services_trade", "us_exports_usd_bn"): (5, 150),
    ("services_trade", "us_imports_usd_bn"): (5, 150),
    ("military_expenditure", "share_of_gdp_pct"): (0, 50),
    ("military_expenditure", "current_usd_m"): (100, 2_000_000),
    ("military_expenditure", "constant_2022_usd_m"): (100, 2_000_000),
    ("japan_defense_budget", "budget_jpy_trn"): (1, 20),
    ("japan_defense_budget", "budget_incl_realignment_jpy_trn"): (1, 20),
    ("japan_defense_budget", "security_related_jpy_trn"): (1, 30),
    ("host_nation_support", "amount_jpy_bn"): (1, 2000),
    ("us_forces_japan", "active_duty_personnel"): (10_000, 300_000),
    ("trade_partners", "rank"): (1, 250),
    ("trade_partners", "value_usd_bn"): (0, 6000),
    ("fdi_position", "japan_position_in_us_usd_bn"): (1, 2000),
    ("fdi_position", "japan_rank_among_investors"): (1, 100),
    ("tariffs", "rate_pct"): (0, 1000),
    ("world_economy", "population"): (1e4, 1e10),
    ("world_economy", "gdp_usd"): (1e8, 2e14),
}
YEAR_COLUMNS = ("year", "fiscal_year")
# Tariff schedules legitimately run into the future (Japan's beef tariff falls until FY2033).
# The defence budget table holds one plan row (FY2027, budget_stage "plan") from the 2022 strategy.
LATEST_YEAR = {"tariffs": 2040, "japan_defense_budget": 2027}


def test_all_thirteen_datasets_are_registered():
    assert sorted(REQUIRED_COLUMNS) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_descriptor_matches_csv_header(name):
    meta = datasets.info(name)
    with meta.path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == [f.name for f in meta.fields]
    assert header[: len(REQUIRED_COLUMNS[name])] == REQUIRED_COLUMNS[name]


@pytest.mark.parametrize("name", NAMES)
def test_every_field_is_documented(name):
    meta = datasets.info(name)
    assert meta.title and meta.description and meta.citation
    assert meta.sources and all(s.get("path", "").startswith("http") for s in meta.sources)
    assert meta.licenses
    for f in meta.fields:
        assert f.description.strip() and f.unit.strip(), f.name


@pytest.mark.parametrize("name", NAMES)
def test_dtype_kinds_follow_schema(name):
    df = datasets.load(name)
    checks = {
        "integer": pd.api.types.is_integer_dtype,
        "number": pd.api.types.is_float_dtype,
        "boolean": pd.api.types.is_bool_dtype,
        "date": pd.api.types.is_datetime64_any_dtype,
        "string": lambda s: pd.api.types.is_string_dtype(s) or isinstance(s, pd.CategoricalDtype),
    }
    for f in datasets.info(name).fields:
        dtype = df[f.name].dtype
        if f.categories:
            assert isinstance(dtype, pd.CategoricalDtype), f.name
            assert list(dtype.categories) == list(f.categories)
            assert dtype.ordered == f.ordered
        else:
            assert checks[f.type](dtype), f"{f.name}: {dtype} is not a {f.type}"


@pytest.mark.parametrize("name", NAMES)
def test_primary_key_is_unique_and_complete(name):
    meta = datasets.info(name)
    assert meta.primary_key, "every dataset declares a primary key"
    df = datasets.load(name)
    key = df[list(meta.primary_key)]
    assert not key.isna().any().any()
    dupes = key[key.duplicated(keep=False)]
    assert dupes.empty, f"duplicate keys:\n{dupes}"


def _figure_columns(name: str) -> list[str]:
    meta = datasets.info(name)
    return [
        f.name
        for f in meta.fields
        if f.type in ("number", "integer")
        and f.name not in meta.primary_key
        and f.name not in YEAR_COLUMNS
    ]


@pytest.mark.parametrize("name", NAMES)
def test_every_figure_row_has_a_source(name):
    df = datasets.load(name)
    source_cols = [c for c in df.columns if c in ("source_url", "source")]
    assert source_cols, "each dataset has a per-row source column"
    figures = _figure_columns(name)
    rows = df[df[figures].notna().any(axis=1)] if figures else df
    missing = rows[rows[source_cols[0]].isna() | (rows[source_cols[0]].astype(str) == "")]
    assert missing.empty, f"rows with figures but no source:\n{missing.head()}"


@pytest.mark.parametrize("name", NAMES)
def test_source_urls_are_web_addresses(name):
    df = datasets.load(name)
    for col in [c for c in df.columns if c.endswith("source_url")]:
        urls = df[col].dropna().astype(str)
        bad = urls[~urls.str.match(r"https?://\S+$")]
        assert bad.empty, f"{col}: {bad.head().tolist()}"


@pytest.mark.parametrize(("name", "column"), sorted(RANGES))
def test_values_in_plausible_range(name, column):
    low, high = RANGES[(name, column)]
    values = datasets.load(name)[column].dropna().astype(float)
    out = values[(values < low) | (values > high)]
    assert out.empty, f"{name}.{column} outside [{low}, {high}]: {out.tolist()}"


@pytest.mark.parametrize("name", NAMES)
def test_years_and_dates_are_plausible(name):
    df = datasets.load(name)
    for f in datasets.info(name).fields:
        col = df[f.name].dropna()
        if f.name in YEAR_COLUMNS:
            latest = LATEST_YEAR.get(name, date.today().year)
            assert col.between(1945, latest).all(), f.name
        if f.type == "date":
            assert col.between(pd.Timestamp("1945-01-01"), pd.Timestamp(date.today())).all()


@pytest.mark.parametrize("name", ["goods_trade", "services_trade"])
def test_balance_is_exports_minus_imports(name):
    df = datasets.load(name).dropna(
        subset=["us_exports_usd_bn", "us_imports_usd_bn", "us_balance_usd_bn"]
    )
    gap = (df.us_exports_usd_bn - df.us_imports_usd_bn - df.us_balance_usd_bn).abs()
    flagged = df["published_values_inconsistent"].fillna(False).astype(bool)
    assert (gap[~flagged] <= 0.15).all(), df.loc[~flagged & (gap > 0.15), ["year", "basis"]]
    # A flag is only allowed where the published figures really disagree, with a note saying so.
    assert (gap[flagged] > 0.15).all()
    assert df.loc[flagged, "note"].str.contains("inconsistent|would give", case=False).all()


def test_goods_trade_census_series_is_continuous_from_1985():
    df = datasets.load("goods_trade")
    years = sorted(df.loc[df["basis"] == "census", "year"].astype(int))
    assert years[0] == 1985
    assert years == list(range(1985, years[-1] + 1))
    assert years[-1] >= 2023


def test_military_expenditure_covers_five_countries_1988_2023():
    df = datasets.load("military_expenditure")
    for country in ["Japan", "United States", "China", "Australia"]:
        years = set(df.loc[df.country == country, "year"].astype(int))
        assert set(range(1988, 2024)) <= years, country
    assert df["country"].astype(str).str.contains("Korea").any()


def test_timeline_spans_1951_to_2025_in_every_domain():
    df = datasets.load("alliance_timeline")
    assert len(df) >= 35
    assert df["date"].min().year == 1951
    assert df["date"].max().year >= 2024
    assert set(df["domain"].astype(str)) == {"security", "trade", "digital", "diplomacy"}


def test_op_ed_claims_name_existing_datasets_as_evidence():
    df = datasets.load("op_ed_claims")
    for evidence in df["evidence"].dropna().astype(str):
        for name in (part.strip() for part in evidence.split(";")):
            assert name in NAMES, f"evidence {name!r} is not a dataset"


def test_load_returns_a_fresh_frame():
    a = datasets.load("goods_trade")
    before = a.copy()
    a.loc[:, "us_exports_usd_bn"] = -1.0
    pd.testing.assert_frame_equal(datasets.load("goods_trade"), before)


def test_load_reads_only_the_requested_file(damaged_data):
    for path in damaged_data.glob("*.csv"):
        if path.name != "tariffs.csv":
            path.write_bytes(b'\xff not a dataset,\n"unclosed')
    assert len(datasets.load("tariffs")) > 0
    with pytest.raises(DatasetError, match=r"goods_trade\.csv:1: "):
        datasets.load("goods_trade")


def test_frictionless_validates_the_package():
    frictionless = pytest.importorskip("frictionless")  # a test extra; always present in CI
    report = frictionless.validate(str(_resources.data_dir() / "datapackage.json"))
    errors = [e["message"] for task in report.to_dict()["tasks"] for e in task["errors"]]
    assert report.valid, errors[:10]


# ----------------------------------------------------------------- errors a user can hit


def test_unknown_name_suggests_the_closest():
    with pytest.raises(UnknownDatasetError, match=r"did you mean 'goods_trade'"):
        datasets.load("goods_trad")
    with pytest.raises(KeyError):  # also a KeyError, for code that catches that
        datasets.info("no such thing")


@pytest.fixture
def damaged_data(tmp_path, monkeypatch):
    """A private copy of data/ that the loader reads instead of the real one."""
    copy = tmp_path / "data"
    shutil.copytree(_resources.data_dir(), copy)
    _clear_caches()
    monkeypatch.setattr(datasets, "data_dir", lambda: copy)
    yield copy
    _clear_caches()


def _clear_caches() -> None:
    for fn in (_resources._find, datasets._package, datasets._schema):
        fn.cache_clear()


def _rewrite_cell(path: Path, row: int, column: str, value: str) -> None:
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    rows[row][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def test_bad_number_names_file_line_and_field(damaged_data):
    _rewrite_cell(damaged_data / "goods_trade.csv", 3, "us_exports_usd_bn", "12,3 bn")
    with pytest.raises(DatasetError) as err:
        datasets.load("goods_trade")
    text = str(err.value)
    assert "goods_trade.csv:4:" in text and "'us_exports_usd_bn'" in text and "12,3 bn" in text


def test_bad_category_names_the_allowed_values(damaged_data):
    _rewrite_cell(damaged_data / "alliance_timeline.csv", 5, "domain", "economy")
    with pytest.raises(DatasetError, match=r"alliance_timeline\.csv:6: field 'domain'.*one of"):
        datasets.load("alliance_timeline")


def test_renamed_column_is_reported(damaged_data):
    path = damaged_data / "tariffs.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("rate_pct", "rate", 1), encoding="utf-8")
    with pytest.raises(
        DatasetError, match=r"tariffs\.csv:1: header.*missing field\(s\) \['rate_pct'\]"
    ):
        datasets.load("tariffs")


def test_broken_descriptor_names_the_line(damaged_data):
    path = damaged_data / "datapackage.json"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3] + " oops"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DatasetError, match=r"datapackage\.json:4: invalid JSON"):
        datasets.list_datasets()


def test_field_without_unit_is_reported(damaged_data):
    path = damaged_data / "datapackage.json"
    pkg = json.loads(path.read_text(encoding="utf-8"))
    res = next(r for r in pkg["resources"] if r["name"] == "services_trade")
    del res["schema"]["fields"][1]["unit"]
    text = json.dumps(pkg, indent=2)
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    resource = lines.index('      "name": "services_trade",')
    field = next(i for i in range(resource, len(lines)) if '"us_exports_usd_bn"' in lines[i])
    with pytest.raises(DatasetError) as err:
        datasets.load("services_trade")
    assert str(err.value).startswith(f"{path}:{field + 1}: dataset 'services_trade'")
    assert "field 'us_exports_usd_bn': missing 'unit'" in str(err.value)


def _edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a file (text kept byte for byte otherwise)."""
    text = path.read_bytes().decode("utf-8")
    assert old in text, old
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))


def _load_error(name: str) -> str:
    with pytest.raises(DatasetError) as err:
        datasets.load(name)
    text = str(err.value)
    assert "\n" not in text, "messages are one line"
    return text


# Issue 7 item 8: the schema's constraints are enforced, each with file:line and field.


def test_blank_required_value_is_refused(damaged_data):
    _rewrite_cell(damaged_data / "goods_trade.csv", 5, "year", "")
    text = _load_error("goods_trade")
    assert re.search(r"goods_trade\.csv:6: field 'year': is empty but required; fill it in", text)


def test_value_below_the_minimum_is_refused(damaged_data):
    _rewrite_cell(damaged_data / "goods_trade.csv", 7, "year", "1950")
    text = _load_error("goods_trade")
    assert "goods_trade.csv:8: field 'year': value '1950' is below the minimum 1985" in text


def test_value_above_the_maximum_is_refused(damaged_data):
    _rewrite_cell(damaged_data / "us_forces_japan.csv", 2, "year", "2031")
    text = _load_error("us_forces_japan")
    assert "us_forces_japan.csv:3: field 'year': value '2031' is above the maximum 2024" in text


def test_duplicate_primary_key_names_both_lines(damaged_data):
    path = damaged_data / "goods_trade.csv"
    _edit(path, "\n1986,", "\n1985,")  # line 3 now repeats line 2's key (1985, census)
    text = _load_error("goods_trade")
    assert re.search(r"goods_trade\.csv:3: field 'year': with 'basis': value '1985', 'census' "
                     r"is already on line 2; each row needs its own primary key", text)  # fmt: skip


def test_blank_primary_key_field_is_refused(damaged_data):
    # alliance_timeline's key is (date, title); title has no `required` of its own.
    _rewrite_cell(damaged_data / "alliance_timeline.csv", 4, "title", "")
    text = _load_error("alliance_timeline")
    assert "alliance_timeline.csv:5: field 'title': is empty but required" in text


def test_short_row_is_refused(damaged_data):
    path = damaged_data / "goods_trade.csv"
    _edit(path, "\n1986,", "\n1986,1.0\n1986,")
    text = _load_error("goods_trade")
    assert re.search(r"goods_trade\.csv:3: field 'us_imports_usd_bn': missing: the row ends "
                     r"after 2 of 10 cells; add the missing cells", text)  # fmt: skip


def test_row_with_too_many_cells_is_refused(damaged_data):
    path = damaged_data / "services_trade.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] += ",surplus"
    path.write_text("\n".join(lines), encoding="utf-8")
    text = _load_error("services_trade")
    assert "services_trade.csv:4: row: it has 11 cells but the header names 10" in text
    assert "'surplus'" in text and "double quotes" in text


def test_web_address_format_is_checked(damaged_data):
    _rewrite_cell(damaged_data / "tariffs.csv", 3, "source_url", "www.maff.go.jp/tariffs")
    text = _load_error("tariffs")
    assert "tariffs.csv:4: field 'source_url': value 'www.maff.go.jp/tariffs' is not a web" in text


def test_first_problem_in_file_order_is_reported(damaged_data):
    path = damaged_data / "goods_trade.csv"
    _rewrite_cell(path, 30, "year", "nineteen")  # earlier column, later line
    _rewrite_cell(path, 3, "basis", "census_bureau")  # later column, earlier line
    assert "goods_trade.csv:4: field 'basis'" in _load_error("goods_trade")


# Issue 7 item 11: line numbers are the file's own lines, whatever comes before.


def test_line_numbers_survive_blank_lines_multiline_cells_and_crlf(damaged_data):
    path = damaged_data / "goods_trade.csv"
    text = path.read_text(encoding="utf-8")
    header, first, *rest = text.split("\n")
    # Line 2 blank; the first record spans lines 3-4 (a note with a line break); line 5 blank.
    first = first.replace("Census basis:", "Census basis:\r\n(continued)", 1)
    rest[0] = rest[0].replace(",census,", ",census_bureau,", 1)  # the record on line 6
    path.write_bytes("\r\n".join([header, "", first, "", *rest]).encode("utf-8"))
    assert "goods_trade.csv:6: field 'basis': value 'census_bureau'" in _load_error("goods_trade")


def test_line_of_a_cell_after_a_line_break_in_its_own_record(damaged_data):
    path = damaged_data / "goods_trade.csv"
    _edit(path, "Census basis:", "Census basis:\n\n(continued)")  # the note spans lines 2-4
    _edit(path, "false,false\n", "maybe,false\n")  # balance_computed, on line 4
    text = _load_error("goods_trade")
    assert "goods_trade.csv:4: field 'balance_computed': value 'maybe' is not a boolean" in text


def test_byte_order_mark_and_crlf_load_like_the_original(damaged_data):
    path = damaged_data / "goods_trade.csv"
    before = datasets.load("goods_trade")
    text = path.read_bytes().decode("utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    pd.testing.assert_frame_equal(datasets.load("goods_trade"), before)


def test_huge_integer_names_file_line_and_field(damaged_data):
    _rewrite_cell(damaged_data / "goods_trade.csv", 2, "year", "9" * 10_000)
    text = _load_error("goods_trade")
    assert text.startswith(f"{damaged_data / 'goods_trade.csv'}:3: field 'year': value '999")
    assert "(10000 characters) has 10000 digits, too many for an integer" in text
    assert len(text) < 400 and "int_max_str_digits" not in text


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("9" * 10_000, "10000 characters, too many for a number"),
        ("1e999", "too large for a number"),
        ("nan", "is not a number"),
        ("12,3", "is not a number"),
    ],
)
def test_unreadable_numbers_name_file_line_and_field(damaged_data, value, why):
    _rewrite_cell(damaged_data / "goods_trade.csv", 2, "us_imports_usd_bn", value)
    text = _load_error("goods_trade")
    assert "goods_trade.csv:3: field 'us_imports_usd_bn': value" in text and why in text


def test_integer_beyond_64_bits_is_refused(damaged_data):
    _rewrite_cell(damaged_data / "world_economy.csv", 1, "population", str(2**63))
    text = _load_error("world_economy")
    assert "world_economy.csv:2: field 'population'" in text and "too large for an integer" in text


def test_non_utf8_byte_names_file_line_and_field(damaged_data):
    path = damaged_data / "goods_trade.csv"
    data = path.read_bytes().split(b"\n")
    data[3] = data[3].replace(b",census,", b",c\xe9nsus,", 1)
    path.write_bytes(b"\n".join(data))
    text = _load_error("goods_trade")
    assert re.search(r"goods_trade\.csv:4: field 'basis': value b'c\\xe9nsus': byte 0xE9 is not "
                     r"UTF-8; save the file as UTF-8", text)  # fmt: skip


def test_non_utf8_byte_in_the_header_is_named(damaged_data):
    path = damaged_data / "tariffs.csv"
    path.write_bytes(path.read_bytes().replace(b"product", b"pr\x92oduct", 1))
    assert "tariffs.csv:1: header: byte 0x92 is not UTF-8" in _load_error("tariffs")


def test_oversized_file_is_refused_unread(damaged_data):
    assert datasets._MAX_CSV_BYTES == 50 * 2**20
    path = damaged_data / "goods_trade.csv"
    with path.open("r+b") as fh:  # a sparse file: 51 MB on paper, nothing on disk
        fh.truncate(51 * 2**20)
    text = _load_error("goods_trade")
    assert text.startswith(f"{path}: dataset 'goods_trade': file is larger than 50 MB")


@pytest.mark.parametrize(
    ("new", "message"),
    [
        (',"census"x,', r"goods_trade\.csv:3: row: cannot read it as CSV"),
        (f",{'x' * 200_000},", r"goods_trade\.csv:3: row: a cell is longer than 131072 characters"),
    ],
)
def test_broken_quoting_names_the_line(damaged_data, new, message):
    path = damaged_data / "goods_trade.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].replace(",census,", new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    # The csv module's cell limit is process-wide (frictionless raises it on import).
    before = csv.field_size_limit(131072)
    try:
        assert re.search(message, _load_error("goods_trade"))
    finally:
        csv.field_size_limit(before)


def test_a_hostile_header_gives_a_short_message(damaged_data):
    (damaged_data / "tariffs.csv").write_text(",".join(["x" * 5000] * 50) + "\n")
    text = _load_error("tariffs")
    assert text.startswith(f"{damaged_data / 'tariffs.csv'}:1: header does not match")
    assert "(50 in all)" in text and len(text) < 1200


def test_empty_file_is_a_header_problem(damaged_data):
    (damaged_data / "tariffs.csv").write_bytes(b"")
    assert "tariffs.csv:1: header does not match" in _load_error("tariffs")


# A problem in the descriptor that load() could not honour is refused, not ignored.


def _edit_descriptor(folder: Path, name: str, change) -> Path:
    path = folder / "datapackage.json"
    pkg = json.loads(path.read_text(encoding="utf-8"))
    change(next(r for r in pkg["resources"] if r["name"] == name))
    path.write_text(json.dumps(pkg, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def _field(res: dict, name: str) -> dict:
    return next(f for f in res["schema"]["fields"] if f["name"] == name)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: _field(r, "year")["constraints"].update(pattern="[0-9]+"),
         r"field 'year': constraint 'pattern' is not supported on a integer field"),
        (lambda r: _field(r, "year")["constraints"].update(minimum="1985"),
         r"field 'year': constraint 'minimum' must be an integer, got '1985'"),
        (lambda r: _field(r, "note").update(format="email"),
         r"field 'note': format 'email' is not supported"),
        (lambda r: _field(r, "us_exports_usd_bn").update(decimalChar=","),
         r"field 'us_exports_usd_bn': 'decimalChar' is not supported"),
        (lambda r: r["schema"].update(primaryKey=["year", "basis_typo"]),
         r"dataset 'goods_trade': 'primaryKey' must list field names of this dataset"),
        (lambda r: r.update(path="../../etc/passwd"),
         r"dataset 'goods_trade': 'path' must name a CSV file inside the data folder"),
        (lambda r: r.update(encoding="latin-1"),
         r"dataset 'goods_trade': encoding 'latin-1' is not supported"),
        (lambda r: r.update(dialect={"delimiter": ";"}),
         r"dataset 'goods_trade': a CSV dialect other than the default"),
    ],
)  # fmt: skip
def test_descriptor_rules_load_cannot_honour_are_refused(damaged_data, change, message):
    path = _edit_descriptor(damaged_data, "goods_trade", change)
    text = _load_error("goods_trade")
    assert text.startswith(f"{path}:"), text
    assert re.search(message, text), text


def test_descriptor_constraint_error_points_at_its_line(damaged_data):
    path = _edit_descriptor(
        damaged_data,
        "services_trade",
        lambda r: _field(r, "year")["constraints"].update(maximum=20.5),
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index('      "name": "services_trade",')
    line = next(i for i in range(start, len(lines)) if '"maximum": 20.5' in lines[i]) + 1
    expected = f"{path}:{line}: dataset 'services_trade', field 'year': constraint 'maximum'"
    assert _load_error("services_trade").startswith(expected)


# Issue 7 item 12 / issue 8 item 7: an unknown name lists every dataset, on one line.


def test_unknown_dataset_message_reads_as_one_sentence():
    with pytest.raises(UnknownDatasetError) as err:
        datasets.load("nosuch")
    assert str(err.value) == (
        f"unknown dataset 'nosuch'; the {len(NAMES)} datasets are: {', '.join(NAMES)}"
    )
    with pytest.raises(UnknownDatasetError) as err:
        datasets.info("goods_trad")
    assert str(err.value).startswith(
        "unknown dataset 'goods_trad'; did you mean 'goods_trade' or 'services_trade'? "
        f"The {len(NAMES)} datasets are: agreement_membership, "
    )


@pytest.mark.parametrize("name", [["goods_trade"], None, 3, "x" * 5000])
def test_unknown_dataset_of_any_kind_is_one_short_line(name):
    with pytest.raises(UnknownDatasetError) as err:
        datasets.load(name)
    text = str(err.value)
    assert "\n" not in text and len(text) < 400 and "world_economy" in text


# ----------------------------------------------------------------- a small package of our own

MINI_FIELDS = [
    ("id", "integer", {"required": True, "minimum": 1, "maximum": 1000}),
    ("code", "string", {"unique": True, "minLength": 2, "maxLength": 6}),
    ("kind", "string", {"enum": ["apple", "banana"]}),
    ("value", "number", {"exclusiveMinimum": 0, "maximum": 100.5}),
    ("flag", "boolean", {}),
    ("day", "date", {"minimum": "2000-01-01"}),
    ("url", "string", {}),
    ("note", "string", {}),
    ("share", "number", {}),  # no constraint
]
MINI_HEADER = ",".join(name for name, _, _ in MINI_FIELDS)
MINI_ROWS = [
    "1,ab,apple,1.5,true,2001-02-03,https://example.org/a,fine,0.5",
    '2,cd,banana,2,false,2020-12-31,https://example.org/b,"two\nlines",',
    "3,ef,,,,,,,",
]
MINI_CSV = "\n".join([MINI_HEADER, *MINI_ROWS]) + "\n"


@pytest.fixture
def mini(tmp_path, monkeypatch):
    """A one-dataset package ('mini') using every constraint; returns a CSV writer."""
    folder = tmp_path / "mini"
    folder.mkdir()
    fields = [
        {"name": n, "type": t, "description": f"The {n}.", "unit": "none"}
        | ({"constraints": c} if c else {})
        for n, t, c in MINI_FIELDS
    ]
    fields[6]["format"] = "uri"
    resource = {
        "name": "mini",
        "path": "mini.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": fields, "primaryKey": ["id"], "missingValues": [""]},
    }
    # Profile v2: exclusiveMinimum/Maximum are Data Package v2 constraints.
    package = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "mini",
        "resources": [resource],
    }
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")
    _clear_caches()
    monkeypatch.setattr(datasets, "data_dir", lambda: folder)

    def write(body: str | bytes) -> Path:
        path = folder / "mini.csv"
        path.write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
        return path

    yield write
    _clear_caches()


def _mini_with(row: int, column: str, value: str) -> str:
    rows = [r.split(",") if '"' not in r else None for r in MINI_ROWS]
    cells = rows[row]
    assert cells is not None
    cells[[n for n, _, _ in MINI_FIELDS].index(column)] = value
    lines = list(MINI_ROWS)
    lines[row] = ",".join(cells)
    return "\n".join([MINI_HEADER, *lines]) + "\n"


def test_mini_package_loads_with_schema_dtypes(mini):
    mini(MINI_CSV)
    df = datasets.load("mini")
    assert df["id"].tolist() == [1, 2, 3] and str(df["id"].dtype) == "Int64"
    assert df["note"].tolist()[:2] == ["fine", "two\nlines"]
    assert list(df["kind"].cat.categories) == ["apple", "banana"]
    assert df["day"].dtype == "datetime64[us]"


def test_header_only_gives_an_empty_frame_with_schema_dtypes(mini):
    mini(MINI_HEADER + "\n")
    df = datasets.load("mini")
    assert df.empty and str(df["id"].dtype) == "Int64" and df["day"].dtype == "datetime64[us]"


@pytest.mark.parametrize(
    ("row", "column", "value", "message"),
    [
        (2, "code", "ab", r"mini\.csv:5: field 'code': value 'ab' is already on line 2; values "
                          r"in this column must be unique"),
        (0, "code", "a", r"mini\.csv:2: field 'code': value 'a' is shorter than the minLength 2"),
        (0, "code", "abcdefg", r"field 'code': value 'abcdefg' is longer than the maxLength 6"),
        (0, "value", "0", r"mini\.csv:2: field 'value': value '0' must be above 0"),
        (0, "value", "100.6", r"field 'value': value '100.6' is above the maximum 100.5"),
        (0, "day", "1999-12-31", r"field 'day': value '1999-12-31' is below the minimum 2000"),
        (0, "day", "2001-02-30", r"field 'day': value '2001-02-30' is not a date"),
        (0, "day", "3/2/2001", r"field 'day': value '3/2/2001' is not a date"),
        (0, "kind", "banan", r"field 'kind': value 'banan' is not one of \['apple', 'banana'\];"
                             r" did you mean 'banana'\?"),
        (0, "flag", "yes", r"field 'flag': value 'yes' is not a boolean; write true or false"),
        (0, "id", "0", r"field 'id': value '0' is below the minimum 1"),
        (0, "id", "1.0", r"field 'id': value '1.0' is not an integer"),
        (0, "id", "", r"field 'id': is empty but required"),
        (0, "id", "2", r"mini\.csv:3: field 'id': value '2' is already on line 2; each row needs "
                       r"its own primary key \['id'\]"),
    ],
)  # fmt: skip
def test_every_constraint_is_enforced(mini, row, column, value, message):
    mini(_mini_with(row, column, value))
    text = _load_error("mini")
    assert re.search(message, text), text


def test_unclosed_quote_names_the_line_it_opens_on(mini):
    mini(MINI_CSV + '4,gh,"apple,1,true,2001-02-03,https://example.org/c,x\n\n\n')
    text = _load_error("mini")
    assert re.search(
        r"mini\.csv:6: row: a quoted cell that starts in this row is never closed", text
    )


def test_spaces_around_typed_values_are_ignored(mini):
    mini(_mini_with(0, "value", " 1.5 ").replace("1,ab", " 1 ,ab", 1))
    df = datasets.load("mini")
    assert df["id"].iloc[0] == 1 and df["value"].iloc[0] == 1.5


def _physical_lines(data: bytes) -> int:
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n") + 1


def _splice(base: bytes, at: int, cut: int, insert: bytes) -> bytes:
    at = min(at, len(base))
    return base[:at] + insert + base[at + cut :]


CSV_ALPHABET = [*'0123456789-+.eE ,"\r\nabtrufsl:/é', "\x00", "\t", "\u2028"]
MINI_BYTES = MINI_CSV.encode("utf-8")


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    body=st.one_of(
        st.binary(max_size=300),
        st.text(alphabet=CSV_ALPHABET, max_size=300).map(
            lambda t: (MINI_HEADER + "\n" + t).encode("utf-8")
        ),
        st.builds(
            _splice,
            st.just(MINI_BYTES),
            st.integers(0, len(MINI_BYTES)),
            st.integers(0, 8),
            st.binary(max_size=8) | st.sampled_from([b"\n", b"\r", b'"', b",", b"\xff", b"9" * 50]),
        ),
    )
)
def test_fuzzed_csv_loads_or_names_file_and_line(mini, body):
    path = mini(body)
    try:
        df = datasets.load("mini")
    except DatasetError as exc:
        text = str(exc)
        found = re.match(rf"{re.escape(str(path))}:(\d+): \S", text)
        assert found, text
        assert 1 <= int(found.group(1)) <= _physical_lines(body), text
        assert "\n" not in text and len(text) < 1000
    else:
        assert list(df.columns) == MINI_HEADER.split(",")
        assert len(df) < _physical_lines(body)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    edits=st.lists(
        st.tuples(
            st.floats(0, 1),
            st.integers(0, 12),
            st.sampled_from([b"", b"\n", b"\r\n", b'"', b",", b"\xe9", b"9" * 30, b"-1", b"x"])
            | st.binary(max_size=6),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_fuzzed_real_dataset_loads_or_names_file_and_line(damaged_data, edits):
    path = damaged_data / "goods_trade.csv"
    original = (_resources.data_dir() / "goods_trade.csv").read_bytes()
    body = original
    for where, cut, insert in edits:
        body = _splice(body, int(where * len(body)), cut, insert)
    path.write_bytes(body)
    try:
        datasets.load("goods_trade")
    except DatasetError as exc:
        text = str(exc)
        found = re.match(rf"{re.escape(str(path))}:(\d+): \S", text)
        assert found, text
        assert 1 <= int(found.group(1)) <= _physical_lines(body), text
        assert "\n" not in text and len(text) < 1000


# Cross-check with the frictionless library: on these files both accept, or both refuse.
AGREE = [
    ("valid", MINI_CSV, True),
    ("spaces around an integer", MINI_CSV.replace("\n1,", "\n 1 ,", 1), True),
    ("exponent", _mini_with(0, "value", "1e1"), True),
    ("blank required", _mini_with(0, "id", ""), False),
    ("below minimum", _mini_with(0, "id", "0"), False),
    ("above maximum", _mini_with(0, "id", "1001"), False),
    ("duplicate key", _mini_with(2, "id", "1"), False),
    ("duplicate unique", _mini_with(2, "code", "ab"), False),
    ("too short", _mini_with(0, "code", "a"), False),
    ("too long", _mini_with(0, "code", "abcdefg"), False),
    ("not in enum", _mini_with(0, "kind", "cherry"), False),
    ("exclusive minimum", _mini_with(0, "value", "0"), False),
    ("not a number", _mini_with(0, "value", "12,5".replace(",", "") + "x"), False),
    ("not a boolean", _mini_with(0, "flag", "maybe"), False),
    ("date below minimum", _mini_with(0, "day", "1999-12-31"), False),
    ("impossible date", _mini_with(0, "day", "2001-02-30"), False),
    ("not a uri", _mini_with(0, "url", "example dot org"), False),
    ("short row", MINI_CSV.replace("\n3,ef,,,,,,,", "\n3,ef", 1), False),
    ("long row", MINI_CSV.replace("\n3,ef,,,,,,,", "\n3,ef,,,,,,,,extra", 1), False),
]


# The deliberate differences (docs/data.md lists them): (what, file, load() accepts it).
DIFFER = [
    ("blank line", MINI_CSV.replace("\n2,", "\n\n2,", 1), True),
    ("NaN", _mini_with(0, "share", "NaN"), False),
    ("INF", _mini_with(0, "share", "-INF"), False),
    ("underscore in an integer", _mini_with(0, "id", "1_0"), False),
]


@pytest.mark.parametrize(("what", "body", "valid"), AGREE, ids=[a[0] for a in AGREE])
def test_load_agrees_with_frictionless(mini, what, body, valid):
    assert _frictionless_valid(mini(body)) == valid
    if valid:
        datasets.load("mini")
    else:
        _load_error("mini")


@pytest.mark.parametrize(("what", "body", "loads"), DIFFER, ids=[d[0] for d in DIFFER])
def test_documented_differences_from_frictionless(mini, what, body, loads):
    assert _frictionless_valid(mini(body)) != loads
    if loads:
        datasets.load("mini")
    else:
        _load_error("mini")


def test_a_partly_empty_primary_key_is_refused(damaged_data):
    # frictionless refuses only a key that is empty in every part; load() wants all parts.
    _rewrite_cell(damaged_data / "goods_trade.csv", 1, "basis", "")
    assert "goods_trade.csv:2: field 'basis': is empty but required" in _load_error("goods_trade")


def _frictionless_valid(csv_path: Path) -> bool:
    frictionless = pytest.importorskip("frictionless")
    return frictionless.validate(str(csv_path.parent / "datapackage.json")).valid


# ----------------------------------------------------------------- codebook and citation


@pytest.mark.parametrize("name", NAMES)
def test_codebook_lists_every_field_and_source(name):
    book = datasets.codebook_markdown(name)
    meta = datasets.info(name)
    for f in meta.fields:
        assert f"`{f.name}`" in book
    for s in meta.sources:
        assert s["path"] in book
    html = meta._repr_html_()
    assert "<table>" in html and "<script" not in html


def test_cite_names_the_original_publisher():
    assert "SIPRI" in datasets.cite("military_expenditure")
    assert "World Bank" in datasets.cite("world_economy")
    assert "Census" in datasets.cite("goods_trade")


# ---------------------------------------------------------------- the codebook in Japanese (21)

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _descriptor() -> dict:
    return json.loads((data_dir() / datasets.DESCRIPTOR).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", datasets.list_datasets())
def test_every_dataset_has_a_japanese_title(name):
    assert CJK.search(datasets.info(name, lang="ja").title)
    assert datasets.info(name, lang="ja").title != datasets.info(name, lang="en").title


@pytest.mark.parametrize("name", datasets.list_datasets())
def test_every_field_of_every_dataset_has_its_japanese_twin(name):
    meta, english = datasets.info(name, lang="ja"), datasets.info(name, "en")
    assert CJK.search(meta.description) and meta.description != english.description
    for f, e in zip(meta.fields, english.fields, strict=True):
        assert CJK.search(f.description) and f.description != e.description, f.name
        assert f.unit.strip() and f.unit != e.unit, f.name  # "none" → なし, "percent" → %
        assert (f.name, f.type, f.categories) == (e.name, e.type, e.categories)


@pytest.mark.parametrize("name", datasets.list_datasets())
def test_every_categorical_field_labels_every_value_in_japanese(name):
    res = next(r for r in _descriptor()["resources"] if r["name"] == name)
    for f in res["schema"]["fields"]:
        enum = f.get("constraints", {}).get("enum")
        labels = f.get("categories_ja")
        if enum is None:
            assert labels is None, f["name"]
            continue
        assert labels is not None and set(labels) == set(enum), f["name"]
        shown = [label.strip() for label in labels.values()]
        assert all(shown) and len(set(shown)) == len(shown), f"{f['name']}: blank or same label"
    for f in datasets.info(name, "ja").fields:
        assert len(f.category_labels) == len(f.categories), f.name


def test_japanese_labels_follow_their_codes():
    verdict = next(f for f in datasets.info("op_ed_claims", "ja").fields if f.name == "verdict")
    assert dict(zip(verdict.categories, verdict.category_labels, strict=True))["opinion"] == "意見"
    basis = next(f for f in datasets.info("us_forces_japan", "ja").fields if f.name == "basis")
    labels = dict(zip(basis.categories, basis.category_labels, strict=True))
    assert labels["usfj_statement"] == "在日米軍の発表"
    book = datasets.codebook_markdown("military_expenditure", lang="ja")
    assert "ストックホルム国際平和研究所（SIPRI）" in book and "2022年恒常ドル" in book


def test_info_in_japanese_shows_the_twins_and_japanese_headings():
    book = datasets.codebook_markdown("goods_trade", lang="ja")
    assert book.startswith("# 米国の対日財貿易")
    assert "| 列 | 型 | 単位 | 説明 |" in book and "## 出典" in book
    assert "census（米国勢調査局の国別系列（主系列））" in book
    page = datasets.info("goods_trade", lang="ja")._repr_html_()
    assert "<caption>列</caption>" in page and "引用の仕方：" in page


def test_info_follows_the_course_language_and_english_stays_as_it_was():
    english = datasets.codebook_markdown("goods_trade", lang="en")
    set_language("ja")
    try:
        assert datasets.info("goods_trade").language == "ja"
        assert datasets.codebook_markdown("goods_trade") != english
        assert datasets.info("goods_trade", lang="en").title.startswith("U.S. goods trade")
    finally:
        set_language(None)
    assert datasets.codebook_markdown("goods_trade") == english
    assert english.startswith("# U.S. goods trade with Japan, 1985–2025")
    assert "| field | type | unit | description |" in english and "## Sources" in english
    assert not CJK.search(english)


def test_an_unknown_language_is_one_clear_line():
    with pytest.raises(ValueError) as err:
        datasets.info("goods_trade", lang="fr")
    assert str(err.value) == "unknown language 'fr'; use en (English) or ja (日本語)"


def test_a_japanese_label_for_a_value_outside_the_enum_is_refused(tmp_path, monkeypatch):
    package = _descriptor()
    res = next(r for r in package["resources"] if r["name"] == "goods_trade")
    basis = next(f for f in res["schema"]["fields"] if f["name"] == "basis")
    basis["categories_ja"] = {**basis["categories_ja"], "nope": "なし"}
    monkeypatch.setattr(datasets, "_package", lambda: _fake_package(tmp_path, package))
    datasets._schema.cache_clear()
    try:
        with pytest.raises(datasets.DatasetError, match=r"field 'basis': 'categories_ja' must map"):
            datasets.info("goods_trade", lang="ja")
    finally:
        datasets._schema.cache_clear()


def _fake_package(folder, package):
    text = json.dumps(package, indent=2, ensure_ascii=False)
    path = folder / "datapackage.json"
    path.write_text(text, encoding="utf-8")
    return {"path": path, "text": text, "resources": {r["name"]: r for r in package["resources"]}}
