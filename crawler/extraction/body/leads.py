"""What opens a story above its container: the standfirst, a lead, a sub-headline."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml.html import HtmlElement

from crawler.extraction.body.container import is_text_div
from crawler.extraction.body.endings import SENTENCE_END
from crawler.extraction.body.names import NAME_CACHE, SIDE_BOX, furniture_names, is_boilerplate
from crawler.extraction.body.reading import (
    inline_text,
    joined,
    mostly_links,
    paragraph_size,
    weak_name_prose,
)
from crawler.extraction.body.tags import SKIP_TAGS
from polwire.core.text import clean_text

# class/id names of a standfirst (the summary under the headline): Fundus-style
# bodies start with it, and it usually sits outside the paragraph container.
_STANDFIRST = re.compile(
    r"standfirst|stand-first|(?:^|[-_\s])dek(?:$|[-_\s])|excerpt|summary|sub-?headline|subtitle"
    r"|strapline|(?:^|[-_\s])lede(?:$|[-_\s])|article[-_]?lead|intro(?:$|[-_\s])|description|deck",
    re.IGNORECASE,
)


def _named_standfirst(element: HtmlElement) -> bool:
    return _standfirst_names(f"{element.get('class') or ''} {element.get('id') or ''}")


@lru_cache(maxsize=NAME_CACHE)
def _standfirst_names(names: str) -> bool:
    return bool(_STANDFIRST.search(names)) and not SIDE_BOX.search(names)


def find_standfirst(
    root: HtmlElement, container: HtmlElement, description: str | None
) -> str | None:
    """The standfirst printed above the container, if the page has one."""
    limit = container.sourceline or 0
    wanted = re.sub(r"\W+", "", description or "").casefold()[:40]
    for element in root.iter("p", "div", "h2", "span"):
        line = element.sourceline or 0
        if line > limit:
            break
        if not _named_standfirst(element):
            continue
        if len(element) > 3:
            continue
        parts: list[str] = []
        inline_text(element, parts)
        text = clean_text(joined(parts))
        if not 30 <= len(text) <= 500:
            continue
        squeezed = re.sub(r"\W+", "", text).casefold()
        if wanted and (
            wanted in squeezed or squeezed[:40] in re.sub(r"\W+", "", description or "").casefold()
        ):
            return text
    return None


# A lead paragraph printed between the headline and the text container (a "Vorspann",
# an intro in the article header) is the story's opening, not furniture.
_LEAD_MIN_CHARS = 80
_SUBHEADLINE_MIN_CHARS = 30
_LEAD_MAX_CHARS = 1000
# Six levels: page builders nest the text column in rows and columns of their own, and a
# lead printed in the story's header sits beside that nest, not inside it.
_LEAD_LEVELS = 6


# The header of the story's own block (headline, standfirst, lead) is no furniture:
# only headers outside the story's part of the page are the site's.
_STORY_HEADER = re.compile(r"(?:^|[-_])header(?:$|[-_])", re.IGNORECASE)


def _is_story_header(element: HtmlElement) -> bool:
    if element.tag == "header":
        return True
    names = furniture_names(f"{element.get('class') or ''} {element.get('id') or ''}")
    return bool(names) and all(_STORY_HEADER.search(token) for token in names)


def _inside_story(element: HtmlElement, near: list[HtmlElement]) -> bool:
    """Below one of ``near`` with no skipped or furniture element on the way."""
    for ancestor in element.iterancestors():
        if any(ancestor is n for n in near):
            return True
        if ancestor.tag in SKIP_TAGS and ancestor.tag != "header":
            return False
        if (
            is_boilerplate(ancestor)
            and not _is_story_header(ancestor)
            # A lead box named "teaser-text" or "intro-info" is the story's own lead.
            and not weak_name_prose(ancestor)
        ):
            return False
    return False


def _is_link_only(element: HtmlElement) -> bool:
    length, links = paragraph_size(element)
    return length > 0 and links >= 0.9 * length


def find_leads(root: HtmlElement, container: HtmlElement) -> list[str]:
    """Prose paragraphs between the first <h1> and ``container``, in the story's part of the page.

    Only paragraphs that read as sentences and sit close to the container in the tree
    (a common ancestor at most a few levels up) count: a teaser or a site slogan does not.
    """
    near = [container, *list(container.iterancestors())[:_LEAD_LEVELS]]
    leads: list[str] = []
    seen_h1 = False
    site_name = False
    for element in root.iter():
        if element is container:
            return leads
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if tag == "h1":
            seen_h1, leads = True, []  # only what follows the headline
            # An <h1> that is wholly a link is the site's name in its header, not the
            # headline: the slogan under it in an <h2> is no sub-headline.
            site_name = _is_link_only(element)
            continue
        if not seen_h1 or tag not in ("p", "div", "h2"):
            continue
        if tag == "div" and not is_text_div(element):
            continue
        if (is_boilerplate(element) and not weak_name_prose(element)) or not _inside_story(
            element, near
        ):
            continue
        parts: list[str] = []
        inline_text(element, parts)
        text = clean_text(joined(parts))
        if tag == "h2":
            # A sub-headline under the headline: a phrase, not a sentence, but no label.
            if (
                not site_name
                and _SUBHEADLINE_MIN_CHARS <= len(text) <= _LEAD_MAX_CHARS
                and not mostly_links(element, len(text))
            ):
                leads.append(text)
        elif _LEAD_MIN_CHARS <= len(text) <= _LEAD_MAX_CHARS and SENTENCE_END.search(text):
            leads.append(text)
        elif _SUBHEADLINE_MIN_CHARS <= len(text) <= _LEAD_MAX_CHARS and _named_standfirst(element):
            # A paragraph named as the sub-headline is one, sentence or phrase.
            leads.append(text)
    return []  # the container never came: it precedes the headline
