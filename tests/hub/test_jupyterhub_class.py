"""Running a class: a real JupyterHub, two students, each with their own answers in their own home.

The test starts JupyterHub (with its Node proxy, configurable-http-proxy, installed by
``make test`` from the npm registry) on loopback ports, as root, with the configuration in
``jupyterhub_config.py``: LocalProcessSpawner and two throwaway Unix users made for the test.
Each student logs in through the hub's real login page in headless Chromium (every request
that leaves the hub is aborted), lands in JupyterLab on their own copy of 00-start-here, runs
it and answers one quiz question. Then the test checks, on disk and as the other student's
uid, that each one's answer is stored in their own home, owned by them, mode 0600, and that
neither student can list the other's home, read the other's progress file, or open the
other's server through the hub.

Why real users and not ``SimpleLocalProcessSpawner``: that spawner runs every server as the
hub's own user (root here), so "the other student cannot read it" would be false and could
not be tested; file permissions only separate students who are different Unix users.

Needs root (to create users and run the hub), Node with the proxy in
``<venv>/hub-proxy`` (``make test`` installs it) and ``/usr/bin/chromium``. Locally it is
skipped without them; in CI (``CI=true``) it fails instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest
from jupyter_helpers import REPO, free_port, run_all
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

pytestmark = [pytest.mark.hub, pytest.mark.browser]

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "jupyterhub_config.py"
PROXY = Path(sys.prefix) / "hub-proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
CHROME_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
    "--disable-extensions",
]  # fmt: skip
START = "00-start-here.ipynb"
BANK = "00-start-here"
QUESTION = "missing-means"  # true/false: "an empty (missing) value means the figure was zero"
PROMPT = "an empty (missing) value means the figure was zero"
PASSWORD = secrets.token_urlsafe(12)
API_TOKEN = secrets.token_hex(16)
SLOW = 240_000  # ms: a server and a kernel starting on a 2-core machine


def _missing() -> str | None:
    """Return why the hub test cannot run here, or None when it can."""
    if os.name != "posix" or os.geteuid() != 0:
        return "needs root: it creates two Unix users and runs JupyterHub as root"
    for tool in ("useradd", "userdel", "node"):
        if shutil.which(tool) is None:
            return f"`{tool}` not found"
    if not PROXY.exists():
        return f"configurable-http-proxy not installed in {PROXY.parents[2]} (run `make test`)"
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    return None


def _cannot_run(reason: str):
    """Skip here; fail in CI, where the test must run."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"the JupyterHub test must run in CI but cannot: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module", autouse=True)
def _prerequisites():
    reason = _missing()
    if reason is not None:
        _cannot_run(reason)


# ----------------------------------------------------------------- students (Unix users)


@dataclass
class Student:
    name: str
    uid: int
    gid: int
    home: Path
    answer: bool  # what this student answers to the true/false question
    seen: dict = field(default_factory=dict)  # filled in by the class session

    @property
    def progress(self) -> Path:
        return self.home / ".usjapan-edu" / "progress.json"


def _kill_processes_of(uids: set[int]) -> None:
    """Kill what is left running under the test users' uids (servers, kernels we caused)."""
    for _ in range(20):
        left = [p for p in psutil.process_iter(["uids"]) if p.info["uids"] and
                p.info["uids"].real in uids]  # fmt: skip
        if not left:
            return
        for proc in left:
            with contextlib.suppress(psutil.Error):
                proc.kill()
        psutil.wait_procs(left, timeout=5)


def _closed_dirs() -> list[Path]:
    """Return the folders on the way to the hub's Python and the course closed to other users.

    For example a pyenv Python under /root, which is 0700.
    """
    needed = [Path(os.path.realpath(sys.executable)), Path(sys.base_prefix), Path(sys.prefix), REPO]
    closed: list[Path] = []
    for path in needed:
        for folder in [*reversed(path.parents), *([path] if path.is_dir() else [])]:
            if not folder.stat().st_mode & stat.S_IXOTH and folder not in closed:
                closed.append(folder)
    return closed


@contextlib.contextmanager
def _let_through(folders: list[Path], users: list[str]):
    """Let ``users`` (only them) pass through ``folders`` with ACLs, and undo it afterwards.

    Students must be able to run the hub's Python: on a real hub it lives where every user can
    read it (/usr, /opt). A test machine may have it under /root; rather than open /root to
    everyone, the two throwaway users get "x" (traverse, not list) there, for the test only.
    """
    if not folders:
        yield
        return
    if shutil.which("setfacl") is None:
        _cannot_run(
            f"students cannot reach the hub's Python ({', '.join(map(str, folders))} closed to "
            "other users) and `setfacl` is missing to let them through (apt-get install acl)"
        )
    before = {f: (f.stat().st_mode, _has_acl(f)) for f in folders}
    try:
        for f in folders:
            for user in users:
                subprocess.run(["setfacl", "-m", f"u:{user}:x", str(f)], check=True)
        yield
    finally:
        for f, (mode, had_acl) in before.items():
            for user in users:
                subprocess.run(["setfacl", "-x", f"u:{user}", str(f)], capture_output=True)
            if not had_acl:
                subprocess.run(["setfacl", "-b", str(f)], capture_output=True)
            os.chmod(f, stat.S_IMODE(mode))


def _has_acl(folder: Path) -> bool:
    out = subprocess.run(["getfacl", "--skip-base", "--absolute-names", str(folder)],
                         capture_output=True, text=True)  # fmt: skip
    return bool(out.stdout.strip())


def _run_as(student: Student, *args: str, **kwargs) -> subprocess.CompletedProcess:
    """Run the hub's Python as ``student`` (their uid and group only, no supplementary groups)."""
    return subprocess.run(
        [sys.executable, *args],
        user=student.uid, group=student.gid, extra_groups=[], cwd="/",
        env={"PATH": "/usr/bin:/bin", "HOME": str(student.home)},
        capture_output=True, text=True, timeout=120, **kwargs,
    )  # fmt: skip


@pytest.fixture(scope="module")
def students(_prerequisites):
    """Two throwaway Unix users with private (0700) homes; deleted, with the homes, at the end."""
    homes = Path(tempfile.mkdtemp(prefix="usj-hub-homes-"))
    homes.chmod(0o711)  # users may pass through to their own home, not list the others
    tag = secrets.token_hex(3)
    made: list[Student] = []
    try:
        for who, answer in (("ana", False), ("ben", True)):  # ana is right, ben is wrong
            name = f"usj{tag}{who}"
            home = homes / name
            subprocess.run(
                ["useradd", "--create-home", "--home-dir", str(home), "--user-group",
                 "--shell", "/usr/sbin/nologin", "--key", "HOME_MODE=0700",
                 "--comment", "usjapan-edu hub test (throwaway)", name],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            pw = pwd.getpwnam(name)
            made.append(Student(name, pw.pw_uid, pw.pw_gid, home, answer))
        with _let_through(_closed_dirs(), [s.name for s in made]):
            for s in made:  # a clear message now rather than a spawn timeout later
                check = _run_as(s, "-c", "import jupyterhub, jupyterlab, usjapan_edu")
                assert check.returncode == 0, (
                    f"{s.name} cannot run the hub's Python: {check.stderr}"
                )
            yield made
            _kill_processes_of({s.uid for s in made})
    finally:
        _kill_processes_of({s.uid for s in made})
        for s in made:
            subprocess.run(["userdel", s.name], capture_output=True, text=True)
        shutil.rmtree(homes, ignore_errors=True)


# ----------------------------------------------------------------- the hub


@dataclass
class Hub:
    base: str
    proc: subprocess.Popen
    log: Path

    def api(self, method: str, path: str, timeout: float = 30):
        """Call the hub's REST API with the test's service token; return parsed JSON or None."""
        req = urllib.request.Request(
            f"{self.base}/hub/api{path}",
            method=method,
            headers={"Authorization": f"token {API_TOKEN}"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as r:
            body = r.read()
        return json.loads(body) if body else None

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


def _wait(what: str, check, hub: Hub | None = None, timeout: float = 180) -> None:
    """Poll ``check()`` until it is true; fail naming ``what`` (with the hub's log) if not."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError, ValueError):
            if check():
                return
        if hub is not None and hub.proc.poll() is not None:
            pytest.fail(f"JupyterHub exited while waiting for {what}:\n{hub.tail()}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}" + (f":\n{hub.tail()}" if hub else ""))
        time.sleep(0.5)


def _stop_hub(hub: Hub, students: list[Student]) -> None:
    """Stop the students' servers through the API, then the hub (which stops its proxy)."""
    for s in students:
        with contextlib.suppress(OSError):
            hub.api("DELETE", f"/users/{s.name}/server")

    deadline = time.monotonic() + 90  # then the hub stops whatever is left
    while time.monotonic() < deadline and hub.proc.poll() is None:
        with contextlib.suppress(OSError, ValueError, KeyError):
            if all(not hub.api("GET", f"/users/{s.name}")["servers"] for s in students):
                break
        time.sleep(0.5)
    try:
        children = psutil.Process(hub.proc.pid).children(recursive=True)  # proxy, servers
    except psutil.Error:
        children = []
    hub.proc.send_signal(signal.SIGTERM)  # the hub stops the proxy and any server left
    try:
        hub.proc.wait(60)
    except subprocess.TimeoutExpired:
        os.killpg(hub.proc.pid, signal.SIGKILL)
        hub.proc.wait(10)
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.kill()


@pytest.fixture(scope="module")
def hub(students, tmp_path_factory):
    """JupyterHub and its proxy on free loopback ports, ready when its REST API answers."""
    state = tmp_path_factory.mktemp("hub")
    port, hub_port, api_port = free_port(), free_port(), free_port()
    env = dict(
        os.environ,
        USJ_HUB_URL=f"http://127.0.0.1:{port}",
        USJ_HUB_INTERNAL_URL=f"http://127.0.0.1:{hub_port}",
        USJ_HUB_PROXY_API_URL=f"http://127.0.0.1:{api_port}",
        USJ_HUB_PROXY=str(PROXY),
        USJ_HUB_PASSWORD=PASSWORD,
        USJ_HUB_USERS=",".join(s.name for s in students),
        USJ_HUB_API_TOKEN=API_TOKEN,
        USJ_HUB_OFFLINE_PATH=str(REPO / "tests" / "support" / "offline"),
    )
    log = state / "hub.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)],
            cwd=state, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    h = Hub(f"http://127.0.0.1:{port}", proc, log)
    try:
        # Through the proxy: both the proxy and the hub answer; then the token works.
        _wait("the hub's API", lambda: "version" in h.api("GET", "/", timeout=5), h)
        _wait("the hub's user list", lambda: len(h.api("GET", "/users")) == 2, h)
        yield h
    finally:
        _stop_hub(h, students)


# ----------------------------------------------------------------- the class session


def _attend(browser, hub: Hub, student: Student):
    """Log in, land in JupyterLab on 00-start-here, run it, answer the true/false question.

    Returns the student's browser context, still signed in to the hub.
    """
    ctx = browser.new_context(viewport={"width": 1280, "height": 1400})
    blocked: list[str] = []

    def refuse(route):
        blocked.append(route.request.url)
        route.abort()

    ctx.route(lambda url: not url.startswith(f"{hub.base}/"), refuse)
    page = ctx.new_page()
    page.set_default_timeout(SLOW)
    try:
        page.goto(f"{hub.base}/hub/login")
        page.get_by_label("Username:").fill(student.name)
        page.get_by_label("Password:", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        # The hub spawns the server (the course is copied in first) and sends the student on.
        landed = re.compile(rf"/user/{student.name}/lab/tree/{re.escape(START)}")
        _wait(f"{student.name}'s JupyterLab", lambda: _landed(page, landed), hub, SLOW / 1000)
        page.wait_for_function("() => window.jupyterapp !== undefined")
        run_all(page, START)
        expect(
            page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']")
        ).to_have_count(0, timeout=SLOW)

        # The quiz front end is being rebuilt: find the question by its text and roles only.
        question = page.get_by_role("group").filter(has_text=PROMPT).last
        question.scroll_into_view_if_needed()
        question.get_by_role("radio", name=str(student.answer), exact=True).check()
        question.get_by_role("button", name="Check", exact=True).click()
        verdict = "Correct" if student.answer is False else "Not quite"
        expect(question.get_by_role("status")).to_contain_text(verdict, timeout=60_000)
        student.seen["verdict"] = verdict

        student.seen["blocked"] = blocked
        return ctx
    except BaseException as exc:
        shot = hub.log.with_name(f"{student.name}.png")
        with contextlib.suppress(Exception):
            page.screenshot(path=shot)
        ctx.close()
        if isinstance(exc, Exception):  # not pytest.fail (already has the log) nor Ctrl+C
            msg = f"{student.name}: {exc}\n(screenshot: {shot})\n--- hub log ---\n{hub.tail()}"
            raise AssertionError(msg) from exc
        raise


def _landed(page, url: re.Pattern) -> bool:
    """True once the page is on ``url``; fails at once if the hub says the spawn failed."""
    if url.search(page.url):
        return True
    failed = ""
    with contextlib.suppress(PlaywrightError):  # the page may be navigating
        if "/hub/spawn" in page.url and page.get_by_text("Spawn failed").count():
            failed = page.locator("body").inner_text()
    if failed:
        pytest.fail(f"the hub could not start the server: {failed}")
    page.wait_for_timeout(500)
    return False


def _class_in_the_browser(hub: Hub, students: list[Student]) -> None:
    """Both students attend, one after the other; then each one's browser asks for both servers.

    Each browser, still signed in, asks the hub for each student's copy of 00-start-here: the
    status and whether a notebook came back go in ``seen["server:<name>"]``.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
        contexts = []
        try:
            for s in students:
                contexts.append(_attend(browser, hub, s))
            for me, ctx in zip(students, contexts, strict=True):
                for target in students:
                    url = f"{hub.base}/user/{target.name}/api/contents/{START}"
                    resp = ctx.request.get(url, timeout=60_000)
                    me.seen[f"server:{target.name}"] = (resp.status, '"cells"' in resp.text())
        finally:
            for ctx in contexts:
                ctx.close()
            browser.close()


@pytest.fixture(scope="module")
def class_session(hub, students):
    """The class, in Debian's Chromium (never a downloaded browser), driven by Playwright.

    In a thread of its own: the browser tests' session-wide Playwright may be running in this
    one, and Playwright's sync API refuses a second instance in the same thread.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_class_in_the_browser, hub, students).result()
    return students


# ----------------------------------------------------------------- what the test proves

PROBE = """
import json, os, sys
out = {}
for what, act in (("list_home", lambda: os.listdir(sys.argv[1])),
                  ("read_progress", lambda: open(sys.argv[2], "rb").read())):
    try:
        act()
        out[what] = "allowed"
    except PermissionError:
        out[what] = "denied"
print(json.dumps(out))
"""


def _probe_as(student: Student, target: Student) -> dict[str, str]:
    """Try, as ``student``'s uid and group only, to list ``target``'s home and read its answers."""
    result = _run_as(student, "-c", PROBE, str(target.home), str(target.progress), check=True)
    return json.loads(result.stdout)


def _saved_answer(student: Student) -> dict | None:
    if not student.progress.exists():
        return None
    data = json.loads(student.progress.read_text(encoding="utf-8"))
    return data.get("banks", {}).get(BANK, {}).get("questions", {}).get(QUESTION)


def test_each_student_works_in_their_own_home(class_session, hub):
    for s in class_session:
        assert s.seen["verdict"] in ("Correct", "Not quite")
        assert not s.seen["blocked"], f"{s.name}'s page tried to leave the hub: {s.seen['blocked']}"
        server = hub.api("GET", f"/users/{s.name}")["servers"][""]
        assert server["ready"], f"{s.name}'s server is not ready: {server}"
        # The course was copied into the home, as the student, private to them.
        course = s.home / "usjapan-edu-course" / START
        assert course.is_file(), f"the course was not copied into {s.home}"
        assert course.stat().st_uid == s.uid
        assert course.stat().st_mode & 0o077 == 0, oct(course.stat().st_mode)


def test_answers_are_stored_in_each_students_own_home(class_session):
    for s in class_session:
        _wait(f"{s.name}'s answer on disk", lambda s=s: _saved_answer(s) is not None, timeout=60)
        record = _saved_answer(s)
        assert record["response"] is s.answer
        assert record["correct"] is (s.answer is False)
        assert record["attempts"] == 1
        st = s.progress.stat()
        assert (st.st_uid, st.st_gid) == (s.uid, s.gid), "progress.json must be the student's"
        assert oct(st.st_mode & 0o777) == "0o600"
        assert oct(s.progress.parent.stat().st_mode & 0o777) == "0o700"
        assert oct(s.home.stat().st_mode & 0o777) == "0o700"
    ana, ben = class_session
    assert ana.progress != ben.progress
    # nothing of one student's landed in the other's file
    assert _saved_answer(ana)["response"] is False and _saved_answer(ben)["response"] is True


def test_neither_student_can_read_the_other_s_answers(class_session):
    ana, ben = class_session
    for me, other in ((ana, ben), (ben, ana)):
        # the probe works: each can read their own
        assert _probe_as(me, me) == {"list_home": "allowed", "read_progress": "allowed"}
        # as the other's uid, on the machine (a terminal or a kernel in JupyterLab would do this)
        assert _probe_as(me, other) == {"list_home": "denied", "read_progress": "denied"}
        # through the hub: signed in as `me`, my notebook opens and the other's is refused
        assert me.seen[f"server:{me.name}"] == (200, True)
        assert me.seen[f"server:{other.name}"] == (403, False)

    # Even if an instructor opens a home up (0755), the progress file itself stays private:
    # the servers run with umask 077, so it was written 0600.
    ana.home.chmod(0o755)
    try:
        assert _probe_as(ben, ana) == {"list_home": "allowed", "read_progress": "denied"}
    finally:
        ana.home.chmod(0o700)
