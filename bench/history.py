"""What the git history costs a build, and how big its pages and files get, at register scale.

For each N: a copy of the site with N synthetic records in a fresh git repository with three
commits (all records created; a fifth of them get a new risk level and summary; a
twentieth are renamed), then, median of --repeat runs:

  history s   load_history alone: one git log, one git status, one cat-file batch, the parses
  build s     make_build (all generated pages and files, no MkDocs) in the repository
  no-git s    make_build of the same folder without .git (no history: the baseline)
  ratio       build s / no-git s
and the sizes of what the history adds: the history as it was published until December 2026
(every version whole in one registry-history.json, made here by `whole_versions_json` as the
baseline), and as it is now: the index registry-history.json, the per-record files
api/historik/<id>.json (all together, and the largest), the changes-only table
registry-changes.csv; then the register feed, the largest organisation page (Markdown) and the
organisations' count.

    python bench/history.py                      # N = 1000, 5000; 3 runs each
    python bench/history.py --sizes 200 --repeat 1
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(ROOT))
from run import copy_site, principle_ids  # noqa: E402
from synthetic import make_records, record_filename, write_records  # noqa: E402

import json  # noqa: E402

from macros import feeds, history_data  # noqa: E402
from macros.content import load_content  # noqa: E402
from macros.history import load_history  # noqa: E402
from macros.site import make_build  # noqa: E402

GIT_ENV = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


def git(root: Path, *args: str, date: str = "2026-01-01T10:00:00+00:00") -> None:
    env = {**GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.invalid", *args],
                   cwd=root, env=env, check=True, capture_output=True)


def make_repo(n: int, work: Path) -> Path:
    root = copy_site(work / f"site-{n}")
    records = make_records(n, principle_ids(root))
    write_records(records, root / "registry")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Records created")
    rng = random.Random(1)
    # Not the high-risk ones: a record at 'høj' carries the EU database's fields, which only that level may.
    for record in rng.sample([r for r in records if r["ai_act"]["risk_level"] != "høj"], n // 5):
        path = root / "registry" / record_filename(record)
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^  risk_level: .*$", "  risk_level: begrænset", text, count=1)
        path.write_text(re.sub(r"(?m)^summary: ", "summary: Revideret. ", text, count=1), encoding="utf-8")
    git(root, "commit", "-q", "-am", "Risk levels assessed", date="2026-01-02T10:00:00+00:00")
    for record in rng.sample(records, n // 20):
        name = record_filename(record)
        git(root, "mv", f"registry/{name}", f"registry/x-{name}")
    git(root, "commit", "-q", "-m", "Renamed", date="2026-01-03T10:00:00+00:00")
    return root


def whole_versions_json(content, history) -> bytes:
    """The baseline: registry-history.json as it was, every version of every record whole."""
    rows = []
    for record in content.records:
        versions = [{"date": v.date, "commit": v.commit, "message": v.message, "file": v.path, "kind": v.kind,
                     "record": v.data} for v in history.of(record.source_file)]
        rows.append(json.dumps({"id": record["id"], "file": record.source_file, "versions": versions},
                               ensure_ascii=False, default=str))
    head = json.dumps({"description": "", "complete": not history.shallow}, ensure_ascii=False)
    return (head[:-1] + ',\n"records": [\n' + ",\n".join(rows) + "\n]}\n").encode()


def median_time(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench(n: int, repeat: int, work: Path) -> dict:
    root = make_repo(n, work)
    content = load_content(root)
    current = {item.source_file: item.data for item in content.principles + content.records}
    history_s, history = median_time(lambda: load_history(root, current), repeat)
    build_s, build = median_time(lambda: make_build(root), repeat)
    org_pages = [p.markdown for uri, p in build.pages.items() if uri.startswith("register/organisationer/")
                 and not uri.endswith("index.md")]
    facts = {
        "n": n, "history_s": history_s, "build_s": build_s,
        "versions": sum(len(v) for v in history.versions.values()),
        "whole_kb": len(whole_versions_json(build.content, history)) / 1024,
        "index_kb": len(build.files[history_data.JSON_URI].encode()) / 1024,
        "per_record_kb": sum(len(text.encode()) for uri, text in build.files.items()
                             if uri.startswith(history_data.RECORD_DIR + "/")) / 1024,
        "largest_record_kb": max(len(text.encode()) for uri, text in build.files.items()
                                 if uri.startswith(history_data.RECORD_DIR + "/")) / 1024,
        "changes_kb": len(build.files[history_data.CHANGES_CSV_URI]) / 1024,
        "feed_kb": len(build.files[feeds.REGISTER_FEED_URI].encode()) / 1024,
        "orgs": len(org_pages), "largest_org_kb": max(len(p.encode()) for p in org_pages) / 1024,
    }
    shutil.rmtree(root / ".git")
    facts["nogit_s"], _ = median_time(lambda: make_build(root), repeat)
    return facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            rows.append(bench(n, args.repeat, Path(tmp)))
    print("| N | versions | history s | build s | no-git s | ratio | register feed KB | orgs | largest org page KB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['n']} | {r['versions']} | {r['history_s']:.2f} | {r['build_s']:.2f} | {r['nogit_s']:.2f} | "
              f"{r['build_s'] / r['nogit_s']:.2f} | {r['feed_kb']:.0f} | {r['orgs']} | {r['largest_org_kb']:.0f} |")
    print()
    print("History files (KB). Before: registry-history.json with every version whole (the baseline, made in this run). "
          "After: the index, every api/historik/<id>.json together and the largest, registry-changes.csv.")
    print()
    print("| N | before: whole versions | after: index | after: per-record files, all | largest per-record file | "
          "changes table (CSV) | largest file, before / after |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        largest_after = max(r["index_kb"], r["largest_record_kb"], r["changes_kb"])
        print(f"| {r['n']} | {r['whole_kb']:.0f} | {r['index_kb']:.0f} | {r['per_record_kb']:.0f} | "
              f"{r['largest_record_kb']:.1f} | {r['changes_kb']:.0f} | {r['whole_kb'] / largest_after:.1f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
