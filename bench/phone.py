"""The reader side of the benchmarks: a built site served on 127.0.0.1 and Chromium with the
phone profile, shared by every bench script that measures what a reader waits for.

Phone profile (CDP): CPU throttled 4× (Emulation.setCPUThrottlingRate), 1.25 MB/s down, 0.5 MB/s up,
40 ms latency (Network.emulateNetworkConditions), cold cache (a new context, cache disabled).
CPU throttling does not reach web workers: a figure that depends on one (e.g. a search index
decoded in a worker) understates a real phone; say so beside it.

    with serve(site_dir) as base_url, chromium() as browser:
        page, traffic = open_page(browser, phone=True)
        page.goto(base_url + "register/")
        traffic.bytes  # bytes received since the page was opened (encoded, as on the wire)
"""
from __future__ import annotations

import contextlib
import functools
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


@contextlib.contextmanager
def serve(site: Path):
    """The folder over http on a free port of 127.0.0.1; yields the base URL (with a trailing /)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
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
