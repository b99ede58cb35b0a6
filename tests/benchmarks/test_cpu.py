"""The scale benchmark's CPU accounting (benchmarks/scale/cpu.py) reads the real /proc figures of a
process tree: a child's CPU counts while it runs and after it has ended and been waited for."""

import os
import subprocess
import sys
import time

import pytest

from benchmarks.scale.cpu import CpuMeter, available, parent_of, tree_cpu

pytestmark = pytest.mark.skipif(not available(), reason="needs Linux /proc with children lists")

BURN = "import time\nend = time.process_time() + {seconds}\nwhile time.process_time() < end: pass\n"


def _burn(seconds: float) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", BURN.format(seconds=seconds)])


def _children_cpu() -> float:
    return tree_cpu(os.getpid()) - time.process_time()


def test_a_running_child_counts_in_its_parents_tree():
    before = _children_cpu()
    child = _burn(0.5)
    seen = 0.0
    # Read while it runs (however busy the machine): the last reading is near its 0.5 s.
    while child.poll() is None:
        seen = max(seen, _children_cpu() - before)
        time.sleep(0.01)
    assert seen >= 0.3


def test_an_ended_child_still_counts_once_waited_for():
    before = _children_cpu()
    _burn(0.3).wait()
    assert _children_cpu() - before >= 0.29  # /proc counts in ticks (10 ms)


def test_the_meter_splits_the_cpu_per_request_by_part():
    meter = CpuMeter(web_pid=os.getpid(), database_pid=os.getpid())
    before = meter.read()
    _burn(0.3).wait()
    split = CpuMeter.split(before, meter.read(), requests=2)
    assert split.web >= 140  # 0.3 s over 2 requests, in ms, counted in ticks of 10 ms
    assert split.total == pytest.approx(split.web + split.database + split.driver)
    assert CpuMeter.split(before, meter.read(), requests=0) is None


def test_the_parent_of_a_process_is_read_from_proc():
    child = _burn(0.05)
    try:
        assert parent_of(child.pid) == os.getpid()
    finally:
        child.wait()
