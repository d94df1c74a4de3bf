"""cleaners.report: the HTML report of a page, checked as written and as headless Chromium
renders it (its DOM and a screenshot)."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from cleaners import Cleaner, CleanerOptions
from cleaners.__main__ import main
from cleaners.report import FOLD_MIN_BLOCKS, MAX_SHOWN_CHARS, build_report, read_page, ReportError, write_report

from .conftest import FIXTURES, HARBOUR, PAGES, SIGN_IN, harbour_page, page_case

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
#: Set (as .ci/run does) to fail rather than skip the browser tests when Chromium is missing.
REQUIRE_CHROMIUM = bool(os.environ.get("NEWSBOT_REQUIRE_CHROMIUM"))

#: Elements the report itself writes; anything else in it would be the page's markup, live.
REPORT_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "dl", "dt", "dd", "p", "b",
               "span", "section", "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "main", "div",
               "details", "summary", "i"}
REPORT_ATTRIBUTES = {"class", "id", "title", "lang", "charset", "http-equiv", "content", "name", "style"}


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """Run headless Chromium (Debian's package) with a profile of its own, offline."""
    if CHROMIUM is None:
        if REQUIRE_CHROMIUM:
            pytest.fail("Chromium is not installed and NEWSBOT_REQUIRE_CHROMIUM is set (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    profile = tmp_path / "chromium-profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", *args]
    proc = subprocess.run(cmd, capture_output=True, timeout=180)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return proc


def dump_dom(tmp_path: Path, report: Path):
    """The report's DOM as Chromium built it."""
    proc = chromium(tmp_path, "--dump-dom", report.resolve().as_uri())
    assert proc.stdout.strip(), "Chromium dumped no DOM"
    return lxml_html.document_fromstring(proc.stdout)


def blocks_of(doc) -> list:
    return doc.xpath('descendant-or-self::main//div[contains(concat(" ", @class, " "), " b ")]')


def shown_text(div) -> str:
    """A block's text as shown: without its tag name and its rule badge."""
    return "".join(div.xpath(".//text()[not(parent::i) and not(ancestor::span[@class='why'])]"))


def classes(elem) -> set[str]:
    return set((elem.get("class") or "").split())


def assert_no_live_markup(doc) -> None:
    """Only the report's own elements, one style sheet, no script, handler, link or source."""
    tags = {e.tag for e in doc.iter() if isinstance(e.tag, str)}
    assert tags <= REPORT_TAGS, tags - REPORT_TAGS
    assert len(doc.xpath("//style")) == 1 and not doc.xpath("//script")
    for elem in doc.iter():
        if not isinstance(elem.tag, str):
            continue
        for name in elem.attrib:
            assert name in REPORT_ATTRIBUTES, (elem.tag, name)
            assert name != "style" or classes(elem) == {"sw"}, elem.tag


# -- what the report holds ---------------------------------------------------------------------

def test_every_block_in_page_order_kept_plain_removed_with_rule_and_kind():
    case = page_case("en-news-semantic")
    result, blocks = Cleaner().explain(case.body, url=case.url)
    doc = lxml_html.document_fromstring(build_report(case.body, url=case.url).html())
    shown = blocks_of(doc)
    assert len(shown) == len(blocks)
    for block, div in zip(blocks, shown):
        text = shown_text(div)
        if block.dropped_by is None:
            assert "kept" in classes(div) and not any(c.startswith("rule-") for c in classes(div))
            assert block.text.split("\n")[0] in div.text_content()
        else:
            assert "removed" in classes(div)
            assert any(c.startswith("rule-") for c in classes(div)) and any(c.startswith("k-") for c in classes(div))
            assert text == (block.source or block.text)
            assert "removed" in div.get("title")
    # the header says what the cleaner decided
    header = doc.xpath("string(//header)")
    assert result.title in header and "article" in header and "tree" in header
    assert "main#main > article.story" in header
    assert result.published in header and result.language in header


def test_the_report_builds_no_output_and_shows_none_but_still_every_block():
    case = page_case("en-news-semantic")
    result, blocks = Cleaner().explain(case.body, url=case.url)
    report = build_report(case.body, url=case.url)
    # the cleaner's HTML and Markdown are not built for the report, nor shown
    assert (report.result.html, report.result.markdown) == ("", "") and report.result.text == result.text
    raw = report.html()
    assert "<article" not in raw and result.markdown.split("\n")[0] not in raw
    shown = blocks_of(lxml_html.document_fromstring(raw))
    assert len(shown) == len(blocks) == len(report.views)
    for block, div in zip(blocks, shown):
        assert (block.source or block.text).split("\n")[0] in div.text_content()


def test_a_box_a_tree_rule_names_shows_the_rule_and_the_box():
    case = page_case("en-news-semantic")
    report = build_report(case.body, url=case.url)
    charts = [v for v in report.views if v.rule == "chart"]
    assert charts and all(v.kind == "graphics" for v in charts)
    assert all("tree rule chart" in v.reason and "element: " in v.why(report.model) for v in charts)


def test_the_block_models_probability_and_top_features_are_on_hover():
    case = page_case("en-blog-kitchen-sink")
    report = build_report(case.body, url=case.url)
    weighed = [v for v in report.views if v.block.chance is not None]
    assert weighed and all(v.top for v in weighed)
    model = Cleaner().options.block_model
    for view in weighed:
        assert f"p(article) = {view.block.chance:.3f}" in view.why(report.model)
        assert all(name in model.features for name, _, _ in view.top)
    doc = lxml_html.document_fromstring(report.html())
    titles = [d.get("title") for d in blocks_of(doc)]
    assert sum("top features: " in t for t in titles) == len(weighed)
    assert "moves the block's log-odds most" in doc.text_content()


def test_a_block_the_declared_story_leaves_out_shows_why():
    report = build_report(harbour_page("\n\n".join(HARBOUR)), url="https://news.example/harbour")
    prompt = next(v for v in report.views if SIGN_IN in (v.block.source or v.block.text))
    assert not prompt.kept and prompt.rule == "not-declared" and prompt.kind == "model"
    assert "JSON-LD articleBody" in prompt.reason


def test_without_a_block_model_the_rules_alone_are_shown():
    case = page_case("en-blog-kitchen-sink")
    report = build_report(case.body, url=case.url, cleaner=Cleaner(CleanerOptions(block_model=None)))
    assert all(v.block.chance is None and not v.top for v in report.views)
    assert any(not v.kept for v in report.views)
    assert "no block model" in report.html()


def test_long_runs_of_removed_blocks_fold_into_details():
    page = ("<html><head><title>Folds</title></head><body><ul class='menu'>"
            + "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(12))
            + "</ul><article><h1>Folds</h1>"
            + "<p>The harbour board met on Tuesday and agreed to rebuild the old pier before the winter storms arrive.</p>" * 6
            + "</article></body></html>")
    doc = lxml_html.document_fromstring(build_report(page).html())
    folds = doc.xpath("//details")
    assert folds
    for fold in folds:
        inside = fold.xpath('.//div[contains(concat(" ", @class, " "), " b ")]')
        assert len(inside) >= FOLD_MIN_BLOCKS and all("removed" in classes(d) for d in inside)
        assert f"{len(inside)} removed blocks" in fold.xpath("string(summary)")
    assert not any("kept" in classes(d) for f in folds for d in f.xpath(".//div"))


def _truth_case() -> tuple[object, str, str, str]:
    """The kitchen-sink page with a truth that keeps a line the cleaner removes and drops a
    paragraph it keeps."""
    case = page_case("en-blog-kitchen-sink")
    kept = case.expected_text.split("\n\n")
    dropped = next(p for p in kept if p.startswith("None of this makes the tables wrong"))
    missed = "Sign up to our newsletter for the weekly tide and weather outlook."
    truth = "\n\n".join([p for p in kept if p != dropped] + [missed])
    return case, truth, missed, dropped


def test_truth_marks_missed_and_cruft_blocks_and_gives_the_f1():
    case, truth, missed, dropped = _truth_case()
    report = build_report(case.body, url=case.url, truth=truth)
    marked_missed = [v for v in report.views if v.missed]
    marked_cruft = [v for v in report.views if v.cruft]
    assert [v.pieces[0].text for v in marked_missed] == [missed]
    assert [v.block.text for v in marked_cruft] == [dropped]
    assert 0.5 < report.score["f1"] < 1.0


def test_a_block_that_lost_a_line_shows_the_line_struck_with_its_rule():
    page = ("<html><head><title>Lines</title></head><body><article><h1>Lines</h1><p>"
            + "The council voted on Tuesday to rebuild the harbour wall before the storms of the winter. " * 4
            + "<br>Share this article<br>"
            + "Work starts in March and should take two years, the harbour master said at the meeting. " * 3
            + "</p></article></body></html>")
    report = build_report(page)
    view = next(v for v in report.views if v.kept and any(not p.kept for p in v.pieces))
    line = next(p for p in view.pieces if not p.kept)
    assert line.text == "Share this article" and line.rule
    doc = lxml_html.document_fromstring(report.html())
    struck = doc.xpath('//span[contains(@class, "line") and contains(@class, "removed")]')
    assert [s.text_content() for s in struck] == ["Share this article"]
    assert f"rule-{line.rule}" in classes(struck[0])


def test_a_page_taken_from_readability_shows_the_tree_layers_blocks_too():
    case = page_case("listing-tag")  # cleaned like an article, its tree text is too thin
    cleaner = Cleaner(CleanerOptions(listing_model=None))
    report = build_report(case.body, url=case.url, truth=cleaner.clean_html(case.body, url=case.url).text, cleaner=cleaner)
    assert report.result.method == "readability" and "readability" in report.region
    assert report.page_views and not any(v.output for v in report.page_views)
    assert report.score["f1"] == 1.0 and not any(v.missed or v.cruft for v in report.views)
    doc = lxml_html.document_fromstring(report.html())
    assert "The page as the tree layers saw it" in doc.text_content()
    output, page = doc.xpath("//main")
    assert len(blocks_of(output)) == len(report.views) and all("kept" in classes(d) for d in blocks_of(output))
    shown = page.xpath('.//div[contains(concat(" ", @class, " "), " b ")]')
    assert len(shown) == len(report.page_views)
    assert not any("kept" in classes(d) or "cruft" in classes(d) for d in shown)  # none of it is output
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids))


def test_a_listing_shows_the_listing_models_chances_and_features():
    folder = FIXTURES / "listing-guides"
    url = json.loads((folder / "case.json").read_text(encoding="utf-8"))["url"]
    report = build_report((folder / "page.html").read_bytes(), url=url)
    assert report.result.page_type == "listing" and report.result.method == "tree"
    weighed = [v for v in report.views if v.block.chance is not None]
    assert weighed and all(v.top for v in weighed)
    kept = {v.block.text for v in report.views if v.kept}
    assert "Growing tomatoes from seed" in kept and "Next page" not in kept


# -- hostile text -------------------------------------------------------------------------------

HOSTILE = "</style><script>alert('report')</script><img src=x onerror=alert(1)>"


def _hostile_page() -> bytes:
    story = "The harbour board met on Tuesday and agreed to rebuild the old pier before winter. "
    escaped = HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    big = "&lt;b onmouseover=x&gt; &amp;amp; " * (5 * 2**20 // 24)  # a text node of over 5 MB
    page = (
        f"<html><head><title>{escaped} &amp;lt;i&amp;gt;</title>"
        f"<meta name='author' content=\"&lt;img src=x onerror=alert(2)&gt;\">"
        "<style>body{background:red}</style><script>document.title='pwned'</script></head>"
        "<body onload=\"alert(3)\"><nav><a href=\"javascript:alert(4)\">"
        f"{escaped}</a></nav><article><h1>{escaped}</h1>"
        f"<p>{story * 3}</p><p>{escaped} nul:\x00: entity:&#0;&#x1F;: amp:&amp;amp;lt;: {story}</p>"
        "<iframe src=\"data:text/html,<script>alert(5)</script>\"></iframe><svg onload=alert(6)><text>svg</text></svg>"
        f"<p>{story * 2}</p><p>{big}</p><div class='share'>{escaped}</div></article></body></html>"
    )
    return page.encode("utf-8")


def test_hostile_text_is_escaped_and_nothing_of_the_page_is_live(tmp_path):
    out = tmp_path / "hostile.html"
    write_report(out, _hostile_page(), url="https://x.example/news/pier", truth=HOSTILE + " truth\x00")
    raw = out.read_bytes()
    assert b"\x00" not in raw and b"<script" not in raw.lower() and b"<img" not in raw.lower() and b"<iframe" not in raw.lower()
    assert raw.count(b"<style") == 1
    assert len(raw) < 2 * 2**20  # the 5 MB block shows its start only
    doc = lxml_html.document_fromstring(raw)
    assert_no_live_markup(doc)
    text = doc.text_content()
    assert HOSTILE in text  # the page's markup is there as text
    assert "more characters not shown" in text and "amp:&amp;lt;:" in text


def test_hostile_report_in_chromium_has_no_live_markup(tmp_path):
    out = tmp_path / "hostile.html"
    write_report(out, _hostile_page(), url="https://x.example/news/pier")
    doc = dump_dom(tmp_path, out)
    assert_no_live_markup(doc)
    assert doc.xpath("string(//title)").startswith("newsbot report: </style><script>")
    assert HOSTILE in doc.text_content()


# -- in a real browser ---------------------------------------------------------------------------

def test_chromium_renders_rule_classes_and_none_of_the_pages_scripts(tmp_path):
    case = page_case("en-news-semantic")
    assert b"<script>" in case.body  # the page has scripts of its own
    out = tmp_path / "report.html"
    report = write_report(out, case.body, url=case.url)
    doc = dump_dom(tmp_path, out)
    shown = blocks_of(doc)
    assert len(shown) == len(report.views)
    for view, div in zip(report.views, shown):
        if view.kept:
            assert "kept" in classes(div)
        else:
            assert {"removed", f"rule-{view.rule}", f"k-{view.kind}"} <= classes(div)
    rules = {f"rule-{v.rule}" for v in report.views if not v.kept}
    assert {"rule-chart", "rule-comments", "rule-link-list", "rule-outside-main"} <= rules
    assert_no_live_markup(doc)
    assert doc.xpath("//details/summary")  # the folded runs


def test_chromium_truth_margins_and_screenshot(tmp_path):
    from PIL import Image

    case, truth, missed, dropped = _truth_case()
    truth_file = tmp_path / "truth.txt"
    truth_file.write_text(truth, encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["explain", str(PAGES / case.name / "page.html"), "--url", case.url, "--report", str(out), "--truth", str(truth_file)]) == 0
    doc = dump_dom(tmp_path, out)
    shown = blocks_of(doc)
    red = [d for d in shown if "missed" in classes(d)]
    amber = [d for d in shown if "cruft" in classes(d)]
    assert [shown_text(d) for d in red] == [missed]
    assert "removed" in classes(red[0]) and "rule-newsletter" in classes(red[0])
    assert [shown_text(d) for d in amber] == [dropped]
    assert "kept" in classes(amber[0])
    assert all(not ({"missed", "cruft"} & classes(d)) for d in shown if d not in red and d not in amber)
    f1 = float(doc.xpath("string(//b[@class='f1'])"))
    assert 0.5 < f1 < 1.0
    # the margins are drawn: red and amber pixels down the blocks' left edge
    shot = tmp_path / "report.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,2200", "--hide-scrollbars", out.resolve().as_uri())
    image = Image.open(shot).convert("RGB")
    assert image.size == (1200, 2200)
    colours = {colour for _, colour in image.crop((0, 0, 60, image.size[1])).getcolors(maxcolors=1 << 20)}
    assert (0xD6, 0x27, 0x28) in colours and (0xF0, 0xA5, 0x00) in colours


# -- size on a big page ---------------------------------------------------------------------------

def big_page(megabytes: float = 20) -> bytes:
    """A page of our own of `megabytes`: a story amid many menus, share bars and teaser boxes."""
    story = "".join(f"<p>The harbour board met on day {i} and agreed, after a long debate about costs, to rebuild the old pier.</p>"
                    for i in range(20))
    box = ("<div class='related'><h3><a href='/s/{i}'>Another story number {i} about the harbour</a></h3><p>Teaser {i}.</p></div>"
           "<div class='share'><a href='/share'>Share</a> <a href='/tweet'>Tweet</a></div>"
           "<ul class='menu'><li><a href='/a'>Home</a></li><li><a href='/b'>World &amp; news</a></li></ul>")
    head = "<html><head><title>A big page</title></head><body><article>" + story + "</article>"
    parts, size, i = [head], len(head), 0
    while size < megabytes * 2**20:
        chunk = box.format(i=i)
        parts.append(chunk)
        size += len(chunk)
        i += 1
    return ("".join(parts) + "</body></html>").encode()


def test_a_20_mb_page_gives_a_report_under_50_mb_with_every_block(tmp_path):
    from .test_cleaners import _hostile_cases

    page = _hostile_cases()["page-20MB"]
    assert len(page) >= 20 * 10**6
    out = tmp_path / "big.html"
    report = write_report(out, page, url="https://x.example/news/story")
    assert out.stat().st_size < 50 * 2**20
    assert out.read_bytes().count(b'<div class="b ') == len(report.views) == 80_000


def test_a_page_of_many_boxes_folds_them_compactly(tmp_path):
    out = tmp_path / "boxes.html"
    report = write_report(out, big_page(3))
    raw = out.read_bytes()
    removed = sum(1 for v in report.views if not v.kept)
    assert raw.count(b'<div class="b ') == len(report.views) and removed > 50_000
    assert raw.count(b"<details") >= 1
    # a folded block costs its text and under 110 bytes of markup
    text = sum(len(v.pieces[0].text.encode()) for v in report.views)
    assert len(raw) - text < 110 * len(report.views) + 50_000


# -- command line ---------------------------------------------------------------------------------

def test_a_table_of_many_kept_cells_writes_them_compactly(tmp_path):
    story = "".join(f"<p>The harbour board met on day {i} and agreed, after a long debate, to rebuild the old pier.</p>" for i in range(10))
    rows = "".join(f"<tr><td>Pier {i}</td><td>{1990 + i % 30}</td><td>rebuilt</td></tr>" for i in range(8_000))
    page = f"<html><head><title>Piers</title></head><body><article>{story}<table>{rows}</table></article></body></html>".encode()
    out = tmp_path / "table.html"
    report = write_report(out, page)
    raw = out.read_bytes()
    kept = [v for v in report.views if v.kept]
    assert len(report.views) > 20_000 and len(kept) > 20_000
    assert raw.count(b'<div class="b ') == len(report.views)
    # a plain kept cell costs its text and under 45 bytes of markup: no id, no hover text
    assert raw.count(b'<div class="b kept"><i>td</i>') >= 24_000
    text = sum(len(v.pieces[0].text.encode()) for v in report.views)
    assert len(raw) - text < 45 * len(report.views) + 50_000
    assert b"a kept block only its tag" in raw


def test_boxes_taken_out_before_splitting_are_listed_once_and_shown_boxes_are_not(tmp_path):
    story = "".join(f"<p>The harbour board met on day {i} and agreed, after a long debate, to rebuild the old pier.</p>" for i in range(6))
    thread = "".join(f"<div class='c'><p>Comment {i} on the pier.</p><a href='#r{i}'>Reply</a></div>" for i in range(4))
    share = "<div class='share'><a href='/s'>Share</a></div>"
    page = f"<html><body><article>{story}</article>{share}<div class='thread'>{thread}</div></body></html>".encode()
    report = build_report(page)
    assert [r.rule for r in report.unseen] == ["comment-thread"] * 4
    assert any(v.rule == "share-bar" or v.kind == "share" for v in report.views)
    assert "Taken out before the page was split into blocks" in report.html()


def test_explain_report_from_the_command_line(tmp_path, capsys):
    case = page_case("en-blog-kitchen-sink")
    out = tmp_path / "r.html"
    assert main(["explain", str(PAGES / case.name / "page.html"), "--url", case.url, "--report", str(out)]) == 0
    assert "report written to" in capsys.readouterr().err
    doc = lxml_html.document_fromstring(out.read_bytes())
    assert case.meta["title"] in doc.xpath("string(//h1)")
    assert not doc.xpath("//b[@class='f1']")  # no truth, no F1


def test_explain_report_of_a_page_known_to_be_a_story(tmp_path, capsys):
    case = page_case("listing-tag")
    out = tmp_path / "r.html"
    for flags, row in (((), "listing (listing chance 1.00)"),
                       (("--article",), "article (listing chance 1.00), declared a story: the page type alone makes it a listing")):
        assert main(["explain", str(PAGES / case.name / "page.html"), "--url", case.url, "--report", str(out), *flags]) == 0
        capsys.readouterr()
        doc = lxml_html.document_fromstring(out.read_bytes())
        assert doc.xpath("string(//dt[. = 'page type']/following-sibling::dd[1])") == row


def test_explain_report_from_standard_input(tmp_path):
    case = page_case("pl-news")
    out = tmp_path / "r.html"
    proc = subprocess.run([sys.executable, "-m", "cleaners", "explain", "-", "--report", str(out)], input=case.body,
                          capture_output=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "Nowy most na Warcie" in out.read_text(encoding="utf-8")
    assert "standard input" in out.read_text(encoding="utf-8")


def test_explain_report_from_a_corpus_line(tmp_path, capsys):
    corpus = tmp_path / "corpus.jsonl.gz"
    cases = [page_case("en-blog-kitchen-sink"), page_case("es-news")]
    with gzip.open(corpus, "wt", encoding="utf-8") as f:
        f.write("not json\n")
        f.write('{"id": "page/1", "deeper than the parser goes": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
        for n, case in enumerate(cases):
            f.write(json.dumps({"id": f"page/{n}", "url": case.url, "html": case.body.decode("utf-8"), "body": case.expected_text}) + "\n")
    out = tmp_path / "r.html"
    assert main(["explain", "--corpus", str(corpus), "--id", "page/1", "--report", str(out)]) == 0
    assert "F1 1.000" in capsys.readouterr().err
    doc = lxml_html.document_fromstring(out.read_bytes())
    assert float(doc.xpath("string(//b[@class='f1'])")) == 1.0
    assert cases[1].meta["title"] in doc.xpath("string(//h1)")
    assert main(["explain", "--corpus", str(corpus), "--id", "page/9", "--report", str(out)]) == 1
    assert "no record with id 'page/9'" in capsys.readouterr().err


def test_explain_report_rejects_what_it_cannot_read(tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["explain", "http://127.0.0.1:9/story", "--report", str(out)]) == 1  # nothing listens there
    assert "cannot fetch http://127.0.0.1:9/story" in capsys.readouterr().err and not out.exists()
    assert main(["explain", str(tmp_path / "missing.html"), "--report", str(out)]) == 1
    assert "cannot read" in capsys.readouterr().err
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    assert main(["explain", str(empty), "--report", str(out)]) == 1
    assert "error: empty input" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["explain", str(empty), "--truth", str(empty)])  # --truth goes with --report
    with pytest.raises(ReportError):
        read_page("http://127.0.0.1:9/")


def test_a_long_block_shows_its_start_and_counts_the_rest():
    story = "The harbour board met on Tuesday and agreed to rebuild the old pier before the winter. "
    page = f"<html><body><article><p>{story * 3}</p><p>{'word ' * 100_000}</p></article></body></html>"
    report = build_report(page)
    text = lxml_html.document_fromstring(report.html()).text_content()
    assert f"{500_000 - MAX_SHOWN_CHARS - 1:,} more characters not shown" in text


def test_the_readme_example_shows_one_missed_paragraph_and_one_piece_of_cruft():
    folder = ROOT / "docs" / "report-example"
    report = build_report((folder / "page.html").read_bytes(), url="https://courier.example/2026/11/harbour-wall-repairs/",
                          truth=(folder / "truth.txt").read_text(encoding="utf-8"))
    missed = [v for v in report.views if v.missed]
    cruft = [v for v in report.views if v.cruft]
    assert [(v.rule, v.pieces[0].text[:14]) for v in missed] == [("ads", "Skippers asked")]
    assert [v.block.text[:26] for v in cruft] == ["Do you have a story about "]
    assert 0.9 < report.score["f1"] < 0.97  # one paragraph of eleven missed, one line of cruft


def test_top_features_are_what_moves_the_log_odds_from_the_pages_median():
    import numpy as np

    from cleaners._model import BlockModel
    from cleaners.report import feature_effects

    # one tree: link_density <= 0.5 gives +1, above it -1; the other feature is never split on
    model = BlockModel(features=("link_density", "weight"), threshold=0.5, meta={},
                       feature=np.array([0, 0, 0]), split=np.array([0.5, np.inf, np.inf]), left=np.array([1, 1, 2]),
                       right=np.array([2, 1, 2]), value=np.array([0.0, 1.0, -1.0]), roots=np.array([0]), depth=1)
    X = np.array([[0.9, 3.0], [0.1, 5.0], [0.1, 7.0]])
    effects = feature_effects(model, X)
    assert effects[0] == [("link_density", 0.9, pytest.approx(-2.0))]  # its links push it out
    assert effects[1] == effects[2] == []  # at the page's median: nothing moves them
