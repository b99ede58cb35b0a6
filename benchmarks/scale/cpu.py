"""Where a page's time goes at saturation: the CPU that the web server, PostgreSQL and the load
driver each spend per request, read from /proc (Linux) around a measurement.

With clients that never pause, a page's time is the queue (Little's law: clients divided by pages
served per second), and the pages served per second are the machine's cores divided by the CPU
one request costs all three together. These figures say which part that cost is in.
"""

import os
import time
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _own_cpu(pid: int) -> float:
    """User and system CPU seconds of one process (all its threads) and of its children that
    have ended and been waited for; 0 once it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # After the command come state (field 3) …: utime, stime, cutime and cstime are fields 14–17
    # (man 5 proc), so a PostgreSQL backend or gunicorn worker that ends is still counted.
    return sum(int(value) for value in fields[11:15]) / TICKS


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def tree_cpu(pid: int) -> float:
    """CPU seconds of ``pid`` and every process under it (one that has ended counts in its
    parent's figure once the parent has waited for it)."""
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += _own_cpu(current)
        todo += _children(current)
    return total


def parent_of(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("PPid:"):
            return int(line.split()[1])
    raise LookupError(pid)


def available() -> bool:
    return Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists()


@dataclass(frozen=True)
class CpuSplit:
    """CPU milliseconds per answered request, by part."""

    web: float
    database: float
    driver: float

    @property
    def total(self) -> float:
        return self.web + self.database + self.driver


class CpuMeter:
    """Reads the CPU of the web server's process tree, PostgreSQL's and this process (the load
    driver) before and after a measurement."""

    def __init__(self, web_pid: int, database_pid: int):
        self.web_pid, self.database_pid = web_pid, database_pid

    def read(self) -> tuple[float, float, float]:
        return tree_cpu(self.web_pid), tree_cpu(self.database_pid), time.process_time()

    @staticmethod
    def split(before, after, requests: int) -> CpuSplit | None:
        if not requests:
            return None
        web, database, driver = (
            (end - start) * 1000 / requests for start, end in zip(before, after, strict=True)
        )
        return CpuSplit(web=web, database=database, driver=driver)
