"""Why an item was dropped: one DropItem subclass per reason, each counted in the stats."""

from __future__ import annotations

from scrapy.exceptions import DropItem


class NonHtmlResponse(DropItem):
    """The article URL answered with something other than an HTML page (PDF, image, JSON...)."""


class NotAnArticle(DropItem):
    """The page is a listing, a home page or a stub, not a single article."""


class NoTitle(DropItem):
    """No headline could be extracted."""


class BodyTooShort(DropItem):
    """The extracted body is under POLWIRE_MIN_BODY_WORDS words (a teaser, a paywall stub)."""


class OffTopic(DropItem):
    """A politics-scoped source's article that is not about politics."""


DROP_REASONS: dict[str, type[DropItem]] = {
    cls.__name__: cls for cls in (NonHtmlResponse, NotAnArticle, NoTitle, BodyTooShort, OffTopic)
}
