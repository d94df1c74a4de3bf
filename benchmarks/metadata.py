"""Article metadata beside trafilatura's: titles, authors, publication dates, site names.

    python benchmarks/metadata.py [--shared ../shared] [--show-misses 10]

On ../shared/corpus/readability.jsonl.gz (94 real pages with the title, the byline, the
publication date and the site name Readability.js records): titles exactly right, author F1
(name tokens of our author list against the byline), publication date on the same day, site names.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from quality import find_shared, read_corpus  # noqa: E402

WORD = re.compile(r"\w+")
# Words of a byline that are not names.
BYLINE_NOISE = {"by", "and", "the", "von", "par", "por", "und", "et", "y", "staff", "writer", "reporter",
                "correspondent", "editor", "senior", "contributor", "updated", "posted", "published"}


def norm(text) -> str:
    if isinstance(text, (list, tuple)):
        text = " ; ".join(str(t) for t in text)
    return " ".join(unicodedata.normalize("NFKC", text or "").split()).casefold()


def name_tokens(text: str | None) -> set[str]:
    return {w for w in WORD.findall(norm(text)) if w not in BYLINE_NOISE and not w.isdigit()}


def f1(pred: set[str], gold: set[str]) -> float | None:
    if not gold:
        return None
    if not pred:
        return 0.0
    tp = len(pred & gold)
    p, r = tp / len(pred), tp / len(gold)
    return 2 * p * r / (p + r) if p + r else 0.0


def newsbot(html: str, url: str | None) -> dict:
    from cleaners import CleanerError, clean_html

    try:
        r = clean_html(html, url=url)
    except CleanerError:
        return {}
    return {"title": r.title, "authors": " ; ".join(r.authors), "published": r.published, "site_name": r.site_name}


def trafilatura_meta(html: str, url: str | None) -> dict | None:
    try:
        from trafilatura import extract_metadata
    except ImportError:
        return None
    m = extract_metadata(html, default_url=url)
    if m is None:
        return {}
    return {"title": m.title, "authors": m.author, "published": m.date, "site_name": m.sitename}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared")
    ap.add_argument("--show-misses", type=int, default=0)
    args = ap.parse_args(argv)
    shared = find_shared(args.shared)
    if shared is None:
        print("skipped: the shared corpora (../shared/corpus) are not here")
        return 0
    records = read_corpus(shared / "corpus" / "readability.jsonl.gz")
    print("| extractor | titles exact | author F1 | published same day | site name exact |")
    print("|---|---|---|---|---|")
    for name, extract in (("newsbot", newsbot), ("trafilatura", trafilatura_meta)):
        if extract(records[0]["html"], records[0].get("url")) is None:
            print(f"| {name} | not installed | | | |")
            continue
        titles, authors, dates, sites, misses = [], [], [], [], []
        for rec in records:
            got = extract(rec["html"], rec.get("url"))
            gold_title = rec.get("title")
            if gold_title not in (None, "None", ""):
                ok = norm(got.get("title")) == norm(gold_title)
                titles.append(ok)
                if not ok:
                    misses.append(("title", rec["id"], gold_title, got.get("title")))
            gold_authors = rec.get("authors")
            if gold_authors not in (None, "None", "", "[]"):
                score = f1(name_tokens(got.get("authors")), name_tokens(gold_authors))
                if score is not None:
                    authors.append(score)
                    if score < 1:
                        misses.append(("authors", rec["id"], gold_authors, got.get("authors")))
            gold_date = rec.get("published")
            if gold_date not in (None, "None", ""):
                dates.append((got.get("published") or "")[:10] == gold_date[:10])
                if not dates[-1]:
                    misses.append(("published", rec["id"], gold_date, got.get("published")))
            gold_site = rec.get("site_name")
            if gold_site not in (None, "None", ""):
                sites.append(norm(got.get("site_name")) == norm(gold_site))
        mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")  # noqa: E731
        print(f"| {name} | {mean(titles):.3f} ({len(titles)}) | {mean(authors):.3f} ({len(authors)}) | "
              f"{mean(dates):.3f} ({len(dates)}) | {mean(sites):.3f} ({len(sites)}) |")
        if args.show_misses and name == "newsbot":
            for kind in ("title", "authors", "published"):
                for field, pid, gold, got in [m for m in misses if m[0] == kind][: args.show_misses]:
                    print(f"    {field} miss {pid}: gold {gold!r} got {got!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
