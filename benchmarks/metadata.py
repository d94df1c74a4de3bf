"""Article metadata and page types beside trafilatura's, on every shared corpus with that truth.

    python benchmarks/metadata.py [--shared ../shared] [--only newsbot] [--corpus wcxb ...]
                                  [--predictions DIR] [--show-misses 10]

Titles, authors and publication dates are scored by the shared scorer's own rules
(`../shared/eval/score_meta.py`: title exact after whitespace and NFKC, authors as F1 over the
names' word tokens, published on the same day); site names exact after the same normalisation,
case-folded. postlight and zh-cwced have noisy author and date truth and are reported apart.
`--predictions DIR` writes each extractor's predictions as JSONL the scorer reads
(`python ../shared/eval/score_meta.py CORPUS PREDICTIONS`).

Then the page-type confusion table: what the cleaner calls the pages of wcxb, aeb and readability
(articles) and of wcxb-pagetypes (listing and collection pages). The page-type model was fitted on
these pages: the table is in-sample; `python -m cleaners.train_pagetype --cv-only` gives the figures
cross-validated by site.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from statistics import mean
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from quality import find_shared, read_corpus  # noqa: E402

#: Corpora whose title, author and date truth is a careful one.
CLEAN_CORPORA = ("wcxb", "fundus-dev", "readability", "newspaper4k")
#: Corpora whose author and date truth is noisy (reported apart).
NOISY_CORPORA = ("postlight", "zh-cwced")
#: Corpora of the page-type table: article pages, and the listing and collection pages.
PAGETYPE_CORPORA = ("wcxb", "aeb", "readability", "wcxb-pagetypes")

Extractor = Callable[[dict], dict]


def load_meta_scorer(shared: Path):
    """The shared metadata scorer as a module (its norm and author_f1)."""
    spec = importlib.util.spec_from_file_location("newsbot_shared_score_meta", shared / "eval" / "score_meta.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def newsbot(record: dict) -> dict:
    """Title, authors, dates, site name and page type as the cleaner finds them."""
    from cleaners import CleanerError, clean_html

    try:
        r = clean_html(record["html"], url=record.get("url"))
    except CleanerError:
        return {"page_type": "error"}
    return {"title": r.title, "authors": r.authors, "published": r.published, "site_name": r.site_name,
            "page_type": r.page_type}


def trafilatura_meta(record: dict) -> dict:
    """Title, authors, date and site name as trafilatura finds them (its authors split at ";")."""
    from trafilatura import extract_metadata

    m = extract_metadata(record["html"], default_url=record.get("url"))
    if m is None:
        return {}
    authors = [a.strip() for a in (m.author or "").split(";") if a.strip()]
    return {"title": m.title, "authors": authors, "published": m.date, "site_name": m.sitename}


def extractors(only: str | None) -> dict[str, Extractor]:
    out: dict[str, Extractor] = {"newsbot": newsbot}
    if only in (None, "trafilatura"):
        try:
            import trafilatura  # noqa: F401
        except ImportError:
            print("trafilatura is not installed (pip install -e '.[bench]'): newsbot alone", file=sys.stderr)
        else:
            out["trafilatura"] = trafilatura_meta
    if only == "trafilatura":
        out.pop("newsbot")
    return out


def score(records: list[dict], preds: dict[str, dict], scorer) -> dict:
    """The shared scorer's title, author and date figures, and site names exact."""
    titles, authors, dates, sites, misses = [], [], [], [], []
    for rec in records:
        got = preds.get(rec["id"], {})
        if rec.get("title"):
            ok = scorer.norm(rec["title"]) == scorer.norm(got.get("title"))
            titles.append(ok)
            if not ok:
                misses.append(("title", rec["id"], rec["title"], got.get("title")))
        if rec.get("authors"):
            f1 = scorer.author_f1(rec["authors"], got.get("authors") or [])
            authors.append(f1)
            if f1 < 1:
                misses.append(("authors", rec["id"], rec["authors"], got.get("authors")))
        if rec.get("published"):
            ok = str(rec["published"])[:10] == str(got.get("published") or "")[:10]
            dates.append(ok)
            if not ok:
                misses.append(("published", rec["id"], rec["published"], got.get("published")))
        if rec.get("site_name"):
            sites.append(scorer.norm(rec["site_name"]).casefold() == scorer.norm(got.get("site_name")).casefold())
    figure = lambda xs: (round(mean(xs), 3) if xs else None, len(xs))  # noqa: E731
    return {"title": figure(titles), "authors": figure(authors), "published": figure(dates),
            "site_name": figure(sites), "misses": misses}


def _cell(value: tuple[float | None, int]) -> str:
    return "" if value[0] is None else f"{value[0]:.3f} ({value[1]})"


def metadata_tables(shared: Path, names: list[str], found: dict[str, Extractor], scorer, out_dir: Path | None,
                    show_misses: int, seen: dict[str, dict] | None = None) -> dict[str, dict[str, dict]]:
    """Print one table of metadata figures per kind of truth; return them by corpus and extractor.
    newsbot's results land in `seen` by page id (the page-type table reuses them)."""
    results: dict[str, dict[str, dict]] = {}
    for title, group in (("careful truth", CLEAN_CORPORA), ("noisy author and date truth", NOISY_CORPORA)):
        chosen = [c for c in group if c in names and (shared / "corpus" / f"{c}.jsonl.gz").exists()]
        if not chosen:
            continue
        print(f"\nMetadata, corpora with {title}\n")
        print("| corpus | extractor | title | authors | published | site name |\n|---|---|---|---|---|---|")
        for corpus in chosen:
            records = read_corpus(shared / "corpus" / f"{corpus}.jsonl.gz")
            for name, extract in found.items():
                preds = {rec["id"]: extract(rec) for rec in records}
                if name == "newsbot" and seen is not None:
                    seen.update(preds)
                if out_dir is not None:
                    out_dir.mkdir(parents=True, exist_ok=True)
                    with open(out_dir / f"{corpus}.{name}.jsonl", "w", encoding="utf-8") as f:
                        for pid, p in preds.items():
                            f.write(json.dumps({"id": pid, **{k: p.get(k) for k in ("title", "authors", "published")}},
                                               ensure_ascii=False) + "\n")
                s = score(records, preds, scorer)
                results.setdefault(corpus, {})[name] = s
                print(f"| {corpus} | {name} | {_cell(s['title'])} | {_cell(s['authors'])} | {_cell(s['published'])} | "
                      f"{_cell(s['site_name'])} |", flush=True)
                if show_misses and name == "newsbot":
                    for kind in ("title", "authors", "published"):
                        for field, pid, gold, got in [m for m in s["misses"] if m[0] == kind][:show_misses]:
                            print(f"    {field} miss {pid}: truth {gold!r} got {got!r}")
    return results


def pagetype_table(shared: Path, names: list[str], seen: dict[str, dict] | None = None) -> Counter:
    """Print the page-type confusion table; return its counts by (corpus, truth, called). Pages
    in `seen` (newsbot's results by page id) are not cleaned again."""
    seen = {} if seen is None else seen
    counts: Counter = Counter()
    chosen = [c for c in PAGETYPE_CORPORA if c in names and (shared / "corpus" / f"{c}.jsonl.gz").exists()]
    if not chosen:
        return counts
    for corpus in chosen:
        for rec in read_corpus(shared / "corpus" / f"{corpus}.jsonl.gz"):
            got = (seen.get(rec["id"]) if corpus in CLEAN_CORPORA + NOISY_CORPORA else None) or newsbot(rec)
            counts[(corpus, rec.get("page_type") or "article", got["page_type"])] += 1
    print("\nPage types (in-sample: the page-type model was fitted on these pages)\n")
    print("| corpus | truth | pages | called article | called listing | share called listing |\n|---|---|---|---|---|---|")
    for corpus, truth in dict.fromkeys((c, t) for c, t, _ in counts):
        row = {called: n for (c, t, called), n in counts.items() if (c, t) == (corpus, truth)}
        total = sum(row.values())
        print(f"| {corpus} | {truth} | {total} | {row.get('article', 0)} | {row.get('listing', 0)} | "
              f"{row.get('listing', 0) / total:.1%} |")
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared")
    ap.add_argument("--only", choices=("newsbot", "trafilatura"))
    ap.add_argument("--corpus", nargs="+", help="corpus names (default: all with metadata or page-type truth)")
    ap.add_argument("--predictions", help="write each extractor's predictions here, as JSONL the scorer reads")
    ap.add_argument("--show-misses", type=int, default=0)
    ap.add_argument("--no-pagetypes", action="store_true", help="skip the page-type table")
    args = ap.parse_args(argv)
    shared = find_shared(args.shared)
    if shared is None or not (shared / "eval" / "score_meta.py").exists():
        print("skipped: the shared corpora and scorers (../shared) are not here")
        return 0
    names = args.corpus or list(dict.fromkeys(CLEAN_CORPORA + NOISY_CORPORA + PAGETYPE_CORPORA))
    from cleaners import warm_up

    warm_up()  # the date parser's tables load once, before the first page
    seen: dict[str, dict] = {}
    metadata_tables(shared, names, extractors(args.only), load_meta_scorer(shared),
                    Path(args.predictions) if args.predictions else None, args.show_misses, seen)
    if not args.no_pagetypes and args.only != "trafilatura":
        pagetype_table(shared, names, seen)
    return 0


if __name__ == "__main__":
    sys.exit(main())
