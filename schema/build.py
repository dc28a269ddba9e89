"""Merges the domain types into one strawberry Schema with its extensions."""

from __future__ import annotations

from pathlib import Path

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.directives import DirectivesExtension, DirectivesExtensionSync
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from schema.catalog.types import Category, Product, ProductVariant
from schema.content.types import Page
from schema.directives import CommerceContextExtension, in_context
from schema.inventory.types import Store
from schema.masking import CodedErrors
from schema.mutation import Mutation
from schema.orders.cart import Cart
from schema.orders.types import Customer, Order, PickupReservation
from schema.policy import SchemaPolicy
from schema.query import Query
from schema.scalars import SCALAR_MAP
from schema.subscription import Subscription

_FIELD_DIRECTIVES = (DirectivesExtension, DirectivesExtensionSync)
CACHED_DOCUMENTS = 512
SDL_PATH = Path(__file__).with_name("schema.graphql")
MAX_DEPTH = 15
MAX_TOKENS = 5000
# One rule class for the process: QueryDepthLimiter makes a new class per instance, which
# would defeat the validation cache (its key includes the rules) on every request.
DEPTH_RULE = QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules[0]


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


def build_schema(policy: SchemaPolicy | None = None) -> strawberry.Schema:
    policy = policy or SchemaPolicy()
    return OmnicanalSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        directives=[in_context],
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
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
            lambda: ValidationCache(maxsize=CACHED_DOCUMENTS),
            lambda: MaxTokensLimiter(max_token_count=policy.limits.max_tokens),
            lambda: AddValidationRules([DEPTH_RULE]),
            CommerceContextExtension,
        ],
    )


def render_sdl(schema: strawberry.Schema) -> str:
    return schema.as_str() + "\n"
