"""Charts in Japanese: every visible title in the course language, English unchanged (issue 21)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from importlib.resources import files

import pytest
from tests.test_charts import HELPERS, _load

from usjapan_edu import charts
from usjapan_edu.charts._base import CJK_FONTS
from usjapan_edu.i18n import set_language

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]")
#: A number, a unit or a symbol needs no translation ("2023", "%", "$").
NEUTRAL = re.compile(r"[\d\s.,:;%$¥#()\-–—+/]*")


@pytest.fixture
def japanese():
    set_language("ja")
    yield
    set_language(None)


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language(None)


def _titles(node: object, where: str = "") -> list[tuple[str, str]]:
    """Every title, subtitle, legend title and select-menu label/name in a spec, with its path."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            path = f"{where}/{key}"
            if key in ("title", "subtitle") or (key in ("labels", "name") and "bind" in where):
                texts = value if isinstance(value, list) else [value]
                for text in texts:
                    if isinstance(text, str):
                        found.append((path, text))
                    elif isinstance(text, dict):  # a title with text and subtitle
                        heading = text.get("text", [])
                        for line in heading if isinstance(heading, list) else [heading]:
                            found.append((f"{path}/text", line))
                        found += _titles(text, path)
            elif key != "datasets":
                found += _titles(value, path)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            found += _titles(item, f"{where}[{i}]")
    return found


def _spec(helper: str, dataset: str) -> dict:
    return getattr(charts, helper)(_load(dataset)).to_dict()


@pytest.mark.parametrize(("helper", "dataset"), HELPERS.items())
def test_every_title_axis_legend_and_tooltip_title_is_japanese(japanese, helper, dataset):
    titles = _titles(_spec(helper, dataset))
    assert len(titles) >= 3
    english = [
        (path, text)
        for path, text in titles
        if text and not CJK.search(text) and not NEUTRAL.fullmatch(text)
    ]
    assert english == [], english


@pytest.mark.parametrize(("helper", "dataset"), HELPERS.items())
def test_japanese_charts_name_a_cjk_font_and_english_ones_keep_altairs_config(helper, dataset):
    set_language("ja")
    try:
        assert _spec(helper, dataset)["config"]["font"] == CJK_FONTS
    finally:
        set_language("en")
    try:
        spec = _spec(helper, dataset)
    finally:
        set_language(None)
    assert "font" not in spec["config"]
    assert spec["config"] == {"view": {"continuousWidth": 300, "continuousHeight": 300}}


@pytest.mark.parametrize(("helper", "dataset"), HELPERS.items())
def test_english_titles_have_no_japanese(english, helper, dataset):
    titles = _titles(_spec(helper, dataset))
    assert titles and not [text for _, text in titles if CJK.search(text)]


def test_the_language_is_looked_up_when_the_chart_is_made():
    # Not at import: the same session draws English, then Japanese, then English again.
    milex = _load("military_expenditure")
    set_language("en")
    try:
        before = charts.military_spending_chart(milex).to_dict()["title"]["text"]
        set_language("ja")
        japanese = charts.military_spending_chart(milex).to_dict()["title"]["text"]
        set_language("en")
        after = charts.military_spending_chart(milex).to_dict()["title"]["text"]
    finally:
        set_language(None)
    assert (
        before
        == after
        == (
            "In 2023, the United States spent the largest share of its GDP on the military, "
            "Japan the smallest"
        )
    )
    assert japanese == (
        "2023年、GDPに占める軍事費の割合が最も大きかったのは米国、最も小さかったのは日本"
    )


def test_the_catalogue_entry_is_what_the_chart_shows(japanese):
    catalogue = json.loads(
        (files("usjapan_edu") / "locale" / "ja" / "charts.json").read_text(encoding="utf-8")
    )
    spec = charts.us_forces_chart(_load("us_forces_japan")).to_dict()
    layers = spec["layer"]
    y_titles = {v["encoding"]["y"].get("title") for v in layers if "y" in v.get("encoding", {})}
    assert catalogue["U.S. military personnel in Japan (persons)"] in y_titles
    tips = [t["title"] for v in layers for t in v.get("encoding", {}).get("tooltip", [])]
    assert catalogue["Quality note"] in tips
    table = charts.chart_table(charts.us_forces_chart(_load("us_forces_japan")))
    assert catalogue["Persons"] in table.to_frame().columns
    assert "数値を表で見る" in table._repr_html_()


def test_japanese_titles_do_not_give_the_answers_away(japanese):
    # As in English: who spent most, never the multiple notebook 02 asks students to compute.
    milex = _load("military_expenditure")
    spec = charts.military_spending_chart(
        milex, measure="constant_2022_usd_m", countries=["Japan", "China"]
    ).to_dict()
    title = spec["title"]["text"]
    assert "中国" in title and "日本" in title
    assert not re.search(r"\d+(\.\d+)?\s*倍", title)
    # and the peak year of U.S. forces stays out of the title (notebook 01 asks for it)
    forces = charts.us_forces_chart(_load("us_forces_japan")).to_dict()["title"]["text"]
    assert "年代" in forces and not re.search(r"19[5-9]\d年に", forces)


def test_every_chart_catalogue_entry_keeps_its_placeholders():
    catalogue = json.loads(
        (files("usjapan_edu") / "locale" / "ja" / "charts.json").read_text(encoding="utf-8")
    )
    names = re.compile(r"\{(\w+)\}")
    wrong = {k: v for k, v in catalogue.items() if set(names.findall(k)) != set(names.findall(v))}
    assert wrong == {}


#: Four or more English words in a row: a sentence (or most of one) left in English.
ENGLISH_WORDS = re.compile(r"[A-Za-z][\w'’.]*(?:[ ,\-–]+[A-Za-z][\w'’.]*){3,}", re.ASCII)


def _data_strings(spec: dict) -> list[str]:
    """Every text value in the chart's data (event titles, agreement names …), longest first."""
    found: set[str] = set()
    for rows in spec.get("datasets", {}).values():
        for row in rows:
            found |= {v for v in row.values() if isinstance(v, str)}
    return sorted(found, key=len, reverse=True)


def _english_left(text: str, spec: dict) -> list[str]:
    """English runs of words in ``text`` that are not quoted from the chart's own data."""
    for value in _data_strings(spec):
        if value:
            text = text.replace(value, " ")
    return ENGLISH_WORDS.findall(text)


@pytest.mark.parametrize(("helper", "dataset"), HELPERS.items())
def test_every_description_and_table_caption_is_japanese(japanese, helper, dataset):
    chart = getattr(charts, helper)(_load(dataset))
    spec = chart.to_dict()
    table = charts.chart_table(chart)
    summary = re.search(r"<summary>(.*?)</summary>", table._repr_html_()).group(1)
    texts = {"description": spec["description"], "caption": table.caption, "summary": summary}
    for what, text in texts.items():
        assert CJK.search(text), (what, text)
        assert _english_left(text, spec) == [], (what, text)
    # what a screen reader hears is still the whole story, not a stub
    assert len(spec["description"]) > 60


@pytest.mark.parametrize(("helper", "dataset"), HELPERS.items())
def test_english_descriptions_and_captions_have_no_japanese(english, helper, dataset):
    chart = getattr(charts, helper)(_load(dataset))
    table = charts.chart_table(chart)
    for text in (chart.to_dict()["description"], table.caption, table._repr_html_()):
        assert not CJK.search(text), text


def test_the_english_description_is_unchanged(english):
    spec = charts.military_spending_chart(_load("military_expenditure")).to_dict()
    assert spec["description"] == (
        "Line chart of military expenditure in per cent of GDP, 1988 to 2023, one line per "
        "country: Japan, United States, China, South Korea, Australia. In 2023, the United "
        "States spent the largest share of its GDP on the military, Japan the smallest (3.4 % "
        "and 1.2 %). Horizontal reference lines at 1 % and 2 % of GDP."
    )
    overlap = charts.overlap_chart(_load("agreement_membership")).to_dict()["description"]
    assert overlap.endswith("APEC and IPEF; APEC and RCEP. Only Japan belongs to all 6.")


def test_the_japanese_description_says_what_the_english_one_says(japanese):
    spec = charts.military_spending_chart(_load("military_expenditure")).to_dict()
    assert spec["description"] == (
        "軍事費をGDP比（%）で示した折れ線グラフです（1988～2023年）。国ごとに1本の線があります："
        "日本、米国、中国、韓国、オーストラリア。2023年、GDPに占める軍事費の割合が最も大きかったのは"
        "米国、最も小さかったのは日本（3.4%と1.2%）。GDP比1%・2%の位置に、水平の基準線を引いています。"
    )
    forces = charts.us_forces_chart(_load("us_forces_japan")).to_dict()["description"]
    # like the title, the description leaves the peak year out (notebook 01 asks for it)
    assert "1950年代" in forces and not re.search(r"19[5-9]\d年に", forces)


SETUP = """
    import json, sys
    import usjapan_edu
    assert "altair" not in sys.modules
    import altair as alt
    spec = alt.Chart({"values": [{"x": 1}]}).mark_point().encode(x="x:Q").to_dict()
    print(json.dumps([alt.theme.active, "usjapan_edu.charts._base" in sys.modules,
                      spec["config"]]))
"""


def _fresh(code: str, tmp_path, lang: str) -> list:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("USJAPAN_EDU", "JPY_"))}
    env |= {"USJAPAN_EDU_LANG": lang, "USJAPAN_EDU_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_students_own_chart_gets_the_japanese_font_as_soon_as_altair_is_imported(tmp_path):
    theme, helpers_loaded, config = _fresh(SETUP, tmp_path, "ja")
    assert theme == "usjapan_edu_language"
    assert config["font"] == CJK_FONTS
    assert not helpers_loaded  # the theme alone: `import altair` stays as quick as it was


def test_a_students_own_english_chart_keeps_altairs_default_config(tmp_path):
    _, _, config = _fresh(SETUP, tmp_path, "en")
    plain = """
        import json, altair as alt
        spec = alt.Chart({"values": [{"x": 1}]}).mark_point().encode(x="x:Q").to_dict()
        print(json.dumps(spec["config"]))
    """
    assert (
        config
        == _fresh(plain, tmp_path, "en")
        == {"view": {"continuousWidth": 300, "continuousHeight": 300}}
    )


def test_a_theme_the_student_chose_is_kept(tmp_path):
    code = """
        import json, altair as alt
        alt.theme.enable("dark")
        import usjapan_edu
        usjapan_edu.setup()
        print(json.dumps(alt.theme.active))
    """
    assert _fresh(code, tmp_path, "ja") == "dark"
