"""Find the article text container and read its paragraphs, leaving captions, widgets, ads out.

The rules live in modules by what they do: ``tags`` and ``names`` (what an element is by its
tag and its class names), ``container`` (the block holding the story), ``parts`` and
``threads`` (what continues the story beside it), ``reading`` (its paragraphs as blocks,
tables and passages), ``leads`` (what opens it above), ``junk`` (lines that are no prose),
``endings`` (where it stops), and ``words`` (their word lists, per language).
"""

from __future__ import annotations

from crawler.extraction.body.container import find_container
from crawler.extraction.body.endings import ends_as_sentence, lines_after, trim_trailing_furniture
from crawler.extraction.body.junk import clean_paragraphs, is_date_furniture
from crawler.extraction.body.leads import find_leads, find_standfirst
from crawler.extraction.body.names import BODY_HINT, in_side_box, in_side_box_nearby
from crawler.extraction.body.parts import story_parts
from crawler.extraction.body.reading import PASSAGE_LINE, TABLE_CELL, collect_blocks

__all__ = [
    "BODY_HINT",
    "PASSAGE_LINE",
    "TABLE_CELL",
    "clean_paragraphs",
    "collect_blocks",
    "ends_as_sentence",
    "find_container",
    "find_leads",
    "find_standfirst",
    "in_side_box",
    "in_side_box_nearby",
    "is_date_furniture",
    "lines_after",
    "story_parts",
    "trim_trailing_furniture",
]
