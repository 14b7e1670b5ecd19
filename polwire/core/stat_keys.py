"""The names a crawl run's stats are kept under (``crawl_runs.stats``); the reasons counted
under some of them are in polwire.core.reasons.

Every key is defined here once: the spider, the pipelines and extensions that emit a stat,
the run summary and health checks that read it, and the spool drain that replays it all
import the same constant, so a list of keys kept apart from where they are emitted cannot
drift (it once left an API-discovered source's health message counting nothing).
"""

from __future__ import annotations

# --- The run itself ----------------------------------------------------------------------
RUN_ID = "polwire/run_id"
STATUS = "polwire/status"
LOG_PATH = "polwire/log_path"
SPOOL = "polwire/spool"  # the spool directory, set when PostgreSQL was unreachable
PROCESS_CPU = "polwire/process_cpu_seconds"  # the run's own process, not its workers
UNSENT_AT_STOP = "polwire/unsent_at_stop"  # requests left out when a signal stopped the run
FINISH_REASON = "polwire/finish_reason"  # what the run was closed with (Scrapy's, or why not)

# --- Items, by what the store did with them ---------------------------------------------
ITEMS_STORED = "polwire/items_stored"
ITEMS_REVISED = "polwire/items_revised"
ITEMS_DUPLICATE = "polwire/items_duplicate"
ITEMS_SPOOLED = "polwire/items_spooled"
# Articles kept nowhere (PostgreSQL unreachable and the spool not writable): the run failed.
ITEMS_LOST = "polwire/items_lost"
SEARCH_INDEXED = "polwire/search_indexed"
EDITIONS_LINKED = "polwire/editions_linked"  # article_links rows written (both directions)

# --- Discovery and incremental skipping ---------------------------------------------------
FEED_ENTRIES = "polwire/discovery/feed_entries"
SITEMAP_ENTRIES = "polwire/discovery/sitemap_entries"
LISTING_LINKS = "polwire/discovery/listing_links"
API_ENTRIES = "polwire/discovery/api_entries"
# What discovery listed, by every route there is (the run summary's `discovered`).
DISCOVERED = (FEED_ENTRIES, SITEMAP_ENTRIES, LISTING_LINKS, API_ENTRIES)
SITEMAP_ERRORS = "polwire/discovery/sitemap_errors"
BAD_LINKS = "polwire/discovery/bad_links"  # listed URLs no request can be made of
API_ERRORS = "polwire/discovery/api_errors"
OFF_PATTERN = "polwire/discovery/off_pattern"
SKIPPED_KNOWN = "polwire/incremental/skipped_known"
REFETCH_CHANGED = "polwire/incremental/refetch_changed"

# --- Requests refused before they left (crawler/download/web_only.py) ---------------------
REFUSED_SCHEME = "polwire/refused_scheme"  # file:, data:, ftp:, s3:... anything but http(s)
REFUSED_ADDRESS = "polwire/refused_address"  # a non-public address outside the origins
REDIRECT_LOOP = "polwire/redirect_loop"  # given up: too many redirects in a row

# --- Imports of WARC/ARC files (polwire import) -------------------------------------------
IMPORT_FILES = "polwire/import/files"  # files opened by this run
IMPORT_FILES_DONE = "polwire/import/files_already_imported"  # finished by an earlier run
IMPORT_RECORDS = "polwire/import/records"  # HTTP response records read
IMPORT_RECORD_BYTES = "polwire/import/record_bytes"  # their payloads
IMPORT_OTHER_RECORDS = "polwire/import/other_records"  # requests, metadata, warcinfo, ...
IMPORT_OFF_SOURCE = "polwire/import/off_source"  # a host of no chosen source
IMPORT_OUTSIDE_DATES = "polwire/import/outside_dates"  # published outside --since/--until
IMPORT_RESUMED_AT = "polwire/import/resumed_at_byte"  # the offset a resumed file started at
IMPORT_SKIPPED = "polwire/import/skipped/"  # records that could not be read, by reasons.SkipReason

# --- Watch passes (polwire watch) --------------------------------------------------------
WATCH = "polwire/watch/"  # checks by outcome: polwire/watch/unchanged, .../gone, ...
WATCH_CHECKED = WATCH + "checked"
WATCH_CONFIRMED = WATCH + "confirmed_gone"  # takedowns this pass confirmed
WATCH_UNCONFIRMED = WATCH + "awaiting_confirmation"  # found gone, waiting for the second check
WATCH_NOT_MODIFIED = WATCH + "not_modified"  # answered 304: no extraction
WATCH_LOST = WATCH + "not_stored"  # checks PostgreSQL was not there to store
WATCH_PLANNED = WATCH + "planned"  # articles the pass set out to check

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
RETRIES = "retry/count"  # requests sent again after a failure (RetryMiddleware)
ROBOTS_STATUS = "robotstxt/response_status_count/"
SPIDER_EXCEPTIONS = "spider_exceptions/"
