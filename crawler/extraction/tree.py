"""Parse a page once with lxml and read normalized text from it."""

from __future__ import annotations

import re
import unicodedata

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from crawler.text import strip_controls

_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
# Every element an HtmlElement, chosen in C: lxml.html's own lookup is a Python call each
# time an element is first touched (about a tenth of extraction time), and only gives the
# form elements classes of their own, which nothing here uses.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACE = re.compile(r"[^\S\u3000]+")
_IDEOGRAPHIC_RUN = re.compile(r"[ \u3000]{2,}")
# Byte-order marks and zero-width spaces CMSs leave inside text (ZWJ and ZWNJ spell
# words in Persian and Indic scripts: they stay). Soft hyphens go with the control
# characters (strip_controls).
_INVISIBLE_CHARS = "\ufeff\u200b\u2060"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")

# Elements whose text is never reader-visible prose.
INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object"})


def parse_html(text: str) -> HtmlElement:
    """Parse a whole document; an empty or unparsable page gives an empty ``<html>``."""
    # lxml refuses str input that carries an XML encoding declaration.
    text = _XML_DECLARATION.sub("", text, count=1)
    if "\x00" in text:
        # libxml2 reads NUL as U+FFFD, which no cleaning can tell from a real one. The
        # other control characters pass through the parser as they are and leave with
        # the text read from the tree (clean_text) and the fields' cleaning (record_of):
        # a scan of the whole page for them cost more than parsing a tenth of it.
        text = strip_controls(text)
    try:
        root = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError):
        root = None
    if root is None:
        root = lxml.html.document_fromstring("<html><body></body></html>", parser=_PARSER)
    return root


_CODE_ELEMENT = re.compile(
    r"<(script|style|noscript|template)\b.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def strip_markup(text: str) -> str:
    """Text given as markup where plain text belongs (a JSON-LD or meta value): no tags, no code."""
    if "<" not in text:
        return text
    return _TAG.sub(" ", _CODE_ELEMENT.sub(" ", text))


def clean_text(text: str | None) -> str:
    """Collapse whitespace (including U+3000 runs only when they are padding) and apply NFC."""
    if not text:
        return ""
    # U+3000 inside Japanese headlines is meaningful, so only ASCII-like
    # whitespace is collapsed; U+3000 is kept but trimmed at the ends.
    # Control characters other than NUL pass the parser, and go here, before the
    # whitespace is collapsed: str.split takes U+001C-U+001F and U+0085 for spaces, and
    # would split the word they sit in.
    text = strip_controls(text)
    # Most texts hold none: looking costs less than a substitution that copies the text.
    if any(char in text for char in _INVISIBLE_CHARS):
        text = _INVISIBLE.sub("", text)
    if "\u3000" not in text:
        # str.split's whitespace is the regex's \s: the same collapse, in a tenth of the time.
        return unicodedata.normalize("NFC", " ".join(text.split()))
    # A lone U+3000 stays; a run of it with other spaces is padding.
    collapsed = _IDEOGRAPHIC_RUN.sub(" ", _SPACE.sub(" ", text))
    return unicodedata.normalize("NFC", collapsed.strip(" \t\r\n\u3000\xa0"))


def visible_text(element: HtmlElement) -> str:
    """Text of an element without scripts and styles, whitespace collapsed."""
    parts: list[str] = []
    _collect(element, parts)
    return clean_text("".join(parts))


def _collect(element: HtmlElement, parts: list[str]) -> None:
    tag = element.tag
    if not isinstance(tag, str) or tag in INVISIBLE_TAGS:
        if element.tail:
            parts.append(element.tail)
        return
    if tag == "br":
        parts.append("\n")
    if element.text:
        parts.append(element.text)
    for child in element:
        _collect(child, parts)
        # _collect appends the child's tail itself only for skipped elements.
        if isinstance(child.tag, str) and child.tag not in INVISIBLE_TAGS and child.tail:
            parts.append(child.tail)
