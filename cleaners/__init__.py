"""newsbot's cleaner: the article in a news page, without its boilerplate.

>>> from cleaners import clean_html
>>> page = b"<html><body><nav>Home | World</nav><article><h1>Rain</h1>"
>>> page += b"<p>" + b"Rain fell on the city all day long, flooding the streets. " * 5 + b"</p>"
>>> page += b"<p class='share'>Share on Facebook</p></article></body></html>"
>>> result = clean_html(page, url="https://example.com/rain")
>>> result.title, result.text.startswith("Rain fell"), "Share" in result.text
('Rain', True, False)
"""

from __future__ import annotations

from ._cleaner import Cleaner, CleanerOptions
from ._learn import Learned
from ._result import RECORD_FIELDS, CleanerError, CleanResult, Removal
from .rules import DEFAULT_RULES, RuleSet

__all__ = [
    "clean_html",
    "warm_up",
    "clean_text",
    "Cleaner",
    "CleanerOptions",
    "CleanResult",
    "CleanerError",
    "Removal",
    "Learned",
    "RuleSet",
    "DEFAULT_RULES",
    "RECORD_FIELDS",
]

_default = Cleaner()


def warm_up() -> None:
    """Load now what the cleaner otherwise loads on first use, once per process: the language
    detector, the block (article and listing), page-type, title and line models, the line model's character and byline tables, the
    stop-word lists, the date parser's locales and ftfy (some 3 s in all). Worker processes call it as
    they start, so that no page pays for it. What is loaded by then lives as long as the process,
    so the cyclic garbage collector stops scanning it (gc.freeze): some 80,000 objects, most of
    them the date parser's locale tables, whose scans cost 4-6% of a page's time."""
    import gc

    from ._features import _char_classes, _stoplists
    from ._language import load_model
    from ._lines import _byline_openers, _class_table, default_lines_model
    from ._metadata import warm_up_dates
    from ._model import default_listing_model, default_model
    from ._pagetype import default_pagetype_model
    from ._dates import default_date_model
    from ._title import default_title_model

    load_model()
    default_model()
    default_listing_model()
    default_pagetype_model()
    default_title_model()
    default_date_model()
    default_lines_model()
    _class_table()
    _byline_openers()
    _stoplists()
    _char_classes()
    warm_up_dates()
    import ftfy  # noqa: F401 - read_again's, imported on the first misread text otherwise

    gc.collect()  # what is garbage already is freed, not frozen
    gc.freeze()


def clean_html(html: str | bytes, url: str | None = None, content_type: str | None = None,
               article: bool = False) -> CleanResult:
    """The article in an HTML page (str, or bytes decoded like a browser would); `article=True`
    for a page known to be a story, cleaned as one whatever its shape (see Cleaner.clean_html)."""
    return _default.clean_html(html, url=url, content_type=content_type, article=article)


def clean_text(text: str) -> str:
    """Plain article text without UI cruft and related-article lines.

    For many records of the same sites, use a Cleaner: `learn()` them first, so that lines
    every page of a site repeats and links to the other records' titles go too.
    """
    return _default.clean_text(text)
