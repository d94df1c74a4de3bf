"""Serve the demo news site on 127.0.0.1 and crawl it with `scrapy crawl articles`.

    python -m newsbot.demo [--output output/demo.jsonl] [--serve]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from .server import DemoServer
from .site import load_site


def crawl_command(url: str, output: Path, stats: Path, log: Path) -> list[str]:
    """The real `scrapy crawl articles` command line the demo runs."""
    return [
        sys.executable, "-m", "scrapy", "crawl", "articles",
        "-a", f"url={url}",
        "-s", f"NEWSBOT_OUTPUT={output}",
        "-s", "NEWSBOT_OUTPUT_OVERWRITE=1",
        "-s", f"NEWSBOT_STATS_FILE={stats}",
        # The demo site is on loopback: no need to wait between requests.
        "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_START_DELAY=0",
        "--logfile", str(log),
    ]


def summarize(output: Path, stats_path: Path) -> str:
    site = load_site()
    expected = {a.title: a for a in site.articles}
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines() if line.strip()]
    stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else {}
    exact = sum(1 for r in records if r["title"] in expected and r["text"] == expected[r["title"]].body_text)
    hits = Counter({k.rsplit("/", 1)[-1]: v for k, v in stats.items() if k.startswith("cleaner/rule_hit_count/")})
    drops = {k.rsplit("/", 1)[-1]: v for k, v in stats.items() if k.startswith("item_dropped_reasons_count/")}
    lines = [
        f"Articles written: {len(records)} to {output}",
        f"  pages fetched {stats.get('downloader/response_count', '?')}, "
        f"articles {stats.get('cleaner/page_count/article', 0)}, listing pages skipped {stats.get('cleaner/page_count/listing', 0)}, "
        f"blocked by robots.txt {stats.get('robotstxt/forbidden', 0)}",
        f"  items dropped: {', '.join(f'{k} {v}' for k, v in sorted(drops.items())) or 'none'}",
        f"  cruft removed, by rule: {', '.join(f'{k} {v}' for k, v in hits.most_common(8))}",
        f"  text equal to the demo's true article text: {exact} of {len(site.articles)} articles",
        "",
        "First records:",
    ]
    for r in records[:3]:
        lines.append(f"  - {r['title']} ({', '.join(r['authors'])}; {r['published']}; {r['language']})")
        lines.append(f"    {r['text'][:110]}...")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Serve the demo news site and crawl it.")
    ap.add_argument("--output", default="output/demo.jsonl", help="JSONL file to write (default: %(default)s)")
    ap.add_argument("--serve", action="store_true", help="only serve the site until Ctrl-C, printing its URL")
    ap.add_argument("--delay", type=float, default=0.0, help="seconds the site waits before each answer (default: none)")
    args = ap.parse_args(argv)

    with DemoServer(delay=args.delay) as server:
        if args.serve:
            print(f"Demo site at {server.url} (Ctrl-C to stop)")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                return 0
        output = Path(args.output).resolve()
        output.parent.mkdir(parents=True, exist_ok=True)
        stats, log = output.with_suffix(".stats.json"), output.with_suffix(".log")
        print(f"Demo site serving at {server.url}; crawling it with scrapy crawl articles ...")
        env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newsbot.settings")
        started = time.monotonic()
        proc = subprocess.run(crawl_command(server.url, output, stats, log), env=env)
        elapsed = time.monotonic() - started
    if proc.returncode != 0:
        print(f"The crawl failed (exit {proc.returncode}); its log is {log}", file=sys.stderr)
        return proc.returncode
    print(f"Crawl finished in {elapsed:.1f}s; log: {log}\n")
    print(summarize(output, stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
