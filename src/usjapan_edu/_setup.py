"""Make charts render with no network access.

Altair's default renderer emits HTML that loads vega, vega-lite and vega-embed from a CDN, so a
classroom behind a firewall (or any offline laptop) sees "Error loading script". Altair 5's
``mimetype`` renderer instead emits an ``application/vnd.vegalite.v5+json`` bundle that
JupyterLab 4 and Notebook 7 draw with the vega they ship, and that nbclient, nbconvert and
GitHub previews keep as data. ``setup()`` selects it; importing :mod:`usjapan_edu` calls it.
"""

from __future__ import annotations

__all__ = ["setup"]


def setup() -> None:
    """Enable Altair's offline ``mimetype`` renderer (idempotent; cheap to call again).

    Altair is imported lazily here only if it is installed and already imported or about to
    be used; the package never requires a network connection to draw a chart.

    Examples
    --------
    >>> import usjapan_edu
    >>> usjapan_edu.setup()
    >>> import altair as alt
    >>> alt.renderers.active
    'mimetype'

    """
    import altair as alt

    if alt.renderers.active != "mimetype":
        alt.renderers.enable("mimetype")
