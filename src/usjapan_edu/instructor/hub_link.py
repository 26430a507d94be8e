"""Links that give a whole class the course: nbgitpuller on a JupyterHub, and Binder.

An nbgitpuller link, opened by a student who is logged in to the hub (or who logs in when it
asks), clones the course repository into their home folder on the first click and merges
updates on later clicks without touching their own edits, then opens the notebook::

    https://HUB/hub/user-redirect/git-pull?repo=REPO&branch=BRANCH&urlpath=lab/tree/NAME/notebooks/student/NB

For the course's own repository both links open the student versions (``notebooks/student/``:
the exercises without their solutions, which stay in ``notebooks/``).

``NAME`` is the folder nbgitpuller clones into: the last part of the repository address, as
nbgitpuller itself computes it (``…/usjapan-edu`` → ``usjapan-edu``; ``…/course.git`` →
``course.git``). Every value is percent-encoded (``/`` as ``%2F``, a space as ``%20``), as
nbgitpuller's own link generator does, so the link survives being pasted into an LMS.

The Binder link needs no hub: mybinder.org (or a BinderHub of your own) builds the repository
and opens the notebook, with nothing saved after the session ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from usjapan_edu.instructor._files import InstructorError

__all__ = ["HubLinks", "binder_link", "hub_links", "nbgitpuller_link", "project_url"]

DEFAULT_NOTEBOOK = "00-start-here.ipynb"
DEFAULT_BINDERHUB = "https://mybinder.org"
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
_BAD_REF = re.compile(r"[\s~^:?*\[\\\x00-\x1f\x7f]|\.\.|@\{|//")


@dataclass(frozen=True)
class HubLinks:
    """The links :func:`hub_links` makes, with the values they were made from."""

    hub: str
    binder: str
    repo: str
    branch: str
    notebook: str
    folder: str


def project_url() -> str:
    """Return the course's repository address: ``[project.urls] Homepage`` of its metadata.

    Read from the installed package's metadata (wheel and editable installs alike), else from
    ``pyproject.toml`` in a checkout.

    Examples
    --------
    >>> project_url()
    'https://github.com/usjapan-edu/usjapan-edu'

    """
    from importlib import metadata

    try:
        for entry in metadata.metadata("usjapan-edu").get_all("Project-URL") or []:
            label, _, url = entry.partition(",")
            if label.strip().lower() == "homepage" and url.strip():
                return url.strip()
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        pass
    pyproject = Path(__file__).resolve().parents[3] / "pyproject.toml"
    if pyproject.is_file():  # pragma: no cover - only without installed metadata
        match = re.search(r'(?m)^Homepage\s*=\s*"([^"]+)"', pyproject.read_text("utf-8"))
        if match:
            return match.group(1)
    raise InstructorError(  # pragma: no cover
        "cannot find the course's repository address; give it with --repo URL"
    )


def _web_address(text: str, what: str, option: str) -> tuple[str, str, str, str]:
    """Check an http(s) address; return (scheme, netloc, path without trailing /, host)."""
    text = text.strip()
    example = "https://hub.example.edu" if option == "--hub" else "https://github.com/OWNER/NAME"
    if not text:
        raise InstructorError(f"{option} is empty; give the {what}, e.g. {example}")
    if re.match(r"^[\w.-]+@[\w.-]+:", text) or text.startswith(("ssh://", "git://")):
        raise InstructorError(
            f"{option} {text!r}: give the https:// address of the {what} (nbgitpuller and "
            f"Binder clone over https), e.g. {example}"
        )
    if "://" not in text:
        raise InstructorError(
            f"{option} {text!r} has no http:// or https://; did you mean https://{text} ?"
        )
    parts = urlsplit(text)
    if parts.scheme.lower() not in {"http", "https"}:
        raise InstructorError(
            f"{option} {text!r}: the {what} must be an http:// or https:// address, "
            f"not {parts.scheme}://"
        )
    try:
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise InstructorError(f"{option} {text!r}: not a valid address (check the port)") from None
    if not host:
        raise InstructorError(f"{option} {text!r}: the address has no host name, e.g. {example}")
    if re.search(r"\s", text):
        raise InstructorError(f"{option} {text!r}: an address cannot contain spaces")
    if parts.username is not None or parts.password is not None:
        raise InstructorError(
            f"{option}: leave the user name and password out of the address: every student "
            "would see them in the link"
        )
    if parts.query or parts.fragment:
        raise InstructorError(
            f"{option} {text!r}: give the address without '?…' or '#…' (e.g. {example})"
        )
    return parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), host.lower()


def _hub_base(hub: str) -> str:
    """Return the hub's base address: trailing ``/``, ``/hub/…`` and ``/user/NAME/…`` cut off."""
    scheme, netloc, path, host = _web_address(hub, "JupyterHub", "--hub")
    segments = path.split("/")
    for marker in ("hub", "user"):  # an address copied from a page of the hub
        if marker in segments[1:]:
            segments = segments[: segments.index(marker, 1)]
            break
    if scheme == "http" and host not in _LOCAL_HOSTS and not host.endswith(".localhost"):
        import warnings

        warnings.warn(
            f"--hub {hub!r} uses http://: students would log in over an unencrypted "
            "connection; use the hub's https:// address if it has one",
            stacklevel=3,
        )
    return urlunsplit((scheme, netloc, "/".join(segments), "", ""))


def _repo(repo: str) -> tuple[str, str, list[str]]:
    """Return (repository address without trailing /, host, path segments)."""
    scheme, netloc, path, host = _web_address(repo, "git repository", "--repo")
    segments = [s for s in path.split("/") if s]
    if not segments:
        raise InstructorError(
            f"--repo {repo!r}: that is a site, not a repository; give its address, e.g. "
            "https://github.com/OWNER/NAME"
        )
    if host in {"github.com", "www.github.com"} and len(segments) != 2:
        raise InstructorError(
            f"--repo {repo!r}: a GitHub repository's address is https://github.com/OWNER/NAME "
            "(not a page inside it, such as …/tree/main)"
        )
    return urlunsplit((scheme, netloc, "/" + "/".join(segments), "", "")), host, segments


def _branch(branch: str) -> str:
    branch = branch.strip()
    if (
        not branch
        or _BAD_REF.search(branch)
        or branch.startswith(("-", "/", "."))
        or branch.endswith(("/", ".", ".lock"))
    ):
        raise InstructorError(f"--branch {branch!r} is not a valid git branch name")
    return branch


def _notebook(notebook: str, *, check_shipped: bool, lang: str = "en") -> str:
    """Return the notebook's path inside ``notebooks/`` (``.ipynb`` added when left out).

    For the course's own repository in Japanese (``lang="ja"``): ``student/ja/<notebook>``.
    """
    name = notebook.strip().replace("\\", "/")
    if name.startswith("notebooks/"):
        name = name[len("notebooks/") :]
    if not name.lower().endswith(".ipynb"):
        name += ".ipynb"
    parts = name.split("/")
    if name.startswith("/") or any(p in {"", ".", ".."} for p in parts):
        raise InstructorError(
            f"--notebook {notebook!r}: give a notebook of the repository's notebooks/ folder, "
            f"e.g. {DEFAULT_NOTEBOOK}"
        )
    if check_shipped:
        from usjapan_edu._resources import JA_FOLDER, STUDENT_FOLDER, notebooks_dir

        # The course's own links open the student versions (no solutions): notebooks/student/
        # (in Japanese notebooks/student/ja/, whose notebooks speak Japanese by their folder).
        name = name.removeprefix(f"{STUDENT_FOLDER}/").removeprefix(f"{JA_FOLDER}/")
        shipped = sorted(p.name for p in notebooks_dir().glob("*.ipynb"))
        if name not in shipped:
            raise InstructorError(
                f"--notebook {notebook!r}: the course has no such notebook; its notebooks are "
                + ", ".join(shipped)
            )
        name = f"{STUDENT_FOLDER}/{JA_FOLDER + '/' if lang == 'ja' else ''}{name}"
    return name


def nbgitpuller_link(hub: str, repo: str, branch: str, urlpath: str) -> str:
    """Return the nbgitpuller link: every value percent-encoded, nothing left unsafe.

    Examples
    --------
    >>> nbgitpuller_link("https://hub.example.edu", "https://github.com/a/b", "main",
    ...                  "lab/tree/b/notebooks/x.ipynb")
    'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fa%2Fb&branch=main&urlpath=lab%2Ftree%2Fb%2Fnotebooks%2Fx.ipynb'

    """
    query = "&".join(
        f"{key}={quote(value, safe='')}"
        for key, value in (("repo", repo), ("branch", branch), ("urlpath", urlpath))
    )
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def binder_link(repo: str, branch: str, notebook: str, binderhub: str = DEFAULT_BINDERHUB) -> str:
    """Return a Binder link that opens ``notebooks/<notebook>`` of ``repo`` in JupyterLab.

    GitHub and gitlab.com repositories use Binder's short forms (``v2/gh/…``, ``v2/gl/…``);
    any other git host the general ``v2/git/<address>/<branch>``.

    Examples
    --------
    >>> binder_link("https://github.com/usjapan-edu/usjapan-edu", "main", "00-start-here.ipynb")
    'https://mybinder.org/v2/gh/usjapan-edu/usjapan-edu/main?urlpath=lab%2Ftree%2Fnotebooks%2F00-start-here.ipynb'

    """
    address, host, segments = _repo(repo)
    scheme, netloc, path, _ = _web_address(binderhub, "BinderHub", "--binderhub")
    base = urlunsplit((scheme, netloc, path, "", ""))
    ref = quote(branch, safe="")
    if host in {"github.com", "www.github.com"}:
        owner, name = segments
        name = name[:-4] if name.endswith(".git") else name
        spec = f"gh/{quote(owner, safe='')}/{quote(name, safe='')}/{ref}"
    elif host == "gitlab.com":
        project = "/".join(segments)
        project = project[:-4] if project.endswith(".git") else project
        spec = f"gl/{quote(project, safe='')}/{ref}"
    else:
        spec = f"git/{quote(address, safe='')}/{ref}"
    urlpath = quote(f"lab/tree/notebooks/{notebook}", safe="")
    return f"{base}/v2/{spec}?urlpath={urlpath}"


def hub_links(
    hub: str,
    repo: str | None = None,
    branch: str = "main",
    notebook: str = DEFAULT_NOTEBOOK,
    binderhub: str = DEFAULT_BINDERHUB,
    lang: str = "en",
) -> HubLinks:
    """Return the nbgitpuller link for ``hub`` and the Binder link, after checking every value.

    ``repo`` defaults to the course's own repository (:func:`project_url`); then the notebook
    must be one the course ships, and both links open its **student version**
    (``notebooks/student/``, no solutions). For a repository of your own, ``notebook`` is the
    path under its ``notebooks/`` folder, as given. ``lang="ja"`` opens the Japanese student
    version (``notebooks/student/ja/``) of the course's notebook.

    Raises
    ------
    InstructorError
        One line naming the option that is wrong and why.

    Examples
    --------
    >>> links = hub_links("https://hub.example.edu/")
    >>> links.folder, links.notebook
    ('usjapan-edu', 'student/00-start-here.ipynb')
    >>> print(links.hub)  # doctest: +NORMALIZE_WHITESPACE
    https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fusjapan-edu%2Fusjapan-edu&branch=main&urlpath=lab%2Ftree%2Fusjapan-edu%2Fnotebooks%2Fstudent%2F00-start-here.ipynb

    """
    from usjapan_edu.i18n import check_language

    own = repo is None
    lang = check_language(lang, what="--lang")
    if lang != "en" and not own:
        raise InstructorError(
            "--lang: the language chooses among the course's own notebooks; for your own "
            "repository give the notebook's path, e.g. --notebook student/ja/00-start-here.ipynb"
        )
    address, _, segments = _repo(project_url() if repo is None else repo)
    base = _hub_base(hub)
    ref = _branch(branch)
    name = _notebook(notebook, check_shipped=own, lang=lang)
    folder = segments[-1]  # nbgitpuller clones into repo.split('/')[-1]
    urlpath = f"lab/tree/{folder}/notebooks/{name}"
    return HubLinks(
        hub=nbgitpuller_link(base, address, ref, urlpath),
        binder=binder_link(address, ref, name, binderhub),
        repo=address,
        branch=ref,
        notebook=name,
        folder=folder,
    )
