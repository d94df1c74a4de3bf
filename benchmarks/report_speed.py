"""Time and size of the HTML report (cleaners.report) on big pages, beside the cleaning alone.

    python benchmarks/report_speed.py [--runs 3]

Pages: a fixture page, the 20 MB page of the hostile-input tests (80,000 boxes of prose), a 20 MB
page of small boxes (menus, share bars and teasers around a story: some 350,000 blocks) and the
5 MB text node. Each row is the best of --runs runs (CPU seconds of this process) after a
warm-up; "report" includes the cleaning, the feature pass for the top features, the HTML and
writing the file. The bound it is held to: under 10 s and under 50 MB of HTML for a 20 MB page.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pages() -> dict[str, tuple[bytes, str | None]]:
    from tests.conftest import page_case
    from tests.test_cleaners import _hostile_cases
    from tests.test_report import big_page

    case = page_case("en-news-semantic")
    hostile = _hostile_cases()
    return {
        "fixture en-news-semantic": (case.body, case.url),
        "page-20MB (80,000 prose boxes)": (hostile["page-20MB"], "https://x.example/news/story"),
        "20 MB of small boxes": (big_page(20), None),
        "text-node-5MB": (hostile["text-node-5MB"], "https://x.example/news/story"),
    }


def best(runs: int, fn) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        start = time.process_time()
        out = fn()
        times.append(time.process_time() - start)
    return min(times), out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="runs per page; the best counts (default: %(default)s)")
    args = ap.parse_args(argv)

    from cleaners import Cleaner, warm_up
    from cleaners.report import write_report

    warm_up()
    cleaner = Cleaner()
    out = Path(tempfile.mkdtemp(prefix="newsbot-report-speed-")) / "report.html"
    print("| page | input | blocks | clean (CPU s) | report (CPU s) | report HTML |")
    print("|---|---|---|---|---|---|")
    try:
        for name, (page, url) in pages().items():
            write_report(out, page, url, cleaner=cleaner)  # warm-up on this page
            clean_s, (_, blocks) = best(args.runs, lambda: cleaner.explain(page, url=url))
            report_s, report = best(args.runs, lambda: write_report(out, page, url, cleaner=cleaner))
            size = out.stat().st_size
            print(f"| {name} | {len(page) / 2**20:.1f} MB | {len(blocks):,} | {clean_s:.3f} | {report_s:.3f} | {size / 2**20:.1f} MB |")
    finally:
        out.unlink(missing_ok=True)
        out.parent.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
