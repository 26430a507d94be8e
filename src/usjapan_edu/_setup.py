"""Make charts render with no network access, without slowing down ``import usjapan_edu``.

Altair's default renderer emits HTML that loads vega, vega-lite and vega-embed from a CDN, so a
classroom behind a firewall (or any offline laptop) sees "Error loading script". Altair 5's
``mimetype`` renderer instead emits an ``application/vnd.vegalite.v5+json`` bundle that
JupyterLab 4 and Notebook 7 draw with the vega they ship, and that nbclient, nbconvert and
GitHub previews keep as data. :func:`setup` selects it, and enables the course's language theme
(``usjapan_edu_language``, :mod:`usjapan_edu.charts._theme`): a chart drawn in a Japanese notebook,
the student's own included, names a font that has Japanese glyphs; an English chart keeps exactly
Altair's default configuration, and a theme the student enabled is kept.

Importing Altair costs seconds (its jsonschema dependency compiles IRI grammars at import), so
``import usjapan_edu`` does not import it: :func:`enable_when_altair_is_imported` applies
:func:`setup` the moment anything — a course module or the student's own
``import altair`` — imports Altair.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from typing import Any

__all__ = ["enable_when_altair_is_imported", "setup"]


def setup() -> None:
    """Enable Altair's offline ``mimetype`` renderer and the course's language theme.

    Idempotent and cheap to call again; a theme other than Altair's default is left as it is.

    Examples
    --------
    >>> import usjapan_edu
    >>> usjapan_edu.setup()
    >>> import altair as alt
    >>> alt.renderers.active, alt.theme.active
    ('mimetype', 'usjapan_edu_language')
    """
    import altair as alt

    if alt.renderers.active != "mimetype":
        alt.renderers.enable("mimetype")
    from usjapan_edu.charts._theme import enable_language_theme

    enable_language_theme()


class _SetupAfterAltairImport(importlib.abc.MetaPathFinder):
    """Finds nothing itself; when ``altair`` is first imported, runs :func:`setup` after it."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != "altair":
            return None
        sys.meta_path.remove(self)  # once is enough; later imports are plain
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        exec_module = spec.loader.exec_module

        def exec_then_setup(module: Any) -> None:
            exec_module(module)
            setup()

        spec.loader.exec_module = exec_then_setup  # type: ignore[method-assign]
        return spec


def enable_when_altair_is_imported() -> None:
    """Apply :func:`setup` now if Altair is loaded, else right after it is first imported."""
    if "altair" in sys.modules:
        setup()
    elif not any(isinstance(f, _SetupAfterAltairImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _SetupAfterAltairImport())
