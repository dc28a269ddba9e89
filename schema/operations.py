"""Choosing the operation a document runs, as the spec's GetOperation() does: the one
named by `operationName`, else the only one. Anything else is a request error with a code
(strawberry would raise a bare exception, or silently run the first of several).

Messages never repeat the name the client sent: it can be any size."""

from __future__ import annotations

from graphql import DocumentNode, GraphQLError, OperationDefinitionNode

OPERATION_NOT_FOUND = "OPERATION_NOT_FOUND"
OPERATION_NAME_REQUIRED = "OPERATION_NAME_REQUIRED"


def select_operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode:
    """The operation to run; raises a coded GraphQLError when there is none to choose."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is not None:
        found = next((o for o in operations if o.name and o.name.value == name), None)
        if found is None:
            raise operation_not_found(name)
        return found
    if len(operations) == 1:
        return operations[0]
    if not operations:
        raise operation_not_found(None)
    raise GraphQLError(
        f"the document defines {len(operations)} operations: say which to run in `operationName`",
        extensions={"code": OPERATION_NAME_REQUIRED},
    )


def operation_not_found(name: str | None) -> GraphQLError:
    message = (
        "the document defines no operation"
        if name is None
        else "the document has no operation named as `operationName` says"
    )
    return GraphQLError(message, extensions={"code": OPERATION_NOT_FOUND})
