"""How long `mkdocs serve` takes to show a changed record, at register scale.

A copy of the site with N synthetic records is served with `mkdocs serve`; once the first build is
done, one record's title is changed, and the time from the save to MkDocs' "Reloading browsers" is
what a contributor waits for in the preview. Prints a table; the first build is the baseline.

    python bench/serve_rebuild.py --sizes 1000 --runs 3
"""
from __future__ import annotations

import argparse
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ENV, copy_site, principle_ids  # noqa: E402
from synthetic import make_records, write_records  # noqa: E402

DONE = "Reloading browsers"  # MkDocs logs this when a (re)build has finished


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(lines: queue.Queue, text: str, timeout: float) -> float:
    """Seconds until a log line containing text (from now)."""
    start = time.perf_counter()
    while True:
        left = timeout - (time.perf_counter() - start)
        if left <= 0:
            raise SystemExit(f"mkdocs serve: '{text}' kom ikke inden for {timeout:.0f} s")
        line = lines.get(timeout=left)
        if text in line:
            return time.perf_counter() - start


def measure(n: int, runs: int, work: Path) -> dict:
    root = copy_site(work / "site")
    paths = write_records(make_records(n, principle_ids(root)), root / "registry")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                            env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    try:
        first = _wait_for(lines, "Serving on", 1200)
        rebuilds = []
        for i in range(runs):
            path = paths[(i * 7) % len(paths)]
            text = path.read_text(encoding="utf-8")
            time.sleep(1)  # a save well after the last build, as a contributor makes it
            path.write_text(text.replace("\ntitle: ", f"\ntitle: Rettet {i} – ", 1), encoding="utf-8")
            rebuilds.append(_wait_for(lines, DONE, 1200))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return {"n": n, "first_s": first, "rebuild_s": statistics.median(rebuilds), "rebuilds": rebuilds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("     N | first build s | rebuild after a save s (median) | each")
    print("-------+--------------+---------------------------------+-----")
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"serve-{n}-") as work:
            r = measure(n, args.runs, Path(work))
        print(f"{r['n']:6d} | {r['first_s']:12.1f} | {r['rebuild_s']:31.1f} | "
              + ", ".join(f"{s:.1f}" for s in r["rebuilds"]))


if __name__ == "__main__":
    main()
