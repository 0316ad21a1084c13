"""What the Danish YAML-mistake checks cost: `python -m macros validate` on N synthetic records,
with this checkout's macros against a baseline commit's macros (default: main), same records.

The checks that run on every file (a BOM, invisible characters in indentation or keys, a value
cut short by ' #') must not make validation of a large register noticeably slower.

    python bench/yaml_checks.py                       # N = 1000, 5000; 3 runs each; baseline main
    python bench/yaml_checks.py --sizes 200 --repeat 1 --baseline HEAD~3
"""
from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(ROOT))
from synthetic import make_records, write_records  # noqa: E402

SITE_PARTS = ["mkdocs.yml", "mkdocs_hooks.py", "settings.yml", "docs", "overrides", "principles", "registry", "smv"]


def _baseline_macros(ref: str, dest: Path) -> Path:
    """The macros package as it is at ref, unpacked into dest/macros."""
    data = subprocess.run(["git", "archive", "--format=tar", ref, "macros"], cwd=ROOT, capture_output=True,
                          check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def _site(n: int, dest: Path) -> Path:
    dest.mkdir(parents=True)
    for part in SITE_PARTS:
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / part)
    for old in (dest / "registry").glob("ai-*.yml"):
        old.unlink()
    principle_ids = [f"P{i:02d}" for i in range(1, 16)]
    write_records(make_records(n, principle_ids), dest / "registry")
    return dest


def _validate(site: Path, code: Path, repeat: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(code), "PYTHONDONTWRITEBYTECODE": "1"}
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "macros", "--root", str(site), "validate"], cwd=code,
                                env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"validate failed with {code}:\n{result.stderr[-2000:]}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", default="main")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        baseline = _baseline_macros(args.baseline, tmp / "baseline")
        print(f"| N | {args.baseline} (s) | denne gren (s) | forhold |")
        print("|---:|---:|---:|---:|")
        for n in args.sizes:
            site = _site(n, tmp / f"site-{n}")
            runs: dict[Path, list[float]] = {baseline: [], ROOT: []}
            for _ in range(args.repeat):  # alternating, so a busy moment of the machine hits both
                for code in runs:
                    runs[code].append(_validate(site, code, 1))
            before, after = statistics.median(runs[baseline]), statistics.median(runs[ROOT])
            print(f"| {n} | {before:.2f} | {after:.2f} | {after / before:.2f} |", flush=True)


if __name__ == "__main__":
    main()
