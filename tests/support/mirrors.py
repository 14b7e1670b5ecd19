"""Loads a saved site mirror (tests/mirrors/<source>/<host>/...) into pages for the local server.

Layout: a URL ``https://<host>/<path>?<query>`` is the file
``tests/mirrors/<source>/<host>/<path>@<query>``; a URL whose path ends in
``/`` (or names a folder of the mirror) is served from that folder's
``__index__`` file. Content types come from the file name (``.xml``, ``.rss``,
``.json``, ``.txt``, ``.html``) or, for files without an extension, from the
first bytes (XML feeds and sitemaps) and default to HTML.

Pages that are real saved pages of the outlet are not kept here: the mirror's
``mirror.toml`` lists them under ``[[fixture_pages]]`` (``file``, the mirror
path they answer; ``fixture``, the file under ``POLWIRE_FIXTURES``), served as
they are, or with ``patch``, the fixture's markup around the team's own article
text (see :func:`apply_patch`). Such a mirror cannot be served without the
fixtures; :func:`skip_without_fixtures` skips a test that needs it.

A page whose markup is the team's but whose article text is a fixture's (the seed article)
is kept as a template: ``[[fixture_text]]`` names the mirror ``file``, and ``expected``, the
fixture's expected-fields JSON whose ``body`` (paragraphs, as ``<p>``) and its first line
(``{{description}}``) fill the ``{{paragraphs}}`` marker at test time.
"""

from __future__ import annotations

import hashlib
import html
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.fixtures import SKIP_REASON, fixtures_dir, have_fixtures
from tests.support.server import Page
from tests.support.services import missing

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


def mirror_expectations(source: str, root: Path = MIRRORS) -> dict[str, Any]:
    """The source's ``mirror.toml`` (empty when it has none)."""
    path = root / source / "mirror.toml"
    return tomllib.loads(path.read_text("utf-8")) if path.is_file() else {}


@dataclass(frozen=True, slots=True)
class MirrorFile:
    """One page of a mirror: a file kept here, or one made from a fixture."""

    relative: Path  # <host>/<path> inside the mirror
    path: Path  # the file kept here, or the fixture it is made from
    from_fixture: bool = False
    patch: Path | None = None  # the team's changes to the fixture, when it is not served as is
    text_from: Path | None = None  # a fixture's expected fields, for a template kept here

    def read_bytes(self) -> bytes:
        """The page as served; skips the calling test when it needs the missing fixtures."""
        if (self.from_fixture or self.text_from) and not have_fixtures():
            missing(SKIP_REASON)
        raw = self.path.read_bytes()
        if self.text_from is not None:
            return fill_template(raw, self.text_from)
        return apply_patch(raw, self.patch) if self.patch else raw


def fixture_pages(source: str, root: Path = MIRRORS) -> list[MirrorFile]:
    """The pages of the mirror that ``mirror.toml`` makes from fixtures."""
    return [
        MirrorFile(
            relative=Path(entry["file"]),
            path=fixtures_dir() / entry["fixture"],
            from_fixture=True,
            patch=root / source / entry["patch"] if "patch" in entry else None,
        )
        for entry in mirror_expectations(source, root).get("fixture_pages", [])
    ]


def _text_templates(source: str, root: Path) -> dict[Path, Path]:
    """Mirror file -> the fixture JSON whose text it is filled with."""
    return {
        Path(entry["file"]): fixtures_dir() / entry["expected"]
        for entry in mirror_expectations(source, root).get("fixture_text", [])
    }


def fill_template(template: bytes, expected: Path) -> bytes:
    """The team's page around a fixture's article text, every value escaped."""
    body = str(json.loads(expected.read_text("utf-8"))["body"])
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    text = template.decode("utf-8")
    text = text.replace("{{description}}", html.escape(paragraphs[0][:160] if paragraphs else ""))
    text = text.replace("{{paragraphs}}", "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs))
    return text.encode("utf-8")


def needs_fixtures(source: str, root: Path = MIRRORS) -> bool:
    return bool(fixture_pages(source, root) or _text_templates(source, root))


def skip_without_fixtures(source: str) -> None:
    """Skip the calling test when ``source``'s mirror serves fixture pages that are missing."""
    if needs_fixtures(source) and not have_fixtures():
        missing(SKIP_REASON)


def mirror_files(source: str, root: Path = MIRRORS) -> list[MirrorFile]:
    """Every page of the mirror, kept here or made from a fixture, by its place in the mirror."""
    base = root / source
    if not base.is_dir():
        raise FileNotFoundError(f"no mirror for source {source!r} under {root}")
    templates = _text_templates(source, root)
    files = [
        MirrorFile(
            relative=file.relative_to(base),
            path=file,
            text_from=templates.get(file.relative_to(base)),
        )
        for host in sorted(p for p in base.iterdir() if p.is_dir())
        for file in sorted(host.rglob("*"))
        if file.is_file() and not file.name.startswith(".") and file.suffix != ".md"
    ]
    return files + fixture_pages(source, root)


def load_mirror(source: str, root: Path = MIRRORS) -> tuple[dict[str, Page], list[str]]:
    """Pages keyed by ``/<host><path>``, and the mirrored hosts."""
    pages: dict[str, Page] = {}
    for file in mirror_files(source, root):
        body = file.read_bytes()
        host, *rest = file.relative.parts
        key = f"/{host}{url_path_for(Path(*rest))}"
        pages[key] = Page(body, content_type_for(file.relative, body))
    hosts = sorted(p.name for p in (root / source).iterdir() if p.is_dir())
    return pages, hosts


def apply_patch(fixture: bytes, patch: Path) -> bytes:
    """The fixture page with the patch's lines put in place of the ones it names.

    A patch is JSON: ``fixture_sha256`` (the fixture it was made against: another version
    would be patched into nonsense), ``encoding`` (the fixture is read as UTF-8 and the page
    written in this one), and ``hunks``: ``[start, end, lines]``, fixture lines
    ``start:end`` (0-based) replaced by ``lines``. Only the team's lines are in the patch."""
    spec = json.loads(patch.read_text("utf-8"))
    digest = hashlib.sha256(fixture).hexdigest()
    if digest != spec["fixture_sha256"]:
        raise ValueError(f"{patch.name} was made against another version of its fixture")
    lines = fixture.decode("utf-8").splitlines(keepends=True)
    out: list[str] = []
    kept = 0
    for start, end, new in spec["hunks"]:
        out += lines[kept:start] + new
        kept = end
    out += lines[kept:]
    return "".join(out).encode(spec.get("encoding", "utf-8"))


def host_map(base_url: str, hosts: list[str]) -> dict[str, str]:
    """POLWIRE_HOST_MAP value: real ``host`` -> ``<base_url>/<host>``."""
    return {host: f"{base_url}/{host}" for host in hosts}
