"""The article as Markdown, from the same kept blocks as its text and HTML: subheadings as
##/###, lists as -/1., block quotes as >, tables as Markdown tables, and links only where the
story has them inside running text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from lxml import etree

from ._decode import read_again
from ._extract import Block, Layout, paragraphs, table_layout, unwrap
from ._urls import join_url, usable_url

__all__ = ["blocks_to_markdown", "escape_markdown", "heading_markdown", "markdown_title", "read_dump", "read_markdown",
           "reads_as_markdown", "text_to_html", "text_to_markdown", "titled_html"]

# Characters that Markdown reads as markup anywhere in a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
# "<" that would open an HTML tag or autolink.
_ANGLE = re.compile(r"<(?=[A-Za-z/!?])")
# Line starts that Markdown reads as a heading, quote, list item, rule or fence.
_LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|>|[-+*](?=\s)|(\d{1,9})([.)])(?=\s)|={3,}|-{3,}|~~~|```)")
# What the three above look for, in one cheap look each: text without any needs no escaping.
_ANY_SPECIAL = re.compile(r"[\\`*_\[\]<]")
_SPECIAL_START = re.compile(r"\s*[#>+*=~`\d-]")
_WS = re.compile(r"\s+")
#: A block whose linked characters reach this share of its text is a link, not running text
#: with links in it: its links are dropped and its text kept.
MAX_RUNNING_LINK_SHARE = 0.5
_LIST_TAGS = frozenset(("ul", "ol"))
#: Inline elements whose text a link may hold; anything else in a paragraph (a nested block,
#: an image) makes it plain text.
_INLINE_TAGS = frozenset("a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong sub sup time u var wbr font".split())


def escape_markdown(text: str) -> str:
    """Text that Markdown shows as it is.

    >>> escape_markdown("1. Not a list: *really* [sic]")
    '1\\\\. Not a list: \\\\*really\\\\* \\\\[sic\\\\]'
    """
    if _ANY_SPECIAL.search(text) is None and _SPECIAL_START.match(text) is None:
        return text  # most text: two scans in C, no substitution
    text = _ANGLE.sub(r"\\<", _INLINE_SPECIAL.sub(r"\\\1", text))
    m = _LINE_START.match(text)
    if m:
        if m.group(3):  # "1." -> "1\."
            return text[: m.start(4)] + "\\" + text[m.start(4):]
        return text[: m.start(2)] + "\\" + text[m.start(2):]
    return text


def heading_markdown(title: str | None) -> str:
    """The title as the document's one level-1 heading (empty without a title)."""
    return f"# {escape_markdown(' '.join(title.split()))}\n\n" if title and title.strip() else ""


def blocks_to_markdown(blocks: list[Block], title: str | None = None, base_url: str | None = None,
                       layout: Layout | None = None) -> str:
    """The kept blocks as Markdown, under `title` as a level-1 heading. (`layout`: the blocks'
    `table_layout`, when it was read already.)"""
    out: list[str] = []
    # ordered list -> the last number given (keyed by the element itself: the key holds it alive,
    # so no other list's proxy can take over its id() while the page is written)
    numbers: dict[etree._Element, int] = {}
    for table, run, rows in layout if layout is not None else table_layout(blocks):
        if table is not None:
            rendered = _table(table, rows or [])
            out.append(rendered if rendered else "\n\n".join(escape_markdown(p) for b in run for p in paragraphs(b.text)))
            continue
        block = run[0]
        if block.heading:
            level = int(block.tag[1]) if block.tag in ("h1", "h2", "h3", "h4", "h5", "h6") else 2
            out.append("#" * min(max(level, 2), 6) + " " + escape_markdown(" ".join(block.text.split())))
        elif block.pre:
            fence = "````" if "```" in block.text else "```"
            out.append(f"{fence}\n{block.text}\n{fence}")
        elif block.list_item:
            lists = [a for a in block.elem.iterancestors() if a.tag in _LIST_TAGS]
            indent = "   " * max(len(lists) - 1, 0)
            if lists and lists[0].tag == "ol":
                key = lists[0]
                numbers[key] = numbers.get(key, _start(lists[0]) - 1) + 1
                marker = f"{numbers[key]}."
            else:
                marker = "-"
            item = " ".join(_inline(block, base_url).split("\n\n"))
            # list items that follow one another form one list: no blank line between them
            if out and out[-1].lstrip().startswith(("-", *"0123456789")) and _is_item(out[-1]):
                out[-1] += f"\n{indent}{marker} {item}"
            else:
                out.append(f"{indent}{marker} {item}")
            continue
        elif block.quote:
            out.append("\n>\n".join("> " + p for p in _inline(block, base_url).split("\n\n")))
        else:
            out.append(_inline(block, base_url))
        if out and out[-1] == "":
            out.pop()
    body = "\n\n".join(part for part in out if part)
    return heading_markdown(title) + body + ("\n" if body else "")


def _is_item(part: str) -> bool:
    last = part.rsplit("\n", 1)[-1].lstrip()
    return last.startswith("- ") or re.match(r"\d+\. ", last) is not None


def _start(ol: etree._Element) -> int:
    try:
        return int(ol.get("start", "1"))
    except ValueError:
        return 1


def _table(table: etree._Element, cells: list[list[tuple[str, str]]]) -> str:
    """A table (its `table_rows`) as a Markdown table: its first row the header; empty if it has
    no cells."""
    rows = [[escape_markdown(text).replace("|", "\\|") for _, text in row] for row in cells]
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    caption = table.find("caption")
    head = escape_markdown(_WS.sub(" ", "".join(caption.itertext())).strip()) + "\n\n" if caption is not None and "".join(caption.itertext()).strip() else ""
    return head + "\n".join(lines)


def _inline(block: Block, base_url: str | None) -> str:
    """A block's paragraphs, with its links when they sit in running text; escaped."""
    plain = "\n\n".join(escape_markdown(p) for p in paragraphs(block.text))
    if not block.link_chars or block.link_chars >= MAX_RUNNING_LINK_SHARE * len(block.text):
        return plain
    if block.text != block.source or "\n" in block.text:
        return plain  # lines were taken out of it, or it is several paragraphs: keep it simple
    linked = _linked_text(block.elem, base_url)
    if linked is None:
        return plain
    markdown, shown = linked
    if _WS.sub(" ", shown).strip() != _WS.sub(" ", block.text).strip():
        return plain  # the element holds more (or less) than the block: its text alone is safe
    return _WS.sub(" ", markdown).strip()


def _linked_text(elem: etree._Element, base_url: str | None) -> tuple[str, str] | None:
    """(Markdown with links, the plain text it shows) of an element of inline content only."""
    md: list[str] = []
    shown: list[str] = []

    def walk(node: etree._Element, in_link: bool) -> bool:
        if node.text:
            md.append(escape_markdown_inline(node.text))
            shown.append(node.text)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag is not None:
                if tag == "br":
                    md.append(" ")
                    shown.append(" ")
                elif tag not in _INLINE_TAGS:
                    return False
                elif tag == "a" and not in_link and child.get("href") and _linkable(child.get("href")):
                    text = _WS.sub(" ", "".join(child.itertext())).strip()
                    if text:
                        href = child.get("href")
                        href = join_url(base_url, href) if base_url else href if usable_url(href) else None
                        # a link no browser can follow ("http://[x/") keeps its text alone
                        md.append(escape_markdown_inline(text) if href is None else
                                  f"[{escape_markdown_inline(text)}]({href.replace(' ', '%20').replace(')', '%29')})")
                        shown.append("".join(child.itertext()))
                elif not walk(child, in_link or tag == "a"):
                    return False
            if child.tail:
                md.append(escape_markdown_inline(child.tail))
                shown.append(child.tail)
        return True

    if not walk(elem, False):
        return None
    return "".join(md), "".join(shown)


def _linkable(href: str) -> bool:
    return not href.lstrip().lower().startswith(("javascript:", "#", "data:", "mailto:"))


def escape_markdown_inline(text: str) -> str:
    """Markup characters escaped, without the line-start rules (for text inside a line)."""
    return _ANGLE.sub(r"\\<", _INLINE_SPECIAL.sub(r"\\\1", text))


def text_to_markdown(title: str | None, lines: Iterable[str]) -> str:
    """A plain-text article as Markdown: the title as a heading, each line a paragraph."""
    body = "\n\n".join(escape_markdown(" ".join(line.split())) for line in lines if line.strip())
    return heading_markdown(title) + body + ("\n" if body else "")


def text_to_html(title: str | None, lines: Iterable[str]) -> str:
    """A plain-text article as an HTML fragment: its title as <h1>, each line a <p>."""
    paragraphs_html = "".join(f"<p>{escape(' '.join(line.split()), quote=False)}</p>" for line in lines if line.strip())
    return titled_html(title, f"<article>{paragraphs_html}</article>")


def titled_html(title: str | None, fragment: str) -> str:
    """The article fragment with its title as its first element, <h1>."""
    if not title or not title.strip():
        return fragment
    heading = f"<h1>{escape(' '.join(title.split()), quote=False)}</h1>"
    if fragment.startswith("<article>"):
        return "<article>" + heading + fragment[len("<article>"):]
    return f"<article>{heading}{fragment}</article>"


# -- reading a dump written as Markdown ---------------------------------------------------------
# html2text, pandoc, markdownify and the crawlers that write pages for language models give a
# page's text as Markdown: links and images with their addresses, headings, list markers,
# emphasis, escapes, and (html2text at 78 columns, pandoc at 72) paragraphs wrapped. `clean_text`
# reads such a dump as the text a renderer shows (`read_markdown`).

#: Fewest inline links or images ("[text](https://...)", "![alt](/img.png)") for a text to read as
#: Markdown: of the 3,843 plain texts of the corpora (each page's two dumps and its true text) three
#: hold three or more, on two pages whose own text is Markdown.
MIN_MARKDOWN_LINKS = 3
#: Links within links read (an image in a link's text is one level).
MAX_LINK_NESTING = 3
#: Most lines a link's text and address are read across (html2text wraps both).
MAX_LINK_LINES = 4
#: Longest stretch of a link's text or an image's alt text between the brackets in it, and of an
#: address between the parentheses in it (an image's may be its data, a "data:" address of
#: thousands of characters), and most bracketed or parenthesized parts in one, read as one; a
#: longer one is left as it is.
MAX_MARKUP_CHARS = 2000
MAX_ADDRESS_CHARS = 100_000
MAX_MARKUP_PARTS = 50
#: Longest run of emphasis or code read as one.
MAX_EMPHASIS_CHARS = 300
# The "](" of an inline link or image, before the address: the evidence.
_LINK_EVIDENCE = re.compile(r"\]\((?:https?://|/|#|\.|mailto:|tel:|www\.)")
# A line that starts a block of its own: an ATX heading, a list item, a block quote, a table row, a
# link's reference definition (a setext underline and a rule are told apart below).
_BLOCK_START = re.compile(r"\s{0,3}(?:#{1,6}(?:\s|$)|>)|\s*(?:[*+-]|\d{1,9}[.)])\s+\S|\s*\||\s{0,3}\[[^\]\n]+\]:\s")
_FENCE = re.compile(r"\s{0,3}(?:```|~~~)")
_RULE = re.compile(r"\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,}|=+)$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)")
_TITLE = re.compile(r" {0,3}# +(\S.*?)(?:\s+#+)?[ \t]*$")
_HEADING_CLOSE = re.compile(r"\s+#+\s*$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_ITEM = re.compile(r"^\s*(?:[*+-]|\d{1,9}[.)])\s+")
_REFERENCE = re.compile(r"\s{0,3}\[[^\]\n]+\]:\s")
_TABLE_RULE = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
# An inline image and link (with one level of brackets in the text and of parentheses in the
# address). Every repeat is bounded (MAX_MARKUP_CHARS, MAX_ADDRESS_CHARS, MAX_MARKUP_PARTS,
# MAX_EMPHASIS_CHARS): a line of a thousand "[" or "*" that never close costs each start a bounded
# scan, not one to the line's end. The text's and the address's stretches are read whole and never
# given back ("{0,n}+"): the character that ends one is a mark no stretch holds, so giving back
# could find no other match. (Read a character at a time, as a repeated group, they cost a fifth
# of `read_markdown`'s time.)
_TEXT = r"[^\[\]]{0,%d}+(?:\[[^\[\]]{0,%d}+\][^\[\]]{0,%d}+){0,%d}+" % (
    MAX_MARKUP_CHARS, MAX_MARKUP_CHARS, MAX_MARKUP_CHARS, MAX_MARKUP_PARTS)
_ADDRESS = r"\([^()]{0,%d}+(?:\([^()]{0,%d}+\)[^()]{0,%d}+){0,%d}+\)" % (
    MAX_ADDRESS_CHARS, MAX_MARKUP_CHARS, MAX_ADDRESS_CHARS, MAX_MARKUP_PARTS)
_IMAGE = re.compile(rf"!\[{_TEXT}\]{_ADDRESS}")
_LINK = re.compile(rf"\[({_TEXT})\]{_ADDRESS}")
_REFERENCE_LINK = re.compile(r"\[([^\[\]]{1,%d})\]\[[^\[\]]{0,%d}\]" % ((MAX_MARKUP_CHARS,) * 2))
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s<>]{1,%d}|[^\s<>@]{1,%d}@[^\s<>@]{1,%d})>" % ((MAX_MARKUP_CHARS,) * 3))
_CODE = re.compile(r"(`{1,3})(.{1,%d}?)\1" % MAX_EMPHASIS_CHARS)
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.{1,%d}?)(?<=\S)\1" % MAX_EMPHASIS_CHARS)
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(.{1,%d}?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)(.{1,%d}?)(?<=\S)_(?![\w_])"
                       % ((MAX_EMPHASIS_CHARS,) * 2))
_STRIKE = re.compile(r"~~(?=\S)(.{1,%d}?)(?<=\S)~~" % MAX_EMPHASIS_CHARS)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_SPACES = re.compile(r"[ \t]+")
# A list item's mark alone on its line (its text on the next: html2text writes so).
_BARE_ITEM = re.compile(r"\s*(?:[*+-]|\d{1,9}[.)])\s*$")
# An abbreviation's definition ("*[NRW]: Nordrhein-Westfalen": html2text writes one for each <abbr>).
_ABBREVIATION = re.compile(r"\s*\*\[[^\]\n]+\]:\s")
# A wrap after a hyphen inside a word or an address ("sign-" / "in", "wp-" / "content"): textwrap
# breaks there and the two halves join without a space.
_HYPHEN_END = re.compile(r"\w-$")


def read_dump(text: str) -> tuple[str, str | None]:
    """A dump's text as `clean_text` and `Cleaner.learn` read it, and its Markdown title: UTF-8
    that its maker misread read again (`read_again`), Markdown as the text it shows
    (`read_markdown`, its first level-1 heading the title; None for any other text), and lines
    wrapped at a fixed width joined (`unwrap`)."""
    text = read_again(text)
    title = None
    if reads_as_markdown(text):
        title = markdown_title(text)
        text = read_markdown(text, known=True)
    return unwrap(text), title


def reads_as_markdown(text: str) -> bool:
    """Whether a dump is written as Markdown: MIN_MARKDOWN_LINKS inline links or images or more."""
    return "](" in text and len(_LINK_EVIDENCE.findall(text)) >= MIN_MARKDOWN_LINKS


def markdown_title(text: str) -> str | None:
    """The text of a Markdown dump's first level-1 heading (its page's title, wherever the menus
    before it put it), or None."""
    fenced = False
    for raw in text.split("\n"):
        if _FENCE.match(raw):
            fenced = not fenced  # (a "# comment" in fenced code is no heading)
        elif not fenced and (match := _TITLE.match(raw)) is not None:
            return _plain_line(match.group(1)) or None
    return None


def read_markdown(text: str, known: bool = False) -> str:
    """A dump written as Markdown as the text a renderer shows; any other text as it is.

    Each paragraph on one line (a line break within it is a soft break, as CommonMark reads it:
    html2text and pandoc wrap paragraphs at 78 and 72 columns; two spaces or a backslash at a
    line's end keep the break; a block quote's lines are its paragraph), each heading, list item
    and table row a line of its own; links as their text, images gone, either read whole across
    lines (`_across_lines`: a link's blocks stay apart, an image's alt text goes with its blank
    lines); rules, table rules and the links' reference definitions gone; heading, list and quote
    marks, emphasis, code marks and escapes taken off. Blank lines stay between blocks.

    >>> read_markdown("# Harbour reopens\\n\\nThe [harbour](https://example.com/h) reopened on *Monday*.\\n\\n"
    ...               "![](https://example.com/a.jpg)\\n\\n* [Share](https://example.com/s)")
    'Harbour reopens\\n\\nThe harbour reopened on Monday.\\n\\nShare'
    """
    if not (known or reads_as_markdown(text)):  # (`known`: the caller saw that it does)
        return text
    text = _across_lines(text)
    lines: list[list[str]] = []  # each line's pieces: its physical lines, joined below
    code: set[int] = set()  # the lines of fenced code, kept as they are
    open_line = False  # whether the last line goes on on the next (a paragraph's soft break)
    in_quote = False  # whether the last line is a block quote's
    link_open = False  # whether the last line left a link's text or address open
    fenced = False
    for raw in text.split("\n"):
        if _FENCE.match(raw):
            fenced = not fenced
            open_line = link_open = False
            continue
        if fenced:
            code.add(len(lines))
            lines.append([raw.rstrip()])
            continue
        if not raw.strip():
            lines.append([""])
            open_line = link_open = False
            continue
        quote = _QUOTE.match(raw)
        body = raw[quote.end():] if quote else raw  # a quote's lines go on as the quote's paragraph
        starts = bool(_BLOCK_START.match(body) or _RULE.match(body) or _BARE_ITEM.match(body)) or not body.strip()
        if link_open or (open_line and not starts and (quote is None or in_quote)):  # (a quote's lazy line too)
            lines[-1].append(body.strip())
        else:
            lines.append([raw])
            in_quote = bool(quote)
        link_open = _leaves_link_open(lines[-1], link_open, body)
        # a heading, a rule and a table row end where they stand (html2text wraps a heading inside
        # a link: the link goes on), and so does a hard break; a list item's mark alone goes on
        # with its text on the next line
        open_line = _BARE_ITEM.match(body) is not None or not (
            _HEADING.match(body) or _RULE.match(body) or body.lstrip().startswith("|") or raw.endswith(("  ", "\\"))
            or not body.strip())
    out: list[str] = []
    for i, pieces in enumerate(lines):
        if i not in code and (_TABLE_RULE.match(pieces[0]) or _REFERENCE.match(pieces[0]) or _ABBREVIATION.match(pieces[0])):
            continue  # (markup that shows nothing, between lines that show: not even a blank line)
        plain = pieces[0] if i in code else _plain_line(_joined(pieces))
        if plain or (out and out[-1]):  # (an image's or a rule's line gone: one blank line for them all)
            out.append(plain)
    return "\n".join(out).strip("\n")


def _across_lines(text: str) -> str:
    """The text with its inline images and links that run over more than one line read, outside
    fenced code: an image goes, a link gives its text. html2text wraps a link's text and address,
    writes an image's alt text with its blank lines, and writes a link around the blocks it holds
    (a teaser's heading and paragraph, a contact box's lines). In a link's text a soft break is a
    space; a blank line, a hard break and a line that starts a block stay. (Images and links on one
    line are read with the rest of their line, by `_plain_line`.)"""
    if "\n" not in text or "](" not in text:
        return text
    if "```" not in text and "~~~" not in text:
        return _spanning_markup(text)
    parts: list[str] = []
    prose: list[str] = []
    fenced = False
    for raw in text.split("\n"):
        fence = _FENCE.match(raw) is not None
        if fence or fenced:
            if prose:
                parts.append(_spanning_markup("\n".join(prose)))
                prose = []
            parts.append(raw)
            fenced = fenced != fence
        else:
            prose.append(raw)
    if prose:
        parts.append(_spanning_markup("\n".join(prose)))
    return "\n".join(parts)


def _spanning_markup(text: str) -> str:
    """`_across_lines` on text without fenced code."""
    for _ in range(MAX_LINK_NESTING):  # an image inside a link's text goes first, then the link
        previous = text
        text = _LINK.sub(_link_text, _IMAGE.sub(_no_image, text))
        if text == previous:
            break
    return text


def _no_image(match: re.Match) -> str:
    """An image over more than one line gone; one on its line left for `_plain_line`."""
    return "" if "\n" in match.group(0) else match.group(0)


def _link_text(match: re.Match) -> str:
    """A link over more than one line as its text, its soft breaks joined as a paragraph's lines
    are (`_joined`); one on its line left for `_plain_line`."""
    if "\n" not in match.group(0):
        return match.group(0)
    runs: list[list[str]] = []  # the text's lines, a run of them for each line a renderer shows
    for line in match.group(1).split("\n"):
        last = runs[-1][-1] if runs else ""
        if not runs or not last.strip() or last.endswith(("  ", "\\")) or not line.strip() or _BLOCK_START.match(line):
            runs.append([line])
        else:
            runs[-1].append(line.strip())
    return "\n".join(_joined(run) if len(run) > 1 else run[0] for run in runs)


def _leaves_link_open(pieces: list[str], was_open: bool, piece: str) -> bool:
    """Whether a line, its last physical line `piece` just added, leaves a link's text or
    address open (`was_open`: whether it was before), read from that piece alone: a "[" it does not
    close, or a "](" without its ")". A stray "[" in a line's text opens nothing past the line after."""
    if "[" not in piece and "]" not in piece and ")" not in piece:
        return was_open and len(pieces) < MAX_LINK_LINES
    if piece.rfind("](") > piece.rfind(")"):
        return True
    return piece.count("[") > piece.count("]") and len(pieces) < MAX_LINK_LINES


def _joined(pieces: list[str]) -> str:
    """A paragraph's physical lines as one line: a space between them, none after a hyphen that a
    wrap parted a word or an address at ("sign-" / "in"), none between Chinese or Japanese."""
    if len(pieces) == 1:
        return pieces[0]
    text = pieces[0]
    parts = [text]
    for piece in pieces[1:]:
        parts.append("" if _HYPHEN_END.search(parts[-1]) and piece[:1].isalnum() else "\n")
        parts.append(piece)
    return paragraphs("".join(parts))[0]


def _plain_line(line: str) -> str:
    """One line of Markdown (a paragraph, heading, list item, quote or table row) as plain text."""
    if not line.strip():
        return ""
    if _RULE.match(line) or _TABLE_RULE.match(line) or _REFERENCE.match(line) or _ABBREVIATION.match(line):
        return ""  # (a rule stands between blocks: `read_markdown` leaves a blank line for it)
    line = _QUOTE.sub("", line, count=1) if line.lstrip().startswith(">") else line
    if _HEADING.match(line):
        line = _HEADING_CLOSE.sub("", _HEADING.sub("", line, count=1))
    else:
        line = _ITEM.sub("", line, count=1)
    if line.lstrip().startswith("|"):
        line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|") if cell.strip())
    if "](" in line or "][" in line:
        for _ in range(MAX_LINK_NESTING):  # an image inside a link's text goes first, then the link
            previous = line
            line = _LINK.sub(r"\1", _IMAGE.sub("", line))
            if line == previous:
                break
        line = _REFERENCE_LINK.sub(r"\1", line)
    if "<" in line:
        line = _AUTOLINK.sub(r"\1", line)
    if "`" in line:
        line = _CODE.sub(r"\2", line)
    if "*" in line or "_" in line:
        line = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), _STRONG.sub(r"\2", line))
    if "~~" in line:
        line = _STRIKE.sub(r"\1", line)
    if "\\" in line:
        line = _ESCAPE.sub(r"\1", line).rstrip("\\")
    return _SPACES.sub(" ", line).strip()
