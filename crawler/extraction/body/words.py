"""The body rules' words, per language: furniture lines, closing headings, paywall notices, dates.

Each entry is a regular-expression fragment (a phrase, with ``\\d+`` for a number and ``(?:a|b)``
for variants), matched ignoring case; the rules join a list's fragments of every language. A
language the registry crawls gets its words here, not in the rules.
"""

from __future__ import annotations

from collections.abc import Mapping

# Lines that are credits, furniture or calls to action, not prose (matched at the line's start).
JUNK_LINES: Mapping[str, tuple[str, ...]] = {
    "any": ("©", r"\(c\)\s", "ⓒ"),
    "en": (
        r"copyright\b",
        "Copyright",
        "all rights reserved",
        "advertisement$",
        "advertising$",
        "ad$",
        "sponsored",
        r"read more\b",
        r"read also\b",
        r"also read\b",
        r"see also\b",
        "related:",
        "recommended:",
        r"click here\b",
        r"sign up\b",
        r"subscribe\b",
        r"follow us\b",
        r"share this\b",
        r"share on\b",
        "listen to this article",
        "this article (?:was|has been) (?:translated|updated)",
        "photo:",
        "image:",
        "learn more$",
        r"more\s*:",
        r"got a story\b",
        r"for more stories\b",
        r"follow [\w.]+ on (?:twitter|facebook|x)\b",
        r"to view this video\b",
        "up next$",
        "watch:",
        r"watch\s*\|",
        r"watch now\b",
        r"download the app\b",
        r"our website is your destination\b",
        r"this entry was posted\b",
        "(?:show|load|view|see) (?:more|less|all)$",
        # Donation appeals and cookie notices, printed among the paragraphs.
        r"donate (?:now|today)\b",
        r"support (?:our|independent|quality) journalism\b",
        r"become a (?:member|supporter)\b",
        r"(?:please )?consider (?:supporting|donating)\b",
        r"(?:we|this (?:site|website)) uses? cookies\b",
        "accept (?:all )?cookies$",
    ),
    "de": (
        # Ad labels ("Anzeige -", "*Werbung.", "Werbung:"), not prose about advertising.
        r"anzeige(?:\s*[-–:|,]|$)",
        r"\*?werbung(?:\s*[-–:|.,*]|$)",
        r"\*werbung\b",
        # A blog's post metadata, its share label, a download link's label, fold buttons.
        r"(?:dieser|der) (?:beitrag|eintrag) wurde (?:am|von|unter|in)\b",
        "teilen sie dies mit",
        r"[^.!?]{0,50}\b(?:herunterladen|downloaden)$",
        "(?:alle|mehr|weniger) (?:anzeigen|zeigen|laden)$",
        r"jetzt spenden\b",
        r"unterstützen sie (?:uns|unseren journalismus)\b",
        r"(?:wir verwenden|diese (?:website|seite) verwendet) cookies\b",
    ),
    "ja": ("関連記事", "【関連記事】", "関連ニュース", "この記事を", "無断転載"),
    "ko": ("저작권자",),
}
# A file's link with its type and size ("Bericht (PDF, 1,2 MB)"), in any language.
FILE_LINK = (
    r".{0,150}(?<![^\W\d_])(?:pdf|docx?|xlsx?|pptx?|zip)\s*[|,(]\s*\d+(?:[.,]\d+)?\s*[kmg]b\b"
)

# Labels of a picture's or a text's source ("Foto: dpa"): short lines only.
CREDIT_LABELS: Mapping[str, tuple[str, ...]] = {
    "de": (
        "fotos?",
        "bild(?:quelle)?",
        "quelle",
        "titelbild",
        "beitragsbild",
        "abbildung",
        "grafik",
        "foto ?credits?",
    ),
    "fr": ("cr[ée]dits?(?: photo)?",),
    "es": ("fuente",),
    "pt": ("fonte",),
}

# Notices of a paywall: the free text ends there (searched anywhere in a line).
PAYWALL_NOTICES: Mapping[str, tuple[str, ...]] = {
    "ja": (
        "この記事は(?:会員|有料会員|デジタル会員)限定",
        "続きを読む$",
        r"残り\d+文字",
        "有料会員になると",
    ),
    "ko": ("이 기사는 유료",),
    "en": (
        "^(?:subscribe|sign in|log in) to (?:continue|read)",
        "this article is (?:for|only for) subscribers",
        r"to continue reading\b",
        r"already a subscriber\b",
    ),
}

# Headings that open the furniture after a story wherever they stand (whole line).
END_HEADINGS: Mapping[str, tuple[str, ...]] = {
    "ja": (
        "おすすめ情報",
        "関連記事",
        "関連ニュース",
        "あわせて読みたい",
        "こちらもおすすめ",
        "この記事の関連ニュース",
    ),
    "ko": (r"관련\s?기사", r"추천\s?기사", "많이 본 뉴스"),
    "zh": ("相关新闻", "相关阅读", "延伸阅读"),
    "en": (
        "related (?:articles|stories|coverage|news|content)",
        r"more from\b.*",
        "recommended(?: for you)?",
        "most (?:read|popular|viewed)",
        "you may also like",
        "you might also like",
        "more on (?:this|that) (?:story|topic)",
        "more about (?:this|that) (?:story|topic)",
    ),
}

# Headings that open furniture only in a story's last part: its own subheadings may read the
# same ("More on the background"). Whole line, closing punctuation allowed.
LATE_END_HEADINGS: Mapping[str, tuple[str, ...]] = {
    "en": (
        "related posts",
        "about the author",
        "leave a (?:reply|comment)",
        r"\d+\s+comments?",
        "see also",
        "further reading",
        "more on this",
    ),
    "de": (
        "(?:zum )?weiterlesen",
        r"mehr zu(?:m thema)?\b.*",
        r"mehr (?:aus|von|über)\b.*",
        r"lesen sie (?:auch|mehr)\b.*",
        "das könnte (?:sie|dich) auch interessieren",
        "auch interessant",
        "ähnliche (?:artikel|beiträge)",
        "verwandte (?:artikel|beiträge|themen)",
        "über (?:den autor|die autorin|uns)",
        r"empfehlungen\b.*",
        r"entdecke(?:n sie)? (?:mehr|weitere|jetzt)\b.*",
        r"\d+\s+kommentare?",
        "schreibe einen kommentar",
        "das könnte dir auch gefallen",
        # Contact, sources, tags and "more on" boxes under a story.
        "kontakt(?:daten)?",
        "ansprechpartner(?:in)?",
        "quellen(?:angaben)?(?: ausblenden)?",
        "zusatzinformationen",
        "schlagw[öo]rt(?:e|er)",
        "stichw[öo]rter",
        "schon gelesen",
        # Headings, not sentences: "Weitere Informationen erteilt ..." is the story's own.
        r"weitere (?:\w+ )?(?:informationen|infos|links|themen|artikel|beiträge|nachrichten)"
        r"(?: (?:zu|zum|zur|über|aus|auf|von|im|in)\b[^.!?]{0,40})?",
        r"alle (?:artikel|beiträge|nachrichten|news) (?:zu|zum|zur|über|aus)\b[^.!?]{0,40}",
        r"mehr(?: \w+){1,2} (?:auf|bei|aus|von|zu|zum|zur)\b[^.!?]{0,40}",
        "(?:das|dieses) thema könnte (?:sie|dich) auch interessieren",
        "(?:möchten sie )?(?:den|diesen) (?:artikel|beitrag) teilen",
        "teilen sie dies mit",
        "vorschau auf den nächsten artikel",
    ),
    "fr": (
        "(?:à )?lire aussi",
        "sur le même sujet",
        "à propos de l'auteur",
        r"\d+\s+commentaires?",
    ),
    "es": ("(?:lee|leer) también", "artículos relacionados"),
    "it": ("leggi anche", "articoli correlati"),
    "pt": ("leia também", "(?:notícias|artigos) relacionad[ao]s"),
}

# Words of a date or time line: months and weekdays (abbreviated or not), clock and zone
# words, the labels put before them, and relative times.
DATE_WORDS: Mapping[str, tuple[str, ...]] = {
    "en": (
        "jan(?:uary)?",
        "feb(?:ruary)?",
        "mar(?:ch)?",
        "apr(?:il)?",
        "may",
        "june?",
        "july?",
        "aug(?:ust)?",
        "sep(?:t(?:ember)?)?",
        "oct(?:ober)?",
        "nov(?:ember)?",
        "dec(?:ember)?",
        "mon(?:day)?",
        "tue(?:sday)?",
        "wed(?:nesday)?",
        "thu(?:rsday)?",
        "fri(?:day)?",
        "sat(?:urday)?",
        "sun(?:day)?",
        "am",
        "pm",
        "h",
        "utc",
        "gmt",
        "et",
        "pt",
        # Zone abbreviations ("EST", "PDT") only in capitals: ignoring case, "Test", "best"
        # and German "ist" read as zones, and a line like "Test Case 1" as a date.
        "(?-i:[A-Z]{1,2}[SD]T)",
        "updated?",
        "published",
        "posted",
        "created",
        "modified",
        "last",
        "on",
        "at",
        r"(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
        r"\s+ago",
        "just now",
        "today",
        "yesterday",
        "soon",
        "coming soon",
    ),
    "de": (
        "januar",
        "februar",
        "m[aä]rz?",
        "mai",
        "juni",
        "juli",
        "okt(?:ober)?",
        "dez(?:ember)?",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "uhr",
        "cet",
        "cest",
        "um",
        "am",
        "stand",
        "aktualisiert",
        "ver[öo]ffentlicht",
        "erstellt",
        r"vor\s+(?:\d+|einer?|einem)\s+(?:sekunden?|minuten?|stunden?|tag(?:en)?|wochen?)",
        "heute",
        "gestern",
        "bald",
        "demnächst",
    ),
    "fr": (
        "janvier",
        "f[ée]v(?:rier)?",
        "mars",
        "avr(?:il)?",
        "mai",
        "juin",
        "juil(?:let)?",
        "ao[uû]t",
        "octobre",
        "novembre",
        "d[ée]c",
        "d[ée]cembre",
        "le",
        "mis à jour",
        "publié",
    ),
    "es": ("mayo", "julio", "el", "de", "del", "actualizado", "publicado"),
    "pt": ("maio",),
    "it": ("maggio",),
}
# Lines that are only a relative time or a status word.
RELATIVE_DATES: Mapping[str, tuple[str, ...]] = {
    "en": ("just now", "soon", "coming soon", "today", "yesterday", "new", "live"),
    "de": ("heute", "gestern", "bald", "demnächst", "neu"),
}


def alternation(words: Mapping[str, tuple[str, ...]]) -> str:
    """One regular-expression alternation of every language's fragments (none: never matches)."""
    return "|".join(fragment for fragments in words.values() for fragment in fragments) or "(?!)"
