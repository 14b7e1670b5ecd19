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


def find_container(root: HtmlElement) -> tuple[HtmlElement | None, frozenset[HtmlElement]]:
    """The element holding most of the article's paragraphs, and the path to its main ones."""
    sizes: dict[HtmlElement, list[int]] = {}
    for element in root.iter("p", "div"):
        if element.tag == "div" and not is_text_div(element):
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
        length, links = paragraph_size(element)
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
        if in_box_beside(parent):
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
            if element is ancestor or is_descendant(element, ancestor)
        )
        if inside > gathered * 1.1:
            node, gathered = ancestor, inside
        if ancestor.get("itemprop") == "articleBody" or (
            ancestor.tag == "article" and not has_sibling_articles(ancestor)
        ):
            break
    protected: set[HtmlElement] = set()
    for element, score in scores.items():
        if (
            score < floor
            or element in boxed
            or not (element is node or is_descendant(element, node))
        ):
            continue
        protected.add(element)
        for ancestor in element.iterancestors():
            if ancestor is node or ancestor in protected:
                break
            protected.add(ancestor)
    return node, frozenset(protected)
