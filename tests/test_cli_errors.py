"""Bad input at the command line: one clear line on stderr, a non-zero exit, no traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from polwire.console.main import COMMANDS, cli
from tests.support.cli import REPO, polwire, write_config


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
    assert '[scheduler] misfire_grace_seconds = "soon": must be an integer' in result.stderr
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
        line.split()[0]
        for line in listed.stdout.split("Commands:")[1].split("Docs:")[0].splitlines()
        if line.strip()
    ] == (sorted(COMMANDS))
    # Starting the command line imports no command module, nor what they import.
    probe = (
        "import sys, polwire.console.main; print(sorted(m for m in sys.modules"
        " if m.startswith(('polwire.console.commands.', 'scrapy', 'psycopg', 'crawler.'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert loaded.returncode == 0 and loaded.stdout.strip() == "[]", loaded.stderr


# --- the config is checked at load, whatever the command -----------------------------------

GOOD_SOURCE = '[[sources]]\nname = "good"\nfeeds = ["http://127.0.0.1:9/feed.xml"]\n'


def _refused_at_load(result: subprocess.CompletedProcess[str], key: str) -> str:
    """The one line a bad config gets: exit 2, the key named, no traceback."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert key in lines[0], lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""
    return lines[0]


@pytest.mark.parametrize(
    ("body", "key", "allowed"),
    [
        (
            "[crawl]\nconcurrency_per_domain = 0\n" + GOOD_SOURCE,
            "[crawl] concurrency_per_domain = 0",
            "must be from 1 to 64",
        ),
        (
            GOOD_SOURCE + '[[sources]]\nname = "other"\nfeeds = ["http://127.0.0.1:9/f"]\n'
            'cron = "61 * * * *"\n',
            '[[sources]] #2 (other): cron = "61 * * * *"',
            "5-field crontab",
        ),
        (
            GOOD_SOURCE + 'timezone = "Mars/Olympus"\n',
            '[[sources]] #1 (good): timezone = "Mars/Olympus"',
            "IANA time zone",
        ),
    ],
)
def test_a_bad_value_stops_a_crawl_within_seconds(
    tmp_path: Path, db_url: str, body: str, key: str, allowed: str
) -> None:
    config = write_config(tmp_path / "polwire.toml", body)
    env = {"DATABASE_URL": db_url, "POLWIRE_HOME": str(tmp_path / "home")}
    started = time.monotonic()
    # Unchecked, concurrency_per_domain = 0 hangs the crawl for ever: the timeout fails it.
    result = polwire("--config", str(config), "crawl", "good", env=env, timeout=10)
    assert time.monotonic() - started < 10
    line = _refused_at_load(result, key)
    assert line.startswith(f"error: {config}: ") and allowed in line


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[web]\nport = 99999\n", "[web] port = 99999: must be 1 to 65535, or 0: any free port"),
        ("[alerts]\nsmtp_port = 0\n", "[alerts] smtp_port = 0: must be 1 to 65535"),
        ("[dedupe]\nstory_similarity = 7\n", "[dedupe] story_similarity = 7: must be from 0 to 1"),
        (
            "[health]\nerror_ratio_warning = -0.1\n",
            "[health] error_ratio_warning = -0.1: must be from 0 to 1",
        ),
        ("[health]\nerror_ratio_critical = nan\n", "[health] error_ratio_critical = nan"),
        (
            "[health]\nerror_ratio_warning = 0.6\n",
            "[health] error_ratio_warning = 0.6: must not be above error_ratio_critical (0.5)",
        ),
        (
            '[scheduler]\ntimezone = "Europe/Atlantis"\n',
            '[scheduler] timezone = "Europe/Atlantis": must be an IANA time zone',
        ),
        ('[scheduler]\ndefault_cron = "0 2 * *"\n', '[scheduler] default_cron = "0 2 * *"'),
        ("[scheduler]\nmax_concurrent_crawls = -3\n", "[scheduler] max_concurrent_crawls = -3"),
        ("[scheduler]\nmax_concurrent_crawls = true\n", "must be an integer"),
        (
            '[cluster]\nbroker_url = "http://127.0.0.1:6379/0"\n',
            '[cluster] broker_url = "http://127.0.0.1:6379/0": must be a URL starting redis://',
        ),
        (
            "[cluster]\nheartbeat_seconds = 60\n",
            "[cluster] heartbeat_seconds = 60: must not be above worker_timeout_seconds (30)",
        ),
        ('[alerts]\nemail_to = ["ops"]\n', '[alerts] email_to = ["ops"]'),
        (
            GOOD_SOURCE + '[[sources]]\nname = "good"\nfeeds = ["http://127.0.0.1:9/x"]\n',
            '[[sources]] #2 name = "good": must be unique, [[sources]] #1 has it already',
        ),
        (GOOD_SOURCE + "every_seconds = 0\n", "every_seconds = 0: must be from 1 to"),
        (GOOD_SOURCE + 'country = "japan"\n', 'country = "japan": must be two upper-case'),
        (GOOD_SOURCE + 'cron = "0 2 * * 8"\n', 'cron = "0 2 * * 8"'),
    ],
)
def test_each_bad_key_is_one_line_with_its_table_and_what_it_allows(
    tmp_path: Path, body: str, expected: str
) -> None:
    config = write_config(tmp_path / "polwire.toml", body)
    # No database is reachable: the config is refused before any connection is tried.
    env = {"DATABASE_URL": f"postgresql://x@127.0.0.1:{closed_port()}/x"}
    result = polwire("--config", str(config), "sources", env=env, timeout=60)
    _refused_at_load(result, expected)


# Arguments that let each command's own parsing pass, so the config check is what stops it.
COMMAND_ARGS = {
    "crawl": ("good",),
    "db": ("upgrade",),
    "extract": ("page.html",),
    "import": ("page.html",),
    "logs": ("1",),
    "runs": ("show", "1"),
    "search": ("budget",),
}


def test_every_command_refuses_a_bad_config_the_same_way(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>hi</p>", encoding="utf-8")
    config = write_config(tmp_path / "polwire.toml", GOOD_SOURCE + 'cron = "* * * * * *"\n')
    env = {"DATABASE_URL": f"postgresql://x@127.0.0.1:{closed_port()}/x"}
    for name in COMMANDS:
        result = polwire(
            "--config",
            str(config),
            name,
            *COMMAND_ARGS.get(name, ()),
            env=env,
            cwd=tmp_path,
            timeout=30,
        )
        _refused_at_load(result, '[[sources]] #1 (good): cron = "* * * * * *"')
        # --help still answers: the check runs when the command does.
        helped = polwire("--config", str(config), name, "--help", env=env, timeout=30)
        assert helped.returncode == 0 and "Usage:" in helped.stdout, name


def test_a_good_config_still_loads(tmp_path: Path) -> None:
    config = write_config(
        tmp_path / "polwire.toml",
        '[web]\nport = 0\n[scheduler]\ntimezone = "Asia/Tokyo"\ndefault_cron = "0 2 * * 7"\n'
        "[dedupe]\nstory_similarity = 1\n" + GOOD_SOURCE + 'cron = "*/5 * * * mon-fri"\n',
    )
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>hi</p></body></html>", encoding="utf-8")
    env = {"DATABASE_URL": f"postgresql://x@127.0.0.1:{closed_port()}/x"}
    result = polwire("--config", str(config), "extract", str(page), env=env, timeout=60)
    assert result.returncode == 0, result.stderr


def test_entities_show_of_an_unknown_name_is_one_line(db_url: str) -> None:
    result = polwire("entities", "show", "Nobody Atall", env={"DATABASE_URL": db_url})
    assert (result.returncode, result.stderr.strip().splitlines()) == (
        1,
        ["Error: no entity is named 'Nobody Atall' (see `polwire entities`)"],
    )


def test_search_without_words_or_entity_is_a_usage_error(db_url: str) -> None:
    result = polwire("search", env={"DATABASE_URL": db_url})
    assert (result.returncode, result.stderr.strip().splitlines()[-1]) == (
        2,
        "Error: give words to search for, or --entity NAME, or both",
    )


def _every_command() -> list[tuple[str, ...]]:
    """Each command's path from the top (("db",), ("db", "upgrade"), ...), the top included."""
    context = click.Context(cli)
    paths: list[tuple[str, ...]] = [()]
    for name in COMMANDS:
        command = cli.get_command(context, name)
        paths.append((name,))
        if isinstance(command, click.Group):
            paths += [(name, sub) for sub in command.commands]
    return paths


def test_the_help_of_every_command_ends_with_its_docs_page() -> None:
    runner = CliRunner()
    paths = _every_command()
    assert ("db", "status") in paths and ("runs", "show") in paths
    for path in paths:
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        last = result.output.strip().splitlines()[-1].strip()
        assert last.startswith("Docs: docs/"), (path, last)
        page = REPO / last.removeprefix("Docs: ")
        assert page.is_file(), (path, page)
    db_help = runner.invoke(cli, ["db", "shell", "--help"]).output
    assert db_help.strip().endswith("Docs: docs/database.md")


def test_version_is_the_installed_package_version() -> None:
    from importlib.metadata import version

    result = polwire("--version", env={})
    assert result.returncode == 0
    assert result.stdout == f"polwire {version('polwire')}\n"


def test_crawl_and_import_help_list_their_exit_codes() -> None:
    for command in ("crawl", "import"):
        shown = polwire(command, "--help", env={})
        assert shown.returncode == 0, shown.stderr
        codes = shown.stdout.split("Exit codes:")[1].split()
        assert {"0", "1", "2", "3", "129", "130", "143"} <= set(codes), shown.stdout


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
