"""Lighthouse on every page type, served as a host serves it: the four scores per page type.

Lighthouse (npm, pinned with its whole tree in bench/npm/package-lock.json; `make lighthouse`
installs it with `npm ci` and runs this script) audits each page of tests/browser_support.py
PAGE_TYPES in its default mobile mode (a mid-range phone, simulated slow 4G and 4× CPU) with
Debian's Chromium. The site is served on 127.0.0.1 gzip-compressed, as bench/phone.py serves it.
Not a test: scores depend on the machine's load, so nothing here is asserted.

    python bench/lighthouse.py                          # build the working tree, 1 run per page
    python bench/lighthouse.py --ref 0d38d7b --ref HEAD # each commit built from a git worktree, side by side
    python bench/lighthouse.py --site /tmp/out --runs 3 # an already built site; median of 3
    python bench/lighthouse.py --pages matrix,registreringsformular --details

--details lists, per page, every audit below a full score in accessibility, best practices and
SEO, and performance's metrics and render-blocking resources.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "tests"))
from phone import CHROMIUM, serve  # noqa: E402
from browser_support import PAGE_TYPES  # noqa: E402
from run import worktree  # noqa: E402

LIGHTHOUSE = BENCH / "npm" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
HEADERS = {"performance": "perf", "accessibility": "a11y", "best-practices": "best pr.", "seo": "SEO"}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build_site(src: Path, out: Path) -> Path:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=src,
                            capture_output=True, text=True, env=ENV)
    if result.returncode:
        sys.exit(f"Bygningen af {src} fejlede:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return out


def build_ref(ref: str, work: Path) -> Path:
    """The commit built from a git worktree of it (full history, so its pages are as published)."""
    with worktree(ref, work / f"tree-{ref}") as tree:
        return build_site(tree, work / f"site-{ref}")


def lighthouse(url: str) -> dict:
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} findes ikke: kør `make lighthouse` (npm ci i bench/npm).")
    result = subprocess.run(
        [str(LIGHTHOUSE), url, f"--chrome-path={CHROMIUM}", "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
         "--output=json", "--output-path=stdout", "--quiet", "--only-categories=" + ",".join(CATEGORIES)],
        capture_output=True, text=True, timeout=300)
    if result.returncode:
        raise RuntimeError(f"Lighthouse fejlede på {url}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def scores(report: dict) -> dict[str, int]:
    return {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}


def details(report: dict) -> list[str]:
    """Every audit short of a full score outside performance; performance's metrics and blockers."""
    audits = report["audits"]
    lines = []
    for cat in CATEGORIES[1:]:
        for ref in report["categories"][cat]["auditRefs"]:
            a = audits[ref["id"]]
            if ref.get("weight", 0) > 0 and a.get("score") is not None and a["score"] < 1:
                items = (a.get("details") or {}).get("items") or []
                sample = [str((i.get("node") or {}).get("snippet") or i.get("url") or "")[:100] for i in items[:3]]
                lines.append(f"    {cat}: {ref['id']} ({a['title']}) {len(items)} elementer {sample}")
    metrics = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
               "speed-index"]
    lines.append("    performance: " + ", ".join(f"{m} {audits[m]['displayValue']} ({audits[m]['score']:.2f})"
                                            for m in metrics if m in audits))
    blocking = (audits.get("render-blocking-resources", {}).get("details") or {}).get("items") or []
    if blocking:
        lines.append(f"    render-blocking ({len(blocking)}): " + ", ".join(i["url"].rsplit("/", 1)[-1] for i in blocking))
    unsized = (audits.get("unsized-images", {}).get("details") or {}).get("items") or []
    if unsized:
        lines.append(f"    unsized images: {len(unsized)}")
    return lines


def built_path(site: Path, url: str) -> Path:
    return site / url if url.endswith(".html") else site / url / "index.html"


def measure(site: Path, page_types, runs: int, show_details: bool) -> dict[str, dict[str, float] | None]:
    out = {}
    with serve(site) as base:
        for t in page_types:
            if not built_path(site, t.url).is_file():
                out[t.name] = None  # this build has no such page
                continue
            reports = [lighthouse(base + t.url) for _ in range(runs)]
            per_run = [scores(r) for r in reports]
            out[t.name] = {c: statistics.median(s[c] for s in per_run) for c in CATEGORIES}
            print(f"  {t.name}: " + " ".join(f"{HEADERS[c]} {out[t.name][c]:g}" for c in CATEGORIES), file=sys.stderr)
            if show_details:
                print("\n".join(details(reports[len(reports) // 2])), file=sys.stderr)
    return out


def table(results: dict[str, dict], page_types) -> str:
    labels = list(results)
    head = ["page type"] + [f"{label} {HEADERS[c]}" for label in labels for c in CATEGORIES]
    widths = [max(len(h), 22 if i == 0 else 0) for i, h in enumerate(head)]
    rows = [" | ".join(h.ljust(w) for h, w in zip(head, widths)), "-|-".join("-" * w for w in widths)]
    for t in page_types:
        cells = [t.name]
        for label in labels:
            got = results[label].get(t.name)
            cells += [f"{got[c]:g}" if got else "–" for c in CATEGORIES]
        rows.append(" | ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))))
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", action="append", default=[], help="a built site (label=DIR or DIR)")
    parser.add_argument("--ref", action="append", default=[], help="a commit to build from a git worktree")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (the median is shown)")
    parser.add_argument("--pages", help="comma-separated page type names (default: all of PAGE_TYPES)")
    parser.add_argument("--details", action="store_true", help="what keeps each page from a full score")
    parser.add_argument("--json", type=Path, help="write the scores here as well")
    args = parser.parse_args(argv)
    page_types = [t for t in PAGE_TYPES if not args.pages or t.name in args.pages.split(",")]
    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    try:
        sites: dict[str, Path] = {}
        for ref in args.ref:
            sites[ref] = build_ref(ref, work)
        for spec in args.site:
            label, _, path = spec.rpartition("=")
            sites[label or Path(path).name] = Path(path)
        if not sites:
            sites["arbejdstræet"] = build_site(ROOT, work / "site")
        results = {}
        for label, site in sites.items():
            print(f"Lighthouse på {label} ({args.runs} kørsel(er) pr. side):", file=sys.stderr)
            results[label] = measure(site, page_types, args.runs, args.details)
        print(table(results, page_types))
        if args.json:
            args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
