"""perms.py: what perm= means, and who passes it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Permission, User

from hypergen_vdom.exceptions import HypergenError
from hypergen_vdom.perms import LOGIN_REQUIRED, NO_PERM_REQUIRED, MissingPermError, has_perms, normalize_perms


def test_normalize_perms():
    assert normalize_perms(NO_PERM_REQUIRED, "x") is None
    assert normalize_perms(LOGIN_REQUIRED, "x") == ()
    assert normalize_perms("auth.view_user", "x") == ("auth.view_user",)
    both = ["auth.view_user", "auth.change_user"]
    assert normalize_perms(both, "x") == tuple(both)
    assert normalize_perms(("auth.view_user",), "x") == ("auth.view_user",)


def test_a_missing_perm_is_an_error_that_names_the_view_and_the_choices():
    with pytest.raises(MissingPermError) as raised:
        normalize_perms(None, "@liveview myapp.views.page")
    message = str(raised.value)
    assert message.startswith("@liveview myapp.views.page needs perm=")
    assert "LOGIN_REQUIRED" in message and "NO_PERM_REQUIRED" in message
    assert isinstance(raised.value, (HypergenError, TypeError))


# An empty list would silently mean "any logged-in user": refused like the other wrong types.
@pytest.mark.parametrize(
    "perm", [[], (), True, 1, ["auth.view_user", 3], {"auth.view_user"}, b"auth.view_user"]
)
def test_perm_of_a_wrong_type_is_refused(perm):
    with pytest.raises(MissingPermError, match="perm= must be"):
        normalize_perms(perm, "@action f")


def test_no_perm_required_lets_everyone_in():
    assert has_perms(None, None) and has_perms(AnonymousUser(), None)


@pytest.mark.django_db
def test_login_required_wants_an_authenticated_user():
    assert not has_perms(None, ())
    assert not has_perms(AnonymousUser(), ())
    assert has_perms(User.objects.create_user("ann"), ())


@pytest.mark.django_db
def test_named_perms_all_or_any():
    user = User.objects.create_user("ann")
    user.user_permissions.add(Permission.objects.get(codename="view_user"))
    user = User.objects.get(pk=user.pk)  # Django caches permissions on the instance
    both = ("auth.view_user", "auth.change_user")
    assert has_perms(user, ("auth.view_user",))
    assert not has_perms(user, both)
    assert has_perms(user, both, any_perm=True)
    assert not has_perms(user, ("auth.change_user", "auth.delete_user"), any_perm=True)
    assert not has_perms(AnonymousUser(), ("auth.view_user",), any_perm=True)


@pytest.mark.django_db
def test_a_superuser_has_every_named_perm():
    admin = User.objects.create_superuser("root")
    assert has_perms(admin, ("auth.change_user", "app.made_up"))
