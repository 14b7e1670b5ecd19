"""The body rules that generalize beyond the fixture pages, each on HTML written for the test."""

from __future__ import annotations

import pytest

from crawler.extraction import extract
from crawler.extraction.second_opinion import arbitrate, is_marked_article, is_unsure
from crawler.extraction.tree import parse_html

URL = "https://blog.example.net/2024/05/spring-walks"


def _sentences(label: str, count: int = 3) -> str:
    return " ".join(
        f"{label} sentence {i} tells the reader about the walk along the river and the hills."
        for i in range(count)
    )


def test_lead_between_headline_and_container_opens_the_body() -> None:
    html = (
        "<html><body><header class='site'><p>Welcome to our little blog about walking.</p></header>"
        "<main><h1>Spring walks</h1>"
        f"<div class='vorspann'><p>{_sentences('Lead', 2)}</p></div>"
        "<div class='meta'><span>12.05.2024</span></div>"
        f"<div class='text'><p>{_sentences('First')}</p><p>{_sentences('Second')}</p>"
        f"<p>{_sentences('Third')}</p></div></main></body></html>"
    )
    body = extract(html.encode(), url=URL).body or ""
    assert body.startswith("Lead sentence 0")
    assert body.count("\n\n") == 3
    assert "Welcome" not in body


def test_teaser_box_between_headline_and_container_stays_out() -> None:
    html = (
        "<html><body><main><h1>Spring walks</h1>"
        f"<aside><p>{_sentences('Teaser', 2)}</p></aside>"
        f"<div class='related'><p>{_sentences('Related', 2)}</p></div>"
        f"<div class='text'><p>{_sentences('First')}</p><p>{_sentences('Second')}</p></div>"
        "</main></body></html>"
    )
    body = extract(html.encode(), url=URL).body or ""
    assert body.startswith("First sentence 0")
    assert "Teaser" not in body and "Related" not in body


def test_a_list_of_article_cards_is_read_whole() -> None:
    cards = "".join(
        f"<article class='card'><h2>Walk {n}</h2><div class='content'><p>{_sentences(f'Walk{n}')}"
        "</p></div></article>"
        for n in range(4)
    )
    html = (
        "<html><body><h1>Four spring walks</h1><div class='contents'>"
        f"<p>{_sentences('Intro', 2)}</p>{cards}</div></body></html>"
    )
    body = extract(html.encode(), url=URL).body or ""
    assert all(f"Walk{n} sentence 0" in body for n in range(4))


def test_container_inside_article_markup_is_sure() -> None:
    root = parse_html(
        "<html><body><article><div class='x'><p>text</p></div></article></body></html>"
    )
    assert is_marked_article(root.find(".//div"))
    bare = parse_html("<html><body><div class='x'><p>text</p></div></body></html>")
    assert not is_marked_article(bare.find(".//div"))


def test_arbitrate_keeps_ours_when_it_holds_the_other_reading() -> None:
    own = ["The story in full, first paragraph.", "Second paragraph of the story."]
    other = ["The story in full, first paragraph.", "Second paragraph of the story.", "Share"]
    assert arbitrate(own, other) == (own, False)


def test_arbitrate_takes_the_other_when_ours_stopped_short() -> None:
    own = ["Only the first paragraph of a long story."]
    other = [own[0], *(f"Paragraph {n} of the rest of the long story." for n in range(6))]
    assert arbitrate(own, other) == (other, True)


def test_arbitrate_takes_the_other_when_the_two_disagree() -> None:
    own = ["Please register to comment and keep to our netiquette, thank you."]
    other = ["The actual story that the page is about, told at length."]
    assert arbitrate(own, other) == (other, True)


def test_a_table_inside_the_story_is_read() -> None:
    html = (
        "<html><body><h1>Loans compared</h1><article>"
        f"<p>{_sentences('Intro')}</p><table><tr><td>Fixed rate over the whole term</td>"
        "<td>Higher wear and tear over a longer use</td></tr></table>"
        f"<p>{_sentences('Outro')}</p></article></body></html>"
    )
    body = extract(html.encode(), url=URL).body or ""
    assert "Higher wear and tear over a longer use" in body.split("\n\n")


def test_a_named_anchor_is_not_a_link() -> None:
    html = (
        "<html><body><h1>Questions</h1><article>"
        f"<p>{_sentences('Intro')}</p>"
        '<p><a name="q1">A question asked most often: what does the professor say?</a></p>'
        f"<p>{_sentences('Answer')}</p></article></body></html>"
    )
    body = extract(html.encode(), url=URL).body or ""
    assert "A question asked most often: what does the professor say?" in body


def test_line_ends_in_the_page_source_do_not_split_loose_text() -> None:
    words = "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod"
    html = (
        "<html><body><article><h1>Lorem</h1>"
        f"<div>\n  {words}\n  tempor incididunt ut labore.\n  {words} again.\n</div>"
        f"<h2>Foo</h2><div>\n  Tempor incididunt.\n  {words}\n  tempor incididunt ut labore.</div>"
        "</article></body></html>"
    )
    body = extract(html.encode(), url=URL).body or ""
    assert body.split("\n\n") == [
        f"{words} tempor incididunt ut labore. {words} again.",
        "Foo",
        f"Tempor incididunt. {words} tempor incididunt ut labore.",
    ]


def test_br_still_breaks_loose_text() -> None:
    first = "The first paragraph of the story is long enough to be read as prose here."
    second = "The second paragraph follows two line breaks, as some CMSs print them."
    html = f"<html><body><h1>T</h1><div class='story'>{first}<br><br>\n{second}</div></body></html>"
    assert (extract(html.encode(), url=URL).body or "").split("\n\n") == [first, second]


def test_a_furniture_heading_late_in_the_body_ends_it() -> None:
    html = (
        "<html><body><h1>Spring walks</h1><article>"
        f"<p>{_sentences('First')}</p><p>{_sentences('Second')}</p><p>{_sentences('Third')}</p>"
        "<h3>Zum Weiterlesen</h3><p>Tipps für einen nachhaltigeren Alltag: zwölf Ideen.</p>"
        "</article></body></html>"
    )
    body = extract(html.encode(), url=URL).body or ""
    assert body.endswith("hills.") and "Weiterlesen" not in body


def test_the_same_words_as_an_early_subheading_do_not_end_the_body() -> None:
    html = (
        "<html><body><h1>Spring walks</h1><article>"
        f"<p>{_sentences('First')}</p><h3>Mehr zum Thema Wandern</h3>"
        f"<p>{_sentences('Second')}</p><p>{_sentences('Third')}</p></article></body></html>"
    )
    body = extract(html.encode(), url=URL).body or ""
    assert "Third sentence 2" in body


def test_a_closing_line_that_ends_on_a_colon_is_dropped() -> None:
    html = (
        "<html><body><h1>Spring walks</h1><article>"
        + "".join(f"<p>{_sentences(f'Part{n}')}</p>" for n in range(4))
        + "<p>Die Karte zum Abspeichern:</p></article></body></html>"
    )
    body = extract(html.encode(), url=URL).body or ""
    assert body.endswith("hills.")


def test_the_rest_of_the_story_folded_behind_read_more_is_read() -> None:
    html = (
        "<html><body><h1>Spring walks</h1><div class='story-body'>"
        f"<p>{_sentences('First')}</p><div id='read-more'><div id='read-more-content'>"
        f"<p>{_sentences('Second')}</p><p>{_sentences('Third')}</p></div></div>"
        "<div class='read-more'><a href='/other'>Read more: another walk</a></div>"
        "</div></body></html>"
    )
    body = extract(html.encode(), url=URL).body or ""
    assert "Third sentence 2" in body and "another walk" not in body


def test_a_story_split_over_sibling_wrappers_of_one_kind_is_read_whole() -> None:
    html = (
        "<html><body><main><h1>Spring walks</h1>"
        f"<h2>{_sentences('Sub-headline', 1)}</h2>"
        f"<div class='detail'><p>{_sentences('First', 6)}</p><p>{_sentences('Second', 6)}</p></div>"
        "<div class='ad-slot'><p>Advertisement</p></div>"
        f"<div class='detail'><p>{_sentences('Third', 1)}</p></div>"
        "</main></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["Sub-headline", "First", "Second", "Third"]


def test_a_long_cookie_dialog_loses_to_the_story_spread_over_small_wrappers() -> None:
    legal = "".join(f"<p>{_sentences(f'Cookie{n}', 4)}</p>" for n in range(8))
    story = "".join(
        f"<div class='paragraph'><div class='text'><p>{_sentences(f'Story{n}', 3)}</p></div></div>"
        for n in range(4)
    )
    html = (
        "<html><body><main><h1>Spring walks</h1>"
        f"<article><div class='field-body'>{story}</div></article></main>"
        f"<div class='privacy-popup'><div class='inner'>{legal}</div></div></body></html>"
    )
    body = extract(html.encode(), url=URL).body or ""
    assert body.startswith("Story0 sentence 0") and "Story3 sentence 2" in body
    assert "Cookie" not in body


def test_prose_held_in_the_articles_own_text_and_in_a_child_is_read_whole() -> None:
    html = (
        "<html><body><article><h1>Spring walks</h1>"
        f"<div><span>{_sentences('First', 8)}</span></div>"
        f"<h2>On the hills</h2><div>{_sentences('Second', 6)}</div>"
        "</article></body></html>"
    )
    body = extract(html.encode(), url=URL).body or ""
    assert body.startswith("First sentence 0") and "Second sentence 5" in body


def test_an_image_credit_set_inline_in_a_paragraph_leaves_its_prose() -> None:
    image = (
        "<span class='storyimage inline'><span class='image'><img src='/a.jpg'></span>"
        "<span class='attribution'>© Provided by Example Photo Agency</span></span>"
    )
    html = (
        "<html><body><article><h1>Spring walks</h1>"
        f"<p>{_sentences('First')}</p><p>{image} {_sentences('Second')}</p>"
        f"<p>{_sentences('Third')}</p></article></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["First", "Second", "Third"]


def test_a_consent_placeholder_and_an_image_box_inside_the_story_stay_out() -> None:
    html = (
        "<html><body><article><h1>Spring walks</h1>"
        f"<p>{_sentences('First')}</p>"
        "<div class='visual inline'><a class='btn' href='/big.jpg'><strong>Enlarge</strong></a>"
        "<strong class='title'>The river bank in spring, seen from the old bridge.</strong></div>"
        f"<p>{_sentences('Second')}</p>"
        "<div class='BorlabsCookie'><div class='_brlbs-content-blocker'>"
        "<p>Click the button below to load the content from maps.example.com.</p></div></div>"
        f"<p>{_sentences('Third')}</p></article></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["First", "Second", "Third"]


def test_a_comment_marked_up_like_the_article_is_not_a_sure_container() -> None:
    root = parse_html(
        "<html><body><section id='comments'><ol class='comment-list'>"
        "<li class='comment even'><blockquote class='entry-content'><p>Great post!</p>"
        "</blockquote></li></ol></section></body></html>"
    )
    assert not is_marked_article(root.find(".//blockquote"))


def test_a_sub_headline_and_an_abstract_in_the_storys_header_open_the_body() -> None:
    html = (
        "<html><body><header class='site-header'><p>Welcome to our little blog about walking.</p>"
        "</header><article class='article'><section class='article__header'><h1>Spring walks</h1>"
        "<h2>Where the river meets the hills in early May</h2>"
        f"<div class='article__abstract'><p>{_sentences('Abstract', 1)}</p></div></section>"
        f"<div class='article__main'><p>{_sentences('First')}</p><p>{_sentences('Second')}</p>"
        "</div></article></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["Where", "Abstract", "First", "Second"]


def test_an_info_box_of_prose_inside_the_story_is_read_and_an_info_line_is_not() -> None:
    html = (
        "<html><body><article><h1>Spring walks</h1>"
        f"<p>{_sentences('First', 9)}</p><div class='post-info'>12 May 2024, 5 comments</div>"
        f"<div class='info-wrap'><p>{_sentences('Boxed', 2)}</p></div>"
        f"<p>{_sentences('Last', 9)}</p></article></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["First", "Boxed", "Last"]


def test_a_short_unmarked_container_holding_most_of_the_pages_prose_needs_no_second_reading() -> (
    None
):
    story = f"<div class='x'><p>{_sentences('Story', 4)}</p></div>"
    root = parse_html(f"<html><body>{story}<p>{_sentences('Footer', 1)}</p></body></html>")
    assert not is_unsure(root.find(".//div"), 340, root)
    spread = parse_html(
        f"<html><body>{story}<div><p>{_sentences('Other', 8)}</p></div></body></html>"
    )
    assert is_unsure(spread.find(".//div"), 340, spread)


def test_unnamed_text_blocks_after_the_container_and_their_subheading_are_read() -> None:
    html = (
        "<html><body><article><h1>Spring walks</h1>"
        f"<div>First<br><br>{_sentences('First', 6)}</div>"
        f"<h2>On the hills</h2><div>Second<br><br>{_sentences('Second', 4)}</div>"
        "<div><a href='/more'>More walks from our readers this spring</a></div>"
        "</article></body></html>"
    )
    body = extract(html.encode(), url=URL).body or ""
    assert "On the hills" in body and "Second sentence 3" in body
    assert "More walks" not in body


def test_boxes_with_only_layout_names_inside_the_story_are_read_when_they_hold_prose() -> None:
    # A page builder's widget, a field whose label setting is "hidden", a box hidden on
    # phones only: names of the layout, not of furniture. A widget of links stays out.
    html = (
        "<html><body><article><h1>Spring walks</h1>"
        f"<p>{_sentences('First', 9)}</p>"
        f"<div class='builder-widget-container'><p>{_sentences('Widget', 2)}</p></div>"
        f"<div class='field field--label-hidden'><p>{_sentences('Field', 2)}</p></div>"
        f"<div class='l-hidden-xs'><p>{_sentences('Wide', 2)}</p></div>"
        f"<div class='list-widget'><p>{_sentences('Liked', 2)}</p><ul>"
        "<li><a href='/a'>Walks along the coast in the autumn rain</a></li>"
        "<li><a href='/b'>Our favourite hills in the north of the country</a></li>"
        "<li><a href='/c'>Ten lakes worth the long drive this summer</a></li></ul></div>"
        f"<p>{_sentences('Last', 9)}</p></article></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["First", "Widget", "Field", "Wide", "Last"]


def test_a_lead_in_the_story_header_beside_a_deep_page_builder_nest_opens_the_body() -> None:
    # The text sits five wrappers deep (row, column, wrapper, text column, wrapper); the
    # lead in the header above is six levels away from it.
    nest = f"<p>{_sentences('First', 4)}</p><p>{_sentences('Second', 4)}</p>"
    for name in ("wrapper", "text-column", "wrapper", "column", "row"):
        nest = f"<div class='{name}'>{nest}</div>"
    html = (
        "<html><body><div class='page'><section class='top'><h1>Spring walks</h1>"
        f"<div class='intro'><p>{_sentences('Lead', 2)}</p></div></section>"
        f"<div class='main'>{nest}</div></div></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["Lead", "First", "Second"]


def test_an_author_box_a_rating_and_a_table_of_contents_inside_the_story_stay_out() -> None:
    html = (
        "<html><body><article><h1>Spring walks</h1>"
        "<div class='ez-toc-container'><p>Contents: where to start, what to bring, how far"
        " to walk, when to turn back, and what to eat on the way home.</p></div>"
        f"<p>{_sentences('First', 9)}</p>"
        "<div class='post-ratings'><p>Was this article useful? Rate it with one to five stars"
        " so that we know which walks to write about next.</p></div>"
        f"<p>{_sentences('Last', 9)}</p>"
        "<div class='artDetailAutor__text'><p>Jane Doe writes about walking and hiking for the"
        " paper and has walked every river path in the region twice.</p></div>"
        "</article></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["First", "Last"]


def test_a_lead_box_named_teaser_text_opens_the_body_and_a_teaser_of_links_does_not() -> None:
    # News CMSs print the story's lead as "teaser-text" above the text; a teaser of
    # another story is its headline link.
    html = (
        "<html><body><div class='news-single'><h1>Spring walks</h1>"
        "<div class='teaser'><p><a href='/other'>Autumn walks along the coast in the rain"
        " and the wind</a> and <a href='/more'>more walks from the north</a> ahead.</p></div>"
        f"<div class='teaser-text'><p>{_sentences('Lead', 2)}</p></div>"
        f"<div class='text-wrap'><p>{_sentences('First', 4)}</p><p>{_sentences('Second', 4)}</p>"
        "</div></div></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["Lead", "First", "Second"]


def test_sections_repeating_an_ancestor_of_the_container_continue_the_story() -> None:
    # One wrapper per section, the text two levels inside each; a section of links is
    # no part of the story.
    def section(inner: str) -> str:
        return (
            f"<div class='section'><div class='field'><div class='item'>{inner}</div></div></div>"
        )

    html = (
        "<html><body><div class='page'><h1>Spring walks</h1>"
        + section(f"<p>{_sentences('First', 6)}</p><p>{_sentences('Second', 6)}</p>")
        + section(f"<p>{_sentences('Third', 2)}</p>")
        + section("<p><a href='/a'>Autumn walks along the coast in the rain and the wind</a></p>")
        + "</div></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["First", "Second", "Third"]


def test_the_generic_reading_keeps_a_story_printed_in_a_table() -> None:
    # Old CMSs lay the whole page out in table cells: with no container of paragraphs,
    # trafilatura's reading of the page is the body, and its tables are the text.
    rows = "".join(
        f"<tr><td>{_sentences(label, 3)}</td></tr>" for label in ("First", "Second", "Third")
    )
    html = (
        "<html><head><title>Spring walks</title></head><body><h1>Spring walks</h1>"
        f"<table>{rows}</table></body></html>"
    )
    body = extract(html.encode(), url=URL).body or ""
    assert "First sentence 0" in body and "Third sentence 2" in body


def test_short_picture_and_source_credit_lines_are_not_body_text() -> None:
    html = (
        "<html><body><article><h1>Spring walks</h1>"
        f"<p>{_sentences('First', 6)}</p><p>Foto: Jane Doe / Agentur</p>"
        f"<p>{_sentences('Second', 6)}</p><p>Quelle: Landesregierung</p>"
        "<p>Quelle: the walking club says that its members walked more than ever this spring,"
        " most of them along the river and the hills in the north.</p>"
        "</article></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["First", "Second", "Quelle:"]


def test_the_generic_reading_asks_for_the_slow_full_reading_only_when_the_fast_one_is_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import trafilatura

    calls: list[bool] = []
    replies = {True: "A short reading of the page.", False: "A longer, slower reading."}

    def fake_extract(*_args: object, fast: bool = False, **_kwargs: object) -> str:
        calls.append(fast)
        return replies[fast]

    monkeypatch.setattr(trafilatura, "extract", fake_extract)
    html = "<html><body><h1>Spring walks</h1><span>Walks.</span></body></html>"
    assert extract(html.encode(), url=URL).body == "A short reading of the page."
    assert calls == [True]
    replies[True] = ""
    calls.clear()
    assert extract(html.encode(), url=URL).body == "A longer, slower reading."
    assert calls == [True, False]


def test_a_subheading_whose_anchor_id_reads_like_furniture_is_read() -> None:
    html = (
        "<html><body><article><h1>Spring walks</h1>"
        f"<p>{_sentences('First', 6)}</p><h3 id='nav_the_river_path'>The river path</h3>"
        f"<p>{_sentences('Second', 6)}</p><h3 class='share-title'>Share this walk</h3>"
        "</article></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["First", "The", "Second"]


def test_a_paragraph_folded_behind_read_more_is_read_and_a_read_more_link_is_not() -> None:
    html = (
        "<html><body><article><h1>Spring walks</h1>"
        f"<p>{_sentences('First', 6)}</p><p class='js-readmore'>{_sentences('Folded', 3)}</p>"
        "<p class='read-more'><a href='/next'>Read the next walk</a></p>"
        "</article></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["First", "Folded"]


def test_a_caption_whose_class_glues_a_word_to_caption_stays_out() -> None:
    html = (
        "<html><body><article><h1>Spring walks</h1>"
        f"<p>{_sentences('First', 6)}</p>"
        "<p class='icaption_nonfloating'>The river path below the hills on a bright morning"
        " in early May, seen from the old bridge.</p>"
        f"<p>{_sentences('Second', 6)}</p></article></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["First", "Second"]


def test_a_heading_with_a_word_ending_like_a_zone_is_no_date_line() -> None:
    # "Test" once read as a time zone ("EST"), so "Test Case 1" was taken for a date line.
    html = (
        "<html><body><article><h2>Test Case 1</h2><img src='a.jpg'>"
        "<h2>Test Case 2</h2><img src='b.jpg'></article></body></html>"
    )
    assert extract(html.encode(), url=URL).body == "Test Case 1\n\nTest Case 2"


def test_a_zone_in_capitals_still_makes_a_date_line() -> None:
    html = (
        "<html><body><article><h1>Spring walks</h1><p>Updated 3:15 PM EST</p>"
        f"<p>{_sentences('First', 6)}</p></article></body></html>"
    )
    assert (extract(html.encode(), url=URL).body or "").startswith("First sentence 0")


def test_a_line_of_a_passage_broken_at_br_is_kept_when_another_passage_repeats_it() -> None:
    refrain = "and the river runs on below the hills"
    html = (
        "<html><body><article><h1>Spring walks</h1>"
        f"<div>{_sentences('First', 4)}<br>{refrain}<br>{_sentences('Second', 2)}</div>"
        f"<div>{_sentences('Third', 4)}<br>{refrain}<br>{_sentences('Fourth', 2)}</div>"
        "</article></body></html>"
    )
    assert (extract(html.encode(), url=URL).body or "").count(refrain) == 2


def test_a_short_paragraph_printed_twice_is_still_read_once() -> None:
    caption = "The river path below the hills"
    html = (
        "<html><body><article><h1>Spring walks</h1>"
        f"<p>{caption}</p><p>{_sentences('First', 6)}</p><p>{caption}</p>"
        f"<p>{_sentences('Second', 6)}</p></article></body></html>"
    )
    assert (extract(html.encode(), url=URL).body or "").count(caption) == 1


def test_a_field_whose_label_is_hidden_and_a_box_hidden_on_phones_are_read() -> None:
    html = (
        "<html><body><article><h1>Spring walks</h1>"
        f"<div class='text'><p>{_sentences('First', 6)}</p>"
        "<div class='field field--name-body field--label-hidden'><p>The map is here.</p></div>"
        "<div class='box l-hidden-xs'><p>Bring good shoes.</p></div>"
        f"<p>{_sentences('Second', 6)}</p></div></article></body></html>"
    )
    body = extract(html.encode(), url=URL).body or ""
    assert "The map is here." in body
    assert "Bring good shoes." in body


def test_a_box_hidden_everywhere_stays_out() -> None:
    html = (
        "<html><body><article><h1>Spring walks</h1>"
        f"<div class='text'><p>{_sentences('First', 6)}</p>"
        "<div class='hidden'><p>Screen reader note.</p></div>"
        f"<p>{_sentences('Second', 6)}</p></div></article></body></html>"
    )
    assert "Screen reader note." not in (extract(html.encode(), url=URL).body or "")


def test_a_table_closing_the_story_keeps_its_short_cells() -> None:
    html = (
        "<html><body><article><h1>Spring walks</h1>"
        f"<p>{_sentences('First', 6)}</p><p>{_sentences('Second', 6)}</p>"
        "<table><tr><td>Length</td><td>12 km</td></tr>"
        "<tr><td>Climb</td><td>340 m</td></tr></table>"
        "</article></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert paragraphs[-4:] == ["Length", "12 km", "Climb", "340 m"]


def test_short_lines_of_links_after_the_story_are_still_trimmed() -> None:
    html = (
        "<html><body><article><h1>Spring walks</h1>"
        f"<p>{_sentences('First', 6)}</p><p>{_sentences('Second', 6)}</p>"
        f"<p>{_sentences('Third', 6)}</p>"
        "<table><tr><th>Walks</th><td><a href='/a'>Hills</a> <a href='/b'>Rivers</a></td></tr>"
        "</table><div>Tags</div><div>hiking</div></article></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["First", "Second", "Third"]


def _post(label: str, extra: str = "", count: int = 2) -> str:
    return (
        f"<div class='message {extra}'><div class='message-user'>Member since 2019</div>"
        "<div class='message-main'><div class='post-text'>"
        f"<p>{_sentences(label, count)}</p></div></div></div>"
    )


def test_the_posts_of_a_forum_thread_are_read_side_by_side() -> None:
    html = (
        "<html><body><div class='thread'>"
        f"{_post('Opening', 'post-1', 8)}{_post('Reply', 'message--mod post-2')}"
        f"{_post('Answer', 'post-3')}"
        "</div></body></html>"
    )
    body = extract(html.encode(), url=URL).body or ""
    assert [p.split()[0] for p in body.split("\n\n")] == ["Opening", "Reply", "Answer"]


def test_units_with_headlines_of_their_own_are_other_stories_not_posts() -> None:
    html = (
        "<html><body><div class='stream'>"
        "<div class='story'><h2>One</h2><div class='story-text'>"
        f"<p>{_sentences('One', 4)}</p></div></div>"
        "<div class='story'><h2>Two</h2><div class='story-text'>"
        f"<p>{_sentences('Two', 1)}</p></div></div>"
        "</div></body></html>"
    )
    body = extract(html.encode(), url=URL).body or ""
    assert "Two sentence" not in body


def test_a_lead_that_opens_with_the_texts_first_sentence_still_opens_the_body() -> None:
    shared = "The walkers of the valley ask the town for a new wooden bridge over the river."
    html = (
        "<html><body><main><h1>Spring walks</h1>"
        f"<header class='intro'><p class='lead'>{shared} The mayor said she was open to it.</p>"
        f"</header><div class='story'><div class='text'><p>{shared} {_sentences('First', 3)}</p>"
        f"<p>{_sentences('Second')}</p><p>{_sentences('Third')}</p></div></div></main></body></html>"
    )
    assert "The mayor said she was open to it." in (extract(html.encode(), url=URL).body or "")


def test_a_paragraph_named_as_the_subtitle_opens_the_body_without_a_full_stop() -> None:
    html = (
        "<html><body><article><h1>Spring walks</h1>"
        "<header><p class='subtitle'>Ten walks along the river between the old mill and the lake"
        "</p></header>"
        f"<div class='text'><p>{_sentences('First')}</p><p>{_sentences('Second')}</p>"
        f"<p>{_sentences('Third')}</p></div></article></body></html>"
    )
    body = extract(html.encode(), url=URL).body or ""
    assert body.startswith("Ten walks along the river")


def _german(label: str, count: int = 3) -> str:
    return " ".join(
        f"{label} Satz {i} erzählt vom Weg am Fluss entlang und über die Hügel."
        for i in range(count)
    )


def test_a_late_contact_or_more_on_heading_ends_a_german_body() -> None:
    for heading in ("Kontakt:", "Weitere Informationen", "Mehr Wanderungen auf Talweg:"):
        html = (
            "<html><body><article><h1>Frühlingswege</h1>"
            f"<p>{_german('Erster', 6)}</p><p>{_german('Zweiter', 6)}</p>"
            f"<h3>{heading}</h3><p>Anna Weg, Telefon 040 123 456</p></article></body></html>"
        )
        body = extract(html.encode(), url=URL).body or ""
        assert "Telefon" not in body, heading
        assert body.endswith("über die Hügel.")


def test_a_sentence_that_opens_like_a_more_on_heading_stays_in_the_body() -> None:
    closing = "Weitere Informationen erteilt Anna Weg im Rathaus, Telefon 040 123 456."
    html = (
        "<html><body><article><h1>Frühlingswege</h1>"
        f"<p>{_german('Erster', 6)}</p><p>{_german('Zweiter', 6)}</p>"
        f"<p>{closing}</p></article></body></html>"
    )
    assert (extract(html.encode(), url=URL).body or "").endswith(closing)


def test_the_slogan_under_a_site_name_linked_in_an_h1_is_no_lead() -> None:
    html = (
        "<html><body><div class='head'><h1><a href='/'>Walking Blog</a></h1>"
        "<h2>The blog of long walks and short rests!</h2></div>"
        f"<div class='post'><div class='text'><p>{_sentences('First')}</p>"
        f"<p>{_sentences('Second')}</p></div></div></body></html>"
    )
    assert (extract(html.encode(), url=URL).body or "").startswith("First sentence 0")


def test_german_ad_labels_stay_out_and_prose_about_advertising_stays_in() -> None:
    prose = "Werbung im Fernsehen kostet die Firmen viel Geld, sagte die Forscherin am Montag."
    html = (
        "<html><body><article><h1>Frühlingswege</h1>"
        "<p>Anzeige, enthält Affiliate Links</p><p>*Werbung. Dieser Beitrag nennt Marken.</p>"
        f"<p>{_german('Erster', 6)}</p><p>{prose}</p><p>ANZEIGE - Heute mal wandern?</p>"
        f"<p>{_german('Zweiter', 6)}</p></article></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["Erster", "Werbung", "Zweiter"]


def test_a_caption_closing_on_its_pictures_credit_stays_out() -> None:
    caption = "Der Weg am Fluss im Frühling. | © Anna Weg/Bildagentur"
    html = (
        "<html><body><article><h1>Frühlingswege</h1>"
        f"<p>{_german('Erster', 6)}</p><p>{caption}</p>"
        f"<p>{_german('Zweiter', 6)}</p></article></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["Erster", "Zweiter"]


def test_post_metadata_share_and_download_labels_stay_out() -> None:
    html = (
        "<html><body><article><h1>Frühlingswege</h1>"
        f"<p>{_german('Erster', 6)}</p><p>Teilen Sie dies mit:</p>"
        "<p>Diese Wanderkarte als PDF herunterladen</p>"
        f"<p>{_german('Zweiter', 6)}</p>"
        "<p>Der Beitrag wurde am Mittwoch, den 27. November 2019 um 15:21 Uhr veröffentlicht und"
        " wurde unter Wandern, Region Harz abgelegt.</p></article></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["Erster", "Zweiter"]


def test_list_buttons_and_file_links_with_their_size_stay_out() -> None:
    html = (
        "<html><body><article><h1>Frühlingswege</h1>"
        f"<p>{_german('Erster', 6)}</p><p>alle anzeigen</p>"
        "<p>Wanderkarte vom 14. Oktober 2021PDF | 38 KB | Datei ist nicht barrierefrei</p>"
        f"<p>{_german('Zweiter', 6)}</p></article></body></html>"
    )
    paragraphs = (extract(html.encode(), url=URL).body or "").split("\n\n")
    assert [p.split()[0] for p in paragraphs] == ["Erster", "Zweiter"]


def test_a_lead_paragraph_under_a_site_name_linked_in_an_h1_still_opens_the_body() -> None:
    html = (
        "<html><body><div class='page'><h1><a href='/'>Walking Blog</a></h1>"
        f"<div class='intro'>{_sentences('Lead', 1)}</div>"
        f"<div class='post'><div class='text'><p>{_sentences('First')}</p>"
        f"<p>{_sentences('Second')}</p></div></div></div></body></html>"
    )
    assert (extract(html.encode(), url=URL).body or "").startswith("Lead sentence 0")


def _nested_posts(headline_between: str = "") -> str:
    # Each post left unclosed, so the next one nests inside it, as a broken page prints it.
    return (
        "<html><body><div class='thread'><h1>Spring walks thread</h1>"
        f"<div class='msg'><div class='post-text'><p>{_sentences('Opening', 8)}</p></div>"
        f"<div class='msg'>{headline_between}<div class='post-text'><p>{_sentences('Reply', 2)}"
        "</p></div></div></div></div></body></html>"
    )


def test_posts_nested_in_one_another_are_read_in_document_order() -> None:
    body = extract(_nested_posts().encode(), url=URL).body or ""
    assert [p.split()[0] for p in body.split("\n\n")] == ["Opening", "Reply"]


def test_text_under_a_headline_of_its_own_is_no_post_of_the_thread() -> None:
    body = extract(_nested_posts("<h2>Another story</h2>").encode(), url=URL).body or ""
    assert "Reply sentence" not in body


def test_a_list_of_partner_sites_after_the_story_credits_no_agency() -> None:
    partners = "".join(
        f"<li><a href='https://{n}.example'>{name}</a></li>"
        for n, name in enumerate(["People's Daily", "Xinhua", "Henan Daily", "Sina", "Ifeng"])
    )
    html = (
        f"<html><body><h1>Spring walks</h1><div class='text'><p>{_sentences('First')}</p>"
        f"<p>{_sentences('Second')}</p></div><div class='links'><ul>{partners}</ul></div>"
        "</body></html>"
    )
    assert extract(html.encode(), url=URL).wire is None


def _story_with(inside: str) -> str:
    return (
        f"<html><body><h1>Spring walks</h1><div class='text'><p>{_sentences('First')}</p>"
        f"{inside}<p>{_sentences('Second')}</p><p>{_sentences('Third')}</p></div></body></html>"
    )


def test_a_donation_box_inside_the_story_stays_out() -> None:
    appeal = (
        "<div class='donation-box'><h3>We offer independent journalism</h3><p>Our reporting "
        "takes time and money, and we rely on readers like you to keep it free for all.</p>"
        "<p>Yes, I want to support this site.</p></div>"
    )
    body = extract(_story_with(appeal).encode(), url=URL).body or ""
    assert "journalism" not in body and "support this site" not in body
    assert body.count("\n\n") == 2


@pytest.mark.parametrize(
    "line",
    [
        "Support independent journalism: donate today.",
        "Donate now and keep our reporting free.",
        "We use cookies to improve your experience.",
        "Jetzt spenden und unabhängigen Journalismus sichern.",
    ],
)
def test_an_appeal_or_a_cookie_line_among_the_paragraphs_stays_out(line: str) -> None:
    body = extract(_story_with(f"<p>{line}</p>").encode(), url=URL).body or ""
    assert line not in body
    assert body.count("\n\n") == 2


def test_a_more_on_this_story_box_ends_the_body() -> None:
    teasers = "<h2>More on this story</h2>" + "".join(
        f"<p>Teaser {n} about another walk in another valley, with a link.</p>" for n in range(3)
    )
    html = (
        f"<html><body><h1>Spring walks</h1><div class='text'><p>{_sentences('First')}</p>"
        f"<p>{_sentences('Second')}</p>{teasers}</div></body></html>"
    )
    body = extract(html.encode(), url=URL).body or ""
    assert "Teaser" not in body and "More on this" not in body
    assert body.count("\n\n") == 1
