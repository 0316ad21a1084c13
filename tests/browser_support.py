"""Real-browser fixtures: the built site over http on 127.0.0.1 and one headless Chromium.

Imported by conftest.py, so any test can ask for `served_site`, `browser` or `page`.
The browser is Debian's /usr/bin/chromium (`make chromium` installs it); when it is
missing the browser tests fail with a message saying so. They are never skipped.
"""
from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@dataclass(frozen=True)
class PageType:
    """One kind of page: a representative URL and the built paths that are of this kind."""
    name: str
    url: str         # path under the site root, e.g. "principper/p04-risikovurdering/"
    pattern: str     # regex over built HTML paths relative to the site, e.g. r"principper/p\d\d-[^/]+/index\.html"


# Every kind of page the site has, one representative each. The browser tests run on
# all of them; test_page_types_cover_every_built_page fails when a new kind of page
# appears in the build without an entry here.
PAGE_TYPES = [
    PageType("forside", "", r"index\.html"),
    PageType("principoversigt", "principper/", r"principper/index\.html"),
    PageType("princip", "principper/p04-risikovurdering/", r"principper/p\d\d-[a-z0-9-]+/index\.html"),
    PageType("udskrift", "principper/udskrift/", r"principper/udskrift/index\.html"),
    PageType("registeroversigt", "register/", r"register/index\.html"),
    PageType("matrix", "matrix/", r"matrix/index\.html"),
    PageType("mangler", "register/mangler/", r"register/mangler/index\.html"),
    PageType("registerdata", "register/data/", r"register/data/index\.html"),
    PageType("statistik", "register/statistik/", r"register/statistik/index\.html"),
    # Before "registrering", whose pattern also matches register/organisationer/index.html.
    PageType("organisationer", "register/organisationer/", r"register/organisationer/index\.html"),
    PageType("organisation", "register/organisationer/gladsaxe-kommune/", r"register/organisationer/[a-z0-9-]+/index\.html"),
    PageType("registreringsformular", "register/ny/", r"register/ny/index\.html"),
    PageType("registrering", "register/ai-tolk-beskaeftigelse-koebenhavn/", r"register/[a-z0-9-]+/index\.html"),
    PageType("risikoniveau", "risikoniveau/", r"risikoniveau/index\.html"),
    PageType("smv-guide", "smv/", r"smv/index\.html"),
    PageType("smv-trin", "smv/trin-1-kortlaeg/", r"smv/trin-\d-[a-z0-9-]+/index\.html"),
    PageType("om", "om/", r"om/index\.html"),
    PageType("tilgaengelighed", "om/tilgaengelighed/", r"om/tilgaengelighed/index\.html"),
    PageType("privatliv", "om/privatliv/", r"om/privatliv/index\.html"),
    PageType("aendringslog", "om/aendringslog/", r"om/aendringslog/index\.html"),
    # The editions' overview. An edition's own pages (udgaver/N/...) need an edition tag, which the
    # repository's build has not: tests/test_editions.py checks them in a repository that has one.
    PageType("udgaver", "udgaver/", r"udgaver/index\.html"),
    PageType("404", "404.html", r"404\.html"),
]


def page_type_ids() -> list[str]:
    return [t.name for t in PAGE_TYPES]


def page_type_for(rel_path: str) -> PageType | None:
    for t in PAGE_TYPES:
        if re.fullmatch(t.pattern, rel_path):
            return t
    return None


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


@pytest.fixture(scope="session")
def served_site(site):
    """The built site over http on 127.0.0.1 and a free port; yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} findes ikke: installér Chromium med `make chromium` "
                    "(apt-get install chromium). Browsertestene må ikke springes over.", pytrace=False)
    from playwright.sync_api import sync_playwright
    pw = sync_playwright().start()
    chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    pw.stop()


@dataclass
class Recorded:
    """What a page did: every request URL, console message and uncaught error."""
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)  # (type, text)
    errors: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests
                if urlparse(u).scheme not in ("data", "blob", "about")
                and urlparse(u).hostname not in LOCAL_HOSTS]

    def console_errors(self) -> list[str]:
        return [f"console.{kind}: {text}" for kind, text in self.console if kind == "error"] + \
               [f"pageerror: {e}" for e in self.errors]


def new_recorded_page(browser, base_url: str):
    """A page in a fresh context; `page.recorded` holds what it requested and logged. Close its context after use."""
    context = browser.new_context(base_url=base_url, locale="da-DK", viewport={"width": 1280, "height": 900})
    recorded = Recorded()
    # On the context, so requests from workers (material's search worker) are seen too.
    context.on("request", lambda request: recorded.requests.append(request.url))
    pg = context.new_page()
    pg.on("console", lambda msg: recorded.console.append((msg.type, msg.text)))
    pg.on("pageerror", lambda exc: recorded.errors.append(str(exc)))
    pg.recorded = recorded
    return pg


@pytest.fixture
def page(browser, served_site):
    """A fresh page in its own context; `page.recorded` holds what it requested and logged."""
    pg = new_recorded_page(browser, served_site)
    yield pg
    pg.context.close()


def open_page(page, url: str) -> None:
    """Load a site path and wait until the page and its network are quiet."""
    response = page.goto(url, wait_until="load")
    assert response is not None and (response.ok or url.endswith("404.html")), f"{url}: {response and response.status}"
    page.wait_for_load_state("networkidle")


__all__ = ["served_site", "browser", "page", "PAGE_TYPES", "PageType", "page_type_ids", "page_type_for",
           "open_page", "Recorded", "new_recorded_page"]
