"""Search at register scale, as a reader waits for it: our Pagefind search beside material's
built-in search, on the same pages.

For each N: a copy of the site with N synthetic records (bench/synthetic.py), built as we build it
(Pagefind) and as bench/run.py's baseline (the same pages as plain mkdocs-material with its built-in
search). Each site is served on 127.0.0.1 (bench/phone.py). Chromium opens the home page in a fresh
context (cold cache); as soon as the load event has fired, "/" opens the search and the query is
put in the field in one go. Per run:

  bytes     received on the wire from opening the page until the first result is on screen
            (the page itself included; for material that is when its worker has the whole index)
  first ms  from the query being in the field to the first result on screen (a MutationObserver
            in the page notes the time)

on the phone profile (CPU 4×, 1.25/0.5 MB/s down/up, 40 ms) and unthrottled; medians of --runs.
CPU throttling does not reach web workers: material's lunr runs in one, and so does Pagefind's
WebAssembly, so the phone figures understate a real phone for both.

    python bench/search.py                       # N = 1000 and 5000, 3 runs each
    python bench/search.py --sizes 1000 --runs 1 --query klagesager
    python bench/search.py --built pagefind=/tmp/out material=/tmp/out-base --label 1000   # built sites
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from phone import chromium, open_page, serve  # noqa: E402
from run import (copy_site, make_baseline, make_capture_config, mkdocs_build,  # noqa: E402
                 principle_ids)
from synthetic import make_records, write_records  # noqa: E402

# The result element each search shows, and how to find a result of the full query.
ENGINES = {
    "pagefind": "#ai-search-results [role=option]",
    "material": ".md-search-result__item",
}
FIELD = {"pagefind": "#ai-search-field", "material": "input[name=query]"}

_WATCH = """sel => { window.__firstResult = new Promise(resolve => {
  const seen = () => { if (document.querySelector(sel)) { obs.disconnect(); resolve(performance.now()); return true; } };
  const obs = new MutationObserver(seen);
  obs.observe(document.body, {childList: true, subtree: true, attributes: true});
}); }"""


def build_sites(n: int, work: Path) -> dict[str, Path]:
    """Our site and the baseline with N synthetic records, built; {engine: site folder}."""
    root = copy_site(work / "site")
    write_records(make_records(n, principle_ids(root)), root / "registry")
    logs = work / "logs"
    logs.mkdir()
    capture = make_capture_config(root)  # the baseline's pages are our pages as rendered
    mkdocs_build(root, work / "out-capture", logs / "capture.log", config=capture.name)
    make_baseline(root, work / "baseline")
    shutil.rmtree(work / "out-capture")
    ours = mkdocs_build(root, work / "out", logs / "build.log")
    base = mkdocs_build(work / "baseline", work / "out-base", logs / "base.log")
    print(f"N={n}: built ours in {ours[0]:.1f} s ({ours[2]:.1f} CPU s, peak {ours[1]:.0f} MB), baseline in "
          f"{base[0]:.1f} s ({base[2]:.1f} CPU s, peak {base[1]:.0f} MB); bench/run.py measures this properly",
          file=sys.stderr, flush=True)
    return {"pagefind": work / "out", "material": work / "out-base"}


def first_result(browser, base_url: str, engine: str, query: str, phone: bool) -> tuple[int, float]:
    """(bytes, ms) of one search in a fresh context."""
    page, traffic = open_page(browser, phone=phone)
    try:
        page.goto(base_url, wait_until="load", timeout=300_000)
        page.evaluate(_WATCH, ENGINES[engine])
        page.locator("body").press("/")
        field = page.locator(FIELD[engine])
        field.wait_for(state="visible")
        start = page.evaluate("() => performance.now()")
        field.fill(query)
        if engine == "material":
            field.press("End")  # material reads the field on keyup
        shown = page.evaluate("() => window.__firstResult")
        return traffic.bytes, shown - start
    finally:
        page.context.close()


def measure(sites: dict[str, Path], query: str, runs: int) -> list[dict]:
    rows = []
    with chromium() as browser:
        for engine, site in sites.items():
            with serve(site) as base_url:
                for phone in (True, False):
                    samples = [first_result(browser, base_url, engine, query, phone) for _ in range(runs)]
                    rows.append({"engine": engine, "profile": "phone" if phone else "unthrottled",
                                 "bytes": statistics.median(b for b, _ in samples),
                                 "ms": statistics.median(ms for _, ms in samples),
                                 "runs": [round(ms) for _, ms in samples]})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--query", default="klagesager", help="a word in the synthetic records")
    parser.add_argument("--keep", action="store_true", help="keep the built sites (their path is printed)")
    parser.add_argument("--built", nargs="+", metavar="ENGINE=DIR", help="measure sites already built (--keep)")
    parser.add_argument("--label", type=int, default=0, help="the N to print for --built")
    args = parser.parse_args(argv)

    print("    N | search   | profile     |   KB to first result | ms typing → first result | runs (ms)")
    print("------+----------+-------------+----------------------+--------------------------+----------")
    if args.built:
        sites = {engine: Path(folder) for engine, folder in (b.split("=", 1) for b in args.built)}
        for r in measure(sites, args.query, args.runs):
            print(f"{args.label:5d} | {r['engine']:8s} | {r['profile']:11s} | {r['bytes'] / 1000:20.0f} | "
                  f"{r['ms']:24.0f} | {r['runs']}", flush=True)
        return 0
    for n in args.sizes:
        work = Path(tempfile.mkdtemp(prefix=f"bench-search-{n}-"))
        try:
            for r in measure(build_sites(n, work), args.query, args.runs):
                print(f"{n:5d} | {r['engine']:8s} | {r['profile']:11s} | {r['bytes'] / 1000:20.0f} | "
                      f"{r['ms']:24.0f} | {r['runs']}", flush=True)
        finally:
            if args.keep:
                print(f"N={n}: kept in {work}", file=sys.stderr)
            else:
                shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
