"""Loads a saved site mirror (tests/mirrors/<source>/<host>/...) into pages for the local server.

Layout: a URL ``https://<host>/<path>?<query>`` is the file
``tests/mirrors/<source>/<host>/<path>@<query>``; a URL whose path ends in
``/`` (or names a folder of the mirror) is served from that folder's
``__index__`` file. Content types come from the file name (``.xml``, ``.rss``,
``.json``, ``.txt``, ``.html``) or, for files without an extension, from the
first bytes (XML feeds and sitemaps) and default to HTML.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.server import Page

MIRRORS = Path(__file__).resolve().parents[1] / "mirrors"

_TYPES = {
    ".xml": "application/xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".html": "text/html",
    ".htm": "text/html",
    ".aspx": "text/html",
}
_XML_STARTS = (b"<?xml", b"<rss", b"<feed", b"<urlset", b"<sitemapindex")


def content_type_for(path: Path, body: bytes) -> str:
    kind = _TYPES.get(path.suffix.lower())
    if kind:
        return kind
    if body.lstrip()[:64].startswith(_XML_STARTS):
        return "application/xml; charset=utf-8"
    return "text/html"


def url_path_for(relative: Path) -> str:
    """The URL path (with query) that a mirror file under ``<host>/`` answers."""
    parts = list(relative.parts)
    name = parts[-1]
    query = ""
    if "@" in name:
        name, query = name.split("@", 1)
    if name == "__index__":
        parts[-1] = ""
    else:
        parts[-1] = name
    path = "/" + "/".join(parts)
    return path + (f"?{query}" if query else "")


def load_mirror(source: str, root: Path = MIRRORS) -> tuple[dict[str, Page], list[str]]:
    """Pages keyed by ``/<host><path>``, and the mirrored hosts."""
    base = root / source
    if not base.is_dir():
        raise FileNotFoundError(f"no mirror for source {source!r} under {root}")
    pages: dict[str, Page] = {}
    hosts = sorted(p.name for p in base.iterdir() if p.is_dir())
    for host in hosts:
        for file in (base / host).rglob("*"):
            if not file.is_file() or file.name.startswith(".") or file.suffix == ".md":
                continue
            body = file.read_bytes()
            key = f"/{host}{url_path_for(file.relative_to(base / host))}"
            pages[key] = Page(body, content_type_for(file, body))
    return pages, hosts


def host_map(base_url: str, hosts: list[str]) -> dict[str, str]:
    """POLWIRE_HOST_MAP value: real ``host`` -> ``<base_url>/<host>``."""
    return {host: f"{base_url}/{host}" for host in hosts}
