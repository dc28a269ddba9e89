"""Sign-in: the same None whichever part is wrong, in comparable time, off the event loop."""

from __future__ import annotations

import threading

import pytest

from connectors.context import CommerceContext
from connectors.sample import DEMO_CUSTOMER_ID, DEMO_EMAIL, DEMO_PASSWORD, SampleConnector
from connectors.sample import passwords as passwords_module
from connectors.sample.passwords import DUMMY_HASH, hash_password, verify_evenly

CTX = CommerceContext()


async def test_the_right_password_signs_in(connector: SampleConnector) -> None:
    for email in (DEMO_EMAIL, DEMO_EMAIL.upper(), f"  {DEMO_EMAIL} "):
        customer = await connector.authenticate(email, DEMO_PASSWORD, CTX)
        assert customer is not None
        assert (customer.id, customer.email) == (DEMO_CUSTOMER_ID, DEMO_EMAIL)
        assert customer == (await connector.customers([DEMO_CUSTOMER_ID], CTX))[0]


async def test_a_wrong_password_and_an_unknown_email_look_alike(
    connector: SampleConnector,
) -> None:
    assert await connector.authenticate(DEMO_EMAIL, DEMO_PASSWORD.upper(), CTX) is None
    assert await connector.authenticate("nobody@omnicanal.dev", DEMO_PASSWORD, CTX) is None
    assert await connector.authenticate(DEMO_EMAIL, "", CTX) is None


@pytest.mark.parametrize(
    ("email", "expected_costs"),
    [
        (DEMO_EMAIL, [16384]),  # a full-cost hash: verified, nothing more
        ("nobody@omnicanal.dev", [16384]),  # no account: the dummy, at full cost
        ("camille.roux", [16384]),  # no such e-mail either (a prefix does not match)
    ],
)
async def test_every_attempt_costs_one_full_cost_verification(
    connector: SampleConnector,
    monkeypatch: pytest.MonkeyPatch,
    email: str,
    expected_costs: list[int],
) -> None:
    costs, threads = spy_on_verification(monkeypatch)
    await connector.authenticate(email, "guess", CTX)
    assert costs == expected_costs
    assert threads
    assert all(name.startswith("omnicanal-sample-auth") for name in threads)


async def test_a_cheaply_hashed_account_is_topped_up_to_full_cost(
    connector: SampleConnector, monkeypatch: pytest.MonkeyPatch
) -> None:
    generated = await connector.customers(["CU0002"], CTX)
    assert generated[0] is not None
    costs, _ = spy_on_verification(monkeypatch)
    assert await connector.authenticate(generated[0].email, "guess", CTX) is None
    assert costs == [1024, 16384]


def spy_on_verification(monkeypatch: pytest.MonkeyPatch) -> tuple[list[int], list[str]]:
    costs: list[int] = []
    threads: list[str] = []
    real = passwords_module.verify_password

    def spy(stored: str, password: str) -> bool:
        costs.append(int(stored.split("$")[1]))
        threads.append(threading.current_thread().name)
        return real(stored, password)

    monkeypatch.setattr(passwords_module, "verify_password", spy)
    return costs, threads


def test_the_dummy_hash_matches_nothing() -> None:
    assert not verify_evenly(None, "")
    assert not verify_evenly(DUMMY_HASH, "")
    assert not verify_evenly("garbage", "x")
    cheap = hash_password("secret", n=2**10)
    assert verify_evenly(cheap, "secret")
    assert not verify_evenly(cheap, "Secret")
