"""Byline cleaning: what a byline prints beside the name never becomes a name."""

from __future__ import annotations

import pytest

from crawler.extraction.authors import clean_authors


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (["Joshua Sokol May 20, 2019"], ["Joshua Sokol"]),
        (["By GILLIAN MOHNEY March 11, 2015 3:46 PM"], ["GILLIAN MOHNEY"]),
        (["By", "Joshua Sokol"], ["Joshua Sokol"]),
        (["Dan Goodin", "Email"], ["Dan Goodin"]),
        (["Ben Silverman Games", "Ben Silverman"], ["Ben Silverman"]),
        (["More by Richard Eskow"], ["Richard Eskow"]),
        (["Von Anna Schmidt"], ["Anna Schmidt"]),
    ],
)
def test_bylines(raw: list[str], names: list[str]) -> None:
    assert clean_authors(raw) == names


def test_two_people_who_share_a_first_name_stay_apart() -> None:
    assert clean_authors(["Anna Schmidt", "Anna Schmidt-Weber"]) == [
        "Anna Schmidt",
        "Anna Schmidt-Weber",
    ]
