"""The chat page and the widget in headless Chromium (Debian's, driven by Playwright; no
`playwright install`): as a user types, clicks, reloads, and as another site embeds it."""

from __future__ import annotations

from .conftest import ask


def test_a_question_with_a_typo_gets_its_answer_and_suggestions(page, live_server):
    page.goto(live_server)
    page.locator(".turn.bot").first.wait_for()  # the welcome
    reply = ask(page, "how much do medical recrods techs earn?")
    assert "$37,110" in reply.inner_text()
    assert reply.locator("figure.chart svg rect").count() == 5  # the pay percentiles, drawn
    suggestions = reply.locator(".suggestions button")
    assert suggestions.count() >= 1
    assert page.evaluate("document.activeElement.id") == "question"  # focus stays in the box
    reply.locator("summary", has_text="About this answer").click()
    about = reply.locator("details.about").inner_text()
    assert "Answered as a question about" in about and "“" in about  # why, and the passages quoted
    assert page.get_attribute("#log", "aria-live") == "polite"
    assert not page.errors, page.errors


def test_a_suggestion_clicked_is_asked(page, live_server):
    page.goto(live_server)
    ask(page, "which schools are online")
    button = page.locator(".turn.bot").last.locator(".suggestions button").first
    question = button.inner_text()
    count = page.locator(".turn.bot").count()
    button.click()
    page.locator(".turn.bot").nth(count).wait_for()
    assert page.locator(".turn.user").last.inner_text() == question


def test_a_table_of_schools_is_drawn(page, live_server):
    page.goto(live_server)
    reply = ask(page, "list the schools by price")
    assert reply.locator("table tbody tr").count() == 6 and reply.locator("ul").count() == 0
    assert reply.locator("table tbody tr").first.inner_text().startswith("Peirce College")


def test_the_conversation_survives_a_reload(page, live_server):
    page.goto(live_server)
    ask(page, "tell me about Hutchinson")
    page.reload()
    page.locator(".turn.user", has_text="tell me about Hutchinson").wait_for()
    assert "$14,458" in ask(page, "how much is it?").inner_text()  # the context survived too


def test_markup_in_a_message_is_shown_as_text(page, live_server):
    page.goto(live_server)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    hostile = '<script>alert("x")</script><img src=x onerror=alert("y")>'
    ask(page, hostile)
    assert page.locator(".turn.user").last.inner_text() == hostile
    assert page.locator(".log img").count() == 0 and page.locator(".log script").count() == 0
    assert not dialogs


def test_a_message_over_the_servers_limit_is_refused_before_it_is_sent(page, live_server):
    from advisor.nlu.normalize import MAX_INPUT_CHARS

    page.goto(live_server)
    page.locator(".turn.bot").first.wait_for()
    sent = []
    page.on("request", lambda request: sent.append(request.url) if request.method == "POST" else None)
    page.fill("#question", "é" * (MAX_INPUT_CHARS + 1))
    page.keyboard.press("Enter")
    page.locator(".turn.system", has_text="please shorten it").wait_for()
    assert f"{MAX_INPUT_CHARS:,}" in page.locator(".turn.system").last.inner_text() and not sent


def test_the_page_fits_a_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server)
    ask(page, "compare Keiser and Collin")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator(".turn.bot").last.locator("table").is_visible()
    context.close()


def test_the_widget_opens_on_another_sites_page(page, other_site):
    page.goto(other_site)
    bubble = page.locator("button[aria-controls=advisor-widget-frame]")
    assert bubble.inner_text() == "Ask the advisor"
    bubble.click()
    frame = page.frame_locator("#advisor-widget-frame")
    frame.locator(".turn.bot").first.wait_for()
    frame.locator("#question").fill("where is Peirce College")
    frame.locator("#question").press("Enter")
    frame.locator(".turn.bot").nth(1).wait_for()
    assert "Philadelphia" in frame.locator(".turn.bot").nth(1).inner_text()
    assert bubble.get_attribute("aria-expanded") == "true"


def _try_again_answers_the_pay(page):
    """With the fault gone, "Try again" sends the failed message; its answer is the pay."""
    page.unroute("**/messages")
    page.fill("#question", "")
    count = page.locator(".turn.bot").count()
    page.locator(".turn.system button", has_text="Try again").click()
    page.locator(".turn.bot").nth(count).wait_for()
    assert "$37,110" in page.locator(".turn.bot").last.inner_text()


def test_a_message_that_fails_is_marked_and_its_text_kept(page, live_server):
    page.goto(live_server)
    page.locator(".turn.bot").first.wait_for()
    page.route("**/messages", lambda route: route.fulfill(
        status=429, content_type="application/json", headers={"Retry-After": "1"},
        body='{"error": {"code": "rate_limited", "message": "too many requests"}}'))  # fmt: skip
    page.fill("#question", "what do they earn")
    page.keyboard.press("Enter")
    page.locator(".turn.system", has_text="wait a moment").wait_for()
    assert page.locator(".turn.user.failed").count() == 1
    assert page.input_value("#question") == "what do they earn"  # nothing typed is lost
    _try_again_answers_the_pay(page)


def test_new_chat_deletes_the_old_conversation(page, live_server):
    page.goto(live_server)
    ask(page, "hello")
    old = page.evaluate("localStorage.getItem('advisor.conversation')")
    page.once("dialog", lambda dialog: dialog.dismiss())  # "Start a new chat?" No: nothing is lost
    page.click("#new-chat")
    assert page.evaluate("localStorage.getItem('advisor.conversation')") == old
    assert page.locator(".turn.user").count() == 1
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#new-chat")
    page.locator(".turn.bot").first.wait_for()
    import httpx

    assert httpx.get(f"{live_server}/api/conversations/{old}").status_code == 404


def test_the_widget_closes_with_escape_and_its_close_button(page, other_site):
    page.goto(other_site)
    bubble = page.locator("button[aria-controls=advisor-widget-frame]")
    bubble.click()
    frame = page.frame_locator("#advisor-widget-frame")
    frame.locator("#question").wait_for()
    frame.locator("#question").press("Escape")
    page.locator("#advisor-widget-frame").wait_for(state="hidden")
    assert bubble.get_attribute("aria-expanded") == "false"
    bubble.click()
    frame.locator("#close-chat").click()
    page.locator("#advisor-widget-frame").wait_for(state="hidden")


def test_the_widget_fills_a_phone_screen(browser, other_site):
    # The test page has no viewport tag: it is laid out 980 px wide on a 360 px phone.
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(other_site)
    page.locator("button[aria-controls=advisor-widget-frame]").click()
    box = page.locator("#advisor-widget-frame").bounding_box()
    assert box["x"] == 0 and box["width"] >= page.evaluate("window.innerWidth") - 1
    context.close()


def test_try_again_after_a_lost_answer_stores_the_message_once(page, live_server):
    import httpx

    page.goto(live_server)
    page.locator(".turn.bot").first.wait_for()

    def stored_but_lost(route):
        route.fetch()  # the server takes the turn...
        route.fulfill(status=500, content_type="application/json",
                      body='{"error": {"code": "internal", "message": "failed"}}')  # ...the answer is lost  # fmt: skip

    page.route("**/messages", stored_but_lost)
    page.fill("#question", "what do they earn")
    page.keyboard.press("Enter")
    page.locator(".turn.system", has_text="went wrong").wait_for()
    _try_again_answers_the_pay(page)
    conversation = page.evaluate("localStorage.getItem('advisor.conversation')")
    turns = httpx.get(f"{live_server}/api/conversations/{conversation}").json()["turns"]
    assert [t["user"] for t in turns] == ["what do they earn"]  # sent twice, stored once
