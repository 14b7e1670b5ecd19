"""A page object that says it was used: `polwire extract --url` tests pick a source's page
object by the URL's site."""

from __future__ import annotations

from crawler.extraction.site import SitePage


class ProbePage(SitePage):
    def title(self) -> str | None:
        return "read by the source's page object"
