"""The setup cell is quick and the first chart needs no wait, with nothing else changed.

* ``import usjapan_edu`` defers ``rfc3987_syntax`` (IRI grammars compiled at import, unused by
  Vega-Lite): IRI checks still work when asked for, and Altair still refuses a bad chart.
* ``from usjapan_edu import charts`` imports no Altair; in IPython the chart modules are imported
  by one background thread after the cell, which the first chart waits for; a kernel that
  imports neither charts nor quizzes starts no thread.

Each case runs in a fresh interpreter (what is imported, and when, is the point).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest


def run(code: str, timeout: float = 120, *, shell: bool = False) -> str:
    """Run ``code`` (dedented) in a fresh interpreter, after :data:`SHELL` if ``shell``."""
    code = (textwrap.dedent(SHELL) if shell else "") + textwrap.dedent(code)
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip(), out.stderr
    return out.stdout.strip().splitlines()[-1]


def test_altair_imports_without_compiling_the_iri_grammar() -> None:
    code = """
        import sys, usjapan_edu, altair
        print(sorted(m for m in ("lark", "rfc3987_syntax.syntax_helpers") if m in sys.modules))
    """
    assert run(code) == "[]"


def test_iri_checking_still_works_when_asked_for() -> None:
    code = """
        import sys, usjapan_edu, jsonschema
        from usjapan_edu._lazy_iri import is_stand_in
        before = is_stand_in(sys.modules["rfc3987_syntax"])
        check = jsonschema.FormatChecker()
        verdicts = [check.conforms(v, f) for v, f in [
            ("https://例え.jp/道?q=1", "iri"), ("no spaces allowed", "iri"),
            ("../relative/路", "iri-reference"), ("http://[bad", "iri-reference"),
        ]]
        schema = {"type": "string", "format": "iri"}
        errors = list(jsonschema.Draft202012Validator(schema, format_checker=check).iter_errors(
            "not an iri"))
        after = is_stand_in(sys.modules["rfc3987_syntax"])
        print(before, verdicts, len(errors), after, "lark" in sys.modules)
    """
    assert run(code) == "True [True, False, True, False] 1 False True"


def test_the_stand_in_hands_over_any_other_use_of_the_module() -> None:
    code = """
        import usjapan_edu, rfc3987_syntax, rfc3987_syntax.utils
        from rfc3987_syntax import RFC3987_SYNTAX_TERMS
        print(rfc3987_syntax.is_valid_syntax("iri", "https://example.org/"),
              len(RFC3987_SYNTAX_TERMS) > 0)
    """
    assert run(code) == "True True"


def test_altair_still_refuses_a_bad_chart() -> None:
    code = """
        import usjapan_edu, altair as alt
        chart = alt.Chart(alt.Data(values=[{"a": 1}])).mark_point().encode(
            x=alt.X("a:Q", bin="yes"))
        try:
            chart.to_dict()
        except alt.utils.schemapi.SchemaValidationError:
            print("refused")
        else:
            print("accepted")
    """
    assert run(code) == "refused"


def test_importing_charts_imports_no_altair_until_a_chart_is_made() -> None:
    code = """
        import sys
        from usjapan_edu import charts, datasets
        light = "altair" not in sys.modules
        chart = charts.goods_trade_chart(datasets.load("goods_trade"))
        import altair as alt
        print(light, alt.renderers.active, chart.to_dict()["description"][:10])
    """
    assert run(code) == "True mimetype Line chart"


def test_every_public_chart_name_resolves() -> None:
    code = """
        from usjapan_edu import charts
        missing = [n for n in charts.__all__ if getattr(charts, n, None) is None]
        print(missing, sorted(set(charts.__all__) - set(dir(charts))))
    """
    assert run(code) == "[] []"


SHELL = """
    import sys, threading, json
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    def cell(code):
        result = shell.run_cell(code)
        result.raise_error()
    def warm_threads():
        return [t for t in threading.enumerate() if t.name == "usjapan-edu-warm-imports"]
"""


def test_in_a_notebook_the_chart_modules_load_in_the_background_after_the_cell() -> None:
    code = """
        cell("from usjapan_edu import charts, datasets")
        started = bool(warm_threads()) or "usjapan_edu.charts.trade" in sys.modules
        during = "altair" in sys.modules and not warm_threads()
        for t in warm_threads():
            t.join(60)
        cell("spec = charts.goods_trade_chart(datasets.load('goods_trade')).to_dict()")
        print(json.dumps([started, during, "altair" in sys.modules,
                          shell.user_ns["spec"]["description"][:10]]))
    """
    assert json.loads(run(code, shell=True)) == [True, False, True, "Line chart"]


def test_a_chart_made_while_the_background_import_runs_is_the_same_chart() -> None:
    """No deadlock, same result: the first chart is drawn while the thread is still importing."""
    reference = run(
        """
        import json
        from usjapan_edu import charts, datasets
        print(json.dumps(charts.goods_trade_chart(datasets.load("goods_trade")).to_dict(),
                         sort_keys=True))
        """
    )
    code = """
        cell("from usjapan_edu import charts, datasets, quiz")
        busy = bool(warm_threads())
        cell("spec = charts.goods_trade_chart(datasets.load('goods_trade')).to_dict()")
        print(json.dumps(shell.user_ns["spec"], sort_keys=True) if busy else "not busy")
    """
    for _ in range(3):
        assert run(code, timeout=60, shell=True) == reference


def test_a_kernel_without_charts_or_quizzes_starts_no_thread() -> None:
    """Exercises use the quiz loader, not its widget: the widget stack is not warmed for them."""
    code = """
        cell("import usjapan_edu\\nfrom usjapan_edu import datasets, exercises")
        cell("x = datasets.load('goods_trade')")
        before = [warm_threads(), "altair" in sys.modules, "anywidget" in sys.modules]
        cell("from usjapan_edu import quiz")  # now the notebook holds the quiz package
        for t in warm_threads():
            t.join(60)
        print(json.dumps([*before, "anywidget" in sys.modules]))
    """
    assert json.loads(run(code, shell=True)) == [[], False, False, True]


@pytest.mark.parametrize("first", [True, False])
def test_the_queue_keeps_order_and_priority(monkeypatch, tmp_path, first) -> None:
    from usjapan_edu import _warm

    (tmp_path / "usj_warm_probe.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "usj_warm_probe", raising=False)

    class Events:
        def __init__(self) -> None:
            self.hooks: list = []

        def register(self, _event, hook) -> None:
            self.hooks.append(hook)

        def unregister(self, _event, hook) -> None:
            self.hooks.remove(hook)

    class Shell:
        events = Events()

    monkeypatch.setattr(_warm, "_shell", lambda: Shell)
    monkeypatch.setattr(_warm, "_queue", [])
    monkeypatch.setattr(_warm, "_ready", [])
    monkeypatch.setattr(_warm, "_needs", {})
    monkeypatch.setattr(_warm, "_done", {})
    monkeypatch.setattr(_warm, "_state", {"thread": None, "hooked": None})
    assert _warm.after_this_cell(["usj_warm_probe"])
    assert _warm.after_this_cell(["this_module_does_not_exist", "usj_warm_probe"], first=first)
    expected = (
        ["this_module_does_not_exist", "usj_warm_probe"]
        if first
        else ["usj_warm_probe", "this_module_does_not_exist"]
    )
    assert _warm._queue == expected and len(Shell.events.hooks) == 1
    _warm._start()
    for name in expected:
        _warm._done[name].wait(30)
    assert Shell.events.hooks == [] and _warm._queue == []
    assert sys.modules["usj_warm_probe"].VALUE == 1  # a failed import is simply forgotten


def test_a_quiz_shown_while_the_widget_stack_loads_is_the_same_quiz(tmp_path) -> None:
    """No deadlock, same result: the quiz cell runs while the thread imports the widget stack."""
    show = """
        import json
        from usjapan_edu import quiz
        w = quiz.quiz_widget("03-trade", store=None)
        print(json.dumps([w.quiz, w._repr_mimebundle_()[0]["text/html"]]))
    """
    reference = run(show)
    code = """
        cell("from usjapan_edu import quiz")
        busy = bool(warm_threads())
        cell("w = quiz.quiz_widget('03-trade', store=None)")
        w = shell.user_ns["w"]
        print(json.dumps([w.quiz, w._repr_mimebundle_()[0]["text/html"]]) if busy else "idle")
    """
    for _ in range(3):
        assert run(code, timeout=60, shell=True) == reference
