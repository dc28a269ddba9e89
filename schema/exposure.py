"""How much of the schema a client may discover, as `SchemaPolicy` says: with introspection
off, `__schema` and `__type` are refused (`__typename` stays); with suggestions off, no
message suggests a name ("Did you mean …?") or names a type the client did not write.

graphql-core's `hide_suggestions` is not reachable through strawberry, and it would leave
type names in messages; so messages are rewritten here, for validation and variable
coercion alike, where every such message is made."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from graphql import GraphQLError, GraphQLScalarType, GraphQLSchema
from graphql.language import FieldNode
from graphql.validation import ValidationRule
from strawberry.extensions import AddValidationRules, SchemaExtension

from schema.masking import BAD_USER_INPUT, VALIDATION_FAILED
from schema.policy import SchemaPolicy

INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"
INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})
NOT_VALID = "The operation is not valid against this schema."
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")
# graphql-core's did_you_mean(): " Did you mean 'a', 'b', or 'c'?" (names hold no "?").
_SUGGESTION = re.compile(r" ?Did you mean [^?]*\?")
_COORDINATE = re.compile(r"'(?P<t>\w+)\.(?P<field>\w+)(?:\((?P<arg>\w+):\))?'")
_REF = r"'(?P<t>[^']*)'"
# Phrases of graphql-core's validation and coercion messages that name a type, and what
# each becomes when that type is one the client never wrote.
_TYPE_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf" as objects of type '[^']*' can never be of type {_REF}"), ""),
    (re.compile(rf" as objects of type {_REF} can never be of type '[^']*'"), ""),
    (re.compile(rf" on type {_REF}"), " here"),
    (re.compile(rf" of (?:required )?type {_REF}"), ""),
    (re.compile(rf" since type {_REF} has no subfields"), ""),
    (re.compile(rf" expecting type {_REF}"), " expecting another type"),
    (re.compile(rf" in {_REF} enum"), " in this enum"),
    (re.compile(rf"Enum {_REF} cannot"), "The enum cannot"),
    (re.compile(rf" types {_REF} and '[^']*'"), " types"),
    (re.compile(rf" types '[^']*' and {_REF}"), " types"),
)


class IntrospectionDisabled(ValidationRule):
    """Refuses the two introspection entry points wherever they are selected (fragments
    and aliases included); `__typename` is data a client needs and reveals nothing."""

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        if node.name.value in INTROSPECTION_FIELDS:
            message = "Introspection is disabled on this gateway."
            self.report_error(
                GraphQLError(message, node, extensions={"code": INTROSPECTION_DISABLED})
            )


class HiddenSchemaMessages(SchemaExtension):
    """Registered after CodedErrors: over HTTP it sees the errors as graphql-core made them,
    over WebSocket (results streamed one by one) already coded; either way, errors our own
    code raised on purpose keep their text."""

    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context
        if context.result is not None:
            self._conceal(context.result)
        if context.pre_execution_errors:
            context.pre_execution_errors = self._concealed(context.pre_execution_errors)

    def on_stream_result(self, result: Any) -> Iterator[None]:
        self._conceal(result)
        yield

    def _conceal(self, result: Any) -> None:
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = self._concealed(errors)

    def _concealed(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        context = self.execution_context
        graphql_schema: GraphQLSchema = context.schema._schema
        concealer = Concealer(graphql_schema, f"{context.query} {context.variables!r}")
        return [concealer.error(e) for e in errors]


def exposure_extensions(policy: SchemaPolicy) -> list[Callable[[], SchemaExtension]]:
    """The extensions that enforce `policy`; none when it shows everything."""
    extensions: list[Callable[[], SchemaExtension]] = []
    if not policy.introspection:
        extensions.append(lambda: AddValidationRules([IntrospectionDisabled]))
    if not policy.suggestions:
        extensions.append(HiddenSchemaMessages)
    return extensions


class Concealer:
    """Rewrites messages so they name only what the client sent (its document and its
    variables): a type named nowhere in them is dropped from the message."""

    def __init__(self, schema: GraphQLSchema, client_text: str) -> None:
        known = set(_NAME.findall(client_text))
        self._hidden = frozenset(schema.type_map) - known
        self._hidden_scalars = frozenset(
            name
            for name, type_ in schema.type_map.items()
            if isinstance(type_, GraphQLScalarType) and name not in known
        )

    def error(self, error: GraphQLError) -> GraphQLError:
        message = _SUGGESTION.sub("", error.message)
        if _from_the_document(error):
            message = self.message(message)
        if message == error.message:
            return error
        return GraphQLError(
            message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=error.original_error,
            extensions=error.extensions,
        )

    def message(self, message: str) -> str:
        message = _COORDINATE.sub(self._coordinate, message)
        for pattern, replacement in _TYPE_PHRASES:
            message = pattern.sub(self._dropping(replacement), message)
        message = self._unquoted_scalars(message)
        return NOT_VALID if self._still_leaks(message) else message

    def _dropping(self, replacement: str) -> Callable[[re.Match[str]], str]:
        def substitute(match: re.Match[str]) -> str:
            return replacement if self._leaks(match["t"]) else match[0]

        return substitute

    def _coordinate(self, match: re.Match[str]) -> str:
        if not self._leaks(match["t"]):
            return match[0]
        return f"'{match['arg'] or match['field']}'"

    def _unquoted_scalars(self, message: str) -> str:
        # Scalar coercion messages name the scalar bare: "Int cannot represent …".
        for name in self._hidden_scalars:
            message = re.sub(rf"\b{name}\b", _value_word, message)
        return message

    def _leaks(self, text: str) -> bool:
        return any(name in self._hidden for name in _NAME.findall(text))

    def _still_leaks(self, message: str) -> bool:
        quoted = re.findall(r"'([^']*)'", message)
        return any(self._leaks(text) for text in quoted)


def _value_word(match: re.Match[str]) -> str:
    before = match.string[max(0, match.start() - 2) : match.start()]
    return "Value" if match.start() == 0 or before in (". ", "; ", ": ") else "value"


def _from_the_document(error: GraphQLError) -> bool:
    """Validation and variable coercion errors: no path, and no code of our own."""
    code = (error.extensions or {}).get("code")
    return error.path is None and code in (None, VALIDATION_FAILED, BAD_USER_INPUT)
