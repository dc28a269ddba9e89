"""Which of a customer's holds a pickup commit converts, and what goes back to the shelf."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from connectors.commercetools.holds_checkout import convert
from connectors.commercetools.holds_store import Hold, reservation_id
from connectors.commercetools.stock_plan import Move
from connectors.models import LineRequest, ReservationStatus

T0 = datetime(2026, 5, 1, 10, tzinfo=UTC)


def _hold(key: str, *moves: tuple[str, int], minutes: int = 0) -> Hold:
    return Hold(
        reservation_id(key), 1, key, "store", "c1",
        tuple(LineRequest(sku, qty) for sku, qty in moves),
        tuple(Move(f"e-{sku}", sku, qty) for sku, qty in moves),
        "HELD", T0 + timedelta(hours=2), T0 + timedelta(minutes=minutes),
    )  # fmt: skip


def test_the_oldest_holds_cover_the_order_and_the_shelf_the_rest() -> None:
    old, new = _hold("a", ("A", 2), ("B", 1)), _hold("b", ("A", 3), minutes=5)
    conversion = convert({"A": 4, "C": 1}, [old, new])
    assert [c.hold.id for c in conversion.collected] == [old.id, new.id]
    assert [c.used for c in conversion.collected] == [
        (Move("e-A", "A", 2),),
        (Move("e-A", "A", 2),),
    ]
    assert conversion.covered == {"A": 4}
    assert conversion.rest == {"C": 1}
    assert conversion.surplus == (Move("e-B", "B", 1), Move("e-A", "A", 1)), "released"


def test_a_hold_with_nothing_the_order_needs_stays_held() -> None:
    other = _hold("x", ("Z", 1))
    conversion = convert({"A": 1}, [other])
    assert conversion.collected == ()
    assert conversion.rest == {"A": 1}
    assert conversion.surplus == ()


@pytest.mark.parametrize(
    ("stored", "now", "status"),
    [
        ("HELD", T0, ReservationStatus.HELD),
        ("HELD", T0 + timedelta(hours=2), ReservationStatus.EXPIRED),
        ("EXPIRED", T0, ReservationStatus.EXPIRED),
        ("COLLECTED", T0 + timedelta(hours=3), ReservationStatus.COLLECTED),
    ],
)
def test_status_reads_expiry_without_a_job(
    stored: str, now: datetime, status: ReservationStatus
) -> None:
    hold = _hold("s", ("A", 1))
    assert replace(hold, stored=stored).status(now) is status


def test_a_journal_object_round_trips_and_a_foreign_one_is_refused() -> None:
    hold = _hold("r", ("A", 2))
    raw = {"key": hold.id, "version": 1, "value": hold.as_json()}
    assert Hold.of(raw) == hold
    raw["value"] = {**hold.as_json(), "status": "LOST"}
    with pytest.raises(ValueError, match="unknown status"):
        Hold.of(raw)
    raw["value"] = {**hold.as_json(), "expiresAt": "2026-05-01T12:00:00"}
    with pytest.raises(ValueError, match="without a zone"):
        Hold.of(raw)
