"""usjapan-edu: a data-driven course on the U.S.–Japan alliance.

The package supplies cited datasets (:mod:`usjapan_edu.datasets`), quiz widgets
(:mod:`usjapan_edu.quiz`) and chart helpers (:mod:`usjapan_edu.charts`) for the course
notebooks. Importing it makes Altair charts render offline (see :func:`setup`), without
importing Altair until something needs it.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__", "setup"]

from usjapan_edu._lazy_iri import defer_iri_grammar
from usjapan_edu._setup import enable_when_altair_is_imported, setup

defer_iri_grammar()  # Altair's jsonschema need not compile IRI grammars it never uses
enable_when_altair_is_imported()
