"""How long `mkdocs serve` takes to show a changed record, at register scale.

A copy of the site with N synthetic records is served as `make serve` serves it (`mkdocs serve --dirty`;
`--clean` for plain `mkdocs serve`, as before issue 25); once the first build is done, one record's title
is changed, and from the save:

  rebuild   until MkDocs logs "Reloading browsers" (the open page reloads itself then)
  page      until the record's page, asked for over HTTP every 0.1 s, has the new title
  during    (--dirty only) then a second record is saved as soon as the lists start to follow (MkDocs
            begins the build that takes the background build's pages): until that record's page has it
  listing   until the register's overview (/register/, the record is on its first page) has the last
            saved title: the pages that list records follow from a full build in the background
            (macros/preview.py), a share at a time

and whether the saved record's page showed the preview's *Forhåndsvisning* box (the lists are on their
way), and when it was gone (the lists had come).

Prints a table; the first build is the baseline.

    python bench/serve_rebuild.py --sizes 1000 --runs 3
    python bench/serve_rebuild.py --sizes 1000 --runs 1 --clean
"""
from __future__ import annotations

import argparse
import html
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ENV, copy_site, principle_ids  # noqa: E402
from synthetic import make_records, write_records  # noqa: E402

DONE = "Reloading browsers"  # MkDocs logs this when a (re)build has finished


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(lines: queue.Queue, text: str, timeout: float) -> float:
    """Seconds until a log line containing text (from now)."""
    start = time.perf_counter()
    while True:
        left = timeout - (time.perf_counter() - start)
        if left <= 0:
            raise SystemExit(f"mkdocs serve: '{text}' kom ikke inden for {timeout:.0f} s")
        line = lines.get(timeout=left)
        if text in line:
            return time.perf_counter() - start


def _until_served(url: str, text: str, start: float, timeout: float, absent: str | None = None) -> float:
    """Seconds from start until the page at url contains text (and not absent, if given)."""
    global _last_body
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read().decode("utf-8")
                if text in body and (absent is None or absent not in body):
                    _last_body = body
                    return time.perf_counter() - start
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise SystemExit(f"{url}: '{text}' kom ikke inden for {timeout:.0f} s")


_last_body = ""  # the page _until_served found
NOTICE = 'class="admonition-title">Forhåndsvisning<'  # the saved page's "the lists follow" box


def measure(n: int, runs: int, work: Path, clean: bool = False) -> dict:
    root = copy_site(work / "site")
    records = make_records(n, principle_ids(root))
    paths = write_records(records, root / "registry")
    slugs = {p: r["slug"] for p, r in zip(paths, records)}
    port = _free_port()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"] + ([] if clean else ["--dirty"])
    proc = subprocess.Popen(cmd, cwd=root,
                            env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    try:
        first = _wait_for(lines, "Serving on", 3600)
        rebuilds, pages, listings, during, notice_gone, noticed = [], [], [], [], [], 0
        base = f"http://127.0.0.1:{port}"
        for i in range(runs):
            path = paths[(i * 7) % len(paths)]
            text = path.read_text(encoding="utf-8")
            time.sleep(3)  # a save well after the last build, as a contributor makes it
            while not lines.empty():
                lines.get()
            mark = f"Rettet {i} –"
            path.write_text(text.replace("\ntitle: ", f"\ntitle: {mark} ", 1), encoding="utf-8")
            start = time.perf_counter()
            rebuilds.append(_wait_for(lines, DONE, 3600))
            escaped = html.escape(mark, quote=False)
            pages.append(_until_served(f"{base}/register/{slugs[path]}/", escaped, start, 3600))
            noticed += NOTICE in _last_body
            if not clean:  # the next build takes the lists: a second save then
                _wait_for(lines, "Building documentation", 3600)
                other = paths[(i * 7 + 3) % len(paths)]
                second = f"Imens {i} –"
                other.write_text(other.read_text(encoding="utf-8").replace("\ntitle: ", f"\ntitle: {second} ", 1),
                                 encoding="utf-8")
                at = time.perf_counter()
                during.append(_until_served(f"{base}/register/{slugs[other]}/", html.escape(second, quote=False),
                                            at, 3600))
                escaped, start = html.escape(second, quote=False), at  # the lists follow the second save
            listings.append(_until_served(f"{base}/register/", escaped, start, 3600))
            last = other if not clean else path
            notice_gone.append(_until_served(f"{base}/register/{slugs[last]}/", escaped, start, 3600, absent=NOTICE))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return {"n": n, "first_s": first, "rebuild_s": statistics.median(rebuilds), "rebuilds": rebuilds,
            "page_s": statistics.median(pages), "pages": pages,
            "listing_s": statistics.median(listings), "listings": listings,
            "during_s": statistics.median(during) if during else None, "during": during,
            "noticed": noticed, "notice_gone_s": statistics.median(notice_gone), "notice_gone": notice_gone}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clean", action="store_true", help="plain `mkdocs serve`, without --dirty")
    args = parser.parse_args()
    print(f"mkdocs serve{'' if args.clean else ' --dirty'}; medians of {args.runs}, then each run")
    print("     N | first build s | rebuild s | page s | during s | listing s | each: rebuild / page / during / listing")
    print("-------+--------------+-----------+--------+----------+-----------+---------------------------------------")
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"serve-{n}-") as work:
            r = measure(n, args.runs, Path(work), args.clean)
        during = r["during"] or [float("nan")] * len(r["pages"])
        each = ", ".join(f"{a:.2f}/{b:.2f}/{d:.2f}/{c:.1f}"
                         for a, b, d, c in zip(r["rebuilds"], r["pages"], during, r["listings"]))
        print(f"{r['n']:6d} | {r['first_s']:12.1f} | {r['rebuild_s']:9.2f} | {r['page_s']:6.2f} | "
              f"{r['during_s'] if r['during_s'] is not None else float('nan'):8.2f} | {r['listing_s']:9.1f} | {each}",
              flush=True)
        print(f"       the saved page showed the Forhåndsvisning box in {r['noticed']} of {args.runs} saves; "
              f"it was gone {', '.join(f'{t:.1f}' for t in r['notice_gone'])} s after the last save", flush=True)


if __name__ == "__main__":
    main()
