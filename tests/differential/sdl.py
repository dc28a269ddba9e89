"""The gateway's committed SDL as a graphql-core schema, for validating examples and for
generating queries over it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from graphql import GraphQLSchema, build_schema, parse, validate

SDL = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"


@cache
def gateway_schema() -> GraphQLSchema:
    return build_schema(SDL.read_text())


def is_valid(text: str) -> bool:
    return not validate(gateway_schema(), parse(text))
