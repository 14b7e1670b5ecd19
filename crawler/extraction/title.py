"""Choose the headline and strip the site name that <title> and og:title tack onto it."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from crawler.extraction.tree import visible_text
from polwire.core.text import clean_text

# Separators sites put between a headline and their name, longest first.
_SEPARATORS = re.compile(r"\s*(?:\s[|｜\-–—:]{1,2}\s|[|｜ㅣ]|：|--|――| - | — | – |\s-|-)\s*")


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


def strip_site_name(title: str, site_names: list[str], headlines: list[str]) -> str:
    """Remove a leading or trailing segment that names the site.

    A segment is the site's name when it contains og:site_name or the publisher
    name, or when another source of the headline (h1, og:title) is exactly the
    title without it.
    """
    title = title.strip()
    for headline in headlines:
        if headline and headline != title and title.startswith(headline):
            rest = title[len(headline) :]
            if _SEPARATORS.match(rest) or not rest.strip():
                return headline
        if headline and headline != title and title.endswith(headline):
            rest = title[: -len(headline)]
            if re.search(r"[|｜\-–—:：]\s*$", rest):
                return headline
    names = [_key(name) for name in site_names if name and _key(name)]
    if not names:
        return title
    # Trailing segments: try each separator position from the right.
    for match in reversed(list(_SEPARATORS.finditer(title))):
        head, tail = title[: match.start()], title[match.end() :]
        names_tail = any(name in _key(tail) or _key(tail) in name for name in names)
        short_tail = len(_key(tail)) <= 2 * max(len(name) for name in names) + 12
        if head and tail and names_tail and short_tail:
            title = head.strip()
            break
    first = _SEPARATORS.search(title)
    if first is not None and first.start() > 0:
        head, tail = title[: first.start()], title[first.end() :]
        if tail and any(_key(head) == name for name in names):
            title = tail.strip()
    return title


# Elements an old or plain page sets its headline in, when it has no <h1>.
_HEADLINE_TAGS = ("h2", "h3", "b", "strong", "font", "div", "td", "span", "p")


def visible_headline(root: HtmlElement, document_title: str) -> str | None:
    """The page's own headline where the document title is it plus the site's name
    ("Headline--Site", "Headline - Section - Paper"): the first element whose whole text is the
    title up to a separator. None when no element is."""
    body = root.find("body")
    if body is None:
        return None
    for element in body.iter(*_HEADLINE_TAGS):
        own = (element.text or "").strip()
        if not own or not document_title.startswith(own[:4]):
            continue
        text = clean_text(visible_text(element))
        if len(text) < 4 or len(text) >= len(document_title):
            continue
        if document_title.startswith(text) and _SEPARATORS.match(document_title[len(text) :]):
            return text
    return None
