"""The Content-Security-Policy on every page type, in Chromium: the page breaks no rule of it, logs no
error, and a script injected into it does not run. The policy is the build's (macros/security.py),
carried by a <meta> in every page; security.txt and the host's headers come from the same module."""
from __future__ import annotations

import datetime
import re

import pytest

from browser_support import PAGE_TYPES, new_recorded_page, open_page, page_type_ids
from conftest import ROOT, html, read_yaml
from macros import security

EXPECTED_CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
                "object-src 'none'; base-uri 'self'; form-action 'self'")

# Before any page script: every violation the page reports, with what was blocked and where.
_LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  `${e.effectiveDirective}: ${e.blockedURI || '(inline)'} in ${e.sourceFile || e.documentURI}:${e.lineNumber} ${e.sample || ''}`));
"""

_INJECT = """() => new Promise(done => {
  window.__injectedRan = false;
  const before = window.__cspViolations.length;
  const script = document.createElement('script');
  script.textContent = 'window.__injectedRan = true;';
  document.body.appendChild(script);
  const styled = document.createElement('p');
  styled.setAttribute('style', 'color: rgb(1, 2, 3)');
  document.body.appendChild(styled);
  // A violation event is dispatched in a later task.
  setTimeout(() => done({ran: window.__injectedRan, reported: window.__cspViolations.slice(before),
                         styled: getComputedStyle(styled).color}), 200);
})"""


def csp_of(site, url: str) -> str | None:
    soup = html(site, url) if not url.endswith(".html") else html(site, url)
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    return meta["content"] if meta else None


def test_the_policy_is_the_one_agreed():
    assert security.content_security_policy() == EXPECTED_CSP
    assert "'unsafe-inline'" not in EXPECTED_CSP and "'unsafe-eval'" not in EXPECTED_CSP


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=page_type_ids())
def test_every_page_carries_the_policy_before_any_script_or_style(site, page_type):
    text = (site / (page_type.url if page_type.url.endswith(".html") else page_type.url + "index.html")).read_text(encoding="utf-8")
    head = text[:text.index("</head>")]
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', head)
    assert meta, f"{page_type.url}: ingen CSP-meta i <head>"
    first_resource = min((m.start() for m in re.finditer(r"<script|<link rel=\"stylesheet\"|<style", head)), default=len(head))
    assert meta.start() < first_resource, f"{page_type.url}: CSP-meta står efter et script eller stylesheet"
    assert csp_of(site, page_type.url) == EXPECTED_CSP
    assert '<meta name="referrer" content="no-referrer">' in head
    # Nothing the policy would block is in the page itself.
    body = text[text.index("</head>"):]
    assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", text), f"{page_type.url}: inline stil eller handler"
    inline = [m.group(0)[:80] for m in re.finditer(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", body + head)]
    assert not inline, f"{page_type.url}: inline <script>: {inline}"


@pytest.fixture(scope="module")
def csp_visit(browser, served_site):
    """Load each page type once with a violation listener, then inject a script; cached."""
    cache = {}

    def load(page_type):
        if page_type.name not in cache:
            pg = new_recorded_page(browser, served_site)
            try:
                pg.context.add_init_script(_LISTEN)
                open_page(pg, page_type.url)
                pg.wait_for_timeout(200)
                loaded = pg.evaluate("() => window.__cspViolations.slice()")
                errors = pg.recorded.console_errors()  # before the injection, which logs its own
                injected = pg.evaluate(_INJECT)
                cache[page_type.name] = (errors, loaded, injected)
            finally:
                pg.context.close()
        return cache[page_type.name]
    return load


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=page_type_ids())
def test_page_breaks_no_rule_of_the_policy_and_logs_no_error(csp_visit, page_type):
    errors, violations, _ = csp_visit(page_type)
    assert not violations, f"{page_type.url}: {len(violations)} brud på CSP:\n" + "\n".join(violations)
    assert not errors, f"{page_type.url}:\n" + "\n".join(errors)


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=page_type_ids())
def test_an_injected_script_or_style_does_not_run(csp_visit, page_type):
    _, _, injected = csp_visit(page_type)
    assert injected["ran"] is False, f"{page_type.url}: et indsat <script> kørte"
    assert injected["styled"] != "rgb(1, 2, 3)", f"{page_type.url}: en indsat style-attribut virkede"
    assert any(v.startswith("script-src-elem: (inline)") or v.startswith("script-src-elem: inline")
               for v in injected["reported"]), injected["reported"]


def test_search_works_under_the_policy(browser, served_site):
    """Pagefind (its WebAssembly included) answers a query with no violation of the policy."""
    pg = new_recorded_page(browser, served_site)
    try:
        pg.context.add_init_script(_LISTEN)
        open_page(pg, "")
        pg.locator("[data-ai-search-open]").click()
        pg.locator("#ai-search-field").fill("klagerne")
        pg.wait_for_selector("#ai-search-results [role=option]", timeout=15_000)
        assert any(u.endswith(".wasm") or "wasm" in u for u in pg.recorded.requests), "Pagefinds WebAssembly blev ikke hentet"
        assert pg.evaluate("() => window.__cspViolations") == []
        assert not pg.recorded.console_errors(), pg.recorded.console_errors()
    finally:
        pg.context.close()


# --- security.txt and the host's headers -------------------------------------------------

def _fields(text: str) -> list[tuple[str, str]]:
    return [tuple(part.strip() for part in line.split(":", 1)) for line in text.splitlines()
            if line and not line.startswith("#")]


def test_security_txt_follows_rfc_9116(site):
    text = (site / ".well-known/security.txt").read_text(encoding="utf-8")
    fields = _fields(text)
    names = [name for name, _ in fields]
    settings = read_yaml(ROOT / "settings.yml")
    assert ("Contact", settings["site"]["repo_url"] + "/security/advisories/new") in fields
    assert names.count("Expires") == 1
    expires = datetime.datetime.strptime(dict(fields)["Expires"], "%Y-%m-%dT%H:%M:%SZ").date()
    # In the future, and less than a year after the build's date (RFC 9116 section 2.5.5).
    assert datetime.date.today() < expires <= datetime.date.today() + datetime.timedelta(days=365)
    assert dict(fields)["Canonical"] == settings["site"]["url"] + ".well-known/security.txt"
    assert dict(fields)["Preferred-Languages"] == "da, en"
    assert set(names) <= {"Contact", "Expires", "Preferred-Languages", "Canonical", "Encryption",
                          "Acknowledgments", "Policy", "Hiring"}


def test_security_txt_takes_the_publishers_email_and_counts_from_the_build_date():
    class Content:
        today = datetime.date(2026, 3, 1)

        class settings:
            data = {"site": {"name": "Et\nsite", "url": "https://x.example/", "repo_url": "https://github.com/o/r"},
                    "publisher": {"contact": {"email": "sikkerhed@x.example"}}}
    fields = _fields(security.security_txt(Content()))
    assert fields[:2] == [("Contact", "mailto:sikkerhed@x.example"), ("Contact", "https://github.com/o/r/security/advisories/new")]
    assert dict(fields)["Expires"] == "2027-02-28T00:00:00Z"
    assert security.security_txt(Content()).splitlines()[0] == "# Sikkerhedskontakt for Et site (RFC 9116)."


def test_headers_file_adds_what_a_meta_cannot(site):
    text = (site / "_headers").read_text(encoding="utf-8")
    assert "/*\n" in text
    assert f"  Content-Security-Policy: {EXPECTED_CSP}; frame-ancestors 'none'\n" in text
    for header in ("Referrer-Policy: no-referrer", "X-Content-Type-Options: nosniff", "Strict-Transport-Security:"):
        assert f"  {header}" in text


def test_the_theme_works_under_the_policy_when_used(browser, served_site):
    """material's own script under the policy: the phone's drawer opens, the page scrolls (the
    back-to-top button, the TOC following); nothing is blocked and nothing fails."""
    context = browser.new_context(base_url=served_site, locale="da-DK", viewport={"width": 390, "height": 800})
    try:
        context.add_init_script(_LISTEN)
        pg = context.new_page()
        errors = []
        pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        open_page(pg, "principper/p04-risikovurdering/")
        pg.locator("label.md-header__button[for='__drawer']").click()
        pg.wait_for_function("() => document.getElementById('__drawer').checked")
        pg.keyboard.press("Escape")
        pg.locator("label.md-overlay").click(force=True)
        pg.mouse.wheel(0, 3000)
        pg.wait_for_timeout(300)
        pg.mouse.wheel(0, -1000)
        pg.wait_for_timeout(300)
        assert pg.evaluate("() => window.__cspViolations") == []
        assert not errors, errors
    finally:
        context.close()
