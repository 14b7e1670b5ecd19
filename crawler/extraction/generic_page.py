"""The generic page object: every field of a page, the site's page object first, then the layers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import cached_property, partial
from typing import Any

from crawler.extraction.answer import Answer, Layer, first_answer
from crawler.extraction.body import trim_trailing_furniture
from crawler.extraction.dates import guess_timezone
from crawler.extraction.fields import authors as author_layers
from crawler.extraction.fields import dates as date_layers
from crawler.extraction.fields import kind as kind_layers
from crawler.extraction.fields import language as language_layers
from crawler.extraction.fields import section as section_layers
from crawler.extraction.fields import title as title_layers
from crawler.extraction.fields import url as url_layers
from crawler.extraction.fields.authors import Credits
from crawler.extraction.fields.body import BodyReadings, BodyText, finish
from crawler.extraction.model import ExtractedArticle
from crawler.extraction.parsed_page import ParsedPage
from crawler.extraction.site import SitePage
from crawler.extraction.wire import is_lone_dateline, split_dateline

# A reporter's name signed under the last paragraph ("Lê Phương"): two to four
# capitalised words, no sentence punctuation.
_SIGNATURE = re.compile(r"^(?:[A-ZÀ-Ỹ][\w'’.-]*\s){1,3}[A-ZÀ-Ỹ][\w'’-]*$")
_SIGNED_MIN_PARAGRAPHS = 3


@dataclass(slots=True)
class Story:
    """The body as read, with what its first and last lines turned out to be."""

    paragraphs: list[str]
    layer: str | None
    credits: list[str] = field(default_factory=list)  # agencies credited in its lines
    dateline: str | None = None
    dateline_agency: str | None = None  # "SEOUL (Reuters) -"
    signature: str | None = None  # a reporter's name signed under the text


class GenericPage:
    """Reads one page field by field; each field's layers are listed in its method, site first.

    ``site`` is the source's page object (or None): a field it answers is taken as it is.
    """

    def __init__(self, page: ParsedPage, site: type[SitePage] | None = None) -> None:
        self.page = page
        self.readings = BodyReadings(page)
        declared_zone = page.explicit_zone or guess_timezone(
            page.url, self._declared_language.value
        )
        self.site = site(page.tree, page.url, declared_zone) if site else None

    # --- fields ---------------------------------------------------------------------

    @cached_property
    def url(self) -> Answer[str]:
        return first_answer(
            [
                ("html", partial(url_layers.link_canonical, self.page)),
                ("meta", partial(url_layers.og_url, self.page)),
                ("url", lambda: self.page.url),
            ]
        )

    @cached_property
    def language(self) -> Answer[str]:
        """The declared language, unless the text's script shows another (or it is undeclared)."""
        declared = self._declared_language
        detected = language_layers.text_language(declared.value, self.title.value, self.body.value)
        return Answer(detected, "generic") if detected else declared

    @cached_property
    def title(self) -> Answer[str]:
        layers: list[Layer[str]] = [self._site("title")]
        layers += [
            (name, partial(read, self.page)) for name, read in title_layers.title_layers(self.page)
        ]
        return first_answer(layers)

    @cached_property
    def authors(self) -> Answer[list[str]]:
        """Person names; a site's empty list is its answer that the page names no one."""
        return first_answer(
            [
                self._site("authors"),
                ("jsonld", lambda: self._jsonld_credits.names or None),
                ("meta", lambda: self._meta_credits.names or None),
                ("html", lambda: self._html_credits.names or None),
                ("html", lambda: self._signed.names or None),
            ]
        )

    @cached_property
    def published(self) -> Answer[datetime]:
        zone, lang = self.zone, self.language.value
        return first_answer(
            [
                self._site("published"),
                ("jsonld", partial(date_layers.jsonld_published, self.page, zone, lang)),
                ("meta", partial(date_layers.meta_published, self.page, zone, lang)),
                ("jsonld", partial(date_layers.jsonld_other_published, self.page, zone, lang)),
                ("html", partial(date_layers.html_published, self.page, zone)),
                ("html", lambda: self._headline_date()),
                ("url", partial(date_layers.url_published, self.page, zone)),
            ]
        )

    @cached_property
    def modified(self) -> Answer[datetime]:
        return first_answer(
            [
                self._site("modified"),
                ("jsonld", partial(date_layers.jsonld_modified, self.page, self.zone)),
                ("meta", partial(date_layers.meta_modified, self.page, self.zone)),
            ]
        )

    @cached_property
    def section(self) -> Answer[str]:
        return first_answer(
            [
                self._site("section"),
                ("meta", partial(section_layers.meta_section, self.page)),
                ("jsonld", partial(section_layers.jsonld_section, self.page)),
                ("jsonld", partial(section_layers.breadcrumb_section, self.page)),
                ("url", partial(section_layers.url_section, self.page)),
            ]
        )

    @cached_property
    def description(self) -> Answer[str]:
        meta = self.page.meta
        return first_answer(
            [
                ("meta", lambda: meta.first("og:description", "description")),
                ("meta", lambda: meta.first("twitter:description")),
                ("jsonld", lambda: self.page.jsonld.text("description")),
            ]
        )

    @cached_property
    def body(self) -> Answer[str]:
        paragraphs = [p for p in self.story.paragraphs if p]
        return (
            Answer("\n\n".join(paragraphs), self.story.layer) if paragraphs else Answer(None, None)
        )

    @cached_property
    def dateline(self) -> Answer[str]:
        return first_answer(
            [
                self._site("dateline"),
                ("html", lambda: self.story.dateline or None),
            ]
        )

    @cached_property
    def wire(self) -> Answer[str]:
        """The agency the page credits: the site's, a dateline's, a byline's, a credit line's."""
        return first_answer(
            [
                self._site("wire"),
                ("html", lambda: self.story.dateline_agency),
                ("html", lambda: next(iter(self._byline_agencies), None)),
                ("html", lambda: next(iter(self.story.credits), None)),
            ]
        )

    @cached_property
    def is_article(self) -> Answer[bool]:
        return first_answer(
            [
                self._site("is_article"),
                ("jsonld", partial(kind_layers.jsonld_article, self.page)),
                ("meta", partial(kind_layers.og_article, self.page)),
                ("html", lambda: self._looks_like_article()),
            ]
        )

    def to_item(self, encoding: str = "utf-8") -> ExtractedArticle:
        """All fields, each with the layer that gave it in ``layers``."""
        answers: dict[str, Answer[Any]] = {
            "url": self.url,
            "title": self.title,
            "authors": self.authors,
            "published": self.published,
            "modified": self.modified,
            "section": self.section,
            "language": self.language,
            "body": self.body,
            "dateline": self.dateline,
            "wire": self.wire,
            "description": self.description,
            "is_article": self.is_article,
        }
        article = ExtractedArticle(
            encoding=encoding,
            layers={name: a.layer for name, a in answers.items() if a.layer is not None},
        )
        for name, answer in answers.items():
            if answer.layer is not None:
                setattr(article, name, answer.value)
        return article

    def _site(self, name: str) -> Layer[Any]:
        """The site page object's layer for a field: its method's answer ("" is none)."""
        site = self.site
        if site is None:
            return ("site", lambda: None)
        method = getattr(site, name)
        return ("site", lambda: None if (value := method()) == "" else value)

    # --- pieces the fields share ------------------------------------------------------

    @cached_property
    def zone(self) -> tzinfo:
        """The zone naive dates are read in: the caller's, or the one the URL and language tell."""
        return self.page.explicit_zone or guess_timezone(self.page.url, self.language.value)

    @cached_property
    def _declared_language(self) -> Answer[str]:
        return first_answer(
            [
                ("html", partial(language_layers.html_language, self.page)),
                ("jsonld", partial(language_layers.jsonld_language, self.page)),
                ("meta", partial(language_layers.meta_language, self.page)),
            ]
        )

    def _headline_date(self) -> datetime | None:
        return date_layers.headline_published(
            self.page, self.zone, self.language.value, self.title.value
        )

    @cached_property
    def _jsonld_credits(self) -> Credits:
        return author_layers.jsonld_credits(self.page)

    @cached_property
    def _meta_credits(self) -> Credits:
        return author_layers.meta_credits(self.page)

    @cached_property
    def _html_credits(self) -> Credits:
        return author_layers.html_credits(self.page)

    @cached_property
    def _signed(self) -> Credits:
        return author_layers.signature_credits(self.page, self.story.signature)

    @cached_property
    def _byline_agencies(self) -> list[str]:
        """Agencies credited by the author layers that were read, up to the one that answered."""
        if self.authors.layer == "site":
            return []
        found: list[str] = []
        for credits in (self._jsonld_credits, self._meta_credits, self._html_credits):
            found += credits.agencies
            if credits.names:
                break
        return found

    @cached_property
    def story(self) -> Story:
        """The best body layer's text, dateline and signature taken off, furniture trimmed."""
        text, layer = first_answer(self._body_layers())
        paragraphs = list(text.paragraphs) if text else []
        story = Story(paragraphs, layer, list(text.credits) if text else [])
        if paragraphs and (self.site.dateline() if self.site else None) is None:
            _take_dateline(story)
        if len(paragraphs) >= _SIGNED_MIN_PARAGRAPHS and _SIGNATURE.match(paragraphs[-1]):
            story.signature = paragraphs.pop()
        if layer == "html":
            # After the signature: a reporter's name closing the story is a credit, not furniture.
            story.paragraphs = trim_trailing_furniture(paragraphs, self.readings.table_cells)
        return story

    def _body_layers(self) -> list[Layer[BodyText]]:
        return [
            ("site", self._site_body),
            ("jsonld", self.readings.jsonld),
            ("generic", self.readings.second_opinion),
            ("html", self.readings.html),
            ("generic", self.readings.generic),
        ]

    def _site_body(self) -> BodyText | None:
        paragraphs = self.site.body() if self.site else None
        return finish(list(paragraphs)) if paragraphs else None

    def _looks_like_article(self) -> bool:
        return kind_layers.looks_like_article(
            self.page,
            self.title.value,
            self.body.value,
            self.language.value,
            self.published.layer,
        )


def _take_dateline(story: Story) -> None:
    """An inline dateline ("SEOUL (Reuters) - ...") stays in the text, as the paragraph
    reads; a dateline printed on its own line is furniture."""
    place, agency, _rest = split_dateline(story.paragraphs[0])
    if place:
        story.dateline, story.dateline_agency = place, agency
    elif is_lone_dateline(story.paragraphs[0]) and len(story.paragraphs) > 1:
        story.dateline = story.paragraphs.pop(0)
