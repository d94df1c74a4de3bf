"""What a held-out set of other sites will likely read: the cross-validated figures with their spread.

    python benchmarks/quality.py --cross-validate --only newsbot trafilatura --corpus wcxb \
        --save-predictions out/
    python benchmarks/held_out.py ../shared/corpus/wcxb.jsonl.gz out/wcxb-newsbot-cv.jsonl \
        --anchor out/wcxb-trafilatura.jsonl --pages 256 --margin 0.01

A figure measured on N pages of sites nobody looked at is one draw among many such sets. This
script draws such sets from the pages at hand, by site (the cluster bootstrap: whole sites are
drawn with replacement, with every page of each, until the set holds N pages), and scores every
draw the way the shared scorer scores a corpus (F1 of the mean precision and mean recall of word
4-grams, disasters under 0.5, cruft lines). The predictions should be ones no model fitted on the
page's site (`newsbot-cv` of `quality.py --cross-validate`), so each draw stands for a set of
unseen sites; the spread is then what the owner's held-out figure may show on its own, beside
where the estimate lies.

With `--anchor` (or `--anchor-field`: a field of the corpus, such as a text dump as it is), the
same draws score the anchor's predictions of the same pages (paired), so the
difference is read draw by draw: the chance that a held-out set shows the extractor at least
`--margin` F1 above the anchor, with no more disasters, and with at most `--cruft-share` of its
cruft lines. `--aim F1` gives the chance of reaching an F1 on its own (the text dumps' aims).
Each statistic is printed with its value on all the pages and the 5th, 50th and 95th
percentiles over the draws.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaners.train import load_scorer, site_of  # noqa: E402
from quality import find_shared  # noqa: E402


@dataclass
class PageScores:
    """One extractor's scores, page by page, in the corpus's order."""

    precision: np.ndarray  # NaN where the scorer leaves the page out of the mean (nothing output)
    recall: np.ndarray  # NaN where the page has no true text
    f1: np.ndarray  # the page's own F1 (0 where it has none), for disasters
    cruft: np.ndarray  # cruft lines


def page_scores(scorer, corpus: list[dict], preds: dict[str, str]) -> PageScores:
    """Each page scored by the shared scorer's own parts (as its `score` does for the corpus)."""
    p, r, f, c = [], [], [], []
    for rec in corpus:
        gold, pred = rec.get("body") or "", preds.get(rec["id"], "") or ""
        precision, recall = scorer.page_pr(*scorer.tp_fp_fn(gold, pred))
        p.append(np.nan if precision is None else precision)
        r.append(np.nan if recall is None else recall)
        f.append(scorer.f1(precision or 0.0, recall or 0.0))
        c.append(len(scorer.cruft_lines(gold, pred)))
    return PageScores(np.array(p), np.array(r), np.array(f), np.array(c))


def corpus_f1(scores: PageScores, draws: np.ndarray) -> np.ndarray:
    """The scorer's corpus F1 (of the mean precision and the mean recall) for each row of page
    indices."""
    def mean(values: np.ndarray) -> np.ndarray:  # over the pages that have one; 0 where none has
        known = ~np.isnan(values)
        return np.where(known, values, 0.0).sum(axis=1) / np.maximum(known.sum(axis=1), 1)

    p, r = mean(scores.precision[draws]), mean(scores.recall[draws])
    return np.divide(2 * p * r, p + r, out=np.zeros_like(p), where=(p + r) > 0)


def draw_sets(sites: list[str], pages: int, draws: int, seed: int) -> np.ndarray:
    """`draws` sets of page indices, each of `pages` pages: whole sites drawn with replacement
    (every page of a drawn site, in order) until the set is full, the last site cut to fit."""
    by_site: dict[str, list[int]] = {}
    for i, site in enumerate(sites):
        by_site.setdefault(site, []).append(i)
    groups = list(by_site.values())
    rng = np.random.default_rng(seed)
    out = np.empty((draws, pages), dtype=np.intp)
    for d in range(draws):
        chosen: list[int] = []
        while len(chosen) < pages:
            chosen.extend(groups[rng.integers(len(groups))])
        out[d] = chosen[:pages]
    return out


def summarize(values: np.ndarray, whole: float) -> tuple[float, float, float, float]:
    low, mid, high = np.percentile(values, [5, 50, 95])
    return whole, float(low), float(mid), float(high)


def estimate(scorer, corpus: list[dict], preds: dict[str, str], anchor: dict[str, str] | None = None,
             pages: int | None = None, draws: int = 2000, seed: int = 1, margin: float = 0.0,
             cruft_share: float = 0.5, aim: float | None = None) -> dict:
    """The statistics of held-out sets of `pages` pages drawn by site from `corpus`: each a tuple
    (on all pages, 5th, 50th, 95th percentile), and the chances of the aims."""
    pages = pages or len(corpus)
    mine = page_scores(scorer, corpus, preds)
    everything = np.arange(len(corpus))[None, :]
    sites = [site_of(rec) for rec in corpus]
    sets = draw_sets(sites, pages, draws, seed)
    f1 = corpus_f1(mine, sets)
    disasters = (mine.f1[sets] < 0.5).sum(axis=1)
    cruft = mine.cruft[sets].sum(axis=1)
    out = {
        "pages": pages, "draws": draws, "sites": len(set(sites)),
        "f1": summarize(f1, float(corpus_f1(mine, everything)[0])),
        "disasters": summarize(disasters, float((mine.f1 < 0.5).sum() * pages / len(corpus))),
        "cruft_lines": summarize(cruft, float(mine.cruft.sum() * pages / len(corpus))),
        "chances": {},
    }
    if aim is not None:
        out["chances"][f"F1 >= {aim:.3f}"] = float((f1 >= aim).mean())
    if anchor is not None:
        theirs = page_scores(scorer, corpus, anchor)
        their_f1 = corpus_f1(theirs, sets)
        their_disasters = (theirs.f1[sets] < 0.5).sum(axis=1)
        their_cruft = theirs.cruft[sets].sum(axis=1)
        whole_theirs = float(corpus_f1(theirs, everything)[0])
        out["anchor_f1"] = summarize(their_f1, whole_theirs)
        out["difference"] = summarize(f1 - their_f1, out["f1"][0] - whole_theirs)
        out["anchor_disasters"] = summarize(their_disasters, float((theirs.f1 < 0.5).sum() * pages / len(corpus)))
        out["anchor_cruft_lines"] = summarize(their_cruft, float(theirs.cruft.sum() * pages / len(corpus)))
        chances = out["chances"]
        chances[f"F1 at least the anchor's + {margin:.3f}"] = float((f1 - their_f1 >= margin).mean())
        chances["disasters at most the anchor's"] = float((disasters <= their_disasters).mean())
        chances[f"cruft lines at most {cruft_share:g} of the anchor's"] = float((cruft <= cruft_share * their_cruft).mean())
        chances["all three"] = float(((f1 - their_f1 >= margin) & (disasters <= their_disasters)
                                      & (cruft <= cruft_share * their_cruft)).mean())
    return out


ROWS = (("f1", "F1", "{:.3f}"), ("anchor_f1", "anchor F1", "{:.3f}"), ("difference", "difference", "{:+.3f}"),
        ("disasters", "disasters", "{:.1f}"), ("anchor_disasters", "anchor disasters", "{:.1f}"),
        ("cruft_lines", "cruft lines", "{:.0f}"), ("anchor_cruft_lines", "anchor cruft lines", "{:.0f}"))


def print_estimate(name: str, est: dict) -> None:
    print(f"{name}: held-out sets of {est['pages']} pages, {est['draws']} drawn by site from {est['sites']} sites")
    print("| statistic | on these pages | 5% | median | 95% |")
    print("|---|---|---|---|---|")
    for key, label, fmt in ROWS:
        if key in est:
            whole, low, mid, high = est[key]
            print(f"| {label} | {fmt.format(whole)} | {fmt.format(low)} | {fmt.format(mid)} | {fmt.format(high)} |")
    for label, chance in est["chances"].items():
        print(f"chance of {label}: {chance:.2f}")
    print("(disasters and cruft lines on these pages are scaled to the set's size)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", help="a corpus of ../shared/corpus by its name (wcxb) or its file (its `body` is the truth)")
    ap.add_argument("predictions", help='JSONL of {"id", "text"}: the extractor to estimate')
    anchors = ap.add_mutually_exclusive_group()
    anchors.add_argument("--anchor", help="JSONL of the anchor's predictions of the same pages, compared draw by draw")
    anchors.add_argument("--anchor-field", metavar="FIELD",
                         help="the anchor is this field of each page (a dump's text as it is: dump_readability)")
    ap.add_argument("--shared", help="path to the shared folder (default: ../shared)")
    ap.add_argument("--pages", type=int, help="pages of a held-out set (default: as many as the corpus has)")
    ap.add_argument("--draws", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--margin", type=float, default=0.0, help="F1 above the anchor's that the aim asks")
    ap.add_argument("--cruft-share", type=float, default=0.5, help="share of the anchor's cruft lines the aim allows")
    ap.add_argument("--aim", type=float, help="an F1 to reach on its own")
    ap.add_argument("--json", action="store_true", help="print the estimate as one JSON object too")
    args = ap.parse_args(argv)

    shared = find_shared(args.shared)
    if shared is None:
        print("skipped: the shared scorer (../shared/eval/score.py) is not here")
        return 0
    scorer = load_scorer(shared)
    corpus_path = Path(args.corpus)
    if not corpus_path.exists():  # a corpus named as ../shared/corpus names it
        corpus_path = shared / "corpus" / f"{args.corpus}.jsonl.gz"

    def predictions(path: str) -> dict[str, str]:  # read as the shared scorer reads them
        return {rec["id"]: rec.get("text") or "" for rec in scorer.read_jsonl(path)}

    corpus = list(scorer.read_jsonl(str(corpus_path)))
    preds = predictions(args.predictions)
    unknown = set(preds) - {rec["id"] for rec in corpus}
    if unknown:
        ap.error(f"{len(unknown)} predictions name pages the corpus does not have, e.g. {sorted(unknown)[0]!r}")
    missing = sum(1 for rec in corpus if rec["id"] not in preds)
    if missing:
        print(f"note: {missing} of the corpus's {len(corpus)} pages have no prediction, scored as an empty text")
    anchor = predictions(args.anchor) if args.anchor else None
    if args.anchor_field:
        if not all(args.anchor_field in rec for rec in corpus):
            ap.error(f"not every page of {corpus_path.name} has a field {args.anchor_field!r}")
        anchor = {rec["id"]: rec[args.anchor_field] or "" for rec in corpus}
    est = estimate(scorer, corpus, preds, anchor, args.pages, args.draws, args.seed, args.margin,
                   args.cruft_share, args.aim)
    print_estimate(corpus_path.name.removesuffix(".jsonl.gz"), est)
    if args.json:
        print(json.dumps(est))
    return 0


if __name__ == "__main__":
    sys.exit(main())
