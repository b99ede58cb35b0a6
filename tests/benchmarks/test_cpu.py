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


def test_a_running_child_counts_in_its_parents_tree():
    child = _burn(0.3)
    try:
        time.sleep(0.25)
        running = tree_cpu(os.getpid()) - time.process_time()
        assert running >= 0.1  # the child's CPU so far (interpreter start-up and the loop)
    finally:
        child.wait()


def test_an_ended_child_still_counts_once_waited_for():
    before = tree_cpu(os.getpid()) - time.process_time()
    _burn(0.3).wait()
    after = tree_cpu(os.getpid()) - time.process_time()
    assert after - before >= 0.3


def test_the_meter_splits_the_cpu_per_request_by_part():
    meter = CpuMeter(web_pid=os.getpid(), database_pid=os.getpid())
    before = meter.read()
    _burn(0.2).wait()
    split = CpuMeter.split(before, meter.read(), requests=2)
    assert split.web >= 100  # 0.2 s over 2 requests, in ms
    assert split.total == pytest.approx(split.web + split.database + split.driver)
    assert CpuMeter.split(before, meter.read(), requests=0) is None


def test_the_parent_of_a_process_is_read_from_proc():
    child = _burn(0.05)
    try:
        assert parent_of(child.pid) == os.getpid()
    finally:
        child.wait()
