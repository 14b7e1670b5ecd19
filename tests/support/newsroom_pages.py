"""HTML of the team's test newsroom: each story laid out in one of three templates that real news
sites use (JSON-LD NewsArticle, OpenGraph/article:* meta tags, plain HTML cues), plus an AMP twin.

Each template carries the page furniture a crawler meets (navigation, related links, share
buttons, footer) so that extraction has to find the story among it.
"""

from __future__ import annotations

import json
from datetime import datetime
from html import escape

from tests.support.newsroom_stories import Story

OUTLET = "The Harbour Times"

_NAV = """<header class="masthead"><a class="logo" href="/">The Harbour Times</a>
<nav><ul><li><a href="/politics/">Politics</a></li><li><a href="/diplomacy/">Diplomacy</a></li>
<li><a href="/economy/">Economy</a></li><li><a href="/defense/">Defense</a></li>
<li><a href="/subscribe">Subscribe</a></li><li><a href="/login">Sign in</a></li></ul></nav>
</header>"""

_RELATED = """<aside class="related"><h2>More from The Harbour Times</h2><ul>
<li><a href="/live/markets">Markets live: yen, bonds and the morning's figures</a></li>
<li><a href="/newsletters">Sign up for the morning briefing newsletter</a></li>
<li><a href="/podcast">Listen: this week's politics podcast</a></li></ul></aside>"""

_SHARE = """<div class="share"><a href="/share/x">Share on X</a> <a href="/share/fb">Facebook</a>
<a href="/share/line">LINE</a> <button>Copy link</button></div>"""

_FOOTER = """<footer><p>&copy; 2025 The Harbour Times. All rights reserved.</p>
<p><a href="/privacy">Privacy</a> | <a href="/terms">Terms</a> | <a href="/contact">Contact</a></p>
</footer>"""

# How each language prints a byline: the words around one name, and between two names.
_BY = {"en": "{name}", "ja": "{name}記者", "ko": "{name} 기자", "zh": "{name}"}
_AND = {"en": " and ", "ja": "、", "ko": ", ", "zh": "、"}
# How a story credited to an agency without a dateline signs off, in each language. (Japanese
# and Chinese pages often print the parentheses full-width, which extraction does not read as
# a credit yet; these pages use the half-width form that sites also print.)
_SIGN_OFF = {"en": "— {wire}", "ja": "({wire})", "ko": "({wire})", "zh": "({wire})"}
_AGENCY_NAMES = {
    ("ja", "Kyodo"): "共同",
    ("ko", "Yonhap"): "연합뉴스",
    ("zh", "Xinhua"): "新华社",
    ("zh", "CNA"): "中央社",
}


def byline(story: Story) -> str:
    if not story.authors:
        return ""
    names = _AND[story.language].join(_BY[story.language].format(name=n) for n in story.authors)
    return f"By {names}" if story.language == "en" else names


def body_paragraphs(story: Story) -> list[str]:
    """The story's paragraphs as printed: a dateline before the first, a sign-off after."""
    printed = story.body.split("\n\n")
    if story.wire and not story.dateline:
        agency = _AGENCY_NAMES.get((story.language, story.wire), story.wire)
        printed.append(_SIGN_OFF[story.language].format(wire=agency))
    return printed


def _paragraphs_html(story: Story) -> str:
    return "\n".join(f"<p>{escape(p)}</p>" for p in body_paragraphs(story))


def _jsonld(story: Story, url: str) -> str:
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "datePublished": story.published,
        "dateModified": story.published,
        "articleSection": story.section,
        "inLanguage": story.language,
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": OUTLET},
    }
    if story.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in story.authors]
    # Escaped as sites do, so a "</" in the text cannot close the script element.
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _human_date(story: Story) -> str:
    when = datetime.fromisoformat(story.published)
    return when.strftime("%B %d, %Y %H:%M")


def jsonld_page(story: Story, url: str) -> str:
    """A CMS that describes the article in JSON-LD and prints the byline as plain text."""
    return f"""<!DOCTYPE html>
<html lang="{story.language}">
<head>
<meta charset="utf-8">
<title>{escape(story.title)} | {OUTLET}</title>
<link rel="canonical" href="{escape(url)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<script type="application/ld+json">{_jsonld(story, url)}</script>
</head>
<body>
{_NAV}
<main>
<article class="story">
<div class="kicker"><a href="/{escape(story.section)}/">{escape(story.section)}</a></div>
<h1 class="headline">{escape(story.title)}</h1>
<div class="meta"><span class="byline">{escape(byline(story))}</span>
<span class="dateline-date">{_human_date(story)}</span></div>
{_SHARE}
<div class="article-body">
{_paragraphs_html(story)}
</div>
</article>
{_RELATED}
</main>
{_FOOTER}
</body>
</html>
"""


def opengraph_page(story: Story, url: str) -> str:
    """A site that says everything in OpenGraph and article:* meta tags, no JSON-LD."""
    authors = "\n".join(
        f'<meta property="article:author" content="{escape(name)}">' for name in story.authors
    )
    return f"""<!DOCTYPE html>
<html lang="{story.language}">
<head>
<meta charset="utf-8">
<title>{escape(story.title)} - {OUTLET}</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(story.title)}">
<meta property="og:url" content="{escape(url)}">
<meta property="og:site_name" content="{OUTLET}">
<meta property="article:published_time" content="{story.published}">
<meta property="article:section" content="{escape(story.section)}">
{authors}
</head>
<body>
{_NAV}
<div id="content">
<h1>{escape(story.title)}</h1>
<div class="author-line">{escape(byline(story))}</div>
<div class="entry-content">
{_paragraphs_html(story)}
</div>
{_SHARE}
</div>
{_RELATED}
{_FOOTER}
</body>
</html>
"""


def plain_page(story: Story, url: str) -> str:
    """An older site: no structured data, only <h1>, a <time> element and a byline."""
    by = f'<p class="byline">{escape(byline(story))}</p>' if story.authors else ""
    return f"""<!DOCTYPE html>
<html lang="{story.language}">
<head>
<meta charset="utf-8">
<title>{escape(story.title)}</title>
<meta name="description" content="{escape(story.paragraphs[0][:120])}">
</head>
<body>
{_NAV}
<div class="wrapper">
<div class="breadcrumb"><a href="/">Home</a> &gt; <a href="/{escape(story.section)}/">{
        escape(story.section)
    }</a></div>
<article>
<h1>{escape(story.title)}</h1>
{by}
<time datetime="{story.published}">{_human_date(story)}</time>
<div class="story-text">
{_paragraphs_html(story)}
</div>
</article>
{_RELATED}
</div>
{_FOOTER}
</body>
</html>
"""


def amp_page(story: Story, canonical_url: str) -> str:
    """The AMP twin of a story: lighter markup, its rel=canonical names the original page."""
    return f"""<!DOCTYPE html>
<html amp lang="{story.language}">
<head>
<meta charset="utf-8">
<title>{escape(story.title)}</title>
<link rel="canonical" href="{escape(canonical_url)}">
<meta property="og:title" content="{escape(story.title)}">
<meta property="article:published_time" content="{story.published}">
</head>
<body>
<header><a href="/">{OUTLET}</a></header>
<article>
<h1>{escape(story.title)}</h1>
<p class="byline">{escape(byline(story))}</p>
{_paragraphs_html(story)}
</article>
</body>
</html>
"""


TEMPLATES = {"jsonld": jsonld_page, "opengraph": opengraph_page, "plain": plain_page}


def story_page(story: Story, url: str) -> bytes:
    return TEMPLATES[story.template](story, url).encode("utf-8")
