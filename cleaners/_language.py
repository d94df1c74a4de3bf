"""The language of an article's text, for pages that do not declare one (py3langid: langid.py's
maintained fork, a small bundled model for 97 languages, milliseconds a page)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

__all__ = ["detect_language", "language_code", "load_model"]

#: A language tag's first part as a code: two or three letters ("en" of "en-GB", "yue"); not the
#: codes that name no one language ("und" undetermined, "mul" several, "zxx" no language, "mis"
#: uncoded: the text is read instead).
_CODE = re.compile(r"[a-z]{2,3}")
_NO_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})
_TAG_PARTS = re.compile(r"[-_\s,;]")


def language_code(value: Any) -> str | None:
    """The language code a declaration gives (`<html lang>`, JSON-LD `inLanguage`, `og:locale`,
    a dump record's field), or None when it gives none: a template's placeholder ("{{lang}}"),
    a name ("english"), "x-default", "*", "und".

    >>> language_code("en-GB"), language_code("pt_BR"), language_code("fr, en"), language_code("{{lang}}")
    ('en', 'pt', 'fr', None)
    """
    if not isinstance(value, str):
        return None
    code = _TAG_PARTS.split(value.strip().lower(), 1)[0]
    return code if _CODE.fullmatch(code) and code not in _NO_LANGUAGE else None

#: Characters of text the detector reads (the start of an article says enough).
SAMPLE_CHARS = 3000
#: Fewer letters than this and a guess is a guess: no language rather than a wrong one.
MIN_LETTERS = 40


@lru_cache(maxsize=1)
def load_model() -> Any:
    """The detector, loaded once per process (about 0.7 s and 75 MB): call it at start-up to
    keep that off the first page."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str | None) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell or
    the detector is unsure."""
    if not text:
        return None
    sample = text[:SAMPLE_CHARS]
    # a Chinese, Japanese or Korean character says as much as a short word
    if sum(2 if c >= "\u2e80" else 1 for c in sample if c.isalpha()) < MIN_LETTERS:
        return None
    code, probability = load_model().classify(sample)
    return code if probability >= 0.8 else None
