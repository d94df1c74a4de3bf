"""Turn HTML bytes into text the way a browser would."""

from __future__ import annotations

import codecs
import json
import re
from typing import Any

from charset_normalizer import from_bytes
from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

__all__ = ["CONTROL", "CONTROL_CHARS", "MOJIBAKE", "VISIBLE", "NestedTooDeeply", "decode_html", "load_json", "read_again", "scalar_values",
           "shows_text", "text_encoding", "trim_zero_width", "without_controls"]

# How much of a page encoding detection looks at: enough to see non-ASCII text, cheap on 20 MB pages.
_DETECT_BYTES = 64 * 1024


def _detect(data: bytes) -> str | None:
    """Guess the encoding of undeclared bytes (charset-normalizer), or None."""
    best = from_bytes(data[:_DETECT_BYTES]).best()
    return best.encoding if best is not None else None


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


def _unusable_declaration(content_type: str | None, data: bytes) -> tuple[bool, str | None]:
    """Whether the declaration a browser would follow (the header's, else the markup's) names a
    codec text_encoding refuses (w3lib would take it and fail or read garbage), and then the
    markup's declaration when that one is a text encoding."""
    header = http_content_type_encoding(content_type) if content_type else None
    if header is not None:
        if text_encoding(header) is not None:
            return False, None
        return True, text_encoding(html_body_declared_encoding(data))
    markup = html_body_declared_encoding(data)
    return markup is not None and text_encoding(markup) is None, None


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode page bytes by BOM, HTTP header, meta charset, then detection; return (text, encoding).

    >>> decode_html(b'<meta charset="latin-1"><p>caf\\xe9')
    ('<meta charset="latin-1"><p>café', 'cp1252')
    """
    bom_encoding, _ = read_bom(data)
    if bom_encoding is None:
        utf16 = _looks_utf16(data)
        if utf16 is not None:
            return data.decode(utf16, errors="replace"), utf16
    unusable, encoding = _unusable_declaration(content_type, data) if bom_encoding is None else (False, None)
    if unusable:
        # a declared charset that names one of Python's codecs that are no text encoding
        # ("base64", "zlib", "rot13", "uu") or that decode no page ("undefined", "idna",
        # "punycode"): a browser ignores a label it does not know, and so does this, reading the
        # other declaration, else UTF-8 where the bytes are valid UTF-8, else what detection finds
        if encoding is None:
            try:
                return data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                encoding = text_encoding(_detect(data)) or "utf-8"
        return data.decode(encoding, errors="replace"), encoding
    encoding, text = html_to_unicode(content_type, data, auto_detect_fun=_detect)
    if bom_encoding is None and encoding == "utf-8" and "\ufffd" in text:
        # Labelled (or defaulted to) UTF-8 but not valid UTF-8: a browser shows mojibake, we
        # can do better by detecting what the bytes really are.
        declared = html_body_declared_encoding(data)
        detected = _detect(data)
        if detected and resolve_encoding(detected) not in (None, "utf-8") and declared in (None, "utf-8", "utf8"):
            try:
                return data.decode(detected, errors="replace"), codecs.lookup(detected).name
            except LookupError:
                pass
    return text, encoding
