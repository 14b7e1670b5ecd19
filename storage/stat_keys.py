"""The names a crawl run's stats are kept under (``crawl_runs.stats``), and its drop reasons.

Every key is defined here once: the spider, the pipelines and extensions that emit a stat,
the run summary and health checks that read it, and the spool drain that replays it all
import the same constant, so a list of keys kept apart from where they are emitted cannot
drift (it once left an API-discovered source's health message counting nothing).
"""

from __future__ import annotations

from enum import StrEnum

# --- The run itself ----------------------------------------------------------------------
RUN_ID = "polwire/run_id"
STATUS = "polwire/status"
LOG_PATH = "polwire/log_path"
SPOOL = "polwire/spool"  # the spool directory, set when PostgreSQL was unreachable

# --- Items, by what the store did with them ---------------------------------------------
ITEMS_STORED = "polwire/items_stored"
ITEMS_REVISED = "polwire/items_revised"
ITEMS_DUPLICATE = "polwire/items_duplicate"
ITEMS_SPOOLED = "polwire/items_spooled"
SEARCH_INDEXED = "polwire/search_indexed"

# --- Discovery and incremental skipping ---------------------------------------------------
FEED_ENTRIES = "polwire/discovery/feed_entries"
SITEMAP_ENTRIES = "polwire/discovery/sitemap_entries"
LISTING_LINKS = "polwire/discovery/listing_links"
API_ENTRIES = "polwire/discovery/api_entries"
# What discovery listed, by every route there is (the run summary's `discovered`).
DISCOVERED = (FEED_ENTRIES, SITEMAP_ENTRIES, LISTING_LINKS, API_ENTRIES)
SITEMAP_ERRORS = "polwire/discovery/sitemap_errors"
API_ERRORS = "polwire/discovery/api_errors"
OFF_PATTERN = "polwire/discovery/off_pattern"
SKIPPED_KNOWN = "polwire/incremental/skipped_known"
REFETCH_CHANGED = "polwire/incremental/refetch_changed"

# --- Families of keys: a prefix plus a name ----------------------------------------------
ERRORS = "polwire/errors/"  # failed requests by type (http_500, TimeoutError, ...)
FAILED = "polwire/failed/"  # failed requests by role (feed, sitemap, article, ...)
COVERAGE = "polwire/coverage/"  # valid items having each field; COVERAGE_ITEMS counts them
COVERAGE_ITEMS = COVERAGE + "items"
LAYER = "polwire/layer/"  # polwire/layer/<field>/<layer>
POLITENESS = "polwire/politeness/"

# --- Scrapy's own ----------------------------------------------------------------------
RESPONSE_STATUS = "downloader/response_status_count/"
DROP_REASONS = "item_dropped_reasons_count/"
DROPPED = "item_dropped_count"
ROBOTS_STATUS = "robotstxt/response_status_count/"
SPIDER_EXCEPTIONS = "spider_exceptions/"


class DropReason(StrEnum):
    """Why a page gave no article: the name of its DropItem subclass (pipelines/drops.py),
    counted by Scrapy as ``item_dropped_reasons_count/<reason>`` and kept with the URL."""

    NON_HTML_RESPONSE = "NonHtmlResponse"
    NOT_AN_ARTICLE = "NotAnArticle"
    NO_TITLE = "NoTitle"
    BODY_TOO_SHORT = "BodyTooShort"
    OFF_TOPIC = "OffTopic"


# Drops that mean extraction found no article in the page (not: off topic, not HTML).
EXTRACTION_DROPS = (DropReason.NO_TITLE, DropReason.BODY_TOO_SHORT, DropReason.NOT_AN_ARTICLE)
