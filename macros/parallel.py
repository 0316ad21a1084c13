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
    """[func(item) for item in items], in that order, on all cores when there are many items."""
    return start_in_processes(func, items).result()


# The items are handed out in chunks: forked workers take them from the end of the list, this process from
# the start when it asks for the result, until the two meet. So the work balances itself whatever this
# process did in between (validate reads the policy while the workers read records) and however fast each
# core is, and each chunk's results are unpickled (by the executor's thread here) while the rest is still
# being read, not all at the end. With 40 chunks a process, waiting for the workers' last chunks
# costs a few records' time.
CHUNKS_PER_PROCESS = 40


class Started:
    """Work begun by start_in_processes. result(): [func(item) for item in items], in order, doing
    what no worker has begun in this process. close(): stop what has not begun (when the caller
    gives up before asking for the result)."""

    def __init__(self, func: Callable, items: list, chunks: list[tuple[int, int]] | None = None, pool=None, pending=None):
        self._func, self._items, self._chunks, self._pool, self._pending = func, items, chunks, pool, pending

    def result(self) -> list:
        func, items = self._func, self._items
        if self._pool is None:
            return [func(item) for item in items]
        results: list = []
        try:
            mine = 0  # the chunks from the start that no worker had begun
            for future in self._pending:
                if not future.cancel():
                    break
                start, stop = self._chunks[mine]
                results += [func(item) for item in items[start:stop]]
                mine += 1
            for future in self._pending[mine:]:
                results += future.result()
        finally:
            self.close()
        return results

    def close(self) -> None:
        global _job
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            _job = None


def start_in_processes(func: Callable[[T], R], items: list[T]) -> Started:
    """Begin [func(item) for item in items] in forked workers, if there are enough items, and return at once.
    The workers inherit func and items (they are not pickled); only their results travel back.
    One Started at a time: the next may begin when the last one's result() or close() has returned."""
    processes = process_count(len(items))
    if processes == 1:
        return Started(func, items)
    size = max(1, -(-len(items) // (processes * CHUNKS_PER_PROCESS)))
    chunks = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    global _job
    _job = (func, items)
    # concurrent.futures rather than multiprocessing.Pool: if a worker dies (out of memory,
    # killed), .result() raises BrokenProcessPool instead of waiting forever.
    pool = ProcessPoolExecutor(processes - 1, mp_context=multiprocessing.get_context("fork"))
    try:
        # Submitted last chunk first: the workers work from the end, this process from the start.
        pending = [pool.submit(_run_slice, bounds) for bounds in reversed(chunks)][::-1]
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        _job = None
        raise
    return Started(func, items, chunks, pool, pending)


def _run_slice(bounds: tuple[int, int]) -> list:
    func, items = _job
    start, stop = bounds
    return [func(item) for item in items[start:stop]]
