"""Time and size of the HTML report (cleaners.report) on big pages, beside the cleaning alone.

    python benchmarks/report_speed.py [--runs 3] [--no-cli] [--pages TEXT]

Pages: a fixture page, the 20 MB page of the hostile-input tests (80,000 boxes of prose), and
pages of our own of 20 MB each: small boxes (menus, share bars and teasers around a story: some
350,000 blocks), one table of data (600,000 kept cells), one list of 300,000 links, 300,000
small menus, boxes nested 200 deep; and the 5 MB text node. Each row is the best of --runs runs
after a warm-up: CPU seconds of this process and wall seconds for the cleaning and for the
report ("report" includes the cleaning, the feature pass for the top features, the HTML and
writing the file), then the whole command `newsbot-clean explain PAGE --report OUT` in a
process of its own (start-up, imports and models included; CPU of that process). The bound it is
held to: under 10 s and under 50 MB of HTML for a 20 MB page.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


MB = 2**20
STORY = "".join(f"<p>The harbour board met on day {i} and agreed, after a long debate about costs, to rebuild the old pier.</p>"
                for i in range(20))


def filled(chunk, before: str = "", after: str = "", megabytes: float = 20) -> bytes:
    """A story, then `chunk(i)` for i = 0, 1, ... inside `before`/`after` up to `megabytes`."""
    head = "<html><head><title>A big page</title></head><body><article>" + STORY + "</article>" + before
    parts, size, i = [head], len(head), 0
    while size < megabytes * MB:
        part = chunk(i)
        parts.append(part)
        size += len(part)
        i += 1
    return ("".join(parts) + after + "</body></html>").encode()


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
        "20 MB table of data": (filled(lambda i: f"<tr><td><a href='/p/{i}'>Player {i}</a></td><td>{1990 + i % 30}</td>"
                                                 f"<td>Scored twice in the cup final, note {i}</td><td>{i % 97}.5</td></tr>",
                                       "<table>", "</table>"), None),
        "20 MB list of links": (filled(lambda i: f"<li><a href='/story/{i}'>Another story number {i}</a></li>", "<ul>", "</ul>"), None),
        "20 MB of small menus": (filled(lambda i: f"<ul><li><a href='/a/{i}'>Home</a></li><li><a href='/b/{i}'>World</a></li>"
                                                  f"<li><a href='/c/{i}'>Sport number {i}</a></li></ul>"), None),
        "20 MB nested 200 deep": (filled(lambda i: "<div><section>" * 100 + f"<p>Paragraph {i} of a deeply nested box, "
                                                   "with some words in it.</p>" + "</section></div>" * 100), None),
        "text-node-5MB": (hostile["text-node-5MB"], "https://x.example/news/story"),
    }


def best(runs: int, fn) -> tuple[float, float, object]:
    """The least CPU seconds and the least wall seconds of `runs` calls, and the last result."""
    cpu, wall, out = [], [], None
    for _ in range(runs):
        start, start_wall = time.process_time(), time.perf_counter()
        out = fn()
        cpu.append(time.process_time() - start)
        wall.append(time.perf_counter() - start_wall)
    return min(cpu), min(wall), out


def command(runs: int, page: Path, url: str | None, out: Path) -> tuple[float, float]:
    """Least CPU and wall seconds of `newsbot-clean explain PAGE --report OUT`, each in a new process."""
    cpu, wall = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cleaners", "explain", str(page), "--report", str(out),
                        *(["--url", url] if url else [])],
                       check=True, capture_output=True, cwd=ROOT)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(cpu), min(wall)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="runs per page; the best counts (default: %(default)s)")
    ap.add_argument("--no-cli", action="store_true", help="leave out the timing of the whole command")
    ap.add_argument("--pages", metavar="TEXT", help="only the pages whose name holds TEXT (\"20 MB\", \"table\")")
    args = ap.parse_args(argv)

    from cleaners import Cleaner, warm_up
    from cleaners.report import write_report

    warm_up()
    cleaner = Cleaner()
    tmp = Path(tempfile.mkdtemp(prefix="newsbot-report-speed-"))
    out, page_file = tmp / "report.html", tmp / "page.html"
    print("| page | input | blocks | clean (CPU s / wall s) | report (CPU s / wall s) | newsbot-clean explain --report (CPU s / wall s) | report HTML |")
    print("|---|---|---|---|---|---|---|")
    try:
        for name, (page, url) in pages().items():
            if args.pages and args.pages not in name:
                continue
            write_report(out, page, url, cleaner=cleaner)  # warm-up on this page
            clean_cpu, clean_wall, (_, blocks) = best(args.runs, lambda: cleaner.explain(page, url=url))
            report_cpu, report_wall, _ = best(args.runs, lambda: write_report(out, page, url, cleaner=cleaner))
            size = out.stat().st_size
            whole = "-"
            if not args.no_cli:
                page_file.write_bytes(page)
                whole = "{:.1f} / {:.1f}".format(*command(args.runs, page_file, url, out))
            print(f"| {name} | {len(page) / MB:.1f} MB | {len(blocks):,} | {clean_cpu:.2f} / {clean_wall:.2f} | "
                  f"{report_cpu:.2f} / {report_wall:.2f} | {whole} | {size / MB:.1f} MB |", flush=True)
    finally:
        for path in (out, page_file):
            path.unlink(missing_ok=True)
        tmp.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
