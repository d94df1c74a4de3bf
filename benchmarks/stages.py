"""Where a page's cleaning time goes: CPU milliseconds a page in each stage of the cleaner.

    python benchmarks/stages.py [--shared ../shared] [--corpus wcxb aeb] [--pages 200] [--runs 3]
                                [--against DIR]

Wraps the cleaner's stages (decoding, parsing, metadata, page shape, the tree layers and their
passes, the block model's features and trees, the page type, the output) in CPU timers, cleans
the first --pages pages of each corpus --runs times after a warm-up, and prints, per corpus, the
best run's milliseconds a page in each stage (nested stages indented; a stage's time includes
its nested ones) and the share of the whole. The timers cost about a microsecond a call.

With --against DIR (a checkout of other code, e.g. `git archive REV | tar -x -C DIR`), its
`cleaners` package is imported beside this one under another name and both clean the same pages
in the same process, in turn (which goes first alternates), so a shifting load hits both alike:
per stage, each one's best of the runs and the ratio, and the whole cleaner's best run.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quality import find_shared  # noqa: E402

#: (stage name, module, attribute path): each is wrapped where the cleaner calls it from.
STAGES = (
    ("decode", "cleaners._cleaner", "Cleaner._decode"),
    ("parse", "cleaners._cleaner", "Cleaner._parse_text"),
    ("  as browsers nest", "cleaners._cleaner", "_as_browsers_nest"),
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


def install(spent: dict[str, float], package: str = "cleaners") -> None:
    """Wrap every stage's function (in `package`, a copy of cleaners under another name) in a
    CPU timer adding to `spent[name]`."""
    import functools

    for name, module_name, path in STAGES:
        owner = importlib.import_module(package + module_name.removeprefix("cleaners"))
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
    ap.add_argument("--against", metavar="DIR", help="a checkout of other code to time beside this one, in turn")
    args = ap.parse_args(argv)
    shared = find_shared(args.shared)
    if shared is None:
        print("skipped: no shared corpora (../shared/eval/score.py not found)")
        return 0
    if args.against:
        return compare(shared, Path(args.against), args.corpus, args.pages, args.runs)
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


#: The name the other checkout's package is imported under.
AGAINST_PACKAGE = "cleaners_against"


def import_against(checkout: Path, into: Path) -> None:
    """Make the `cleaners` package of another checkout importable as AGAINST_PACKAGE (its
    imports of its own modules are relative, so a copy under another name is that code)."""
    source = checkout / "cleaners"
    if not (source / "__init__.py").exists():
        raise SystemExit(f"--against: {source} is not a cleaners package")
    shutil.copytree(source, into / AGAINST_PACKAGE, ignore=shutil.ignore_patterns("__pycache__"))
    sys.path.insert(0, str(into))


def compare(shared: Path, checkout: Path, corpora: list[str], n_pages: int, runs: int) -> int:
    """Time this code and the checkout's on the same pages in one process, in turn, and print
    both per stage (each stage's best run) with the ratio, and the whole cleaner's best run."""
    from cleaners.train import read_corpus

    with tempfile.TemporaryDirectory(prefix="stages-against-") as tmp:
        import_against(checkout, Path(tmp))
        sides = {}
        for label, package in (("against", AGAINST_PACKAGE), ("this", "cleaners")):
            spent = dict.fromkeys((name for name, _, _ in STAGES), 0.0)
            install(spent, package)
            module = importlib.import_module(package)
            module.warm_up()
            sides[label] = (module.Cleaner(), module.CleanerError, spent)
        for corpus in corpora:
            pages = read_corpus(shared / "corpus" / f"{corpus}.jsonl.gz")[:n_pages]
            totals = {label: float("inf") for label in sides}
            stages = {label: dict.fromkeys(sides[label][2], float("inf")) for label in sides}
            for run in range(runs + 1):  # the first run warms up
                order = list(sides) if run % 2 else list(reversed(sides))
                for label in order:
                    cleaner, error, spent = sides[label]
                    for key in spent:
                        spent[key] = 0.0
                    gc.collect()
                    start = time.process_time()
                    for rec in pages:
                        try:
                            cleaner.clean_html(rec["html"], url=rec.get("url"))
                        except error:
                            pass
                    total = time.process_time() - start
                    if run:
                        totals[label] = min(totals[label], total)
                        for key, seconds in spent.items():
                            stages[label][key] = min(stages[label][key], seconds)
            per_page = 1000 / len(pages)
            print(f"\n{corpus}: {len(pages)} pages, {checkout} against this code, in turn, best of {runs} runs: "
                  f"{totals['against'] * per_page:.1f} and {totals['this'] * per_page:.1f} ms a page "
                  f"({len(pages) / totals['against']:.1f} and {len(pages) / totals['this']:.1f} pages per CPU-second, "
                  f"{totals['against'] / totals['this']:.2f}x)")
            print(f"| {'stage':<24} | against ms | this ms | speed-up |")
            print(f"|{'-' * 26}|------------|---------|----------|")
            for name in stages["this"]:
                before, after = stages["against"][name] * per_page, stages["this"][name] * per_page
                ratio = f"{before / after:7.2f}x" if after else "       -"
                print(f"| {name:<24} | {before:10.2f} | {after:7.2f} | {ratio} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
