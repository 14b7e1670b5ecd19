"""Unit checks of the extraction building blocks: decoding, dates, bylines, titles, wire credits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from crawler.extraction import decode_html, extract
from crawler.extraction.authors import clean_authors
from crawler.extraction.dates import date_from_url, guess_timezone, parse_date
from crawler.extraction.language import detect_script_language
from crawler.extraction.scoring import char_bigram_f1, word_4gram_f1
from crawler.extraction.title import strip_site_name
from crawler.extraction.wire import is_lone_dateline, split_dateline, wire_in_credit

TOKYO = ZoneInfo("Asia/Tokyo")
SEOUL = ZoneInfo("Asia/Seoul")


# --- decoding -----------------------------------------------------------------


def _page(charset: str, text: str) -> str:
    return f'<html><head><meta charset="{charset}"></head><body><p>{text}</p></body></html>'


def test_valid_utf8_beats_a_lying_meta_charset() -> None:
    body = _page("gb2312", "习近平主席致贺信").encode("utf-8")
    text, encoding = decode_html(body, None)
    assert "习近平主席致贺信" in text
    assert encoding == "utf-8"


def test_http_header_charset_comes_first() -> None:
    body = _page("utf-8", "日本語のニュース").encode("cp932")
    text, encoding = decode_html(body, "Shift_JIS")
    assert "日本語のニュース" in text
    assert encoding == "cp932"


@pytest.mark.parametrize(
    ("charset", "codec", "sample"),
    [
        ("shift_jis", "cp932", "岸田首相は記者会見で「①丁目」と述べた"),
        ("euc-kr", "cp949", "윤석열 대통령이 비상계엄을 선포했다"),
        ("gbk", "gb18030", "中华人民共和国外交部发言人表示"),
    ],
)
def test_legacy_bytes_with_a_correct_meta(charset: str, codec: str, sample: str) -> None:
    text, encoding = decode_html(_page(charset, sample).encode(codec), None)
    assert sample in text
    assert encoding == codec


def test_broken_bytes_never_raise() -> None:
    body = b"<html><body><p>ok \xff\xfe\x80 broken \xe3\x81</p></body></html>"
    text, _encoding = decode_html(body, None)
    assert "ok" in text and "broken" in text


def test_unknown_header_charset_falls_through() -> None:
    text, encoding = decode_html("한국어".encode(), "x-no-such-charset")
    assert text == "한국어" and encoding == "utf-8"


def test_extract_survives_garbage() -> None:
    for junk in (b"", b"\x00\x01\x02", b"<html", "<?xml version='1.0' encoding='utf-8'?><html/>"):
        result = extract(junk, url="https://example.com/a")
        assert result.is_article is False


# --- dates --------------------------------------------------------------------

AT_1430_JST = datetime(2025, 9, 8, 14, 30, tzinfo=TOKYO)


@pytest.mark.parametrize(
    "text",
    [
        "2025-09-08T14:30:00+09:00",
        "2025-09-08T14:30:00+0900",
        "2025-09-08T05:30:00Z",
        "Mon, 08 Sep 2025 14:30:00 +0900",
        "Mon, 08 Sep 2025 05:30:00 GMT",
        "2025年9月8日 14時30分",
        "2025年09月08日14:30",
        "2025.09.08 14:30",
        "2025-09-08 14:30 KST",
        "2025-09-08 14:30 JST",
        "2025/09/08 14:30",
        "２０２５年９月８日　１４：３０",
        "Sep. 8, 2025 | 02:30 pm JST",
        "입력 2025.09.08 오후 2:30",
        "2025년 9월 8일 14시 30분",
    ],
)
def test_date_formats(text: str) -> None:
    assert parse_date(text, TOKYO) == AT_1430_JST


def test_named_zones() -> None:
    assert parse_date("2025-09-08 13:30 CST", TOKYO) == AT_1430_JST  # China Standard Time
    assert parse_date("2025-09-08 13:30 HKT", TOKYO) == AT_1430_JST
    assert parse_date("2025-09-08 05:30 UTC", TOKYO) == AT_1430_JST


def test_naive_date_is_read_in_the_given_zone() -> None:
    parsed = parse_date("2025-09-08 14:30", SEOUL)
    assert parsed is not None and parsed.utcoffset() == timedelta(hours=9)
    assert parse_date("2025-09-08 14:30", UTC) == datetime(2025, 9, 8, 14, 30, tzinfo=UTC)


def test_not_a_date() -> None:
    assert parse_date("no date here", TOKYO) is None
    assert parse_date("2025-13-45", TOKYO) is None


@pytest.mark.parametrize(
    ("url", "zone"),
    [
        ("https://mainichi.jp/a", "Asia/Tokyo"),
        ("https://www.yna.co.kr/a", "Asia/Seoul"),
        ("http://politics.people.com.cn/a", "Asia/Shanghai"),
        ("https://www.taipeitimes.com.tw/a", "Asia/Taipei"),
        ("https://hongkongfp.com.hk/a", "Asia/Hong_Kong"),
    ],
)
def test_zone_guessed_from_tld(url: str, zone: str) -> None:
    assert guess_timezone(url) == ZoneInfo(zone)


def test_zone_guess_falls_back_to_language_then_utc() -> None:
    assert guess_timezone("https://japantoday.com/a", "ja") == TOKYO
    assert guess_timezone("https://example.com/a") == UTC


@pytest.mark.parametrize(
    "url",
    [
        "https://www.taipeitimes.com/News/front/archives/2025/09/08/2003825372",
        "http://politics.people.com.cn/n1/2025/0908/c1001-40223222.html",
        "https://mainichi.jp/articles/20250908/k00/00m/030/335000c",
    ],
)
def test_date_in_url(url: str) -> None:
    parsed = date_from_url(url, TOKYO)
    assert parsed is not None and parsed.date() == AT_1430_JST.date()


# --- authors ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["By Jane Doe"], ["Jane Doe"]),
        (["Jane Doe and John Roe"], ["Jane Doe", "John Roe"]),
        (["Jane Doe, John Roe & Mary Major"], ["Jane Doe", "John Roe", "Mary Major"]),
        (["Jane Doe, Staff Writer"], ["Jane Doe"]),
        (["Jane Doe, Political Correspondent"], ["Jane Doe"]),
        (["Reuters"], []),
        (["The Associated Press"], []),
        (["Kyodo News"], []),
        (["jane.doe@example.com"], []),
        (["https://www.facebook.com/someone"], []),
        (["홍길동 기자"], ["홍길동"]),
        (["山田太郎、佐藤花子"], ["山田太郎", "佐藤花子"]),
        (["Jane Doe", "jane doe", "JANE DOE"], ["Jane Doe"]),
        (["Associated Press12:20pm Jan 7"], []),
        (["Nikkei Inc."], []),
        (["本报记者 王小明"], ["王小明"]),
        (["記者 王小明"], ["王小明"]),
        (["本报记者 王小明 李华"], ["王小明", "李华"]),
        (["이도현·박하은 기자"], ["이도현", "박하은"]),
        (["唐纳德·特朗普"], ["唐纳德·特朗普"]),
        (["山田 太郎"], ["山田 太郎"]),
        (["Par Sébastien Farcis"], ["Sébastien Farcis"]),
        (["James Akinaka • 8h"], ["James Akinaka"]),
        (["By Brenda Goodman, MA"], ["Brenda Goodman"]),
        (["$25", "Jane Doe"], ["Jane Doe"]),
    ],
)
def test_author_cleaning(raw: list[str], expected: list[str]) -> None:
    assert clean_authors(raw) == expected


@pytest.mark.parametrize(
    ("byline", "wire"),
    [
        ("新华社记者 王小明", "Xinhua"),
        ("新华网记者 王小明", "Xinhua"),
        ("中新社记者 李华", "China News Service"),
        ("本报记者 王小明", None),
        ("记者 王小明", None),
    ],
)
def test_agency_reporter_byline_credits_the_agency_and_the_person(
    byline: str, wire: str | None
) -> None:
    name = byline.split()[-1]
    body = (
        f"<h1>标题</h1><div class='byline'>{byline}</div><article>"
        + "<p>国务院总理今天在北京主持召开常务会议，研究部署进一步稳定经济增长的政策措施。</p>" * 4
        + "</article>"
    )
    page = f"<html><head><title>标题</title></head><body>{body}</body></html>"
    result = extract(page.encode(), url="https://news.example.cn/2025/03/12/a.html")
    assert result.authors == [name]
    assert result.wire == wire


def test_publisher_is_not_an_author() -> None:
    assert clean_authors(["Taipei Times", "Lin Hsiao-han"], {"Taipei Times"}) == ["Lin Hsiao-han"]


# --- titles -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "names", "expected"),
    [
        (
            "US, Manila launch war games - Taipei Times",
            ["Taipei Times"],
            "US, Manila launch war games",
        ),
        ("停戦「最も合意に近い」 | 毎日新聞", ["毎日新聞"], "停戦「最も合意に近い」"),
        ("南海トラフ、一時調査：中日新聞Web", ["中日新聞Web"], "南海トラフ、一時調査"),
        ("Reuters | Nepal says no proof", ["Reuters"], "Nepal says no proof"),
        ("Anti-terror op turns sinister", ["Times of India"], "Anti-terror op turns sinister"),
    ],
)
def test_site_suffix_is_stripped(title: str, names: list[str], expected: str) -> None:
    assert strip_site_name(title, names, []) == expected


def test_suffix_found_through_another_headline_source() -> None:
    assert strip_site_name("Headline here | Some Paper", [], ["Headline here"]) == "Headline here"


# --- datelines and wires --------------------------------------------------------


def test_inline_dateline_with_agency() -> None:
    place, agency, _rest = split_dateline("SEOUL (Reuters) - The South Korean minister said ...")
    assert (place, agency) == ("SEOUL", "Reuters")


def test_inline_dateline_without_agency() -> None:
    place, agency, _rest = split_dateline("MEXICO CITY — Mexico's economy grew 1.1% ...")
    assert (place, agency) == ("MEXICO CITY", None)


def test_sentence_is_not_a_dateline() -> None:
    assert split_dateline("The minister - who spoke on Monday - said ...")[0] is None
    assert not is_lone_dateline("The end.")
    assert is_lone_dateline("SEOUL")


@pytest.mark.parametrize(
    ("line", "wire"),
    [
        ("© Thomson Reuters 2025.", "Reuters"),
        ("SEOUL (AP) — Officials said", "AP"),
        ("— Kyodo", "Kyodo"),
        ("(Yonhap)", "Yonhap"),
        ("Copyright 2025 The Associated Press. All rights reserved.", "AP"),
        ("A normal sentence about the weather.", None),
        ("（共同）", "Kyodo"),
        ("首相は同日、記者団に述べた。（共同）", "Kyodo"),
        ("【共同】", "Kyodo"),
        ("【ワシントン共同】米政府は", "Kyodo"),
        ("（中央社）", "CNA"),
        ("（中央社記者王明台北2日電）行政院今天表示", "CNA"),
        ("（共同通信の調べ）によると", None),
        ("（apple）", None),
    ],
)
def test_wire_credit(line: str, wire: str | None) -> None:
    assert wire_in_credit(line) == wire


# --- language and metrics -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("岸田首相は記者会見で述べた", "ja"),
        ("윤석열 대통령이 선포했다", "ko"),
        ("中华人民共和国外交部发言人今天表示将继续推进合作", "zh"),
        ("The minister said on Monday that talks would continue.", "en"),
    ],
)
def test_script_language(text: str, language: str) -> None:
    assert detect_script_language(text) == language


def test_metrics() -> None:
    text = "one two three four five six"
    assert word_4gram_f1(text, text) == 1.0
    assert word_4gram_f1(text, "seven eight nine ten") == 0.0
    assert char_bigram_f1("東京都", "東京都") == 1.0
    assert 0 < char_bigram_f1("東京都庁", "東京都") < 1


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Die Bundesregierung hat am Montag beschlossen, dass die Steuern nicht erhöht werden.",
            "de",
        ),
        ("Le gouvernement a annoncé lundi que les impôts ne seront pas augmentés à Paris.", "fr"),
        ("El gobierno anunció el lunes que los impuestos no se subirán, dijo el portavoz.", "es"),
        (
            "Pemerintah mengumumkan pada hari Senin bahwa pajak tidak akan dinaikkan tahun ini.",
            "id",
        ),
        (
            "Chính phủ đã công bố rằng thuế sẽ không được tăng trong năm nay, người phát ngôn nói.",
            "vi",
        ),
        ("Президент России заявил в понедельник, что налоги не будут повышены.", "ru"),
        ("Президент України заявив, що податки не будуть підвищені цього року.", "uk"),
        # Chinese uses the katakana middle dot in foreign names: still Chinese.
        ("习近平主席向首届中国－拉美和加勒比国家航天合作论坛致贺信・布林肯表示", "zh"),
        ("12 345 67", None),
    ],
)
def test_language_from_stopwords_and_scripts(text: str, language: str | None) -> None:
    assert detect_script_language(text) == language


def test_a_template_lang_attribute_loses_to_the_text_script() -> None:
    html = (
        '<html lang="en"><head><title>岸田首相、記者会見で表明</title></head><body><article>'
        "<h1>岸田首相、記者会見で表明</h1>"
        + "<p>岸田文雄首相は15日、首相官邸で記者会見を開き、経済対策について説明した。</p>" * 4
        + "</article></body></html>"
    )
    result = extract(html, url="https://example.jp/news/1")
    assert (result.language, result.layers["language"]) == ("ja", "generic")


def test_undeclared_latin_language_is_detected() -> None:
    html = (
        "<html><head><title>Steuern bleiben gleich</title></head><body><article>"
        "<h1>Steuern bleiben gleich</h1>"
        + "<p>Die Bundesregierung hat am Montag beschlossen, dass die Steuern in diesem Jahr "
        "nicht erhöht werden, sagte ein Sprecher des Ministeriums in Berlin.</p>"
        * 3
        + "</article></body></html>"
    )
    result = extract(html, url="https://example.de/politik/1")
    assert (result.language, result.layers["language"]) == ("de", "generic")


def test_dateline_with_two_places_and_date_gives_the_agency() -> None:
    place, agency, rest = split_dateline("BEIRUT/THE HAGUE, March 7 (Reuters) - An Israeli tank")
    assert (place, agency, rest) == ("BEIRUT/THE HAGUE", "Reuters", "An Israeli tank")


def test_an_agency_abbreviation_in_a_sentence_is_not_a_credit() -> None:
    assert wire_in_credit("wounded Agence France-Presse (AFP) photographer Christina Assi") is None
    assert wire_in_credit("The talks ended without a deal. (AFP)") == "AFP"


def test_page_type_names_are_not_sections() -> None:
    html = (
        '<html lang="en"><head><meta property="article:section" content="Article">'
        "<title>T</title></head><body><h1>T</h1></body></html>"
    )
    result = extract(html, url="https://example.com/article/politics/some-story")
    assert (result.section, result.layers["section"]) == ("politics", "url")


def test_body_held_as_loose_text_between_breaks_beats_a_summary_paragraph() -> None:
    def chunk(n: int) -> str:
        return f"Paragraph {n}: the minister said talks in Seoul would resume next week. " * 3

    html = (
        '<html lang="en"><head><title>Talks resume</title></head><body><h1>Talks resume</h1>'
        f"<div class='summary'><p>{chunk(0)}</p></div>"
        f"<div class='story'>{chunk(1)}<br><br>{chunk(2)}<div class='embed'>x</div>"
        f"<br><br><b>Officials</b> {chunk(3)}</div></body></html>"
    )
    body = extract(html, url="https://example.com/news/1").body or ""
    # The summary under the headline opens the body (as a standfirst does); the
    # container is the story's loose text, read in its three paragraphs.
    assert [p[:12] for p in body.split("\n\n")] == [
        "Paragraph 0:",
        "Paragraph 1:",
        "Paragraph 2:",
        "Officials Pa",
    ]


def test_short_non_sentence_lines_after_the_story_are_dropped() -> None:
    from crawler.extraction.body import trim_trailing_furniture

    story = ["First paragraph of the story.", "Second one.", "Third one ends here."]
    assert trim_trailing_furniture([*story, "1 day ago", "War in Ukraine", "Nato"]) == story
    assert trim_trailing_furniture([*story, "Lê Phương"]) == story
    short = [*story[:2], "Tags"]
    assert trim_trailing_furniture(short) == short


def _story(n: int) -> str:
    return f"Paragraph {n}: the ruling party said the budget vote would go ahead on Friday. " * 2


def test_paragraphs_marked_paywall_are_the_story_not_a_prompt() -> None:
    html = (
        '<html lang="en"><head><title>Vote</title></head><body><h1>Vote</h1><article>'
        f"<div class='body__inner'><p>{_story(1) * 2}</p><p class='paywall'>{_story(2)}</p>"
        f"<p class='paywall'>{_story(3)}</p></div>"
        "<div class='paywall'><p>Subscribe now to keep reading every story we publish.</p></div>"
        "</article></body></html>"
    )
    body = extract(html, url="https://example.com/news/2").body or ""
    assert [p[:12] for p in body.split("\n\n")] == ["Paragraph 1:", "Paragraph 2:", "Paragraph 3:"]


def test_prose_inside_a_footer_never_pulls_the_container_up() -> None:
    # A broken page nests its footer next to the story: the disclaimer's long text must not
    # make their common ancestor the article container.
    disclaimer = "Use of this site constitutes acceptance of our user agreement. " * 6
    html = (
        '<html lang="en"><head><title>Vote</title></head><body><h1>Vote</h1><div id="content">'
        f"<div class='entry'><p>{_story(1)}</p><p>{_story(2)}</p></div>"
        f"<ul><li><footer><div id='legal'><p>{disclaimer}</p><p>{disclaimer}</p></div>"
        "</footer></li></ul></div></body></html>"
    )
    body = extract(html, url="https://example.com/news/3").body or ""
    assert [p[:12] for p in body.split("\n\n")] == ["Paragraph 1:", "Paragraph 2:"]


def test_prose_of_topic_links_stays_and_story_links_go() -> None:
    topics = "".join(f'<a href="/topics/{w}">{w}</a>、' for w in ("鹿児島市", "霧島市", "垂水市"))
    related = '<a href="/news/9">与党が予算案の採決を金曜日に行うと発表した件について</a>'
    html = (
        '<html lang="ja"><head><title>震度</title></head><body><h1>震度</h1><article>'
        f"<p>{'気象庁は十三日、日向灘で震度五弱の地震があったと発表した。' * 4}</p>"
        f"<p><a href='/area/kagoshima'>鹿児島県</a>：{topics}</p><p>{related}</p>"
        "</article></body></html>"
    )
    body = extract(html, url="https://example.jp/news/4").body or ""
    assert "鹿児島県：鹿児島市、霧島市、垂水市" in body
    assert "採決" not in body


def test_a_headline_printed_without_h1_is_found_by_its_class_name() -> None:
    story = "".join(f"<p>{_story(n)}</p>" for n in range(1, 6))
    html = (
        "<html><head><title>News from the Agency</title></head><body>"
        "<ul><li><span class='headline'><a href='/other'>Another story entirely here</a></span>"
        "</li></ul>"
        "<span class='headline entry-title'>Budget vote goes ahead on Friday</span>"
        f"<span class='entry-content'>{story}</span></body></html>"
    )
    result = extract(html, url="https://example.com/news/5")
    assert result.title == "Budget vote goes ahead on Friday"
    assert result.is_article  # no <h1>, no og:type, no JSON-LD: the named headline stands in


def _brief(date: str, extra: str = "") -> str:
    return (
        '<html lang="en"><head><title>Diet passes budget</title></head><body>'
        f"<h1>Diet passes budget</h1>{date}<div class='story'>"
        "<p>The lower house passed the budget on Friday with the votes of the ruling bloc.</p>"
        "<p>Opposition parties walked out before the vote, calling the spending plan rushed.</p>"
        "<p>The bill now goes to the upper house, which is expected to approve it next week.</p>"
        f"</div>{extra}</body></html>"
    )


_DATE_LINE = '<time datetime="2025-03-07T10:00:00+09:00">March 7, 2025</time>'


def test_a_dated_news_brief_under_the_length_floor_is_an_article() -> None:
    result = extract(_brief(_DATE_LINE), url="https://example.com/news/7")
    assert len(result.body or "") < 600
    assert result.is_article


def test_an_undated_short_page_is_not_an_article() -> None:
    assert extract(_brief(""), url="https://example.com/news/7").is_article is False


def test_a_short_page_listing_other_stories_is_not_an_article() -> None:
    listing = "".join(f"<h3><a href='/news/{n}'>Story number {n}</a></h3>" for n in range(4))
    result = extract(_brief(_DATE_LINE, listing), url="https://example.com/politics")
    assert result.is_article is False


def test_a_meta_tag_naming_several_properties_gives_each() -> None:
    html = (
        '<html><head><meta property="og:title twitter:title" content="Diet passes budget">'
        "<title>Home</title></head><body><p>x</p></body></html>"
    )
    result = extract(html, url="https://example.com/news/8")
    assert (result.title, result.layers["title"]) == ("Diet passes budget", "meta")


def test_a_jsonld_headline_the_page_never_shows_yields_to_the_h1() -> None:
    html = (
        '<html><head><title>Hermitian matrix - Wikipedia</title><script type="application/ld+json">'
        '{"@type": "Article", "name": "Hermitian matrix",'
        ' "headline": "matrix equal to its conjugate-transpose"}</script></head>'
        "<body><h1>Hermitian matrix</h1><p>x</p></body></html>"
    )
    assert extract(html, url="https://en.example.org/wiki/Hermitian").title == "Hermitian matrix"


def test_a_byline_in_a_related_stories_box_is_not_the_articles() -> None:
    html = (
        "<html><head><title>Diet passes budget</title></head><body><h1>Diet passes budget</h1>"
        "<p class='byline'>By Jane Doe</p><p>The lower house passed the budget.</p>"
        "<div class='related-stories'><p class='byline'>By John Roe</p></div></body></html>"
    )
    assert extract(html, url="https://example.com/news/9").authors == ["Jane Doe"]
