"""The body's layers: the page's own container, JSON-LD articleBody, trafilatura's reading."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from lxml.html import HtmlElement

from crawler.extraction import body as rules
from crawler.extraction import second_opinion
from crawler.extraction.parsed_page import ParsedPage
from crawler.extraction.tree import strip_markup
from crawler.extraction.wire import wire_in_credit
from polwire.core.text import clean_text

# Enough of the page's own text to trust its container without a second reading.
_CONFIDENT_CHARS = 300
_CONFIDENT_SHORT_CHARS = 120
_JSONLD_MIN_CHARS = 400
# Credits sit at the top or bottom of a story, or are short lines.
_CREDIT_LINE_CHARS = 120
_CREDIT_MAX_CHARS = 300
_ANCHOR_CHARS = 60


@dataclass(slots=True)
class BodyText:
    """A body layer's paragraphs, and the agencies credited in the lines it read (in order)."""

    paragraphs: list[str]
    credits: list[str] = field(default_factory=list)


def squeeze(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


def finish(paragraphs: list[str], tags: list[str] | None = None) -> BodyText:
    """Note agency credits, then drop credit and furniture lines (``tags``: the blocks' tags)."""
    credits = []
    last = len(paragraphs) - 3
    for index, paragraph in enumerate(paragraphs):
        if len(paragraph) < _CREDIT_LINE_CHARS or index < 2 or index >= last:
            found = wire_in_credit(paragraph) if len(paragraph) < _CREDIT_MAX_CHARS else None
            if found:
                credits.append(found)
    blocks = list(zip(tags or ["p"] * len(paragraphs), paragraphs, strict=True))
    return BodyText(rules.clean_paragraphs(blocks), credits)


def _jsonld_paragraphs(page: ParsedPage) -> list[str]:
    text = page.jsonld.text("articleBody")
    if not text:
        return []
    if "<" in text:
        # Some CMSs put HTML in articleBody: keep its paragraph breaks, drop the tags.
        # Scripts and styles in that markup are code, not text.
        text = re.sub(r"<(?:br\s*/?|/p|/h\d|/li|/div)\s*>", "\n\n", text, flags=re.IGNORECASE)
        text = strip_markup(text)
    return [clean_text(p) for p in re.split(r"\n\s*\n|\r\n\s*\r\n", text) if clean_text(p)]


def _repeats(lead: str, opening: str) -> bool:
    """The (squeezed) lead is printed again at the body's opening.

    Its end counts as well as its start: a lead often opens with the same sentence as
    the text and goes on with one of its own.
    """
    return lead[:_ANCHOR_CHARS] in opening and lead[-_ANCHOR_CHARS:] in opening


def _trafilatura_lines(text: str | None) -> list[str]:
    return [line for line in (clean_text(t) for t in (text or "").split("\n")) if line]


class BodyReadings:
    """The readings of one page's body, each made once, shared by the layers comparing them."""

    def __init__(self, page: ParsedPage) -> None:
        self.page = page

    @property
    def container(self) -> HtmlElement | None:
        return self.page.container[0]

    @cached_property
    def own(self) -> BodyText:
        """The container's blocks, and the credits in them and in the lines after it."""
        blocks = self.page.body_blocks
        own = finish([text for _tag, text in blocks], [tag for tag, _text in blocks])
        if self.container is not None:
            # An agency credit printed right after the story, outside its container.
            after = (wire_in_credit(line) for line in rules.lines_after(self.container))
            own.credits.extend([found for found in after if found][:1])
        return own

    @cached_property
    def table_cells(self) -> frozenset[str]:
        """Texts of the table cells read into the body from the page's own container."""
        return frozenset(text for tag, text in self.page.body_blocks if tag == rules.TABLE_CELL)

    @cached_property
    def confident(self) -> bool:
        chars = sum(len(p) for p in self.own.paragraphs)
        return chars >= _CONFIDENT_CHARS or (
            chars >= _CONFIDENT_SHORT_CHARS and len(self.own.paragraphs) >= 2
        )

    def jsonld(self) -> BodyText | None:
        """articleBody, where the page's own paragraphs are too few or tell another story.

        JSON-LD text often lacks paragraph breaks and carries player or promo lines, so
        the page's own paragraphs win whenever they hold the same story; JSON-LD rescues
        pages whose HTML body is script-rendered. A lead printed above the text (a
        sub-headline) is often missing from articleBody: any of the first long
        paragraphs found there is agreement.
        """
        paragraphs = _jsonld_paragraphs(self.page)
        if sum(len(p) for p in paragraphs) < _JSONLD_MIN_CHARS:
            return None
        anchors = [squeeze(p)[:_ANCHOR_CHARS] for p in self.own.paragraphs if len(p) >= 80][:3]
        text = squeeze(" ".join(paragraphs))
        if self.confident and any(anchor in text for anchor in anchors):
            return None
        return BodyText(finish(paragraphs).paragraphs, self.own.credits)

    @cached_property
    def with_leads(self) -> BodyText | None:
        """The container's paragraphs after the standfirst and leads printed above it."""
        if not self.confident or self.container is None:
            return None
        own = list(self.own.paragraphs)
        standfirst = rules.find_standfirst(self.page.tree, self.container, self.page.description)
        if standfirst and squeeze(standfirst)[:_ANCHOR_CHARS] not in squeeze(" ".join(own[:3])):
            own.insert(0, standfirst)
        opening = squeeze(" ".join(own[:3]))
        leads = [
            lead
            for lead in rules.find_leads(self.page.tree, self.container)
            if not _repeats(squeeze(lead), opening)
        ]
        finished = finish(leads)
        return BodyText(finished.paragraphs + own, self.own.credits + finished.credits)

    def second_opinion(self) -> BodyText | None:
        """trafilatura's reading, where the container is an unsure pick and the readings
        disagree or trafilatura's holds the container's and much more."""
        own = self.with_leads
        if own is None or self.container is None:
            return None
        chars = sum(len(p) for p in self.own.paragraphs)
        if not second_opinion.is_unsure(self.container, chars, self.page.tree):
            return None
        other = finish(second_opinion.trafilatura_paragraphs(self.page.tree, self.page.url))
        kept, is_other = second_opinion.arbitrate(own.paragraphs, other.paragraphs)
        return BodyText(kept, own.credits) if is_other else None

    def html(self) -> BodyText | None:
        return self.with_leads

    def generic(self) -> BodyText:
        """trafilatura's balanced reading, tables included, where no container was trusted.

        There, favouring precision cut the story's own last paragraphs and tables more
        often than it kept furniture out. The fast reading first, and the full one (a
        comparison with jusText, whose word lists alone take 0.2 s to load) only when it
        found nothing: the balanced fast reading found as much as the full one on every
        short reading of the three benchmark sets.
        """
        text = self._trafilatura(fast=True) or self._trafilatura(fast=False)
        found = finish(_trafilatura_lines(text))
        return BodyText(found.paragraphs, self.own.credits + found.credits)

    def _trafilatura(self, *, fast: bool) -> str:
        # trafilatura cleans a copy of a tree it is handed: the page's tree stays whole for
        # the fields read after the body (tests/test_extraction_page_object.py holds it to that).
        import trafilatura  # imported late: it is slow to import and rarely needed

        return (
            trafilatura.extract(
                self.page.tree,
                url=self.page.url,
                include_comments=False,
                include_tables=True,
                fast=fast,
            )
            or ""
        )
