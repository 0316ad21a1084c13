"""What the pages say about the publisher, from settings.yml: its colours and its contact details.

The contact block shows only the fields the settings give; without any, it points to the
repository's issues, the one contact route the site can vouch for (no invented addresses).
"""
from __future__ import annotations

import re
import struct
from pathlib import Path
from urllib.parse import quote

from ..content import Content
from . import markup as m

COLOURS_URI = "stylesheets/udgiver.css"


def logo_size(path: Path) -> tuple[int, int] | None:
    """The logo's own width and height (a PNG's pixels, an SVG's width/height or viewBox), for the
    header's <img width height>: the browser then keeps its place before the file arrives (no
    layout shift). None when the file does not say."""
    data = Path(path).read_bytes()
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    head = data[:4000].decode("utf-8", "replace")
    svg = re.search(r"<svg\b[^>]*>", head)
    if not svg:
        return None
    tag = svg.group(0)
    size = [re.search(rf'\s{name}="\s*([0-9.]+)\s*(?:px)?\s*"', tag) for name in ("width", "height")]
    if all(size):
        return round(float(size[0].group(1))), round(float(size[1].group(1)))
    box = re.search(r'viewBox="\s*[-0-9.]+[\s,]+[-0-9.]+[\s,]+([0-9.]+)[\s,]+([0-9.]+)\s*"', tag)
    return (round(float(box.group(1))), round(float(box.group(2)))) if box else None


def _mix(colour: str, other: str, share: float) -> str:
    """colour moved `share` of the way towards other (both #rrggbb)."""
    a = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b))


def colours_css(content: Content) -> str:
    """The theme's colour variables set to the publisher's colours.

    On body[data-md-color-*], which outranks the palette's own [data-md-color-primary=…] rules."""
    colours = content.settings["publisher"]["colours"]
    primary, accent = colours["primary"], colours["accent"]
    return (
        "/* Made from settings.yml (publisher.colours) at build time. */\n"
        "body[data-md-color-primary], body[data-md-color-accent] {\n"
        f"  --md-primary-fg-color: {primary};\n"
        f"  --md-primary-fg-color--light: {_mix(primary, '#ffffff', 0.25)};\n"
        f"  --md-primary-fg-color--dark: {_mix(primary, '#000000', 0.25)};\n"
        "  --md-primary-bg-color: #ffffff;\n"
        "  --md-primary-bg-color--light: #ffffffb3;\n"
        f"  --md-accent-fg-color: {accent};\n"
        f"  --md-accent-fg-color--transparent: {accent}1a;\n"
        "  --md-accent-bg-color: #ffffff;\n"
        f"  --md-typeset-a-color: {accent};\n"
        "}\n"
    )


def issues_url(content: Content, title: str = "") -> str:
    url = f"{content.repo_url}/issues/new"
    return f"{url}?title={quote(title)}" if title else url


def contact(content: Content, topic: str = "") -> str:
    """The publisher's contact as a Markdown list; the repository's issues when none is set."""
    publisher = content.settings["publisher"]
    given = publisher.get("contact") or {}
    lines = [f"- **Udgiver:** {m.link(publisher['name'], publisher['url'])}"]
    if given.get("address"):
        lines.append(f"- **Adresse:** {m.text(given['address'])}")
    if given.get("email"):
        lines.append(f"- **E-mail:** [{m.text(given['email'])}](mailto:{m.attr(given['email'])})")
    if given.get("phone"):
        lines.append(f"- **Telefon:** {m.text(given['phone'])}")
    lines.append(f"- **Sager i repositoriet:** {m.link('Opret en sag', issues_url(content, topic))}"
                 " (kræver en brugerkonto hos den tjeneste, der huser repositoriet)")
    if not given:
        lines.append("\nUdgiveren har ikke oplyst adresse, e-mail eller telefon til dette site. "
                     "Den sikre vej er derfor en sag i repositoriet.")
    return "\n".join(lines) + "\n"
