"""The stand-in for a domain the configuration leaves out.

A connector for a catalogue and its prices should not need five other systems wired before
the gateway starts. A domain missing from `[domains]` is served by one of these: it has the
domain's Protocols (read side, and the transactions the schema writes through, so a mutation
reaches it and answers a `NOT_CONFIGURED` userError instead of `NOT_SUPPORTED`), and every
call raises `NotConfigured`, which the schema reports like any connector failure: the fields
that needed the domain resolve to null with `extensions.code = NOT_CONFIGURED`, the rest of
the response is served.

Loyalty's transactions are left out on purpose: checkout posts points only to a loyalty
system that takes postings, so an order without a loyalty system is recorded without them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine
from typing import Any

from connectors.errors import ConnectorError
from connectors.protocols import DOMAIN_PROTOCOLS, TRANSACTION_PROTOCOLS

NOT_CONFIGURED = "NOT_CONFIGURED"
INSTANCE = "unconfigured"
# Transactions an unconfigured domain pretends to have, so that they fail with a code.
_REFUSED_TRANSACTIONS = ("pricing", "inventory", "orders")


class NotConfigured(ConnectorError):
    """The configuration names no connector for the domain this call needed."""

    code = NOT_CONFIGURED

    def __init__(self, domain: str) -> None:
        super().__init__(INSTANCE, f"no connector serves {domain}")
        self.domain = domain

    @property
    def public_message(self) -> str:
        return f"No back end is configured for the {self.domain} domain ({self.code})."


class Unconfigured:
    """The lifecycle of a connector with nothing behind it: starts, checks and closes."""

    name = INSTANCE

    def __init__(self, domain: str) -> None:
        self.domain = domain

    async def start(self) -> None:
        return None

    async def check(self) -> None:
        return None  # nothing to be unready about: readiness is the configured systems'

    async def aclose(self) -> None:
        return None


def unconfigured(domain: str) -> Unconfigured:
    """The stand-in serving `domain` (one of connectors.base.DOMAINS)."""
    return _CLASSES[domain](domain)


def _refusal(name: str) -> Callable[..., Coroutine[Any, Any, Any]]:
    async def refuse(self: Unconfigured, *args: object, **kwargs: object) -> Any:
        raise NotConfigured(self.domain)

    refuse.__name__ = refuse.__qualname__ = name
    return refuse


def _protocols(domain: str) -> tuple[type, ...]:
    extra = TRANSACTION_PROTOCOLS.get(domain, ()) if domain in _REFUSED_TRANSACTIONS else ()
    return (DOMAIN_PROTOCOLS[domain], *extra)


def _stand_in(domain: str) -> type[Unconfigured]:
    # Built from the Protocols' own methods, so a method added to a Protocol is refused
    # here too, without this module listing it.
    methods = {
        name: _refusal(name)
        for protocol in _protocols(domain)
        for name, member in vars(protocol).items()
        if inspect.iscoroutinefunction(member)
    }
    return type(f"Unconfigured{domain.title()}", (Unconfigured,), methods)


_CLASSES: dict[str, type[Unconfigured]] = {d: _stand_in(d) for d in DOMAIN_PROTOCOLS}
