"""Posting an order's points to a loyalty card, once per checkout key.

Earned and spent points go in one balance change of `earned - spent` points (one
transaction: both or neither), its `source_id` the posting's key and its `reason` the
order and the split. Before posting, the card's recent transactions are read (newest
first, `posted_scan_pages` pages of 100) for that `source_id`: a retried checkout finds
its earlier posting and posts nothing. Postings to one card are serialised in this
process, so two retries racing here cannot both post; across gateway instances the
window is the time between the read and the write.

The balance must cover `spent` (InsufficientPoints otherwise, nothing posted); should
the card be spent elsewhere in between, Voucherify refuses the change with
`loyalty_card_points_exceeded`, which is InsufficientPoints too."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from connectors.errors import InsufficientPoints, UpstreamBadResponse
from connectors.models import LoyaltyPosting
from connectors.voucherify import normalise
from connectors.voucherify.client import Refusal, VoucherifyClient, segment
from connectors.voucherify.normalise import Card, Malformed
from connectors.voucherify.settings import PAGE_LIMIT

ReadCard = Callable[[str], Awaitable[Card | None]]
SOURCE_PREFIX = "omnicanal:"
EXCEEDED = "loyalty_card_points_exceeded"


def source_id(posting: LoyaltyPosting) -> str:
    return SOURCE_PREFIX + posting.idempotency_key


class CardLocks:
    """One lock per card code, dropped when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}

    @asynccontextmanager
    async def hold(self, code: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(code, asyncio.Lock())
        self._users[code] = self._users.get(code, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[code] -= 1
            if not self._users[code]:
                del self._users[code], self._locks[code]

    def __len__(self) -> int:
        return len(self._locks)


class Poster:
    def __init__(self, client: VoucherifyClient, campaign_id: str, scan_pages: int) -> None:
        self._client = client
        self._member = f"/v1/loyalties/{segment(campaign_id)}/members"
        self._scan_pages = scan_pages
        self.locks = CardLocks()

    async def post(self, posting: LoyaltyPosting, read_card: ReadCard) -> Card:
        """The card after the posting (or as it is, after the earlier one with this key).
        The card is read under its lock, so a posting waiting there sees the one before."""
        async with self.locks.hold(posting.customer_id):
            card = await read_card(posting.customer_id)
            if card is None:
                raise LookupError(f"no active loyalty card {posting.customer_id!r}")
            if await self._posted(card.code, source_id(posting)):
                return card
            return await self._change(posting, card)

    async def _posted(self, code: str, wanted: str) -> bool:
        path = f"{self._member}/{segment(code)}/transactions"
        params = {"limit": str(PAGE_LIMIT), "order": "-id"}
        for _ in range(self._scan_pages):
            rows, body = await self._client.page(path, "data", params)
            if any(row.get("source_id") == wanted for row in rows):
                return True
            after = body.get("more_starting_after")
            if body.get("has_more") is not True or not isinstance(after, str):
                return False
            params = {**params, "starting_after_id": after}
        return False

    async def _change(self, posting: LoyaltyPosting, card: Card) -> Card:
        if card.balance < posting.spent:
            raise InsufficientPoints(
                f"card {card.code}: {card.balance} points, {posting.spent} asked"
            )
        points = posting.earned - posting.spent
        if points == 0:  # Voucherify takes no zero change; the balance stays as it is
            return card
        reason = (
            f"Order {posting.order_id} ({posting.channel.value}): "
            f"+{posting.earned} earned, -{posting.spent} spent"
        )
        path = f"{self._member}/{segment(card.code)}/balance"
        answer = await self._client.post(
            path, {"points": points, "reason": reason, "source_id": source_id(posting)}
        )
        if isinstance(answer, Refusal):
            if answer.key == EXCEEDED:
                raise InsufficientPoints(f"card {card.code}: Voucherify refused {points} points")
            raise UpstreamBadResponse(self._client.name, f"balance change refused: {answer.key}")
        try:
            balance, total = normalise.balance_after(answer)
        except Malformed as exc:
            raise normalise.bad(self._client.name, "balance change", exc) from exc
        return Card(card.id, card.code, card.active, total, balance, card.holder_id)
