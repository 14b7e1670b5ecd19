"""Every gazetteer file loads without a problem, and each kind of mistake in one is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from polwire.entities.loader import (
    GazetteerError,
    gazetteer_files,
    load_gazetteer,
    read_file,
    romanized_korean,
)
from polwire.entities.model import KINDS
from polwire.entities.offices import load_office_words

SAMPLE = Path(__file__).parent / "support" / "entities_sample.toml"


@pytest.mark.parametrize("path", [*gazetteer_files(), SAMPLE], ids=lambda p: p.name)
def test_gazetteer_file_is_valid(path: Path) -> None:
    entities, problems = read_file(path, load_office_words())
    assert problems == []
    assert entities


def test_whole_gazetteer_loads_with_unique_ids() -> None:
    entities = load_gazetteer([*gazetteer_files(), SAMPLE] if not gazetteer_files() else None)
    ids = [entity.id for entity in entities]
    assert len(ids) == len(set(ids))
    assert {entity.kind for entity in entities} <= set(KINDS)


def test_sample_names_in_both_chinese_scripts() -> None:
    (xi,) = [e for e in load_gazetteer([SAMPLE]) if e.id == "cn-xi-jinping"]
    assert (xi.names["zh-Hans"], xi.names["zh-Hant"][0]) == (("习近平",), "習近平")


def test_korean_names_are_romanized() -> None:
    assert romanized_korean("이재명") == "I Jaemyeong"


def test_romanization_leaves_what_is_not_a_korean_name() -> None:
    assert [romanized_korean(n) for n in ("이", "Lee", "도널드 트럼프")] == [None, None, None]


BROKEN = """
[[entity]]
id = "jp-a"
kind = "person"
name = "A"
country = "JP"
en = ["A"]
offices = [{ office = "emperor", of = "JP", start = "2020-01-01" }]

[[entity]]
id = "jp-b"
kind = "robot"
name = "B"
country = "JP"
ja = ["B"]
wikidata = "42"
offices = [
  { office = "head_of_government", of = "JP", start = "2020-13-01" },
  { office = "head_of_government", of = "JP", start = "2021-01-01", end = "2020-01-01" },
]

[[entity]]
id = "jp-b"
kind = "party"
name = "B"
country = "JP"
ja = ["B党"]
"""


def test_broken_file_names_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "jp.toml"
    path.write_text(BROKEN, "utf-8")
    with pytest.raises(GazetteerError) as raised:
        load_gazetteer([path])
    assert str(raised.value).splitlines() == [
        "jp.toml: entity jp-a: a person of this country needs at least one CJK name (ja, ko or zh)",
        "jp.toml: entity jp-a: office 'emperor' is unknown (see offices.toml)",
        "jp.toml: entity jp-b: kind 'robot' is not one of person, party, organization",
        "jp.toml: entity jp-b: wikidata '42' is not a Q-number",
        "jp.toml: entity jp-b: start '2020-13-01' is not an ISO date",
        "jp.toml: entity jp-b: office head_of_government: end 2020-01-01 before start 2021-01-01",
    ]


def test_unparsable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "kr.toml"
    path.write_text("[[entity]\nid = ", "utf-8")
    _, problems = read_file(path, load_office_words())
    assert [p.split(":")[0] for p in problems] == ["kr.toml"]
