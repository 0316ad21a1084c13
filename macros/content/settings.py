"""The site's settings (settings.yml): its name and address, the publisher and the licence.

One place for what a fork changes to make the site its own; the generator's glue copies the
values into its configuration, and pages, data files and feeds read them from Content.settings.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import ContentError
from ..schema_check import SchemaChecker
from .checks import load_checked
from .model import Content, Item

SETTINGS_FILE = "settings.yml"
SCHEMA = Path(__file__).resolve().parent.parent / "settings.schema.json"


def load_settings(root: Path, content: Content, errors: list) -> None:
    path = root / SETTINGS_FILE
    if not path.exists():
        errors.append(ContentError(SETTINGS_FILE, 1, "", "filen mangler; den siger, hvem der udgiver sitet, og hvor"))
        return
    if doc := load_checked(root, path, SchemaChecker(SCHEMA), errors):
        content.settings = Item(doc.data, doc)
        errors += _logo_errors(root, content.settings)


LOGO_TYPES = (".svg", ".png")


def _logo_errors(root: Path, settings: Item) -> list[ContentError]:
    """The logo is served from docs/ as it is, so it must be an image file there."""
    logo = settings["publisher"]["logo"]
    field = ("publisher", "logo")
    if not logo.startswith("docs/") or ".." in logo.split("/"):
        return [settings.error(field, f"'{logo}' skal ligge under docs/, fx docs/assets/logo.svg")]
    if not logo.lower().endswith(LOGO_TYPES):
        return [settings.error(field, f"'{logo}' skal være en SVG- eller PNG-fil")]
    if not (root / logo).is_file():
        return [settings.error(field, f"filen '{logo}' findes ikke")]
    return []


def logo_uri(settings: Item) -> str:
    """The logo's path under the site (docs/ is the site's root)."""
    return settings["publisher"]["logo"].removeprefix("docs/")
