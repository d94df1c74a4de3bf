"""cleaners._extract: tree rules by token, the guards, and the main region."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from lxml import html

from cleaners import Cleaner, CleanerOptions
from cleaners._extract import (_WIDE_LETTER, MAX_DECLARED_CHARS, MAX_SPACED_RUN, WIDE_WRAP_SLACK, Block, TreeMatcher, _parts,
                               REPEAT_RULE, after_model_lines, repeated_blocks,
                               _spans, _weight, columns, declared_gaps, drop_comment_threads, holds_wide_letters,
                               join_spaced_runs, linked_prose, paragraphs, paragraphs_beside, prune, segment, story_lead, unwrap)
from cleaners._text import PhraseMatcher
from cleaners.rules import DEFAULT_RULES

#: The tree layers alone: what they decide is what the block model weighs (tests/test_model.py
#: and the golden pages test the two together).
RULES = Cleaner(CleanerOptions(block_model=None))

PROSE = "This is a sentence of the article that a reader came for, with enough words in it. " * 4


def body_of(markup: str):
    return html.document_fromstring(f"<html><body>{markup}</body></html>").find("body")


MATCHER = TreeMatcher(DEFAULT_RULES)


def pruned(markup: str):
    """The page body after the tree rules, and what they removed."""
    body = body_of(markup)
    removed = []
    prune(body, MATCHER, removed)
    return body, removed


def test_parts_split_tokens_not_substrings():
    parts = _parts("shareBar__item unrelated-note")
    assert {"share", "bar", "item", "unrelated", "note"} <= parts
    assert "related" not in parts


@pytest.mark.parametrize("value, parts", [
    ("post_body", {"post_body", "post", "body", "postbody", "post-body"}),
    ("a--b", {"a--b", "a", "b", "ab", "a-b"}),
    ("-nav.", {"-nav.", "nav"}),
    ("x:y.z", {"x:y.z", "x", "y", "z", "xyz", "x-y-z", "x-y", "xy", "y-z", "yz"}),
    ("ArticleBody", {"articlebody", "article", "body", "article-body"}),
    ("container", {"container"}),
])
def test_parts_of_a_token(value, parts):
    assert _parts(value) == parts


def test_tree_rules_match_tokens_never_substrings():
    body, removed = pruned(f'<div class="unrelated-note"><p>{PROSE}</p></div><div class="related"><a href="/x">Other story</a></div><p>{PROSE}</p>')
    assert [r.rule for r in removed] == ["related"]
    assert "unrelated-note" in html.tostring(body, encoding="unicode")


def test_wrapper_holding_the_article_is_never_removed():
    body, removed = pruned(f'<div class="page has-sidebar"><p>{PROSE}</p><p>{PROSE}</p></div>')
    assert not removed


def test_article_body_class_protects_its_content():
    body, removed = pruned(f'<div class="post-tags post-content"><p>{PROSE}</p></div><div class="tags"><a>t</a></div>')
    assert "post-content" in html.tostring(body, encoding="unicode")


def test_hidden_elements_go():
    body, removed = pruned(f'<p>{PROSE}</p><div style="display: none">Secret promo text</div><p hidden>Hidden too</p>')
    assert {r.rule for r in removed} == {"hidden"}


def test_segment_splits_blocks_and_counts_links():
    blocks = segment(body_of('<div>Intro <b>bold</b><p>Para <a href="#">link</a></p>tail</div>'))
    assert [b.text for b in blocks] == ["Intro bold", "Para link", "tail"]
    assert blocks[1].link_chars == 4


def test_segment_counts_the_text_inside_time_elements():
    blocks = segment(body_of('<div><time>20:24</time><mark>Jane Roe</mark></div>'
                             '<p>On <time datetime="2024-05-20">Monday, <b>20 May</b></time> the council met.</p>'))
    assert [b.text for b in blocks] == ["20:24Jane Roe", "On Monday, 20 May the council met."]
    # counted as links are: each piece of text stripped ("Monday," and "20 May")
    assert [b.time_chars for b in blocks] == [5, len("Monday,") + len("20 May")]


def test_a_short_block_made_of_a_time_element_is_a_dateline_and_a_sentence_with_one_stays():
    entry = ('<div class="entry-info"><time class="live">20:24</time><mark>Jane Roe</mark></div>'
             '<h3>Bus routes changed</h3><p>{}</p>')
    page = ('<html><body><article><h1>Protests across the city</h1>'
            '<p><time datetime="2024-08-05">Updated 5 August 2024, 18:02</time></p>'
            + entry.format(PROSE) + entry.format(PROSE)
            + '<ul><li><time>1997</time>: the council wins the vote on the harbour after ten years of talks</li></ul>'
            f'<p>{PROSE}</p></article></body></html>')
    result = RULES.clean_html(page)
    assert "Jane Roe" not in result.text and "Updated 5 August" not in result.text
    assert "1997: the council wins the vote" in result.text and result.text.count("Bus routes changed") == 2
    assert [r.text for r in result.removed if r.rule == "dateline"] == ["Updated 5 August 2024, 18:02", "20:24Jane Roe", "20:24Jane Roe"]


def test_candidates_are_the_elements_a_rule_could_name_in_page_order():
    body = body_of('<div class="a"><p>x</p><nav><a href="/">Home</a></nav><span role="note">y</span>'
                   '<p data-testid="z">z</p><b>w</b><aside><i style="color:red">v</i></aside></div>')
    found = MATCHER.candidates(body)
    assert [e.tag for e in found] == ["div", "nav", "span", "p", "aside", "i"]
    assert body not in found


def test_blocks_of_a_box_left_in_place_carry_its_group_and_the_box():
    body = body_of(f'<p>{PROSE}</p><div class="share-bar"><p>Share this</p><p>Tweet it</p></div><p>{PROSE}</p>')
    marked = {}
    prune(body, MATCHER, [], marked)
    blocks = segment(body, marked)
    box = body.find("div")
    assert [(b.pruned, b.box) for b in blocks] == [(None, None), ("share", box), ("share", box), (None, None)]


def test_a_page_of_more_blocks_than_the_model_weighs_skips_the_line_pass_outside_the_region():
    from cleaners._extract import extract_blocks
    from cleaners._text import PhraseMatcher

    markup = f'<article><p>{PROSE}</p><p>{PROSE}</p></article><ul>' + "<li><a href='/x'>Home</a></li>" * 3 + "</ul>"
    phrases = PhraseMatcher(DEFAULT_RULES)
    small = extract_blocks(body_of(markup), TreeMatcher(DEFAULT_RULES, phrases), phrases, annotate=True)
    big = extract_blocks(body_of(markup), TreeMatcher(DEFAULT_RULES, phrases), phrases, annotate=True, annotate_up_to=3)
    assert [b.text for b in small.blocks] == [b.text for b in big.blocks]
    outside = [i for i, b in enumerate(small.all_blocks) if not b.in_main]
    assert outside and all(small.all_blocks[i].rule is not None for i in outside)
    assert all(big.all_blocks[i].rule is None for i in outside)


def test_main_region_is_where_the_prose_is():
    page = (
        "<html><body><div id='menu-area'><p>Home</p></div>"
        "<div class='x1'><div class='x2'>" + "".join(f"<p>{PROSE}Part {i}.</p>" for i in range(3)) + "</div></div>"
        "<div class='x3'><p>Short unrelated note at the bottom.</p></div></body></html>"
    )
    result = RULES.clean_html(page, url="https://example.com/a/story")
    assert result.text.count("This is a sentence") == 12
    assert "Short unrelated note" not in result.text


def test_main_share_is_how_much_prose_the_main_region_must_hold():
    # four fifths of the prose in one box, a fifth in another that is no sibling of it
    story = "".join(f"<p>The harbour council met on Tuesday to agree the winter ferry timetable, item {i}, "
                    "after a long debate about the old quay.</p>" for i in range(8))
    letters = "".join(f"<p>Letters to the editor number {i} ask why the library closes early on Saturdays "
                      "during the summer months.</p>" for i in range(2))
    page = (f"<html><body><div class='x'><div class='a'>{story}</div><ul><li><a href='/'>Home</a></li></ul></div>"
            f"<div class='y'><div class='b'>{letters}</div></div></body></html>").encode()
    default = RULES.clean_html(page, url="https://example.com/a/story").text
    assert default.count("harbour council") == 8 and "Letters to the editor" not in default
    whole = Cleaner(CleanerOptions(block_model=None, main_share=0.95)).clean_html(page, url="https://example.com/a/story").text
    assert whole.count("harbour council") == 8 and whole.count("Letters to the editor") == 2


def test_a_story_split_into_wrappers_around_an_ad_is_found_whole():
    para = "<p class='story-text'>{} The council met on Tuesday to discuss the harbour, the ferry timetable and the winter moorings at length.</p>"
    first = "".join(para.format(f"Opening {i}.") for i in range(2))
    rest = "".join(para.format(f"Later {i}.") for i in range(9))
    page = ("<html><body><article><header><h1>Harbour plans</h1></header>"
            f"<div class='wrap'><div class='body-1'>{first}</div><aside class='supplemental'><a href='/x'>Other story</a></aside></div>"
            f"<div class='wrap'><div class='body-2'>{rest}</div><aside class='supplemental'><a href='/y'>Another story</a></aside></div>"
            "</article><div class='more'><p>Unrelated words in a box beside the story, a sentence of its own that is not the story.</p></div>"
            "</body></html>")
    text = RULES.clean_html(page).text
    assert "Opening 0." in text and "Later 8." in text
    assert "Unrelated words" not in text and "Other story" not in text


def test_long_sidebar_beside_the_marked_story_goes():
    """A live feed in <aside> can hold more text than the story (over the 40% guard); beside an
    <article> holding a good share of the prose it is still the site's, not the story's."""
    feed = "".join(f'<li><span>Flash {i}.</span><p>{PROSE.replace("article", "feed item")}</p></li>' for i in range(6))
    body, removed = pruned(f'<div class="main-content"><article><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></article>'
                   f'<aside id="sidebar"><ul class="live">{feed}</ul></aside></div>')
    assert [r.rule for r in removed] == ["sidebar"]
    assert "feed item" not in html.tostring(body, encoding="unicode")


def test_long_sidebar_without_a_marked_story_is_guarded():
    body, removed = pruned(f'<div><p>{PROSE}</p></div><div class="sidebar"><p>{PROSE}</p><p>{PROSE}</p></div>')
    assert not removed


def test_section_named_after_sharing_is_not_a_share_bar():
    body, removed = pruned(f'<div class="section" id="sharing-with-a-single-developer"><h2>Sharing</h2><p>{PROSE}</p></div>'
                   '<div class="share-bar"><a href="/fb">Facebook</a></div>')
    assert [r.where for r in removed] == ["div.share-bar"]


def test_headings_linked_within_the_page_stay():
    page = (f'<html><body><article><h1>Shared history</h1><p>{PROSE}</p>'
            f'<h2><a href="#id6">Setting up</a><a href="#setting-up">¶</a></h2><p>{PROSE}</p>'
            f'<h2><a href="https://elsewhere.example/story">Another story</a></h2><p>{PROSE}</p></article></body></html>')
    text = RULES.clean_html(page).text
    assert "Setting up" in text and "Another story" not in text


def test_linked_names_in_a_table_of_data_stay_and_a_grid_of_links_goes():
    films = "".join(f'<tr><th><a href="/wiki/Film_{i}">Film number {i}</a></th><td>{1990 + i}</td>'
                    f'<td>A remake of an earlier film, shot in another country with a new cast.</td></tr>' for i in range(5))
    grid = "".join(f'<tr><td><a href="/s/{i}">Other story {i}</a></td><td><a href="/t/{i}">Topic {i}</a></td></tr>' for i in range(5))
    page = (f'<html><body><article><h1>Films with loops</h1><p>{PROSE}</p><table>{films}</table><p>{PROSE}</p>'
            f'<table>{grid}</table><p>{PROSE}</p></article></body></html>')
    text = RULES.clean_html(page).text
    assert "Film number 3" in text and "1993" in text
    assert "Other story 3" not in text


def test_lead_paragraphs_beside_a_read_more_box_stay_with_it():
    """The first paragraphs loose in the story's box, the rest in a collapsed "read more" box that
    alone holds most of the prose: the story is both."""
    lead = "".join(f"<p>Lead paragraph {i}: {PROSE[:166]}</p>" for i in range(4))
    rest = "".join(f"<p>Later paragraph {i}: {PROSE}</p>" for i in range(10))
    page = (f'<html><body><div class="nav"><a href="/">Home</a></div><div class="articleContent">{lead}'
            f'<div class="toggle-group">{rest}</div></div></body></html>')
    text = RULES.clean_html(page).text
    assert "Lead paragraph 0" in text and "Later paragraph 9" in text


STORY = ["The harbour wall will be rebuilt next spring after two storms damaged it last winter.",
         "Work is to last two years, and ferries will use the northern quay in the meantime.",
         "Fishermen asked for a say in how the works are staged through their busiest season.",
         "The mayor said the new wall would stand a metre higher to meet the tides to come."]


def test_after_model_lines_takes_the_lines_no_true_text_keeps_off_the_kept_blocks():
    matcher = PhraseMatcher(dataclasses.replace(DEFAULT_RULES, phrase_rules=DEFAULT_RULES.after_model_rules))
    body = body_of(f"<p>{STORY[0]}</p><p>{STORY[1]}<br>SDA/sep</p><p>{STORY[2]}</p><p>mit dpa</p>")
    blocks = segment(body)
    untouched = blocks[0]
    removed: list = []
    kept = after_model_lines(blocks, matcher, removed)
    # a line goes from its block, a block of nothing else goes whole; the rest are the same blocks
    assert [b.text for b in kept] == [STORY[0], STORY[1], STORY[2]]
    assert kept[0] is untouched
    assert [(r.rule, r.text) for r in removed] == [("credits", "SDA/sep"), ("credits", "mit dpa")]
    assert blocks[3].dropped_by == "credits"
    # the phrase rules the models read do not name them: they are taken off after the models
    assert PhraseMatcher(DEFAULT_RULES).match("mit dpa") is None


def test_a_block_that_says_again_what_the_block_before_it_said_goes():
    # a layout's second copy of a note right after the first goes; the same paragraph further on
    # (a menu's dish on two days) stays, as do short lines said twice ("Yes", a score)
    body = body_of(f"<p>{STORY[0]}</p><div class='wide'><p>{STORY[1]}</p></div><div class='narrow'><p> {STORY[1]} </p></div>"
                   f"<p>{STORY[2]}</p><p>{STORY[0]}</p><p>Yes, all of it.</p><p>Yes, all of it.</p><p>{STORY[3]}</p>")
    blocks = segment(body)
    removed: list = []
    kept = repeated_blocks(blocks, removed, 40)
    assert [b.text.strip() for b in kept] == [STORY[0], STORY[1], STORY[2], STORY[0], "Yes, all of it.", "Yes, all of it.", STORY[3]]
    assert all(any(b is k for k in blocks) for b in kept)  # the same blocks, in order
    assert [(r.rule, r.text) for r in removed] == [(REPEAT_RULE, STORY[1])]
    assert blocks[2].dropped_by == REPEAT_RULE
    # the shortest repeat is the caller's: the short line said twice goes at 10 characters
    assert [b.text for b in repeated_blocks(segment(body), [], 10)].count("Yes, all of it.") == 1


def test_declared_gaps_are_the_kept_blocks_between_the_declared_story_it_leaves_out():
    body = body_of(f"<p>A line above the story</p><p>{STORY[0]}</p><p>Sign in to keep reading every story</p>"
                   f"<p>{STORY[1]}</p><ul><li><a href='/a'>Another story on the site</a></li></ul><h2>A subhead</h2>"
                   f"<ul><li>A point of the story</li></ul><p>{STORY[2]}</p><p>{STORY[3]}</p><p>A line below it</p>")
    blocks = segment(body)
    texts = [b.text for b in blocks]
    declared = " ".join(STORY)
    gaps = declared_gaps(blocks, [True] * len(blocks), declared)
    # the prompt and the linked teaser go; what lies above and below the story is not judged, and
    # a subhead and a list of no links stay (declared texts often leave them out)
    assert [texts[i] for i in gaps] == ["Sign in to keep reading every story", "Another story on the site"]
    # only blocks kept are named
    keep = [t != "Sign in to keep reading every story" for t in texts]
    assert [texts[i] for i in declared_gaps(blocks, keep, declared)] == ["Another story on the site"]
    # a block of a few words shows the declared text when they stand in it in a row
    assert declared_gaps(blocks, [True] * len(blocks), declared + " Sign in to keep reading every story") == [
        texts.index("Another story on the site")]


def test_declared_gaps_need_a_declared_story_of_the_texts_length():
    body = body_of("".join(f"<p>{p}</p><p>Read more</p>" for p in STORY))
    blocks = segment(body)
    keep = [True] * len(blocks)
    texts = [b.text for b in blocks]
    assert [texts[i] for i in declared_gaps(blocks, keep, " ".join(STORY))] == ["Read more"] * 3
    assert [texts[i] for i in declared_gaps(blocks, keep, " ".join(STORY[:3]))] == ["Read more"] * 2
    # a teaser or a summary (under half the text kept: here the first paragraph and the last)
    # says nothing of the blocks between, paragraphs of the story among them
    assert declared_gaps(blocks, keep, f"{STORY[0]} {STORY[3]}") == []
    assert declared_gaps(blocks, keep, "") == []
    # a declared text of many megabytes is read only as far as MAX_DECLARED_CHARS
    filler = "word " * (MAX_DECLARED_CHARS // 5)
    assert declared_gaps(blocks, keep, filler + " ".join(STORY)) == []
    assert len(declared_gaps(blocks, keep, " ".join(STORY) + filler)) == 3
    assert declared_gaps(blocks, keep, "A story of other words entirely, none of them on this page at all. " * 8) == []


def test_paragraphs_beside_a_region_of_one_paragraph():
    body = body_of("<div><h2>Kicker</h2><p>one</p><figure></figure><p id='main'>two</p><!-- ad --><p>three</p>"
                   "<div><p>a box</p></div><p>four</p></div>")
    blocks = segment(body)
    main = body.xpath("//p[@id='main']")[0]
    assert [blocks[i].text for i in paragraphs_beside(main, blocks)] == ["one", "three"]
    assert paragraphs_beside(main.getparent(), blocks) == []  # a region of more than a paragraph
    assert paragraphs_beside(None, blocks) == []
    # bare <div>s of text are paragraphs too; a <div> holding blocks is a box, and ends the run
    body = body_of("<section><div>one <b>bold</b></div><div id='main'>two</div><div><p>a box</p></div><div>four</div></section>")
    blocks = segment(body)
    main = body.xpath("//div[@id='main']")[0]
    assert [blocks[i].text for i in paragraphs_beside(main, blocks)] == ["one bold"]
    assert paragraphs_beside(body.xpath("//section")[0], blocks) == []


@pytest.mark.parametrize("tag", ["p", "div"])
def test_a_short_paragraph_beside_a_long_one_is_the_storys_too(tag: str) -> None:
    """A story of two or three paragraphs (<p>, or bare <div>s), one of which holds most of its
    words: the paragraph alone is the main region, and the short ones beside it fell outside."""
    cleaner = Cleaner()
    long = ("Health officials in the northern province confirmed on Sunday a third case of the disease in a "
            "herdsman who had eaten a wild marmot, and placed the village where he lives under quarantine "
            "while they trace everyone he met in the past two weeks, the regional health commission said in "
            "a statement that also urged residents not to hunt or eat wild animals.")
    short = "The other people tested so far show no signs of it."
    for story in ([long, short], [short, long], [short, long, short.replace("other", "twenty")]):
        paragraphs = "".join(f"<{tag}>{p}</{tag}>" for p in story)
        page = (f"<html><head><title>A third case</title></head><body><nav><a href='/'>Home</a></nav>"
                f"<article><h1>A third case</h1>{paragraphs}</article><footer>Contact us</footer></body></html>")
        assert cleaner.clean_html(page, url="https://news.example/health/third-case").text.split("\n\n") == story


@pytest.mark.parametrize("markup, prose", [
    # a sentence with its links inside it
    ("<p>The council <a href='/a'>voted on Monday</a> to close the <a href='/b'>old library</a> on Sundays, "
     "<a href='/c'>officials said</a>.</p>", True),
    ("<p>市议会<a href='/a'>周一投票决定</a>在周日关闭<a href='/b'>老图书馆</a>。</p>", True),
    # one link: a "Read more" line's shape, left to the link-list rule
    ("<p>The council <a href='/a'>voted on Monday to close the old library on Sundays</a>.</p>", False),
    # next to nothing outside the links: a headline split in two, a call to click
    ("<p><a href='/a'>Council votes to close</a> <a href='/b'>the old library on Sundays.</a></p>", False),
    ("<p>👉 <a href='/a'>Order your copy</a> of <a href='/b'>Almost Timeless</a> today!</p>", False),
    # no sentence's end, a list's item, a heading, too short
    ("<p>Council <a href='/a'>library</a> and <a href='/b'>ferry timetable</a> news from the week</p>", False),
    ("<ul><li>The council <a href='/a'>voted on Monday</a> to close the <a href='/b'>old library</a>.</li></ul>", False),
    ("<h2>The council <a href='/a'>voted on Monday</a> to close the <a href='/b'>old library</a>.</h2>", False),
    ("<p>See <a href='/a'>this</a> and <a href='/b'>that</a>.</p>", False),
])
def test_linked_prose(markup: str, prose: bool) -> None:
    blocks = segment(body_of(markup))
    assert len(blocks) == 1 and blocks[0].link_chars
    assert linked_prose(blocks[0]) is prose


def test_a_story_of_paragraphs_with_many_links_keeps_them() -> None:
    """Paragraphs half of whose words are links (a blog's, a roundup's) are link lists by their
    share of linked text alone; as sentences with their links inside them they are the story's."""
    plain = ("The library's opening hours on weekdays stay as they are, the council said in a statement on Monday "
             "evening, and the branch in the harbour district will open on Sundays instead from the first of March.",
             "Opponents said the branch is the only place in the old town where pupils can study at weekends, and "
             "that the savings are small beside what the town spends on its new square and the car park beneath it.")
    linked = ("The council <a href='/news/1'>voted on Monday evening</a> to <a href='/news/2'>close the old library</a> "
              "on Sundays, <a href='/news/3'>officials said</a>.",
              "Residents <a href='https://petition.example/library'>had signed a petition</a> against the plan, and "
              "<a href='/news/4'>two councillors asked</a> for <a href='/news/5'>a second vote</a>.",
              "A <a href='/news/6'>review of the budget</a> found that <a href='/news/7'>the closure saves the "
              "town</a> some <a href='/news/8'>forty thousand euros</a> a year.")
    story = [plain[0], *linked, plain[1]]
    paragraphs = "".join(f"<p>{s}</p>" for s in story)
    page = (f"<html><head><title>Library to close on Sundays</title></head><body><nav><ul><li><a href='/'>Home</a>"
            f"</li><li><a href='/news/'>News</a></li></ul></nav><article><h1>Library to close on Sundays</h1>"
            f"{paragraphs}</article><footer><ul><li><a href='/about'>About us</a></li></ul></footer></body></html>")
    text = Cleaner().clean_html(page, url="https://news.example/news/library").text
    assert text.split("\n\n") == [html.fragment_fromstring(f"<p>{s}</p>").text_content() for s in story]
    # the rules alone read them as link lists
    assert RULES.clean_html(page, url="https://news.example/news/library").text.split("\n\n") == list(plain)


def test_listicle_headings_linked_to_other_sites_stay_and_linked_teasers_go():
    items = "".join(f'<h3><a href="https://shop.example/game-{i}">Game number {i} ($20)</a></h3><p>{PROSE}</p>' for i in range(4))
    teaser = '<h3><a href="https://news.example/other-story">Another story of ours</a></h3>'
    page = f'<html><body><article><h1>Best games</h1><p>{PROSE}</p>{items}{teaser}<p>{PROSE}</p></article></body></html>'
    text = RULES.clean_html(page, url="https://news.example/best-games").text
    assert "Game number 2 ($20)" in text
    assert "Another story of ours" not in text


def test_lead_block_above_the_rest_of_a_marked_article_body_stays():
    """The story's first paragraphs in a block of their own, then image and text blocks: the
    page's itemprop="articleBody" says they are one story; a bio below it stays out."""
    lead = f'<div class="block block-initial"><div class="text"><p>Lead paragraph: {PROSE}</p></div></div>'
    rest = "".join(f'<p>Later paragraph {i}: {PROSE}</p>' for i in range(8))
    page = (f'<html><body><div itemprop="articleBody">{lead}<div class="block"><figure></figure></div>'
            f'<div class="block"><div class="text">{rest}</div></div></div>'
            f'<div class="more"><p>More text of the site {PROSE}</p></div></body></html>')
    text = RULES.clean_html(page).text
    assert text.startswith("Lead paragraph:") and "Later paragraph 7" in text
    assert "More text of the site" not in text


def test_embedded_posts_the_story_quotes_stay_and_share_bars_go():
    tweet = ('<div class="social-media-embed"><blockquote class="twitter-tweet"><p>Yes this is real and the state '
             'spent half a million dollars on it</p>— Dianna (@dianna) November 18, 2019</blockquote></div>')
    body, removed = pruned(f'<p>{PROSE}</p>{tweet}<p>{PROSE}</p><div class="social-share"><a href="/fb">Facebook</a></div>')
    assert [r.where for r in removed] == ["div.social-share"]
    assert "half a million dollars" in html.tostring(body, encoding="unicode")


def test_double_line_breaks_part_paragraphs_and_single_ones_join_lines():
    body = body_of("<div>First line<br>same paragraph<br><br>Second paragraph<br>\n<br>Third<br><br><br>Fourth</div>")
    (block,) = segment(body)
    assert paragraphs(block.text) == ["First line same paragraph", "Second paragraph", "Third", "Fourth"]
    # a line break in the page's source is no paragraph break
    (block,) = segment(body_of("<p>One sentence\n\n   wrapped in the source.</p>"))
    assert paragraphs(block.text) == ["One sentence wrapped in the source."]


def test_chinese_and_japanese_lines_wrapped_at_a_fixed_width_join_without_a_space():
    (block,) = segment(body_of("<div>规范理论认为集体行动的产生和维持靠的是社会公德与各种道德约束。这些<br>\n"
                               "行为规范可以是人们内心反省的结果，<br>也可以是道德义务。<br><br>新的一段。</div>"))
    assert paragraphs(block.text) == ["规范理论认为集体行动的产生和维持靠的是社会公德与各种道德约束。这些行为规范可以是"
                                      "人们内心反省的结果，也可以是道德义务。", "新的一段。"]
    assert paragraphs("東京の<br>天気".replace("<br>", "\n")) == ["東京の天気"]
    # Korean spaces its words, and a wide character beside a Latin one keeps the space
    assert paragraphs("서울의\n날씨") == ["서울의 날씨"]
    assert paragraphs("新型\niPhone\n发布") == ["新型 iPhone 发布"]


@pytest.mark.parametrize("width", [50, 72, 80, 100])
def test_a_text_wrapped_at_a_fixed_width_has_its_paragraphs_on_one_line_again(width: int) -> None:
    import textwrap

    from .conftest import PIER_LINES

    story = [" ".join(PIER_LINES[:2]), " ".join(PIER_LINES[2:])]
    wrapped = "\n\n".join(textwrap.fill(p, width) for p in story)
    assert wrapped.count("\n") > 3
    assert unwrap(wrapped) == "\n\n".join(story)
    # under a headline; a short closing line that had room on the line before is a paragraph of its own
    assert unwrap("Harbour reopens\n" + wrapped + "\nShare") == "\n".join(["Harbour reopens", story[0], "", story[1], "Share"])


def test_a_wrapped_text_with_lines_no_wrap_could_part_is_unwrapped_still() -> None:
    # html2text leaves a list item whole, and an address is one word: those lines run past any
    # width; the rest of the text is wrapped at 72
    import textwrap

    from .conftest import PIER_LINES

    story = [" ".join(PIER_LINES[:2]), " ".join(PIER_LINES[2:]), " ".join(PIER_LINES[1:3])]
    item = "* " + " ".join(PIER_LINES)  # 300 characters on one line
    address = "https://harbour-gazette.example/" + "a" * 140
    text = "\n\n".join([textwrap.fill(story[0], 72), item, textwrap.fill(story[1], 72), address, textwrap.fill(story[2], 72)])
    assert unwrap(text) == "\n\n".join([story[0], item, story[1], address, story[2]])
    # a plain text's short lines spread over every length: not read as wrapped
    plain = "\n".join(["Harbour reopens after two years of work", PIER_LINES[0] * 2, "By the harbour desk", PIER_LINES[1],
                       "Photo: the new pier at dawn", PIER_LINES[2] * 2, "Share"])
    assert unwrap(plain) == plain


def wide_story(language: str) -> list[str]:
    from .conftest import PIER_JA, PIER_JA_MORE, PIER_ZH, PIER_ZH_MORE

    return [PIER_ZH, PIER_ZH_MORE] if language == "zh" else [PIER_JA, PIER_JA_MORE]


@pytest.mark.parametrize("language", ["zh", "ja"])
@pytest.mark.parametrize("wrap", ["72 columns", "80 columns", "36 characters", "40 characters"])
def test_chinese_and_japanese_wrapped_at_a_fixed_width_have_their_paragraphs_on_one_line_again(language: str, wrap: str) -> None:
    # without spaces between words, a wrap breaks a line anywhere: the lines' widths tell it (a
    # tool counts a wide character two columns; Python's textwrap, which html2text uses, one)
    import textwrap

    from .conftest import fill_columns

    width, unit = wrap.split()
    fill = (lambda p: fill_columns(p, int(width))) if unit == "columns" else (lambda p: textwrap.wrap(p, int(width)))
    story = wide_story(language)
    wrapped = "\n".join(line for p in story for line in fill(p))
    assert wrapped.count("\n") >= 4
    assert unwrap(wrapped) == "\n".join(story)
    # under a headline, with a short line after the story; a blank line still ends a paragraph
    headline, share = ("港口重新开放", "分享") if language == "zh" else ("港が再開", "共有")
    assert unwrap("\n".join([headline, wrapped, share])) == "\n".join([headline, *story, share])
    assert unwrap("\n\n".join("\n".join(fill(p)) for p in story)) == "\n\n".join(story)


def test_chinese_with_digits_and_latin_letters_wrapped_at_a_number_of_characters_comes_back():
    # textwrap counts characters: its full lines hold as many, and fill columns as far apart as
    # the Latin letters in them make them
    import textwrap

    first, second = wide_story("zh")
    story = [p.replace("一千二百万", "1200万").replace("市长", "市长（Mayor Anna Berg）", 1) for p in (first + second, second + first)]
    lines = [line for p in story for line in textwrap.wrap(p, 78)]
    full = [line for line in lines if len(line) == 78]
    assert len(full) == 4 and max(map(columns, full)) - min(map(columns, full)) > WIDE_WRAP_SLACK
    assert unwrap("\n".join(lines)) == "\n".join(story)


@pytest.mark.parametrize("lines", [
    # too few breaks at the width to tell a wrap from a paragraph's end
    ["规范理论认为集体行动的产生和维持靠的是社会公德与各种道德约束。这些行为规范可以是人", "们内心反省的结果，也可以是道德义务。"],
    # a schedule: lines of every width, some past the widest of the others
    ["8:30－8:50 开幕式主持人：南开大学经济学院院长 周立群教授致辞并介绍来宾",
     "9:20—9:50（2）美国加州大学（伯克利）经济系钱颖一教授演讲，题为现代经济学与中国经济改革",
     "10:10—12:10 宏观经济政策与金融改革论坛，主持人：南开大学副校长",
     "12:10—14:00 午餐", "14:00—15:30 分组讨论：国际贸易、产业组织、劳动经济学与公共财政",
     "15:30—15:50 休息", "15:50—17:20 分组讨论：金融市场与公司金融，评论人：北京大学经济学院教授"],
    # headlines of one length: no comma or stop within them, as a paragraph's lines have
    ["港口在经历了两年的施工之后于周一重新开放市长表示新码头将让渔民卸下更多渔获",
     "第一批渔船中午时分驶入港口码头上的人群为他们欢呼工程耗资一千二百万欧元整",
     "码头的扩建计划早在五年前就已提出但由于资金不足工程一再推迟直到去年春天开工",
     "地区议会终于批准了拨款施工随即展开市长说港口对整个地区的经济都很重要的原因"],
], ids=["two breaks", "a schedule", "headlines"])
def test_chinese_lines_that_are_not_a_wrapped_text_are_left_as_they_are(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert unwrap(text) == text


def test_columns_count_a_wide_character_twice() -> None:
    assert columns("Harbour") == 7
    assert columns("港口2024年，EUR") == 2 * 4 + 4 + 3  # "，" is a full-width comma
    assert columns("서울") == 2  # Korean is read as spaced text, by characters


@pytest.mark.parametrize("text", [
    "Home\nNews\nSport\nWeather",  # a menu
    "The harbour reopened on Monday.\nThe first boats came in at noon.\nShare",  # lines with room to spare
    "Harbour reopens\n" + PROSE,  # a paragraph longer than any wrap width
    "A line that had room for more\nthan it holds, and another one\nshort",  # narrower than a wrap width
    "One paragraph alone, never wrapped, with nothing else in the text at all.",
])
def test_text_not_wrapped_is_left_as_it_is(text: str) -> None:
    assert unwrap(text) == text


def test_paragraphs_set_apart_by_line_breaks_come_out_apart():
    page = "<html><body><div id='content'>" + "<br><br>".join([PROSE, PROSE.upper(), "reporter@example.com", PROSE]) + "</div></body></html>"
    result = RULES.clean_html(page)
    assert result.text.split("\n\n") == [PROSE.strip(), PROSE.upper().strip(), PROSE.strip()]
    assert result.html.count("<p>") == 3


def test_boxes_named_by_test_ids_and_heading_ids_go_when_classes_are_hashed():
    body, removed = pruned(
        f'<div class="css-1x2y3z"><p>{PROSE}</p>'
        '<div class="css-9k8j7h" data-testid="share-tools"><a href="#">Facebook</a></div>'
        '<section class="css-4q5w6e" aria-labelledby="related-heading"><h2 id="related-heading">Siehe auch</h2>'
        '<a href="/x">Andere Geschichte</a></section>'
        f'<p>{PROSE} In <a data-component="auto-linked-tag" href="/tag/rome">Rome</a> too.</p></div>'
    )
    assert [r.rule for r in removed] == ["share", "related"]
    # inside a paragraph such names are a link's, never a box's: the place name stays
    assert "In Rome too." in body.text_content()


def test_boxes_named_in_the_page_language_by_aria_label_go():
    body, removed = pruned(
        f'<div class="k1"><p>{PROSE}</p>'
        '<div class="k2" aria-label="Artikel teilen"><a href="#">Facebook</a> <a href="#">E-Mail</a></div>'
        '<section class="k3" aria-label="Noticias relacionadas"><a href="/a">Otra noticia</a></section>'
        '<div class="k4" aria-label="Publicidad"><span>Anuncio</span></div>'
        f'<section aria-label="Der Bericht"><p>{PROSE}</p></section></div>'
    )
    assert [r.rule for r in removed] == ["share", "related", "ads"]
    assert body.text_content().count("sentence of the article") == 8


def _comment(name: str, text: str, label: str = "Antworten") -> str:
    return f'<li class="c9"><b>{name}</b><p>{text}</p><a href="#r">{label}</a></li>'


def test_a_comment_thread_goes_by_its_reply_links_whatever_its_class_names():
    comments = "".join(_comment(f"Leser {i}", "Das sehe ich ganz anders als der Autor, und zwar aus drei Gründen. " * 2) for i in range(5))
    nested = '<li class="c9"><b>Leserin</b><p>Stimmt nicht.</p><a href="#r">Antworten</a><ol>' + comments + "</ol></li>"
    body = body_of(f'<div class="x1"><p>{PROSE}</p><p>{PROSE}</p></div><ol class="x2">{comments}{nested}</ol>')
    removed = []
    drop_comment_threads(body, DEFAULT_RULES, removed)
    assert [r.rule for r in removed] == ["comment-thread"] * 6  # the nested replies go with their comment
    assert "Leser" not in body.text_content() and body.text_content().count("sentence of the article") == 8


def test_a_story_with_its_own_reply_link_beside_the_comments_stays():
    story = f'<div class="x1"><p>{PROSE * 3}</p><a href="#respond">Reply</a></div>'
    comments = "".join(_comment(f"Reader {i}", "Great piece.", "Reply") for i in range(3))
    body = body_of(f'<div class="x0">{story}{comments}</div>')
    removed = []
    drop_comment_threads(body, DEFAULT_RULES, removed)
    assert len(removed) == 3
    assert "sentence of the article" in body.text_content()


def test_two_reply_links_are_no_thread():
    body = body_of(f'<div><p>{PROSE}</p>' + _comment("A", "Yes.", "Reply") + _comment("B", "No.", "Reply") + "</div>")
    removed = []
    drop_comment_threads(body, DEFAULT_RULES, removed)
    assert removed == []


def test_captions_named_in_other_languages_go():
    body, removed = pruned(
        f'<div><p>{PROSE}</p><figure><img src="a.jpg"><div class="bildunterschrift">Der Hafen bei Nacht. Foto: dpa</div></figure>'
        f'<div class="pie-de-foto">El puerto de noche.</div><p class="didascalia">Il porto di notte.</p><p>{PROSE}</p></div>'
    )
    assert [r.rule for r in removed] == ["caption", "caption", "caption"]


def test_a_story_in_japanese_outweighs_an_english_blurb_of_as_many_characters():
    paragraphs = ["港の岸壁で毎週日曜日に開かれていた朝市が、二十二日に三年ぶりに再開された。",
                  "朝市は漁港の改修工事のため休止していた。出店数は四十二店舗だという。",
                  "訪れた市民は「久しぶりに港がにぎわっていてうれしい」と話していた。",
                  "委員会は来年、観光客向けの案内所を設けることも検討している。"]
    blurb = "Minato Shimbun is the daily of the port district, published since 1952 in print and online."
    page = ("<html><body><div><div>" + "".join(f"<p>{p}</p>" for p in paragraphs)
            + f"</div><div><p>{blurb}</p></div></div></body></html>")
    result = RULES.clean_html(page)
    assert result.text.split("\n\n") == paragraphs


def test_a_linked_name_inside_a_sentence_stays_whatever_its_id_says():
    sentence = ('<p><a href="/tag/ferries/" id="auto-tag_ferries_1">Ferries</a> stopped running on Monday morning '
                'when the storm reached the coast, the harbour office said.</p>')
    body, removed = pruned(f'{sentence}<p>{PROSE}</p><p><a class="tag" href="/tag/storms/">Storms</a></p>')
    text = body.text_content()
    assert "Ferries stopped running" in text
    assert [r.text for r in removed] == ["Storms"]


def test_weight_follows_the_text_it_is_asked_about():
    root = html.fromstring("<div><p>x</p></div>")
    block = Block(text="The council met on Monday and agreed to rebuild the old pier by next spring.", elem=root[0], tag="p")
    assert _weight(block) == float(len(block.text))
    assert _weight(block) == float(len(block.text))  # remembered
    block.text = "Menu"  # a line filter took the rest out
    assert _weight(block) == 0.0
    block.text, block.link_chars = "The council met on Monday and agreed to rebuild the old pier.", 30
    assert _weight(block) == 0.0  # mostly links


def test_spans_give_each_element_its_first_and_last_block():
    root = html.fromstring("<div><section><p>one</p><p>two</p></section><p>three</p></div>")
    blocks = segment(root)
    spans = _spans(blocks)
    section = root.find("section")
    assert spans[section] == (0, 1) and spans[root] == (0, 2) and spans.get(root[1]) == (2, 2)
    assert spans.get(html.fromstring("<p>elsewhere</p>"), (-1, -1)) == (-1, -1)


def _results_table(rows: int) -> str:
    """A page with a table of data: linked names, years, notes, figures; its fourth and fifth
    rows hold cells the line rules name when they stand alone ("Related stories", "Share", a
    date, "Comments")."""
    out = []
    for i in range(rows):
        if i == 3:
            out.append("<tr><td>Related stories</td><td><a href='/a'>Another story of the site</a></td><td>1999</td><td>4.5</td></tr>")
        elif i == 4:
            out.append("<tr><td><a href='/p/4'>Player 4</a></td><td>Share</td><td>3 November 2026</td><td>Comments</td></tr>")
        else:
            out.append(f"<tr><td><a href='/p/{i}'>Player {i}</a></td><td>{1990 + i % 30}</td>"
                       f"<td>Scored twice in the cup final, note {i}</td><td>{i % 97}.5</td></tr>")
    return f"<html><body><article><h1>Results of the season</h1><table>{''.join(out)}</table><p>{PROSE}</p></article></body></html>"


def test_a_long_table_of_data_is_kept_whole_and_a_short_one_goes_through_the_line_rules():
    from cleaners._extract import MIN_LONG_TABLE_ROWS

    labels = ("Related stories", "Share", "3 November 2026", "Comments")
    result, blocks = RULES.explain(_results_table(MIN_LONG_TABLE_ROWS))
    cells = [b for b in blocks if b.tag == "td"]
    assert len(cells) == 4 * MIN_LONG_TABLE_ROWS and all(b.dropped_by is None for b in cells)
    lines = result.text.split("\n\n")
    assert all(label in lines for label in labels)
    assert result.html.count("<tr>") == MIN_LONG_TABLE_ROWS and f"Player {MIN_LONG_TABLE_ROWS - 1}" in result.markdown
    # a table of a few rows is read cell by cell: the same labels go as the line rules say
    result, blocks = RULES.explain(_results_table(20))
    dropped = {b.text: b.dropped_by for b in blocks if b.tag == "td" and b.dropped_by}
    assert set(labels) <= dropped.keys() and dropped["3 November 2026"] == "byline"
    assert "Player 19" in result.text and "Share" not in result.text.split("\n\n")


def test_a_long_grid_of_links_is_no_table_of_data():
    from cleaners._extract import MIN_LONG_TABLE_ROWS

    grid = "".join(f'<tr><td><a href="/s/{i}">Other story {i}</a></td><td><a href="/t/{i}">Topic {i}</a></td></tr>'
                   for i in range(MIN_LONG_TABLE_ROWS))
    page = f"<html><body><article><h1>A story</h1><p>{PROSE}</p><p>{PROSE}</p></article><table>{grid}</table></body></html>"
    result, blocks = RULES.explain(page)
    assert "Other story 5" not in result.text
    assert all(b.dropped_by is not None for b in blocks if b.tag == "td")


def _page_blocks(*rows):
    """Blocks of a page from (tag, text, in the main region, the rule that removed it, the group of
    its box, the model's chance, whether the model weighed it) rows."""
    blocks, chances, weighed = [], [], []
    for tag, text, in_main, rule, box, chance, weighs in rows:
        blocks.append(Block(text, html.fromstring(f"<{tag}>x</{tag}>"), tag, heading=tag.startswith("h"),
                            in_main=in_main, rule=rule, pruned=box))
        chances.append(chance)
        weighed.append(weighs)
    keep = [b.in_main and b.rule is None and c >= 0.4 for b, c in zip(blocks, chances)]
    return blocks, keep, chances, weighed


LEAD = "The ferry sailed again on Monday morning, four months after a cracked shaft took it out of service."


def test_the_story_lead_above_its_first_kept_paragraph_comes_back_without_captions_or_labels():
    """A standfirst and the first paragraphs in a box a widget rule named come back above the
    story; the byline, a count and a photo's caption between them stay out."""
    blocks, keep, chances, weighed = _page_blocks(
        ("p", PROSE, False, None, None, 0.9, True),  # above the title: never the lead
        ("h1", "Harbour ferry returns", False, "title", None, 0.0, False),
        ("p", "Commuters cheered on the quay as the little green boat came home after a winter of repairs.", False, None, None, 0.6, True),
        ("div", "By Priya Natarajan", False, "byline", "metadata", 0.0, False),
        ("p", LEAD, False, None, "widgets", 0.7, True),
        ("span", "12", False, None, "widgets", 0.9, True),
        ("p", "About ninety passengers waited on the north quay for the first crossing at 6.40.", False, None, "widgets", 0.5, True),
        ("figcaption", "The ferry leaves the north quay on its first crossing since November.", False, None, "media", 0.8, True),
        ("p", PROSE, True, None, None, 0.99, True),
        ("p", PROSE, True, None, None, 0.98, True),
    )
    assert sorted(story_lead(blocks, keep, chances, weighed, 0.45)) == [2, 4, 6]


def test_the_walk_up_from_the_story_stops_at_prose_the_model_drops_and_at_headings():
    blocks, keep, chances, weighed = _page_blocks(
        ("p", LEAD, False, None, "related", 0.9, True),
        ("p", "Teaser of another story of the site, with a sentence that reads as prose.", False, None, None, 0.2, True),
        ("p", PROSE, True, None, None, 0.99, True),
    )
    assert story_lead(blocks, keep, chances, weighed, 0.45) == []
    blocks, keep, chances, weighed = _page_blocks(
        ("p", LEAD, False, None, None, 0.9, True),
        ("h2", "Related coverage", False, None, None, 0.9, True),
        ("p", LEAD, False, None, None, 0.8, True),
        ("p", PROSE, True, None, None, 0.99, True),
    )
    assert story_lead(blocks, keep, chances, weighed, 0.45) == [2]


def test_the_walk_up_passes_over_short_list_items_and_stops_at_a_list_item_of_prose():
    """Share buttons, "Bookmark" and a comment count are list items on many story pages, between
    the standfirst and the story: the walk passes over them as over any short line. A list item
    of prose (a list the story opens with, or a teaser list) still ends it."""
    blocks, keep, chances, weighed = _page_blocks(
        ("h1", "Harbour ferry returns", False, "title", None, 0.0, False),
        ("p", LEAD, False, None, None, 0.7, True),
        ("li", "Bookmark", False, None, "metadata", 0.3, True),
        ("li", "0", False, "link-list", "hidden", 0.0, True),
        ("p", PROSE, True, None, None, 0.99, True),
    )
    for block in blocks[2:4]:
        block.list_item = True
    assert story_lead(blocks, keep, chances, weighed, 0.45) == [1]
    # the same list item holding prose the model takes: the walk ends there, and takes neither
    blocks[3].text = "Ninety passengers waited on the north quay for the first crossing at 6.40, most of them in the rain."
    chances[3] = 0.9
    assert story_lead(blocks, keep, chances, weighed, 0.45) == []


def test_no_story_kept_no_lead():
    blocks, keep, chances, weighed = _page_blocks(("p", LEAD, False, None, None, 0.9, True))
    assert story_lead(blocks, keep, chances, weighed, 0.45) == []


def test_a_caption_in_a_picture_box_no_rule_named_is_passed_over_not_taken():
    """"div.image > div.caption-text > p" and <figure>: text that describes the picture stays out of
    the lead (the rules' picture parts, as data), and the walk goes on past it."""
    body = body_of(f'<p>{LEAD}</p><div class="image top"><div class="text"><p>{LEAD}</p></div></div>'
                   f'<figure><div><p>{LEAD}</p></div></figure><p>{PROSE}</p>')
    elems = list(body.iter("p"))
    blocks = [Block(LEAD, elems[0], "p"), Block(LEAD, elems[1], "p"), Block(LEAD, elems[2], "p"),
              Block(PROSE, elems[3], "p", in_main=True)]
    keep, chances, weighed = [False, False, False, True], [0.9, 0.9, 0.9, 0.99], [True] * 4
    assert story_lead(blocks, keep, chances, weighed, 0.4, DEFAULT_RULES) == [0]
    assert story_lead(blocks, keep, chances, weighed, 0.4) == [2, 1, 0]


@pytest.mark.parametrize("text, expected", [
    # the spaces an extractor writes about a link's text in Japanese: each run set apart is joined
    ("元タレントの 中居正広 氏（52）の 女性 トラブルを発端にした フジテレビ 問題が、スポーツ界に飛び火している。",
     "元タレントの中居正広氏（52）の女性トラブルを発端にしたフジテレビ問題が、スポーツ界に飛び火している。"),
    ("フジと関係の深い 日本 バレーボール 協会も対応を検討している。",  # runs side by side
     "フジと関係の深い日本バレーボール協会も対応を検討している。"),
    ("【関連記事】 東京 女子医大の教員", "【関連記事】東京女子医大の教員"),  # beside full-width punctuation
    ("位于 北京 的公司", "位于北京的公司"),  # Chinese alike
    ("ゴルフ 界も対岸の火事ではない。", "ゴルフ界も対岸の火事ではない。"),  # a run opening a line of prose
    ("前文。\nサッカー のJリーグは開幕を控える。", "前文。\nサッカーのJリーグは開幕を控える。"),  # each line's start
])
def test_a_short_run_of_chinese_or_japanese_set_apart_by_spaces_is_joined(text, expected):
    assert join_spaced_runs(text) == expected


@pytest.mark.parametrize("text", [
    "一波波接續性低溫寒流報到 已將新竹尖石鄉後山一帶層層包覆",  # clauses parted by a space stay parted
    "本报记者 " + "采" * (MAX_SPACED_RUN + 1) + " 北京电",  # a run longer than a name or a term
    "경상도와 전라도로 나눠서 왜 싸우나.",  # Korean spaces its words
    "世界バレーやネーションズリーグは TBS と放映権契約を結んでおり",  # a Latin word between spaces
    "Tokyo 東京 Osaka",  # a run not inside such text
    "東京 大阪",  # one space between two runs: no run has a space on each side
    "港町の商店街 空き店舗に若者の店が相次ぎ開業",  # a headline's parts: the line ends no sentence
    "ゴルフ 界も対岸の火事ではない\n次の段落。",  # the sentence's end is on another line
    "A plain English line with no such letters.",
])
def test_spaces_of_other_text_stay(text):
    assert join_spaced_runs(text) == text


@pytest.mark.parametrize("text, holds", [
    ("元タレントの中居正広氏", True), ("位于北京的公司", True), ("ひらがな", True), ("\uf900", True),  # a compatibility ideograph
    ("A plain line: “quoted”, 12 € — and 😀.", False), ("경상도와 전라도로", False), ("（５２）", False), ("\u3105", False), ("", False),
])
def test_holds_wide_letters_tells_chinese_and_japanese_from_other_text(text, holds):
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    assert holds_wide_letters(units) is holds
    # what join_spaced_runs' letters say
    assert holds_wide_letters(units) is (_WIDE_LETTER.search(text) is not None)
