"""The Crawl-delay a robots.txt asks of a user agent (Scrapy reads only Allow/Disallow)."""

from __future__ import annotations

from protego import Protego


def crawl_delay(robots_txt: bytes | str, user_agent: str) -> float | None:
    """Seconds between requests that ``robots_txt`` asks of ``user_agent`` (the group naming
    its product token, else ``*``), or None when it sets no positive Crawl-delay."""
    text = robots_txt.decode("utf-8", "replace") if isinstance(robots_txt, bytes) else robots_txt
    try:
        delay = Protego.parse(text).crawl_delay(user_agent)
    except (ValueError, TypeError):  # a malformed file asks for nothing we can read
        return None
    return float(delay) if delay and delay > 0 else None
