"""Parse the dates news pages print (ISO-8601, RFC 822, CJK, English) into aware datetimes."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

# Abbreviations seen on East Asian and Western news pages. "CST" is read as
# China Standard Time: this archive's pages come from East Asia, where US
# Central time is far less likely than Beijing time.
NAMED_ZONES: dict[str, tzinfo] = {
    "UTC": UTC,
    "GMT": UTC,
    "Z": UTC,
    "JST": timezone(timedelta(hours=9)),
    "KST": timezone(timedelta(hours=9)),
    "CST": timezone(timedelta(hours=8)),
    "HKT": timezone(timedelta(hours=8)),
    "SGT": timezone(timedelta(hours=8)),
    "PHT": timezone(timedelta(hours=8)),
    "MYT": timezone(timedelta(hours=8)),
    "WIB": timezone(timedelta(hours=7)),
    "ICT": timezone(timedelta(hours=7)),
    "IST": timezone(timedelta(hours=5, minutes=30)),
    "BST": timezone(timedelta(hours=1)),
    "CET": timezone(timedelta(hours=1)),
    "CEST": timezone(timedelta(hours=2)),
    "EST": timezone(timedelta(hours=-5)),
    "EDT": timezone(timedelta(hours=-4)),
    "PST": timezone(timedelta(hours=-8)),
    "PDT": timezone(timedelta(hours=-7)),
    "AEST": timezone(timedelta(hours=10)),
    "AEDT": timezone(timedelta(hours=11)),
}

_TLD_ZONES = {
    "jp": "Asia/Tokyo",
    "kr": "Asia/Seoul",
    "kp": "Asia/Pyongyang",
    "cn": "Asia/Shanghai",
    "tw": "Asia/Taipei",
    "hk": "Asia/Hong_Kong",
    "mo": "Asia/Macau",
    "sg": "Asia/Singapore",
    "my": "Asia/Kuala_Lumpur",
    "vn": "Asia/Ho_Chi_Minh",
    "id": "Asia/Jakarta",
    "ph": "Asia/Manila",
    "th": "Asia/Bangkok",
    "in": "Asia/Kolkata",
}
_LANGUAGE_ZONES = {"ja": "Asia/Tokyo", "ko": "Asia/Seoul", "zh": "Asia/Shanghai"}

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_ZONE = (
    r"(?P<zone>Z|[+-]\d{2}:?\d{2}|[+-]\d{2}\b"
    r"|\(?(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?\)?|\b[A-Z]{2,4}\b)?"
)
_TIME = (
    r"(?:[T\s]*(?P<hour>\d{1,2})(?::|時|시)\s*(?P<minute>\d{2})(?:分|분)?"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?(?:秒|초)?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?\s*" + _ZONE + r")?"
)
_NUMERIC = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*(?:[-./]|年|년)\s*(?P<month>\d{1,2})\s*(?:[-./]|月|월)\s*"
    r"(?P<day>\d{1,2})(?!\d)\s*(?:日|일)?\.?\s*(?:\([^)]{1,3}\)|（[^）]{1,3}）)?" + _TIME
)
_COMPACT = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)(?:T?(?P<hour>[0-2]\d)(?P<minute>[0-5]\d)(?P<second>[0-5]\d)?)?(?!\d)"
)
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ENGLISH_MDY = re.compile(
    r"\b(?P<monthname>" + _MONTH_NAMES + r")\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+"
    r"(?P<year>(?:19|20)\d{2})(?:\s*(?:at|,|\||-|–|/)?" + _TIME + ")?",
    re.IGNORECASE,
)
_ENGLISH_DMY = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<monthname>" + _MONTH_NAMES + r")\.?,?\s+"
    r"(?P<year>(?:19|20)\d{2})(?:\s*(?:at|,|\||-|–|/)?" + _TIME + ")?",
    re.IGNORECASE,
)
# Month and day separated by slashes: "9/17/2004 5:54:13 AM" (US) or "17/09/2004" (most of
# the world). Which comes first is read from the numbers when one is above 12, else from
# the caller's ``day_first``.
_SLASHED = re.compile(
    r"(?<![\d/])(?P<lead>\d{1,2})/(?P<follow>\d{1,2})/(?P<year>(?:19|20)\d{2})(?![\d/])" + _TIME
)
# Years counted from an era: Japan's (令和 from 2019, 平成 from 1989, 昭和 from 1926) and the
# Republic of China's (民國/民国 from 1912, as Taiwan's papers print them). 元年 is the first.
_ERA_YEAR = re.compile(r"(令和|平成|昭和|民國|民国|中華民國|中华民国)\s*(元|\d{1,3})\s*年")
_ERA_START = {"令和": 2019, "平成": 1989, "昭和": 1926, "民國": 1912, "民国": 1912}
_KOREAN_AMPM = re.compile(r"(오전|오후|午前|午後)\s*(\d{1,2})(?=\s*[:時시])")
_RFC822 = re.compile(r"^[A-Za-z]{3},\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")


def zone_for(name: str | tzinfo | None) -> tzinfo | None:
    """A tzinfo from an IANA name, an abbreviation like ``KST``, or a tzinfo; None if unknown."""
    if name is None or isinstance(name, tzinfo):
        return name
    if name.upper() in NAMED_ZONES:
        return NAMED_ZONES[name.upper()]
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return None


def guess_timezone(url: str | None, language: str | None = None) -> tzinfo:
    """The zone a naive date on this page is likely printed in: TLD, then language, else UTC."""
    host = urlsplit(url or "").hostname or ""
    tld = host.rsplit(".", 1)[-1]
    name = _TLD_ZONES.get(tld) or _LANGUAGE_ZONES.get(language or "")
    return ZoneInfo(name) if name else UTC


def _offset(zone: str | None) -> tzinfo | None:
    if not zone:
        return None
    zone = zone.strip("()")
    if zone.upper() in NAMED_ZONES:
        return NAMED_ZONES[zone.upper()]
    match = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?", zone)
    if match is None:
        return None
    sign = -1 if match.group(1) == "-" else 1
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _build(fields: dict[str, str | None], default_zone: tzinfo) -> datetime | None:
    try:
        if fields.get("monthname"):
            month = _MONTHS[str(fields["monthname"]).lower()]
        else:
            month = int(fields["month"] or 0)
        hour = int(fields.get("hour") or 0)
        ampm = (fields.get("ampm") or "").lower().replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        fraction = (fields.get("fraction") or "0")[:6].ljust(6, "0")
        value = datetime(
            int(fields["year"] or 0),
            month,
            int(fields["day"] or 0),
            hour,
            int(fields.get("minute") or 0),
            int(fields.get("second") or 0),
            int(fraction),
        )
    except (ValueError, KeyError, TypeError):
        return None
    zone = _offset(fields.get("zone"))
    if zone is not None:
        return value.replace(tzinfo=zone)
    return _localize(value, default_zone)


def _localize(value: datetime, zone: tzinfo) -> datetime:
    return value.replace(tzinfo=zone)


def _western_year(match: re.Match[str]) -> str:
    era, number = match.group(1), match.group(2)
    start = _ERA_START[era[-2:]]
    return f"{start + (0 if number == '元' else int(number) - 1)}年"


def parse_date(
    text: str | None, default_zone: tzinfo = UTC, *, day_first: bool = False
) -> datetime | None:
    """The first date (and time) in ``text``, aware; a naive one is read in ``default_zone``.
    ``day_first`` settles "03/04/2025" (a month and day both 12 or under)."""
    if not text:
        return None
    # NFKC turns full-width digits and colons ("２０２５年９月８日　１４：３０") into ASCII.
    text = unicodedata.normalize("NFKC", text).strip()
    if "年" in text:
        text = _ERA_YEAR.sub(_western_year, text)
    if _RFC822.match(text):
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            parsed = None
        if parsed is not None:
            return parsed if parsed.tzinfo else _localize(parsed, default_zone)
    text = _KOREAN_AMPM.sub(
        lambda m: (
            f"{m.group(2)}" if m.group(1) in ("오전", "午前") else f"{int(m.group(2)) % 12 + 12}"
        ),
        text,
    )
    for pattern in (_NUMERIC, _ENGLISH_MDY, _ENGLISH_DMY, _SLASHED, _COMPACT):
        match = pattern.search(text)
        if match is not None:
            fields = match.groupdict()
            if pattern is _SLASHED:
                fields.update(_month_and_day(fields.pop("lead"), fields.pop("follow"), day_first))
            built = _build(fields, default_zone)
            if built is not None:
                return built
    return None


def _month_and_day(lead: str | None, follow: str | None, day_first: bool) -> dict[str, str | None]:
    if int(lead or 0) > 12 or (day_first and int(follow or 0) <= 12):
        return {"day": lead, "month": follow}
    return {"month": lead, "day": follow}


_URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})[/-](?P<month>[01]?\d)[/-]?(?P<day>[0-3]\d)(?=[/_-]|\b)"
    r"|(?<![\d])(?P<cyear>(?:19|20)\d{2})(?P<cmonth>[01]\d)(?P<cday>[0-3]\d)(?!\d)"
)


def date_from_url(url: str | None, default_zone: tzinfo) -> datetime | None:
    """A date in the URL path (``/2024/10/16/``, ``/2024/0424/``, ``20250908``), at midnight."""
    if not url:
        return None
    path = urlsplit(url).path
    for match in _URL_DATE.finditer(path):
        year = match.group("year") or match.group("cyear")
        month = match.group("month") or match.group("cmonth")
        day = match.group("day") or match.group("cday")
        try:
            return datetime(int(year), int(month), int(day), tzinfo=default_zone)
        except ValueError:
            continue
    return None
