"""The request context strawberry hands every resolver."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import strawberry

from connectors.context import CommerceContext
from schema.backends import Backends
from schema.grant import Grant
from schema.loaders import Loaders
from schema.services import CostAdmission, SignInGuard, TokenIssuer


@dataclass(slots=True)
class RequestContext:
    """`commerce` starts from headers and configuration; the `@inContext` directive may
    replace it before execution starts. Loaders are per request."""

    backends: Backends
    commerce: CommerceContext
    tokens: TokenIssuer
    loaders: Loaders = field(init=False)
    request: Any = None
    grant: Grant = field(default_factory=Grant)
    admission: CostAdmission | None = None
    sign_in: SignInGuard | None = None
    client: str | None = None  # the caller's address, for sign-in throttling
    # Set before execution: the operation's static cost, and what its budget said.
    cost: int = 0
    throttle: dict[str, Any] | None = None
    operation: Any = None  # the OperationSummary that runs (schema/analysis/document.py)
    # The caller asked for `extensions.explain` and may have it (gateway/caller.py).
    explain: bool = False
    # Objects in the response, when the executor counted them as it built it.
    response_objects: int | None = None

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.backends)


Info = strawberry.Info[RequestContext, None]
