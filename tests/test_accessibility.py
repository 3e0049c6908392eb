"""Accessibility (JIS X 8341-3 / WCAG 2.1 AA) in a real browser.

axe-core (node_modules, from package.json) checks every page of both languages, the printed worksheets
and the open search dialog; the keyboard tests check the skip link, a visible focus indicator and that
every control of the planner and the self-check is reachable with Tab.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from pathlib import Path

import pytest

from browser import CHROMIUM, DESKTOP, PHONE, search, serve, settle

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"), reason="needs Debian's chromium"),
]

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA (what JIS X 8341-3:2016 requires), plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
LANGUAGE_PREFIXES = {"ja": "", "en": "en/"}
SEARCH_QUERIES = {"ja": "孤立", "en": "isolated"}
KEYBOARD_PAGES = ["", "program/session-1/", "worksheets/entry-sheet/"]
MAX_TAB_STOPS = 400  # more than any page has; stops a loop if focus never comes back to the start

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return {
    rulesPassed: result.passes.length,
    violations: result.violations.map(v => ({
      rule: v.id, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary.replace(/\\s+/g, " ")})),
    })),
  };
}"""

FOCUSABLE = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])"

# Marks every element that can take focus and notes its look unfocused (outline, box shadow), for
# comparison once Tab reaches it. Returns the controls of the page's content a keyboard user must reach:
# a radio group is one Tab stop, so its buttons share one id.
MARK_FOCUSABLES = """(selector) => {
  const ring = (el) => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(" "); };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.name ? "[name=" + el.name + "]" : "")
    + " " + JSON.stringify((el.getAttribute("aria-label") || el.textContent || el.value || "").trim().replace(/\\s+/g, " ").slice(0, 40));
  const controls = {};
  document.querySelectorAll(selector).forEach((el, index) => {
    const id = el.type === "radio" ? "radio:" + el.name : "stop-" + index;
    el.dataset.a11yStop = id;
    el.dataset.a11yUnfocused = ring(el);
    el.dataset.a11yName = describe(el);
    const box = el.getBoundingClientRect();
    // checkVisibility(): not inside a folded <details> (a glossary link in a closed reading note is reached once opened).
    if (el.closest(".md-content") && box.width > 0 && box.height > 0 && !el.disabled && el.checkVisibility()) controls[id] = describe(el);
  });
  return controls;
}"""

# The focused element and whether it shows a focus ring: its outline must be drawn (not none, not 0 wide)
# and differ from its unfocused look, or its box shadow must change.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const outline = [s.outlineStyle, s.outlineWidth, s.outlineColor].join(" ");
  const focused = outline + " " + s.boxShadow;
  const unfocused = el.dataset.a11yUnfocused || "none";
  const drawn = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  const box = el.getBoundingClientRect();
  return {
    id: el.dataset.a11yStop || null,
    name: el.dataset.a11yName || el.tagName.toLowerCase(),
    visible: box.width > 0 && box.height > 0,
    indicated: (drawn && !unfocused.startsWith(outline)) || (s.boxShadow !== "none" && !unfocused.endsWith(s.boxShadow)),
    focused, unfocused,
  };
}"""


def site_path(root: Path = ROOT) -> str:
    """The path part of site_url ('/chiiki-zukuri-handbook/'): the site is served under it, as published,
    so the 404 page's site-absolute links to the theme's files resolve."""
    match = re.search(r"^site_url:\s*(\S+)", (root / "mkdocs.yml").read_text(encoding="utf-8"), flags=re.M)
    path = urllib.parse.urlsplit(match.group(1)).path if match else "/"
    return path if path.endswith("/") else path + "/"


def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run `make test` (or `npm ci`) to install axe-core")
    return AXE.read_text(encoding="utf-8")


def is_redirect(page: Path) -> bool:
    """Short-address pages (/s1/, /ws-01/) only forward to their page, which is checked itself."""
    return 'http-equiv="refresh"' in page.read_text(encoding="utf-8")[:2000]


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the build as a URL path ('', 'program/session-1/', '404.html', 'en/…')."""
    pages = []
    for file in sorted(site.rglob("*.html")):
        if is_redirect(file):
            continue
        path = file.relative_to(site).as_posix()
        pages.append(path.removesuffix("index.html"))
    return pages


@pytest.fixture(scope="module")
def browser_page(site, tmp_path_factory, guarded_context):
    """One Chromium page with axe-core in every document, on the site served under its published path."""
    axe = axe_source()
    web_root = tmp_path_factory.mktemp("web-root")
    mount = web_root / site_path().strip("/")
    mount.parent.mkdir(parents=True, exist_ok=True)
    mount.symlink_to(site, target_is_directory=True)
    with serve(web_root) as server_url, guarded_context() as context:
        context.add_init_script(script=axe)
        page = context.new_page()
        page.set_viewport_size(DESKTOP)
        page.base_url = server_url.rstrip("/") + site_path()
        yield page
        assert context.external_requests == [], context.external_requests


def axe_report(page, where: str) -> list[str]:
    """axe's violations on the page once it has settled (fonts loaded, nothing fading or sliding), one
    line per element."""
    settle(page)
    result = page.evaluate(RUN_AXE, AXE_TAGS)
    assert result["rulesPassed"] > 10, f"{where}: axe checked almost nothing ({result['rulesPassed']} rules passed)"
    return [
        f"{where}: {v['rule']} at {node['target']}: {v['help']} — {node['summary']}"
        for v in result["violations"]
        for node in v["nodes"]
    ]


def fail_on(problems: list[str], what: str) -> None:
    if problems:
        pytest.fail(f"{len(problems)} accessibility violation(s) {what}:\n" + "\n".join(problems), pytrace=False)


def is_worksheet(path: str) -> bool:
    return bool(re.fullmatch(r"(en/)?worksheets/[^/]+/", path))


def open_drawer(page, path: str) -> None:
    """At a phone's width, open the navigation drawer (the 404 page has the same header)."""
    drawer = page.locator("label.md-header__button[for='__drawer']")
    if drawer.count() and drawer.first.is_visible():
        drawer.first.click()
        page.locator(".md-sidebar--primary .md-nav--primary").first.wait_for(state="visible")
        assert page.evaluate("() => document.getElementById('__drawer').checked"), f"/{path}: the drawer did not open"


def axe_every_page(site: Path, page, lang: str) -> tuple[list[str], list[str]]:
    """axe on every page of one language, each loaded once: on a desktop's screen; worksheets also in print (they are
    printed from the browser, A4: the print stylesheet hides the site around the sheet); then at a phone's width with
    the navigation drawer open (phones get the navigation as a drawer; its section toggles are labels, see
    accessibility.js). Returns (problems, pages)."""
    english = LANGUAGE_PREFIXES["en"]
    pages = [p for p in site_pages(site) if p.startswith(english) == (lang == "en")]
    problems = []
    for path in pages:
        page.set_viewport_size(DESKTOP)
        page.goto(page.base_url + path, wait_until="load")
        problems += axe_report(page, "/" + path)
        if is_worksheet(path):
            page.emulate_media(media="print")
            problems += axe_report(page, f"/{path} (print)")
            page.emulate_media(media="screen")
        page.set_viewport_size(PHONE)
        open_drawer(page, path)
        problems += axe_report(page, f"/{path} (phone, drawer open)")
    page.set_viewport_size(DESKTOP)
    return problems, pages


def test_every_japanese_page_has_no_axe_violations_on_screen_in_print_and_on_a_phone(site, browser_page):
    """The English pages are test_accessibility_en.py's: a second test worker checks them at the same time."""
    problems, pages = axe_every_page(site, browser_page, "ja")
    english = [p for p in site_pages(site) if p.startswith(LANGUAGE_PREFIXES["en"])]
    assert len(pages) >= len(english) >= 40, f"pages found: {pages}"
    assert len([p for p in pages if is_worksheet(p)]) >= 16, f"pages found: {pages}"
    fail_on(problems, f"on {len(pages)} Japanese pages")


@pytest.mark.parametrize("lang", LANGUAGE_PREFIXES)
def test_open_search_dialog_with_results_has_no_axe_violations(browser_page, lang):
    page = browser_page
    page.goto(page.base_url + LANGUAGE_PREFIXES[lang], wait_until="load")
    results = search(page, SEARCH_QUERIES[lang])
    assert results, f"no results for {SEARCH_QUERIES[lang]!r}"
    assert page.locator(".md-search").evaluate("e => getComputedStyle(e).visibility") == "visible"
    fail_on(axe_report(page, f"/{LANGUAGE_PREFIXES[lang]} (search open: {SEARCH_QUERIES[lang]})"), "in the search dialog")


def focus_stops(page, limit: int = MAX_TAB_STOPS) -> list[dict]:
    """Press Tab until focus comes back to the first stop: every stop of the page once, in Tab order."""
    page.evaluate(MARK_FOCUSABLES, FOCUSABLE)
    stops, outside = [], 0
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:  # focus left the document (past the last stop); it comes back at the first
            outside += 1
            if outside > 2:
                break
            continue
        if stops and state["id"] == stops[-1]["id"] and state["id"]:
            continue  # the same control again: the year, month and day fields of a date input
        if stops and state["id"] == stops[0]["id"]:
            break
        stops.append(state)
    return stops


@pytest.mark.parametrize("lang", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("path", KEYBOARD_PAGES)
def test_skip_link_comes_first_is_visible_and_moves_focus_to_the_content(browser_page, lang, path):
    page = browser_page
    page.goto(page.base_url + LANGUAGE_PREFIXES[lang] + path, wait_until="load")
    page.keyboard.press("Tab")
    skip = page.locator("a.md-skip")
    assert skip.evaluate("e => e === document.activeElement"), "the first Tab stop is not the skip link"
    settle(page)  # the skip link slides in where motion is allowed
    box = skip.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0 and 0 <= box["y"] < 900, f"skip link not on screen: {box}"
    target = skip.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_function("(hash) => decodeURIComponent(location.hash) === decodeURIComponent(hash)", arg=target)
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('article.md-content__inner')"), (
        "after the skip link, Tab does not go into the page's content: "
        + page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
    )


@pytest.mark.parametrize("lang", LANGUAGE_PREFIXES)
def test_every_focus_stop_of_a_content_page_shows_a_focus_indicator(browser_page, lang):
    page = browser_page
    page.goto(page.base_url + LANGUAGE_PREFIXES[lang] + "program/session-1/", wait_until="load")
    stops = focus_stops(page)
    assert len(stops) > 30, f"only {len(stops)} Tab stops on the session page"
    unmarked = [f"{s['name']}: focused {s['focused']} vs {s['unfocused']}" for s in stops if s["visible"] and not s["indicated"]]
    assert not unmarked, "focused without a visible indicator:\n" + "\n".join(unmarked)


def fill_planner(page) -> None:
    """Compute a schedule, so that its downloads (calendar, CSV) and print button are on the page too."""
    page.fill("#hb-planner-first", "2027-06-10")
    page.click("#hb-planner-form button[type=submit]")
    page.locator("#hb-planner-ics").wait_for(state="visible")


@pytest.mark.parametrize("lang", LANGUAGE_PREFIXES)
@pytest.mark.parametrize(("path", "prepare"), [("guides/planner/", fill_planner), ("program/self-check/", None)])
def test_every_control_of_the_planner_and_self_check_is_reached_by_tab_with_a_visible_focus(browser_page, lang, path, prepare):
    page = browser_page
    page.goto(page.base_url + LANGUAGE_PREFIXES[lang] + path, wait_until="load")
    if prepare:
        prepare(page)
        page.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")
    controls = page.evaluate(MARK_FOCUSABLES, FOCUSABLE)
    assert any(c.startswith(("input", "select")) for c in controls.values()), f"no form controls found: {controls}"
    assert any(c.startswith("button") for c in controls.values()), f"no buttons found: {controls}"
    stops = focus_stops(page)
    reached = {s["id"] for s in stops if s["id"]}
    missing = [description for control, description in controls.items() if control not in reached]
    assert not missing, "not reachable with Tab:\n" + "\n".join(missing)
    unmarked = [f"{s['name']}: focused {s['focused']} vs {s['unfocused']}" for s in stops if s["id"] and not s["indicated"]]
    assert not unmarked, "focused without a visible indicator:\n" + "\n".join(unmarked)
