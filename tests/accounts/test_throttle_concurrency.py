"""Failed sign-ins at the same moment from one address: every one counted,
none lost, none answered with a server error (each on its own connection,
as in separate worker processes)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from xiaoneng.accounts.models import LoginThrottle, ThrottleScope


@pytest.mark.django_db(transaction=True)
def test_simultaneous_failures_are_all_counted(demo_city: None) -> None:
    names = ["mayor", "mayor", "leader", "ghost", "leader", "window"]
    barrier = threading.Barrier(len(names))
    codes: list[int] = []

    def attempt(name: str) -> None:
        try:
            barrier.wait()
            response = Client().post(
                "/accounts/login/",
                {"username": name, "password": "wrong-at-once"},
                REMOTE_ADDR="10.7.7.7",
            )
            codes.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(name,)) for name in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [401] * len(names)
    address = LoginThrottle.objects.get(scope=ThrottleScope.ADDRESS)
    assert address.failures == len(names)
    pairs = dict(
        LoginThrottle.objects.filter(scope=ThrottleScope.ACCOUNT).values_list(
            "username", "failures"
        )
    )
    assert pairs == {"mayor": 2, "leader": 2, "ghost": 1, "window": 1}
