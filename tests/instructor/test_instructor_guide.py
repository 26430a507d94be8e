"""docs/instructor-guide.md keeps up with the course: generated tables, one section per notebook."""

from __future__ import annotations

import re
from pathlib import Path

from usjapan_edu.instructor import guide
from usjapan_edu.instructor.hub_link import hub_links

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "instructor-guide.md"
TOOLS = REPO / "docs" / "instructor-tools.md"
SLUGS = [p.stem for p in sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))]
REFRESH = "python -m usjapan_edu.instructor.guide docs/instructor-guide.md"


def text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def test_generated_tables_are_up_to_date():
    _, stale = guide.update(text())
    assert not stale, f"stale or unknown blocks {stale}: run `{REFRESH}`"


def test_every_course_notebook_has_its_section_with_objectives_and_timing():
    doc = text()
    assert [nb.slug for nb in guide.course_notebooks()] == SLUGS
    for slug in SLUGS:
        parts = (
            f"\n### {slug}\n",
            f"<!-- guide:objectives:{slug}:start",
            f"<!-- guide:timing:{slug}:start",
        )
        missing = [part for part in parts if part not in doc]
        assert not missing, (
            f"notebook {slug} has no complete section in docs/instructor-guide.md (missing "
            f"{missing}): copy the section of 02-security, write its prompts and misconceptions, "
            f"then run `{REFRESH}`"
        )


def test_notebooks_that_exist_are_not_called_planned():
    doc = text()
    planned = re.search(r"Planned, not yet written:(.*?)\n\n", doc, re.S)
    assert planned
    headings = re.findall(r"(?m)^### (.*\*\(planned\)\*.*)$", doc)
    for slug in SLUGS:
        assert f"`{slug}`" not in planned.group(1), f"{slug} exists: it is no longer planned"
        assert not any(slug in h for h in headings), f"{slug} exists: give it its own section"


def test_the_hub_link_example_is_what_the_command_prints():
    links = hub_links("https://hub.example.edu")
    assert f"JupyterHub (nbgitpuller): {links.hub}\n" in text()
    assert f"Binder: {links.binder}\n" in text()


def test_instructor_tools_links_the_guide():
    assert "(instructor-guide.md)" in TOOLS.read_text(encoding="utf-8")


def test_refresh_rewrites_stale_blocks_and_check_reports_them(tmp_path, capsys):
    doc = tmp_path / "guide.md"
    doc.write_text(
        "# G\n<!-- guide:banks:start -->\nold\n<!-- guide:banks:end -->\n", encoding="utf-8"
    )
    assert guide.main([str(doc), "--check"]) == 1
    assert "block 'banks' is stale" in capsys.readouterr().err
    assert guide.main([str(doc)]) == 0
    assert "| `00-start-here` |" in doc.read_text(encoding="utf-8")
    assert guide.main([str(doc), "--check"]) == 0
