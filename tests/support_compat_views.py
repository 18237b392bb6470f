"""Hypergen-style views for the compat tests, written the way a Hypergen 1.5.6 app writes them
(through ``hypergen_vdom.compat``)."""

from __future__ import annotations

from contextlib import contextmanager

from django.http import HttpResponse, HttpResponseRedirect

from hypergen_vdom.compat.context import context
from hypergen_vdom.compat.liveview import NO_PERM_REQUIRED, action, callback, command, liveview
from hypergen_vdom.compat.template import a, body, button, div, doctype, head, html, input_, p, span, title


@contextmanager
def base_template():
    doctype()
    with html():
        with head():
            title("compat")
        with body():
            with div(id_="content"):
                yield


base_template.target_id = "content"


def counter_template(n):
    count = input_(id_="count", value=n, type_="number")
    button("+1", id_="inc", onclick=callback(bump, count))
    p("user: ", str(context.request.user))


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template)
def counter(request):
    counter_template(1)


@action(perm=NO_PERM_REQUIRED, base_template=base_template)
def bump(request, n):
    counter_template((n or 0) + 1)


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, path="item/<int:pk>/")
def item(request, pk):
    p("item ", pk, sep="")
    a("home", href=counter.reverse(), class_active="active")
    a("self", href=item.reverse(pk), class_active="active", id_="self")
    button("rename", id_="rename", onclick=callback(rename, "new"))


@action(perm=NO_PERM_REQUIRED, base_view=item)
def rename(request, name):
    command("console.log", name)


@action(perm=NO_PERM_REQUIRED, base_template=base_template)
def only_commands(request):
    p("not sent")
    return [["console.log", "just this"]]


@action(perm=NO_PERM_REQUIRED, base_template=base_template)
def own_response(request):
    return HttpResponse("mine", content_type="text/plain")


@action(perm=NO_PERM_REQUIRED, base_template=base_template)
def go_away(request):
    return HttpResponseRedirect("/away/")


@action(perm=NO_PERM_REQUIRED, base_template=base_template)
def two_targets(request):
    p("main")
    with context(at="hypergen", target_id="sidebar"):
        span("side")
    command("console.log", "after")


def initial_state():
    return {"clicks": 0}


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, appstate=initial_state)
def clicks(request):
    span(context.hypergen.appstate["clicks"], id_="clicks")


@action(perm=NO_PERM_REQUIRED, base_template=base_template, appstate=initial_state)
def click(request):
    context.hypergen.appstate["clicks"] += 1
    span(context.hypergen.appstate["clicks"], id_="clicks")


@liveview(
    perm="auth.view_user", base_template=base_template, login_url="/my-login/", redirect_field_name="then"
)
def private(request):
    p("secret")


@liveview(perm="auth.view_user", base_template=base_template, raise_exception=True)
def private_403(request):
    p("secret")


@action(perm="auth.view_user", base_template=base_template)
def private_action(request):
    p("secret")


@liveview(perm=NO_PERM_REQUIRED, base_template=base_template, autourl=False)
def not_routed(request):
    p("manual")


@liveview(perm=["auth.view_user", "auth.add_user"], any_perm=True, base_template=base_template)
def some_perms(request):
    p(", ".join(sorted(context.hypergen.matched_perms)), id_="matched")
    p(context.hypergen.liveview_resolver_match.url_name, id_="page")


@action(perm=NO_PERM_REQUIRED, base_view=private)
def open_action(request):
    command("console.log", "ran")
