"""The East Asian character classes, defined once: regex class bodies (the part between the
brackets) that every text rule builds its patterns from."""

from __future__ import annotations

# Hiragana and katakana, with the prolonged sound mark and the middle dot (U+30FB).
KANA = "\u3040-\u30ff"
# Halfwidth katakana (old Japanese encodings and some feeds still use them).
HALFWIDTH_KANA = "\uff66-\uff9f"
# CJK ideographs: extension A, the unified block and the compatibility forms.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HANGUL_SYLLABLES = "\uac00-\ud7af"
# Conjoining and compatibility jamo: Hangul letters written apart from a syllable.
HANGUL_JAMO = "\u1100-\u11ff\u3130-\u318f"
HANGUL = HANGUL_SYLLABLES + HANGUL_JAMO

# Scripts written without spaces between words: each character is a token, and about two
# make a word. Korean is written with spaces, so it is counted and shingled by words.
SPACELESS = KANA + HAN
# "CJK" in the broad sense: any Chinese, Japanese or Korean letter.
CJK = KANA + HAN + HANGUL
# What full-text search indexes as bigrams: polwire_search_text (migration 0002) spells the
# same class in SQL; keep the two the same.
SEARCH_BIGRAM = CJK + HALFWIDTH_KANA
