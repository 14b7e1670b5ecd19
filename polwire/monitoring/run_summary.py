"""The figures of a crawl run gathered from its flat Scrapy stats into one small object."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from polwire.core import stat_keys


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def run_summary(stats: Mapping[str, Any]) -> dict[str, Any]:
    """Requests (and retries among them), responses by status, items by outcome, drops by
    reason, errors by type, bytes, duration and field coverage (share of valid items having each
    field) of one run."""
    by_status = {
        key[len(stat_keys.RESPONSE_STATUS) :]: _int(value)
        for key, value in stats.items()
        if key.startswith(stat_keys.RESPONSE_STATUS)
    }
    errors = {
        key[len(stat_keys.ERRORS) :]: _int(value)
        for key, value in stats.items()
        if key.startswith(stat_keys.ERRORS)
    }
    for key, value in stats.items():
        if key.startswith(stat_keys.SPIDER_EXCEPTIONS) and key != "spider_exceptions/count":
            errors[key[len(stat_keys.SPIDER_EXCEPTIONS) :]] = _int(value)
    coverage_items = _int(stats.get(stat_keys.COVERAGE_ITEMS))
    coverage = {
        key[len(stat_keys.COVERAGE) :]: round(_int(value) / coverage_items, 4)
        for key, value in stats.items()
        if key.startswith(stat_keys.COVERAGE) and key != stat_keys.COVERAGE_ITEMS and coverage_items
    }
    duration = stats.get("elapsed_time_seconds")
    return {
        "requests": _int(stats.get("downloader/request_count")),
        "retries": _int(stats.get(stat_keys.RETRIES)),
        "responses": _int(stats.get("downloader/response_count")),
        "responses_by_status": dict(sorted(by_status.items())),
        "bytes": _int(stats.get("downloader/response_bytes")),
        "items": {
            "stored": _int(stats.get(stat_keys.ITEMS_STORED)),
            "revised": _int(stats.get(stat_keys.ITEMS_REVISED)),
            "duplicate": _int(stats.get(stat_keys.ITEMS_DUPLICATE)),
            "dropped": _int(stats.get(stat_keys.DROPPED)),
        },
        "dropped_by_reason": {
            key[len(stat_keys.DROP_REASONS) :]: _int(value)
            for key, value in stats.items()
            if key.startswith(stat_keys.DROP_REASONS)
        },
        "errors_by_type": dict(sorted(errors.items())),
        "duration_seconds": float(duration) if isinstance(duration, (int, float)) else None,
        "discovered": sum(_int(stats.get(key)) for key in stat_keys.DISCOVERED),
        "skipped_known": _int(stats.get(stat_keys.SKIPPED_KNOWN)),
        "coverage_items": coverage_items,
        "coverage": dict(sorted(coverage.items())),
    }
