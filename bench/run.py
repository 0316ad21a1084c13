"""Build performance at register scale, against plain mkdocs-material in the same run.

For each N: copy the site to a temporary folder, replace the register with N
synthetic records (bench/synthetic.py), and measure

  build     `mkdocs build` of our site (median wall-clock seconds of --repeat runs)
  peak MB   the build process's peak resident memory (its own rusage, via wait4: the largest
            of it and the processes it waited for, e.g. Pagefind's); baseline MB the baseline's,
            MB ratio peak MB / baseline MB (the largest of the --repeat runs each)
  baseline  the same pages as plain Markdown files, built by mkdocs-material with the
            same theme, Markdown extensions, other plugins and nav, but without the
            macros plugin and without our hooks, and with material's built-in search
            (MATERIAL_SEARCH) instead of our Pagefind search
  ratio     build / baseline
  validate  `python -m macros validate` alone (median)
  index     the search index, bytes per record: ours Pagefind's (pagefind/index, fragment
            and .pf_meta; not its unused UI bundles), the baseline's search/search_index.json
  visible   the text a reader sees in a record page's article, bytes per record
  matrix    bytes of /matrix/index.html, when the site has it

The baseline's pages are exactly our text: every page of make_build(root).pages
written to docs/<uri>, and every hand-written page as mkdocs-macros rendered it in
an untimed capture build of our site (a bench-only hook saves page.markdown after
the macros pass, and the nav after our hooks filled it), with its front matter.

    python bench/run.py                              # N = 100, 1000, 5000; 3 runs each
    python bench/run.py --sizes 50 --repeat 1        # the small run the tests use
    python bench/run.py --sizes 1000 --json out.json --keep
"""
from __future__ import annotations

import argparse
import contextlib
import html
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(ROOT))  # this checkout's macros, whatever is installed
from synthetic import make_records, write_records  # noqa: E402

# What the site is built from; registry/ gets its schema and register-wide lists, not its records.
SITE_PARTS = ["mkdocs.yml", "mkdocs_hooks.py", "settings.yml", "docs", "overrides", "principles", "registry", "smv", "macros"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}

# The baseline searches as the site did before Pagefind: material's plugin, Danish, words split on
# hyphens and punctuation too, no stemmer (material appends * to every query word).
MATERIAL_SEARCH = {"search": {"lang": "da", "separator": r'[\s\u200b\-_,:;!=\[\]()"`/]+|\.(?!\d)',
                              "pipeline": ["stopWordFilter", "trimmer"]}}
# Our search's theme overrides and assets, which the baseline leaves out (material's header search instead).
OUR_SEARCH_OVERRIDES = ["partials/header.html", "partials/content.html", "partials/site-search.html"]
OUR_SEARCH_ASSETS = ["javascripts/search.js", "stylesheets/search.css"]

CAPTURE_HOOK = '''"""bench/run.py only: keep what the baseline needs from one real build."""
import json
from pathlib import Path

from mkdocs.plugins import event_priority

OUT = Path(__file__).resolve().parent / "capture"
OUT.mkdir(exist_ok=True)
_pages = {}


@event_priority(-100)  # after our hooks filled the nav
def on_config(config):
    (OUT / "nav.json").write_text(json.dumps(config["nav"], ensure_ascii=False), encoding="utf-8")
    return config


@event_priority(-100)  # after the macros plugin rendered the page
def on_page_markdown(markdown, page, config, files):
    _pages[page.file.src_uri] = markdown
    return markdown


def on_post_build(config):
    (OUT / "pages.json").write_text(json.dumps(_pages, ensure_ascii=False), encoding="utf-8")
'''


# --- mkdocs.yml, read and written back with its !!python and !ENV tags kept -----------------

from macros.export import read_config, write_config  # noqa: E402,F401 - one reader for mkdocs.yml's tags


def _plugin_name(entry) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


# --- the site copies ------------------------------------------------------------------------

@contextlib.contextmanager
def worktree(ref: str, path: Path):
    """A detached git worktree of ref at path (this checkout's history), removed afterwards."""
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(path), ref],
                   check=True, capture_output=True)
    try:
        yield path
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)], capture_output=True)


def copy_site(dest: Path, code: Path = ROOT) -> Path:
    """A site made of code's files, its registry holding only the schema and the register-wide lists."""
    dest.mkdir(parents=True)
    for part in SITE_PARTS:
        src = code / part
        if part == "registry":
            (dest / part).mkdir()
            for f in src.iterdir():  # the schema and registry/_*.yml, not the records
                if f.is_file() and (f.suffix != ".yml" or f.name.startswith("_")):
                    shutil.copy2(f, dest / part / f.name)
        elif src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


def principle_ids(root: Path) -> list[str]:
    return sorted(yaml.safe_load(p.read_text(encoding="utf-8"))["id"] for p in (root / "principles").glob("p*.yml"))


def _front_matter(text: str) -> str:
    m = re.match(r"---[ \t]*\n.*?\n---[ \t]*\n", text, re.S)
    return m.group(0) + "\n" if m else ""


def make_baseline(root: Path, dest: Path) -> dict:
    """A plain mkdocs-material site with our pages as Markdown files. Returns counts."""
    sys.path.insert(0, str(root))
    try:
        from macros.site import make_build
        config = read_config(root / "mkdocs.yml")
        build = make_build(root)
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m == "macros" or m.startswith("macros.")]:
            del sys.modules[name]
    captured = json.loads((root / "capture" / "pages.json").read_text(encoding="utf-8"))
    docs = dest / "docs"
    shutil.copytree(root / "docs", docs, ignore=shutil.ignore_patterns("*.md"))
    if (root / "overrides").exists():
        shutil.copytree(root / "overrides", dest / "overrides")
        for name in OUR_SEARCH_OVERRIDES:
            (dest / "overrides" / name).unlink(missing_ok=True)
    handwritten = 0
    for src in sorted((root / "docs").rglob("*.md")):
        uri = src.relative_to(root / "docs").as_posix()
        target = docs / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        # As mkdocs-macros rendered it, under the page's own front matter.
        target.write_text(_front_matter(src.read_text(encoding="utf-8")) + captured[uri], encoding="utf-8")
        handwritten += 1
    for uri, page in build.pages.items():
        target = docs / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    skipped = []
    for uri, source in getattr(build, "files", {}).items():  # downloads: published as they are
        if uri.endswith(".md"):  # would become a page here; our build publishes it as a file
            skipped.append(uri)
            continue
        target = docs / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, Path):
            shutil.copy2(source, target)
        elif isinstance(source, bytes):  # the CSV and XLSX tables
            target.write_bytes(source)
        else:
            target.write_text(source, encoding="utf-8")
    config["plugins"] = [MATERIAL_SEARCH] + [p for p in config.get("plugins", []) if _plugin_name(p) != "macros"]
    for key in ("extra_css", "extra_javascript"):
        config[key] = [a for a in config.get(key, []) if a not in OUR_SEARCH_ASSETS]
    config.pop("hooks", None)
    site = build.content.settings["site"]  # what our hook copies from settings.yml
    config.update(site_name=site["name"], site_url=site["url"], repo_url=site["repo_url"],
                  edit_uri=f"edit/{site['repo_branch']}/docs/")
    config.pop("watch", None)
    config["nav"] = json.loads((root / "capture" / "nav.json").read_text(encoding="utf-8"))
    # Our hooks mark the record pages as not in the nav; here they are plain files, which MkDocs
    # lists in one message (a warning under our omitted_files: warn). Listing them costs nothing
    # measurable; an info keeps the baseline's log readable.
    config.setdefault("validation", {})["omitted_files"] = "info"
    write_config(config, dest / "mkdocs.yml")
    return {"generated_pages": len(build.pages), "handwritten_pages": handwritten,
            "records": len(build.content.records), "skipped_md_downloads": skipped}


def make_capture_config(root: Path) -> Path:
    (root / "bench_capture_hook.py").write_text(CAPTURE_HOOK, encoding="utf-8")
    config = read_config(root / "mkdocs.yml")
    config["hooks"] = [*config.get("hooks", []), "bench_capture_hook.py"]
    path = root / "mkdocs.capture.yml"
    write_config(config, path)
    return path


# --- measuring --------------------------------------------------------------------------

def run_child(cmd: list[str], cwd: Path, log: Path) -> tuple[float, float, int, float]:
    """(wall seconds, peak RSS in MB, exit code, CPU seconds) of one child process, from wait4."""
    with open(log, "w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime


def mkdocs_build(root: Path, out: Path, log: Path, config: str | None = None, quiet: bool = True):
    cmd = [sys.executable, "-m", "mkdocs", "build", "-d", str(out)]
    cmd += ["-f", config] if config else []
    cmd += ["-q"] if quiet else []
    seconds, mb, code, cpu = run_child(cmd, root, log)
    if code != 0:
        raise SystemExit(f"mkdocs build failed in {root} (exit {code}):\n" + log.read_text()[-4000:])
    return seconds, mb, cpu


def _visible_text(page_html: str) -> str:
    m = re.search(r"<article[^>]*>(.*)</article>", page_html, re.S)
    body = m.group(1) if m else ""
    body = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", body, flags=re.S)
    body = re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def search_index(out: Path) -> tuple[int, list[str]]:
    """(bytes, page titles) of a built site's search index: material's JSON or Pagefind's files."""
    material = out / "search" / "search_index.json"
    if material.exists():
        entries = json.loads(material.read_text(encoding="utf-8"))["docs"]
        return material.stat().st_size, [e["title"] for e in entries]
    from macros.search import OUTPUT, indexed_pages
    folder = out / OUTPUT
    files = [*folder.glob("index/*"), *folder.glob("fragment/*"), *folder.glob("*.pf_meta")]
    return sum(f.stat().st_size for f in files), [p["meta"].get("title", "") for p in indexed_pages(out)]


def site_facts(out: Path, records: list[dict]) -> dict:
    pages = len(re.findall(r"<url>", (out / "sitemap.xml").read_text(encoding="utf-8")))
    visible = 0
    for r in records:
        visible += len(_visible_text((out / "register" / r["slug"] / "index.html").read_text(encoding="utf-8")).encode())
    matrix = out / "matrix" / "index.html"
    index_bytes, entries = search_index(out)
    titles = set(entries)
    return {"pages": pages, "index_bytes": index_bytes, "visible_bytes": visible,
            "index_entries": len(entries),
            "titles_in_index": sum(1 for r in records if html.escape(r["title"], quote=False) in titles
                                   or r["title"] in titles),
            "matrix_bytes": matrix.stat().st_size if matrix.exists() else None}


def bench_size(n: int, repeat: int, seed: int, work: Path) -> dict:
    root = copy_site(work / "site")
    records = make_records(n, principle_ids(root), seed=seed)
    write_records(records, root / "registry")
    logs = work / "logs"
    logs.mkdir()

    validate = []
    for i in range(repeat):
        cmd = [sys.executable, "-m", "macros", "--root", str(root), "validate"]
        seconds, _, code, _ = run_child(cmd, root, logs / f"validate{i}.log")
        if code != 0:
            raise SystemExit(f"validate failed for N={n}:\n" + (logs / f"validate{i}.log").read_text()[-4000:])
        validate.append(seconds)
    validate_out = (logs / "validate0.log").read_text()

    # Untimed: capture the macro-rendered pages and the filled nav for the baseline (and warm the caches).
    capture = make_capture_config(root)
    mkdocs_build(root, work / "out-capture", logs / "capture.log", config=capture.name, quiet=False)
    warnings = [line for line in (logs / "capture.log").read_text().splitlines() if line.startswith("WARNING")]
    base_root = work / "baseline"
    base_root.mkdir()
    counts = make_baseline(root, base_root)
    shutil.rmtree(work / "out-capture")

    ours, base, ours_mb, base_mb, ours_cpu, base_cpu = [], [], [], [], [], []
    for i in range(repeat):  # interleaved, so both see the same machine load
        s, mb, cpu = mkdocs_build(root, work / "out", logs / f"build{i}.log")
        ours.append(s)
        ours_mb.append(mb)
        ours_cpu.append(cpu)
        s, mb, cpu = mkdocs_build(base_root, work / "out-base", logs / f"base{i}.log")
        base.append(s)
        base_mb.append(mb)
        base_cpu.append(cpu)
    facts = site_facts(work / "out", records)
    base_facts = site_facts(work / "out-base", records)
    build_s, base_s = statistics.median(ours), statistics.median(base)
    return {
        "n": n, "build_s": build_s, "build_runs": ours, "peak_mb": max(ours_mb),
        "baseline_s": base_s, "baseline_runs": base, "baseline_peak_mb": max(base_mb),
        "mem_ratio": max(ours_mb) / max(base_mb), "peak_mb_runs": ours_mb, "baseline_peak_mb_runs": base_mb,
        "ratio": build_s / base_s, "build_cpu_s": statistics.median(ours_cpu),
        "baseline_cpu_s": statistics.median(base_cpu),
        "cpu_ratio": statistics.median(ours_cpu) / statistics.median(base_cpu), "validate_s": statistics.median(validate), "validate_runs": validate,
        "validate_output": validate_out.strip(), "warnings": warnings,
        "index_bytes_per_record": facts["index_bytes"] / n,
        "baseline_index_bytes_per_record": base_facts["index_bytes"] / n, "visible_bytes_per_record": facts["visible_bytes"] / n,
        "matrix_bytes": facts["matrix_bytes"], "pages": facts["pages"], "baseline_pages": base_facts["pages"],
        "index_entries": facts["index_entries"], "titles_in_index": facts["titles_in_index"],
        "yaml_bytes_per_record": sum(p.stat().st_size for p in (root / "registry").glob("ai-*.yml")) / n,
        **counts,
    }


COLUMNS = [("N", "n", "{:d}"), ("build s", "build_s", "{:.2f}"), ("peak MB", "peak_mb", "{:.0f}"),
           ("baseline MB", "baseline_peak_mb", "{:.0f}"), ("MB ratio", "mem_ratio", "{:.2f}"),
           ("baseline s", "baseline_s", "{:.2f}"), ("ratio", "ratio", "{:.2f}"), ("validate s", "validate_s", "{:.2f}"),
           ("index B/rec", "index_bytes_per_record", "{:.0f}"),
           ("baseline index B/rec", "baseline_index_bytes_per_record", "{:.0f}"), ("visible B/rec", "visible_bytes_per_record", "{:.0f}"),
           ("matrix bytes", "matrix_bytes", "{:d}"),
           # CPU seconds of the same runs: steadier than wall-clock on a shared machine.
           ("build CPU s", "build_cpu_s", "{:.2f}"), ("baseline CPU s", "baseline_cpu_s", "{:.2f}"),
           ("CPU ratio", "cpu_ratio", "{:.2f}")]


def table(results: list[dict]) -> str:
    rows = [[h for h, _, _ in COLUMNS]]
    for r in results:
        rows.append(["–" if r[k] is None else f.format(r[k]) for _, k, f in COLUMNS])
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [" | ".join(c.rjust(w) for c, w in zip(row, widths)) for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000], help="numbers of records")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per build (the median is shown)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write every result to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary sites (their path is printed)")
    args = parser.parse_args(argv)

    results = []
    for n in args.sizes:
        work = Path(tempfile.mkdtemp(prefix=f"bench-{n}-"))
        try:
            result = bench_size(n, args.repeat, args.seed, work)
        finally:
            if args.keep:
                print(f"N={n}: kept in {work}", file=sys.stderr)
            else:
                shutil.rmtree(work, ignore_errors=True)
        results.append(result)
        print(f"N={n}: build {result['build_runs']}, baseline {result['baseline_runs']}, "
              f"validate {result['validate_runs']}; pages {result['pages']} (baseline {result['baseline_pages']}); "
              f"{result['validate_output']}", file=sys.stderr, flush=True)
    print(table(results))
    for r in results:
        print(f"N={r['n']}: {r['pages']} pages = {r['records']} records + {r['pages'] - r['records']} others "
              f"({r['generated_pages']} generated, {r['handwritten_pages']} hand-written); "
              f"baseline {r['baseline_pages']} pages; {len(r['warnings'])} build warnings; "
              f"{r['titles_in_index']}/{r['n']} record titles in the search index; "
              f"YAML {r['yaml_bytes_per_record']:.0f} B/record")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
