"""The preview: `mkdocs serve` with a content mistake answers with the Danish error list (a page
that asks again by itself), and with the normal page once the file is fixed."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from bs4 import BeautifulSoup

from conftest import copy_site

RECORD = "registry/ai-0003-gladgpt-gladsaxe.yml"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def _until(url: str, wanted, seconds: float) -> tuple[int, str]:
    """Ask url until wanted(status, body) holds or the time is up; the last answer."""
    end, answer = time.monotonic() + seconds, (0, "")
    while time.monotonic() < end:
        try:
            answer = _get(url)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            answer = (0, "")  # not listening yet
        if wanted(*answer):
            break
        time.sleep(0.5)
    return answer


def test_serve_shows_the_error_list_and_then_the_site_when_fixed(tmp_path):
    root = copy_site(tmp_path / "src")
    record = root / RECORD
    good = record.read_text(encoding="utf-8")
    record.write_text(good.replace("\ntitle: ", "\n\ttitle: ", 1), encoding="utf-8")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        url = f"http://127.0.0.1:{port}/register/"
        status, body = _until(url, lambda s, b: "Indholdet har" in b, 120)
        page = BeautifulSoup(body, "html.parser")
        assert page.find("h1").get_text() == "Indholdet har 1 fejl", body
        [item] = page.select("li")
        assert "registry/ai-0003-gladgpt-gladsaxe.yml:" in item.get_text()
        assert "rykket ind med tabulator" in item.get_text()
        assert page.find("meta", attrs={"http-equiv": "refresh"}) is not None  # it asks again by itself
        assert page.html["lang"] == "da"
        # A record's address answers with the list too, not a hang.
        status, body = _get(f"http://127.0.0.1:{port}/register/gladgpt-gladsaxe/")
        assert "rykket ind med tabulator" in body

        record.write_text(good, encoding="utf-8")
        status, body = _until(url, lambda s, b: s == 200 and "Indholdet har" not in b and "<nav" in b, 180)
        assert status == 200 and "Indholdet har" not in body, body[:500]
        assert "GladGPT" in _get(f"http://127.0.0.1:{port}/register/gladgpt-gladsaxe/")[1]
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=20)


def test_the_error_page_shows_values_as_text():
    from macros.errors import ContentError, ContentInvalid
    from macros.render.error_page import error_page
    page = error_page(ContentInvalid([ContentError("registry/<b>.yml", 3, "title", "'<script>alert(1)</script>' er forkert")]))
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "registry/&lt;b&gt;.yml:3" in page


NOTICE = 'class="admonition-title">Forhåndsvisning<'  # the preview's "the lists follow" notice


def test_serve_dirty_shows_a_saved_record_and_then_the_lists_and_a_mistake_and_its_fix(tmp_path):
    """`make serve` (mkdocs serve --dirty): a saved record is on its page, the register's overview follows
    from the full build in the background, the preview's notice goes when it has; a mistake made later
    is shown at every address, and the site comes back when it is fixed."""
    root = copy_site(tmp_path / "src")
    record = root / RECORD
    good = record.read_text(encoding="utf-8")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                              cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    base = f"http://127.0.0.1:{port}"
    page_url = f"{base}/register/gladgpt-gladsaxe/"
    try:
        status, body = _until(page_url, lambda s, b: s == 200 and "GladGPT" in b, 180)
        assert status == 200, body[:300]
        changed = good.replace("\ntitle: ", "\ntitle: Rettet i forhåndsvisningen – ", 1)
        record.write_text(changed, encoding="utf-8")
        status, body = _until(page_url, lambda s, b: "Rettet i forhåndsvisningen" in b, 120)
        assert BeautifulSoup(body, "html.parser").find("h1").get_text().startswith("Rettet i forhåndsvisningen – GladGPT")
        assert NOTICE in body  # the lists are not there yet, and the page says so
        # The lists follow: the register's overview, and the record's organisation's page.
        status, body = _until(f"{base}/register/", lambda s, b: "Rettet i forhåndsvisningen" in b, 120)
        assert "Rettet i forhåndsvisningen" in body
        status, body = _until(f"{base}/register/organisationer/gladsaxe-kommune/",
                              lambda s, b: "Rettet i forhåndsvisningen" in b, 120)
        assert "Rettet i forhåndsvisningen" in body
        # Once they have, the record's page no longer says that they are on their way.
        status, body = _until(page_url, lambda s, b: "Rettet i forhåndsvisningen" in b and NOTICE not in b, 120)
        assert NOTICE not in body, body[:2000]

        record.write_text(changed.replace("\ntitle: ", "\n\ttitle: ", 1), encoding="utf-8")
        status, body = _until(page_url, lambda s, b: "rykket ind med tabulator" in b, 120)
        assert "rykket ind med tabulator" in body  # the record's own address too, not its old page
        status, body = _get(f"{base}/matrix/")
        assert "rykket ind med tabulator" in body

        record.write_text(good, encoding="utf-8")
        status, body = _until(page_url, lambda s, b: s == 200 and "Indholdet har" not in b and "<nav" in b, 120)
        assert BeautifulSoup(body, "html.parser").find("h1").get_text().startswith("GladGPT")
        status, body = _until(f"{base}/matrix/", lambda s, b: s == 200 and "Indholdet har" not in b, 60)
        assert BeautifulSoup(body, "html.parser").find("h1").get_text().startswith("Principmatricen")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=20)


def _background_builds(server_pid: int) -> set[int]:
    """The preview's background builds (python -m macros.preview) that the server started."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().split(b"\0")
        except (OSError, ValueError, IndexError):
            continue
        if ppid == server_pid and b"macros.preview" in cmdline:
            found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _watching(pid: int) -> bool:
    """The background build has set itself to end with the server (its watching thread runs)."""
    try:
        return len(os.listdir(f"/proc/{pid}/task")) >= 2
    except OSError:
        return False


def _until_true(check, seconds: float, step: float = 0.05):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(step)
    return check()


def _serve_dirty(root, port):
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                            cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


import pytest  # noqa: E402


@pytest.mark.parametrize("how", ["terminate", "interrupt"])
def test_a_new_save_supersedes_the_background_build_and_it_ends_with_the_server(tmp_path, how):
    """The full build after a save runs in a process of its own; a second save ends it and starts another,
    whose lists are the ones shown; when `mkdocs serve` ends (killed, or Ctrl-C), so does it. (The test
    holds a background build with SIGSTOP, so that it cannot end by itself first.)"""
    import signal
    root = copy_site(tmp_path / "src")
    record = root / RECORD
    good = record.read_text(encoding="utf-8")
    port = _free_port()
    server = _serve_dirty(root, port)
    base = f"http://127.0.0.1:{port}"
    seen: set[int] = set()
    try:
        status, body = _until(f"{base}/register/gladgpt-gladsaxe/", lambda s, b: s == 200 and "GladGPT" in b, 180)
        assert status == 200, body[:300]
        record.write_text(good.replace("\ntitle: ", "\ntitle: Første – ", 1), encoding="utf-8")
        [first] = _until_true(lambda: _background_builds(server.pid), 60)
        seen.add(first)
        os.kill(first, signal.SIGSTOP)
        record.write_text(good.replace("\ntitle: ", "\ntitle: Anden – ", 1), encoding="utf-8")
        second = _until_true(lambda: _background_builds(server.pid) - {first}, 60)
        seen |= second
        assert second, "no background build after the second save"
        assert _until_true(lambda: not _alive(first), 5), "the superseded background build still runs"
        status, body = _until(f"{base}/register/", lambda s, b: "Anden – GladGPT" in b, 120)
        assert "Anden – GladGPT" in body and "Første – GladGPT" not in body
        assert _until_true(lambda: not _background_builds(server.pid), 30)  # done: it ended by itself

        record.write_text(good.replace("\ntitle: ", "\ntitle: Tredje – ", 1), encoding="utf-8")
        [third] = _until_true(lambda: _background_builds(server.pid), 60)
        seen.add(third)
        assert _until_true(lambda: _watching(third), 30)
        os.kill(third, signal.SIGSTOP)
        server.send_signal(signal.SIGTERM if how == "terminate" else signal.SIGINT)
        server.wait(timeout=30)
        assert _until_true(lambda: not _alive(third), 5), "the background build outlived mkdocs serve"
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=20)
        for pid in seen:  # whatever the outcome, nothing the test held is left behind
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
