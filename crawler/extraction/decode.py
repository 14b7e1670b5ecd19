"""Turn a page's raw bytes into text without mojibake, whatever its headers and meta claim."""

from __future__ import annotations

import codecs
import re

# WHATWG's encoding standard maps these legacy labels to the superset that
# browsers actually use; decoding with the narrow codec breaks on the extra
# characters real pages contain.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "ms_kanji": "cp932",
    "euc-kr": "cp949",
    "euc_kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "big5": "big5hkscs",
}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.+-]+)""")


def normalize_encoding(label: str | None) -> str | None:
    """The Python codec for a charset label, widened to the browser superset; None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _try(body: bytes, encoding: str | None) -> str | None:
    if encoding is None:
        return None
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _declared_in_markup(body: bytes) -> str | None:
    head = body[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    return normalize_encoding(match.group(1).decode("ascii", "replace"))


def _detect(body: bytes) -> str | None:
    # Imported here: charset-normalizer is only needed for the rare page that is
    # neither UTF-8 nor honest about its charset.
    from charset_normalizer import from_bytes

    best = from_bytes(body[:65536]).best()
    return normalize_encoding(best.encoding) if best is not None else None


# Latin-script code pages other than windows-1252: Central European, Baltic, Turkish.
_OTHER_LATIN = ("cp1250", "cp1257", "cp1254")
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_IN_WORD = re.compile(r"(?<=[A-Za-z])[^\x00-\x7f](?=[A-Za-z])")


def looks_western(body: bytes) -> bool:
    """Bytes that read as Latin-script text in windows-1252.

    In Portuguese, French or German text in a single-byte code page, bytes above
    0x7F are rare, stand alone or in pairs ("Educa\\xe7\\xe3o"), and read as letters
    inside words. Multi-byte CJK encodings and Cyrillic, Greek or Hebrew code pages
    write whole words in such bytes, in long runs; a Central European code page
    puts letters there that windows-1252 reads as signs (Polish "\\xb3" is "ł", not "³").
    """
    sample = body[:65536]
    runs = [len(run) for run in _HIGH_RUN.findall(sample)]
    if not runs:
        return True
    # A stray UTF-8 emoji or a pasted foreign word is allowed for.
    if sum(run > 3 for run in runs) > len(runs) // 50:
        return False
    return _reads_as_letters(sample, "cp1252")


def _reads_as_letters(body: bytes, codec: str) -> bool:
    """Read in ``codec``, the non-ASCII characters inside words are letters."""
    inside = _IN_WORD.findall(body[:65536].decode(codec, "replace"))
    signs = sum(not char.isalpha() for char in inside)
    return signs <= 0.05 * len(inside)


def decode_html(body: bytes, http_encoding: str | None = None) -> tuple[str, str]:
    """Decode a page: HTTP charset, BOM, valid UTF-8, legacy meta charset, windows-1252, detection.

    Returns ``(text, encoding)``. Never raises: undecodable bytes become U+FFFD.
    """
    header = normalize_encoding(http_encoding)
    text = _try(body, header)
    if text is not None and header is not None:
        return text, header
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, "replace"), encoding.replace(
                "-le", ""
            ).replace("-be", "")
    # Valid UTF-8 beats a meta tag: pages re-saved as UTF-8 often keep their old
    # meta charset, while legacy-encoded pages are almost never valid UTF-8.
    text = _try(body, "utf-8")
    if text is not None:
        return text, "utf-8"
    declared = _declared_in_markup(body)
    if declared != "utf-8":
        # A legacy charset that the bytes do not contradict is taken at its word.
        text = _try(body, declared)
        if text is not None and declared is not None:
            return text, declared
    if looks_western(body):
        # As browsers do: a page unlabeled, or labeled UTF-8 that is not, is
        # windows-1252 unless the bytes clearly say otherwise. Statistical
        # detection tends to pick a Central European code page for such text
        # ("Educação" read as "Educaçăo").
        return body.decode("cp1252", "replace"), "cp1252"
    detected = _detect(body)
    if detected is not None and not _reads_as_letters(body, detected):
        # Detection guesses poorly on short samples: take the Latin code page under
        # which the bytes inside words are letters.
        detected = next((c for c in _OTHER_LATIN if _reads_as_letters(body, c)), detected)
    text = _try(body, detected)
    if text is not None and detected is not None:
        return text, detected
    # Nothing decodes cleanly: keep the likeliest reading and mark the bad bytes.
    fallback = header or declared or detected or "utf-8"
    return body.decode(fallback, "replace"), fallback
