"""The policy's editions: annotated git tags `udgave-N` on the commit that holds each edition's text.

One `git for-each-ref` reads every edition tag with its message; `git cat-file --batch` then
reads each tagged commit's principles/ folder (its tree, all editions in one call) and the text
of its files (all in a second call), which the same loader as the working tree's policy reads and
checks (macros.content.policy).

A tag's message gives the edition's name on its first line and its date on a line `Dato:`:

    git tag -a udgave-2 -m "2. udgave" -m "Dato: 2027-03-01"

Outside git, or in a clone without edition tags (a CI checkout often fetches none), there are no
editions and nothing is wrong: the pages say so. In a shallow clone a tagged commit may be
missing; that edition is then listed in `missing`, and the build warns, as it does for history.
"""
from __future__ import annotations

import datetime
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .content.model import Content, Item
from .content.policy import load_policy
from .errors import ContentError

TAG_PREFIX = "udgave-"
DATE_LINE = re.compile(r"^Dato:\s*(\S+)\s*$", re.M)
POLICY_DIR = "principles"
# The fields one record of `git for-each-ref` gives, NUL-separated (the message may span lines).
_FORMAT = "%00".join(["", "%(refname:strip=2)", "%(objecttype)", "%(*objectname)", "%(*objecttype)",
                      "%(contents)", "%(contents:signature)"])


@dataclass
class Edition:
    number: int
    name: str        # as the tag's message names it, e.g. "1. udgave"
    date: str        # ISO date, e.g. 2026-12-02
    tag: str         # udgave-1
    commit: str
    content: Content  # the edition's areas and principles (no records)

    def principle(self, pid: str) -> Item | None:
        return next((p for p in self.content.principles if p["id"] == pid), None)


@dataclass
class Editions:
    available: bool = False   # False outside git: no editions, nothing wrong
    shallow: bool = False     # a shallow clone: a tagged commit may be missing
    editions: list[Edition] = field(default_factory=list)  # by number, oldest first
    missing: list[str] = field(default_factory=list)       # tags whose commit this clone does not have

    @property
    def latest(self) -> Edition | None:
        return self.editions[-1] if self.editions else None

    def in_force(self, date: str) -> Edition | None:
        """The edition in force on an ISO date: the newest dated on or before it (None before the first,
        or for a date that is not a date, such as 'ikke oplyst')."""
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(date)):
            return None
        dated = [e for e in self.editions if e.date <= date]
        return dated[-1] if dated else None

    def of_principle(self, pid: str) -> list[tuple[Edition, Item]]:
        """Every edition that has the principle, oldest first, with its text there."""
        return [(e, p) for e in self.editions if (p := e.principle(pid)) is not None]

    def current_is(self, principle: Item) -> tuple[Edition | None, Edition | None]:
        """(the latest edition, the oldest from which the text has stayed the same) when the principle's
        current text is word for word the latest edition's; (None, None) when it has changed since."""
        latest = self.latest
        text = latest.principle(principle["id"]) if latest else None
        if text is None or text.data != principle.data:
            return None, None
        since = latest
        for edition, text in reversed(self.of_principle(principle["id"])):
            if text.data != principle.data:
                break
            since = edition
        return latest, since

    def policy_is_latest(self, content: Content) -> bool:
        """Whether the current policy (areas and every principle) is word for word the latest edition."""
        latest = self.latest
        if latest is None:
            return False
        return ([a.data for a in latest.content.areas] == [a.data for a in content.areas]
                and [p.data for p in latest.content.principles] == [p.data for p in content.principles])


def load_editions(root: Path, current: Content, shallow: bool | None = None) -> tuple[Editions, list[ContentError]]:
    """Every edition tag in the repository at root, each edition's policy loaded and checked;
    and the problems with the tags or their text (a mistake in a tag stops the build like one in a file).
    shallow: whether the clone is shallow, as the history found it (None: ask git)."""
    if shallow is None:
        shallow = (_git(root, ["rev-parse", "--is-shallow-repository"]) or b"").strip() == b"true"
    out = _git(root, ["for-each-ref", f"--format={_FORMAT}", f"refs/tags/{TAG_PREFIX}*"])
    editions = Editions(available=out is not None, shallow=shallow)
    if out is None:
        return editions, []
    errors: list[ContentError] = []
    tags = []
    parts = out.decode("utf-8", "replace").split("\x00")
    for i in range(1, len(parts) - 5, 6):
        name, kind, peeled, peeled_kind, contents, signature = parts[i:i + 6]
        parsed = _parse_tag(name, kind, peeled, peeled_kind, contents.removesuffix(signature), errors)
        if parsed:
            tags.append(parsed)
    tags.sort(key=lambda t: t[0])
    for (n1, _, d1, tag1, _), (n2, _, d2, tag2, _) in zip(tags, tags[1:]):
        if d2 < d1:
            errors.append(ContentError(tag2, 1, "Dato", f"{tag2} er dateret {d2}, før {tag1} ({d1}); "
                                                        "en ny udgave skal være dateret samme dag eller senere"))
    trees = _cat_file(root, [f"{t[4]}:{POLICY_DIR}" for t in tags])
    files_of, blobs_wanted = {}, set()
    for (number, name, date, tag, commit), tree in zip(tags, trees):
        if tree is None:
            if shallow:
                editions.missing.append(tag)
            else:
                errors.append(ContentError(tag, 1, "", f"commit {commit[:12]}, som {tag} peger på, har ingen mappe "
                                                       f"{POLICY_DIR}/; sæt tagget på en commit med politikkens tekst"))
            continue
        files_of[tag] = {f"{POLICY_DIR}/{file}": blob for file, blob in _tree_entries(tree)
                         if file.endswith(".yml")}
        blobs_wanted |= set(files_of[tag].values())
    wanted = sorted(blobs_wanted)
    texts = dict(zip(wanted, _cat_file(root, wanted)))
    for number, name, date, tag, commit in tags:
        if tag not in files_of:
            continue
        policy = Content(root, today=current.today)
        policy.settings = current.settings
        blobs = {path: texts[blob] for path, blob in files_of[tag].items() if texts.get(blob) is not None}
        before = len(errors)
        load_policy(root, policy, errors, blobs, revision=tag)
        if len(errors) == before:
            editions.editions.append(Edition(number, name, date, tag, commit, policy))
    return editions, errors


def _parse_tag(name: str, kind: str, peeled: str, peeled_kind: str, message: str, errors: list):
    """(number, name, date, tag, commit) of one edition tag, or None with its problems in errors."""
    fix = f"lav det igen: git tag -a -f {name} COMMIT -m \"N. udgave\" -m \"Dato: ÅÅÅÅ-MM-DD\""
    number = name.removeprefix(TAG_PREFIX)
    if not re.fullmatch(r"[1-9][0-9]*", number):
        errors.append(ContentError(name, 1, "", f"en udgaves tag hedder {TAG_PREFIX} og et nummer, fx {TAG_PREFIX}2; "
                                                f"omdøb tagget (git tag {TAG_PREFIX}N {name} && git tag -d {name})"))
        return None
    if kind != "tag" or peeled_kind != "commit":
        what = "et letvægts-tag uden besked" if kind == "commit" else f"et tag på et {peeled_kind or kind}, ikke en commit"
        errors.append(ContentError(name, 1, "", f"tagget er {what}; en udgave er et annoteret tag på en commit, så {fix}"))
        return None
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    title = lines[0] if lines and not DATE_LINE.match(lines[0]) else ""
    if not title:
        errors.append(ContentError(name, 1, "navn", f"tag-beskedens første linje skal være udgavens navn, fx \"{number}. udgave\"; {fix}"))
    date_match = DATE_LINE.search(message)
    date = date_match.group(1) if date_match else ""
    line = next((i + 1 for i, text in enumerate(message.splitlines()) if DATE_LINE.match(text)), 1)
    if not date_match:
        errors.append(ContentError(name, 1, "Dato", f"tag-beskeden mangler linjen \"Dato: ÅÅÅÅ-MM-DD\" med udgavens dato; {fix}"))
    else:
        try:
            datetime.date.fromisoformat(date)
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
                raise ValueError
        except ValueError:
            errors.append(ContentError(name, line, "Dato", f"'{date}' er ikke en dato på formen ÅÅÅÅ-MM-DD, der findes i kalenderen; {fix}"))
            date_match = None
    if not title or not date_match:
        return None
    return int(number), title, date, name, peeled


def _tree_entries(tree: bytes):
    """(name, blob id) of each file in a git tree object (entries: "<mode> <name>\\0<20-byte id>")."""
    pos = 0
    while pos < len(tree):
        space = tree.index(b" ", pos)
        nul = tree.index(b"\x00", space)
        mode, name = tree[pos:space], tree[space + 1:nul].decode("utf-8", "replace")
        oid = tree[nul + 1:nul + 21].hex()
        pos = nul + 21
        if mode.startswith(b"100"):  # a file, not a folder or a submodule
            yield name, oid


def _cat_file(root: Path, objects: list[str]) -> list[bytes | None]:
    """Each object's content (None if missing) through `git cat-file --batch`: one process for the
    trees, one for the blobs."""
    if not objects:
        return []
    out = _git(root, ["cat-file", "--batch"], "".join(f"{o}\n" for o in objects).encode())
    result, pos = [], 0
    for _ in objects:
        if out is None or pos >= len(out):
            result.append(None)
            continue
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] != b"missing":
            size = int(header[2])
            result.append(out[pos:pos + size])
            pos += size + 1
        else:
            result.append(None)
    return result


def _git(root: Path, args: list[str], stdin: bytes | None = None) -> bytes | None:
    try:
        return subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=True, timeout=300).stdout
    except (OSError, subprocess.SubprocessError):
        return None
