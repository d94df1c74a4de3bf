"""Where a page's cleaning time goes: CPU milliseconds a page in each stage of the cleaner.

    python benchmarks/stages.py [--shared ../shared] [--corpus wcxb aeb] [--pages 200] [--runs 3]

Wraps the cleaner's stages (decoding, parsing, metadata, page shape, the tree layers and their
passes, the block model's features and trees, the page type, the output) in CPU timers, cleans
the first --pages pages of each corpus --runs times after a warm-up, and prints, per corpus, the
best run's milliseconds a page in each stage (nested stages indented; a stage's time includes
its nested ones) and the share of the whole. The timers cost about a microsecond a call.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quality import find_shared  # noqa: E402

#: (stage name, module, attribute path): each is wrapped where the cleaner calls it from.
STAGES = (
    ("decode", "cleaners._cleaner", "Cleaner._decode"),
    ("parse", "cleaners._cleaner", "Cleaner._parse"),
    ("metadata", "cleaners._cleaner", "extract_metadata"),
    ("  dates", "cleaners._metadata", "_published"),
    ("  authors", "cleaners._metadata", "_authors"),
    ("page shape", "cleaners._cleaner", "page_shape"),
    ("tree layers", "cleaners._cleaner", "extract_blocks"),
    ("  comment threads", "cleaners._extract", "drop_comment_threads"),
    ("  prune", "cleaners._extract", "prune"),
    ("  segment", "cleaners._extract", "segment"),
    ("  teaser lists", "cleaners._extract", "drop_teaser_lists"),
    ("  announced sections", "cleaners._extract", "drop_announced_sections"),
    ("  main region", "cleaners._extract", "select_main"),
    ("  line filter", "cleaners._extract", "filter_blocks"),
    ("block model", "cleaners._cleaner", "Cleaner._decide"),
    ("  features", "cleaners._cleaner", "block_features"),
    ("  trees", "cleaners._model", "BlockModel.predict"),
    ("fallbacks", "cleaners._cleaner", "Cleaner._readability"),
    ("page type", "cleaners._cleaner", "decide_page_type"),
    ("language", "cleaners._cleaner", "detect_language"),
    ("html", "cleaners._cleaner", "blocks_to_html"),
    ("markdown", "cleaners._cleaner", "blocks_to_markdown"),
)


def install(spent: dict[str, float]) -> None:
    """Wrap every stage's function in a CPU timer adding to `spent[name]`."""
    import functools
    import importlib

    for name, module_name, path in STAGES:
        owner = importlib.import_module(module_name)
        *outer, attr = path.split(".")
        for part in outer:
            owner = getattr(owner, part)
        func = getattr(owner, attr)

        def timed(*args, __func=func, __name=name, **kwargs):
            start = time.process_time()
            try:
                return __func(*args, **kwargs)
            finally:
                spent[__name] += time.process_time() - start

        setattr(owner, attr, functools.wraps(func)(timed))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", help="path to the shared folder (default: ../shared)")
    ap.add_argument("--corpus", nargs="+", default=["wcxb", "aeb"], help="corpora of ../shared/corpus")
    ap.add_argument("--pages", type=int, default=200, help="first N pages of each corpus")
    ap.add_argument("--runs", type=int, default=3, help="runs; the best one is shown")
    args = ap.parse_args(argv)
    shared = find_shared(args.shared)
    if shared is None:
        print("skipped: no shared corpora (../shared/eval/score.py not found)")
        return 0
    from cleaners import Cleaner, CleanerError, warm_up
    from cleaners.train import read_corpus

    spent = dict.fromkeys((name for name, _, _ in STAGES), 0.0)
    install(spent)
    warm_up()
    cleaner = Cleaner()
    for corpus in args.corpus:
        pages = read_corpus(shared / "corpus" / f"{corpus}.jsonl.gz")[: args.pages]
        best: tuple[float, dict[str, float]] | None = None
        for run in range(args.runs + 1):  # the first run warms up
            for key in spent:
                spent[key] = 0.0
            start = time.process_time()
            for rec in pages:
                try:
                    cleaner.clean_html(rec["html"], url=rec.get("url"))
                except CleanerError:
                    pass
            total = time.process_time() - start
            if run and (best is None or total < best[0]):
                best = (total, dict(spent))
        total, stages = best
        per_page = 1000 / len(pages)
        print(f"\n{corpus}: {len(pages)} pages, best of {args.runs} runs: {total * per_page:.1f} ms a page "
              f"({len(pages) / total:.1f} pages per CPU-second)")
        print(f"| {'stage':<24} | ms a page | share |")
        print(f"|{'-' * 26}|-----------|-------|")
        for name, seconds in stages.items():
            print(f"| {name:<24} | {seconds * per_page:9.2f} | {seconds / total:5.0%} |")
        outside = total - sum(s for n, s in stages.items() if not n.startswith(" "))
        print(f"| {'rest (not in a stage)':<24} | {outside * per_page:9.2f} | {outside / total:5.0%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
