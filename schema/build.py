"""Merges the domain types into one strawberry Schema with its extensions."""

from __future__ import annotations

from pathlib import Path

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxTokensLimiter, ParserCache, SchemaExtension
from strawberry.extensions.directives import DirectivesExtension, DirectivesExtensionSync
from strawberry.extensions.runner import SchemaExtensionsRunner
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from schema.access_guard import AccessGuard
from schema.analysis import OperationAnalyser, OperationGuard, bounded_execution_context
from schema.authorization import ScopeAnalyser
from schema.catalog.types import Category, Product, ProductVariant
from schema.content.types import Page
from schema.directives import CommerceContextExtension, in_context
from schema.explain import Explain
from schema.exposure import exposure_extensions
from schema.extension_runner import LeanExtensionsRunner
from schema.inventory.types import Store
from schema.masking import CodedErrors
from schema.mutation import Mutation
from schema.orders.cart import Cart
from schema.orders.types import Customer, Order, PickupReservation
from schema.planner.executor import Planner
from schema.policy import Executor, SchemaPolicy
from schema.query import Query
from schema.scalars import SCALAR_MAP
from schema.stale import StaleReads
from schema.subscription import Subscription

_FIELD_DIRECTIVES = (DirectivesExtension, DirectivesExtensionSync)
CACHED_DOCUMENTS = 512
SDL_PATH = Path(__file__).with_name("schema.graphql")


class OmnicanalSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Client errors are not worth a traceback in the log; CodedErrors already logged
        what is unexpected and upstream failures."""

    def get_extensions(self, sync: bool = False) -> list[SchemaExtension]:
        # strawberry adds a per-field directives extension whenever a directive is
        # declared; our only directive is operation-level (read by
        # CommerceContextExtension), so that per-field wrapper would only cost CPU:
        # about half of a listing's, measured by the benchmark.
        return [
            ext for ext in super().get_extensions(sync) if not isinstance(ext, _FIELD_DIRECTIVES)
        ]

    def create_extensions_runner(
        self, execution_context: ExecutionContext, extensions: list[SchemaExtension]
    ) -> SchemaExtensionsRunner:
        # strawberry's runner resolves each extension's hooks again per request.
        return LeanExtensionsRunner(execution_context=execution_context, extensions=extensions)


def build_schema(policy: SchemaPolicy | None = None) -> strawberry.Schema:
    policy = policy or SchemaPolicy()
    scopes = ScopeAnalyser(CACHED_DOCUMENTS)
    # Shared by every request: the analysis and validation caches.
    analyser = OperationAnalyser(policy.limits, CACHED_DOCUMENTS)
    return OmnicanalSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        directives=[in_context],
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
        execution_context_class=bounded_execution_context(
            policy.limits.max_response_objects,
            Planner() if policy.executor is Executor.PLANNED else None,
        ),
        types=[
            Product,
            ProductVariant,
            Category,
            Store,
            Page,
            Cart,
            Customer,
            Order,
            PickupReservation,
        ],
        extensions=[
            CodedErrors,
            lambda: ParserCache(maxsize=CACHED_DOCUMENTS),
            lambda: MaxTokensLimiter(max_token_count=policy.limits.max_tokens),
            # Limits before validation, then validation (cached): in place of strawberry's
            # QueryDepthLimiter, which re-walks a fragment per spread (exponential time).
            lambda: OperationGuard(analyser),
            CommerceContextExtension,
            StaleReads,  # opens the operation's FreshnessLog; lists stale fields
            Explain,  # when asked: connector calls, cache, fields per loader
            # After CodedErrors, so that it sees errors as graphql-core made them.
            *exposure_extensions(policy),
            # Last: the channel is final (headers, then @inContext) and the cost known.
            lambda: AccessGuard(scopes),
        ],
    )


def render_sdl(schema: strawberry.Schema) -> str:
    return schema.as_str() + "\n"
