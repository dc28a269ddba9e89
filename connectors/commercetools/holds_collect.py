"""Holds changing state together with the stock: released (cancel, expiry), collected by a
stock commit, and re-opened when that commit is released.

A hold's status is written first, under its version, and its units move after: of two
callers releasing the same hold only the one whose write lands puts the units back, so a
unit is never returned twice. A process dying between the two leaves units out of the
shelf (never sold twice). Expiry needs no job: stock reads count a lapsed hold's units as
free, and the next reserve or commit of those SKUs in that store reclaims them for real.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import replace

from connectors.commercetools.holds_checkout import Collected, Conversion, convert, lines_of
from connectors.commercetools.holds_store import Hold, HoldJournal
from connectors.commercetools.stock_entries import EntryMoves
from connectors.commercetools.stock_plan import Move
from connectors.errors import UpstreamUnavailable
from connectors.models import LineRequest

WRITE_ATTEMPTS = 3
Changer = Callable[[Hold], Hold]


class HoldUpkeep(EntryMoves, HoldJournal):
    async def _release_hold(self, hold: Hold, stored: str) -> Hold | None:
        """The hold stored CANCELLED or EXPIRED, its units back on the shelf; None when it
        changed meanwhile (someone else released or collected it)."""
        written = await self._write(replace(hold, stored=stored))
        if written is not None:
            await self._put_back([(m, None) for m in hold.moves])
        return written

    async def _reclaim(self, store_id: str, skus: Sequence[str]) -> None:
        """Units of lapsed holds on these SKUs in this store back on the shelf."""
        now = self.now()
        lapsed = [h for h in await self._held(skus, store_id) if h.lapsed(now)]
        await asyncio.gather(*(self._release_hold(h, "EXPIRED") for h in lapsed))

    async def _collect(
        self, record_key: str, store_id: str, customer_id: str, wanted: dict[str, int]
    ) -> Conversion | None:
        """The customer's holds the commit converts, already stored COLLECTED; None when
        one of them changed meanwhile (nothing collected: plan again)."""
        await self._reclaim(store_id, list(wanted))
        now = self.now()
        holds = [h for h in await self._held(list(wanted), store_id, customer_id) if h.active(now)]
        conversion = convert(wanted, holds)
        marks = [replace(c.hold, stored="COLLECTED", collected_by=record_key)
                 for c in conversion.collected]  # fmt: skip
        written = await asyncio.gather(*(self._write(m) for m in marks))
        done = [w for w in written if w is not None]
        if len(done) < len(marks):
            await self._uncollect(record_key, done)
            return None
        collected = tuple(
            Collected(w, c.used) for w, c in zip(done, conversion.collected, strict=True)
        )
        return replace(conversion, collected=collected)

    async def _uncollect(self, record_key: str, holds: Sequence[Hold]) -> None:
        """Holds this commit collected HELD again, as they were (the commit fell through)."""

        def held(hold: Hold) -> Hold:
            return replace(hold, stored="HELD", collected_by=None)

        await asyncio.gather(*(self._rewrite(h.id, held, record_key) for h in holds))

    async def _reopen(self, record_key: str, used: Sequence[tuple[str, tuple[Move, ...]]]) -> None:
        """After a released commit: each hold it collected HELD again with the units the
        order had taken from it (the surplus it released stays on the shelf)."""
        await asyncio.gather(
            *(self._rewrite(hold_id, _reopened(moves), record_key)
              for hold_id, moves in used if moves)
        )  # fmt: skip

    async def _rewrite(self, hold_id: str, change: Changer, collected_by: str) -> None:
        """Apply `change` to a hold this commit collected, read again on 409."""
        for _ in range(WRITE_ATTEMPTS):
            hold = await self._hold(hold_id)
            if hold is None or hold.stored != "COLLECTED" or hold.collected_by != collected_by:
                return
            if await self._write(change(hold)) is not None:
                return
        raise UpstreamUnavailable(self.name, f"hold {hold_id} kept changing")


def _reopened(moves: tuple[Move, ...]) -> Changer:
    def change(hold: Hold) -> Hold:
        lines = tuple(hold_lines(moves))
        return replace(hold, stored="HELD", collected_by=None, moves=moves, lines=lines)

    return change


def hold_lines(moves: Sequence[Move]) -> list[LineRequest]:
    return [LineRequest(sku, quantity) for sku, quantity in lines_of(moves).items()]
