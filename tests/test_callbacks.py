"""callbacks.py: an @action/@consumer's options, and one run of it into its target."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseRedirect

from hypergen_vdom import NO_PERM_REQUIRED, callback, command, input_, p, targets
from hypergen_vdom.callbacks import (
    CallbackOptions,
    PermissionDeniedError,
    morph_command,
    result_commands,
    run_callback,
)
from hypergen_vdom.signature import BadArgumentsError
from hypergen_vdom.spec import handler_id_of

from . import support_urls, support_views

pytestmark = pytest.mark.urls("tests.support_root_urls")
assert support_urls.urlpatterns  # autourls() gives the views their namespace: page renders reverse them

ANONYMOUS = SimpleNamespace(user=AnonymousUser())


@targets("from-template")
def base():
    yield


def build(func, **options):
    return CallbackOptions.build(func, "consumer", options.pop("perm", NO_PERM_REQUIRED), **options)


def test_target_comes_from_target_id_then_base_template_then_base_view():
    def f(request):
        pass

    assert build(f, target_id="explicit", base_template=base).target_id == "explicit"
    assert build(f, base_template=base, base_view=support_views.page).target_id == "from-template"
    assert build(f, base_view=support_views.page).target_id == "content"
    assert build(f).target_id is None


def test_missing_permission_is_refused_before_user_code_runs():
    ran = []
    options = build(lambda request: ran.append(1), perm="auth.view_user")
    with pytest.raises(PermissionDeniedError, match="Permission denied"):
        run_callback(options, ANONYMOUS, (ANONYMOUS,), [])
    assert ran == []


def test_arguments_are_checked_before_user_code_runs():
    ran = []

    def f(request, n: int):
        ran.append(n)

    options = build(f)
    with pytest.raises(BadArgumentsError, match="'n' must be int, got str"):
        run_callback(options, ANONYMOUS, (ANONYMOUS,), ["1"])
    with pytest.raises(BadArgumentsError):
        run_callback(options, ANONYMOUS, (ANONYMOUS,), [1, 2])
    assert ran == []


def test_a_run_collects_content_commands_and_bound_handlers():
    def f(request, n: int):
        p(n)
        p("x", onclick=callback(support_views.ws_handler, n))
        command("console.log", "done")

    result = run_callback(build(f, target_id="box"), ANONYMOUS, (ANONYMOUS,), [7])
    assert result.target_id == "box" and result.redirect is None
    assert result.bound_handlers == {handler_id_of(support_views.ws_handler)}
    commands = result_commands(result)
    assert commands[0][:2] == ["hypergen.morph", "box"] and commands[0][2].startswith("<p>7</p><p ")
    assert commands[1:] == [["console.log", "done"]]
    # Diff mode sends the content as a patch: only the queued commands remain.
    assert result_commands(result, with_content=False) == [["console.log", "done"]]


def test_a_returned_redirect_replaces_the_morph_and_skips_base_view():
    def f(request):
        p("never shown")
        command("console.log", "before")
        return HttpResponseRedirect("/elsewhere/")

    result = run_callback(build(f, base_view=support_views.page), ANONYMOUS, (ANONYMOUS,), [])
    assert result.redirect == "/elsewhere/"
    assert result_commands(result) == [["console.log", "before"], ["hypergen.redirect", "/elsewhere/"]]


def test_base_view_rerenders_the_page_in_place_of_what_the_callback_wrote():
    def f(request):
        p("dropped")

    result = run_callback(build(f, base_view=support_views.page), ANONYMOUS, (ANONYMOUS,), [])
    target, html = morph_command(result)[1:]
    assert target == "content"
    assert "dropped" not in html and html.startswith('<input id="count" value="1"')


def test_base_view_is_not_disturbed_by_ids_in_the_dropped_output():
    def f(request):
        input_(id="count", value=5)  # the page's own id; this output is dropped for the page's

    result = run_callback(build(f, base_view=support_views.page), ANONYMOUS, (ANONYMOUS,), [])
    assert morph_command(result)[2].startswith('<input id="count" value="1"')


def test_bound_handlers_are_those_of_the_content_sent():
    def f(request):
        p("dropped", onclick=callback(support_views.ws_handler))

    result = run_callback(build(f, base_view=support_views.page), ANONYMOUS, (ANONYMOUS,), [])
    assert handler_id_of(support_views.ws_handler) not in morph_command(result)[2]
    assert result.bound_handlers == frozenset()


def test_nothing_rendered_means_no_morph():
    result = run_callback(build(lambda request: None), ANONYMOUS, (ANONYMOUS,), [])
    assert result.content is None and morph_command(result) is None and result_commands(result) == []


def test_content_without_a_target_is_an_error_naming_the_fix():
    result = run_callback(build(lambda request: p("hi")), ANONYMOUS, (ANONYMOUS,), [])
    with pytest.raises(ValueError, match="set base_template= or target_id="):
        morph_command(result)
