"""`python -m macros links` against a local HTTPS server: good, missing, moved, slow, refusing HEAD and hanging
links; and the build marking a dead source from the data file. Nothing here touches the internet."""
from __future__ import annotations

import datetime
import json
import os
import ssl
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, html, mkdocs_build, run
from macros.content import load_content

RECORD = "registry/ai-0002-tale-til-tekst-hjemmeplejen-thisted.yml"


class Handler(BaseHTTPRequestHandler):
    heads: list[str] = []

    def _answer(self, body: bool) -> None:
        path = self.path
        if path == "/slow":
            time.sleep(1.2)
        if path == "/hang":
            time.sleep(4)
        if path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif path in ("/ok", "/slow", "/no-head", "/hang"):
            self.send_response(200)
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        Handler.heads.append(self.path)
        self._answer(False)

    def do_GET(self):
        self._answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """An HTTPS server on 127.0.0.1 with a certificate made for it (the schema only takes https://)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}", cert
    httpd.shutdown()


def point_record_at(root: Path, base: str) -> None:
    """The record's sources, impact assessment and source code at the local server's paths."""
    path = root / RECORD
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["sources"] = [{"title": f"Kilde {name}", "publisher": "x", "year": 2025, "section": "x", "url": f"{base}/{name}"}
                       for name in ("ok", "missing", "moved", "slow", "no-head", "hang")]
    data["legal"]["impact_assessments"] = [{"kind": "DPIA", "date": "ikke oplyst", "url": f"{base}/missing"}]
    data["technology"]["source_code"] = f"{base}/loop"
    data["legal"]["reference"] = f"Se {base}/ok."
    path.write_text(text.split("\n", 1)[0] + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def links(root: Path, cert: Path, *args: str) -> subprocess.CompletedProcess:
    """The real command, trusting the local server's certificate as a system would (SSL_CERT_FILE)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SSL_CERT_FILE": str(cert)}
    return subprocess.run([sys.executable, "-m", "macros", "--root", str(root), "links", "--timeout", "2.5",
                           "--slow", "1", *args], cwd=root, capture_output=True, text=True, env=env)


def test_links_reports_dead_moved_and_slow_links_per_record_and_writes_the_data_file(site_copy, server):
    base, cert = server
    point_record_at(site_copy, base)
    from macros.links import record_urls
    urls = {url for r in load_content(site_copy).records for _, url in record_urls(r)}
    assert urls and all(url.startswith(base) for url in urls)  # nothing but the local server is asked
    Handler.heads.clear()
    result = links(site_copy, cert)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Traceback" not in out + result.stderr
    head = f"{RECORD} (AI-0002 Tale-til-tekst til dokumentation i hjemmeplejen i Thisted Kommune):"
    assert head in out
    block = out.split(head, 1)[1].split("\n\n")[0]
    assert f"  sources[1].url: {base}/missing kan ikke hentes: svarede 404" in block
    assert f"  sources[2].url: {base}/moved er flyttet til {base}/ok (svar 301); ret adressen" in block
    assert f"  sources[3].url: {base}/slow er langsom: svarede efter 1," in block
    assert f"  sources[5].url: {base}/hang kan ikke hentes: svarede ikke inden for 2,5 s" in block
    assert f"  legal.impact_assessments[0].url: {base}/missing kan ikke hentes: svarede 404" in block
    assert f"  technology.source_code: {base}/loop kan ikke hentes: mere end 5 viderestillinger" in block
    fields = [line.split(":")[0].strip() for line in block.splitlines() if line.startswith("  ")]
    # The good links are not reported: also the one refusing HEAD, and the one inside a text.
    assert fields == ["technology.source_code", "legal.impact_assessments[0].url", "sources[1].url",
                      "sources[2].url", "sources[3].url", "sources[5].url"]
    assert "/no-head" in Handler.heads  # asked with HEAD first, then GET
    assert Handler.heads.count("/missing") == 1  # one request per address, however many fields name it
    assert "er flyttet, 1 er langsomme." in out and "Skrevet: registry/_links.json" in out
    data = json.loads((site_copy / "registry" / "_links.json").read_text(encoding="utf-8"))
    assert data["checked"] == datetime.date.today().isoformat()
    assert {url: v["status"] for url, v in data["links"].items()} == {
        f"{base}/missing": "død", f"{base}/moved": "flyttet", f"{base}/slow": "langsom", f"{base}/hang": "død",
        f"{base}/loop": "død"}
    assert data["links"][f"{base}/moved"]["location"] == f"{base}/ok"


def test_links_strict_fails_on_a_dead_link(site_copy, server):
    base, cert = server
    point_record_at(site_copy, base)
    assert links(site_copy, cert, "--strict").returncode == 1


def test_a_dead_source_is_marked_on_its_record_page_with_the_date_of_the_check(site_copy, tmp_path, server):
    base, _ = server
    point_record_at(site_copy, base)
    (site_copy / "registry" / "_links.json").write_text(json.dumps({
        "checked": "2026-11-30",
        "links": {f"{base}/missing": {"status": "død", "code": 404}, f"{base}/slow": {"status": "langsom"}}}),
        encoding="utf-8")
    assert len(load_content(site_copy).records) == 9  # the data file is no record
    result = mkdocs_build(site_copy, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    soup = html(tmp_path / "out", "register/tale-til-tekst-hjemmeplejen-thisted")
    sources = [" ".join(li.get_text(" ").split()) for li in soup.find(id="kilder").find_next("ul").find_all("li")]
    marked = [s for s in sources if "kilden kunne ikke hentes ved seneste tjek (30. november 2026)" in s]
    assert len(marked) == 1 and marked[0].startswith("Kilde missing")
    table = soup.find(id="konsekvensanalyser").find_next("table")
    assert "kilden kunne ikke hentes ved seneste tjek (30. november 2026)" in table.get_text(" ")


def test_an_unreadable_data_file_is_a_danish_error(site_copy):
    (site_copy / "registry" / "_links.json").write_text("{ikke json", encoding="utf-8")
    result = run([sys.executable, "-m", "macros", "--root", str(site_copy), "validate"], cwd=site_copy)
    assert result.returncode == 1
    assert "registry/_links.json:1: (hele filen): filen kan ikke læses; slet den, eller kør python -m macros links igen" \
        in result.stderr


def test_the_weekly_workflow_runs_the_link_check():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "links.yml").read_text(encoding="utf-8"))
    assert workflow[True]["schedule"][0]["cron"].split()[4] in {"0", "1", "2", "3", "4", "5", "6"}  # weekly
    steps = [step.get("run", "") for step in workflow["jobs"]["links"]["steps"]]
    assert any("python -m macros links" in step for step in steps)
