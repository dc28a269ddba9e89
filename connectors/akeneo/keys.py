"""How omnicanal keys map onto Akeneo's, and the `search` filters built from them.

- Product IDs say which Akeneo object they name, because product model codes and product
  identifiers are separate namespaces in Akeneo (a model and a product may share a name):
  `model:<code>` for a product model, `product:<identifier>` for a simple product.
- Handles are slugs: the code or identifier lowercased, `_` turned into `-`. Akeneo codes
  are `[A-Za-z0-9_]` and conventionally lowercase, so a model's code is the handle with `-`
  turned back into `_`; an identifier is looked up as the handle and as its uppercase.
  Identifiers in mixed case, or with underscores, are not reachable by handle (by ID and SKU
  they are).
- Category IDs are Akeneo category codes; their handles are slugs too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

import orjson

T = TypeVar("T")
MODEL = "model:"
PRODUCT = "product:"


def model_id(code: str) -> str:
    return MODEL + code


def product_id(identifier: str) -> str:
    return PRODUCT + identifier


def split_ids(ids: Sequence[str]) -> tuple[list[str], list[str]]:
    """(model codes, product identifiers) named by `ids`, each once; other IDs name nothing."""
    codes = [i.removeprefix(MODEL) for i in ids if i.startswith(MODEL)]
    identifiers = [i.removeprefix(PRODUCT) for i in ids if i.startswith(PRODUCT)]
    return list(dict.fromkeys(codes)), list(dict.fromkeys(identifiers))


def slug(code: str) -> str:
    return code.lower().replace("_", "-")


def code_for(handle: str) -> str:
    return handle.replace("-", "_")


def identifiers_for(handles: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(i for h in handles for i in (h, h.upper())))


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def search(**filters: list[dict[str, Any]]) -> str:
    """The `search` parameter: every property's filters, ANDed by Akeneo."""
    return orjson.dumps(filters).decode()


def where(operator: str, value: Any = None, **extra: str) -> list[dict[str, Any]]:
    condition: dict[str, Any] = {"operator": operator, **extra}
    if value is not None:
        condition["value"] = value
    return [condition]
