"""cleaners._text: the line-level cruft pass."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from cleaners import clean_text
from cleaners.rules import DEFAULT_RULES
from cleaners._text import (_SENTENCE_END, LONG_LINE_CHARS, LineFilter, PhraseMatcher, clean_lines, ends_sentence, is_byline,
                            is_paragraph, line_reasons, line_score, normalize_phrase, reading_length)

MATCHER = PhraseMatcher()


@pytest.mark.parametrize(
    "line, rule",
    [
        ("No time to read?", "summary-widget"),
        ("Get a summary", "summary-widget"),
        ("» Read more:", "link-announcer"),
        ("PREVIOUS ARTICLE", "link-announcer"),
        ("Auch interessant", "link-announcer"),
        ("Czytaj więcej", "link-announcer"),
        ("Lire aussi", "link-announcer"),
        ("Read more: Council approves the harbour plan", "link-inline"),
        ("Czytaj więcej: Objazdy w centrum potrwają do wiosny", "link-inline"),
        ("Story continues below advertisement", "ads"),
        ("Anzeige", "ads"),
        ("Share this article", "share"),
        ("Accept all", "consent"),
        ("Leave a comment", "comments"),
    ],
)
def test_cruft_phrases_match(line, rule):
    assert MATCHER.match(line).name == rule


@pytest.mark.parametrize(
    "line",
    [
        "The council said it would read more reports before deciding.",
        "Related parties were not consulted, the report found.",
        "Next year the festival moves to June.",
        "Summary judgments are rare in such cases, the court heard.",
    ],
)
def test_prose_that_starts_like_cruft_is_kept(line):
    assert MATCHER.match(line) is None


def test_normalize_phrase_strips_decoration():
    assert normalize_phrase("  » Next Article →  ") == "next article"


def test_announcer_takes_the_following_title_only():
    lines = ["Previous Article", "", "Some other story about boats", "Next Article", "A third story", "Real paragraph of the article."]
    kept, removed = clean_lines(lines, MATCHER)
    assert kept == ["Real paragraph of the article."]
    assert ("link-announcer", "Some other story about boats") in removed


def test_announcer_never_takes_prose():
    kept, _ = clean_lines(["Related", "This sentence is part of the story and ends with a full stop."], MATCHER)
    assert kept == ["This sentence is part of the story and ends with a full stop."]


def test_line_filter_uses_link_hint_when_known():
    f = LineFilter(MATCHER)
    assert f.check("Read also") == "link-announcer"
    assert f.check("A plain unlinked line", linked=False) is None


@pytest.mark.parametrize(
    "line, expected",
    [
        ("By Jane Roe", True),
        ("Von Katrin Möller", True),
        ("Updated: 3 November 2026, 10:04", True),
        ("14 October 2026, 4:05pm", True),
        ("Tomasz Zieliński, 18 listopada 2026", True),
        ("By the end of the year the bridge will be finished, engineers said.", False),
        ("The plan was approved on 3 November 2026 after a long debate in the chamber.", False),
    ],
)
def test_is_byline(line, expected):
    assert is_byline(line) is expected


@pytest.mark.parametrize("line", [
    "Share this on WhatsApp", "Share via Email", "Whatsapp Facebook Pint Baixar", "Facebook | Twitter | Email",
    "Media caption Who is Julian Assange?", "Image copyright Getty Images", "Main article: Firefox",
    "Article détaillé : Histoire de Lyon",
])
def test_more_cruft_lines_in_dumps(line):
    prose = "The council met on Tuesday to discuss the harbour and the ferry timetable for the winter months ahead."
    kept = clean_text(f"{prose}\n\n{line}\n\n{prose.replace('council', 'board')}")
    assert line not in kept and prose in kept


def test_one_share_button_above_a_long_table_leaves_the_table():
    rows = [f"{i} Driver Number{i} {5000 - i} {i % 7} {i % 3} {i % 11} {i % 13}" for i in range(1, 41)]
    text = "\n\n".join(["Share this on WhatsApp", *rows,
                        "The final standings after 36 races of the season, with points, wins, poles and top-ten finishes for every driver."])
    kept = clean_text(text)
    assert "Share this on WhatsApp" not in kept
    assert all(row in kept for row in rows)


PARAGRAPH = "The council met on Tuesday to discuss the harbour and the ferry timetable for the winter months ahead."


@pytest.mark.parametrize("line, rule", [
    ("sexta-feira, 22 de outubro de 2010 às 20:13", "dateline"),
    ("Monday, November 18, 2019, 04:05 pm PT (07:05 pm ET)", "dateline"),
    ("Nov. 20, 2019 Updated: Nov. 20, 2019 1:35 a.m.", "dateline"),
    ("Keith Bradsher contributed reporting from Hong Kong.", "credits"),
    ("Additional reporting by Joseph Hudak", "credits"),
    ("Phil Helsel is a reporter for NBC News.", "credits"),
    ("Photo illustration by Slate. Photo by David Dyer-Bennet.", "media"),
    ("2020 Audi e-tron Sportback Gallery", "media"),
    ("On HoustonChronicle.com: Car sales plunge nearly 17 percent in August", "related-link"),
    ("Plane passengers quarantined after plague outbreak [NEWS]", "related-link"),
    ("Copyright © 2019 MediaNews Group, Inc.", "footer"),
    # the sign the line starts with is read too, though normalize_phrase strips it as decoration
    ("© dpa-infocom, dpa:230428-99-483045/5", "footer"),
    ("© Imago/Zoonar/Phil Bird", "footer"),
    ("© 2011 Example.com", "footer"),
    ("Our Standards: The Thomson Reuters Trust Principles.", "footer"),
    ("Visit Website", "call-to-action"),
    ("1 2 3 4 5 6 7 8", "pagination"),
    ("Want more deals? Join the IGN Deals Newsletter.", "newsletter"),
    ("Самые популярные диеты", "link-announcer"),
    ("Listen: http://po.st/TP_615", "call-to-action"),
    ("Eric Song is IGN's deal curator and spends his pay on stuff he posts.", "credits"),
    ("홍길동 기자 hong@example.co.kr", "credits"),  # a Korean story's sign-off: its reporter
    ("순천, 광양 홍길동 기자", "credits"),
    ("홍길동·김철수 기자", "credits"),
])
def test_more_cruft_lines_match(line, rule):
    assert MATCHER.match(line).name == rule


@pytest.mark.parametrize("line", [
    "7 May 1856",  # a timeline's entry: a date alone is not a timestamp
    "March 2019",
    "The meeting is on Monday, November 18, 2019 at 4 pm.",
    "Stella Kim and the team contributed to the fund",
    "1 3 5 7 9",
    "Source: https://example.com/report",  # a link post's source is its content
    "홍길동 기자가 현장에서 주민들을 만났다.",  # a sentence about a reporter
    "기자들이 국회 앞에 모였다",
])
def test_story_lines_that_look_like_cruft_are_kept(line):
    assert MATCHER.match(line) is None


def test_kicker_headline_pairs_are_a_teaser_box():
    box = ["RANDY ANDY", "Andrew parties in unearthed pics", "TIME TRAVELLER", "Greta spotted in old photo",
           "EYE POPPING", "Man has tricep removed after injecting oil", "Warning"]
    kept, removed = clean_lines([PARAGRAPH, *box, PARAGRAPH.replace("council", "board")], MATCHER)
    assert kept == [PARAGRAPH, PARAGRAPH.replace("council", "board")]
    assert {rule for rule, _ in removed} == {"teaser-list"}


def test_capitalised_subheadings_over_prose_stay():
    lines = [PARAGRAPH, "SCORES QUARANTINED", PARAGRAPH.replace("council", "board"),
             "WHAT YOU NEED", PARAGRAPH.replace("council", "club"), "HOW TO BEGIN", PARAGRAPH.replace("council", "team")]
    assert clean_lines(lines, MATCHER)[0] == lines


def test_announcer_takes_the_short_lines_after_the_story():
    tail = ["Most popular", "Ferry timetable changes", "A quiet year for the allotments.", "Parking on the seafront"]
    kept, removed = clean_lines([PARAGRAPH, PARAGRAPH.replace("council", "board"), *tail], MATCHER)
    assert kept == [PARAGRAPH, PARAGRAPH.replace("council", "board")]
    assert ("announced-section", "Parking on the seafront") in removed


def test_announcer_leaves_the_story_that_goes_on_after_it():
    long_paragraph = PARAGRAPH + " " + PARAGRAPH.replace("council", "board")
    lines = [PARAGRAPH, "Related", "Ferry timetable changes", "Short line one.", long_paragraph]
    kept, _ = clean_lines(lines, MATCHER)
    assert long_paragraph in kept and "Short line one." in kept


def test_a_box_inside_the_story_does_not_cut_off_its_last_paragraph():
    box = ["Advertisement", "Share", "Most popular", "Ferry timetable changes", "Share on Facebook",
           "Tweet", "Email", "Print", "Copy link", "Comments"]
    last = "The last paragraph of the story says what happens next: the ferry keeps its winter timetable until March."
    kept, _ = clean_lines([PARAGRAPH, PARAGRAPH.replace("council", "board"), *box, last], MATCHER)
    assert kept[-1] == last


STORY = [
    "The harbour board voted on Tuesday to rebuild the north pier, which storms closed last winter.",
    "Work starts in April and should take two years, the board said, at a cost of some 40 million.",
    "Fishermen, who have moored at the south quay since the closure, welcomed the decision.",
]


@pytest.mark.parametrize("long_line", [
    # a tag cloud, a menu of languages, markup a dump kept as text: long, unended, no sentence in them
    ", ".join(["harbour news", "north pier", "south quay", "storms 2024", "fishing fleet", "harbour board", "ferry timetable",
               "winter storms", "pier rebuild", "coastal towns", "sea defences", "port budget"] * 4),
    "Select Language " + " ".join(["English", "Afrikaans", "Albanian", "Arabic", "Armenian", "Basque", "Bengali", "Bulgarian",
                                   "Catalan", "Chinese", "Croatian", "Czech", "Danish", "Dutch", "Estonian", "Finnish"] * 3),
    '<img src="https://stats.example.com/?c2=19999701&amp;ns_type=view&amp;name=home&amp;page=' + "x" * 300
    + '" alt="" class="tracking" style="display: none;" />',
])
def test_a_long_line_that_is_no_sentence_does_not_draw_the_story_around_it(long_line):
    # The site's menu, the story, the site's footer with the long line in it. Counted as prose by
    # its length, the long line outweighed the story's paragraphs, and the story went with the
    # menu as outside the article.
    menu = ["Home", "News", "Sport", "Weather", "Jobs", "Contact"]
    footer = ["Contact", "About us", "Privacy", "Advertise", "Terms", "Careers", "Newsletters", "Podcasts",
              "Archive", "Events", "Shop", "Puzzles", "Obituaries", "Letters"]
    assert len(long_line) > sum(map(len, STORY))
    kept, _ = clean_lines([*menu, *STORY, *footer, long_line, *footer], MATCHER)
    assert kept == STORY


@pytest.mark.parametrize("line, prose", [
    ("harbour news, north pier, south quay, storms 2024, fishing fleet, harbour board, ferry timetable, pier rebuild, sea walls", False),
    # a paragraph whose last sentence lost its stop is still prose, when a sentence ends inside it
    ("The board met on Tuesday. It voted to rebuild the north pier and to open the south quay to the ferries as well, by next summer", True),
    ("Die Hafenbehörde hat am Dienstag entschieden. Der Nordpier wird wieder aufgebaut und die Fähren legen bis dahin im Süden an", True),
    ("港务局周二投票决定重建北码头，该码头去年冬天因风暴关闭，渔民们对此表示欢迎并希望工程尽快开始", True),  # CJK: as before
])
def test_line_score_reads_a_long_unended_line_as_prose_only_with_a_sentence_inside(line, prose):
    assert reading_length(line) >= LONG_LINE_CHARS  # long, each Chinese character counted thrice
    assert (line_score(line) > 0) is prose
    if not prose:
        assert line_score(line) == 0.0  # neither the story's weight nor a break in its run


@pytest.mark.parametrize("line, rule", [
    ("Baca juga: Harga BBM naik lagi", "link-inline"),
    ("اقرأ أيضا", "link-announcer"),
    ("यह भी पढ़ें", "link-announcer"),
    ("Xem thêm", "link-announcer"),
    ("Διαβάστε επίσης", "link-announcer"),
    ("延伸阅读", "link-announcer"),
    ("Bagikan", "share"),
    ("Komentar", "comments"),
    ("Abone ol", "newsletter"),
])
def test_cruft_phrases_in_more_languages(line, rule):
    assert MATCHER.match(line).name == rule


@pytest.mark.parametrize("line", ["Penulis: Dewi Lestari", "بقلم: أحمد سالم", "作者：张伟", "Oleh Budi Santoso"])
def test_bylines_in_more_languages(line):
    assert is_byline(line)


def _tsv(name: str) -> list[list[str]]:
    path = Path(__file__).parent / "fixtures" / "texts" / name
    rows = [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    return [row for row in rows if row[0] and not row[0].startswith("#")]


@pytest.mark.parametrize("lang, rule, line", _tsv("cruft-lines.tsv"), ids=lambda v: v[:24])
def test_cruft_lines_in_many_languages(lang, rule, line):
    matched = MATCHER.match(line)
    assert matched is not None, f"{lang}: nothing removes {line!r}"
    assert matched.name == rule


@pytest.mark.parametrize("lang, line", _tsv("story-lines.tsv"), ids=lambda v: v[:24])
def test_story_lines_in_many_languages_stay(lang, line):
    assert MATCHER.match(line) is None


def test_multilingual_cruft_goes_and_the_story_stays_in_a_dump():
    story = [line for _, line in _tsv("story-lines.tsv")]
    cruft = [line for _, _, line in _tsv("cruft-lines.tsv")]
    # the cruft between the story's paragraphs, as a page's boxes leave it in a dump
    mixed = [line for pair in zip(story, cruft) for line in pair]
    cleaned = clean_text("\n\n".join(mixed)).split("\n\n")
    assert cleaned == story


THAI_PARAGRAPHS = [
    "กรุงเทพมหานครเปิดใช้สวนสาธารณะแห่งใหม่ริมแม่น้ำเจ้าพระยาเมื่อวันจันทร์ที่ผ่านมา สวนแห่งนี้มีพื้นที่กว่าสามสิบไร่ และมีทางจักรยานยาวสองกิโลเมตร",
    "ผู้ว่าราชการกรุงเทพมหานครกล่าวว่า สวนจะเปิดให้บริการทุกวันตั้งแต่ห้าโมงเช้าถึงสี่ทุ่ม โดยไม่เก็บค่าเข้าชม และจะมีเจ้าหน้าที่ดูแลความปลอดภัยตลอดเวลา",
    "ชาวบ้านในย่านนั้นต่างแสดงความยินดี เพราะก่อนหน้านี้พื้นที่ดังกล่าวเป็นโกดังเก่าที่ถูกทิ้งร้างมานานกว่ายี่สิบปี และมักมีปัญหาเรื่องความปลอดภัยในยามค่ำคืน",
]


def test_thai_paragraphs_without_sentence_punctuation_are_not_taken_for_headlines():
    # Thai has no full stop: after "Read more" and its headline, the next paragraph is no headline
    lines = ["หน้าแรก", "ข่าว", *THAI_PARAGRAPHS[:2], "อ่านเพิ่มเติม", "น้ำท่วมกรุงเทพฯ คลี่คลาย",
             THAI_PARAGRAPHS[2], "แชร์", "ข่าวล่าสุด", "ราคาทองวันนี้", "ฝนตกหนักภาคใต้"]
    assert clean_text("\n\n".join(lines)).split("\n\n") == THAI_PARAGRAPHS


def test_hindi_sentences_end_with_the_danda():
    story = ["जयपुर में मेट्रो के दूसरे चरण पर बुधवार से यात्री सेवा शुरू हो गई।",
             "नया खंड करीब बारह किलोमीटर लंबा है और इस पर दस स्टेशन हैं।",
             "पहले सप्ताह में यात्रियों को किराए में बीस प्रतिशत की छूट मिलेगी। शहर के व्यापारियों ने नई लाइन का स्वागत किया है।"]
    lines = ["होम", "देश", *story[:2], "यह भी पढ़ें", "शहर के चार बस रूट में बदलाव", story[2],
             "ताज़ा खबरें", "एयरपोर्ट पर नया टर्मिनल"]
    assert clean_text("\n\n".join(lines)).split("\n\n") == story


@pytest.mark.parametrize("text, expected", [
    ("A teaser: the council met on Tuesday.", False),
    ("The council met on Tuesday to discuss the harbour. " * 5, True),
    ("据悉，三号线南段预计明年年底建成。届时全线将与一号线、二号线多次换乘，形成轨道交通网络。", True),
    ("杭州地铁三号线北段正式开通，沿线居民出行时间将缩短一半以上", False),
    ("부산 도시철도 4호선 연장 구간이 24일 개통했다. 정거장 여섯 곳이 새로 생겼고 열차는 6분 간격으로 운행한다.", True),
    (THAI_PARAGRAPHS[0], True),
])
def test_is_paragraph_in_many_scripts(text, expected):
    assert is_paragraph(text) is expected


def test_reading_length_counts_chinese_japanese_and_korean_characters_thrice():
    assert reading_length("Rain") == 4
    assert reading_length("雨が降った。") == 16  # five kana and kanji, one full stop


@pytest.mark.parametrize("line", ["김민수 기자", "홍길동 특파원 hong@yna.co.kr", "文／記者 王小明", "الكاتب: أحمد سالم",
                                  "نوشته: علی رضایی", "Reportagem: Ana Lima"])
def test_bylines_written_other_ways(line):
    assert is_byline(line)


def test_line_reasons_name_what_clean_lines_removes():
    lines = ["Home", "World", PARAGRAPH, "Share this article", PARAGRAPH.replace("council", "board"), "Previous Article",
             "Council approves new budget", PARAGRAPH.replace("council", "club"), "Privacy policy", "Contact us"]
    reasons = line_reasons(lines, MATCHER)
    kept, removed = clean_lines(lines, MATCHER)
    assert [line for line, r in zip(lines, reasons) if r is None] == kept
    assert [(r, line) for line, r in zip(lines, reasons) if r is not None] == removed
    assert reasons[3] == "share" and reasons[6] == "link-announcer"


@pytest.mark.parametrize("line", ["It rained.", "It rained.  ", "Did it?\n", "बारिश हुई।", "雨が降った。", "“Go,” she said”",
                                  "Related stories", "", "   ", "a.b c", "(see below)"])
def test_ends_sentence_is_the_sentence_end_pattern(line):
    assert ends_sentence(line) is bool(_SENTENCE_END.search(line))


@pytest.mark.parametrize("text", ["", "»", "» Read more: ", "__init__", "(c) 2026", "…weiter lesen…", "½ price!", "  中文 。", "a_b", "_", "1."])
def test_strip_edges_is_the_edge_regex(text):
    import re

    from cleaners._text import strip_edges

    assert strip_edges(text) == re.sub(r"^[\W_]+|(?<![\W_])[\W_]+$", "", text)


def test_phrase_matcher_cache_keeps_the_newer_half_when_full():
    matcher = PhraseMatcher()
    matcher.CACHE_SIZE = 10
    lines = [f"A line of the page, number {i}" for i in range(25)] + ["Share this article", "Read more: Another story"]
    answers = [matcher.match(line) for line in lines]
    fresh = PhraseMatcher()
    assert [a and a.name for a in answers] == [a and a.name for a in map(fresh.match, lines)]
    assert answers[-2] is not None and answers[-1] is not None  # the cache never changes an answer
    assert len(matcher._cache) <= 10
    assert lines[-1] in matcher._cache and lines[0] not in matcher._cache  # the newest stay


@pytest.mark.parametrize("pattern, needs", [
    (r"^[^\n]{0,100}(?:©|all rights reserved|copyright \d{4})[^\n]{0,80}$", ("all rights reserved", "copyright ", "©")),
    (r"^(?=[^\n]{0,80}(?:1[89]|20)\d\d)", ("1", "20")),
    (r"^(?:[^\n]{0,80}[.?!] )?(?:join|get) [^\n]{0,60}newsletters?$", ("newsletter",)),
    (r"^[\w.+-]{1,64}@[\w-]{1,63}$", ("@",)),
    (r"^[^\n]{0,60}(?:click|tap)?here$", ("here",)),  # an optional word needs nothing
    (r"^[^\n]{0,60}(?:click|x?)$", ()),  # a choice with a way around every word names none
    (r"^(?i:[^\n]{0,60}share)$", ()),  # flags of its own: `in` would not find its words
    (r"^[^\n]{2,80} (?:gallery|photo gallery)$", ("gallery", "photo gallery")),  # a space tells nothing
])
def test_required_text_names_what_every_match_holds(pattern, needs):
    from cleaners._text import _required_text

    assert _required_text(pattern) == tuple(sorted(needs))


@pytest.mark.parametrize("pattern, starts", [
    # a choice of words and the text after it, as far as it is literal
    (r"^(?:share|teilen) (?:this|it)", ("share this", "share it", "teilen this", "teilen it")),
    (r"^more (?:stories|news)$", ("more stories", "more news")),
    (r"^(?:popular|most read) (?:on|from) [\w ]{1,40}$", ("most read on ", "most read from ", "popular on ", "popular from ")),
    (r"^1 2 3(?: \d{1,3}){0,30}$", ("1 2 3",)),
    (r"^(?:reuters|dpa)(?:/[a-z]{1,5}){1,3}$", ("reuters/", "dpa/")),  # a repeat's first time
    (r"^(?:mit|with)\b (?:dpa|afp)", ("mit dpa", "mit afp", "with dpa", "with afp")),  # \b matches no text
    (r"^(?:(?:x|e-?mail|share)[\s|]*){3,12}$", ()),  # a repeat first: its short words are no start
    (r"^(?:фото ?: ?)?(?:личный архив)", ()),  # an optional word first: it may start without it
    (r"^(?:share|\d+) shares$", ()),  # an alternative that may start with anything
    (r"^[^\n]{0,100}(?:©|all rights reserved)$", ()),  # it scans: no text at the start
    (r"^(?i:share) this", ()),  # flags of its own: the line's case need not be the pattern's
])
def test_start_needs_name_what_every_match_starts_with(pattern, starts):
    from cleaners._text import _start_needs

    assert _start_needs(pattern) == tuple(sorted(starts))


def test_start_needs_stop_where_choices_would_multiply_past_the_cap():
    from cleaners._text import MAX_START_STRINGS, _start_needs

    pattern = "^" + "".join(f"(?:{a * 2}|{b * 2})" for a, b in zip("acegikmoq", "bdfhjlnpr"))
    starts = _start_needs(pattern)
    assert len(starts) == MAX_START_STRINGS == 2 ** 8  # eight choices told, the ninth not
    assert {len(text) for text in starts} == {16}
    assert "aaccee" in starts[0]


def test_gated_patterns_answer_as_one_alternation():
    """Lines that each pattern matches, lines that hold the text a pattern needs without matching
    it, and story lines: the patterns, each tried only on lines holding what it needs (at the
    start, for those that name how they start), name the rule one alternation of every pattern in
    order names."""
    import re

    from cleaners.rules import DEFAULT_RULES

    alternatives, rules = [], {}
    for rule in DEFAULT_RULES.phrase_rules:
        for pattern in rule.patterns:
            rules[f"p{len(alternatives)}"] = rule
            alternatives.append(f"(?P<p{len(alternatives)}>{pattern})")
    one = re.compile("|".join(alternatives))
    lines = [
        "© 2026 example media group", "all rights reserved", "photo: jane roe / getty images", "updated 3 hours ago",
        "click here to read the full report", "sign up for our daily newsletter", "jane roe is a staff writer",
        "published 12:04, 3 november 2026", "the report, published in 2026, runs to 200 pages", "john@example.com",
        "copyright law changed in 1998 and the courts followed.", "a newsletter the mayor sends each week reached us",
        "the council met on monday and approved the harbour plan.", "share this article", "1 2 3 4 5",
        "ich abonniere den newsletter", "vor 3 stunden", "3 分钟前", "jane roe on monday at 10:04 said:",
        "more stories", "read more stories", "popular on example.com", "the most popular on example.com",
        "on example.com: the story goes on", "stories on example.com: more",
    ]
    # every default pattern names what it needs: none is tried on every line
    assert MATCHER._always == 0 and len(MATCHER._patterns) == len(alternatives)
    for line in lines:
        m = one.match(line)
        assert MATCHER._pattern_rule(line) is (rules[m.lastgroup] if m else None), line


def _gated(line: str) -> int:
    found = 0
    for end, (length, in_line, first) in MATCHER._needs.iter(line):
        found |= in_line | (first if end + 1 == length else 0)
    return found


def test_the_gate_finds_each_string_a_pattern_needs_even_inside_another():
    """The gate finds every string the patterns need anywhere wherever it stands: inside a word
    ("ap" in "happy"), inside a longer need ("photo" in "photo gallery"), in scripts beyond
    Latin; and the text a pattern starts with only at the line's start."""
    needs = {text: MATCHER._needs.get(text) for text in MATCHER._needs.keys()}
    for text, (length, in_line, first) in needs.items():
        assert length == len(text)
        for line in (text, f"x{text}y", f"the {text} and more"):
            assert _gated(line) & in_line == in_line, (text, line)
        assert _gated(text + " and more") & first == first
        assert _gated(f"x {text}") & first == 0, text  # not at the start
    assert any(not text.isascii() for text in needs)
    assert any(first for _, _, first in needs.values()) and any(in_line for _, in_line, _ in needs.values())


def test_a_matcher_survives_pickling():
    """A Cleaner goes to --jobs and Dask workers pickled, its matcher and the gate's automaton too."""
    import pickle

    again = pickle.loads(pickle.dumps(PhraseMatcher()))
    names = [getattr(again.match(line), "name", None) for line in (
        "Photo: Jane Roe / Getty Images", "© 2026 Example Media Group", "Jane Roe is a staff writer",
        "The council met on Monday and approved the harbour plan.")]
    assert names == ["media", "footer", "credits", None]


MIXED_LINES = [
    "mit dpa", "  » SDA/sep", "ＭＩＴ ＤＰＡ", "mit\u00a0dpa", "MIT DPA…", "\tmit dpa", "Straße mit dpa", "Reuters/kra Frankfurt",
    "Sendung: hr-iNFO, 25.04.2024", "Box aufklappen Box zuklappen", "REGISTER / SIGN IN TO UNLOCK MORE ARTICLES",
    "이미지 확대보기", "Vis mer", "© dpa", "© 2026 Example Media Group", "Read more: Harbour reopens", "Share", "Photo: Jane Roe / Getty Images",
    "With the harbour reopened, the ferries run again.", "Company news", "community", "paper", "", "x" * 300,
    "The council met on Monday and approved the harbour plan.", "Additional reporting from PA",
]


@pytest.mark.parametrize("rules", ["after-model", "all"])
def test_match_read_names_each_line_as_match_does(rules):
    # a text's lines asked together, their normalised forms remembered: the same answers, in order
    rule_set = dataclasses.replace(DEFAULT_RULES, phrase_rules=DEFAULT_RULES.after_model_rules) if rules == "after-model" else DEFAULT_RULES
    reader, plain = PhraseMatcher(rule_set), PhraseMatcher(rule_set)
    names = [getattr(rule, "name", None) for rule in reader.match_read(MIXED_LINES)]
    assert names == [getattr(plain.match(line), "name", None) for line in MIXED_LINES]
    assert any(names) and not all(names)
    assert reader.match_read([]) == [] and reader.match_read(["The harbour reopened."]) == [None]


@pytest.mark.parametrize("line, rule", [
    # UTF-8 a site's software read as Windows-1252: its "Ã©" holds no copyright sign...
    ("Le cafÃ© du coin a rouvert ses portes lundi, a annoncÃ© la mairie.", None),
    ("Le caf\u00c3\u00a9 du coin", None),
    # ...its labels are named as they read again...
    ("NÃ¤chster Artikel", "link-announcer"),
    ("Ã€ lire aussi", "link-announcer"),
    # ...and a copyright sign misread is still one
    ("Â© 2026 Example Media Group", "footer"),
])
def test_a_line_a_site_misread_is_named_as_it_reads_again(line, rule):
    assert getattr(PhraseMatcher().match(line), "name", None) == rule
    assert [getattr(r, "name", None) for r in PhraseMatcher().match_read([line])] == [rule]
