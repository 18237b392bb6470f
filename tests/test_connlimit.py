"""The per-process count of open sockets per session and per address (``connlimit.py``)."""

from __future__ import annotations

from hypergen_vdom.connlimit import ConnectionCounter

SESSION = ("session", "s1")
ADDRESS = ("address", "10.0.0.1")


def test_a_connection_counts_under_every_key_until_a_cap_is_reached():
    counter = ConnectionCounter()
    assert counter.acquire([(SESSION, 2), (ADDRESS, 5)])
    assert counter.acquire([(SESSION, 2), (ADDRESS, 5)])
    assert not counter.acquire([(SESSION, 2), (ADDRESS, 5)])
    # the refused one counted nowhere: the address still has two
    assert counter.count(SESSION) == 2 and counter.count(ADDRESS) == 2


def test_releasing_frees_a_slot_and_forgets_idle_keys():
    counter = ConnectionCounter()
    keys = [(SESSION, 1), (ADDRESS, None)]
    assert counter.acquire(keys) and not counter.acquire(keys)
    counter.release([SESSION, ADDRESS])
    assert len(counter) == 0
    assert counter.acquire(keys)


def test_none_means_no_cap():
    counter = ConnectionCounter()
    assert all(counter.acquire([(ADDRESS, None)]) for _ in range(5000))
    assert counter.count(ADDRESS) == 5000


def test_a_cap_on_one_key_refuses_even_when_the_other_has_room():
    counter = ConnectionCounter()
    assert counter.acquire([(("session", "a"), 10), (ADDRESS, 1)])
    assert not counter.acquire([(("session", "b"), 10), (ADDRESS, 1)])
    assert counter.count(("session", "b")) == 0
