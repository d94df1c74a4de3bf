"""cleaners._pagetype: the shipped page-type model tells articles from listing pages."""

from __future__ import annotations

import json

import numpy as np
import pytest

from cleaners import Cleaner, CleanerOptions
from cleaners._pagetype import (
    PAGE_FEATURES, PAGETYPE_MODEL_PATH, PageTypeModel, WordWeights, default_pagetype_model, page_features,
    page_shape, url_words,
)
from newsbot.demo.site import load_site

from .conftest import all_page_cases

CASES = {c.name: c for c in all_page_cases()}


def test_the_shipped_model_is_loaded_once_and_reads_the_runtime_features():
    model = default_pagetype_model()
    assert model is not None and model is default_pagetype_model()
    assert model.trees.features == PAGE_FEATURES
    assert 0.2 <= model.threshold < 1.0  # chosen out of fold at 1% of articles called listing
    assert model.meta["kind"] == "page-type"
    # small enough to ship in the package
    assert PAGETYPE_MODEL_PATH.stat().st_size < 800_000


@pytest.mark.parametrize("name", sorted(default_pagetype_model().meta["pinned"]))
def test_the_model_gives_the_probabilities_lightgbm_gave_when_it_was_trained(name):
    """The arrays and the feature code at runtime give what the trees gave on the training rows."""
    case = CASES[name]
    result = Cleaner().clean_html(case.body, url=case.url)  # as the training run read it
    assert result.listing_chance == pytest.approx(default_pagetype_model().meta["pinned"][name], abs=1e-5)


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_pages_have_their_page_type(name):
    case = CASES[name]
    result = Cleaner().clean_html(case.body, url=case.url, content_type=case.meta.get("content_type"))
    assert result.page_type == case.meta["page_type"]
    assert result.listing_chance is not None


def test_every_page_of_the_demo_site_has_its_page_type():
    site = load_site()
    stories = {a.path for a in site.articles} | {b.path for b in site.briefs}
    cleaner = Cleaner()
    wrong = []
    for path in site.paths():
        listing = path == "/" or path.split("/")[1] in ("tag", "section", "author", "page")
        if not listing and path not in stories:
            continue
        page = site.page(path, "127.0.0.1:8000")
        result = cleaner.clean_html(page.body, url=f"http://127.0.0.1:8000{path}", content_type=page.content_type)
        if result.page_type != ("listing" if listing else "article"):
            wrong.append((path, result.page_type, round(result.listing_chance, 3)))
    # the model is sure of the stories; of the index pages, it may doubt one (a doubted page is
    # cleaned and written, never dropped)
    assert [w for w in wrong if w[1] == "listing"] == []
    assert len(wrong) <= 1, wrong


def _teasers(n: int) -> str:
    return "".join(
        f'<div class="card"><h3><a href="/2026/11/story-{i}/">Harbour story number {i} of the week in town</a></h3>'
        f"<p>A short teaser line about story {i}, to make readers click.</p></div>" for i in range(n))


def test_a_story_with_its_text_is_never_dropped_for_looking_like_a_listing():
    prose = "".join(f"<p>{'The harbour board met on Tuesday and agreed the new fees after a long debate. ' * 6}</p>"
                    for _ in range(5))
    page = (f'<html><head><title>Harbour fees agreed</title><meta property="og:type" content="article"></head>'
            f'<body><main><h1>Harbour fees agreed</h1>{prose}</main><aside class="grid">{_teasers(60)}</aside></body></html>')
    result = Cleaner().clean_html(page, url="https://news.example/tag/harbour/")
    assert result.page_type == "article"
    assert "new fees" in result.text


def _brief(jsonld_type: str) -> str:
    """A brief of two short paragraphs beside a rail of thirty other stories' headlines, its
    JSON-LD declaring `jsonld_type`."""
    declared = json.dumps({"@context": "https://schema.org", "@type": jsonld_type, "headline": "Harbour fees agreed",
                           "datePublished": "2026-12-01T10:00:00Z"})
    prose = ("<p>The harbour board agreed the new fees on Tuesday after a long debate about the cost of the works.</p>"
             "<p>They take effect in March for every boat that lands a catch at the quay, the board said.</p>")
    headlines = "".join(f'<div class="card"><h3><a href="/world/{48213300 + i}">Harbour story number {i} of the week '
                        f'in town</a></h3></div>' for i in range(30))
    return (f'<html><head><title>Harbour fees agreed</title><script type="application/ld+json">{declared}</script>'
            f'</head><body><main><article><h1>Harbour fees agreed</h1>{prose}</article>'
            f'<section><h2>More stories</h2>{headlines}</section></main></body></html>')


def test_a_brief_that_declares_itself_news_is_an_article_beside_a_rail_of_headlines():
    """The model reads the rail's thirty headlines as a listing's; a page declaring a NewsArticle
    with a paragraph's worth of sentences (NEWS_STORY_CHARS) is a story whatever its shape. A page
    declaring a plain Article needs STORY_CHARS of long paragraphs: sites declare Article on list
    pages too (every Wikipedia list)."""
    news = Cleaner().clean_html(_brief("NewsArticle"), url="https://news.example/world/48213377")
    assert news.page_type == "article" and news.listing_chance >= default_pagetype_model().threshold
    assert news.text.split("\n\n") == [
        "The harbour board agreed the new fees on Tuesday after a long debate about the cost of the works.",
        "They take effect in March for every boat that lands a catch at the quay, the board said."]
    assert Cleaner().clean_html(_brief("Article"), url="https://news.example/world/48213377").page_type == "listing"


def test_a_page_of_teasers_is_a_listing():
    page = (f'<html><head><title>Harbour | News</title><meta property="og:type" content="website"></head>'
            f'<body><main><h1>Harbour</h1><div class="grid">{_teasers(30)}</div></main></body></html>')
    result = Cleaner().clean_html(page, url="https://news.example/tag/harbour/")
    assert result.page_type == "listing"
    assert result.listing_chance >= default_pagetype_model().threshold


def test_without_a_model_the_rules_decide():
    case = CASES["listing-tag"]
    result = Cleaner(CleanerOptions(page_model=None)).clean_html(case.body, url=case.url)
    assert (result.page_type, result.listing_chance) == ("listing", None)


def test_features_are_one_row_of_the_model_width():
    from lxml import etree

    doc = etree.fromstring(CASES["en-news-semantic"].body, etree.HTMLParser())
    row = page_features("https://news.example/2026/11/a-story-about-things/", {"og_type": "article"},
                        page_shape(doc), [])
    assert row.shape == (len(PAGE_FEATURES),) and np.isfinite(row).all()


def test_a_model_file_of_other_features_is_refused():
    data = json.loads(PAGETYPE_MODEL_PATH.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="other features"):
        PageTypeModel.from_json(json.dumps(data))


def _body(markup: str):
    from lxml import etree

    return etree.fromstring(f"<html><body>{markup}</body></html>", etree.HTMLParser()).find("body")


def test_a_grid_of_linked_cards_with_pictures_is_counted_as_repeated_items():
    cards = "".join(f'<div class="card"><a href="/p/{i}"><img src="/{i}.jpg"></a><a href="/p/{i}">Wool shoe {i}</a>'
                    f"<span>$98</span></div>" for i in range(8))
    shape = page_shape(_body(f'<div class="grid">{cards}</div><p>{"Words of a page. " * 5}</p>'))
    assert (shape.card_groups, shape.rich_groups, shape.rich_cards, shape.image_cards) == (1, 1, 8, 8)
    assert (shape.top_rich, shape.top_images, shape.top_headings, shape.top_cards) == (8, 8, 0, 8)
    assert 0 < shape.card_chars < shape.chars


def test_a_story_has_no_repeated_items_and_few_headings_per_paragraph():
    paragraphs = "".join(f"<p>{'A sentence of the story that runs on for a while. ' * 4}</p>" for _ in range(6))
    shape = page_shape(_body(f"<h1>The story</h1>{paragraphs}"))
    assert (shape.card_groups, shape.rich_cards, shape.raw_paragraphs) == (0, 0, 6)
    row = page_features("https://news.example/2026/11/the-story", {}, shape, [])
    assert row[PAGE_FEATURES.index("headings_per_paragraph")] == 0


def test_the_short_texts_words_are_read_case_folded():
    shape = page_shape(_body("<button>Add to Cart</button><span>Sort by</span><p>" + "Long text. " * 10 + "</p>"))
    assert {"add", "to", "cart", "sort", "by"} <= shape.words and "long" not in shape.words


def test_an_address_is_read_as_words_marked_by_where_they_stand():
    assert url_words("https://shop.example/collections/mens-sneakers?page=2") == {
        "S:collections", "L:mens", "L:sneakers", "Q:page"}
    assert url_words("https://news.example/") == {"HOME"}
    assert url_words("https://news.example/2026/11/a-story.html") == {"S:#", "L:a", "L:story"}


def test_the_words_weights_give_the_address_and_text_features():
    weights = WordWeights(url={"S:collections": 2.0, "L:how": -1.5}, text={"cart": 1.0, "sort": 0.5, "comments": -1.0})
    assert weights.features(frozenset({"S:collections", "L:how", "L:unknown"}), frozenset({"cart", "sort", "comments"})) == [
        2.0, -1.5, 0.5, 0.5, 0.5, 0.5 / 3]
    assert weights.features(frozenset(), frozenset()) == [0.0] * 6


def test_the_shipped_model_weighs_words_seen_on_several_sites():
    model = default_pagetype_model()
    assert model.weights is not None and model.weights.url and model.weights.text
    # a collection's address leans to a listing, a how-to's to an article
    assert model.weights.url["S:collections"] > 0 > model.weights.url["L:how"]


def test_a_page_beyond_the_bound_is_shaped_by_its_first_elements(monkeypatch):
    """A page of more than PAGE_SHAPE_MAX_ELEMENTS elements is read as if it ended there: the
    listing's own elements give its shape whatever follows, and the page is left as it was."""
    from lxml import etree

    from cleaners import _pagetype

    case = CASES["listing-tag"]
    doc = etree.fromstring(case.body, etree.HTMLParser())
    body = doc.find("body")
    alone = page_shape(body, case.url)
    limit = sum(1 for _ in body.iter())
    for i in range(limit * 3):
        filler = etree.SubElement(body, "div", {"class": "more"})
        etree.SubElement(filler, "a", href=f"/tag/economy/story-number-{i}").text = f"Another story about the economy number {i}"
        filler.tail = " and more "
    page = etree.tostring(doc)
    assert page_shape(body, case.url) != alone
    monkeypatch.setattr(_pagetype, "PAGE_SHAPE_MAX_ELEMENTS", limit)
    assert page_shape(body, case.url) == alone
    assert etree.tostring(doc) == page  # every element and tail put back in place


def test_a_tree_is_cut_after_its_first_nodes_and_put_back():
    from lxml import etree

    from cleaners._pagetype import first_elements

    body = _body("a<div>x<p>1</p>t1<p>2<b>b</b>bt</p>t2</div>tail<ul><li>i</li>lt<li>j</li></ul>end")
    page = etree.tostring(body)
    with first_elements(body, 4):
        assert etree.tostring(body) == b"<body>a<div>x<p>1</p>t1<p>2</p>t2</div>tail</body>"
    assert etree.tostring(body) == page
    with first_elements(body, 8):  # the whole tree: nothing taken out
        assert etree.tostring(body) == page


@pytest.mark.parametrize("href", [
    "https://news.example/world/story?id=1#top", "http://news.example", "https://news.example?x=1", "https://news.example#a?b",
    "https://news.example:8080/a/../b", "HTTP://NEWS.example/x", "https://[::1]/x", "https://a]b/x", "https://news.example/[x]",
    "https://new\ts.example/x", "https://news.example/a\nb", "https://ex\u2100.example/x", "http:///x", "//news.example/x",
    "/x://y", " https://news.example/x", "mailto:a@news.example", "http://[x/", "https://[YOUR-DOMAIN]/x",
])
def test_a_links_host_and_path_are_urlsplits(href):
    from urllib.parse import urlsplit

    from cleaners._pagetype import _netloc_path

    try:
        expected = urlsplit(href).netloc, urlsplit(href).path
    except ValueError:  # "https://a]b/x": an invalid IPv6 address, a link no browser follows
        expected = "", ""
    assert _netloc_path(href) == expected
