"""Where the compared operations come from: the examples the gateway ships (gateway/examples.py
and the README's GraphQL, split into operations), and the corpus of what the end-to-end
suite posts (recorded by tests/differential/capture.py)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphql import GraphQLSyntaxError, OperationDefinitionNode, OperationType, parse

from gateway import examples
from tests.differential.capture import CORPUS
from tests.differential.credentials import DEMO_TOKEN, KEY
from tests.differential.exchange import Request
from tests.differential.sdl import is_valid

README = Path(__file__).resolve().parents[2] / "README.md"
README_BLOCK = re.compile(r"```graphql\n(.*?)```", re.DOTALL)
README_SPAN = re.compile(r"`([^`\n]*\{[^`\n]*\})`")
# Examples that name a value the reader fills in; the click-and-collect sequence runs them.
PLACEHOLDER = re.compile(r"<[a-z ]+>")


@dataclass(frozen=True)
class Named:
    name: str
    request: Request


def shipped_queries() -> list[Named]:
    """Every read-only example: GraphiQL's tabs, the other constants of examples.py and each
    query of the README (code blocks split into operations, and inline ones)."""
    tabs = [
        Named(f"tab {index}", Request(t["query"], json.loads(t.get("variables", "null"))))
        for index, t in enumerate(examples.graphiql_tabs())
    ]
    constants = [
        Named("LISTING", Request(examples.LISTING)),
        Named("APP_PRICES", Request(examples.APP_PRICES % {"category": "garden-tools"})),
    ]
    found = [n for n in tabs + constants + _readme_queries() if _is_query(n.request.query)]
    unique = {_identity(n.request): n for n in found}  # a README example is often a tab too
    return list(unique.values())


def _identity(request: Request) -> str:
    return json.dumps([request.query, request.variables])


def _readme_queries() -> list[Named]:
    text = README.read_text()
    sources = [m.group(1) for m in README_BLOCK.finditer(text)]
    sources += [m.group(1) for m in README_SPAN.finditer(text)]
    return [
        Named(f"README {operation[:40]!r}", Request(operation))
        for source in sources
        for operation in _operations(source)
        if not PLACEHOLDER.search(operation) and is_valid(operation)
    ]


def _operations(source: str) -> list[str]:
    """Each operation of a README snippet, as its own text; a snippet that is not a GraphQL
    document (a shell line in backticks) is no example."""
    try:
        document = parse(source)
    except GraphQLSyntaxError:
        return []
    return [
        source[d.loc.start : d.loc.end]
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode) and d.loc is not None
    ]


def _is_query(text: str) -> bool:
    return _kinds(text) == {OperationType.QUERY}


def is_mutation(text: str) -> bool:
    return OperationType.MUTATION in _kinds(text)


def _kinds(text: str) -> set[OperationType]:
    try:
        document = parse(text)
    except GraphQLSyntaxError:
        return set()
    return {d.operation for d in document.definitions if isinstance(d, OperationDefinitionNode)}


def e2e_operations() -> list[Request]:
    """The corpus, with each recorded credential replaced by the pair's own: any-channel
    key for a key, the demo customer's token for a bearer token."""
    entries: list[dict[str, Any]] = json.loads(CORPUS.read_text())
    return [_replayed(e) for e in entries]


def _replayed(entry: dict[str, Any]) -> Request:
    headers = (KEY if "X-Omnicanal-Key" in entry["credentials"] else ()) + (
        DEMO_TOKEN if "Authorization" in entry["credentials"] else ()
    )
    return Request(entry["query"], entry["variables"], headers=headers)
