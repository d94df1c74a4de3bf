"""newsbot._config: the add-on's number settings, read with a clear error."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from cleaners._run import MAX_WORKERS
from newsbot._config import BadSetting, number_setting
from newsbot.middlewares import CleanerMiddleware
from newsbot.pipelines import NearDuplicatePipeline, ValidatePipeline


@pytest.mark.parametrize("value, expected", [("0.5", 0.5), (0.25, 0.25), ("1", 1.0)])
def test_a_number_within_its_bounds(value, expected):
    assert number_setting(Settings({"NEWSBOT_X": value}), "NEWSBOT_X", 0.75, above=0, maximum=1) == expected


def test_the_default_when_unset():
    assert number_setting(Settings(), "NEWSBOT_X", 0.75, above=0, maximum=1) == 0.75


@pytest.mark.parametrize("value", ["abc", "nan", "inf", "-inf", "0", "1.5", ""])
def test_what_is_no_number_in_bounds_names_the_setting_and_the_value(value):
    with pytest.raises(BadSetting, match=r"^NEWSBOT_X must be a number above 0 and at most 1, not "):
        number_setting(Settings({"NEWSBOT_X": value}), "NEWSBOT_X", 0.75, above=0, maximum=1)


@pytest.mark.parametrize("value", ["1.5", "99999999999", "-2", "many"])
def test_a_whole_number(value):
    with pytest.raises(BadSetting, match=rf"^NEWSBOT_N must be a whole number at least -1 and at most 8, not '{value}'$"):
        number_setting(Settings({"NEWSBOT_N": value}), "NEWSBOT_N", -1, minimum=-1, maximum=8, whole=True)
    assert number_setting(Settings({"NEWSBOT_N": "8"}), "NEWSBOT_N", -1, minimum=-1, maximum=8, whole=True) == 8


@pytest.mark.parametrize("component, settings", [
    (CleanerMiddleware, {"NEWSBOT_CLEANER_MAIN_SHARE": "2"}),
    (CleanerMiddleware, {"NEWSBOT_CLEANER_WORKERS": str(MAX_WORKERS + 1)}),
    (CleanerMiddleware, {"NEWSBOT_CLEANER_TIMEOUT": "0"}),
    (ValidatePipeline, {"NEWSBOT_MIN_TEXT_CHARS": "-5"}),
    (NearDuplicatePipeline, {"NEWSBOT_DEDUP_NEAR": True, "NEWSBOT_DEDUP_NEAR_THRESHOLD": "nan"}),
])
def test_each_component_refuses_a_setting_it_cannot_use(component, settings):
    name = next(k for k in settings if k != "NEWSBOT_DEDUP_NEAR")
    with pytest.raises(BadSetting, match=f"^{name} must be"):
        component.from_crawler(get_crawler(settings_dict=settings))
