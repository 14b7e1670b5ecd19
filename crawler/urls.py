"""URL canonicalization: one spelling per page, so tracking variants collapse to one article."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Query parameters that only say where a click came from.
_TRACKING_PREFIXES = ("utm_", "at_", "mc_", "pk_", "hsa_", "oly_", "__hs", "_hs", "vero_")
_TRACKING_KEYS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "igsh",
        "_ga",
        "_gl",
        "ocid",
        "cmpid",
        "ncid",
        "icid",
        "ito",
        "sr_share",
        "s_cid",
        "cid_source",
        "ref_src",
        "ref_url",
        "rss",
        "rssfeed",
        "from_rss",
        "spm",
        "share",
        "shared",
        "smid",
        "smtyp",
        "xtor",
        "mbid",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
        "soc_src",
        "soc_trk",
        "feature",
        "cmp",
        "campaign_id",
    }
)
# key=value pairs that are tracking only with that value (Yonhap adds input=rss).
_TRACKING_PAIRS = frozenset({("input", "rss"), ("ref", "rss"), ("from", "rss"), ("src", "rss")})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST_PREFIXES = re.compile(r"^(?:www\d?|m|mobile|amp|sp)\.")
_SECOND_LEVEL = frozenset({"co", "com", "or", "ne", "go", "ac", "org", "net", "gov", "edu", "ed"})


def is_tracking_param(key: str, value: str) -> bool:
    lowered = key.lower()
    return (
        lowered in _TRACKING_KEYS
        or lowered.startswith(_TRACKING_PREFIXES)
        or (lowered, value.lower()) in _TRACKING_PAIRS
    )


def canonicalize_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters.

    The path keeps its case (Japan Today slugs have capitals) and the
    remaining query keeps its order, so the result is still the URL to fetch.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    netloc = host
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{parts.port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~%") or "/"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(k, v)
    ]
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def site_of(url: str) -> str:
    """The registrable part of a host (``japantoday.com``, ``yna.co.kr``), or the IP with port."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host or host.replace(".", "").isdigit() or ":" in host:
        return f"{host}:{parts.port}" if parts.port else host
    host = _HOST_PREFIXES.sub("", host)
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def same_site(a: str, b: str) -> bool:
    return site_of(a) == site_of(b)


def is_site_root(url: str) -> bool:
    path = urlsplit(url).path
    return (
        path in ("", "/")
        or re.fullmatch(r"/(?:index\.\w+|[a-z]{2}(?:-[a-z]{2})?/?)", path) is not None
    )
