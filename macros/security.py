"""What the site says about its own security, in one place, for any generator.

- The Content-Security-Policy and the referrer policy every page carries as <meta> elements
  (overrides/main.html reads them from config.extra.security, set by macros/siteconfig.py). Static
  hosts such as GitHub Pages send no headers of their own, so the page has to say it.
- The headers a host that can send headers should add, among them what a <meta> cannot carry
  (frame-ancestors): published as /_headers (the format Netlify and Cloudflare Pages read) and
  described in README.md.
- /.well-known/security.txt (RFC 9116): where to report a vulnerability, made from settings.yml.
"""
from __future__ import annotations

import datetime

from .content import Content

# Every directive with why it holds what it holds. Nothing is loaded from another host (the
# project's rule), scripts run only from files on the site, and no inline style is allowed.
CSP: dict[str, list[str]] = {
    "default-src": ["'self'"],
    # 'wasm-unsafe-eval': Pagefind's search runs as WebAssembly. No 'unsafe-inline', no 'unsafe-eval'.
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    # data: the theme's icons are SVG data URLs in its stylesheets (and the record form's preview).
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    # The only forms are the register's and the matrix's filters, which stay on their own page; the
    # record form hands its file to GitHub by a link, not by submitting a form.
    "form-action": ["'self'"],
}
# Directives a <meta> policy cannot carry (browsers ignore them there): for the host's header.
HEADER_ONLY_CSP: dict[str, list[str]] = {
    "frame-ancestors": ["'none'"],  # no other site may frame the pages (clickjacking)
}
# No address of ours is sent to another site when a reader follows a link.
REFERRER_POLICY = "no-referrer"

# What a host should send with every response when it can (README.md explains each).
HOST_HEADERS: dict[str, str] = {
    "Referrer-Policy": REFERRER_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Strict-Transport-Security": "max-age=31536000",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}

SECURITY_TXT_URI = ".well-known/security.txt"
HEADERS_URI = "_headers"
# RFC 9116 section 2.5.5: Expires should be less than a year ahead. Counted from the build's date
# (content.today), so every build moves it forward and a site left unbuilt for a year says its
# contact details may be stale.
SECURITY_TXT_VALID_DAYS = 364


def policy_text(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def content_security_policy() -> str:
    """The policy as the pages' <meta http-equiv="Content-Security-Policy"> carries it."""
    return policy_text(CSP)


def host_headers() -> dict[str, str]:
    """Header name -> value, for a host that can set headers."""
    return {"Content-Security-Policy": policy_text({**CSP, **HEADER_ONLY_CSP}), **HOST_HEADERS}


def headers_file() -> str:
    """/_headers: every path gets host_headers(); other hosts take the same names and values."""
    lines = ["# The HTTP headers this site should be served with (Netlify and Cloudflare Pages read",
             "# this file; other hosts: see README.md). Made by the build from macros/security.py.",
             "/*"]
    lines += [f"  {name}: {value}" for name, value in host_headers().items()]
    return "\n".join(lines) + "\n"


def page_meta() -> dict[str, str]:
    """What overrides/main.html puts in every page's <head>: config.extra.security."""
    return {"csp": content_security_policy(), "referrer": REFERRER_POLICY}


def security_contacts(settings: dict) -> list[str]:
    """Contact URIs, best first: the publisher's e-mail when settings.yml has one, then the
    repository's private vulnerability report form (GitHub: Security → Report a vulnerability)."""
    contacts = []
    email = ((settings.get("publisher") or {}).get("contact") or {}).get("email")
    if email:
        contacts.append(f"mailto:{email}")
    contacts.append(settings["site"]["repo_url"].rstrip("/") + "/security/advisories/new")
    return contacts


def expires(today: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(today + datetime.timedelta(days=SECURITY_TXT_VALID_DAYS),
                                     datetime.time(0, 0), tzinfo=datetime.timezone.utc)


def security_txt(content: Content) -> str:
    """/.well-known/security.txt (RFC 9116) from settings.yml, valid for SECURITY_TXT_VALID_DAYS."""
    settings = content.settings.data
    site_url = settings["site"]["url"].rstrip("/") + "/"
    lines = [f"# Sikkerhedskontakt for {' '.join(settings['site']['name'].split())} (RFC 9116).",
             "# Fundet en sårbarhed på sitet? Skriv til kontakten herunder, ikke i en offentlig sag.",
             "# Security contact for this site. Please report vulnerabilities privately."]
    lines += [f"Contact: {uri}" for uri in security_contacts(settings)]
    lines += [f"Expires: {expires(content.today).strftime('%Y-%m-%dT%H:%M:%SZ')}",
              "Preferred-Languages: da, en",
              f"Canonical: {site_url}{SECURITY_TXT_URI}"]
    return "\n".join(lines) + "\n"
