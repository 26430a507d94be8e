"""The charts' Altair themes: the course's palette, and a font that has Japanese glyphs in ja.

Kept apart from the chart helpers (no pandas here), so that :func:`usjapan_edu.setup` can
enable the language theme the moment Altair is imported, for the student's own charts too.
"""

from __future__ import annotations

import altair as alt

from usjapan_edu.i18n import language

__all__ = ["CJK_FONTS", "PALETTE", "enable_language_theme"]

#: Okabe–Ito colours (safe for the common forms of colour-vision deficiency).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"]

#: Fonts of a chart in Japanese, first found wins: Noto Sans CJK JP (fonts-noto-cjk, installed
#: with the course's CI and most Linux desktops), Noto Sans JP, then those of macOS and Windows.
CJK_FONTS = '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif'

#: Altair's own default configuration, kept as it is for English charts.
_ALTAIR_DEFAULT = {"view": {"continuousWidth": 300, "continuousHeight": 300}}


def _font_config() -> dict[str, str]:
    """Return the chart configuration for the course language: a CJK font list in Japanese.

    Examples
    --------
    >>> from usjapan_edu.i18n import set_language
    >>> set_language("ja"); _font_config()["font"].startswith('"Noto Sans CJK JP"')
    True
    >>> set_language("en"); _font_config()
    {}
    >>> set_language(None)
    """
    return {"font": CJK_FONTS} if language() == "ja" else {}


def _theme() -> alt.theme.ThemeConfig:
    return alt.theme.ThemeConfig(
        config={
            "range": {"category": PALETTE},
            "axis": {"labelFontSize": 12, "titleFontSize": 13},
            "legend": {"labelFontSize": 12, "titleFontSize": 13},
            "title": {"fontSize": 15, "anchor": "start"},
            **_font_config(),
        }
    )


def _language_theme() -> alt.theme.ThemeConfig:
    """Altair's default theme, plus a font that has Japanese glyphs when the course is in ja.

    The language is looked up each time a chart is drawn, not when the theme is enabled.
    """
    return alt.theme.ThemeConfig(config={**_ALTAIR_DEFAULT, **_font_config()})


alt.theme.register("usjapan_edu", enable=False)(_theme)
alt.theme.register("usjapan_edu_language", enable=False)(_language_theme)


def enable_language_theme() -> None:
    """Enable ``usjapan_edu_language`` unless a theme other than Altair's default was chosen.

    Every chart (the course's and the student's own) then gets the Japanese font list in ja,
    and exactly Altair's default configuration in English; a theme the user chose is kept.
    """
    if alt.theme.active == "default":
        alt.theme.enable("usjapan_edu_language")


enable_language_theme()
