"""newsbot.settings: polite defaults, safety switches, every project setting documented."""

from __future__ import annotations

import re
from pathlib import Path

from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import load_object

import newsbot.settings as project_settings


def settings() -> Settings:
    """The settings a crawl runs with: the module at project priority, then its add-ons."""
    s = Settings()
    s.setmodule(project_settings, priority="project")
    for path in build_component_list(s["ADDONS"]):
        load_object(path)().update_settings(s)
    return s


def test_remote_control_is_off():
    assert settings().getbool("REMOTE_CONTROL_ENABLED") is False


def test_polite_defaults():
    s = settings()
    assert s.getbool("ROBOTSTXT_OBEY")
    assert s.getbool("AUTOTHROTTLE_ENABLED")
    assert 1 <= s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 8
    assert "newsbot" in s.get("USER_AGENT")


def test_download_size_cap_is_about_16_mib():
    assert settings().getint("DOWNLOAD_MAXSIZE") == 16 * 1024 * 1024


def test_components_in_order():
    pipes = settings().getdict("ITEM_PIPELINES")
    order = sorted(pipes, key=pipes.get)
    assert [load_object(p).__name__ for p in order] == [
        "NormalizePipeline", "ValidatePipeline", "DeduplicatePipeline", "NearDuplicatePipeline", "JsonlWriterPipeline"]
    assert "CleanerMiddleware" in {load_object(m).__name__ for m in settings().getdict("SPIDER_MIDDLEWARES")}


def test_every_project_setting_is_newsbot_prefixed_and_commented():
    source = Path(project_settings.__file__).read_text(encoding="utf-8")
    scrapy_defaults = Settings()
    for line in source.splitlines():
        m = re.match(r"^([A-Z][A-Z0-9_]*)\s*=", line)
        if not m:
            continue
        name = m.group(1)
        if name not in scrapy_defaults:  # not one of Scrapy's own settings: must be ours
            assert name.startswith("NEWSBOT_"), name
            assert "  # " in line, f"{name} needs a one-line comment"
