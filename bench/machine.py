"""What the benches print beside their ratios: how busy this machine is, and the CPU their
child processes (and this machine's PostgreSQL) used."""

from __future__ import annotations

import os
import resource


def load() -> str:
    """The load averages over 1, 5 and 15 minutes."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


LOAD_AT_START = load()  # taken when the bench imports this module


def load_line() -> str:
    """The load at the bench's start and now, and how to read it."""
    return (
        f"load average at start {LOAD_AT_START}, at end {load()} (2 cores: above ~1 the"
        " machine is shared and ratios of parallel runs understate)"
    )


def children_cpu() -> float:
    """User + system CPU seconds of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def postgres_cpu() -> float:
    """CPU seconds of this machine's PostgreSQL so far: its live processes' own and, through
    the postmaster, its ended backends' (Linux /proc; 0 where it cannot be read)."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/comm") as comm:
                if not comm.read().startswith("postgres"):
                    continue
            with open(f"/proc/{entry.name}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        total += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    return total / os.sysconf("SC_CLK_TCK")
