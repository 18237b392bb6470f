"""workers.py: users' synchronous consumer code runs in a pool of worker threads."""

from __future__ import annotations

import asyncio
import threading

import pytest

from hypergen_vdom.workers import in_worker

# Every call closes stale database connections first, as Channels does: the worker threads are
# shared with other tests, and a connection one of them left behind is checked, so the database
# must be reachable.
pytestmark = pytest.mark.django_db(transaction=True)


def current_thread_name():
    return threading.current_thread().name


async def test_runs_in_a_hypergen_worker_thread_with_its_arguments_and_result():
    assert (await in_worker(current_thread_name)).startswith("hypergen")
    assert await in_worker(divmod, 17, 5) == (3, 2)


async def test_two_slow_calls_run_at_the_same_time():
    # Each call waits for the other at the barrier: on one shared thread they would never meet.
    barrier = threading.Barrier(2, timeout=10)
    first, second = await asyncio.gather(in_worker(barrier.wait), in_worker(barrier.wait))
    assert {first, second} == {0, 1}


async def test_the_event_loop_stays_free_while_a_call_blocks():
    release = threading.Event()
    blocked = asyncio.ensure_future(in_worker(release.wait, 10))
    await asyncio.sleep(0.05)
    assert not blocked.done()  # still waiting, yet this coroutine runs
    release.set()
    assert await blocked is True


async def test_exceptions_propagate_to_the_caller():
    def fail(message):
        raise LookupError(message)

    with pytest.raises(LookupError, match="from the worker"):
        await in_worker(fail, "from the worker")
