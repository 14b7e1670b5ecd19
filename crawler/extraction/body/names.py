"""Class and id names: furniture, boxes beside the story, containers named as the story's text."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml.html import HtmlElement

from crawler.extraction.body.tags import FURNITURE_TAGS, HEADING_TAGS

# class/id tokens that mark non-article furniture inside or around an article.
FURNITURE_NAME = re.compile(
    # "imgcaption", "captiontext": a caption whatever is glued to the word.
    r"(?:^|[-_])(?:\w*caption\w*|credit|share|sharing|social|related|recommend\w*|newsletter|promo\w*"
    r"|ad|ads|advert\w*|adslot|dfp|sponsor\w*|subscri\w*|signup|sign-up|comment\w*|byline"
    r"|author\w*|tags?|topics|breadcrumbs?|toolbar|print|widget|read-?more|more-?stories"
    r"|outbrain|taboola|hidden|sr-only|visually-hidden|visuallyhidden|popup|modal|paywall"
    r"|banner|trending|most-?read|most-?popular|footer|header|nav|navigation|menu|sidebar"
    r"|rail|teaser|gallery|slideshow|video|player|audio|photo|image|img|figure|embed|cta"
    r"|disclaimer|copyright|timestamp|dateline|date|time|meta|info|label|follow|login"
    r"|inline-?related|see-?also|also-?read|read-?also|next|prev|pagination|skip|factbox"
    r"|infobox|boxout|pullquote|visual|lightbox|cookie\w*|consent\w*|content-?blocker|gdpr"
    # Donation and membership appeals.
    r"|donat\w*|support-?us|appeal"
    r"|dsgvo"
    # An author box spelled in German, Spanish or Italian; a star rating; a table of contents.
    r"|autor\w*|ratings?|toc|table-?of-?contents)(?:$|[-_])",
    re.IGNORECASE,
)
# Boxes beside the story (fact boxes, transcripts, related lists) that hold
# prose of their own: their paragraphs must not win the container contest.
SIDE_BOX = re.compile(
    r"fact-?box|info-?box|box-?out|pull-?quote|related|newsletter|promo|comments?\b|sidebar(?!-grid)"
    r"|recommend|most-?read|trending|read-?more|more-?from|outbrain|taboola"
    r"|cookie|consent|onetrust|gdpr|privacy|modal|dialog|paywall-?(?:prompt|offer|wall)"
    r"|donat(?:e|ion)|support-?us|appeal"
    r"|sign-?in-?group|registration|(?:^|\s)(?:hidden|d-none|is-hidden|sr-only)(?:\s|$)",
    re.IGNORECASE,
)

# class/id tokens that mark an article text container.
BODY_HINT = re.compile(
    r"articlebody|article[-_]?body|story[-_]?body|entry[-_]?content|post[-_]?content"
    r"|article[-_]?content|article[-_]?text|articletext|body[-_]?text|bodytext|story[-_]?content"
    r"|news[-_]?body|news[-_]?text|article[-_]?detail|article__body|articlecont|content[-_]?body"
    r"|rich[-_]?text|paywall[-_]?content|text[-_]?body|main[-_]?text|detail[-_]?body",
    re.IGNORECASE,
)

CAMEL = re.compile(r"([a-z])([A-Z])")

# Names that say how a box is displayed, not what it is: Drupal's "field--label-hidden"
# hides the field's label (its text shows), and "hidden-xs", "l-hidden-sm" hide a box on
# phones only, so readers on a wider screen see it.
DISPLAY_ONLY = re.compile(
    r"label-?(?:hidden|inline|above)$|(?:^|[-_])hidden-(?:xs|s|sm|phone|mobile)$", re.IGNORECASE
)


# The tests on class and id names are kept per name string: a page prints a few hundred
# different ones on thousands of elements, and the regexes were a tenth of extraction.
NAME_CACHE = 8192


@lru_cache(maxsize=NAME_CACHE)
def furniture_names(names: str) -> tuple[str, ...]:
    """The class and id tokens in ``names`` that name furniture."""
    return tuple(
        token
        for token in names.split()
        if FURNITURE_NAME.search(token) and not DISPLAY_ONLY.search(token)
    )


# A paragraph marked "paywall" is the gated part of the story, printed in the page (Condé
# Nast's <p class="paywall">); a box marked so is a subscription prompt.
_GATED_PARAGRAPH = re.compile(r"(?:^|[-_])paywall(?:$|[-_])", re.IGNORECASE)


def is_boilerplate(element: HtmlElement) -> bool:
    # A heading's id is the anchor a table of contents jumps to, made of its own words
    # ("nav_the_battery_is_left"): only its class can name furniture.
    ident = "" if element.tag in HEADING_TAGS else element.get("id") or ""
    # "mediaEmbed" and "media-embed" name the same thing.
    names = CAMEL.sub(r"\1-\2", f"{element.get('class') or ''} {ident}")
    if not names.strip():
        return element.get("hidden") is not None or element.get("aria-hidden") == "true"
    return _boilerplate_names(names, paragraph=element.tag == "p")


@lru_cache(maxsize=NAME_CACHE)
def _boilerplate_names(names: str, *, paragraph: bool) -> bool:
    if BODY_HINT.search(names):
        return False
    furniture = furniture_names(names)
    if furniture and paragraph:
        return not all(_GATED_PARAGRAPH.search(token) for token in furniture)
    return bool(furniture)


@lru_cache(maxsize=NAME_CACHE)
def side_box_names(names: str) -> bool:
    return bool(names.strip()) and bool(SIDE_BOX.search(names)) and not BODY_HINT.search(names)


def in_box_beside(element: HtmlElement) -> bool:
    for depth, ancestor in enumerate((element, *element.iterancestors())):
        if ancestor.tag in FURNITURE_TAGS:
            return True
        if depth > 3:
            continue
        if side_box_names(f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"):
            return True
    return False


def in_side_box_nearby(element: HtmlElement) -> bool:
    """Within a few levels of a box beside the story (a comment, a sidebar, a teaser).

    Only close ancestors count: on a page with broken nesting every element may sit
    below an unclosed <nav> far up.
    """
    for depth, ancestor in enumerate((element, *element.iterancestors())):
        if depth > 3:
            return False
        if ancestor.tag in FURNITURE_TAGS:
            return True
        if side_box_names(f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"):
            return True
    return False


def in_side_box(element: HtmlElement) -> bool:
    """Inside page furniture (aside, nav, footer), a box beside the story, or a story card."""
    if in_box_beside(element):
        return True
    return any(
        ancestor.tag == "article" and has_sibling_articles(ancestor)
        for ancestor in element.iterancestors()
    )


def has_sibling_articles(article: HtmlElement) -> bool:
    # <article> elements side by side are cards of a list (tips, products, teasers),
    # each a part of the page rather than the story itself.
    parent = article.getparent()
    return parent is not None and sum(1 for child in parent if child.tag == "article") > 1


def is_descendant(element: HtmlElement, ancestor: HtmlElement) -> bool:
    return any(parent is ancestor for parent in element.iterancestors())
