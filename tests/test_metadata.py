"""cleaners._metadata: what the page states about the article."""

from __future__ import annotations

import pytest
from lxml import html

from cleaners._metadata import extract_metadata, parse_datetime, strip_site_name


def meta_of(page: str, url: str = "https://news.example/a/story") -> dict:
    return extract_metadata(html.document_fromstring(page), url)


def test_jsonld_graph_article_wins_over_meta():
    page = """<html lang="en"><head><title>The LD headline of the story | Site</title>
    <meta property="og:title" content="OG title">
    <script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":["NewsArticle"],"headline":"The LD headline of the story",
     "datePublished":"2026-05-01T10:00:00+02:00","author":[{"name":"A One"},{"name":"B Two"}],"keywords":["x","y"]}]}</script>
    </head><body></body></html>"""
    m = meta_of(page)
    assert m["title"] == "The LD headline of the story"
    assert m["authors"] == ["A One", "B Two"]
    assert m["published"] == "2026-05-01T10:00:00+02:00"
    assert m["tags"] == ["x", "y"]
    assert m["jsonld_article"]


def test_opengraph_only():
    page = """<html><head><meta property="og:title" content="Bridge opens">
    <meta property="og:site_name" content="Daily Example"><meta property="og:image" content="/img/a.jpg">
    <meta property="og:description" content="A new bridge.">
    <meta property="article:published_time" content="2026-05-01T08:00:00Z"><meta property="og:locale" content="de_DE">
    <link rel="canonical" href="/a/story?x=1"></head><body></body></html>"""
    m = meta_of(page)
    assert m["title"] == "Bridge opens"
    assert m["site_name"] == "Daily Example"
    assert m["image"] == "https://news.example/img/a.jpg"
    assert m["canonical_url"] == "https://news.example/a/story?x=1"
    assert m["published"] == "2026-05-01T08:00:00+00:00"
    assert m["language"] == "de"


def test_broken_jsonld_is_ignored():
    m = meta_of('<html><head><script type="application/ld+json">{not json</script><title>Plain title</title></head><body></body></html>')
    assert m["title"] == "Plain title"


def test_publisher_is_not_an_author():
    page = """<html><head><meta property="og:site_name" content="Daily Example">
    <meta name="author" content="Jane Roe, Daily Example"></head><body></body></html>"""
    assert meta_of(page)["authors"] == ["Jane Roe"]


@pytest.mark.parametrize(
    "title, site, expected",
    [
        ("Bridge opens | Daily Example", "Daily Example", "Bridge opens"),
        ("Daily Example - Bridge opens", "Daily Example", "Bridge opens"),
        ("Bridge opens on time after two-year build – DEX", None, "Bridge opens on time after two-year build"),
        ("No separator here", "Site", "No separator here"),
    ],
)
def test_strip_site_name(title, site, expected):
    assert strip_site_name(title, site) == expected


def test_parse_datetime_rejects_words():
    assert parse_datetime("last Tuesday") is None


def test_generic_declared_headline_is_passed_over():
    page = """<html><head><title>List of films featuring time loops - Wikipedia</title>
    <script type="application/ld+json">{"@type": "Article", "headline": "Wikimedia list article"}</script></head>
    <body><h1>List of films featuring time loops</h1></body></html>"""
    assert meta_of(page)["title"] == "List of films featuring time loops"


def test_visible_byline_without_meta():
    page = """<html><head><title>Bridge opens</title></head><body><h1>Bridge opens</h1>
    <div class="story-byline">By Jane Roe and John Smith, 3 November 2026 @janeroe</div><p>Text.</p></body></html>"""
    assert meta_of(page)["authors"] == ["Jane Roe", "John Smith"]


def test_a_byline_after_a_second_html_element_is_found():
    from cleaners import clean_html

    story = "<p>The bridge opened on Monday after three years of work, and the first cars crossed at noon.</p>" * 4
    page = (f"<html><head><title>Bridge opens</title></head><body><article>{story}</article></body></html>"
            "<html><body><div class='story-byline'>By Jane Roe</div></body></html>")
    assert clean_html(page, url="https://news.example/a/story").authors == ["Jane Roe"]


def test_date_found_in_the_markup_when_none_is_declared():
    page = "<html><head><title>Bridge</title></head><body><h1>Bridge</h1><p class='date'>Published 2026-11-03</p><p>Text.</p></body></html>"
    assert meta_of(page, "https://news.example/bridge")["published"] is None
    from cleaners._metadata import extract_metadata
    from lxml import html as lhtml
    assert extract_metadata(lhtml.document_fromstring(page), "https://news.example/bridge", page)["published"] == "2026-11-03"


@pytest.mark.parametrize("byline, expected", [
    ("Steven Musil  11:00 PM PST", ["Steven Musil"]),
    ("Aleš Vávra před 2 hodinami", ["Aleš Vávra"]),
    ("By Anna Berg, 3 hours ago", ["Anna Berg"]),
    ("Ben Silverman Games Editor", ["Ben Silverman"]),
    ("Daniel Kahn Gillmor, Senior Staff Technologist | 6:00 PM", ["Daniel Kahn Gillmor"]),
    ("Von Katrin Möller und Uwe Brandt", ["Katrin Möller", "Uwe Brandt"]),
    ("à 15:20", []),
    ("Last Updated: January 7, 2025", []),
    ("Contributors to Wikimedia projects", ["Contributors to Wikimedia projects"]),
])
def test_bylines_give_person_names_without_times_and_titles(byline, expected):
    page = f'<html><head><title>T</title></head><body><h1>T</h1><p class="byline">{byline}</p><p>{"Text. " * 40}</p></body></html>'
    assert meta_of(page)["authors"] == expected


def test_jsonld_wrapped_in_cdata_or_a_comment_is_read():
    for before, after in (("<![CDATA[", "]]>"), ("<!--", "-->")):
        page = f"""<html><head><title>Harbour fees agreed - Port Alder Gazette</title>
        <script type="application/ld+json">{before}{{"@context": "https://schema.org", "@type": "NewsArticle",
        "headline": "Harbour fees agreed", "datePublished": "2026-11-03T08:15:00+01:00",
        "author": {{"@type": "Person", "name": "Maria Okafor"}}}}{after}</script></head><body><h1>Harbour fees agreed</h1></body></html>"""
        meta = meta_of(page)
        assert (meta["published"], meta["authors"]) == ("2026-11-03T08:15:00+01:00", ["Maria Okafor"])


def test_a_declared_headline_that_is_a_description_is_passed_over():
    page = """<html><head><title>Hermitian matrix - Wikipedia</title>
    <script type="application/ld+json">{"@context": "https://schema.org", "@type": "Article",
    "name": "Hermitian matrix", "headline": "matrix equal to its conjugate-transpose"}</script></head>
    <body><h1>Hermitian matrix</h1><p>In mathematics, a Hermitian matrix is a complex square matrix.</p></body></html>"""
    assert meta_of(page, "https://en.wikipedia.org/wiki/Hermitian_matrix")["title"] == "Hermitian matrix"


def test_of_two_headings_the_title_puts_first_wins_and_permalink_marks_go():
    page = """<html><head><title>Evolve: Shared Mutable History — evolve extension for Mercurial</title></head>
    <body><header><h1>evolve extension for Mercurial</h1></header><main><h1>Evolve: Shared Mutable History¶</h1>
    <p>Once you have mastered the art of mutable history in a single repository, you might want to move up.</p></main></body></html>"""
    assert meta_of(page)["title"] == "Evolve: Shared Mutable History"


@pytest.mark.parametrize("byline, names", [
    ("Oleh Budi Santoso dan Siti Rahma", ["Budi Santoso", "Siti Rahma"]),
    ("By Dan Goodin", ["Dan Goodin"]),  # "dan" joins names in Indonesian; "Dan" is a name
    ("Penulis: Dewi Lestari", ["Dewi Lestari"]),
    ("بقلم: أحمد سالم", ["أحمد سالم"]),
    ("作者：张伟", ["张伟"]),
    ("Written by Rob Ewaschuk\n   Edited by Betsy Beyer", ["Rob Ewaschuk", "Betsy Beyer"]),
    ("By Ann Lee. Photos by Tom Bell", ["Ann Lee"]),
    ("Ana Lima e João Reis", ["Ana Lima", "João Reis"]),
])
def test_visible_bylines_in_many_languages(byline, names):
    page = f'<html><head><title>Story</title></head><body><div class="byline">{byline}</div><p>Text.</p></body></html>'
    assert meta_of(page)["authors"] == names


def test_date_written_only_in_the_text_is_found():
    page = """<html lang="id"><head><title>Pelabuhan dibuka</title></head><body><h1>Pelabuhan dibuka</h1>
    <div class="tanggal">Jumat, 13/11/2026 09:15 WIB</div><p>Pelabuhan mulai melayani kapal penumpang pada malam hari.</p></body></html>"""
    m = extract_metadata(html.document_fromstring(page), "https://news.example/a/story", page)
    assert (m["published"] or "")[:10] == "2026-11-13"


def test_a_copyright_year_is_not_a_publication_date():
    page = """<html><head><title>About the project</title></head><body><h1>About</h1>
    <p>We build tools for newsrooms.</p><footer>© 2019 Example Media</footer></body></html>"""
    m = extract_metadata(html.document_fromstring(page), "https://news.example/about", page)
    assert m["published"] is None


def test_author_name_in_the_title_goes_with_the_site_name():
    page = """<html><head><title>Samantha and The Great Big Lie - John C. Welch - Medium</title>
    <meta property="og:site_name" content="Medium"><meta name="author" content="John C. Welch"></head>
    <body><h1>Samantha and The Great Big Lie</h1></body></html>"""
    assert meta_of(page)["title"] == "Samantha and The Great Big Lie"


def test_a_page_that_starts_like_a_url_is_never_fetched(monkeypatch):
    import htmldate.utils

    def no_network(url, *args, **kwargs):
        raise AssertionError(f"the cleaner tried to fetch {url}")

    monkeypatch.setattr(htmldate.utils, "fetch_url", no_network)
    page = "http://169.254.169.254/latest/<p>Story</p>"
    m = extract_metadata(html.document_fromstring(page), "https://news.example/a", page)
    assert m["published"] is None


def test_title_is_the_headline_the_page_shows():
    page = """<html><head><title>Seven secrets hotel owners keep | Daily Example</title>
    <meta property="og:title" content="Seven secrets hotel owners keep"><meta property="og:site_name" content="Daily Example"></head>
    <body><h1 class="logo">Daily Example</h1><h1>The seven secrets hotel owners keep from “guests”</h1><p>Text.</p></body></html>"""
    assert meta_of(page)["title"] == "The seven secrets hotel owners keep from “guests”"


def test_a_heading_unlike_the_declared_title_is_not_the_headline():
    page = """<html><head><title>Bridge opens after two years | Daily Example</title>
    <meta property="og:title" content="Bridge opens after two years"></head>
    <body><h1>Latest news</h1><h2>Weather warning for the coast</h2><p>Text.</p></body></html>"""
    assert meta_of(page)["title"] == "Bridge opens after two years"


@pytest.mark.parametrize("cls, byline, names", [
    ("autor", "Por Ana Lima", ["Ana Lima"]),
    ("article__firma", "María Pérez", ["María Pérez"]),
    ("auteur", "Par Claire Lemoine", ["Claire Lemoine"]),
    ("read__penulis", "Penulis: Dewi Lestari", ["Dewi Lestari"]),
])
def test_bylines_found_by_class_names_in_other_languages(cls, byline, names):
    page = f'<html><head><title>Story</title></head><body><span class="{cls}">{byline}</span><p>Text.</p></body></html>'
    assert meta_of(page)["authors"] == names


def test_authors_referenced_by_id_in_the_graph_are_found():
    page = """<html><head><title>Harbour fees agreed</title><script type="application/ld+json">{"@graph": [
    {"@type": "Article", "headline": "Harbour fees agreed", "author": {"@id": "https://news.example/#/person/1"}},
    {"@type": "Person", "@id": "https://news.example/#/person/1", "name": "Maria Okafor"}]}</script></head>
    <body><h1>Harbour fees agreed</h1></body></html>"""
    assert meta_of(page)["authors"] == ["Maria Okafor"]


def test_the_site_name_as_author_gives_way_to_the_visible_byline():
    page = """<html><head><title>Harbour fees agreed</title><meta name="author" content="Port Alder Gazette">
    <meta property="og:site_name" content="Port Alder Gazette"></head>
    <body><h1>Harbour fees agreed</h1><p class="author">von David Straub, Port Alder Gazette</p><p>Text.</p></body></html>"""
    assert meta_of(page)["authors"] == ["David Straub"]


@pytest.mark.parametrize("declared", ["mdr.de", "Deutsche Welle (www.dw.com)", "NEWS", "News Example"])
def test_a_web_address_or_the_site_name_is_no_author(declared):
    page = f"""<html><head><title>Story</title><meta name="author" content="{declared}">
    <meta property="og:site_name" content="News Example"></head><body><h1>Story</h1><p>Text.</p></body></html>"""
    assert meta_of(page, "https://news.example/a/story")["authors"] == []


@pytest.mark.parametrize("byline, names", [
    ("Von Paula Steiger, SDA", ["Paula Steiger", "SDA"]),
    ("AP", ["AP"]),
    ("dpa", ["dpa"]),
    ("By Ann Lee and Reuters", ["Ann Lee", "Reuters"]),
])
def test_wire_agencies_count_as_authors(byline, names):
    page = f'<html><head><title>Story</title></head><body><div class="byline">{byline}</div><p>Text.</p></body></html>'
    assert meta_of(page)["authors"] == names


@pytest.mark.parametrize("byline, names", [
    ("Dylan Bailey, MS, RD", ["Dylan Bailey"]),
    ("Cara Dumaplin RN", ["Cara Dumaplin"]),
    ("Elena Oberholzer (obe)", ["Elena Oberholzer"]),
    ("Written by<a>Ann Lee</a>", ["Ann Lee"]),
    ("Author: Michael Ansaldo", ["Michael Ansaldo"]),
    ("View all posts by Ray Ansari", ["Ray Ansari"]),
    ("Liz Kenny Former McKinsey Consultant", ["Liz Kenny"]),
    ("CM Craig McCarthy", ["Craig McCarthy"]),
    ("Ann Lee | Author", ["Ann Lee"]),
    ("ann.lee@news.example", []),
    ("The Author", []),
    ("구현모 기자", ["구현모"]),
])
def test_roles_credentials_labels_and_addresses_leave_the_names(byline, names):
    page = f'<html><head><title>Story</title></head><body><div class="author">{byline}</div><p>Text.</p></body></html>'
    assert meta_of(page)["authors"] == names


def test_a_writers_own_site_keeps_their_name():
    page = """<html><head><title>Thoughts on Zig</title><meta property="og:site_name" content="Sam Bossley">
    <script type="application/ld+json">{"@type": "BlogPosting", "headline": "Thoughts on Zig",
    "author": {"@type": "Person", "name": "Sam Bossley"}}</script></head><body><h1>Thoughts on Zig</h1></body></html>"""
    assert meta_of(page, "https://sam.bossley.example/thoughts/zig")["authors"] == ["Sam Bossley"]


def test_a_commenters_name_is_no_byline():
    page = """<html><head><title>Story</title></head><body><h1>Story</h1><p>Text of the story.</p>
    <div class="comments"><span class="comment-author">Jiobal</span><p>Nice post!</p></div></body></html>"""
    assert meta_of(page)["authors"] == []


def test_a_byline_written_as_text_is_found():
    page = """<html><head><title>Harbour fees agreed</title></head><body><h1>Harbour fees agreed</h1>
    <p>By <a href="/people/ann">Ann Lee</a></p><p>The harbour board met on Tuesday.</p></body></html>"""
    assert meta_of(page)["authors"] == ["Ann Lee"]


def test_every_author_meta_tag_counts():
    page = """<html><head><title>A paper</title><meta name="citation_author" content="Jennifer Huberty">
    <meta name="citation_author" content="Jeni Green"></head><body><h1>A paper</h1></body></html>"""
    assert meta_of(page)["authors"] == ["Jennifer Huberty", "Jeni Green"]


def test_entities_escaped_twice_in_a_declared_title_are_read():
    page = """<html><head><title>Healthy Eating Plate &amp;bull; The Nutrition Source</title>
    <meta property="og:title" content="Healthy Eating Plate &amp;bull; The Nutrition Source">
    <meta property="og:site_name" content="The Nutrition Source"></head>
    <body><p>Text.</p></body></html>"""
    assert meta_of(page)["title"] == "Healthy Eating Plate"


def test_a_wire_agency_declared_as_an_organisation_joins_the_people():
    page = """<html><head><title>Story</title><script type="application/ld+json">{"@type": "NewsArticle",
    "headline": "Story", "author": [{"@type": "Person", "name": "Paula Steiger"}, {"@type": "Organization", "name": "SDA"}]}
    </script></head><body><h1>Story</h1></body></html>"""
    assert meta_of(page)["authors"] == ["Paula Steiger", "SDA"]
