"""Client time in Chromium: the patcher applying a scenario's frame vs morphing the target's HTML.

The frames come from the server's real code: a ``HypergenConsumer`` connected to a fresh diff
page (``harness.open_consumer``: its real hello) runs the scenario's handler through its page
(``LivePage.run``, state A → B: exactly the frame the server sends for the event), then the
page's ``DiffSession`` diffs state A back in (B → A), and again, so one page load can apply A→B
many times: every frame continues the ids of the one before, as a long session would. The
classic side morphs the same two HTML strings (what the classic consumer sends) into a classic
page with ``window.hypergen.morph(target, html)``.

In one page load (daphne serving the site, Playwright driving ``/usr/bin/chromium``), timed with
``performance.now()`` inside the page (Chromium coarsens it to 0.1 ms, hence the loops):

- ``event_ms``: the scenario's event, A→B, each time followed by a forced layout
  (``document.body.offsetHeight``): the time from the frame (or the HTML) in hand to a laid-out
  page; the mean over R warm applications (Chromium's clamped timer is unbiased on average), and
  ``event_median_ms``. Between two of them the page goes back B→A, also laid out (``back_ms``).
  Layout is included on both sides because the patcher saves and restores scroll positions
  around each frame: reading them flushes layout inside ``applyPatch`` itself;
- ``first_ms``: the first A→B of the page load (cold code) + layout;
- ``script_ms``: A→B and B→A alternating with no forced layout, total / count.

``ratio`` = morph ``event_ms`` / patch ``event_ms`` (``back_ratio`` the same for B→A).
"""

from __future__ import annotations

import asyncio
import os
import statistics
from collections.abc import Sequence
from typing import Any

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "client_times", "transitions"]

CHROMIUM = os.environ.get("HYPERGEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

WARMUP_PAIRS = 3
# pairs per loop: the 1000-row table morphs in tens of ms, the counter in microseconds
PAIRS = {"S3a": 20, "S3b": 20, "S3c": 20, "S5": 40, "S2a": 60, "S2b": 60, "S2c": 60, "S4": 60}
DEFAULT_PAIRS = 200


class Transitions:
    """One scenario's A→B / B→A frames (decoded, as the client's msgpack gives them) and HTML."""

    def __init__(self, name: str, frames: list[list[Any]], html_a: str, html_b: str, first: bytes) -> None:
        self.name = name
        self.frames = frames
        self.html_a = html_a
        self.html_b = html_b
        self.first = first  # the encoded A→B frame: the one the consumer test pins


async def _transitions(name: str, pairs: int) -> Transitions:
    import msgpack
    from asgiref.sync import sync_to_async

    from hypergen_vdom.coerce import decode_args
    from hypergen_vdom.html import to_html
    from hypergen_vdom.tree import rendering

    from .harness import bench_limits, close_consumer, get_page, open_consumer
    from .pages import EVENTS, RENDER_A, SCENARIO_PAGES

    event = EVENTS[name]
    family = next(family for family, number in SCENARIO_PAGES.items() if number == event.number)
    with bench_limits():
        consumer = await open_consumer(await sync_to_async(get_page)(event.path))
        page = consumer._hv_page
        frames: list[list[Any]] = []
        first = b""
        html_a = html_b = ""
        seq = 0
        for _ in range(pairs):
            seq += 1
            consumer.__dict__.pop("bench", None)  # the handler starts from state A again
            answer, problem = page.run(event.handler, consumer, decode_args(event.args), seq, False)
            if problem or len(answer) != 1:
                raise RuntimeError(f"{name}: {problem or f'{len(answer)} frames'}")
            first = first or answer[0]
            session = page.state.session
            html_b = to_html(session.tree.children)  # the target's content in state B
            frames.append(msgpack.unpackb(answer[0]))
            with rendering() as state:
                RENDER_A[family]()
            html_a = to_html(state.root)
            seq += 1
            frames.append(msgpack.unpackb(session.update(state.root, seq)))
        await close_consumer(consumer)
    return Transitions(name, frames, html_a, html_b, first)


def transitions(names: Sequence[str], pairs: dict[str, int] | None = None) -> dict[str, Transitions]:
    """Per scenario, the frames for warm-up + two loops of pairs (Django must be set up)."""
    counts = {name: WARMUP_PAIRS + 1 + 2 * (pairs or PAIRS).get(name, DEFAULT_PAIRS) for name in names}

    async def main() -> dict[str, Transitions]:
        return {name: await _transitions(name, counts[name]) for name in names}

    return asyncio.run(main())


# In the page: `steps` is a list of [A→B, B→A] pairs; `apply` one of them. The first pair is the
# cold one, then WARMUP_PAIRS, then the two timed loops.
MEASURE = """async ([kind, steps, warmup, pairs]) => {
  const h = window.hypergen
  const apply = kind === "patch" ? step => h.applyPatch(step) : step => h.morph("content", step)
  const layout = () => document.body.offsetHeight
  // a compact ORDER's bin crossed as {$bin: [bytes]} (see `_page_safe`): back to what msgpack gives
  for (const frame of kind === "patch" ? steps.flat() : []) {
    frame.forEach((arg, j) => { if (arg?.$bin) frame[j] = Uint8Array.from(arg.$bin) })
  }
  let i = 0
  layout()
  let t = performance.now()
  apply(steps[i][0]); layout()
  const first = performance.now() - t
  apply(steps[i++][1]); layout()
  for (let k = 0; k < warmup; k++, i++) { apply(steps[i][0]); layout(); apply(steps[i][1]); layout() }
  t = performance.now()
  for (let k = 0; k < pairs; k++, i++) { apply(steps[i][0]); apply(steps[i][1]) }
  const script = (performance.now() - t) / (2 * pairs)
  layout()
  const forward = []
  const backward = []
  for (let k = 0; k < pairs; k++, i++) {
    t = performance.now()
    apply(steps[i][0]); layout()
    const t1 = performance.now()
    apply(steps[i][1]); layout()
    forward.push(t1 - t)
    backward.push(performance.now() - t1)
  }
  return { first, script, forward, backward, used: i }
}"""


def _page_safe(frame: list[Any]) -> list[Any]:
    """A decoded frame that ``page.evaluate`` can carry: a bin (compact ORDER) as ``{"$bin": ints}``."""
    return [{"$bin": list(arg)} if isinstance(arg, bytes) else arg for arg in frame]


def _measure(page: Any, url: str, kind: str, steps: list[Any], pairs: int) -> dict[str, Any]:
    page.goto(url)
    page.wait_for_function(
        "() => window.hypergen && (document.documentElement.classList.contains('hypergen-connected')"
        " || !document.getElementById('hypergen-client').dataset.ws)"
        + (" && typeof window.hypergen.applyPatch === 'function'" if kind == "patch" else ""),
        timeout=30_000,
    )
    result: dict[str, Any] = page.evaluate(MEASURE, [kind, steps, WARMUP_PAIRS, pairs])
    assert result["used"] == len(steps), (result["used"], len(steps))
    return {
        "event_ms": statistics.fmean(result["forward"]),
        "event_median_ms": statistics.median(result["forward"]),
        "back_ms": statistics.fmean(result["backward"]),
        "first_ms": result["first"],
        "script_ms": result["script"],
        "pairs": pairs,
    }


def client_times(
    base_url: str, data: dict[str, Transitions], pairs: dict[str, int] | None = None
) -> dict[str, Any]:
    """Drive Chromium against ``base_url`` (a daphne serving the site with DEBUG on, for the
    static client files); per scenario ``{"patch": {...}, "morph": {...}, "ratio": …}``."""
    from playwright.sync_api import sync_playwright

    from .pages import EVENTS

    results: dict[str, Any] = {}
    errors: list[str] = []

    def on_console(message: Any) -> None:
        if message.type in ("error", "warning"):
            errors.append(message.text)

    def on_page_error(error: Any) -> None:
        errors.append(str(error))

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            results["_chromium"] = browser.version
            for name, t in data.items():
                count = (pairs or PAIRS).get(name, DEFAULT_PAIRS)
                event = EVENTS[name]
                frames = [_page_safe(frame) for frame in t.frames]
                frame_steps = [[frames[i], frames[i + 1]] for i in range(0, len(frames), 2)]
                html_steps = [[t.html_b, t.html_a]] * len(frame_steps)
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                page.on("console", on_console)
                page.on("pageerror", on_page_error)
                try:
                    patch = _measure(page, base_url + event.path, "patch", frame_steps, count)
                    morph = _measure(page, base_url + event.classic_path, "morph", html_steps, count)
                finally:
                    context.close()
                results[name] = {
                    "patch": patch,
                    "morph": morph,
                    "ratio": morph["event_ms"] / patch["event_ms"],
                    "back_ratio": morph["back_ms"] / patch["back_ms"],
                }
        finally:
            browser.close()
    results["_errors"] = errors[:10]
    return results
