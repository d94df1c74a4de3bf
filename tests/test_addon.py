"""newsbot.addon: one ADDONS line puts newsbot in a fresh `scrapy startproject` project.

Each test makes a new project in a temp folder, adds the add-on line and a short spider, and
crawls the demo site on 127.0.0.1 with `scrapy crawl` in a subprocess, as a user would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy.settings import Settings

from newsbot.addon import PIPELINES_AFTER, Newsbot
from newsbot.demo.server import DemoServer
from newsbot.demo.site import load_site
from newsbot.extensions import ResumeReport, StatsFile
from newsbot.items import OPTIONAL_FIELDS
from newsbot.middlewares import CleanerMiddleware, ReadableResponseMiddleware

from .conftest import scrapy_crawl

ADDON_LINE = 'ADDONS = {"newsbot.addon.Newsbot": 0}'

# The project's own pipeline: it notes the URL of every item it is given.
OWN_PIPELINE = '''\
from itemadapter import ItemAdapter


class ShopPipeline:
    def process_item(self, item):
        with open("own-pipeline.txt", "a", encoding="utf-8") as f:
            f.write(ItemAdapter(item).get("url", "?") + "\\n")
        return item
'''

# The spider a user writes: every page to the cleaner, every link followed.
FOLLOW_SPIDER = '''\
import scrapy
from scrapy.http import HtmlResponse

from newsbot.items import ArticlePage


class NewsSpider(scrapy.Spider):
    name = "news"
    allowed_domains = ["127.0.0.1"]
    start_urls = ["{url}"]

    def parse(self, response):
        if isinstance(response, HtmlResponse):
            yield ArticlePage.from_response(response)
            yield from response.follow_all(css="a", callback=self.parse)
'''

# The same crawl, but the cleaner middleware cleans the pages by itself (meta["newsbot"]); the
# spider notes the settings it ran with.
META_SPIDER = '''\
import json

import scrapy
from scrapy.utils.misc import load_object


class NewsSpider(scrapy.Spider):
    name = "news"
    allowed_domains = ["127.0.0.1"]
    start_urls = {start_urls}

    def parse(self, response):
        yield from response.follow_all(css="a", callback=self.parse, meta={{"newsbot": True}})

    def closed(self, reason):
        pipelines = self.settings.getdict("ITEM_PIPELINES")
        used = {{"DOWNLOAD_MAXSIZE": self.settings.getint("DOWNLOAD_MAXSIZE"),
                "ITEM_PIPELINES": {{load_object(k).__name__: v for k, v in pipelines.items()}}}}
        with open("settings-used.json", "w") as f:
            json.dump(used, f)
'''

# A project's subclass of newsbot's sitemap spider: own start URL, deny rule and callback.
SUBCLASS_SPIDER = '''\
from newsbot.spiders import SitemapSpider


class DatedSpider(SitemapSpider):
    name = "dated"
    start_urls = ["{url}"]
    deny = (r"/news/",)

    def parse_article(self, response):
        yield from super().parse_article(response)
        yield {{"url": response.url, "size": len(response.body)}}
'''


def startproject(tmp_path: Path, settings: str = "") -> Path:
    """A fresh `scrapy startproject shop`, with the add-on line and `settings` added."""
    proc = subprocess.run([sys.executable, "-m", "scrapy", "startproject", "shop"], cwd=tmp_path,
                          env=_env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    project = tmp_path / "shop"
    path = project / "shop" / "settings.py"
    text = path.read_text(encoding="utf-8")
    assert "\nADDONS = {}\n" in text  # the template's empty add-on dict: the one line to change
    path.write_text(text.replace("\nADDONS = {}\n", f"\n{ADDON_LINE}\n") + settings, encoding="utf-8")
    (project / "shop" / "pipelines.py").write_text(OWN_PIPELINE, encoding="utf-8")
    return project


def add_spider(project: Path, source: str, url: str, **fields: object) -> None:
    (project / "shop" / "spiders" / "news.py").write_text(source.format(url=url, **fields), encoding="utf-8")


def _env() -> dict[str, str]:
    """This environment without a settings module: the project's scrapy.cfg decides."""
    return {k: v for k, v in os.environ.items() if k not in ("SCRAPY_SETTINGS_MODULE", "SCRAPY_PROJECT", "PYTHONPATH")}


def crawl(project: Path, spider: str, *args: str) -> tuple[list[dict], dict, subprocess.CompletedProcess]:
    """`scrapy crawl SPIDER` in the project; its newsbot records, stats and process."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider, "-s", "DOWNLOAD_DELAY=0",
           "-s", "NEWSBOT_STATS_FILE=stats.json", *args]
    proc = subprocess.run(cmd, cwd=project, env=_env(), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = project / "output" / f"{spider}.jsonl"
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    return records, json.loads((project / "stats.json").read_text()), proc


def own_pipeline_saw(project: Path) -> list[str]:
    path = project / "own-pipeline.txt"
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def comparable(records: list[dict]) -> dict[str, dict]:
    """Records by canonical URL, without the fields that differ from one crawl to the next."""
    return {r["canonical_url"]: {k: v for k, v in r.items() if k not in ("fetched_at", "url")} for r in records}


@pytest.fixture(scope="module")
def demo():
    with DemoServer() as server:
        yield server


@pytest.fixture(scope="module")
def articles_crawl(demo, tmp_path_factory):
    """What `scrapy crawl articles` writes from the demo site: the records to match."""
    tmp_path = tmp_path_factory.mktemp("articles")
    records, _, _ = scrapy_crawl("articles", tmp_path, "-a", f"url={demo.url}")
    assert len(records) >= 25
    return records


# -- the add-on's settings, as Scrapy applies them -------------------------------------------

class OwnPipeline:
    """A project's own pipeline."""

    def process_item(self, item):
        return item


def _with_addon(**project) -> Settings:
    settings = Settings()
    settings.setdict(project, priority="project")
    Newsbot().update_settings(settings)
    return settings


def test_the_addon_gives_way_to_the_project_settings():
    settings = _with_addon(DOWNLOAD_MAXSIZE=1000, TELNETCONSOLE_ENABLED=True,
                           ITEM_PIPELINES={"newsbot.pipelines.JsonlWriterPipeline": None, OwnPipeline: 300})
    assert settings.getint("DOWNLOAD_MAXSIZE") == 1000
    assert settings.getbool("TELNETCONSOLE_ENABLED") is True
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False
    pipelines = settings.getdict("ITEM_PIPELINES")
    assert pipelines["newsbot.pipelines.JsonlWriterPipeline"] is None  # switched off by the project
    assert pipelines[OwnPipeline] == 300


def test_a_component_list_given_on_the_command_line_is_the_whole_list():
    settings = Settings()
    settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    Newsbot().update_settings(settings)
    assert settings.getdict("ITEM_PIPELINES") == {}


@pytest.mark.parametrize("first", [False, True], ids=["after-by-default", "first-by-setting"])
def test_pipelines_run_after_the_project_ones_or_before_them(first):
    settings = _with_addon(NEWSBOT_PIPELINES_FIRST=first, ITEM_PIPELINES={OwnPipeline: 300})
    orders = [v for k, v in settings.getdict("ITEM_PIPELINES").items() if k in PIPELINES_AFTER]
    assert len(orders) == len(PIPELINES_AFTER)
    assert all((order < 0) == first and (order > 1000) != first for order in orders)


def test_without_project_settings_the_addon_sets_its_defaults():
    settings = _with_addon()
    assert settings.getint("DOWNLOAD_MAXSIZE") == 16 * 1024 * 1024
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False and settings.getbool("TELNETCONSOLE_ENABLED") is False
    assert settings["SCHEDULER_DISK_QUEUE"] == "newsbot.jobdir.LifoDiskQueue"
    assert settings["DUPEFILTER_CLASS"] == "newsbot.dupefilter.RunDupeFilter"
    assert CleanerMiddleware in settings.getdict("SPIDER_MIDDLEWARES")
    # after Scrapy's decompression (590), before its meta-refresh check (580)
    assert settings.getdict("DOWNLOADER_MIDDLEWARES")[ReadableResponseMiddleware] == 585
    assert {StatsFile, ResumeReport} <= set(settings.getdict("EXTENSIONS"))


# -- a fresh project, crawled -------------------------------------------------------------

@pytest.mark.e2e
def test_a_fresh_project_with_the_addon_writes_what_the_articles_spider_writes(tmp_path, demo, articles_crawl, record_validator):
    project = startproject(tmp_path, settings='\nITEM_PIPELINES = {"shop.pipelines.ShopPipeline": 300}\n')
    add_spider(project, FOLLOW_SPIDER, demo.url)
    records, stats, proc = crawl(project, "news", "-O", "feed.jsonl")
    assert comparable(records) == comparable(articles_crawl)
    assert len({r["canonical_url"] for r in records}) == len(records)
    for record in records:
        assert not list(record_validator.iter_errors(record))
    # Scrapy's own feed export holds the same records as newsbot's writer
    feed = [json.loads(line) for line in (project / "feed.jsonl").read_text(encoding="utf-8").splitlines()]
    # (a feed export writes every field of the item: the optional ones newsbot leaves out as null)
    assert [{k: v for k, v in f.items() if v is not None or k not in OPTIONAL_FIELDS} for f in feed] == records
    # the project's pipeline ran first, on every article the cleaner found (copies included)
    seen = own_pipeline_saw(project)
    assert len(seen) == stats["cleaner/page_count/article"] > len(records)
    assert {r["url"] for r in records} <= set(seen)
    # the add-on's extensions and safety defaults are on
    assert "newsbot.addon.Newsbot" in proc.stderr  # Scrapy's "Enabled addons" line
    assert stats["resume/output_article_count"] == 0  # ResumeReport
    assert "Telnet console listening" not in proc.stderr
    assert stats["item_dropped_reasons_count/DuplicateUrl"] >= 1 and stats["finish_reason"] == "finished"


@pytest.mark.e2e
def test_the_addon_keeps_the_project_own_settings(tmp_path, demo, articles_crawl):
    limit = 5000  # bytes: about half of the demo's article pages are larger, as is its home page
    project = startproject(tmp_path, settings=(
        f"\nDOWNLOAD_MAXSIZE = {limit}\n"
        'ITEM_PIPELINES = {"shop.pipelines.ShopPipeline": 300}\n'
        "NEWSBOT_PIPELINES_FIRST = True\n"
    ))
    sections = [f"{demo.url}section/{name}/" for name in ("business", "city", "community", "culture", "education",
                                                           "environment", "transport", "weather")]
    add_spider(project, META_SPIDER, demo.url, start_urls=sections)
    records, stats, proc = crawl(project, "news")
    used = json.loads((project / "settings-used.json").read_text())
    assert used["DOWNLOAD_MAXSIZE"] == limit
    assert used["ITEM_PIPELINES"]["ShopPipeline"] == 300
    newsbot_orders = {name: order for name, order in used["ITEM_PIPELINES"].items() if name != "ShopPipeline"}
    assert sorted(newsbot_orders) == sorted(c.__name__ for c in PIPELINES_AFTER)
    assert all(order < 300 for order in newsbot_orders.values())  # NEWSBOT_PIPELINES_FIRST
    # the project's limit, not the add-on's 16 MiB, decided which pages were fetched
    site, host = load_site(), urlsplit(demo.url).netloc
    assert "download max size" in proc.stderr
    assert records and len(records) < len(articles_crawl)
    for record in records:
        assert len(site.page(urlsplit(record["url"]).path, host).body) <= limit
    assert comparable(records).items() <= comparable(articles_crawl).items()
    # newsbot's pipelines ran first: the project's pipeline got only the articles written
    assert sorted(own_pipeline_saw(project)) == sorted(r["url"] for r in records)
    assert stats["cleaner/meta_page_count"] >= len(records)


@pytest.mark.e2e
def test_a_project_subclass_of_a_newsbot_spider(tmp_path, demo, articles_crawl):
    project = startproject(tmp_path, settings='\nITEM_PIPELINES = {"shop.pipelines.ShopPipeline": 300}\n')
    add_spider(project, SUBCLASS_SPIDER, demo.url)
    records, stats, _ = crawl(project, "dated")
    expected = {url: r for url, r in comparable(articles_crawl).items() if "/news/" not in url}
    assert comparable(records) == expected
    assert stats["dated/unwanted_count"] >= 1  # counted under the spider's name
    # the subclass's own items (one a page) passed newsbot's pipelines untouched: not written,
    # not dropped, and scraped (the project's pipeline saw them, before newsbot's)
    own_items = stats["normalize/other_item_count/dict"]
    assert own_items >= len(records)
    assert stats["item_scraped_count"] == len(records) + own_items
    assert len(own_pipeline_saw(project)) == own_items + stats["cleaner/page_count/article"]
