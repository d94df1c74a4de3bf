"""Turn HTML bytes into text the way a browser would."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import Any

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, html_to_unicode, http_content_type_encoding, read_bom, resolve_encoding, to_unicode

__all__ = ["CONTROL", "CONTROL_CHARS", "MOJIBAKE", "VISIBLE", "NestedTooDeeply", "decode_html", "ignored_charset", "load_json", "read_again",
           "scalar_values", "shows_text", "text_encoding", "trim_zero_width", "without_controls"]

# How much of a page encoding detection looks at: enough to see non-ASCII text, cheap on 20 MB pages.
_DETECT_BYTES = 64 * 1024


#: A byte beyond ASCII.
_NON_ASCII = re.compile(rb"[\x80-\xff]")
#: Every ASCII byte (what bytes.translate deletes to count the others).
_ASCII_BYTES = bytes(range(128))
#: Fewest bytes beyond ASCII that detection is asked to read after an ASCII head: one or two
#: accented letters read as a Japanese half-width character as readily as the reverse.
MIN_DETECT_NON_ASCII = 16
#: The encodings of Chinese, Japanese and Korean that write a character in two bytes or more
#: (Python's names for them): bytes of another encoding seldom decode in one without a fault.
_MULTIBYTE = frozenset({"shift_jis", "cp932", "shift_jis_2004", "shift_jisx0213", "euc_jp", "euc_jis_2004", "euc_jisx0213",
                        "gb2312", "gbk", "gb18030", "big5", "big5hkscs", "cp950", "euc_kr", "cp949", "johab"})


def _detect(data: bytes) -> str | None:
    """Guess the encoding of undeclared bytes (charset-normalizer), or None. Detection reads
    _DETECT_BYTES; when those are all ASCII (a long inline script) and the text after them is not,
    the bytes from the first one beyond ASCII are read too, and taken when they read as Chinese,
    Japanese or Korean in an encoding the whole page decodes in without a fault, from
    MIN_DETECT_NON_ASCII such bytes or more. (Other guesses from a few accented letters are no
    better than Windows-1252, which an ASCII page is read as.)"""
    best = from_bytes(data[:_DETECT_BYTES]).best()
    encoding = best.encoding if best is not None else None
    if encoding == "ascii" and len(data) > _DETECT_BYTES and (beyond := _NON_ASCII.search(data, _DETECT_BYTES)) is not None:
        window = data[beyond.start():beyond.start() + _DETECT_BYTES]
        later = from_bytes(window).best() if len(window.translate(None, _ASCII_BYTES)) >= MIN_DETECT_NON_ASCII else None
        if later is not None and codecs.lookup(later.encoding).name.replace("-", "_") in _MULTIBYTE:
            try:
                data.decode(later.encoding)
                return later.encoding
            except UnicodeDecodeError:
                pass
    return encoding


def _undeclared(data: bytes) -> tuple[str, str]:
    """Bytes that declare no encoding: UTF-8 when they are valid UTF-8 (bytes of another encoding
    seldom are, and detection guesses wrong on a short text: "€5" read as Shift JIS), else what
    detection finds, else UTF-8 with what it cannot read replaced; (text, encoding)."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        encoding = _detect(data) or "utf-8"
        return to_unicode(data, encoding), encoding  # (as a browser reads that name: "ascii" as Windows-1252)


def _looks_utf16(data: bytes) -> str | None:
    """Name UTF-16 without a BOM from its NUL pattern: ASCII markup leaves every other byte 0."""
    head = data[:4096]
    if len(head) < 8:
        return None
    even_nul = head[0::2].count(0) / len(head[0::2])
    odd_nul = head[1::2].count(0) / len(head[1::2])
    if odd_nul > 0.6 and even_nul < 0.1:
        return "utf-16-le"
    if even_nul > 0.6 and odd_nul < 0.1:
        return "utf-16-be"
    return None


#: C0 controls but tab, line feed and carriage return, and the non-characters U+FFFE and U+FFFF:
#: never text, and lxml refuses them.
CONTROL_CHARS = (*map(chr, range(0x00, 0x09)), "\x0b", "\x0c", *map(chr, range(0x0e, 0x20)), "\ufffe", "\uffff")
#: One of CONTROL_CHARS.
CONTROL = re.compile("[" + "".join(map(re.escape, CONTROL_CHARS)) + "]")


def without_controls(text: str) -> str:
    """The text without CONTROL_CHARS (what CONTROL.sub("", text) gives).

    Nearly every page has none, and one scan of the text for each of them (memchr) tells so
    about three times quicker than one scan for all of them by a pattern (0.2 ms against 0.55 on
    an average page of the corpora), which is as slow as the substitution itself.
    """
    if any(c in text for c in CONTROL_CHARS):
        return CONTROL.sub("", text)
    return text


#: JSON's escape of a surrogate: how a JSON text read from valid UTF-8 comes to hold a lone one
#: (a pair, "\\ud83d\\ude00", is read as its one character).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


#: A character that shows something: not whitespace, a control, a format character (zero-width
#: spaces and joiners, bidirectional marks, the byte order mark, the soft hyphen) or a private-use
#: code point (an icon font's glyph, no text). A line without one is no line of text.
VISIBLE = re.compile("[^\x00-\x20\x7f-\xa0\xad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u206f\u3000"
                     "\ufeff\ufff9-\ufffb\ue000-\uf8ff\U000f0000-\U0010ffff]")


def shows_text(text: str) -> bool:
    """True when the text shows something (see VISIBLE); most text is printable, told in C."""
    return text.isprintable() or VISIBLE.search(text) is not None


#: Zero-width characters (spaces, joiners, the word joiner, a byte order mark) at the start or end
#: of a line, with the spaces beside them: pasted in with the text, they join or part nothing there.
_ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff"
_EDGE_ZERO_WIDTH = re.compile(f"^[ \t{_ZERO_WIDTH}]*[{_ZERO_WIDTH}][ \t{_ZERO_WIDTH}]*"
                              f"|[ \t{_ZERO_WIDTH}]*[{_ZERO_WIDTH}][ \t{_ZERO_WIDTH}]*$", re.M)
_ZERO_WIDTH_CHAR = re.compile(f"[{_ZERO_WIDTH}]")


def trim_zero_width(text: str) -> str:
    r"""The text without zero-width characters at the start or end of its lines ("\ufeff Quote"
    reads "Quote"); inside a line they stay (a joiner within an emoji, a break hint in a word).

    >>> trim_zero_width("\ufeff \u300c\u9577\u304b\u3063\u305f\u300d\nnext\u200b")
    '\u300c\u9577\u304b\u3063\u305f\u300d\nnext'
    """
    if text.isascii() or not _ZERO_WIDTH_CHAR.search(text) or not _EDGE_ZERO_WIDTH.search(text):
        return text  # (most text has none: one scan for any in C, before the search for one at an edge)
    return _EDGE_ZERO_WIDTH.sub("", text)


#: What UTF-8 read as Latin-1 or Windows-1252 looks like: a lead byte's character ("Ã", "â") and a
#: continuation byte's, as either reads it ("â\x80\x99" or "â€™" for "’", "Ã©" for "é"); or a C1
#: control, a Windows-1252 byte read as Latin-1 ("we\x92re"). (Written with one class of first
#: characters, the C1 control told by looking back, so that the search skips to them in one scan.)
MOJIBAKE = re.compile("[\u0080-\u009f\u00c2-\u00f4](?:(?<=[\u0080-\u009f])|[\u0080-\u00bf\u20ac\u201a\u0192\u201e"
                      "\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014"
                      "\u02dc\u2122\u0161\u203a\u0153\u017e\u0178])")


def read_again(text: str) -> str:
    """Text whose UTF-8 a site's software read as Latin-1 or Windows-1252 and wrote out again
    ("youâ\x80\x99re", "â€œquotedâ€\x9d", "kilÃ³metros") read as UTF-8 where ftfy finds it, and
    Windows-1252 read as Latin-1 ("we\x92re") read as Windows-1252; other text as it is. Only the
    lines that look so are handed to ftfy (its import, some 0.1 s, waits for the first such text;
    `cleaners.warm_up()` does it at start-up).

    >>> read_again("When youâ\x80\x99re opening a business"), read_again("Le café »")
    ('When you’re opening a business', 'Le café »')
    """
    if not MOJIBAKE.search(text):
        return text
    import ftfy

    # only the lines that look so: ftfy reads some 1 MB a second, and a long page with one "Ã©"
    # in it should not pay for all of its lines
    parts: list[str] = []
    done = 0
    for m in MOJIBAKE.finditer(text):
        if m.start() < done:
            continue  # in a line read already
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        parts += (text[done:start], ftfy.fix_encoding(text[start:end]))
        done = end
    parts.append(text[done:])
    return "".join(parts)


def scalar_values(text: str) -> str:
    """The text as a browser hands a script's string to a UTF-8 encoder: two surrogates that
    make a pair joined into their character, a lone one replaced by U+FFFD. (A lone surrogate,
    half of a UTF-16 pair alone in a str, comes from JSON's "\\ud800" escape, from UTF-7, from a
    file name that is no UTF-8; no UTF-8 writer can encode it.)

    >>> scalar_values("a\\ud800b \\ud83d\\ude00")
    'a\\ufffdb \U0001f600'
    """
    if not _has_surrogate(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


class NestedTooDeeply(ValueError):
    """A JSON text nested deeper than Python's parser goes: well-formed, and unreadable here."""


def load_json(text: str | bytes) -> Any:
    """What json.loads reads, with every string and key made of scalar values (scalar_values),
    so that whatever a page's or a dump's JSON holds can be written as UTF-8. ValueError for what
    is no JSON, and NestedTooDeeply (a ValueError, where json raises RecursionError) for a text
    nested deeper than the parser goes. Bytes are decoded as a browser decodes a JSON response (a
    byte sequence that is no character read as U+FFFD); a str is taken as it is, its surrogates
    only escaped ones (a str decoded from bytes holds none)."""
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode(json.detect_encoding(text), "replace")
    try:
        data = json.loads(text)
    except RecursionError:
        raise NestedTooDeeply("JSON nested too deeply to read") from None
    if _SURROGATE_ESCAPE.search(text) is not None:
        data = _scalar_strings(data)
    return data


def _has_surrogate(text: str) -> bool:
    """Whether the text holds a surrogate: one pass of the UTF-8 encoder tells, some five times
    quicker than a pattern of the surrogates' range on text beyond ASCII."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _scalar_strings(data: Any) -> Any:
    """A parsed JSON value with scalar_values applied to every string in it, in place and
    without recursion (the value may be nested as deep as the parser went)."""
    if isinstance(data, str):
        return scalar_values(data)
    stack = [data] if isinstance(data, (list, dict)) else []
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            for i, item in enumerate(node):
                if isinstance(item, str):
                    node[i] = scalar_values(item)
                elif isinstance(item, (list, dict)):
                    stack.append(item)
        else:
            items = [(scalar_values(k), scalar_values(v) if isinstance(v, str) else v) for k, v in node.items()]
            node.clear()
            node.update(items)
            stack.extend(v for _, v in items if isinstance(v, (list, dict)))
    return data


def text_encoding(name: str | None) -> str | None:
    """The codec's name when `name` is a text encoding Python knows and can decode any bytes
    with, else None: also None for the codecs Python has that turn bytes into bytes ("base64",
    "zlib", "rot13", "uu") or decode no page ("undefined", "idna", "punycode"), which a page's
    charset can name all the same."""
    if not name:
        return None
    try:
        # LookupError for an unknown name and for bytes-to-bytes codecs; UnicodeError for the
        # codecs that decode nothing ("undefined") or cannot replace what they cannot read
        # ("idna", "punycode")
        b"a\xc3\xa9\xff".decode(name, "replace")
        return codecs.lookup(name).name
    except (LookupError, ValueError):  # UnicodeError is one; so is a name with a NUL in it
        return None


#: The charset parameter of a Content-Type header, a token or a quoted one.
_HEADER_CHARSET = re.compile(r"""(?:^|;)[ \t]*charset=(?:"([\w-]+)"|([\w-]+))(?![^\s;,])""", re.I)
#: What a browser's prescan of a page's first bytes reads a charset from: a <meta> tag (its quoted
#: values whole) or an XML declaration. A comment is passed over, and <body> ends the prescan.
_PRESCAN = re.compile(rb"""<!--.*?(?:-->|$)|<meta(?=[\s/])((?:[^<>=]|=\s*(?:"[^"]*"|'[^']*')?)*)|<\?xml\s([^<>]*)|<body[\s/>]""",
                      re.I | re.S)
#: One attribute of such a tag: its name, and its value in double, single or no quotes.
_ATTRIBUTE = re.compile(rb"""([^\s/>="']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?""")
#: The label a charset attribute starts with, and the one in a content-type pragma's content.
_LABEL = re.compile(rb"\s*([\w-]+)")
_CONTENT_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([\w-]+)""", re.I)
#: The content-type pragma, however spelled ("Content-Type", "ContentType").
_CONTENT_TYPE = re.compile(rb"content[-_ ]?type", re.I)


def _markup_labels(data: bytes) -> Iterator[str]:
    """The charset labels a page's markup declares in its first 4,096 bytes, in the order a
    browser's prescan meets them: a <meta charset>, the charset in the content of a <meta
    http-equiv="Content-Type">, an XML declaration's encoding. Whatever encoding they name, or
    none."""
    for match in _PRESCAN.finditer(data[:4096]):
        meta, xml = match.groups()
        if meta is None and xml is None:
            if match.group().startswith(b"<!"):
                continue  # a comment
            return  # <body>
        attributes: dict[bytes, bytes] = {}
        for attribute in _ATTRIBUTE.finditer(meta if meta is not None else xml):
            attributes.setdefault(attribute[1].lower(), attribute[2] or attribute[3] or attribute[4] or b"")
        if xml is not None:
            label = _LABEL.match(attributes.get(b"encoding", b""))
        elif b"charset" in attributes:
            label = _LABEL.match(attributes[b"charset"])
        elif any(_CONTENT_TYPE.search(attributes.get(name, b"")) for name in (b"http-equiv", b"http_equiv", b"httpequiv")):
            label = _CONTENT_CHARSET.search(attributes.get(b"content", b""))
        else:
            continue
        if label is not None:
            yield label[1].decode("ascii")


def _label_encoding(label: str) -> str | None:
    """The text encoding a declared charset label names, as w3lib maps labels to codecs, or None.

    None for a label w3lib knows no encoding by ("no-such-charset"; "utf-7", which it refuses: it
    re-spells markup in ASCII), and for one that names one of Python's codecs that turn bytes
    into bytes ("base64", "zlib", "rot13", "uu") or that decode no page ("undefined", "idna",
    "punycode"): w3lib before 2.6 gives those codecs, from 2.6 it gives none for them, and a
    browser knows none of them.
    """
    return text_encoding(resolve_encoding(label))


def _markup_encoding(data: bytes) -> str | None:
    """The text encoding of the first declaration in the page's markup that names one, as a
    browser's prescan finds it (going on past one that names none)."""
    return next(filter(None, map(_label_encoding, _markup_labels(data))), None)


def _declared(content_type: str | None, data: bytes) -> tuple[str | None, str | None]:
    """The first charset label a browser passes over in the page's declarations (its Content-Type
    header's, then its markup's) because it names no text encoding, and the text encoding of the
    first declaration after it that names one (else None); (None, None) when the first
    declaration names a text encoding, or the page declares none. Told from the labels as the
    page writes them (see _label_encoding), the same with every w3lib.
    """
    header = _HEADER_CHARSET.search(content_type) if content_type else None
    labels = [header[1] or header[2]] if header is not None else []
    ignored = None
    for label in (*labels, *_markup_labels(data)):
        encoding = _label_encoding(label)
        if encoding is None:
            ignored = ignored or label
        elif ignored is None:
            return None, None  # the first declaration stands: decoded as w3lib reads it
        else:
            return ignored, encoding
    return ignored, None


def ignored_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset label a browser passes over in reading the page because it names no text
    encoding (see `decode_html`), or None: none is, or a byte order mark decides.

    >>> ignored_charset(b'<meta charset="utf-8"><p>News', "text/html; charset=base64")
    'base64'
    """
    if read_bom(data)[0] is not None:
        return None
    return _declared(content_type, data)[0]


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode page bytes by BOM, HTTP header, meta charset, then (undeclared) UTF-8 where the bytes
    are valid UTF-8, else detection; return (text, encoding).

    >>> decode_html(b'<meta charset="iso-8859-1"><p>caf\\xe9')
    ('<meta charset="iso-8859-1"><p>café', 'cp1252')
    """
    bom_encoding, _ = read_bom(data)
    if bom_encoding is None:
        utf16 = _looks_utf16(data)
        if utf16 is not None:
            return data.decode(utf16, errors="replace"), utf16
    ignored, encoding = _declared(content_type, data) if bom_encoding is None else (None, None)
    if ignored is not None:
        # a declared charset that names no text encoding (see _declared): a browser ignores a
        # label it does not know, and so does this, reading the next declaration, else the bytes
        # as if undeclared
        if encoding is None:
            return _undeclared(data)
        return data.decode(encoding, errors="replace"), encoding
    if bom_encoding is not None:
        encoding, text = html_to_unicode(content_type, data)  # the mark decides, and goes
    else:
        # What the page declares, its header first, then its markup (w3lib reads both), else
        # the bytes as undeclared. (w3lib's html_to_unicode detects when given a function to,
        # which w3lib 2.6 deprecates; its own detection differs from this one.)
        encoding = http_content_type_encoding(content_type) or html_body_declared_encoding(data)
        if encoding is None:
            return _undeclared(data)
        text = to_unicode(data, encoding)
    if bom_encoding is None and encoding == "utf-8" and "\ufffd" in text:
        # Labelled (or defaulted to) UTF-8 but not valid UTF-8: a browser shows mojibake, we
        # can do better by detecting what the bytes really are.
        detected = _detect(data)
        # (UTF-7, a text encoding Python has, re-spells markup in ASCII: never taken, as w3lib never takes it)
        if detected and text_encoding(detected) not in (None, "utf-8", "utf-7") and _markup_encoding(data) in (None, "utf-8"):
            try:
                return data.decode(detected, errors="replace"), codecs.lookup(detected).name
            except LookupError:
                pass
    return text, encoding
