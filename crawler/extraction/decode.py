"""Turn a page's raw bytes into text without mojibake, whatever its headers and meta claim."""

from __future__ import annotations

import codecs
import contextlib
import re
from collections import Counter

from polwire.core.scripts import HANGUL_SYLLABLES, KANA, is_han

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


def _single_byte(codec: str) -> bool:
    return codec.startswith(("cp12", "iso8859", "latin", "mac", "koi8", "cp8", "cp437", "tis"))


def _reads_as_letters(body: bytes, codec: str) -> bool:
    """Read in ``codec``, the non-ASCII characters inside words are letters."""
    inside = _IN_WORD.findall(body[:65536].decode(codec, "replace"))
    signs = sum(not char.isalpha() for char in inside)
    return signs <= 0.05 * len(inside)


# The region's multi-byte encodings, tried on a page that declares none. Each decodes many
# byte strings it was not written in (GB18030 almost any), so a reading is judged by how
# much of it is the common characters of its own language.
_CJK_CODECS = ("gb18030", "big5hkscs", "cp932", "euc_jp", "cp949")
_CJK_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff00-\uffef]")
_KANA_OR_HANGUL = re.compile(f"[{KANA}{HANGUL_SYLLABLES}]")
_WIDE = re.compile(r"[^\x00-\x7f\s]")
# The first bytes under which each encoding's own standard ranks its commonest characters:
# GB2312's level 1 (3,755 hanzi), Big5's frequently used hanzi, JIS X 0208 level 1.
_COMMON_LEAD = {
    "gb18030": ("gb2312", 0xB0, 0xD7),
    "big5hkscs": ("big5", 0xA4, 0xC6),
    "cp932": ("cp932", 0x88, 0x9F),
    "euc_jp": ("cp932", 0x88, 0x9F),
}
# A reading is taken when at least this share of its non-ASCII characters is common.
_COMMON_SHARE = 0.7


def _common_share(text: str, codec: str) -> float:
    """The share of a reading's non-ASCII, non-space characters that are common in the
    language its encoding is made for (punctuation, kana and hangul count as common)."""
    table, low, high = _COMMON_LEAD.get(codec, ("", 0, -1))
    # Counted per distinct character: a page repeats a few thousand characters at most.
    counts = Counter(_WIDE.findall(text))
    common = 0
    for char, count in counts.items():
        if _CJK_PUNCTUATION.match(char) or _KANA_OR_HANGUL.match(char):
            common += count
        elif table and is_han(char):
            with contextlib.suppress(UnicodeEncodeError):
                common += count * (low <= char.encode(table)[0] <= high)
    total = sum(counts.values())
    return common / total if total else 0.0


# A space between two multi-byte characters: Korean writes spaces between words, Chinese and
# Japanese do not, so this tells EUC-KR bytes from the GB and EUC-JP readings they also decode in.
_SPACED = re.compile(rb"[\x80-\xff] [\x80-\xff]")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_KANA = re.compile(f"[{KANA}]")


def _reading(sample: bytes, codec: str) -> str | None:
    try:
        return sample.decode(codec)
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # not just a character cut at the sample's end
            return None
        return sample[: exc.start].decode(codec)


def cjk_reading(body: bytes) -> str | None:
    """The Chinese, Japanese or Korean encoding an undeclared page reads best in, if any.

    The EUC family (GB2312, EUC-JP, EUC-KR) shares one byte layout, so a page decodes in all
    three; the language's own habits choose: spaces between words are Korean, kana in the
    Chinese reading are Japanese. Then the reading with most common characters wins.
    """
    # 16 KB from the first multi-byte character on: the markup before it is ASCII.
    first = _HIGH_BYTE.search(body)
    if first is None:
        return None
    sample = body[first.start() : first.start() + 16384]
    readings = {c: text for c in _CJK_CODECS if (text := _reading(sample, c)) is not None}
    high = len(_HIGH_BYTE.findall(sample))
    if high and len(_SPACED.findall(sample)) > 0.05 * high:
        candidates: tuple[str, ...] = ("cp949",)
    elif "gb18030" in readings and _kana_share(readings["gb18030"]) > 0.05:
        candidates = ("euc_jp", "cp932")
    else:
        candidates = ("gb18030", "big5hkscs", "cp932")
    best: tuple[float, str] | None = None
    for codec in candidates:
        if codec in readings:
            share = _common_share(readings[codec], codec)
            if share >= _COMMON_SHARE and (best is None or share > best[0]):
                best = (share, codec)
    return best[1] if best else None


def _kana_share(text: str) -> float:
    wide = len(_WIDE.findall(text))
    return len(_KANA.findall(text)) / wide if wide else 0.0


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
    cjk = cjk_reading(body)
    if cjk is not None:
        return body.decode(cjk, "replace"), cjk
    detected = _detect(body)
    if detected is not None and _single_byte(detected) and not _reads_as_letters(body, detected):
        # Detection guesses poorly on short samples: take the Latin code page under
        # which the bytes inside words are letters.
        detected = next((c for c in _OTHER_LATIN if _reads_as_letters(body, c)), detected)
    text = _try(body, detected)
    if text is not None and detected is not None:
        return text, detected
    # Nothing decodes cleanly: keep the likeliest reading and mark the bad bytes.
    fallback = header or declared or detected or "utf-8"
    return body.decode(fallback, "replace"), fallback
