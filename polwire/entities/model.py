"""A political actor of the gazetteer: its names by language, short forms and offices."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

KINDS = ("person", "party", "organization")
# The languages of `names`: the gazetteer's own, Chinese in both scripts (OpenCC), and the
# Revised Romanization of Korean names (korean-romanizer).
LANGUAGES = ("en", "ja", "ko", "zh-Hans", "zh-Hant", "ko-Latn")
# Countries whose persons may have no CJK name in the gazetteer.
LATIN_ONLY_COUNTRIES = frozenset({"US", "RU"})


@dataclass(frozen=True, slots=True)
class Office:
    """One term in one office: ``office`` is a canonical key (see offices.toml)."""

    office: str
    of: str  # country code of the office
    start: date
    end: date | None = None  # None: still in office
    portfolio: str | None = None  # ministers and HK/Macau secretaries
    party: str | None = None  # party leaders: the party's entity id

    def held_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def held_before(self, day: date) -> bool:
        return self.start <= day

    def as_json(self) -> dict[str, str | None]:
        return {
            "office": self.office,
            "of": self.of,
            "portfolio": self.portfolio,
            "party": self.party,
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
        }


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    kind: str
    name: str  # English display name
    country: str
    wikidata: str | None = None
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # full forms by language
    short: dict[str, tuple[str, ...]] = field(default_factory=dict)  # short forms by language
    offices: tuple[Office, ...] = ()

    def all_names(self) -> list[str]:
        """Every full form, in every language."""
        return [form for forms in self.names.values() for form in forms]

    def all_short(self) -> list[str]:
        return [form for forms in self.short.values() for form in forms]
