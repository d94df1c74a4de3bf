"""Shared test helpers: fixture pages as bytes, HtmlResponses with their real URLs, crawlers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = FIXTURES / "pages"
SCHEMA_PATH = Path(__file__).parent.parent / "newsbot" / "record.schema.json"
#: A short story of four lines, for clean_text (a record of fewer lines stays as the passes leave it).
PIER_LINES = ["The harbour reopened on Monday after two years of building work, the mayor said.",
              "The first boats came in at noon and the crowd cheered them on from the quay.",
              "Fishermen said the new pier would let them land bigger catches than before.",
              "The works cost twelve million euros, paid by the region and the port."]
#: The story's first paragraph in Chinese and in Japanese (written for these tests), and a second
#: one of each: a run of their characters is one `\w+` word, however long.
PIER_ZH = "港口在经历了两年的施工之后于周一重新开放，市长在开幕仪式上表示，新码头将让渔民卸下更多的渔获。第一批渔船中午时分驶入港口，码头上的人群为他们欢呼。工程耗资一千二百万欧元，由地区和港口共同承担。"
PIER_JA = "港は二年間の工事を経て月曜日に再開し、市長は新しい桟橋によって漁師たちがより多くの水揚げをできるようになると述べた。最初の漁船は正午に入港し、岸壁に集まった人々が歓声を上げた。工事費は千二百万ユーロで、地域と港が負担した。"
PIER_ZH_MORE = "码头的扩建计划早在五年前就已提出，但由于资金不足，工程一再推迟。去年春天，地区议会终于批准了拨款，施工随即展开。市长说，港口对整个地区都很重要，因为渔业和旅游业是当地最主要的收入来源。"
PIER_JA_MORE = "桟橋の拡張計画は五年前に持ち上がったが、資金が足りず、工事は何度も延期された。昨年の春、地域議会がようやく予算を承認し、工事が始まった。市長は、漁業と観光が地元の主な収入源であり、港は地域全体にとって大切だと話した。"


HARBOUR = [
    "The city council approved a new plan on Tuesday to rebuild the harbour wall, which storms damaged twice "
    "last winter, at a cost of 12 million euros.",
    "Work is to start in March and last two years. The port will stay open, though ferries will use the northern "
    "quay while the southern one is rebuilt.",
    "Fishermen welcomed the decision but asked for a say in how the works are staged, since the spring season "
    "brings most of their catch to the harbour.",
    "The mayor said the wall would be raised by a metre to meet the higher tides engineers expect over the coming "
    "decades, and that the design is final.",
]
SIGN_IN = "Create a free account or sign in to keep reading every story from across the region with one account."


def harbour_page(declared: str) -> str:
    """A story whose markup holds a sign-up prompt (in a box no rule names), a subhead and a list
    of points between its paragraphs, and whose JSON-LD declares `declared` as its text."""
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Harbour wall to be rebuilt",
                     "articleBody": declared})
    points = "".join(f"<li>{p}</li>" for p in ("Works start in March", "The wall rises by a metre"))
    return (f"<html lang='en'><head><title>Harbour wall to be rebuilt</title><script type='application/ld+json'>{ld}"
            f"</script></head><body><article><h1>Harbour wall to be rebuilt</h1><p>{HARBOUR[0]}</p>"
            f"<div class='intro-body'><p>{SIGN_IN}</p></div><p>{HARBOUR[1]}</p><ul>{points}</ul>"
            f"<h2>Two years of works</h2><p>{HARBOUR[2]}</p><p>{HARBOUR[3]}</p></article></body></html>")


def fill_columns(text: str, width: int) -> list[str]:
    """Text without spaces wrapped as a fixed-width tool wraps it: each line filled up to `width`
    columns, a character of Chinese or Japanese taking two."""
    lines, line, used = [], "", 0
    for char in text:
        cols = 1 if char.isascii() else 2
        if used + cols > width:
            lines.append(line)
            line, used = "", 0
        line, used = line + char, used + cols
    return lines + [line] if line else lines


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected.txt files of the golden page tests from the cleaner's output (read the diff!)",
    )


@dataclass
class PageCase:
    """One golden case: the page as saved bytes, its URL and what the cleaner must make of it."""

    name: str
    body: bytes
    meta: dict
    folder: Path

    @property
    def url(self) -> str:
        return self.meta["url"]

    @property
    def content_type(self) -> str | None:
        return self.meta.get("content_type")

    @property
    def expected_path(self) -> Path:
        return self.folder / "expected.txt"

    @property
    def expected_text(self) -> str | None:
        path = self.expected_path
        return path.read_text(encoding="utf-8").strip() if path.exists() else None

    def response(self) -> HtmlResponse:
        headers = {"Content-Type": self.content_type} if self.content_type else {}
        return HtmlResponse(url=self.url, body=self.body, headers=headers)


def page_case(name: str, root: Path = PAGES) -> PageCase:
    """The case saved in `root`/`name` (the golden pages by default; a page of its own elsewhere
    in the fixtures)."""
    folder = root / name
    return PageCase(
        name=name,
        body=(folder / "page.html").read_bytes(),
        meta=json.loads((folder / "case.json").read_text(encoding="utf-8")),
        folder=folder,
    )


def all_page_cases() -> list[PageCase]:
    return [page_case(p.name) for p in sorted(PAGES.iterdir()) if (p / "case.json").exists()]


def article_cases() -> list[PageCase]:
    """The golden article pages that have an expected text."""
    return [c for c in all_page_cases() if c.meta["page_type"] == "article" and c.expected_text]


def write_article_corpus(path: Path) -> Path:
    """The golden article pages as a corpus file (gzipped JSON lines: id, url, html, body), as the
    shared corpora are written."""
    import gzip

    with gzip.open(path, "wt", encoding="utf-8") as f:
        for case in article_cases():
            html = case.body.decode(case.meta.get("encoding", "utf-8"), errors="replace")
            f.write(json.dumps({"id": case.name, "url": case.url, "html": html, "body": case.expected_text}) + "\n")
    return path


@pytest.fixture(scope="session")
def record_validator():
    """A JSON Schema validator for the article record."""
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def scrapy_crawl(spider: str, tmp_path: Path, *args: str, output: Path | None = None) -> tuple[list[dict], dict, "subprocess.CompletedProcess"]:
    """Run `scrapy crawl SPIDER ARGS...` in a subprocess; return its records, stats and process."""
    import os
    import subprocess
    import sys

    out = output or tmp_path / f"{spider}.jsonl"
    stats = tmp_path / f"{spider}.stats.json"
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", spider, *args,
        "-s", f"NEWSBOT_OUTPUT={out}", "-s", f"NEWSBOT_STATS_FILE={stats}",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "LOG_LEVEL=INFO",
    ]
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newsbot.settings", PYTHONPATH=str(root))
    # Started through a small Python process: Linux carries a process's peak RSS (what the
    # crawl's memusage/max reads) across exec from the process that spawned it, so a crawl spawned
    # straight from this test process would report this process's peak as its own.
    launcher = [sys.executable, "-c", "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:]))"]
    proc = subprocess.run(launcher + cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    return records, json.loads(stats.read_text()), proc


def jobdir_crawl_command(out: Path, job: Path, delay: float) -> tuple[list[str], dict[str, str]]:
    """A slow `scrapy crawl articles` with JOBDIR (start URL still to add), and its environment."""
    import os
    import sys

    cmd = [sys.executable, "-m", "scrapy", "crawl", "articles", "-s", f"NEWSBOT_OUTPUT={out}", "-s", f"JOBDIR={job}",
           "-s", "AUTOTHROTTLE_ENABLED=0", "-s", f"DOWNLOAD_DELAY={delay}", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
           "-s", "NEWSBOT_CLEANER_WORKERS=0", "-s", "LOG_LEVEL=INFO"]
    root = Path(__file__).resolve().parent.parent
    return cmd, dict(os.environ, SCRAPY_SETTINGS_MODULE="newsbot.settings", PYTHONPATH=str(root))


def wait_for_lines(path: Path, n: int, timeout: float = 120) -> None:
    """Wait until the file holds at least n whole lines."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (not path.exists() or path.read_bytes().count(b"\n") < n):
        time.sleep(0.05)


# -- process trees, read from /proc (Linux): the chaos harness's own readers ----------------

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from chaos import alive, descendants  # noqa: E402

def wait_until(condition, timeout: float) -> bool:
    """Whether the condition holds within `timeout` seconds (polled every 0.1 s)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def end_all(proc: "subprocess.Popen", tree: set[int]) -> None:
    """Whatever the test found, leave nothing running: the process and all it started."""
    if proc.poll() is None:
        proc.kill()
    for pid in alive(tree | descendants(proc.pid)):
        os.kill(pid, signal.SIGKILL)


