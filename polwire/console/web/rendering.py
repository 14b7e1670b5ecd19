"""The Jinja2 environment (autoescaped: titles and bodies are data) and its filters."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).parent / "templates"
# Search matches come back between two markers that become <mark> once the snippet is escaped.
# They hold a random nonce drawn per request: no stored text can contain them, so no text can
# open or close a <mark> (fixed private-use characters could be, and were, forged by a page).
MARK_NONCE_BYTES = 16


def when(value: datetime | None) -> str:
    if value is None:
        return "–"
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def ago(value: datetime | None, now: datetime | None = None) -> str:
    if value is None:
        return "never"
    seconds = ((now or datetime.now(UTC)) - value).total_seconds()
    if seconds < 0:
        return "in " + _span(-seconds)
    return _span(seconds) + " ago"


def _span(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes}m {rest:02d}s"
    return f"{minutes // 60}h {minutes % 60:02d}m"


def percent(value: Any) -> str:
    if not isinstance(value, int | float):
        return "–"
    return f"{value * 100:.0f}%"


def snippet_marks() -> tuple[str, str]:
    """A fresh pair of markers for one search (letters and digits only: escaping leaves them
    as they are, and ts_headline's option syntax takes them unquoted of anything)."""
    nonce = secrets.token_hex(MARK_NONCE_BYTES)
    return f"pwmarkstart{nonce}x", f"pwmarkstop{nonce}x"


def marked(snippet: str | None, marks: tuple[str, str]) -> Markup:
    """A search snippet with its matches in <mark>, everything else escaped."""
    if not snippet:
        return Markup("")
    start, stop = marks
    text = str(escape(snippet))
    return Markup(text.replace(start, "<mark>").replace(stop, "</mark>"))


def plain(value: Any) -> str:
    """A value of the stats as a person reads it."""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, datetime):
        return when(value)
    return str(value)


def log_level(line: str) -> str:
    """A CSS class for a log line's level (the run log's format puts it after the logger)."""
    head = line[:160]
    if "] ERROR:" in head or "] CRITICAL:" in head:
        return " log-error"
    if "] WARNING:" in head:
        return " log-warning"
    return ""


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,  # every template, whatever its name: stored text is hostile until shown
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        when=when,
        ago=ago,
        duration=duration,
        percent=percent,
        marked=marked,
        plain=plain,
        log_level=log_level,
    )
    return env
