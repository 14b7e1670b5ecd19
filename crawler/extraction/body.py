"""Find the article text container and read its paragraphs, leaving captions, widgets and ads out."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from crawler.extraction.tree import INVISIBLE_TAGS, clean_text

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
    "table",
}
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
    r"(?:^|[-_])(?:caption|credit|share|sharing|social|related|recommend\w*|newsletter|promo\w*"
    r"|ad|ads|advert\w*|adslot|dfp|sponsor\w*|subscri\w*|signup|sign-up|comment\w*|byline"
    r"|author\w*|tags?|topics|breadcrumbs?|toolbar|print|widget|read-?more|more-?stories"
    r"|outbrain|taboola|hidden|sr-only|visually-hidden|visuallyhidden|popup|modal|paywall"
    r"|banner|trending|most-?read|most-?popular|footer|header|nav|navigation|menu|sidebar"
    r"|rail|teaser|gallery|slideshow|video|player|audio|photo|image|img|figure|embed|cta"
    r"|disclaimer|copyright|timestamp|dateline|date|time|meta|info|label|follow|login"
    r"|inline-?related|see-?also|also-?read|read-?also|next|prev|pagination|skip)(?:$|[-_])",
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

# Lines that are credits, furniture or calls to action, not article prose.
_JUNK_LINE = re.compile(
    r"^(?:©|\(c\)\s|copyright\b|all rights reserved|advertisement$|advertising$|ad$|sponsored"
    r"|read more\b|read also\b|also read\b|see also\b|related:|recommended:|click here\b"
    r"|sign up\b|subscribe\b|follow us\b|share this\b|share on\b|listen to this article"
    r"|this article (?:was|has been) (?:translated|updated)|photo:|image:|learn more$"
    r"|関連記事|【関連記事】|関連ニュース|この記事を|無断転載|저작권자|ⓒ|Copyright)",
    re.IGNORECASE,
)
_COPYRIGHT_ANYWHERE = re.compile(r"^\W{0,3}(?:©|ⓒ|\(c\))|all rights reserved", re.IGNORECASE)


def _is_boilerplate(element: HtmlElement) -> bool:
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    if not names.strip():
        return element.get("hidden") is not None or element.get("aria-hidden") == "true"
    if _BODY_HINT.search(names):
        return False
    return any(_BOILERPLATE.search(token) for token in names.split())


def _inline_text(element: HtmlElement, parts: list[str]) -> None:
    """Text of a paragraph-like element, skipping furniture nested inside it."""
    if element.text:
        parts.append(element.text)
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            if tag == "br":
                parts.append("\n")
            elif tag in ("rt", "rp"):
                # Ruby readings: keep them the way the page prints them in parentheses.
                parts.append(child.text_content())
            elif tag not in _SKIP_TAGS and not (
                tag not in _INLINE_TAGS and _is_boilerplate(child)
            ):
                _inline_text(child, parts)
        if child.tail:
            parts.append(child.tail)


def _split_lines(raw: str) -> list[str]:
    # Pages that separate paragraphs with <br><br> inside one element.
    if "\n\n" in raw:
        return [line for line in (clean_text(chunk) for chunk in raw.split("\n\n")) if line]
    line = clean_text(raw)
    return [line] if line else []


def collect_blocks(
    container: HtmlElement, protected: frozenset[HtmlElement] = frozenset()
) -> list[tuple[str, str]]:
    """(tag, text) for each paragraph-like block in ``container``, in document order.

    ``protected`` elements hold the article's main paragraphs: they are read even
    when their class names look like furniture (layout grids named "sidebar-...").
    """
    blocks: list[tuple[str, str]] = []

    def walk(element: HtmlElement) -> None:
        loose: list[str] = []
        if element.text:
            loose.append(element.text)
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                if child.tail:
                    loose.append(child.tail)
                continue
            if tag in _INLINE_TAGS and tag != "span" or (tag == "span" and len(child) == 0):
                if tag == "br":
                    loose.append("\n\n" if loose and loose[-1].endswith("\n") else "\n")
                elif tag not in _SKIP_TAGS:
                    _inline_text(child, loose)
            else:
                flush(loose)
                loose = []
                if child in protected:
                    walk(child)
                elif tag in _SKIP_TAGS or _is_boilerplate(child):
                    pass
                elif tag in _BLOCK_TAGS:
                    parts: list[str] = []
                    _inline_text(child, parts)
                    for line in _split_lines("".join(parts)):
                        blocks.append((tag, line))
                else:
                    walk(child)
            if child.tail:
                loose.append(child.tail)
        flush(loose)

    def flush(loose: list[str]) -> None:
        raw = "".join(loose)
        if raw.strip():
            for line in _split_lines(raw.replace("\n", "\n\n") if raw.count("\n") > 1 else raw):
                blocks.append(("text", line))

    walk(container)
    return blocks


def _text_score(element: HtmlElement) -> tuple[int, int]:
    """Characters of paragraph text directly under ``element`` and of link text in them."""
    text_chars = 0
    link_chars = 0
    for child in element:
        if child.tag == "p" or (child.tag == "div" and len(child) == 0):
            text = child.text_content()
            length = len(text.strip())
            if length:
                text_chars += length
                for link in child.iter("a"):
                    link_chars += len(link.text_content())
    return text_chars, link_chars


def find_container(root: HtmlElement) -> tuple[HtmlElement | None, frozenset[HtmlElement]]:
    """The element holding most of the article's paragraphs, and the path to its main ones."""
    scores: dict[HtmlElement, float] = {}
    for paragraph in root.iter("p"):
        parent = paragraph.getparent()
        if parent is None or parent in scores:
            continue
        text_chars, link_chars = _text_score(parent)
        if text_chars < 80:
            continue
        # Link-heavy blocks are lists of related stories, not prose.
        score = text_chars * (1 - min(1.0, link_chars / text_chars)) ** 2
        scores[parent] = score
    if not scores:
        return None, frozenset()
    # Articles split into several sibling wrappers (ads between them): climb
    # to a common ancestor when it gathers clearly more paragraph text.
    best = max(scores, key=scores.__getitem__)
    total = sum(scores.values())
    node = best
    gathered = scores[best]
    for ancestor in best.iterancestors():
        if ancestor.tag in ("body", "html"):
            break
        inside = sum(
            score for element, score in scores.items() if _is_descendant(element, ancestor)
        )
        if inside > gathered * 1.15 and inside <= total:
            # Only climb while most of the new text is article-like (not sidebars).
            if _BODY_HINT.search(f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}") or (
                inside - gathered
            ) > 0.25 * gathered:
                node, gathered = ancestor, inside
        if ancestor.tag == "article" or ancestor.get("itemprop") == "articleBody":
            break
    protected: set[HtmlElement] = set()
    floor = scores[best] * 0.3
    for element, score in scores.items():
        if score < floor or not (element is node or _is_descendant(element, node)):
            continue
        protected.add(element)
        for ancestor in element.iterancestors():
            if ancestor is node or ancestor in protected:
                break
            protected.add(ancestor)
    return node, frozenset(protected)


def _is_descendant(element: HtmlElement, ancestor: HtmlElement) -> bool:
    for parent in element.iterancestors():
        if parent is ancestor:
            return True
    return False


def clean_paragraphs(blocks: list[tuple[str, str]]) -> list[str]:
    """Drop credit, call-to-action and duplicate lines; keep order."""
    out: list[str] = []
    seen: set[str] = set()
    for _tag, text in blocks:
        if _JUNK_LINE.match(text) or _COPYRIGHT_ANYWHERE.search(text) and len(text) < 200:
            continue
        if text in seen:
            continue
        seen.add(text)
        out.append(text)
    return out
