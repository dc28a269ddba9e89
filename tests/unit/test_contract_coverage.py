"""The live schema implements every type, field, argument and directive of the public
contract (shared/api/contract.graphql), with the same types and defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    Undefined,
    ast_from_value,
    build_schema,
    print_ast,
)

from schema.build import build_schema as build_live

CONTRACT = Path(__file__).resolve().parents[3] / "shared" / "api" / "contract.graphql"
COPY = Path(__file__).resolve().parents[1] / "contract.graphql"


def _contract() -> GraphQLSchema:
    path = CONTRACT if CONTRACT.exists() else COPY
    return build_schema(path.read_text())


@pytest.fixture(scope="module")
def live() -> GraphQLSchema:
    return build_live()._schema


def _default(arg: GraphQLArgument) -> str | None:
    if arg.default_value is Undefined:
        return None
    node = ast_from_value(arg.default_value, arg.type)
    printed = None if node is None else print_ast(node)
    # An explicit `= null` means the same as no default for a nullable argument.
    return None if printed == "null" else printed


def _contract_default(arg: GraphQLArgument) -> str | None:
    node = arg.ast_node.default_value if arg.ast_node else None
    return None if node is None else print_ast(node)


def _named_types(schema: GraphQLSchema) -> dict[str, object]:
    return {n: t for n, t in schema.type_map.items() if not n.startswith("__")}


def test_every_contract_type_exists_with_its_kind(live: GraphQLSchema) -> None:
    for name, contract_type in _named_types(_contract()).items():
        assert name in live.type_map, f"missing type {name}"
        assert isinstance(live.type_map[name], type(contract_type)), f"{name} changed kind"


def test_every_contract_field_and_argument_matches(live: GraphQLSchema) -> None:
    problems: list[str] = []
    for name, contract_type in _named_types(_contract()).items():
        live_type = live.type_map[name]
        if isinstance(contract_type, GraphQLObjectType | GraphQLInterfaceType):
            assert isinstance(live_type, GraphQLObjectType | GraphQLInterfaceType)
            for field_name, field in contract_type.fields.items():
                mine = live_type.fields.get(field_name)
                if mine is None:
                    problems.append(f"{name}.{field_name} missing")
                    continue
                if str(mine.type) != str(field.type):
                    problems.append(f"{name}.{field_name}: {mine.type} != {field.type}")
                for arg_name, arg in field.args.items():
                    my_arg = mine.args.get(arg_name)
                    if my_arg is None:
                        problems.append(f"{name}.{field_name}({arg_name}) missing")
                    elif str(my_arg.type) != str(arg.type):
                        problems.append(f"{name}.{field_name}({arg_name}): {my_arg.type}")
                    elif _default(my_arg) != _contract_default(arg):
                        problems.append(f"{name}.{field_name}({arg_name}) default differs")
                extra_required = [
                    a
                    for a, v in mine.args.items()
                    if a not in field.args
                    and v.type.__class__.__name__ == "GraphQLNonNull"
                    and v.default_value is None
                ]
                if extra_required:
                    problems.append(f"{name}.{field_name} adds required args {extra_required}")
            for iface in getattr(contract_type, "interfaces", ()):
                if iface.name not in [i.name for i in live_type.interfaces]:
                    problems.append(f"{name} does not implement {iface.name}")
        elif isinstance(contract_type, GraphQLInputObjectType):
            assert isinstance(live_type, GraphQLInputObjectType)
            for field_name, field in contract_type.fields.items():
                mine_input = live_type.fields.get(field_name)
                if mine_input is None or str(mine_input.type) != str(field.type):
                    problems.append(f"input {name}.{field_name} differs")
        elif isinstance(contract_type, GraphQLEnumType):
            assert isinstance(live_type, GraphQLEnumType)
            missing = set(contract_type.values) - set(live_type.values)
            if missing:
                problems.append(f"enum {name} lacks {sorted(missing)}")
    assert problems == [], problems


def test_in_context_directive_matches(live: GraphQLSchema) -> None:
    contract = _contract().get_directive("inContext")
    mine = live.get_directive("inContext")
    assert contract is not None
    assert mine is not None
    assert set(mine.locations) == set(contract.locations)
    assert {a: str(t.type) for a, t in mine.args.items()} == {
        a: str(t.type) for a, t in contract.args.items()
    }
