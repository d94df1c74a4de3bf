"""Article-text quality and speed: newsbot's cleaner beside trafilatura and readability-lxml.

    python benchmarks/quality.py [--shared ../shared] [--corpus aeb wcxb ...] [--only newsbot]
                                 [--cross-validate] [--languages] [--worst 5] [--save-predictions DIR]
                                 [--reports DIR] [--short-stories 300] [--linked-stories 300]
                                 [--rail-stories 300] [--boxed-stories 300]

Reads the corpora and the scorer from ../shared at run time (nothing of them is in this
repository) and prints one table: F1, precision, recall, cruft lines, disasters (pages under
F1 0.5) and pages per CPU-second, all extractors measured in the same run. On the lede corpora
(postlight, goose3: the truth is the article's opening words) the F1 column holds the recall of
those snippets. On corpora with must-keep and must-drop snippets (wcxb, wcxb-pagetypes) the
"snippets F1" column is ../shared/eval/score_snippets.py's F1 of them: a found must-keep snippet
counts for, a found must-drop one against. "trafilatura+meta" is trafilatura asked for the title, date and authors as well
(its text is trafilatura's): newsbot always finds them, so that row's speed is the same work's.
With --reports DIR, each corpus's --worst N pages (10 by default) get an HTML
report of what newsbot kept and removed beside the truth (cleaners.report), listed with their F1
in DIR/index.html. With --cross-validate, "newsbot-cv" is newsbot whose block model never saw the
page's site: one model per fold of the training corpora, fitted by cleaners.train (needs the
train extra); pages of corpora the shipped model was not fitted on are cleaned by it as they are.
With --short-stories N, each extractor also cleans pages of a short story (the first 1, 2 and 4
paragraphs of N true texts in a plain page): pages emptied, pages that lost a paragraph. With
--linked-stories N, stories whose paragraphs carry links (10% to 50% of their words, to the site
or to other sites): pages that lost a paragraph, and as the cost, pages that kept a sentence
linking two other stories. With --rail-stories N, newsbot's page type on briefs of 1, 2 and 4
paragraphs followed by 10 or 30 other stories' headlines: pages called a listing (a crawl writes
none), pages that lost a paragraph. With --boxed-stories N, short stories with a box a tree rule
names (a newsletter sign-up, sponsored content, a cookie notice, the author's box) holding a paragraph
of prose: pages that kept it, pages that lost a paragraph of the story.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import io
import json
import re
import sys
import tempfile
import time
from dataclasses import replace
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def find_shared(explicit: str | None) -> Path | None:
    """The shared folder: --shared, else ../shared beside the repository."""
    for candidate in [Path(explicit)] if explicit else [ROOT.parent / "shared"]:
        if (candidate / "eval" / "score.py").exists():
            return candidate.resolve()
    return None


# the scorer's and corpora's readers are the training script's (benchmarks import them from here)
from cleaners.train import load_scorer, read_corpus  # noqa: E402


#: newsbot builds only the text, as trafilatura is asked only for its text (its default output
#: format): neither renders the HTML or Markdown it could give besides.
TEXT_ONLY = frozenset()


def newsbot_extractor() -> Callable[[str, str | None], str]:
    from cleaners import Cleaner, CleanerError, CleanerOptions, warm_up

    warm_up()  # what newsbot loads once per process (its models, the date parser's locales)
    cleaner = Cleaner(CleanerOptions(outputs=TEXT_ONLY))

    def run(html: str, url: str | None) -> str:
        try:
            return cleaner.clean_html(html, url=url).text
        except CleanerError:
            return ""

    return run


#: Corpora whose truth is the article's opening words: scored by the recall of those snippets.
LEDE_CORPORA = ("postlight", "goose3")
#: Corpora of listing and collection pages (the truth is the list's items): not in the plot.
LISTING_CORPORA = ("wcxb-pagetypes",)
#: Every corpus of ../shared/corpus with a truth, full text first.
ALL_CORPORA = ("aeb", "readability", "wcxb", "fundus-dev", "newspaper4k", "zh-cwced", *LISTING_CORPORA, *LEDE_CORPORA)


def cross_validated_extractor(shared: Path) -> Callable[[dict], str]:
    """newsbot with, for each page of the training corpora, the block model of the fold that
    left the page's site out (GroupKFold by site, as cleaners.train does); and for each page of
    the listing corpora, the listing model of the fold that left its site out (as
    cleaners.train_listing does)."""
    from cleaners import Cleaner, CleanerError, CleanerOptions
    from cleaners import train, train_listing
    from cleaners._features import LISTING_FEATURES
    from cleaners._model import default_listing_model

    cleaner_of: dict[str, object] = {}
    corpora = {c: read_corpus(shared / "corpus" / f"{c}.jsonl.gz") for c in train.TRAIN_CORPORA}
    data = train.build_dataset(corpora, progress=False)
    models, test_pages, _ = train.cross_validate(data)
    shipped_model = train.BlockModel.from_json(train.MODEL_PATH.read_text(encoding="utf-8"))
    cuts = shipped_model.decision()
    for model, pages in zip(models, test_pages):
        cleaner = Cleaner(CleanerOptions(block_model=train.BlockModel(**{**model.__dict__, **cuts}), outputs=TEXT_ONLY))
        for i in pages:
            cleaner_of[data.pages[i]["id"]] = cleaner
    shipped_listing = default_listing_model()
    listing_corpora = train.read_corpora(shared, train_listing.LISTING_CORPORA, None) if shipped_listing else None
    if listing_corpora:
        listings = train.build_dataset(listing_corpora, progress=False, features=LISTING_FEATURES)
        models, test_pages, _ = train.cross_validate(listings, params=train_listing.PARAMS, members=train_listing.MEMBERS)
        for model, pages in zip(models, test_pages):
            cleaner = Cleaner(CleanerOptions(listing_model=replace(model, **shipped_listing.decision()), outputs=TEXT_ONLY))
            for i in pages:
                cleaner_of[listings.pages[i]["id"]] = cleaner
    shipped = Cleaner(CleanerOptions(outputs=TEXT_ONLY))

    def run(rec: dict) -> str:
        try:
            return cleaner_of.get(rec["id"], shipped).clean_html(rec["html"], url=rec.get("url")).text
        except CleanerError:
            return ""

    return run


def trafilatura_extractor() -> Callable[[str, str | None], str] | None:
    try:
        import trafilatura
    except ImportError:
        return None

    def run(html: str, url: str | None) -> str:
        return trafilatura.extract(html, url=url, include_comments=False) or ""

    return run


def trafilatura_metadata_extractor() -> Callable[[str, str | None], str] | None:
    """trafilatura finding the title, date and authors too, as newsbot always does: the same
    text as trafilatura's, and the speed of the same work."""
    try:
        import trafilatura
    except ImportError:
        return None

    def run(html: str, url: str | None) -> str:
        document = trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=True)
        return (document.text if document is not None else "") or ""

    return run


def readability_extractor() -> Callable[[str, str | None], str] | None:
    try:
        import html_text
        from readability import Document
    except ImportError:
        return None

    def run(html: str, url: str | None) -> str:
        try:
            return html_text.extract_text(Document(html, url=url).summary(html_partial=True))
        except Exception:  # the anchor's own failures count as empty output, as in the eval README
            return ""

    return run


EXTRACTORS: dict[str, Callable[[], Callable | None]] = {
    "newsbot": newsbot_extractor,
    "trafilatura": trafilatura_extractor,
    "trafilatura+meta": trafilatura_metadata_extractor,
    "readability-lxml": readability_extractor,
}


#: A page of our own for each extractor's first call, outside the timing.
WARM_UP_PAGE = ("<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1>"
                + "<p>This page only loads what each extractor loads once, before any page is timed.</p>" * 5
                + "</article></body></html>")


#: Corpora whose true texts are whole stories (the short-stories table draws from them).
STORY_CORPORA = ("aeb", "readability", "wcxb", "fundus-dev", "newspaper4k", "zh-cwced")
#: The shortest paragraph of a true text read as one of its paragraphs of prose.
STORY_MIN_CHARS = 40
#: Paragraphs of a true text put in a page of their own for the short-stories table, and the
#: elements that hold them (many sites set their paragraphs as bare <div>s).
SHORT_STORY_PARAGRAPHS = (1, 2, 4)
SHORT_STORY_TAGS = ("p", "div")


def prose_paragraphs(body: str) -> list[str]:
    """A true text's paragraphs of prose: STORY_MIN_CHARS or longer and ending a sentence (so a
    story cut after its k-th paragraph never ends on a heading, which no cleaner keeps without
    its text)."""
    from cleaners._text import ends_sentence

    lines = (line.strip() for line in body.splitlines())
    return [line for line in lines if len(line) >= STORY_MIN_CHARS and ends_sentence(line)]


def draw_stories(shared: Path, n: int, fewest: int, titled: bool = False, seed: int = 1) -> list[tuple[str, dict, list[str]]]:
    """(corpus, record, its `prose_paragraphs`) of `n` true texts of STORY_CORPORA that have
    `fewest` such paragraphs or more (and a title, with `titled`), drawn with `seed`."""
    import random

    drawn = []
    for corpus in STORY_CORPORA:
        path = shared / "corpus" / f"{corpus}.jsonl.gz"
        if path.exists():
            for rec in read_corpus(path):
                paragraphs = prose_paragraphs(rec.get("body") or "")
                if len(paragraphs) >= fewest and (not titled or (rec.get("title") or "").strip()):
                    drawn.append((corpus, rec, paragraphs))
    random.Random(seed).shuffle(drawn)
    return drawn[:n]


def story_page(title: str, paragraphs: list[str], tag: str = "p", markup: bool = False) -> str:
    """A plain story page: the site's menu, the headline and the paragraphs (each in a `tag`; given
    as HTML with `markup`, else as text) in <article>, a footer."""
    body = "".join(f"<{tag}>{p if markup else escape(p)}</{tag}>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title></head><body>"
            "<header><nav><ul><li><a href='/'>Home</a></li><li><a href='/news/'>News</a></li>"
            "<li><a href='/sport/'>Sport</a></li></ul></nav></header>"
            f"<main><article><h1>{escape(title)}</h1>{body}</article></main>"
            "<footer><p>© The Daily Example</p><a href='/privacy'>Privacy</a></footer></body></html>")


def output_lines(text: str) -> set[str]:
    """An extractor's output as its lines, whitespace collapsed: what the story tables look a
    paragraph up in."""
    return {" ".join(line.split()) for line in text.splitlines()}


def lost_one(paragraphs: list[str], lines: set[str]) -> bool:
    """Whether a paragraph of the story is not among the output's `lines` (`output_lines`)."""
    return any(" ".join(p.split()) not in lines for p in paragraphs)


def print_table(caption: str, corner: str, columns: list[str], rows: list[tuple[str, list[str]]]) -> None:
    """A story table as Markdown: its caption, a header of `corner` and `columns`, a row a label."""
    print(f"\n{caption}")
    print(f"| {corner} | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for label, cells in rows:
        print(f"| {label} | " + " | ".join(cells) + " |")


def short_stories(shared: Path, extractors: dict[str, Callable[[str, str | None], str]], n: int,
                  seed: int = 1) -> list[dict]:
    """Each extractor on pages that hold a short story: the first SHORT_STORY_PARAGRAPHS paragraphs
    of prose of `n` true texts (drawn with `seed` from STORY_CORPORA, those with a title and
    enough paragraphs), each in `story_page` in <p>s and in <div>s. Per extractor, length and
    markup, the pages it emptied and those where a paragraph is not among its output's lines
    (whitespace collapsed)."""
    drawn = draw_stories(shared, n, max(SHORT_STORY_PARAGRAPHS), titled=True, seed=seed)
    rows = []
    for tag in SHORT_STORY_TAGS:
        for k in SHORT_STORY_PARAGRAPHS:
            counts = {name: [0, 0] for name in extractors}
            for i, (corpus, rec, paragraphs) in enumerate(drawn):
                page = story_page(rec["title"].strip(), paragraphs[:k], tag)
                url = f"https://news.example/{corpus}/story-{i}"
                for name, extract in extractors.items():
                    text = extract(page, url)
                    counts[name][0] += not text.strip()
                    counts[name][1] += lost_one(paragraphs[:k], output_lines(text))
            rows += [{"tag": tag, "paragraphs": k, "extractor": name, "stories": len(drawn), "emptied": e, "lost": lost}
                     for name, (e, lost) in counts.items()]
    print_table(f"Short stories in a page ({len(drawn)} true texts' first paragraphs of prose in <article> under a "
                "menu, a footer after): pages emptied / pages that lost a paragraph", "paragraphs", list(extractors),
                [(f"{k} in <{tag}>", [f"{r['emptied']} / {r['lost']}" for r in rows if r["paragraphs"] == k and r["tag"] == tag])
                 for tag in SHORT_STORY_TAGS for k in SHORT_STORY_PARAGRAPHS])
    return rows


#: Shares of a paragraph's words set in links for the linked-stories table.
LINK_SHARES = (0.1, 0.25, 0.4, 0.5)
#: Paragraphs of each story in the linked-stories table.
LINKED_STORY_PARAGRAPHS = 4
#: A sentence that points to two other stories, set between a linked story's paragraphs: what a
#: cleaner that keeps sentences with links in them may keep too.
POINTER_SENTENCE = ("Read more about this in <a href='/news/other-story-1'>Council votes to close the old library on "
                    "Sundays</a> and <a href='/news/other-story-2'>Ferry timetable changes for the winter season</a>.")


def linked_paragraph(paragraph: str, share: float, rng, external: bool) -> str:
    """The paragraph as HTML with runs of one to four words set in links (to the site's stories, or
    to other sites with `external`) until about `share` of its words are, a word or more between
    two links."""
    words = paragraph.split()
    linked = [False] * len(words)
    count, tries = 0, 0
    while count < round(share * len(words)) and tries < 200:
        start, k = rng.randrange(len(words)), rng.randint(1, 4)
        stop = min(len(words), start + k)
        if any(linked[max(0, start - 1):stop + 1]):
            tries += 1
            continue
        linked[start:stop] = [True] * (stop - start)
        count += stop - start
    out, i = [], 0
    while i < len(words):
        if not linked[i]:
            out.append(escape(words[i]))
            i += 1
            continue
        j = i
        while j < len(words) and linked[j]:
            j += 1
        n = rng.randrange(1000, 9999)
        href = f"https://site{n}.example/page" if external else f"/news/{n}/a-story"
        out.append(f"<a href='{href}'>{escape(' '.join(words[i:j]))}</a>")
        i = j
    return " ".join(out)


def linked_stories(shared: Path, extractors: dict[str, Callable[[str, str | None], str]], n: int,
                   seed: int = 1) -> list[dict]:
    """Each extractor on stories whose paragraphs carry links: the first LINKED_STORY_PARAGRAPHS
    paragraphs of prose of `n` true texts, each with LINK_SHARES of its words in links to the site's
    stories or to other sites, in `story_page`. Per extractor, share and target, the pages where a
    paragraph is not among its output's lines (whitespace collapsed); and, as the cost, the pages
    where it keeps POINTER_SENTENCE set between the plain story's paragraphs."""
    import random

    from lxml import html as lxml_html

    drawn = draw_stories(shared, n, LINKED_STORY_PARAGRAPHS, titled=True, seed=seed)
    rows = []
    for external in (False, True):
        for share in LINK_SHARES:
            lost = {name: 0 for name in extractors}
            for i, (corpus, rec, paragraphs) in enumerate(drawn):
                rng = random.Random(f"{seed}-{i}-{share}-{external}")
                story = paragraphs[:LINKED_STORY_PARAGRAPHS]
                page = story_page(rec["title"].strip(), [linked_paragraph(p, share, rng, external) for p in story],
                                  markup=True)
                url = f"https://news.example/{corpus}/story-{i}"
                for name, extract in extractors.items():
                    lost[name] += lost_one(story, output_lines(extract(page, url)))
            rows += [{"links": "other sites" if external else "the site", "share": share, "extractor": name,
                      "stories": len(drawn), "lost": k} for name, k in lost.items()]
    pointer = " ".join(lxml_html.fragment_fromstring(f"<p>{POINTER_SENTENCE}</p>").text_content().split())
    kept = {name: 0 for name in extractors}
    for i, (corpus, rec, paragraphs) in enumerate(drawn):
        story = [escape(p) for p in paragraphs[:LINKED_STORY_PARAGRAPHS]]
        page = story_page(rec["title"].strip(), story[:2] + [POINTER_SENTENCE] + story[2:], markup=True)
        for name, extract in extractors.items():
            kept[name] += pointer in output_lines(extract(page, f"https://news.example/{corpus}/story-{i}"))
    rows += [{"links": "pointer", "extractor": name, "stories": len(drawn), "kept": k} for name, k in kept.items()]
    table = [(f"{share:.0%}, to {links}", [str(r["lost"]) for r in rows if r["links"] == links and r.get("share") == share])
             for links in ("the site", "other sites") for share in LINK_SHARES]
    table.append(("(cost) pages that kept a sentence linking two other stories",
                  [str(r["kept"]) for r in rows if r["links"] == "pointer"]))
    print_table(f"Stories with links in their paragraphs ({len(drawn)} true texts' first {LINKED_STORY_PARAGRAPHS} "
                "paragraphs of prose, runs of 1-4 words linked): pages that lost a paragraph", "words in links",
                list(extractors), table)
    return rows


#: Boxes a tree rule names, each holding one paragraph of prose, for the boxed-stories table: the
#: kind of box, its class, its paragraph.
NAMED_BOXES = (
    ("newsletter", "newsletter-signup",
     "Sign up for our morning newsletter to get the day's most important stories, analysis and opinion "
     "delivered to your inbox before breakfast, with a weekend edition on Saturdays and special editions "
     "whenever big news breaks anywhere in the world."),
    ("sponsored", "sponsored-content",
     "This content was produced by our commercial team on behalf of our partner, a leading provider of home "
     "insurance, and was not written or edited by the newsroom; find out how our partner can help you protect "
     "your home and family this winter."),
    ("cookie notice", "cookie-notice",
     "We and our partners use cookies and similar technologies to store and access information on your "
     "device, to personalise ads and content, to measure ads and content, and to develop and improve our "
     "products and services."),
    ("author's box", "author-bio",
     "Jane Roe is a senior correspondent who has covered city hall, transport and housing for the paper "
     "since 2015; before that she reported on courts and local politics for two regional dailies, and she "
     "teaches reporting at the university's journalism school."),
)
#: Where the box stands: before the page's header, between the story's second and third
#: paragraphs, after its last.
BOX_PLACES = ("top", "middle", "end")
BOXED_STORY_PARAGRAPHS = 4


def boxed_page(title: str, paragraphs: list[str], box: str, place: str) -> str:
    """`story_page` with `box` (HTML) at `place` (one of BOX_PLACES)."""
    parts = [escape(p) for p in paragraphs]
    page = story_page(title, parts, markup=True)
    if place == "top":
        return page.replace("<header>", box + "<header>", 1)
    if place == "middle":
        return page.replace(f"<p>{parts[1]}</p>", f"<p>{parts[1]}</p>{box}", 1)
    return page.replace("</article>", box + "</article>", 1)


def boxed_stories(shared: Path, extractors: dict[str, Callable[[str, str | None], str]], n: int,
                  seed: int = 1) -> list[dict]:
    """Each extractor on short stories (the first BOXED_STORY_PARAGRAPHS paragraphs of prose of `n`
    true texts) with a box a tree rule names (NAMED_BOXES: a newsletter sign-up, sponsored content,
    a cookie notice, the author's box) holding one paragraph of prose, at each of BOX_PLACES: the
    pages that kept the box's paragraph, and those that lost one of the story's."""
    drawn = draw_stories(shared, n, BOXED_STORY_PARAGRAPHS, titled=True, seed=seed)
    rows = []
    for kind, cls, paragraph in NAMED_BOXES:
        box = f"<div class='{cls}'><p>{escape(paragraph)}</p></div>"
        for place in BOX_PLACES:
            counts = {name: [0, 0] for name in extractors}
            for i, (corpus, rec, paragraphs) in enumerate(drawn):
                story = paragraphs[:BOXED_STORY_PARAGRAPHS]
                page = boxed_page(rec["title"].strip(), story, box, place)
                for name, extract in extractors.items():
                    lines = output_lines(extract(page, f"https://news.example/{corpus}/story-{i}"))
                    counts[name][0] += paragraph in lines
                    counts[name][1] += lost_one(story, lines)
            rows += [{"box": kind, "place": place, "extractor": name, "stories": len(drawn), "kept": k, "lost": lost}
                     for name, (k, lost) in counts.items()]
    print_table(f"Short stories with a named box of prose ({len(drawn)} true texts' first {BOXED_STORY_PARAGRAPHS} "
                "paragraphs of prose): pages that kept the box's paragraph / pages that lost one of the story's",
                "box, where", list(extractors),
                [(f"{kind}, {place}", [f"{r['kept']} / {r['lost']}" for r in rows if r["box"] == kind and r["place"] == place])
                 for kind, _, _ in NAMED_BOXES for place in BOX_PLACES])
    return rows


#: A brief's paragraphs, the other stories' headlines in the rail beside it, and what its page
#: declares, for the rail table.
RAIL_PARAGRAPHS = (1, 2, 4)
RAIL_HEADLINES = (10, 30)
RAIL_DECLARED = ("nothing", "og:type article", "NewsArticle")


def rail_page(title: str, paragraphs: list[str], headlines: list[str], declared: str) -> str:
    """A story's page with a rail of other stories' linked headlines after it ("More stories"),
    declaring `declared` (one of RAIL_DECLARED)."""
    head = ""
    if declared == "og:type article":
        head = "<meta property='og:type' content='article'>"
    elif declared == "NewsArticle":
        head = ("<script type='application/ld+json'>" + json.dumps(
            {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
             "datePublished": "2026-12-01T10:00:00Z"}).replace("</", "<\\/") + "</script>")
    rail = "".join(f"<div class='card'><h3><a href='/world/{40000000 + i}'>{escape(h)}</a></h3></div>"
                   for i, h in enumerate(headlines))
    return story_page(title, [escape(p) for p in paragraphs], markup=True).replace(
        "</title>", "</title>" + head, 1).replace("</article>", f"</article><section><h2>More stories</h2>{rail}</section>", 1)


def rail_stories(shared: Path, n: int, seed: int = 1) -> list[dict]:
    """newsbot's page type on briefs beside a rail of headlines: the first RAIL_PARAGRAPHS
    paragraphs of prose of `n` true texts, each followed by RAIL_HEADLINES other true texts'
    titles as linked headlines, the page declaring each of RAIL_DECLARED, at an address of a
    number (which says nothing of the page's type). Per setting, the pages called a listing (a
    crawl writes none of them) and those that lost a paragraph."""
    from cleaners import Cleaner, CleanerError, CleanerOptions

    cleaner = Cleaner(CleanerOptions(outputs=frozenset()))
    drawn = draw_stories(shared, n, max(RAIL_PARAGRAPHS), titled=True, seed=seed)
    titles = [rec["title"].strip() for _, rec, _ in drawn]
    rows = []
    for declared in RAIL_DECLARED:
        for k in RAIL_PARAGRAPHS:
            for m in RAIL_HEADLINES:
                listing = lost = 0
                for i, (_, rec, paragraphs) in enumerate(drawn):
                    others = [titles[(i + 1 + j) % len(titles)] for j in range(min(m, len(titles) - 1))]
                    page = rail_page(titles[i], paragraphs[:k], others, declared)
                    try:
                        result = cleaner.clean_html(page, url=f"https://news.example/world/{30000000 + i}")
                    except CleanerError:
                        lost += 1
                        continue
                    listing += result.page_type == "listing"
                    lost += lost_one(paragraphs[:k], output_lines(result.text))
                rows.append({"declared": declared, "paragraphs": k, "headlines": m, "stories": len(drawn),
                             "listing": listing, "lost": lost})
    print_table(f"Briefs beside a rail of headlines ({len(drawn)} true texts' first paragraphs of prose, other texts' "
                "titles as linked headlines after them, at an address of a number): newsbot's pages called a listing / "
                "pages that lost a paragraph", "the page declares",
                [f"{k} paragraphs, {m} headlines" for k in RAIL_PARAGRAPHS for m in RAIL_HEADLINES],
                [(declared, [f"{r['listing']} / {r['lost']}" for r in rows if r["declared"] == declared])
                 for declared in RAIL_DECLARED])
    return rows


def measure(extract: Callable[[str, str | None], str], corpus: list[dict]) -> tuple[dict[str, str], float]:
    """One extractor's predictions by id and its pages per CPU-second."""
    preds, speeds = measure_all({"x": extract}, corpus)
    return preds["x"], speeds["x"]


def measure_all(extractors: dict[str, Callable], corpus: list[dict], by_record: frozenset[str] = frozenset()) -> tuple[dict[str, dict[str, str]], dict[str, float]]:
    """Run every extractor on every page, page by page in turn, timing each call's CPU.

    Interleaving gives each extractor the same machine: drift in clock speed or load hits all
    of them alike, and no extractor sees a page twice (some cache results by content).
    """
    preds: dict[str, dict[str, str]] = {name: {} for name in extractors}
    cpu = dict.fromkeys(extractors, 0.0)
    for name, extract in extractors.items():
        # one-time loading (models, caches) is not a page's cost
        extract({"id": "warm-up", "html": WARM_UP_PAGE}) if name in by_record else extract(WARM_UP_PAGE, None)
    for rec in corpus:
        for name, extract in extractors.items():
            start = time.process_time()
            preds[name][rec["id"]] = extract(rec) if name in by_record else extract(rec["html"], rec.get("url"))
            cpu[name] += time.process_time() - start
    return preds, {name: (len(corpus) / t if t else float("inf")) for name, t in cpu.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", help="path to the shared folder (default: ../shared)")
    ap.add_argument("--corpus", nargs="*", default=list(ALL_CORPORA), help="corpora of ../shared/corpus (default: all; none: only the other tables)")
    ap.add_argument("--cross-validate", action="store_true", help="add newsbot-cv: block models that never saw the page's site")
    ap.add_argument("--languages", action="store_true", help="add a row per language of corpora that have several")
    ap.add_argument("--only", nargs="+", choices=list(EXTRACTORS), help="run only these extractors")
    ap.add_argument("--worst", type=int, default=0, help="list each extractor's N worst pages")
    ap.add_argument("--save-predictions", metavar="DIR", help="write each extractor's predictions as JSONL")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON lines too")
    ap.add_argument("--reports", metavar="DIR", help="write an HTML report of each corpus's --worst N pages (default 10) and DIR/index.html")
    ap.add_argument("--plot", metavar="SVG", help="also draw F1 and cruft lines per extractor into this SVG file")
    ap.add_argument("--short-stories", type=int, default=0, metavar="N",
                    help="also the short-stories table: pages of the first 1, 2 and 4 paragraphs of N true texts")
    ap.add_argument("--linked-stories", type=int, default=0, metavar="N",
                    help="also the linked-stories table: N true texts' paragraphs with links in them")
    ap.add_argument("--rail-stories", type=int, default=0, metavar="N",
                    help="also the rail table: newsbot's page type on N briefs beside a rail of headlines")
    ap.add_argument("--boxed-stories", type=int, default=0, metavar="N",
                    help="also the boxed-stories table: N short stories with a named box of prose")
    args = ap.parse_args(argv)

    shared = find_shared(args.shared)
    if shared is None:
        print("skipped: the shared corpora (../shared/corpus, ../shared/eval) are not here")
        return 0
    scorer = load_scorer(shared)
    names = args.only or list(EXTRACTORS)
    extractors = {name: EXTRACTORS[name]() for name in names}

    missing = [name for name, extract in extractors.items() if extract is None]
    for name in missing:
        print(f"note: {name} is not installed (pip install -e '.[bench]'), left out")
    runnable = {name: extract for name, extract in extractors.items() if extract is not None}
    by_record: frozenset[str] = frozenset()
    if args.cross_validate:
        try:
            runnable["newsbot-cv"] = cross_validated_extractor(shared)
            by_record = frozenset({"newsbot-cv"})
        except ImportError as exc:
            print(f"note: --cross-validate needs the train extra (pip install -e '.[train]'): {exc}")
    if args.reports and "newsbot" not in runnable:
        ap.error("--reports needs the newsbot extractor")
    worst_n = args.worst or (10 if args.reports else 0)
    report_pages: dict[str, list[tuple[float, dict]]] = {}
    rows = []
    for corpus_name in args.corpus:
        path = shared / "corpus" / f"{corpus_name}.jsonl.gz"
        if not path.exists():
            print(f"note: {path} is not there, left out")
            continue
        corpus = read_corpus(path)
        all_preds, speeds = measure_all(runnable, corpus, by_record)
        for name in runnable:
            preds = all_preds[name]
            if corpus_name in LEDE_CORPORA:
                found, total = lede_recall(corpus, preds)
                rows.append({"corpus": corpus_name, "extractor": name, "f1": found / max(total, 1), "precision": float("nan"),
                             "recall": found / max(total, 1), "cruft_lines": 0, "disasters": 0, "pages_per_cpu_s": speeds[name]})
                worst = []
            else:
                s = scorer.score(corpus, preds)
                worst = s.pop("worst")
                rows.append({"corpus": corpus_name, "extractor": name, **s, "pages_per_cpu_s": speeds[name],
                             "snippets_f1": snippet_f1(shared, path, corpus, preds)})
                languages = sorted({r.get("lang") for r in corpus if r.get("lang")})
                if args.languages and len(languages) > 1:
                    for lang in languages:
                        part = [r for r in corpus if r.get("lang") == lang]
                        ls = scorer.score(part, preds)
                        ls.pop("worst")
                        rows.append({"corpus": f"{corpus_name}:{lang}", "extractor": name, **ls, "pages_per_cpu_s": float("nan")})
            if args.save_predictions:
                out = Path(args.save_predictions)
                out.mkdir(parents=True, exist_ok=True)
                with open(out / f"{corpus_name}-{name}.jsonl", "w", encoding="utf-8") as f:
                    for pid, text in preds.items():
                        f.write(json.dumps({"id": pid, "text": text}, ensure_ascii=False) + "\n")
            if args.worst:
                for page_f1, pid, n_cruft, examples in worst[: args.worst]:
                    print(f"  {corpus_name} {name} worst {page_f1:.3f} {pid} cruft={n_cruft} {examples[:3]}")
            if args.reports and name == "newsbot" and worst:
                by_id = {rec["id"]: rec for rec in corpus}
                report_pages[corpus_name] = [(page_f1, by_id[pid]) for page_f1, pid, _, _ in worst[:worst_n]]

    if rows:
        header = (f"| {'corpus':<12} | {'extractor':<16} | {'F1':>6} | {'P':>6} | {'R':>6} | {'cruft lines':>11} | {'disasters':>9} "
                  f"| {'snippets F1':>11} | {'pages/CPU-s':>11} |")
        print(header)
        print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
        for r in rows:
            snippets = r.get("snippets_f1")
            print(
                f"| {r['corpus']:<12} | {r['extractor']:<16} | {r['f1']:6.3f} | {r['precision']:6.3f} | {r['recall']:6.3f} "
                f"| {r['cruft_lines']:>11} | {r['disasters']:>9} | {'' if snippets is None else f'{snippets:.3f}':>11} "
                f"| {r['pages_per_cpu_s']:>11.1f} |"
            )
    # the story tables build pages: every extractor that reads a page (not a corpus record)
    page_extractors = {name: e for name, e in runnable.items() if name not in by_record}
    if args.short_stories:
        short_stories(shared, page_extractors, args.short_stories)
    if args.linked_stories:
        linked_stories(shared, page_extractors, args.linked_stories)
    if args.rail_stories:
        rail_stories(shared, args.rail_stories)
    if args.boxed_stories:
        boxed_stories(shared, page_extractors, args.boxed_stories)
    if args.json:
        for r in rows:
            print(json.dumps(r))
    if args.plot:
        Path(args.plot).write_text(plot_svg(rows), encoding="utf-8")
        print(f"plot written to {args.plot}")
    if args.reports:
        index = write_reports(Path(args.reports), report_pages, scorer)
        print(f"reports of the worst pages: {index}")
    return 0


def _file_name(corpus: str, page_id: str) -> str:
    """A report's file name: the page id made safe, with a hash of it against collisions."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", page_id)[:60].strip("._") or "page"
    return f"{corpus}-{safe}-{hashlib.sha1(page_id.encode()).hexdigest()[:8]}.html"


def write_reports(out: Path, pages: dict[str, list[tuple[float, dict]]], scorer=None) -> Path:
    """An HTML report (cleaners.report) of each page, corpus by corpus, and out/index.html
    listing them with their F1; returns the index's path."""
    from cleaners import CleanerError
    from cleaners.report import write_report

    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for corpus, entries in pages.items():
        for page_f1, rec in entries:
            name = _file_name(corpus, str(rec["id"]))
            try:
                report = write_report(out / name, rec["html"], rec.get("url"), rec.get("body") or "", scorer=scorer,
                                      source=f"{corpus} corpus, id {rec['id']}", truth_name=f"the {corpus} truth")
            except CleanerError as exc:
                rows.append((corpus, str(rec["id"]), page_f1, None, f"cleaner error: {exc}"))
                continue
            missed = sum(1 for v in report.views if v.missed)
            cruft = sum(1 for v in report.views if v.cruft)
            rows.append((corpus, str(rec["id"]), page_f1, name, f"{missed} blocks with missed text, {cruft} with cruft"))
    cells = []
    for corpus, page_id, page_f1, name, what in rows:
        link = f'<a href="{escape(name)}">{escape(page_id)}</a>' if name else escape(page_id)
        cells.append(f"<tr><td>{escape(corpus)}</td><td class=n>{page_f1:.3f}</td><td>{link}</td><td>{escape(what)}</td></tr>")
    index = out / "index.html"
    index.write_text(
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        "<title>newsbot: the worst pages</title><style>body{font:14px system-ui,sans-serif;margin:20px}"
        "td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #eee}td.n{text-align:right}</style></head><body>"
        "<h1>newsbot: the worst pages of each corpus</h1><p>Each page's F1 as the benchmark scored it; each link opens the page's report.</p>"
        "<table><thead><tr><th>corpus</th><th>F1</th><th>page</th><th>marks</th></tr></thead><tbody>"
        + "".join(cells) + "</tbody></table></body></html>\n",
        encoding="utf-8",
    )
    return index


@lru_cache(maxsize=2)
def _snippet_scorer(shared: Path):
    """../shared/eval/score_snippets.py as a module, read once (None when it is not there)."""
    script = shared / "eval" / "score_snippets.py"
    if not script.exists():
        return None
    spec = importlib.util.spec_from_file_location("newsbot_shared_score_snippets", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def snippet_f1(shared: Path, corpus_path: Path, corpus: list[dict], preds: dict[str, str]) -> float | None:
    """The F1 of a corpus's must-keep ("with") and must-drop ("without") snippets in these
    predictions, by ../shared/eval/score_snippets.py as it is (its printed F1); None when the
    corpus has no must-drop snippets (the lede corpora: see lede_recall) or the scorer is not
    there."""
    module = _snippet_scorer(shared)
    if module is None or not any(rec.get("without") for rec in corpus):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        predictions = Path(tmp) / "predictions.jsonl"
        with open(predictions, "w", encoding="utf-8") as f:
            for pid, text in preds.items():
                f.write(json.dumps({"id": pid, "text": text}, ensure_ascii=False) + "\n")
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            module.main([str(corpus_path), str(predictions)])
    found = re.search(r"snippets F1 ([0-9.]+)", printed.getvalue())
    return float(found.group(1)) if found else None


def lede_recall(corpus: list[dict], preds: dict[str, str]) -> tuple[int, int]:
    """How many of the pages' opening-words snippets ("with") the output holds, of how many."""
    def norm(text: str) -> str:
        return " ".join((text or "").casefold().split())

    found = total = 0
    for rec in corpus:
        text = norm(preds.get(rec["id"], ""))
        for snippet in rec.get("with") or []:
            total += 1
            found += norm(snippet) in text
    return found, total


def plot_svg(rows: list[dict]) -> str:
    """Two bar charts side by side (F1, cruft lines), one group of bars per corpus, as SVG."""
    colors = {"newsbot": "#1f77b4", "newsbot-cv": "#9ecae1", "trafilatura": "#ff7f0e", "trafilatura+meta": "#ffbb78", "readability-lxml": "#2ca02c"}
    # whole corpora of articles, full text
    rows = [r for r in rows if ":" not in r["corpus"] and r["corpus"] not in LEDE_CORPORA + LISTING_CORPORA]
    corpora = list(dict.fromkeys(r["corpus"] for r in rows))
    names = list(dict.fromkeys(r["extractor"] for r in rows))
    width, height, pad = 1000, 300, 50
    panel_w = (width - 3 * pad) / 2
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 60}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height + 60}" fill="white"/>']
    panels = [("F1 (higher is better)", "f1", 0.8, 1.0), ("cruft lines (lower is better)", "cruft_lines", 0, max(r["cruft_lines"] for r in rows) * 1.1 or 1)]
    for p, (label, key, lo, hi) in enumerate(panels):
        x0 = pad + p * (panel_w + pad)
        out.append(f'<text x="{x0 + panel_w / 2}" y="20" text-anchor="middle" font-weight="bold">{label}</text>')
        out.append(f'<line x1="{x0}" y1="{height}" x2="{x0 + panel_w}" y2="{height}" stroke="black"/>')
        group_w = panel_w / max(len(corpora), 1)
        bar_w = group_w / (len(names) + 1)
        for c, corpus in enumerate(corpora):
            out.append(f'<text x="{x0 + c * group_w + group_w / 2}" y="{height + 18}" text-anchor="middle">{corpus}</text>')
            for n, name in enumerate(names):
                row = next((r for r in rows if r["corpus"] == corpus and r["extractor"] == name), None)
                if row is None:
                    continue
                value = row[key]
                frac = max(0.0, min(1.0, (value - lo) / (hi - lo)))
                bar_h = frac * (height - 40)
                x = x0 + c * group_w + (n + 0.5) * bar_w
                out.append(f'<rect x="{x:.1f}" y="{height - bar_h:.1f}" width="{bar_w * 0.9:.1f}" height="{bar_h:.1f}" fill="{colors.get(name, "#888")}"/>')
                text = f"{value:.3f}" if key == "f1" else str(value)
                out.append(f'<text x="{x + bar_w * 0.45:.1f}" y="{height - bar_h - 4:.1f}" text-anchor="middle" font-size="10">{text}</text>')
    for n, name in enumerate(names):
        label = "newsbot, cross-validated by site" if name == "newsbot-cv" else name
        out.append(f'<rect x="{pad + n * 220}" y="{height + 32}" width="12" height="12" fill="{colors.get(name, "#888")}"/>')
        out.append(f'<text x="{pad + n * 220 + 16}" y="{height + 43}">{label}</text>')
    out.append("</svg>")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
