"""The office keys and the words for offices per language (offices.toml), read once."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

OFFICES_FILE = Path(__file__).parent / "offices.toml"


@dataclass(frozen=True, slots=True)
class Title:
    """Words that name an office (首相, 대통령, the prime minister)."""

    office: str
    countries: tuple[str, ...]
    forms: tuple[str, ...]
    portfolio: str | None = None
    former: bool = False  # 元首相: any earlier holder
    bare: bool = False  # alone, it names that day's holder


@dataclass(frozen=True, slots=True)
class OfficeWords:
    keys: frozenset[str]
    aliases: dict[str, str]
    titles: tuple[Title, ...]
    home_country: dict[str, str]  # article language -> country its offices are
    hangul_after: frozenset[str]
    han_after: frozenset[str]
    homonyms: frozenset[str] = frozenset()  # lower-cased forms that never tag alone

    def canonical_office(self, key: str) -> str | None:
        key = self.aliases.get(key, key)
        return key if key in self.keys else None


@functools.cache
def load_office_words(path: Path = OFFICES_FILE) -> OfficeWords:
    from polwire.entities.loader import simplified, traditional_forms

    document = tomllib.loads(path.read_text("utf-8"))
    keys = frozenset(document["offices"]["keys"])
    aliases = {str(k): str(v) for k, v in document.get("aliases", {}).items()}
    titles = []
    for record in document.get("title", []):
        forms: list[str] = list(record.get("forms", []))
        for form in record.get("zh", []):
            # Chinese words are written once: both scripts are matched.
            forms.extend([simplified(form), *traditional_forms(form)])
        office = aliases.get(record["office"], record["office"])
        if office not in keys:
            raise ValueError(f"{path.name}: title for unknown office {record['office']!r}")
        titles.append(
            Title(
                office=office,
                countries=tuple(record["countries"]),
                forms=tuple(dict.fromkeys(forms)),
                portfolio=record.get("portfolio"),
                former=bool(record.get("former", False)),
                bare=bool(record.get("bare", False)),
            )
        )
    guards = document.get("guards", {})
    return OfficeWords(
        keys=keys,
        aliases=aliases,
        titles=tuple(titles),
        home_country={str(k): str(v) for k, v in document.get("home_country", {}).items()},
        hangul_after=frozenset(guards.get("hangul_after", [])),
        han_after=frozenset(guards.get("han_after", [])),
        homonyms=frozenset(
            " ".join(str(f).split()).lower() for f in document.get("homonyms", {}).get("forms", [])
        ),
    )
