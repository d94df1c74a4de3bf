"""The cleaners package's public API, and the golden page cases."""

from __future__ import annotations

import pytest

import cleaners
from cleaners import CleanerError, CleanResult, clean_html, clean_text

from .conftest import FIXTURES, all_page_cases

CASES = all_page_cases()
ARTICLE_CASES = [c for c in CASES if c.meta["page_type"] == "article"]
SEMANTIC = next(c for c in CASES if c.name == "en-news-semantic")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_page(case, request):
    result = clean_html(case.body, url=case.url, content_type=case.content_type)
    assert result.page_type == case.meta["page_type"]
    if case.meta["page_type"] != "article":
        return
    if request.config.getoption("--update-golden"):
        case.expected_path.write_text(result.text + "\n", encoding="utf-8")
    assert result.text == case.expected_text
    for snippet in case.meta.get("must_contain", []):
        assert snippet in result.text
    for snippet in case.meta.get("must_not_contain", []):
        assert snippet not in result.text, f"cruft left in: {snippet!r}"


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


def test_str_and_bytes_give_the_same_article():
    case = SEMANTIC
    from_bytes = clean_html(case.body, url=case.url)
    from_str = clean_html(case.body.decode("utf-8"), url=case.url)
    assert from_bytes.text == from_str.text


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


def test_clean_text_removes_widgets_and_announced_titles():
    dump = (FIXTURES / "texts" / "summary-widget-dump.txt").read_text(encoding="utf-8")
    expected = (FIXTURES / "texts" / "summary-widget-dump.expected.txt").read_text(encoding="utf-8").strip()
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
    dump = (FIXTURES / "texts" / "summary-widget-dump.txt").read_text(encoding="utf-8")
    fired |= {rule for rule, _ in clean_lines(dump.splitlines(), PhraseMatcher())[1]}
    named = {r.name for r in TREE_RULES} | {r.name for r in PHRASE_RULES}
    named |= {"link-inline", "link-list", "teaser-list", "title", "outside-main"}
    assert named - fired == set()
