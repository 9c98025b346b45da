"""The chat page and the widget as people meet them, at 320, 390 and 1280 px: nothing
scrolls sideways, every control is a full tap target, the title keeps to one line, a
reply reads answer first, and axe-core finds no serious or critical violation. The
screenshots go to $ADVISOR_SCREENSHOTS when it is set (to look at), else to a temporary
folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import ask

WIDTHS = [320, 390, 1280]
# The four conversations of the issue: a list by price, a comparison, the pay and its
# chart, a decline; and one not understood (its suggestions).
CONVERSATIONS = {
    "list-by-price": "list the schools by price",
    "comparison": "compare Peirce and Keiser",
    "pay": "what do they earn",
    "decline": "do they get dental insurance",
    "not-understood": "blorf the zibble",
}
TAP = 44  # px, WCAG 2.5.5
# What a first load may weigh: the page, its style and script, and the greeting.
FIRST_LOAD_BYTES = 50 * 1024


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("ADVISOR_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screens")
    path.mkdir(parents=True, exist_ok=True)
    return path


def serious(results) -> list[str]:
    """axe's serious and critical violations, each with the nodes it found."""
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def too_small(page) -> list[str]:
    """Every visible control smaller than a tap target."""
    return page.evaluate(
        """(tap) => [...document.querySelectorAll('button, summary, input, a[href]')]
            .filter((e) => e.offsetParent !== null)
            .map((e) => [e, e.getBoundingClientRect()])
            .filter(([e, r]) => r.width < tap - 0.5 || r.height < tap - 0.5)
            .map(([e, r]) => `${e.tagName} "${(e.innerText || '').slice(0, 30)}" ${r.width}x${r.height}`)""",
        TAP,
    )


WHOLE_TITLE = "(() => { const h = document.querySelector('h1'); return h.scrollWidth <= h.clientWidth; })()"


def title_is_one_line(page) -> bool:
    return page.evaluate(
        """() => { const h = document.querySelector('h1');
                   return h.getBoundingClientRect().height <= parseFloat(getComputedStyle(h).lineHeight) * 1.2; }"""
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_the_page_at_each_width(browser, live_server, shots, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=width < 600)
    page = context.new_page()
    axe = Axe()
    try:
        page.goto(live_server)
        page.locator(".turn.bot").first.wait_for()
        assert not serious(axe.run(page)), "the empty page"
        for name, question in CONVERSATIONS.items():
            reply = ask(page, question)
            page.wait_for_timeout(100)
            page.screenshot(path=shots / f"{name}-{width}.png")
            assert page.evaluate("document.documentElement.scrollWidth") <= width, name
            assert not too_small(page), (name, too_small(page))
            reply.locator("details.about summary").click()  # opened, it is checked too
            assert not serious(axe.run(page)), name
        assert title_is_one_line(page)
        if width >= 390:  # nothing cut off: the whole title shows
            assert page.evaluate(WHOLE_TITLE)
    finally:
        context.close()


def test_a_reply_reads_answer_first_then_its_schools(page, live_server):
    page.goto(live_server)
    reply = ask(page, "compare Peirce and Keiser")
    first = reply.locator(".bubble > *").first
    assert first.evaluate("e => e.tagName") == "P" and "cheaper than" in first.inner_text()
    assert reply.locator(".bubble > *").nth(1).evaluate("e => e.className") == "table-wrap"
    assert reply.locator("figure.chart").count() == 0  # no chart that repeats the table


def test_on_a_phone_a_school_is_two_lines_name_and_figure_first(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server)
    row = ask(page, "list the schools by price").locator("tbody tr").first
    name, figure, summary = (row.locator(f"td.{c}").bounding_box() for c in ("name", "figure", "summary"))
    assert abs(name["y"] - figure["y"]) < 2 and figure["x"] > name["x"]  # side by side
    assert summary["y"] >= name["y"] + name["height"] - 1  # under them
    assert row.locator("td.summary").inner_text() == "Philadelphia, Pennsylvania · online or hybrid"
    context.close()


def test_a_question_not_understood_shows_its_suggestions_once(page, live_server):
    page.goto(live_server)
    reply = ask(page, "blorf the zibble")
    offered = reply.locator(".suggestions button").all_inner_texts()
    assert offered and reply.locator(".suggestions .lead").inner_text() == "Try asking:"
    text = reply.locator(".bubble").inner_text()
    assert not any(s in text for s in offered)  # in the buttons, not in the text as well


def test_a_long_list_is_folded_behind_show_all(page, live_server):
    rows = [[f"School {n}", "Somewhere", f"${10_000 + n:,}", "online"] for n in range(9)]
    reply = {"text": "Nine schools:\n" + "\n".join(f"- {r[0]}" for r in rows), "intent": "x", "confidence": 1,
             "suggestions": [], "notes": [], "sources": [], "outcome": "answered", "chart": None,
             "table": {"columns": ["School", "Where", "Tuition", "Study"], "rows": rows},
             "explanation": {"verdict": "", "decision": ""}}  # fmt: skip
    page.goto(live_server)
    page.locator(".turn.bot").first.wait_for()
    page.route("**/messages", lambda route: route.fulfill(status=200, content_type="application/json",
                                                          body=json.dumps({"reply": reply, "turn": 1})))  # fmt: skip
    shown = ask(page, "nine schools please")  # at 1024 px: the first 6 of 9
    assert shown.locator("tbody tr:visible").count() == 6
    shown.locator("button.show-all", has_text="Show all 9").click()
    assert shown.locator("tbody tr:visible").count() == 9 and shown.locator("button.show-all").count() == 0


def test_the_page_works_from_the_keyboard_alone_and_with_reduced_motion(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 800}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(live_server)
    page.locator(".turn.bot").first.wait_for()
    assert page.evaluate("document.activeElement.id") == "question"
    page.keyboard.type("what do they earn")
    page.keyboard.press("Enter")
    page.locator(".turn.bot").nth(1).wait_for()
    # Back from the question box: the last reply's suggestions, then its "About this answer".
    page.keyboard.press("Shift+Tab")
    focused = page.evaluate("document.activeElement.closest('.suggestions, details') ? 1 : 0")
    assert focused == 1
    while page.evaluate("document.activeElement.tagName") != "SUMMARY":
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert page.locator(".turn.bot").nth(1).locator("details.about[open]").count() == 1
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.tagName") != "BUTTON":
        page.keyboard.press("Tab")
    asked = page.evaluate("document.activeElement.innerText")
    page.keyboard.press("Enter")
    page.locator(".turn.bot").nth(2).wait_for()
    assert page.locator(".turn.user").last.inner_text() == asked
    context.close()


def test_the_first_load_weighs_under_50_kb(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}

    def count(response) -> None:
        sizes[response.url] = len(response.body())

    page.on("response", count)
    page.goto(live_server)
    page.locator(".turn.bot").first.wait_for()
    context.close()
    assert sum(sizes.values()) <= FIRST_LOAD_BYTES, sizes


def test_the_widget_in_a_frame_on_another_site(browser, other_site):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(other_site)
    page.locator("button[aria-controls=advisor-widget-frame]").click()
    frame = page.wait_for_selector("#advisor-widget-frame").content_frame()
    frame.locator(".turn.bot").first.wait_for()
    for n, question in enumerate(["list the schools by price", "compare Peirce and Keiser"], start=1):
        frame.locator("#question").fill(question)
        frame.locator("#question").press("Enter")
        frame.locator(".turn.bot").nth(n).wait_for()
    listed = frame.locator(".turn.bot").nth(1)  # folded in the narrow frame
    assert listed.locator("tbody tr:visible").count() == 3 and listed.locator("button.show-all").is_visible()
    assert not serious(Axe().run(frame))
    assert frame.evaluate("document.documentElement.scrollWidth") <= 400
    assert title_is_one_line(frame)
    assert frame.evaluate(WHOLE_TITLE)
    # The last reply and its suggestions are in view, above the question box.
    reply = frame.locator(".turn.bot").last
    top, box = reply.bounding_box(), reply.locator(".suggestions").bounding_box()
    log, ask_box = frame.locator("#log").bounding_box(), frame.locator("form.ask").bounding_box()
    assert top["y"] >= log["y"] - 1 and box["y"] + box["height"] <= ask_box["y"] + 1
    context.close()


def test_the_widget_goes_where_the_site_puts_it(browser, tmp_path, live_server):
    import http.server
    import threading
    from functools import partial

    from servers import free_port

    from .conftest import _Quiet

    (tmp_path / "index.html").write_text(
        f'<!doctype html><title>A site</title><footer style="position:fixed;bottom:0;height:64px;width:100%">'
        f'Footer</footer><script src="{live_server}/widget.js" data-position="left" data-offset="24 80"></script>'
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), partial(_Quiet, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        bubble = page.locator("button[aria-controls=advisor-widget-frame]")
        box = bubble.bounding_box()
        assert box["x"] == 24 and box["y"] + box["height"] == 800 - 80  # clear of the 64 px footer
        assert box["height"] >= TAP
        bubble.click()
        frame = page.locator("#advisor-widget-frame").bounding_box()
        assert frame["x"] == 24 and frame["y"] + frame["height"] <= box["y"]
    finally:
        context.close()
        server.shutdown()


def test_a_list_on_a_small_phone_scrolls_inside_the_conversation_not_the_page(browser, live_server):
    """The header of a list, kept for screen readers, once sat outside the conversation and
    made the whole page scroll: the title bar and "New" went off the screen."""
    context = browser.new_context(viewport={"width": 320, "height": 568}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server)
    ask(page, "list the schools by price")
    ask(page, "compare Peirce and Keiser")
    assert page.evaluate("document.scrollingElement.scrollHeight") <= 568
    assert page.locator("#new-chat").bounding_box()["y"] >= 0
    assert page.locator("form.ask").bounding_box()["y"] + page.locator("form.ask").bounding_box()["height"] <= 568
    context.close()


def test_the_widget_opened_again_puts_the_focus_in_its_question_box(page, other_site):
    page.goto(other_site)
    bubble = page.locator("button[aria-controls=advisor-widget-frame]")
    bubble.click()
    frame = page.wait_for_selector("#advisor-widget-frame").content_frame()
    frame.locator(".turn.bot").first.wait_for()
    frame.locator("#question").press("Escape")
    page.locator("#advisor-widget-frame").wait_for(state="hidden")
    bubble.click()
    frame.wait_for_function("document.activeElement && document.activeElement.id === 'question'", timeout=5000)
