"""Find the article text container and read its paragraphs, leaving captions, widgets, ads out."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from lxml.html import HtmlElement

from crawler.extraction.tree import INVISIBLE_TAGS, visible_text
from polwire.core.scripts import CJK
from polwire.core.text import clean_text

# Blocks whose whole subtree is never article prose.
_SKIP_TAGS = INVISIBLE_TAGS | {
    "figure",
    "figcaption",
    "aside",
    "nav",
    "footer",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "label",
    "picture",
    "img",
    "video",
    "audio",
    "h1",
    "dialog",
    "menu",
}
# Tables are not skipped: a table inside the story's container is its data (a
# comparison, a schedule, a recipe's quantities), and its cells read as lines.

# Elements that are one paragraph each (their inline children are read as one text).
_BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "pre", "dd", "dt"})
_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_INLINE_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "span",
        "font",
        "small",
        "big",
        "sub",
        "sup",
        "mark",
        "abbr",
        "cite",
        "q",
        "time",
        "code",
        "s",
        "del",
        "ins",
        "ruby",
        "rb",
        "rt",
        "rp",
        "wbr",
        "br",
        "bdi",
        "bdo",
        "data",
        "var",
        "kbd",
        "tt",
        "strike",
    }
)

# class/id tokens that mark non-article furniture inside or around an article.
_BOILERPLATE = re.compile(
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
    r"|dsgvo"
    # An author box spelled in German, Spanish or Italian; a star rating; a table of contents.
    r"|autor\w*|ratings?|toc|table-?of-?contents)(?:$|[-_])",
    re.IGNORECASE,
)
# Boxes beside the story (fact boxes, transcripts, related lists) that hold
# prose of their own: their paragraphs must not win the container contest.
_SIDE_BOX = re.compile(
    r"fact-?box|info-?box|box-?out|pull-?quote|related|newsletter|promo|comments?\b|sidebar(?!-grid)"
    r"|recommend|most-?read|trending|read-?more|more-?from|outbrain|taboola"
    r"|cookie|consent|onetrust|gdpr|privacy|modal|dialog|paywall-?(?:prompt|offer|wall)"
    r"|sign-?in-?group|registration|(?:^|\s)(?:hidden|d-none|is-hidden|sr-only)(?:\s|$)",
    re.IGNORECASE,
)

# class/id tokens that mark an article text container.
_BODY_HINT = re.compile(
    r"articlebody|article[-_]?body|story[-_]?body|entry[-_]?content|post[-_]?content"
    r"|article[-_]?content|article[-_]?text|articletext|body[-_]?text|bodytext|story[-_]?content"
    r"|news[-_]?body|news[-_]?text|article[-_]?detail|article__body|articlecont|content[-_]?body"
    r"|rich[-_]?text|paywall[-_]?content|text[-_]?body|main[-_]?text|detail[-_]?body",
    re.IGNORECASE,
)
BODY_HINT = _BODY_HINT

# Lines that are credits, furniture or calls to action, not article prose.
_JUNK_LINE = re.compile(
    r"^(?:©|\(c\)\s|copyright\b|all rights reserved|advertisement$|advertising$|ad$|sponsored"
    r"|read more\b|read also\b|also read\b|see also\b|related:|recommended:|click here\b"
    r"|sign up\b|subscribe\b|follow us\b|share this\b|share on\b|listen to this article"
    r"|this article (?:was|has been) (?:translated|updated)|photo:|image:|learn more$"
    r"|関連記事|【関連記事】|関連ニュース|この記事を|無断転載|저작권자|ⓒ|Copyright"
    r"|more\s*:|got a story\b|for more stories\b|follow [\w.]+ on (?:twitter|facebook|x)\b"
    r"|to view this video\b|up next$|watch:|watch\s*\||watch now\b|download the app\b"
    r"|our website is your destination\b"
    # German ad labels ("Anzeige -", "*Werbung.", "Werbung:"), not prose about advertising.
    r"|anzeige(?:\s*[-–:|,]|$)|\*?werbung(?:\s*[-–:|.,*]|$)|\*werbung\b"
    # A blog's post metadata ("Der Beitrag wurde am ... veröffentlicht"), its share label
    # in German ("Share this:"), a download link's label.
    r"|(?:dieser|der) (?:beitrag|eintrag) wurde (?:am|von|unter|in)\b|this entry was posted\b"
    r"|teilen sie dies mit|[^.!?]{0,50}\b(?:herunterladen|downloaden)$"
    # Buttons that fold or load a list, and a file's link with its type and size.
    r"|(?:alle|mehr|weniger) (?:anzeigen|zeigen|laden)$|(?:show|load|view|see) (?:more|less|all)$"
    r"|.{0,150}(?<![^\W\d_])(?:pdf|docx?|xlsx?|pptx?|zip)\s*[|,(]\s*\d+(?:[.,]\d+)?\s*[kmg]b\b)",
    re.IGNORECASE,
)
# Picture and source credits in the languages of Western Europe ("Foto: dpa", "Quelle:
# Landesregierung", "Crédit photo : AFP"): short lines only, a paragraph may open so.
_SHORT_CREDIT = re.compile(
    r"^(?:fotos?|bild(?:quelle)?|quelle|titelbild|beitragsbild|abbildung|grafik"
    r"|cr[ée]dits?(?: photo)?|foto ?credits?|fuente|fonte)\s*:",
    re.IGNORECASE,
)
_SHORT_CREDIT_CHARS = 120
_COPYRIGHT_ANYWHERE = re.compile(
    # A caption closing on its picture's credit ("... gesegnet. | © Getty Images") too.
    r"^\W{0,3}(?:©|ⓒ|\(c\))|all rights reserved|(?:©|ⓒ)\s*[^.!?©ⓒ]{1,60}$",
    re.IGNORECASE,
)


_CAMEL = re.compile(r"([a-z])([A-Z])")

# Names that say how a box is displayed, not what it is: Drupal's "field--label-hidden"
# hides the field's label (its text shows), and "hidden-xs", "l-hidden-sm" hide a box on
# phones only, so readers on a wider screen see it.
_DISPLAY_ONLY = re.compile(
    r"label-?(?:hidden|inline|above)$|(?:^|[-_])hidden-(?:xs|s|sm|phone|mobile)$", re.IGNORECASE
)


# The tests on class and id names are kept per name string: a page prints a few hundred
# different ones on thousands of elements, and the regexes were a tenth of extraction.
_NAME_CACHE = 8192


@lru_cache(maxsize=_NAME_CACHE)
def _furniture_names(names: str) -> tuple[str, ...]:
    """The class and id tokens in ``names`` that name furniture."""
    return tuple(
        token
        for token in names.split()
        if _BOILERPLATE.search(token) and not _DISPLAY_ONLY.search(token)
    )


# A paragraph marked "paywall" is the gated part of the story, printed in the page (Condé
# Nast's <p class="paywall">); a box marked so is a subscription prompt.
_GATED_PARAGRAPH = re.compile(r"(?:^|[-_])paywall(?:$|[-_])", re.IGNORECASE)


def _is_boilerplate(element: HtmlElement) -> bool:
    # A heading's id is the anchor a table of contents jumps to, made of its own words
    # ("nav_the_battery_is_left"): only its class can name furniture.
    ident = "" if element.tag in _HEADING_TAGS else element.get("id") or ""
    # "mediaEmbed" and "media-embed" name the same thing.
    names = _CAMEL.sub(r"\1-\2", f"{element.get('class') or ''} {ident}")
    if not names.strip():
        return element.get("hidden") is not None or element.get("aria-hidden") == "true"
    return _boilerplate_names(names, paragraph=element.tag == "p")


@lru_cache(maxsize=_NAME_CACHE)
def _boilerplate_names(names: str, *, paragraph: bool) -> bool:
    if _BODY_HINT.search(names):
        return False
    furniture = _furniture_names(names)
    if furniture and paragraph:
        return not all(_GATED_PARAGRAPH.search(token) for token in furniture)
    return bool(furniture)


# A <br>, told apart from the line ends of the page source (which read as spaces).
_BREAK = "\ue000"


def _joined(parts: list[str], *, preformatted: bool = False) -> str:
    """Text gathered by ``_inline_text``: source line ends are spaces, <br> a line end."""
    text = "".join(parts)
    if not preformatted:
        text = text.replace("\n", " ")
    return text.replace(_BREAK, "\n")


def _inline_text(element: HtmlElement, parts: list[str]) -> None:
    """Text of a paragraph-like element, skipping furniture nested inside it."""
    if element.text:
        parts.append(element.text)
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            if tag == "br":
                parts.append(_BREAK)
            elif tag in ("rt", "rp"):
                # Ruby readings: keep them the way the page prints them in parentheses.
                parts.append(child.text_content())
            elif tag not in _SKIP_TAGS and not (
                _is_boilerplate(child) if tag not in _INLINE_TAGS else _is_inline_media(child)
            ):
                _inline_text(child, parts)
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


def _links(element: HtmlElement) -> list[HtmlElement]:
    # <a name="..."> without href is a jump target around prose, not a link.
    return [link for link in element.iter("a") if link.get("href") is not None]


def _mostly_links(element: HtmlElement, text_chars: int) -> bool:
    """A list item or paragraph that is a link to another story, not prose.

    Prose whose words are each a link to a topic page (Japanese and Korean sites link place
    and party names) stays: a story link is one link, or a link with a headline's length.
    """
    links = [len(link.text_content().strip()) for link in _links(element)]
    if sum(links) <= 0.6 * text_chars:
        return False
    longest = max(links)
    headline = _HEADLINE_CJK if _CJK.search(element.text_content()) else _HEADLINE_LATIN
    return len(links) == 1 or longest >= headline


# Characters from which a link's text reads as a story's headline rather than a word.
_HEADLINE_LATIN = 25
_HEADLINE_CJK = 12


def _is_teaser_link(link: HtmlElement) -> bool:
    # A link that wraps block-level content is a story card, not an inline link.
    return any(isinstance(c.tag, str) and c.tag not in _INLINE_TAGS for c in link.iter())


def _split_lines(raw: str) -> list[str]:
    # Pages that separate paragraphs with <br><br> inside one element.
    if "\n\n" in raw:
        return [line for line in (clean_text(chunk) for chunk in raw.split("\n\n")) if line]
    line = clean_text(raw)
    return [line] if line else []


_NOT_WORD = re.compile(r"\W+")


def _stands_alone(loose: list[str], element: HtmlElement) -> bool:
    before = "".join(loose)
    after = element.tail or ""
    return (not before.strip() or before.rstrip(" \t\n").endswith(_BREAK)) and not after.strip()


def _only_time(element: HtmlElement) -> bool:
    """A paragraph whose words are all inside <time> elements: a date line."""
    times = "".join(t.text_content() for t in element.iter("time"))
    if not times:
        return False
    return _NOT_WORD.sub("", times) == _NOT_WORD.sub("", element.text_content())


# Names of a box that folds the rest of the story away behind a "read more" toggle.
_FOLDED = re.compile(r"read-?more|show-?more|expand|collaps|truncat|continue", re.IGNORECASE)
_FOLDED_PARAGRAPHS = 2
_FOLDED_PARAGRAPH_CHARS = 80


def _folded_story(element: HtmlElement) -> bool:
    """A "read more" box that holds the rest of the story's paragraphs, not a link to another.

    Its name reads like furniture, but its prose paragraphs are the story's own.
    """
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    if not _FOLDED.search(names):
        return False
    if element.tag == "p":
        # A paragraph folded on its own: its text is the rest of the story.
        length, links = _paragraph_size(element)
        return length >= _FOLDED_PARAGRAPHS * _FOLDED_PARAGRAPH_CHARS and links < 0.2 * length
    paragraphs = 0
    for paragraph in element.iter("p"):
        length, links = _paragraph_size(paragraph)
        if length >= _FOLDED_PARAGRAPH_CHARS and links < 0.2 * length:
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


def _weak_name_prose(element: HtmlElement) -> bool:
    """A box inside the story whose furniture names are only weak ones, holding prose.

    "info" or "widget" names a meta line or a link list as often as a highlighted passage
    or a page builder's text block; a passage reads as sentences, hardly any of it links.
    """
    names = _CAMEL.sub(r"\1-\2", f"{element.get('class') or ''} {element.get('id') or ''}")
    furniture = _furniture_names(names)
    if not furniture or not all(_WEAK_FURNITURE.search(token) for token in furniture):
        return False
    length, links = _paragraph_size(element)
    if not length or links >= 0.2 * length:
        return False
    for paragraph in element.iter("p", "li"):
        length, links = _paragraph_size(paragraph)
        if length >= _FOLDED_PARAGRAPH_CHARS and links < 0.2 * length:
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
    blocks: list[tuple[str, str]] = []

    def walk(element: HtmlElement) -> None:
        # A data cell, not a header cell or a cell of links (a navigation box's rows).
        cell = element.tag == "td" and _paragraph_size(element)[1] < 0.5 * len(
            element.text_content().strip()
        )
        loose: list[str] = []
        if element.text:
            loose.append(element.text)
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                if child.tail:
                    loose.append(child.tail)
                continue
            if (
                (tag in _INLINE_TAGS and tag != "span") or (tag == "span" and len(child) == 0)
            ) and not (child.get("class") and _is_boilerplate(child)):
                if tag == "br":
                    loose.append(_BREAK)
                elif tag == "a" and _is_teaser_link(child):
                    pass
                elif tag == "time" and _stands_alone(loose, child):
                    pass  # a <time> on a line of its own is a date line, not prose
                elif tag not in _SKIP_TAGS:
                    _inline_text(child, loose)
            else:
                flush(loose, cell)
                loose = []
                if child in protected:
                    walk(child)
                elif tag in _SKIP_TAGS or (
                    _is_boilerplate(child)
                    and not _folded_story(child)
                    and not _weak_name_prose(child)
                ):
                    pass
                elif tag in _BLOCK_TAGS:
                    parts: list[str] = []
                    _inline_text(child, parts)
                    lines = _split_lines(_joined(parts, preformatted=tag == "pre"))
                    if lines and _mostly_links(child, sum(len(line) for line in lines)):
                        continue
                    if lines and _only_time(child):
                        continue
                    for line in lines:
                        blocks.append((tag if len(lines) == 1 else PASSAGE_LINE, line))
                else:
                    walk(child)
            if child.tail:
                loose.append(child.tail)
        flush(loose, cell)

    def flush(loose: list[str], cell: bool) -> None:
        # Line ends in the page source are spaces; only <br> breaks loose text.
        raw = _joined(loose)
        if raw.strip():
            lines = _split_lines(raw.replace("\n", "\n\n") if raw.count("\n") > 1 else raw)
            single = TABLE_CELL if cell else "text"
            for line in lines:
                blocks.append((single if len(lines) == 1 else PASSAGE_LINE, line))

    walk(container)
    return blocks


def _paragraph_size(element: HtmlElement) -> tuple[int, int]:
    """Characters of text in a paragraph-like element, and how many of them are link text."""
    length = len(element.text_content().strip())
    links = sum(len(link.text_content()) for link in _links(element)) if length else 0
    return length, links


def _is_text_div(element: HtmlElement) -> bool:
    # A div that holds prose directly (no <p>), as some Japanese CMSs print it.
    if element.text and len(element.text.strip()) >= 20:
        return all(child.tag in _INLINE_TAGS for child in element if isinstance(child.tag, str))
    return False


_LOOSE_TEXT_MIN = 400


def _loose_text_length(element: HtmlElement) -> int:
    """Characters of text directly in ``element``: its own text and its inline children's."""
    total = len((element.text or "").strip())
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag in _INLINE_TAGS and tag not in ("a", "br"):
            total += len(child.text_content().strip())
        if child.tail:
            total += len(child.tail.strip())
    return total


_FREE_PROSE_MIN = 200


def find_container(root: HtmlElement) -> tuple[HtmlElement | None, frozenset[HtmlElement]]:
    """The element holding most of the article's paragraphs, and the path to its main ones."""
    sizes: dict[HtmlElement, list[int]] = {}
    for element in root.iter("p", "div"):
        if element.tag == "div" and not _is_text_div(element):
            # A container that holds its prose as loose text between <br>s and
            # embeds (no <p>) is itself the paragraph holder.
            loose = _loose_text_length(element)
            if loose >= _LOOSE_TEXT_MIN:
                totals = sizes.setdefault(element, [0, 0])
                totals[0] += loose
            continue
        parent = element.getparent()
        if parent is None:
            continue
        length, links = _paragraph_size(element)
        if length:
            totals = sizes.setdefault(parent, [0, 0])
            totals[0] += length
            totals[1] += links
    scores: dict[HtmlElement, float] = {}
    boxed: set[HtmlElement] = set()
    for parent, (text_chars, link_chars) in sizes.items():
        if text_chars < 80:
            continue
        # Link-heavy blocks are lists of related stories, not prose.
        score = text_chars * (1 - min(1.0, link_chars / text_chars)) ** 2
        if _in_side_box(parent):
            score *= 0.2
            boxed.add(parent)
        scores[parent] = score
    if not scores:
        return None, frozenset()
    # Articles split into several sibling wrappers (ads between them): climb
    # to a common ancestor when it gathers clearly more substantial prose;
    # teaser snippets below the floor never pull the container upwards.
    # Prose in a side box (a cookie dialog, a comment thread) wins only on a page with
    # no other prose of substance: its penalty alone loses to a box of long legal text.
    free = [e for e in scores if e not in boxed and scores[e] >= _FREE_PROSE_MIN]
    best = max(free or scores, key=scores.__getitem__)
    floor = scores[best] * 0.3
    substantial = {e: v for e, v in scores.items() if v >= floor and e not in boxed}
    node = best
    gathered = scores[best]
    for ancestor in best.iterancestors():
        if ancestor.tag in ("body", "html"):
            break
        inside = sum(
            score
            for element, score in substantial.items()
            if element is ancestor or _is_descendant(element, ancestor)
        )
        if inside > gathered * 1.1:
            node, gathered = ancestor, inside
        if ancestor.get("itemprop") == "articleBody" or (
            ancestor.tag == "article" and not _has_sibling_articles(ancestor)
        ):
            break
    protected: set[HtmlElement] = set()
    for element, score in scores.items():
        if (
            score < floor
            or element in boxed
            or not (element is node or _is_descendant(element, node))
        ):
            continue
        protected.add(element)
        for ancestor in element.iterancestors():
            if ancestor is node or ancestor in protected:
                break
            protected.add(ancestor)
    return node, frozenset(protected)


# A heading or paragraph printed beside the container, before it, reads as the story's
# lead (a sub-headline in <h2>, a teaser paragraph) when it is at least this long.
_SIBLING_LEAD_CHARS = 40


def story_parts(container: HtmlElement) -> list[HtmlElement]:
    """The container and the siblings that continue its story, in document order.

    A story is often printed in several sibling wrappers of one kind (the same tag and
    class, with an ad or an embed between them), and its sub-headline or lead in an
    <h2> or <p> just before its text wrapper. Both are parts of the story however
    little prose each holds, so they are read with it.
    """
    parent = container.getparent()
    if parent is None or parent.tag in ("html",):
        return [container]
    kind = (container.tag, (container.get("class") or "").strip())
    before: list[HtmlElement] = []
    leading = True
    for sibling in container.itersiblings(preceding=True):
        if not isinstance(sibling.tag, str) or sibling.tag in INVISIBLE_TAGS:
            continue
        if _continues(sibling, kind):
            before.append(sibling)
            continue
        if leading and _is_sibling_lead(sibling):
            before.append(sibling)
            continue
        leading = False
    after: list[HtmlElement] = []
    heading: HtmlElement | None = None
    for sibling in container.itersiblings():
        if not isinstance(sibling.tag, str) or sibling.tag in INVISIBLE_TAGS:
            continue
        if _continues(sibling, kind) or (not kind[1] and _unnamed_prose(sibling, kind[0])):
            # A subheading between two parts of the story belongs to the second.
            after.extend([heading, sibling] if heading is not None else [sibling])
            heading = None
        elif sibling.tag in ("h2", "h3", "h4") and not _is_boilerplate(sibling):
            heading = sibling
        else:
            heading = None
    parts = [*reversed(before), container, *after]
    if len(parts) == 1:
        return _repeated_wrappers(container) or _thread_posts(container) or parts
    return parts


# A story split into sections of a CMS (one wrapper per section, the text a few levels
# inside each) repeats a close ancestor of the container rather than the container.
_REPEAT_LEVELS = 3


def _holds_prose(element: HtmlElement) -> bool:
    """Some paragraph of prose, and hardly any of the whole is links."""
    length, links = _paragraph_size(element)
    if not length or links >= 0.2 * length:
        return False
    for paragraph in element.iter("p"):
        length, links = _paragraph_size(paragraph)
        if length >= _FOLDED_PARAGRAPH_CHARS and links < 0.2 * length:
            return True
    return False


def _continues_as_prose(wrapper: HtmlElement) -> bool:
    return not _is_boilerplate(wrapper) and not _in_side_box(wrapper) and _holds_prose(wrapper)


def _repeated_wrappers(container: HtmlElement) -> list[HtmlElement]:
    """The container, and the wrappers of prose repeating one of its close ancestors.

    The search stops at the article's own element: above it, repeated wrappers are
    other stories.
    """
    node = container
    for _ in range(_REPEAT_LEVELS):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return []
        if parent.tag in ("article", "main") or parent.get("itemprop") == "articleBody":
            return []
        node = parent
        kind = (node.tag, (node.get("class") or "").strip())
        if not kind[1]:
            continue
        before = [
            s
            for s in node.itersiblings(preceding=True)
            if (s.tag, (s.get("class") or "").strip()) == kind
        ]
        after = [s for s in node.itersiblings() if (s.tag, (s.get("class") or "").strip()) == kind]
        if not before and not after:
            continue
        kept_before = [s for s in reversed(before) if _continues_as_prose(s)]
        kept_after = [s for s in after if _continues_as_prose(s)]
        if not kept_before and not kept_after:
            return []
        return [*kept_before, container, *kept_after]
    return []


# A forum thread prints each post in a unit of its own (the same tag and class, side by
# side), the post's text a few levels inside it, in an element named as the container is.
_THREAD_LEVELS = 10
_POST_PROSE_CHARS = 80


def _kind(element: HtmlElement) -> tuple[str, str]:
    return element.tag, " ".join((element.get("class") or "").split())


def _first_class(element: HtmlElement) -> str:
    names = (element.get("class") or "").split()
    return names[0] if names else ""


def _reads_as_post(element: HtmlElement) -> bool:
    """Text of some length, hardly any of it links, not in a box beside the story."""
    length, links = _paragraph_size(element)
    return (
        length >= _POST_PROSE_CHARS
        and links < 0.2 * length
        and not _is_boilerplate(element)
        and not _in_side_box(element)
    )


def _thread_posts(container: HtmlElement) -> list[HtmlElement]:
    """The container and the texts of the posts beside its own, when it is a thread's post.

    The units beside the container's own count only when none holds a headline: units
    with one are stories of their own (a listing, the next story loaded below).
    """
    kind = _kind(container)
    if not kind[1]:
        return []
    node = container
    for _ in range(_THREAD_LEVELS):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        node = parent
        # A post's unit is named by its first class; the others mark its kind (a
        # moderator's post) or carry its number.
        unit = _first_class(node)
        if not unit:
            continue
        around = node.getparent()
        if around is None:
            break
        units = [
            s for s in around if s is not node and s.tag == node.tag and _first_class(s) == unit
        ]
        if not units:
            continue
        if any(True for u in (node, *units) for _ in u.iter("h1", "h2")):
            return []
        posts = [
            post
            for u in units
            for post in u.iter(container.tag)
            if _kind(post) == kind and _reads_as_post(post)
        ]
        if not posts:
            continue  # units of the post's own layout (a header, a signature)
        return sorted([container, *posts], key=_document_position(container))
    return _posts_between_headlines(container, kind)


def _posts_between_headlines(container: HtmlElement, kind: tuple[str, str]) -> list[HtmlElement]:
    """Elements named as the container is, holding posts, with no headline between them.

    A page whose markup nests each post inside the one before (an unclosed element) has
    no units side by side; document order still tells the thread's posts (under its one
    headline) from another story's text (under a headline of its own).
    """
    # Within the story's own <article>, more of its kind are sections of the story
    # (read by the rules for its parts, or left out by them), not other posts.
    article = next((a for a in container.iterancestors() if a.tag == "article"), None)
    run: list[HtmlElement] = []
    found = False
    for element in container.getroottree().getroot().iter(container.tag, "h1", "h2"):
        if element.tag in ("h1", "h2"):
            if found:
                break
            run = []
            continue
        if element is container:
            found = True
            run.append(element)
        elif (
            _kind(element) == kind
            and not (article is not None and _is_descendant(element, article))
            and _reads_as_post(element)
            and _in_nested_units(container, element)
        ):
            run.append(element)
    return run if len(run) > 1 else []


def _in_nested_units(one: HtmlElement, other: HtmlElement) -> bool:
    """The two sit in units of one kind, one unit inside the other (posts left unclosed)."""
    mine = [a for a in list(one.iterancestors())[:_THREAD_LEVELS] if _first_class(a)]
    theirs = [a for a in list(other.iterancestors())[:_THREAD_LEVELS] if _first_class(a)]
    return any(
        unit is not own
        and unit.tag == own.tag
        and _first_class(unit) == _first_class(own)
        and (_is_descendant(unit, own) or _is_descendant(own, unit))
        for own in mine
        for unit in theirs
    )


def _document_position(element: HtmlElement) -> Callable[[HtmlElement], int]:
    order = {e: index for index, e in enumerate(element.getroottree().getroot().iter())}
    return order.__getitem__


_UNNAMED_PROSE_CHARS = 200


def _unnamed_prose(sibling: HtmlElement, tag: str) -> bool:
    """A sibling of an unnamed container, unnamed too, that holds prose of its own.

    Unnamed wrappers have no class to tell them apart, so the text has to: loose text
    or paragraphs of some length, hardly any of it links.
    """
    if sibling.tag != tag or sibling.get("class") or sibling.get("id"):
        return False
    length, links = _paragraph_size(sibling)
    return length >= _UNNAMED_PROSE_CHARS and links < 0.2 * length


def _continues(sibling: HtmlElement, kind: tuple[str, str]) -> bool:
    if not kind[1] or (sibling.tag, (sibling.get("class") or "").strip()) != kind:
        return False
    return not _is_boilerplate(sibling) and not _in_side_box(sibling)


def _is_sibling_lead(sibling: HtmlElement) -> bool:
    if sibling.tag not in ("h2", "p") or _is_boilerplate(sibling):
        return False
    length, links = _paragraph_size(sibling)
    return length >= _SIBLING_LEAD_CHARS and links < 0.5 * length


# Page furniture by its tag: prose inside them (a site disclaimer, a sidebar story) is never
# the article, however long, wherever a broken page's nesting puts them.
_FURNITURE_TAGS = frozenset({"footer", "aside", "nav"})


@lru_cache(maxsize=_NAME_CACHE)
def _side_box_names(names: str) -> bool:
    return bool(names.strip()) and bool(_SIDE_BOX.search(names)) and not _BODY_HINT.search(names)


def _in_side_box(element: HtmlElement) -> bool:
    for depth, ancestor in enumerate((element, *element.iterancestors())):
        if ancestor.tag in _FURNITURE_TAGS:
            return True
        if depth > 3:
            continue
        if _side_box_names(f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"):
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
        if ancestor.tag in _FURNITURE_TAGS:
            return True
        if _side_box_names(f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"):
            return True
    return False


def in_side_box(element: HtmlElement) -> bool:
    """Inside page furniture (aside, nav, footer), a box beside the story, or a story card."""
    if _in_side_box(element):
        return True
    return any(
        ancestor.tag == "article" and _has_sibling_articles(ancestor)
        for ancestor in element.iterancestors()
    )


def _has_sibling_articles(article: HtmlElement) -> bool:
    # <article> elements side by side are cards of a list (tips, products, teasers),
    # each a part of the page rather than the story itself.
    parent = article.getparent()
    return parent is not None and sum(1 for child in parent if child.tag == "article") > 1


def _is_descendant(element: HtmlElement, ancestor: HtmlElement) -> bool:
    return any(parent is ancestor for parent in element.iterancestors())


# A paywall notice ends the freely readable text: what follows is sign-up furniture.
_PAYWALL = re.compile(
    r"この記事は(?:会員|有料会員|デジタル会員)限定|続きを読む$|残り\d+文字|有料会員になると"
    r"|이 기사는 유료|^(?:subscribe|sign in|log in) to (?:continue|read)"
    r"|this article is (?:for|only for) subscribers"
    r"|to continue reading\b|already a subscriber\b",
    re.IGNORECASE,
)


# Headings that open the furniture after a story: nothing after them is the article.
_END_MARKER = re.compile(
    r"^(?:おすすめ情報|関連記事|関連ニュース|あわせて読みたい|こちらもおすすめ|この記事の関連ニュース"
    r"|관련\s?기사|추천\s?기사|많이 본 뉴스|相关新闻|相关阅读|延伸阅读"
    r"|related (?:articles|stories|coverage|news|content)|more from\b.*|recommended(?: for you)?"
    r"|most (?:read|popular|viewed)|you may also like|you might also like"
    r"|articles, offers & useful resources)$",
    re.IGNORECASE,
)

# Headings that open furniture in many languages; a story's own subheadings can
# read the same ("More on the background"), so they count only in its last part.
_LATE_END_MARKER = re.compile(
    r"^(?:related posts|about the author|leave a (?:reply|comment)|\d+\s+comments?|see also"
    r"|further reading"
    # German, French, Spanish, Italian, Portuguese: the same headings.
    r"|(?:zum )?weiterlesen|mehr zu(?:m thema)?\b.*|mehr (?:aus|von|über)\b.*"
    r"|lesen sie (?:auch|mehr)\b.*|das könnte (?:sie|dich) auch interessieren|auch interessant"
    r"|ähnliche (?:artikel|beiträge)|verwandte (?:artikel|beiträge|themen)"
    r"|über (?:den autor|die autorin|uns)|empfehlungen\b.*"
    r"|entdecke(?:n sie)? (?:mehr|weitere|jetzt)\b.*"
    r"|\d+\s+kommentare?|schreibe einen kommentar|das könnte dir auch gefallen"
    # Contact, sources, tags and "more on" boxes under a German story.
    r"|kontakt(?:daten)?|ansprechpartner(?:in)?|quellen(?:angaben)?(?: ausblenden)?"
    r"|zusatzinformationen|schlagw[öo]rt(?:e|er)|stichw[öo]rter|schon gelesen"
    # Headings, not sentences: "Weitere Informationen erteilt ..." is the story's own.
    r"|weitere (?:\w+ )?(?:informationen|infos|links|themen|artikel|beiträge|nachrichten)"
    r"(?: (?:zu|zum|zur|über|aus|auf|von|im|in)\b[^.!?]{0,40})?"
    r"|alle (?:artikel|beiträge|nachrichten|news) (?:zu|zum|zur|über|aus)\b[^.!?]{0,40}"
    r"|mehr(?: \w+){1,2} (?:auf|bei|aus|von|zu|zum|zur)\b[^.!?]{0,40}"
    r"|(?:das|dieses) thema könnte (?:sie|dich) auch interessieren"
    r"|(?:möchten sie )?(?:den|diesen) (?:artikel|beitrag) teilen|teilen sie dies mit"
    r"|vorschau auf den nächsten artikel"
    r"|(?:à )?lire aussi|sur le même sujet|à propos de l'auteur|\d+\s+commentaires?"
    r"|(?:lee|leer) también|artículos relacionados|leggi anche|articoli correlati"
    r"|leia também|(?:notícias|artigos) relacionad[ao]s)[\s:.!?…]*$",
    re.IGNORECASE,
)


_REPEATED_PARAGRAPH = 200
# Where the last part of a body starts (share of its characters).
_LATE_PART = 0.6

# Words of a date or time line: months and weekdays (en, de, fr, es, pt, it, nl,
# abbreviated or not), clock and zone words, and the labels put before them.
_DATE_WORD = re.compile(
    r"\b(?:jan(?:uary|uar|vier)?|feb(?:ruary|ruar)?|f[ée]v(?:rier)?|m[aä]r(?:ch|z|s)?|apr(?:il)?"
    r"|avr(?:il)?|may|mai|mayo|maio|maggio|jun[ei]?|juin|juli?|jul(?:y|io)?|juil(?:let)?"
    r"|aug(?:ust)?|ao[uû]t|sep(?:t(?:ember)?)?|okt(?:ober)?|oct(?:ober|obre)?|nov(?:ember|embre)?"
    r"|de[cz](?:ember|embre)?|d[ée]c|mon(?:day)?|tue(?:sday)?|wed(?:nesday)?|thu(?:rsday)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?|montag|dienstag|mittwoch|donnerstag|freitag"
    r"|samstag|sonntag|am|pm|uhr|h|utc|gmt|cet|cest|et|pt"
    # Zone abbreviations ("EST", "PDT") only in capitals: ignoring case, "Test", "best" and
    # German "ist" read as zones, and a line like "Test Case 1" as a date.
    r"|(?-i:[A-Z]{1,2}[SD]T)"
    r"|updated?|published|posted|created|modified|last|on|at|um|am|le|el|de|del|stand"
    r"|aktualisiert|ver[öo]ffentlicht|erstellt|mis à jour|publié|actualizado|publicado"
    r"|(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
    r"\s+ago|vor\s+(?:\d+|einer?|einem)\s+(?:sekunden?|minuten?|stunden?|tag(?:en)?|wochen?)"
    r"|just now|today|yesterday|heute|gestern|soon|coming soon|bald|demnächst)\b\.?",
    re.IGNORECASE,
)
_DATE_DIGITS = re.compile(r"\d")
_AGO = re.compile(r"\bago\b|\bvor\s", re.IGNORECASE)
_DATE_LEFTOVER = re.compile(r"[\d\W_年月日時分초년월일시분]+")
_RELATIVE_ONLY = re.compile(
    r"^(?:just now|soon|coming soon|today|yesterday|heute|gestern|bald|demnächst|new|neu|live)$",
    re.IGNORECASE,
)


def is_date_furniture(line: str) -> bool:
    """A date, a time or "Updated 3 hours ago" printed as a line of its own: page furniture."""
    if len(line) > 80:
        return False
    if _RELATIVE_ONLY.match(line.strip(" .:!")):
        return True
    if not _DATE_DIGITS.search(line) and not _AGO.search(line):
        return False
    stripped = _DATE_WORD.sub(" ", line)
    leftover = _DATE_LEFTOVER.sub(" ", stripped).split()
    if stripped == line:
        # No date word: only a numeric date ("12.03.2024") is one.
        return not leftover and bool(_DATE_DIGITS.search(line))
    # Once date words, digits and punctuation are gone, at most one word (a place,
    # a name) may stand beside the date.
    return len(leftover) <= 1


def clean_paragraphs(blocks: list[tuple[str, str]]) -> list[str]:
    """Drop credit, call-to-action and duplicate lines, stop at a paywall notice; keep order.

    Date lines and relative times ("Updated 3 hours ago") before the first paragraph
    are furniture: they never open the body.
    """
    out: list[str] = []
    seen: set[str] = set()
    total = sum(len(text) for _tag, text in blocks)
    done = 0
    for tag, text in blocks:
        done += len(text)
        if _PAYWALL.search(text) or _END_MARKER.match(text):
            break
        if out and done >= _LATE_PART * total and _LATE_END_MARKER.match(text):
            break
        if not out and is_date_furniture(text):
            continue
        if (
            _JUNK_LINE.match(text)
            or (_COPYRIGHT_ANYWHERE.search(text) and len(text) < 200)
            or (_SHORT_CREDIT.match(text) and len(text) < _SHORT_CREDIT_CHARS)
        ):
            continue
        # A short line printed twice is furniture (a caption, a label); a long
        # paragraph printed twice is the author's own repetition, and so is a line of
        # a passage broken at <br>s (a refrain, a verse, a list of steps said again).
        if text in seen and len(text) < _REPEATED_PARAGRAPH and tag != PASSAGE_LINE:
            continue
        seen.add(text)
        out.append(text)
    return out


# class/id names of a standfirst (the summary under the headline): Fundus-style
# bodies start with it, and it usually sits outside the paragraph container.
_STANDFIRST = re.compile(
    r"standfirst|stand-first|(?:^|[-_\s])dek(?:$|[-_\s])|excerpt|summary|sub-?headline|subtitle"
    r"|strapline|(?:^|[-_\s])lede(?:$|[-_\s])|article[-_]?lead|intro(?:$|[-_\s])|description|deck",
    re.IGNORECASE,
)


def _named_standfirst(element: HtmlElement) -> bool:
    return _standfirst_names(f"{element.get('class') or ''} {element.get('id') or ''}")


@lru_cache(maxsize=_NAME_CACHE)
def _standfirst_names(names: str) -> bool:
    return bool(_STANDFIRST.search(names)) and not _SIDE_BOX.search(names)


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
        _inline_text(element, parts)
        text = clean_text(_joined(parts))
        if not 30 <= len(text) <= 500:
            continue
        squeezed = re.sub(r"\W+", "", text).casefold()
        if wanted and (
            wanted in squeezed or squeezed[:40] in re.sub(r"\W+", "", description or "").casefold()
        ):
            return text
    return None


# A sentence ends with one of these (a closing quote or bracket may follow).
_SENTENCE_END = re.compile(r"[.!?。！？…:;：；][\"'”’」』）)\]]*$")
_SHORT_LINE = 40
_SHORT_CJK_LINE = 20
_CJK = re.compile(f"[{CJK}]")


def ends_as_sentence(line: str) -> bool:
    """The line ends the way a sentence does (a closing quote or bracket may follow)."""
    return bool(_SENTENCE_END.search(line))


def trim_trailing_furniture(
    paragraphs: list[str], cells: frozenset[str] = frozenset()
) -> list[str]:
    """Drop the run of short lines that are not sentences after the story's last paragraph.

    Topic tags, "1 day ago", share and sign-up labels follow the text on many
    pages inside the same container; a story itself ends with a sentence, or with a
    table (``cells``: the texts of its cells), whose cells are short lines.
    """
    end = len(paragraphs)
    while end > 3:
        line = paragraphs[end - 1]
        if line in cells:
            break
        limit = _SHORT_CJK_LINE if _CJK.search(line) else _SHORT_LINE
        # A story does not end on a colon: that line announced something not extracted.
        if (len(line) >= limit or _SENTENCE_END.search(line)) and not line.endswith((":", "：")):
            break
        end -= 1
    return paragraphs[:end]


# Credits printed after a story sit in its next few short lines; a long text is
# the next piece of page content, and the story's own credits are over by then.
_AFTER_LINES = 3
_AFTER_LINE_CHARS = 200
_AFTER_LEVELS = 4


def _short_text(element: HtmlElement) -> str:
    """The element's text when it is short; a placeholder as long as the limit otherwise.

    Stops reading once past the limit: the sibling after a story is often the rest
    of the page.
    """
    if not any(True for _ in element.iter("script", "style")):
        total = 0
        for piece in element.itertext():
            total += len(piece.strip())
            if total > _AFTER_LINE_CHARS:
                return "x" * (_AFTER_LINE_CHARS + 1)
    return visible_text(element)


def lines_after(container: HtmlElement) -> list[str]:
    """The first short lines printed after ``container`` (a credit, a copyright line)."""
    found: list[str] = []
    node = container
    for _ in range(_AFTER_LEVELS):
        texts = [node.tail or ""]
        for sibling in node.itersiblings():
            if isinstance(sibling.tag, str) and sibling.tag not in INVISIBLE_TAGS:
                texts.append(_short_text(sibling))
            texts.append(sibling.tail or "")
            if len(found) + len([t for t in texts if t.strip()]) >= _AFTER_LINES:
                break
        for text in (clean_text(t) for t in texts):
            if not text:
                continue
            if len(text) > _AFTER_LINE_CHARS or len(found) >= _AFTER_LINES:
                return found
            found.append(text)
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        node = parent
    return found


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
    names = _furniture_names(f"{element.get('class') or ''} {element.get('id') or ''}")
    return bool(names) and all(_STORY_HEADER.search(token) for token in names)


def _inside_story(element: HtmlElement, near: list[HtmlElement]) -> bool:
    """Below one of ``near`` with no skipped or furniture element on the way."""
    for ancestor in element.iterancestors():
        if any(ancestor is n for n in near):
            return True
        if ancestor.tag in _SKIP_TAGS and ancestor.tag != "header":
            return False
        if (
            _is_boilerplate(ancestor)
            and not _is_story_header(ancestor)
            # A lead box named "teaser-text" or "intro-info" is the story's own lead.
            and not _weak_name_prose(ancestor)
        ):
            return False
    return False


def _is_link_only(element: HtmlElement) -> bool:
    length, links = _paragraph_size(element)
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
        if tag == "div" and not _is_text_div(element):
            continue
        if (_is_boilerplate(element) and not _weak_name_prose(element)) or not _inside_story(
            element, near
        ):
            continue
        parts: list[str] = []
        _inline_text(element, parts)
        text = clean_text(_joined(parts))
        if tag == "h2":
            # A sub-headline under the headline: a phrase, not a sentence, but no label.
            if (
                not site_name
                and _SUBHEADLINE_MIN_CHARS <= len(text) <= _LEAD_MAX_CHARS
                and not _mostly_links(element, len(text))
            ):
                leads.append(text)
        elif _LEAD_MIN_CHARS <= len(text) <= _LEAD_MAX_CHARS and _SENTENCE_END.search(text):
            leads.append(text)
        elif _SUBHEADLINE_MIN_CHARS <= len(text) <= _LEAD_MAX_CHARS and _named_standfirst(element):
            # A paragraph named as the sub-headline is one, sentence or phrase.
            leads.append(text)
    return []  # the container never came: it precedes the headline
