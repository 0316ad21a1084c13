"""Links and buttons a finger can hit: on a phone, every page type passes axe-core's target-size
rule (WCAG 2.2's 24 × 24 CSS px, or enough space around a smaller target), the rule behind
Lighthouse's "Touch targets do not have sufficient size or spacing"."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser_support import PAGE_TYPES, open_page, page_type_ids
from test_browser import _violations_report

PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def phone(browser, served_site):
    context = browser.new_context(base_url=served_site, locale="da-DK", **PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=page_type_ids())
def test_every_target_is_large_enough_on_a_phone(phone, page_type):
    open_page(phone, page_type.url)
    result = Axe().run(phone, options={"runOnly": {"type": "rule", "values": ["target-size"]}})
    violations = result.response["violations"]
    assert not violations, f"{page_type.url}: for små mål for en finger\n" + _violations_report(violations)
