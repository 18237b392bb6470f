"""The pure core imports and works with Django absent (DESIGN §7: LiveView's diff knows nothing of
the transport)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

PROGRAM = textwrap.dedent(
    """
    import sys

    class NoDjango:
        def find_spec(self, name, path=None, target=None):
            if name == "django" or name.startswith("django.") or name.startswith("channels"):
                raise ImportError(f"{name} is blocked: the core must not need it")

    sys.meta_path.insert(0, NoDjango())
    from hypergen_vdom.tree import rendering
    from hypergen_vdom import div, p
    from hypergen_vdom.diff import diff
    from hypergen_vdom.nodeids import assign_ids
    from hypergen_vdom.wire import encode_frame
    from hypergen_vdom.html import to_html
    import hypergen_vdom.diffmode, hypergen_vdom.memo, hypergen_vdom.sealed, hypergen_vdom.packing

    with rendering() as a:
        with div(id="t"):
            p("one")
    with rendering() as b:
        with div(id="t"):
            p("two")
    old, new = a.root.children[0], b.root.children[0]
    result = diff(old, new, assign_ids(old, 0))
    print(to_html(new), len(encode_frame(1, 0, result.next_id, result.ops)))
    assert not [m for m in sys.modules if m == "django" or m.startswith("django.")]
    """
)


def test_the_core_imports_and_diffs_without_django():
    done = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    # one SET_TEXT: [seq, ack, next_id, op, id, "two"] is 10 bytes of msgpack
    assert done.stdout.split() == ['<div', 'id="t"><p>two</p></div>', "10"]


def test_with_django_the_package_exports_the_decorators():
    import hypergen_vdom

    assert hypergen_vdom.liveview.__module__ == "hypergen_vdom.liveview" and callable(hypergen_vdom.liveview)
    assert "trusted_url" in hypergen_vdom.__all__ and "LOGIN_REQUIRED" in hypergen_vdom.__all__


def test_every_element_function_is_exported_literally():
    import hypergen_vdom
    from hypergen_vdom import tags

    assert set(tags.__all__) <= set(hypergen_vdom.__all__)
    assert len(hypergen_vdom.__all__) == len(set(hypergen_vdom.__all__))
