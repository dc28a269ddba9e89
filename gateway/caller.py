"""The request context of one operation, from who is calling and what they ask: the API
key (or the anonymous policy) fixes the channels, store, scopes and budget; the context
headers choose within them; a customer token signs the customer in."""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import Any

from strawberry.types import ExecutionResult

from connectors.context import Channel, CommerceContext
from gateway.access import Access, AccessRefused, resolve_access
from gateway.headers import overrides_from_headers
from gateway.refusals import BadRequest
from gateway.runtime import Runtime
from gateway.throttle.admission import BudgetAdmission
from schema.commerce import apply_overrides, store_key
from schema.context import RequestContext
from schema.errors import UserInputError
from schema.grant import Grant
from schema.scopes import EXPLAIN
from schema.services import TokenClaims

EXPLAIN_HEADER = "x-omnicanal-explain"


async def request_context(request: Any, runtime: Runtime) -> RequestContext:
    """Raises BadRequest (401/403, or 400 for a malformed context header)."""
    # Starlette's Headers scans every header at each lookup; this reads them once.
    headers = first_values(request.headers)
    try:
        access = await resolve_access(headers, runtime.config, runtime.access.keys)
        overrides = overrides_from_headers(headers)
    except AccessRefused as exc:
        raise BadRequest(exc.code, exc.message, exc.status) from exc
    except UserInputError as exc:
        raise BadRequest(exc.code, exc.message) from exc
    store = store_key(access.store) if access.store else runtime.config.defaults.store_id
    base = _base_context(runtime.config.defaults, access.channels[0], store)
    commerce = apply_overrides(base, overrides)
    claims = _bearer_claims(headers.get("authorization"), runtime)
    if claims is not None:
        commerce = commerce.with_customer(claims.customer_id, claims.customer_group)
    client = getattr(request, "client", None)
    grant = _grant(access)
    return RequestContext(
        backends=runtime.backends,
        commerce=commerce,
        tokens=runtime.tokens,
        request=request,
        grant=grant,
        explain=_explain(headers.get(EXPLAIN_HEADER), grant, runtime),
        admission=_admission(access, runtime),
        sign_in=runtime.access.sign_in,
        client=client.host if client is not None else None,
    )


def first_values(headers: Any) -> dict[str, str]:
    """The headers as a dict of lower-case names, the first value of a repeated one as
    Starlette's `Headers.get` answers."""
    return dict(reversed(headers.items()))


@functools.lru_cache(maxsize=256)
def _base_context(
    defaults: CommerceContext, channel: Channel, store: str | None
) -> CommerceContext:
    """The configured defaults in the key's channel and store, made once per distinct pair
    rather than copied for every request."""
    return replace(defaults, channel=channel, store_id=store)


def _explain(asked: str | None, grant: Grant, runtime: Runtime) -> bool:
    """`X-Omnicanal-Explain: true`: the connectors' side of the operation in its answer, for
    development, or for a key with the `explain` scope (it shows the back office's shape)."""
    if asked is None or asked.strip().lower() not in ("1", "true"):
        return False
    allowed = grant.scopes is None or EXPLAIN in grant.scopes
    if not (runtime.config.development or allowed):
        raise BadRequest(
            "EXPLAIN_NOT_ALLOWED", "explain needs development mode or the `explain` scope", 403
        )
    return True


def _grant(access: Access) -> Grant:
    return Grant(
        channels=access.channels,
        store=store_key(access.store) if access.store else None,
        scopes=access.scopes,
        max_cost=access.max_cost,
        persisted_only=access.persisted_only,
        key_id=access.key_id,
    )


def _admission(access: Access, runtime: Runtime) -> BudgetAdmission | None:
    if access.key is None or access.budget is None:
        return None
    return BudgetAdmission(runtime.access.buckets, access.key.id, access.budget)


def _bearer_claims(header: str | None, runtime: Runtime) -> TokenClaims | None:
    """A valid customer token signs the request in; a stale or foreign one is ignored, as
    storefronts keep old tokens around (the customer is simply signed out)."""
    if not header or header[:7].lower() != "bearer ":
        return None
    return runtime.tokens.verify(header[7:].strip())


async def settle_usage(context: RequestContext, result: ExecutionResult, runtime: Runtime) -> None:
    """After the operation: give back the budget it did not spend, and meter the key."""
    report = (result.extensions or {}).get("cost", {})
    actual = report.get("actualQueryCost")
    if isinstance(context.admission, BudgetAdmission):
        await context.admission.settle(actual if isinstance(actual, int) else context.cost)
    key = context.grant.key_id
    if key is not None:
        errors = result.errors or []
        refused = result.data is None and bool(errors) and all(e.path is None for e in errors)
        runtime.access.meter.count(key, actual if isinstance(actual, int) else 0, refused)
