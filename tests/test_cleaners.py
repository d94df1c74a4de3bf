"""The cleaners package's public API, and the golden page cases."""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections import Counter

import pytest
from lxml import etree

import cleaners
from cleaners import Cleaner, CleanerError, CleanerOptions, CleanResult, clean_html, clean_text
from cleaners._decode import MOJIBAKE
from cleaners._extract import join_spaced_runs, unwrap
from cleaners._pagetype import default_pagetype_model
from cleaners.rules import DEFAULT_RULES

from .conftest import FIXTURES, HARBOUR, PIER_LINES, SIGN_IN, all_page_cases, harbour_page, page_case

CASES = all_page_cases()
ARTICLE_CASES = [c for c in CASES if c.meta["page_type"] == "article"]
SEMANTIC = next(c for c in CASES if c.name == "en-news-semantic")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_page(case, request):
    result = clean_html(case.body, url=case.url, content_type=case.content_type)
    assert result.page_type == case.meta["page_type"]
    if case.meta["page_type"] != "article":
        return
    for snippet in case.meta.get("must_contain", []):
        assert snippet in result.text
    for snippet in case.meta.get("must_not_contain", []):
        assert snippet not in result.text, f"cruft left in: {snippet!r}"
    if request.config.getoption("--update-golden"):
        case.expected_path.write_text(result.text + "\n", encoding="utf-8")
        pytest.skip("golden text rewritten: review the diff, then run again without --update-golden")
    assert result.text == case.expected_text


@pytest.mark.parametrize("case", ARTICLE_CASES, ids=[c.name for c in ARTICLE_CASES])
def test_golden_page_metadata(case):
    result = clean_html(case.body, url=case.url, content_type=case.content_type)
    for field in ("title", "authors", "published", "language"):
        if field in case.meta:
            assert getattr(result, field) == case.meta[field], field


@pytest.mark.parametrize("case", ARTICLE_CASES, ids=[c.name for c in ARTICLE_CASES])
def test_golden_page_rules_fire(case):
    result = clean_html(case.body, url=case.url, content_type=case.content_type)
    fired = {r.rule for r in result.removed}
    assert set(case.meta.get("rules", [])) <= fired


#: A collection page written for the project (not a golden page: those train the page-type model).
LISTING = FIXTURES / "listing-guides"


def test_a_listing_page_is_decided_by_the_listing_model():
    meta = json.loads((LISTING / "case.json").read_text(encoding="utf-8"))
    body, url = (LISTING / "page.html").read_bytes(), meta["url"]
    listed = clean_html(body, url=url)
    as_article = cleaners.Cleaner(cleaners.CleanerOptions(listing_model=None)).clean_html(body, url=url)
    assert listed.page_type == as_article.page_type == "listing"
    assert listed.method == "tree"
    # a listing's items are its text, the site's furniture goes
    for snippet in meta["must_contain"]:
        assert snippet in listed.text
    for snippet in meta["must_not_contain"]:
        assert snippet not in listed.text, f"cruft left in: {snippet!r}"
    # the items' headlines are the list's content; the article model takes them for teasers
    assert "Growing tomatoes from seed" in listed.text
    assert "Growing tomatoes from seed" not in as_article.text
    # every summary is kept either way
    assert "Sow in March, pot on in April" in listed.text and "Sow in March, pot on in April" in as_article.text
    # blocks the listing model dropped say so, with its probability
    explained = cleaners.Cleaner().explain(body, url=url)[1]
    dropped = [b for b in explained if b.dropped_by == "block-model" or (b.dropped_by and b.chance is not None)]
    assert all(0.0 <= b.chance <= 1.0 for b in dropped)
    assert any(b.text == "Next page" and b.dropped_by for b in explained)


def test_a_page_known_to_be_a_story_is_cleaned_as_one_whatever_its_shape():
    # the collection page above, as if a news sitemap listed it: the page-type model's chance is
    # still given, but the type is the source's and the blocks are the article model's
    meta = json.loads((LISTING / "case.json").read_text(encoding="utf-8"))
    body, url = (LISTING / "page.html").read_bytes(), meta["url"]
    listed = clean_html(body, url=url)
    story = clean_html(body, url=url, article=True)
    as_article = cleaners.Cleaner(cleaners.CleanerOptions(listing_model=None)).clean_html(body, url=url)
    assert listed.page_type == "listing" and story.page_type == "article" and story.is_article
    assert story.listing_chance == listed.listing_chance >= default_pagetype_model().threshold
    assert story.text == as_article.text and story.text != listed.text
    assert story.declared_story and not listed.declared_story
    # a page the model already calls an article is the same either way
    case = next(c for c in ARTICLE_CASES if c.name == "en-news-semantic")
    assert clean_html(case.body, url=case.url, article=True) == clean_html(case.body, url=case.url)


def test_a_story_the_page_type_guard_keeps_is_not_declared_over_it():
    # a tag page that opens with a story and says og:type article: the model's chance is over its
    # cut, but a page that declares an article with 1,500 characters of prose is never a listing,
    # so the caller's word overrules nothing
    shaped = page_case("story-shaped-as-listing", FIXTURES)
    body, url = shaped.body, shaped.url
    result = clean_html(body, url=url)
    assert result.page_type == "article" and result.listing_chance >= default_pagetype_model().threshold
    assert clean_html(body, url=url, article=True) == result and not result.declared_story
    everything = cleaners.Cleaner(cleaners.CleanerOptions(all_articles=True))
    assert not everything.clean_html(body, url=url).declared_story
    listed = (LISTING / "page.html").read_bytes()
    assert everything.clean_html(listed, url=json.loads((LISTING / "case.json").read_text(encoding="utf-8"))["url"]).declared_story


def test_link_lists_outside_a_storys_main_region_are_not_weighed_but_a_listings_are():
    # a story: the link lists of its menus stay out unweighed (no chance); its other blocks are weighed
    blocks = cleaners.Cleaner().explain(SEMANTIC.body, url=SEMANTIC.url)[1]
    outside = [b for b in blocks if b.rule == "link-list" and not b.in_main]
    assert outside and all(b.chance is None and b.dropped_by == "link-list" for b in outside)
    assert any(b.chance is not None and b.dropped_by is None for b in blocks)
    # a listing: its link lists are its items, and the listing model weighs them
    listing = next(c for c in CASES if c.name == "listing-tag")
    result, blocks = cleaners.Cleaner().explain(listing.body, url=listing.url)
    assert result.page_type == "listing"
    lists = [b for b in blocks if b.rule == "link-list"]
    assert lists and all(b.chance is not None for b in lists)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_explain_without_outputs_leaves_out_only_the_html_and_markdown(case):
    whole, blocks = cleaners.Cleaner().explain(case.body, url=case.url)
    bare, bare_blocks = cleaners.Cleaner().explain(case.body, url=case.url, outputs=False)
    assert (bare.html, bare.markdown) == ("", "") and whole.html and whole.markdown
    assert dataclasses.replace(bare, html=whole.html, markdown=whole.markdown) == whole
    assert [(b.text, b.dropped_by, b.chance) for b in bare_blocks] == [(b.text, b.dropped_by, b.chance) for b in blocks]


@pytest.mark.parametrize("outputs", [(), ("html",), ("markdown",)])
@pytest.mark.parametrize("case", ARTICLE_CASES[:4], ids=[c.name for c in ARTICLE_CASES[:4]])
def test_a_cleaner_builds_only_the_renderings_asked_for(case, outputs):
    whole = cleaners.Cleaner().clean_html(case.body, url=case.url)
    asked = cleaners.Cleaner(cleaners.CleanerOptions(outputs=frozenset(outputs))).clean_html(case.body, url=case.url)
    assert whole.html and whole.markdown
    assert asked.html == (whole.html if "html" in outputs else "")
    assert asked.markdown == (whole.markdown if "markdown" in outputs else "")
    assert dataclasses.replace(asked, html=whole.html, markdown=whole.markdown) == whole


def test_an_unknown_rendering_is_refused():
    with pytest.raises(ValueError, match="unknown outputs"):
        cleaners.CleanerOptions(outputs=frozenset({"pdf"}))
    with pytest.raises(ValueError, match="not a string"):
        cleaners.CleanerOptions(outputs="markdown")
    assert cleaners.CleanerOptions(outputs=["markdown"]).outputs == frozenset({"markdown"})


def test_str_and_bytes_give_the_same_article():
    case = SEMANTIC
    from_bytes = clean_html(case.body, url=case.url)
    from_str = clean_html(case.body.decode("utf-8"), url=case.url)
    assert from_bytes.text == from_str.text


def test_lone_surrogates_in_a_str_page_are_read_as_replacement_characters():
    # a str can hold what no UTF-8 writer encodes; libxml2 cut the text at the first of them
    page = SEMANTIC.body.decode("utf-8")
    title = re.search(r"<title>([^<]*)</title>", page).group(1)
    odd = page.replace(f"<title>{title}", f"<title>\ud800{title}", 1).replace("<p>", "<p>\udfff", 1)
    result = clean_html(odd, url=SEMANTIC.url)
    assert result.text.replace("\ufffd", "") == clean_html(page, url=SEMANTIC.url).text
    assert result.title == clean_html(page, url=SEMANTIC.url).title
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")


def test_result_to_dict_uses_record_field_names():
    case = SEMANTIC
    data = clean_html(case.body, url=case.url).to_dict()
    assert set(data) <= set(cleaners.RECORD_FIELDS)
    assert {"url", "title", "text", "authors", "published", "tags", "canonical_url"} <= set(data)


def test_removed_blocks_name_their_rule():
    case = SEMANTIC
    result = clean_html(case.body, url=case.url)
    assert result.removed
    assert all(r.rule and r.group for r in result.removed)
    share = [r for r in result.removed if r.rule == "share"]
    assert share and "Share on Facebook" in share[0].text


def test_html_fragment_holds_the_article_only():
    case = SEMANTIC
    result = clean_html(case.body, url=case.url)
    assert result.html.startswith("<article>")
    assert "<h2>Fish killed downstream</h2>" in result.html
    assert "<li>" in result.html
    assert "Advertisement" not in result.html


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t ", "", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "just some words, no markup"],
    ids=["empty-bytes", "whitespace", "empty-str", "pdf", "png", "plain-text"],
)
def test_unusable_input_raises_cleaner_error(data):
    with pytest.raises(CleanerError):
        clean_html(data)


def test_non_text_input_raises_cleaner_error():
    with pytest.raises(CleanerError):
        clean_html(12345)  # type: ignore[arg-type]


def test_cleaner_error_is_a_value_error():
    assert issubclass(CleanerError, ValueError)


TEXT_CASES = sorted(p.name.removesuffix(".txt") for p in (FIXTURES / "texts").glob("*.txt") if not p.name.endswith(".expected.txt"))


@pytest.mark.parametrize("case", TEXT_CASES)
def test_clean_text_golden_dumps(case):
    """Each text fixture comes out exactly as its .expected.txt: widgets, announced titles,
    teaser boxes, credits, timestamps and footers gone, every story paragraph kept."""
    dump = (FIXTURES / "texts" / f"{case}.txt").read_text(encoding="utf-8")
    expected = (FIXTURES / "texts" / f"{case}.expected.txt").read_text(encoding="utf-8").strip()
    assert clean_text(dump) == expected


def test_clean_text_keeps_plain_article_untouched():
    text = "A headline\n\nFirst paragraph of the story.\n\nSecond paragraph, which ends the story."
    assert clean_text(text) == text


def test_clean_result_is_article_property():
    assert CleanResult(text="x").is_article
    assert not CleanResult(text="x", page_type="listing").is_article


def test_every_rule_is_hit_by_a_fixture():
    """Each named rule removes something in at least one golden page or text fixture."""
    from cleaners._text import PhraseMatcher, clean_lines
    from cleaners.rules import PHRASE_RULES, TREE_RULES

    fired: set[str] = set()
    for case in ARTICLE_CASES:
        fired |= {r.rule for r in clean_html(case.body, url=case.url, content_type=case.content_type).removed}
    for case in TEXT_CASES:
        dump = (FIXTURES / "texts" / f"{case}.txt").read_text(encoding="utf-8")
        fired |= {rule for rule, _ in clean_lines(dump.splitlines(), PhraseMatcher())[1]}
    named = {r.name for r in TREE_RULES} | {r.name for r in PHRASE_RULES}
    named |= {"link-inline", "link-list", "teaser-list", "title", "outside-main", "announced-section", "comment-thread"}
    assert named - fired == set()


# -- hostile input: a result or CleanerError, in bounded time and memory ----------------------

PROSE = "<p>" + "The council met on Tuesday to discuss the harbour and the ferry timetable for winter. " * 3 + "</p>"


def _paragraphs(prose: str, n: int) -> list[str]:
    """`n` copies of a paragraph, each told apart by its last sentence: the cleaner keeps a
    paragraph set twice in a row once (`repeated_blocks`), and these pages hold their story's
    every paragraph."""
    return [prose.replace("</p>", f"Part {i + 1}.</p>") for i in range(n)]


def _copies(prose: str, n: int) -> str:
    return "".join(_paragraphs(prose, n))


@functools.lru_cache(maxsize=1)
def _hostile_cases() -> dict[str, bytes]:
    return {
        "nul-and-controls": ("<html><body><article>" + _copies(PROSE.replace("council", "coun\x00ci\x07l"), 5) + "</article></body></html>").encode(),
        "utf8-label-on-latin1": ("<meta charset='utf-8'><body>" + _copies(PROSE.replace("harbour", "Hafen über den Fluß"), 5)).encode("latin-1"),
        "utf16-bom": ("<html><body>" + _copies(PROSE, 5) + "</body></html>").encode("utf-16"),
        "utf16-no-bom": ("<html><body>" + _copies(PROSE, 5) + "</body></html>").encode("utf-16-le"),
        "deep-nesting-100k": ("<html><body>" + "<div>" * 100_000 + PROSE + "</div>" * 100_000 + "</body></html>").encode(),
        "links-200k": ("<html><body>" + _copies(PROSE, 3) + "<ul>" + "<li><a href='/x'>link</a></li>" * 200_000 + "</ul></body></html>").encode(),
        "text-node-5MB": ("<html><body><p>" + "word " * 1_000_000 + "</p></body></html>").encode(),
        "page-20MB": ("<html><body>" + "".join("<div class='x'>" + p + "</div>" for p in _paragraphs(PROSE, 80_000)) + "</body></html>").encode(),
        # an end tag libxml2 cannot match, with what HTML5's tree building takes quadratic time
        # over (a list of 100,000 options; nesting 20,000 deep): libxml2's tree stands
        "misnested-options-100k": ("<html><body><div><button><div></button>" + _copies(PROSE, 5) + "<select>"
                                   + "<option>a</option>" * 100_000 + "</select></body></html>").encode(),
        "misnested-deep-20k": ("<html><body><div><button><div></button>" + _copies(PROSE, 5) + "<div>a" * 20_000
                               + "</body></html>").encode(),
    }


#: how many times each hostile page's story sentence must come back whole (every copy the page holds)
HOSTILE_SENTENCES = {"nul-and-controls": 15, "utf8-label-on-latin1": 15, "utf16-bom": 15, "utf16-no-bom": 15,
                     "deep-nesting-100k": 3, "links-200k": 9, "page-20MB": 240_000, "misnested-options-100k": 15,
                     "misnested-deep-20k": 15}
SENTENCE = "The council met on Tuesday to discuss the harbour and the ferry timetable for winter."


@pytest.mark.parametrize("name", list(_hostile_cases()))
def test_hostile_pages_still_give_the_article(name):
    result = clean_html(_hostile_cases()[name], url="https://x.example/news/story")
    if name == "text-node-5MB":
        assert result.text == ("word " * 1_000_000).strip()
    elif name == "utf8-label-on-latin1":  # read as the Latin-1 it is, not as broken UTF-8
        assert result.text.count(SENTENCE.replace("harbour", "Hafen über den Fluß")) == HOSTILE_SENTENCES[name]
    else:  # (on the first page the control characters inside "council" go: the word stays whole)
        assert result.text.count(SENTENCE) == HOSTILE_SENTENCES[name]
    assert "\x00" not in result.text and "\x07" not in result.text


MISNESTED = FIXTURES / "misnested"


def test_a_page_libxml2_nests_wrongly_is_read_as_a_browser_nests_it():
    body = (MISNESTED / "page.html").read_bytes()
    # libxml2 leaves the menu button open at its unmatched </button>: the story lands inside it
    raw = etree.fromstring(body.decode("utf-8"), parser=etree.HTMLParser(no_network=True))
    assert "button" in [a.tag for a in raw.find(".//article").iterancestors()]
    result = clean_html(body, url="https://coastline-courier.example/news/harbour-ferry-returns")
    assert result.method == "tree"
    assert "The harbour ferry carried its first passengers of the year" in result.text
    assert "Fridays through the summer." in result.text
    assert "Weather" not in result.text and "Skip to content" not in result.text
    tree = cleaners.Cleaner()._parse(body.decode("utf-8"))
    assert [a.tag for a in tree.find(".//article").iterancestors()] == ["main", "body", "html"]


def test_a_page_beyond_the_html5_bounds_keeps_libxml2s_tree():
    from cleaners._cleaner import HTML5_MAX_DEPTH, HTML5_MAX_ELEMENTS, _PARSER, _as_browsers_nest

    for text in ("<html><body><div><button><div></button>" + "<p>a</p>" * (HTML5_MAX_ELEMENTS + 1),
                 "<html><body><div><button><div></button>" + "<div>a" * (HTML5_MAX_DEPTH + 1)):
        doc = etree.fromstring(text, parser=_PARSER)
        assert _as_browsers_nest(text, doc) is doc
    small = "<html><body><div><button><div></button><p>a</p></body></html>"
    doc = etree.fromstring(small, parser=_PARSER)
    assert _as_browsers_nest(small, doc) is not doc


@pytest.mark.parametrize("text", [
    "<html><body><p>Caf\u00e9 au lait, 12 \u20ac</p><p>\U0001F600 \u00e0 la carte</p></body></html>",  # Latin-1, UCS-2, UCS-4
    "\ufeff<html><body><p>Stra\u00dfe</p></body></html>",  # a byte-order mark
    "<html><head><meta charset='windows-1251'></head><body><p>\u0416\u00e9</p></body></html>",  # another charset
])
def test_text_beyond_ascii_parses_as_libxml2_reads_the_str(text):
    from cleaners._cleaner import _PARSER

    tree = cleaners.Cleaner()._parse(text)
    expected = etree.fromstring(text, parser=_PARSER)
    assert etree.tostring(tree, encoding="unicode") == etree.tostring(expected, encoding="unicode")


def test_a_str_with_an_xml_encoding_declaration_after_the_stripped_one_is_refused_as_ever():
    with pytest.raises(CleanerError):
        cleaners.Cleaner()._parse("<?xml version='1.0'?><?xml version='1.0' encoding='utf-8'?><p>caf\u00e9</p>")


def test_scripts_only_page_is_an_error():
    with pytest.raises(CleanerError):
        clean_html(b"<html><head><script>var a = 1;</script></head><body><script>go()</script></body></html>")


def test_xml_entity_definitions_are_not_expanded():
    lol = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><html><body><p>&c;</p></body></html>'
    try:
        result = clean_html(lol)
    except CleanerError:
        return
    assert "aaaaaaaaaa" * 10 not in result.text


# -- properties ------------------------------------------------------------------------------

from hypothesis import HealthCheck, example, given, settings, strategies as st  # noqa: E402

_WORDS = st.text(alphabet=st.characters(categories=("L", "N"), max_codepoint=0x2FFF), min_size=1, max_size=12)
_TAGS = st.sampled_from(["p", "div", "span", "li", "h2", "a", "section", "nav", "aside", "article", "b"])
_CLASSES = st.sampled_from(["", "share", "related", "content", "article-body", "ad", "comments", "x1"])


@st.composite
def html_pages(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 25))):
        tag, cls = draw(_TAGS), draw(_CLASSES)
        words = " ".join(draw(st.lists(_WORDS, min_size=1, max_size=30)))
        parts.append(f'<{tag} class="{cls}">{words}</{tag}>')
    return "<html><body>" + "".join(parts) + "</body></html>"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_pages())
def test_any_page_gives_a_result_made_of_its_own_words(page):
    try:
        result = clean_html(page, url="https://x.example/a/story")
    except CleanerError:
        return
    assert isinstance(result, CleanResult)
    # Nothing invented: every character of the text comes from the page's text (unless the page
    # holds what looks like UTF-8 read as Latin-1, which is read again: test_mojibake_is_read_again)
    page_text = "".join(etree.fromstring(page, etree.HTMLParser()).itertext())
    if MOJIBAKE.search(page_text):
        return
    assert not Counter("".join(result.text.split())) - Counter("".join(page_text.split()))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_result_or_cleaner_error(data):
    try:
        assert isinstance(clean_html(data), CleanResult)
    except CleanerError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=40))
@example(["0", "0" * 40])  # one break where the next word had no room: read as a fixed-width wrap
def test_clean_text_keeps_only_input_lines(lines):
    text = "\n".join(lines)
    out = clean_text(text)
    if MOJIBAKE.search(text):
        return  # read again first: test_mojibake_is_read_again
    # a line of the input, or lines of it joined where it reads as wrapped at a fixed width (unwrap),
    # with the short runs of Chinese or Japanese an extractor set apart joined again, and maybe a
    # first letter set apart from its word (a drop cap, join_drop_caps)
    source = {join_spaced_runs(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", line).strip())
              for whole in (text, unwrap(text)) for line in whole.splitlines()}
    source |= {re.sub(r"^(\w) ", r"\1", line) for line in source}
    for line in out.split("\n\n"):
        if line:
            assert line in source


def test_mojibake_is_read_again():
    # a site whose software read its UTF-8 as Windows-1252 and wrote it out again; the page is
    # read as UTF-8, so a browser shows what the page holds: "Weâ€™re"
    story = ("<p>Weâ€™re opening the pier again on Monday, the mayor said: â€œIt took two years.â€\x9d The "
             "boats return at noon, and the kilÃ³metro of promenade is open to walkers.</p>") * 3
    page = f"<html><head><title>The pier reopens</title></head><body><article><h1>The pier reopens</h1>{story}</article></body></html>"
    result = clean_html(page, url="https://news.example/a/pier")
    assert "We’re opening the pier" in result.text and "“It took two years.”" in result.text
    assert "kilómetro" in result.text and "â" not in result.text + result.markdown
    assert clean_text("Weâ€™re opening the pier again on Monday, the mayor said.") == "We’re opening the pier again on Monday, the mayor said."
    # Windows-1252 read as Latin-1: a C1 control where the quote was
    assert clean_text("Because we\x92re so used to electricity, the outage came as a shock to the town.") == \
        "Because we’re so used to electricity, the outage came as a shock to the town."
    # what only looks like it stays
    assert clean_text("Le café » est ouvert le lundi, a dit le maire ce matin.") == "Le café » est ouvert le lundi, a dit le maire ce matin."


def clean_pier_story(story: str) -> CleanResult:
    """clean_html of a page whose article is `story` (its paragraphs' markup)."""
    page = f"<html><head><title>The pier reopens</title></head><body><article><h1>The pier reopens</h1>{story}</article></body></html>"
    return clean_html(page, url="https://news.example/a/pier")


def test_a_paragraph_that_shows_nothing_is_no_paragraph():
    # zero-width spaces and joiners, a byte order mark, an icon font's glyph (private use): what an
    # editor leaves between paragraphs, or an arrow a font draws; in the text, the HTML and the
    # Markdown (the block model still weighs them, as in its training)
    result = clean_pier_story("".join(f"<p>The pier {word} reopened on Monday after two years of building work, the mayor said.</p>"
                                      "<p>\u200b</p><p>\u200d \u200d</p><p>\ufeff</p><p><i>\uf105</i></p>" for word in ("north", "south", "east")))
    assert result.text.count("\n\n") == 2 and result.text.startswith("The pier north")
    assert not re.search("[\u200b\u200d\ufeff\uf105]", result.text + result.html + result.markdown)
    assert clean_text("\n\u200b\n".join(PIER_LINES) + "\n\uf105") == "\n\n".join(PIER_LINES)


def test_a_misread_paragraph_that_shows_nothing_once_read_again_is_no_paragraph():
    # a zero-width joiner whose UTF-8 the site's software read as Windows-1252 ("â€\x8d") reads
    # again as the joiner: it shows nothing, so it is no paragraph either
    result = clean_pier_story("<p>Weâ€™re opening the pier again on Monday after two years of building work, the mayor said.</p>"
                              "<p>â€\x8d</p><p>The first boats came in at noon and the crowd cheered them on from the quay.</p>")
    assert result.text == ("We’re opening the pier again on Monday after two years of building work, the mayor said.\n\n"
                           "The first boats came in at noon and the crowd cheered them on from the quay.")
    assert "\u200d" not in result.html + result.markdown and "We’re" in result.html


def test_a_zero_width_character_at_a_paragraphs_edge_is_no_text():
    # a byte order mark before a quote (pasted from an editor), a zero-width space after a
    # paragraph: the text, HTML and Markdown read as the page shows them
    result = clean_pier_story("<p>\ufeff \u201cIt took two years,\u201d the mayor said of the pier that reopened on Monday.</p>"
                              "<p>The first boats came in at noon and the crowd cheered them on from the quay.\u200b</p>")
    assert result.text == ("\u201cIt took two years,\u201d the mayor said of the pier that reopened on Monday.\n\n"
                           "The first boats came in at noon and the crowd cheered them on from the quay.")
    assert not re.search("[\u200b\ufeff]", result.html + result.markdown)
    lines = ["\ufeff" + PIER_LINES[0], PIER_LINES[1] + "\u200b", *PIER_LINES[2:]]
    assert clean_text("\n".join(lines)) == "\n\n".join(PIER_LINES)


def test_a_dump_wrapped_at_a_fixed_width_comes_back_in_paragraphs():
    # html2text, pandoc and mail wrap at 70 to 80 columns: every line of the story was a fragment
    import textwrap

    story = [" ".join(PIER_LINES[:2]), " ".join(PIER_LINES[2:])]
    for paragraphs in (story[:1], story):
        wrapped = "\n\n".join(textwrap.fill(p, 72) for p in paragraphs)
        assert clean_text(wrapped) == "\n\n".join(paragraphs)
        assert clean_text(wrapped + "\n\nShare this article\n\nRead more") == "\n\n".join(paragraphs)


def test_a_chinese_dump_wrapped_at_a_fixed_width_comes_back_in_paragraphs():
    # each line a fragment of a paragraph without a sentence's end: read line by line, the story went
    from .conftest import PIER_ZH, PIER_ZH_MORE, fill_columns

    story = [PIER_ZH + PIER_ZH_MORE, PIER_ZH_MORE + PIER_ZH, PIER_ZH]
    wrapped = "\n".join(line for p in story for line in fill_columns(p, 72))
    assert clean_text(wrapped) == "\n\n".join(story)
    assert clean_text("港口重新开放\n" + wrapped + "\n分享到微信\n相关新闻") == "\n\n".join(["港口重新开放", *story])


# -- inputs the fuzzer (fuzz/fuzz_clean_html.py) found, kept so they stay fixed ---------------------

FUZZ_FINDINGS = sorted((FIXTURES / "fuzz" / "clean_html").glob("*"))


@pytest.mark.parametrize("path", FUZZ_FINDINGS, ids=[p.name for p in FUZZ_FINDINGS])
def test_fuzzer_findings_give_a_result_or_cleaner_error(path):
    try:
        result = clean_html(path.read_bytes())
    except CleanerError:
        return
    assert isinstance(result, CleanResult)
    # what a crawl or newsbot-clean writes: every field, as a UTF-8 JSON line
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize("charset", ["base64", "zlib", "rot13"])
def test_a_header_charset_that_is_no_text_encoding_is_ignored(charset):
    case = next(c for c in CASES if c.name == "de-comment-thread")
    result = clean_html(case.body, url=case.url, content_type=f"text/html; charset={charset}")
    assert result.text == case.expected_text


def test_language_is_declared_or_detected():
    story = "<p>" + "Die Stadtwerke erhöhen zum ersten Januar die Preise für Fernwärme um zwölf Prozent. " * 4 + "</p>"
    undeclared = f"<html><head><title>Fernwärme</title></head><body><article><h1>Fernwärme</h1>{story}</article></body></html>"
    assert clean_html(undeclared).language == "de"
    assert clean_html(undeclared.replace("<html>", '<html lang="de-AT">')).language == "de"
    assert clean_html("<html><body><p>Kurz.</p></body></html>").language is None  # too little text to tell


def test_a_page_drawn_by_javascript_gives_the_article_body_it_declares():
    case = next(c for c in CASES if c.name == "en-app-shell")
    result = clean_html(case.body, url=case.url, content_type=case.content_type)
    assert result.method == "jsonld"
    assert "Read more" not in result.text  # the declared body goes through the same filters


def test_a_declared_body_in_html_meets_the_tree_rules_as_the_page_would():
    paragraph = "The county will open its first overnight warming shelter in the old library next week. " * 2
    body = (f"<figure><img src='/shelter.jpg'><figcaption>Volunteers set up beds in the old library hall.</figcaption>"
            f"</figure><p>{paragraph}</p><div class='related-articles'><p>County budget passes after long debate "
            f"over roads and schools funding.</p></div><p>{paragraph.replace('next week', 'on Monday')}</p>")
    declared = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Shelter opens",
                           "articleBody": body})
    page = (f"<html><head><title>Shelter opens</title><script type='application/ld+json'>{declared}</script></head>"
            f"<body><div id='app'></div></body></html>")
    result = clean_html(page, url="https://news.example/shelter")
    assert result.method == "jsonld"
    assert "warming shelter" in result.text and "on Monday" in result.text
    assert "Volunteers set up beds" not in result.text and "County budget" not in result.text
    assert {"caption", "related"} <= {r.rule for r in result.removed}


def test_a_page_rendered_in_the_browser_gives_the_story_its_script_carries():
    case = next(c for c in CASES if c.name == "ko-app-shell")
    result = clean_html(case.body, url=case.url, content_type=case.content_type)
    assert result.method == "script"
    assert result.text.startswith("부산 영도구 남항 해양도서관이 27일 문을 열었다.")
    assert "ARTICLEAD" not in result.text and "해안 산책로가 새로 단장" not in result.text  # slots, teasers
    # the story's markup meets the tree rules the page's own markup would: its photo's caption goes
    assert "시민들이 책을 고르고 있다" not in result.text
    assert any(r.rule == "caption" for r in result.removed)


def test_a_script_story_is_used_when_the_shell_shows_too_little_for_a_story():
    # the shell's markup holds a short notice (what it shows before its scripts run); the story
    # is in its state, and says more: it is the text, as a declared body would be
    case = next(c for c in CASES if c.name == "ko-app-shell")
    notice = "<p>한빛일보 앱에서 더 많은 기사를 만나보세요. 지금 내려받으면 한 달 무료 구독을 드립니다.</p>"
    page = case.body.decode("utf-8").replace("<body>", "<body>" + notice, 1)
    shell = clean_html(re.sub(r"<script\b.*?</script>", "", page, flags=re.S), url=case.url)
    assert shell.method == "tree" and 0 < len(shell.text) < 250  # what the shell alone gives
    result = clean_html(page, url=case.url)
    assert result.method == "script"
    assert result.text == case.expected_text


def test_a_script_story_is_not_used_when_the_page_shows_text():
    state = '{"contentHtml": "' + "<p>A version of the story kept in the page's state.</p>" * 5 + '"}'
    page = f"<html><head><script>window.__STATE__ = {state};</script></head><body><article>{PROSE}</article></body></html>"
    result = clean_html(page)
    assert result.method == "tree"
    assert "page's state" not in result.text


def test_what_the_declared_story_leaves_out_between_its_paragraphs_goes():
    result = clean_html(harbour_page("\n\n".join(HARBOUR)), url="https://news.example/harbour")
    assert result.method == "tree"  # the page's own markup is the text; the declared one only judges it
    assert SIGN_IN not in result.text
    assert [r.rule for r in result.removed if r.text == SIGN_IN] == ["not-declared"]
    # the subhead and the list of points stay, though the declared text has neither
    assert result.text.split("\n\n") == [*HARBOUR[:2], "Works start in March", "The wall rises by a metre",
                                         "Two years of works", *HARBOUR[2:]]


@pytest.mark.parametrize("declared", ["", f"{HARBOUR[0]} {HARBOUR[3]}"], ids=["none", "a summary"])
def test_a_page_that_declares_no_story_or_a_summary_of_it_leaves_its_blocks_to_the_model(declared):
    result = clean_html(harbour_page(declared), url="https://news.example/harbour")
    assert not any(r.rule == "not-declared" for r in result.removed)
    # a summary (two paragraphs of four) says nothing of the paragraphs between its own
    assert all(paragraph in result.text for paragraph in HARBOUR)


def test_an_agencys_sign_off_and_a_programme_note_go_after_the_models():
    story = "".join(f"<p>{p}</p>" for p in HARBOUR)
    page = (f"<html lang='en'><head><title>Harbour wall to be rebuilt</title></head><body><article><h1>Harbour wall to be rebuilt</h1>"
            f"{story}<p>mit dpa</p><p>Sendung: hr-iNFO, 25.04.2024, 10.45 Uhr</p></article></body></html>")
    result = clean_html(page, url="https://news.example/harbour")
    assert result.text.split("\n\n") == HARBOUR
    assert "dpa" not in result.html and "dpa" not in result.markdown
    assert [(r.rule, r.text) for r in result.removed if r.rule == "credits"] == [
        ("credits", "mit dpa"), ("credits", "Sendung: hr-iNFO, 25.04.2024, 10.45 Uhr")]
    # a rule set without them keeps what the models kept
    plain = Cleaner(CleanerOptions(rules=dataclasses.replace(DEFAULT_RULES, after_model_rules=())))
    assert "mit dpa" in plain.clean_html(page, url="https://news.example/harbour").text


@pytest.mark.parametrize("line, rule", [
    ("Additional reporting from PA", "credits"),
    ("Über dieses Thema berichtet: BR24 Radio am 14.04.2026 um 17:50 Uhr.", "credits"),
    ("Box aufklappen Box zuklappen", "call-to-action"),
    ("This article is free to read. Register to unlock.", "paywall"),
])
@pytest.mark.parametrize("line_model", [True, False], ids=["line-model", "rules-alone"])
def test_clean_text_takes_the_lines_no_true_text_keeps_off_what_it_kept(line, rule, line_model):
    # the same lines as clean_html's, after the line model (or the rules alone) kept them
    text = "\n\n".join([*PIER_LINES[:3], line, PIER_LINES[3]])
    options = {} if line_model else {"line_model": None}
    kept, removed = Cleaner(CleanerOptions(**options)).clean_text_lines(text)
    assert kept == PIER_LINES
    assert (rule, line) in removed
    # a rule set without them keeps the line where the rest of the cleaner keeps it
    plain = Cleaner(CleanerOptions(rules=dataclasses.replace(DEFAULT_RULES, after_model_rules=()), **options))
    assert line in plain.clean_text(text)


def test_an_undeclared_utf8_page_ascii_for_its_first_64_kb_reads_as_utf8():
    # detection reads the first 64 KB: a long script there, all ASCII, made it say ASCII, which a
    # browser reads as Windows-1252 ("cafÃ©"); bytes that are valid UTF-8 are read as UTF-8
    story = [f"Paragraph {i}: the café on the corner served crème brûlée and naïve ideas to everyone who came by." for i in range(5)]
    page = ("<html><head><script>" + "var x = 1;\n" * 7000 + "</script></head><body><article><h1>Café culture</h1>"
            + "".join(f"<p>{p}</p>" for p in story) + "</article></body></html>").encode("utf-8")
    result = clean_html(page, url="https://news.example/cafe")
    assert result.title == "Café culture"
    assert result.text.split("\n\n") == story


def test_a_page_whose_text_the_site_misread_keeps_its_story():
    # UTF-8 the site's software read as Windows-1252 and wrote out again ("cafÃ©"): the "Ã©" of
    # every "é" holds "©", which the footer rule reads a short line by (the headline went as a
    # footer); the lines are named as they read again, so the story stays, headline and all
    # (written read again), and the real footer goes
    story = [f"Paragraph {i}: the café on the corner served crème brûlée and naïve ideas to everyone who came by that morning, the owner’s son said."
             for i in range(5)]
    page = ("<html><head><title>Café culture</title></head><body><article><h1>Café culture</h1>"
            + "".join(f"<p>{p}</p>" for p in story) + "<p>© 2026 Example Media</p></article></body></html>")
    misread = page.encode("utf-8").decode("cp1252")
    assert "cafÃ©" in misread
    result = clean_html(misread, url="https://news.example/cafe")
    assert result.text.split("\n\n") == ["Café culture", *story]
    assert [r.rule for r in result.removed] == ["footer"] and "2026 Example Media" in result.removed[0].text


def test_the_declared_article_body_is_not_used_when_the_page_shows_the_story():
    # the page's own text wins: JSON-LD bodies are often cut short or out of date
    declared = '{"@type": "NewsArticle", "headline": "Rain", "articleBody": "An older, shorter version of the story."}'
    page = f'<html><head><script type="application/ld+json">{declared}</script></head><body><article>{PROSE * 3}</article></body></html>'
    result = clean_html(page)
    assert result.method == "tree"
    assert "older, shorter" not in result.text


def test_a_chinese_story_of_short_paragraphs_beside_linked_headlines_is_an_article():
    # news paragraphs in Chinese are often 60 characters; by length alone they read as teasers
    paragraphs = [
        "本报讯 杭州地铁三号线北段今天上午正式开通运营。北段全长十四公里，设车站九座，连接城北新区和市中心。",
        "据杭州地铁集团介绍，北段开通初期高峰时段行车间隔为五分钟。首班车六点发车，末班车二十三点发出。",
        "据悉，三号线南段预计明年年底建成。届时全线将与一号线、二号线多次换乘，形成轨道交通网络。",
    ]
    side = "".join(f'<h3><a href="/news/{i}.html">热点新闻标题第{i}条内容</a></h3>' for i in range(6))
    page = ("<html><body><div class='main'><h1>杭州地铁三号线北段正式开通</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs)
            + f"</div><div class='right'>{side}</div></body></html>")
    result = clean_html(page, url="https://www.example.cn/news/2026-11-26/metro3.html")
    assert result.page_type == "article"
    assert result.text.split("\n\n") == paragraphs


def test_warm_up_loads_what_the_cleaner_loads_once():
    from cleaners._lines import _byline_openers, _class_table, default_lines_model
    from cleaners._model import default_listing_model, default_model
    from cleaners._pagetype import default_pagetype_model
    from cleaners._title import default_title_model

    cleaners.warm_up()
    for loaded in (default_model, default_listing_model, default_pagetype_model, default_title_model,
                   default_lines_model, _class_table, _byline_openers):
        assert loaded.cache_info().currsize == 1


def test_warm_up_keeps_what_it_loaded_out_of_the_collectors_scans():
    import gc

    cleaners.warm_up()
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # the models and the date parser's tables, scanned no more
    # pages cleaned after it are collected as ever: a cycle they leave behind is freed
    result = clean_html("<html><body><article><p>" + "A sentence of the story. " * 20 + "</p></article></body></html>")
    assert result.text
    cycle: list = []
    cycle.append(cycle)
    del cycle
    assert gc.collect() >= 1
