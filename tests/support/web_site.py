"""A small news site written for the dashboard's tests: two outlets carrying one wire story, a
Japanese article, a page whose headline is hostile markup, a page that changes between crawls,
and slow pages (a crawl that lasts long enough to watch its log grow)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from tests.support.cli import write_config
from tests.support.server import Page, SiteServer

HOSTILE_TITLE = (
    '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> Assembly passes budget'
)
# Distinct texts that read as politics news, each long enough for the validator (and different
# enough that no two are taken for copies of one article).
BODIES = (
    "Lawmakers from the governing coalition and the opposition met again on Tuesday to discuss "
    "the schedule for the remaining bills of the session, and party leaders said they expected "
    "the debate on the supplementary budget to continue into next week. Officials at the "
    "finance ministry declined to comment on the timing of the vote, while analysts noted that "
    "public support for the cabinet has fallen in recent polls.",
    "The national assembly passed the revised budget late on Friday after eleven hours of "
    "debate, with two opposition parties walking out before the final count. The bill raises "
    "spending on childcare and regional transport, and trims the defence procurement line that "
    "had drawn criticism from fiscal hawks. The president is expected to sign it within days, "
    "her spokesman told reporters outside the chamber.",
    "The speaker announced on Thursday that the plenary vote would take place on the ninth, "
    "ending weeks of uncertainty over the parliamentary calendar. Committee chairs must now "
    "finish their hearings by the weekend. Several younger members of the ruling party asked "
    "for more time to review amendments on pensions, but the leadership rejected the request "
    "and warned against any rebellion on the floor.",
    "Three candidates filed their papers for the governor's race on Sunday, setting up a contest "
    "that pollsters describe as the most open in two decades. The incumbent is retiring after "
    "three terms. A former mayor backed by the opposition leads narrowly in early surveys, ahead "
    "of a business executive and a labour lawyer who promise to fight rising housing costs in "
    "the prefecture.",
    "Police detained a local councillor on Monday over suspected bribery linked to a harbour "
    "dredging contract, prosecutors said. Investigators searched the city hall offices and the "
    "headquarters of a construction firm. The councillor, who denies wrongdoing, chaired the "
    "committee that awarded the tender last spring, and opposition groups demanded an inquiry "
    "into the procurement rules of the port authority.",
    "The foreign minister flew to Manila on Wednesday for talks on maritime security, the first "
    "visit by a minister from the new cabinet. Coast guard cooperation and joint patrols were "
    "expected to top the agenda. Diplomats said both sides hoped to sign an agreement on "
    "reciprocal access for their forces, which has been under negotiation for more than a year "
    "amid tensions in the region.",
    "Turnout in the by-election reached only thirty-one percent, the lowest on record for the "
    "district, according to figures released by the electoral commission on Thursday. The "
    "winning candidate, a former television journalist, ran on a promise to reform political "
    "funding. Party officials blamed heavy rain and the holiday weekend, while academics pointed "
    "to a long decline in trust toward parliament.",
)
WIRE_STORY = (
    "SEOUL (Yonhap) -- South Korea and Japan agreed on Monday to resume regular shuttle "
    "diplomacy between their leaders, the foreign ministries of both countries said in a joint "
    "statement after talks in Seoul. The two sides also discussed export controls, the supply "
    "of semiconductors and cooperation on North Korea's missile launches, which both governments "
    "described as a grave threat to regional security. The ministers said a summit could be held "
    "before the end of the year, and that working-level consultations would begin next month in "
    "Tokyo to prepare the agenda and a joint declaration on economic security."
)
JAPANESE_BODY = (
    "政府は二日、北朝鮮による弾道ミサイルの発射を受けて国家安全保障会議を開き、対応を協議した。"
    "首相は記者団に対し、国民の安全を守るため万全の態勢を取ると述べた。防衛省によると、"
    "ミサイルは日本の排他的経済水域の外に落下したとみられる。政府は米国や韓国と緊密に連携し、"
    "情報の収集と分析を急いでいる。野党からは説明を求める声が上がっており、"
    "国会での審議も予定されている。与党幹部は、今後の対応について近く協議する考えを示した。"
)


@dataclass(slots=True, frozen=True)
class Story:
    path: str
    title: str
    body: str
    published: datetime
    author: str = "Staff Reporter"
    language: str = "en"


def article_html(story: Story) -> bytes:
    """A plain article page: every value escaped as a real site would, so the stored title is
    the literal text (a hostile one included), as the browser shows it."""
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in story.body.split("\n") if p.strip())
    return f"""<!doctype html>
<html lang="{story.language}"><head><meta charset="utf-8">
<title>{escape(story.title)} | Local Daily</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(story.title)}">
<meta property="article:published_time" content="{story.published.isoformat()}">
<meta property="article:section" content="Politics">
</head><body>
<header><nav><a href="/">Home</a> <a href="/politics/">Politics</a></nav></header>
<article>
<h1>{escape(story.title)}</h1>
<p class="byline">By <span class="author">{escape(story.author)}</span></p>
<time datetime="{story.published.isoformat()}">{story.published:%Y-%m-%d %H:%M}</time>
<div class="article-body">{paragraphs}</div>
</article>
<footer><p>Copyright Local Daily</p></footer>
</body></html>""".encode()


def rss(base_url: str, stories: list[Story], updated: dict[str, datetime] | None = None) -> bytes:
    updated = updated or {}
    items = "".join(
        f"<item><title>{xml_escape(s.title)}</title><link>{xml_escape(base_url + s.path)}</link>"
        f"<pubDate>{format_datetime(updated.get(s.path, s.published))}</pubDate></item>"
        for s in stories
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Local</title><link>{base_url}/</link>{items}</channel></rss>"
    ).encode()


@dataclass(slots=True)
class WebSite:
    server: SiteServer
    daily: list[Story]
    times: list[Story]
    flaky: list[Story]
    slow: list[Story]
    changing_path: str

    def feed_url(self, outlet: str) -> str:
        return self.server.url(f"/{outlet}/feed.xml")

    def change_article(self) -> None:
        """The changing page gets a new paragraph, and its feed entry says so."""
        story = next(s for s in self.daily if s.path == self.changing_path)
        changed = Story(
            story.path,
            story.title + " after late talks",
            story.body + "\nLate on Wednesday the speaker announced that the vote was delayed.",
            story.published,
        )
        self.server.pages[story.path] = Page(article_html(changed))
        later = datetime.now(UTC) + timedelta(days=1)
        self.server.pages["/daily/feed.xml"] = Page(
            rss(self.server.base_url, self.daily, {story.path: later}), "application/rss+xml"
        )


def build_web_site(slow_pages: int = 14, slow_delay: float = 1.0) -> WebSite:
    server = SiteServer()
    when = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    daily = [
        Story("/daily/budget.html", "Cabinet approves supplementary budget", BODIES[0], when),
        Story(
            "/daily/wire-summit.html",
            "South Korea and Japan agree to resume shuttle diplomacy",
            WIRE_STORY,
            when + timedelta(hours=1),
            author="Yonhap",
        ),
        Story(
            "/daily/hostile.html",
            HOSTILE_TITLE,
            BODIES[1],
            when + timedelta(hours=2),
        ),
        Story(
            "/daily/missile.html",
            "北朝鮮ミサイル発射で国家安全保障会議",
            JAPANESE_BODY,
            when + timedelta(hours=3),
            author="政治部",
            language="ja",
        ),
        Story(
            "/daily/vote.html",
            "Speaker sets date for budget vote",
            BODIES[2],
            when + timedelta(hours=4),
        ),
    ]
    times = [
        Story(
            "/times/summit.html",
            "Seoul and Tokyo to restart leaders' shuttle diplomacy",
            WIRE_STORY.replace("on Monday", "on Monday afternoon"),
            when + timedelta(hours=2),
            author="Yonhap",
        ),
        Story(
            "/times/election.html",
            "Governor race opens with three candidates",
            BODIES[3],
            when + timedelta(hours=5),
        ),
    ]
    flaky = [
        Story(
            f"/flaky/{n}.html",
            f"Flaky outlet report {n}",
            BODIES[3 + n],
            when + timedelta(hours=n),
        )
        for n in (1, 2, 3)
    ]
    slow = [
        Story(
            f"/slow/{n}.html",
            f"Slow outlet report {n}",
            f"Report number {n}. " + BODIES[n % len(BODIES)],
            when + timedelta(minutes=n),
        )
        for n in range(slow_pages)
    ]
    for outlet, stories in (("daily", daily), ("times", times), ("flaky", flaky), ("slow", slow)):
        for story in stories:
            delay = slow_delay if outlet == "slow" else 0.0
            server.pages[story.path] = Page(article_html(story), delay=delay)
        server.pages[f"/{outlet}/feed.xml"] = Page(
            rss(server.base_url, stories), "application/rss+xml"
        )
    server.pages["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", "text/plain")
    return WebSite(server, daily, times, flaky, slow, changing_path="/daily/vote.html")


def web_config(path: Path, feeds: dict[str, str]) -> Path:
    """A polwire.toml with one source per outlet (name = web_<outlet>) on the given feeds."""
    tables = "".join(
        f'\n[[sources]]\nname = "web_{outlet}"\nfeeds = ["{url}"]\ncountry = "JP"\n'
        f'timezone = "Asia/Tokyo"\nevery_seconds = 3600\n'
        for outlet, url in feeds.items()
    )
    return write_config(path, tables)
