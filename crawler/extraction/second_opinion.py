"""A second reading of the body by trafilatura for pages whose container is an unsure pick."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from crawler.extraction.body import BODY_HINT, in_side_box_nearby
from polwire.core.text import clean_text

# A body shorter than this, or holding less than this share of the page's <p> text,
# may well be the wrong block.
_SHORT_BODY = 2000
_MOST_PROSE = 0.6
# Coverage at which one reading is taken to contain the other.
_CONTAINS = 0.8
_AGREES = 0.7
# How much longer trafilatura's reading must be to count as ours cut short.
_LONGER = 2.0

_NOT_WORD = re.compile(r"\W+")


def is_marked_article(container: HtmlElement) -> bool:
    """The container, or an element around it, says it holds the article's text.

    Not when it sits in a box beside the story: a comment or a teaser marked up with
    the article's own class names ("entry-content") is exactly the wrong pick.
    """
    if in_side_box_nearby(container):
        return False
    names = f"{container.get('class') or ''} {container.get('id') or ''}"
    if BODY_HINT.search(names):
        return True
    for element in (container, *container.iterancestors()):
        if element.tag in ("article", "main") or element.get("itemprop") == "articleBody":
            return True
    return False


def is_unsure(container: HtmlElement, own_chars: int, root: HtmlElement) -> bool:
    """Nothing marks the container as the article's text, and it is short or holds little prose.

    A page without article markup is where choosing the largest block of paragraphs
    goes wrong most (comment threads, cookie notices, product grids win it); a
    container holding most of the page's paragraphs, short or long, is right there
    too, so only the others are worth a second reading (it costs as much as the first).
    """
    if is_marked_article(container):
        # A marked container may hold only part of the story (the rest in a tab or a
        # table beside it), but asking trafilatura about the short ones cost more time
        # on news pages than it found text elsewhere.
        return False
    prose = sum(len(p.text_content()) for p in root.iter("p"))
    if own_chars < _SHORT_BODY and prose < own_chars:
        # The page's text is not in <p> (loose text, lists, tables): its share says nothing.
        return True
    return own_chars < _MOST_PROSE * prose


def _squeeze(text: str) -> str:
    return _NOT_WORD.sub("", text).casefold()


def _covered(paragraphs: list[str], other: str) -> float:
    """Share of the characters of ``paragraphs`` whose paragraph appears in ``other``."""
    total = found = 0
    for paragraph in paragraphs:
        key = _squeeze(paragraph)
        total += len(key)
        if key and key in other:
            found += len(key)
    return found / total if total else 0.0


def arbitrate(own: list[str], other: list[str]) -> tuple[list[str], bool]:
    """The paragraphs to keep, and whether they are ``other``'s.

    Ours win when they hold most of the other reading (they are the cleaner cut);
    the other wins when it holds ours and more (ours stopped short), and when the
    two disagree (ours then most often picked the wrong box).
    """
    if not other:
        return own, False
    if not own:
        return other, True
    own_text = _squeeze(" ".join(own))
    other_text = _squeeze(" ".join(other))
    if _covered(own, other_text) >= _CONTAINS:
        # The same story: the other's extra is either the rest of it or furniture
        # around it; only much more text reads as the rest.
        longer = len(other_text) > _LONGER * len(own_text)
        return (other, True) if longer else (own, False)
    if _covered(other, own_text) >= _AGREES:
        return own, False
    return other, True


def trafilatura_paragraphs(root: HtmlElement, url: str) -> list[str]:
    """trafilatura's reading of the page (fast), a paragraph a line; it reads a copy of root."""
    import trafilatura  # imported late: slow to import, and most pages never need it

    text = trafilatura.extract(
        root, url=url, include_comments=False, include_tables=True, fast=True
    )
    if not text:
        return []
    return [line for line in (clean_text(t) for t in text.split("\n")) if line]
