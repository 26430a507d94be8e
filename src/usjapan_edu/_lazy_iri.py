"""Defer ``rfc3987_syntax`` (IRI grammar) until an IRI is really checked.

``import altair`` imports ``jsonschema``, whose ``_format`` module does
``from rfc3987_syntax import is_valid_syntax`` to offer the ``iri`` and ``iri-reference``
formats. ``rfc3987_syntax`` compiles Lark grammars when it is imported: about 70 % of
Altair's import time here (upstream: python-jsonschema/jsonschema#1428). The Vega-Lite schema
never uses those formats, so a course kernel pays for a grammar it never runs.

:func:`defer_iri_grammar` puts a stand-in in front of the import: ``rfc3987_syntax`` is then
a small module whose ``is_valid_syntax`` imports the real module the first time it is called
(and hands over to it); any other attribute, or a submodule, loads the real module at once.
Nothing changes for a program that checks IRIs (the same function answers), and nothing is
done when the real module is already loaded or not installed.

Examples
--------
>>> import jsonschema
>>> checker = jsonschema.FormatChecker()
>>> checker.conforms("https://例え.jp/path", "iri"), checker.conforms("no spaces allowed", "iri")
(True, False)

"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
import types
from typing import Any

__all__ = ["NAME", "defer_iri_grammar", "is_stand_in"]

NAME = "rfc3987_syntax"
_LOCK = threading.RLock()


def is_stand_in(module: object) -> bool:
    """Return whether ``module`` is the stand-in (the real grammar is not loaded yet)."""
    return getattr(module, "__usjapan_edu_stand_in__", False) is True


def _load_real(stand_in: types.ModuleType) -> types.ModuleType:
    """Import the real module in the stand-in's place (once; thread-safe); return it."""
    with _LOCK:
        current = sys.modules.get(NAME)
        if current is not None and not is_stand_in(current):
            return current
        spec = stand_in.__dict__["_real_spec"]
        real = importlib.util.module_from_spec(spec)
        sys.modules[NAME] = real
        try:
            spec.loader.exec_module(real)
        except BaseException:
            sys.modules[NAME] = stand_in
            raise
        stand_in.__dict__["_real"] = real
        return real


def _make_stand_in(module: types.ModuleType, spec: importlib.machinery.ModuleSpec) -> None:
    def is_valid_syntax(*args: Any, **kwargs: Any) -> Any:
        return _load_real(module).is_valid_syntax(*args, **kwargs)

    def __getattr__(name: str) -> Any:  # PEP 562: any other name loads the real module
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return getattr(_load_real(module), name)

    is_valid_syntax.__doc__ = "Check ``value`` against an RFC 3987 rule (loads the grammar)."
    module.__dict__.update(
        __usjapan_edu_stand_in__=True,
        _real_spec=spec,
        # a package's path, so that importing a submodule finds it (the finder below then
        # loads the real package first)
        __path__=list(spec.submodule_search_locations or []),
        is_valid_syntax=is_valid_syntax,
        __getattr__=__getattr__,
    )


class _StandInLoader(importlib.abc.Loader):
    def __init__(self, real_spec: importlib.machinery.ModuleSpec) -> None:
        self.real_spec = real_spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None  # the default module object

    def exec_module(self, module: types.ModuleType) -> None:
        _make_stand_in(module, self.real_spec)


class _DeferIriGrammar(importlib.abc.MetaPathFinder):
    """Answers the first import of ``rfc3987_syntax`` with the stand-in."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname.startswith(NAME + "."):
            parent = sys.modules.get(NAME)
            if parent is not None and is_stand_in(parent):
                _load_real(parent)  # a submodule needs the real package first
            return None
        if fullname != NAME:
            return None
        real = importlib.machinery.PathFinder.find_spec(fullname, path)
        if real is None or real.loader is None:
            return None  # not installed: the importer's ImportError path is unchanged
        return importlib.util.spec_from_loader(fullname, _StandInLoader(real), origin=real.origin)


def defer_iri_grammar() -> None:
    """Install the stand-in for ``rfc3987_syntax`` unless it is already imported (idempotent)."""
    if NAME in sys.modules or any(isinstance(f, _DeferIriGrammar) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _DeferIriGrammar())
