"""Every committed version of the content files, from git, once per build.

One `git log -M --raw` lists the commits that touched registry/ and principles/, with
renames and each version's blob id, so a file's versions follow it across a rename (what
`git log --follow` does for one file, done here for all at once). One `git cat-file --batch`
then reads every version's text by blob id (not commit:path, which walks the folder's tree
each time: 3 ms a version at 5,000 records), and each is parsed and compared with the one before.

Outside a git repository (a copied site, an unpacked archive) there is no history and no
error. In a shallow clone the oldest commits are missing: the oldest version git has of a
file is then marked as such (`complete` is False), never presented as the file's creation.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .yamlio import load_text

HISTORY_DIRS = ["registry", "principles"]


@dataclass(frozen=True)
class Change:
    """One field that differs between two versions; path as in the YAML, e.g. ("ai_act", "risk_level")."""
    path: tuple
    old: object
    new: object


@dataclass
class Version:
    commit: str
    date: str          # the commit's ISO 8601 date, e.g. 2026-03-01T10:00:00+01:00
    message: str       # the commit message's first line
    path: str          # the file's path in this version (before a later rename)
    blob: str          # git's id of the file's text in this version
    data: object       # the parsed YAML; None if this version did not parse
    kind: str = "ændret"  # oprettet, ændret, omdøbt, or ældste kendte (shallow clone boundary)
    changes: list[Change] = field(default_factory=list)  # against the previous version


@dataclass
class History:
    available: bool = False  # False outside git: no history is shown, nothing is wrong
    shallow: bool = False    # a shallow clone: the oldest versions are missing
    versions: dict[str, list[Version]] = field(default_factory=dict)  # current path -> oldest first

    def of(self, path: str) -> list[Version]:
        return self.versions.get(path, [])


def load_history(root: Path, current: dict[str, object]) -> History:
    """The versions of each file in `current` ({path relative to root, as it is now: its parsed data}).

    A file unchanged since its last commit is not parsed again: its newest version is `current`'s data."""
    info = _git(root, ["rev-parse", "--is-shallow-repository", "--show-prefix", "--git-path", "shallow"])
    if info is None:
        return History()
    # prefix: where root sits in the repository ("" at its top), for the paths `git status` prints
    shallow_flag, prefix, shallow_file = (info.decode().splitlines() + ["", "", ""])[:3]
    boundary = set()
    if shallow_flag == "true":
        boundary_path = Path(shallow_file) if Path(shallow_file).is_absolute() else root / shallow_file
        boundary = set(boundary_path.read_text().split()) if boundary_path.exists() else set()
    log = _git(root, ["-c", "core.quotepath=off", "log", "-M", "--raw", "--no-abbrev", "--relative",
                      "--format=%x00%H%x00%cI%x00%s", "--", *HISTORY_DIRS])
    history = History(available=log is not None, shallow=shallow_flag == "true")
    if log is None:
        return history
    chains = _chains(log.decode("utf-8", "replace"), set(current))
    status = _git(root, ["status", "--porcelain", "-z", "--no-renames", "--", *HISTORY_DIRS]) or b""
    edited = {entry[3:].removeprefix(prefix) for entry in status.decode("utf-8", "replace").split("\0") if entry}
    for key, chain in chains.items():  # newest first here
        if key not in edited and chain[0].path == key:
            chain[0].data = current[key]
    texts = _read_blobs(root, {v.blob for chain in chains.values() for v in chain if v.data is None})
    for key, chain in chains.items():
        chain.reverse()  # oldest first
        previous = None
        for index, version in enumerate(chain):
            if version.data is None:
                version.data = _parse(texts.get(version.blob), version.path)
            if index == 0:  # a shallow clone's oldest commit shows every file as added
                version.kind = "ældste kendte" if version.commit in boundary else "oprettet"
            else:
                version.changes = compare(previous, version.data)
                if version.kind == "oprettet":  # re-added at the same path after a deletion
                    version.kind = "ændret"
            previous = version.data
        history.versions[key] = chain
    return history


def _chains(log: str, current: set[str]) -> dict[str, list[Version]]:
    """Walk the log newest first, following each current file back through its renames."""
    alias = {p: p for p in current}  # the file's name at this point of the walk -> its current path
    chains: dict[str, list[Version]] = {}
    for sha, date, message, entries in _commits(log):
        for status, blob, names in entries:
            target = names[-1]
            if target not in alias:
                continue
            key = alias[target]
            kind = "omdøbt" if status.startswith("R") else "oprettet" if status == "A" else "ændret"
            if status == "D":
                del alias[target]  # an older file of the same name is another file
                continue
            chains.setdefault(key, []).append(Version(sha, date, message, target, blob, None, kind))
            if status.startswith("R"):
                del alias[target]
                alias[names[0]] = key
            elif status == "A":
                del alias[target]
    return chains


def _commits(log: str):
    """(sha, date, subject, [(status, new blob id, [path, ...])]) per commit in `git log` order."""
    parts = log.split("\x00")
    # parts: "", sha, date, "subject\n\n:100644 100644 <old blob> <new blob> M\tpath\n...", sha, ...
    for i in range(1, len(parts) - 2, 3):
        sha, date, rest = parts[i], parts[i + 1], parts[i + 2]
        lines = rest.split("\n")
        entries = []
        for line in lines[1:]:
            if line.startswith(":") and "\t" in line:
                meta, *names = line.split("\t")
                fields = meta.split()
                entries.append((fields[4], fields[3], names))
        yield sha, date, lines[0], entries


def _read_blobs(root: Path, blobs: set[str]) -> dict[str, bytes]:
    """Each blob's text through one `git cat-file --batch`."""
    wanted = sorted(blobs)
    if not wanted:
        return {}
    request = "".join(f"{blob}\n" for blob in wanted).encode()
    out = _git(root, ["cat-file", "--batch"], request)
    texts, pos = {}, 0
    for key in wanted:
        if out is None:
            break
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) == 3:
            size = int(header[2])
            texts[key] = out[pos:pos + size]
            pos += size + 1
    return texts


def _parse(text: bytes | None, path: str):
    """The data of an old version, through the same guarded reader as the current files
    (an old version may nest too deep or multiply anchors too: it is then left out, as None)."""
    if text is None:
        return None
    try:
        doc, _ = load_text(text.decode("utf-8"), path)
    except UnicodeDecodeError:
        return None
    return doc.data if doc else None


def compare(old, new) -> list[Change]:
    """The fields that differ: top-level fields, and the fields of a group (owner, ai_act …) one by one."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [] if old == new else [Change((), old, new)]
    changes = []
    for key in list(old) + [k for k in new if k not in old]:
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            changes += [Change((key, *c.path), c.old, c.new) for c in compare(a, b)]
        else:
            changes.append(Change((key,), a, b))
    return changes


def _git(root: Path, args: list[str], stdin: bytes | None = None) -> bytes | None:
    try:
        return subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=True, timeout=300).stdout
    except (OSError, subprocess.SubprocessError):
        return None
