"""newsbot-clean on dumps: quality on the shared text dumps, clean_text's speed, HTML against
text, --jobs speed-up, peak memory, and the cost of --dedup near.

    python benchmarks/dumps.py [--shared ../shared] [--speed-records 3000] [--memory-records 100000]
                               [--near-records 100000] [--stories 150] [--line-model FILE]
                               [--skip quality text-speed html-or-text speed memory near progress stories openings wrapped
                                       markdown]
    python benchmarks/dumps.py --against DIR [--rounds 4] [--text-records N]   # clean_text beside other code

Quality: ../shared/corpus/*-dumps.jsonl.gz hold, beside each page's true text, the text
readability-lxml extracted (cruft left in) and the whole page's text; both are cleaned with
newsbot-clean (text records, so clean_text with learning and the line model) and scored with
../shared/eval/score.py, beside the dump as it is and the C4 line filter (the anchor). The line
model was trained on these dumps, so newsbot-clean's column is in-sample; the cross-validated
column (GroupKFold by site) and `clean_lines` alone are the training run's figures, kept in the
model file. Below them, the corpora no model was fitted on (newspaper4k, zh-cwced): their dumps are
made from their pages the same way (readability-lxml's summary and the whole page, through
html-text), and cleaned and scored alike; their newsbot-clean column is a held-out figure.
Text speed: clean_text's records per CPU-second on wcxb's dumps, `clean_lines` alone and with the
line model (best of several passes after a warm-up one, each pass with a fresh Cleaner).
With --against DIR (a checkout of other code), only clean_text's speed, this code's and that
code's in one process, record by record in turn (stable to a few thousandths where whole passes
one after the other differ by a tenth on this machine).
HTML or text: the same pages cleaned from their HTML (what a record with both is cleaned from)
and from each dump's text.
Stories with furniture: the record pass empties a text that holds no article; it must never empty
a story. The first 1, 3, 4 and 6 paragraphs of prose of --stories true texts (drawn with a fixed seed
from the corpora with whole true texts), each as it is and with furniture put in (a zero-width space, a
"Share" label or a number on a line between the paragraphs, a list of tags after them), cleaned
with clean_text: how many come back empty, and how many lose a paragraph. --line-model FILE runs
another line model file instead of the shipped one (e.g. a refit to /tmp).
Openings: every true text of those corpora as a short record, its title and its first 2, 3, 4, 5,
6 or 8 lines as they are (headings, list items and all), and whole, cleaned with clean_text: how
many come back empty. A title and two lines is mostly a headline and one paragraph, which the
record pass empties by design (what an extractor keeps of a page whose story it missed); from
three lines on, an emptied opening is a story lost. The training's objective weighs none of these
short records. --line-model applies here too.
Wrapped: each dump as a tool that wraps at 78 columns writes it (html2text, pandoc), its blocks
apart by a blank line or by a line break only, cleaned with clean_text beside the dump as it is.
Markdown: each page's two dumps as html2text writes them (Markdown at its defaults: links and images
inline, paragraphs wrapped at 78 columns), as they are and cleaned with clean_text, beside the same
pages' plain dumps cleaned alike.
Speed: a dump of HTML records (the corpus pages, repeated) cleaned with --jobs 1 and --jobs 2.
Memory: the peak resident memory of newsbot-clean on a dump of --memory-records text records.
Near duplicates (no shared data needed): --dedup near's time per record and memory over
--near-records synthetic stories of one site's template (benchmarks/stories.py, one in ten a near
copy), against the time cleaning takes per record (HTML pages and text records, measured on a
sample: the fixture pages, and the shared corpus's pages when present).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from quality import STORY_CORPORA, draw_stories, find_shared, load_scorer, read_corpus  # noqa: E402

from cleaners.train_lines import made_dumps, markdown_made  # noqa: E402  (the dumps the line model is fitted on)


def newsbot_clean(*args: str) -> tuple[float, int]:
    """Run the real command; wall seconds and peak RSS (MB) of it and its workers."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "cleaners", *args, "--no-progress"], env=env, check=True, stderr=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kb // 1024


#: Lines the C4 filter drops for what they mention: script notices and cookie, privacy and terms
#: notices (Raffel et al. 2020, "Colossal Clean Crawled Corpus").
C4_NOTICES = ("javascript", "terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")
#: Characters that end a line C4 keeps.
C4_ENDS = (".", "!", "?", '"')
#: Fewest words of a line C4 keeps (the filter as web-scale corpora describe it).
C4_MIN_WORDS = 5


def c4_filter(text: str) -> str:
    """The text-only cleaner of web-scale corpora, as an anchor: a line stays when it ends in
    terminal punctuation, has at least C4_MIN_WORDS words and mentions none of C4_NOTICES."""
    kept = []
    for line in text.splitlines():
        line = line.strip()
        low = line.lower()
        if line.endswith(C4_ENDS) and len(line.split()) >= C4_MIN_WORDS and not any(n in low for n in C4_NOTICES):
            kept.append(line)
    return "\n\n".join(kept)


#: The dump corpora of ../shared/corpus, in the order they are reported.
DUMP_CORPORA = ("aeb", "readability", "wcxb", "fundus-dev")

#: Corpora of ../shared/corpus with HTML and whole true text but no dumps file, and that no model
#: was fitted on: their dumps are made here, as the shared ones were, and reported as held apart.
HELD_APART_CORPORA = ("newspaper4k", "zh-cwced")


def dump_corpora(shared: Path) -> list[tuple[str, list[dict], bool]]:
    """(corpus, dump records, held apart) for every dump corpus there is: the shared dumps the line
    model was fitted on, then the held-apart corpora's dumps made from their pages."""
    out = []
    for corpus in DUMP_CORPORA:
        path = shared / "corpus" / f"{corpus}-dumps.jsonl.gz"
        if path.exists():
            out.append((corpus, read_corpus(path), False))
    if importlib.util.find_spec("html_text") is None:  # the bench extra
        print("(held-apart corpora skipped: making their dumps needs html-text, pip install -e '.[bench]')")
        return out
    for corpus in HELD_APART_CORPORA:
        path = shared / "corpus" / f"{corpus}.jsonl.gz"
        if path.exists() and not (shared / "corpus" / f"{corpus}-dumps.jsonl.gz").exists():
            out.append((corpus, made_dumps(read_corpus(path)), True))
    return out


#: Paragraphs of a story kept for the stories section (one: a paragraph alone, which must stay too).
STORY_PARAGRAPHS = (1, 3, 4, 6)
#: What is put into a story: the lines after its i-th paragraph when another follows, and the lines
#: after its last.
FURNITURE: dict[str, tuple[Callable[[int], tuple[str, ...]], tuple[str, ...]]] = {
    "none": (lambda i: (), ()),
    "zero-width space between": (lambda i: ("\u200b",), ()),
    "\"Share\" between": (lambda i: ("Share",), ()),
    "numbers between": (lambda i: (str(i + 1),), ()),
    "tags after": (lambda i: (), ("Read more", "Tags", "Politics", "World")),
}


def story_paragraphs(shared: Path, n: int, seed: int = 1) -> list[list[str]]:
    """The paragraphs of prose of `n` true texts that have max(STORY_PARAGRAPHS) of them, drawn
    with `seed` from STORY_CORPORA (`draw_stories`)."""
    return [paragraphs for _, _, paragraphs in draw_stories(shared, n, max(STORY_PARAGRAPHS), seed=seed)]


def with_furniture(paragraphs: list[str], kind: str) -> str:
    """A story's text with FURNITURE[kind] put in."""
    between, after = FURNITURE[kind]
    lines = []
    for i, paragraph in enumerate(paragraphs):
        lines.append(paragraph)
        if i < len(paragraphs) - 1:
            lines.extend(between(i))
    return "\n".join([*lines, *after])


def text_cleaner(line_model: Path | None = None):
    """A Cleaner with the shipped line model, or with the one in the file `line_model`."""
    from cleaners import Cleaner, CleanerOptions
    from cleaners._model import BlockModel

    return Cleaner(CleanerOptions() if line_model is None else CleanerOptions(
        line_model=BlockModel.from_json(line_model.read_text(encoding="utf-8"))))


def stories_with_furniture(shared: Path, n: int, line_model: Path | None = None) -> list[dict]:
    """Each (paragraphs, furniture) setting: stories cleaned, emptied, and with a paragraph lost."""
    cleaner = text_cleaner(line_model)
    stories = story_paragraphs(shared, n)
    rows = []
    for k in STORY_PARAGRAPHS:
        for kind in FURNITURE:
            emptied = lost = 0
            for paragraphs in stories:
                kept = cleaner.clean_text(with_furniture(paragraphs[:k], kind)).split("\n\n")
                emptied += kept == [""]
                lost += any(p not in kept for p in paragraphs[:k])
            rows.append({"paragraphs": k, "furniture": kind, "stories": len(stories), "emptied": emptied, "lost": lost})
    print(f"\nStories with furniture, clean_text ({line_model or 'the shipped line model'}): stories emptied / "
          "stories that lost a paragraph")
    print("| paragraphs | " + " | ".join(FURNITURE) + " |")
    print("|---|" + "---|" * len(FURNITURE))
    for k in STORY_PARAGRAPHS:
        cells = [f"{r['emptied']} / {r['lost']}" for r in rows if r["paragraphs"] == k]
        print(f"| {k} | " + " | ".join(cells) + " |")
    print(f"({len(stories)} stories: the first paragraphs of true texts of {', '.join(STORY_CORPORA)})")
    return rows


#: Lines after the title that make an opening in the openings section (None: the whole text).
OPENING_LINES = (2, 3, 4, 5, 6, 8, None)


def opening(record: dict, n: int | None) -> str:
    """A true text's title (when it has one) and its first `n` lines as a dump holds them
    (`dump_lines`; all with None), a blank line between them."""
    from cleaners.train_lines import dump_lines

    lines = dump_lines(record.get("body") or "")
    title = (record.get("title") or "").strip()
    return "\n\n".join(([title] if title else []) + (lines if n is None else lines[:n]))


def openings_emptied(shared: Path, line_model: Path | None = None) -> dict[int | None, tuple[int, int]]:
    """Per OPENING_LINES, (true texts emptied, true texts) of STORY_CORPORA: each text's title and
    first lines cleaned with clean_text."""
    cleaner = text_cleaner(line_model)
    records = [rec for corpus in STORY_CORPORA if (shared / "corpus" / f"{corpus}.jsonl.gz").exists()
               for rec in read_corpus(shared / "corpus" / f"{corpus}.jsonl.gz") if (rec.get("body") or "").strip()]
    counts = {n: (sum(not cleaner.clean_text(opening(rec, n)) for rec in records), len(records)) for n in OPENING_LINES}
    print(f"\nOpenings, clean_text ({line_model or 'the shipped line model'}): true texts emptied, as their "
          "title and first lines")
    print("| lines after the title | " + " | ".join(str(n or "all") for n in OPENING_LINES) + " |")
    print("|---|" + "---|" * len(OPENING_LINES))
    print("| emptied | " + " | ".join(str(counts[n][0]) for n in OPENING_LINES) + " |")
    print(f"({len(records)} true texts of {', '.join(STORY_CORPORA)}; two lines after a title are mostly a "
          "headline and one paragraph, which the record pass empties by design)")
    return counts


def line_model_figures() -> dict[str, dict] | None:
    """What `python -m cleaners.train_lines` measured of the shipped line model: the dumps
    cleaned by `clean_lines` alone and by the model, in-sample and cross-validated by site (and
    by its first pass alone, without the context pass, and by both passes without the record
    pass, cross-validated)."""
    from cleaners._lines import default_lines_model

    model = default_lines_model()
    return (model.meta.get("figures") if model is not None else None) or None


def quality(shared: Path, tmp: Path, corpora: list[tuple[str, list[dict], bool]]) -> None:
    """`corpora`: dump_corpora's."""
    scorer = load_scorer(shared)
    trained = line_model_figures() or {}
    print("| corpus | dump | as it is: F1 / cruft lines | C4 line filter | clean_lines alone (no model) "
          "| newsbot-clean (line model, in-sample) | first pass alone, cross-validated by site "
          "| line decisions alone (no record pass), cross-validated | line model, cross-validated by site "
          "| disasters (in-sample) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    held_apart_rows = any(held_apart for _, _, held_apart in corpora)
    for corpus, records, held_apart in corpora:
        for field in ("dump_readability", "dump_fullpage"):
            dump = tmp / f"{corpus}-{field}.jsonl"
            with open(dump, "w", encoding="utf-8") as f:
                for rec in records:
                    title = rec.get("title") if rec.get("title") not in (None, "None") else None
                    f.write(json.dumps({"id": rec["id"], "url": rec.get("url"), "title": title, "text": rec[field]}) + "\n")
            out, rej = tmp / "out.jsonl", tmp / "rej.jsonl"
            newsbot_clean(str(dump), "-o", str(out), "--rejects", str(rej))
            # the output keeps input order; rejected records (nothing left) count as empty text
            cleaned = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
            rejected = {json.loads(line)["index"] for line in rej.read_text(encoding="utf-8").splitlines()}
            it = iter(cleaned)
            preds = {rec["id"]: ("" if i in rejected else next(it)["text"]) for i, rec in enumerate(records)}
            raw = scorer.score(records, {rec["id"]: rec[field] for rec in records})
            c4 = scorer.score(records, {rec["id"]: c4_filter(rec[field]) for rec in records})
            new = scorer.score(records, preds)
            key = f"{corpus}/{field}"

            def cell(kind: str) -> str:
                f = (trained.get(kind) or {}).get(key)
                return f"{f['f1']:.3f} / {f['cruft_lines']}" if f else "-"

            name = f"{corpus} ({len(records)}, held apart: never trained on)" if held_apart else corpus
            print(f"| {name} | {field} | {raw['f1']:.3f} / {raw['cruft_lines']} | {c4['f1']:.3f} / {c4['cruft_lines']} "
                  f"| {cell('clean_lines')} | {new['f1']:.3f} / {new['cruft_lines']} | {cell('first_pass_cross_validated')} "
                  f"| {cell('cross_validated_lines_only')} | {cell('cross_validated')} | {new['disasters']} |")
    if trained:
        print("\n(clean_lines and cross-validated columns: as the training run scored them, the same decisions; "
              "newsbot-clean adds the title handling of text records)")
    if held_apart_rows:
        print("(held-apart corpora: no model saw their sites, so newsbot-clean's column is their held-out figure; "
              "their dumps are made from their pages here, readability-lxml's summary and the whole page through html-text)")


def html_or_text(shared: Path, corpora: list[tuple[str, list[dict], bool]]) -> None:
    """A record with both HTML and text is cleaned from its HTML: the article from each, scored.
    `corpora`: dump_corpora's."""
    from cleaners import Cleaner, warm_up
    from cleaners.dumps import DumpRecord, clean_record

    warm_up()
    scorer = load_scorer(shared)
    print("\n| corpus | pages | from the HTML (what newsbot-clean uses when both are there) | from dump_readability text | from dump_fullpage text |")
    print("|---|---|---|---|---|")
    for corpus, dumped, held_apart in corpora:
        html_path = shared / "corpus" / f"{corpus}.jsonl.gz"  # the same pages as HTML, by id
        if not html_path.exists():
            continue
        pages = {rec["id"]: rec for rec in read_corpus(html_path)}
        records = [rec for rec in dumped if rec["id"] in pages]
        cells = []
        for source in ("html", "dump_readability", "dump_fullpage"):
            cleaner = Cleaner()
            if source != "html":
                cleaner.learn({"text": rec[source], "url": rec.get("url"), "title": rec.get("title")} for rec in records)
            preds = {}
            for i, rec in enumerate(records):
                fields = {"url": rec.get("url"), "title": rec.get("title"), "text": rec[source] if source != "html" else rec["dump_readability"]}
                if source == "html":
                    fields["html"] = pages[rec["id"]]["html"]  # both: the HTML wins
                outcome = clean_record(cleaner, DumpRecord(i, str(i), fields=fields))
                preds[rec["id"]] = outcome.record["text"] if outcome.record else ""
            s = scorer.score(records, preds)
            cells.append(f"{s['f1']:.3f} / {s['cruft_lines']}")
        name = f"{corpus} (held apart)" if held_apart else corpus
        print(f"| {name} | {len(records)} | " + " | ".join(cells) + " |")


#: Width the wrapped section wraps each dump line at (html2text's default is 78 columns).
WRAP_WIDTH = 78


def wrapped(text: str, width: int = WRAP_WIDTH, blank: bool = True) -> str:
    """A dump's text as a tool that wraps at `width` writes it: each line filled to the width,
    its blocks apart by a blank line (html2text, pandoc) or by a line break only."""
    import textwrap

    lines = [textwrap.fill(line, width) for line in text.splitlines() if line.strip()]
    return ("\n\n" if blank else "\n").join(lines)


def scored(scorer, records: list[dict], field: str, cleaner=None,
           shape: Callable[[str], str] | None = None) -> tuple[float, int]:
    """F1 and cruft lines of the records' `field` (made over by `shape`), cleaned by `cleaner`'s
    clean_text record by record with the record's title, or as it is without a cleaner."""
    preds = {}
    for rec in records:
        text = rec.get(field) or ""
        text = shape(text) if shape is not None else text
        preds[rec["id"]] = cleaner.clean_text(text, title=rec.get("title")) if cleaner is not None else text
    s = scorer.score(records, preds)
    return s["f1"], s["cruft_lines"]


def table_row(corpus: str, field: str, held_apart: bool, cells: dict[str, tuple[float, int]]) -> dict:
    """Print one row of a table of F1 / cruft lines cells, and return it."""
    print(f"| {corpus}{' (held apart)' if held_apart else ''} | {field} | "
          + " | ".join(f"{f1:.3f} / {cruft}" for f1, cruft in cells.values()) + " |")
    return {"corpus": corpus, "dump": field, **cells}


def wrapped_dumps(shared: Path, corpora: list[tuple[str, list[dict], bool]]) -> list[dict]:
    """Each dump as it is and wrapped at WRAP_WIDTH (blocks apart by a blank line, or by a line
    break), cleaned by `clean_text` record by record with the record's title: F1 / cruft lines.
    `corpora`: dump_corpora's."""
    from cleaners import Cleaner, warm_up

    warm_up()
    scorer = load_scorer(shared)
    cleaner = Cleaner()
    rows = []
    print(f"\nDumps wrapped at {WRAP_WIDTH} columns, clean_text record by record (F1 / cruft lines):")
    print("| corpus | dump | as it is | wrapped, blocks apart by a blank line | wrapped, by a line break |")
    print("|---|---|---|---|---|")
    for corpus, dumped, held_apart in corpora:
        for field in ("dump_readability", "dump_fullpage"):
            cells = {kind: scored(scorer, dumped, field, cleaner, shape)
                     for kind, shape in (("as it is", lambda t: t), ("blank line", lambda t: wrapped(t)),
                                         ("line break", lambda t: wrapped(t, blank=False)))}
            rows.append(table_row(corpus, field, held_apart, cells))
    return rows


def markdown_dumps(shared: Path, corpora: list[tuple[str, list[dict], bool]]) -> list[dict]:
    """Each corpus page's two dumps written as Markdown by html2text (`markdown_made`), as they are
    and cleaned by `clean_text` record by record with the record's title, beside the same pages'
    plain dumps (html-text's) cleaned alike: F1 / cruft lines. `corpora`: dump_corpora's."""
    from cleaners import Cleaner, warm_up

    if importlib.util.find_spec("html2text") is None:  # the bench extra
        print("\n(Markdown dumps skipped: making them needs html2text, pip install -e '.[bench]')")
        return []
    import html2text

    warm_up()
    scorer = load_scorer(shared)
    cleaner = Cleaner()
    rows = []
    print(f"\nDumps written as Markdown by html2text {'.'.join(map(str, html2text.__version__))} (its defaults: wrapped at 78"
          " columns, links and images inline), clean_text record by record (F1 / cruft lines):")
    print("| corpus | dump | Markdown as it is | Markdown, clean_text | plain dump (html-text), clean_text |")
    print("|---|---|---|---|---|")
    for corpus, plain, held_apart in corpora:
        path = shared / "corpus" / f"{corpus}.jsonl.gz"
        if not path.exists():
            continue
        made = markdown_made(read_corpus(path))
        for field in ("dump_readability", "dump_fullpage"):
            cells = {"as it is": scored(scorer, made, field), "clean_text": scored(scorer, made, field, cleaner),
                     "plain": scored(scorer, plain, field, cleaner)}
            rows.append(table_row(corpus, field, held_apart, cells))
    return rows


def text_speed(shared: Path, repeats: int = 5) -> None:
    """clean_text's records per CPU-second on each dump of wcxb (learned first, one warm-up pass,
    best of `repeats` passes, each with a fresh Cleaner so that no cache carries over)."""
    from cleaners import Cleaner, CleanerOptions, warm_up
    from cleaners._lines import default_lines_model

    warm_up()
    records = read_corpus(shared / "corpus" / "wcxb-dumps.jsonl.gz")
    print(f"\n| dump | records | lines | clean_lines alone: records/CPU-s | line model: records/CPU-s | ms a record |"
          f"  (best of {repeats}, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print("|---|---|---|---|---|---|")
    for field in ("dump_readability", "dump_fullpage"):
        rates = []
        for model in (None, default_lines_model()):
            learned = Cleaner(CleanerOptions(line_model=model)).learn(
                {"text": rec[field], "url": rec.get("url"), "title": rec.get("title")} for rec in records)
            best = float("inf")
            for run in range(repeats + 1):
                cleaner = Cleaner(CleanerOptions(line_model=model))
                cleaner.learned = learned
                started = time.process_time()
                for rec in records:
                    cleaner.clean_text(rec[field], rec.get("url"), rec.get("title"))
                if run:  # the first pass warms up
                    best = min(best, time.process_time() - started)
            rates.append(len(records) / best)
        lines = sum(1 for rec in records for line in rec[field].splitlines() if line.strip())
        print(f"| {field} | {len(records)} | {lines} | {rates[0]:.0f} | {rates[1]:.0f} | {1000 / rates[1]:.2f} |")


def text_speed_against(shared: Path, checkout: Path, rounds: int = 4, n_records: int | None = None) -> None:
    """clean_text of this code against another checkout's (imported beside it, see
    stages.import_against), record by record in turn on wcxb's dumps: each record goes to one
    side and then to the other (which goes first alternates by record and by round), so that the
    machine's shifting pace hits both alike. Both learn the dump first; each round has fresh
    Cleaners (no cache carries over); the first round warms up. Prints both sides' best round
    and the ratio of each round."""
    import importlib

    from stages import AGAINST_PACKAGE, import_against

    records = read_corpus(shared / "corpus" / "wcxb-dumps.jsonl.gz")[:n_records]
    with tempfile.TemporaryDirectory(prefix="dumps-against-") as tmp:
        import_against(checkout, Path(tmp))
        sides = {label: importlib.import_module(package)
                 for label, package in (("against", AGAINST_PACKAGE), ("this", "cleaners"))}
        for module in sides.values():
            module.warm_up()
        print(f"\nclean_text, {checkout} against this code, record by record in turn, best of {rounds} rounds "
              f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        print("| dump | records | against: records/CPU-s | this: records/CPU-s | speed-up (best rounds) | each round |")
        print("|---|---|---|---|---|---|")
        for field in ("dump_readability", "dump_fullpage"):
            texts = [{"text": rec[field], "url": rec.get("url"), "title": rec.get("title")} for rec in records]
            learned = {label: module.Cleaner().learn(texts) for label, module in sides.items()}
            best = dict.fromkeys(sides, float("inf"))
            ratios = []
            for run in range(rounds + 1):
                cleaners = {}
                for label, module in sides.items():
                    cleaners[label] = module.Cleaner()
                    cleaners[label].learned = learned[label]
                spent = dict.fromkeys(sides, 0.0)
                for i, rec in enumerate(texts):
                    for label in (("this", "against") if (i + run) % 2 else ("against", "this")):
                        started = time.process_time()
                        cleaners[label].clean_text(rec["text"], rec["url"], rec["title"])
                        spent[label] += time.process_time() - started
                if run:  # the first round warms up
                    ratios.append(spent["against"] / spent["this"])
                    best = {label: min(best[label], spent[label]) for label in sides}
            print(f"| {field} | {len(texts)} | {len(texts) / best['against']:.0f} | {len(texts) / best['this']:.0f} | "
                  f"{best['against'] / best['this']:.3f}x | {', '.join(f'{r:.3f}' for r in ratios)} |")


def speed(shared: Path, tmp: Path, n: int) -> None:
    pages = read_corpus(shared / "corpus" / "aeb.jsonl.gz")
    dump = tmp / "html-dump.jsonl"
    with open(dump, "w", encoding="utf-8") as f:
        for i in range(n):
            rec = pages[i % len(pages)]
            f.write(json.dumps({"url": (rec.get("url") or "https://example.com/") + f"#{i}", "html": rec["html"]}) + "\n")
    rows = []
    for jobs in (1, 2):
        seconds, _ = newsbot_clean(str(dump), "-o", str(tmp / f"j{jobs}.jsonl"), "--jobs", str(jobs), "--no-learn")
        rows.append((jobs, seconds))
    base = rows[0][1]
    print(f"\n| --jobs | records | seconds | records/s | speed-up |  (HTML records, {os.cpu_count()} cores)")
    print("|---|---|---|---|---|")
    for jobs, seconds in rows:
        print(f"| {jobs} | {n} | {seconds:.1f} | {n / seconds:.0f} | {base / seconds:.2f}x |")


def memory(shared: Path, tmp: Path, n: int) -> None:
    texts = [rec["dump_readability"] for rec in read_corpus(shared / "corpus" / "aeb-dumps.jsonl.gz")]
    dump = tmp / "big.jsonl.gz"
    with gzip.open(dump, "wt", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"url": f"https://site{i % 50}.example/story/{i}", "title": f"Story {i}", "text": texts[i % len(texts)]}) + "\n")
    size_mb = sum(len(t) for t in texts) * (n / len(texts)) / 1e6
    seconds, peak = newsbot_clean(str(dump), "-o", str(tmp / "big-out.jsonl"), "--jobs", "2")
    print("\n| records | text (MB) | seconds | peak memory (MB) |  (newsbot-clean --jobs 2, learning on)")
    print("|---|---|---|---|")
    print(f"| {n} | {size_mb:.0f} | {seconds:.0f} | {peak} |")


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024


def _best_per_record(fn, items: list, repeats: int = 3) -> float:
    """Best of `repeats` runs of fn over the items: seconds per item."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for item in items:
            fn(item)
        best = min(best, time.perf_counter() - started)
    return best / len(items)


def cleaning_cost(shared: Path | None, words: list[str]) -> dict[str, float]:
    """Seconds per record that cleaning takes: HTML pages, and text records (the stories)."""
    import random

    from cleaners import Cleaner, warm_up
    from cleaners.dumps import DumpRecord, clean_record
    from stories import story

    warm_up()
    cleaner = Cleaner()
    pages = [(folder / "page.html").read_bytes() for folder in sorted((ROOT / "tests" / "fixtures" / "pages").iterdir())]
    if shared is not None and (shared / "corpus" / "aeb.jsonl.gz").exists():
        pages += [rec["html"] for rec in read_corpus(shared / "corpus" / "aeb.jsonl.gz")[:100]]
    rng = random.Random(1)
    texts = [story(rng, words) for _ in range(200)]
    clean_page = lambda html: clean_record(cleaner, DumpRecord(0, "p", fields={"html": html}))  # noqa: E731
    clean_text = lambda tt: clean_record(cleaner, DumpRecord(0, "t", fields={"title": tt[0], "text": tt[1]}))  # noqa: E731
    for html in pages[:5]:
        clean_page(html)  # warm
    return {"HTML page": _best_per_record(clean_page, pages), "text record": _best_per_record(clean_text, texts)}


def near_duplicates(shared: Path | None, n: int) -> None:
    """--dedup near on n synthetic stories: time per record and memory, per tenth of the run."""
    import random

    from cleaners._neardup import NearDuplicates
    from stories import near_copy, story, vocabulary

    words = vocabulary()
    cost = cleaning_cost(shared, words)
    rng = random.Random(2026)
    seen = NearDuplicates()
    base = _rss_mb()
    recent: list[tuple[str, str]] = []
    found = copies = 0
    step = max(n // 10, 1)
    spent = 0.0
    rows = []
    for i in range(n):
        if recent and i % 10 == 9:
            title, text = near_copy(rng, *rng.choice(recent), rng.choice(("drop", "footer", "headline")))
            copies += 1
        else:
            title, text = story(rng, words)
            recent = (recent + [(title, text)])[-50:]
        started = time.perf_counter()
        found += seen.check(text, f"dump.jsonl:{i + 1}") is not None
        spent += time.perf_counter() - started
        if (i + 1) % step == 0:
            rows.append((i + 1, spent / step, _rss_mb() - base))
            spent = 0.0
    print(f"\n| records so far | --dedup near ms/record | its memory (MB) |  ({seen.bands} bands x {seen.rows} rows, threshold {seen.threshold})")
    print("|---|---|---|")
    for done, per, mb in rows:
        print(f"| {done} | {per * 1000:.2f} | {mb:.0f} |")
    per = sum(r[1] for r in rows) / len(rows)
    print(f"\nnear copies found: {found} of {copies} made (and no other record flagged: {found <= copies})")
    print("\n| cleaning | ms/record | --dedup near overhead |")
    lsh_kb = datasketch_lsh_kb()
    print("|---|---|---|")
    for kind, seconds in cost.items():
        print(f"| {kind} | {seconds * 1000:.1f} | {per / seconds:.0%} |")
    print(f"\nmemory a text: newsbot's band index and signatures {rows[-1][2] * 1024 / n:.2f} kB; "
          f"datasketch's MinHashLSH (its default bands) {lsh_kb:.2f} kB")


def datasketch_lsh_kb(n: int = 20_000) -> float:
    """kB a text that datasketch's own MinHashLSH index takes (random signatures, threshold 0.8)."""
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    rng = np.random.default_rng(1)
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    before = _rss_mb()
    for i in range(n):
        values = rng.integers(0, 2**32 - 1, 128, dtype=np.uint32)
        lsh.insert(i, MinHash(num_perm=128, hashvalues=values, scheme="affine32"), check_duplication=False)
    return (_rss_mb() - before) * 1024 / n


def progress_cost(n: int = 1_000_000) -> None:
    """What the progress bar costs per record (tqdm, told every PROGRESS_BATCH records), against
    the same loop without one; best of three."""
    import io

    from cleaners._run import Summary, _Progress

    def loop(enabled: bool) -> float:
        err, sys.stderr = sys.stderr, io.StringIO()
        try:
            progress, summary = _Progress(enabled), Summary()
            started = time.perf_counter()
            for _ in range(n):
                summary.read += 1
                progress.update(summary)
            progress.done(summary)
            return (time.perf_counter() - started) / n
        finally:
            sys.stderr = err

    rows = [(name, min(loop(enabled) for _ in range(3))) for name, enabled in (("no progress", False), ("tqdm bar", True))]
    print("\n| progress | ns/record |")
    print("|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds * 1e9:.0f} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared")
    ap.add_argument("--speed-records", type=int, default=3000)
    ap.add_argument("--memory-records", type=int, default=100_000)
    ap.add_argument("--near-records", type=int, default=100_000)
    ap.add_argument("--against", metavar="DIR", type=Path,
                    help="text speed only: a checkout of other code (git archive REV | tar -x -C DIR) timed beside this one")
    ap.add_argument("--rounds", type=int, default=4, help="with --against: rounds (the best is shown)")
    ap.add_argument("--text-records", type=int, help="with --against: the first N records of each dump (default: all)")
    ap.add_argument("--stories", type=int, default=150, help="stories for the stories-with-furniture table")
    ap.add_argument("--line-model", type=Path,
                    help="stories and openings sections: this line model file instead of the shipped one")
    ap.add_argument("--skip", nargs="*", default=[],
                    choices=["quality", "text-speed", "html-or-text", "speed", "memory", "near", "progress", "stories",
                             "openings", "wrapped", "markdown"])
    args = ap.parse_args(argv)
    shared = find_shared(args.shared)
    if args.against is not None:
        if shared is None:
            print("skipped: the shared corpora (../shared/corpus, ../shared/eval) are not here")
        else:
            text_speed_against(shared, args.against, args.rounds, args.text_records)
        return 0
    if "progress" not in args.skip:
        progress_cost()
    if "near" not in args.skip:
        near_duplicates(shared, args.near_records)
    if shared is None:
        print("skipped: the shared corpora (../shared/corpus, ../shared/eval) are not here")
        return 0
    # the dumps are read, and the held-apart corpora's made, once for both tables
    corpora = dump_corpora(shared) if {"quality", "html-or-text", "wrapped", "markdown"} - set(args.skip) else []
    with tempfile.TemporaryDirectory() as tmp:
        if "quality" not in args.skip:
            quality(shared, Path(tmp), corpora)
        if "text-speed" not in args.skip:
            text_speed(shared)
        if "html-or-text" not in args.skip:
            html_or_text(shared, corpora)
        if "stories" not in args.skip:
            stories_with_furniture(shared, args.stories, args.line_model)
        if "openings" not in args.skip:
            openings_emptied(shared, args.line_model)
        if "wrapped" not in args.skip:
            wrapped_dumps(shared, corpora)
        if "markdown" not in args.skip:
            markdown_dumps(shared, corpora)
        if "speed" not in args.skip:
            speed(shared, Path(tmp), args.speed_records)
        if "memory" not in args.skip:
            memory(shared, Path(tmp), args.memory_records)
    return 0


if __name__ == "__main__":
    sys.exit(main())
