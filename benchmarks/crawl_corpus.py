"""Crawl a local site of real news pages with `scrapy crawl` and score what it wrote.

    python benchmarks/crawl_corpus.py [--shared ../shared] [--corpus aeb readability] [--per-page 20]
                                      [--spider articles|sitemap|news-sitemap]

The pages of the shared corpora (real articles with hand-checked text) are served on 127.0.0.1
under /a/<n>/, behind paginated index pages, and listed by /sitemap.xml (robots.txt names it):
a plain sitemap, or with --spider news-sitemap one with Google News tags (which name stories, so
every page is taken for one). `articles` follows the index pages' links; the two sitemap kinds
run `scrapy crawl sitemap`. The crawl must write every article exactly once and no index page;
its text is scored against the true article text with ../shared/eval/score.py.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from quality import find_shared, load_scorer, read_corpus  # noqa: E402


def build_site(records: list[dict], per_page: int, news: bool = False) -> dict[str, bytes]:
    """Path -> page bytes: one page per corpus record, paginated index pages and a sitemap of the
    records' pages (with Google News tags when `news`)."""
    site: dict[str, bytes] = {}
    entries = []
    for n, rec in enumerate(records):
        site[f"/a/{n}/"] = rec["html"].encode("utf-8")
        tags = (f"<news:news><news:publication_date>{html.escape(str(rec.get('published') or '2026-01-01')[:10])}"
                f"</news:publication_date><news:title>{html.escape((rec.get('title') or f'Story {n}')[:90])}</news:title>"
                "</news:news>") if news else ""
        entries.append(f"<url><loc>/a/{n}/</loc>{tags}</url>")
    site["/sitemap.xml"] = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + "".join(entries) + "</urlset>").encode("utf-8")
    pages = max(1, -(-len(records) // per_page))
    for p in range(1, pages + 1):
        links = "".join(
            f'<li><h3><a href="/a/{n}/">{html.escape((records[n].get("title") or f"Story {n}")[:90])}</a></h3></li>'
            for n in range((p - 1) * per_page, min(p * per_page, len(records)))
        )
        nav = (f'<a href="/page/{p + 1}/">Older</a>' if p < pages else "") + (f' <a href="/page/{p - 1}/">Newer</a>' if p > 1 else "")
        page = f"<html><head><title>Index {p}</title></head><body><h1>Stories</h1><ul>{links}</ul><p>{nav}</p></body></html>"
        site["/" if p == 1 else f"/page/{p}/"] = page.encode("utf-8")
    site["/robots.txt"] = b"User-agent: *\nAllow: /\nSitemap: /sitemap.xml\n"
    return site


def serve(site: dict[str, bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = site.get(self.path.split("?")[0])
            self.send_response(200 if body is not None else 404)
            ctype = ("text/plain" if self.path.endswith(".txt") else "application/xml" if self.path.endswith(".xml")
                     else "text/html; charset=utf-8")
            self.send_header("Content-Type", ctype)
            body = body if body is not None else b"<html><body>Not found</body></html>"
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def crawl(url: str, out: Path, stats: Path, extra: list[str], spider: str = "articles") -> float:
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", spider, "-a", f"url={url}",
        "-s", f"NEWSBOT_OUTPUT={out}", "-s", "NEWSBOT_OUTPUT_OVERWRITE=1", "-s", f"NEWSBOT_STATS_FILE={stats}",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
        "-s", "LOG_LEVEL=WARNING", *extra,
    ]
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newsbot.settings", PYTHONPATH=str(ROOT))
    started = time.monotonic()
    subprocess.run(cmd, env=env, check=True)
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared")
    ap.add_argument("--corpus", nargs="+", default=["aeb", "readability"])
    ap.add_argument("--per-page", type=int, default=20, help="links per index page")
    ap.add_argument("--spider", choices=("articles", "sitemap", "news-sitemap"), default="articles",
                    help="follow the index pages' links, or read the sitemap (plain, or with Google News tags)")
    args, extra = ap.parse_known_args(argv)
    shared = find_shared(args.shared)
    if shared is None:
        print("skipped: the shared corpora (../shared/corpus, ../shared/eval) are not here")
        return 0
    scorer = load_scorer(shared)
    print(f"| {'corpus':<12} | pages | written | missing | duplicates | listings written | {'F1':>6} | cruft lines | disasters | crawl s |")
    print("|--------------|-------|---------|---------|------------|------------------|--------|-------------|-----------|---------|")
    for name in args.corpus:
        records = read_corpus(shared / "corpus" / f"{name}.jsonl.gz")
        site = build_site(records, args.per_page, news=args.spider == "news-sitemap")
        httpd = serve(site)
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        with tempfile.TemporaryDirectory() as tmp:
            out, stats = Path(tmp) / "out.jsonl", Path(tmp) / "stats.json"
            seconds = crawl(base + "/", out, stats, extra, "articles" if args.spider == "articles" else "sitemap")
            written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        httpd.shutdown()
        by_path: dict[str, list[dict]] = {}
        for rec in written:
            by_path.setdefault(rec["url"][len(base):].split("?")[0], []).append(rec)
        preds = {}
        for n, rec in enumerate(records):
            got = by_path.get(f"/a/{n}/")
            if got:
                preds[rec["id"]] = got[0]["text"]
        listings = sum(len(v) for k, v in by_path.items() if not k.startswith("/a/"))
        duplicates = sum(len(v) - 1 for v in by_path.values() if len(v) > 1)
        s = scorer.score(records, preds)
        print(f"| {name:<12} | {len(records):>5} | {len(written):>7} | {len(records) - len(preds):>7} | {duplicates:>10} | "
              f"{listings:>16} | {s['f1']:6.3f} | {s['cruft_lines']:>11} | {s['disasters']:>9} | {seconds:>7.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
