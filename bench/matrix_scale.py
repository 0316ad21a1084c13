"""Does the principle matrix hold up with 1,000 records?

Copies the site into a temporary folder, replaces the register with N synthetic,
schema-valid records (bench/synthetic.py), builds it with --strict, and opens
/matrix/ in headless Chromium served from 127.0.0.1. Prints the build time, the
page's size (raw and gzipped), load timings, how long a filter takes, and checks
that the header sticks while the matrix scrolls.

    python bench/matrix_scale.py [--records 1000] [--runs 3] [--keep] [--screenshot out.png]
"""
from __future__ import annotations

import argparse
import functools
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import copy_site, principle_ids  # noqa: E402
from synthetic import make_records, write_records  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def replace_register(root: Path, n: int) -> None:
    """N synthetic records in the copy's registry (run.copy_site copies none of the real ones)."""
    write_records(make_records(n, principle_ids(root)), root / "registry")


def build(root: Path, out: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                            cwd=root, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit("Bygningen fejlede:\n" + result.stdout[-3000:] + result.stderr[-3000:])
    return seconds


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


_TIMINGS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return {ttfb: nav.responseStart, response_end: nav.responseEnd,
          dom_content_loaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
          transfer_bytes: nav.transferSize, rows: document.querySelectorAll('#principmatrix tbody tr').length,
          cells: document.querySelectorAll('#principmatrix tbody td').length,
          dom_nodes: document.getElementsByTagName('*').length};
}"""

_FILTER = """async () => {
  const select = document.querySelector('form.ai-browser select[name="status"]');
  const t0 = performance.now();
  select.value = 'i drift';
  select.dispatchEvent(new Event('change'));
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));  // until painted
  const ms = performance.now() - t0;
  const shown = document.querySelector('form.ai-browser').aiBrowser.shown.length;  // on every page of the view
  const footer = document.querySelector('#principmatrix tfoot tr[data-count="a-o"] td[data-principle]').textContent;
  select.value = '';
  select.dispatchEvent(new Event('change'));
  return {ms, shown, footer_opfyldt_p01: footer};
}"""

_STICKY = """() => {
  const wrap = document.querySelector('.ai-matrix-wrap');
  wrap.scrollTop = wrap.scrollHeight / 2;
  wrap.scrollLeft = 200;
  const top = wrap.getBoundingClientRect().top;
  const th = document.querySelector('#principmatrix thead tr + tr th');
  const rows = document.querySelectorAll('#principmatrix tbody tr');
  const first = rows[Math.floor(rows.length / 2)].querySelector('th');  // a row in the scrolled-to middle
  return {scroll_top: wrap.scrollTop, header_offset_px: th.getBoundingClientRect().top - top,
          wrap_height: wrap.clientHeight,
          row_header_left_px: first.getBoundingClientRect().left - wrap.getBoundingClientRect().left};
}"""


def measure(site: Path, runs: int, screenshot: Path | None) -> dict:
    from playwright.sync_api import sync_playwright
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/matrix/"
    loads, results = [], {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="da-DK")
                page = context.new_page()
                errors = []
                page.on("pageerror", lambda e: errors.append(str(e)))
                start = time.perf_counter()
                page.goto(url, wait_until="load")
                page.wait_for_function("() => !!document.querySelector('form.ai-browser').aiBrowser")
                wall = time.perf_counter() - start
                timings = page.evaluate(_TIMINGS)
                timings["wall_until_interactive"] = wall * 1000
                loads.append(timings)
                results["filter"] = page.evaluate(_FILTER)
                results["sticky"] = page.evaluate(_STICKY)
                results["errors"] = errors
                if screenshot and _ == runs - 1:
                    page.screenshot(path=str(screenshot))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    results["loads"] = loads
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    parser.add_argument("--screenshot", type=Path, help="save a screenshot of the scrolled matrix")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="matrix-scale-"))
    try:
        root = copy_site(tmp / "src")
        replace_register(root, args.records)
        out = tmp / "site"
        build_s = build(root, out)
        page = out / "matrix" / "index.html"
        raw = page.read_bytes()
        csv_bytes = (out / "matrix" / "principmatrix.csv").stat().st_size
        r = measure(out, args.runs, args.screenshot)
        med = {k: statistics.median(run[k] for run in r["loads"])
               for k in ("ttfb", "response_end", "dom_content_loaded", "load", "wall_until_interactive")}
        first = r["loads"][0]
        print(f"Poster: {args.records} (rækker i matricen: {first['rows']}, celler: {first['cells']}, DOM-noder: {first['dom_nodes']})")
        print(f"Bygning (mkdocs build --strict, hele sitet): {build_s:.1f} s")
        print(f"matrix/index.html: {len(raw):,} bytes ({len(raw) / 1e6:.2f} MB), gzip: {len(gzip.compress(raw, 6)):,} bytes")
        print(f"principmatrix.csv: {csv_bytes:,} bytes")
        print(f"Indlæsning i headless Chromium (median af {args.runs}, ms): "
              + ", ".join(f"{k} {v:.0f}" for k, v in med.items()))
        print(f"Filter (status = i drift): {r['filter']['ms']:.0f} ms, viser {r['filter']['shown']} rækker; "
              f"bundtal opfyldt/P01 under filteret: {r['filter']['footer_opfyldt_p01']}")
        s = r["sticky"]
        print(f"Rulning: scrollTop {s['scroll_top']}, kolonnehoved {s['header_offset_px']:.0f} px fra beholderens top "
              f"(beholder {s['wrap_height']} px høj), rækkehoved {s['row_header_left_px']:.0f} px fra venstre kant")
        print(f"JavaScript-fejl: {r['errors'] or 'ingen'}")
        if args.keep:
            print(f"Bevaret: {tmp}")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
