"""`python -m macros links`: do the records' links still answer?

Every URL in the records (sources, legal references, impact assessments, source code: any
https:// or http:// address in any field) is asked once, whichever records share it: a HEAD
request, or a GET where the server refuses HEAD, with a bounded timeout and a few requests at
a time. The standard library is enough for that (urllib and a thread pool); a dependency would
buy nothing here. The result is reported per record in Danish and written to LINKS_FILE, which
the build reads to mark a source that could not be fetched at the last check.
"""
from __future__ import annotations

import datetime
import json
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from .content import Content, Item
from .content.link_checks import DEAD, LINKS_FILE
from .yamlio import dotted


URL = re.compile(r"https?://[^\s<>\"')\]]+")
TIMEOUT = 10.0     # seconds before a link counts as dead
SLOW_SECONDS = 5.0         # seconds after which a link that answered counts as slow
WORKERS = 4        # requests at a time: polite to the servers, quick enough for thousands of links
HEAD_REFUSED = {403, 405, 501}  # servers that answer HEAD so, but GET properly
USER_AGENT = "ai-politik-linktjek (+python -m macros links)"

# What a link is after its check, and how a reader is told.
OK, MOVED, SLOW = "ok", "flyttet", "langsom"  # and DEAD, which the build reads


@dataclass(frozen=True)
class Result:
    status: str                 # OK, DEAD, MOVED or SLOW
    code: int | None = None     # the HTTP status (for a moved link, the redirect's), if there was an answer
    seconds: float = 0.0
    location: str | None = None  # where a moved link leads now
    reason: str = ""            # why a dead link is dead, in Danish


def record_urls(record: Item) -> list[tuple[str, str]]:
    """(dotted field, URL) for every URL anywhere in the record, in file order."""
    found = []

    def walk(value, path: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, path + (i,))
        elif isinstance(value, str):
            found.extend((dotted(path), url.rstrip(".,;:")) for url in URL.findall(value))
    walk(record.data, ())
    return found


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are followed by hand, so a moved link can be told from one that answers where it is."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _request(url: str, method: str, timeout: float) -> tuple[int, str | None]:
    """(HTTP status, Location header) of one request, never following a redirect."""
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, None
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location")


def check_url(url: str, timeout: float = TIMEOUT, slow: float = SLOW_SECONDS, max_redirects: int = 5) -> Result:
    start, current, first_move = time.monotonic(), url, None
    try:
        for _ in range(max_redirects + 1):
            left = max(0.1, timeout - (time.monotonic() - start))
            code, location = _request(current, "HEAD", left)
            if code in HEAD_REFUSED:
                code, location = _request(current, "GET", max(0.1, timeout - (time.monotonic() - start)))
            if 300 <= code < 400 and location:
                current = urllib.parse.urljoin(current, location)
                first_move = first_move or code
                continue
            break
        else:
            return Result(DEAD, code, _since(start), reason=f"mere end {max_redirects} viderestillinger")
    except (socket.timeout, TimeoutError):
        return Result(DEAD, None, _since(start), reason=f"svarede ikke inden for {_seconds(timeout)}")
    except urllib.error.URLError as error:
        if isinstance(error.reason, (socket.timeout, TimeoutError)):
            return Result(DEAD, None, _since(start), reason=f"svarede ikke inden for {_seconds(timeout)}")
        return Result(DEAD, None, _since(start), reason=f"kunne ikke forbinde ({error.reason})")
    except (OSError, ValueError) as error:
        return Result(DEAD, None, _since(start), reason=f"kunne ikke hentes ({error})")
    seconds = _since(start)
    if code >= 400:
        return Result(DEAD, code, seconds, reason=f"svarede {code}")
    if current != url:
        return Result(MOVED, first_move, seconds, location=current)
    return Result(SLOW if seconds > slow else OK, code, seconds)


def _since(start: float) -> float:
    return round(time.monotonic() - start, 2)


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " s"


def check_all(urls: list[str], timeout: float = TIMEOUT, slow: float = SLOW_SECONDS, workers: int = WORKERS) -> dict[str, Result]:
    unique = sorted(set(urls))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(unique, pool.map(lambda u: check_url(u, timeout, slow), unique)))


def describe(url: str, result: Result) -> str:
    if result.status == DEAD:
        return f"{url} kan ikke hentes: {result.reason}"
    if result.status == MOVED:
        return f"{url} er flyttet til {result.location} (svar {result.code}); ret adressen"
    return f"{url} er langsom: svarede efter {_seconds(result.seconds)}"


def report(content: Content, results: dict[str, Result]) -> list[str]:
    """Per record, its dead, moved and slow links (field: what is wrong); then the totals."""
    lines = []
    for record in content.records:
        problems = [f"  {field}: {describe(url, results[url])}" for field, url in record_urls(record)
                    if results[url].status != OK]
        if problems:
            lines += [f"{record.source_file} ({record['id']} {record['title']}):", *problems]
    counts = {s: sum(r.status == s for r in results.values()) for s in (DEAD, MOVED, SLOW)}
    lines.append(f"Tjekket {len(results)} adresser i {len(content.records)} registreringer: "
                 f"{counts[DEAD]} kan ikke hentes, {counts[MOVED]} er flyttet, {counts[SLOW]} er langsomme.")
    return lines


def write(root: Path, results: dict[str, Result], checked: datetime.date) -> Path:
    """LINKS_FILE: the date of the check and every link that is not OK (a link not listed answered)."""
    data = {"checked": checked.isoformat(),
            "links": {url: {k: v for k, v in asdict(r).items() if v not in (None, "")}
                      for url, r in sorted(results.items()) if r.status != OK}}
    path = Path(root) / LINKS_FILE
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
