"""benchmarks/: the quality benchmark runs on the shared corpora when they are present.

These tests check the cleaner's measured quality against the floors it has reached, so a change
that loses quality fails; they never time anything (speed is the benchmark script's table).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from quality import find_shared, load_scorer, measure, newsbot_extractor, read_corpus, snippet_f1  # noqa: E402

SHARED = find_shared(None)
needs_shared = pytest.mark.skipif(SHARED is None, reason="../shared corpora not present")

# Floors the cleaner has reached (2026-11-30, with the block model fitted on these corpora, so
# in-sample: benchmarks/quality.py --cross-validate gives the figures for unseen sites); raise
# them as the cleaner improves. Lowered once (2026-12-01, session 18), where in-sample figures
# fell while the cross-validated ones held or rose: readability's second disaster is a short page
# whose true text keeps a linked line of a link list outside the main region, which the block
# model no longer weighs (cross-validated .956/2 -> .958/2); the listing model retrained without
# two feature columns went from .717/44/9,607 to .700/52/11,610 in-sample and from .650/69/14,472
# to .653/72/15,826 cross-validated by site (docs/cleaner.md, "The listing model").
FLOORS = {
    "aeb": {"f1": 0.980, "cruft_lines": 80, "disasters": 0},
    "readability": {"f1": 0.955, "cruft_lines": 60, "disasters": 2},
    "fundus-dev": {"f1": 0.960, "cruft_lines": 330, "disasters": 1},
    "wcxb": {"f1": 0.950, "cruft_lines": 4300, "disasters": 12},
    # listing and collection pages, decided by the listing model (fitted on them too)
    "wcxb-pagetypes": {"f1": 0.69, "cruft_lines": 12000, "disasters": 53},
}


@needs_shared
@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_quality_floor(corpus):
    records = read_corpus(SHARED / "corpus" / f"{corpus}.jsonl.gz")
    preds, _ = measure(newsbot_extractor(), records)
    score = load_scorer(SHARED).score(records, preds)
    floor = FLOORS[corpus]
    assert score["f1"] >= floor["f1"]
    assert score["cruft_lines"] <= floor["cruft_lines"]
    assert score["disasters"] <= floor["disasters"]


# Metadata floors reached (2026-11-30) on the shared scorer's rules; raise them as newsbot improves.
META_FLOORS = {
    "fundus-dev": {"title": 0.82, "authors": 0.91, "published": 0.99},
    "readability": {"title": 0.70, "authors": 0.76, "published": 0.99},
}


@needs_shared
@pytest.mark.parametrize("corpus", sorted(META_FLOORS))
def test_metadata_floor(corpus):
    import metadata

    records = read_corpus(SHARED / "corpus" / f"{corpus}.jsonl.gz")
    preds = {rec["id"]: metadata.newsbot(rec) for rec in records}
    figures = metadata.score(records, preds, metadata.load_meta_scorer(SHARED))
    for field, floor in META_FLOORS[corpus].items():
        assert figures[field][0] >= floor, (field, figures[field])


@pytest.mark.parametrize("script, extra, stream", [
    ("metadata.py", [], "stdout"),
    ("stages.py", [], "stdout"),
    ("quality.py", ["--only", "newsbot"], "stdout"),
    ("page_choice.py", [], "stdout"),
    ("rule_audit.py", [], "stderr"),
])
def test_a_benchmark_without_the_shared_corpora_says_it_skipped(tmp_path, script, extra, stream):
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), "--shared", str(tmp_path / "none"), *extra],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0 and "skipped" in getattr(proc, stream)


@needs_shared
def test_stage_timer_prints_every_stage(tmp_path):
    import stages

    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "stages.py"), "--corpus", "aeb", "--pages", "3", "--runs", "1"],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "aeb: 3 pages" in proc.stdout
    for name, _, _ in stages.STAGES:
        assert f"| {name:<24} |" in proc.stdout


@needs_shared
def test_stage_timer_times_another_checkout_beside_this_one(tmp_path):
    import stages

    # this checkout against itself: both packages load, clean the same pages and fill every row
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "stages.py"), "--corpus", "aeb", "--pages", "2",
                           "--runs", "1", "--against", str(ROOT)], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "aeb: 2 pages" in proc.stdout and "against this code, in turn" in proc.stdout
    for name, _, _ in stages.STAGES:
        assert f"| {name:<24} |" in proc.stdout


@needs_shared
def test_text_speed_times_another_checkout_beside_this_one(tmp_path):
    # this checkout against itself, record by record in turn: both dumps' rows, a round's ratio each
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "dumps.py"), "--against", str(ROOT),
                           "--rounds", "2", "--text-records", "4"], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "record by record in turn, best of 2 rounds" in proc.stdout
    for field in ("dump_readability", "dump_fullpage"):
        row = next(line for line in proc.stdout.splitlines() if line.startswith(f"| {field} | 4 |"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert float(cells[2]) > 0 and float(cells[3]) > 0 and cells[4].endswith("x")
        assert len(cells[5].split(", ")) == 2


@needs_shared
def test_snippet_f1_is_the_shared_scorers(tmp_path):
    """quality.py's "snippets F1" column: ../shared/eval/score_snippets.py on the predictions, as it
    is (must-keep snippets found are hits, must-drop ones found are false alarms); none for a
    corpus without must-drop snippets."""
    corpus = [{"id": "a", "with": ["The bridge opens in May.", "Work began in 2024."], "without": ["Share this story"]},
              {"id": "b", "with": ["Rain all week."], "without": ["Sign up", "Most read"]}]
    path = tmp_path / "corpus.jsonl.gz"
    import gzip
    import json
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(rec) + "\n" for rec in corpus)
    preds = {"a": "The  bridge opens in MAY.\n\nShare this story", "b": "Rain all week."}
    # 2 of the 3 to keep found ("Work began" is missing), 1 of the 3 to drop found: P 2/3, R 2/3
    assert snippet_f1(SHARED, path, corpus, preds) == pytest.approx(2 / 3, abs=1e-4)
    ledes = [{"id": "a", "with": ["The bridge opens in May."]}]
    assert snippet_f1(SHARED, path, ledes, preds) is None


@pytest.mark.parametrize(
    "line, kept",
    [
        ("The council voted on Tuesday to rebuild the bridge.", True),
        ("Share this story", False),
        ("Read more about it here", False),
        ("Please enable JavaScript to view the comments below.", False),
        ("This website uses cookies to improve your experience.", False),
        ("Too short.", False),
    ],
    ids=["sentence", "label", "no-terminal-punctuation", "javascript", "cookies", "few-words"],
)
def test_the_c4_anchor_keeps_only_sentences_that_are_not_notices(line, kept):
    from dumps import c4_filter

    assert (c4_filter(line) == line) is kept


@pytest.mark.e2e
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="the orphan check reads /proc")
def test_a_short_chaos_run_loses_repeats_and_leaves_nothing(tmp_path):
    """Two random kills per scenario (benchmarks/chaos.py): every one resumed without loss."""
    scenarios = ["clean-jobs", "crawl-jobdir", "redis"]
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "chaos.py"), "--trials", "2", "--scenario", *scenarios],
                          capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    rows = [line for line in proc.stdout.splitlines() if line.startswith("| ") and "scenario" not in line]
    ran = {row.split("|")[1].strip() for row in rows}
    assert {"clean-jobs", "crawl-jobdir"} <= ran  # redis only where redis-server is installed
    for row in rows:
        trials, lost, duplicated, corrupt, orphans, failures = (int(c) for c in row.split("|")[2:8])
        assert trials == 2 and lost == corrupt == orphans == failures == 0
        assert duplicated <= (trials if row.startswith("| redis") else 0)


def test_reports_of_pages_and_their_index(tmp_path):
    """quality.py --reports: one report a page, listed in index.html with its F1 (the shared
    scorer's when it is there)."""
    from lxml import html as lxml_html

    from quality import write_reports

    from .conftest import page_case

    cases = [page_case("en-blog-kitchen-sink"), page_case("es-news")]
    pages = {"fixtures": [(0.5, {"id": f"fixtures/{c.name}?x=<1>", "url": c.url, "html": c.body.decode("utf-8"), "body": c.expected_text})
                          for c in cases]}
    pages["empty"] = [(0.0, {"id": "empty/1", "html": "", "body": "The story."})]
    index = write_reports(tmp_path / "reports", pages, load_scorer(SHARED) if SHARED else None)
    doc = lxml_html.document_fromstring(index.read_bytes())
    rows = doc.xpath("//tbody/tr")
    assert [r.xpath("string(td[1])") for r in rows] == ["fixtures", "fixtures", "empty"]
    assert [r.xpath("string(td[2])") for r in rows] == ["0.500", "0.500", "0.000"]
    links = [r.xpath("string(td[3]/a/@href)") for r in rows[:2]]
    for link, case in zip(links, cases):
        assert "/" not in link and "<" not in link
        report = lxml_html.document_fromstring((tmp_path / "reports" / link).read_bytes())
        assert float(report.xpath("string(//b[@class='f1'])")) == 1.0  # the golden text is the truth here
        assert f"fixtures/{case.name}?x=<1>" in report.xpath("string(//header)")
    assert "cleaner error: empty input" in rows[2].xpath("string(td[4])")


@needs_shared
def test_quality_script_writes_reports_of_the_worst_pages(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "quality.py"), "--corpus", "aeb", "--only", "newsbot",
                           "--worst", "2", "--reports", str(tmp_path / "reports")],
                          capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    worst = [line.split()[3:5] for line in proc.stdout.splitlines() if line.startswith("  aeb newsbot worst ")]
    assert len(worst) == 2
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    for page_f1, page_id in worst:
        assert page_id in index and page_f1 in index
    assert len(list((tmp_path / "reports").glob("aeb-*.html"))) == 2


def test_the_dumps_benchmark_reads_the_line_models_cross_validated_figures():
    from dumps import DUMP_CORPORA, line_model_figures

    figures = line_model_figures()
    assert figures is not None, "the shipped line model carries its training run's figures"
    for kind in ("as_is", "clean_lines", "in_sample", "cross_validated"):
        for corpus in DUMP_CORPORA:
            for field in ("dump_readability", "dump_fullpage"):
                row = figures[kind][f"{corpus}/{field}"]
                assert 0.0 < row["f1"] <= 1.0 and row["cruft_lines"] >= 0
    # the model is worth shipping: unseen sites' whole-page dumps lose most of what clean_lines leaves
    for corpus in DUMP_CORPORA:
        cv, rules = figures["cross_validated"][f"{corpus}/dump_fullpage"], figures["clean_lines"][f"{corpus}/dump_fullpage"]
        assert cv["f1"] > rules["f1"] and cv["cruft_lines"] < rules["cruft_lines"] / 2


def test_the_page_choice_study_describes_each_alternative_of_a_page():
    """The candidates of a golden story and their feature rows: one row an alternative, each
    naming its alternative, the texts within the block model's own within it."""
    import numpy as np
    from page_choice import ALTERNATIVES, CHOICE_FEATURES, hand_rule, page_candidates

    from cleaners import Cleaner

    from .conftest import page_case

    case = page_case("en-news-semantic")
    texts, names, X, cpu = page_candidates(Cleaner(), case.body, case.meta["url"])
    assert {"tree", "rules", "main", "strict", "loose", "readability"} <= set(texts)
    assert names == [name for name in ALTERNATIVES if name in texts]
    assert X.shape == (len(names), len(CHOICE_FEATURES)) and np.isfinite(X).all() and cpu >= 0
    for row, name in zip(X, names):
        onehot = [CHOICE_FEATURES.index(f"alt_{other}") for other in ALTERNATIVES]
        assert [row[i] for i in onehot] == [float(other == name) for other in ALTERNATIVES]
    column = {name: row for name, row in zip(names, X)}
    # the main region's and the strict cut's texts are parts of the block model's text
    assert column["main"][CHOICE_FEATURES.index("alt_in_tree")] == 1.0
    assert column["strict"][CHOICE_FEATURES.index("alt_in_tree")] == 1.0
    assert "Fish killed downstream" in texts["tree"] and hand_rule(texts) == "tree"


def test_the_hand_rule_takes_a_longer_fallback_only_under_the_minimum():
    from page_choice import hand_rule

    assert hand_rule({"tree": "x" * 300, "readability": "y" * 5000}) == "tree"
    assert hand_rule({"tree": "x" * 100, "readability": "y" * 5000, "jsonld": "z" * 9000}) == "readability"
    assert hand_rule({"tree": "x" * 100, "readability": "y" * 50, "jsonld": "z" * 900}) == "jsonld"
    assert hand_rule({"tree": "x" * 100}) == "tree"


def test_the_rule_audit_weighs_each_rule_on_pages_with_their_truth(tmp_path):
    from rule_audit import Tally

    from .conftest import write_article_corpus

    (tmp_path / "corpus").mkdir()
    write_article_corpus(tmp_path / "corpus" / "golden.jsonl.gz")
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "rule_audit.py"), "--shared", str(tmp_path),
                           "--corpus", "golden"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    # the golden pages' navigation and share bars are cruft: named, and none of it article
    assert "navigation/tag:nav" in proc.stdout and "Whole blocks other rules removed" in proc.stdout
    tally = Tally()
    tally.add("a", "one.example", 10, 9)
    tally.add("a", "two.example", 10, 1)
    tally.add("b", "one.example", 10, 8)
    rows = {r["key"]: r for r in tally.rows(min_sites=1)}
    assert rows["a"]["share"] == 0.5 and rows["a"]["site_share"] == 0.5 and rows["a"]["flagged"]
    assert rows["b"]["flagged"]
    # one site is not enough where two are asked for
    assert {r["key"]: r["flagged"] for r in tally.rows(min_sites=2)} == {"a": True, "b": False}


@needs_shared
def test_dumps_made_from_pages_are_the_shared_dumps_of_those_pages():
    """The held-apart corpora's dumps are made as ../shared's were: on pages that have a shared dump,
    the made ones are the same text, byte for byte."""
    pytest.importorskip("html_text")
    from dumps import made_dumps

    shared = {rec["id"]: rec for rec in read_corpus(SHARED / "corpus" / "aeb-dumps.jsonl.gz")}
    pages = [rec for rec in read_corpus(SHARED / "corpus" / "aeb.jsonl.gz") if rec["id"] in shared][:12]
    made = made_dumps(pages)
    assert [rec["id"] for rec in made] == [page["id"] for page in pages]
    for rec in made:
        assert rec["body"] == shared[rec["id"]]["body"]
        for field in ("dump_readability", "dump_fullpage"):
            assert rec[field] == shared[rec["id"]][field] and rec[field]


def test_a_page_readability_cannot_read_dumps_as_empty_text_not_as_an_error():
    pytest.importorskip("html_text")
    from dumps import made_dumps

    rec, = made_dumps([{"id": "x/1", "url": None, "title": None, "body": "", "html": "<html></html>"}])
    assert rec["dump_readability"] == "" and rec["dump_fullpage"] == ""


def test_markdown_dumps_are_made_as_html2text_writes_them_and_clean_text_reads_them():
    pytest.importorskip("html2text")
    from dumps import markdown_made

    from cleaners import clean_text

    story = ["The harbour reopened on Monday after two years of building work, the mayor said at a ceremony.",
             "The first boats came in at noon, and the crowd cheered them on from the quay below the office.",
             "Fishermen said the new pier would let them land bigger catches than before, forty tonnes a day."]
    html = ("<html><head><title>Harbour reopens</title></head><body><nav><ul>"
            + "".join(f"<li><a href='/{w.lower()}'>{w}</a></li>" for w in ("Home", "News", "Sport", "Weather"))
            + "</ul></nav><article><h1>Harbour reopens</h1>" + "".join(f"<p>{p}</p>" for p in story)
            + "<p><a href='/share'>Share</a></p></article></body></html>")
    rec, = markdown_made([{"id": "x/1", "url": "https://x.example/a", "title": None, "body": "", "html": html}])
    page = rec["dump_fullpage"]
    assert "[Home](https://x.example/home)" in page and "# Harbour reopens" in page
    assert max(map(len, page.splitlines())) <= 78  # wrapped, as html2text writes
    assert clean_text(page).split("\n\n") == ["Harbour reopens", *story]
    bad, = markdown_made([{"id": "x/2", "url": None, "title": None, "body": "", "html": "<html></html>"}])
    assert not bad["dump_readability"].strip() and not bad["dump_fullpage"].strip()


@needs_shared
def test_the_dumps_benchmark_reports_the_held_apart_corpora_after_the_trained_ones():
    pytest.importorskip("html_text")
    from dumps import DUMP_CORPORA, HELD_APART_CORPORA, dump_corpora

    corpora = dump_corpora(SHARED)
    names = [name for name, _, _ in corpora]
    assert names == [c for c in DUMP_CORPORA + HELD_APART_CORPORA
                     if (SHARED / "corpus" / f"{c}-dumps.jsonl.gz").exists() or (SHARED / "corpus" / f"{c}.jsonl.gz").exists()]
    from cleaners.train import TRAIN_CORPORA

    for name, records, held_apart in corpora:
        assert held_apart == (name not in TRAIN_CORPORA)  # never a corpus the line model was fitted on
        assert records and all(rec["body"] and "dump_fullpage" in rec for rec in records)


@pytest.mark.parametrize("news", [False, True])
def test_the_crawl_benchmarks_site_lists_every_page_in_its_sitemap(news):
    from crawl_corpus import build_site

    from newsbot.sources import parse_sitemap

    records = [{"id": f"r{n}", "html": f"<html><body><p>Story {n}</p></body></html>", "title": f"Story & {n}",
                "published": "2026-11-30T08:00:00Z"} for n in range(45)]
    site = build_site(records, per_page=20, news=news)
    assert site["/robots.txt"].endswith(b"Sitemap: /sitemap.xml\n")
    entries = parse_sitemap(site["/sitemap.xml"], "http://127.0.0.1:8000/sitemap.xml")
    assert [e.url for e in entries] == [f"http://127.0.0.1:8000/a/{n}/" for n in range(45)]
    assert all(e.story == news for e in entries)  # Google News tags: every page a story
    if news:
        assert entries[1].title == "Story & 1" and entries[1].date.startswith("2026-11-30")
    assert {"/", "/page/2/", "/page/3/"} <= set(site)  # the index pages the articles spider follows


# --- held_out.py: the cross-validated figures with the spread of a held-out set ---------------

def _pages(sites: dict[str, int]) -> list[dict]:
    """Pages of these sites (so many pages each), each with a true text of its own."""
    pages = []
    for site, count in sites.items():
        for k in range(count):
            body = (f"The council of {site} voted on day {k} to rebuild the old bridge over the river, "
                    f"after years of debate about its cost and the traffic of page {k}.")
            pages.append({"id": f"{site}/{k}", "domain": site, "body": body})
    return pages


def test_held_out_sets_are_drawn_by_whole_sites():
    from held_out import draw_sets

    sites = ["a.example"] * 3 + ["b.example"] + ["c.example"] * 2
    sets = draw_sets(sites, pages=4, draws=300, seed=3)
    assert sets.shape == (300, 4)
    for chosen in sets.tolist():
        # a site's pages come together, in order: the set is a run of whole sites, the last cut to fit
        runs = {"a.example": [0, 1, 2], "b.example": [3], "c.example": [4, 5]}
        rest = list(chosen)
        while rest:
            site = sites[rest[0]]
            assert rest[: len(runs[site])] == runs[site][: len(rest)]
            rest = rest[len(runs[site]):]
    assert (draw_sets(sites, 4, 300, seed=3) == sets).all()
    assert {sites[i] for i in sets[:, 0]} == {"a.example", "b.example", "c.example"}


@needs_shared
def test_the_estimate_scores_each_set_as_the_shared_scorer_scores_a_corpus():
    from held_out import estimate

    scorer = load_scorer(SHARED)
    corpus = _pages({"a.example": 3, "b.example": 2, "c.example": 1, "d.example": 2})
    truth = {rec["id"]: rec["body"] for rec in corpus}
    # the extractor is right on every page but one site's, where it keeps a menu instead
    mine = dict(truth, **{"b.example/0": "Home\nNews\nSport", "b.example/1": "Home\nNews\nSport"})
    est = estimate(scorer, corpus, mine, anchor={}, pages=4, draws=500, seed=1, margin=0.0)
    whole = scorer.score(corpus, mine)
    assert est["f1"][0] == pytest.approx(whole["f1"])
    assert est["disasters"][0] == pytest.approx(whole["disasters"] * 4 / len(corpus))
    assert est["cruft_lines"][0] == pytest.approx(whole["cruft_lines"] * 4 / len(corpus))
    low, mid, high = est["f1"][1:]
    assert low < mid <= high == 1.0  # a set without b.example is perfect, one with it is not
    assert est["anchor_f1"][1:] == (0.0, 0.0, 0.0)  # the anchor output nothing
    assert est["chances"]["F1 at least the anchor's + 0.000"] == 1.0
    assert est["chances"]["disasters at most the anchor's"] == 1.0
    # against itself: the difference is nought in every draw
    same = estimate(scorer, corpus, mine, anchor=mine, pages=4, draws=200, seed=1, margin=0.01, aim=0.9)
    assert same["difference"][1:] == (0.0, 0.0, 0.0)
    assert same["chances"]["F1 at least the anchor's + 0.010"] == 0.0
    assert 0.0 < same["chances"]["F1 >= 0.900"] < 1.0


@needs_shared
def test_the_held_out_script_reads_predictions_and_a_field_as_the_anchor(tmp_path):
    import gzip
    import json

    corpus = _pages({"a.example": 2, "b.example": 2})
    for rec in corpus:
        rec["dump_readability"] = "Home\n\n" + rec["body"] + "\n\nShare this story"
    path = tmp_path / "corpus-dumps.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(rec) + "\n" for rec in corpus)
    preds = tmp_path / "preds.jsonl"
    preds.write_text("".join(json.dumps({"id": rec["id"], "text": rec["body"]}) + "\n" for rec in corpus), encoding="utf-8")
    script = ROOT / "benchmarks" / "held_out.py"
    out = subprocess.run([sys.executable, str(script), str(path), str(preds), "--anchor-field", "dump_readability",
                          "--pages", "3", "--draws", "100", "--aim", "0.95", "--shared", str(SHARED)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "corpus-dumps: held-out sets of 3 pages, 100 drawn by site from 2 sites" in out.stdout
    assert "| F1 | 1.000 | 1.000 | 1.000 | 1.000 |" in out.stdout
    assert "| anchor cruft lines | 6 | 6 | 6 | 6 |" in out.stdout  # "Home" and "Share this story" a page
    assert "chance of F1 >= 0.950: 1.00" in out.stdout
    assert "chance of cruft lines at most 0.5 of the anchor's: 1.00" in out.stdout
    assert "note:" not in out.stdout
    preds.write_text(json.dumps({"id": corpus[0]["id"], "text": corpus[0]["body"]}) + "\n", encoding="utf-8")
    out = subprocess.run([sys.executable, str(script), str(path), str(preds), "--pages", "2", "--draws", "50",
                          "--shared", str(SHARED)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "note: 3 of the corpus's 4 pages have no prediction, scored as an empty text" in out.stdout
    preds.write_text(json.dumps({"id": "elsewhere/1", "text": "x"}) + "\n", encoding="utf-8")
    out = subprocess.run([sys.executable, str(script), str(path), str(preds), "--shared", str(SHARED)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "1 predictions name pages the corpus does not have, e.g. 'elsewhere/1'" in out.stderr
    # a corpus named as the shared folder names it
    shared = tmp_path / "shared"
    (shared / "corpus").mkdir(parents=True)
    (shared / "eval").symlink_to(SHARED / "eval")
    (shared / "corpus" / "tiny.jsonl.gz").write_bytes(path.read_bytes())
    preds.write_text(json.dumps({"id": corpus[0]["id"], "text": corpus[0]["body"]}) + "\n", encoding="utf-8")
    out = subprocess.run([sys.executable, str(script), "tiny", str(preds), "--pages", "2", "--draws", "50", "--shared", str(shared)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "tiny: held-out sets of 2 pages" in out.stdout


#: A long paragraph for the story tables' tiny corpora (beside conftest's PIER_LINES).
HARBOUR_LONG = ("Health officials confirmed on Sunday that the harbour had reopened after two years of building "
                "work, and the mayor thanked the fishermen, the builders and the neighbours for their patience "
                "during the long works, which cost twelve million euros paid by the region and the port.")


def shared_with(tmp_path: Path, corpus: str, records: list[dict]) -> Path:
    """A tiny shared folder: `records` as `corpus`'s gzipped JSONL."""
    import gzip
    import json

    (tmp_path / "corpus").mkdir()
    with gzip.open(tmp_path / "corpus" / f"{corpus}.jsonl.gz", "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in records)
    return tmp_path


def test_furniture_is_put_between_a_storys_paragraphs_or_after_them():
    from dumps import with_furniture

    story = ["First paragraph of the story.", "Second paragraph.", "Third paragraph."]
    assert with_furniture(story, "none") == "\n".join(story)
    assert with_furniture(story, "zero-width space between").split("\n") == [story[0], "\u200b", story[1], "\u200b", story[2]]
    assert with_furniture(story, "numbers between").split("\n") == [story[0], "1", story[1], "2", story[2]]
    assert with_furniture(story, "tags after").split("\n") == [*story, "Read more", "Tags", "Politics", "World"]


def test_the_stories_table_counts_emptied_stories_and_lost_paragraphs(tmp_path, capsys):
    """benchmarks/dumps.py's stories section, on a tiny shared folder: every setting of
    paragraphs and furniture is a row; the shipped line model empties no story."""
    from dumps import FURNITURE, STORY_PARAGRAPHS, stories_with_furniture

    from .conftest import PIER_LINES

    paragraphs = [*PIER_LINES, "The old pier, built in 1902, had been closed to boats since a storm in 2019.",
                  "A market will open on the quay every Saturday from next month, the port said."]
    shared_with(tmp_path, "fundus-dev", [{"id": "a", "body": "\n\n".join(paragraphs)},
                                         {"id": "b", "body": "Too short.\n\nA story of two lines only."}])  # b: not drawn
    rows = stories_with_furniture(tmp_path, 10)
    assert [(r["paragraphs"], r["furniture"]) for r in rows] == [(k, f) for k in STORY_PARAGRAPHS for f in FURNITURE]
    assert all(r["stories"] == 1 and r["emptied"] == 0 for r in rows)
    assert "| paragraphs | none |" in capsys.readouterr().out


def test_an_opening_is_a_true_texts_title_and_first_lines():
    from dumps import opening

    record = {"title": " Harbour reopens ", "body": "First line.\n\n\nSecond line.\nThird line.\n"}
    assert opening(record, 2) == "Harbour reopens\n\nFirst line.\n\nSecond line."
    assert opening(record, None) == "Harbour reopens\n\nFirst line.\n\nSecond line.\n\nThird line."
    assert opening({"body": "First line.\nSecond line."}, 1) == "First line."  # no title: none is made up


def test_the_openings_table_counts_the_true_texts_clean_text_empties(tmp_path, capsys):
    """benchmarks/dumps.py's openings section, on a tiny shared folder: a count per number of
    lines after the title; the shipped line model keeps a story's opening of three lines or more,
    and empties a consent notice given as a text."""
    from dumps import OPENING_LINES, openings_emptied

    from .conftest import PIER_LINES

    story = {"id": "a", "title": "Harbour reopens after two years", "body": "\n\n".join(
        [*PIER_LINES, "The old pier, built in 1902, had been closed to boats since a storm in 2019.",
         "A market will open on the quay every Saturday from next month, the port said.",
         "The region will pay for a second quay by 2030, its council voted on Friday.",
         "Ferries to the islands will call twice a day from the summer, the operator said."])}
    notice = {"id": "b", "title": "We value your privacy",
              "body": "By continuing your journey on our site, you consent to the placement of cookies."}
    shared_with(tmp_path, "fundus-dev", [story, notice, {"id": "c", "body": ""}])  # c: no true text, not counted
    counts = openings_emptied(tmp_path)
    assert list(counts) == list(OPENING_LINES)
    assert all(total == 2 for _, total in counts.values())
    assert all(emptied == 1 for n, (emptied, _) in counts.items() if n is None or n >= 3)  # the notice only
    assert "| lines after the title | 2 | 3 |" in capsys.readouterr().out


def test_prose_paragraphs_are_a_true_texts_paragraphs_that_end_a_sentence():
    from quality import prose_paragraphs

    body = ("Harbour reopens\n\nThe harbour reopened on Monday after two years of building work.\n\nShare\n\n"
            "Fishermen said the new pier would let them land bigger catches\n\n港口在经历了两年的施工之后于周一重新开放，市长表示新码头将让渔民卸下更多的渔获。")
    assert prose_paragraphs(body) == ["The harbour reopened on Monday after two years of building work.",
                                      "港口在经历了两年的施工之后于周一重新开放，市长表示新码头将让渔民卸下更多的渔获。"]


def test_the_short_stories_table_counts_emptied_pages_and_lost_paragraphs(tmp_path, capsys):
    """quality.py's short-stories table, on a tiny shared folder: a row per length of story and
    extractor; newsbot keeps every paragraph of a story of one, two or four; an extractor that
    keeps nothing empties every page."""
    from quality import SHORT_STORY_PARAGRAPHS, SHORT_STORY_TAGS, short_stories

    from .conftest import PIER_LINES

    shared_with(tmp_path, "aeb", [{"id": "a", "title": "Harbour reopens", "body": "\n\n".join([HARBOUR_LONG, *PIER_LINES])},
                                  {"id": "b", "body": "\n\n".join(PIER_LINES)}])  # b has no title: not drawn
    rows = short_stories(tmp_path, {"newsbot": newsbot_extractor(), "nothing": lambda html, url: ""}, 10)
    settings = [(t, k) for t in SHORT_STORY_TAGS for k in SHORT_STORY_PARAGRAPHS]
    assert [(r["tag"], r["paragraphs"], r["extractor"]) for r in rows] == [(t, k, e) for t, k in settings for e in ("newsbot", "nothing")]
    assert all(r["stories"] == 1 for r in rows)
    assert [(r["emptied"], r["lost"]) for r in rows if r["extractor"] == "newsbot"] == [(0, 0)] * len(settings)
    assert [(r["emptied"], r["lost"]) for r in rows if r["extractor"] == "nothing"] == [(1, 1)] * len(settings)
    out = capsys.readouterr().out
    assert "| paragraphs | newsbot | nothing |" in out and "| 2 in <div> | 0 / 0 | 1 / 1 |" in out


def test_a_linked_paragraph_has_its_share_of_words_in_links_with_text_between_them():
    import random

    from lxml import html

    from quality import linked_paragraph

    paragraph = " ".join(f"word{i}" for i in range(100)) + "."
    for share in (0.1, 0.25, 0.5):
        for external in (False, True):
            markup = linked_paragraph(paragraph, share, random.Random(7), external)
            p = html.fragment_fromstring(f"<p>{markup}</p>")
            assert " ".join(p.text_content().split()) == paragraph  # the same words, in order
            links = p.findall(".//a")
            linked = sum(len(a.text_content().split()) for a in links)
            assert abs(linked - share * 100) <= 4 and all(1 <= len(a.text_content().split()) <= 4 for a in links)
            assert all(a.tail and a.tail.strip() for a in links[:-1])  # a word or more between two links
            assert all(a.get("href").startswith("https://site" if external else "/news/") for a in links)


def test_the_linked_stories_table_counts_lost_paragraphs_and_the_pointer_kept(tmp_path, capsys):
    """quality.py's linked-stories table, on a tiny shared folder: a row per share of linked
    words, target and extractor, and the pointer sentence's row; an extractor that keeps nothing
    loses every story and keeps no pointer."""
    from quality import LINK_SHARES, linked_stories

    from .conftest import PIER_LINES

    shared_with(tmp_path, "aeb", [{"id": "a", "title": "Harbour reopens", "body": "\n\n".join([HARBOUR_LONG, *PIER_LINES])}])
    rows = linked_stories(tmp_path, {"newsbot": newsbot_extractor(), "nothing": lambda html, url: ""}, 10)
    lost = [(r["links"], r["share"], r["extractor"], r["lost"]) for r in rows if "share" in r]
    assert [x[:3] for x in lost] == [(t, s, e) for t in ("the site", "other sites") for s in LINK_SHARES
                                     for e in ("newsbot", "nothing")]
    assert all(k == 1 for _, _, e, k in lost if e == "nothing")
    assert [(r["extractor"], r["kept"]) for r in rows if r["links"] == "pointer"][1] == ("nothing", 0)
    out = capsys.readouterr().out
    assert "| words in links | newsbot | nothing |" in out and "| 50%, to other sites |" in out


def test_a_rail_page_declares_what_it_is_asked_and_links_the_headlines_after_the_story():
    from lxml import html

    from quality import RAIL_DECLARED, rail_page

    for declared in RAIL_DECLARED:
        doc = html.document_fromstring(rail_page("Harbour fees agreed", ["One.", "Two."], ["Other story", "A third"], declared))
        assert [p.text for p in doc.iter("p") if p.getparent().tag == "article"] == ["One.", "Two."]
        assert [a.text for a in doc.xpath("//section//h3/a")] == ["Other story", "A third"]
        assert bool(doc.xpath("//meta[@property='og:type'][@content='article']")) == (declared == "og:type article")
        scripts = doc.xpath("//script[@type='application/ld+json']")
        assert (declared == "NewsArticle") == bool(scripts) and all('"NewsArticle"' in s.text for s in scripts)


def test_the_rail_table_counts_listings_and_lost_paragraphs(tmp_path, capsys):
    from quality import RAIL_DECLARED, RAIL_HEADLINES, RAIL_PARAGRAPHS, rail_stories

    from .conftest import PIER_LINES

    shared_with(tmp_path, "aeb", [{"id": str(i), "title": title, "body": "\n\n".join(PIER_LINES)}
                                  for i, title in enumerate(("Harbour reopens", "Pier rebuilt", "Boats return"))])
    rows = rail_stories(tmp_path, 10)
    assert [(r["declared"], r["paragraphs"], r["headlines"]) for r in rows] == [
        (d, k, m) for d in RAIL_DECLARED for k in RAIL_PARAGRAPHS for m in RAIL_HEADLINES]
    assert all(r["stories"] == 3 and 0 <= r["listing"] <= 3 and r["lost"] == 0 for r in rows)
    assert "| NewsArticle |" in capsys.readouterr().out


def test_a_boxed_page_puts_the_box_where_asked():
    from lxml import html

    from quality import BOX_PLACES, boxed_page

    box = "<div class='newsletter-signup'><p>Sign up.</p></div>"
    order = {}
    for place in BOX_PLACES:
        doc = html.document_fromstring(boxed_page("Harbour fees agreed", ["One.", "Two.", "Three."], box, place))
        order[place] = [e.text_content() if e.tag == "p" else e.tag for e in doc.iter("p", "header")
                        if e.tag == "header" or e.getparent().tag in ("article", "div")]
    assert order == {"top": ["Sign up.", "header", "One.", "Two.", "Three."],
                     "middle": ["header", "One.", "Two.", "Sign up.", "Three."],
                     "end": ["header", "One.", "Two.", "Three.", "Sign up."]}


def test_the_boxed_stories_table_counts_kept_boxes_and_lost_paragraphs(tmp_path, capsys):
    from quality import BOX_PLACES, NAMED_BOXES, boxed_stories

    from .conftest import PIER_LINES

    shared_with(tmp_path, "aeb", [{"id": "a", "title": "Harbour reopens", "body": "\n\n".join(PIER_LINES)}])
    everything = lambda page, url: html_text_of(page)  # noqa: E731
    rows = boxed_stories(tmp_path, {"everything": everything, "nothing": lambda page, url: ""}, 10)
    assert [(r["box"], r["place"], r["extractor"]) for r in rows] == [
        (kind, place, e) for kind, _, _ in NAMED_BOXES for place in BOX_PLACES for e in ("everything", "nothing")]
    assert all((r["kept"], r["lost"]) == ((1, 0) if r["extractor"] == "everything" else (0, 1)) for r in rows)
    assert "| cookie notice, end | 1 / 0 | 0 / 1 |" in capsys.readouterr().out


def html_text_of(page: str) -> str:
    """Every paragraph of a page, a line each: an extractor that keeps everything."""
    from lxml import html

    return "\n".join(p.text_content() for p in html.document_fromstring(page).iter("p"))


def test_a_wrapped_dump_is_each_line_filled_to_the_width():
    from dumps import WRAP_WIDTH, wrapped

    from .conftest import PIER_LINES

    text = "\n".join(["Harbour reopens", " ".join(PIER_LINES), "Share"])
    blank = wrapped(text).split("\n")
    assert max(map(len, blank)) <= WRAP_WIDTH and blank[:2] == ["Harbour reopens", ""] and blank[-2:] == ["", "Share"]
    assert "" not in wrapped(text, blank=False).split("\n")
    assert " ".join(wrapped(text, blank=False).split()) == " ".join(text.split())
