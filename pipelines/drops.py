"""The drops the pipelines raise: one DropItem subclass per reason, named as its DropReason, so
Scrapy's ``item_dropped_reasons_count/<Class>`` counts match the reasons stored with the URL."""

from __future__ import annotations

from typing import Any, ClassVar

from scrapy.exceptions import DropItem

from polwire.core.reasons import DropReason


class PolwireDrop(DropItem):
    """A drop with a named reason. Scrapy counts drops by class name, so each subclass is
    named as its `DropReason` (checked when the class is made)."""

    reason: ClassVar[DropReason]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__name__ != cls.reason:
            raise TypeError(f"{cls.__name__} must be named as its reason {cls.reason!r}")


class NonHtmlResponse(PolwireDrop):
    """The article URL answered with something other than an HTML page (PDF, image, JSON...)."""

    reason = DropReason.NON_HTML_RESPONSE


class NotAnArticle(PolwireDrop):
    """The page is a listing, a home page or a stub, not a single article."""

    reason = DropReason.NOT_AN_ARTICLE


class NoTitle(PolwireDrop):
    """No headline could be extracted."""

    reason = DropReason.NO_TITLE


class BodyTooShort(PolwireDrop):
    """The extracted body is under POLWIRE_MIN_BODY_WORDS words (a teaser, a paywall stub)."""

    reason = DropReason.BODY_TOO_SHORT


class OffTopic(PolwireDrop):
    """A politics-scoped source's article that is not about politics."""

    reason = DropReason.OFF_TOPIC


DROP_REASONS: dict[str, type[PolwireDrop]] = {
    cls.reason: cls for cls in (NonHtmlResponse, NotAnArticle, NoTitle, BodyTooShort, OffTopic)
}
