"""The newsroom site as a publisher changes it after a crawl, for the watch's tests: edits,
404 and 410 answers, redirects to the home page, removal notices, a server in trouble (503)
and articles moved to new URLs; every article page answers conditional requests."""

from __future__ import annotations

import dataclasses
import hashlib
from html import escape

from tests.support.newsroom import BY_SLUG, NewsSite
from tests.support.newsroom_pages import _FOOTER, _NAV, OUTLET, story_page
from tests.support.server import Page

LAST_MODIFIED = "Wed, 01 Jan 2025 09:00:00 GMT"
CORRECTION = "Officials later corrected the figures given earlier in the day, the agency said."


def validated(body: bytes, last_modified: str = LAST_MODIFIED) -> Page:
    """An article page with the validators a CMS behind a CDN sends."""
    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
    return Page(body, headers={"ETag": etag, "Last-Modified": last_modified})


def add_validators(site: NewsSite) -> None:
    for name in site.names:
        path = site.article_paths[name]
        site.server.pages[path] = validated(site.server.pages[path].body)


def original_page(site: NewsSite, name: str) -> Page:
    return validated(story_page(BY_SLUG[name], site.url(name)))


def edited_page(site: NewsSite, name: str, *, headline_only: bool = False) -> Page:
    """The story with its last paragraph corrected, or only its headline rewritten (a new
    ETag and Last-Modified either way)."""
    story = BY_SLUG[name]
    if headline_only:
        edited = dataclasses.replace(story, title=f"{story.title} (updated)")
    else:
        edited = dataclasses.replace(story, paragraphs=(*story.paragraphs[:-1], CORRECTION))
    return validated(story_page(edited, site.url(name)), "Thu, 02 Jan 2025 09:00:00 GMT")


def _site_page(title: str, text: str) -> bytes:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | {OUTLET}</title></head>
<body>
{_NAV}
<main><div class="notice"><h1>{escape(title)}</h1><p>{escape(text)}</p>
<p><a href="/">Back to the front page</a></p></div></main>
{_FOOTER}
</body></html>
""".encode()


def not_found_page(status: int = 404) -> Page:
    return Page(
        _site_page("Page not found", "Sorry, we could not find the page you were looking for."),
        status=status,
    )


def removal_notice_page() -> Page:
    """What an outlet serves in place of a pulled story: its template, a notice, no article."""
    return Page(
        _site_page(
            "This article has been removed",
            "This article is no longer available. It was removed at the request of the "
            "editorial department.",
        )
    )


def home_page(site: NewsSite) -> Page:
    links = "\n".join(
        f'<li><a href="{site.article_paths[n]}">{escape(BY_SLUG[n].title)}</a></li>'
        for n in site.names[:10]
    )
    return Page(
        f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{OUTLET}: politics and diplomacy news</title></head><body>
{_NAV}
<main><h2>Top stories</h2><ul>{links}</ul></main>
{_FOOTER}</body></html>""".encode()
    )


def redirect(site: NewsSite, path: str) -> Page:
    return Page(b"", status=301, headers={"Location": site.server.url(path)})


def unavailable_page() -> Page:
    """A server in trouble: it asks to be asked again in a second."""
    return Page(
        _site_page("Service unavailable", "Please try again in a moment."),
        status=503,
        headers={"Retry-After": "1"},
    )


def moved_path(site: NewsSite, name: str) -> str:
    return site.article_paths[name].replace("/news/", "/politics/2025/")


def move(site: NewsSite, name: str) -> str:
    """The story moved to a new URL (its page there names the new URL as canonical); the old
    URL redirects to it. Returns the new URL."""
    new_path = moved_path(site, name)
    site.server.pages[new_path] = validated(story_page(BY_SLUG[name], site.server.url(new_path)))
    site.server.pages[site.article_paths[name]] = redirect(site, new_path)
    return site.server.url(new_path)
