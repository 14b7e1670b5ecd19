"""The revisit plan: when a stored article is next due for a check, decaying with its age."""

from __future__ import annotations

from datetime import datetime, timedelta

# After first seen: most edits come in the first hours, takedowns within days or weeks.
REVISIT_AFTER = (
    timedelta(hours=1),
    timedelta(hours=6),
    timedelta(days=1),
    timedelta(days=3),
    timedelta(days=7),
    timedelta(days=14),
)
# Past the last step (when [watch] days is longer): this often.
LATER_EVERY = timedelta(days=14)


def next_due(first_seen_at: datetime, now: datetime, *, days: int) -> datetime | None:
    """The first step of the plan after ``now``; None once the article is older than
    ``days`` (no longer watched)."""
    horizon = first_seen_at + timedelta(days=days)
    for offset in REVISIT_AFTER:
        due = first_seen_at + offset
        if due > now:
            return due if due <= horizon else None
    steps = (now - first_seen_at - REVISIT_AFTER[-1]) // LATER_EVERY + 1
    due = first_seen_at + REVISIT_AFTER[-1] + steps * LATER_EVERY
    return due if due <= horizon else None
