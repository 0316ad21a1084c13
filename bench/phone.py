"""The reader side of the benchmarks: a built site served on 127.0.0.1 and Chromium with the
phone profile, shared by every bench script that measures what a reader waits for.

Phone profile (CDP): CPU throttled 4× (Emulation.setCPUThrottlingRate), 1.25 MB/s down, 0.5 MB/s up,
40 ms latency (Network.emulateNetworkConditions), cold cache (a new context, cache disabled).
CPU throttling does not reach web workers: a figure that depends on one (e.g. a search index
decoded in a worker) understates a real phone; say so beside it. Text files are sent
gzip-compressed, as any real host sends them (serve(site, compress=False) for the raw bytes).

    with serve(site_dir) as base_url, chromium() as browser:
        page, traffic = open_page(browser, phone=True)
        page.goto(base_url + "register/")
        traffic.bytes  # bytes received since the page was opened (encoded, as on the wire)
"""
from __future__ import annotations

import contextlib
import functools
import gzip
import io
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
PHONE_VIEWPORT = {"width": 390, "height": 844}
DESKTOP_VIEWPORT = {"width": 1280, "height": 800}
CPU_SLOWDOWN = 4
NETWORK = {"offline": False, "latency": 40, "downloadThroughput": 1.25e6, "uploadThroughput": 0.5e6}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


# Text a web host sends gzip-compressed (GitHub Pages and every common server do); Pagefind's
# index files and images are compressed already.
COMPRESSED_TYPES = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".map"}


class _Gzip(_Quiet):
    """Serves text gzip-compressed to a browser that accepts it, as a real host would."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the address with a trailing slash
            path = path / "index.html"
        if (path.suffix not in COMPRESSED_TYPES or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site: Path, compress: bool = True):
    """The folder over http on a free port of 127.0.0.1; yields the base URL (with a trailing /).
    compress: text gzip-compressed, as a real host sends it."""
    handler = _Gzip if compress else _Quiet
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Traffic:
    """Bytes received on the wire since the page was opened (CDP Network.loadingFinished)."""
    bytes: int = 0
    requests: list = field(default_factory=list)

    def reset(self) -> None:
        self.bytes = 0
        self.requests.clear()


def open_page(browser, phone: bool = True):
    """A new page in a fresh context (cold cache); with phone=True the phone profile and a 390 px
    viewport, else unthrottled at 1280 px. Returns (page, Traffic)."""
    context = browser.new_context(viewport=PHONE_VIEWPORT if phone else DESKTOP_VIEWPORT, locale="da-DK")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if phone:
        cdp.send("Network.emulateNetworkConditions", NETWORK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    traffic = Traffic()
    urls = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))

    def finished(event):
        traffic.bytes += int(event.get("encodedDataLength", 0))
        traffic.requests.append(urls.get(event["requestId"], "?"))

    cdp.on("Network.loadingFinished", finished)
    return page, traffic
