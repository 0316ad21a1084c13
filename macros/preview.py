"""The preview's bookkeeping, independent of MkDocs: what changed since the last build, and the full build
made again in the background while the preview already shows the saved page.

After a save, macros/hooks.py asks `plan()` what to do: reuse the build (nothing in the content changed),
update it (site.update_build: the saved record's, principle's or guide's own pages made again at once;
listings, matrix, organisation pages, feeds and search follow from a full make_build in the background),
or make it again in full (any other change: settings, schema, organisations, mkdocs.yml).
"""
from __future__ import annotations

import atexit
import logging
import os
import pickle
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from . import export, site
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
    """One full make_build at a time, in a process of its own (`python -m macros.preview`, below), so it
    never holds the serving process's GIL nor slows its next quick answer: it runs at a lower priority,
    writes the pages and files whose bytes changed beside the cache folder, and says it is done by
    writing the signal file (a file `mkdocs serve` watches). The next rebuild takes its result (take).

    A new save supersedes it (stop, then start again); it ends with the serving process, however that
    ends (stop from on_shutdown and at exit, and the kernel's parent-death signal otherwise)."""

    def __init__(self, root: Path, cache: Path, signal: Path) -> None:
        self.root, self.cache, self.signal = Path(root), Path(cache), Path(signal)
        self._proc: subprocess.Popen | None = None
        self._work: Path | None = None
        self._count = 0
        atexit.register(self.stop)

    def start(self) -> None:
        """A full build of the files as they are now; one that is running is stopped first."""
        self.stop()
        self._count += 1
        self._work = self.cache / WORK / str(self._count)
        self._work.mkdir(parents=True)
        package = str(Path(__file__).resolve().parent.parent)  # this macros package, not another one
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package, os.environ.get("PYTHONPATH")]))}
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "macros.preview", str(self.root), str(self.cache), str(self._work),
             str(self.signal), str(os.getpid())],
            cwd=self.root, env=env, stdin=subprocess.DEVNULL,
            start_new_session=True)  # its own process group: stop() ends what it starts too (git)

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def stop(self) -> None:
        """End the running build (and every process it started), if any; its result is dropped."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        proc.wait()
        # Its folder is left for the next build to remove (that costs this process nothing now).

    def take(self, now: Snapshot, good: tuple[Snapshot, site.Build] | None) -> site.Build | None:
        """The finished build, if it was made from exactly these files, which are also those of good
        (the newest build this process made: its content is the background build's too). Its changed
        pages and files are moved into the cache folder (export.move_in); the others are good's."""
        proc, work = self._proc, self._work
        if proc is None:
            return None
        report_file = work / REPORT
        if not report_file.exists():  # still building, or it ended without a result
            if proc.poll() is None:
                return None
            self._proc = None
            return None
        # The report is its last write before the signal: it is done, though it may not have exited yet
        # (the signal's rebuild can start within milliseconds of the write).
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.stop()
            return None
        self._proc = None
        if proc.returncode != 0 or good is None or good[0] != now:
            return None
        report: Report = pickle.loads(report_file.read_bytes())
        if report.sources != now:
            return None
        fresh = export.move_in(work / STAGED, self.cache, report.staged)
        previous = good[1]

        def text(uri: str, kind: str, old):
            if uri in fresh:
                return fresh[uri]
            if old is not None and not isinstance(old, Path):
                return old
            data = (self.cache / uri).read_bytes()  # unchanged since a build before good
            return data.decode("utf-8") if kind == "str" else data

        build = site.Build(previous.content, history=report.history, editions=report.editions)
        for uri, source_file, in_nav in report.pages:
            old = previous.pages.get(uri)
            build.add(uri, text(uri, "str", old.markdown if old else None), source_file, in_nav)
        for uri, kind in report.files.items():
            build.files[uri] = kind if isinstance(kind, Path) else text(uri, kind, previous.files.get(uri))
        shutil.rmtree(work, ignore_errors=True)
        return build


WORK = ".preview-background"  # under the cache folder: a folder per background build
STAGED = "staged"  # the pages and files it made whose bytes differ from the cache folder's
REPORT = "report.pickle"


@dataclass
class Report:
    """What the background build hands the serving process, besides its staged files."""

    sources: Snapshot
    pages: list[tuple[str, str, bool]]  # uri, source_file, in_nav, in make_build's order
    files: dict[str, Path | str]  # uri -> the source file published as is, or "str" / "bytes"
    staged: dict[str, str]  # uri -> "str" / "bytes": written under STAGED
    history: object
    editions: object


def _end_with(parent: int) -> None:
    """This process ends when the serving process ends, however it ends: the kernel kills it then
    (PR_SET_PDEATHSIG, Linux), and a thread that sees it has a new parent ends it otherwise. That thread
    also keeps the build in one process (macros/parallel.py forks only from a single-threaded process),
    so there are no workers of its own to outlive it; it runs on one core, at a lower priority."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os.killpg(0, signal.SIGKILL)
    threading.Thread(target=watch, name="preview-ends-with-serve", daemon=True).start()


def _background_build(root: Path, cache: Path, work: Path, ready: Path, parent: int) -> int:
    _end_with(parent)
    try:
        os.nice(10)
    except OSError:
        pass
    for old in work.parent.iterdir():  # the folders of builds stopped before they were taken
        if old != work:
            shutil.rmtree(old, ignore_errors=True)
    sources = snapshot(root)
    try:
        build = site.make_build(root)
    except ContentInvalid:
        return 1  # the quick rebuild that the save started shows the mistakes
    if snapshot(root) != sources:
        return 1  # saved again meanwhile: the next background build makes it
    staged = export.stage_changes(build, cache, work / STAGED)
    report = Report(sources, [(p.uri, p.source_file, p.in_nav) for p in build.pages.values()],
                    {uri: source if isinstance(source, Path) else type(source).__name__
                     for uri, source in build.files.items()},
                    staged, build.history, build.editions)
    tmp = work / (REPORT + ".tmp")
    tmp.write_bytes(pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(work / REPORT)
    ready.parent.mkdir(parents=True, exist_ok=True)
    ready.write_text(str(time.time_ns()), encoding="utf-8")  # mkdocs serve rebuilds and takes it
    return 0


if __name__ == "__main__":  # python -m macros.preview ROOT CACHE WORK SIGNAL PARENT_PID (from Background)
    from macros import preview  # the module by its name, so the report unpickles in the serving process
    root_, cache_, work_, signal_, parent_ = sys.argv[1:6]
    code = preview._background_build(Path(root_), Path(cache_), Path(work_), Path(signal_), int(parent_))
    logging.shutdown()
    os._exit(code)  # at once: tearing down the full build's objects would only cost time
