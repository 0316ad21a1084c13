"""Run a per-file function on all of the machine's cores when there are many files.

Reading and checking one record is independent of every other record, and at register
scale it is most of `validate` (5,000 records: about 2.5 s on one core, nearly all of it
in PyYAML building an object per parse event and in the schema check). Forked workers
share that work; only their results travel back (pickled), never the inputs.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items per process, starting and feeding a worker costs more than it saves
# (a fork, plus pickling each result back: about 0.1 ms a record, against 0.45 ms to read and check one).
MIN_ITEMS_PER_PROCESS = 200

_job: tuple[Callable, list] | None = None  # what forked workers run, inherited instead of pickled


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    # Only where fork is the safe, usual thing (Linux), and only from a single-threaded process:
    # a thread that holds a lock while we fork (mkdocs serve's server thread) would leave the
    # worker waiting for it forever. Daemon processes may not have children.
    return (sys.platform.startswith("linux") and threading.active_count() == 1
            and not multiprocessing.current_process().daemon)


def process_count(items: int) -> int:
    """How many processes, this one included, map_in_processes uses for this many items."""
    if not _can_fork():
        return 1
    return max(1, min(cores(), items // MIN_ITEMS_PER_PROCESS))


def map_in_processes(func: Callable[[T], R], items: list[T]) -> list[R]:
    """[func(item) for item in items], in that order. With many items, forked workers take
    equal slices of the list and this process the first one, so it is busy while they are."""
    processes = process_count(len(items))
    if processes == 1:
        return [func(item) for item in items]
    size = -(-len(items) // processes)  # ceiling: every slice but the last is this long
    slices = [(start, min(start + size, len(items))) for start in range(size, len(items), size)]
    global _job
    _job = (func, items)
    try:
        # concurrent.futures rather than multiprocessing.Pool: if a worker dies (out of memory,
        # killed), .result() raises BrokenProcessPool instead of waiting forever.
        with ProcessPoolExecutor(len(slices), mp_context=multiprocessing.get_context("fork")) as pool:
            pending = [pool.submit(_run_slice, bounds) for bounds in slices]
            results = [func(item) for item in items[:size]]
            for part in pending:
                results += part.result()
    finally:
        _job = None
    return results


def _run_slice(bounds: tuple[int, int]) -> list:
    func, items = _job
    start, stop = bounds
    return [func(item) for item in items[start:stop]]
