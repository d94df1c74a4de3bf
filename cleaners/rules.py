"""The cleaner's removal rules, as data.

Rules are grouped by the kind of cruft they remove; every rule has a name (it shows up in
``CleanResult.removed``, in ``python -m cleaners explain`` and in the crawl stats as
``cleaner/rule_hit_count/<name>``) and a comment saying why it exists. The code that applies
them lives in ``cleaners._extract`` and ``cleaners._text``.

Class and id attributes are matched by *token*, never by substring: ``class="share-bar"`` has
the tokens ``share-bar`` and the parts ``share`` and ``bar``; "related" matches the part
``related`` but never "unrelated" or "elated".

To change the rules, build a new :class:`RuleSet` (``dataclasses.replace(DEFAULT_RULES, ...)``)
and pass it to :class:`cleaners.Cleaner`; the defaults are immutable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["TreeRule", "PhraseRule", "RuleSet", "DEFAULT_RULES"]


@dataclass(frozen=True)
class TreeRule:
    """Removes elements whose class/id parts, tag, role or attribute match."""

    name: str
    group: str
    #: class/id parts (split on "-", "_", camelCase) or whole tokens that mark the cruft
    parts: frozenset[str] = frozenset()
    #: tag names that are always this cruft
    tags: frozenset[str] = frozenset()
    #: ARIA roles that are this cruft
    roles: frozenset[str] = frozenset()
    #: (attribute, value) pairs, value compared lower-cased
    attrs: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class PhraseRule:
    """Removes text blocks or lines that consist of one of these phrases (any language)."""

    name: str
    group: str
    #: whole-line phrases, compared case-folded with trailing punctuation and arrows stripped
    phrases: frozenset[str]
    #: True when the phrase announces that the next short line(s) are another story's title
    announces_link: bool = False
    #: True when the phrase may carry its value on the same line ("Filed under: Politics")
    inline: bool = False
    #: regular expressions for whole lines, matched against the case-folded line stripped of
    #: edge punctuation; each is anchored and bounded, so it runs in linear time
    patterns: tuple[str, ...] = ()


def _f(*words: str) -> frozenset[str]:
    return frozenset(words)


# --- Tree rules ----------------------------------------------------------------------------

TREE_RULES: tuple[TreeRule, ...] = (
    # Site navigation, menus, breadcrumbs and pagination: the same on every page of a site.
    TreeRule(
        "navigation",
        "navigation",
        parts=_f("nav", "navbar", "navigation", "menu", "menubar", "breadcrumb", "breadcrumbs",
                 "pagination", "pager", "skip", "skiplink", "masthead", "topbar", "sitenav",
                 "megamenu", "submenu", "dropdown", "hamburger", "offcanvas"),
        tags=_f("nav"),
        roles=_f("navigation", "menubar", "menu", "banner", "search"),
    ),
    # Page-level header and footer regions (the article's own <header> is handled by position).
    TreeRule(
        "site-footer",
        "navigation",
        parts=_f("footer", "colophon", "copyright", "sitemap"),
        roles=_f("contentinfo"),
    ),
    # Sidebars and widget areas beside the article.
    TreeRule(
        "sidebar",
        "navigation",
        parts=_f("sidebar", "widget", "widgets", "rail", "aside", "secondary"),
        tags=_f("aside"),
        roles=_f("complementary"),
    ),
    # Share bars and social buttons ("Share on Facebook", "Tweet", "Email this").
    TreeRule(
        "share",
        "share",
        parts=_f("share", "sharing", "sharebar", "shares", "social", "sociallinks", "socials",
                 "addthis", "sharethis", "shariff", "sharer", "sharetools", "tweet",
                 "whatsapp", "facebook", "twitter", "linkedin", "pinterest", "print", "toolbar",
                 "tools", "utility", "bookmark", "bookmarks", "follow",
                 # share in es, pt, fr, de, it, pl, tr, id
                 "compartir", "compartilhar", "partage", "partager", "teilen", "condividi",
                 "udostepnij", "paylas", "bagikan", "sdilet", "distribuie", "megosztas",
                 # Chinese (pinyin) and Vietnamese class names
                 "fenxiang", "chiase"),
    ),
    # Newsletter, subscription, registration and paywall boxes.
    TreeRule(
        "newsletter",
        "newsletter",
        parts=_f("newsletter", "newsletters", "subscribe", "subscription", "subscriptions",
                 "signup", "optin", "regwall", "login", "register",
                 "membership", "donate", "donation", "cta", "upsell", "mailchimp"),
    ),
    # Cookie and consent banners, GDPR notices.
    TreeRule(
        "consent",
        "consent",
        parts=_f("cookie", "cookies", "consent", "gdpr", "cmp", "onetrust", "privacy", "didomi",
                 "cookiebanner", "cookiebar"),
        attrs=frozenset({("aria-label", "cookie banner"), ("aria-label", "cookie consent")}),
    ),
    # Advertising slots and sponsored content.
    TreeRule(
        "ads",
        "ads",
        parts=_f("ad", "ads", "advert", "adverts", "advertisement", "advertising", "adslot",
                 "adunit", "adsense", "adsbygoogle", "dfp", "gpt", "banner", "sponsor",
                 "sponsored", "promo", "promoted", "promotion", "outbrain", "taboola", "teads",
                 "commercial", "anzeige", "werbung", "publicidad", "publicite", "reklama",
                 "publicidade", "pubblicita", "reklam", "iklan", "quangcao", "advertentie",
                 "annons", "mainos", "hirdetes", "guanggao"),
        tags=_f("ins"),
    ),
    # Links to other stories: related, recommended, most read, read next, previous/next article.
    TreeRule(
        "related",
        "related",
        parts=_f("related", "relatedposts", "recommended", "recommendations", "recommendation",
                 "recirc", "recirculation", "trending", "popular", "mostread", "mostpopular",
                 "readmore", "readnext", "morestories", "moreposts", "morenews", "upnext",
                 "teaser", "teasers", "postnav", "nextprev", "prevnext", "previous", "next",
                 "adjacent", "suggested", "suggestions", "youmaylike", "also", "alsoread",
                 "more",
                 # related (es/pt, it, de, nl, sv, no, da, pl, id, vi) and "also" (fr, it, pt,
                 # id, nl): "noticias-relacionadas", "leggi-anche", "baca-juga"
                 "relacionadas", "relacionados", "relacionada", "relacionado", "correlati",
                 "correlate", "verwandte", "gerelateerd", "relaterade", "relaterte", "relaterede",
                 "powiazane", "terkait", "lienquan", "aussi", "anche", "tambem", "juga",
                 "ilgili", "polecane", "souvisejici", "similare", "kapcsolodo", "tinlienquan",
                 "xemthem", "xemnhieu",
                 # Chinese (pinyin): related, recommended, popular
                 "xiangguan", "tuijian", "remen",
                 # most read (de, es, pt)
                 "meistgelesen", "leidas", "lidas"),
    ),
    # Comment sections and their forms.
    TreeRule(
        "comments",
        "comments",
        parts=_f("comment", "comments", "commentlist", "disqus", "respond", "reply", "replies",
                 "discussion", "discourse", "coral", "talk", "reactions", "feedback",
                 # es/pt, de, fr, it, nl, tr, id/pl, vi
                 "comentarios", "kommentare", "commentaires", "commenti", "reacties", "yorum",
                 "yorumlar", "komentar", "komentarze", "binhluan", "komentare", "pinglun"),
    ),
    # Author boxes, bylines, datelines and tag lists: metadata, not article text.
    TreeRule(
        "byline",
        "metadata",
        parts=_f("byline", "author", "authors", "bio", "dateline", "meta", "postmeta",
                 "entrymeta", "timestamp", "date", "published", "updated", "tags", "tag",
                 "taglist", "keywords", "topics", "categories", "category", "rating",
                 "readtime", "readingtime",
                 # the same in other languages: author (es/pt/pl/cs, it, fr, de, id, tr), date
                 "autor", "autore", "auteur", "verfasser", "penulis", "yazar", "fecha", "datum",
                 "tanggal", "tarih", "etiquetas", "schlagworte"),
        attrs=frozenset({("rel", "author")}),
    ),
    # "No time to read? Get a summary", audio players, "listen to this article" widgets.
    TreeRule(
        "summary-widget",
        "widgets",
        parts=_f("summary", "summarize", "summarise", "tldr", "audio", "audioplayer", "listen",
                 "podcast", "video", "gallery", "slideshow", "carousel", "modal",
                 "overlay", "toast", "alert", "notification", "poll", "quiz", "survey"),
    ),
    # Photo captions and credits ("(Image: Getty)", "Photo: Reuters"): they label pictures the
    # text does not carry, and read as stray lines in the middle of the story.
    TreeRule(
        "caption",
        "media",
        parts=_f("caption", "captions", "figcaption", "credit", "credits", "imagecredit",
                 "photocredit", "wpcaptiontext", "copyright-image", "image-source",
                 # the same in other languages: de, fr, es, it, pt/pl
                 "bildunterschrift", "bildtext", "legende", "piedefoto", "piefoto", "fotopie",
                 "leyenda", "didascalia", "legenda"),
        tags=_f("figcaption"),
    ),
    # Text laid over charts and maps made with ai2html (a newsroom tool: the Times, the Post,
    # Reuters and many more): axis labels and figures, repeated once per screen size.
    TreeRule(
        "chart",
        "graphics",
        parts=_f("ai2html", "artboard"),
    ),
    # Screen-reader-only and hidden helper text ("opens in a new window").
    TreeRule(
        "hidden",
        "hidden",
        parts=_f("hidden", "hide", "invisible", "sronly", "screenreader", "visuallyhidden",
                 "offscreen", "noprint", "dnone"),
        attrs=frozenset({("aria-hidden", "true"), ("hidden", "")}),
    ),
)

# Parts that, seen on an element, mark it as the article body: tree rules never remove such an
# element or its ancestors (a rule on "post-tags" must not take "post-content" with it).
CONTENT_PARTS: frozenset[str] = _f(
    "articlebody", "article-body", "entry-content", "post-content", "story-body", "storybody",
    "article-content", "articlecontent", "post-body", "postbody", "entry-body", "story-content",
    "main-content", "maincontent", "article-text", "articletext", "body-text", "bodytext",
    "td-post-content", "field-body", "rich-text", "richtext", "content-body", "text-body",
    "article__body", "article__content", "story__body", "post__content", "entry__content",
    "c-article-body", "paywall-content",
)

# Parts that, seen on an element or one of its nearest ancestors, mark a box that holds a
# picture with its caption or credit ("image top", "photo-wrap", "wp-caption"): the text in it
# describes the picture, not the story (the story's lead never comes from one).
PICTURE_PARTS: frozenset[str] = _f(
    "figure", "image", "img", "photo", "picture", "pic", "caption", "captions", "figcaption",
    "credit", "imagecredit", "photocredit", "wpcaptiontext", "thumbnail", "lightbox",
)
# Tags of the same boxes.
PICTURE_TAGS: frozenset[str] = _f("figure", "figcaption", "picture")

# A photo's caption told by its words, for the line model (a feature it weighs, not a rule):
# captions written as sentences read like the story's own lines in a text dump, and the true
# texts leave them out. A line is marked when it opens with a caption's label ("Caption: ...",
# "Legende: ...") or ends with a picture credit: a credit label ("... Foto: Privat"), a "©", or an
# agency or picture library in brackets or after a slash ("... (Adel Hana/AP)", "... /dpa").
# The words are common nouns of many languages and the agencies any newsroom credits.
CAPTION_LABELS: frozenset[str] = _f(
    "caption", "image caption", "photo caption", "media caption", "legend", "cutline",
    "legende", "bildunterschrift", "bildlegende", "légende", "leyenda", "pie de foto", "didascalia",
    "legenda", "legenda da foto", "bijschrift", "onderschrift", "bildtext", "billedtekst", "bildetekst",
    "myndatexti", "kuvateksti", "pildiallkiri", "paraksts", "podpis", "popisek", "popis",
    "képaláírás", "подпись", "підпис", "надпис", "λεζάντα", "altyazı", "chú thích", "keterangan",
    "keterangan foto", "写真説明", "写真キャプション", "图片说明", "圖片說明", "图说", "圖說", "사진설명",
    "사진 설명", "תיאור", "شرح الصورة", "کپشن",
)
# Words that label a picture's credit: "Photo: ...", "Foto: ...", "Bild: ...".
CREDIT_LABELS: frozenset[str] = _f(
    "photo", "photos", "image", "images", "picture", "pictures", "photograph", "credit", "credits",
    "photo credit", "image credit", "source", "illustration", "video", "foto", "fotos", "bild", "bilder",
    "bildquelle", "quelle", "fotó", "fot", "zdjęcie", "фото", "фотография", "снимка", "kuva", "kuvat",
    "bilde", "billede", "mynd", "crédit", "crédits", "crédito", "créditos", "credito", "fotografía",
    "fotografia", "imagen", "immagine", "afbeelding", "beeld", "fotoğraf", "görsel", "ảnh", "gambar",
    "φωτογραφία", "φωτ", "צילום", "صورة", "عکس", "फोटो", "ছবি", "写真", "撮影", "画像", "提供", "图",
    "圖", "图片", "圖片", "摄影", "攝影", "사진", "ภาพ",
)
# Picture agencies and libraries: a photo's credit wherever they are named ("(Getty Images)").
PICTURE_AGENCIES: frozenset[str] = _f(
    "getty", "getty images", "imago", "imago images", "shutterstock", "istock", "istockphoto", "alamy",
    "picture alliance", "picture-alliance", "keystone", "ap photo", "afp photo", "reuters photo", "epa",
    "epa-efe", "sipa", "abaca", "zuma", "zuma press", "nurphoto", "sopa images", "cover images", "eyevine",
    "rex", "rex features", "wenn", "scanpix", "lehtikuva", "pa images", "action press", "ddp images",
    "unsplash", "pexels", "pixabay",
)
# News agencies: a photo's credit after a photographer's name ("(Jane Roe/AP)", "REUTERS/Jane
# Roe"), but alone in brackets at a paragraph's end the sign-off of a wire story ("... (Kyodo)").
NEWS_AGENCIES: frozenset[str] = _f(
    "ap", "associated press", "the associated press", "afp", "reuters", "efe", "dpa", "anp", "belga",
    "ansa", "apa", "aap", "pa", "pa wire", "pap", "čtk", "ctk", "tasr", "mti", "ntb", "tt", "ritzau", "kyodo",
    "jiji", "yonhap", "xinhua", "anadolu", "tass", "ria novosti", "sputnik", "bloomberg", "europa press",
    "pti", "ians", "ani", "共同", "共同通信", "時事", "新华社", "新華社", "中新社", "연합뉴스", "뉴시스", "뉴스1",
)

# What the words in the brackets that close a line say it is the caption of: a credit's label
# last in them ("... beauties (Photos)", "... review [Video]", "...で（潟沼義樹撮影）", "（警視庁提供）"),
# or a picture from the archive, or one that stands for the story ("... hat. (Archivbild)").
# After the line model has decided, a line kept with such a note goes (a guard, `caption_lines`).
PICTURE_NOTE_WORDS: frozenset[str] = CREDIT_LABELS | _f(
    "file photo", "file image", "archive photo", "archive image", "archivbild", "archivfoto",
    "symbolbild", "symbolfoto", "archiefbeeld", "archieffoto", "arkivbild", "arkivfoto",
    "photo d'archive", "image d'archive", "photo d'illustration", "foto de archivo", "imagen de archivo",
    "foto d'archivio", "foto de arquivo", "资料图", "資料圖", "资料照片", "資料照片", "資料写真", "자료사진",
)

# Tags whose content is never article text.
JUNK_TAGS: frozenset[str] = _f(
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "button", "input", "select", "textarea", "option", "label", "link", "meta", "head", "title",
    "map", "area", "audio", "video", "source", "track", "picture", "img", "dialog", "menu",
)

# The label of a comment's reply link or button, in many languages. Three or more boxes side by
# side, each with one, are a comment thread whatever the page's class names say.
REPLY_LABELS: frozenset[str] = _f(
    "reply", "reply to this comment", "antworten", "répondre", "responder", "rispondi", "odpowiedz",
    "ответить", "відповісти", "yanıtla", "cevapla", "balas", "trả lời", "回复", "回覆", "返信", "답글",
    "답글쓰기", "svara", "svar", "vastaa", "beantwoorden", "odpovědět", "odpovedať", "válasz",
    "răspunde", "απάντηση", "הגב", "پاسخ", "رد", "جواب دیں", "जवाब दें", "উত্তর দিন", "ตอบกลับ",
)

# --- Text rules -----------------------------------------------------------------------------

# What a byline starts with before the author's name: "By Jane Roe", "Penulis: Dewi Lestari",
# "بقلم: أحمد سالم", "作者：张伟". Used to find bylines in text and to strip them from names.
BYLINE_PREFIXES: tuple[str, ...] = (
    "written by", "posted by", "words by", "text by", "story by",
    "by", "von", "par", "por", "di", "door", "av", "af", "przez", "от", "автор", "text", "texto",
    "geschrieben von", "escrito por", "scritto da", "skrevet af", "skrevet av", "skriven av",
    "oleh", "penulis", "tác giả", "yazar", "yazan", "autor", "autorka", "szerző", "írta",
    "από", "του", "της", "بقلم", "كتب", "كتبت", "نویسنده", "מאת", "लेखक", "द्वारा",
    "作者", "撰文", "文", "記者", "记者", "โดย", "автор текста", "аўтар",
    "reportagem", "reportaje", "reportage", "الكاتب", "نوشته",
)
# Connectives between several authors' names: "Ana Lima e João Reis", "Budi dan Siti".
AUTHOR_CONNECTIVES: tuple[str, ...] = (
    "and", "und", "et", "y", "e", "i", "en", "och", "og", "ja", "dan", "và", "ve", "és", "și", "и",
    "και",
)

# The words a timestamp line is made of, besides numbers: months, weekdays, labels, time zones.
DATE_MONTHS: frozenset[str] = frozenset("""
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    januar februar märz mai juni juli oktober dezember jänner
    janvier février fevrier mars avril juin juillet août aout septembre octobre novembre décembre
    enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre
    diciembre janeiro fevereiro março maio junho julho setembro outubro dezembro
    gennaio febbraio aprile maggio giugno luglio settembre ottobre
    januari februari maart mei augustus
    stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada
    grudnia января февраля марта апреля мая июня июля августа сентября октября ноября декабря
    ocak şubat nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık
    maret agustus desember maj augusti
    tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta elokuuta
    syyskuuta lokakuuta marraskuuta joulukuuta
    ledna února března dubna května června července srpna září října listopadu prosince
    ianuarie februarie martie aprilie iunie iulie septembrie octombrie noiembrie decembrie
    január február március április május június július augusztus szeptember október
    січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня
    ιανουαρίου φεβρουαρίου μαρτίου απριλίου μαΐου ιουνίου ιουλίου αυγούστου σεπτεμβρίου
    οκτωβρίου νοεμβρίου δεκεμβρίου
    يناير فبراير مارس أبريل ابريل مايو يونيو يوليو أغسطس اغسطس سبتمبر أكتوبر اكتوبر نوفمبر ديسمبر
""".split())
DATE_WEEKDAYS: frozenset[str] = frozenset("""
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri
    sat sun montag dienstag mittwoch donnerstag freitag samstag sonntag
    lundi mardi mercredi jeudi vendredi samedi dimanche
    lunes martes miércoles jueves viernes sábado domingo
    segunda terça quarta quinta sexta feira
    lunedì martedì mercoledì giovedì venerdì sabato domenica
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
    poniedziałek wtorek środa czwartek piątek sobota niedziela
    понедельник вторник среда четверг пятница суббота воскресенье
    senin selasa rabu kamis jumat sabtu minggu
    måndag tisdag onsdag torsdag fredag lördag söndag mandag tirsdag lørdag søndag
    maanantai tiistai keskiviikko torstai perjantai lauantai sunnuntai
    pondělí úterý středa čtvrtek pátek neděle
    luni marți miercuri joi vineri sâmbătă duminică
    hétfő kedd szerda csütörtök péntek szombat vasárnap
    pazartesi salı çarşamba perşembe cuma cumartesi pazar
    понеділок вівторок середа четвер пʼятниця субота неділя
    الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد
    thứ
""".split())
# Month names in order, one language a line (nominative and genitive forms where they differ),
# for reading a date written out in a page's text ("3. März 2026", "March 3, 2026").
MONTH_NAMES: tuple[str, ...] = (
    "january february march april may june july august september october november december",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "jänner februar märz april mai juni juli august september oktober november dezember",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "januari februari maart april mei juni juli augustus september oktober november december",
    "januari februari mars april maj juni juli augusti september oktober november december",
    "januar februar marts april maj juni juli august september oktober november december",
    "januar februar mars april mai juni juli august september oktober november desember",
    "januari februari maret april mei juni juli agustus september oktober november desember",
    "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
)
# Abbreviated month names (English; the others' first three letters are read as theirs).
MONTH_ABBREVIATIONS: tuple[str, ...] = (
    "jan feb mar apr may jun jul aug sep oct nov dec", "jan feb mar apr may jun jul aug sept oct nov dec",
)
# Labels before a date: "Updated 3 Nov", "Veröffentlicht am", "Mis à jour le".
UPDATE_LABELS: tuple[str, ...] = (
    "updated", "last updated", "published", "first published", "posted", "aktualisiert",
    "veröffentlicht", "mis à jour", "publié", "actualizado", "publicado", "atualizado",
    "aggiornato", "pubblicato", "opublikowano", "zaktualizowano", "güncelleme", "güncellendi",
    "yayınlanma", "cập nhật", "diperbarui", "dipublikasikan", "publicerad", "uppdaterad",
    "oppdatert", "publisert", "opdateret", "udgivet", "gepubliceerd", "bijgewerkt",
    "aktualizováno", "publikováno", "julkaistu", "päivitetty", "actualizat", "publicat",
    "frissítve", "publikálva", "обновлено", "опубликовано", "оновлено", "опубліковано",
    "дата публикации", "aktualizace", "yayın tarihi", "güncellenme", "đăng lúc",
    "最終更新", "更新日時", "配信日時", "公開日", "更新时间", "发布时间", "發布時間", "입력", "수정",
    "업데이트",
)
DATE_LABELS: frozenset[str] = frozenset(label for label in UPDATE_LABELS if " " not in label)
# Labels that say a date is a revision's, not the publication's: "Last updated", "Reviewed on",
# "Aktualisiert am", "Mis à jour le" (the words that end the label, before the date).
MODIFIED_LABELS: tuple[str, ...] = (
    "updated", "modified", "reviewed", "revised", "refreshed", "aktualisiert", "geändert", "mis à jour",
    "modifié", "actualizado", "modificado", "atualizado", "revisado", "aggiornato", "modificato",
    "zaktualizowano", "güncellendi", "güncelleme", "güncellenme", "cập nhật", "diperbarui", "uppdaterad",
    "oppdatert", "opdateret", "bijgewerkt", "aktualizováno", "päivitetty", "actualizat", "frissítve",
    "обновлено", "оновлено", "最終更新", "更新日時", "更新时间", "수정", "업데이트",
)
# Labels that say a date is the publication's: "Published", "Veröffentlicht am", "Publié le" (the
# date labels that are not a revision's).
PUBLISHED_LABELS: tuple[str, ...] = (
    "published", "first published", "posted", "veröffentlicht", "publié", "publicado", "pubblicato",
    "opublikowano", "yayınlanma", "dipublikasikan", "publicerad", "publisert", "udgivet", "gepubliceerd",
    "publikováno", "julkaistu", "publicat", "publikálva", "опубликовано", "опубліковано",
    "дата публикации", "yayın tarihi", "đăng lúc", "配信日時", "公開日", "发布时间", "發布時間", "입력",
)
DATE_GLUE: frozenset[str] = frozenset("""
    de del do da às as a à at on um am le el il the of et mis jour em alle om op kl klo den г года
    am pm a.m p.m h uhr hs hrs
    hai ba tư năm sáu bảy chủ nhật
    wib wita wit msk kst hkt sgt cat eat wat sast
    gmt utc cet cest est edt cst cdt mst mdt pst pdt pt ct mt bst ist jst aest aedt brt
""".split())


def alternation(words: "Iterable[str]") -> str:
    """The words as one regex alternation, escaped, longest first (so "march" is tried before
    "mar", "written by" before "by")."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _timestamp_pattern() -> str:
    """A line made only of date words and numbers, with a year and a time, weekday or label.

    Every token must be followed by a separator or the end, so the pattern never backtracks
    over the ways of splitting one word.
    """
    token = rf"(?:{alternation(DATE_MONTHS | DATE_WEEKDAYS | DATE_LABELS | DATE_GLUE)}|\d{{1,2}}h\d{{2}}|\d{{1,4}}(?:st|nd|rd|th|h|er|º)?)"
    marker = rf"(?:\d{{1,2}}[:.h]\d{{2}}|{alternation(DATE_WEEKDAYS | DATE_LABELS)})"
    return (
        rf"^(?=[^\n]{{0,80}}(?<!\d)(?:1[89]|20)\d\d(?!\d))(?=[^\n]{{0,80}}\b{marker}\b)"
        # CJK dates and times put their unit after the number: 2026年11月25日, 2026년 11월 25일
        rf"(?:{token}(?:[\s,./:()|+\u2013\u2014\-年月日时時分년월일시분]+|$)){{3,16}}$"
    )


PHRASE_RULES: tuple[PhraseRule, ...] = (
    # Lines that announce a link to another story: the line itself and the title after it go.
    PhraseRule(
        "link-announcer",
        "related",
        phrases=_f(
            # en
            "previous article", "next article", "previous story", "next story", "previous post",
            "next post", "read more", "read next", "read also", "also read", "see also",
            "related", "related article", "related articles", "related story", "related stories",
            "related content", "related news", "related posts", "related links", "more on this",
            "more from", "more stories", "more news", "you may also like", "you might also like",
            "recommended", "recommended for you", "recommended stories", "most read",
            "most popular", "trending", "trending now", "up next", "watch next", "don't miss",
            "editor's picks", "top stories", "latest news", "latest stories", "more like this",
            "prev", "next", "older post", "newer post", "continue reading",
            # de
            "auch interessant", "das könnte sie auch interessieren", "mehr zum thema",
            "weitere artikel", "lesen sie auch", "weiterlesen", "vorheriger artikel",
            "nächster artikel", "meistgelesen", "empfohlen",
            # pl
            "czytaj więcej", "czytaj także", "czytaj też", "zobacz też", "zobacz także",
            "poprzedni artykuł", "następny artykuł", "polecamy", "najczęściej czytane",
            # fr
            "lire aussi", "à lire aussi", "lire la suite", "article précédent",
            "article suivant", "sur le même sujet", "à voir aussi", "les plus lus",
            # es / pt / it
            "lee también", "leer más", "te puede interesar", "artículo anterior",
            "artículo siguiente", "noticias relacionadas", "lo más leído", "leia também",
            "leia mais", "veja também", "artigo anterior", "próximo artigo", "leggi anche",
            "articolo precedente", "articolo successivo", "potrebbe interessarti",
            # nl / sv / da / no / fi
            "lees ook", "lees meer", "vorig artikel", "volgend artikel", "läs också",
            "läs mer", "læs også", "les også", "lue myös",
            # ru / uk / cs / tr
            "читайте также", "читать далее", "предыдущая статья", "следующая статья",
            "читайте також", "čtěte také", "související články", "ilgili haberler",
            "önceki haber", "sonraki haber",
            # ja / zh / ko
            "関連記事", "前の記事", "次の記事", "相关文章", "相关阅读", "上一篇", "下一篇",
            "관련기사", "이전 기사", "다음 기사",
            # more
            "você pode gostar", "você também pode gostar", "veja mais", "mais lidas",
            "ver también", "más noticias", "ti potrebbe interessare", "altri articoli",
            "more", "also", "see more", "see also", "watch", "watch more", "click here",
            # id / ms / vi / th
            "baca juga", "artikel terkait", "berita terkait", "baca selengkapnya", "artikel berkaitan",
            "berita lainnya", "xem thêm", "tin liên quan", "bài viết liên quan", "đọc thêm",
            "có thể bạn quan tâm", "อ่านเพิ่มเติม", "ข่าวที่เกี่ยวข้อง", "บทความที่เกี่ยวข้อง",
            # ar / fa / he / hi / bn
            "اقرأ أيضا", "اقرأ أيضاً", "اقرأ ايضا", "مقالات ذات صلة", "أخبار ذات صلة", "اقرأ المزيد",
            "بیشتر بخوانید", "مطالب مرتبط", "כתבות נוספות", "עוד בנושא", "קראו עוד",
            "यह भी पढ़ें", "ये भी पढ़ें", "संबंधित खबरें", "और पढ़ें", "আরও পড়ুন", "আরো পড়ুন",
            # el / hu / ro / bg / hr / sr / sk / cs / uk / tr
            "διαβάστε επίσης", "διαβάστε ακόμα", "σχετικά άρθρα", "kapcsolódó cikkek",
            "olvasd el ezt is", "citește și", "citeste si", "articole similare", "vezi și",
            "прочетете още", "свързани статии", "още по темата", "pročitajte još", "pročitajte i",
            "povezane vijesti", "vezane vijesti", "повезане вести", "прочитајте још", "čítajte aj",
            "súvisiace články", "přečtěte si také", "схожі новини", "також читайте",
            "bunlar da ilginizi çekebilir", "devamını oku", "ilginizi çekebilir",
            # zh / ja / ko
            "延伸阅读", "延伸閱讀", "相關新聞", "相关新闻", "推荐阅读", "推薦閱讀", "热门文章", "相關文章",
            "あわせて読みたい", "こちらもおすすめ", "関連ニュース", "관련 기사", "많이 본 뉴스",
            "함께 볼만한 뉴스",
            # more of the same, in this order: en, de, fr, es, it, pt, nl, sv/no/da/fi, pl, cs/sk,
            # ru/uk, tr, zh, ja, ko, vi, id, hi, ar, fa, he, el, ro, hu, sw, ca, bg, hr/sr, th, bn
            "read the full story", "read the full article", "read full article", "read full story",
            "lesen sie mehr", "verwandte artikel", "weitere nachrichten", "empfehlungen der redaktion",
            "voir aussi", "à lire également", "vous aimerez aussi", "dans la même rubrique",
            "sur le même thème", "nos articles sur le sujet", "à découvrir", "les plus partagés",
            "te recomendamos", "lo más visto", "contenido relacionado", "quizás te interese",
            "quizá te interese", "quizás también te interese", "también te puede interesar",
            "relacionado", "relacionados", "relacionadas", "notas relacionadas", "articoli correlati",
            "i più letti", "da non perdere", "potrebbe interessarti anche",
            "notícias relacionadas", "conteúdo relacionado", "meer over",
            "gerelateerde artikelen", "meest gelezen", "ook interessant",
            "mest läst", "relaterat", "relaterade artiklar", "les mer", "mest lest",
            "relaterte saker", "læs mere", "mest læste", "relaterede artikler", "lue lisää",
            "luetuimmat", "aiheeseen liittyvät", "zobacz również", "przeczytaj też",
            "przeczytaj także", "polecane", "powiązane artykuły",
            "mohlo by vás zajímat", "nejčtenější", "související", "najčítanejšie",
            "смотрите также", "новости по теме", "похожие новости", "самое читаемое",
            "материалы по теме", "другие новости", "ещё по теме", "еще по теме", "новини за темою",
            "більше новин", "benzer haberler", "en çok okunanlar",
            "相关报道", "相關報導", "热门推荐", "猜你喜欢", "更多新闻",
            "相关链接", "おすすめ記事", "人気記事", "関連リンク", "추천 기사",
            "인기 기사", "많이 본 기사", "관련 뉴스", "tin cùng chuyên mục", "đọc nhiều nhất",
            "đọc nhiều", "terpopuler", "baca berita lainnya", "simak juga", "lihat juga",
            "berita populer", "ताज़ा खबरें", "इसे भी पढ़ें", "الأكثر قراءة", "مواضيع ذات صلة",
            "اقرأ أيضًا", "اخبار مرتبط", "پربازدیدترین", "הכי נקראים",
            "δείτε επίσης", "citește mai mult", "cele mai citite", "legolvasottabb", "soma pia",
            "habari zaidi", "habari zinazohusiana", "llegeix també", "notícies relacionades",
            "най-четени", "najčitanije", "најчитаније", "ข่าวล่าสุด", "আরও খবর",
            # wiki hatnotes: "Main article: Firefox"
            "main article", "main articles", "further information", "hauptartikel",
            "article détaillé", "articles détaillés", "artículo principal", "voce principale",
            "artigo principal", "основная статья", "główny artykuł", "hoofdartikel",
        ),
        announces_link=True,
        inline=True,
        patterns=(
            # "More Great WIRED Stories", "Latest Business News", "Top headlines"
            r"^(?:more|other|latest|top|popular|trending|related|recent|featured|recommended)"
            r"(?: [\w'’&-]+){0,3} (?:stories|news|articles|posts|headlines|videos|reads|coverage)$",
            # "Popular on IndieWire", "More from The Guardian", "Trending at CNN"
            r"^(?:popular|trending|more|most read) (?:on|from|at) [\w .'’&-]{1,40}$",
            # "Mehr aus Politik", "Meer over Oekraïne", "Więcej z kategorii Sport"
            r"^(?:mehr aus|meer over|więcej z|więcej o|altro da|altre notizie di) [\w .'’&-]{1,40}$",
            # "GET FOX BUSINESS ON THE GO BY CLICKING HERE", "Click here to read more"
            r"^[^\n]{0,60}\bclick(?:ing)? here\b[^\n]{0,40}$",
            # "Most Popular Videos", "Самые популярные диеты", "Les plus populaires"
            r"^(?:most popular|most viewed|most shared|most commented|самые популярные|"
            r"самое популярное|najpopularniejsze|les plus populaires|lo más popular|más populares|"
            r"am beliebtesten|più popolari|meest populair|mais populares)(?: [\w-]+){0,2}$",
        ),
    ),
    # A link to another story on a line of its own, marked as such: "On HoustonChronicle.com:
    # Car sales plunge", "Plane passengers quarantined after plague outbreak [NEWS]".
    PhraseRule(
        "related-link",
        "related",
        phrases=frozenset(),
        patterns=(
            r"^on [\w-]+(?:\.[\w-]+){1,3}: [^\n]{5,160}$",
            # the closing "]" is stripped with the line's edge punctuation
            r"^[^\n]{10,160} \[(?:news|reaction|video|pics|insight|poll|latest|live|analysis|"
            r"watch|gallery|quiz|update|comment|opinion)$",
        ),
    ),
    # Tag and category lines: "Filed under: Politics |", "Topics", "Tags: a, b".
    PhraseRule(
        "taxonomy",
        "metadata",
        phrases=_f(
            "filed under", "tags", "tagged", "tagged with", "topics", "categories", "category",
            "posted in", "related topics", "schlagwörter", "themen", "étiquettes", "mots-clés",
            "etiquetas", "temas", "tag", "tematy", "tagi", "теги", "тэги", "темы",
            "archivado en", "argomenti", "assuntos", "onderwerpen", "aihe", "ämnen", "etiketler",
            "konular", "标签", "タグ", "태그", "thẻ", "الوسوم", "برچسب‌ها",
        ),
        inline=True,
    ),
    # Photo-gallery counters, video labels and photo credits left as lines of their own.
    PhraseRule(
        "media",
        "media",
        phrases=_f("enlarge this image", "toggle caption", "hide caption", "view gallery",
                   "open gallery", "expand", "play video", "watch video", "watch", "video", "videos",
                   "photo", "photos", "gallery", "close", "this slideshow requires javascript", "thanks for watching",
                   "media playback is unsupported on your device", "image", "vídeo", "foto",
                   "zobacz wideo", "ver vídeo", "voir la vidéo", "video ansehen", "guarda il video",
                   "смотреть видео", "assista ao vídeo"),
        patterns=(
            r"^(?:image|photo|picture|slide|bild|foto|zdjęcie|imagen|immagine|фото) \d{1,4} "
            r"(?:of|von|de|di|z|из|/)(?: /)? \d{1,4}$",
            # "Photo: Damian Dovarganes, AP", "Image copyright Getty Images", "Foto: dpa",
            # "Photo : AFP", "Фото: РИА Новости", "Fot. PAP", "图片来源：新华社" (Korean "[사진=JTBC]"
            # stays: the corpora's Korean articles keep it as the story's own line)
            r"^(?:image|photo|picture|photograph|foto|bild|zdjęcie|fot|imagen|crédit photo|credit|"
            r"фото|фотография|fotó|fotoğraf|ảnh|צילום|φωτογραφία|φωτ|kuva|снимка|фотографија|"
            r"写真|图片|圖片|图片来源|圖片來源|फोटो|ছবি|عکس|صورة|foto's|"
            # more of the same: de, es/pt/it, no/da/sv, is, ja, zh, th, ms/id, sw
            r"bildquelle|bildnachweis|fotoquelle|crédito|créditos|credito|fotografía|fotografia|"
            r"bilde|billede|bildkälla|mynd|ljósmynd|撮影|摄影|攝影|ภาพ|gambar|picha)"
            r"(?: copyright| credit| by|\.| ?:)[^\n]{0,80}$",
            # "... (Image: GETTY )", "... (Photo: Reuters)"
            r"^[^\n]{0,160}\((?:image|photo|picture|foto|credit|source)s?: ?[^)\n]{1,60}\)?$",
            # BBC-style labels before a caption: "Media caption Who is Julian Assange?"
            r"^(?:media caption|image caption|image copyright|video caption)\b[^\n]{0,120}$",
            # "Getty", "AP Photo", "Reuters" alone
            r"^(?:getty|getty images|ap|ap photo|afp|reuters|epa|dpa|shutterstock|istock)$",
            # "Photo illustration by Slate. Photo by David Dyer-Bennet."
            r"^photo illustration\b[^\n]{0,100}$",
            # "2020 Audi e-tron Sportback Gallery", "Back to Gallery", "Photo Gallery"
            r"^[^\n]{2,80} (?:gallery|photo gallery|slideshow)$",
            # a photo from the subject's own album: "личный архив Анны Ивановой", "archiwum prywatne"
            r"^(?:фото ?: ?)?(?:личный архив|из личного архива|особистий архів|з особистого архіву|"
            r"archiwum prywatne)\b[^\n]{0,60}$",
            # "Sonu Mehta/Hindustan Times/Getty Images", "Natalie Naccache | Bloomberg | Getty Images"
            r"^[^.!?\n]{0,80}(?:/| ?\| ?| via )(?:getty images|ap|afp|reuters|epa|shutterstock|"
            r"istock|bloomberg|dpa|anadolu|xinhua|picture alliance)$",
        ),
    ),
    # "Reading time: 2 minutes", "5 min read".
    PhraseRule(
        "reading-time",
        "widgets",
        phrases=frozenset(),
        patterns=(
            r"^(?:reading time|read time|estimated reading time|tempo de leitura|tiempo de lectura|"
            r"temps de lecture|lesezeit|czas czytania|время чтения)\W{0,3}\d{1,3} ?\w{0,10}$",
            r"^\d{1,3} ?(?:min|mins|minute|minutes|minuten|minutos) (?:read|lesen|de lecture|de leitura|de lectura)$",
        ),
    ),
    # Lines that are nothing but the reporter's e-mail address: contact footers. (Bare web
    # addresses stay: in shopping and link posts they are the content.)
    PhraseRule(
        "contact",
        "metadata",
        phrases=frozenset(),
        patterns=(
            r"^[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}$",
            # "Write to Al Root at allen.root@dowjones.com", "Contact the author: jane@example.com"
            r"^(?:write to|contact|email|e-mail|reach)[^\n@]{0,60}[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}$",
        ),
    ),
    # Who else worked on the story and who the author is, below it: "Keith Bradsher contributed
    # reporting.", "Additional reporting by Joseph Hudak", "Phil Helsel is a reporter for NBC News."
    PhraseRule(
        "credits",
        "metadata",
        # the end mark of Chinese wire stories: "（完）"
        phrases=_f("完"),
        patterns=(
            r"^[^\n]{0,120}\bcontributed (?:reporting|to this (?:report|story|article))[^\n]{0,60}$",
            r"^additional reporting by [^\n]{2,100}$",
            r"^[\w.'’-]+(?: [\w.'’-]+){1,3} is (?:an?|the|[\w.-]+['’]s) (?:[\w-]+ ){0,3}(?:reporter|writer|"
            r"correspondent|editor|columnist|contributor|journalist|curator|producer)\b[^\n]{0,100}$",
            # A Korean story's sign-off, where Korean news puts its reporter: "홍길동 기자
            # hong@example.co.kr", "순천, 광양 홍길동 기자" (the places first), "홍길동·김철수 기자"
            r"^(?:[가-힣]{1,6}(?:, ?[가-힣]{1,6}){0,3} )?[가-힣]{2,4}(?:[·ㆍ, ][가-힣]{2,4}){0,3} ?"
            r"(?:기자|특파원|객원기자|선임기자|인턴기자|수습기자|논설위원)(?: [\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5})*$",
            # "Source: News agencies", "Quelle: dpa", "Источник: ТАСС", "来源：新华社" (an editor's
            # name, "[责任编辑：张三]", stays: the corpora's Chinese articles keep it twice in three)
            r"^(?:source|sources|quelle|fuente|fonte|źródło|источник|джерело|kaynak|nguồn|sumber|"
            r"المصدر|منبع|πηγή|forrás|sursa|zdroj|bron|källa|kilde|lähde|来源|來源|출처|出典|स्रोत)"
            # (a link post's "Source: https://..." is its content and stays)
            r" ?:(?! ?(?:https?:|www\.)) ?[^\n]{1,60}$",
        ),
    ),
    # The site's footer: copyright, legal and contact links.
    PhraseRule(
        "footer",
        "footer",
        phrases=_f(
            "privacy policy", "terms of service", "terms of use", "cookie policy", "contact us",
            "about us", "terms and conditions", "privacy", "impressum", "datenschutz",
            "mentions légales", "aviso legal", "política de privacidad", "política de privacidade",
            "polityka prywatności", "our standards: the thomson reuters trust principles",
        ),
        patterns=(
            r"^[^\n]{0,100}(?:©|ⓒ|\(c\) \d{4}|copyright \d{4}|all rights reserved|"
            r"riproduzione riservata|tutti i diritti riservati|alle rechte vorbehalten|"
            r"tous droits réservés|todos los derechos reservados|todos os direitos reservados|"
            r"wszelkie prawa zastrzeżone|все права защищены|усі права захищені|tüm hakları saklıdır|"
            r"hak cipta|版权所有|版權所有|無断転載|무단 ?전재|جميع الحقوق محفوظة|حقوق [^\n]{0,40}محفوظ|"
            r"सर्वाधिकार सुरक्षित|bản quyền)[^\n]{0,80}$",
        ),
    ),
    # Buttons and prompts that lead elsewhere: "Learn more", "Visit website", "Get the app".
    PhraseRule(
        "call-to-action",
        "widgets",
        phrases=_f(
            "learn more", "visit website", "visit site", "shop now", "buy now", "download the app",
            "get the app", "en savoir plus", "mehr erfahren", "saiba mais", "más información",
            "scopri di più", "dowiedz się więcej", "подробнее",
            # the rest of this story, behind a button: what follows is the story, not a link
            "seguir leyendo", "continue lendo", "lees verder", "läs vidare", "czytaj dalej",
            "haberin devamı", "阅读全文", "閱讀全文", "続きを読む", "leggi l'articolo completo",
            # page controls: more items, back to the top or the home page
            "show more", "load more", "mehr anzeigen", "afficher plus", "ver más", "mostra di più",
            "mostrar mais", "pokaż więcej", "показать ещё", "показать еще", "daha fazla", "المزيد",
            "더보기", "もっと見る", "back to top", "nach oben", "zur startseite", "retour en haut",
            "volver arriba", "torna su", "voltar ao topo",
        ),
        patterns=(
            # a wire service's sign-off: "More AP NBA: https://apnews.com/NBA and https://twitter.com/AP_Sports"
            r"^more [\w .'’&-]{1,40} ?: ?(?:https?://|www\.)\S{2,200}(?: and (?:https?://|www\.)\S{2,200})?$",
            # a podcast's or app's links: "Listen: http://po.st/TP_615", "iTunes: https://…"
            r"^(?:listen|download|subscribe|watch|follow|itunes|spotify|apple podcasts|"
            r"google podcasts|stitcher|rss|podcast)(?: here| now| on \w+)? ?: ?(?:https?://|www\.)\S{2,200}$",
        ),
    ),
    # Page numbers of a paginated story or list: "1 2 3 4 5 6 7 8", "Page 2 of 5".
    PhraseRule(
        "pagination",
        "navigation",
        phrases=frozenset(),
        patterns=(r"^1 2 3(?: \d{1,3}){0,30}$", r"^page \d{1,4} of \d{1,4}$"),
    ),
    # Datelines and update notes anywhere in the text: "Updated at 1:23 p.m.", and lines that
    # are nothing but a timestamp ("Monday, November 18, 2019, 04:05 pm PT", "sexta-feira, 22
    # de outubro de 2010 às 20:13"). A bare date ("7 May 1856") may be a timeline's entry, so a
    # timestamp needs a time of day, a weekday or an update label besides the year.
    PhraseRule(
        "dateline",
        "metadata",
        phrases=frozenset(),
        patterns=(
            rf"^(?:{alternation(UPDATE_LABELS)})(?: at| on| am| le| el|:)? ?[^\n]{{0,40}}\d[^\n]{{0,24}}$",
            _timestamp_pattern(),
            # how long ago, alone on its line: "2 hours ago", "vor 3 Stunden", "3 saat önce"
            r"^(?:(?:updated|posted|published|aktualisiert|actualizado|mis à jour) )?"
            r"(?:\d{1,3}|an?|one) (?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?) ago$",
            r"^(?:vor|il y a|hace|há|ha) \d{1,3} (?:minuten|stunden|tagen|minutes?|heures?|jours?|"
            r"minutos?|horas?|días?|dias?)$",
            r"^\d{1,3} (?:dakika|saat|gün|phút|giờ|ngày|menit|jam|hari|минуты?|минут|часа?|часов|"
            r"дня|дней|день|хвилин[иу]?|годин[иу]?|днів) (?:önce|trước|yang lalu|lalu|назад|тому)$",
            r"^\d{1,3} ?(?:分钟|小时|天|分|時間|日|분|시간|일) ?(?:前|전)$",
            # the short form news apps use, with what follows it: "1H ago", "17H ago 50 photos"
            r"^\d{1,3} ?[mhd] ago\b[^\n]{0,30}$",
            # a machine timestamp left as text: "2019-11-13T23:06:00+01:00"
            r"^\d{4}-\d{2}-\d{2}t\d{2}:\d{2}(?::\d{2})?(?:\.\d{1,6})?(?:z|[+-]\d{2}:?\d{2})?$",
        ),
    ),
    # Summary and audio widgets that sit above and below articles.
    PhraseRule(
        "summary-widget",
        "widgets",
        phrases=_f(
            "no time to read?", "no time to read", "get a summary", "summary", "summarize",
            "summarise this article", "listen to this article", "listen", "audio version",
            "keine zeit zum lesen?", "zusammenfassung", "artikel anhören", "pas le temps de lire?",
            "écouter cet article", "¿no tienes tiempo para leer?", "escuchar artículo",
            "nie masz czasu na czytanie?", "posłuchaj artykułu", "sem tempo para ler?",
        ),
    ),
    # Share and follow prompts.
    PhraseRule(
        "share",
        "share",
        phrases=_f(
            "share", "share this", "share this article", "share this story", "share on facebook",
            "share on twitter", "share on x", "share on linkedin", "share via email", "tweet",
            "email", "print", "copy link", "link copied", "follow us", "teilen", "artikel teilen",
            "partager", "partager cet article", "compartir", "compartilhar", "condividi",
            "udostępnij", "поделиться", "facebook", "twitter", "linkedin", "whatsapp", "reddit",
            "bagikan", "chia sẻ", "แชร์", "مشاركة", "شارك", "साझा करें", "κοινοποίηση", "megosztás",
            "distribuie", "споделете", "podijeli", "sdílet", "zdieľať", "поширити", "paylaş",
            "分享", "シェア", "공유", "deel", "dela", "del", "jaa", "اشتراک گذاری", "اشتراک‌گذاری",
            "שתפו", "שיתוף", "शेयर करें", "শেয়ার করুন", "分享到",
            "like this", "like loading", "loading", "正在加载", "chargement", "wird geladen",
            "sharing is caring", "share this story", "share this post", "share the story",
            "artikel merken", "jetzt artikel teilen", "lire plus tard", "compartilhe",
            # print, bookmark, like and "scan to share" buttons
            "drucken", "imprimir", "imprimer", "stampa", "drukuj", "печать", "yazdır", "in bài",
            "打印", "打印本页", "关闭窗口", "关闭", "扫一扫", "微信扫一扫", "纠错", "印刷", "ブックマーク",
            "ツイート", "いいね", "글자크기", "인쇄", "스크랩", "좋아요",
        ),
        patterns=(
            # "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube."
            r"^follow (?:us|[\w .'’&-]{1,40}) on (?:instagram|facebook|twitter|x|youtube|tiktok|linkedin)[^\n]{0,60}$",
            # "Share this on WhatsApp", "Share via Email"
            r"^(?:share|partager|teilen|compartir|compartilhar|condividi|udostępnij|поделиться)"
            r"(?: this| it| the story| the article)? (?:on|via|with|to|sur|auf|en|no|na|su|в) (?:facebook|twitter|x|whatsapp|linkedin|"
            r"e-?mail|reddit|pinterest|telegram|messenger|flipboard|bluesky|threads)$",
            # a row of share buttons: "Whatsapp Facebook Pint Baixar", "Facebook Twitter Email"
            r"^(?:(?:whatsapp|facebook|twitter|x|linkedin|pinterest|pint|reddit|telegram|messenger|flipboard|"
            r"e-?mail|print|copy link|tweet|share|compartir|compartilhar|partager|teilen|baixar|mail)"
            r"[\s|·,/]*){3,12}$",
            # "Síguenos en Twitter", "Читайте нас в Telegram", "Подписывайтесь на наш канал"
            r"^(?:síguenos en|suivez-nous sur|folgen sie uns auf|seguici su|siga-nos n[oa]|"
            r"obserwuj nas na|bizi takip edin|читайте нас в|читайте нас на|подписывайтесь на|"
            r"следите за нами в)\b[^\n]{0,60}$",
            # how many: "2192 Shares", "1.2k likes", "3 400 просмотров"
            r"^\d[\d,. ]{0,12}k? ?(?:shares?|likes?|views?|reactions?|retweets?|partages?|compartidos|"
            r"compartilhamentos|condivisioni|udostępnień|просмотр(?:ов|а)?|переглядів|görüntülenme|paylaşım|"
            r"lượt xem|lượt chia sẻ|kali dibaca|dibagikan)$",
            # "Like this story? Share it with a friend!"
            r"^(?:like|enjoyed|love) (?:this|the) (?:story|article|post)\W{1,3}share [^\n]{0,60}$",
        ),
    ),
    # Advertising labels left behind by ad slots.
    PhraseRule(
        "ads",
        "ads",
        phrases=_f(
            "advertisement", "advertisements", "advertising", "sponsored", "sponsored content",
            "story continues below advertisement", "article continues below advertisement",
            "advertisement - scroll to continue", "story continues below", "article continues below",
            "la suite après la publicité", "continúa después de la publicidad",
            "continua depois da publicidade", "continua após a publicidade",
            "continua dopo la pubblicità", "weiter nach der anzeige",
            "continue reading below", "scroll to continue with content", "ad", "anzeige",
            "adchoices", "sponsored links", "sponsored links sponsored links",
            "werbung", "publicité", "publicidad", "pubblicità", "publicidade", "reklama",
            "реклама", "advertentie", "annonse", "mainos", "advert", "adverts", "iklan", "reklam",
            "annons", "oglas", "hirdetés", "διαφήμιση", "広告", "广告", "광고", "विज्ञापन", "تبلیغات",
            "إعلان", "פרסומת", "quảng cáo", "โฆษณา", "annonce", "publicitate", "বিজ্ঞাপন", "publicitat",
            "tangazo",
        ),
    ),
    # The site's offer to advertisers: "Advertise with us", "Werben bei uns", "ลงโฆษณากับเรา".
    PhraseRule(
        "advertise-with-us",
        "ads",
        phrases=_f(
            "advertise with us", "advertise", "advertising enquiries", "media kit", "werben bei uns",
            "werben sie bei uns", "mediadaten", "annoncez chez nous", "annonceurs", "anúnciate", "anúnciese",
            "publicidad con nosotros", "pubblicità con noi", "anuncie", "anuncie conosco", "adverteren",
            "annonsera", "annonsere", "annoncér", "reklama u nas", "реклама на сайте", "bize reklam verin",
            "اعلن معنا", "beriklan", "iklan bersama kami", "quảng cáo với chúng tôi", "ลงโฆษณา", "ติดต่อโฆษณา",
            "广告合作", "广告服务", "廣告合作", "広告掲載", "広告掲載について", "광고문의", "광고 문의",
        ),
        patterns=(
            # "Advertise with The Herald", "ลงโฆษณากับประชาไท ThisAble.me", "在本站投放广告"
            r"^(?:advertise (?:with|on|in)|werben (?:bei|auf|in)|annoncer (?:sur|dans|chez)|anunciar(?:se)? en|"
            r"ลงโฆษณากับ|ลงโฆษณาใน)[^\n]{1,60}$",
        ),
    ),
    # Newsletter and subscription prompts.
    PhraseRule(
        "newsletter",
        "newsletter",
        phrases=_f(
            "sign up", "sign up for our newsletter", "subscribe", "subscribe now",
            "subscribe to our newsletter", "newsletter", "get the newsletter",
            "already a subscriber? log in", "log in", "sign in", "register", "jetzt abonnieren",
            "article réservé aux abonnés", "réservé aux abonnés", "nur für abonnenten",
            "exclusivo para suscriptores", "exclusivo para assinantes", "riservato agli abbonati",
            "только для подписчиков",
            "newsletter abonnieren", "s'abonner", "abonnez-vous", "suscríbete", "assine",
            "iscriviti", "zapisz się", "subskrybuj", "berlangganan", "đăng ký", "اشترك", "सदस्यता लें",
            "εγγραφή", "feliratkozás", "abonează-te", "абонирайте се", "pretplatite se", "odebírat",
            "підписатися", "abone ol", "订阅", "購読", "구독", "abonneren", "prenumerera", "tilaa",
            "подписаться",
        ),
        patterns=(
            # "Sign up to our newsletter for exclusive updates", "Subscribe to NJ.com's newsletters"
            r"^(?:[^\n]{0,80}\. )?(?:sign up|subscribe|register) (?:for|to) [^\n]{0,100}newsletters?[^\n]{0,60}$",
            # "Want more deals? Join the IGN Deals Newsletter.", "Get our daily Entertainment newsletter"
            r"^(?:[^\n]{0,80}[.?!] )?(?:join|get) [^\n]{0,60}newsletters?$",
            # the same in other languages: "Abonnieren Sie unseren Newsletter", "Inscrivez-vous à
            # notre newsletter", "Suscríbete a nuestro boletín", "Подпишитесь на нашу рассылку"
            r"^(?:[^\n]{0,60}[.!?] )?[^\n]{0,30}?\b(?:abonniere\w{0,3}|inscri\w{0,8}|suscr[ií]b\w{0,6}|"
            r"iscrivi\w{0,4}|assin\w{0,4}|schrijf je in|meld je aan|zapisz się|subskrybuj|подпиш\w{0,6}|"
            r"abone ol\w{0,3}|daftar|feliratkoz\w{0,4}|prenumerera|tilaa|đăng ký)\b[^\n]{0,60}?"
            r"\b(?:newsletter\w{0,3}|nieuwsbrief|boletín|boletim|рассылк\w{0,2}|bülten\w{0,4}|"
            r"biuletyn\w{0,3}|hírlevél\w{0,4}|nyhetsbrev\w{0,3}|uutiskirje\w{0,3}|bản tin)\b[^\n]{0,80}$",
            r"^(?:e-?)?bülten\w{0,6} (?:ücretsiz )?abone ol\w{0,3}[^\n]{0,60}$",
            # "Subscribe to WIRED and stay smart with more of your favorite writers."
            r"^subscribe (?:to|for) [^\n]{0,120}$",
        ),
    ),
    # Cookie and consent banners.
    PhraseRule(
        "consent",
        "consent",
        phrases=_f(
            "accept", "accept all", "accept cookies", "reject all", "manage cookies",
            "cookie settings", "we use cookies", "i agree", "got it", "alle akzeptieren",
            "tout accepter", "aceptar", "akceptuję", "privacy overview", "non-necessary",
            "necessary cookies",
        ),
        patterns=(
            # the banner's notice: "This website uses cookies to improve your experience. ...",
            # "Diese Website verwendet Cookies", "Bu web sitesi çerez kullanmaktadır"
            r"^(?:this (?:web ?site|site)|our (?:web ?site|site)|diese (?:website|webseite|seite)|ce site|"
            r"este (?:sitio(?: web)?|site|portal)|questo sito|deze (?:website|site)|ta strona|этот сайт|"
            r"bu (?:web )?site(?:si)?|sitemiz)\b[^\n]{0,40}?\b(?:cookies?|çerez\w{0,6}|файлы cookie|"
            r"plików cookie)\b[^\n]{0,160}$",
            # "We use cookies ...", "Utilizamos cookies propias y de terceros ..."
            r"^(?:we use|we and our partners use|wir (?:verwenden|nutzen)|nous utilisons|utilizamos|usamos|"
            r"utilizziamo|wij gebruiken|używamy|мы используем)\b[^\n]{0,20}?\b(?:cookies?|файлы cookie|"
            r"plików cookie)\b[^\n]{0,160}$",
        ),
    ),
    # Paywall and registration prompts, in the languages of the corpora and beyond: "Already a
    # subscriber?", "Log in to continue reading", "Bereits Abonnent?", "有料会員限定".
    PhraseRule(
        "paywall",
        "newsletter",
        phrases=_f(
            # en
            "already a subscriber?", "already a subscriber", "already have an account?",
            "already have an account", "already registered?", "subscribers only", "for subscribers",
            "for subscribers only", "subscriber exclusive", "exclusive to subscribers", "premium content",
            "this article is for subscribers only", "this content is for subscribers only",
            "subscribe to continue reading", "subscribe to read more", "subscribe to read the full article",
            "log in to continue reading", "sign in to continue reading", "register to continue reading",
            "create a free account", "create an account", "create account", "register for free",
            "unlock this article", "continue reading with a subscription", "become a subscriber",
            "see subscription options", "view subscription offers", "start your free trial",
            # de
            "bereits abonnent?", "bereits abonnent", "schon abonnent?", "schon abonnent", "sie sind bereits abonnent?",
            "jetzt anmelden", "anmelden", "jetzt registrieren", "registrieren", "kostenlos registrieren",
            "artikel freischalten", "jetzt freischalten", "jetzt weiterlesen", "weiterlesen mit abo",
            "mit abo weiterlesen", "abo abschließen", "jetzt abo abschließen", "exklusiv für abonnenten",
            "nur für abonnenten", "plus-artikel", "dieser artikel ist nur für abonnenten",
            "dieser artikel ist exklusiv für abonnenten", "jetzt abonnieren und weiterlesen",
            # fr
            "déjà abonné ?", "déjà abonné", "vous êtes déjà abonné ?", "se connecter", "connectez-vous",
            "je m'abonne", "abonnez-vous pour lire la suite", "la suite est réservée aux abonnés",
            "cet article est réservé aux abonnés", "contenu réservé aux abonnés", "créer un compte",
            # es
            "ya soy suscriptor", "¿ya eres suscriptor?", "ya eres suscriptor", "inicia sesión", "iniciar sesión",
            "regístrate", "regístrate gratis", "suscríbete para seguir leyendo", "suscríbete para leer más",
            "contenido exclusivo para suscriptores", "este contenido es exclusivo para suscriptores",
            "crear cuenta", "crea tu cuenta",
            # it
            "sei già abbonato?", "sei già abbonato", "già abbonato?", "accedi", "abbonati", "registrati",
            "abbonati per continuare a leggere", "contenuto riservato agli abbonati", "articolo riservato agli abbonati",
            # pt
            "já é assinante?", "já é assinante", "já sou assinante", "entrar", "cadastre-se",
            "assine para continuar lendo", "conteúdo exclusivo para assinantes", "conteúdo exclusivo para assinante",
            # nl
            "al abonnee?", "al abonnee", "inloggen", "word abonnee", "alleen voor abonnees",
            "dit artikel is alleen voor abonnees", "registreer", "registreren",
            # sv / no / da / fi / is
            "redan prenumerant?", "redan prenumerant", "logga in", "bli prenumerant", "för prenumeranter",
            "endast för prenumeranter", "allerede abonnent?", "allerede abonnent", "logg inn", "bli abonnent",
            "kun for abonnenter", "for abonnenter", "log ind", "bliv abonnent", "oletko jo tilaaja?",
            "kirjaudu sisään", "vain tilaajille", "tilaajille", "skrá inn", "innskráning",
            "aðeins fyrir áskrifendur", "gerast áskrifandi",
            # pl / cs / ru / uk / tr / lv
            "masz już konto?", "zaloguj się", "jesteś już subskrybentem?", "tylko dla subskrybentów",
            "treść premium", "wykup subskrypcję", "přihlásit se", "jen pro předplatitele", "войти",
            "уже подписаны?", "зарегистрироваться", "оформить подписку", "материал доступен только подписчикам",
            "увійти", "zaten abone misiniz?", "giriş yap", "üye ol", "abonelere özel", "pieslēgties",
            "abonē", "abonēt",
            # ar / ms / id / sw / th / vi
            "تسجيل الدخول", "اشترك الآن", "للمشتركين فقط", "log masuk", "langgan sekarang",
            "sudah berlangganan?", "khusus pelanggan", "masuk", "ingia", "jisajili", "เข้าสู่ระบบ",
            "สมัครสมาชิก", "đăng nhập",
            # ja / zh / ko
            "有料会員限定", "会員限定", "会員限定記事", "有料記事", "ログイン", "会員登録", "無料会員登録",
            "この記事は有料会員限定です", "この記事は会員限定です", "登录", "注册", "会员专享", "付费阅读",
            "登入", "註冊", "會員專屬", "로그인", "회원가입", "유료 기사", "프리미엄 기사", "유료회원 전용",
        ),
        patterns=(
            # Japanese and Chinese prompts put the offer around the reading: "有料会員になると会員限定の
            # 有料記事もお読みいただけます", "［有料会員限定］ この記事は会員限定です。電子版に登録すると
            # 続きをお読みいただけます", "登录后阅读全文"
            # (the first character a kana, Han or a bracket: other lines fail at once)
            r"^(?=[\u3000-\u30ff\u4e00-\u9fff\uff08\uff3b])(?=[^\n]{4,90}$)(?=[^\n]*(?:会員|ログイン|購読|登録))"
            r"[^\n]*(?:お読み|読め|読む|続きを)",
            r"^(?=[\u3000-\u30ff\u4e00-\u9fff\uff08\uff3b])(?=[^\n]{4,60}$)(?=[^\n]*(?:登录|登入|会员|會員|订阅|訂閱))"
            r"[^\n]*(?:阅读全文|閱讀全文|继续阅读|繼續閱讀|查看全文)",
            # "You have reached your limit of free articles", "Il vous reste 75% de cet article à lire"
            r"^you(?:'ve| have) (?:reached|used) (?:your|all of your|the) [^\n]{0,40}free (?:articles?|stories)[^\n]{0,80}$",
            r"^il vous reste \d{1,3} ?% de cet article à lire$",
        ),
    ),
    # The button on a photo that opens it large: "Enlarge photo", "Bild vergrößern", "写真を拡大".
    PhraseRule(
        "enlarge-image",
        "media",
        phrases=_f(
            "enlarge", "enlarge image", "enlarge photo", "enlarge picture", "click to enlarge", "view larger",
            "view larger image", "view full size", "expand image", "open image", "zoom", "zoom in", "fullscreen",
            "full screen", "view fullscreen", "bild vergrößern", "vergrößern", "bild öffnen", "vollbild",
            "zum vergrößern klicken", "agrandir", "agrandir l'image", "agrandir la photo", "voir en grand",
            "plein écran", "ampliar", "ampliar imagen", "ampliar foto", "ampliar imagem", "pantalla completa",
            "tela cheia", "ingrandisci", "ingrandisci immagine", "ingrandisci foto", "schermo intero",
            "vergroot", "vergroten", "afbeelding vergroten", "volledig scherm", "förstora", "förstora bilden",
            "helskärm", "forstørr", "forstørr bildet", "vis større bilde", "fullskjerm", "forstør",
            "forstør billede", "fuld skærm", "suurenna", "suurenna kuva", "stækka mynd", "powiększ",
            "powiększ zdjęcie", "pełny ekran", "zvětšit", "zvětšit obrázek", "büyüt", "fotoğrafı büyüt",
            "tam ekran", "увеличить", "увеличить фото", "открыть в полном размере", "на весь экран",
            "збільшити", "تكبير الصورة", "تكبير", "ملء الشاشة", "besarkan", "besarkan gambar", "perbesar",
            "phóng to", "ขยายภาพ", "คลิกเพื่อขยาย", "拡大", "拡大する", "写真を拡大", "写真を拡大する",
            "画像を拡大", "画像を拡大する", "全画面表示", "放大", "点击放大", "點擊放大", "查看大图", "查看大圖",
            "查看原图", "全屏", "확대", "사진 확대", "이미지 확대", "크게보기", "사진 크게보기", "전체화면",
        ),
    ),
    # What stands in for an embedded post, video or map the reader has not let load: "External
    # content", "Empfohlener redaktioneller Inhalt", "Please enable cookies to view this content".
    PhraseRule(
        "blocked-embed",
        "consent",
        phrases=_f(
            "external content", "load external content", "show external content", "show content",
            "load content", "embedded content", "accept and show content", "view this post on instagram",
            "view on instagram", "watch on youtube", "view on twitter", "view on x", "a post shared by",
            "externer inhalt", "externe inhalte", "externe inhalte anzeigen", "externen inhalt anzeigen",
            "inhalt anzeigen", "inhalte laden", "inhalt laden", "empfohlener redaktioneller inhalt",
            "empfohlene redaktionelle inhalte", "contenu externe", "afficher le contenu", "charger le contenu",
            "contenido externo", "mostrar contenido", "cargar contenido", "contenuto esterno",
            "mostra contenuto", "conteúdo externo", "mostrar conteúdo", "externe inhoud", "inhoud tonen",
            "inhoud laden", "externt innehåll", "visa innehåll", "eksternt innhold", "vis innhold",
            "eksternt indhold", "vis indhold", "ulkoinen sisältö", "näytä sisältö", "treść zewnętrzna",
            "pokaż treść", "externí obsah", "внешний контент", "показать контент", "harici içerik",
            "içeriği göster", "外部コンテンツ", "外部コンテンツを表示", "外部内容", "외부 콘텐츠",
        ),
        patterns=(
            # "This content is not available due to your privacy preferences", "This video can't be
            # displayed because of your cookie settings", "To view this content, please enable cookies"
            r"^(?:this|the) (?:content|embed|embedded content|video|post|tweet|element|map|graphic|media)"
            r"[^\n]{0,60}(?:can't|cannot|could not|is not|isn't|are not|won't) (?:be )?(?:displayed|shown|loaded|"
            r"available|played)[^\n]{0,160}$",
            r"^to (?:view|see|display|watch|load) (?:this|the) [^\n]{0,60}\b(?:cookies?|consent|privacy settings|"
            r"privacy preferences)\b[^\n]{0,160}$",
            r"^please (?:enable|allow|accept) (?:all )?[^\n]{0,40}\b(?:cookies|consent)\b[^\n]{0,160}$",
            # "An dieser Stelle finden Sie einen externen Inhalt von X", "Mit Ihrer Zustimmung werden
            # externe Inhalte geladen", "Ce contenu est bloqué car vous n'avez pas accepté les cookies"
            r"^(?:an dieser stelle|hier|mit (?:ihrer|deiner) zustimmung|wenn sie|ich bin damit einverstanden)\b"
            r"[^\n]{0,120}\b(?:externen? inhalte?|inhalte? von drittanbietern|drittanbieter)\b[^\n]{0,200}$",
            r"^ce contenu (?:est bloqué|n'est pas disponible|ne peut pas être affiché)[^\n]{0,200}$",
            r"^(?:este contenido|questo contenuto|dette innholdet|dette indhold|detta innehåll|deze inhoud) "
            r"(?:no está disponible|non è disponibile|er blokkert|kan ikke vises|er ikke tilgængeligt|"
            r"kan inte visas|is niet beschikbaar|is geblokkeerd)[^\n]{0,200}$",
        ),
    ),
    # A live page's labels on lines of their own: "KEY EVENT", "20:42 Pinned post", "Liveticker".
    PhraseRule(
        "live-blog",
        "metadata",
        phrases=_f(
            "key event", "key events", "pinned post", "pinned", "show key events only", "live updates",
            "liveblog", "live blog", "liveticker", "live-ticker", "en direct", "en vivo", "ao vivo",
            "in diretta", "na żywo", "в прямом эфире", "canlı", "canlı yayın", "直播", "ライブ", "라이브",
            "suorana", "direkte", "direkt",
        ),
        patterns=(
            # a time with a label (a bare time may be a timeline's entry, and a story's)
            r"^\d{1,2}[:.h]\d{2}(?: ?(?:am|pm|a\.m\.?|p\.m\.?|uhr|bst|gmt|edt|est|et|pt|cet|cest|utc|msk))? ?"
            r"(?:key event|pinned|pinned post|breaking|eilmeldung)$",
        ),
    ),
    # The heading of the author box under a story: "About the author", "この記事を書いた人"
    # (a box like "Related": the box it opens goes with it).
    PhraseRule(
        "author-box",
        "related",
        phrases=_f(
            "about the author", "about the authors", "about the writer", "über den autor", "über die autorin",
            "zur person", "à propos de l'auteur", "sobre el autor", "sobre la autora", "sull'autore",
            "sobre o autor", "over de auteur", "om författaren", "om forfatteren", "om skribenten",
            "tietoa kirjoittajasta", "o autorze", "об авторе", "yazar hakkında", "عن الكاتب", "この記事を書いた人",
            "この記事の筆者", "著者プロフィール", "作者简介", "关于作者", "關於作者", "기자 프로필", "기자 정보",
        ),
    ),
    # The heading of a story's table of contents: "In this article", "Inhaltsverzeichnis", "目次".
    PhraseRule(
        "contents",
        "navigation",
        phrases=_f(
            "table of contents", "contents", "in this article", "in this story", "jump to", "jump to section",
            "inhaltsverzeichnis", "inhalt", "in diesem artikel", "sommaire", "dans cet article", "índice",
            "contenido", "en este artículo", "indice", "in questo articolo", "neste artigo", "inhoudsopgave",
            "in dit artikel", "innehåll", "innehållsförteckning", "innhold", "innholdsfortegnelse", "indhold",
            "sisällys", "spis treści", "obsah", "содержание", "оглавление", "içindekiler", "目次", "目录",
            "目錄", "목차", "สารบัญ", "جدول المحتويات", "mục lục", "daftar isi", "yaliyomo",
        ),
    ),
    # The reader's error report prompt: "Found a typo?", "Fehler gefunden?", "Kļūda rakstā?".
    PhraseRule(
        "report-error",
        "widgets",
        phrases=_f(
            "found an error?", "found a typo?", "spotted an error?", "report an error", "report a typo",
            "report a correction", "suggest a correction", "fehler gefunden?", "fehler melden",
            "signaler une erreur", "une erreur ?", "reportar un error", "¿has visto un error?",
            "segnala un errore", "reportar erro", "fout gezien?", "fout gevonden?", "hittat ett fel?",
            "fant du en feil?", "fandt du en fejl?", "zgłoś błąd", "сообщить об ошибке", "нашли ошибку?",
            "hata bildir", "kļūda rakstā?", "klaida tekste?", "viga tekstis?", "报告错误", "誤字・脱字を報告",
            "오류 신고",
        ),
    ),
    # Comment section prompts.
    PhraseRule(
        "comments",
        "comments",
        phrases=_f(
            "comments", "comment", "leave a comment", "leave a reply", "add a comment",
            "show comments", "view comments", "join the conversation", "post a comment",
            "kommentare", "commentaires", "comentarios", "komentarze", "комментарии",
            "tell us what you think", "have your say", "add your comment", "write a comment",
            "reviews", "add review", "write a review", "отзывы", "добавить отзыв", "оставить отзыв",
            "komentar", "bình luận", "ความคิดเห็น", "التعليقات", "تعليقات", "टिप्पणियाँ", "σχόλια",
            "hozzászólások", "comentarii", "коментари", "komentari", "komentáře", "коментарі",
            "yorumlar", "评论", "評論", "コメント", "댓글", "reacties", "kommentarer", "kommentit",
            "kommentare anzeigen", "voir les commentaires", "ver comentarios", "commenti",
            "yorum yap", "tulis komentar", "reageer", "نظرات", "תגובות", "মন্তব্য",
            "comentaris",
        ),
        patterns=(
            # how many: "604 COMMENTS", "[ 167 comments ]", "12 Kommentare", "35 комментариев"
            r"^\d[\d,.]{0,12}k? ?(?:comments?|kommentare?|commentaires?|comentarios?|comentários?|commenti|"
            r"reacties|komentarz[ey]?|komentářů|комментари[йяев]{0,2}|коментар[іяв]{0,2}|yorum|bình luận|"
            r"komentar|kommentarer|hozzászólás|σχόλια|评论|コメント|댓글)$",
            # a comment's header, as blog platforms print it: "Alex on September 17, 2018 at
            # 6:34 am said:" (WordPress), "史蒂文 於 2014/01/01 20:31 回覆" (Pixnet)
            r"^[^\n]{1,60} (?:on|am|le|el) [^\n]{4,40} (?:at|um|à|a las|às) \d{1,2}[:.h]\d{2}(?: ?[ap]\.?m\.?)? "
            r"(?:said|says|sagte|schrieb|a dit|écrit|dijo|escribió|disse|escreveu)$",
            r"^[^\n]{1,40} 於 \d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d{2} 回覆$",
        ),
    ),
)


#: The agencies a story's sign-off names: NEWS_AGENCIES, the German-language ones a caption seldom
#: does, and the words for "agencies".
_AGENCY = "(?:{})".format(alternation(NEWS_AGENCIES | _f(
    "sda", "kna", "epd", "ats", "agenturen", "agenturmaterial", "agencies", "agences", "agencias", "agenzie", "agências")))

#: Lines that no true text of the corpora keeps, taken off the text the models kept. They feed no
#: model (a phrase rule is a column of the block and line models, and a new one moves every tree):
#: each is here because no line of the corpora's true texts is one of them. Named as the phrase
#: rules of the same kind are.
AFTER_MODEL_RULES: tuple[PhraseRule, ...] = (
    PhraseRule(
        "credits",
        "metadata",
        phrases=frozenset(),
        patterns=(
            r"^additional reporting from [^\n]{2,100}$",
            # a news agency's share in the story, on a line of its own: "mit dpa", "Mit
            # Agenturmaterial", "With AFP and Reuters", "SDA/sep", "dpa/lni", "Reuters/kra Frankfurt"
            # (the agency, its editor's initials and the desk)
            rf"^(?:mit|with|avec|con|com|met|med) (?:material (?:von|der) )?{_AGENCY}"
            rf"(?:(?:, | and | und | et | e | y | og | och |/){_AGENCY}){{0,3}}$",
            rf"^{_AGENCY}(?:/[a-z]{{1,5}}){{1,3}}(?: [\w-]{{1,30}})?$",
            # a broadcaster's programme note under the story: "Sendung: hr-iNFO, 25.04.2024, 10.45 Uhr",
            # "Dieses Thema im Programm: MDR AKTUELL", "Über dieses Thema berichtet: BR24 Radio am …"
            r"^(?:sendung|dieses thema im programm|über dieses thema berichtet(?:e|en)?)"
            r"(?:(?: [^\n:]{1,40})? ?:[^\n]{1,120})?$",
        ),
    ),
    PhraseRule(
        "call-to-action",
        "widgets",
        phrases=_f("vis mer", "visa mer", "vis flere", "näytä lisää", "detailansicht öffnen"),
        patterns=(
            # a box's open and close buttons: "Box aufklappen Box zuklappen", "Bildbeschreibung ausklappen"
            r"^(?:[\w-]{1,30} )?(?:aufklappen|ausklappen)(?: [\w-]{1,30} (?:zuklappen|einklappen))?$",
        ),
    ),
    PhraseRule(
        "paywall",
        "newsletter",
        phrases=frozenset(),
        patterns=(
            # "Create an account or sign in to continue with your reading experience", "Please log in
            # to continue reading this article"
            r"^[^\n]{0,40}\b(?:sign in|log in|register|subscribe)\b[^\n]{0,20}\bto continue (?:reading|with your reading)\b[^\n]{0,40}$",
            # "REGISTER / SIGN IN TO UNLOCK MORE ARTICLES", "This article is free to read. Register to unlock."
            r"^[^\n]{0,40}\b(?:register|sign in|log in|subscribe)(?: ?/ ?(?:register|sign in|log in))? to unlock\b[^\n]{0,60}$",
        ),
    ),
    PhraseRule("enlarge-image", "media", phrases=_f("확대보기", "이미지 확대보기", "사진 확대보기")),
)


@dataclass(frozen=True)
class RuleSet:
    """Everything the cleaner removes, in one immutable object."""

    tree_rules: tuple[TreeRule, ...] = TREE_RULES
    phrase_rules: tuple[PhraseRule, ...] = PHRASE_RULES
    #: phrase rules applied to the text the models kept, which no model reads (see AFTER_MODEL_RULES)
    after_model_rules: tuple[PhraseRule, ...] = AFTER_MODEL_RULES
    content_parts: frozenset[str] = CONTENT_PARTS
    junk_tags: frozenset[str] = JUNK_TAGS
    #: a block whose linked text is at least this share of its text is a link list
    max_link_density: float = 0.5
    #: tree rules are undone when they would remove more than this share of the page's text
    max_removed_share: float = 0.9
    #: labels of a comment's reply link (see REPLY_LABELS)
    reply_labels: frozenset[str] = REPLY_LABELS
    #: class/id parts and tags of a box holding a picture and its caption (see PICTURE_PARTS)
    picture_parts: frozenset[str] = PICTURE_PARTS
    picture_tags: frozenset[str] = PICTURE_TAGS
    #: extra names to keep out of the text entirely, e.g. a site's own slogan
    extra_phrases: frozenset[str] = field(default_factory=frozenset)
    #: a short block made of a <time> element and a few words is a dateline ("Updated 20 May
    #: 2024", a live post's "20:24 Jane Roe"): at most this many characters in all, and this many
    #: outside its <time> elements (what the corpora say of it: docs/cleaner.md, "The <time>
    #: dateline").
    time_stamp_max_chars: int = 80
    time_stamp_max_other_chars: int = 30


DEFAULT_RULES = RuleSet()
