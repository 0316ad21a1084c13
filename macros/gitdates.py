"""When each source file last changed, from one `git log` per build."""
from __future__ import annotations

import subprocess
from pathlib import Path

SOURCE_DIRS = ["docs", "principles", "registry", "smv"]


def last_changed(root: Path) -> dict[str, str]:
    """{path relative to root: "YYYY-MM-DD" of the last commit touching it}; {} outside git."""
    cmd = ["git", "-c", "core.quotepath=off", "log", "--relative", "--format=%x00%cs", "--name-only", "--", *SOURCE_DIRS]
    try:
        out = subprocess.run(cmd, cwd=root, capture_output=True, text=True, check=True, timeout=120).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    commit_date = None
    for line in out.splitlines():
        if line.startswith("\x00"):
            commit_date = line[1:]
        elif line and commit_date:
            dates.setdefault(line, commit_date)  # newest commit comes first
    return dates
