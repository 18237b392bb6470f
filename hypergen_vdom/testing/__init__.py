"""Test helpers for hypergen_vdom's own tests and for your project's tests.

Import the submodule you need (``from hypergen_vdom.testing.daphne import DaphneProcess``); this
package itself imports nothing, so importing it costs nothing.
"""

from __future__ import annotations

__all__: list[str] = []
