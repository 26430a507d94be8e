"""The bundled datasets: every one loads, matches its descriptor, and holds sourced figures."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from usjapan_edu import _resources, datasets
from usjapan_edu.datasets import DatasetError, UnknownDatasetError

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
    "alliance_timeline": ["date", "domain", "title", "description", "source_url"],
    "agreement_membership": ["country", "agreement", "status", "date", "source_url"],
    "digital_trade_provisions": ["provision", "agreement", "coverage", "article", "note",
                                 "source_url"],
    "world_economy": ["country", "iso3", "year", "gdp_usd", "population"],
    "op_ed_claims": ["claim_id", "domain", "claim", "claim_type", "evidence", "verdict",
                     "explanation", "source_url"],
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
LATEST_YEAR = {"tariffs": 2040}


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


def test_load_reads_only_the_requested_file(monkeypatch):
    seen = []
    real = pd.read_csv
    monkeypatch.setattr(
        pd, "read_csv", lambda path, *a, **k: seen.append(Path(path).name) or real(path, *a, **k)
    )
    datasets.load("tariffs")
    assert seen == ["tariffs.csv"]


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
    for fn in (_resources._find, datasets._package, datasets._fields):
        fn.cache_clear()
    monkeypatch.setattr(datasets, "data_dir", lambda: copy)
    yield copy
    for fn in (_resources._find, datasets._package, datasets._fields):
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
