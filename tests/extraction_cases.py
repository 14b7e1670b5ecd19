"""The saved news pages with expected fields, and how the extraction tests read them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from tests.support.fixtures import fixture_params, fixture_path, fixtures_dir, have_fixtures

# The saved pages' folder (bench/extraction.py lists it too); it may not exist.
FIXTURES = fixtures_dir() / "news"

# Fundus lists some organisations as authors. polwire's policy keeps only
# person names in ``authors`` and puts a credited agency into ``wire``; these
# credits are checked that way (agency -> expected wire, None -> dropped).
NON_PERSON_CREDITS: dict[str, str | None] = {
    "AP": "AP",
    "Associated Press": "AP",
    "The Associated Press": "AP",
    "AFP, MANILA": "AFP",
    "BBC News": None,
    "Euronews": None,
    "Guardian staff reporter": None,
    "朝日新聞デジタル": None,
    "中日新聞Web": None,
    "日刊現代": None,
    "東京新聞デジタル": None,
    "読売新聞オンライン": None,
}


@dataclass(frozen=True)
class Case:
    """One saved page and the fields expected from it."""

    name: str
    html: bytes
    expected: dict[str, Any]

    @property
    def url(self) -> str:
        return str(self.expected["url"])

    @property
    def language(self) -> str:
        return str(self.expected["language"])

    def expected_people(self) -> list[str]:
        return [a for a in self.expected["authors"] if a not in NON_PERSON_CREDITS]

    def expected_wires(self) -> set[str]:
        return {
            wire
            for a in self.expected["authors"]
            if (wire := NON_PERSON_CREDITS.get(a)) is not None
        }


def fixture_names() -> list[str]:
    """Names of all saved pages (none without the fixtures); an empty news folder is an error."""
    if not have_fixtures():
        return []
    names = sorted(path.stem for path in FIXTURES.glob("*.json"))
    if not names:
        raise FileNotFoundError(f"no *.json fixtures in {FIXTURES}")
    return names


def fixture_name_params() -> list[object]:
    """The saved pages as test parameters: one skipped parameter without the fixtures."""
    return fixture_params(list(fixture_names()))


@cache
def load_case(name: str) -> Case:
    """One fixture page with its expectation (cached: several tests read each page)."""
    html = fixture_path("news", f"{name}.html").read_bytes()
    expected = json.loads(fixture_path("news", f"{name}.json").read_text(encoding="utf-8"))
    return Case(name=name, html=html, expected=expected)
