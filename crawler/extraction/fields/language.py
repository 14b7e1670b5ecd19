"""The language's layers: what the page declares (<html lang>, JSON-LD, meta), its text's script."""

from __future__ import annotations

from crawler.extraction.language import contradicts, detect_script_language, primary_subtag
from crawler.extraction.parsed_page import ParsedPage


def html_language(page: ParsedPage) -> str | None:
    return primary_subtag(page.tree.get("lang") or page.tree.get("xml:lang"))


def jsonld_language(page: ParsedPage) -> str | None:
    return primary_subtag(page.jsonld.text("inLanguage"))


def meta_language(page: ParsedPage) -> str | None:
    return primary_subtag(
        page.meta.first("og:locale", "content-language", "language", "dc.language")
    )


def text_language(declared: str | None, title: str | None, body: str | None) -> str | None:
    """The language the text's script shows, when the page declares none or another one."""
    detected = detect_script_language(f"{title or ''}\n{body or ''}")
    if detected and (declared is None or contradicts(declared, detected)):
        return detected
    return None
