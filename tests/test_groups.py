"""groups.py: group_send to @consumer functions, and the groups= option."""

from __future__ import annotations

import pytest
from channels.layers import get_channel_layer
from django.core.exceptions import ImproperlyConfigured

from hypergen_vdom import NO_PERM_REQUIRED, consumer
from hypergen_vdom.groups import GROUPS_DECLARED_BY, agroup_send, group_send, resolve_groups

from . import support_views


@pytest.mark.parametrize("name", ["", "with space", "a/b", "naïve", "x" * 100, "semi;colon"])
def test_invalid_group_names_are_refused(name):
    with pytest.raises(ValueError, match="Invalid group name"):
        group_send(name, support_views.announce, "hi")


def test_a_trailing_newline_is_refused_too():
    with pytest.raises(ValueError, match="Invalid group name"):
        group_send("room\n", support_views.announce, "hi")


@pytest.mark.parametrize("handler", [lambda consumer, request: None, support_views.bump, support_views.page])
def test_only_consumer_functions_can_be_sent(handler):
    with pytest.raises(TypeError, match="needs a @consumer function"):
        group_send("room", handler)


async def test_group_send_delivers_the_handler_id_and_arguments_to_each_member():
    layer = get_channel_layer()
    first, second = await layer.new_channel(), await layer.new_channel()
    await layer.group_add("test-groups.room", first)
    await layer.group_add("test-groups.room", second)
    await agroup_send("test-groups.room", support_views.announce, "hello", 2)
    expected = {
        "type": "hypergen.group",
        "handler": support_views.announce.hypergen.handler_id,
        "args": ["hello", 2],
    }
    assert await layer.receive(first) == expected
    assert await layer.receive(second) == expected


def test_group_send_without_a_channel_layer_is_a_configuration_error(settings):
    # Assigned rather than deleted: only an assignment sends setting_changed, which drops
    # Channels' cached layer.
    settings.CHANNEL_LAYERS = {}
    with pytest.raises(ImproperlyConfigured, match="CHANNEL_LAYERS"):
        group_send("room", support_views.announce, "hi")


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        (None, []),
        ("solo", ["solo"]),
        (["a", "b"], ["a", "b"]),
        (("a", 1), ["a", "1"]),
        (lambda request: f"user-{request}", ["user-7"]),
        (lambda request: [f"u{request}", "all"], ["u7", "all"]),
    ],
)
def test_resolve_groups(groups, expected):
    assert resolve_groups(groups, 7) == expected


def test_declaring_groups_is_noted_for_the_system_checks():
    def with_groups(consumer, request):
        pass

    def without_groups(consumer, request):
        pass

    consumer(perm=NO_PERM_REQUIRED, groups=["g"])(with_groups)
    consumer(perm=NO_PERM_REQUIRED)(without_groups)
    names = set(GROUPS_DECLARED_BY)
    assert f"{__name__}.{with_groups.__qualname__}" in names
    assert f"{__name__}.{without_groups.__qualname__}" not in names
    assert "tests.support_views.room_page" in names and "tests.support_views.announce" in names
