"""Large registers are read on all cores: the result, errors included, is the same as on one.

The checks run in a fresh interpreter: this test process may have threads (the browser
tests' server), and map_in_processes rightly refuses to fork a process with threads.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import yaml

from conftest import ROOT, line_of
from macros import parallel

COPIES = 40  # copies of the real records beside them: 49 records, split between 2+ processes


def run_script(code: str, *args: str) -> dict:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_map_in_processes_keeps_order_and_uses_every_core():
    out = run_script("""
        import json, os
        from macros import parallel
        parallel.MIN_ITEMS_PER_PROCESS = 2
        out = parallel.map_in_processes(lambda i: (i * i, os.getpid()), list(range(101)))
        print(json.dumps({"values": [v for v, _ in out], "pids": [p for _, p in out], "me": os.getpid(),
                          "processes": parallel.process_count(101), "cores": parallel.cores()}))
    """)
    assert out["values"] == [i * i for i in range(101)]
    assert out["cores"] == len(os.sched_getaffinity(0)) and out["processes"] == min(out["cores"], 101 // 2)
    # Every process takes part: this one the first items (up to where it met the workers, which work
    # from the end), the workers the rest.
    assert out["pids"][0] == out["me"] and len(set(out["pids"])) == out["processes"]
    mine = [i for i, pid in enumerate(out["pids"]) if pid == out["me"]]
    assert mine == list(range(len(mine))) and len(mine) < 101


def test_an_exception_in_a_worker_reaches_the_caller():
    out = run_script("""
        import json
        from macros import parallel
        parallel.MIN_ITEMS_PER_PROCESS = 2
        def fail_on_last(i):
            if i == 99:
                raise LookupError(f"item {i}")
            return i
        try:
            parallel.map_in_processes(fail_on_last, list(range(100)))
        except LookupError as exc:
            print(json.dumps({"raised": str(exc)}))
    """)
    assert out == {"raised": "item 99"}


def test_no_fork_while_other_threads_run():
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert parallel.process_count(100_000) == 1
        assert parallel.map_in_processes(str, [1, 2, 3]) == ["1", "2", "3"]
    finally:
        stop.set()
        worker.join()


def _copy_records(root: Path) -> list[Path]:
    """COPIES more records made from the real ones (new ids and slugs), in file order."""
    originals = sorted(p for p in (root / "registry").glob("ai-*.yml"))
    made = []
    for i in range(COPIES):
        data = yaml.safe_load(originals[i % len(originals)].read_text(encoding="utf-8"))
        data["id"], data["slug"] = f"AI-1{i:03d}", f"{data['slug']}-kopi-{i}"
        data.pop("former_slugs", None)
        path = root / "registry" / f"ai-1{i:03d}-{data['slug']}.yml"
        path.write_text("# yaml-language-server: $schema=schema.json\n"
                        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
        made.append(path)
    return made


LOAD_BOTH_WAYS = """
    import json, sys
    from macros import parallel
    from macros.content import load_content
    from macros.errors import ContentInvalid

    def load():
        try:
            content = load_content(sys.argv[1])
        except ContentInvalid as exc:
            return {"errors": [str(e) for e in exc.errors]}
        return {"records": [r.data for r in content.records],
                "lines": [r.doc.line_of(("principle_assessments", "P07", "evidence")) for r in content.records]}

    paths = sorted(p for p in __import__("pathlib").Path(sys.argv[1], "registry").glob("ai-*.yml"))
    parallel.MIN_ITEMS_PER_PROCESS = 5
    processes = parallel.process_count(len(paths))
    in_parallel = load()
    parallel._can_fork = lambda: False
    print(json.dumps({"processes": processes, "parallel": in_parallel, "one_process": load()}))
"""


def test_a_valid_register_reads_the_same_in_parallel(site_copy):
    made = _copy_records(site_copy)
    out = run_script(LOAD_BOTH_WAYS, str(site_copy))
    assert out["processes"] >= 2
    assert out["parallel"] == out["one_process"]
    records = out["parallel"]["records"]
    assert [r["id"] for r in records[-COPIES:]] == [f"AI-1{i:03d}" for i in range(COPIES)]
    last = made[-1].read_text(encoding="utf-8")
    assert out["parallel"]["lines"][-1] == line_of(last, r"^    evidence:", after=r"^  P07:")


def test_mistakes_in_every_slice_are_all_reported_with_their_lines(site_copy):
    made = _copy_records(site_copy)
    first, last = made[1], made[-2]  # read by this process and by the last worker

    def edit(path: Path, old: str, new: str) -> str:
        text = path.read_text(encoding="utf-8")
        assert old in text
        text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
        return text

    first_text = edit(first, "\ncategory: ", "\ncategory: ukendt-kategori\nx_category: ")
    last_text = edit(last, "\n  P03:\n", "\n  P99:\n")
    broken = edit(made[-1], "\ntitle: ", "\n\tfaneblad: 1\ntitle: ")
    tab_line = line_of(broken, "^\tfaneblad")
    duplicate = edit(made[-3], f"id: AI-1{COPIES - 3:03d}", "id: AI-1000")
    out = run_script(LOAD_BOTH_WAYS, str(site_copy))
    assert out["processes"] >= 2
    errors = out["parallel"]["errors"]
    assert errors == out["one_process"]["errors"]

    def rel(path: Path) -> str:
        return path.relative_to(site_copy).as_posix()

    expected = [
        f"{rel(first)}:{line_of(first_text, '^category: ukendt')}: category: 'ukendt-kategori' er ikke en tilladt værdi",
        f"{rel(first)}:{line_of(first_text, '^x_category:')}: x_category: ukendt felt",
        f"{rel(last)}:{line_of(last_text, '^  P99:')}: principle_assessments.P99: ",
        f"{rel(made[-1])}:{tab_line}: faneblad: YAML-syntaksfejl: linjen er rykket ind med tabulator",
        f"{rel(made[-3])}:{line_of(duplicate, '^id: AI-1000')}: id: id'et 'AI-1000' er allerede brugt i {rel(made[0])}",
    ]
    for start in expected:
        assert any(e.startswith(start) for e in errors), f"{start!r} not in:\n" + "\n".join(errors)


def test_started_work_balances_and_can_be_closed():
    out = run_script("""
        import json, os, time
        from macros import parallel
        parallel.MIN_ITEMS_PER_PROCESS = 2
        def slow(i):
            time.sleep(0.002)
            return i, os.getpid()
        # Begun, then this process is busy elsewhere: the workers take more than their share meanwhile.
        started = parallel.start_in_processes(slow, list(range(400)))
        time.sleep(0.5)
        out = started.result()
        busy = parallel.start_in_processes(slow, list(range(400)))
        busy.close()  # given up before the result: no worker is left behind
        again = parallel.map_in_processes(slow, list(range(400)))
        print(json.dumps({"values": [v for v, _ in out], "mine": sum(1 for _, p in out if p == os.getpid()),
                          "processes": parallel.process_count(400), "again": [v for v, _ in again],
                          "children": len(__import__("multiprocessing").active_children())}))
    """)
    assert out["values"] == list(range(400)) and out["again"] == list(range(400))
    if out["processes"] == 2:  # 0.5 s ahead at 2 ms an item: the worker reads more than half
        assert out["mine"] < 200, out["mine"]
    assert out["children"] == 0
