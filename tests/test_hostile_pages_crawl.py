"""Hostile pages through a real crawl: what is stored is clean text. A Western page whose
<meta charset> lies, NUL and control bytes in the markup, broken JSON-LD and script markup
in metadata: the article is still stored, and none of it reaches a stored field."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import psycopg

from tests.support.cli import polwire, write_config
from tests.support.feeds import rss
from tests.support.server import Page, SiteServer

PORTUGUESE = (
    "<p>O ministro da Educação anunciou ontem um plano de expansão das escolas técnicas, com"
    " ênfase na formação de professores, na avaliação contínua e na ligação às empresas.</p>"
    "<p>A oposição criticou a proposta, que não prevê recursos para a região Nordeste nem"
    " para as universidades do interior, e pediu uma votação nominal no parlamento.</p>"
    "<p>O debate na comissão de Educação prossegue na próxima semana, com audiências de"
    " reitores, sindicatos de professores e associações de pais de todo o país.</p>"
)

HOSTILE = (
    "<p>The finance minister presented the draft budget to parliament on Tuesday,\x00"
    " promising to cut the deficit by half within three years and to protect pensions.</p>"
    "<p>Opposition lawmakers said the plan relied on growth forecasts that the central\x0b"
    " bank had already revised downwards twice this year, and called for a new audit.</p>"
    "<p>The debate is expected to last until the end of the week, with a first vote on"
    " Friday afternoon and a final reading before the summer recess begins.</p>"
)


def pages() -> dict[str, Page]:
    lying = (
        '<!DOCTYPE html><html lang="pt"><head><meta charset="utf-8">'
        '<meta property="og:type" content="article"><title>Educação pública em debate</title>'
        f"</head><body><article><h1>Educação pública em debate</h1>{PORTUGUESE}</article>"
        "</body></html>"
    ).encode("cp1252")
    hostile = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta property="og:type" content="article">'
        '<meta name="author" content="&lt;script&gt;alert(1)&lt;/script&gt;Jane Roe">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
        "<title>Budget\x00 debate opens</title></head><body><article>"
        f"<h1>Budget\x00 debate opens</h1>{HOSTILE}</article></body></html>"
    ).encode()
    # No charset in the header: the bytes decide (the meta lies for the first page).
    return {
        "/pt/educacao.html": Page(lying, "text/html"),
        "/en/budget.html": Page(hostile, "text/html"),
    }


def test_hostile_pages_are_stored_with_clean_text(
    db_url: str, db: psycopg.Connection, polwire_home: Path, tmp_path: Path
) -> None:
    server = SiteServer(pages()).start()
    try:
        when = datetime(2025, 3, 12, tzinfo=UTC)
        server.pages["/feed.xml"] = Page(
            rss(server.base_url, [("/pt/educacao.html", when), ("/en/budget.html", when)]),
            "application/rss+xml",
        )
        config = write_config(
            tmp_path / "polwire.toml",
            f'[[sources]]\nname = "hostile_news"\nfeeds = ["{server.url("/feed.xml")}"]\n',
        )
        env = {
            "DATABASE_URL": db_url,
            "POLWIRE_HOME": str(polwire_home),
            "POLWIRE_CONFIG": str(config),
        }
        result = polwire("crawl", "hostile_news", env=env)
        assert result.returncode == 0, result.stderr
    finally:
        server.stop()
    stored = {
        url.rsplit("/", 1)[-1]: (title, authors, body)
        for url, title, authors, body in db.execute(
            "SELECT url, title, authors, body FROM articles"
        ).fetchall()
    }
    assert set(stored) == {"educacao.html", "budget.html"}
    title, _, body = stored["educacao.html"]
    assert title == "Educação pública em debate"
    assert "ênfase na formação de professores" in body and "\ufffd" not in body
    title, authors, body = stored["budget.html"]
    assert title == "Budget debate opens"
    assert body.startswith("The finance minister presented the draft budget to parliament")
    for text in (title, body, *authors):
        assert not any(ch in text for ch in "\x00\x0b\ufffd<>"), repr(text)
