"""What the git history costs a build, and how big its pages and files get, at register scale.

For each N: a copy of the site with N synthetic records in a fresh git repository with three
commits (all records created; a fifth of them get a new risk level and summary; a
twentieth are renamed), then, median of --repeat runs:

  history s   load_history alone: one git log, one git status, one cat-file batch, the parses
  build s     make_build (all generated pages and files, no MkDocs) in the repository
  no-git s    make_build of the same folder without .git (no history: the baseline)
  ratio       build s / no-git s
and the sizes of what the history adds: registry-history.json, the register feed, the
largest organisation page (Markdown), the organisations' count.

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
    for record in rng.sample(records, n // 5):
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
        "history_json_kb": len(build.files[history_data.JSON_URI].encode()) / 1024,
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
    print("| N | versions | history s | build s | no-git s | ratio | history.json KB | register feed KB | orgs | largest org page KB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['n']} | {r['versions']} | {r['history_s']:.2f} | {r['build_s']:.2f} | {r['nogit_s']:.2f} | "
              f"{r['build_s'] / r['nogit_s']:.2f} | {r['history_json_kb']:.0f} | {r['feed_kb']:.0f} | {r['orgs']} | "
              f"{r['largest_org_kb']:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
