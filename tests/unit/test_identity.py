"""The loyalty connector through an identity link: N customers cost one call per
connector, links are cached per customer (misses briefly), a customer without a member
has no account, and answers and postings speak the OMS's ids."""

from __future__ import annotations

from decimal import Decimal

import pytest

from connectors.cache_group import CacheGroup
from connectors.caching import SharedCache
from connectors.context import Channel, CommerceContext
from connectors.errors import UpstreamBadResponse
from connectors.identity import Link, LinkedLoyalty, MemberLinks, linked_loyalty
from connectors.identity_cache import LINK_DOMAIN, LinkCache
from connectors.models import EarnQuery, LoyaltyPosting, Money
from connectors.protocols import LoyaltyConnector, LoyaltyTransactions
from connectors.stale import FreshnessLog, freshness_scope
from tests.unit.identity_fakes import FakeLoyalty, FakeOms, PostingLoyalty, customer

CTX = CommerceContext()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def oms() -> FakeOms:
    return FakeOms(
        {
            "ct-1": customer("ct-1", "Camille@Example.com", card="C-100"),
            "ct-2": customer("ct-2", "leo@example.com"),
            "ct-3": customer("ct-3", "nobody@example.com", card="C-999"),
        }
    )


def loyalty(cls: type[FakeLoyalty] = FakeLoyalty) -> FakeLoyalty:
    return cls(
        by_email={"camille@example.com": "m-10", "leo@example.com": "m-20"},
        by_card={"C-100": "m-10"},
        balances={"m-10": 500, "m-20": 40},
    )


def link_cache(clock: Clock, group: CacheGroup | None = None, miss_ttl: float = 30.0) -> LinkCache:
    shared = SharedCache({LINK_DOMAIN: 600.0}, timer=clock, source="identity.loyalty", group=group)
    return LinkCache(shared, miss_ttl, timer=clock)


def wrapped(
    the_oms: FakeOms,
    the_loyalty: FakeLoyalty,
    cache: LinkCache,
    link: Link = Link.EMAIL,
) -> LinkedLoyalty:
    return linked_loyalty(the_loyalty, MemberLinks(the_oms, the_loyalty, link, cache))


async def test_n_customers_cost_one_call_per_connector_in_the_oms_order() -> None:
    the_oms, the_loyalty = oms(), loyalty()
    linked = wrapped(the_oms, the_loyalty, link_cache(Clock()))
    ids = ["ct-2", "unknown", "ct-1", "ct-3", "ct-2"]
    accounts = await linked.accounts(ids, CTX)
    assert len(the_oms.calls) == 1
    assert sorted(the_oms.calls[0]) == [
        "ct-1",
        "ct-2",
        "ct-3",
        "unknown",
    ]
    assert the_loyalty.member_calls == [
        ("email", ["leo@example.com", "camille@example.com", "nobody@example.com"])
    ]
    assert [sorted(ids) for ids, _ in the_loyalty.account_calls] == [["m-10", "m-20"]]
    assert [a.customer_id if a else None for a in accounts] == ["ct-2", None, "ct-1", None, "ct-2"]
    assert [a.points_balance if a else None for a in accounts] == [40, None, 500, None, 40]


async def test_a_cached_link_costs_only_the_accounts_call() -> None:
    the_oms, the_loyalty = oms(), loyalty()
    linked = wrapped(the_oms, the_loyalty, link_cache(Clock()))
    await linked.accounts(["ct-1", "ct-2"], CTX)
    again = await linked.accounts(["ct-2", "ct-1"], CommerceContext(channel=Channel.APP))
    assert len(the_oms.calls) == 1
    assert len(the_loyalty.member_calls) == 1
    assert len(the_loyalty.account_calls) == 2  # balances are the loyalty cache's business
    assert [a.customer_id if a else None for a in again] == ["ct-2", "ct-1"]
    assert [a.id if a else None for a in again] == ["m-20", "m-10"]  # never the other's


async def test_a_missing_member_is_kept_briefly_then_asked_again() -> None:
    clock, the_oms, the_loyalty = Clock(), oms(), loyalty()
    linked = wrapped(the_oms, the_loyalty, link_cache(clock, miss_ttl=30.0))
    assert await linked.accounts(["ct-3"], CTX) == [None]
    clock.now += 10
    assert await linked.accounts(["ct-3"], CTX) == [None]
    assert len(the_loyalty.member_calls) == 1  # within the miss TTL: not asked
    the_loyalty.by_email["nobody@example.com"] = "m-30"  # joins at the till
    the_loyalty.balances["m-30"] = 0
    clock.now += 25
    (joined,) = await linked.accounts(["ct-3"], CTX)
    assert joined is not None
    assert joined.customer_id == "ct-3"
    assert len(the_loyalty.member_calls) == 2


async def test_without_a_miss_ttl_a_missing_member_is_asked_every_time() -> None:
    the_oms, the_loyalty = oms(), loyalty()
    linked = wrapped(the_oms, the_loyalty, link_cache(Clock(), miss_ttl=0.0))
    for _ in range(3):
        assert await linked.accounts(["ct-3"], CTX) == [None]
    assert len(the_loyalty.member_calls) == 3
    assert the_loyalty.account_calls == []  # no member, no accounts call


async def test_a_purge_for_the_customer_drops_its_link() -> None:
    group, the_oms, the_loyalty = CacheGroup(), oms(), loyalty()
    linked = wrapped(the_oms, the_loyalty, link_cache(Clock(), group))
    await linked.accounts(["ct-1", "ct-2"], CTX)
    await group.purge({"customer:ct-1"})  # e.g. the customer's email changed in the OMS
    await linked.accounts(["ct-1", "ct-2"], CTX)
    assert the_oms.calls[1] == ["ct-1"]


async def test_without_a_cache_every_call_resolves() -> None:
    the_oms, the_loyalty = oms(), loyalty()
    linked = wrapped(the_oms, the_loyalty, LinkCache(None))
    await linked.accounts(["ct-1"], CTX)
    await linked.accounts(["ct-1"], CTX)
    assert len(the_oms.calls) == 2
    assert len(the_loyalty.member_calls) == 2


async def test_the_card_link_reads_the_oms_loyalty_card() -> None:
    the_oms, the_loyalty = oms(), loyalty()
    linked = wrapped(the_oms, the_loyalty, link_cache(Clock()), Link.CARD)
    accounts = await linked.accounts(["ct-1", "ct-2", "ct-3"], CTX)
    assert the_loyalty.member_calls == [("card", ["C-100", "C-999"])]  # ct-2 has no card
    assert [a.customer_id if a else None for a in accounts] == ["ct-1", None, None]


async def test_customers_without_a_key_cost_no_loyalty_call() -> None:
    the_oms, the_loyalty = oms(), loyalty()
    linked = wrapped(the_oms, the_loyalty, link_cache(Clock()), Link.CARD)
    assert await linked.accounts(["ct-2", "unknown"], CTX) == [None, None]
    assert the_loyalty.member_calls == []
    assert the_loyalty.account_calls == []


async def test_the_asking_customer_is_the_member_for_the_loyalty_system() -> None:
    the_oms, the_loyalty = oms(), loyalty()
    linked = wrapped(the_oms, the_loyalty, link_cache(Clock()))
    signed_in = CTX.with_customer("ct-1", "default")
    queries = [EarnQuery("SKU", Money(Decimal("10.00"), "EUR"))]
    await linked.accounts(["ct-1", "ct-2"], signed_in)
    assert the_loyalty.account_calls[0][1] == "m-10"
    assert len(the_oms.calls) == 1  # the asker's link came in the same batch
    await linked.points_for(queries, signed_in)
    await linked.points_for(queries, CTX.with_customer("ct-3", "default"))
    await linked.points_for(queries, CTX)
    assert the_loyalty.points_contexts == ["m-10", None, None]


async def test_a_posting_is_made_on_the_member_and_answered_for_the_customer() -> None:
    the_oms, the_loyalty = oms(), loyalty(PostingLoyalty)
    linked = wrapped(the_oms, the_loyalty, link_cache(Clock()))
    assert isinstance(linked, LoyaltyTransactions)
    posting = LoyaltyPosting("order:1", "ct-1", 30, 0, "o-1", Channel.STORE)
    account = await linked.post(posting, CTX.with_customer("ct-1", "default"))  # type: ignore[attr-defined]
    assert account.customer_id == "ct-1"
    assert account.points_balance == 530
    ((posted, asker),) = the_loyalty.postings
    assert posted.customer_id == "m-10"
    assert asker == "m-10"
    (seen,) = await linked.accounts(["ct-1"], CTX)  # the same balance, whichever channel
    assert seen is not None
    assert seen.points_balance == 530


async def test_a_posting_for_a_customer_without_member_posts_nothing() -> None:
    the_oms, the_loyalty = oms(), loyalty(PostingLoyalty)
    linked = wrapped(the_oms, the_loyalty, link_cache(Clock()))
    posting = LoyaltyPosting("order:2", "ct-3", 30, 0, "o-2", Channel.WEB)
    with pytest.raises(UpstreamBadResponse):
        await linked.post(posting, CTX)  # type: ignore[attr-defined]
    assert the_loyalty.postings == []


async def test_postings_only_through_a_loyalty_system_that_takes_them() -> None:
    linked = wrapped(oms(), loyalty(), link_cache(Clock()))
    assert isinstance(linked, LoyaltyConnector)
    assert not isinstance(linked, LoyaltyTransactions)


async def test_links_leave_the_operation_freshness_log_alone() -> None:
    """The link is filed under `customers` like the OMS's reads of the same ids: recording
    it would overwrite what the operation knows of those reads."""
    linked = wrapped(oms(), loyalty(), link_cache(Clock()))
    with freshness_scope(FreshnessLog()) as log:
        await linked.accounts(["ct-1"], CTX)
    assert log.of("customers", "ct-1") is None
