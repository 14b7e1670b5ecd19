"""Read a container's paragraphs as (tag, text) blocks: inline text, links, time lines, tables."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from crawler.extraction.body.endings import CJK
from crawler.extraction.body.names import CAMEL, FURNITURE_NAME, furniture_names, is_boilerplate
from crawler.extraction.body.tags import BLOCK_TAGS, INLINE_TAGS, SKIP_TAGS
from polwire.core.text import clean_text

# A <br>, told apart from the line ends of the page source (which read as spaces).
BREAK = "\ue000"


def joined(parts: list[str], *, preformatted: bool = False) -> str:
    """Text gathered by ``inline_text``: source line ends are spaces, <br> a line end."""
    text = "".join(parts)
    if not preformatted:
        text = text.replace("\n", " ")
    return text.replace(BREAK, "\n")


def inline_text(element: HtmlElement, parts: list[str]) -> None:
    """Text of a paragraph-like element, skipping furniture nested inside it."""
    if element.text:
        parts.append(element.text)
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            if tag == "br":
                parts.append(BREAK)
            elif tag in ("rt", "rp"):
                # Ruby readings: keep them the way the page prints them in parentheses.
                parts.append(child.text_content())
            elif tag not in SKIP_TAGS and not (
                is_boilerplate(child) if tag not in INLINE_TAGS else _is_inline_media(child)
            ):
                inline_text(child, parts)
        if child.tail:
            parts.append(child.tail)


# An image, its caption or its credit set inline in a paragraph (a <span> standing in for
# <figure>): the paragraph's prose is read without it. Other inline names (a highlight,
# a topic link) are the prose's own.
_INLINE_MEDIA = re.compile(
    r"(?:^|[-_])(?:caption|credit|attribution|image|img|photo|picture|figure|video|player"
    r"|embed|gallery|slideshow)(?:$|[-_])",
    re.IGNORECASE,
)


def _is_inline_media(element: HtmlElement) -> bool:
    names = element.get("class")
    return bool(names) and any(_INLINE_MEDIA.search(token) for token in names.split())


def href_links(element: HtmlElement) -> list[HtmlElement]:
    # <a name="..."> without href is a jump target around prose, not a link.
    return [link for link in element.iter("a") if link.get("href") is not None]


def mostly_links(element: HtmlElement, text_chars: int) -> bool:
    """A list item or paragraph that is a link to another story, not prose.

    Prose whose words are each a link to a topic page (Japanese and Korean sites link place
    and party names) stays: a story link is one link, or a link with a headline's length.
    """
    links = [len(link.text_content().strip()) for link in href_links(element)]
    if sum(links) <= 0.6 * text_chars:
        return False
    longest = max(links)
    headline = _HEADLINE_CJK if CJK.search(element.text_content()) else _HEADLINE_LATIN
    return len(links) == 1 or longest >= headline


# Characters from which a link's text reads as a story's headline rather than a word.
_HEADLINE_LATIN = 25
_HEADLINE_CJK = 12


def _is_teaser_link(link: HtmlElement) -> bool:
    # A link that wraps block-level content is a story card, not an inline link.
    return any(isinstance(c.tag, str) and c.tag not in INLINE_TAGS for c in link.iter())


def split_lines(raw: str) -> list[str]:
    # Pages that separate paragraphs with <br><br> inside one element.
    if "\n\n" in raw:
        return [line for line in (clean_text(chunk) for chunk in raw.split("\n\n")) if line]
    line = clean_text(raw)
    return [line] if line else []


_NOT_WORD = re.compile(r"\W+")


def _stands_alone(loose: list[str], element: HtmlElement) -> bool:
    before = "".join(loose)
    after = element.tail or ""
    return (not before.strip() or before.rstrip(" \t\n").endswith(BREAK)) and not after.strip()


def _only_time(element: HtmlElement) -> bool:
    """A paragraph whose words are all inside <time> elements: a date line."""
    times = "".join(t.text_content() for t in element.iter("time"))
    if not times:
        return False
    return _NOT_WORD.sub("", times) == _NOT_WORD.sub("", element.text_content())


# Names of a box that folds the rest of the story away behind a "read more" toggle.
_FOLDED = re.compile(r"read-?more|show-?more|expand|collaps|truncat|continue", re.IGNORECASE)
_FOLDED_PARAGRAPHS = 2
PROSE_PARAGRAPH_CHARS = 80


def _folded_story(element: HtmlElement) -> bool:
    """A "read more" box that holds the rest of the story's paragraphs, not a link to another.

    Its name reads like furniture, but its prose paragraphs are the story's own.
    """
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    if not _FOLDED.search(names):
        return False
    if element.tag == "p":
        # A paragraph folded on its own: its text is the rest of the story.
        length, links = paragraph_size(element)
        return length >= _FOLDED_PARAGRAPHS * PROSE_PARAGRAPH_CHARS and links < 0.2 * length
    paragraphs = 0
    for paragraph in element.iter("p"):
        length, links = paragraph_size(paragraph)
        if length >= PROSE_PARAGRAPH_CHARS and links < 0.2 * length:
            paragraphs += 1
            if paragraphs >= _FOLDED_PARAGRAPHS:
                return True
    return False


# Names that say what a box looks like or where a layout put it (an info or meta box, a
# page builder's widget, a field's label setting, a header, a teaser, "hidden on
# phones"), not that it stands beside the story: inside the container such a box is
# furniture only when its text is not prose.
_WEAK_FURNITURE = re.compile(
    r"(?:^|[-_])(?:info|meta|label|widget|header|teaser|infobox|box"
    r"|(?:hidden|visible)[-_](?:xs|s|sm|m|md|l|lg|xl|xxl|mobile|phone|tablet|desktop))(?:$|[-_])",
    re.IGNORECASE,
)


def _only_weak(token: str) -> bool:
    """Every furniture word in the name is a weak one ("info-box", not "donation-box")."""
    return bool(_WEAK_FURNITURE.search(token)) and not FURNITURE_NAME.search(
        _WEAK_FURNITURE.sub("-", token)
    )


def weak_name_prose(element: HtmlElement) -> bool:
    """A box inside the story whose furniture names are only weak ones, holding prose.

    "info" or "widget" names a meta line or a link list as often as a highlighted passage
    or a page builder's text block; a passage reads as sentences, hardly any of it links.
    """
    names = CAMEL.sub(r"\1-\2", f"{element.get('class') or ''} {element.get('id') or ''}")
    furniture = furniture_names(names)
    if not furniture or not all(_only_weak(token) for token in furniture):
        return False
    length, links = paragraph_size(element)
    if not length or links >= 0.2 * length:
        return False
    for paragraph in element.iter("p", "li"):
        length, links = paragraph_size(paragraph)
        if length >= PROSE_PARAGRAPH_CHARS and links < 0.2 * length:
            return True
    return False


# The tag of a line that is one of several an element's text breaks into at <br>s: a
# passage's line, which may repeat another passage's without being furniture.
PASSAGE_LINE = "line"
# The tag of a table cell's text: a table's data, short lines that are no furniture.
TABLE_CELL = "cell"


def collect_blocks(
    container: HtmlElement, protected: frozenset[HtmlElement] = frozenset()
) -> list[tuple[str, str]]:
    """(tag, text) for each paragraph-like block in ``container``, in document order.

    ``protected`` elements hold the article's main paragraphs: they are read even
    when their class names look like furniture (layout grids named "sidebar-...").
    """
    reader = _BlockReader(protected)
    reader.walk(container)
    return reader.blocks


def _reads_inline(child: HtmlElement) -> bool:
    """An inline child (an empty <span> too) whose text joins the loose text around it."""
    tag = child.tag
    inline = (tag in INLINE_TAGS and tag != "span") or (tag == "span" and len(child) == 0)
    return inline and not (child.get("class") and is_boilerplate(child))


def _is_data_cell(element: HtmlElement) -> bool:
    """A data cell, not a header cell or a cell of links (a navigation box's rows)."""
    return element.tag == "td" and paragraph_size(element)[1] < 0.5 * len(
        element.text_content().strip()
    )


def _is_furniture_box(element: HtmlElement) -> bool:
    return is_boilerplate(element) and not _folded_story(element) and not weak_name_prose(element)


class _BlockReader:
    """Walks a container, gathering its blocks; loose text between blocks is one block."""

    def __init__(self, protected: frozenset[HtmlElement]) -> None:
        self.protected = protected
        self.blocks: list[tuple[str, str]] = []

    def walk(self, element: HtmlElement) -> None:
        cell = _is_data_cell(element)
        loose: list[str] = [element.text] if element.text else []
        for child in element:
            if isinstance(child.tag, str):
                if _reads_inline(child):
                    self._inline(child, loose)
                else:
                    self._flush(loose, cell)
                    loose = []
                    if not self._block(child):
                        continue  # a dropped block's tail goes with it
            if child.tail:
                loose.append(child.tail)
        self._flush(loose, cell)

    def _inline(self, child: HtmlElement, loose: list[str]) -> None:
        tag = child.tag
        if tag == "br":
            loose.append(BREAK)
        elif (tag == "a" and _is_teaser_link(child)) or tag in SKIP_TAGS:
            pass
        elif tag == "time" and _stands_alone(loose, child):
            pass  # a <time> on a line of its own is a date line, not prose
        else:
            inline_text(child, loose)

    def _block(self, child: HtmlElement) -> bool:
        """Read a block-level child; False when it is dropped as a link list or a date line."""
        if child in self.protected:
            self.walk(child)
        elif child.tag in SKIP_TAGS or _is_furniture_box(child):
            pass
        elif child.tag in BLOCK_TAGS:
            return self._paragraph(child)
        else:
            self.walk(child)
        return True

    def _paragraph(self, child: HtmlElement) -> bool:
        parts: list[str] = []
        inline_text(child, parts)
        lines = split_lines(joined(parts, preformatted=child.tag == "pre"))
        if lines and (mostly_links(child, sum(len(line) for line in lines)) or _only_time(child)):
            return False
        for line in lines:
            self.blocks.append((child.tag if len(lines) == 1 else PASSAGE_LINE, line))
        return True

    def _flush(self, loose: list[str], cell: bool) -> None:
        # Line ends in the page source are spaces; only <br> breaks loose text.
        raw = joined(loose)
        if raw.strip():
            lines = split_lines(raw.replace("\n", "\n\n") if raw.count("\n") > 1 else raw)
            single = TABLE_CELL if cell else "text"
            for line in lines:
                self.blocks.append((single if len(lines) == 1 else PASSAGE_LINE, line))


def paragraph_size(element: HtmlElement) -> tuple[int, int]:
    """Characters of text in a paragraph-like element, and how many of them are link text."""
    length = len(element.text_content().strip())
    links = sum(len(link.text_content()) for link in href_links(element)) if length else 0
    return length, links
