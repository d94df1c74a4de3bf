"""cleaners._decode: bytes decoded like a browser decodes them."""

from __future__ import annotations

import warnings

import pytest

from cleaners._decode import VISIBLE, decode_html, ignored_charset, read_again, text_encoding, trim_zero_width

TEXT = "Zürich, Kraków, São Paulo: ünïcödé"


@pytest.mark.parametrize(
    "data, content_type",
    [
        (b"\xef\xbb\xbf<p>" + TEXT.encode("utf-8"), "text/html; charset=iso-8859-1"),
        ("<p>".encode() + TEXT.encode("cp1252"), "text/html; charset=windows-1252"),
        (b'<meta charset="iso-8859-2"><p>' + TEXT.encode("utf-8"), "text/html; charset=utf-8"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>' + TEXT.encode("cp1252"), None),
        ("<p>" .encode("utf-16-le") + TEXT.encode("utf-16-le"), None),
        (b"\xff\xfe" + ("<p>" + TEXT).encode("utf-16-le"), None),
    ],
    ids=["bom-beats-header", "header", "header-beats-meta", "http-equiv", "utf16-no-bom", "utf16-bom"],
)
def test_declared_encodings_in_browser_order(data, content_type):
    text, _ = decode_html(data, content_type)
    assert TEXT in text


def test_utf8_label_on_latin1_bytes_is_detected():
    body = ("<html><head><meta charset='utf-8'></head><body><p>" + "Die Brücke über den Fluß wurde geöffnet. " * 20 + "</p></body></html>").encode("latin-1")
    text, encoding = decode_html(body)
    assert "Brücke über den Fluß" in text
    assert encoding != "utf-8"


def test_undeclared_utf8_is_not_mistaken():
    text, encoding = decode_html(("<p>" + TEXT * 5).encode("utf-8"))
    assert TEXT in text


@pytest.mark.parametrize(
    "page",
    ["<p>€5", "<p>Zürich", "<p>" + "All quiet. " * 7000 + "Then a café\u00a0opened.</p>"],
    ids=["short", "short-latin", "ascii-for-64-kb"],
)
def test_undeclared_valid_utf8_is_read_as_utf8(page):
    # detection guesses a short text wrong ("€5" as Shift JIS) and reads a page whose first 64 KB
    # are ASCII as ASCII (Windows-1252 to a browser: "cafÃ©"); valid UTF-8 is UTF-8
    assert decode_html(page.encode("utf-8")) == (page, "utf-8")


def test_undeclared_legacy_bytes_are_still_detected():
    page = "<p>" + "Die Brücke über den Fluß wurde geöffnet. " * 20
    text, encoding = decode_html(page.encode("cp1252"))
    assert text == page and encoding != "utf-8"


@pytest.mark.parametrize(
    "data, content_type",
    [
        (("<p>" + TEXT * 5).encode("cp1252"), None),
        (("<p>" + TEXT * 5).encode("utf-8"), None),
        (b"\xef\xbb\xbf<p>" + TEXT.encode("utf-8"), None),
        ("<p>".encode() + TEXT.encode("cp1252"), "text/html; charset=windows-1252"),
        (b'<meta charset="windows-1252"><p>' + TEXT.encode("cp1252"), None),
    ],
    ids=["undeclared", "undeclared-utf8", "bom", "header", "meta"],
)
def test_decoding_warns_nothing_whatever_the_w3lib(data, content_type):
    # w3lib 2.6 deprecates html_to_unicode's detection function: the decoder reads what the page
    # declares through w3lib and detects the rest itself, so no page warns
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        text, _ = decode_html(data, content_type)
    assert "Zürich" in text  # (undeclared Windows-1252 may be detected as another Latin code page)


@pytest.mark.parametrize("label", ["base64", "zlib", "rot13", "uu", "hex", "bz2", "quopri", "undefined", "idna", "punycode", "no-such-charset"])
def test_a_charset_that_is_no_text_encoding_is_ignored_as_a_browser_ignores_it(label):
    # Python knows "base64" and the like, but they turn bytes into bytes, and "undefined", "idna"
    # and "punycode" decode no page: a browser knows none of them
    assert text_encoding(label) is None
    in_header, _ = decode_html(b'<meta charset="iso-8859-2"><p>' + TEXT.encode("utf-8"), f"text/html; charset={label}")
    in_meta, _ = decode_html(b'<meta charset="' + label.encode() + b'"><p>' + TEXT.encode("cp1252") * 3, "text/html; charset=windows-1252")
    both, _ = decode_html(b'<meta charset="' + label.encode() + b'"><p>' + TEXT.encode("utf-8") * 3, f"text/html; charset={label}")
    assert TEXT not in in_header  # the other declaration is read: Latin-2, as a browser reads it
    assert in_header.startswith('<meta charset="iso-8859-2"><p>Z') and len(in_header) == len('<meta charset="iso-8859-2"><p>') + len(TEXT.encode("utf-8"))
    assert TEXT in in_meta  # the header's declaration stands
    assert TEXT in both  # neither declaration usable: valid UTF-8 is read as UTF-8
    ascii_page = b'<meta charset="' + label.encode() + b'"><p>' + TEXT.encode("ascii", "xmlcharrefreplace")
    assert decode_html(ascii_page)[0] == ascii_page.decode("ascii")  # never read as the label says


@pytest.mark.parametrize("encoding", ["cp1252", "shift_jis", "koi8-r"])
def test_bytes_whose_only_charset_is_passed_over_read_as_undeclared_bytes(encoding):
    # a long ASCII head (detection reads the first 64 KB) before text that is no UTF-8: a page
    # whose one label names no text encoding is the page without it, read the same way
    body = ("<script>" + "var x = 1;\n" * 7000 + "</script><p>" + "Zürich ещё 東京 " * 3).encode(encoding, "ignore")
    assert decode_html(body, "text/html; charset=base64") == decode_html(body)
    meta = '<meta charset="base64">'
    assert decode_html(meta.encode() + body)[0] == meta + decode_html(body)[0]


#: An inline script of more than the 64 KB detection reads, all ASCII.
LONG_ASCII_HEAD = b"<script>" + b"var x = 1;\n" * 7000 + b"</script>"


@pytest.mark.parametrize("story, encoding", [
    ("東京の天気は晴れです。明日は雨が降るでしょう。", "shift_jis"), ("東京の天気は晴れです。明日は雨が降るでしょう。", "euc-jp"),
    ("서울은 오늘 맑고 내일은 비가 옵니다.", "euc-kr"), ("北京今天天气晴朗，明天有雨。", "gb18030"), ("台北今天天氣晴朗，明天有雨。", "big5"),
])
def test_undeclared_chinese_japanese_or_korean_after_a_long_ascii_head_is_read_as_it_is_written(story, encoding):
    # detection reads the first 64 KB, all ASCII here: the bytes after them are read too, and a
    # multi-byte encoding they (and the whole page) decode in is taken; else the story would be
    # read as Windows-1252
    page = LONG_ASCII_HEAD + b"<p>" + story.encode(encoding) * 3
    assert story * 3 in decode_html(page)[0]


@pytest.mark.parametrize("letters", ["Café", "Zürich ist schön, die Straße ist groß.",
                                     "Le café était fermé, mais la pâtisserie à côté a ouvert très tôt. " * 4])
def test_accented_letters_after_a_long_ascii_head_stay_windows_1252(letters):
    # one or two bytes beyond ASCII read as a Japanese half-width character as readily: they are
    # read as an ASCII page is, Windows-1252; and so is Western text with many of them
    page = LONG_ASCII_HEAD + b"<p>" + letters.encode("cp1252")
    assert decode_html(page)[0].endswith(letters)


@pytest.mark.parametrize("label", ["base64", "idna", "no-such-charset", "utf-7"])
def test_the_declaration_after_one_passed_over_is_read(label):
    # a browser's prescan goes on past a <meta> whose label names no text encoding, whether
    # Python has a codec by that name or not (w3lib before 2.6 stopped at "base64" or "idna",
    # and gave their codecs; from 2.6 it gives none for them, as for the others)
    text = "Zażółć gęślą jaźń, Łódź"
    page = f'<meta charset="{label}"><meta charset="iso-8859-2"><p>'.encode() + text.encode("iso-8859-2")
    assert decode_html(page) == (page.decode("iso-8859-2"), "iso8859-2")
    assert ignored_charset(page) == label
    assert decode_html(page, f"text/html; charset={label}")[0].endswith(text)
    assert ignored_charset(page, f'text/html; charset="{label}"') == label  # the header's, first
    # a header that names a text encoding stands, and the <meta> is never read
    assert ignored_charset(page, "text/html; charset=iso-8859-2") is None
    assert decode_html(page, "text/html; charset=utf-8")[1] == "utf-8"
    # nor is a declaration in a comment, or one after a byte order mark, which decides
    assert ignored_charset(f'<!-- <meta charset="{label}"> --><meta charset="utf-8">'.encode()) is None
    assert ignored_charset(b"\xef\xbb\xbf" + page, f"text/html; charset={label}") is None
    assert ignored_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=' + label.encode() + b'">') == label
    assert ignored_charset(b"<p>undeclared") is None


def test_text_encoding_names_the_codec():
    assert text_encoding("latin-1") == "iso8859-1"
    assert text_encoding("UTF8") == "utf-8"
    assert text_encoding(None) is None and text_encoding("") is None
    assert text_encoding("utf\x00-8") is None  # a name with a NUL: ValueError from the codec machinery


def test_without_controls_removes_c0_controls_and_non_characters():
    from cleaners._decode import CONTROL, CONTROL_CHARS, without_controls

    # C0 controls but tab, line feed and carriage return; U+FFFE and U+FFFF.
    expected = {chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)}
    assert set(CONTROL_CHARS) == expected
    assert {c for c in map(chr, range(0x110000)) if CONTROL.match(c)} == expected
    for text in ["", "plain <p>text</p>\n\t\r", "a\x00b\x08c\x0bd\x0ce\x0ef\x1fg\ufffeh\uffffi", "\x7f\x85\u2028 stay"]:
        assert without_controls(text) == CONTROL.sub("", text)
    assert without_controls("a\x00b\x08c\x0bd\x0ce\x0ef\x1fg\ufffeh\uffffi\n\t\r") == "abcdefghi\n\t\r"
    text = "<p>no control character</p>" * 10
    assert without_controls(text) is text


def test_scalar_values_replaces_lone_surrogates_and_joins_pairs():
    from cleaners._decode import scalar_values

    assert scalar_values("a\ud800b\udfffc") == "a\ufffdb\ufffdc"
    assert scalar_values("\ud83d\ude00 two code points, one character") == "\U0001f600 two code points, one character"
    assert scalar_values("high at the end \ud83d") == "high at the end \ufffd"
    for text in ("", "ascii", "Zürich \U0001f600 中文"):
        assert scalar_values(text) is text  # nothing to do: the same object
    # whatever it gives, UTF-8 can carry
    for code in (0xD800, 0xDBFF, 0xDC00, 0xDFFF):
        scalar_values(f"x{chr(code)}y").encode("utf-8")


def test_load_json_reads_lone_surrogate_escapes_as_a_browser_encodes_them():
    from cleaners._decode import load_json

    data = load_json(r'{"k\ud800": ["v\udc00", {"n": "\ud83d\ude00 \uDBFF"}], "x": 1.5, "y": null}')
    assert data == {"k\ufffd": ["v\ufffd", {"n": "\U0001f600 \ufffd"}], "x": 1.5, "y": None}
    # bytes: as json.loads reads them, but a byte sequence that is no character (an encoded
    # surrogate) as U+FFFD
    assert load_json(b'{"a": "\xed\xa0\x80 \\udc00 caf\xc3\xa9"}') == {"a": "\ufffd\ufffd\ufffd \ufffd café"}
    assert load_json('"\\ud800"') == "\ufffd" and load_json("[1, 2]") == [1, 2]
    # a string escaped as a whole pair is one character, untouched
    assert load_json('"\\ud83d\\ude00"') == "\U0001f600"


def test_load_json_refuses_a_text_nested_past_the_parser_with_value_error():
    from cleaners._decode import load_json

    with pytest.raises(ValueError, match="nested too deeply"):
        load_json("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ValueError, match="nested too deeply"):
        load_json(b'{"a":' * 100_000 + b"1" + b"}" * 100_000)
    with pytest.raises(ValueError):
        load_json("{not json")
    # as deep as the parser goes, and every string in it still replaced (no recursion)
    deep = load_json("[" * 500 + '"\\ud800"' + "]" * 500)
    for _ in range(500):
        deep = deep[0]
    assert deep == "\ufffd"


@pytest.mark.parametrize("text, visible", [
    ("a", True), ("\u00e9", True), ("\u4e2d", True), ("\U0001f600", True), ("\u00ae", True),
    ("\u200b", False), ("\u200d\u200c", False), ("\ufeff", False), ("\u00ad", False), ("\u00a0 \u3000", False),
    ("\uf105", False), ("\U000f0001", False), ("\x85", False), ("\u202e", False),
])
def test_visible(text, visible):
    assert (VISIBLE.search(text) is not None) is visible


@pytest.mark.parametrize("text, expected", [
    ("When you\u00e2\u0080\u0099re opening", "When you\u2019re opening"),
    ("\u00e2\u20ac\u0153Quoted\u00e2\u20ac\u009d", "\u201cQuoted\u201d"),
    ("a 70 kil\u00c3\u00b3metros de Lyon", "a 70 kil\u00f3metros de Lyon"),
    ("Because we\x92re so used", "Because we\u2019re so used"),
    # text that only looks like it, or is what it says
    ("Le caf\u00e9 \u00bb est ouvert", "Le caf\u00e9 \u00bb est ouvert"),
    ("Stra\u00dfe, \u00c5land, na\u00efve", "Stra\u00dfe, \u00c5land, na\u00efve"),
    ("plain text", "plain text"),
])
def test_read_again(text, expected):
    assert read_again(text) == expected


def test_zero_width_characters_at_a_lines_edges_go_and_inside_it_stay():
    # a byte order mark pasted before a quote, a zero-width space after a line, a word joiner
    # with the spaces around it: nothing to show at a line's edge
    assert trim_zero_width("\ufeff \u300cようやく逮捕に至った。\u300d\nThe end.\u200b \n\u2060 Last line") == \
        "\u300cようやく逮捕に至った。\u300d\nThe end.\nLast line"
    # inside a line they join or part something: a family emoji, a break hint in a long word
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    assert trim_zero_width(f"We met the {family} at noon.") == f"We met the {family} at noon."
    assert trim_zero_width("Donau\u200bdampfschiff") == "Donau\u200bdampfschiff"
    # text without any is the same object, untouched
    text = "Plain text, nothing to trim."
    assert trim_zero_width(text) is text
