"""Migrations: numbered without gaps, applied all or nothing, and never edited once landed."""

from __future__ import annotations

import psycopg
import pytest

from polwire.storage.errors import MigrationError
from polwire.storage.migrate import Migration, available_migrations, upgrade

# The SHA-256 of every landed migration. A new migration adds its line here; a changed
# line means a landed migration was edited, which databases that applied it would refuse.
LANDED = {
    1: "0b8e6f5be81058f9a04fe5ee93b36fbf320d8fb56374ffc63cbeb1fcfda9c790",
    2: "5ffcc1918a93516ddafec09a2dc2ff2d4e30ef1eca0c0c11bf5498a340eb316c",
    3: "a928b5e955a19c2594cd80dfdb8c6fe920c765e1d6a25e9cc101f1162d57c08f",
    4: "aee417a28bf1f1d8485401dad1fea9fd6b0b6dfbe43d6b492fec577dd6b14579",
    5: "b4c3167577598fe344548cd9ebe3531566ca4f4ef8d111bf4b6328b4e2792633",
    6: "ac93bb863ef8b1339dacfa0c148fef1d7ee7e500c6f0bcd6d62e90a7aa7217aa",
    7: "2450215744fa9841bbf680d75815b1c25b8d3204b468950ee9f24d1ce535f32d",
    8: "4fc4f8ed475a0f26262f7754a29ca3ec45b0bbea92c6c71ec43f1af2cc40b353",
    9: "c40e4a0547e9ec7c3720fd5a4dc6d1be148fd31c60b3b58c8c4f59ae2dc188ac",
    10: "af7241e37aaf1da382591ee839f901446f3cf20b15a1bfda90157bcc6f381b0d",
    11: "a2d6fb398d15a11702d7694b8840bf9cdee82cce283bfcfedd03d36bcb2e948a",
    12: "c6f04653d30b758a2c7c21e992922248d1261f3e3f1d1047ca65d874c69eeb0a",
    13: "c57439516b7cb354c781db6d6a9e3f845957bba4bee60ad9324abd2ba07d3302",
    14: "1f8cab2915e9a992550b08971d85c861bf48798b61920d18998fc1ac00044ebb",
}


def test_numbers_run_from_one_without_a_gap() -> None:
    versions = [m.version for m in available_migrations()]
    assert versions == list(range(1, len(versions) + 1))


def test_no_landed_migration_was_edited() -> None:
    assert {m.version: m.checksum for m in available_migrations()} == LANDED


def test_an_upgrade_records_each_migration_with_its_checksum(
    db: psycopg.Connection[tuple[object, ...]],
) -> None:
    recorded = dict(db.execute("SELECT version, checksum FROM schema_migrations").fetchall())
    assert recorded == LANDED
    assert upgrade(db) == []  # nothing pending: nothing applied again


def test_an_edited_migration_stops_the_upgrade(db: psycopg.Connection[tuple[object, ...]]) -> None:
    db.execute("UPDATE schema_migrations SET checksum = 'as it once was' WHERE version = 3")
    with pytest.raises(MigrationError, match=r"0003_stories changed after it was applied"):
        upgrade(db)


def test_a_failing_migration_leaves_nothing_of_the_upgrade(
    db: psycopg.Connection[tuple[object, ...]],
) -> None:
    next_version = max(LANDED) + 1
    pending = [
        *available_migrations(),
        Migration(next_version, "adds_a_table", "CREATE TABLE upgrade_probe (id integer)"),
        Migration(next_version + 1, "breaks", "ALTER TABLE no_such_table ADD COLUMN x integer"),
    ]
    with pytest.raises(MigrationError, match=r"_breaks failed: .*no_such_table"):
        upgrade(db, pending)
    assert db.execute("SELECT to_regclass('upgrade_probe')").fetchone() == (None,)
    assert db.execute("SELECT max(version) FROM schema_migrations").fetchone() == (max(LANDED),)
