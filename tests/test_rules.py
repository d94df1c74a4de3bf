"""cleaners.rules: the rule data is well-formed and immutable."""

from __future__ import annotations

import dataclasses

import pytest

from cleaners import Cleaner, CleanerOptions
from cleaners._text import PhraseMatcher
from cleaners.rules import AFTER_MODEL_RULES, DEFAULT_RULES, PHRASE_RULES, TREE_RULES, RuleSet


def test_rule_names_are_unique_per_layer():
    names = [r.name for r in TREE_RULES]
    assert len(names) == len(set(names))
    names = [r.name for r in PHRASE_RULES]
    assert len(names) == len(set(names))


def test_parts_are_lower_case_tokens():
    for rule in TREE_RULES:
        for part in rule.parts:
            assert part == part.lower() and " " not in part, (rule.name, part)


def test_every_rule_has_a_group():
    assert all(r.group for r in TREE_RULES + PHRASE_RULES)


def test_phrases_cover_many_languages():
    announcers = next(r for r in PHRASE_RULES if r.name == "link-announcer").phrases
    for phrase in ("previous article", "auch interessant", "czytaj więcej", "lire aussi", "leia também", "читайте также", "関連記事"):
        assert phrase in announcers


def test_default_rules_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_RULES.max_link_density = 0.9  # type: ignore[misc]


def test_rules_are_extended_by_making_a_new_set():
    slogan = "Port Alder Courier: always on your side"
    custom = dataclasses.replace(DEFAULT_RULES, extra_phrases=frozenset({slogan}))
    assert isinstance(custom, RuleSet)
    assert custom.tree_rules is DEFAULT_RULES.tree_rules
    assert not DEFAULT_RULES.extra_phrases
    story = ["Ferry timetable changes in May",
             "The harbour council said on Tuesday that the night ferry will stop at the old quay until the new pier is built next year.",
             "The council expects the work to take eleven months, and the day service keeps its times."]
    text = "\n\n".join(story[:2] + [slogan] + story[2:])
    # the default rules know nothing of the slogan; the extended set removes it, and names why
    assert Cleaner().clean_text_lines(text) == (story[:2] + [slogan] + story[2:], [])
    assert Cleaner(CleanerOptions(rules=custom)).clean_text_lines(text) == (story, [("extra-phrase", slogan)])


# -- the furniture of news pages in many languages -----------------------------------------

MATCHER = PhraseMatcher()


def _rule(name: str):
    return next(r for r in PHRASE_RULES if r.name == name)


@pytest.mark.parametrize("name, phrases", [
    # one phrase of each language the group is written for, at least
    ("paywall", ("already a subscriber?", "bereits abonnent?", "déjà abonné ?", "ya soy suscriptor", "sei già abbonato?",
                 "já é assinante?", "al abonnee?", "redan prenumerant?", "allerede abonnent?", "zaloguj się",
                 "zaten abone misiniz?", "войти", "تسجيل الدخول", "log masuk", "ingia", "skrá inn", "pieslēgties",
                 "会員限定", "登录", "로그인", "เข้าสู่ระบบ")),
    ("enlarge-image", ("enlarge photo", "bild vergrößern", "agrandir", "ampliar foto", "ingrandisci", "förstora bilden",
                       "forstørr bildet", "forstør billede", "stækka mynd", "powiększ", "büyüt", "увеличить фото",
                       "تكبير الصورة", "besarkan gambar", "写真を拡大", "点击放大", "사진 확대", "ขยายภาพ")),
    ("blocked-embed", ("external content", "externer inhalt", "contenu externe", "contenido externo", "contenuto esterno",
                       "externt innehåll", "eksternt innhold", "eksternt indhold", "treść zewnętrzna", "harici içerik",
                       "外部コンテンツ", "외부 콘텐츠")),
    ("contents", ("table of contents", "inhaltsverzeichnis", "sommaire", "índice", "innhold", "spis treści",
                  "содержание", "içindekiler", "目次", "目录", "목차", "جدول المحتويات")),
])
def test_news_furniture_groups_speak_many_languages(name, phrases):
    assert set(phrases) <= _rule(name).phrases


@pytest.mark.parametrize("line, name", [
    ("Already a subscriber?", "paywall"),
    ("Bereits Abonnent?", "paywall"),
    ("有料会員になると会員限定の有料記事もお読みいただけます。", "paywall"),
    ("［有料会員限定］ この記事は会員限定です。電子版に登録すると続きをお読みいただけます。", "paywall"),
    ("登录后阅读全文", "paywall"),
    ("Il vous reste 75% de cet article à lire.", "paywall"),
    ("You have reached your limit of free articles this month.", "paywall"),
    ("사진 크게보기", "enlarge-image"),
    ("Empfohlener redaktioneller Inhalt", "blocked-embed"),
    ("An dieser Stelle finden Sie einen externen Inhalt von YouTube, der den Artikel ergänzt.", "blocked-embed"),
    ("This video can't be displayed because of your cookie settings.", "blocked-embed"),
    ("To view this content, please enable cookies.", "blocked-embed"),
    ("Dette innholdet er blokkert fordi du ikke har godtatt informasjonskapsler.", "blocked-embed"),
    ("KEY EVENT", "live-blog"),
    ("20:42 KEY EVENT", "live-blog"),
    ("この記事を書いた人", "author-box"),
    ("In this article", "contents"),
    ("Kļūda rakstā?", "report-error"),
    ("Fehler gefunden?", "report-error"),
    ("Bildquelle: dpa", "media"),
    ("撮影・山田太郎", None),  # a credit without its label's colon stays: it may be the caption's end
    ("Foto: NTB", "media"),
    ("ลงโฆษณากับประชาไท", "advertise-with-us"),
    ("Werben bei uns", "advertise-with-us"),
])
def test_news_furniture_lines_match(line, name):
    rule = MATCHER.match(line)
    assert (rule.name if rule else None) == name


@pytest.mark.parametrize("line", [
    # the same words inside a story's sentences
    "Die Plattform muss externe Inhalte von Drittanbietern prüfen, sagte der Minister.",
    "Please accept the terms, the minister said.",
    "会員の皆さまに新しいサービスをお知らせします。",
    "The meeting was at 10:00, an hour before the vote.",
    "4:14 p.m.",  # a timeline's entry
    "5.44",  # a figure of a table
    "Subscribers to the service can read the report online, the company said in a statement on Monday.",
    "Der Inhalt des Gesetzes ist umstritten.",
    "Advertisers pulled out of the deal last year.",
])
def test_story_sentences_do_not_match_the_furniture(line):
    assert MATCHER.match(line) is None


AFTER_MODEL = PhraseMatcher(dataclasses.replace(DEFAULT_RULES, phrase_rules=AFTER_MODEL_RULES))


@pytest.mark.parametrize("line, rule", [
    # a news agency's share in the story, on a line of its own
    ("mit dpa", "credits"),
    ("Mit Agenturmaterial.", "credits"),
    ("With AFP and Reuters", "credits"),
    ("SDA/sep", "credits"),
    ("Reuters/kra Frankfurt", "credits"),
    ("Additional reporting from PA", "credits"),
    # a broadcaster's programme note under the story
    ("Sendung: hr-iNFO, 25.04.2024, 10.45 Uhr", "credits"),
    ("Dieses Thema im Programm:", "credits"),
    ("Über dieses Thema berichtet: BR24 Radio am 14.04.2026 um 17:50 Uhr.", "credits"),
    ("이미지 확대보기", "enlarge-image"),
    ("Vis mer", "call-to-action"),
    ("Box aufklappen Box zuklappen", "call-to-action"),
    ("Bildbeschreibung ausklappen", "call-to-action"),
    ("Create an account or sign in to continue with your reading experience.", "paywall"),
    ("REGISTER / SIGN IN TO UNLOCK MORE ARTICLES", "paywall"),
    ("This article is free to read. Register to unlock.", "paywall"),
])
def test_after_model_rules_name_lines_no_true_text_keeps(line, rule):
    assert AFTER_MODEL.match(line).name == rule


@pytest.mark.parametrize("line", [
    "AFP reported that the ministry had closed the border crossing on Monday.",  # an agency in a sentence
    "Mit dem Auto nach Berlin",
    "Sendungen im Überblick",
    "Reuters",
    "Sign in",
])
def test_after_model_rules_leave_story_lines(line):
    assert AFTER_MODEL.match(line) is None


def test_after_model_rules_are_named_as_phrase_rules_of_their_kind():
    # a removal reads the same whichever set named it (the report and explain group by name)
    groups = {r.name: r.group for r in PHRASE_RULES}
    assert all(groups.get(r.name) == r.group for r in AFTER_MODEL_RULES)
    assert DEFAULT_RULES.after_model_rules == AFTER_MODEL_RULES
