"""What one check of a stored article found, and the article's watch state after it.

A check answers with a :class:`Finding` (read from the response alone, compared with what
the archive holds), and :func:`settle` turns it into the stored check: a takedown counts only
once a second check, ``confirm_seconds`` or more after the first, finds it gone too; an
article found again after it was gone is ``back``; an error never says anything of the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from crawler.watch.plan import next_due
from polwire.storage.watch import CheckRecord, WatchTarget


class Outcome(StrEnum):
    """``article_checks.outcome``."""

    UNCHANGED = "unchanged"
    EDITED = "edited"
    MOVED = "moved"
    GONE = "gone"
    BACK = "back"
    WALLED = "walled"
    ERROR = "error"


class GoneReason(StrEnum):
    """``articles.gone_reason``: how the page said the article is gone."""

    HTTP_404 = "http_404"
    HTTP_410 = "http_410"
    HTTP_451 = "http_451"  # unavailable for legal reasons
    REDIRECT_HOME = "redirect_home"
    REDIRECT_SECTION = "redirect_section"  # to a page that carries no article of ours
    REMOVAL_NOTICE = "removal_notice"  # a 200 page without the article


GONE_STATUSES = {404: GoneReason.HTTP_404, 410: GoneReason.HTTP_410, 451: GoneReason.HTTP_451}
WALLED_STATUSES = frozenset({401, 402, 403})
# Statuses a check reads itself; the rest are errors (5xx) or followed (3xx).
HANDLED_STATUSES = sorted({304, *GONE_STATUSES, *WALLED_STATUSES})
# A teaser keeps the start of the article and less than this share of its words.
TEASER_SHARE = 0.6
TEASER_LEAD_WORDS = 20


@dataclass(frozen=True, slots=True)
class PageText:
    """What extraction read on a page that answered 200."""

    title: str | None
    body: str | None
    content_hash: str | None
    word_count: int
    is_article: bool


@dataclass(frozen=True, slots=True)
class Finding:
    """What one response says of a stored article (before confirmation and returns)."""

    outcome: Outcome  # never BACK: settle() decides that
    http_status: int | None
    detail: str | None = None  # the gone reason, the error kind, the content outcome
    final_url: str | None = None  # where redirects ended, when elsewhere


def _words(text: str | None) -> list[str]:
    return (text or "").casefold().split()


def same_title(target: WatchTarget, title: str | None) -> bool:
    return bool(title) and _words(title) == _words(target.title)


def carries_article(target: WatchTarget, page: PageText) -> bool:
    """The page holds the stored article: the same text, or its headline with its lead."""
    if page.content_hash and page.content_hash == target.content_hash:
        return True
    lead = _words(target.body_head)[:TEASER_LEAD_WORDS]
    return same_title(target, page.title) and bool(lead) and _words(page.body)[: len(lead)] == lead


def is_teaser(target: WatchTarget, page: PageText) -> bool:
    """The headline and the first lines of the article, the rest of it gone (paywall, login)."""
    if not same_title(target, page.title) or not target.word_count:
        return False
    if page.word_count >= TEASER_SHARE * target.word_count:
        return False
    lead = _words(page.body)[:TEASER_LEAD_WORDS]
    return bool(lead) and _words(target.body_head)[: len(lead)] == lead


def read_page(
    target: WatchTarget, page: PageText, *, status: int, min_words: int, final_url: str | None
) -> Finding:
    """A 200 page: the stored article as it was, edited, behind a wall, moved, or gone."""
    if final_url is not None:  # redirected to another page
        if carries_article(target, page):
            return Finding(Outcome.MOVED, status, final_url=final_url)
        return Finding(Outcome.GONE, status, GoneReason.REDIRECT_SECTION, final_url)
    if page.content_hash == target.content_hash and same_title(target, page.title):
        return Finding(Outcome.UNCHANGED, status)
    if is_teaser(target, page):
        return Finding(Outcome.WALLED, status)
    if page.title and page.body and page.is_article and page.word_count >= min_words:
        return Finding(Outcome.EDITED, status)
    return Finding(Outcome.GONE, status, GoneReason.REMOVAL_NOTICE)


def read_status(status: int) -> Finding | None:
    """A finding from the status alone (304, 404, 410, 451, 401-403), else None."""
    if status == 304:
        return Finding(Outcome.UNCHANGED, status)
    if status in GONE_STATUSES:
        return Finding(Outcome.GONE, status, GONE_STATUSES[status])
    if status in WALLED_STATUSES:
        return Finding(Outcome.WALLED, status)
    return None


def settle(
    target: WatchTarget,
    finding: Finding,
    *,
    url: str,
    now: datetime,
    confirm_seconds: int,
    days: int,
) -> CheckRecord:
    """The stored check for ``finding`` and the article's state after it."""
    gone_at, gone_reason = target.gone_at, target.gone_reason
    suspect_at, suspect_reason = target.watch_suspect_at, target.watch_suspect_reason
    outcome, detail, confirmed = finding.outcome, finding.detail, False
    due = next_due(target.first_seen_at, now, days=days)
    if finding.outcome is Outcome.GONE:
        if gone_at is None and suspect_at is None:  # first sighting: wait for the second
            suspect_at, suspect_reason = now, detail
        elif gone_at is None and now - (suspect_at or now) >= timedelta(seconds=confirm_seconds):
            gone_at, gone_reason, confirmed = suspect_at, detail, True
            suspect_at = suspect_reason = None
        if suspect_at is not None:
            confirm_due = suspect_at + timedelta(seconds=confirm_seconds)
            due = confirm_due if due is None else min(due, confirm_due)
    elif finding.outcome in (Outcome.UNCHANGED, Outcome.EDITED, Outcome.MOVED):
        suspect_at = suspect_reason = None
        if gone_at is not None:
            outcome, detail = Outcome.BACK, finding.outcome.value
            gone_at = gone_reason = None
    # WALLED and ERROR leave the state as it was: neither an edit nor a takedown.
    return CheckRecord(
        article_id=target.id,
        checked_at=now,
        http_status=finding.http_status,
        outcome=outcome.value,
        detail=None if detail is None else str(detail),
        confirmed=confirmed,
        url=url,
        final_url=finding.final_url,
        gone_at=gone_at,
        gone_reason=gone_reason,
        suspect_at=suspect_at,
        suspect_reason=suspect_reason,
        due_at=due,
        moved_to=finding.final_url if finding.outcome is Outcome.MOVED else None,
    )
