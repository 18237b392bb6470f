"""conf.py: settings with defaults, read cheaply on every frame and never stale."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import override_settings

from hypergen_vdom.conf import DEFAULTS, setting


def test_a_setting_the_project_does_not_define_is_its_default():
    assert not hasattr(django_settings, "HYPERGEN_RESYNCS_PER_MINUTE")
    assert setting("HYPERGEN_RESYNCS_PER_MINUTE") == DEFAULTS["HYPERGEN_RESYNCS_PER_MINUTE"] == 12


def test_override_settings_is_seen_and_undone():
    assert setting("HYPERGEN_FRAMES_PER_SECOND") == 30  # read (and cached) before the override
    with override_settings(HYPERGEN_FRAMES_PER_SECOND=5):
        assert setting("HYPERGEN_FRAMES_PER_SECOND") == 5
    assert setting("HYPERGEN_FRAMES_PER_SECOND") == 30


def test_the_settings_fixture_is_seen(settings):
    assert setting("HYPERGEN_MAX_MESSAGE_BYTES") == 256 * 1024
    settings.HYPERGEN_MAX_MESSAGE_BYTES = 100
    assert setting("HYPERGEN_MAX_MESSAGE_BYTES") == 100
    settings.HYPERGEN_MAX_MESSAGE_BYTES = 200
    assert setting("HYPERGEN_MAX_MESSAGE_BYTES") == 200


def test_an_unknown_name_is_a_key_error_not_a_silent_none():
    try:
        setting("HYPERGEN_NO_SUCH_SETTING")
    except KeyError as error:
        assert "HYPERGEN_NO_SUCH_SETTING" in str(error)
    else:
        raise AssertionError("an unknown setting name was accepted")


def test_the_sealed_rows_setting_reaches_the_pure_core_and_a_bad_value_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    from hypergen_vdom import sealed

    assert DEFAULTS["HYPERGEN_SEALED_ROWS_MIN"] is None  # off unless the project says
    project = setting("HYPERGEN_SEALED_ROWS_MIN")  # the sample site's settings say 128
    applied = float("inf") if project is None else project
    assert sealed.rows_min() == applied  # applied at start-up
    with override_settings(HYPERGEN_SEALED_ROWS_MIN=None):
        assert sealed.rows_min() == float("inf")
    with override_settings(HYPERGEN_SEALED_ROWS_MIN=128):
        assert sealed.rows_min() == 128
    with override_settings(HYPERGEN_SEALED_ROWS_MIN=40):
        assert sealed.rows_min() == 40
    assert sealed.rows_min() == applied
    with pytest.raises(ImproperlyConfigured, match="HYPERGEN_SEALED_ROWS_MIN"):
        with override_settings(HYPERGEN_SEALED_ROWS_MIN="16"):
            pass
    assert sealed.rows_min() == applied
