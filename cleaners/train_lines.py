"""Fit the line model on text dumps with their true text, and check it on sites it never saw.

    pip install -e '.[train]'
    python -m cleaners.train_lines                    # rebuild cleaners/models/lines.json
    python -m cleaners.train_lines --corpus-dir DIR --out model.json
    python -m cleaners.train_lines --weigh-rules [GROUP ...]   # each phrase rule group's worth, no model written
    python -m cleaners.train_lines --seeds 7 11 23 5   # a change weighed over four refits, no model written
    python -m cleaners.train_lines --markdown --seeds 7 11   # the same, with the dumps written as Markdown too
    python -m cleaners.train_lines --fits 1 --seeds 7 11     # the same, each pass one fit (LINE_FITS: three)
    python -m cleaners.train_lines --seeds 7 11 --without 'prev2_*' 'next2_*'   # what some columns are worth

Every line `clean_lines` keeps of both dumps of every page (`dump_readability`, what a
readability extractor kept; `dump_fullpage`, all of the page's text), and of the same two dumps
written as Markdown by html2text with --markdown (`MARKDOWN_FIELDS`, made from the corpus pages
and read as `clean_text` reads them), is labelled by its overlap
with the page's true text and described by `cleaners._lines.describe`, with what the dump itself
teaches (a `Learner` fitted on that corpus's dump, as `Cleaner.learn` would be at use time: it is
unsupervised, so fitting it on the dump being cleaned is honest). The lines `clean_lines` removes
are not rows: they go whatever the model says. The true text itself is one more record of each
page (at CLEAN_LINES_WEIGHT of a dump in the line passes, CLEAN_RECORD_WEIGHT in the record pass;
never scored), so that the model sees clean articles, short ones too, and
keeps them whole. LightGBM fits gradient-boosted trees, in two passes (each the average of
LINE_FITS fits with their own seeds): the second (the context pass) reads the first one's
verdicts of a line, its neighbours and its record, and learns from first-pass chances that are
out of fold, as they are on a site the model never saw. A third, the
record pass, learns from the two passes' out-of-fold decisions which records keep no article at
all (and, from every true text and its opening three lines, which must stay), and empties them.
Figures are given for the dump as it is, for `clean_lines` alone (after learning), for the model
in-sample and cross-validated by site (GroupKFold on the domain, every pass refitted in each
fold), for the two passes without the record pass, and for the first pass alone cross-validated,
scored with the shared scorer on the text kept.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import random
import re
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from ._cleaner import join_parted_words
from ._extract import _CONTROL
from ._learn import Learned, Learner
from ._lines import (CONTEXT_FEATURES, LINE_FEATURES, LINES_MODEL_PATH, MAX_EMPTIED_LINES, RECORD_FEATURES,
                     context_features, decide, describe, headline_kept, line_reasons_after, lone_paragraph, no_article_chance, paragraphs_alone,
                     predict, record_features, record_model)
from ._markdown import read_dump
from ._model import BlockModel
from ._text import PhraseMatcher, after_model_matcher
from .train import (DEFAULT_SHARED, TRAIN_CORPORA, _norm, check_without, load_scorer as load_shared_scorer, matching_columns,
                    mean_of, page_weights, read_corpus, site_of)
from .rules import DEFAULT_RULES

__all__ = ["PINNED_TEXT", "LineDataset", "add_markdown_dumps", "build_dataset", "fit", "made_dumps", "markdown_made", "train",
           "weigh_rules", "seed_report", "main"]

#: The development corpora of text dumps (news and the rest, many sites).
#: The dumps of each page a user may hold.
DUMP_FIELDS = ("dump_readability", "dump_fullpage")
#: The same two dumps as html2text writes them (Markdown: links and images inline, paragraphs
#: wrapped at 78 columns), read as `clean_text` reads such a dump (`read_dump`). Made
#: from each page's HTML (`add_markdown_dumps`) with --markdown, when the corpus's pages and html2text
#: (the train extra) are there; a record without them has none. Measured, not yet in the shipped
#: model (docs/dumps.md, "The line model fitted on Markdown dumps too").
MARKDOWN_FIELDS = ("markdown_readability", "markdown_fullpage")
#: What a Markdown dump's lines weigh in the line passes against those of a plain dump.
MARKDOWN_LINES_WEIGHT = 1.0
#: Where the shared corpora and scorer live, beside the repository.
SHARED = DEFAULT_SHARED
#: LightGBM's settings: small trees, few of them (the model ships in the package and runs on
#: every record: 100 trees cross-validated as well as 200 did, at half the cost; 75 leave room for
#: the context pass), one thread.
PARAMS = {
    "objective": "binary",
    "learning_rate": 0.17,
    "num_leaves": 31,
    "max_depth": 7,
    "min_child_samples": 40,
    "subsample": 0.8,
    "subsample_freq": 1,
    "colsample_bytree": 0.7,
    "reg_lambda": 1.0,
    "n_estimators": 75,
    "max_bin": 63,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "seed": 7,
    "verbose": -1,
}
#: Fits of the first and the context pass, each with its own seed, whose log-odds are averaged
#: (`--fits`). One fit moves with its seed by about .0015 of the objective (.91462, .91321 and
#: .91414 on seeds 7, 11 and 23, session 49's code); three averaged read .91511 and .91583 on
#: seeds 7 and 11, with the credit after a caption's last sentence (docs/dumps.md, session 56).
#: The record pass is always one fit.
LINE_FITS = 3
#: How far apart the seeds of the averaged fits are.
SEED_STEP = 1000
#: The context pass's settings: a few small trees over the first pass's verdicts in context (it
#: runs on every record too).
CONTEXT_PARAMS = dict(PARAMS, n_estimators=40, max_depth=4, num_leaves=12, learning_rate=0.2)
#: The record pass's settings: a few small trees over a record's RECORD_FEATURES (few records hold
#: no article, so leaves may be small).
RECORD_PARAMS = {
    "objective": "binary",
    "learning_rate": 0.08,
    "num_leaves": 6,
    "min_child_samples": 10,
    "subsample": 0.8,
    "subsample_freq": 1,
    "n_estimators": 60,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "seed": 7,
    "verbose": -1,
}
#: Lines of a page's true text that make a brief: a short story (its headline and two paragraphs)
#: is still an article, and the record pass learns so from this opening of every true text. (A
#: headline and one paragraph is also what an extractor keeps of a page whose story it missed,
#: a teaser: taught as article too, it cost the record pass most of its gain.)
BRIEF_LINES = (3,)
#: Chances of "no article" tried as the record pass's cut, on its out-of-fold chances; of those tied
#: with the best (THRESHOLD_TIE), the highest: it empties fewest records.
RECORD_CUTS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
#: Fewest records without article (and fewest sites) the record pass needs to be fitted at all.
MIN_RECORD_POSITIVES = 3
#: The true text read as one more dump: what a clean article's lines look like, short ones too.
CLEAN_FIELD = "body"
#: The true text with the lines a phrase rule removed from the page's dumps put between its
#: paragraphs (as widgets and ads stand between a story's paragraphs): a removed line beside a
#: paragraph says nothing against the paragraph.
MIXED_FIELD = "body+removed"
#: Chance that a removed line follows each paragraph in MIXED_FIELD records.
MIXED_SHARE = 0.5
#: What a page's true text (and its brief) weighs in the record pass against one of its dumps.
CLEAN_RECORD_WEIGHT = 0.5
#: What the lines of a page's true text weigh in the line passes against those of one of its dumps:
#: lighter than CLEAN_RECORD_WEIGHT, wcxb's and fundus-dev's objective terms rose on every seed
#: weighed, 0.25 to 0.35 against 0.5 (docs/dumps.md, "The record pass kept to short records").
CLEAN_LINES_WEIGHT = 0.35
#: Share of a line's word 4-grams that must be in the true text for it to count as article.
MIN_COVERAGE = 0.5
#: A line weighs its words plus this (a one-word label still counts), normalised per page.
LINE_WEIGHT_BASE = 3
#: What a cruft line left on a page costs against F1 when choosing the threshold: a line of
#: "Share" or "Next article" barely moves F1 but is what a reader notices.
CRUFT_LINE_COST = 0.002
#: Thresholds tried on the out-of-fold probabilities.
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.20, 0.81, 0.04))
#: Thresholds whose objective is within this of the best are a tie (the objective is nearly flat
#: around its best: the page sample's noise decides among them), and the lowest of them is taken:
#: of two equal scores, the one that keeps more of the story, as `clean_text` promises.
THRESHOLD_TIE = 0.001
#: Thresholds tried for the first pass alone (its figures are reported beside the model's).
FIRST_PASS_THRESHOLDS = (0.56, 0.64, 0.72)
#: Folds of the cross-validation by site.
FOLDS = 5
#: Thresholds tried when weighing the phrase rules (the first pass alone).
RULE_THRESHOLDS = (0.64, 0.68, 0.72)
#: The column a phrase rule group's verdict becomes when it is weighed as a feature.
HINT_FEATURE = "phrase_rule_names_it"

#: A small dump whose lines' probabilities the model file pins (the tests recompute them).
PINNED_TEXT = """Home | World | Business | Sport

Storm closes mountain roads as snow returns early

By Jane Roe

Heavy snow closed three mountain passes on Tuesday, and the weather service warned that more was on the way before the weekend.

Drivers were told to carry chains and to expect long delays on the roads that stayed open, while rail services ran with extra carriages.

Share this article

Related stories

Ski resorts welcome the early season

Privacy policy | Terms of use | Contact us
"""

#: A record without article: what readability-lxml keeps of a page whose story it missed.
PINNED_NOTICE = """We value your privacy

By continuing your journey on our site, you consent to the placement of cookies.
"""

_WORD = re.compile(r"\w+")


@dataclass
class LineDataset:
    """Lines of many pages: features, labels, weights, and which page each is from."""

    X: np.ndarray
    y: np.ndarray
    weight: np.ndarray
    page: np.ndarray  # index into pages
    pages: list[dict] = field(default_factory=list)  # id, corpus, dump, group, body, first row
    lines: list[str] = field(default_factory=list)

    @property
    def groups(self) -> np.ndarray:
        return np.array([self.pages[p]["group"] for p in self.page])


def label_line(line: str, truth_shingles: set[tuple[str, ...]], truth_norm: str) -> bool:
    """Whether a line is article: most of its word 4-grams are in the true text or, when it is
    shorter than that, the whole of it is (whitespace collapsed, NFKC, lower-cased)."""
    tokens = _WORD.findall(line)
    if len(tokens) >= 4:
        grams = [tuple(tokens[i:i + 4]) for i in range(len(tokens) - 3)]
        return sum(1 for g in grams if g in truth_shingles) > MIN_COVERAGE * len(grams)
    norm = _norm(line)
    return bool(norm) and norm in truth_norm


def dump_lines(text: str) -> list[str]:
    """The non-empty lines of a dump, stripped, control characters removed (as at use time)."""
    lines = (_CONTROL.sub("", line).strip() for line in (text or "").splitlines())
    return [line for line in lines if line]


def learn_dump(records: list[dict], dump: str) -> Learned:
    """What `Cleaner.learn` finds in one corpus's dump: site templates and record titles."""
    learner = Learner()
    for rec in records:
        learner.add(rec.get(dump) or "", rec.get("url"), rec.get("title"))
    return learner.result()


def made_dumps(pages: list[dict], to_text: Callable[[str, str | None], str] | None = None) -> list[dict]:
    """The two dumps of each page, made as ../shared/corpus's were: what readability-lxml's summary
    keeps and the whole page, each through html-text (the same text, byte for byte, as the shared
    dumps of the same pages), or through `to_text(html, url)`. A page readability-lxml cannot read,
    or `to_text` cannot, dumps as empty text."""
    from readability import Document

    if to_text is None:
        import html_text

        def to_text(html: str, url: str | None) -> str:
            return html_text.extract_text(html)

    def text(html: str, url: str | None) -> str:
        try:
            return to_text(html, url) if html else ""
        except Exception:  # html2text raises on a few malformed pages
            return ""

    records = []
    for page in pages:
        try:
            kept = Document(page["html"], url=page.get("url")).summary(html_partial=True)
        except Exception:  # readability-lxml raises on pages it cannot summarise
            kept = ""
        records.append({key: page.get(key) for key in ("id", "url", "title", "body", "lang")}
                       | {"dump_readability": text(kept, page.get("url")), "dump_fullpage": text(page["html"], page.get("url"))})
    return records


def markdown_made(pages: list[dict]) -> list[dict]:
    """Each page's two dumps as html2text writes them (its defaults: Markdown, wrapped at 78
    columns, links and images inline): `made_dumps` through html2text."""
    import html2text

    return made_dumps(pages, lambda html, url: html2text.HTML2Text(baseurl=url or "").handle(html))


def add_markdown_dumps(corpora: dict[str, list[dict]], corpus_dir: Path, progress: bool = True) -> list[str]:
    """MARKDOWN_FIELDS added to each record of the corpora whose pages (`{name}.jsonl.gz`, with
    their HTML) are in `corpus_dir`: its page's two dumps as html2text writes them
    (`markdown_made`). Returns the corpora that have them; none without html2text."""
    import importlib.util

    if importlib.util.find_spec("html2text") is None:
        return []
    done = []
    for name, records in corpora.items():
        path = corpus_dir / f"{name}.jsonl.gz"
        if not path.exists():
            continue
        made = {rec["id"]: rec for rec in markdown_made(read_corpus(path))}
        for rec in records:
            if rec["id"] in made:
                rec[MARKDOWN_FIELDS[0]] = made[rec["id"]]["dump_readability"]
                rec[MARKDOWN_FIELDS[1]] = made[rec["id"]]["dump_fullpage"]
        done.append(name)
        if progress:
            print(f"  {name}: Markdown dumps made of {len(made)} pages", file=sys.stderr, flush=True)
    return done


def markdown_fields(corpora: dict[str, list[dict]]) -> tuple[str, ...]:
    """The MARKDOWN_FIELDS that records of the corpora hold (`add_markdown_dumps` added them)."""
    return tuple(f for f in MARKDOWN_FIELDS if any(f in rec for records in corpora.values() for rec in records))


def mixed_text(record: dict, removed: list[str]) -> str:
    """The record's true text with some of these removed lines between its paragraphs (the same
    every run: the choice is seeded by the record's id)."""
    rng = random.Random(zlib.crc32(str(record["id"]).encode("utf-8")))
    out: list[str] = []
    for line in dump_lines(record.get("body") or ""):
        out.append(line)
        if removed and rng.random() < MIXED_SHARE:
            out.append(rng.choice(removed))
    return "\n\n".join(out)


def build_dataset(corpora: dict[str, list[dict]], matcher: PhraseMatcher, progress: bool = True,
                  clean_records: bool = True, hint: PhraseMatcher | None = None) -> LineDataset:
    """Features and labels of every line `clean_lines` keeps, in both dumps of every page and
    (with `clean_records`) in the true text itself, as a dump of a clean article would hold it.
    With a `hint` matcher, one more column: whether one of its rules names the line."""
    rows, labels, weights, page_of, pages, all_lines = [], [], [], [], [], []
    weight_of = page_weights(corpora)
    markdown = markdown_fields(corpora)
    fields = DUMP_FIELDS + markdown + ((CLEAN_FIELD, MIXED_FIELD) if clean_records else ())
    for name, records in corpora.items():
        phrase_removed: dict[str, list[str]] = {}
        for dump in fields:
            page_weight = weight_of[name] * (1.0 if dump in DUMP_FIELDS else MARKDOWN_LINES_WEIGHT if dump in markdown
                                             else CLEAN_LINES_WEIGHT)
            if dump == MIXED_FIELD:
                records = [dict(rec, **{MIXED_FIELD: mixed_text(rec, phrase_removed.get(rec["id"], []))}) for rec in records]
            learned = learn_dump(records, dump)
            for rec in records:
                body = rec.get("body") or ""
                tokens = _WORD.findall(body)
                truth = {tuple(tokens[i:i + 4]) for i in range(len(tokens) - 3)}
                truth_norm = _norm(body)
                url, title = rec.get("url"), rec.get("title")
                text = rec.get(dump) or ""
                record = describe(dump_lines(read_dump(text)[0] if dump in markdown else text), matcher, learned, url, title)
                if dump in DUMP_FIELDS:
                    phrase_removed.setdefault(rec["id"], []).extend(
                        line for line, r in zip(record.items, record.reasons) if r in matcher.rule_groups)
                lines = [record.items[i] for i in record.kept] if len(record.X) else []
                pages.append({"id": rec["id"], "corpus": name, "dump": dump, "group": site_of(rec),
                              "title": title, "record": record, "scored": dump in DUMP_FIELDS or dump in markdown,
                              "rows": (len(all_lines), len(all_lines) + len(lines)),
                              # whether each line clean_lines kept is article (rows or not)
                              "labels": np.array([label_line(record.items[i], truth, truth_norm) for i in record.kept],
                                                 dtype=bool)})
                if not lines:
                    continue
                X = record.X.astype(np.float32)
                if hint is not None:
                    named = np.array([[hint.match(line) is not None] for line in lines], dtype=np.float32)
                    X = np.hstack([X, named])
                rows.append(X)
                w = np.array([len(_WORD.findall(line)) + LINE_WEIGHT_BASE for line in lines], dtype=np.float64)
                weights.append(w / w.sum() * page_weight)
                labels.extend(pages[-1]["labels"].tolist())
                page_of.extend([len(pages) - 1] * len(lines))
                all_lines.extend(lines)
            if progress:
                print(f"  {name} {dump}: {len(records)} pages", file=sys.stderr, flush=True)
    return LineDataset(
        X=np.vstack(rows) if rows else np.zeros((0, len(LINE_FEATURES) + (hint is not None)), dtype=np.float32),
        y=np.array(labels, dtype=np.int8), weight=np.concatenate(weights) if weights else np.zeros(0),
        page=np.array(page_of, dtype=np.intp), pages=pages, lines=all_lines,
    )


class Averaged:
    """Boosters of one pass fitted with other seeds, read as one: the mean of their log-odds. As a
    `BlockModel` (`dump_model`), their trees one after the other, each leaf a share of its value
    (`train.mean_of`, as the block model's members are flattened)."""

    def __init__(self, boosters: list) -> None:
        self.boosters = boosters

    def predict(self, X: np.ndarray) -> np.ndarray:
        raw = np.mean([booster.predict(X, raw_score=True) for booster in self.boosters], axis=0)
        return 1.0 / (1.0 + np.exp(-raw))

    def dump_model(self) -> dict:
        return mean_of(booster.dump_model() for booster in self.boosters)


def fit(X: np.ndarray, y: np.ndarray, weight: np.ndarray, params: dict | None = None,
        names: tuple[str, ...] = LINE_FEATURES, fits: int = 1):
    """LightGBM's booster on these rows (columns named `names`); with `fits` above 1, that many,
    each with its own seed (the settings' seed, then SEED_STEP apart), averaged (`Averaged`)."""
    import lightgbm as lgb

    if fits < 1:
        raise ValueError(f"fits is how many fits are averaged, 1 or more, not {fits}")
    params = dict(PARAMS if params is None else params)
    rounds = params.pop("n_estimators")
    data = lgb.Dataset(X, label=y, weight=weight, feature_name=list(names), free_raw_data=True)
    if fits == 1:
        return lgb.train(params, data, num_boost_round=rounds)
    seed = params.get("seed", 0)
    return Averaged([lgb.train(dict(params, seed=seed + SEED_STEP * i), data, num_boost_round=rounds)
                     for i in range(fits)])


def page_texts(data: LineDataset, chances: np.ndarray | None, threshold: float,
               emptied: np.ndarray | None = None) -> dict[tuple[str, str], dict[str, str]]:
    """The text kept of every scored page, by (corpus, dump) and page id, as `clean_text` writes it
    (`decide`: the model's with `chances`, `clean_lines`' alone without, the lines the rules take
    off last taken off either way); none of the pages `emptied` marks (by index in data.pages: the
    record pass found no article in them)."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    after = after_model_matcher()
    for p, page in enumerate(data.pages):
        if page["scored"]:
            lo, hi = page["rows"]
            record = page["record"]
            own = chances[lo:hi] if chances is not None and hi > lo else None
            keep_first = own is not None and headline_kept(record, page["title"])
            empty = _no_article if emptied is not None and emptied[p] else None
            lines, _ = decide(record, own, threshold, keep_first, empty, after=after)
            out.setdefault((page["corpus"], page["dump"]), {})[page["id"]] = "\n\n".join(
                join_parted_words(lines, "\n".join(record.items)))
    return out


def _no_article(kept: list[int]) -> bool:
    """The record pass's answer on a record it emptied."""
    return True


def kept_items(data: LineDataset, p: int, chances: np.ndarray | None, threshold: float) -> list[int]:
    """The indices (into its record's items) of the lines the line decisions keep of page `p`,
    before the record pass."""
    page = data.pages[p]
    lo, hi = page["rows"]
    record = page["record"]
    if chances is None or hi == lo:
        reasons = line_reasons_after(record, None, threshold)
    else:
        reasons = line_reasons_after(record, chances[lo:hi], threshold, headline_kept(record, page["title"]))
    return [i for i, r in enumerate(reasons) if r is None]


def record_rows(data: LineDataset, chances: np.ndarray, threshold: float
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The record pass's rows: RECORD_FEATURES of every dump record and true text (CLEAN_FIELD,
    at CLEAN_RECORD_WEIGHT) the line decisions leave lines of, whether none of those lines is
    article (the label), the weights, each row's page index, and whether the lines left are
    paragraphs of prose alone (`paragraphs_alone`: the record pass learns from such a row but never
    empties it). A paragraph alone (`lone_paragraph`) is no row: the record pass never empties
    it, so it learns nothing from it."""
    rows, labels, weights, index, alone = [], [], [], [], []
    for p, page in enumerate(data.pages):
        if not (page["scored"] or page["dump"] == CLEAN_FIELD):
            continue
        lo, hi = page["rows"]
        record = page["record"]
        kept = kept_items(data, p, chances, threshold)
        if not kept or lone_paragraph(record, kept):
            continue
        rows.append(record_features(record, chances[lo:hi] if hi > lo else None, threshold, kept, page["title"])[0])
        labels.append(not page["labels"][np.searchsorted(record.kept, kept)].any())
        weights.append(1.0 if page["scored"] else CLEAN_RECORD_WEIGHT)
        index.append(p)
        alone.append(paragraphs_alone(record, kept))
    return (np.array(rows).reshape(-1, len(RECORD_FEATURES)), np.array(labels, dtype=np.int8),
            np.array(weights), np.array(index, dtype=np.intp), np.array(alone, dtype=bool))


def brief_rows(corpora: dict[str, list[dict]], matcher: PhraseMatcher) -> tuple[np.ndarray, np.ndarray]:
    """RECORD_FEATURES of briefs (the first BRIEF_LINES lines of every true text, with the title),
    all article, and each one's site. They are shorter than MIN_MODEL_LINES, so the line model
    leaves them to `clean_lines` and only the record pass reads them."""
    rows, groups = [], []
    for records in corpora.values():
        for rec in records:
            lines = dump_lines(rec.get("body") or "")
            for n in BRIEF_LINES:
                if len(lines) < n:
                    continue
                record = describe(lines[:n], matcher, None, rec.get("url"), rec.get("title"))
                if len(record.kept) and not len(record.X):
                    rows.append(record_features(record, None, 0.0, record.kept.tolist(), rec.get("title"))[0])
                    groups.append(site_of(rec))
    return np.array(rows).reshape(-1, len(RECORD_FEATURES)), np.array(groups, dtype=str)


def may_empty(R: np.ndarray) -> np.ndarray:
    """Per row of RECORD_FEATURES, whether the record pass may empty its record at all: the line
    decisions left MAX_EMPTIED_LINES lines of it or fewer (as `clean_lines_learned` asks)."""
    return R[:, RECORD_FEATURES.index("lines_kept")] <= MAX_EMPTIED_LINES


def emptied_pages(data: LineDataset, index: np.ndarray, chances: np.ndarray, cut: float) -> np.ndarray:
    """Per page of data.pages, whether the record pass (its `chances` for the pages `index`; -1
    for rows of no page) empties it."""
    out = np.zeros(len(data.pages), dtype=bool)
    out[index[(chances >= cut) & (index >= 0)]] = True
    return out


def load_scorer() -> Callable[[list[dict], dict[str, str]], dict] | None:
    """The shared scorer's `score(records, {id: text})`, or None when it is not beside the repository."""
    path = SHARED / "eval" / "score.py"
    if not path.exists():
        return None
    return load_shared_scorer(SHARED).score


def figures(corpora: dict[str, list[dict]], texts: dict[tuple[str, str], dict[str, str]], scorer) -> dict[str, dict]:
    """F1, disasters and cruft lines per corpus and dump."""
    result = {}
    for (name, dump), preds in texts.items():
        s = scorer(corpora[name], preds)
        result[f"{name}/{dump}"] = {"f1": round(s["f1"], 4), "disasters": s["disasters"],
                                    "cruft_lines": s["cruft_lines"], "pages": s["pages"]}
    return result


def term(fig: dict) -> float:
    """One dump's part of the objective: its F1 less CRUFT_LINE_COST per cruft line per page."""
    return fig["f1"] - CRUFT_LINE_COST * fig["cruft_lines"] / max(fig["pages"], 1)


def objective(figs: dict[str, dict]) -> float:
    """Mean F1 over corpora and dumps, less CRUFT_LINE_COST per cruft line per page."""
    return float(np.mean([term(f) for f in figs.values()]))


def choose_threshold(data: LineDataset, chances: np.ndarray, corpora, scorer,
                     thresholds: tuple[float, ...] = THRESHOLDS) -> float:
    """The keep threshold that scores best on these (out-of-fold) probabilities, the lowest of
    those within THRESHOLD_TIE of the best; without the scorer, the one that gets most line
    weight right."""
    if scorer is None:
        return max(thresholds, key=lambda t: float(np.sum(data.weight * ((chances >= t) == data.y))))
    return min(tied_with_best({t: objective(figures(corpora, page_texts(data, chances, t), scorer)) for t in thresholds}))


def tied_with_best(values: dict[float, float]) -> list[float]:
    """The cuts whose objective is within THRESHOLD_TIE of the best (the objective is nearly flat
    near its best: the page sample's noise decides among them)."""
    best = max(values.values())
    return [cut for cut, value in values.items() if value >= best - THRESHOLD_TIE]


def as_is_texts(corpora: dict[str, list[dict]]) -> dict[tuple[str, str], dict[str, str]]:
    """The dumps as they are."""
    return {(name, dump): {rec["id"]: rec.get(dump) or "" for rec in records}
            for name, records in corpora.items() for dump in DUMP_FIELDS + markdown_fields({name: records})}


def pinned_chances(model: BlockModel, matcher: PhraseMatcher) -> list[float]:
    """The model's probabilities for the lines of PINNED_TEXT that `clean_lines` keeps (no learned dump)."""
    record = describe(dump_lines(PINNED_TEXT), matcher, min_lines=1)
    return [round(float(p), 6) for p in predict(model, record)]


def pinned_no_article(model: BlockModel, matcher: PhraseMatcher) -> list[float]:
    """The record pass's chance that PINNED_TEXT and PINNED_NOTICE hold no article (none without
    a record pass)."""
    if record_model(model) is None:
        return []
    out = []
    for text in (PINNED_TEXT, PINNED_NOTICE):
        record = describe(dump_lines(text), matcher)
        chances = predict(model, record) if len(record.X) else None
        reasons = line_reasons_after(record, chances, model.threshold if chances is not None else 0.0,
                                     chances is not None and headline_kept(record, None))
        kept = [i for i, r in enumerate(reasons) if r is None]
        out.append(round(no_article_chance(model, record, chances, kept), 6))
    return out


def choose_cut(data: LineDataset, chances: np.ndarray, threshold: float, index: np.ndarray, no_article: np.ndarray,
               labels: np.ndarray, corpora, scorer, cuts: tuple[float, ...] = RECORD_CUTS) -> float:
    """The record pass's cut that scores best on these out-of-fold chances, the highest of those
    within THRESHOLD_TIE of the best (it empties fewest records); without the scorer, the one
    that labels most records right."""
    if scorer is None:
        return max(cuts, key=lambda c: float(np.sum((no_article >= c) == (labels > 0))))
    return max(tied_with_best({c: objective(figures(corpora, page_texts(data, chances, threshold,
                                                                        emptied_pages(data, index, no_article, c)), scorer))
                               for c in cuts}))


def context_rows(data: LineDataset, chances: np.ndarray) -> np.ndarray:
    """CONTEXT_FEATURES of every row, from the first pass's chances, record by record."""
    F = np.zeros((len(chances), len(CONTEXT_FEATURES)))
    for page in data.pages:
        lo, hi = page["rows"]
        if hi > lo:
            F[lo:hi] = context_features(chances[lo:hi], data.X[lo:hi], page["record"].topics, page["title"])
    return F


def first_pass_out_of_fold(data: LineDataset, rows: np.ndarray, folds: int, params: dict | None,
                           names: tuple[str, ...] = LINE_FEATURES, fits: int = LINE_FITS) -> np.ndarray:
    """The first pass's chances for these rows, each from a model fitted without its site (in-sample
    when there are too few sites to fold)."""
    from sklearn.model_selection import GroupKFold

    groups = data.groups[rows]
    out = np.zeros(len(rows))
    n_splits = min(folds, len(set(groups.tolist())))
    if n_splits < 2:
        return fit(data.X[rows], data.y[rows], data.weight[rows], params, names, fits).predict(data.X[rows])
    for tr, te in GroupKFold(n_splits).split(rows, groups=groups):
        booster = fit(data.X[rows[tr]], data.y[rows[tr]], data.weight[rows[tr]], params, names, fits)
        out[te] = booster.predict(data.X[rows[te]])
    return out


def train(corpora: dict[str, list[dict]], out: Path | None, params: dict | None = None, folds: int = FOLDS,
          progress: bool = True, context_params: dict | None = None, predictions: Path | None = None,
          record_params: dict | None = None, data: LineDataset | None = None, fits: int = LINE_FITS) -> BlockModel:
    """Cross-validate by site (both passes: the context pass of each fold learns from first-pass
    chances of its own training sites, each out of fold), choose the threshold out of fold, fit on
    all, write the model. With `predictions`, also write there each dump's texts, in-sample and
    cross-validated (`save_predictions`). `data`: the corpora's dataset when already built.
    `fits`: fits of the first and the context pass, averaged (LINE_FITS)."""
    from sklearn.model_selection import GroupKFold

    def say(message: str) -> None:
        if progress:
            print(message, file=sys.stderr, flush=True)

    context_params = CONTEXT_PARAMS if context_params is None else context_params
    record_params = RECORD_PARAMS if record_params is None else record_params
    matcher = PhraseMatcher(DEFAULT_RULES)
    scorer = load_scorer()
    data = build_dataset(corpora, matcher, progress) if data is None else data
    say(f"{len(data.y)} lines, {int(data.y.sum())} article, {len(data.pages)} pages")
    groups = data.groups
    first = np.zeros(len(data.y))  # first pass, out of fold
    oof = np.zeros(len(data.y))  # both passes, out of fold
    n_splits = min(folds, len(set(groups.tolist())))
    if n_splits >= 2:
        for k, (tr, te) in enumerate(GroupKFold(n_splits).split(data.X, data.y, groups)):
            chances = np.zeros(len(data.y))
            chances[tr] = first_pass_out_of_fold(data, tr, folds - 1, params, fits=fits)
            chances[te] = first[te] = fit(data.X[tr], data.y[tr], data.weight[tr], params, fits=fits).predict(data.X[te])
            F = context_rows(data, chances)
            second = fit(F[tr], data.y[tr], data.weight[tr], context_params, CONTEXT_FEATURES, fits)
            oof[te] = second.predict(F[te])
            say(f"  fold {k + 1}/{n_splits}")
    else:
        first = fit(data.X, data.y, data.weight, params, fits=fits).predict(data.X)
    decided = oof if n_splits >= 2 else first  # the chances the decisions are chosen on
    threshold = choose_threshold(data, decided, corpora, scorer)
    say(f"threshold {threshold}")
    # The record pass learns from the line decisions of sites the line model never saw (out of
    # fold), as it meets them at use time; its own figures are out of fold by site too.
    R, r_y, r_w, r_index, r_alone = record_rows(data, decided, threshold)
    r_groups = np.array([data.pages[p]["group"] for p in r_index])
    B, b_groups = brief_rows(corpora, matcher)
    R, r_y, r_w = np.vstack([R, B]), np.concatenate([r_y, np.zeros(len(B), dtype=np.int8)]), np.concatenate([r_w, np.full(len(B), CLEAN_RECORD_WEIGHT)])
    r_index, r_groups = np.concatenate([r_index, np.full(len(B), -1)]), np.concatenate([r_groups, b_groups])
    r_alone = np.concatenate([r_alone, np.zeros(len(B), dtype=bool)])  # (a brief's rows are emptied as the pass says)
    third: BlockModel | None = None
    r_oof = np.zeros(len(r_y))
    r_splits = min(folds, len(set(r_groups.tolist())))
    if int(r_y.sum()) >= MIN_RECORD_POSITIVES and len(set(r_groups[r_y == 1].tolist())) >= 2 and r_splits >= 2:
        for tr, te in GroupKFold(r_splits).split(R, r_y, r_groups):
            r_oof[te] = fit(R[tr], r_y[tr], r_w[tr], record_params, RECORD_FEATURES).predict(R[te])
        # it learns from every record, and empties only short ones that are not paragraphs alone
        r_oof = np.where(may_empty(R) & ~r_alone, r_oof, 0.0)
        cut = choose_cut(data, decided, threshold, r_index, r_oof, r_y, corpora, scorer)
        third = BlockModel.from_lightgbm(fit(R, r_y, r_w, record_params, RECORD_FEATURES).dump_model(),
                                         RECORD_FEATURES, cut, {})
        say(f"record pass: {int(r_y.sum())} of {len(r_y)} records ({len(B)} briefs) hold no article; cut {cut}")
    else:
        say(f"record pass: too few records without article ({int(r_y.sum())}) to fit one")
    booster = fit(data.X, data.y, data.weight, params, fits=fits)
    second = fit(context_rows(data, first), data.y, data.weight, context_params, CONTEXT_FEATURES, fits)
    context = BlockModel.from_lightgbm(second.dump_model(), CONTEXT_FEATURES, threshold, {})
    in_sample = context.predict(context_rows(data, booster.predict(data.X)))
    emptied_oof = emptied_in_sample = None
    if third is not None:
        emptied_oof = emptied_pages(data, r_index, r_oof, third.threshold)
        R_in, _, _, r_in_index, r_in_alone = record_rows(data, in_sample, threshold)
        emptied_in_sample = emptied_pages(data, r_in_index, np.where(may_empty(R_in) & ~r_in_alone, third.predict(R_in), 0.0),
                                          third.threshold)
    meta: dict = {
        "version": 2,
        "trained": _dt.date.today().isoformat(),
        "corpora": {name: len(recs) for name, recs in corpora.items()},
        "dumps": list(DUMP_FIELDS + markdown_fields(corpora)),
        "lines": int(len(data.y)),
        "params": {k: v for k, v in (params or PARAMS).items() if k != "verbose"},
        "context_params": {k: v for k, v in context_params.items() if k != "verbose"},
        "threshold_objective": f"mean F1 - {CRUFT_LINE_COST} per cruft line per page, out of fold",
        "record_params": {k: v for k, v in record_params.items() if k != "verbose"},
        "record_pass": {"records": int(len(r_y)), "briefs": int(len(B)), "without_article": int(r_y.sum()),
                        "emptied_out_of_fold": int(emptied_oof.sum()) if emptied_oof is not None else 0},
    }
    if fits > 1:
        meta["fits"] = {"first": fits, "context": fits, "record": 1, "seed_step": SEED_STEP}
    if scorer is not None:
        meta["figures"] = {
            "as_is": figures(corpora, as_is_texts(corpora), scorer),
            "clean_lines": figures(corpora, page_texts(data, None, threshold), scorer),
            "in_sample": figures(corpora, page_texts(data, in_sample, threshold, emptied_in_sample), scorer),
            "cross_validated": (figures(corpora, page_texts(data, oof, threshold, emptied_oof), scorer)
                                if n_splits >= 2 else None),
            "cross_validated_lines_only": (figures(corpora, page_texts(data, oof, threshold), scorer)
                                           if n_splits >= 2 else None),
            "first_pass_cross_validated": (figures(corpora, page_texts(data, first, choose_threshold(data, first, corpora, scorer, FIRST_PASS_THRESHOLDS)),
                                                   scorer)
                                           if n_splits >= 2 else None),
        }
    if predictions is not None:
        save_predictions(predictions, {"newsbot": page_texts(data, in_sample, threshold, emptied_in_sample),
                                       "newsbot-cv": page_texts(data, oof, threshold, emptied_oof) if n_splits >= 2 else {}})
        say(f"predictions written to {predictions}")
    meta["context_model"] = json.loads(context.to_json())
    if third is not None:
        meta["record_model"] = json.loads(third.to_json())
    model = BlockModel.from_lightgbm(booster.dump_model(), LINE_FEATURES, threshold, meta)
    model.meta["pinned"] = {"text": "PINNED_TEXT", "chances": pinned_chances(model, matcher),
                            "no_article": pinned_no_article(model, matcher)}
    if out is not None:
        out.write_text(model.to_json(), encoding="utf-8")
        say(f"wrote {out} ({out.stat().st_size // 1024} KB)")
    return model


def objective_by_corpus(figs: dict[str, dict]) -> dict[str, float]:
    """`objective`'s terms by corpus: the mean over its dumps of F1 less CRUFT_LINE_COST per
    cruft line per page (the objective is their mean, each corpus's dumps weighing alike)."""
    by: dict[str, list[float]] = {}
    for key, f in figs.items():
        by.setdefault(key.split("/")[0], []).append(term(f))
    return {name: float(np.mean(terms)) for name, terms in by.items()}


def without_columns(data: LineDataset, patterns: list[str] | tuple[str, ...]) -> LineDataset:
    """The dataset with the LINE_FEATURES columns whose names match any of `patterns` (shell-style:
    "raw_*") set to 0 on every row, for weighing what they are worth: no tree splits on a constant
    column, so the passes are fitted as without it (the context pass reads a few of the columns by
    name, and reads those as 0 too). An unknown pattern is an error."""
    X = data.X.copy()
    X[:, matching_columns(LINE_FEATURES, patterns)] = 0.0
    return replace(data, X=X)


def seed_report(corpora: dict[str, list[dict]], seeds: list[int], folds: int = FOLDS,
                progress: bool = True, fits: int = LINE_FITS, without: tuple[str, ...] = ()) -> list[dict]:
    """A change weighed over several refits, as one cannot tell it: for each seed, the training
    run's whole protocol with the three passes' LightGBM seeds set to it (the dataset built once),
    and the objective's terms by corpus of its cross-validated texts, with the record pass and
    without it (the line decisions alone). One row per seed and kind. On the code of session 45
    the objective read .91218 to .91353 over seeds 11, 23, 7 and 5 with nothing changed (session
    49's: .91321 to .91462 over 11, 23 and 7); and the
    corpora the rules were read on (aeb, readability) can carry a gain the others do not share, so
    read a change by corpus, over the seeds, not by one refit's mean. With `without` (name
    patterns, see `without_columns`) the passes are fitted without those columns."""
    scorer = load_scorer()
    if scorer is None:
        raise SystemExit(f"weighing over seeds needs the shared scorer ({SHARED / 'eval' / 'score.py'})")
    data = build_dataset(corpora, PhraseMatcher(DEFAULT_RULES), progress)
    if without:
        data = without_columns(data, without)
    rows = []
    for seed in seeds:
        model = train(corpora, None, params=dict(PARAMS, seed=seed), folds=folds, progress=progress,
                      context_params=dict(CONTEXT_PARAMS, seed=seed), record_params=dict(RECORD_PARAMS, seed=seed),
                      data=data, fits=fits)
        meta, record = model.meta, model.meta.get("record_model")
        for kind, key in (("whole", "cross_validated"), ("lines only", "cross_validated_lines_only")):
            figs = meta["figures"][key]
            if figs is None:
                raise SystemExit("weighing over seeds needs two sites or more to fold by")
            by = objective_by_corpus(figs)
            rows.append({"seed": seed, "kind": kind, **by, "mean": objective(figs), "threshold": model.threshold,
                         "cut": record["threshold"] if record else None, "figures": figs})
    return rows


def print_seed_report(rows: list[dict]) -> None:
    """`seed_report`'s rows as a Markdown table, each kind's mean and spread over the seeds below,
    then each row's F1 / cruft lines by corpus and dump."""
    corpora = [c for c in rows[0] if c not in ("seed", "kind", "mean", "threshold", "cut", "figures")]
    print("| seed | kind | threshold | record cut | " + " | ".join(corpora) + " | mean |")
    print("|---" * (len(corpora) + 5) + "|")
    for r in rows:
        cut = "-" if r["cut"] is None else f"{r['cut']:.2f}"
        print(f"| {r['seed']} | {r['kind']} | {r['threshold']:.2f} | {cut} | "
              + " | ".join(f"{r[c]:.5f}" for c in corpora) + f" | {r['mean']:.5f} |")
    for kind in dict.fromkeys(r["kind"] for r in rows):
        mine = [r for r in rows if r["kind"] == kind]
        means = [r["mean"] for r in mine]
        print(f"| all | {kind} | | | " + " | ".join(f"{np.mean([r[c] for r in mine]):.5f}" for c in corpora)
              + f" | {np.mean(means):.5f} (spread {max(means) - min(means):.5f}) |")
    print()
    keys = list(rows[0]["figures"])
    print("| seed | kind | " + " | ".join(keys) + " |")
    print("|---" * (len(keys) + 2) + "|")
    for r in rows:
        print(f"| {r['seed']} | {r['kind']} | "
              + " | ".join(f"{r['figures'][k]['f1']:.4f} / {r['figures'][k]['cruft_lines']}" for k in keys) + " |")


def save_predictions(folder: Path, runs: dict[str, dict[tuple[str, str], dict[str, str]]]) -> None:
    """Each run's texts of each dump as `{corpus}-{dump}-{run}.jsonl` lines of {"id", "text"}, as
    `benchmarks/quality.py --save-predictions` writes them (`benchmarks/held_out.py` reads both)."""
    folder.mkdir(parents=True, exist_ok=True)
    for run, texts in runs.items():
        for (corpus, dump), by_id in texts.items():
            with open(folder / f"{corpus}-{dump}-{run}.jsonl", "w", encoding="utf-8") as f:
                for pid, text in by_id.items():
                    f.write(json.dumps({"id": pid, "text": text}, ensure_ascii=False) + "\n")


def weigh_rules(corpora: dict[str, list[dict]], groups: list[str] | None = None, folds: int = FOLDS,
                params: dict | None = None, progress: bool = True) -> list[dict]:
    """Each phrase rule group weighed under cross-validation by site: the first pass alone (its
    threshold chosen out of fold among RULE_THRESHOLDS) with the rules the line model uses, then
    with one group gone, and with that group's verdict as one more feature instead of a veto."""
    scorer = load_scorer()
    if scorer is None:
        raise SystemExit(f"weighing the rules needs the shared scorer ({SHARED / 'eval' / 'score.py'})")
    rules = DEFAULT_RULES.phrase_rules
    groups = groups or sorted({r.group for r in DEFAULT_RULES.phrase_rules})

    def matcher_of(keep: Callable[[str], bool]) -> PhraseMatcher:
        return PhraseMatcher(replace(DEFAULT_RULES, phrase_rules=tuple(r for r in rules if keep(r.group))))

    def run(label: str, matcher: PhraseMatcher, hint: PhraseMatcher | None = None) -> dict:
        data = build_dataset(corpora, matcher, False, hint=hint)
        names = LINE_FEATURES + ((HINT_FEATURE,) if hint is not None else ())
        chances = first_pass_out_of_fold(data, np.arange(len(data.y)), folds, params, names)
        threshold = choose_threshold(data, chances, corpora, scorer, RULE_THRESHOLDS)
        figs = figures(corpora, page_texts(data, chances, threshold), scorer)
        if progress:
            print(f"  {label}: {objective(figs):.5f}", file=sys.stderr, flush=True)
        return {"objective": objective(figs), "threshold": threshold, "figures": figs}

    rows = [{"group": "(the rules as they are)", "veto": run("all", matcher_of(lambda g: True))}]
    for group in groups:
        gone = matcher_of(lambda g: g != group)
        rows.append({"group": group, "gone": run(f"{group} gone", gone),
                     "feature": run(f"{group} as a feature", gone, matcher_of(lambda g: g == group))})
    return rows


def print_rule_weights(rows: list[dict]) -> None:
    print(f"{'group':24} {'way':8} {'objective':>9} {'threshold':>9}  F1 / cruft lines by corpus and dump")
    for row in rows:
        for way in ("veto", "gone", "feature"):
            if way in row:
                r = row[way]
                cells = " ".join(f"{k}={f['f1']:.4f}/{f['cruft_lines']}" for k, f in r["figures"].items())
                print(f"{row['group']:24} {way:8} {r['objective']:9.5f} {r['threshold']:9.2f}  {cells}")


def print_figures(meta: dict) -> None:
    figs = meta.get("figures")
    if not figs:
        return
    print(f"{'corpus/dump':32} " + " ".join(f"{k:>22}" for k in figs))
    for key in figs["as_is"]:
        cells = []
        for kind in figs:
            f = (figs[kind] or {}).get(key)
            cells.append(f"{f['f1']:.4f} d{f['disasters']:>3} c{f['cruft_lines']:>6}" if f else "-")
        print(f"{key:32} " + " ".join(f"{c:>22}" for c in cells))


def main(argv: list[str] | None = None) -> int:
    global SHARED
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=SHARED,
                    help="the shared folder with corpus/ and eval/ (default: ../shared)")
    ap.add_argument("--corpus-dir", type=Path, help="the folder of the *-dumps.jsonl.gz files (default: --shared's corpus/)")
    ap.add_argument("--out", type=Path, default=LINES_MODEL_PATH)
    ap.add_argument("--folds", type=int, default=FOLDS)
    ap.add_argument("--weigh-rules", nargs="*", metavar="GROUP",
                    help="weigh these phrase rule groups (all when none is named) under cross-validation, write no model")
    ap.add_argument("--save-predictions", type=Path, metavar="DIR",
                    help="also write each dump's texts, in-sample and cross-validated, as JSONL (for benchmarks/held_out.py)")
    ap.add_argument("--seeds", nargs="+", type=int, metavar="SEED",
                    help="weigh the code over these LightGBM seeds: the whole protocol run for each, the objective's "
                         "terms by corpus with the record pass and without; writes no model")
    ap.add_argument("--fits", type=int, default=LINE_FITS, metavar="N",
                    help="fit the first and the context pass N times, each with its own seed, and average their log-odds "
                         f"(default {LINE_FITS}, as the shipped model; 1 for a single fit)")
    ap.add_argument("--markdown", action="store_true",
                    help="fit on the dumps written as Markdown too, made from the corpora's pages by html2text (measured, "
                         "not in the shipped model)")
    ap.add_argument("--without", nargs="+", default=[], metavar="PATTERN",
                    help="with --seeds: fit the passes without the line-feature columns these names match "
                         "(shell-style, e.g. 'raw_*'), to weigh what they are worth")
    args = ap.parse_args(argv)
    if args.fits < 1:
        ap.error(f"--fits: how many fits are averaged, 1 or more, not {args.fits}")
    check_without(ap, args, LINE_FEATURES)
    SHARED = args.shared
    corpus_dir = args.corpus_dir or SHARED / "corpus"
    corpora = {name: read_corpus(corpus_dir / f"{name}-dumps.jsonl.gz") for name in TRAIN_CORPORA}
    if args.markdown and not add_markdown_dumps(corpora, corpus_dir):
        print("note: no Markdown dumps (they need html2text, pip install -e '.[train]', and the corpora's pages): "
              "the line model is fitted on the plain dumps alone", file=sys.stderr)
    if args.weigh_rules is not None:
        print_rule_weights(weigh_rules(corpora, args.weigh_rules or None, args.folds))
        return 0
    if args.seeds:
        print_seed_report(seed_report(corpora, args.seeds, args.folds, fits=args.fits, without=tuple(args.without)))
        return 0
    model = train(corpora, args.out, folds=args.folds, predictions=args.save_predictions, fits=args.fits)
    print(f"threshold {model.threshold}")
    print_figures(model.meta)
    return 0


if __name__ == "__main__":
    sys.exit(main())
