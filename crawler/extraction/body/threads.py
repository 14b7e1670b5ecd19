"""Threads and multi-entry pages: the posts printed beside the container's own, read with it."""

from __future__ import annotations

from collections.abc import Callable

from lxml.html import HtmlElement

from crawler.extraction.body.names import in_box_beside, is_boilerplate, is_descendant
from crawler.extraction.body.reading import paragraph_size

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
    length, links = paragraph_size(element)
    return (
        length >= _POST_PROSE_CHARS
        and links < 0.2 * length
        and not is_boilerplate(element)
        and not in_box_beside(element)
    )


def thread_posts(container: HtmlElement) -> list[HtmlElement]:
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
            and not (article is not None and is_descendant(element, article))
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
        and (is_descendant(unit, own) or is_descendant(own, unit))
        for own in mine
        for unit in theirs
    )


def _document_position(element: HtmlElement) -> Callable[[HtmlElement], int]:
    order = {e: index for index, e in enumerate(element.getroottree().getroot().iter())}
    return order.__getitem__
