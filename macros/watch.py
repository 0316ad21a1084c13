"""The preview's file watcher: a save is seen when it happens, not found by walking every watched file.

`mkdocs serve` watches with watchdog's PollingObserver: every half second it lists and stats every file
under docs/, registry/, principles/ and smv/ (5,000 records: 5,000 stats, on the serving process's GIL,
twice a second), and a save waits for the next walk. `replace_observer` (macros/hooks.py, on_serve under
`mkdocs serve --dirty`) gives the server an observer that is told of each change by the kernel (inotify)
for the folders; a single file (mkdocs.yml) stays polled, as before, because an editor that saves by
renaming a new file over it would leave a kernel watch on the old one. Where inotify is not available,
the server keeps its own observer.
"""
from __future__ import annotations

import logging
import os

log = logging.getLogger("mkdocs.hooks.macros.watch")


def _changes() -> list:
    """The events that change what the build reads: not opening or reading a file (the build reads
    what it watches: those would start a rebuild after every rebuild)."""
    from watchdog import events as e
    return [e.FileModifiedEvent, e.FileClosedEvent, e.FileCreatedEvent, e.FileDeletedEvent, e.FileMovedEvent,
            e.DirCreatedEvent, e.DirDeletedEvent, e.DirMovedEvent]


class ChangeObserver:
    """What LiveReloadServer uses of an observer (schedule, unschedule, start, stop, join): folders
    by inotify, files by polling."""

    def __init__(self, polling_interval: float = 0.5) -> None:
        from watchdog.observers.inotify import InotifyObserver
        from watchdog.observers.polling import PollingObserver
        self._folders = InotifyObserver()  # OSError where the kernel has no inotify (or no instance left)
        self._files = PollingObserver(timeout=polling_interval)
        self._owner: dict = {}
        self._events = _changes()

    def schedule(self, handler, path, *, recursive: bool = False, **_):
        if os.path.isdir(path):
            watch = self._folders.schedule(handler, path, recursive=recursive, event_filter=self._events)
            self._owner[watch] = self._folders
        else:
            watch = self._files.schedule(handler, path, recursive=recursive)
            self._owner[watch] = self._files
        return watch

    def unschedule(self, watch) -> None:
        self._owner.pop(watch).unschedule(watch)

    def start(self) -> None:
        self._folders.start()
        self._files.start()

    def stop(self) -> None:
        self._folders.stop()
        self._files.stop()

    def join(self, timeout: float | None = None) -> None:
        self._folders.join(timeout)
        self._files.join(timeout)


def replace_observer(server) -> None:
    """Before the server starts watching: its observer replaced by a ChangeObserver, with the paths it
    watches already (docs/, mkdocs.yml) watched by the new one."""
    try:
        observer = ChangeObserver()
    except (ImportError, OSError) as exc:
        log.debug(f"inotify er ikke til rådighed ({exc}); filerne overvåges ved gennemløb som før")
        return
    watched = dict(server._watched_paths)  # path -> how many times watch() was called for it
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = observer
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)
