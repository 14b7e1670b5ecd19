"""Reads the gazetteer's TOML files into entities: both Chinese scripts through OpenCC, Korean
names romanized, every field checked (a file with a mistake names it, line by entity id)."""

from __future__ import annotations

import functools
import logging
import tomllib
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from polwire.entities.model import KINDS, LATIN_ONLY_COUNTRIES, Entity, Office
from polwire.entities.offices import OfficeWords, load_office_words

logger = logging.getLogger(__name__)

GAZETTEER_DIR = Path(__file__).parent / "gazetteer"
SOURCE_LANGUAGES = ("en", "ja", "ko", "zh")
CJK_LANGUAGES = ("ja", "ko", "zh-Hans", "zh-Hant")


class GazetteerError(ValueError):
    """A gazetteer file that cannot be used as it is: every problem found, one per line."""


@functools.cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def simplified(text: str) -> str:
    return str(_converter("t2s").convert(text))


def traditional_forms(text: str) -> list[str]:
    """The traditional spellings OpenCC gives: standard, Taiwan and Hong Kong usage."""
    hans = simplified(text)
    forms = [text] if text != hans or _converter("s2t").convert(text) == text else []
    forms += [str(_converter(cfg).convert(hans)) for cfg in ("s2tw", "s2hk", "s2t")]
    return list(dict.fromkeys(forms))


def romanized_korean(name: str) -> str | None:
    """'이재명' -> 'I Jaemyeong' (Revised Romanization, surname first): for 2-4 syllable names
    written without spaces; None for anything else."""
    from korean_romanizer.romanizer import Romanizer

    if not 2 <= len(name) <= 4 or not all("\uac00" <= c <= "\ud7a3" for c in name):
        return None
    surname, given = name[0], name[1:]
    parts = [str(Romanizer(part).romanize()).capitalize() for part in (surname, given)]
    return " ".join(parts)


def gazetteer_files(folder: Path | None = None) -> list[Path]:
    return sorted((folder or GAZETTEER_DIR).glob("*.toml"))


def load_gazetteer(
    paths: Sequence[Path] | None = None, words: OfficeWords | None = None
) -> list[Entity]:
    """Every entity of the given files (default: the package's gazetteer folder).

    Raises GazetteerError listing every problem (unknown kind or office, a bad date, an id
    twice, a person without names) when there is any."""
    words = words or load_office_words()
    entities: list[Entity] = []
    problems: list[str] = []
    for path in gazetteer_files() if paths is None else paths:
        found, wrong = read_file(path, words)
        entities.extend(found)
        problems.extend(wrong)
    problems.extend(_duplicate_ids(entities))
    problems.extend(_unknown_parties(entities))
    if problems:
        raise GazetteerError("\n".join(problems))
    return entities


def read_file(path: Path, words: OfficeWords) -> tuple[list[Entity], list[str]]:
    """The entities of one file and the problems found in it."""
    try:
        document = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return [], [f"{path.name}: {exc}"]
    entities: list[Entity] = []
    problems: list[str] = []
    records = document.get("entity", [])
    if not isinstance(records, list):
        return [], [f"{path.name}: 'entity' must be an array of tables ([[entity]])"]
    for number, record in enumerate(records, 1):
        label = f"{path.name}: entity {record.get('id', f'#{number}')}"
        wrong: list[str] = []
        entity = _entity(record, words, wrong)
        problems.extend(f"{label}: {problem}" for problem in wrong)
        if entity is not None and not wrong:
            entities.append(entity)
    return entities, problems


def _entity(record: dict[str, Any], words: OfficeWords, wrong: list[str]) -> Entity | None:
    entity_id = record.get("id")
    if not isinstance(entity_id, str) or not entity_id or not entity_id.isascii():
        wrong.append("id must be a non-empty ASCII slug")
        return None
    if entity_id != entity_id.lower() or " " in entity_id:
        wrong.append("id must be lower-case, without spaces")
    kind = record.get("kind")
    if kind not in KINDS:
        wrong.append(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    country = record.get("country")
    if not isinstance(country, str) or len(country) != 2 or not country.isupper():
        wrong.append(f"country {country!r} is not an upper-case ISO code")
        country = ""
    wikidata = record.get("wikidata")
    if wikidata is not None and not (
        isinstance(wikidata, str) and wikidata[:1] == "Q" and wikidata[1:].isdigit()
    ):
        wrong.append(f"wikidata {wikidata!r} is not a Q-number")
    names = _forms_by_language(record, wrong, "")
    short = _forms_by_language(record.get("short", {}), wrong, "short.")
    display = record.get("name") or next(iter(names.get("en", [])), None)
    if not isinstance(display, str) or not display:
        wrong.append("has no English name")
        display = entity_id
    if not names.get("en"):
        names["en"] = [display]
    elif display not in names["en"]:
        names["en"].insert(0, display)
    cjk = any(names.get(lang) for lang in ("ja", "ko", "zh"))
    if kind == "person" and not cjk and country not in LATIN_ONLY_COUNTRIES:
        wrong.append("a person of this country needs at least one CJK name (ja, ko or zh)")
    offices = _offices(record.get("offices", []), words, wrong)
    return Entity(
        id=entity_id,
        kind=str(kind),
        name=display,
        country=country,
        wikidata=wikidata,
        names=_derived(names, korean=kind == "person" and country in ("KR", "KP")),
        short=_derived(short, korean=False),
        offices=tuple(offices),
    )


def _forms_by_language(record: Any, wrong: list[str], prefix: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    if not isinstance(record, dict):
        wrong.append(f"{prefix.rstrip('.') or 'names'} must be a table of languages")
        return found
    for lang in SOURCE_LANGUAGES:
        forms = record.get(lang)
        if forms is None:
            continue
        if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
            wrong.append(f"{prefix}{lang} must be a list of non-empty strings")
            continue
        found[lang] = list(dict.fromkeys(" ".join(f.split()) for f in forms))
    return found


def _derived(forms: dict[str, list[str]], *, korean: bool) -> dict[str, tuple[str, ...]]:
    """The gazetteer's languages as stored: zh split into zh-Hans and zh-Hant, Korean person
    names romanized as well."""
    out: dict[str, list[str]] = {
        lang: list(forms[lang]) for lang in ("en", "ja", "ko") if lang in forms
    }
    if forms.get("zh"):
        out["zh-Hans"] = list(dict.fromkeys(simplified(f) for f in forms["zh"]))
        out["zh-Hant"] = list(dict.fromkeys(t for f in forms["zh"] for t in traditional_forms(f)))
    if korean and forms.get("ko"):
        latin = [r for r in (romanized_korean(f) for f in forms["ko"]) if r is not None]
        known = {f.lower() for f in out.get("en", [])}
        latin = [r for r in latin if r.lower() not in known]
        if latin:
            out["ko-Latn"] = list(dict.fromkeys(latin))
    return {lang: tuple(values) for lang, values in out.items() if values}


def _offices(records: Any, words: OfficeWords, wrong: list[str]) -> list[Office]:
    if not isinstance(records, list):
        wrong.append("offices must be a list of tables")
        return []
    offices = []
    for record in records:
        if not isinstance(record, dict):
            wrong.append("an office must be a table")
            continue
        key = words.canonical_office(str(record.get("office", "")))
        if key is None:
            wrong.append(f"office {record.get('office')!r} is unknown (see offices.toml)")
            continue
        start = _day(record.get("start"), "start", wrong)
        end = _day(record.get("end"), "end", wrong) if record.get("end") is not None else None
        if start is None:
            continue
        if end is not None and end < start:
            wrong.append(f"office {key}: end {end} before start {start}")
            continue
        of = record.get("of")
        if not isinstance(of, str) or len(of) != 2:
            wrong.append(f"office {key}: 'of' must be a country code")
            continue
        offices.append(
            Office(
                office=key,
                of=of.upper(),
                start=start,
                end=end,
                portfolio=record.get("portfolio"),
                party=record.get("party"),
            )
        )
    return offices


def _day(value: Any, what: str, wrong: list[str]) -> date | None:
    if isinstance(value, date):  # TOML's own local date
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        wrong.append(f"{what} {value!r} is not an ISO date")
        return None


def _duplicate_ids(entities: Iterable[Entity]) -> list[str]:
    seen: set[str] = set()
    twice = []
    for entity in entities:
        if entity.id in seen:
            twice.append(f"entity id {entity.id} is used twice")
        seen.add(entity.id)
    return twice


def _unknown_parties(entities: Sequence[Entity]) -> list[str]:
    ids = {entity.id for entity in entities}
    return [
        f"entity {entity.id}: party_leader of unknown party {office.party!r}"
        for entity in entities
        for office in entity.offices
        if office.office == "party_leader" and office.party and office.party not in ids
    ]


# A gazetteer of one's own (files or folders, separated by os.pathsep) instead of the package's.
GAZETTEER_ENV = "POLWIRE_GAZETTEER"


def configured_files() -> tuple[Path, ...]:
    """The gazetteer files in use: $POLWIRE_GAZETTEER's, else the package's folder."""
    import os

    setting = os.environ.get(GAZETTEER_ENV, "").strip()
    if not setting:
        return tuple(gazetteer_files())
    found: list[Path] = []
    for part in setting.split(os.pathsep):
        path = Path(part).expanduser()
        found.extend(gazetteer_files(path) if path.is_dir() else [path])
    return tuple(found)


@functools.cache
def _load_cached(paths: tuple[Path, ...]) -> tuple[list[Entity], str]:
    import hashlib

    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return load_gazetteer(list(paths)), digest.hexdigest()


def current_gazetteer() -> tuple[list[Entity], str]:
    """The entities in use and a checksum of their files, read once per process."""
    return _load_cached(configured_files())
