"""Altair chart builders for the course. Each returns an ``alt.Chart``; none displays or saves.

One module per part of the course (:mod:`.alliance` for 01, :mod:`.security` for 02,
:mod:`.trade` for 00/03/06, :mod:`.digital` for 04, :mod:`.regional` for 05), sharing the pieces in
:mod:`._base`; import them all from here: ``from usjapan_edu import charts``.

Charts carry a title that says what to see, tooltips, a colour-blind-safe palette with
distinct stroke dashes (never colour alone), and a ``description`` that screen readers announce.
The optional theme ``usjapan_edu`` is registered but not enabled:
``alt.theme.enable("usjapan_edu")``.

Importing this package does not import Altair: each helper's module is imported when the helper
is first used. In a notebook, the modules (and Altair) are imported in the background once the
cell that imported this package has finished (see :mod:`usjapan_edu._warm`), so the first chart
a student draws does not wait for them.

Examples
--------
>>> from usjapan_edu import datasets, charts
>>> chart = charts.goods_trade_chart(datasets.load("goods_trade"))
>>> chart.to_dict()["description"].startswith("Line chart")
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from usjapan_edu import _warm

if TYPE_CHECKING:
    from usjapan_edu.charts._base import (
        DASHES,
        PALETTE,
        SHAPES,
        ChartTable,
        chart_table,
    )
    from usjapan_edu.charts.alliance import timeline_chart, us_forces_chart
    from usjapan_edu.charts.digital import (
        OBLIGATION_WORDS,
        digital_provisions_chart,
        labelled_events_chart,
    )
    from usjapan_edu.charts.regional import (
        MEMBER_STATUSES,
        MEMBERSHIP_STATUS,
        coverage_chart,
        membership_chart,
        overlap_chart,
        partnership_chart,
    )
    from usjapan_edu.charts.security import (
        defense_budget_chart,
        host_nation_support_chart,
        military_spending_chart,
    )
    from usjapan_edu.charts.trade import (
        fdi_position_chart,
        goods_trade_chart,
        partner_rank_chart,
        tariff_schedule_chart,
        trade_balance_share_chart,
        us_tariff_chart,
    )

#: Public name -> the module (of this package) that defines it.
_WHERE = {
    **dict.fromkeys(["DASHES", "PALETTE", "SHAPES", "ChartTable", "chart_table"], "_base"),
    **dict.fromkeys(["timeline_chart", "us_forces_chart"], "alliance"),
    **dict.fromkeys(
        ["OBLIGATION_WORDS", "digital_provisions_chart", "labelled_events_chart"], "digital"
    ),
    **dict.fromkeys(
        [
            "MEMBER_STATUSES",
            "MEMBERSHIP_STATUS",
            "coverage_chart",
            "membership_chart",
            "overlap_chart",
            "partnership_chart",
        ],
        "regional",
    ),
    **dict.fromkeys(
        ["defense_budget_chart", "host_nation_support_chart", "military_spending_chart"],
        "security",
    ),
    **dict.fromkeys(
        [
            "fdi_position_chart",
            "goods_trade_chart",
            "partner_rank_chart",
            "tariff_schedule_chart",
            "trade_balance_share_chart",
            "us_tariff_chart",
        ],
        "trade",
    ),
}

#: The modules, in the order the background import takes them.
_MODULES = [
    f"{__name__}.{m}" for m in ("_base", "trade", "security", "alliance", "digital", "regional")
]

__all__ = [
    "DASHES",
    "MEMBERSHIP_STATUS",
    "MEMBER_STATUSES",
    "OBLIGATION_WORDS",
    "PALETTE",
    "SHAPES",
    "ChartTable",
    "chart_table",
    "coverage_chart",
    "defense_budget_chart",
    "digital_provisions_chart",
    "fdi_position_chart",
    "goods_trade_chart",
    "host_nation_support_chart",
    "labelled_events_chart",
    "membership_chart",
    "military_spending_chart",
    "overlap_chart",
    "partner_rank_chart",
    "partnership_chart",
    "tariff_schedule_chart",
    "timeline_chart",
    "trade_balance_share_chart",
    "us_forces_chart",
    "us_tariff_chart",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    module = f"{__name__}.{_WHERE[name]}"
    _warm.wait_for(module)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


_warm.after_this_cell(_MODULES, for_module=__name__)
