"""cleaners._learn: a dump's site templates and titles, learned in a first pass."""

from __future__ import annotations

from cleaners import Cleaner
from cleaners._learn import Learner

TEMPLATE = ["Harbour Gazette", "Home | News | Sport", "Subscribe to the print edition today"]


def site_records(n: int = 6) -> list[dict]:
    records = []
    for i in range(n):
        body = [f"Story number {i} begins with a sentence long enough to be the article's own prose, as stories do.",
                f"It goes on with a second paragraph about topic {i}, which no other page of the site repeats."]
        records.append({"url": f"https://gazette.example/news/{i}", "title": f"Story number {i} of the week",
                        "text": "\n".join(TEMPLATE[:2] + body + TEMPLATE[2:])})
    return records


def test_lines_repeated_across_a_site_are_template():
    learner = Learner()
    for r in site_records():
        learner.add(r["text"], r["url"], r["title"])
    learned = learner.result()
    assert learned.reason("Home | News | Sport", "https://gazette.example/x") == "site-template"
    assert learned.reason("Home | News | Sport", "https://other.example/x") is None
    assert learned.reason("Story number 2 begins with a sentence", "https://gazette.example/x") is None


def test_other_records_titles_are_links_but_not_the_own_title():
    learner = Learner()
    for r in site_records():
        learner.add(r["text"], r["url"], r["title"])
    learned = learner.result()
    assert learned.reason("Story number 3 of the week", own_title="Story number 1 of the week") == "other-title"
    assert learned.reason("Story number 3 of the week", own_title="Story number 3 of the week") is None


def test_few_pages_teach_nothing():
    learner = Learner()
    for r in site_records(2):
        learner.add(r["text"], r["url"])
    assert learner.result().template == {}


def test_cleaner_learn_then_clean_text():
    records = site_records()
    cleaner = Cleaner()
    cleaner.learn(records)
    text = records[0]["text"] + "\nStory number 4 of the week"
    cleaned = cleaner.clean_text(text, url=records[0]["url"], title=records[0]["title"])
    assert cleaned.startswith("Story number 0 begins")
    assert "Home | News" not in cleaned and "Subscribe" not in cleaned and "number 4 of the week" not in cleaned


def test_a_dump_written_as_markdown_is_learned_as_clean_text_reads_it():
    # the template's lines as Markdown writes them (links with their addresses, list marks): what
    # is learned is the text they show, the lines clean_text weighs
    records = site_records()
    for i, r in enumerate(records):
        menu = "  * [Home](https://gazette.example/)\n  * [News](https://gazette.example/news/)\n  * [Sport](https://gazette.example/sport/)"
        r["text"] = (f"{menu}\n\n" + r["text"].split("\n", 2)[2].replace("\n", "\n\n")
                     + f"\n\n[Subscribe](https://gazette.example/subscribe?from={i}) to the print edition today")
    learner = Learner()
    for r in records:
        learner.add(r["text"], r["url"], r["title"])
    learned = learner.result()
    for line in ("Home", "Sport", "Subscribe to the print edition today"):
        assert learned.reason(line, "https://gazette.example/x") == "site-template"
    cleaner = Cleaner(learned=learned)
    cleaned = cleaner.clean_text(records[0]["text"], url=records[0]["url"], title=records[0]["title"])
    assert cleaned.startswith("Story number 0 begins") and "Subscribe" not in cleaned


def test_sampling_keeps_memory_bounded():
    learner = Learner(sample=5)
    for r in site_records(50):
        learner.add(r["text"], r["url"])
    assert learner._pages["gazette.example"] == 5


def test_reasons_for_one_record_agree_with_reason():
    learner = Learner()
    for r in site_records():
        learner.add(r["text"], r["url"], r["title"])
    learned = learner.result()
    lines = [*TEMPLATE, "Story number 3 of the week", "Story number 1 of the week", "  ", "A line of its own."]
    for url in ("https://gazette.example/x", "https://other.example/x", None):
        for own in ("Story number 1 of the week", None):
            reason = learned.reasons_for(url, own)
            assert [reason(line) for line in lines] == [learned.reason(line, url, own) for line in lines]
