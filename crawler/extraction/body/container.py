"""Find the element that holds most of the story's paragraphs."""

from __future__ import annotations

from lxml.html import HtmlElement

from crawler.extraction.body.names import has_sibling_articles, in_box_beside, is_descendant
from crawler.extraction.body.reading import paragraph_size
from crawler.extraction.body.tags import INLINE_TAGS


def is_text_div(element: HtmlElement) -> bool:
    # A div that holds prose directly (no <p>), as some Japanese CMSs print it.
    if element.text and len(element.text.strip()) >= 20:
        return all(child.tag in INLINE_TAGS for child in element if isinstance(child.tag, str))
    return False


_LOOSE_TEXT_MIN = 400


def _loose_text_length(element: HtmlElement) -> int:
    """Characters of text directly in ``element``: its own text and its inline children's."""
    total = len((element.text or "").strip())
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag in INLINE_TAGS and tag not in ("a", "br"):
            total += len(child.text_content().strip())
        if child.tail:
            total += len(child.tail.strip())
    return total


_FREE_PROSE_MIN = 200


_MIN_PROSE_CHARS = 80
_SIDE_BOX_PENALTY = 0.2
# Blocks of at least this share of the best one's score are the story's substantial parts.
_SUBSTANTIAL = 0.3
# How much more prose an ancestor must gather to be the container instead.
_GATHERS_MORE = 1.1


def _prose_sizes(root: HtmlElement) -> dict[HtmlElement, list[int]]:
    """[text characters, link characters] of the paragraphs each element holds directly."""
    sizes: dict[HtmlElement, list[int]] = {}
    for element in root.iter("p", "div"):
        if element.tag == "div" and not is_text_div(element):
            # A container that holds its prose as loose text between <br>s and
            # embeds (no <p>) is itself the paragraph holder.
            loose = _loose_text_length(element)
            if loose >= _LOOSE_TEXT_MIN:
                sizes.setdefault(element, [0, 0])[0] += loose
            continue
        parent = element.getparent()
        if parent is None:
            continue
        length, links = paragraph_size(element)
        if length:
            totals = sizes.setdefault(parent, [0, 0])
            totals[0] += length
            totals[1] += links
    return sizes


def _scores(root: HtmlElement) -> tuple[dict[HtmlElement, float], set[HtmlElement]]:
    """Each paragraph holder's score, and which of them sit in a box beside the story."""
    scores: dict[HtmlElement, float] = {}
    boxed: set[HtmlElement] = set()
    for parent, (text_chars, link_chars) in _prose_sizes(root).items():
        if text_chars < _MIN_PROSE_CHARS:
            continue
        # Link-heavy blocks are lists of related stories, not prose.
        score = text_chars * (1 - min(1.0, link_chars / text_chars)) ** 2
        if in_box_beside(parent):
            score *= _SIDE_BOX_PENALTY
            boxed.add(parent)
        scores[parent] = score
    return scores, boxed


def _gathering_ancestor(
    best: HtmlElement, gathered: float, substantial: dict[HtmlElement, float]
) -> HtmlElement:
    """The ancestor of ``best`` that gathers clearly more of the substantial prose.

    Articles split into several sibling wrappers (ads between them) are gathered by a
    common ancestor; teaser snippets below the floor never pull the container upwards.
    """
    node = best
    for ancestor in best.iterancestors():
        if ancestor.tag in ("body", "html"):
            break
        inside = sum(
            score
            for element, score in substantial.items()
            if element is ancestor or is_descendant(element, ancestor)
        )
        if inside > gathered * _GATHERS_MORE:
            node, gathered = ancestor, inside
        if ancestor.get("itemprop") == "articleBody" or (
            ancestor.tag == "article" and not has_sibling_articles(ancestor)
        ):
            break
    return node


def _paths_to(node: HtmlElement, main: list[HtmlElement]) -> frozenset[HtmlElement]:
    """The ``main`` paragraph holders inside ``node`` and the elements between them and it."""
    protected: set[HtmlElement] = set()
    for element in main:
        if not (element is node or is_descendant(element, node)):
            continue
        protected.add(element)
        for ancestor in element.iterancestors():
            if ancestor is node or ancestor in protected:
                break
            protected.add(ancestor)
    return frozenset(protected)


def find_container(root: HtmlElement) -> tuple[HtmlElement | None, frozenset[HtmlElement]]:
    """The element holding most of the article's paragraphs, and the path to its main ones."""
    scores, boxed = _scores(root)
    if not scores:
        return None, frozenset()
    # Prose in a side box (a cookie dialog, a comment thread) wins only on a page with
    # no other prose of substance: its penalty alone loses to a box of long legal text.
    free = [e for e in scores if e not in boxed and scores[e] >= _FREE_PROSE_MIN]
    best = max(free or scores, key=scores.__getitem__)
    floor = scores[best] * _SUBSTANTIAL
    substantial = {e: v for e, v in scores.items() if v >= floor and e not in boxed}
    node = _gathering_ancestor(best, scores[best], substantial)
    return node, _paths_to(node, list(substantial))
