"""One checkout of a cart at a time.

Two checkouts of one cart with different idempotency keys would each take the stock, and
the loser would then find its cart completed (and put the stock back): meanwhile a third
shopper could be told OUT_OF_STOCK. So a checkout claims its cart first; a concurrent one
is refused at once with CHECKOUT_IN_PROGRESS and takes nothing. The claim lives in this
process (the event loop makes check-and-claim atomic); across replicas the orders system
still records one order per cart, and checkout_complete answers the loser CART_COMPLETED.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from schema.payloads import Refused

_claimed: set[str] = set()


@contextlib.contextmanager
def claimed(cart_id: str) -> Iterator[None]:
    if cart_id in _claimed:
        raise Refused(
            "CHECKOUT_IN_PROGRESS",
            "this cart is being checked out by another request; repeat that request's "
            "idempotencyKey to get its order",
            ["cartId"],
        )
    _claimed.add(cart_id)
    try:
        yield
    finally:
        _claimed.discard(cart_id)
