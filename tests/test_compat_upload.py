"""File uploads over HTTP actions (``upload_callback``, the compat bundle's ``upload``): the
binding, ``request.FILES`` in the action, and the size bound."""

from __future__ import annotations

import json

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from hypergen_vdom import THIS, input_
from hypergen_vdom.bindings import NotCallableError
from hypergen_vdom.compat.client import upload_callback
from hypergen_vdom.tree import rendering
from sample_site.demos import urls as demo_urls
from sample_site.demos.compat_client import uploaded

assert demo_urls  # loaded: autourls gives the actions their URLs (reverse) as the URLconf loads

pytestmark = [pytest.mark.django_db, pytest.mark.urls("sample_site.urls")]


def test_the_binding_names_the_action_the_args_and_the_file_inputs():
    with rendering():
        picked = input_(type_="file", id="picked")
        note = input_(id="note")
        other = input_(type_="file", onchange=upload_callback(uploaded, THIS, note, confirm="Send?"))
        button = input_(type_="button", onclick=upload_callback(uploaded, picked, note))
    url = uploaded.reverse()
    assert json.loads(button.attrs["hv-click"]) == [
        "js:hypergen.compat.upload", [url, [{"$el": "picked"}, {"$el": "note"}], ["picked"]]
    ]
    own = json.loads(other.attrs["hv-change"])
    # THIS, a file input without an id of its own: it gets one, and it is listed
    args = [url, [{"$el": None}, {"$el": "note"}], [other.attrs["id"]]]
    assert own == ["js:hypergen.compat.upload", args, {"confirm": "Send?"}]


def test_only_an_action_or_a_consumer_takes_files():
    def plain(request, f):
        pass

    with pytest.raises(NotCallableError, match=r"upload_files=True needs an @action or a @consumer"):
        upload_callback(plain)


def test_a_multipart_post_reaches_the_action_with_its_files(client):
    files = [SimpleUploadedFile("a.txt", b"hello"), SimpleUploadedFile("b.bin", b"\0" * 300)]
    args = [{"$v": "C:\\fakepath\\a.txt"}, {"$v": "hi"}]
    data = {"hypergen_data": json.dumps({"args": args}), "picked": files}
    response = client.post(uploaded.reverse(), data, HTTP_X_CSRFTOKEN="x")
    assert response.status_code == 200
    [[path, target, html]] = json.loads(response.content)
    assert (path, target) == ("hypergen.morph", "content")
    assert lxml.html.fromstring(html).get_element_by_id("report").text == "a.txt 5 B, b.bin 300 B (hi)"


@override_settings(HYPERGEN_MAX_UPLOAD_BYTES=1000)
def test_an_upload_over_the_limit_is_refused_with_413_before_it_is_parsed(client):
    big = SimpleUploadedFile("big", b"x" * 2000)
    data = {"hypergen_data": json.dumps({"args": [None, None]}), "picked": big}
    response = client.post(uploaded.reverse(), data)
    assert response.status_code == 413
    assert json.loads(response.content)["error"].endswith("over HYPERGEN_MAX_UPLOAD_BYTES (1000)")
    small = {"hypergen_data": json.dumps({"args": [None, "ok"]}), "picked": SimpleUploadedFile("s", b"x")}
    assert client.post(uploaded.reverse(), small).status_code == 200


def test_a_multipart_post_without_hypergen_data_is_a_bad_request(client):
    response = client.post(uploaded.reverse(), {"picked": SimpleUploadedFile("a", b"a")})
    assert response.status_code == 400  # no args: the action's two arguments are missing
