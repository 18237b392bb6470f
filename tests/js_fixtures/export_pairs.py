"""Write ``pairs.json``: seeded random (a, b) target trees and the diff frame between them.

For the JS patcher's tests: parse ``html_a``, take its (only) top element as the target, hydrate
it (ids 0 … ``next_id_a`` − 1 in preorder, nothing inside ``hv-raw`` elements), apply the frame
(``frame_b64``, base64 of the msgpack bytes; seq 1, acked_event_seq 0) and compare the result
with the element parsed from ``html_b`` (attributes as a set: ``setAttribute`` appends). Half
of the frames are diffed with ``allow_order=False`` so MOVE is exercised as much as ORDER. The
last ``LIST_COUNT`` pairs are pages with a long list sorted and filtered (``random_list_pair``),
diffed with ORDER allowed: they carry ORDER in every form (ids, keep-bitmap, Lehmer code, both).

Run ``python -m tests.js_fixtures.export_pairs`` from the repo root after changing the differ or
the generator; ``tests/test_patch.py`` fails while the committed file is stale.
"""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path
from typing import Any

from hypergen_vdom.diff import diff
from hypergen_vdom.html import to_html
from hypergen_vdom.nodeids import assign_ids
from hypergen_vdom.tree import Element
from hypergen_vdom.wire import encode_frame

from .treegen import random_list_pair, random_pair

__all__ = ["COUNT", "LIST_COUNT", "PAIRS_PATH", "generate", "pair_for", "render"]

COUNT = 500
LIST_COUNT = 32
PAIRS_PATH = Path(__file__).with_name("pairs.json")


def pair_for(seed: int) -> tuple[Element, Element]:
    """The pair of a seed: a random tree and its edit, or past ``COUNT`` a long list's change."""
    return (random_pair if seed < COUNT else random_list_pair)(random.Random(seed))


def generate(count: int = COUNT + LIST_COUNT) -> list[dict[str, Any]]:
    pairs = []
    for seed in range(count):
        a, b = pair_for(seed)
        html_a = to_html(a)
        next_id_a = assign_ids(a, 0)
        patch = diff(a, b, next_id_a, allow_order=seed % 2 == 0 or seed >= COUNT)
        frame = encode_frame(1, 0, patch.next_id, patch.ops)
        pairs.append(
            {
                "seed": seed,
                "html_a": html_a,
                "html_b": to_html(b),
                "next_id_a": next_id_a,
                "frame_b64": base64.b64encode(frame).decode("ascii"),
            }
        )
    return pairs


def render(pairs: list[dict[str, Any]]) -> str:
    # One pair per line: diffs of the committed file stay readable.
    lines = ",\n".join(json.dumps(pair, ensure_ascii=True, sort_keys=True) for pair in pairs)
    return f"[\n{lines}\n]\n"


def main() -> None:
    PAIRS_PATH.write_text(render(generate()), encoding="utf-8")
    print(f"wrote {COUNT + LIST_COUNT} pairs to {PAIRS_PATH}")


if __name__ == "__main__":
    import django

    django.setup()  # importing hypergen_vdom pulls in the Django layer (DJANGO_SETTINGS_MODULE)
    main()
