"""The build's date and time, so the same commit gives the same bytes in every file.

Never the clock. In order:

1. `SOURCE_DATE_EPOCH` (seconds since 1970, UTC), the reproducible-builds convention: a
   scheduled rebuild that should move "today" forward (overdue reviews) sets it.
2. In a git checkout, the last commit's date, in the committer's time zone, so its date is the
   day the committer saw. Files changed since that commit (a contributor's preview) move it to
   the newest of their modification times: uncommitted files are not that commit.
3. Outside git (an unpacked archive), the newest modification time of the site's sources.

The rule that what has happened is not in the future checks against the real date instead
(macros/content/__init__.py): it publishes nothing, and old commit dates must not break it.

MkDocs reads `SOURCE_DATE_EPOCH` itself (the sitemap's dates, the gzip header of
sitemap.xml.gz): macros/hooks.py sets it from here when it is not set.
"""
from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

ENV = "SOURCE_DATE_EPOCH"
SOURCES = ["settings.yml", "mkdocs.yml", "docs", "principles", "registry", "smv", "overrides"]


class BadEpoch(ValueError):
    """SOURCE_DATE_EPOCH is set but is not a whole number of seconds."""


def build_time(root: Path) -> datetime.datetime:
    """The build's moment as an aware datetime (see the module's docstring)."""
    value = os.environ.get(ENV)
    if value is not None:
        try:
            return datetime.datetime.fromtimestamp(int(value.strip()), datetime.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise BadEpoch(f"Miljøvariablen {ENV} skal være et helt antal sekunder siden 1. januar 1970 (UTC), "
                           f"fx 1767225600; den er {value!r}. Ret den, eller fjern den, så datoen tages fra "
                           f"seneste commit.") from None
    root = Path(root)
    commit = _git(root, ["log", "-1", "--format=%cI", "HEAD"])
    if commit:
        moment = datetime.datetime.fromisoformat(commit.strip())
        changed = _git(root, ["status", "--porcelain", "-z", "--no-renames", "--untracked-files=all", "--", *SOURCES])
        paths = [entry[3:] for entry in (changed or "").split("\0") if len(entry) > 3]
        prefix = (_git(root, ["rev-parse", "--show-prefix"]) or "").strip()
        newest = _newest_mtime(root / p.removeprefix(prefix) for p in paths)
        if newest and newest > moment:
            moment = newest.astimezone(moment.tzinfo)
        return moment
    newest = _newest_mtime(p for name in SOURCES for p in _walk(root / name))
    return newest or datetime.datetime(1980, 1, 1, tzinfo=datetime.timezone.utc)


def after_saving(moment: datetime.datetime, root: Path, saved) -> datetime.datetime:
    """The build's moment once the files saved (paths relative to root) changed since a build at moment,
    without asking git or walking the sources again (the preview, after every save): a saved file moves
    it forward to its modification time, as build_time would. SOURCE_DATE_EPOCH still decides when set.
    (A file saved back to its committed text moves it too: the next full build says the commit's moment.)"""
    if ENV in os.environ:
        return moment  # read from it by the build at moment
    newest = _newest_mtime(Path(root) / path for path in saved)
    return newest.astimezone(moment.tzinfo) if newest and newest > moment else moment


def epoch(moment: datetime.datetime) -> str:
    return str(int(moment.timestamp()))


def _walk(path: Path):
    if path.is_file():
        yield path
    elif path.is_dir():
        yield from _files_under(str(path))


def _files_under(folder: str):
    """Every file under folder but __pycache__, as os.DirEntry (it has .stat() as a Path has).
    os.scandir rather than Path.rglob: its entries know whether they are files without a stat each,
    and no Path is made per file (a site with 5,000 records has over 5,000 files here, and
    validate walks them before it reads one)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=True):
                if entry.name != "__pycache__":
                    yield from _files_under(entry.path)
            elif entry.is_file(follow_symlinks=True):
                yield entry
        except OSError:
            continue


def _newest_mtime(paths) -> datetime.datetime | None:
    times = []
    for path in paths:
        try:
            times.append(path.stat().st_mtime)
        except OSError:
            continue  # deleted since the commit
    if not times:
        return None
    # Whole seconds, local time zone: as a person at this machine would read the file's date.
    return datetime.datetime.fromtimestamp(int(max(times)), datetime.timezone.utc).astimezone()


def _git(root: Path, args: list[str]) -> str | None:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True,
                              timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
