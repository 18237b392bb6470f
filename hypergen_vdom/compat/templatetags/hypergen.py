"""``{% load hypergen %}``: Hypergen's template tags for Django-template pages.

- ``{% callback my_action "#field.int" 42 id="save" event="onclick" %}`` writes the element's
  ``id`` and its event binding attribute (``"#id"`` arguments are read from that element when the
  event fires, with an optional ``.str/.int/.float/.date/.datetime/.month/.week`` coercion);
- ``{% hypergen_media_header %}`` loads the client script (no inline script: strict CSP);
- ``{% hypergen_media_footer %}`` writes nothing: bindings live in attributes, there are no
  queued callbacks to apply.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ...html import escape_attribute
from ...liveview import CLIENT_SCRIPT
from ...tree import Element
from ..callbacks import callback as compat_callback
from ..template import div, raw

__all__ = ["callback", "hypergen_media_footer", "hypergen_media_header", "register", "render_to_hypergen"]

register = template.Library()

_SUFFIX_COERCE = {
    ".str": "trim",
    ".int": "int",
    ".float": "float",
    ".date": "date",
    ".datetime": "datetime",
    ".month": "month",
    ".week": "week",
}


def _argument(value: Any) -> Any:
    if not isinstance(value, str) or not value.startswith("#"):
        return value
    element_id, coerce = value[1:], "trim"
    for suffix, name in _SUFFIX_COERCE.items():
        if element_id.endswith(suffix):
            element_id, coerce = element_id[: -len(suffix)], name
            break
    element = Element("input", {"id": element_id})
    element.coerce = coerce
    return element


@register.simple_tag
def callback(url_or_view: Any, *cb_args: Any, **kwargs: Any) -> SafeString:
    if isinstance(url_or_view, str) and ":" in url_or_view:
        url_or_view = reverse(url_or_view)
    element_id = kwargs.pop("id", None)
    event = kwargs.pop("event", None)
    add_id = kwargs.pop("add_id", True)
    if not element_id or not event or not str(event).startswith("on"):
        raise template.TemplateSyntaxError('{% callback %} needs id="..." and event="on<event>"')
    holder = div(id_=element_id)
    binding = compat_callback(url_or_view, *(_argument(arg) for arg in cb_args), **kwargs).hypergen_binding(
        holder
    )
    json = binding.render(holder.node)
    attributes = f' id="{escape(element_id)}"' if add_id else ""
    return mark_safe(f"{attributes} hv-{escape(str(event)[2:])}={escape_attribute(json)}")


@register.simple_tag(takes_context=True)
def hypergen_media_header(context: Any) -> SafeString:
    request = context.get("request")
    csrf = f' data-csrf="{escape(get_token(request))}"' if request is not None else ""
    return mark_safe(
        f'<script src="{escape(static(CLIENT_SCRIPT))}" defer id="hypergen-client"{csrf}></script>'
    )


@register.simple_tag
def hypergen_media_footer() -> SafeString:
    return mark_safe("")


def render_to_hypergen(
    template_name: str,
    context: dict[str, Any] | None = None,
    request: Any = None,
    using: str | None = None,
    block: str | None = None,
) -> None:
    """Render a Django template into the element tree being built, as is (``raw``: the template
    engine escaped its variables). ``block=`` (django-render-block) is not supported: render a
    template of its own instead."""
    if block is not None:
        raise TypeError(
            "render_to_hypergen(block=...) is not supported: put the block in a template of its own"
        )
    raw(render_to_string(template_name, context=context, request=request, using=using))
