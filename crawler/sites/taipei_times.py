"""Taipei Times (taipeitimes.com): print-edition article pages under /News/<section>/archives/."""

from __future__ import annotations

import re
from datetime import datetime

from crawler.sites.base import PageVersion, VersionedPage, node_text, wire_in
from polwire.core.text import clean_text

# "AFP, MANILA", "Staff writer, with CNA", "By Chen Yu-fu / Staff reporter",
# "Reuters, WASHINGTON and TAIPEI": who wrote it, and from where.
_PLACE = re.compile(r"^[A-Z][A-Z .'-]+(?:\s+and\s+[A-Z][A-Z .'-]+)?$")
_CREDIT_LINE = re.compile(r"^\((?:by|with)\b.*\)$|^Additional reporting by", re.IGNORECASE)


class ArchivesLayout(PageVersion):
    """``div.archives`` holding h1, h2 kicker, ``div.name`` byline and ``p`` paragraphs (2024)."""

    def _byline_parts(self) -> list[str]:
        name = self.first_text('//div[contains(@class,"archives")]//div[@class="name"]') or ""
        return [clean_text(p) for p in name.split(",") if clean_text(p)]

    def title(self) -> str | None:
        return self.first_text('//div[contains(@class,"archives")]/h1')

    def published(self) -> datetime | None:
        # The print date at midnight Taipei time: the paper's own publication date.
        return self.date_from_iso(self.meta("article:published_time")) or self.date_from_text(
            self.first_text('//div[contains(@class,"archives")]//h6')
        )

    def section(self) -> str | None:
        match = re.search(r"/News/([^/]+)/archives/", self.url)
        return match.group(1).lower() if match else self.meta("article:section")

    def authors(self) -> list[str] | None:
        people = []
        for part in self._byline_parts():
            part = re.sub(r"^By\s+", "", part, flags=re.IGNORECASE).split("/")[0].strip()
            if (
                not part
                or wire_in(part)
                or _PLACE.match(part)
                or part.lower().startswith(("staff writer", "with ", "staff reporter"))
            ):
                continue
            people.append(part)
        return people

    def wire(self) -> str | None:
        return wire_in(" ".join(self._byline_parts()))

    def dateline(self) -> str | None:
        for part in self._byline_parts():
            if _PLACE.match(part) and not wire_in(part):
                return part
        return None

    def body(self) -> list[str] | None:
        kicker = self.first('//div[contains(@class,"archives")]/h2')
        out = [node_text(kicker)] if kicker is not None and node_text(kicker) else []
        for node in self.tree.xpath('//div[contains(@class,"archives")]/p'):
            text = node_text(node)
            if text and not _CREDIT_LINE.match(text):
                out.append(text)
        return out or None

    def is_article(self) -> bool | None:
        return "/archives/" in self.url


class TaipeiTimesPage(VersionedPage):
    versions = (ArchivesLayout,)
