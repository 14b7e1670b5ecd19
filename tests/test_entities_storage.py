"""The gazetteer in PostgreSQL: synced once per checksum, names resolved in any spelling, tags
of an article replaced as a whole."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from polwire.entities.loader import load_gazetteer
from polwire.storage.entities import (
    UnknownEntity,
    resolve_entity,
    store_entity_tags,
    sync_entities,
)

SAMPLE = Path(__file__).parent / "support" / "entities_sample.toml"


@pytest.fixture
def synced(db: psycopg.Connection, monkeypatch: pytest.MonkeyPatch) -> psycopg.Connection:
    monkeypatch.setenv("POLWIRE_GAZETTEER", str(SAMPLE))
    sync_entities(db, load_gazetteer([SAMPLE]), "sample")
    return db


def test_sync_writes_once_per_checksum(db: psycopg.Connection) -> None:
    entities = load_gazetteer([SAMPLE])
    writes = [sync_entities(db, entities, "a"), sync_entities(db, entities, "a")]
    count = db.execute("SELECT count(*) FROM entities").fetchone()
    assert (writes, count) == ([True, False], (len(entities),))


@pytest.mark.parametrize(
    "name", ["Lee Jae-myung", "lee jae myung", "LeeJaemyung", "이재명", "李在明", "I Jaemyeong"]
)
def test_any_spelling_resolves(synced: psycopg.Connection, name: str) -> None:
    assert resolve_entity(synced, name) == "kr-lee-jae-myung"


def test_full_name_wins_over_another_entity_short_form(synced: psycopg.Connection) -> None:
    # 民主党 is the DPJ's full Japanese name and the US Democrats' short one.
    assert resolve_entity(synced, "民主党") == "jp-democratic-party-of-japan"


def test_a_shared_short_form_names_the_candidates(synced: psycopg.Connection) -> None:
    with pytest.raises(UnknownEntity) as raised:
        resolve_entity(synced, "김")
    assert raised.value.matches == ["kp-kim-jong-un", "kr-kim-dae-jung"]


def test_tags_of_an_article_are_replaced(synced: psycopg.Connection) -> None:
    row = synced.execute(
        "INSERT INTO articles (source, url, title, body, content_hash)"
        " VALUES ('s', 'https://s.example/1', 't', 'b', 'h') RETURNING id"
    ).fetchone()
    assert row is not None
    article = int(row[0])
    store_entity_tags(synced, [article], [{"jp-ishiba-shigeru": 2, "cn-xi-jinping": 1}])
    store_entity_tags(synced, [article], [{"kr-lee-jae-myung": 3, "no-such-entity": 1}])
    tags = synced.execute("SELECT entity_id, mentions FROM article_entities").fetchall()
    assert tags == [("kr-lee-jae-myung", 3)]
