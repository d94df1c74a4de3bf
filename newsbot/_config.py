"""The add-on's number settings, read with a clear error instead of a traceback from deep inside
Scrapy (`NEWSBOT_CLEANER_MAIN_SHARE=abc`, `NEWSBOT_CLEANER_WORKERS=99999999999`)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

__all__ = ["BadSetting", "number_setting"]


class BadSetting(ValueError):
    """A NEWSBOT_* setting whose value the component cannot use; the crawl does not start."""


def number_setting(settings: BaseSettings, name: str, default: float, *, minimum: float | None = None,
                   above: float | None = None, maximum: float | None = None, whole: bool = False) -> float:
    """The setting as a finite number (a whole one with `whole`) within its bounds, else
    BadSetting naming the setting, what it must be, and the value given.

    >>> from scrapy.settings import Settings
    >>> number_setting(Settings({"NEWSBOT_X": "0.5"}), "NEWSBOT_X", 1.0, above=0, maximum=1)
    0.5
    >>> number_setting(Settings({"NEWSBOT_X": "nan"}), "NEWSBOT_X", 1.0, above=0, maximum=1)
    Traceback (most recent call last):
    ...
    newsbot._config.BadSetting: NEWSBOT_X must be a number above 0 and at most 1, not 'nan'
    """
    raw = settings.get(name, default)
    try:
        value: float | None = settings.getint(name, int(default)) if whole else settings.getfloat(name, default)
    except (TypeError, ValueError, OverflowError):
        value = None
    if value is not None and math.isfinite(value) and (minimum is None or value >= minimum) and (
            above is None or value > above) and (maximum is None or value <= maximum):
        return value
    limits = " and ".join(f"{word} {bound:g}" for word, bound in (("at least", minimum), ("above", above), ("at most", maximum))
                          if bound is not None)
    raise BadSetting(f"{name} must be {'a whole number' if whole else 'a number'}{' ' + limits if limits else ''}, not {raw!r}")
