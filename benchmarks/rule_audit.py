"""What each hand rule takes out, and how much of it is the article: the rules weighed on data.

    python benchmarks/rule_audit.py [--shared ../shared] [--corpus aeb readability wcxb fundus-dev]
                                    [--min-sites 3] [--flagged-only]

Runs the rules alone (no block model) on every page of the corpora and labels each block by its
overlap with the page's true text, as the block model's training does (`cleaners.train`). Then,
for every name a tree rule matched a box by (a class/id part, a tag, a role) and for every rule
that removed a whole block (a phrase rule, the link-list and teaser passes, the title; inside and
outside the main region apart), it prints the words it took out, how many of them the true text
keeps (by words, and the mean over sites, each site weighing the same), and over how many sites.

A rule whose removals are mostly article text on both counts, over at least --min-sites sites, is
flagged (`!`): the data say it is wrong more often than right. The block model may still bring
such text back (a removed block needs a high probability to come back, see docs/cleaner.md),
so a flag says where to look, and the cross-validated figures of `python -m cleaners.train` say
whether changing the rule helps.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaners import Cleaner, CleanerError, CleanerOptions  # noqa: E402
from cleaners import train  # noqa: E402
from cleaners._extract import TreeMatcher, _attr_parts  # noqa: E402
from cleaners.rules import DEFAULT_RULES  # noqa: E402

_WORD = re.compile(r"\w+")
#: A rule is flagged when the true text keeps at least this share of what it took out, both by
#: words and over sites.
FLAG_SHARE = 0.5


class Tally:
    """Words removed and words of the true text among them, per key and site."""

    def __init__(self) -> None:
        self.by_key: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))

    def add(self, key: str, site: str, words: int, true_words: int) -> None:
        cell = self.by_key[key][site]
        cell[0] += words
        cell[1] += true_words

    def rows(self, min_sites: int) -> list[dict]:
        """One row a key: words, true words, their share, sites, the mean share over sites, flag."""
        out = []
        for key, sites in self.by_key.items():
            words = sum(w for w, _ in sites.values())
            true_words = sum(t for _, t in sites.values())
            shares = [t / w for w, t in sites.values() if w]
            share = true_words / words if words else 0.0
            site_share = sum(shares) / len(shares) if shares else 0.0
            out.append({"key": key, "words": words, "true": true_words, "share": share, "sites": len(sites),
                        "site_share": site_share,
                        "flagged": len(sites) >= min_sites and min(share, site_share) >= FLAG_SHARE})
        return sorted(out, key=lambda r: (-r["flagged"], -r["true"]))


def box_names(matcher: TreeMatcher, box) -> list[str]:
    """The names a tree rule matched this box by ("navigation/part:skip", "caption/tag:figcaption")."""
    rule = matcher.match(box, _attr_parts(box))
    if rule is None:  # named by its aria-label, read with the phrase rules
        return ["(label)"]
    names = [f"part:{p}" for p in sorted(_attr_parts(box) & rule.parts)]
    if box.tag in rule.tags:
        names.append(f"tag:{box.tag}")
    role = (box.get("role") or "").lower()
    if role in rule.roles:
        names.append(f"role:{role}")
    return [f"{rule.name}/{n}" for n in names or ["(attribute or style)"]]


def audit(corpora: dict[str, list[dict]]) -> tuple[Tally, Tally]:
    """The tree rules' names and the whole-block rules, tallied over every page."""
    cleaner = Cleaner(CleanerOptions(block_model=None, listing_model=None))
    matcher = TreeMatcher(DEFAULT_RULES)
    boxes, blocks_out = Tally(), Tally()
    for records in corpora.values():
        for rec in records:
            body = rec.get("body") or ""
            truth, truth_norm, site = train._shingles(_WORD.findall(body)), train._norm(body), train.site_of(rec)
            try:
                blocks, _ = cleaner.features(rec["html"], rec.get("url"))
            except CleanerError:
                continue
            for block in blocks:
                if block.box is None and block.dropped_by is None:
                    continue
                words = len(_WORD.findall(block.text))
                true_words = words if train.label_block(block.text, truth, truth_norm) else 0
                if block.box is not None and block.pruned:
                    for name in box_names(matcher, block.box):
                        boxes.add(name, site, words, true_words)
                elif block.dropped_by is not None:
                    side = "inside" if block.in_main else "outside"
                    blocks_out.add(f"{block.dropped_by} ({side} the main region)", site, words, true_words)
    return boxes, blocks_out


def print_rows(title: str, rows: list[dict]) -> None:
    print(f"\n{title}\n")
    print("| | rule | words removed | of them article | share | sites | mean share over sites |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {'!' if r['flagged'] else ''} | {r['key']} | {r['words']:,} | {r['true']:,} | {r['share']:.2f} | "
              f"{r['sites']} | {r['site_share']:.2f} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(train.DEFAULT_SHARED), help="the shared folder (default: ../shared)")
    ap.add_argument("--corpus", nargs="+", default=list(train.TRAIN_CORPORA), help="corpora of shared/corpus")
    ap.add_argument("--min-sites", type=int, default=3, help="sites a flag needs (default 3)")
    ap.add_argument("--flagged-only", action="store_true", help="print the flagged rules only")
    args = ap.parse_args(argv)
    corpora = train.read_corpora(Path(args.shared), tuple(args.corpus), None)
    if corpora is None:  # (read_corpora said which files are missing)
        print("skipped", file=sys.stderr)
        return 0
    boxes, blocks_out = audit(corpora)
    for title, tally in (("Boxes the tree rules named, by the name they matched", boxes),
                         ("Whole blocks other rules removed", blocks_out)):
        rows = tally.rows(args.min_sites)
        print_rows(title, [r for r in rows if r["flagged"]] if args.flagged_only else rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
