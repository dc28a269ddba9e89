"""Merges the domain types into one strawberry Schema with its extensions."""

from __future__ import annotations

from pathlib import Path

import strawberry
from strawberry.extensions import MaxTokensLimiter, QueryDepthLimiter
from strawberry.schema.config import StrawberryConfig

from schema.catalog.types import Category, Product, ProductVariant
from schema.content.types import Page
from schema.directives import CommerceContextExtension, in_context
from schema.inventory.types import Store
from schema.masking import CodedErrors
from schema.mutation import Mutation
from schema.orders.cart import Cart
from schema.orders.types import Customer, Order, PickupReservation
from schema.query import Query
from schema.scalars import SCALAR_MAP
from schema.subscription import Subscription

SDL_PATH = Path(__file__).with_name("schema.graphql")
MAX_DEPTH = 15
MAX_TOKENS = 5000


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
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
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
            CommerceContextExtension,
        ],
    )


def render_sdl(schema: strawberry.Schema) -> str:
    return schema.as_str() + "\n"
