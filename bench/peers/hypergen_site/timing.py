"""Server time per event for Hypergen 1.5.6, in-process (run in ``.bench-venvs/hypergen``):

    cd bench/peers
    ../../.bench-venvs/hypergen/bin/python -m hypergen_site.timing [budget] [min] [max] [warmup]

Per scenario, from state A over and over: the ``@action`` view called with the POST its client
sends (``hypergen_data``: ``{"args": [...], "meta": {}}``, ``X-Pathname`` the page), under
Hypergen's context (what its middleware sets): the permission check, the arguments decoded, the
handler rendering the target, the commands (``setClientState`` with every event handler, the morph
of the target's HTML, ``onpushstate``) encoded as JSON, the response body. Django's middleware
and the HTTP server are not in it (like ``core`` on our side). Prints JSON.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hypergen_site.settings")


def main(argv: list[str]) -> None:
    import django

    django.setup()
    from django.test import RequestFactory
    from hypergen.context import context
    from peer_common import SCENARIOS, events, repeat, summary_ms

    from . import views

    budget, min_runs, max_runs, warmup = (float(argv[0]) if argv else 1.0), 20, 3000, 3
    if len(argv) > 1:
        min_runs, max_runs, warmup = int(argv[1]), int(argv[2]), int(argv[3])
    factory = RequestFactory()
    result: dict[str, Any] = {}
    for name in SCENARIOS:
        event = events("hypergen")[name]
        view = getattr(views, event.name)
        payload = {"hypergen_data": json.dumps({"args": event.args, "meta": {}})}

        def prepare(event: Any = event, payload: Any = payload) -> Any:
            views.reset()
            return factory.post(f"/{event.name}/", payload, HTTP_X_PATHNAME=event.page)

        def run(request: Any, view: Any = view) -> bytes:
            with context(request=request):
                response = view(request)
            if response.status_code != 200:
                raise RuntimeError(f"{response.status_code}: {response.content[:200]!r}")
            body: bytes = response.content
            return body

        samples, answers = repeat(prepare, run, budget, min_runs, max_runs, warmup)
        if len(answers) != 1:
            raise RuntimeError(f"{name}: runs answered with {len(answers)} different bodies")
        result[name] = {"core_ms": summary_ms(samples), "frame_bytes": len(answers.pop())}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
