"""Why a page gave no article (drop reasons, one DropItem subclass each), why an archive record
gave no page (skip reasons), and why a run stopped when it could keep nothing it fetched."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar

from scrapy.exceptions import DropItem


class DropReason(StrEnum):
    """Why a page gave no article: the name of its DropItem subclass (below),
    counted by Scrapy as ``item_dropped_reasons_count/<reason>`` and kept with the URL."""

    NON_HTML_RESPONSE = "NonHtmlResponse"
    NOT_AN_ARTICLE = "NotAnArticle"
    NO_TITLE = "NoTitle"
    BODY_TOO_SHORT = "BodyTooShort"
    OFF_TOPIC = "OffTopic"


class SkipReason(StrEnum):
    """Why an archive record gave no page to extract: counted as
    ``polwire/import/skipped/<reason>``; the rest of the file is still read."""

    TRUNCATED_RECORD = "TruncatedRecord"  # a cut gzip member or a payload shorter than declared
    BAD_RECORD_HEADER = "BadRecordHeader"  # WARC/ARC header unreadable
    BAD_HTTP_HEADER = "BadHttpHeader"  # the response's HTTP status line or headers unreadable
    RECORD_TOO_LARGE = "RecordTooLarge"  # over POLWIRE_IMPORT_MAX_RECORD_BYTES
    BINARY_PAYLOAD = "BinaryPayload"  # NUL bytes in what claims to be a page
    HTTP_NOT_OK = "HttpNotOk"  # a 3xx/4xx/5xx the archive kept
    NO_TARGET_URI = "NoTargetUri"  # a response record that names no http(s) URL
    BAD_LENGTH = "BadContentLength"  # a record whose block does not end where it says
    JUNK = "Junk"  # bytes between records that are no record


# The close reason of a run stopped because it could keep nothing it fetched (PostgreSQL
# unreachable and the spool not writable): a failed run.
STORAGE_LOST = "storage_lost"

# Drops that mean extraction found no article in the page (not: off topic, not HTML).
EXTRACTION_DROPS = (DropReason.NO_TITLE, DropReason.BODY_TOO_SHORT, DropReason.NOT_AN_ARTICLE)


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
