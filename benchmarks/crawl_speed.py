"""Does cleaning stall the crawl? Pages per second of a fetch-only crawl, of a crawl that cleans
in the callback's process, and of one that cleans in worker processes, on the same local site.

    python benchmarks/crawl_speed.py [--shared ../shared] [--copies 2]

The site: the shared corpora's real pages (275 of them, `--copies` times each under different
URLs) behind paginated index pages, served on 127.0.0.1. All three crawls run the real
`scrapy crawl articles` with politeness off (it is our own server) and only the site's own
paths followed (the saved pages' relative links would otherwise be mostly 404s).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from crawl_corpus import build_site, serve  # noqa: E402
from quality import find_shared, read_corpus  # noqa: E402

MODES = {
    "fetch only": ["-s", "NEWSBOT_CLEANER_ENABLED=0", "-s", "ITEM_PIPELINES={}"],
    "clean in the crawl process": ["-s", "NEWSBOT_CLEANER_WORKERS=0"],
    "clean in worker processes": [],
}


def crawl(url: str, tmp: Path, extra: list[str]) -> dict:
    stats = tmp / "stats.json"
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "articles", "-a", f"url={url}",
        "-s", f"NEWSBOT_OUTPUT={tmp / 'out.jsonl'}", "-s", "NEWSBOT_OUTPUT_OVERWRITE=1", "-s", f"NEWSBOT_STATS_FILE={stats}",
        "-s", "ROBOTSTXT_OBEY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
        "-s", "CONCURRENT_REQUESTS=32", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32", "-s", "LOG_LEVEL=WARNING",
        "-s", r"NEWSBOT_DENY_PATTERNS=^(?!http://127\.0\.0\.1:\d+/(?:a/|page/|$))",
        *extra,
    ]
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newsbot.settings", PYTHONPATH=str(ROOT))
    subprocess.run(cmd, env=env, check=True)
    return json.loads(stats.read_text())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared")
    ap.add_argument("--copies", type=int, default=2, help="serve each corpus page this many times (different URLs)")
    args = ap.parse_args(argv)
    shared = find_shared(args.shared)
    if shared is None:
        print("skipped: the shared corpora (../shared/corpus) are not here")
        return 0
    pages = read_corpus(shared / "corpus" / "aeb.jsonl.gz") + read_corpus(shared / "corpus" / "readability.jsonl.gz")
    pages = pages * args.copies
    httpd = serve(build_site(pages, per_page=50))
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mode, extra in MODES.items():
            stats = crawl(url, Path(tmp), extra)
            responses = stats.get("response_received_count", 0)
            seconds = stats.get("elapsed_time_seconds") or 1e-9
            rows.append((mode, responses, seconds, responses / seconds, stats.get("cleaner/page_count/article", 0)))
    httpd.shutdown()
    base = rows[0][3]
    print(f"| crawl ({len(pages)} article pages, {os.cpu_count()} cores) | pages fetched | seconds | pages/s | share of fetch-only | articles |")
    print("|---|---|---|---|---|---|")
    for mode, responses, seconds, rate, articles in rows:
        print(f"| {mode} | {responses} | {seconds:.1f} | {rate:.0f} | {rate / base:.0%} | {articles} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
