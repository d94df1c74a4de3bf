"""cleaners._language: the language of undeclared text, or None when unsure."""

from __future__ import annotations

import pytest

from cleaners._language import detect_language, language_code


@pytest.mark.parametrize("text, code", [
    ("Die Stadtwerke Rheinbach erhöhen zum 1. Januar die Preise für Fernwärme um zwölf Prozent.", "de"),
    ("Objects raised from the Margaret Rose go on display at the town museum from Friday.", "en"),
    ("Rada Miasta zdecydowała wczoraj o remoncie mostu na Wiśle, który potrwa do wiosny.", "pl"),
    ("Le conseil municipal a voté hier la rénovation du pont, qui durera jusqu'au printemps.", "fr"),
    ("市議会は昨日、春まで続く橋の改修工事を決定しました。工事は来週から始まります。", "ja"),
])
def test_detects_the_language_of_a_paragraph(text, code):
    assert detect_language(text) == code


@pytest.mark.parametrize("text", [None, "", "Short.", "12 34 56 78 90 12 34 56 78 90 12 34 56 78 90 12 34"])
def test_too_little_to_tell_is_none(text):
    assert detect_language(text) is None


@pytest.mark.parametrize("value, code", [
    ("en", "en"), ("en-GB", "en"), ("EN_gb", "en"), ("zh-Hant-TW", "zh"), ("yue", "yue"), ("fr, en", "fr"), ("en US", "en"),
    # declarations that give no code: the next one, or the text, tells
    ("{{lang}}", None), ("english", None), ("x-default", None), ("i-klingon", None), ("*", None), ("und", None),
    ("mul", None), ("1234", None), ("", None), (" ", None), (None, None), (5, None),
])
def test_language_code(value, code):
    assert language_code(value) == code
