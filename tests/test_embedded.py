"""cleaners._embedded: the story a page's scripts carry when its HTML holds none of it."""

from __future__ import annotations

import json

from cleaners._embedded import MIN_CHARS, embedded_body

STORY = "".join(f"<p>Paragraph {i} of the harbour story, which goes on long enough to be read as prose.</p>" for i in range(8))


def _page(*scripts: str, body: str = "<div id='root'></div>") -> str:
    return "<html><head>" + "".join(scripts) + "</head><body>" + body + "</body></html>"


def test_the_longest_html_string_of_a_script_is_the_story():
    state = {"teaser": "<p>Short.</p><p>Teaser.</p>" * 3, "article": {"contentHtml": STORY}}
    page = _page(f"<script>window.__STATE__ = {json.dumps(state)};</script>")
    assert embedded_body(page) == STORY


def test_json_escapes_of_the_markup_are_decoded():
    escaped = json.dumps(STORY).replace("<", "\\u003c").replace(">", "\\u003e")
    assert embedded_body(_page(f"<script>self.__next_f.push([1, {escaped}])</script>")) == STORY


def test_a_lone_surrogate_escape_in_the_story_is_read_as_a_replacement_character():
    escaped = json.dumps(STORY).replace("harbour story", "harbour \\ud800 story")
    assert embedded_body(_page(f"<script>var s = {escaped};</script>")) == STORY.replace("harbour story", "harbour \ufffd story")


def test_unfilled_slots_are_taken_out():
    story = STORY[:200] + "$$ARTICLEAD$$" + STORY[200:] + "{{ embed_video }}" + "%%PROMO%%"
    assert embedded_body(_page(f"<script>var s = {json.dumps(story)};</script>")) == STORY


def test_external_and_json_ld_scripts_are_not_read():
    literal = json.dumps(STORY)
    assert embedded_body(_page(f'<script src="/app.js">var s = {literal};</script>')) is None
    assert embedded_body(_page(f'<script type="application/ld+json">{{"articleBody": {literal}}}</script>')) is None


def test_a_whole_page_in_a_string_is_not_a_story():
    shell = json.dumps("<html><body>" + STORY + "</body></html>")
    assert embedded_body(_page(f"<script>var template = {shell};</script>")) is None


def test_strings_without_two_paragraphs_or_too_short_are_not_stories():
    one = json.dumps("<p>" + "A single long paragraph of text. " * 40 + "</p>")
    short = json.dumps("<p>a</p><p>b</p>")
    assert len(short) < MIN_CHARS
    assert embedded_body(_page(f"<script>var a = {one}; var b = {short};</script>")) is None


def test_a_page_without_scripts_has_no_embedded_story():
    assert embedded_body(_page(body="<p>Text.</p>")) is None
    assert embedded_body("") is None
