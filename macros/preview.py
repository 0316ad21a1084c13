"""The preview's bookkeeping, independent of MkDocs: what changed since the last build, and the full build
made again in the background while the preview already shows the saved page.

After a save, macros/hooks.py asks `plan()` what to do: reuse the build (nothing in the content changed),
update it (site.update_build: the saved record's, principle's or guide's own pages made again at once;
listings, matrix, organisation pages, feeds and search follow from a full make_build in the background),
or make it again in full (any other change: settings, schema, organisations, mkdocs.yml).
"""
from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from . import site
from .errors import ContentInvalid

log = logging.getLogger("mkdocs.hooks.macros.preview")

# What make_build reads, relative to the site's root (docs/ is MkDocs' own: it re-renders a saved page there).
SOURCE_DIRS = ("principles", "registry", "smv")
SOURCE_FILES = ("settings.yml", "mkdocs.yml")

Snapshot = dict  # path relative to root -> (mtime_ns, size)


def snapshot(root: Path) -> Snapshot:
    """The size and modification time of every file the build reads."""
    found: Snapshot = {}
    for name in SOURCE_FILES:
        _add(found, root, name)
    for folder in SOURCE_DIRS:
        stack = [folder]
        while stack:
            rel = stack.pop()
            try:
                entries = list(os.scandir(root / rel))
            except OSError:
                continue
            for entry in entries:
                path = f"{rel}/{entry.name}"
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        stack.append(path)
                else:
                    try:
                        st = entry.stat()
                    except OSError:
                        continue
                    found[path] = (st.st_mtime_ns, st.st_size)
    return found


def _add(found: Snapshot, root: Path, name: str) -> None:
    try:
        st = (root / name).stat()
    except OSError:
        return
    found[name] = (st.st_mtime_ns, st.st_size)


def changed(old: Snapshot, new: Snapshot) -> set[str]:
    return {path for path in old.keys() | new.keys() if old.get(path) != new.get(path)}


@dataclass
class Plan:
    kind: str               # "reuse", "update" or "full"
    changed: set[str]


def plan(good: Snapshot | None, now: Snapshot) -> Plan:
    """What a rebuild must do, given the snapshot the last good build was made from."""
    if good is None:
        return Plan("full", set())
    diff = changed(good, now)
    if not diff:
        return Plan("reuse", diff)
    if "mkdocs.yml" in diff or "settings.yml" in diff:
        return Plan("full", diff)
    return Plan("update", diff)


class Background:
    """One full make_build at a time on a thread of its own; `done` is called (on that thread) when a
    build is ready. A request while one runs is remembered and run after it, from the newest files."""

    def __init__(self, root: Path, done) -> None:
        self.root, self.done = root, done
        self._lock = threading.Lock()
        self._running = False
        self._again = False
        self.result: tuple[Snapshot, site.Build] | None = None  # the newest finished build and its sources

    def request(self) -> None:
        with self._lock:
            if self._running:
                self._again = True
                return
            self._running = True
        threading.Thread(target=self._run, name="preview-full-build", daemon=True).start()

    def take(self, now: Snapshot) -> site.Build | None:
        """The finished build if it was made from exactly these files (then it is handed out once)."""
        with self._lock:
            if self.result is not None and self.result[0] == now:
                build, self.result = self.result[1], None
                return build
        return None

    @property
    def running(self) -> bool:
        return self._running

    def _run(self) -> None:
        while True:
            sources = snapshot(self.root)
            try:
                build = site.make_build(self.root)
            except ContentInvalid:
                build = None  # the rebuild that the save started shows the mistakes already
            except Exception:  # a bug must not end the preview silently: said, then the next save tries again
                log.exception("Forhåndsvisningens fulde genopbygning mislykkedes")
                build = None
            with self._lock:
                if build is not None and snapshot(self.root) == sources:
                    self.result = (sources, build)
                again, self._again = self._again, False
                if not again:
                    self._running = False
            if build is not None and self.result is not None and self.result[1] is build:
                self.done()
            if not again:
                return
