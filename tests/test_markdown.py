"""cleaners._markdown: the article's blocks as Markdown, escaped, with links of running text only."""

from __future__ import annotations

import re

import pytest

from cleaners import Cleaner, clean_html
from cleaners._markdown import escape_markdown, text_to_html, text_to_markdown

from .conftest import all_page_cases

PROSE = "The council voted on Tuesday to close the old library and move its books to the new civic centre by spring. "


def page(body: str) -> bytes:
    return f"<html><head><title>Library moves</title></head><body><article><h1>Library moves</h1>{body}</article></body></html>".encode()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("# not a heading", "\\# not a heading"),
        ("> not a quote", "\\> not a quote"),
        ("- not an item", "\\- not an item"),
        ("2026. A year", "2026\\. A year"),
        ("a *b* _c_ [d] `e`", "a \\*b\\* \\_c\\_ \\[d\\] \\`e\\`"),
        ("x <b> y < 3", "x \\<b> y < 3"),
        ("plain words", "plain words"),
    ],
    ids=["hash", "quote", "dash", "number-dot", "inline", "angle", "plain"],
)
def test_escape_markdown(text, expected):
    assert escape_markdown(text) == expected


def test_a_link_in_running_text_is_kept_with_its_absolute_url():
    body = f'<p>{PROSE}The plan was <a href="/news/plan">first set out in May</a> by the council.</p><p>{PROSE}</p>'
    result = clean_html(page(body), url="https://city.example/news/library")
    assert "[first set out in May](https://city.example/news/plan)" in result.markdown


@pytest.mark.parametrize("url", ["https://city.example/news/library", None])
def test_a_link_no_browser_can_follow_keeps_its_text_without_the_address(url):
    # urljoin raised "Invalid IPv6 URL" on it, and the page was lost (in a crawl, every page has
    # a URL); a canonical link like it, the base when no URL is given, did the same
    body = (f'<p>{PROSE}The plan was <a href="http://[x/">first set out in May</a> by the council, '
            f'<a href="https://[YOUR-DOMAIN]/plan">here</a>.</p><p>{PROSE}</p>')
    head = '<link rel="canonical" href="https://ww[w.city.example/news/library"><meta property="og:image" content="http://[x/">'
    result = clean_html(page(body).replace(b"<head>", b"<head>" + head.encode(), 1), url=url)
    assert "The plan was first set out in May by the council, here." in result.markdown
    assert "](" not in result.markdown
    assert result.image is None and result.canonical_url is None


def test_a_paragraph_that_is_mostly_a_link_keeps_its_text_only():
    body = f'<p>{PROSE}</p><p>{PROSE}</p><p>See also: <a href="/news/other">The long story of the old library building and its readers</a></p>'
    result = Cleaner().clean_html(page(body), url="https://city.example/news/library")
    assert "](" not in result.markdown


def test_ordered_lists_are_numbered_from_their_start():
    body = f'<p>{PROSE}</p><p>{PROSE}</p><ol start="3"><li>Third step of the plan.</li><li>Fourth step of the plan.</li></ol>'
    md = clean_html(page(body), url="https://city.example/news/library").markdown
    assert "3. Third step of the plan.\n4. Fourth step of the plan." in md


def test_each_ordered_list_is_numbered_on_its_own():
    lists = "".join(f"<p>{PROSE}</p><ol><li>Step one of plan {i}.</li><li>Step two of plan {i}.</li></ol>" for i in range(40))
    md = clean_html(page(lists), url="https://city.example/news/library").markdown
    for i in range(40):
        assert f"1. Step one of plan {i}.\n2. Step two of plan {i}." in md


def test_nested_list_items_are_indented():
    body = f'<p>{PROSE}</p><p>{PROSE}</p><ul><li>Books<ul><li>Fiction moves first.</li></ul></li><li>Archives follow later.</li></ul>'
    md = clean_html(page(body), url="https://city.example/news/library").markdown
    assert "- Books\n   - Fiction moves first.\n- Archives follow later." in md


def test_quotes_tables_and_code_blocks():
    body = (f"<p>{PROSE}</p><blockquote><p>We will miss the old building.</p></blockquote><p>{PROSE}</p>"
            "<table><tr><th>Branch</th><th>Books</th></tr><tr><td>North | East</td><td>12,000</td></tr></table>"
            f"<pre>opening  hours\n  9-5</pre><p>{PROSE}</p>")
    md = clean_html(page(body), url="https://city.example/news/library").markdown
    assert "> We will miss the old building." in md
    assert "| Branch | Books |\n|---|---|\n| North \\| East | 12,000 |" in md


def test_subheadings_start_at_level_two():
    body = f"<p>{PROSE}</p><h1>Second part</h1><p>{PROSE}</p><h3>A detail</h3><p>{PROSE}</p>"
    lines = clean_html(page(body), url="https://city.example/news/library").markdown.splitlines()
    assert lines[0] == "# Library moves" and "## Second part" in lines and "### A detail" in lines
    assert sum(1 for line in lines if line.startswith("# ")) == 1


ARTICLES = [c for c in all_page_cases() if c.meta["page_type"] == "article"]


@pytest.mark.parametrize("case", ARTICLES, ids=[c.name for c in ARTICLES])
def test_markdown_holds_the_same_words_as_the_text(case):
    """Built from the same blocks: unescaped and without its markup, the Markdown has the text's words."""
    result = clean_html(case.body, url=case.url, content_type=case.content_type)
    md = result.markdown
    md = re.sub(r"\]\([^)]*\)", "", md)  # link targets
    md = re.sub(r"\\(.)", r"\1", md)
    words = lambda s: re.findall(r"\w+", s)  # noqa: E731
    text_words = words(result.text)
    md_words = words(md)
    assert md_words[: len(words(result.title or ""))] == words(result.title or "")
    assert sorted(set(text_words)) == sorted(set(text_words) & set(md_words))


def test_text_records_as_markdown_and_html():
    lines = ["First paragraph.", "1. Still a paragraph, not a list."]
    assert text_to_markdown("A <title>", lines) == "# A \\<title>\n\nFirst paragraph.\n\n1\\. Still a paragraph, not a list.\n"
    assert text_to_html("A <title>", lines) == "<article><h1>A &lt;title&gt;</h1><p>First paragraph.</p><p>1. Still a paragraph, not a list.</p></article>"


def test_markdown_of_a_page_without_title_has_no_heading():
    # no <title>, no <h1>, no og:title: nothing to head the Markdown with
    paragraphs = [f"Paragraph {n} of the harbour council's report says the ferry timetable changes from May, "
                  "and the night service stops at the old quay until the new pier is built." for n in (1, 2, 3)]
    html = ("<html><body><main>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</main></body></html>").encode()
    result = clean_html(html, url="http://127.0.0.1/report")
    assert not result.title
    assert result.markdown == "\n\n".join(paragraphs) + "\n"


# -- reading a dump written as Markdown ------------------------------------------------------------

from cleaners._markdown import MIN_MARKDOWN_LINKS, markdown_title, read_markdown, reads_as_markdown  # noqa: E402

SITE = "https://harbour-gazette.example"
#: A story as html2text writes a page (wrapped at 78 columns, links and images inline, the menus as
#: lists), with each kind of markup it and other tools write once.
HTML2TEXT_DUMP = f"""[Skip to content](#main)

  * [Home]({SITE}/)
  * [Harbour news]({SITE}/harbour/)

# Harbour reopens after two years ##

![The new pier at dawn, seen from the ferry
terminal]({SITE}/images/2026/pier-at-dawn-seen-from-the-ferry-
terminal.jpg)

The harbour reopened on Monday after two years of building work, the mayor
said at a ceremony on the [new pier]({SITE}/tags/pier "The pier"). The first
boats came in at **noon**, and the _crowd_ cheered them on from the quay.

Fishermen said the new pier would let them land bigger catches than before:
up to 40 tonnes a day, where the old one took 25\\. The works cost
twelve million euros, paid by the region and the port.

> "We waited a long time for this," said a skipper who has fished
the bay for thirty years.

## Timeline

  1. Work began in March 2024.
  2. The pier opened on Monday.
  *
[Photo gallery]({SITE}/galleries/pier)

| Year | Boats |
|------|-------|
| 2024 | 12 |

```
tide = high  # *not* markup
```

Line one of an address  
Harbour Road 1

* * *

  * [Share on Facebook](https://www.facebook.com/sharer/sharer.php?u={SITE}%2Fharbour%2Freopens)
  * [Privacy]({SITE}/privacy) | [Terms][terms]

[terms]: {SITE}/terms
  *[EUR]: Euro
"""


def test_a_dump_written_as_markdown_reads_as_the_text_it_shows():
    assert reads_as_markdown(HTML2TEXT_DUMP)
    assert read_markdown(HTML2TEXT_DUMP).split("\n") == [
        "Skip to content", "",
        "Home", "Harbour news", "",
        "Harbour reopens after two years", "",  # the image's paragraph is gone, with its blank line
        "The harbour reopened on Monday after two years of building work, the mayor said at a ceremony on the "
        "new pier. The first boats came in at noon, and the crowd cheered them on from the quay.", "",
        "Fishermen said the new pier would let them land bigger catches than before: up to 40 tonnes a day, "
        "where the old one took 25. The works cost twelve million euros, paid by the region and the port.", "",
        "\"We waited a long time for this,\" said a skipper who has fished the bay for thirty years.", "",
        "Timeline", "",
        "Work began in March 2024.", "The pier opened on Monday.", "Photo gallery", "",  # the item's text on the next line
        "Year Boats", "2024 12", "",  # a table's rows, cells apart, its rule gone
        "tide = high  # *not* markup", "",  # fenced code as it is
        "Line one of an address", "Harbour Road 1", "",  # a hard break keeps the line
        "Share on Facebook", "Privacy | Terms",  # the rule, the reference and the abbreviation gone
    ]
    assert markdown_title(HTML2TEXT_DUMP) == "Harbour reopens after two years"


def test_text_with_fewer_links_than_markdown_has_is_left_as_it_is():
    links = " ".join(f"[page {i}]({SITE}/{i})" for i in range(MIN_MARKDOWN_LINKS - 1))
    for text in ("The harbour reopened on Monday.\nThe first boats came in at noon.",
                 f"# Notes\n\nSee {links} and *more*\nfrom the archive.",
                 "A line with a bracket ](not a link) and [another](\n" * 10):
        assert not reads_as_markdown(text)
        assert read_markdown(text) == text
    assert markdown_title("The harbour reopened on Monday.") is None
    assert markdown_title("```\n# install the tools\n```\n\n#hashtag\n\n# Harbour reopens #") == "Harbour reopens"


def test_wrapped_markdown_joins_as_markdown_reads_it():
    links = " ".join(f"[{w}]({SITE}/{w})" for w in ("one", "two", "three"))
    # a word parted at its hyphen by the wrap joins whole; Chinese and Japanese join without a space
    assert read_markdown(f"{links}\n\nA well-\nknown skipper and a sign-\nin page.") == \
        "one two three\n\nA well-known skipper and a sign-in page."
    assert read_markdown(f"{links}\n\n港口在经历了两年的施工之后\n于周一重新开放。") == "one two three\n\n港口在经历了两年的施工之后于周一重新开放。"
    # a block quote's lines are one paragraph, a line without its mark too (CommonMark's lazy line)
    assert read_markdown(f"{links}\n\n> The first boats\n> came in at noon,\nthe crowd cheering.\n\n> Next.") == \
        "one two three\n\nThe first boats came in at noon, the crowd cheering.\n\nNext."
    # a link's text and address wrapped across lines are read whole, a heading's too (html2text wraps them)
    assert read_markdown(f"{links}\n\n# [[Pier] Harbour reopens after two\nyears\n](https://x.example/pier-\nreopens \"Pier\")\n\nText.") == \
        "one two three\n\n[Pier] Harbour reopens after two years\n\nText."
    # a heading and a table row end their line; a setext heading's underline goes, as a rule does
    assert read_markdown(f"{links}\n\n## Tides\nHigh at noon.\n\nHarbour\n=======\n| a | b |\nc") == \
        "one two three\n\nTides\nHigh at noon.\n\nHarbour\n\na b\nc"


def test_links_and_images_across_lines_are_read_whole():
    links = " ".join(f"[{w}]({SITE}/{w})" for w in ("one", "two", "three"))
    # html2text writes an image's alt text with its blank lines, and a link around the blocks it
    # holds: the image goes, the link's blocks stay as lines of their own
    image = "![The pier at dawn,\nseen from the ferry.\n\nPhoto: Harbour\nGazette](https://x.example/pier-\ndawn.jpg)"
    teaser = "[\n\n### Ferries return\n\nThe first ferry in two years\ncame in at noon.\n\n](https://x.example/ferries)"
    assert read_markdown(f"{links}\n\n{image}\n\nThe harbour reopened.\n\n{teaser}") == \
        "one two three\n\nThe harbour reopened.\n\nFerries return\n\nThe first ferry in two years came in at noon."
    # a menu of links wrapped as one run, however many lines it takes; a hard break in a link stays
    menu = "[Home](/) [Harbour\nnews](/h) [Ferries](/f) [\nTides](/t) [Weather\nand sea](/w) [Contact](/c) [Sign-\nin](/s)"
    assert read_markdown(f"{links}\n\n{menu}\n\n[Customer  \nsupport](tel:+1-555-0100)") == \
        "one two three\n\nHome Harbour news Ferries Tides Weather and sea Contact Sign-in\n\nCustomer\nsupport"
    # Chinese and Japanese in a link join without a space; fenced code is left as it is
    assert read_markdown(f"{links}\n\n[港口在经历了两年的施工之后\n于周一重新开放](https://x.example/p)\n\n```\nx = a[i\n](j)\n```") == \
        "one two three\n\n港口在经历了两年的施工之后于周一重新开放\n\nx = a[i\n](j)"


@pytest.mark.parametrize("markup, text", [
    ("[a [nested] text](https://x.example/a_(b))", "a [nested] text"),  # brackets and parentheses inside
    ("[![logo](/logo.png) Home](/)", "Home"),  # an image inside a link
    ("<https://x.example/a> and <news@x.example>", "https://x.example/a and news@x.example"),
    ("snake_case_name stays, 2*3*4 too", "snake_case_name stays, 2*3*4 too"),  # no emphasis there
    ("__strong__ and ~~struck~~ and `code`", "strong and struck and code"),
    ("\\# not a heading, 1\\. not an item, \\[not a link\\]", "# not a heading, 1. not an item, [not a link]"),
])
def test_inline_markup_gives_its_text(markup: str, text: str) -> None:
    links = " ".join(f"[{w}]({SITE}/{w})" for w in ("one", "two", "three"))
    assert read_markdown(f"{links}\n\n{markup}") == f"one two three\n\n{text}"


@pytest.mark.parametrize("line", [
    "[" * 200_000,  # brackets that never close
    "[a](" * 100_000,  # links whose address never closes
    "[a](" + "x" * 200_000,  # an address longer than any read as one
    "[a\n" * 100_000,  # links that never close, over lines
    "![a\n\n" * 100_000,
    "[\n" + "x\n" * 100_000 + "](https://x.example/)",  # a link's text longer than any read as one
    "[" + "[a] " * 100_000 + "](https://x.example/)",  # more bracketed parts than any read as one
    "[a](" + "(b)" * 100_000 + ")",  # more parenthesized parts in an address
    "*a " * 100_000,  # emphasis that never closes
    "_a " * 100_000,
])
def test_markup_that_never_closes_is_left_as_it_is(line: str) -> None:
    # each start costs a bounded scan: the whole is read in one pass, not one a start
    links = " ".join(f"[{w}]({SITE}/{w})" for w in ("one", "two", "three"))
    out = read_markdown(f"{links}\n\n{line}")
    assert out.startswith("one two three\n\n") and len(out) >= len(line.strip()) - 10


def test_a_markdown_dump_keeps_its_headline_unless_a_title_is_given():
    # without a title the dump's level-1 heading is its headline, kept as a plain dump's first line is
    cleaner = Cleaner()
    links = "\n".join(f"  * [{w}]({SITE}/{w.lower()})" for w in ("Home", "News", "Sport", "Weather"))
    story = ("The harbour reopened on Monday after two years of building work, the mayor said at a ceremony on the pier.",
             "The first boats came in at noon and the crowd cheered them on from the quay below the harbour office.",
             "Fishermen said the new pier would let them land bigger catches than before, up to forty tonnes a day.")
    dump = f"{links}\n\n# Harbour reopens after two years\n\n" + "\n\n".join(story) + "\n\n  * [Share](https://x.example/s)"
    assert cleaner.clean_text(dump).split("\n\n") == ["Harbour reopens after two years", *story]
    kept = cleaner.clean_text(dump, title="Harbour reopens after two years").split("\n\n")
    assert kept[-3:] == list(story) and "Home" not in kept
