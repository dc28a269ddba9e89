"""The request context strawberry hands every resolver."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import strawberry

from connectors.context import CommerceContext
from schema.backends import Backends
from schema.loaders import Loaders
from schema.services import TokenIssuer


@dataclass(slots=True)
class RequestContext:
    """`commerce` starts from headers and configuration; the `@inContext` directive may
    replace it before execution starts. Loaders are per request."""

    backends: Backends
    commerce: CommerceContext
    tokens: TokenIssuer
    loaders: Loaders = field(init=False)
    request: Any = None

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.backends)


Info = strawberry.Info[RequestContext, None]
