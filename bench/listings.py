"""The listing pages as a reader gets them, before and after, at register scale.

For each N and each version of the code (this checkout, and --before, a git ref extracted
with `git archive`): build a copy of the site with N synthetic records (bench/synthetic.py),
serve it on 127.0.0.1 and open each listing page in Chromium (bench/phone.py), on the phone
profile and unthrottled, and measure

  bytes         the page's HTML
  DCL           DOMContentLoaded (Navigation Timing), cold cache, median of --runs loads
  filter        a status filter change ('i drift') until the next frame is painted, the page's
                own script doing the work (the register and the matrix only)
  largest page  the largest HTML file in the whole build

    python bench/listings.py --sizes 1000                 # this checkout against the merge base with main
    python bench/listings.py --sizes 1000 5000 --before main --json out.json
    python bench/listings.py --sizes 1000 --codes after
    python bench/listings.py --sizes 5000 --keep          # keep the built sites (their paths are printed)
    python bench/listings.py --built after=DIR --label 5000 --runs 3   # measure sites built before
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from phone import chromium, open_page, serve  # noqa: E402
from run import ENV, SITE_PARTS, copy_site, principle_ids  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LISTINGS = ["register/", "matrix/", "register/mangler/", "principper/p04-risikovurdering/"]
# The status filter of each generation of the filter script.
FILTERS = [("form.ai-browser", "select[name=status]", "() => !!document.querySelector('form.ai-browser').aiBrowser"),
           ("form.ai-filter", "select[data-filter=status]", "() => !document.querySelector('form.ai-filter').hidden")]
FILTER_JS = """async (select) => {
  const s = document.querySelector(select);
  s.value = 'i drift';
  const start = performance.now();
  s.dispatchEvent(new Event('change', {bubbles: true}));
  await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  return performance.now() - start;
}"""


def extract(ref: str, dest: Path) -> Path:
    """The site's files at a git ref, and its synthetic records' generator, without touching any work tree."""
    data = subprocess.run(["git", "archive", ref, *SITE_PARTS, "bench/synthetic.py"], cwd=ROOT, capture_output=True,
                          check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest


# Run with a version's own bench/synthetic.py and macros/, so its records fit its own schema.
_WRITE_SYNTHETIC = """import json, sys
code, n, principles, folder = sys.argv[1:]
sys.path[:0] = [code + "/bench", code]
from synthetic import make_records, write_records
write_records(make_records(int(n), json.loads(principles)), folder)
"""


def write_synthetic(code: Path, n: int, principle_ids: list[str], folder: Path) -> None:
    """N synthetic records as code's own generator makes them (an older ref's schema may allow
    other values than this checkout's), written into folder."""
    subprocess.run([sys.executable, "-c", _WRITE_SYNTHETIC, str(code), str(n), json.dumps(principle_ids), str(folder)],
                   check=True, env=ENV)


def build(code: Path, n: int | None, work: Path) -> Path:
    """code's site built into work/site: with n synthetic records, or with code's own records and
    organisations when n is None."""
    src = copy_site(work / "src", code)
    if n is None:
        for f in (code / "registry").glob("*.yml"):  # what copy_site leaves out
            shutil.copy2(f, src / "registry" / f.name)
    else:
        write_synthetic(code, n, principle_ids(src), src / "registry")
    out = work / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=src,
                            capture_output=True, text=True, env=ENV)
    if result.returncode:
        raise SystemExit(result.stdout + result.stderr)
    return out


def measure_page(browser, base: str, path: str, phone: bool, runs: int) -> tuple[float, float | None]:
    dcl, filters = [], []
    for _ in range(runs):
        page, _traffic = open_page(browser, phone=phone)
        page.set_default_timeout(300_000)
        page.goto(base + path, wait_until="load")
        dcl.append(page.evaluate("() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
        for form, select, ready in FILTERS:
            if page.locator(f"{form} {select}").count():
                page.wait_for_function(ready)
                filters.append(page.evaluate(FILTER_JS, f"{form} {select}"))
                break
        page.context.close()
    return statistics.median(dcl), (statistics.median(filters) if filters else None)


def measure_site(site: Path, runs: int) -> dict:
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    largest = max(sizes, key=sizes.get)
    result = {"largest": [largest, sizes[largest]], "pages": {}}
    with serve(site) as base, chromium() as browser:
        for path in LISTINGS:
            phone_dcl, phone_filter = measure_page(browser, base, path, True, runs)
            desk_dcl, desk_filter = measure_page(browser, base, path, False, runs)
            result["pages"][path] = {"bytes": sizes[path + "index.html"], "dcl_phone_ms": phone_dcl,
                                     "dcl_desktop_ms": desk_dcl, "filter_phone_ms": phone_filter,
                                     "filter_desktop_ms": desk_filter}
            print(f"  {path}: {result['pages'][path]}", flush=True)
    return result


def table(results: list[dict]) -> str:
    def ms(v):
        return "–" if v is None else f"{v / 1000:.2f} s" if v >= 1000 else f"{v:.0f} ms"
    lines = ["    N | code   | page                            |    HTML KB | DCL phone | DCL desktop | filter phone | filter desktop",
             "------+--------+---------------------------------+------------+-----------+-------------+--------------+---------------"]
    for r in results:
        for path, p in r["pages"].items():
            lines.append(f"{r['n']:>5} | {r['code']:<6} | /{path:<31} | {p['bytes'] / 1000:>10.0f} | {ms(p['dcl_phone_ms']):>9} | "
                         f"{ms(p['dcl_desktop_ms']):>11} | {ms(p['filter_phone_ms']):>12} | {ms(p['filter_desktop_ms']):>14}")
        lines.append(f"{r['n']:>5} | {r['code']:<6} | largest page: /{r['largest'][0]} ({r['largest'][1] / 1000:.0f} KB)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--before", default=None, help="git ref of the 'before' code (default: merge base with main)")
    parser.add_argument("--runs", type=int, default=1, help="page loads per figure (the median is shown)")
    parser.add_argument("--codes", nargs="+", default=["before", "after"], choices=["before", "after"])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the built sites (their paths are printed)")
    parser.add_argument("--built", nargs="+", metavar="CODE=DIR", help="measure sites already built (--keep)")
    parser.add_argument("--label", type=int, default=0, help="the N to print for --built")
    args = parser.parse_args(argv)
    if args.built:
        results = []
        for spec in args.built:
            name, _, path = spec.rpartition("=")
            results.append({"n": args.label, "code": name or "built", **measure_site(Path(path), args.runs)})
        print(table(results))
        return 0
    before = args.before or subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT, capture_output=True,
                                           text=True, check=True).stdout.strip()
    results = []
    work = (contextlib.nullcontext(tempfile.mkdtemp(prefix="bench-listings-")) if args.keep
            else tempfile.TemporaryDirectory(prefix="bench-listings-"))
    with work as tmp:
        codes = {"before": lambda: extract(before, Path(tmp) / "before-code"), "after": lambda: ROOT}
        codes = {name: make() for name, make in codes.items() if name in args.codes}
        for n in args.sizes:
            for name, code in codes.items():
                print(f"N={n} {name}: building", flush=True)
                site = build(code, n, Path(tmp) / f"{name}-{n}")
                if args.keep:
                    print(f"N={n} {name}: kept in {site}", flush=True)
                results.append({"n": n, "code": name, **measure_site(site, args.runs)})
                if args.json:
                    args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"before = {before[:7]}\n" + table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
