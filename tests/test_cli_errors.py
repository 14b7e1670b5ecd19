"""Bad input at the command line: one clear line on stderr, a non-zero exit, no traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import click

from polwire.console.main import COMMANDS, cli
from tests.support.cli import polwire, write_config


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_database_names_host_and_database_but_not_the_password(
    tmp_path: Path,
) -> None:
    port = closed_port()
    url = f"postgresql://archivist:hunter2secret@127.0.0.1:{port}/newsdb"
    for args in (("runs",), ("db", "upgrade"), ("--database-url", url, "runs")):
        result = polwire(*args, env={"DATABASE_URL": url, "POLWIRE_HOME": str(tmp_path)})
        assert result.returncode != 0
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert f"127.0.0.1:{port}/newsdb" in lines[0]
        assert "hunter2secret" not in result.stderr + result.stdout
        assert "Traceback" not in result.stderr


def test_malformed_config_names_the_key(tmp_path: Path, db_url: str) -> None:
    env = {"DATABASE_URL": db_url}
    bad_type = write_config(tmp_path / "a.toml", "[scheduler]\nmisfire_grace_seconds = 'soon'\n")
    result = polwire("--config", str(bad_type), "sources", env=env)
    assert result.returncode != 0
    assert "scheduler.misfire_grace_seconds" in result.stderr
    unknown = write_config(tmp_path / "b.toml", '[[sources]]\nname = "x"\nfeds = ["http://a/"]\n')
    result = polwire("--config", str(unknown), "sources", env=env)
    assert result.returncode != 0
    assert "'feds'" in result.stderr and "'feeds'" in result.stderr
    broken = write_config(tmp_path / "c.toml", "[scheduler\n")
    result = polwire("--config", str(broken), "sources", env=env)
    assert result.returncode != 0
    assert "not valid TOML" in result.stderr
    assert all("Traceback" not in r for r in (result.stderr,))


def test_unknown_source_lists_the_known_ones(tmp_path: Path, db_url: str) -> None:
    config = write_config(
        tmp_path / "p.toml", '[[sources]]\nname = "my_site"\nfeeds = ["http://127.0.0.1:9/feed"]\n'
    )
    result = polwire("--config", str(config), "crawl", "my_sit", env={"DATABASE_URL": db_url})
    assert result.returncode != 0
    assert "unknown source 'my_sit'" in result.stderr
    assert "did you mean 'my_site'" in result.stderr
    assert "my_site" in result.stderr.split("Known sources:")[1]


def test_sources_lists_config_sources_as_json(tmp_path: Path, db_url: str) -> None:
    import json

    config = write_config(
        tmp_path / "p.toml",
        '[[sources]]\nname = "my_site"\n'
        'feeds = ["http://127.0.0.1:9/feed"]\n'
        'every_seconds = 30\ncountry = "KR"\n',
    )
    result = polwire(
        "--config", str(config), "sources", "--format", "json", env={"DATABASE_URL": db_url}
    )
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["my_site"]["country"] == "KR"
    assert rows["my_site"]["discovery"] == ["feed"]
    assert rows["my_site"]["schedule"] == "every 30s"


def test_every_command_is_listed_and_none_is_imported_before_it_runs() -> None:
    context = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(context, name)
        assert command is not None and command.name == name, name
    listed = polwire("--help", env={})
    assert listed.returncode == 0
    assert [
        line.split()[0] for line in listed.stdout.split("Commands:")[1].splitlines() if line
    ] == (sorted(COMMANDS))
    # Starting the command line imports no command module, nor what they import.
    probe = (
        "import sys, polwire.console.main; print(sorted(m for m in sys.modules"
        " if m.startswith(('polwire.console.commands.', 'scrapy', 'psycopg', 'crawler.'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert loaded.returncode == 0 and loaded.stdout.strip() == "[]", loaded.stderr


def test_watch_and_gone_refuse_bad_arguments_in_one_line(tmp_path: Path, db_url: str) -> None:
    config = write_config(
        tmp_path / "p.toml", '[[sources]]\nname = "my_site"\nfeeds = ["http://127.0.0.1:9/feed"]\n'
    )
    env = {"DATABASE_URL": db_url, "POLWIRE_CONFIG": str(config)}
    for args, cause in (
        (("watch",), "name sources, or use --all"),
        (("watch", "my_site", "--all"), "name sources, or use --all"),
        (("watch", "my_site", "--due", "--since", "3d"), "--due and --since exclude each other"),
        (("watch", "my_sit"), "unknown source 'my_sit'"),
        (("gone", "--since", "last tuesday"), "use a date"),
        (("gone", "--format", "xml"), "'xml' is not one of"),
    ):
        result = polwire(*args, env=env)
        assert result.returncode != 0, args
        assert cause in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr, args


def test_gone_lists_nothing_on_a_new_archive(db_url: str) -> None:
    result = polwire("gone", "--format", "json", env={"DATABASE_URL": db_url})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
