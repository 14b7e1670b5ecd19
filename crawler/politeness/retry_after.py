"""Reads the Retry-After header of a 429 or 503 answer (RFC 9110: delay-seconds or HTTP-date)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRY_AFTER_STATUSES = frozenset({429, 503})


def retry_after_seconds(value: bytes | str | None, now: datetime) -> float | None:
    """Seconds to wait from ``now`` (UTC-aware); 0 for a date already past; None when the
    header is missing or unreadable."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if not text:
        return None
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())
