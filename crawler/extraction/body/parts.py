"""What continues a story beside its container: sibling wrappers, a lead, repeated sections."""

from __future__ import annotations

from lxml.html import HtmlElement

from crawler.extraction.body.names import in_box_beside, is_boilerplate
from crawler.extraction.body.reading import PROSE_PARAGRAPH_CHARS, paragraph_size
from crawler.extraction.body.threads import thread_posts
from crawler.extraction.tree import INVISIBLE_TAGS

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
        elif sibling.tag in ("h2", "h3", "h4") and not is_boilerplate(sibling):
            heading = sibling
        else:
            heading = None
    parts = [*reversed(before), container, *after]
    if len(parts) == 1:
        return _repeated_wrappers(container) or thread_posts(container) or parts
    return parts


# A story split into sections of a CMS (one wrapper per section, the text a few levels
# inside each) repeats a close ancestor of the container rather than the container.
_REPEAT_LEVELS = 3


def _holds_prose(element: HtmlElement) -> bool:
    """Some paragraph of prose, and hardly any of the whole is links."""
    length, links = paragraph_size(element)
    if not length or links >= 0.2 * length:
        return False
    for paragraph in element.iter("p"):
        length, links = paragraph_size(paragraph)
        if length >= PROSE_PARAGRAPH_CHARS and links < 0.2 * length:
            return True
    return False


def _continues_as_prose(wrapper: HtmlElement) -> bool:
    return not is_boilerplate(wrapper) and not in_box_beside(wrapper) and _holds_prose(wrapper)


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


_UNNAMED_PROSE_CHARS = 200


def _unnamed_prose(sibling: HtmlElement, tag: str) -> bool:
    """A sibling of an unnamed container, unnamed too, that holds prose of its own.

    Unnamed wrappers have no class to tell them apart, so the text has to: loose text
    or paragraphs of some length, hardly any of it links.
    """
    if sibling.tag != tag or sibling.get("class") or sibling.get("id"):
        return False
    length, links = paragraph_size(sibling)
    return length >= _UNNAMED_PROSE_CHARS and links < 0.2 * length


def _continues(sibling: HtmlElement, kind: tuple[str, str]) -> bool:
    if not kind[1] or (sibling.tag, (sibling.get("class") or "").strip()) != kind:
        return False
    return not is_boilerplate(sibling) and not in_box_beside(sibling)


def _is_sibling_lead(sibling: HtmlElement) -> bool:
    if sibling.tag not in ("h2", "p") or is_boilerplate(sibling):
        return False
    length, links = paragraph_size(sibling)
    return length >= _SIBLING_LEAD_CHARS and links < 0.5 * length
