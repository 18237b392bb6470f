"""The token bucket behind the per-connection limits."""

from __future__ import annotations

import time

from hypergen_vdom.ratelimit import TokenBucket


def test_a_burst_then_the_rate():
    bucket = TokenBucket(rate=20, burst=3)
    assert [bucket.allow() for _ in range(4)] == [True, True, True, False]
    time.sleep(0.06)  # 20/s: one more token after 50 ms
    assert bucket.allow()
    assert not bucket.allow()


def test_tokens_never_pile_up_beyond_the_burst():
    bucket = TokenBucket(rate=1000, burst=2)
    time.sleep(0.05)
    assert [bucket.allow() for _ in range(3)] == [True, True, False]
