"""The preview renders the lists that follow a save a share at a time (macros/hooks.py, LIST_SHARE): the
build that takes the background build renders some of the pages that changed and owes the rest, asks for
another build (the signal file), and so on until none is owed; a save in between is answered with its
own pages only, and the owed pages follow after it. Driven in a process of its own, as `mkdocs serve
--dirty` drives its builds (one build after another in one process), with a share of no time at all:
one page a build."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import copy_site

RECORD = "registry/ai-0003-gladgpt-gladsaxe.yml"

DRIVER = r'''
import json, os, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

root, out = Path(sys.argv[1]), Path(sys.argv[2])
URL = "http://127.0.0.1:8000/"

def config():
    c = load_config(str(root / "mkdocs.yml"), site_dir=str(out))
    c.site_url = URL
    return c

def outputs():
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("index.html")}

def run_build():
    before = outputs()
    build(config(), serve_url=URL, dirty=True)
    after = outputs()
    return sorted(u for u in after if before.get(u) != after[u])

def text(uri):
    return (out / uri).read_text(encoding="utf-8")

first = config()
first.plugins.on_startup(command="serve", dirty=True)
build(first, serve_url=URL, dirty=True)
from macros import hooks
hooks.LIST_SHARE = 0.0
record = root / "registry/ai-0003-gladgpt-gladsaxe.yml"
good = record.read_text(encoding="utf-8")

def save(title):
    record.write_text(good.replace("\ntitle: ", f"\ntitle: {title} – ", 1), encoding="utf-8")
    time.sleep(0.01)

def background_done():
    signal, end = hooks._signal_file(), time.monotonic() + 120
    before = signal.read_text() if signal.exists() else None
    while hooks._background.running and time.monotonic() < end:
        if signal.exists() and signal.read_text() != before:
            break
        time.sleep(0.05)

def report(**kw):
    print(json.dumps(kw), flush=True)

save("Første")
report(step="quick", rendered=run_build(), owed=len(hooks._owed))
background_done()
report(step="take", rendered=run_build(), owed=len(hooks._owed))
signal = hooks._signal_file().read_text()
report(step="asked", asked=True)
save("Anden")
report(step="quick again", rendered=run_build(), owed=len(hooks._owed),
       page="Anden – GladGPT" in text("register/gladgpt-gladsaxe/index.html"))
background_done()
shares = []
while True:
    signal = hooks._signal_file().read_text()
    rendered = run_build()
    shares.append({"rendered": rendered, "owed": len(hooks._owed),
                   "asked": hooks._signal_file().read_text() != signal})
    if not hooks._owed or len(shares) > 200:
        break
report(step="shares", shares=shares,
       overview="Anden – GladGPT" in text("register/index.html"),
       organisation="Anden – GladGPT" in text("register/organisationer/gladsaxe-kommune/index.html"),
       notice="Forhåndsvisning<" in text("register/gladgpt-gladsaxe/index.html"))
os._exit(0)
'''


def test_the_lists_follow_in_shares_and_a_save_goes_first(tmp_path):
    root = copy_site(tmp_path / "src")
    done = subprocess.run([sys.executable, "-c", DRIVER, str(root), str(tmp_path / "out")], cwd=root,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    steps = {r["step"]: r for r in map(json.loads, done.stdout.splitlines())}
    assert steps["quick"]["rendered"] == ["register/gladgpt-gladsaxe/index.html"]
    take = steps["take"]
    assert len(take["rendered"]) == 1 and take["owed"] > 1  # one page this build, the others owed
    again = steps["quick again"]
    assert again["rendered"] == ["register/gladgpt-gladsaxe/index.html"] and again["page"]  # the save first
    shares = steps["shares"]["shares"]
    assert all(len(s["rendered"]) == 1 for s in shares), shares
    # The record's page, with the notice, last: the notice goes when every list has come.
    assert shares[-1]["rendered"] == ["register/gladgpt-gladsaxe/index.html"], shares
    assert all(s["asked"] for s in shares[:-1]) and shares[-1]["owed"] == 0 and not shares[-1]["asked"]
    assert steps["shares"]["overview"] and steps["shares"]["organisation"]
    assert not steps["shares"]["notice"]  # the record's page no longer says that the lists are on their way
