"""URL canonicalization (one spelling per page) and dedupe keys (one key per article's variants)."""

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
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # a hostile or broken link (port 99999, a bad IPv6 literal): as given
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    netloc = host
    if port and port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{port}"
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


# --- Dedupe keys -----------------------------------------------------------------------------
# AMP, mobile and print twins, http/https and trailing-slash spellings of a page are kept as
# URLs of their own (each one serves the page: many sites answer /amp/ paths only with AMP
# markup and some drop a trailing slash with a redirect loop), and compared through
# ``url_key``: a string that is equal for all the variants of one page but is not itself a URL
# to fetch. canonicalize_url stays conservative (only what cannot change the page: tracking
# parameters, case of scheme and host, default port, fragment), so the URL we store and fetch
# again is always one the site served.

_VARIANT_HOST = re.compile(r"^(?:(?:www\d?|m|mobile|amp|sp|touch)\.)+")
# Whole path segments that mark an AMP, print or mobile rendering of the page.
_VARIANT_SEGMENTS = frozenset({"amp", "print"})
_MOBILE_PREFIX_SEGMENTS = frozenset({"m", "mobile", "amp"})  # only as the first segment
_VARIANT_QUERY = frozenset(
    {
        ("amp", ""),
        ("amp", "1"),
        ("amp", "true"),
        ("amp", "yes"),
        ("outputtype", "amp"),
        ("output", "amp"),
        ("format", "amp"),
        ("mode", "amp"),
        ("print", ""),
        ("print", "1"),
        ("print", "true"),
        ("print", "yes"),
        ("view", "print"),
        ("format", "print"),
        ("output", "print"),
        ("mobile", "1"),
    }
)
# https://www-example-com.cdn.ampproject.org/c/s/www.example.com/path: Google's AMP cache.
_AMP_SUFFIX = re.compile(r"\.amp(\.html?)?$", re.IGNORECASE)  # 1.amp.html, 1.amp
_AMP_CACHE = re.compile(r"^/[a-z]/(?:s/)?(?P<rest>[^/]+/.*)$")


def url_key(url: str) -> str:
    """Equal for the AMP, mobile, print, http/https and trailing-slash spellings of one page.

    ``http://m.example.com/amp/news/1.amp.html?outputType=amp&utm_source=x`` and
    ``https://www.example.com/news/1.html`` both give ``example.com/news/1.html``.
    The key has no scheme, so it cannot be mistaken for a URL to fetch.
    """
    canonical = canonicalize_url(url)
    try:
        parts = urlsplit(canonical)
        port = parts.port
    except ValueError:  # a broken link canonicalize_url left as given: its own key
        return canonical.split("://", 1)[-1]
    host = (parts.hostname or "").lower()
    path = parts.path
    if host.endswith(".cdn.ampproject.org"):
        cached = _AMP_CACHE.match(path)
        if cached:
            return url_key("https://" + cached.group("rest"))
    host = _VARIANT_HOST.sub("", host)
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    if port:
        host = f"{host}:{port}"
    segments = [s for s in path.split("/") if s]
    if segments and segments[0].lower() in _MOBILE_PREFIX_SEGMENTS and len(segments) > 1:
        segments = segments[1:]
    segments = [s for s in segments if s.lower() not in _VARIANT_SEGMENTS]
    if segments:
        segments[-1] = _AMP_SUFFIX.sub(r"\1", segments[-1])
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if (k.lower(), v.lower()) not in _VARIANT_QUERY
    )
    key = host + "/" + "/".join(segments)
    return f"{key}?{urlencode(query)}" if query else key
