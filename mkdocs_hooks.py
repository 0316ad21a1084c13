"""The MkDocs hooks named in mkdocs.yml: the site's glue is the `macros` package (macros/hooks.py).

In a checkout, macros/ next to this file is used; a site without it uses the package installed
with `pip install` (the wheel ships every module)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # MkDocs restores sys.path after loading this

from macros.hooks import *  # noqa: E402,F401,F403 - every on_* event handler of macros.hooks
