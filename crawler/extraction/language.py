"""Decide a page's language from its markup, else from the scripts its text is written in."""

from __future__ import annotations

import re

_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_].*)?$")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def primary_subtag(tag: str | None) -> str | None:
    """``"ja-JP"`` -> ``"ja"``; None for empty or malformed tags."""
    if not tag:
        return None
    match = _TAG.match(tag.strip())
    return match.group(1).lower() if match else None


def detect_script_language(text: str) -> str | None:
    """A cheap guess from the script: kana -> ja, hangul -> ko, Han only -> zh, Latin -> en."""
    sample = text[:2000]
    if not sample.strip():
        return None
    if _KANA.search(sample):
        return "ja"
    if _HANGUL.search(sample):
        return "ko"
    han = len(_HAN.findall(sample))
    if han > 10:
        return "zh"
    if len(_LATIN.findall(sample)) > len(sample) // 3:
        return "en"
    return None
