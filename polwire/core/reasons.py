"""Why a page gave no article (drop reasons: pipelines/drops.py has a DropItem subclass each),
why an archive record gave no page (skip reasons), and why a run stopped when it could keep
nothing it fetched. Plain names: the command line reads them without loading Scrapy."""

from __future__ import annotations

from enum import StrEnum


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
