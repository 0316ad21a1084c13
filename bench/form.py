"""The record form (/register/ny/) as a contributor gets it on a phone, before and after, at register scale.

For each register size (9: the real registry/ of each version; 1,000 and 5,000 synthetic records from
bench/synthetic.py) and each version of the code (--before, default c2669f2^: the last commit whose
one-page form downloaded the whole registry.json; after: this working tree), build the site once
(bench/listings.py's `build`), serve it gzip-compressed and open the form in Chromium on the phone
profile (bench/phone.py: CPU 4x, 1.25 MB/s, 40 ms, 390 px, cold cache), and measure

  first field   from navigation start until the first field a contributor can type into is on screen
                and the form's script has drawn it: a visible input, select or textarea inside the form
                (#ai-record-form-root), with the guided form's own signal (data-ready) set; the next
                frame after that. The one-page form draws its fields only when its script is done. The
                guided form's first field is in its first section, so it is opened at that section's
                address (#afsnit-om, where the task list's first link goes).
  KB to field   bytes on the wire (Resource Timing transferSize: headers and the gzip-compressed body)
                of every response that had ended by then, the page itself included
  first view    the guided form only: /register/ny/ until its task list is drawn (data-ready and the
                first section's link on screen)
  page KB       the form page's own HTML, as built and gzip-compressed

Times are medians of --runs cold loads. The sites are built once per size and version; --work keeps
them in a folder and reuses them on the next run (remove its after-N folders when the code changed).

    python bench/form.py --runs 3                                 # 9, 1,000 and 5,000 records
    python bench/form.py --sizes 0 1000 --runs 1 --work /tmp/form # 0 = the real registry/
"""
from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from listings import build, extract  # noqa: E402
from phone import chromium, open_page, serve  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BEFORE = "c2669f2^"
FORM = "register/ny/"
FIRST_SECTION = "#afsnit-om"
REAL = 0  # --sizes 0: each version's own registry/
FIELD = "input:not([type=hidden]), select, textarea"
VIEW = "a.ai-tasklist__link"

# Notes, in the page, when the form is ready as a contributor sees it: an observer on every change of
# the DOM, then the next frame. A function (the pages' CSP forbids eval), run before the page's scripts.
WATCH = """(sel) => {
  const ready = () => {
    const root = document.getElementById('ai-record-form-root');
    if (!root) return false;
    // The guided form says when it has drawn a view; the one-page form draws nothing before it is done.
    if (document.querySelector('script[src$="form/app.js"]') && !root.dataset.ready) return false;
    const c = root.querySelector(sel);
    return !!c && c.checkVisibility() && c.getBoundingClientRect().height > 0;
  };
  window.__aiFormReady = new Promise(done => {
    const check = () => {
      if (!ready()) return;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => {
        const t = performance.now();
        const entries = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));
        const bytes = entries.filter(e => e.responseEnd <= t).reduce((sum, e) => sum + e.transferSize, 0);
        done({ms: t, bytes});
      }, 0));
    };
    const observer = new MutationObserver(check);
    observer.observe(document, {childList: true, subtree: true, attributes: true});
  });
}"""


def guided(site: Path) -> bool:
    """The guided form (a task list) rather than the one-page form."""
    return 'form/app.js"' in (site / FORM / "index.html").read_text(encoding="utf-8")


def load_once(browser, url: str, selector: str) -> dict:
    page, traffic = open_page(browser, phone=True)
    try:
        page.set_default_timeout(300_000)
        page.add_init_script(script=f"({WATCH})({json.dumps(selector)})")
        page.goto(url, wait_until="commit")
        got = page.evaluate("() => Promise.race([window.__aiFormReady, new Promise((_, fail) => "
                            "setTimeout(() => fail(new Error('the form was not ready after 120 s')), 120000))])")
        got["wire_bytes"] = traffic.bytes  # CDP's count at that moment, beside Resource Timing's
        return got
    finally:
        page.context.close()


def measure(browser, base: str, site: Path, runs: int) -> dict:
    html = (site / FORM / "index.html").read_bytes()
    new = guided(site)
    field = [load_once(browser, base + FORM + (FIRST_SECTION if new else ""), FIELD) for _ in range(runs)]
    out = {"guided": new, "page_bytes": len(html), "page_gzip_bytes": len(gzip.compress(html, mtime=0)),
           "field_ms": statistics.median(r["ms"] for r in field), "field_runs": [round(r["ms"]) for r in field],
           "field_bytes": statistics.median(r["bytes"] for r in field)}
    if new:
        view = [load_once(browser, base + FORM, VIEW) for _ in range(runs)]
        out.update(view_ms=statistics.median(r["ms"] for r in view), view_runs=[round(r["ms"]) for r in view],
                   view_bytes=statistics.median(r["bytes"] for r in view))
    return out


def site_for(code: Path, name: str, n: int, work: Path) -> Path:
    """The built site of code with n records, from work when an earlier run built it."""
    folder = work / f"{name}-{n}"
    site = folder / "site"
    if (site / FORM / "index.html").is_file():
        print(f"N={n or 'registry/'} {name}: reusing {site}", file=sys.stderr, flush=True)
        return site
    print(f"N={n or 'registry/'} {name}: building", file=sys.stderr, flush=True)
    if folder.exists():
        subprocess.run(["rm", "-rf", str(folder)], check=True)
    return build(code, None if n == REAL else n, folder)


def table(results: list[dict], runs: int) -> str:
    def s(ms):
        return f"{ms / 1000:.2f} s"

    lines = [f"phone profile, medians of {runs} cold load(s); KB = kilobytes on the wire until then",
             "      N | code   | page KB (gzip) | first field | KB to field | first view | KB to view",
             "--------+--------+----------------+-------------+-------------+------------+-----------"]
    by = {(r["n"], r["code"]): r for r in results}
    for r in results:
        view = f"{s(r['view_ms']):>10} | {r['view_bytes'] / 1000:>9.0f}" if r.get("guided") else f"{'–':>10} | {'–':>9}"
        n = str(r["n"]) if r["n"] else f"{r['records']} real"
        lines.append(f"{n:>7} | {r['code']:<6} | {r['page_bytes'] / 1000:>6.0f} ({r['page_gzip_bytes'] / 1000:>4.0f}) | "
                     f"{s(r['field_ms']):>11} | {r['field_bytes'] / 1000:>11.0f} | {view}")
    lines += ["", "ratio before / after (first field):",
              "      N | time  | KB to field | page KB"]
    for (n, code), r in by.items():
        if code == "after" and (n, "before") in by:
            b = by[(n, "before")]
            lines.append(f"{n or str(r['records']) + ' real':>7} | {b['field_ms'] / r['field_ms']:4.1f}x | {b['field_bytes'] / r['field_bytes']:10.1f}x | "
                         f"{b['page_bytes'] / r['page_bytes']:6.1f}x")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[REAL, 1000, 5000], help="0: the real registry/")
    parser.add_argument("--before", default=BEFORE, help=f"git ref of the 'before' code (default {BEFORE})")
    parser.add_argument("--runs", type=int, default=1, help="cold loads per figure (the median is shown)")
    parser.add_argument("--codes", nargs="+", default=["before", "after"], choices=["before", "after"])
    parser.add_argument("--work", type=Path, help="keep the built sites here and reuse them")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    before = subprocess.run(["git", "rev-parse", "--short", args.before], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.strip()
    tmp = None if args.work else tempfile.TemporaryDirectory(prefix="bench-form-")
    work = args.work or Path(tmp.name)
    work.mkdir(parents=True, exist_ok=True)
    try:
        codes = {}
        if "before" in args.codes:
            code = work / f"code-{before}"
            codes["before"] = code if (code / "mkdocs.yml").is_file() else extract(args.before, code)
        if "after" in args.codes:
            codes["after"] = ROOT
        results = []
        with chromium() as browser:
            for n in args.sizes:
                for name, code in codes.items():
                    site = site_for(code, name if name == "before" else "after", n, work)
                    with serve(site) as base:
                        records = n or len(list((code / "registry").glob("ai-*.yml")))
                        results.append({"n": n, "records": records, "code": name, **measure(browser, base, site, args.runs)})
                    print(f"  {results[-1]}", file=sys.stderr, flush=True)
                    if args.json:
                        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
        print(f"before = {before} (the one-page form), after = the working tree\n" + table(results, args.runs))
    finally:
        if tmp:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
