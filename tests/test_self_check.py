"""Growth-step self-check: choices survive a reload, stay in the browser, and reset clears them."""

from __future__ import annotations

import os

import pytest

from browser import CHROMIUM, serve

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"), reason="needs Debian's chromium")]


def test_choices_are_kept_after_reload_and_reset_clears_them(site, guarded_context):
    with serve(site) as base_url, guarded_context() as context:
        page = context.new_page()
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{base_url}program/self-check/")
        radios = page.locator("input[type=radio][name^='round1-']")
        names = sorted(set(radios.evaluate_all("els => els.map(e => e.name)")))
        assert len(names) == 6
        page.check(f"input[name='{names[0]}'][value='step1']")
        page.check(f"input[name='round2-{names[0].split('-', 1)[1]}'][value='step3']")
        page.reload()
        assert page.is_checked(f"input[name='{names[0]}'][value='step1']")
        summary = page.locator(f".hb-selfcheck-summary tr[data-item='{names[0].split('-', 1)[1]}'] [data-difference]")
        assert summary.inner_text() == "+2"
        assert all(url.startswith(base_url) for url in requests), "nothing leaves the machine"
        page.click("#hb-selfcheck-reset")
        page.reload()
        assert page.locator("input[type=radio]:checked").count() == 0
        assert page.evaluate("() => localStorage.length") == 0
        page.emulate_media(media="print")
        assert page.eval_on_selector(".md-sidebar--primary", "e => getComputedStyle(e).display") == "none"
