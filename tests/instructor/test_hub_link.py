"""`usjapan-edu hub-link`: the nbgitpuller link a class clicks, and the Binder link.

What users depend on: the link opens the right notebook of the right repository and branch on
their hub, every value survives the trip (percent-encoded, read back exactly), the default
repository is the project's own, and a wrong address is a one-line error.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from usjapan_edu.instructor.hub_link import binder_link, hub_links, project_url

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")
HOMEPAGE = re.search(  # [project.urls] Homepage (tomllib is not in Python 3.10)
    r'(?m)^Homepage\s*=\s*"([^"]+)"', (REPO / "pyproject.toml").read_text(encoding="utf-8")
).group(1)


def query(link: str) -> dict[str, str]:
    parts = urlsplit(link)
    parsed = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert all(len(v) == 1 for v in parsed.values()), parsed
    return {k: v[0] for k, v in parsed.items()}


def test_default_link_opens_start_here_of_the_projects_repository(run):
    result = run("hub-link", "--hub", "https://hub.example.edu")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == (
        "JupyterHub (nbgitpuller): https://hub.example.edu/hub/user-redirect/git-pull?"
        "repo=https%3A%2F%2Fgithub.com%2Fusjapan-edu%2Fusjapan-edu&branch=main&"
        "urlpath=lab%2Ftree%2Fusjapan-edu%2Fnotebooks%2Fstudent%2F00-start-here.ipynb"
    )
    assert lines[1] == (
        "Binder: https://mybinder.org/v2/gh/usjapan-edu/usjapan-edu/main?"
        "urlpath=lab%2Ftree%2Fnotebooks%2Fstudent%2F00-start-here.ipynb"
    )
    assert project_url() == HOMEPAGE
    assert query(lines[0].split(": ", 1)[1]) == {
        "repo": HOMEPAGE,
        "branch": "main",
        "urlpath": f"lab/tree/{HOMEPAGE.rsplit('/', 1)[1]}/notebooks/student/00-start-here.ipynb",
    }


def test_in_japanese_both_links_open_the_japanese_student_notebook(run):
    result = run(
        "hub-link", "--hub", "https://hub.example.edu", "--lang", "ja", "--notebook", "03-trade"
    )
    assert result.code == 0, result.err
    hub, binder = (line.split(": ", 1)[1] for line in result.out.splitlines()[:2])
    folder = HOMEPAGE.rsplit("/", 1)[1]
    assert query(hub)["urlpath"] == f"lab/tree/{folder}/notebooks/student/ja/03-trade.ipynb"
    assert query(binder)["urlpath"] == "lab/tree/notebooks/student/ja/03-trade.ipynb"
    # the path says Japanese to the kernel (JupyterLab passes it as JPY_SESSION_NAME)
    from usjapan_edu.i18n import notebook_language

    assert notebook_language(query(hub)["urlpath"]) == "ja"
    assert (REPO / "notebooks" / "student" / "ja" / "03-trade.ipynb").is_file()
    other = run("hub-link", "--hub", "https://h.example.edu", "--lang", "fr")
    assert other.code != 0 and "invalid choice: 'fr'" in other.err


def test_the_binder_link_is_the_one_the_readme_badge_uses():
    badge = re.search(r"\((https://mybinder\.org/v2/[^)\s]+)\)", README)
    assert badge, "the README has a Binder badge"
    assert hub_links("https://hub.example.edu").binder == badge.group(1)
    # … and the Japanese badge opens the Japanese student notebook
    badges = re.findall(r"\((https://mybinder\.org/v2/[^)\s]+)\)", README)
    assert hub_links("https://hub.example.edu", lang="ja").binder in badges


@pytest.mark.parametrize(
    ("repo", "branch", "notebook", "folder"),
    [
        ("https://github.com/prof-x/usjapan-fork", "spring-2026", "02-security", "usjapan-fork"),
        (
            "https://gitlab.com/uni/ir/course.git",
            "feature/week 3&4",
            "My notes #1.ipynb",
            "course.git",
        ),
        ("https://git.example.edu/ir101/", "main", "notebooks/a+b=c?.ipynb", "ir101"),
    ],
)
def test_every_value_is_encoded_and_reads_back_exactly(repo, branch, notebook, folder):
    if " " in branch:  # a space is no git branch: it must be refused, not encoded
        with pytest.raises(ValueError, match="not a valid git branch name"):
            hub_links("https://hub.example.edu", repo=repo, branch=branch, notebook=notebook)
        branch = "feature/week-3&4"
    links = hub_links("https://hub.example.edu", repo=repo, branch=branch, notebook=notebook)
    name = notebook.removeprefix("notebooks/")
    name = name if name.endswith(".ipynb") else name + ".ipynb"
    # nothing that could end or split a query value is left unencoded
    pairs = [pair.split("=") for pair in urlsplit(links.hub).query.split("&")]
    assert [p[0] for p in pairs] == ["repo", "branch", "urlpath"]
    assert all(len(p) == 2 and re.fullmatch(r"[A-Za-z0-9._~%-]+", p[1]) for p in pairs), pairs
    assert query(links.hub) == {
        "repo": repo.rstrip("/"),
        "branch": branch,
        "urlpath": f"lab/tree/{folder}/notebooks/{name}",
    }
    assert links.folder == folder


def test_binder_forms_for_github_gitlab_and_other_hosts():
    nb = "00-start-here.ipynb"
    assert binder_link("https://github.com/a/b.git", "dev", nb).startswith(
        "https://mybinder.org/v2/gh/a/b/dev?urlpath="
    )
    assert binder_link("https://gitlab.com/group/sub/proj", "main", nb).startswith(
        "https://mybinder.org/v2/gl/group%2Fsub%2Fproj/main?urlpath="
    )
    assert binder_link(
        "https://git.example.edu/ir/course", "a/b", nb, "https://binder.uni.edu/"
    ).startswith(
        "https://binder.uni.edu/v2/git/https%3A%2F%2Fgit.example.edu%2Fir%2Fcourse/a%2Fb?urlpath="
    )


@pytest.mark.parametrize(
    ("hub", "base"),
    [
        ("https://hub.example.edu/", "https://hub.example.edu"),
        ("https://HUB.example.edu/hub/login?next=%2F", None),  # a query is refused below
        ("https://hub.example.edu/hub/home", "https://hub.example.edu"),
        ("https://example.edu/jupyter/user/alice/lab", "https://example.edu/jupyter"),
        ("https://example.edu:8443/jupyter/", "https://example.edu:8443/jupyter"),
    ],
)
def test_a_hub_address_copied_from_the_browser_gives_the_hubs_base(hub, base):
    if base is None:
        with pytest.raises(ValueError, match=r"without '\?…' or '#…'"):
            hub_links(hub)
        return
    assert hub_links(hub).hub.startswith(f"{base}/hub/user-redirect/git-pull?repo=")


H = ["--hub", "https://h.edu"]
BAD = [
    (["--hub", "hub.example.edu"], "--hub 'hub.example.edu' has no http:// or https://; "
     "did you mean https://hub.example.edu ?"),
    (["--hub", "ftp://hub.example.edu"], "--hub 'ftp://hub.example.edu': the JupyterHub must "
     "be an http:// or https:// address, not ftp://"),
    (["--hub", "https://"], "--hub 'https://': the address has no host name, e.g. "
     "https://hub.example.edu"),
    (["--hub", "https://me:pw@hub.example.edu"], "--hub: leave the user name and password out "
     "of the address: every student would see them in the link"),
    ([*H, "--repo", "git@github.com:a/b.git"], "--repo 'git@github.com:a/b.git': give the "
     "https:// address of the git repository (nbgitpuller and Binder clone over https), e.g. "
     "https://github.com/OWNER/NAME"),
    ([*H, "--repo", "https://github.com/a/b/tree/main"], "--repo "
     "'https://github.com/a/b/tree/main': a GitHub repository's address is "
     "https://github.com/OWNER/NAME (not a page inside it, such as …/tree/main)"),
    ([*H, "--repo", "https://github.com/"], "--repo 'https://github.com/': that is a site, not "
     "a repository; give its address, e.g. https://github.com/OWNER/NAME"),
    ([*H, "--branch", "main..dev"], "--branch 'main..dev' is not a valid git branch name"),
    ([*H, "--notebook", "../secret.ipynb"], "--notebook '../secret.ipynb': give a notebook of "
     "the repository's notebooks/ folder, e.g. 00-start-here.ipynb"),
    ([*H, "--notebook", "99-nothing"], "--notebook '99-nothing': the course has no such "
     "notebook; its notebooks are 00-start-here.ipynb"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "message"), BAD)
def test_bad_values_are_one_line_errors(run, argv, message):
    result = run("hub-link", *argv)
    assert result.code == 1
    assert result.out == ""
    assert len(result.err_lines) == 1
    assert result.err_lines[0].startswith(f"usjapan-edu: error: {message}")


def test_plain_http_hub_works_with_a_warning_except_on_this_machine(run):
    result = run("hub-link", "--hub", "http://hub.example.edu")
    assert result.code == 0
    assert result.out.startswith("JupyterHub (nbgitpuller): http://hub.example.edu/hub/")
    assert "usjapan-edu: warning: --hub 'http://hub.example.edu' uses http://" in result.err
    local = run("hub-link", "--hub", "http://127.0.0.1:8000")
    assert local.code == 0 and "warning" not in local.err


def test_a_shipped_notebook_can_be_named_without_its_suffix(run):
    result = run("hub-link", "--hub", "https://h.edu", "--notebook", "00-start-here")
    assert result.code == 0, result.err
    assert "notebooks%2Fstudent%2F00-start-here.ipynb" in result.out.splitlines()[0]


def test_hub_is_required(run):
    result = run("hub-link")
    assert result.code == 2
    assert "--hub" in result.err


def test_usjapan_edu_itself_has_hub_link_and_student_version(capsys):
    from usjapan_edu import cli

    assert {"hub-link", "student-version"} <= set(cli.build_parser().format_help().split())
    assert cli.main(["hub-link", "--hub", "https://h.edu"]) == 0
    assert capsys.readouterr().out.startswith("JupyterHub (nbgitpuller): https://h.edu/hub/")
