"""`python -m macros validate` of N synthetic records, commit against commit, interleaved in one run.

Timings of validate swing by a factor of two between sessions on a shared machine, so a figure is only
worth comparing with one measured beside it. For each --ref (default: the working tree) this makes a site
from that commit's own files, with N records from that commit's own generator (bench/synthetic.py, so
each validates records of its own schema), then times validate in turns: ref A, ref B, ref A, ...
Wall-clock and CPU seconds (user + system, from wait4) include the interpreter's start-up; the median is shown.

    python bench/validate.py --ref ebe5869 --ref HEAD            # 5,000 records, 5 turns each
    python bench/validate.py --sizes 1000 5000 --runs 3
"""
from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from run import ENV, ROOT, run_child, worktree

# Run inside the commit's tree: its own copy_site, principle_ids and generator make its site.
MAKE_SITE = """
import sys
from pathlib import Path
sys.path[:0] = ["bench", "."]
from run import copy_site, principle_ids
from synthetic import make_records, write_records
site = copy_site(Path(sys.argv[1]))  # the files of the tree its run.py is in
write_records(make_records(int(sys.argv[2]), principle_ids(site), seed=int(sys.argv[3])), site / "registry")
"""


def make_site(ref: str | None, n: int, seed: int, work: Path) -> Path:
    """A site of ref's files (None: the working tree) with n of its synthetic records."""
    label = ref or "arbejdskopi"
    site = work / f"site-{label}-{n}"
    with worktree(ref, work / f"tree-{ref}") if ref else contextlib.nullcontext(ROOT) as tree:
        subprocess.run([sys.executable, "-c", MAKE_SITE, str(site), str(n), str(seed)], cwd=tree, env=ENV, check=True)
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", action="append", help="a commit to measure (more than one: side by side)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000], help="numbers of records")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per commit (the median is shown)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    refs = args.ref or [None]

    rows = []
    work = Path(tempfile.mkdtemp(prefix="bench-validate-"))
    try:
        for n in args.sizes:
            sites = {ref: make_site(ref, n, args.seed, work) for ref in refs}
            runs: dict[str | None, list[tuple[float, float]]] = {ref: [] for ref in refs}
            for i in range(args.runs):
                for ref, site in sites.items():
                    log = work / f"validate-{ref}-{n}-{i}.log"
                    # From inside the site, so `-m macros` is that commit's package.
                    seconds, _, code, cpu = run_child([sys.executable, "-m", "macros", "validate"], site, log)
                    if code != 0:
                        sys.exit(f"validate fejlede for {ref or 'arbejdskopien'} ved N={n}:\n{log.read_text()[-3000:]}")
                    runs[ref].append((seconds, cpu))
            for ref in refs:
                walls = [w for w, _ in runs[ref]]
                cpus = [c for _, c in runs[ref]]
                rows.append((n, ref or "arbejdskopi", statistics.median(walls), statistics.median(cpus), walls))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"{'N':>6} | {'kode':<12} | {'væg s':>6} | {'CPU s':>6} | {'forhold':>7} | kørsler (væg s)")
    print("-" * 7 + "+" + "-" * 14 + "+" + "-" * 8 + "+" + "-" * 8 + "+" + "-" * 9 + "+" + "-" * 20)
    for n, label, wall, cpu, walls in rows:
        first = next(r for r in rows if r[0] == n)
        print(f"{n:>6} | {label:<12} | {wall:>6.2f} | {cpu:>6.2f} | {wall / first[2]:>7.2f} | "
              + ", ".join(f"{w:.2f}" for w in walls))
    print("forhold: median væg-tid mod den første kode ved samme N, målt i samme kørsel")
    return 0


if __name__ == "__main__":
    sys.exit(main())
