"""The figures of a crawl run gathered from its flat Scrapy stats into one small object."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_STATUS_PREFIX = "downloader/response_status_count/"
_ERROR_PREFIX = "polwire/errors/"
_EXCEPTION_PREFIX = "spider_exceptions/"
_DROP_PREFIX = "item_dropped_reasons_count/"
_COVERAGE_PREFIX = "polwire/coverage/"
_DISCOVERY_KEYS = (
    "polwire/discovery/feed_entries",
    "polwire/discovery/sitemap_entries",
    "polwire/discovery/listing_links",
)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def run_summary(stats: Mapping[str, Any]) -> dict[str, Any]:
    """Requests, responses by status, items by outcome, drops by reason, errors by type, bytes,
    duration and field coverage (share of valid items having each field) of one run."""
    by_status = {
        key[len(_STATUS_PREFIX) :]: _int(value)
        for key, value in stats.items()
        if key.startswith(_STATUS_PREFIX)
    }
    errors = {
        key[len(_ERROR_PREFIX) :]: _int(value)
        for key, value in stats.items()
        if key.startswith(_ERROR_PREFIX)
    }
    for key, value in stats.items():
        if key.startswith(_EXCEPTION_PREFIX) and key != "spider_exceptions/count":
            errors[key[len(_EXCEPTION_PREFIX) :]] = _int(value)
    coverage_items = _int(stats.get(f"{_COVERAGE_PREFIX}items"))
    coverage = {
        key[len(_COVERAGE_PREFIX) :]: round(_int(value) / coverage_items, 4)
        for key, value in stats.items()
        if key.startswith(_COVERAGE_PREFIX) and key != f"{_COVERAGE_PREFIX}items" and coverage_items
    }
    duration = stats.get("elapsed_time_seconds")
    return {
        "requests": _int(stats.get("downloader/request_count")),
        "responses": _int(stats.get("downloader/response_count")),
        "responses_by_status": dict(sorted(by_status.items())),
        "bytes": _int(stats.get("downloader/response_bytes")),
        "items": {
            "stored": _int(stats.get("polwire/items_stored")),
            "revised": _int(stats.get("polwire/items_revised")),
            "duplicate": _int(stats.get("polwire/items_duplicate")),
            "dropped": _int(stats.get("item_dropped_count")),
        },
        "dropped_by_reason": {
            key[len(_DROP_PREFIX) :]: _int(value)
            for key, value in stats.items()
            if key.startswith(_DROP_PREFIX)
        },
        "errors_by_type": dict(sorted(errors.items())),
        "duration_seconds": float(duration) if isinstance(duration, (int, float)) else None,
        "discovered": sum(_int(stats.get(key)) for key in _DISCOVERY_KEYS),
        "skipped_known": _int(stats.get("polwire/incremental/skipped_known")),
        "coverage_items": coverage_items,
        "coverage": dict(sorted(coverage.items())),
    }
