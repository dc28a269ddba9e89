"""The `search` query parameter: `{PROPERTY: [{"operator": OP, "value": V, "locale": L,
"scope": S}, ...], ...}`, every filter ANDed. Only the properties and operators listed per
resource are understood; anything else is refused with Akeneo's 422, so a connector that
drifts from the documented grammar fails here as it would against a real PIM."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from tests.emulators.akeneo import values
from tests.emulators.akeneo.attributes import ATTRIBUTES
from tests.emulators.akeneo.errors import ApiError, unprocessable
from tests.emulators.akeneo.properties import matcher as property_matcher
from tests.emulators.akeneo.properties import php_type

Raw = dict[str, Any]
Predicate = Callable[[Raw], bool]

_LISTS = frozenset({"IN", "NOT IN"})
_CATEGORY_OPS = frozenset({"IN", "NOT IN", "IN CHILDREN"})
_DATES = frozenset({">", "<"})


@dataclass(frozen=True, slots=True)
class Resource:
    key: str  # the record field the `identifier`/`code` filter reads
    properties: Mapping[str, frozenset[str]]
    attribute_filters: bool = True


PRODUCTS = Resource(
    "identifier",
    {
        "identifier": _LISTS,
        "categories": _CATEGORY_OPS,
        "enabled": frozenset({"=", "!="}),
        "parent": frozenset({"=", "IN", "EMPTY", "NOT EMPTY"}),
        "family": _LISTS,
        "created": _DATES,
        "updated": _DATES,
    },
)
PRODUCT_MODELS = Resource(
    "code",
    {
        "identifier": _LISTS,
        "categories": _CATEGORY_OPS,
        "parent": frozenset({"IN", "EMPTY", "NOT EMPTY"}),
        "family": _LISTS,
        "created": _DATES,
        "updated": _DATES,
    },
)
CATEGORIES_RESOURCE = Resource(
    "code",
    {"code": frozenset({"IN"}), "parent": frozenset({"="}), "is_root": frozenset({"="})},
    attribute_filters=False,
)
# Attributes and families: the structure a connector caches, filtered by code.
STRUCTURE = Resource("code", {"code": frozenset({"IN"})}, attribute_filters=False)


def compile_search(
    resource: Resource, raw: str | None, locale: str | None, scope: str | None
) -> Predicate:
    checks = [
        _compile(resource, name, spec, locale, scope)
        for name, specs in _parse(raw).items()
        for spec in specs
    ]
    return lambda record: all(check(record) for check in checks)


def _parse(raw: str | None) -> dict[str, list[Raw]]:
    if raw is None:
        return {}
    try:
        search = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise ApiError(400, "Search query parameter should be valid JSON.") from None
    if not isinstance(search, dict):
        raise unprocessable(
            f'Search query parameter has to be an array, "{php_type(search)}" given.'
        )
    for name, specs in search.items():
        if not isinstance(specs, list) or not specs or not isinstance(specs[0], dict):
            shape = f'{{"{name}":[{{"operator": "my_operator", "value": "my_value"}}]}}'
            raise unprocessable(
                f'Structure of filter "{name}" should respect this structure: {shape}'
            )
        for spec in specs:
            if "operator" not in spec:
                raise unprocessable(f'Operator is missing for the property "{name}".')
            if not isinstance(spec["operator"], str):
                raise unprocessable(
                    f'Operator has to be a string, "{php_type(spec["operator"])}" given.'
                )
    return search


def _compile(
    resource: Resource, name: str, spec: Raw, locale: str | None, scope: str | None
) -> Predicate:
    operator = spec["operator"]
    if operator in resource.properties.get(name, ()):
        return property_matcher(resource.key, name, operator, spec.get("value"))
    attribute = ATTRIBUTES.get(name) if resource.attribute_filters else None
    if attribute is not None and operator in values.OPERATORS.get(attribute["type"], ()):
        where = values.Where.of(attribute, spec.get("locale", locale), spec.get("scope", scope))
        return values.matcher(where, operator, spec.get("value"))
    raise unprocessable(
        f'Filter on property "{name}" is not supported or does not support operator "{operator}"'
    )
