"""The allowed values of every config key, declared next to its field, and the one checker that
walks them (at load, for every command) and describes them (for the configuration reference)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import MISSING, Field, dataclass, field, fields, is_dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

_T = TypeVar("_T")
METADATA_KEY = "polwire"
# Far enough for any real interval, near enough that no timer, sleep or datetime overflows.
SECONDS_MAX = 366 * 86400
DAYS_MAX = 36500


@dataclass(frozen=True, slots=True, kw_only=True)
class Allowed:
    """What one key accepts: a range, a list of choices or a kind of string, and its help line."""

    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    kind: str = ""  # "cron", "timezone", "port", "url", "pattern"
    schemes: tuple[str, ...] = ()  # kind "url": the schemes it may have
    pattern: str = ""  # kind "pattern": a regex the whole value matches
    pattern_help: str = ""  # what the pattern means, for people
    port_zero: str = ""  # kind "port": when set, 0 is allowed and means this

    def describe(self) -> str:
        """The allowed values as a phrase: "at least 1", "0 to 1", "a 5-field crontab"."""
        if self.choices:
            return "one of " + ", ".join(shown(c) for c in self.choices)
        if self.kind == "cron":
            return 'a 5-field crontab (minute hour day month day-of-week), e.g. "0 2 * * *"'
        if self.kind == "timezone":
            return 'an IANA time zone, e.g. "UTC" or "Asia/Tokyo"'
        if self.kind == "port":
            return "1 to 65535" + (f", or 0: {self.port_zero}" if self.port_zero else "")
        if self.kind == "url":
            shapes = [f"{s}:" if s == "mailto" else f"{s}://" for s in self.schemes]
            return "a URL starting " + " or ".join(shapes)
        if self.kind == "pattern":
            return self.pattern_help or f"text matching {self.pattern}"
        if self.minimum is not None and self.maximum is not None:
            return f"{_number(self.minimum)} to {_number(self.maximum)}"
        if self.minimum is not None:
            return f"at least {_number(self.minimum)}"
        if self.maximum is not None:
            return f"at most {_number(self.maximum)}"
        return ""

    def problem(self, value: Any) -> str | None:
        """Why ``value`` is not allowed (None when it is); the type was checked before."""
        if value is None:
            return None
        if self.choices and value not in self.choices:
            return f"must be {self.describe()}"
        checker = _KIND_CHECKS.get(self.kind)
        if checker is not None:
            return checker(self, value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            low = self.minimum is not None and value < self.minimum
            high = self.maximum is not None and value > self.maximum
            if low or high or value != value:  # value != value: NaN
                if self.maximum is None:
                    return f"must be {self.describe()}"
                return f"must be from {self.describe()}"
        return None


def setting(default: _T, *, help: str, **allowed: Any) -> _T:
    """A dataclass field with its default, its help line and its allowed values."""
    result: _T = field(default=default, metadata={METADATA_KEY: Allowed(help=help, **allowed)})
    return result


def rule(**allowed: Any) -> dict[str, Allowed]:
    """Field metadata holding a help line and allowed values (for fields with a factory)."""
    return {METADATA_KEY: Allowed(**allowed)}


def allowed_of(f: Field[Any]) -> Allowed:
    """A field's declared rule; a field declared without one allows any value of its type."""
    found = f.metadata.get(METADATA_KEY)
    return found if isinstance(found, Allowed) else Allowed()


def cron_problem(expression: str) -> str | None:
    """Why a crontab is not one APScheduler reads (None when it is): what the scheduler would
    say at its start, said at load instead."""
    from apscheduler.triggers.cron import CronTrigger

    parts = expression.split()
    if len(parts) != 5:
        return f"must be {Allowed(kind='cron').describe()}"
    # Crontab's day-of-week runs 0-7 (both Sunday), APScheduler's 0-6: 7 is checked as 6, which
    # is valid wherever 7 is (scheduler/jobs.py turns the numbers into day names).
    parts[4] = re.sub(r"(?<!\d)7(?!\d)", "6", parts[4])
    try:
        CronTrigger.from_crontab(" ".join(parts), timezone="UTC")
    except (ValueError, TypeError, KeyError) as exc:
        return f"must be {Allowed(kind='cron').describe()} ({_first_line(exc)})"
    return None


def timezone_problem(name: str) -> str | None:
    """Why a name is not an IANA time zone this machine knows (None when it is)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not name or "\x00" in name:
        return f"must be {Allowed(kind='timezone').describe()}"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return f"must be {Allowed(kind='timezone').describe()}"
    return None


def _port_problem(rule: Allowed, value: Any) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    if 1 <= value <= 65535 or (value == 0 and rule.port_zero):
        return None
    return f"must be {rule.describe()}"


def _url_problem(rule: Allowed, value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    scheme = parts.scheme.lower() if parts else ""
    if parts is None or scheme not in rule.schemes or not (parts.netloc or scheme == "mailto"):
        return f"must be {rule.describe()}"
    return None


def _pattern_problem(rule: Allowed, value: Any) -> str | None:
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str) and not re.fullmatch(rule.pattern, item):
            return f"must be {rule.describe()}" + (
                f" ({shown(item)} is not)" if isinstance(value, list) else ""
            )
    return None


_KIND_CHECKS: dict[str, Callable[[Allowed, Any], str | None]] = {
    "cron": lambda _rule, value: cron_problem(value) if isinstance(value, str) else None,
    "timezone": lambda _rule, value: timezone_problem(value) if isinstance(value, str) else None,
    "port": _port_problem,
    "url": _url_problem,
    "pattern": _pattern_problem,
}


def key_problem(table: str, key: str, value: Any, rule: Allowed) -> str | None:
    """The one-line complaint about ``table`` ``key`` = ``value`` (None when it is allowed)."""
    problem = rule.problem(value)
    return None if problem is None else f"{table} {key} = {shown(value)}: {problem}"


def section_problems(table: str, section: Any) -> Iterator[str]:
    """Every key of one section (a dataclass instance) whose value its rule does not allow."""
    for f in fields(section):
        found = key_problem(table, f.name, getattr(section, f.name), allowed_of(f))
        if found:
            yield found
    for lower, upper in getattr(section, "ORDERED", ()):
        low, high = getattr(section, lower), getattr(section, upper)
        if low is not None and high is not None and low > high:
            yield (f"{table} {lower} = {shown(low)}: must not be above {upper} ({shown(high)})")


@dataclass(frozen=True, slots=True)
class KeyDoc:
    """One key of polwire.toml as the configuration reference lists it."""

    table: str  # "" for the top level, "[crawl]", "[[sources]]"
    key: str
    type: str  # "integer", "float", "string", "boolean", "list of strings", ...
    default: Any  # None: unset
    allowed: str  # "" when any value of the type is allowed
    help: str


def section_docs(table: str, cls: type) -> list[KeyDoc]:
    """The keys of one section dataclass, in declaration order."""
    if not is_dataclass(cls):
        raise TypeError(f"{cls!r} is not a dataclass")
    docs = []
    for f in fields(cls):
        rule = allowed_of(f)
        if f.default is not MISSING:
            default: Any = f.default
        elif f.default_factory is not MISSING:
            default = f.default_factory()
        else:
            default = None
        if isinstance(default, tuple):
            default = list(default)  # as TOML writes it
        docs.append(KeyDoc(table, f.name, type_name(f.type), default, rule.describe(), rule.help))
    return docs


_TYPE_NAMES = {
    "int": "integer",
    "float": "float",
    "str": "string",
    "bool": "boolean",
    "list[str]": "list of strings",
    "tuple[str, ...]": "list of strings",
    "dict[str, Any]": "table",
}


def type_name(annotation: Any) -> str:
    """A field's annotation (a string, with postponed annotations) as the TOML type it takes."""
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    base = text.replace(" | None", "").strip()
    return _TYPE_NAMES.get(base, base)


def shown(value: Any) -> str:
    """A value as it is written in TOML (strings quoted, booleans lower case)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    if isinstance(value, float):
        return _number(value)
    return str(value)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def describe() -> list[KeyDoc]:
    """Every key of polwire.toml: the top level, each [table], then [[sources]]."""
    from polwire.config.file import SECTIONS
    from polwire.config.source_table import SourceTable

    docs = [
        KeyDoc("", "database_url", "string", None, "", "PostgreSQL URL (or $DATABASE_URL)."),
        KeyDoc("", "home", "string", None, "", "Data directory (or $POLWIRE_HOME)."),
    ]
    for name, cls in SECTIONS.items():
        docs.extend(section_docs(f"[{name}]", cls))
    docs.extend(section_docs("[[sources]]", SourceTable))
    return docs
