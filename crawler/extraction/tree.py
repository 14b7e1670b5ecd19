"""Parse a page once with lxml and read normalized text from it."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from polwire.core.text import clean_text, strip_controls

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
