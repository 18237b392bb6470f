"""hypergen_vdom.testing tests itself on the sample site's demos: ``LivePage`` drives the real
pages (GET through Django, the real consumer over the websocket, diff frames applied by the
reference patcher) the way a user would, and its model DOM must end up where the server is."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.test import AsyncClient, Client

from hypergen_vdom.testing import LivePage, LivePageError
from hypergen_vdom.testing.livepage import parse_html
from hypergen_vdom.testing.patcher import shape

# The sample site's URLs are the default ROOT_URLCONF (setup.cfg: sample_site.settings).
pytestmark = [pytest.mark.django_db(transaction=True)]


async def server_truth(client: Any, path: str) -> Any:
    """The page's target as a fresh GET renders it now, comparable with ``shape``."""
    response = await sync_to_async(client.get)(path)
    assert response.status_code == 200
    return shape(parse_html(LivePage(client, path, response.content.decode()).html))


def shape_of(page: LivePage) -> Any:
    return shape(parse_html(page.html))


# --- /counter/: classic mode -----------------------------------------------------------------------


async def test_counter_click_increments():
    page = await LivePage.open(Client(), "/counter/")
    assert not page.diff
    assert page.one("#count").value == "1"
    await page.click("button")
    assert page.one("#count").value == "2"
    await page.click("button", text="Increment")
    assert page.one("#count").value == "3"
    # each answer was one morph of the target, and the model shows exactly that HTML
    assert [command[:2] for command in page.commands] == [["hypergen.morph", "content"]] * 2
    assert page.html == page.commands[-1][2]
    assert [frame[:2] for frame in page.sent] == [[1, page.sent[0][1]], [2, page.sent[0][1]]]
    assert page.sent[-1][2] == [{"$v": "2", "as": "int"}]  # what the browser would have sent
    # the whole page (the demos' layout around the target), with the target as patched
    assert page.full_html.startswith("<!DOCTYPE html><html")
    assert f'<div id="content" class="demo">{page.html}</div>' in page.full_html
    await page.close()


async def test_counter_over_http_posts_the_action():
    page = await LivePage.open(Client(), "/counter-http/")
    await page.click("#increment")
    await page.click("#increment")
    assert page.one("#count").value == "3"
    assert page.frames == []  # no websocket on this page: two POSTs


async def test_an_async_client_works_too():
    page = await LivePage.open(AsyncClient(), "/counter-http/")
    await page.click("#increment")
    assert page.one("#count").value == "2"
    page = await LivePage.open(AsyncClient(), "/todo/")
    await page.click("#todo-list li:first-child button")
    assert page.html.count("<li") == 19
    await page.close()


async def test_events_are_paced_to_the_servers_rate_limit(settings):
    settings.HYPERGEN_FRAMES_PER_SECOND = 10  # a burst of 20 frames, then 10 a second
    page = await LivePage.open(Client(), "/counter/")
    for _ in range(25):
        await page.click("button")
    assert page.one("#count").value == "26"
    assert page.errors == []
    await page.close()


def test_counter_in_a_synchronous_test():
    with LivePage.sync(Client(), "/counter/") as page:
        page.click("button")
        page.click("button")
        assert page.one("#count").value == "3"
        assert page.select("#count")[0].attrs == {"id": "count", "value": "3", "disabled": True}


async def test_a_disabled_field_or_an_unbound_element_is_refused():
    page = await LivePage.open(Client(), "/counter/")
    with pytest.raises(LivePageError, match="disabled"):
        await page.fill("#count", "9")
    with pytest.raises(LivePageError, match="nothing is bound"):
        await page.click("#content")
    with pytest.raises(LivePageError, match="0 elements match"):
        await page.click("#nothing-here")
    assert page.sent == []
    await page.close()


# --- /todo/: diff mode ---------------------------------------------------------------------------


async def test_todo_add_toggle_delete_in_diff_mode():
    client = Client()
    page = await LivePage.open(client, "/todo/")
    assert page.diff
    assert page.html.count("<li") == 20
    await page.fill("#new-todo", "milk")
    await page.submit("form")
    assert page.html.count("<li") == 21
    assert page.select("#todo-list li")[-1].text == " milk x"  # sep=" " before the label
    assert page.one("#new-todo").value == ""  # the binding's clear=True, as the client does
    assert page.one("footer").text == "21 items left"
    assert type(page.frames[-1][0]) is int  # answered with a diff frame, not a morph

    first = page.one("#todo-list li:first-child")
    await page.check("#todo-list li:first-child input[type=checkbox]")
    assert first.classes == ["completed"]
    assert first.select("input")[0].value is True
    assert page.one("footer").text == "20 items left"

    await page.click("#todo-list li:contains('Water the plants') button")
    assert "Water the plants" not in page.html
    assert page.html.count("<li") == 20
    await page.uncheck("#todo-list li:first-child input")
    assert first.classes == []

    # Enter in the field submits its form, like a browser's implicit submission
    await page.fill("#new-todo", "bread")
    await page.press("#new-todo", "Enter")
    assert page.select("#todo-list > li:last-child label")[0].text == "bread"

    assert shape_of(page) == await server_truth(client, "/todo/")
    await page.close()


async def test_todo_reconnect_resumes_without_a_payload():
    client = Client()
    page = await LivePage.open(client, "/todo/")
    await page.click("#todo-list li:nth-child(2) button")
    frames = len(page.frames)
    await page.reconnect()  # the server knows the client applied its last frame
    assert [frame for frame in page.frames[frames:] if frame != ["pong"]] == []
    await page.fill("#new-todo", "after the reconnect")
    await page.submit("form")
    assert shape_of(page) == await server_truth(client, "/todo/")
    await page.close()


# --- /table/: diff mode, 1000 rows ---------------------------------------------------------------


def column(page: LivePage, index: int) -> list[str]:
    return [cell.text for cell in page.select(f"tbody tr > td:nth-child({index})")]


async def test_table_sort_and_filter():
    client = Client()
    page = await LivePage.open(client, "/table/")
    assert len(page.select("tbody tr")) == 1000
    assert column(page, 1)[:3] == ["1", "2", "3"]

    await page.click("th:contains('Score')")  # best first
    scores = [int(score) for score in column(page, 4)]
    assert scores == sorted(scores, reverse=True)
    assert page.one("#summary").text == "1000 rows, sorted by score descending"
    await page.click("thead th:nth-child(4)")  # again: reversed
    scores = [int(score) for score in column(page, 4)]
    assert scores == sorted(scores)

    await page.fill("#filter", "an")  # its hv-input binding, THIS read; debounce ignored
    names = column(page, 2)
    assert names and all("an" in name.lower() for name in names)
    assert page.one("#summary").text.startswith(f"{len(names)} rows")
    assert page.sent[-1][2] == [{"$v": "an"}]

    await page.fill("#edit-id", "1")
    await page.fill("#edit-score", "12345")
    await page.click("#edit")
    assert page.sent[-1][2] == [{"$v": "1", "as": "int"}, {"$v": "12345", "as": "int"}]

    await page.click("th:contains('ID')")
    assert shape_of(page) == await server_truth(client, "/table/")
    await page.close()


async def test_an_error_answer_raises_and_the_page_carries_on():
    page = await LivePage.open(Client(), "/table/")
    await page.fill("#edit-id", "1.5")  # a valid number field value, but the handler takes an int
    with pytest.raises(LivePageError, match="edit_score"):
        await page.click("#edit")
    assert len(page.errors) == 1
    await page.click("th:contains('Score')")  # the connection and its state are fine
    assert page.one("#summary").text == "1000 rows, sorted by score descending"

    page.raise_errors = False
    await page.click("#edit")
    assert len(page.errors) == 2 and "edit_score" in page.errors[-1]
    await page.close()


async def test_an_error_answer_can_be_recorded_instead():
    page = await LivePage.open(Client(), "/table/", raise_errors=False)
    await page.fill("#edit-id", "1.5")
    await page.click("#edit")
    assert page.errors and "edit_score" in page.errors[0]
    assert page.frames[-1][0] == "e"
    await page.close()


# --- /state/: app state on the consumer ------------------------------------------------------------


async def test_state_lives_on_the_consumer_across_a_reconnect():
    page = await LivePage.open(Client(), "/state/")
    await page.fill("#entry", "first")
    await page.click("#add")
    assert page.one("#entry").value == ""  # clear=True on the button: the referenced field
    await page.fill("#entry", "second")
    await page.click("#add")
    assert [item.text for item in page.select("#items li")] == ["first", "second"]
    await page.reconnect()
    await page.fill("#entry", "third")
    await page.click("#add")
    assert [item.text for item in page.select("#items li")] == ["first", "second", "third"]
    assert page.one("#count").text == "3 item(s)"
    await page.click("#clear")
    assert page.select("#items li") == []
    await page.close()


# --- /chat/: a group push reaches every open page ------------------------------------------------


async def test_chat_message_reaches_the_other_page():
    alice = await LivePage.open(Client(), "/chat/")
    bob = await LivePage.open(Client(), "/chat/")
    await alice.fill("#message", "hello bob")
    await alice.click("#send")  # a submit button: its form's hv-submit fires
    assert alice.one("#message").value == ""
    await bob.wait_for(lambda: "hello bob" in bob.html)
    await alice.wait_for("#messages .msg")
    assert [m.select("span")[0].text for m in alice.select("#messages .msg")] == ["hello bob"]

    # a push from a plain Django view
    await sync_to_async(Client().get)("/chat/push/")
    frames = await bob.receive()
    assert frames[0][0] == "c" and frames[0][1] == 0  # answers no event: a push
    assert "pushed at" in bob.select("#messages .msg")[-1].text
    await alice.wait_for(lambda: len(alice.select("#messages .msg")) == 2)
    assert shape_of(alice) == shape_of(bob)
    await alice.close()
    await bob.close()


async def test_receive_without_a_push_times_out():
    page = await LivePage.open(Client(), "/chat/")
    with pytest.raises(LivePageError, match="no frame"):
        await page.receive(timeout=0.2)
    await page.fill("#message", "still here")  # the socket survived the wait
    await page.click("#send")
    await page.wait_for("#messages .msg")
    await page.close()


# --- the model DOM without a server: values, binding options, selectors ----------------------------

FORM_PAGE = """<!DOCTYPE html><html><body><div id="content">
<form id="f" hv-submit='["js:save",[{"$el":"name"},{"$el":"agree","as":"bool"},{"$el":"r1"},
{"$el":"multi","as":"list"},{"$el":"single"},{"$el":"notes"},{"$v":"2026-01-02","as":"date"},
{"nested":[{"$el":"name"}]}],{"clear":true}]'>
<input id="name" value="Ann"><input type="checkbox" id="agree">
<input type="radio" name="size" id="r1" value="s" checked><input type="radio" name="size" id="r2" value="m">
<select id="multi" multiple><option selected>a</option><option value="b">B</option></select>
<select id="single"><option value="x">X</option><option value="y">Y</option></select>
<textarea id="notes">
two &amp; lines</textarea>
</form>
<ul class="list"><li class="a first">one</li><li class="b" data-k="x-1">two</li><li>three</li></ul>
<button id="go" hv-click='["js:go",[{"$el":null}],{"confirm":"Sure?","when":["isOk"]}]' value="7">Go</button>
</div><script id="hypergen-client" data-target="content"></script></body></html>"""


def form_page(**options: Any) -> LivePage:
    return LivePage(None, "/form/", FORM_PAGE, **options)


async def test_values_are_read_like_the_client_reads_them():
    page = form_page()
    assert page.one("#notes").value == "two & lines"  # the newline after <textarea> is dropped
    assert page.one("#single").value == "x"  # a drop-down sends its first option
    assert page.one("#r2").value == "s"  # a radio sends its group's value
    await page.fill("#name", "Bob\nby")  # a text input drops newlines
    await page.check("#agree")
    await page.choose("#r2")
    await page.select_option("#multi", ["a", "B"])  # by value or by label
    await page.select_option("#single", "Y")
    await page.fill("#notes", "new\r\ntext")
    assert page.one("#r1").checked is False
    await page.submit("#name")  # a field names its form
    assert page.js_calls == [[
        "save",
        {"$v": "Bobby"},
        {"$v": True, "as": "bool"},
        {"$v": "m"},
        {"$v": ["a", "b"], "as": "list"},
        {"$v": "y"},
        {"$v": "new\ntext"},
        {"$v": "2026-01-02", "as": "date"},
        {"nested": [{"$v": "Bobby"}]},
    ]]  # fmt: skip
    # clear=True on a form: the fields its arguments referred to are emptied
    assert page.one("#name").value == "" and page.one("#notes").value == ""


FIELDS_PAGE = """<div id="content"><form id="g" hv-submit='["js:send",[{"$el":null,"as":"json"}]]'>
<input name="title" value="T"><input name="tag" value="a"><input name="tag" value="b">
<input type="checkbox" name="ok" checked><input type="checkbox" name="no">
<input type="radio" name="pick" value="1"><input type="radio" name="pick" value="2" checked>
<select name="many" multiple><option selected>x</option><option selected>y</option></select>
<select name="one"><option>p</option><option selected>q</option></select>
<textarea name="body">hi</textarea><input name="off" disabled value="z"><input value="unnamed">
<fieldset disabled><input name="fenced" value="f"></fieldset>
<button name="b" value="1">Go</button><input type="file" name="f">
</form><input form="g" name="outside" value="o"></div>
<script id="hypergen-client" data-target="content"></script>"""


async def test_a_form_reads_as_its_fields():
    page = LivePage(None, "/fields/", FIELDS_PAGE)
    fields = {
        "title": "T",
        "tag": ["a", "b"],  # a name several fields share
        "ok": "on",
        "pick": "2",
        "many": ["x", "y"],
        "one": "q",
        "body": "hi",
        "outside": "o",  # form="g"
    }
    assert page.one("#g").value == fields
    await page.fill("[name=title]", "New")
    await page.choose("[name=pick][value='1']")
    await page.submit("#g")
    assert page.js_calls == [["send", {"$v": {**fields, "title": "New", "pick": "1"}, "as": "json"}]]


async def test_when_and_confirm():
    page = form_page()
    with pytest.raises(LivePageError, match="when='isOk'"):
        await page.click("#go")
    await page.click("#go", when=False)
    await page.click("#go", when=True, confirm=False)
    assert page.js_calls == []
    assert page.confirms == ["Sure?"]
    page.js["isOk"] = lambda event: event["type"] == "click"
    await page.click("#go")
    assert page.js_calls == [["go", {"$v": "7"}]]  # THIS: the button's value
    assert page.confirms == ["Sure?", "Sure?"]


def test_selectors():
    page = form_page()

    def texts(css: str) -> list[str]:
        return [node.text for node in page.select(css)]

    assert texts("ul.list > li") == ["one", "two", "three"]
    assert texts("li.a.first, li[data-k]") == ["one", "two"]
    assert texts("li:nth-child(odd)") == ["one", "three"]
    assert texts("li:last-child, li:first-child") == ["one", "three"]
    assert texts("li:not(.a)") == ["two", "three"]
    assert texts("li.a + li") == ["two"]
    assert texts("li.a ~ li") == ["two", "three"]
    assert texts("[data-k^=x], [data-k$='-1'], [data-k*=\"-\"], [data-k|=x]") == ["two"]
    assert texts("div li:contains('thr')") == ["three"]
    assert texts("body > li") == []
    assert [n.id for n in page.select("input:checked, option:checked")] == ["r1", None]
    assert [n.id for n in page.select("#f > [type=radio]")] == ["r1", "r2"]
    assert page.select("li", text="tw")[0].html == '<li class="b" data-k="x-1">two</li>'
    assert page.one("ul").children[0].parent == page.one("ul")
    for bad in ("li:hover", "li[", "li >", "#"):
        with pytest.raises(LivePageError, match="selector"):
            page.select(bad)


def test_full_html_is_the_page_as_served():
    page = form_page()
    assert page.full_html.startswith('<!DOCTYPE html><html><body><div id="content">\n<form id="f"')
    script = '<script id="hypergen-client" data-target="content"></script>'
    assert page.full_html.endswith(f"</div>{script}</body></html>")
    assert page.html.startswith("\n<form") and page.html.endswith("</button>\n")
