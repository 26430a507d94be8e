"""The course's source policy (docs/data.md, "Source policy"), checked over all a student reads.

Rules, each one a test below:
1. No forum and no state-controlled outlet is cited, as a source or as a cross-check
   (the deny-list is data: DENIED_HOSTS, with the reason for each entry).
2. Wikipedia (or a copy of it) is never the only source of a row.
3. A copy on an aggregator or document-sharing site names its original, with an address a
   reader can follow (or, for the CRS mirror, the report number in the address itself).
4. No process words (notes about how the course was made) in what students see.
5. The timeline has no gap of more than five years without a note that says why.

Government statements are not state media: a foreign ministry's own transcript (for example the
PRC foreign ministry's spokesperson) may be cited as that government's *view*, said so in the text.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

# host (matches the host itself and its subdomains) -> why it is refused
DENIED_HOSTS: dict[str, str] = {
    # forums and forum digests: anonymous posts, no editor, nothing to check
    "5ch.net": "forum",
    "2ch.net": "forum",
    "2ch.sc": "forum",
    "open2ch.net": "forum",
    "2nn.jp": "forum digest (2channel news)",
    "yomi.tokyo": "forum archive (5channel)",
    "warotamaker2.com": "forum digest",
    "reddit.com": "forum",
    "quora.com": "forum",
    "chiebukuro.yahoo.co.jp": "forum (Yahoo! Chiebukuro)",
    "defence.pk": "forum",
    "usmessageboard.com": "forum",
    # outlets under a government's editorial control (state media)
    "sputniknews.com": "state-controlled (Russia)",
    "sputniknews.jp": "state-controlled (Russia)",
    "sputnikglobe.com": "state-controlled (Russia)",
    "rt.com": "state-controlled (Russia)",
    "tass.com": "state-controlled (Russia)",
    "tass.ru": "state-controlled (Russia)",
    "ria.ru": "state-controlled (Russia)",
    "news-pravda.com": "pro-government network (Russia)",
    "globaltimes.cn": "state-controlled (China)",
    "xinhuanet.com": "state-controlled (China)",
    "news.cn": "state-controlled (China)",
    "cgtn.com": "state-controlled (China)",
    "chinadaily.com.cn": "state-controlled (China)",
    "china.org.cn": "state-controlled (China)",
    "people.com.cn": "state-controlled (China)",
    "people.cn": "state-controlled (China)",
    "cctv.com": "state-controlled (China)",
    "kcna.kp": "state-controlled (North Korea)",
    "presstv.ir": "state-controlled (Iran)",
    "trtworld.com": "state-controlled (Turkey)",
    "qazinform.com": "state-controlled (Kazakhstan)",
    "vtv.vn": "state-controlled (Viet Nam)",
    "telesurenglish.net": "state-controlled (Venezuela)",
}

WIKIPEDIA_HOSTS = ("wikipedia.org", "wikimili.com", "wikiwand.com", "wikisum.wiki", "dbpedia.org")

# Aggregators and document-sharing sites: allowed only with the original named and reachable.
MIRROR_HOSTS = (
    "studylib.net", "happylibus.com", "expydoc.com", "docslib.org", "123deta.com", "studyres.com",
    "wic-net.com", "scribd.com", "documentine.com", "pubt.io", "polithia.com", "regfollower.com",
    "lawfirmchronicle.com", "thefederalnewswire.com", "djayanews.com", "its.network", "updatem.com",
    "govwatch.app", "ai-analytics.org", "globaltraderelations.com", "forincs.com", "menafn.com",
    "everycrsreport.com", "readkong.com", "lawsdocbox.com",
)
# a mirror whose address itself names the original document (CRS report numbers)
NAMED_BY_ADDRESS = {"everycrsreport.com": re.compile(r"[_/](R|RL|RS|IF|IN)\d+(?:_|\.html)")}

PROCESS_WORDS = re.compile(
    r"\bhelpers?\b|\bteam extract|\bthe team\b|\bscouted\b|reference-data|\.\./shared|"
    r"\b[\w-]+_(?:notes|milestones)\.md\b|\bTODO\b|\bFIXME\b|\bsub-?agents?\b|\bthe brief\b",
    re.IGNORECASE,
)

URL = re.compile(r"https?://[^\s'\"<>()\[\]{},;]+")
MAX_GAP_YEARS = 5


def host_of(url: str) -> str:
    return (urlparse(url).hostname or "").lower().removeprefix("www.")


def host_in(host: str, domains) -> str | None:
    for domain in domains:
        if host == domain or host.endswith("." + domain):
            return domain
    return None


@dataclass(frozen=True)
class Text:
    where: str  # file:line (field) or notebook#cell
    text: str


def csv_rows():
    """Every data row: (file, line, {field: value})."""
    for path in sorted(DATA.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                yield path.name, reader.line_num, row


def package_strings():
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))

    def walk(node, trail):
        if isinstance(node, dict):
            for key, value in node.items():
                yield from walk(value, f"{trail}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from walk(value, f"{trail}[{index}]")
        elif isinstance(node, str):
            yield Text(f"datapackage.json{trail}", node)

    for resource in descriptor["resources"]:
        yield from walk(resource, f"[{resource['name']}]")


def yaml_texts():
    for folder in ("quizzes", "exercises"):
        for path in sorted((DATA / folder).glob("*.yaml")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                yield Text(f"{folder}/{path.name}:{number}", line)


def notebook_texts():
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "markdown":
                yield Text(f"notebooks/{path.name}#cell{index}", cell.source)


def everything_students_see():
    for name, line, row in csv_rows():
        for field, value in row.items():
            if value:
                yield Text(f"{name}:{line} ({field})", value)
    yield from package_strings()
    yield from yaml_texts()
    yield from notebook_texts()


# ---------------------------------------------------------------- the rules as pure functions


def denied_citations(texts) -> list[str]:
    found = []
    for item in texts:
        for url in URL.findall(item.text):
            domain = host_in(host_of(url), DENIED_HOSTS)
            if domain:
                found.append(f"{item.where}: {url} ({DENIED_HOSTS[domain]})")
    return found


def wikipedia_only_rows(rows) -> list[str]:
    found = []
    for name, line, row in rows:
        main = row.get("source_url") or ""
        if not host_in(host_of(main), WIKIPEDIA_HOSTS):
            continue
        others = [u for v in row.values() if v for u in URL.findall(v)]
        if not any(not host_in(host_of(u), WIKIPEDIA_HOSTS) for u in others):
            found.append(f"{name}:{line}: only Wikipedia ({main})")
    return found


def mirrors_without_original(rows) -> list[str]:
    found = []
    for name, line, row in rows:
        main = row.get("source_url") or ""
        mirror = host_in(host_of(main), MIRROR_HOSTS)
        if not mirror:
            continue
        if mirror in NAMED_BY_ADDRESS and NAMED_BY_ADDRESS[mirror].search(main):
            continue
        others = [u for v in row.values() if v for u in URL.findall(v) if u != main]
        if not any(not host_in(host_of(u), MIRROR_HOSTS + WIKIPEDIA_HOSTS) for u in others):
            found.append(f"{name}:{line}: copy on {mirror} without the original's address ({main})")
    return found


def package_mirrors_without_original(resources) -> list[str]:
    found = []
    for resource in resources:
        for source in resource.get("sources", []):
            path = source.get("path", "")
            mirror = host_in(host_of(path), MIRROR_HOSTS)
            if not mirror or (mirror in NAMED_BY_ADDRESS and NAMED_BY_ADDRESS[mirror].search(path)):
                continue
            text = " ".join(str(v) for v in source.values())
            if not any(not host_in(host_of(u), MIRROR_HOSTS) for u in URL.findall(text)):
                found.append(f"datapackage.json [{resource['name']}] source "
                             f"{source.get('title')!r}: copy on {mirror} without the original's "
                             "address")
    return found


def process_words(texts) -> list[str]:
    return [f"{item.where}: {match.group(0)!r}" for item in texts
            for match in PROCESS_WORDS.finditer(item.text)]


def unexplained_gaps(timeline: pd.DataFrame, max_years: int = MAX_GAP_YEARS) -> list[str]:
    """A gap over max_years between consecutive events needs a note on the later row saying why."""
    events = timeline.sort_values("date").reset_index(drop=True)
    found = []
    for before, after in zip(events.itertuples(), events.iloc[1:].itertuples(), strict=False):
        years = (after.date - before.date).days / 365.25
        note = after.note if isinstance(after.note, str) else ""
        explained = re.search(r"no events? (?:is |are )?listed between", note, re.IGNORECASE)
        if years > max_years and not explained:
            found.append(f"{before.date:%Y-%m-%d} -> {after.date:%Y-%m-%d}: {years:.1f} years, "
                         f"and the note of '{after.title}' does not say why")
    return found


# ---------------------------------------------------------------- the rules on the course's files


def _report(problems):
    more = f"\n... and {len(problems) - 60} more" if len(problems) > 60 else ""
    return "\n".join(problems[:60]) + more


def test_no_forum_or_state_controlled_outlet_is_cited():
    problems = denied_citations(everything_students_see())
    assert not problems, _report(problems)


def test_wikipedia_is_never_the_only_source_of_a_row():
    problems = wikipedia_only_rows(csv_rows())
    assert not problems, _report(problems)


def test_no_resource_rests_on_wikipedia_alone():
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        hosts = [host_of(s.get("path", "")) for s in resource.get("sources", [])]
        assert not hosts or not all(host_in(h, WIKIPEDIA_HOSTS) for h in hosts), resource["name"]


def test_copies_name_their_original_with_an_address():
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    problems = mirrors_without_original(csv_rows()) + package_mirrors_without_original(
        descriptor["resources"])
    assert not problems, _report(problems)


def test_no_process_words_where_students_read():
    problems = process_words(everything_students_see())
    assert not problems, _report(problems)


def test_timeline_gaps_over_five_years_are_explained():
    from usjapan_edu import datasets

    problems = unexplained_gaps(datasets.load("alliance_timeline"))
    assert not problems, _report(problems)


# ---------------------------------------------------------------- the rules catch what they should


@pytest.mark.parametrize("url", [
    "https://sputniknews.jp/amp/20240422/18246950.html",
    "https://greta.5ch.net/test/read.cgi/poverty/1/",
    "https://usa.chinadaily.com.cn/world/2013-07/23/content_1.htm",
    "http://japanese.china.org.cn/politics/txt/2015-12/18/content_1.htm",
    "https://www.rt.com/news/1/",
])
def test_denied_hosts_are_caught(url):
    assert denied_citations([Text("x", f"see {url} para 2")])


@pytest.mark.parametrize("url", [
    "https://www.mfa.gov.cn/eng/xw/fyrbt/lxjzh/202212/t20221216_1.html",
    "https://www.nhk.or.jp/politics/articles/lastweek/75224.html",
    "https://report.com/news",  # 'rt.com' must match as a host, not as a string
])
def test_government_statements_and_lookalikes_are_not_denied(url):
    assert not denied_citations([Text("x", url)])


def test_wikipedia_alone_is_caught_and_a_second_source_clears_it():
    wiki = "https://en.wikipedia.org/wiki/X"
    assert wikipedia_only_rows([("t.csv", 2, {"source_url": wiki, "note": "infobox"})])
    assert wikipedia_only_rows([("t.csv", 2, {"source_url": wiki, "other_source_url": "https://wikimili.com/en/X"})])
    assert not wikipedia_only_rows([("t.csv", 2, {"source_url": wiki, "other_source_url": "https://history.state.gov/d1"})])


def test_a_copy_needs_its_original_address():
    copy = "https://studylib.net/doc/1/defense-of-japan-2008"
    named_only = {"source_url": copy, "note": "copy of MOD white paper"}
    with_address = {"source_url": copy, "note": "original: http://www.clearing.mod.go.jp/hakusho_data/"}
    crs = {"source_url": "https://www.everycrsreport.com/files/20170221_R42761_7046.html"}
    assert mirrors_without_original([("t.csv", 2, named_only)])
    assert not mirrors_without_original([("t.csv", 2, with_address)])
    assert not mirrors_without_original([("t.csv", 2, crs)])


@pytest.mark.parametrize("text", ["The other helper's notes confirm it",
                                  "read via team extract x.csv",
                                  "as cited in defense_milestones.md"])
def test_process_words_are_caught(text):
    assert process_words([Text("x", text)])


@pytest.mark.parametrize("text", ["Defense Buildup Program", "the Self-Defense Forces help",
                                  "a helpful table"])
def test_ordinary_words_are_not_process_words(text):
    assert not process_words([Text("x", text)])


def test_unexplained_gap_is_caught_and_a_note_clears_it():
    frame = pd.DataFrame({
        "date": pd.to_datetime(["1960-06-23", "1971-06-17"]),
        "title": ["a", "b"], "note": ["", ""]})
    assert unexplained_gaps(frame)
    frame.loc[1, "note"] = "No event is listed between 1960 and 1971: the treaty did not change."
    assert not unexplained_gaps(frame)
