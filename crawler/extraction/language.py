"""Decide a page's language from its markup, else from the script and common words of its text."""

from __future__ import annotations

import re
from collections import Counter

from polwire.core.scripts import HAN, HANGUL

_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_].*)?$")
# Kana without U+30FB (the middle dot), which Chinese text uses too.
_KANA = re.compile(r"[\u3041-\u30fa\u30fc-\u30ff]")
_HANGUL = re.compile(f"[{HANGUL}]")
_HAN = re.compile(f"[{HAN}]")
_LETTER = re.compile(r"[^\W\d_]")
# Runs of what is not a letter (not a Latin letter): the text less them is its letters.
# Deleting runs costs a match per word, where finding letters costs one per letter.
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_NOT_LATIN_LETTERS = re.compile(r"[^A-Za-z\u00c0-\u024f\u1e00-\u1eff]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

# Scripts that (nearly) name one language; Cyrillic and Arabic are split below.
_SCRIPT_RANGES: tuple[tuple[str, str, str], ...] = (
    ("\u0400", "\u04ff", "cyrillic"),
    ("\u0370", "\u03ff", "el"),
    ("\u0590", "\u05ff", "he"),
    ("\u0600", "\u06ff", "arabic"),
    ("\u0e00", "\u0e7f", "th"),
    ("\u0900", "\u097f", "hi"),
    ("\u0980", "\u09ff", "bn"),
    ("\u0b80", "\u0bff", "ta"),
    ("\u1000", "\u109f", "my"),
    ("\u1780", "\u17ff", "km"),
    ("\u0e80", "\u0eff", "lo"),
    ("\u10a0", "\u10ff", "ka"),
    ("\u0530", "\u058f", "hy"),
)

# The commonest function words of Latin-script languages. Words shared by
# several languages ("de", "a", "la") still help: the language whose list
# matches the most running words wins, and a clear margin is required.
_STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the of and to in is that for it was on with as by at from his her he she "
        "they have has had been are were which this said would will not but",
        "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine "
        "als auch es an werden aus er hat dass sie nach wird bei einer um",
        "fr": "le la les de des et à en un une du est que qui dans pour pas sur au avec "
        "il elle ce par plus sont ont été a",
        "es": "el la de que y en los del se las por un una para con no es al lo como más "
        "pero sus le ha fue este según",
        "pt": "o a de que e do da em um para é com não uma os no se na por mais as dos "
        "como mas foi ao ele das à seu sua",
        "it": "il di che e la per un in è del della una non sono con si le da al gli "
        "anche come più ha dei nel alla",
        "nl": "de het een en van in is dat op te zijn met voor niet aan er ook als bij "
        "door maar om was werd heeft",
        "sv": "och att det som en på är av för med till den har de inte om ett var "
        "men han hon sig från",
        "da": "og i at det som en på er af for med til den har de ikke om et var men "
        "han hun sig fra blev",
        "no": "og i å det som en på er av for med til den har de ikke om et var men "
        "han hun seg fra ble",
        "pl": "i w na z że do się nie to jest o jak po od przez dla co ale jego być "
        "ich tak już który",
        "cs": "a v se na že je to s z do o jako by pro ale jeho které jsou už byl "
        "podle také což při",
        "tr": "ve bir bu da de için ile olarak çok daha gibi en ne o olan ama kadar "
        "sonra şekilde değil",
        "id": "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke "
        "karena oleh bahwa adalah tersebut saat telah",
        "ms": "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke "
        "kerana oleh bahawa ialah tersebut kepada telah beliau",
        "vi": "của và là có các được trong cho không người với này những một đã "
        "đến khi về từ cũng theo ở tại sẽ bị đó nhưng vào ra",
        "tl": "ang ng sa na at mga ay si para kay ni nang hindi ito siya sila",
        "ro": "și în de la a cu că pe din o nu se pentru care mai un este fost au",
        "fi": "ja on ei se että hän oli ovat mutta kun tai myös joka ole jo",
    }.items()
}

_ORDER = {lang: order for order, lang in enumerate(_STOPWORDS)}
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _lang, _words in _STOPWORDS.items():
    for _word in _words:
        _LANGUAGES_OF[_word] = (*_LANGUAGES_OF.get(_word, ()), _lang)


def primary_subtag(tag: str | None) -> str | None:
    """``"ja-JP"`` -> ``"ja"``; None for empty or malformed tags."""
    if not tag:
        return None
    match = _TAG.match(tag.strip())
    return match.group(1).lower() if match else None


def detect_script_language(text: str) -> str | None:
    """A cheap guess: CJK by kana/hangul/han counts, other scripts by range, Latin by stopwords."""
    sample = text[:3000]
    letter_count = len(_NOT_LETTERS.sub("", sample))
    if letter_count < 6:
        return None
    kana = len(_KANA.findall(sample))
    hangul = len(_HANGUL.findall(sample))
    han = len(_HAN.findall(sample))
    cjk = kana + hangul + han
    if cjk > letter_count // 3:
        # Japanese mixes kana into every sentence, Korean is mostly hangul with
        # rare hanja; a Chinese text quotes the odd katakana name at most.
        if hangul >= cjk // 3:
            return "ko"
        if kana >= max(3, cjk // 20):
            return "ja"
        return "zh"
    latin = len(_NOT_LATIN_LETTERS.sub("", sample))
    if latin * 2 >= letter_count:
        return _latin_language(sample)
    scripts: Counter[str] = Counter()
    for letter in _LETTER.findall(sample):
        for low, high, script in _SCRIPT_RANGES:
            if low <= letter <= high:
                scripts[script] += 1
                break
    if scripts:
        script, count = scripts.most_common(1)[0]
        if count > latin:
            return _split_script(script, sample)
    return _latin_language(sample)


def _split_script(script: str, sample: str) -> str:
    if script == "cyrillic":
        # Letters Russian lacks: і ї є ґ are Ukrainian, ў Belarusian, and so on.
        if re.search(r"[ґєії]", sample, re.IGNORECASE):
            return "uk"
        if re.search(r"[ўЎ]", sample):
            return "be"
        if re.search(r"[ђћџљњЂЋЏЉЊ]", sample):
            return "sr"
        return "ru"
    if script == "arabic":
        # Persian and Urdu add letters Arabic does not use.
        if re.search(r"[ٹڈڑںےۓ]", sample):
            return "ur"
        if re.search(r"[پچژگی]", sample):
            return "fa"
        return "ar"
    return script


def _latin_language(sample: str) -> str | None:
    words = [word.casefold() for word in _WORD.findall(sample)]
    if len(words) < 8:
        return None
    hits: Counter[str] = Counter()
    for word in words:
        for language in _LANGUAGES_OF.get(word, ()):
            hits[language] += 1
    if not hits:
        return None
    scores = sorted((-count, _ORDER[lang], lang) for lang, count in hits.items())
    best, _order, lang = scores[0]
    # Function words make up a third or more of running text in every language
    # listed (fewer of the syllable-words of Vietnamese), so a real match
    # covers a fair share of the words. Close relatives
    # (Danish/Norwegian, Indonesian/Malay) tie unless a word of their own shows;
    # a tie goes to the one listed first, the more widely published.
    if -best < max(3, len(words) // 20):
        return None
    return lang


def _script_family(language: str) -> str | None:
    if language in _STOPWORDS:
        return "latin"
    if language in ("ja", "zh"):
        return "han"
    if language in ("ru", "uk", "be", "sr", "bg", "mk", "kk"):
        return "cyrillic"
    if language in ("ar", "fa", "ur"):
        return "arabic"
    if any(language == script for _low, _high, script in _SCRIPT_RANGES) or language == "ko":
        return language
    return None


def contradicts(declared: str, detected: str) -> bool:
    """True when the text's script rules out the declared language (a template's ``lang="en"``).

    Only a change of script counts: telling English from German by common words
    is good enough to fill a gap, not to overrule what the page says.
    """
    declared_family, detected_family = _script_family(declared), _script_family(detected)
    return None not in (declared_family, detected_family) and declared_family != detected_family
